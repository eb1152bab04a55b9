/**
 * `qda run CODINGS.csv`: every warning of the codings reader was printed twice (once where it
 * arose, once again after loading, from the days when they were only counted), while the summary
 * counted them once. Now once each, and the count agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-run-once-'));
  writeFileSync(join(dir, 'c1.csv'), 'source,turn,code,coder\nr1,2,exchange,human\nr1,2,exchange,human\nr2,1,Exchange,human\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda run on a codings table', () => {
  it('says each warning of the reader once, and counts it once', async () => {
    const r = await qda(dir, ['run', 'c1.csv', '-o', 'out', '--lang', 'en'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(r.err.match(/\[ingest:duplicate-row\]/g)).toHaveLength(1);
    expect(r.err.match(/\[ingest:names-differ-in-case\]/g)).toHaveLength(1);
    const said = (r.err.match(/: warning: /g) ?? []).length;
    expect(`${r.out}\n${r.err}`).toContain(`${said} warnings (on stderr, and in report.html under Warnings)`);
    // and each once in the report's section (its kinds table counts them)
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain(`${said} warnings of the run`);
    expect(html.match(/\[ingest:duplicate-row\]/g)).toHaveLength(1);
  }, 60_000);
});
