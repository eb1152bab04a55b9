/**
 * A REFI-QDA project (or another QDA program's project) among the transcripts of a folder is said:
 * its codings are not read by qda code / qda run. Before, it was passed over like any other file.
 */
import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('qda code on a folder of transcripts with a .qdpx in it', () => {
  it('reads the transcripts and says which project files it skipped and how to import them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qdpx-folder-'));
    mkdirSync(join(dir, 'interviews', 'old'), { recursive: true });
    writeFileSync(join(dir, 'interviews', 'anna.txt'), 'Interviewer: Hoe gaat het?\nAnna: Goed.\n');
    const qdpx = zipSync({ 'project.qde': strToU8('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"/>') });
    writeFileSync(join(dir, 'interviews', 'studie.qdpx'), qdpx);
    writeFileSync(join(dir, 'interviews', 'old', 'Studie.QDPX'), qdpx);
    writeFileSync(join(dir, 'interviews', 'codes.qdc'), '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>');
    const before = readFileSync(join(dir, 'interviews', 'studie.qdpx'));
    const io = memoryIo(dir);
    expect(await main(['code', 'interviews', '-o', 'c.json'], io)).toBe(0);
    expect(io.err()).toContain(
      'interviews: warning: skipped 3 project file(s) of a QDA program: interviews/codes.qdc, interviews/old/Studie.QDPX, interviews/studie.qdpx; their sources, codes and codings are not read [ingest:qda-project-skipped]',
    );
    expect(io.err()).toContain('hint: import a REFI-QDA project with `qda refi import FILE.qdpx -o DIR`');
    expect(io.err()).toContain('qda code: 1 sources');
    expect(readFileSync(join(dir, 'interviews', 'studie.qdpx')).equals(before)).toBe(true);
  });

  it('a folder with only a .qdpx: the error says how to import it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qdpx-only-'));
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'studie.qdpx'), zipSync({ 'project.qde': strToU8('<Project/>') }));
    const io = memoryIo(dir);
    expect(await main(['code', 'p', '-o', 'c.json'], io)).toBe(2);
    expect(io.err()).toContain('p: error: this folder has no readable sources (it holds 1 .qdpx) [ingest:no-sources]');
    expect(io.err()).toContain('hint: import a REFI-QDA project with `qda refi import FILE.qdpx -o DIR`');
  });
});
