/**
 * On screen every table of the report fits the box it scrolls in once it is split into parts:
 * measured in headless Chromium (the matrix's part 1 was 3 px wider than its box, because the
 * width estimate took capitals in bold headers for average letters).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM || !existsSync(join(SAMPLES, 'qda.yaml')))('report tables on screen (skipped: needs chromium and samples/)', () => {
  it('no split table is wider than its scroll box (1280 px window)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-fit-'));
    const io = memoryIo(ROOT);
    expect(await main(['report', 'samples', '-o', join(dir, 'report.html'), '--lang', 'nl'], io)).toBe(0);
    const probe = `<script>addEventListener('load',()=>{const r=[];document.querySelectorAll('.scroll').forEach((d)=>{const t=d.querySelector('table');if(t&&t.caption&&/\\((deel|part) \\d+ (van|of) \\d+\\)/.test(t.caption.textContent))r.push((d.scrollWidth-d.clientWidth)+' '+t.caption.textContent.trim().slice(0,60))});const p=document.createElement('pre');p.id='fit';p.textContent=r.join('\\n');document.body.appendChild(p)})</script>`;
    writeFileSync(join(dir, 'probe.html'), readFileSync(join(dir, 'report.html'), 'utf8').replace('</body>', `${probe}</body>`));
    const profile = mkdtempSync(join(tmpdir(), 'qda-chromium-'));
    const r = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--window-size=1280,900', '--virtual-time-budget=5000', '--dump-dom', 'file://' + join(dir, 'probe.html')], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    expect(r.status).toBe(0);
    const lines = (/<pre id="fit">([\s\S]*?)<\/pre>/.exec(r.stdout)?.[1] ?? '').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(3); // the matrix, the comparison, the questionnaire's tables
    const over = lines.filter((l) => Number(l.split(' ')[0]) > 0);
    expect(over).toEqual([]);
  }, 180_000);
});
