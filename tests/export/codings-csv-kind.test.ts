/**
 * The codings CSV had a `kind` column only with a questionnaire source: observation notes and
 * documents read back from it were taken for interviews (saturation counted them as interviews,
 * the report compared them as interview groups; the reader's kind-not-given warning said so). Now
 * the column is there whenever a source is not an interview transcript, in the streamed CSV and in
 * the one written from memory alike, and the kinds read back are the document's.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('the codings CSV says each source\'s kind when one is not an interview', () => {
  it('interviews with an observation note and a document: a kind column, the kinds read back, nothing said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-csv-kind-'));
    mkdirSync(join(dir, 'in'));
    copyFileSync(join(ROOT, 'samples/interviews/wijkcoach-01.txt'), join(dir, 'in/wijkcoach-01.txt'));
    copyFileSync(join(ROOT, 'samples/observations/observatie-01-casuistiek-zuiderhof.md'), join(dir, 'in/observatie-01.md'));
    copyFileSync(join(ROOT, 'samples/documents/beleidsnotitie-samenwerking-sociaal-domein.md'), join(dir, 'in/beleidsnotitie.md'));
    for (const [out, extra] of [['c.csv', []], ['m.csv', ['--codings', 'none.csv']]] as const) {
      if (extra.length) (await import('node:fs')).writeFileSync(join(dir, 'none.csv'), 'source,code\n');
      const io = memoryIo(dir);
      expect(await main(['code', 'in', '-c', 'coordination-collaboration', ...extra, '-o', out], io), io.err()).toBe(0);
      expect(readFileSync(join(dir, out), 'utf8').split('\n')[0]).toMatch(/^source,case,kind,/);
      const said: string[] = [];
      const doc = await readCodings(join(dir, out), { report: (d) => void said.push(d.ruleId ?? '') });
      expect(Object.fromEntries(doc.sources.map((s) => [s.id, s.kind]))).toEqual({ 'wijkcoach-01': 'transcript', 'observatie-01': 'observation', beleidsnotitie: 'document' });
      expect(said).not.toContain('kind-not-given');
    }
  });

  it('interviews only: no kind column, as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-csv-kind-'));
    copyFileSync(join(ROOT, 'samples/interviews/wijkcoach-01.txt'), join(dir, 'wijkcoach-01.txt'));
    const io = memoryIo(dir);
    expect(await main(['code', 'wijkcoach-01.txt', '-c', 'coordination-collaboration', '-o', 'c.csv'], io)).toBe(0);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8').split('\n')[0]).toMatch(/^source,case,segment,/);
  });
});
