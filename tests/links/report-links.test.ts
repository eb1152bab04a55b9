import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { linkedDoc } from './fixtures.js';
import { tasksDoc, TASK_JUDGEMENTS } from '../framework/fixtures.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

/** One study: the linked say/do set and the notes per task, in one codings document. */
function studyDoc(): CodingsDocument {
  const a = linkedDoc();
  const b = tasksDoc();
  return { ...a, codebooks: [...a.codebooks, ...b.codebooks], codes: [...a.codes, ...b.codes], sources: [...a.sources, ...b.sources], codings: [...a.codings, ...b.codings] };
}

/** The cells of the rows of the table that follows `<h2 id="ID">` (a small reader for our own HTML, tags stripped). */
function tableRows(html: string, sectionId: string, which = 0): string[][] {
  const sec = html.slice(html.indexOf(`id="${sectionId}"`));
  const end = sec.indexOf('</section>');
  const tables = sec.slice(0, end).split('<table').slice(1);
  const body = tables[which].slice(tables[which].indexOf('<tbody>'), tables[which].indexOf('</tbody>'));
  return body
    .split('</tr>')
    .filter((r) => r.includes('<t'))
    .map((r) => [...r.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').trim()));
}

let dir: string;
let html: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-report-links-'));
  writeFileSync(join(dir, 'codings.json'), JSON.stringify(studyDoc()));
  writeFileSync(join(dir, 'druk.csv'), TASK_JUDGEMENTS);
  const io = memoryIo(dir);
  expect(await main(['report', 'codings.json', '--framework', 'druk.csv', '-o', 'report.html', '--lang', 'en'], io)).toBe(0);
  html = readFileSync(join(dir, 'report.html'), 'utf8');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The column labels of that table. */
function tableHead(html: string, sectionId: string, which = 0): string[] {
  const sec = html.slice(html.indexOf(`id="${sectionId}"`));
  const t = sec.split('<table')[which + 1];
  const head = t.slice(t.indexOf('<thead>'), t.indexOf('</thead>'));
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

function checkSaidDone(h: string) {
  const rows = tableRows(h, 'said-done', 0);
  const v = tableHead(h, 'said-done', 0).indexOf('Verdict');
  expect(v).toBeGreaterThan(0);
  // independent: the links of the fixture, one row each (the reversed contradicts link included)
  const doc = linkedDoc();
  const expected = doc.codings.flatMap((c) => (c.links ?? []).map((l) => l.verdict ?? '')).sort();
  expect(rows.map((r) => r[v]).sort()).toEqual(expected);
  expect(rows.some((r) => r.includes('(no coding labelled #e9)'))).toBe(true);
  const summary = tableRows(h, 'said-done', 1);
  const total = summary[summary.length - 1];
  expect(total[0]).toBe('Total');
}

function checkFramework(h: string) {
  const rows = tableRows(h, 'framework', 0);
  const match = rows.find((r) => r[0].endsWith('(rv-match)'))!;
  // columns: dimension, then judgement and evidence per opgave in natural order (IV V VII IX X), then (none)
  expect(match.slice(1, 11).filter((_, i) => i % 2 === 0)).toEqual(['X', 'X', 'X', 'X', '']);
  expect(match[2]).toBe('1: notitie-iv:2');
  expect(rows.find((r) => r[0].endsWith('(rv-regie)'))![8]).toBe('⚑ no coded evidence');
}

describe('report: said vs. done and the framework matrix', () => {
  it('the HTML has both sections, in the contents, with the pairs and the judgements', () => {
    expect(html).toContain('<a href="#said-done">Said vs. done</a>');
    expect(html).toContain('<a href="#framework">Framework matrix</a>');
    checkSaidDone(html);
    checkFramework(html);
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium: the parsed DOM holds the same tables (skipped when there is no chromium in /usr/bin: apt-get install chromium)', () => {
    const profile = mkdtempSync(join(tmpdir(), 'qda-chromium-'));
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0'];
    const dom = spawnSync(CHROMIUM!, [...flags, '--dump-dom', 'file://' + join(dir, 'report.html')], { encoding: 'utf8', timeout: 60_000 });
    rmSync(profile, { recursive: true, force: true });
    expect(dom.status).toBe(0);
    expect(dom.stderr).not.toMatch(/CONSOLE|Uncaught/);
    checkSaidDone(dom.stdout);
    checkFramework(dom.stdout);
  }, 120_000);

});
