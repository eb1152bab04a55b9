/**
 * Who coded: a coding that names no user in a project that lists its users was coder "human" without a
 * word (it may be any of them), and a user without a GUID was left out without a word. Both are said now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCodings } from '../../src/ingest/read-codings.js';
import { importQdpx } from '../helpers/refi-import.js';

const G = (n: number) => `a7000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Wie">
<Users><User guid="${G(900)}" name="fem"/><User guid="${G(901)}" name="bas"/><User name="kim"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Tijd" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="4" creatingUser="${G(900)}"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(21)}" startPosition="5" endPosition="9"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(22)}" startPosition="10" endPosition="14"><Coding guid="${G(32)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`;
const line = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-refi-users-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('refi import: codings without a user, users without a GUID', () => {
  it('are said with the count, the users listed and the first place; the coder stays "human"; the .qdpx byte-identical', async () => {
    const err = await importQdpx(dir, 'u.qdpx', XML, G(10), 'Vaak niet echt meer tijd.\n');
    expect(err).toContain('u.qdpx:project.qde: warning: 1 user(s) of <Users> have no GUID ("kim"): no coding or note can name them, so they are not imported [ingest:user-without-guid]');
    expect(err).toContain(
      `u.qdpx:project.qde:${line(31)}: warning: 2 coding(s) name no user (no creatingUser on the Coding or its selection), though the project lists 2 user(s) ("fem", "bas"): their coder is "human" (the first in source "gesprek") [ingest:coding-without-user]`,
    );
    const doc = await readCodings('imp/codings.json', { cwd: dir });
    expect(doc.codings.map((c) => c.coder)).toEqual(['fem', 'human', 'human']);
  });
});
