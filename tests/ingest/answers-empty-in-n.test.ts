import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/**
 * Respondents of an answers table who left the answer empty are no segment, so no group's N
 * counts them: a team of three where two did not answer compared as "1 of 1 (100 %)". The info
 * said only "not a segment"; now it says that these respondents are in no N and that shares are
 * of those who answered. Invented content.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-empty-in-n-'));
  writeFileSync(join(dir, 'open.csv'), 'respondent;team;antwoord\nR1;Noord;Het overleg met de gemeente gaat goed.\nR2;Noord;\nR3;Noord;\nR4;Zuid;Er is te weinig overleg met de buren.\nR5;Zuid;Samenwerking met de school loopt prima.\n');
  writeFileSync(join(dir, 'book.yaml'), 'id: t\nname: { nl: T }\ncodes:\n  - id: overleg\n    name: { nl: Overleg }\n    rules:\n      - keywords: {nl: [overleg*]}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('answers: rows with an empty answer and the N of the groups', () => {
  it('the info names the rows and says they are in no N; the input is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['code', 'open.csv', '-c', 'book.yaml', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'open.csv:3: info: 2 rows have values but an empty "antwoord" cell (lines 3, 4): no answer to code, not a segment; a respondent without any answer is in no group\'s N (a share of respondents is of those who answered) [ingest:rows-without-answer]\n' +
        '  hint: if the answer is in another column, name that column "text" or "antwoord"; if these respondents belong in N, report their number beside the shares',
    );
    const c = await qdaLeavingInputs(dir, ['compare', 'c.json', '--by', 'team'], ['c.json']);
    expect(c.out).toContain('Noord: respondents (N=1)');
  });
});
