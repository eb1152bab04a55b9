/**
 * `qda report -o report.docx` (or .md, .pdf) wrote the HTML page under that name, which Word
 * refuses to open; `qda code -o codings.txt` (or .xls, .md) wrote the JSON document, and a
 * codings.txt beside the transcripts was read as a transcript by the next `qda code` of that
 * folder: all without a word (found by huntana). The table commands refused such names already
 * (unknown-extension); now these two do too, exit 2, nothing written.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const CB = 'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n  - id: overleg\n    name: Overleg\n    definition: o.\n    rules:\n      - keywords: {nl: [overleg]}\n';

describe('an -o whose extension names another format', () => {
  it('qda report: .docx, .md and .pdf refused with the fix; .html and .htm written', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-out-ext-')), 'p', { 'cb.yaml': CB, 'r1.txt': 'Interviewer: En?\nRespondent: Het overleg loopt.\n' });
    for (const [name, hint] of [['report.docx', /open it in Word/], ['report.md', /results-skeleton\.md/], ['report.pdf', /print the page from a browser/]] as const) {
      const r = await qdaLeavingInputs(dir, ['report', 'r1.txt', '-c', 'cb.yaml', '--lang', 'en', '-o', name]);
      expect(r.code, name).toBe(2);
      expect(r.err).toContain(`qda report writes an HTML page, not a .${name.split('.')[1]} file: "${name}"`);
      expect(r.err).toMatch(hint);
      expect(existsSync(join(dir, name))).toBe(false);
    }
    for (const name of ['r.html', 'r.HTM']) expect((await qdaLeavingInputs(dir, ['report', 'r1.txt', '-c', 'cb.yaml', '--lang', 'en', '-o', name], [name])).code).toBe(0);
  }, 60_000);

  it('qda code: .txt, .xls and .md refused; .json, .csv, .jsonl, a name without extension and --format still written', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-out-ext-')), 'p', { 'cb.yaml': CB, 'r1.txt': 'Interviewer: En?\nRespondent: Het overleg loopt.\n' });
    for (const name of ['codings.txt', 'codings.xls', 'codings.md']) {
      const r = await qdaLeavingInputs(dir, ['code', 'r1.txt', '-c', 'cb.yaml', '-o', name]);
      expect(r.code, name).toBe(2);
      expect(r.err).toContain(`cannot tell the output format from the file name "${name}"`);
      expect(r.err).toMatch(/end the file name in \.json, \.csv, \.xlsx or \.jsonl, or give --format/);
      expect(existsSync(join(dir, name))).toBe(false);
    }
    for (const args of [['-o', 'c.json'], ['-o', 'c.csv'], ['-o', 'c.jsonl'], ['-o', 'codings'], ['-o', 'c.txt', '--format', 'json']]) {
      const r = await qdaLeavingInputs(dir, ['code', 'r1.txt', '-c', 'cb.yaml', ...args], [args[1]]);
      expect(r.code, args.join(' ')).toBe(0);
    }
  }, 60_000);
});
