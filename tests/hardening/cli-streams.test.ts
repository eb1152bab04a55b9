/**
 * bin/qda.js writing to a pipe that closes early (`qda segments … | head`) or to a full
 * device: no unhandled 'error' event, no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/qda.js');
const haveDist = existsSync(join(root, 'dist/cli/main.js'));

describe.skipIf(!haveDist)('output streams (bin/qda.js; needs npm run build)', () => {
  it('a reader that closes the pipe early ends the run quietly', { timeout: 60_000 }, async () => {
    const c = spawn(process.execPath, [bin, 'segments', 'samples', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    await new Promise<void>((res) => c.stdout.once('data', () => res()));
    c.stdout.destroy(); // like `| head -c 100`
    const code = await new Promise<number | null>((res) => c.on('exit', (k) => res(k)));
    expect(err).not.toMatch(/Unhandled|node:events|\n\s+at /);
    expect(code).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('a full device: one clear message, exit 2 (skipped without /dev/full)', { timeout: 60_000 }, () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" segments samples --format json > /dev/full`], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Unhandled|node:events|\n\s+at /);
    expect(r.stderr).toContain('[io:ENOSPC]');
    expect(r.status).toBe(2);
  });
});

describe.skipIf(!haveDist)('stderr to a pipe or a file: its writes gathered, none lost, in their order (bin/qda.js; needs npm run build)', () => {
  const text = 'Interviewer: Hoe werkt u samen met het wijkteam?\n\nRespondent: ' + 'We hebben elke week overleg met de wijkcoach en de jongerenwerker over de gezinnen in de buurt. '.repeat(12) + '\n';
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-stderr-'));
    writeFileSync(join(dir, 'a.txt'), text);
    writeFileSync(join(dir, 'b.txt'), text);
    writeFileSync(join(dir, 'c.docx'), 'not a zip file');
    return dir;
  };

  it('warnings and then an error that ends the run (exit 2): the same text as when stderr goes where stdout goes', { timeout: 60_000 }, () => {
    const dir = folder();
    const args = [bin, 'code', dir, '--strict', '-o', join(dir, 'out', 'codings.json')];
    // (stdout and stderr two pipes: stderr's writes are gathered)
    const piped = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    // (2>&1: one pipe, written at once)
    const merged = spawnSync('sh', ['-c', `"${process.execPath}" ${args.map((a) => `"${a}"`).join(' ')} 2>&1`], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(piped.status).toBe(2);
    expect(merged.status).toBe(2);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toContain('[ingest:same-text]');
    expect(piped.stderr.indexOf('[ingest:same-text]')).toBeLessThan(piped.stderr.indexOf('c.docx'));
    expect(piped.stderr).toBe(merged.stdout);
  });
});
