/**
 * Leftover silent losses and automatic resolutions, each now said (file, place, count, fix) or
 * made impossible; each test checks the message, the exit code and that every input file is
 * byte-identical after the run:
 * - a case table (qda.yaml `cases:` / --cases) that gives a source another value than its own
 *   front matter: the table wins (as documented), now with a warning naming the source, both
 *   values and where each came from (was silent on every path: one thread, workers, one file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { snapshot } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-noloss-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run qda in `cwd` (with env); every file there before must be byte-identical after (`outputs` aside). */
async function qda(cwd: string, args: string[], outputs: string[] = [], env: Record<string, string> = {}) {
  const before = snapshot(cwd);
  const io = memoryIo(cwd, env);
  const code = await main(args, io);
  const after = snapshot(cwd);
  for (const [f, b] of before) if (!outputs.some((o) => f.startsWith(join(cwd, o)))) expect(after.get(f), f).toBe(b);
  return { code, out: io.out(), err: io.err() };
}

/** A fresh project folder `name` with files (relative path → text or bytes). */
function project(name: string, files: Record<string, string | Uint8Array>): string {
  const d = join(dir, name);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(join(d, rel, '..'), { recursive: true });
    writeFileSync(join(d, rel), body);
  }
  return d;
}

const TRANSCRIPT = 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week.\nInterviewer: En verder?\nAnna: Niets meer.\n';

describe('a case table that overrides a source’s own front matter', () => {
  const files = {
    'iv/r1.txt': `---\nteam: noord\nrole: lead\n---\n${TRANSCRIPT}`,
    'iv/r2.txt': TRANSCRIPT,
    'cases.csv': 'source,team,role\nr1.txt,zuid,lead\nr2,oost,x\n',
  };
  const msg =
    'cases.csv:2: warning: 1 source(s) have a "team" of their own that the case table gives another value; the table\'s value is used: source "r1" "noord" (front matter of iv/r1.txt) then "zuid" (cases.csv:2) [ingest:case-table-overrides-source]';

  it('qda segments / code (one thread and workers) / one file given: the table wins, said once per attribute with both values and places', async () => {
    const d = project('fm-override', files);
    for (const [args, env] of [
      [['segments', 'iv', '--cases', 'cases.csv'], {}],
      [['segments', 'iv/r1.txt', '--cases', 'cases.csv'], {}],
      [['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', 'c.json'], { QDA_THREADS: '1' }],
      [['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', 'c.json'], { QDA_THREADS: '2' }],
    ] as Array<[string[], Record<string, string>]>) {
      const r = await qda(d, args, ['c.json'], env);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(msg);
      expect(r.err).toContain('hint: make them agree: correct "team" in the case table or in the source\'s front matter, or leave it out of one of them (where both give it, the case table wins)');
      // once, and not for the attribute that agrees (role "lead") or a source without front matter
      expect(r.err.split('case-table-overrides-source').length - 1, r.err).toBe(1);
    }
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ id: string; attributes: Record<string, string> }> };
    expect(doc.sources.map((s) => [s.id, s.attributes.team])).toEqual([
      ['r1', 'zuid'],
      ['r2', 'oost'],
    ]);
  }, 120_000);

  it('qda.yaml cases: map: the place is qda.yaml', async () => {
    const d = project('fm-override-yaml', { ...files, 'qda.yaml': 'sources: [iv]\ncases:\n  r1:\n    team: west\n' });
    const r = await qda(d, ['segments']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('qda.yaml: warning: 1 source(s) have a "team" of their own that the case table gives another value; the table\'s value is used: source "r1" "noord" (front matter of iv/r1.txt) then "west" (qda.yaml) [ingest:case-table-overrides-source]');
  }, 60_000);
});
