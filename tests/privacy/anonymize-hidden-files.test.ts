/**
 * qda anonymize on a folder: a hidden transcript (.interview-03.txt) or a hidden folder of them
 * (.concept/) was passed over without a word, so the pseudonymised folder lacked it. Now said;
 * hidden files that are no sources (.DS_Store) are not. Names are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-anon-hidden-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('qda anonymize: hidden files in an input folder', () => {
  it('a hidden transcript or folder of transcripts is said; .DS_Store is not', async () => {
    const t = 'Interviewer: Hoe gaat het?\nRespondent: Goed, zei Sanne Jansen.\n';
    const d = writeProject(tmp, 'hidden', {
      'corpus/interview-01.txt': t,
      'corpus/.interview-03.txt': t,
      'corpus/.concept/interview-04.docx.txt': t,
      'corpus/.DS_Store': 'x',
      'corpus/.git/HEAD': 'ref: refs/heads/main\n',
      'names.csv': 'name\nSanne Jansen\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'corpus/.concept: warning: a hidden folder with sources (its name starts with "."): not read, nothing written for it [cli:hidden-not-read]\n' +
        '  hint: rename it without the leading "." to pseudonymise it, or give it as an input of its own',
    );
    expect(r.err).toContain('corpus/.interview-03.txt: warning: a hidden file (its name starts with "."): not read, nothing written for it [cli:hidden-not-read]');
    expect(r.err).not.toContain('.DS_Store');
    expect(r.err).not.toContain('.git');
    expect(existsSync(join(d, 'anon/interview-01.txt'))).toBe(true);
  });
});
