/**
 * Front matter after blank lines at the top of a file (an editor or an export may leave them) is
 * front matter: its attributes were lost without a word (the `---` block was read as text). Its
 * YAML errors name the file's own lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import { QdaInputError } from '../../src/model/errors.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-fm-blank-'));
  writeFileSync(join(work, 'late.md'), '\n\n---\ngroup: late\n---\nInterviewer: Hoe gaat het?\nR: Goed.\nInterviewer: En verder?\nR: Prima.\n');
  writeFileSync(join(work, 'bad.md'), '\n\n---\ngroup: [late\n---\nInterviewer: Hoe?\nR: Goed.\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('front matter after blank lines', () => {
  it('is read: its attributes, and the turns after it', async () => {
    const r = await readSource('late.md', { cwd: work });
    expect(r!.source.attributes).toEqual({ group: 'late' });
    expect(r!.source.text).toContain('Interviewer: Hoe gaat het?');
    expect(r!.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'R', 'Interviewer', 'R']);
  });
  it('a YAML error names the line of the file', async () => {
    const e = await readSource('bad.md', { cwd: work }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(QdaInputError);
    expect((e as QdaInputError).diagnostics[0]).toMatchObject({ ruleId: 'bad-front-matter', line: 5 });
  });
});
