/**
 * Exit 2 with file and place, never exit 1 (issue 13, item 7): crafted inputs that used to
 * escape as internal errors. Nested <Code> 5,000 deep in a .qdpx, a DOCTYPE with entities
 * (XXE) in an .odt, a YAML alias bomb in qda.yaml, in observation front matter and in an
 * interview guide. Every fixture is generated here; no output is written, inputs untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-exit2-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRANSCRIPT = 'Interviewer: Hoe werkt de samenwerking?\nAnna: We hebben wekelijks overleg met de gemeente.\n';

/** Run `args` in a fresh folder holding `files`; the inputs must be unchanged afterwards. */
async function run(name: string, files: Record<string, string | Uint8Array>, args: string[]) {
  const w = join(dir, name);
  mkdirSync(w);
  for (const [f, b] of Object.entries(files)) writeFileSync(join(w, f), b);
  const io = memoryIo(w);
  const code = await main(args, io);
  for (const [f, b] of Object.entries(files)) expect(Buffer.compare(readFileSync(join(w, f)), Buffer.from(b))).toBe(0);
  return { code, err: io.err(), w };
}

function expectInputError(r: { code: number; err: string }, file: RegExp) {
  expect(r.err).not.toMatch(/internal error/i);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err).toMatch(file);
  expect(r.code).toBe(2);
}

const YAML_BOMB = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill('*' + 'abcdefghi'[i]).join(', ')}]`)].join('\n');

describe('a .qdpx with <Code> nested 5,000 deep', () => {
  it('refi import: exit 2 naming the file, no output folder', async () => {
    let codes = '';
    const depth = 5000;
    for (let i = 0; i < depth; i++) codes += `<Code guid="00000000-0000-0000-0000-${String(i).padStart(12, '0')}" name="c${i}" isCodable="true">`;
    codes += '</Code>'.repeat(depth);
    const qde = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="deep"><CodeBook><Codes>${codes}</Codes></CodeBook></Project>`;
    const qdpx = zipSync({ 'project.qde': strToU8(qde) });
    const r = await run('deep', { 'deep.qdpx': qdpx }, ['refi', 'import', 'deep.qdpx', '-o', 'proj']);
    expectInputError(r, /^deep\.qdpx(:project\.qde)?(:\d+(:\d+)?)?: error: .*(nest|deep)/m);
    expect(existsSync(join(r.w, 'proj'))).toBe(false);
    expect(readdirSync(r.w)).toEqual(['deep.qdpx']);
  });

  it('a tree 200 deep is still imported', async () => {
    let codes = '';
    for (let i = 0; i < 200; i++) codes += `<Code guid="00000000-0000-0000-0000-${String(i).padStart(12, '0')}" name="c${i}" isCodable="true">`;
    codes += '</Code>'.repeat(200);
    const qde = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="deep"><CodeBook><Codes>${codes}</Codes></CodeBook></Project>`;
    const r = await run('deep200', { 'ok.qdpx': zipSync({ 'project.qde': strToU8(qde) }) }, ['refi', 'import', 'ok.qdpx', '-o', 'proj']);
    expect(r.err).not.toMatch(/internal error/i);
    expect(r.code).toBe(0);
    expect(readFileSync(join(r.w, 'proj', 'codebook.yaml'), 'utf8')).toContain('c199');
  });
});

describe('an .odt with a DOCTYPE (XXE, entity expansion)', () => {
  it('qda code: exit 2 naming the file, out.json not written', async () => {
    const content = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE office:document-content [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lollollollollol">]><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Interviewer: Hoe gaat het?</text:p><text:p>Anna: &xxe; &lol;</text:p></office:text></office:body></office:document-content>`;
    const odt = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8(content) });
    const r = await run('xxe', { 'xxe.odt': odt }, ['code', 'xxe.odt', '-c', 'coordination-collaboration', '-o', 'out.json']);
    expectInputError(r, /^xxe\.odt: error: refused: its content\.xml contains a <!DOCTYPE declaration \(line 1;/m);
    expect(existsSync(join(r.w, 'out.json'))).toBe(false);
  });

  it('content.xml that is not XML at all: exit 2, unreadable-document', async () => {
    const odt = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<office:document-content><text:p>open <b>') });
    const r = await run('badxml', { 'bad.odt': odt }, ['segments', 'bad.odt', '--format', 'json', '-o', 'seg.json']);
    expect(r.err).not.toMatch(/internal error/i);
    expect(r.code === 0 || r.code === 2).toBe(true);
    if (r.code === 2) expect(r.err).toMatch(/^bad\.odt: error: /m);
  });
});

describe('YAML alias bombs outside codebooks', () => {
  it('in qda.yaml: exit 2 with qda.yaml:line', async () => {
    const r = await run('project', { 'qda.yaml': `codebooks: [coordination-collaboration]\n${YAML_BOMB}\n`, 'anna.txt': TRANSCRIPT }, ['code', 'anna.txt', '-o', 'out.json']);
    expectInputError(r, /qda\.yaml:\d+:\d+: error: refused: the project file expands its YAML aliases/);
    expect(existsSync(join(r.w, 'out.json'))).toBe(false);
  });

  it('in the front matter of an observation: exit 2 with file:line (lines of the file, after ---)', async () => {
    const md = `---\nkind: observation\n${YAML_BOMB}\n---\nWe zagen overleg tussen de wijkcoach en de gemeente.\n`;
    const r = await run('front', { 'obs.md': md }, ['code', 'obs.md', '-c', 'coordination-collaboration', '-o', 'out.json']);
    expectInputError(r, /^obs\.md:4:\d+: error: refused: the YAML front matter expands its YAML aliases/m);
    expect(existsSync(join(r.w, 'out.json'))).toBe(false);
  });

  it('a few aliases are fine (front matter with one anchor used twice)', async () => {
    const md = `---\nkind: observation\nteam: &t noord\nwijk: *t\n---\nWe zagen overleg tussen de wijkcoach en de gemeente.\n`;
    const r = await run('front-ok', { 'obs.md': md }, ['segments', 'obs.md', '--format', 'json', '-o', 'seg.json']);
    expect(r.code).toBe(0);
  });
});
