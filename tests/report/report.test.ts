import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { REPORT_SECTION_IDS } from '../../src/export/report-html.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MINI = join(ROOT, 'tests/fixtures/report/mini');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

describe('qda report', () => {
  let dir: string;
  let html: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qda-report-'));
    const io = memoryIo(ROOT);
    expect(await main(['report', MINI, '-o', join(dir, 'report.html'), '--lang', 'en'], io)).toBe(0);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 60_000);

  it('is one self-contained page: no scripts, no external URLs', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toMatch(/<svg[^>]*role="img"/);
  });

  it('escapes source text: <script> from a transcript appears as text', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('gewoon zo &amp; niet anders');
  });

  it('has every section heading, landmarks and accessible tables', () => {
    for (const id of REPORT_SECTION_IDS) expect(html).toContain(`id="${id}"`);
    for (const tag of ['<header>', '<nav ', '<main>', '<footer>']) expect(html).toContain(tag);
    expect(html.match(/<h1[ >]/g)!.length).toBe(1);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<caption>');
    expect(html).toContain('@media print');
  });

  it('shows provenance (codebook sha256), quotes with offsets and highlighted rule matches', () => {
    expect(html).toMatch(/Codebook mini-book.*sha256 [0-9a-f]{64}/s);
    expect(html).toMatch(/coach-a, Anne, line \d+, \[\d+, \d+\), coder eva/);
    expect(html).toMatch(/<mark>vertrouw<\/mark>/i);
    expect(html).not.toMatch(/\{\{vertrouwen @eva\}\}/);
  });

  it('writes the results skeleton from the comparison numbers, in Dutch with --lang nl', async () => {
    expect(html).toMatch(/Both respondents \(coach\) mention [^.]*Relationship/);
    expect(html).toMatch(/Within Relationship, both mention Trust\./);
    const io = memoryIo(ROOT);
    expect(await main(['report', MINI, '-o', join(dir, 'nl.html'), '--lang', 'nl'], io)).toBe(0);
    const nl = readFileSync(join(dir, 'nl.html'), 'utf8');
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toContain('Skelet van de resultaten');
    expect(nl).toContain('Binnen Relatie noemen beide Vertrouwen.');
  });

  it('reads a codings document as input and refuses an unknown --by with the choices', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['run', MINI, '-o', join(dir, 'run')], io)).toBe(0);
    const io2 = memoryIo(ROOT);
    expect(await main(['report', join(dir, 'run', 'codings.json'), '-o', join(dir, 'from-doc.html')], io2)).toBe(0);
    expect(readFileSync(join(dir, 'from-doc.html'), 'utf8')).toContain('id="quotes"');
    const io3 = memoryIo(ROOT);
    expect(await main(['report', join(dir, 'run', 'codings.json'), '--by', 'grop', '-o', join(dir, 'x.html')], io3)).toBe(2);
    expect(io3.err()).toMatch(/unknown attribute "grop"[\s\S]*group/);
  }, 60_000);

  it.skipIf(!CHROMIUM)('renders in headless Chromium without console errors, with every section and a screenshot (skipped when there is no chromium in /usr/bin: apt-get install chromium)', () => {
    const profile = mkdtempSync(join(tmpdir(), 'qda-chromium-'));
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0'];
    const url = 'file://' + join(dir, 'report.html');
    const dom = spawnSync(CHROMIUM!, [...flags, '--dump-dom', url], { encoding: 'utf8', timeout: 60_000 });
    expect(dom.status).toBe(0);
    for (const id of REPORT_SECTION_IDS) expect(dom.stdout).toContain(`id="${id}"`);
    // the script text stayed text: no <script> element in the parsed DOM
    expect(dom.stdout).not.toMatch(/<script/i);
    expect(dom.stderr).not.toMatch(/CONSOLE|Uncaught/);
    const shot = join(profile, 'shot.png');
    const s = spawnSync(CHROMIUM!, [...flags, `--screenshot=${shot}`, '--window-size=1200,1600', url], { encoding: 'utf8', timeout: 60_000 });
    expect(s.stderr).not.toMatch(/CONSOLE|Uncaught/);
    expect(statSync(shot).size).toBeGreaterThan(1000);
    expect([...readFileSync(shot).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  }, 120_000);

});
