import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { findProject, readCorpusStream } from '../../src/ingest/read-corpus-stream.js';
import { QdaInputError } from '../../src/model/errors.js';
import type { Diagnostic } from '../../src/model/types.js';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'qda-stream-'));
  mkdirSync(join(dir, 'proj/a'), { recursive: true });
  mkdirSync(join(dir, 'proj/b'), { recursive: true });
  writeFileSync(join(dir, 'proj/a/int.txt'), 'Onderzoeker: Hoe gaat het?\n\nAnna: Goed, de samenwerking loopt.\n');
  writeFileSync(join(dir, 'proj/b/int.txt'), 'Onderzoeker: En bij jullie?\n\nBen: Wisselend.\n');
  writeFileSync(join(dir, 'proj/c.txt'), 'Onderzoeker: Nog iets?\n\nCor: Nee.\n');
  writeFileSync(join(dir, 'proj/cases.csv'), 'source,case,team\nint,R01,A\nint-2,R02,B\nghost,R99,C\n');
  writeFileSync(join(dir, 'proj/qda.yaml'), 'sources: [a, b, c.txt]\ncases: cases.csv\nlanguage: nl\ninterviewers: [Onderzoeker]\ncodebooks: [kaats-opheij]\n');
  return dir;
}

describe('readCorpusStream', () => {
  it('yields one source at a time with the same sources, segments and diagnostics as readCorpus', async () => {
    const dir = project();
    const cwd = join(dir, 'proj');
    const d1: Diagnostic[] = [];
    const { corpus, project: p } = await readCorpus([], { cwd, report: (d) => d1.push(d) });
    const d2: Diagnostic[] = [];
    const items = [];
    for await (const item of readCorpusStream([], { cwd, report: (d) => d2.push(d) })) items.push(item);
    expect(items.map((i) => i.source)).toEqual(corpus.sources);
    expect(items.flatMap((i) => i.segments)).toEqual(corpus.segments);
    for (const i of items) expect(i.segments.every((g) => g.sourceId === i.source.id)).toBe(true);
    expect(d2).toEqual(d1);
    // ids made unique, cases by id (int-2), project language and interviewers applied
    expect(corpus.sources.map((s) => [s.id, s.case, s.attributes.team, s.language])).toEqual([
      ['int', 'R01', 'A', 'nl'],
      ['int-2', 'R02', 'B', 'nl'],
      ['c', 'c', undefined, 'nl'],
    ]);
    expect(corpus.segments.filter((g) => g.role === 'interviewer')).toHaveLength(3);
    // the row naming no source is reported once, at the end
    expect(d1.filter((d) => d.ruleId === 'unknown-case-source').map((d) => d.line)).toEqual([4]);
    expect(p?.codebooks).toEqual(['kaats-opheij']);
  });

  it('reads lazily: a source is read only when the consumer asks for it', async () => {
    const dir = project();
    const cwd = join(dir, 'proj');
    const it = readCorpusStream(['a', 'b', 'c.txt'], { cwd });
    const first = await it.next();
    expect(first.done).toBe(false);
    // removed after the first was yielded: a folder's file that vanished is skipped, an explicit one is an error
    unlinkSync(join(cwd, 'c.txt'));
    await expect(it.next()).resolves.toMatchObject({ done: false });
    await expect(it.next()).rejects.toBeInstanceOf(QdaInputError);
  });

  it('findProject: the nearest qda.yaml above an input, or above cwd (said), or none', async () => {
    const dir = project();
    expect((await findProject(['proj/a/int.txt'], { cwd: dir }))?.dir).toBe(join(dir, 'proj'));
    // (from inside the project: the project file above the current folder, said; it was none)
    const said: string[] = [];
    expect((await findProject(['int.txt'], { cwd: join(dir, 'proj/a'), report: (d) => void said.push(d.ruleId) }))?.dir).toBe(join(dir, 'proj'));
    expect(said).toEqual(['project-file-above']);
    const bare = mkdtempSync(join(tmpdir(), 'qda-stream-bare-'));
    writeFileSync(join(bare, 'x.txt'), 'Anna: Ja.\n');
    expect(await findProject(['x.txt'], { cwd: bare })).toBeUndefined();
  });

  it('no inputs and no project sources: one clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-stream-'));
    await expect(readCorpus([], { cwd: dir })).rejects.toThrow(/no sources given/);
    writeFileSync(join(dir, 'qda.yaml'), 'language: nl\n');
    try {
      await readCorpus([], { cwd: dir });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(QdaInputError);
      const d = (e as QdaInputError).diagnostics[0];
      expect(d.message).toMatch(/qda\.yaml lists no sources/);
      expect(d.hint).toMatch(/sources:/);
    }
  });
});
