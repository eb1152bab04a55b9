import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeSurvey } from '../../src/analysis/survey.js';
import { parseSurveySpec, readSurveyTable } from '../../src/ingest/read-survey.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';

/**
 * A spec's item settings apply to the column they name, however the key is written: a range in
 * `reversed:` (4B-4C), a key in other capitals (4b for the column 4B), a dimension that writes its
 * items in other capitals than the spec's items:. They were looked up by the reference as written,
 * so the reversal was not applied and the dimension scored wrongly, without a word.
 */
const DATA = `respondent,groep,4A,4B,4C,4D
r1,a,4,0,1,3
r2,a,3,1,0,4
r3,a,4,0,0,3
r4,b,1,3,4,0
r5,b,2,4,3,1
r6,b,0,4,4,1
`;

/** Dimension score per group by hand: 4B and 4C reversed on 0–4, mean of the four items. */
function byHand(): Record<string, number> {
  const out: Record<string, number[]> = {};
  for (const l of DATA.trim().split('\n').slice(1)) {
    const [, g, a, b, c, d] = l.split(',');
    const score = (Number(a) + (4 - Number(b)) + (4 - Number(c)) + Number(d)) / 4;
    (out[g] ??= []).push(score);
  }
  return Object.fromEntries(Object.entries(out).map(([g, v]) => [g, v.reduce((s, x) => s + x, 0) / v.length]));
}

const SPECS: Record<string, string> = {
  exact: 'group: groep\nscale: 0..4\nreversed: [4B, 4C]\ndimensions:\n  d: {items: [4A, 4B, 4C, 4D]}\n',
  range: 'group: groep\nscale: 0..4\nreversed: [4B-4C]\ndimensions:\n  d: {items: [4A-4D]}\n',
  capitals: 'group: groep\nscale: 0..4\nreversed: [4b, 4c]\ndimensions:\n  d: {items: [4A, 4B, 4C, 4D]}\n',
  'dimension in other capitals': 'group: groep\nscale: 0..4\nitems:\n  4B: {label: Omgekeerd B, reversed: true}\n  4C: {reversed: true}\ndimensions:\n  d: {items: [4a, 4b, 4c, 4d]}\n',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-cols-'));
  writeFileSync(join(dir, 'data.csv'), DATA);
  for (const [k, s] of Object.entries(SPECS)) writeFileSync(join(dir, `${k}.yaml`), s);
  writeFileSync(
    join(dir, 'book.yaml'),
    'id: boek\ncodes:\n  - id: d\n    meta:\n      items: [4A, 4B, 4C, 4D]\n      reversed: [4b, 4c]\n',
  );
});

async function survey(specFile: string | undefined, book?: string) {
  const table = await readSurveyTable(['data.csv'], { cwd: dir });
  const spec = specFile ? await parseSurveySpec(readFileSync(join(dir, specFile), 'utf8'), specFile) : { file: undefined, items: {}, dimensions: [] };
  const codebook = book ? { book: parseCodebook(readFileSync(join(dir, book), 'utf8'), { file: book }), shown: book } : undefined;
  return computeSurvey(table, spec, { lang: 'en', group: 'groep', ...(codebook ? { codebook } : {}) });
}
const reversedColumns = (d: { items: ReadonlyArray<{ reversed: boolean; column: string }> }) => d.items.filter((i) => i.reversed).map((i) => i.column);

describe('survey: item settings by the column they name', () => {
  const want = byHand();
  for (const k of Object.keys(SPECS)) {
    it(`reversed items are reversed (${k})`, async () => {
      const res = await survey(`${k}.yaml`);
      const d = res.dimensions.find((x) => x.id === 'd')!;
      expect(reversedColumns(d)).toEqual(['4B', '4C']);
      expect(d.stats.a.mean).toBeCloseTo(want.a, 10);
      expect(d.stats.b.mean).toBeCloseTo(want.b, 10);
      expect(res.diagnostics).toEqual([]);
    });
  }

  it("the item's label under another spelling of its key is used", async () => {
    const d = (await survey('dimension in other capitals.yaml')).dimensions[0];
    expect(d.items.find((i) => i.column === '4B')!.label).toBe('Omgekeerd B');
  });

  it("a codebook's meta.reversed in other capitals reverses the columns", async () => {
    const d = (await survey(undefined, 'book.yaml')).dimensions[0];
    expect(reversedColumns(d)).toEqual(['4B', '4C']);
    expect(d.stats.a.mean).toBeCloseTo(want.a, 10);
  });

  it('qda survey marks them reversed in its table and leaves the inputs as they were', async () => {
    const before = readFileSync(join(dir, 'data.csv'));
    const specBefore = readFileSync(join(dir, 'range.yaml'));
    const io = memoryIo(dir);
    const code = await main(['survey', 'data.csv', '--spec', 'range.yaml', '-f', 'md'], io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toMatch(/\| d \| 4A, 4B\\\*, 4C\\\*, 4D \| 3 \| 3\.58 \|/); // (the * escaped: Markdown shows 4B*)
    expect(readFileSync(join(dir, 'data.csv')).equals(before)).toBe(true);
    expect(readFileSync(join(dir, 'range.yaml')).equals(specBefore)).toBe(true);
  });
});
