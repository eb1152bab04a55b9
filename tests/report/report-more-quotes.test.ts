/**
 * The report shows 25 quotes per code and ends with "… and 3 more (see codings.csv)": qda run
 * writes that file beside the report, `qda report` does not, so the 3 pointed to a file that was
 * not there (found by huntana). Now qda report says where all of them are.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

describe('qda report: the quotes past the 25 shown', () => {
  it('are said with where to find them (not a codings.csv qda report does not write)', async () => {
    const turns = Array.from({ length: 28 }, (_, i) => `Interviewer: Vraag ${i + 1}?\nRespondent: Het overleg nummer ${i + 1} ging goed.\n`).join('');
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-report-more-')), 'p', {
      'cb.yaml': 'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n  - id: overleg\n    name: Overleg\n    definition: o.\n    rules:\n      - keywords: {nl: [overleg]}\n',
      'r1.txt': turns,
    });
    const en = await qdaLeavingInputs(dir, ['report', 'r1.txt', '-c', 'cb.yaml', '--lang', 'en', '-o', '-']);
    expect(en.code, en.err).toBe(0);
    expect(en.out).toContain('… and 3 more, not shown (all of them: qda appendix --by code, or the codings table of qda code -o codings.csv).');
    expect(en.out).not.toContain('see codings.csv');
    const nl = await qdaLeavingInputs(dir, ['report', 'r1.txt', '-c', 'cb.yaml', '--lang', 'nl', '-o', '-']);
    expect(nl.out).toContain('… en nog 3, niet getoond (allemaal: qda appendix --by code, of de tabel van qda code -o codings.csv).');
  }, 60_000);
});
