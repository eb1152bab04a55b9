import { describe, it, expect } from 'vitest';
import { compileLatex, NO_TEX } from '../helpers/latex.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { serializeCodebook } from '../../src/codebook/serialize-codebook.js';
import { localise, localiseList } from '../../src/codebook/localise.js';
import type { Codebook } from '../../src/codebook/types.js';
import { renderCodebookQdc } from '../../src/export/codebook-qdc.js';
import { renderCodebookDocx } from '../../src/export/codebook-docx.js';
import { renderCodebookLatex } from '../../src/export/codebook-latex.js';
import { renderCodebookMarkdown } from '../../src/export/codebook-md.js';
import { renderCodebookHtml } from '../../src/export/codebook-html.js';
import { renderCodebookCsv } from '../../src/export/codebook-csv.js';
import { refiGuid } from '../../src/export/refi-guid.js';

const root = new URL('../../', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, root), 'utf8');
const example = parseCodebook(read('tests/fixtures/codebook/example.yaml'), { file: 'example.yaml' });
const ladder = parseCodebook(read('tests/fixtures/codebook/ladder.yaml'), { file: 'ladder.yaml' });
const xsd = read('schemas/refi-qda/Codebook.xsd');

async function xsdErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'codebook.qdc', contents: xml }], schema: [{ fileName: 'Codebook.xsd', contents: xsd }] });
  return r.errors.map((e) => e.rawMessage ?? e.message);
}

describe('round trips: export → parse gives the same codebook', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`${format}`, () => {
      for (const book of [example, ladder]) {
        const text = serializeCodebook(book, format);
        expect(parseCodebook(text, { file: `rt.${format}` })).toEqual(book);
      }
    });
  }

  it('qdc: ids, names, hierarchy, definitions, criteria, colours and categories survive (in the export language)', () => {
    for (const lang of ['nl', 'en'] as const) {
      const back = parseCodebook(renderCodebookQdc(example, lang), { file: 'rt.qdc' });
      expect(back.id).toBe(example.id);
      expect(back.language).toBe(lang);
      expect(back.codes.map((c) => c.id)).toEqual(['relatie', 'trust', 'agreements', 'process', 'meetings']);
      for (const c of example.codes) {
        const b = back.codes.find((x) => x.id === c.id)!;
        expect(b.parent).toBe(c.parent);
        expect(localise(b.name, lang)).toBe(localise(c.name, lang));
        expect(localise(b.definition, lang)).toBe(localise(c.definition, lang));
        for (const k of ['include', 'exclude', 'indicators', 'examples'] as const) expect(localiseList(b[k], lang)).toEqual(localiseList(c[k], lang));
        expect(b.color).toBe(c.color);
        expect(b.codable).toBe(c.codable);
      }
    }
  });
});

describe('.qdc export', () => {
  it('validates against Codebook.xsd (xmllint-wasm)', async () => {
    expect(await xsdErrors(renderCodebookQdc(example, 'en'))).toEqual([]);
    expect(await xsdErrors(renderCodebookQdc(ladder, 'nl'))).toEqual([]);
  });

  it('has deterministic GUIDs (the same as in a .qdpx), no empty containers, no Sets', () => {
    const a = renderCodebookQdc(example, 'en');
    expect(renderCodebookQdc(example, 'en')).toBe(a);
    expect(a).toContain(`guid="${refiGuid('code', 'trust')}"`);
    expect(a).not.toMatch(/<Sets|<Codes\/>|<Description\/>|<Description><\/Description>/);
  });

  it('the validator really rejects a bad file (control)', async () => {
    expect((await xsdErrors(read('tests/fixtures/refi-qda/invalid-empty-sets.qdc'))).join('\n')).toMatch(/Missing child element/);
    expect(await xsdErrors(read('tests/fixtures/refi-qda/minimal-codebook.qdc'))).toEqual([]);
  });

  it('escapes XML specials in names and descriptions', async () => {
    const book: Codebook = { id: 'x', name: { en: 'X' }, codes: [{ id: 'a', name: { en: 'A & <B> "c"' }, definition: { en: "it's <b>bold</b> & \u0001" } }] };
    const xml = renderCodebookQdc(book, 'en');
    expect(await xsdErrors(xml)).toEqual([]);
    const back = parseCodebook(xml, { file: 'x.qdc' });
    expect(back.codes[0].name).toEqual({ en: 'A & <B> "c"' });
    expect(back.codes[0].id).toBe('a');
  });

  it('imports the REFI example codebook (nested code → parent, isCodable=false → category)', () => {
    const b = parseCodebook(read('tests/fixtures/refi-qda/minimal-codebook.qdc'), { file: 'minimal-codebook.qdc' });
    expect(b.id).toBe('minimal-codebook');
    expect(b.codes).toEqual([
      { id: 'barriers', name: { nl: 'Barriers' }, definition: { nl: 'Parent category (not codable)' }, color: '#cc0000', codable: false },
      { id: 'cost', name: { nl: 'Cost' }, parent: 'barriers', definition: { nl: 'Mentions of price, fees, affordability' } },
    ]);
  });

  it('refuses DOCTYPE/ENTITY declarations and malformed XML with a position', () => {
    expect(() => parseCodebook('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<CodeBook/>', { file: 'bomb.qdc' })).toThrow(/DOCTYPE/);
    try {
      parseCodebook('<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n<Code name="a">\n</CodeBook>', { file: 'bad.qdc' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^bad\.qdc:\d+:\d+: error: malformed XML/);
    }
  });
});

describe('appendix exports', () => {
  it('DOCX opens with mammoth and contains the codes, definitions and headings in the chosen language', async () => {
    const mammoth = await import('mammoth');
    for (const lang of ['nl', 'en'] as const) {
      const bytes = await renderCodebookDocx(example, lang);
      expect(bytes[0]).toBe(0x50); // PK zip
      const html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
      expect(html).toContain('<table>');
      for (const c of example.codes) {
        expect(html).toContain(c.id);
        expect(html).toContain(localise(c.name, lang));
      }
      expect(html).toContain(lang === 'nl' ? 'Inclusiecriteria' : 'Inclusion criteria');
      expect(html).toContain(lang === 'nl' ? 'Vertrouwen in elkaars professionaliteit.' : 'Trust in each other');
      expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
      // one table per top-level category
      expect(html.match(/<table>/g)).toHaveLength(2);
    }
  });

  it('LaTeX: balanced longtables, booktabs, everything escaped', () => {
    const tex = renderCodebookLatex(example, 'en');
    expect(tex.match(/\\begin\{longtable\}/g)).toHaveLength(2);
    expect(tex.match(/\\end\{longtable\}/g)).toHaveLength(2);
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\endhead');
    expect(tex).toContain('100\\% of it, \\{braces\\}, \\$dollars, \\#hash, \\_under\\_, \\textasciitilde{}tilde, \\textasciicircum{}caret, \\textbackslash{}backslash');
    // no unescaped specials in the table rows
    const rows = tex.split('\n').filter((l) => l.endsWith(' \\\\') && !l.startsWith('\\textbf{Code}'));
    expect(rows.length).toBe(5);
    for (const r of rows) {
      const stripped = r.replace(/\\[a-zA-Z]+(\{\})?|\\[{}$&#%_]|\\\\/g, '');
      expect(stripped, r).not.toMatch(/[$#%_^~]/);
      expect((r.match(/(?<!\\)&/g) ?? []).length, r).toBe(5);
    }
    const ltx = renderCodebookLatex(ladder, 'nl');
    expect(ltx).toContain('\\textbf{Niveau}');
  });

  it('LaTeX compiles in a tiny document when a TeX engine is installed', (ctx) => {
    const ok = compileLatex(renderCodebookLatex(example, 'en'));
    if (ok === undefined) ctx.skip(NO_TEX);
    expect(ok).toBe(true);
  }, 90_000);

  it('Markdown and HTML: a table per category, escaped', () => {
    const md = renderCodebookMarkdown(example, 'nl');
    expect(md).toContain('## Relatie');
    expect(md).toContain('| Code | Definitie | Inclusiecriteria | Exclusiecriteria | Indicatoren | Voorbeelden |');
    expect(md).toContain('\\| a pipe &lt;b>bold&lt;/b>');
    const html = renderCodebookHtml(example, 'en');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).not.toMatch(/<(script|link)\b/);
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html.match(/<table class="codebook">/g)).toHaveLength(2);
  });

  it('CSV: one row per code, formulas neutralised, parses back', async () => {
    const csv = await renderCodebookCsv(example, 'en');
    const Papa = (await import('papaparse')).default;
    const rows = Papa.parse<string[]>(csv.trim()).data;
    expect(rows).toHaveLength(1 + example.codes.length);
    expect(rows[0].slice(0, 6)).toEqual(['codebook', 'id', 'parent', 'category', 'level', 'name']);
    const meetings = rows.find((r) => r[1] === 'meetings')!;
    expect(meetings[3]).toBe('process');
    expect(meetings[10]).toBe("'=SUM(A1:A2) is a formula\n| a pipe <b>bold</b>");
  });
});
