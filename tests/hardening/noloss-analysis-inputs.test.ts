/**
 * Hostile but plausible inputs to the analysis commands, built from the samples' codings: what is
 * merged or re-attributed is said. A codings CSV whose coder cell is empty on some rows, while
 * the other rows name their coder, counted those rows as coder "human" without a word (a coder of
 * its own in qda agree, or merged with a coder named "human"). A source of the codings that the
 * case table has no row for was counted under "(no group)" without a word. The files are left
 * byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const anna = readFileSync(join(__dirname, '../../samples/codings/anna.csv'), 'utf8');
const bram = readFileSync(join(__dirname, '../../samples/codings/bram.csv'), 'utf8');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-noloss-analysis-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** anna.csv with the coder cell of its 2nd and 4th codings emptied. */
function annaWithoutCoder(): string {
  const lines = anna.split('\n');
  for (const k of [2, 4]) lines[k] = lines[k].replace(/,anna$/, ',');
  return lines.join('\n');
}

describe('codings whose coder cell is empty', () => {
  it('are said with their lines and the coder they are counted as (matrix, agree)', async () => {
    const d = writeProject(tmp, 'empty-coder', { 'anna.csv': annaWithoutCoder(), 'bram.csv': bram });
    const m = await qdaLeavingInputs(d, ['matrix', 'anna.csv', '--format', 'md']);
    expect(m.code).toBe(0);
    expect(m.err).toContain(
      'anna.csv:3: warning: 2 coding(s) leave "coder" empty (lines 3, 5), while the other rows name their coder (anna); they are counted as coder "human" (a coder of its own in qda agree and --coder) [ingest:empty-coder]\n' +
        '  hint: fill in the coder on these rows (with --coder NAME, only the rows of that coder are counted)',
    );
    const a = await qdaLeavingInputs(d, ['agree', 'anna.csv', 'bram.csv', '--format', 'md']);
    expect(a.code).toBe(0);
    expect(a.err).toContain('anna.csv:3: warning: 2 coding(s) leave "coder" empty (lines 3, 5)');
  });

  it('merged with the rows that say "human": said so', async () => {
    const d = writeProject(tmp, 'human-coder', { 'c.csv': 'source,code,coder\nr1,trust,human\nr2,trust,\nr3,trust,human\n' });
    const r = await qdaLeavingInputs(d, ['saturation', 'c.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('c.csv:3: warning: 1 coding(s) leave "coder" empty (line 3), while the other rows name their coder (human); they are counted as coder "human", together with the rows that say "human" [ingest:empty-coder]');
  });

  it('a coder column left empty on every row, or no coder column: nothing said', async () => {
    const d = writeProject(tmp, 'no-coder', { 'a.csv': 'source,code,coder\nr1,trust,\nr2,trust,\n', 'b.csv': 'source,code\nr1,trust\n' });
    for (const f of ['a.csv', 'b.csv']) {
      const r = await qdaLeavingInputs(d, ['matrix', f, '--format', 'md']);
      expect(r.code).toBe(0);
      expect(r.err).not.toContain('empty-coder');
    }
  });
});

describe('sources without a row in the case table', () => {
  const cases = readFileSync(join(__dirname, '../../samples/cases.csv'), 'utf8');
  it('are said with their ids and where they count (report with --cases)', async () => {
    // the table without jongerenwerker-03's row; anna.csv codes wijkcoach-01 and jongerenwerker-03
    const table = cases.split('\n').filter((l) => !l.startsWith('jongerenwerker-03,')).join('\n');
    const d = writeProject(tmp, 'rowless', { 'anna.csv': anna, 'cases.csv': table });
    const r = await qdaLeavingInputs(d, ['report', 'anna.csv', '--cases', 'cases.csv', '-o', 'r.html'], ['r.html']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'cases.csv: warning: 1 source(s) have no row in the case table (cases.csv) and no attributes of their own: "jongerenwerker-03"; each is a case of its own (its id), without attributes: grouped by an attribute, it counts under "(no …)" (e.g. "(no group)") [ingest:source-without-case-row]\n' +
        "  hint: add a row for it (source, case and attributes such as group or team); if a row is there, write the source's file name (or the name without extension) in its source column",
    );
    // with every row: nothing said
    const d2 = writeProject(tmp, 'all-rows', { 'anna.csv': anna, 'cases.csv': cases });
    const r2 = await qdaLeavingInputs(d2, ['report', 'anna.csv', '--cases', 'cases.csv', '-o', 'r.html'], ['r.html']);
    expect(r2.code).toBe(0);
    expect(r2.err).not.toContain('source-without-case-row');
  });
});
