import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/**
 * A missing-value code that is also a value of the scale (`missing: [0, 9]` copied from an SPSS
 * file where 0 meant no answer, with a scale 0..4): every answer 0 was counted as missing, the
 * lowest answers left out of every mean, without a word. Now said with the code, the scale, the
 * items and the number of answers it took. All data invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-missing-in-scale-'));
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nscale: 0..4\nmissing: [0, 9]\ndimensions:\n  d: [Q1, Q2]\n');
  writeFileSync(join(dir, 'ok.yaml'), 'group: groep\nscale: 0..4\nmissing: [9]\ndimensions:\n  d: [Q1, Q2]\n');
  writeFileSync(join(dir, 'data.csv'), 'groep,Q1,Q2\na,0,3\na,2,0\na,9,4\nb,0,1\nb,3,3\nb,1,2\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('survey: a missing-value code inside the scale', () => {
  it('is said with the code, the scale, the items and the count of answers; the files are left as they were', async () => {
    const r = await qdaLeavingInputs(dir, ['survey', 'data.csv', '--spec', 'spec.yaml', '-f', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'spec.yaml: warning: the missing-value code 0 is also a value of the scale 0–4: 3 answers 0 (Q1, Q2) are counted as missing, not as 0 [analysis:missing-code-in-scale]\n' +
        '  hint: if 0 is an answer on this scale, take it out of missing: in the spec (and give "no answer" a code outside 0–4, e.g. 9); if it means no answer, nothing to do',
    );
  });

  it('a code outside the scale is not said', async () => {
    const r = await qdaLeavingInputs(dir, ['survey', 'data.csv', '--spec', 'ok.yaml', '-f', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('missing-code-in-scale');
  });
});
