import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { cpLength } from '../../src/model/codepoints.js';
import { mkSource, codeWords } from '../refi/helpers.js';
import { readCodings } from '../../src/ingest/read-codings.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-links-survive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const linksOf = (doc: CodingsDocument) =>
  doc.codings.filter((c) => c.ref !== undefined || c.links?.length).map((c) => ({ code: c.code, ref: c.ref, links: c.links ?? [] }));

describe('links survive qda anonymize', () => {
  it('the codings document carried over keeps every label and link, on the pseudonymised spans', async () => {
    const work = join(dir, 'anon-json');
    mkdirSync(join(work, 'corpus'), { recursive: true });
    const text = 'Interviewer: Hoe gaat het?\nAnna: Op papier heeft Petra Jansen één vaste contactpersoon.\nAnna: Maar Petra Jansen ziet drie collega’s langskomen.\n';
    writeFileSync(join(work, 'corpus/int-01.txt'), text);
    writeFileSync(join(work, 'names.csv'), 'name\nPetra Jansen\n');
    const s = mkSource('int-01', text, { path: 'corpus/int-01.txt' });
    const e = codeWords(s, 'Op papier heeft Petra Jansen één vaste contactpersoon.', 'espoused', 'anna', { ref: 'e1' });
    const p = codeWords(s, 'Maar Petra Jansen ziet drie collega’s langskomen.', 'in-use', 'anna', { ref: 'p1', links: [{ to: 'e1', relation: 'enacts', verdict: 'inconsistent' }, { to: 'e7', relation: 'enacts' }] });
    const doc: CodingsDocument = { provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [], sources: [s], segments: [], codings: [e, p] };
    writeFileSync(join(work, 'codings.json'), JSON.stringify(doc));
    const io = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--codings', 'codings.json'], io)).toBe(0);
    const out = (await readCodings(join(work, 'anon/codings.json')));
    expect(linksOf(out)).toEqual(linksOf(doc));
    const anonText = readFileSync(join(work, 'anon/int-01.txt'), 'utf8');
    expect(anonText).not.toContain('Petra');
    const c = out.codings.find((x) => x.ref === 'p1')!;
    expect([...anonText].slice(c.start, c.end).join('')).toMatch(/^Maar .* ziet drie collega’s langskomen\.$/);
    expect(cpLength(anonText)).toBe(out.sources[0].length);
  });
});
