/**
 * The byte scan that counts a codings file's human codings no inline marker makes (the guard of
 * `qda code -o FILE`), checked against papaparse / JSON.parse on files of several pieces (rows and
 * records cut at the 1 MB piece boundaries), with quoted cells holding commas, line ends, doubled
 * quotes, `"coder"` inside texts, and a pretty-printed JSON document.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Papa from 'papaparse';
import { humanCodingCounts } from '../../src/ingest/coder-counts.js';

const dir = mkdtempSync(join(tmpdir(), 'qda-coder-counts-'));
const coders = ['rules', 'anna', 'rules', 'bram', 'model', 'anna', 'rules'];
const rows = Array.from({ length: 14000 }, (_, i) => {
  const coder = coders[i % coders.length];
  const marker = coder === 'anna' && i % 3 === 0;
  const text = `Zin ${i}, met "aanhalingstekens", een komma\nen een regel verder; "coder":"piet" als tekst ${'x'.repeat(i % 250)}`;
  return { source: `s${i % 17}`, segment: `s${i % 17}#${i}`, code: i % 5 ? 'exchange' : '', coder, evidence: marker ? `marker: {{exchange @${coder}}}` : coder === 'rules' ? 'matched: a, b; rule: exchange/r1' : '', text };
});
const expected = (() => {
  const m: Record<string, number> = {};
  for (const r of rows) if (r.coder !== 'rules' && r.coder !== 'model' && !r.evidence.startsWith('marker:')) m[r.coder] = (m[r.coder] ?? 0) + 1;
  return m;
})();

describe('humanCodingCounts', () => {
  it('a CSV of several pieces: the same counts as papaparse', async () => {
    const csv = Papa.unparse(rows, { newline: '\n' }) + '\n';
    expect(csv.length).toBeGreaterThan(3 << 20);
    writeFileSync(join(dir, 'c.csv'), csv);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    const check: Record<string, number> = {};
    for (const r of parsed) if (r.coder !== 'rules' && r.coder !== 'model' && !r.evidence.startsWith('marker:')) check[r.coder] = (check[r.coder] ?? 0) + 1;
    expect(check).toEqual(expected);
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'c.csv')))!)).toEqual(expected);
  });

  it('JSON compact and pretty-printed, and JSON Lines: a "marker" key makes a marker\'s coding; "coder" inside a text is no key', async () => {
    const records = rows.map((r) => ({ segment: 1, code: r.code || 'x', ...(r.coder === 'rules' ? { rule: 'r1' } : { coder: r.coder }), start: 0, end: 1, ...(r.evidence.startsWith('marker:') ? { marker: r.evidence.slice(8) } : {}), memo: r.text }));
    const doc = { schemaVersion: 2, sources: [{ id: 's', text: '"coder": "nobody"', codings: records }] };
    const want = { ...expected };
    for (const [name, text] of [['c.json', JSON.stringify(doc)], ['p.json', JSON.stringify(doc, null, 2)], ['c.jsonl', records.map((r) => JSON.stringify({ source: 's', ...r })).join('\n') + '\n']] as const) {
      writeFileSync(join(dir, name), text);
      // parsed (up to 64 MB), and the byte scan of larger ones
      expect(Object.fromEntries((await humanCodingCounts(join(dir, name)))!), name).toEqual(want);
      expect(Object.fromEntries((await humanCodingCounts(join(dir, name), undefined, { parseMaxBytes: 0 }))!), `${name} scanned`).toEqual(want);
    }
  });

  it('a coding added by hand without coder (and without rule) is coder "human", as the codings reader reads it: JSON, JSON Lines, CSV (also with an empty coder cell, or no coder column, or ; between cells)', async () => {
    const doc = { schemaVersion: 2, sources: [{ id: 's', text: 'abc', codings: [{ segment: 0, code: 'a', rule: 'r1' }, { segment: 0, code: 'b' }, { segment: 0, code: 'c', coder: '' }] }], otherCodings: [{ source: 'x', code: 'd' }] };
    writeFileSync(join(dir, 'h.json'), JSON.stringify(doc, null, 2));
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'h.json')))!)).toEqual({ human: 3 });
    writeFileSync(join(dir, 'h.jsonl'), '{"source":{"id":"s","text":"abc"}}\n{"source":"s","segment":0,"code":"a","rule":"r1"}\n{"source":"s","segment":0,"code":"b"}\n');
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'h.jsonl')))!)).toEqual({ human: 1 });
    writeFileSync(join(dir, 'h.csv'), 'source,segment,code,coder,evidence\nr1,r1#1,a,rules,matched: x\nr1,r1#2,b,,\nr1,r1#3,,,\nr1,r1#4,c,anna,marker: {{c @anna}}\n');
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'h.csv')))!)).toEqual({ human: 1 });
    writeFileSync(join(dir, 'semi.csv'), 'source;segment;code;coder\r\nr1;r1#1;a;rules\r\nr1;r1#2;b;piet\r\nr1;r1#3;"c;d";\r\n');
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'semi.csv')))!)).toEqual({ piet: 1, human: 1 });
    // (Excel in a Western locale saves CSV in Windows-1252: a coder "Zoë" is still Zoë)
    writeFileSync(join(dir, 'cp.csv'), Buffer.from('source;code;coder\r\nr\xe9;b;Zo\xeb\r\n', 'latin1'));
    const cp = (await humanCodingCounts(join(dir, 'cp.csv')))!;
    expect(Object.fromEntries(cp)).toEqual({ 'Zoë': 1 });
    expect([...cp.detail!.keys()]).toEqual(['Zoë\u0000ré\u0000b']);
    writeFileSync(join(dir, 'n.csv'), 'source,code\nr1,a\nr2,\n');
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'n.csv')))!)).toEqual({ human: 1 });
  });

  it('a CSV without a coder or code column, and another kind of file: not counted (undefined)', async () => {
    writeFileSync(join(dir, 'n.csv'), 'source,text\nr1,a\n');
    expect(await humanCodingCounts(join(dir, 'n.csv'))).toBeUndefined();
    writeFileSync(join(dir, 'n.txt'), 'x');
    expect(await humanCodingCounts(join(dir, 'n.txt'))).toBeUndefined();
  });
});
