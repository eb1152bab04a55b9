/**
 * bin/qda.js writing to a pipe that closes early (`qda segments … | head`) or to a full
 * device: no unhandled 'error' event, no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
