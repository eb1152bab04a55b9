import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseCodebook, parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { serializeCodebook } from '../../src/codebook/serialize-codebook.js';
import { metaPaths } from '../../src/export/codebook-sections.js';

const fixture = new URL('../fixtures/codebook/operationalisation.yaml', import.meta.url).pathname;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-oper-'));
  copyFileSync(fixture, join(dir, 'op.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err(), bytes: io.outBytes() };
}

/** The fixture read independently (plain YAML, no qdakit code): code id → items per instrument, as text. */
function expectedItems(): Map<string, Record<string, string>> {
  const raw = parseYaml(readFileSync(fixture, 'utf8')) as { codes: Array<{ id: string; meta?: { items?: Record<string, unknown[]> } }> };
  const m = new Map<string, Record<string, string>>();
  for (const c of raw.codes) {
    const items = c.meta?.items ?? {};
    m.set(c.id, { deelnemers: (items.deelnemers ?? []).map(String).join(', '), partners: (items.partners ?? []).map(String).join(', ') });
  }
  return m;
}

describe('codebook operationalisation: meta, source, relations', () => {
  it('parses meta (strings, numbers, lists, maps), source and relations; serialising gives the same codebook back', () => {
    const book = parseCodebook(readFileSync(fixture, 'utf8'), { file: 'op.yaml' });
    const ruimte = book.codes.find((c) => c.id === 'ruimte')!;
    expect(ruimte.meta).toEqual({ items: { deelnemers: ['3A', '3C', 12], partners: ['5B'] }, aggregatie: 'gemiddelde per item' });
    expect(ruimte.source).toBe('Bijlage B, tabel 1');
    expect(book.relations).toEqual([{ id: 'ondersteunt', name: { nl: 'ondersteunt', en: 'supports' }, verdicts: [{ id: 'sterk', name: { nl: 'sterk' } }, { id: 'zwak', name: { nl: 'zwak' } }] }]);
    for (const f of ['yaml', 'json'] as const) {
      const again = parseCodebook(serializeCodebook(book, f), { file: `x.${f}` });
      expect(again).toEqual(book);
    }
  });

  it('default meta columns open maps down to their leaves, in order of first appearance', () => {
    const book = parseCodebook(readFileSync(fixture, 'utf8'), { file: 'op.yaml' });
    expect(metaPaths(book.codes)).toEqual(['items.deelnemers', 'items.partners', 'aggregatie', 'schaal', 'status']);
    // a key that is a plain value in one code and a map in another stays one column
    expect(metaPaths([{ meta: { items: '3A' } }, { meta: { items: { a: ['1'] } } }])).toEqual(['items']);
  });

  it('export --columns md: the operationalisation table, each cell equal to the codebook (independent read)', async () => {
    const r = await run(['codebook', 'export', 'op.yaml', '--columns', 'code,meta.items.deelnemers=Vragenlijst deelnemers,meta.items.partners=Vragenlijst partners,source']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l.startsWith('| '));
    const header = lines.filter((l) => l.startsWith('| Code'));
    expect(header[0]).toBe('| Code | Vragenlijst deelnemers | Vragenlijst partners | Source |');
    const rows = lines.filter((l) => !l.startsWith('| Code') && !l.startsWith('| ---'));
    const exp = expectedItems();
    const seen = new Set<string>();
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const id = /\(`([^`]+)`\)/.exec(cells[0])![1];
      seen.add(id);
      expect(cells[1], id).toBe(exp.get(id)!.deelnemers);
      expect(cells[2], id).toBe(exp.get(id)!.partners);
    }
    expect([...seen].sort()).toEqual([...exp.keys()].sort());
  });

  it('export csv with --columns and by default: meta columns parsed back by a CSV parser match the codebook', async () => {
    const exp = expectedItems();
    for (const args of [['--columns', 'code,meta.items.deelnemers,meta.items.partners'], []]) {
      const r = await run(['codebook', 'export', 'op.yaml', '--format', 'csv', ...args]);
      expect(r.code).toBe(0);
      const rows = Papa.parse<Record<string, string>>(r.out, { header: true, skipEmptyLines: true }).data;
      expect(rows.length).toBe(exp.size);
      const k1 = args.length ? 'items: deelnemers' : 'meta.items.deelnemers';
      const k2 = args.length ? 'items: partners' : 'meta.items.partners';
      for (const row of rows) {
        expect(row[k1], row.id).toBe(exp.get(row.id)!.deelnemers);
        expect(row[k2], row.id).toBe(exp.get(row.id)!.partners);
      }
      if (!args.length) {
        expect(rows.find((x) => x.id === 'kennis')!['meta.schaal']).toBe('4');
        expect(rows.find((x) => x.id === 'motivatie')!.source).toBe('Bijlage B, tabel 2');
      }
    }
  });

  it('export html, latex and docx carry the meta cells', async () => {
    const html = await run(['codebook', 'export', 'op.yaml', '--format', 'html', '--columns', 'code,meta.items.deelnemers=Deelnemers,meta.aggregatie']);
    expect(html.code).toBe(0);
    expect(html.out).toContain('<th>Deelnemers</th><th>aggregatie</th>');
    expect(html.out).toContain('<td>3A, 3C, 12</td><td>gemiddelde per item</td>');
    const tex = await run(['codebook', 'export', 'op.yaml', '--format', 'latex', '--columns', 'code,meta.items.deelnemers']);
    expect(tex.out).toContain('\\textbf{items: deelnemers}');
    expect(tex.out).toContain('7A-7D \\\\');
    writeFileSync(join(dir, 'placeholder'), '');
    const docx = await run(['codebook', 'export', 'op.yaml', '--columns', 'code,meta.items.deelnemers=Deelnemers', '-o', 'op.docx']);
    expect(docx.code).toBe(0);
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(dir, 'op.docx')) });
    expect(value).toContain('Deelnemers');
    expect(value).toContain('3A, 3C, 12');
    expect(value).toContain('9B, 9E');
  });

  it('an unknown --columns name: exit 2 with did-you-mean; --columns with yaml: exit 2; no file written', async () => {
    const r = await run(['codebook', 'export', 'op.yaml', '--columns', 'code,meta.item.deelnemers', '-o', 'bad.md']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--columns: unknown column "meta.item.deelnemers"');
    expect(r.err).toContain('did you mean "meta.items.deelnemers"?');
    const y = await run(['codebook', 'export', 'op.yaml', '--format', 'yaml', '--columns', 'code']);
    expect(y.code).toBe(2);
    expect(y.err).toContain('--columns chooses table columns');
    expect(() => readFileSync(join(dir, 'bad.md'))).toThrow();
  });

  it('qdc export warns that meta, source and relations have no place there', async () => {
    const r = await run(['codebook', 'export', 'op.yaml', '--format', 'qdc']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('a REFI-QDA codebook has no place for meta, source, relations');
  });

  it('bad input: a meta key with a dot, duplicate relation ids, a relation naming an unknown code', () => {
    const a = parseCodebookWithDiagnostics('id: x\ncodes:\n  - id: a\n    meta:\n      "items.x": 1\n', { file: 'a.yaml' });
    expect(a.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['5:7 /codes/0/meta/items.x is not an allowed key (the text "items.x")']);
    const b = parseCodebookWithDiagnostics('id: x\nrelations:\n  - id: r\n  - id: r\n    from: [b]\ncodes:\n  - id: a\n', { file: 'b.yaml' });
    expect(b.diagnostics.map((d) => `${d.severity} ${d.ruleId} ${d.line}`)).toEqual(['error duplicate-relation-id 4', 'warning relation-unknown-code 5']);
    const c = parseCodebookWithDiagnostics('id: x\nrelations:\n  - id: "has space"\ncodes:\n  - id: a\n', { file: 'c.yaml' });
    expect(c.diagnostics[0].message).toContain('is not a valid id');
  });

  it('old codebooks (no meta) still load and export as before: no source or meta columns', async () => {
    const r = await run(['codebook', 'export', 'hovik-hanssen', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('codebook,id,parent,category,level,name,definition,include,exclude,indicators,examples,rules');
  });
});
