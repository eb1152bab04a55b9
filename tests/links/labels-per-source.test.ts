import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * Labels numbered afresh in each transcript (#e1 in every interview): a link goes to the passage
 * with the label in its own source. Before, it went to every source's #e1: each link made a pair
 * with the other case's passage too ("Noord / Zuid" rows), and qda contrast counted 4 pairs for 2
 * links (said only as "links to #e1 go to each of them"). A link from a source without the label
 * still goes across sources.
 */
const CODEBOOK = ['id: gz', 'name: Gezegd en gedaan', 'version: "1"', 'relations:', '  - id: enacts', 'codes:', '  - id: espoused', '    name: Gezegd', '  - id: in-use', '    name: Gedaan', ''].join('\n');
const FILES = {
  'gz.yaml': CODEBOOK,
  'cases.csv': 'source,team\nint-1,Noord\nint-2,Zuid\nobs-3,Zuid\n',
  'src/int-1.txt': 'Interviewer: Hoe gaat u te werk?\nRespondent: We vragen de bewoner altijd eerst. {{espoused #e1}}\nRespondent: Gisteren beslisten we buiten hem om. {{in-use -> e1 enacts: inconsistent}}\n',
  'src/int-2.txt': 'Interviewer: Hoe gaat u te werk?\nRespondent: Wij bellen direct terug. {{espoused #e1}}\nRespondent: Ze belde binnen het uur. {{in-use -> e1 enacts: consistent}}\n',
  'src/obs-3.txt': 'Observator: Het team overlegt zonder de bewoner. {{in-use -> e1 enacts: inconsistent}}\n',
};

describe('a link label used in several sources', () => {
  it('a link goes to the passage with the label in its own source, from a source without it to each; said', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-labels-')), 'p', FILES);
    const code = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'gz.yaml', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(code.code).toBe(0);
    expect(code.err).toContain('src/int-2.txt:2: warning: the label #e1 is on 2 separate passages in 2 sources: src/int-1.txt:2 (espoused), src/int-2.txt:2 (espoused); a link to #e1 goes to the passage with it in its own source, and from a source without #e1 to each of the 2 [coding:duplicate-link-label]');
    const r = await qdaLeavingInputs(dir, ['contrast', 'c.json', '--from', 'espoused', '--to', 'in-use', '--by', 'team', '--format', 'json']);
    expect(r.code).toBe(0);
    const tables = JSON.parse(r.out) as Array<{ rows: Array<Record<string, unknown>> }>;
    const pairs = tables[0].rows.map((row) => Object.values(row).filter((v) => typeof v === 'string' && /^(int|obs)-\d:\d$/.test(v)).join(' → '));
    // int-1 and int-2 each to their own #e1; obs-3 (no #e1 of its own) to both
    expect(pairs.sort()).toEqual(['int-1:2 → int-1:3', 'int-1:2 → obs-3:1', 'int-2:2 → int-2:3', 'int-2:2 → obs-3:1']);
    expect(readFileSync(join(dir, 'src/int-1.txt'), 'utf8')).toBe(FILES['src/int-1.txt']);
  });
});
