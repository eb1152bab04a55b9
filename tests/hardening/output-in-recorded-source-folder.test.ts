/**
 * An output that a later read of a source folder takes for a source (`-o interviews/table.md`)
 * is warned about when the command knows the folder: an input folder, qda.yaml's sources, and
 * now also the folders of the sources a codings document given as input records (their paths):
 * `qda matrix codings.json -o interviews/table.md` wrote the table among the transcripts without
 * a word, and the next `qda code interviews` counted it as an interview.
 */
import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

async function qda(args: string[], cwd: string) {
  const io = memoryIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const R1 = 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team.\nInterviewer: En verder?\nAnna: We vertrouwen elkaar.\n';
const R2 = 'Interviewer: En jij?\nBob: Wij overleggen veel.\nInterviewer: Ok.\nBob: Ja.\n';

describe('an output into the folder of the sources a codings document records', () => {
  it('is written, with a warning naming the folder and the document (JSON and JSON Lines; from another folder too)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'qda-recorded-folder-'));
    mkdirSync(join(work, 'interviews'));
    writeFileSync(join(work, 'interviews/r1.txt'), R1);
    writeFileSync(join(work, 'interviews/r2.txt'), R2);
    for (const doc of ['codings.json', 'codings.jsonl']) {
      expect((await qda(['code', 'interviews', '-c', 'coordination-collaboration', '-o', doc], work)).code).toBe(0);
      const bytes = readFileSync(join(work, doc));
      const r = await qda(['matrix', doc, '-o', 'interviews/table.md'], work);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(
        `interviews/table.md: warning: -o interviews/table.md is written into the source folder interviews (the folder of the source interviews/r1.txt recorded in ${doc}): a later qda code, qda run or qda report on that folder reads it as a source [cli:output-in-source-folder]`,
      );
      expect(readdirSync(join(work, 'interviews')).sort()).toEqual(['r1.txt', 'r2.txt', 'table.md']);
      rmSync(join(work, 'interviews/table.md'));
      // beside the source folder: nothing said
      const beside = await qda(['matrix', doc, '-o', 'table.md'], work);
      expect(beside.code, beside.err).toBe(0);
      expect(beside.err).not.toContain('output-in-source-folder');
      expect(readFileSync(join(work, doc)).equals(bytes)).toBe(true);
    }
    // run from another folder: the paths are taken from the document's own folder as well
    mkdirSync(join(work, 'elsewhere'));
    const r = await qda(['matrix', '../codings.json', '-o', '../interviews/t.md'], join(work, 'elsewhere'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^\.\.\/interviews\/t\.md: warning: -o \.\.\/interviews\/t\.md is written into the source folder \S+\/interviews \(the folder of the source interviews\/r1\.txt recorded in \S+\/codings\.json\): a later qda code/m);
    expect(readFileSync(join(work, 'interviews/r1.txt'), 'utf8')).toBe(R1);
    expect(readFileSync(join(work, 'interviews/r2.txt'), 'utf8')).toBe(R2);
  });
});
