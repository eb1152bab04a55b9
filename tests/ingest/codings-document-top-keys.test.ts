/**
 * A key of a codings document that the reader does not read (a `codings` list as version 1 had, a
 * list of one's own) is said, with what it holds; what it holds was left out without a word (a
 * coder's codings added by hand under "codings" simply disappeared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import type { Diagnostic } from '../../src/model/types.js';

const root = resolve(__dirname, '../..');
let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qda-top-keys-'));
  cpSync(join(root, 'samples/interviews/wijkcoach-03.txt'), join(work, 'w.txt'));
  expect(await main(['code', 'w.txt', '-c', 'kaats-opheij', '-o', 'c.json'], memoryIo(work))).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('keys of a codings document that are not read', () => {
  it('none in a document qda code wrote', async () => {
    const said: Diagnostic[] = [];
    await readCodings(join(work, 'c.json'), { report: (d) => said.push(d) });
    expect(said.filter((d) => d.ruleId === 'document-key-not-read')).toEqual([]);
  });
  it('a "codings" list (version 1 form) and a key of one\'s own: a warning naming both', async () => {
    const doc = JSON.parse(readFileSync(join(work, 'c.json'), 'utf8'));
    doc.codings = [{ source: 'w', code: 'x', coder: 'carl', start: 0, end: 5 }];
    doc.mine = { note: 'x' };
    writeFileSync(join(work, 'edited.json'), JSON.stringify(doc));
    const said: Diagnostic[] = [];
    await readCodings(join(work, 'edited.json'), { report: (d) => said.push(d) });
    const w = said.find((d) => d.ruleId === 'document-key-not-read');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toMatch(/2 key\(s\) of the codings document are not read: "codings" \(a list of 1\), "mine"; what they hold does not count \(a "codings" list is the form of version 1/);
    expect(w?.path).toBe('/codings');
  });
});
