/**
 * Codes in a codings table written with and without an inner space or hyphen (`samenwerking`,
 * `samen werking`, `Samen-werking`) were counted as three codes without a word (a trailing space or
 * an NFD accent is read as one code and said; capitals alone are said as names-differ-in-case).
 * Now said (`codes-differ-in-spacing`) with each spelling's rows and lines; kept apart. Fails on the
 * old code. Invented codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCodings } from '../../src/ingest/read-codings.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';
import { codeWords, mkSource } from '../refi/helpers.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-spacing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codes written with and without an inner space or hyphen', () => {
  it('a codings CSV: said with the lines of each spelling, the codes kept apart', async () => {
    writeFileSync(join(dir, 'c.csv'), 'source;code\ns1;samenwerking\ns2;samen werking\ns3;Samen-werking\ns4;samenwerking\ns5;Vertrouwen\ns6;vertrouwen\ns7;co_creatie\ns8;cocreatie\n');
    const diags: Diagnostic[] = [];
    const doc = await readCodings('c.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect([...new Set(doc.codings.map((c) => c.code))].sort()).toEqual(['Samen-werking', 'Vertrouwen', 'co_creatie', 'cocreatie', 'samen werking', 'samenwerking', 'vertrouwen']);
    const d = diags.filter((x) => x.ruleId === 'codes-differ-in-spacing');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', file: 'c.csv', line: 3 });
    expect(d[0].message).toBe(
      '2 codes are written with and without a space, hyphen or underscore inside (capitals aside) and counted as different codes: "samenwerking" (2 rows, lines 2, 5) vs "samen werking" (1 row, line 3) vs "Samen-werking" (1 row, line 4); "co_creatie" (1 row, line 8) vs "cocreatie" (1 row, line 9)',
    );
    // (capitals alone: said as before, not as spacing)
    expect(diags.some((x) => x.ruleId === 'names-differ-in-case' && x.message.includes('"Vertrouwen"'))).toBe(true);
  });

  it('a codings document (JSON): said with the count of codings of each spelling', async () => {
    const s = mkSource('gesprek', 'Anna: We stemmen alles samen af.\nAnna: Dat kost tijd.\n', { kind: 'document' });
    const codings = [codeWords(s, 'We stemmen alles samen af.', 'samenwerking', 'fem'), codeWords(s, 'Dat kost tijd.', 'samen-werking', 'fem')];
    writeFileSync(join(dir, 'c.json'), codingsDocumentText({ provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [], sources: [s], segments: [], codings }));
    const diags: Diagnostic[] = [];
    await readCodings('c.json', { cwd: dir, report: (d) => diags.push(d) });
    const d = diags.find((x) => x.ruleId === 'codes-differ-in-spacing');
    expect(d?.message).toContain('"samenwerking" (1 coding) vs "samen-werking" (1 coding)');
  });
});
