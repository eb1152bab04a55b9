/**
 * The Dutch ij at the start of a name: "IJsbrand" (two capitals) was no name to the heuristics, and
 * "Ĳsbrand" (the ligature ĳ/Ĳ, as a PDF or an old word processor writes it) was another name than
 * IJsbrand to the matcher: one of the forms stayed in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('names with the Dutch ij', () => {
  it('IJsbrand Kok and Ĳsbrand Kok are one person; IJsbrand and Ĳsbrand alone too', () => {
    const p = new Pseudonymiser({});
    const text = 'Ik sprak IJsbrand Kok. Daarna Ĳsbrand Kok. Ĳsbrand belde, IJsbrand ook, en IJSBRAND KOK.';
    p.learn(text);
    const r = p.apply(text);
    expect(r.text).toBe('Ik sprak R1. Daarna R1. R1 belde, R1 ook, en R1.');
  });

  it('a names list with "Ĳsbrand van Dijk" replaces "IJsbrand van Dijk", "Ĳsbrand van Dĳk" and "van Dijk"; "ijsje" is no name', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Ĳsbrand van Dijk', pseudonym: 'P1' }], heuristics: false });
    expect(p.apply('IJsbrand van Dijk en Ĳsbrand van Dĳk; van Dijk. Een ijsje.').text).toBe('P1 en P1; P1. Een ijsje.');
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-ij-'));
  writeFileSync(join(dir, 'a.txt'), 'Interviewer: Werkt u met IJsbrand Kok?\nRespondent: Ja, Ĳsbrand Kok is de wijkcoach. IJsbrand belt elke week.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda anonymize', () => {
  it('leaves neither IJsbrand nor Ĳsbrand in the output; the source byte-identical', async () => {
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out'], ['out']);
    expect(r.code, r.err).toBe(0);
    const out = readFileSync(join(dir, 'out/a.txt'), 'utf8');
    expect(out).toBe('Interviewer: Werkt u met R1?\nRespondent: Ja, R1 is de wijkcoach. R1 belt elke week.\n');
  });
});
