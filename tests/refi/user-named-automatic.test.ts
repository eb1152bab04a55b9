/**
 * A person in another program's project named "model" or "rules" — the names qdakit gives its
 * automatic coders: their codings were imported as coder "model", read everywhere as machine
 * suggestions (left out of appendices and reports beside a person's codings), without a word.
 * Now said with the user's line and the count; a qdakit project's own automatic coders are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importQdpx } from '../helpers/refi-import.js';

const G = (n: number) => `a7100000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const xml = (origin: string) => `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Wie"${origin ? ` origin="${origin}"` : ''}>
<Users><User guid="${G(900)}" name="model"/><User guid="${G(901)}" name="bas"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Tijd" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="4" creatingUser="${G(900)}"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(21)}" startPosition="5" endPosition="9" creatingUser="${G(900)}"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(22)}" startPosition="10" endPosition="14" creatingUser="${G(901)}"><Coding guid="${G(32)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-refi-user-automatic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('refi import: a user named as an automatic coder', () => {
  it('is said with the count of their codings (another program\'s project)', async () => {
    const err = await importQdpx(dir, 'u.qdpx', xml('QualCoder 3.6'), G(10), 'Vaak niet echt meer tijd.\n');
    expect(err).toContain('u.qdpx:project.qde:3: warning: the user "model" has the name qdakit gives its automatic coder (rules, model): their 2 coding(s) are read as automatic suggestions, not as a person\'s (appendices, reports and the labelschema leave them out beside a person\'s codings, qda review asks about them) [ingest:user-named-as-automatic-coder]');
    expect(err).toContain('hint: rename coder "model" in codings.json after the import (e.g. "model-person")');
  });

  it('a project qdakit wrote: its own automatic coders are not said', async () => {
    const own = mkdtempSync(join(dir, 'own-'));
    const err = await importQdpx(own, 'q.qdpx', xml('qdakit 0.1.0'), G(10), 'Vaak niet echt meer tijd.\n');
    expect(err).not.toContain('user-named-as-automatic-coder');
  });
});
