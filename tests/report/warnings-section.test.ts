/**
 * `qda report` from sources: the warnings of reading them were a count on stderr ("3 warnings while
 * reading the sources (run `qda code` on the inputs to see them)") and nowhere in the report, so a
 * reader of the report never learnt that a code was unknown or a turn was read into another.
 * Now each is in the report's Warnings section, as the terminal would show it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { renderReportHtml, REPORT_OPTIONAL_SECTION_IDS } from '../../src/export/report-html.js';
import type { CodingsDocument, Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-report-warnings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda report: warnings in the page', () => {
  it('puts the warnings of reading the sources in the report, in Dutch and English', async () => {
    writeFileSync(join(dir, 'anna.txt'), 'Interviewer: Hoe werkt u samen?\n\nAnna: We overleggen elke week met het wijkteam. Code: onbekende code\n\nInterviewer: Dank u.\n');
    writeFileSync(join(dir, 'cases.csv'), 'source,group\nbram,coach\n');
    for (const lang of ['en', 'nl'] as const) {
      const io = memoryIo(dir);
      expect(await main(['report', 'anna.txt', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', `r-${lang}.html`, '--lang', lang], io), io.err()).toBe(0);
      const html = readFileSync(join(dir, `r-${lang}.html`), 'utf8');
      expect(html).toContain(lang === 'en' ? '<h2 id="warnings">Warnings</h2>' : '<h2 id="warnings">Waarschuwingen</h2>');
      expect(html).toContain('[coding:unknown-code]');
      expect(html).toMatch(/anna\.txt:3:\d+: warning: marker &quot;Code: onbekende code&quot;/);
      expect(io.err()).toMatch(lang === 'en' ? /in the report under Warnings/ : /in het rapport onder Waarschuwingen/);
    }
  });
});

describe('renderReportHtml notices', () => {
  const doc: CodingsDocument = {
    schemaVersion: 1,
    provenance: { tool: 'qdakit', version: 'test', command: 'test', options: {} },
    codebooks: [],
    codes: [{ id: 'a', name: 'A' }],
    sources: [{ id: 's1', path: 's1.txt', format: 'txt', case: 's1', sha256: '', encoding: 'utf-8', newline: 'lf', kind: 'transcript', text: 'Anna: ja, samen.', attributes: {}, length: 16 }],
    segments: [{ id: 's1#0', sourceId: 's1', index: 0, unit: 'turn', speaker: 'Anna', role: 'respondent', start: 6, end: 16, text: 'ja, samen.' }],
    codings: [{ sourceId: 's1', segmentId: 's1#0', start: 6, end: 16, code: 'a', coder: 'eva' }],
  } as unknown as CodingsDocument;
  const d = (i: number): Diagnostic => ({ severity: 'warning', source: 'ingest', ruleId: i % 2 ? 'odd-kind' : 'even-kind', message: `warning <${i}> & more`, file: `f${i}.txt`, line: i, hint: 'fix it' });

  it('has no section without warnings, and one listing every warning (escaped) with them', async () => {
    expect(REPORT_OPTIONAL_SECTION_IDS).toContain('warnings');
    const r = await renderReportHtml({ doc, codebooks: [], lang: 'en' });
    expect(r.html).not.toContain('id="warnings"');
    const many = Array.from({ length: 45 }, (_, i) => d(i + 1));
    const html = r.withNotices(many);
    expect(html).toContain('<h2 id="warnings">Warnings</h2>');
    expect(html).toContain('45 warnings');
    // all 45, none folded away: each with its place
    for (let i = 1; i <= 45; i++) expect(html).toContain(`f${i}.txt:${i}: warning: warning &lt;${i}&gt; &amp; more [ingest:${i % 2 ? 'odd' : 'even'}-kind]`);
    expect(html).toMatch(/<code>ingest:odd-kind<\/code><\/th><td class="num">23<\/td>/);
    expect(html).toMatch(/<code>ingest:even-kind<\/code><\/th><td class="num">22<\/td>/);
    // errors are not warnings of a finished run
    const withError = r.withNotices([{ ...d(1), severity: 'error' }]);
    expect(withError).not.toContain('id="warnings"');
    // given up front, the same page
    const r2 = await renderReportHtml({ doc, codebooks: [], lang: 'en', notices: many });
    expect(r2.html).toBe(html);
  });
});
