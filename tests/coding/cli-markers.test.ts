/**
 * `qda code` on transcripts with legacy markers: the marker accounting at the end of
 * the summary, `--aliases FILE` (and its bad inputs: exit 2 with file and line, no
 * file written, inputs unchanged), the coded passage in the CSV/XLSX `text` column,
 * and the speaker warnings.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const book = `id: mini
language: en
codes:
  - id: joint-measure
  - id: aligning
    aliases: [afstemmen]
  - id: systems
    name: {en: Systems, nl: Systemen}
`;
// our own text: an interviewer named by name (not a default label), an indented label, a label
// on the next line, a variant spelling, an alias, an unknown label and a code on a question
const text = [
  'Mila Jansen: How do you share the files? Code: systems',
  '',
  'Respondent: We use one system for everything, and we agree on who does what. Code:',
  '',
  'joint-measure Then it works. Code: system',
  '',
  ' Mila Jansen: And with the district team?',
  '',
  'Respondent: We tune our plans every week. Code: Alining Code: afstemmen',
  '',
  'Mila Jansen: Thank you.',
  '',
  'Respondent: Welcome. Code: gratitude',
  '',
].join('\n');

function project(files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-markers-'));
  writeFileSync(join(dir, 'book.yaml'), book);
  writeFileSync(join(dir, 'int.txt'), text);
  for (const [k, v] of Object.entries(files)) writeFileSync(join(dir, k), v);
  return dir;
}

function csvRows(csv: string): Array<Record<string, string>> {
  // (a tiny reader for the fields used here: quoted fields with "" escapes)
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (q) {
      if (c === '"' && csv[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\n') row.push(f), rows.push(row), (row = []), (f = '');
    else f += c;
  }
  const [head, ...rest] = rows;
  return rest.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

describe('qda code: markers as theses have them', () => {
  it('reads every marker, ends with the accounting, and warns about the interviewer nobody named', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--no-rules', '-o', 'c.json'], io)).toBe(0);
    const err = io.err();
    expect(err).toMatch(/no-interviewer/);
    expect(err).toMatch(/Mila Jansen: 3 turns, Respondent: 3 turns/);
    expect(err).toMatch(/--interviewer "Mila Jansen"/);
    expect(err).toMatch(/read "system" as code "systems"/);
    expect(err).toMatch(/read "Alining" as code "aligning" \(by a near miss/);
    expect(err).toMatch(/int\.txt:13:.*"gratitude".*unknown-code/);
    expect(err.trim().split('\n').pop()).toBe(
      'qda code: markers: 6 code labels found: 2 read, 2 resolved by spelling, 1 by alias, 1 unknown (kept as uncategorised codes)',
    );
    const doc = await readCodings(join(dir, 'c.json'));
    expect(doc.segments).toHaveLength(6);
    expect(doc.codings.map((c: { code: string; segmentId: string }) => `${c.segmentId}:${c.code}`)).toEqual([
      'int#0:systems',
      'int#1:joint-measure',
      'int#1:systems',
      'int#3:aligning',
      'int#3:aligning',
      'int#5:gratitude',
    ]);
  });

  it('with --interviewer: the code on the question is kept, counted and warned about', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--no-rules', '--interviewer', 'Mila Jansen', '-o', 'c.csv'], io)).toBe(0);
    expect(io.err()).not.toMatch(/no-interviewer/);
    expect(io.err()).toMatch(/1 marker label is on interviewer turns \(line 1\)/);
    expect(io.err()).toMatch(/; 1 on interviewer turns \(kept; not in respondent measures\)$/m);
    // text: the coded passage; segment_text: the whole turn where that is more
    const rows = csvRows(readFileSync(join(dir, 'c.csv'), 'utf8'));
    const jm = rows.find((r) => r.code === 'joint-measure')!;
    expect(jm.text).toBe('We use one system for everything, and we agree on who does what.');
    expect(jm.segment_text).toMatch(/^We use one system .* Code: system$/s);
    const sys = rows.filter((r) => r.code === 'systems');
    expect(sys[0].text).toBe('How do you share the files?');
    expect(sys[1].text).toBe('Then it works.');
    expect(rows.find((r) => r.code === 'gratitude')!.text).toBe('Welcome.');
  });

  it('writes the codings as XLSX with the same columns', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--no-rules', '-o', 'c.xlsx'], io)).toBe(0);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'c.xlsx'));
    const ws = wb.worksheets[0];
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(-2)).toEqual(['text', 'segment_text']);
    const col = head.indexOf('text') + 1;
    const texts = [];
    for (let r = 2; r <= ws.rowCount; r++) texts.push(String(ws.getRow(r).getCell(col).value ?? ''));
    expect(texts).toContain('We tune our plans every week.');
  });

  it('--aliases FILE: the researcher\'s labels read as codes, counted as resolved by alias', async () => {
    const dir = project({ 'aliases.csv': 'label,code\ngratitude,aligning\nsystem,Systems\n' });
    const io = memoryIo(dir);
    expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--no-rules', '--aliases', 'aliases.csv', '-o', 'c.json'], io)).toBe(0);
    expect(io.err()).not.toMatch(/unknown-code/);
    expect(io.err()).toMatch(/markers: 6 code labels found: 2 read, 1 resolved by spelling, 3 by alias, 0 unknown/);
    const doc = await readCodings(join(dir, 'c.json'));
    expect(doc.codings.at(-1).code).toBe('aligning');
    expect(doc.provenance.options!.aliases).toBe('aliases.csv');
  });

  it('--aliases: an unknown code or a label mapped to two codes exits 2 with the file and line; nothing is written, inputs unchanged', async () => {
    for (const [csv, line, rule] of [
      ['label,code\ngratitude,aligning\nfoo,cheese\n', 3, 'alias-unknown-code'],
      ['gratitude,aligning\nsystem,systems\ngratitude,joint-measure\n', 3, 'alias-two-codes'],
      ['gratitude\n', 1, 'bad-alias-line'],
    ] as const) {
      const dir = project({ 'aliases.csv': csv });
      const before = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
      const io = memoryIo(dir);
      expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--aliases', 'aliases.csv', '-o', 'c.json'], io)).toBe(2);
      expect(io.err()).toMatch(new RegExp(`aliases\\.csv:${line}: error: .*\\[(cli):${rule}\\]`));
      expect(existsSync(join(dir, 'c.json'))).toBe(false);
      expect(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')])).toEqual(before);
    }
    const io = memoryIo(project());
    expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--aliases', 'missing.csv', '-o', 'c.json'], io)).toBe(2);
    expect(io.err()).toMatch(/alias file not found: missing\.csv/);
  });

  it('--aliases: an alias that is another code\'s name is a warning, and the alias wins', async () => {
    const dir = project({ 'aliases.csv': 'systemen,joint-measure\n' });
    const io = memoryIo(dir);
    expect(await main(['code', 'int.txt', '-c', 'book.yaml', '--no-rules', '--aliases', 'aliases.csv', '-o', 'c.json'], io)).toBe(0);
    expect(io.err()).toMatch(/aliases\.csv:1: warning: alias "systemen" → "joint-measure" is also the id or name of code "systems"/);
  });

  it('a .qdc export of a codebook with aliases says they are not in it', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'book.yaml', '--format', 'qdc', '-o', 'book.qdc'], io)).toBe(0);
    expect(io.err()).toMatch(/a REFI-QDA codebook has no place for aliases/);
  });
});

describe('qda run: the marker accounting in the summary', () => {
  it('sums the accounting over the sources, as qda code counts it, in the run\'s language (nl and en)', async () => {
    const dir = project({ 'int2.txt': text });
    const code = memoryIo(dir);
    expect(await main(['code', 'int.txt', 'int2.txt', '-c', 'book.yaml', '--no-rules', '-o', 'c.json'], code)).toBe(0);
    expect(code.err().trim().split('\n').pop()).toBe(
      'qda code: markers: 12 code labels found: 4 read, 4 resolved by spelling, 2 by alias, 2 unknown (kept as uncategorised codes)',
    );
    const en = memoryIo(dir);
    expect(await main(['run', 'int.txt', 'int2.txt', '-c', 'book.yaml', '--lang', 'en', '-o', 'out-en'], en)).toBe(0);
    const enLines = en.out().split('\n');
    expect(enLines[1]).toBe('markers: 12 code labels found: 4 read, 4 resolved by spelling, 2 by alias, 2 unknown (kept as uncategorised codes)');
    const nl = memoryIo(dir);
    expect(await main(['run', 'int.txt', 'int2.txt', '-c', 'book.yaml', '--lang', 'nl', '-o', 'out-nl'], nl)).toBe(0);
    expect(nl.out().split('\n')[1]).toBe(
      'markeringen: 12 codelabels gevonden: 4 gelezen, 4 herkend aan de spelling, 2 via een alias, 2 onbekend (bewaard als ongecategoriseerde codes)',
    );
  });

  it('says nothing about markers when the sources have none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-markers-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    writeFileSync(join(dir, 'plain.txt'), 'Interviewer: How is it?\n\nRespondent: We agree on who does what.\n');
    const io = memoryIo(dir);
    expect(await main(['run', 'plain.txt', '-c', 'book.yaml', '--lang', 'en', '-o', 'out'], io)).toBe(0);
    expect(io.out()).not.toMatch(/markers?:|markeringen/);
  });
});
