import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/**
 * Respondent ids typed in two ways that differ only in capitals or spaces ("R01" and "r01",
 * "R 02" and "R  02"), in a table of open answers or in survey data: read as two respondents
 * (two speakers, two rows of n) without a word. Now said with each spelling and its lines.
 * All content is invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-ids-alike-'));
  writeFileSync(join(dir, 'open.csv'), 'respondent;vraag;antwoord\nR01;V1;De buurtbus rijdt te weinig in het weekend.\nR 02;V1;Het park is goed onderhouden dit jaar.\nr01;V2;Meer bankjes langs het water zou fijn zijn.\nR  02;V2;Er is te weinig verlichting in de steeg.\n');
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nid: respondent\nscale: 1..5\ndimensions:\n  d: [Q1]\n');
  writeFileSync(join(dir, 'data.csv'), 'respondent,groep,Q1\nR01,a,3\nR02,a,4\nr01,b,2\nR03,b,5\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('respondent ids that differ only in capitals or spaces', () => {
  it('an answers table: said with each spelling and its lines; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'open.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'open.csv:4: warning: 2 respondent ids are written in "respondent" in ways that differ only in capitals or spaces: "R01" (line 2) / "r01" (line 4); "R 02" (line 3) / "R  02" (line 5); read as different respondents [ingest:respondent-ids-look-alike]\n' +
        "  hint: write each respondent's id the same way on every row; if they are different respondents, give them visibly different ids",
    );
  });

  it('survey data: said with the files and lines', async () => {
    const r = await qdaLeavingInputs(dir, ['survey', 'data.csv', '--spec', 'spec.yaml', '-f', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('data.csv:4: warning: 1 respondent id is written in "respondent" in ways that differ only in capitals or spaces: "R01" (data.csv:2) / "r01" (data.csv:4); read as different respondents [analysis:respondent-ids-look-alike]');
  });
});
