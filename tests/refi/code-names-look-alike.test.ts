/**
 * Code names that look the same but are written otherwise (`Trust ` beside `Trust`, `Coördinatie`
 * with its accent composed (NFC) and decomposed (NFD)): the .qdpx and the .qdc wrote them as two
 * codes of one visible name (QualCoder showed two codes "Trust"), without a word; only names equal
 * but for capitals were told apart. Now they are told apart as those are, said with what sets each
 * spelling apart (`code-names-look-alike`, `qdc-names-look-alike`), and come back as written.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { renderCodebookQdc } from '../../src/export/codebook-qdc.js';
import { parseQdc } from '../../src/codebook/parse-qdc.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Diagnostic } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sampleDoc } from './helpers.js';

const ROOT = join(__dirname, '../..');
const DRIVER = join(ROOT, '../shared/tools/qualcoder/qc_import.py');
const QC_SRC = process.env.QUALCODER_SRC ?? '/tmp/qualcoder/src';
const QUALCODER = existsSync(DRIVER) && existsSync(join(QC_SRC, 'qualcoder', 'refi.py')) && existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import PyQt6.QtWidgets'], { timeout: 60_000 }).status === 0;

const NFC = 'Coördinatie';
const NFD = NFC.normalize('NFD');

function alikeDoc() {
  const d = sampleDoc();
  return {
    ...d,
    codes: [...d.codes, { id: 'trust-b', name: { en: 'Trust ' } }, { id: 'coord', name: { en: NFC } }, { id: 'coord-d', name: { en: NFD } }],
    codings: [...d.codings, { ...d.codings[3], id: 'y1', code: 'trust-b' }, { ...d.codings[5], id: 'y2', code: 'coord' }, { ...d.codings[0], id: 'y3', code: 'coord-d' }],
  };
}

const codeNames = (xml: string) => [...xml.matchAll(/<Code guid="[^"]+" name="([^"]+)"/g)].map((m) => m[1]);

describe('code names that only look the same', () => {
  it('.qdpx: told apart with plain names, said with what sets each spelling apart, and imported back as written', async () => {
    const diags: Diagnostic[] = [];
    const p = buildRefiProject(alikeDoc(), { lang: 'en', report: (d) => diags.push(d) });
    const names = codeNames(p.xml);
    expect(names).toContain('Trust (trust)');
    expect(names).toContain('Trust (trust-b)');
    expect(names).toContain('Coördinatie (coord)');
    expect(names).toContain('Coördinatie (coord-d)');
    // every name QualCoder shows is one of its own (as a reader sees it)
    const seen = names.map((n) => n.normalize('NFC').trim().toLowerCase());
    expect(new Set(seen).size).toBe(seen.length);
    const said = diags.filter((d) => d.ruleId === 'code-names-look-alike');
    expect(said).toHaveLength(1);
    expect(said[0].severity).toBe('warning');
    expect(said[0].message).toContain('4 codes have names that look the same but are written otherwise');
    expect(said[0].message).toContain('"Trust " (trust-b: a space after it) as "Trust (trust-b)"');
    expect(said[0].message).toContain(`"${NFD}" (coord-d: decomposed accents (not NFC)) as "Coördinatie (coord-d)"`);
    expect(p.xml).toContain('qdakit-name: &quot;Trust &quot;</Description>');
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const back = await parseRefiProject(zipSync(files), 'alike.qdpx');
    const name = (id: string) => back.codebook.codes.find((c) => c.id === id)?.name.en;
    expect(name('trust')).toBe('Trust');
    expect(name('trust-b')).toBe('Trust ');
    expect(name('coord')).toBe(NFC);
    expect(name('coord-d')).toBe(NFD);
  });

  it('names equal but for capitals stay an info (code-names-qualified), as before', () => {
    const d = sampleDoc();
    const diags: Diagnostic[] = [];
    buildRefiProject({ ...d, codes: [...d.codes, { id: 'trust-2', name: { en: 'TRUST' } }], codings: [...d.codings, { ...d.codings[3], id: 'z', code: 'trust-2' }] }, { lang: 'en', report: (x) => diags.push(x) });
    expect(diags.map((x) => x.ruleId)).toContain('code-names-qualified');
    expect(diags.map((x) => x.ruleId)).not.toContain('code-names-look-alike');
  });

  it('.qdc: told apart and said by qda codebook export, and qda codebook import gives the names back as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-alike-qdc-'));
    writeFileSync(
      join(dir, 'cb.yaml'),
      `id: lk\nname: {nl: LK}\nlanguage: nl\ncodes:\n  - id: a\n    name: {nl: "Trust ", en: "Trust "}\n  - id: b\n    name: {nl: Trust, en: Trust}\n  - id: c\n    name: {nl: "${NFC}", en: "${NFC}"}\n  - id: d\n    name: {nl: "${NFD}", en: "${NFD}"}\n`,
    );
    const io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'cb.yaml', '--format', 'qdc', '-o', 'cb.qdc'], io)).toBe(0);
    expect(io.err()).toContain('warning: 4 codes have names that look the same but are written otherwise');
    expect(io.err()).toContain('"Trust " (a: a space after it) as "Trust (a)"');
    expect(io.err()).toContain('[cli:qdc-names-look-alike]');
    expect(io.err()).not.toContain('qdc-names-qualified');
    const qdc = readFileSync(join(dir, 'cb.qdc'), 'utf8');
    expect(codeNames(qdc)).toEqual(['Trust (a)', 'Trust (b)', 'Coördinatie (c)', 'Coördinatie (d)']);
    const back = parseQdc(qdc, { file: 'cb.qdc' }).book!;
    expect(back.codes.map((c) => c.name.en)).toEqual(['Trust ', 'Trust', NFC, NFD]);
  });

  it('renderCodebookQdc of names equal but for case still qualifies by the parent', () => {
    const book: Codebook = { id: 'x', name: { en: 'X' }, language: 'en', codes: [{ id: 'p', name: { en: 'P' } }, { id: 'q', name: { en: 'Q' } }, { id: 'o1', parent: 'p', name: { en: 'Other' } }, { id: 'o2', parent: 'q', name: { en: 'other' } }] } as Codebook;
    expect(codeNames(renderCodebookQdc(book, 'en'))).toEqual(['P', 'Other (P)', 'Q', 'other (Q)']);
  });

  it.skipIf(!QUALCODER)(`QualCoder's own importer shows four codes of four names (skipped without ../shared/tools/qualcoder and QualCoder's source in ${QC_SRC})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-alike-qc-'));
    const p = buildRefiProject(alikeDoc(), { lang: 'en' });
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    writeFileSync(join(dir, 'alike.qdpx'), zipSync(files));
    const qc = spawnSync('/usr/bin/python3', [DRIVER, QC_SRC, join(dir, 'alike.qdpx'), join(dir, 'qc'), '--json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    expect(qc.status, qc.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(qc.stdout.slice(qc.stdout.indexOf('{'))) as { details: { codes: Array<{ name: string }> } };
    const shown = out.details.codes.map((c) => c.name.normalize('NFC').trim());
    expect(shown.filter((n) => n.startsWith('Trust') || n.startsWith('Coördinatie')).sort()).toEqual(['Coördinatie (coord)', 'Coördinatie (coord-d)', 'Trust (trust)', 'Trust (trust-b)']);
  }, 300_000);
});
