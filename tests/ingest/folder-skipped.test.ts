/**
 * Folders named out, dist, build or coverage are not searched (a program's files); one with
 * transcripts in it (`interviews/out/`) was passed over without a word. Said now (folder-skipped)
 * with the files and how to read them; a qda run output folder (with its list of outputs) and one
 * holding only tables (outputs such as codings.csv) are not said. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { OUTPUT_MANIFEST } from '../../src/model/output-manifest.js';

const T = 'Interviewer: Hoe gaat het?\nRespondent: Goed, we overleggen elke week.\n';

describe('a folder that is not searched, with transcripts in it', () => {
  it('is said with its files; giving the folder itself reads them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-folder-skipped-'));
    mkdirSync(join(dir, 'interviews/out'), { recursive: true });
    mkdirSync(join(dir, 'interviews/build'), { recursive: true });
    mkdirSync(join(dir, 'interviews/dist'), { recursive: true });
    writeFileSync(join(dir, 'interviews/a.txt'), T);
    writeFileSync(join(dir, 'interviews/out/b.txt'), T);
    writeFileSync(join(dir, 'interviews/out/c.docx'), 'x');
    writeFileSync(join(dir, 'interviews/build/codings.csv'), 'source,code\n');
    writeFileSync(join(dir, 'interviews/dist/d.txt'), T);
    writeFileSync(join(dir, 'interviews/dist', OUTPUT_MANIFEST), '{}');
    const io = memoryIo(dir);
    expect(await main(['segments', 'interviews', '--format', 'csv', '-o', 'seg.csv'], io)).toBe(0);
    const said = io.err().split('\n').filter((l) => l.includes('folder-skipped'));
    expect(said).toEqual([
      'interviews/out: warning: the folder out/ is not searched (folders named node_modules, out, dist, build, coverage, __pycache__ hold a program\'s files), but it holds 2 file(s) with a source\'s extension (b.txt, c.docx): not read [ingest:folder-skipped]',
    ]);
    expect(io.err()).toContain('hint: if they are sources, give the folder itself (qda … interviews/out)');
    const io2 = memoryIo(dir);
    expect(await main(['segments', 'interviews/out/b.txt', '--format', 'csv', '-o', 'seg2.csv'], io2)).toBe(0);
    expect(readFileSync(join(dir, 'seg2.csv'), 'utf8')).toContain('Goed, we overleggen');
    expect(readFileSync(join(dir, 'interviews/out/b.txt'), 'utf8')).toBe(T);
  });
});
