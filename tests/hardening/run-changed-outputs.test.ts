/**
 * `qda run` never reads its own earlier output as sources (the manifest lists it); one of those
 * files that the user changed since (notes typed into results-skeleton.md, a table edited) is
 * named with what to do, not only counted. Invented content; inputs stay byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-run-changed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRANSCRIPT = 'Interviewer: Hoe verloopt het overleg?\nSanne: We bellen elke dinsdag even. {{overleg}}\nInterviewer: En daarna?\nSanne: Dan weet iedereen wat er speelt.\n';

describe('qda run: its earlier outputs changed since are named', () => {
  it('with --force: the changed file is named in a warning and in the summary (before: "10 files that qda run wrote … earlier")', async () => {
    const d = join(dir, 'p');
    mkdirSync(join(d, 'interviews'), { recursive: true });
    writeFileSync(join(d, 'interviews', 'r1.txt'), TRANSCRIPT);
    const first = await qdaLeavingInputs(d, ['run', 'interviews', '-c', 'coordination-collaboration', '-o', 'interviews/resultaat'], ['interviews/resultaat']);
    expect(first.code, first.err).toBe(0);
    appendFileSync(join(d, 'interviews', 'resultaat', 'results-skeleton.md'), '\nMijn eigen conclusie: het wekelijkse overleg werkt.\n');
    const notes = readFileSync(join(d, 'interviews', 'resultaat', 'results-skeleton.md'), 'utf8');
    const again = await qdaLeavingInputs(d, ['run', 'interviews', '-c', 'coordination-collaboration', '-o', 'interviews/resultaat', '--force'], ['interviews/resultaat']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('qda run: 1 sources');
    expect(again.err).toContain('interviews/resultaat/results-skeleton.md: warning: interviews/resultaat/results-skeleton.md was written by an earlier qda run and changed since: not read as a source [cli:run-output-changed]');
    expect(again.err).toContain('copy it out of interviews/resultaat');
    expect(again.out).toMatch(/not read as sources: \d+ files that qda run wrote in interviews\/resultaat\/ earlier; interviews\/resultaat\/results-skeleton\.md \(written by qda run, changed since: see the warning\)/);
    // the user's notes are kept as they were
    expect(readFileSync(join(d, 'interviews', 'resultaat', 'results-skeleton.md'), 'utf8')).toBe(notes);
  }, 120_000);

  it('another command reading the folder names the changed file with what to do; unchanged ones keep their plain reason', async () => {
    const d = join(dir, 'p');
    const r = await qdaLeavingInputs(d, ['segments', 'interviews', '--format', 'csv', '-o', 'seg.csv'], ['seg.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('interviews/resultaat/results-skeleton.md: warning: skipped: written by qda run (listed in interviews/resultaat/.qda-manifest.json) and changed since: not read as a source (to read your text in it as a source, copy it out of interviews/resultaat/');
    expect(r.err).toContain('interviews/resultaat/appendix-codebook.md: warning: skipped: written by qda run (listed in interviews/resultaat/.qda-manifest.json), not a source [ingest:not-a-source]');
  }, 120_000);
});
