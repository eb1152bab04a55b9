/**
 * One rule finds the project file (qda.yaml) for every command, its settings and its language
 * alike: --config; the current folder; the nearest in or above an input's folder; above the
 * current folder. Before, `qda code /elders/project/interviews` (an input outside the current
 * folder) wrote in the project's language (nl) but without its codebooks, cases and
 * interviewers, without a word (the language looked up to the root, the settings only inside the
 * current folder); `qda run` read the project file of an input's own folder only. A project file
 * found above the inputs is said (project-file-above, info).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { projectFileFor } from '../../src/ingest/read-project.js';

function project(): { root: string; elsewhere: string } {
  const base = mkdtempSync(join(tmpdir(), 'qda-project-rule-'));
  const root = join(base, 'scriptie');
  mkdirSync(join(root, 'interviews'), { recursive: true });
  writeFileSync(join(root, 'qda.yaml'), 'codebooks: [kaats-opheij]\nlanguage: nl\ninterviewers: [Sanne]\ncases: cases.csv\n');
  writeFileSync(join(root, 'cases.csv'), 'source,group\nanna,wijkcoach\n');
  writeFileSync(join(root, 'interviews', 'anna.txt'), 'Sanne: Hoe werken jullie samen?\n\nAnna: We vertrouwen elkaar en we delen het budget met de partners.\n');
  const elsewhere = join(base, 'ergens');
  mkdirSync(elsewhere);
  return { root, elsewhere };
}

describe('the project file of a run', () => {
  it('projectFileFor: current folder, then in or above an input, then above the current folder', async () => {
    const { root, elsewhere } = project();
    expect(await projectFileFor(elsewhere, [join(root, 'interviews')])).toEqual({ file: join(root, 'qda.yaml'), dir: root, above: true });
    expect(await projectFileFor(elsewhere, [root])).toEqual({ file: join(root, 'qda.yaml'), dir: root, above: false });
    expect(await projectFileFor(join(root, 'interviews'), ['.'])).toEqual({ file: join(root, 'qda.yaml'), dir: root, above: true });
    expect(await projectFileFor(root, [])).toEqual({ file: join(root, 'qda.yaml'), dir: root, above: false });
    expect(await projectFileFor(elsewhere, [], 'x.yaml')).toEqual({ file: join(elsewhere, 'x.yaml'), dir: elsewhere, above: false });
  });

  it('qda code on interviews outside the current folder: the project\'s codebooks, cases and interviewers, said', async () => {
    const { root, elsewhere } = project();
    const io = memoryIo(elsewhere);
    expect(await main(['code', join(root, 'interviews'), '-o', 'c.json'], io), io.err()).toBe(0);
    expect(io.err()).not.toContain('no codebook given');
    expect(io.err()).toContain('[ingest:project-file-above]');
    const doc = JSON.parse(readFileSync(join(elsewhere, 'c.json'), 'utf8')) as { codebooks: Array<{ id: string }>; sources: Array<{ attributes: Record<string, string>; speakers: Array<[string, string]> }> };
    expect(doc.codebooks.map((b) => b.id)).toEqual(['kaats-opheij']);
    expect(doc.sources[0].attributes.group).toBe('wijkcoach');
    expect(doc.sources[0].speakers).toContainEqual(['Sanne', 'interviewer']);
  });

  it('qda run from inside the interviews folder (`.`): the project above it', async () => {
    const { root } = project();
    const io = memoryIo(join(root, 'interviews'));
    expect(await main(['run', '.', '-o', join(root, 'uit')], io), io.err()).toBe(0);
    const doc = JSON.parse(readFileSync(join(root, 'uit', 'codings.json'), 'utf8')) as { codebooks: Array<{ id: string }> };
    expect(doc.codebooks.map((b) => b.id)).toEqual(['kaats-opheij']);
  });
});
