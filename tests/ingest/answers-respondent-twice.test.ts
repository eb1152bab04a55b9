import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/**
 * A table of open answers where one respondent id is on two rows (a row exported twice, or two
 * people given one number): both answers were read as one respondent's, who was counted once
 * among the respondents, without a word. Now said with the ids and their lines (in a long table:
 * the same id and question twice; one respondent answering several questions is not said).
 * All content is invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-resp-twice-'));
  writeFileSync(join(dir, 'breed.csv'), 'respondent;antwoord\nR1;Het contact met de wijk gaat prima zo.\nR2;Te weinig tijd voor de bewoners hier.\nR1;Ik wil graag meer overleg met de gemeente.\nR3;\n');
  writeFileSync(join(dir, 'lang.csv'), 'respondent,vraag,antwoord\nR1,V1,De bus komt vaak te laat in de ochtend.\nR1,V2,Meer groen in de straat zou mooi zijn.\n\nR2,V1,Geen klachten over het vervoer hier.\nR1,V1,"Soms rijdt er helemaal geen bus,\nen dan sta ik te wachten."\n');
  writeFileSync(join(dir, 'goed.csv'), 'respondent,vraag,antwoord\nR1,V1,De bus komt vaak te laat in de ochtend.\nR1,V2,Meer groen in de straat zou mooi zijn.\nR2,V1,Geen klachten over het vervoer hier.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('answers: one respondent id on several rows', () => {
  it('one answer per respondent: the id and its lines are said; both answers are read; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'breed.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'breed.csv:4: warning: 1 respondent id in "respondent" has an answer on more than one row: "R1" (lines 2, 4); their answers are read as one respondent\'s, counted once among the respondents [ingest:respondent-on-several-rows]\n' +
        '  hint: if one respondent answered twice, nothing to do (or delete the repeated row); if they are different respondents, give each their own id in "respondent"',
    );
    expect(r.out).toContain('Ik wil graag meer overleg met de gemeente.');
  });

  it('a long table: the same id and question twice is said with their lines (a quoted line break counted)', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'lang.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('lang.csv:6: warning: 1 respondent id in "respondent" has an answer on more than one row to one "vraag": "R1" to "V1" (lines 2, 6); their answers are read as one respondent\'s');
  });

  it('one respondent answering several questions is not said', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'goed.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('respondent-on-several-rows');
  });
});
