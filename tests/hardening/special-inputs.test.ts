/**
 * The smaller hostile inputs of issue 13, item 9, each with its own fixture: a named pipe
 * or a device given as an input (refused at once, never blocking or filling the memory),
 * duplicate code GUIDs in a .qdpx (reported), duplicate keys in a JSON codebook (exit 2 with
 * line:col), =HYPERLINK in the cases.csv of a refi import (neutralised), LaTeX with
 * right-to-left and zero-width characters (kept, never '?'). Already covered elsewhere:
 * EROFS/EACCES/EISDIR name the target (full-disk.test.ts), DIR/sources → outside is refused
 * (no-overwrite.test.ts), a killed run's .spool files are removed (full-disk.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { escapeLatex } from '../../src/export/escape.js';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-special-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRANSCRIPT = 'Interviewer: Hoe werkt de samenwerking?\nAnna: We hebben wekelijks overleg met de gemeente.\n';
const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function folder(name: string): string {
  const w = join(dir, name);
  mkdirSync(w);
  return w;
}

describe.skipIf(!hasMkfifo)('named pipes and devices as inputs (skipped without mkfifo)', () => {
  it.each([
    ['a source', (f: string) => ['code', f, '-c', 'coordination-collaboration', '-o', 'out.json'], 'pipe.txt'],
    ['a codings file', (f: string) => ['matrix', f], 'pipe.json'],
    ['a codebook', (f: string) => ['code', 'anna.txt', '-c', f, '-o', 'out.json'], 'pipe.yaml'],
    ['a cases file', (f: string) => ['code', 'anna.txt', '-c', 'coordination-collaboration', '--cases', f, '-o', 'out.json'], 'pipe.csv'],
    ['a project file', (f: string) => ['code', 'anna.txt', '--config', f, '-o', 'out.json'], 'pipe.yaml'],
    ['a .qdpx', (f: string) => ['refi', 'import', f, '-o', 'proj'], 'pipe.qdpx'],
  ])('a FIFO named as %s: exit 2 at once, naming it, nothing written', { timeout: 30_000 }, async (_what, args, name) => {
    const w = folder(`fifo-${name}-${_what.replace(/\W/g, '')}`);
    writeFileSync(join(w, 'anna.txt'), TRANSCRIPT);
    execFileSync('mkfifo', [join(w, name)]);
    const io = memoryIo(w);
    const code = await main(args(name), io);
    expect(io.err()).toMatch(new RegExp(`^${name.replace('.', '\\.')}: error: this is a named pipe \\(FIFO\\), not a regular file.*\\[\\w+:not-a-regular-file\\]`, 'm'));
    expect(code).toBe(2);
    expect(readdirSync(w).sort()).toEqual(['anna.txt', name].sort());
  });
});

describe('a .txt that is a symbolic link to /dev/zero', () => {
  it.skipIf(process.platform === 'win32')('is refused as a device (it filled the memory until the process aborted; skipped on Windows, which has no /dev/zero)', { timeout: 30_000 }, async () => {
    const w = folder('zero');
    symlinkSync('/dev/zero', join(w, 'zero.txt'));
    const io = memoryIo(w);
    expect(await main(['code', 'zero.txt', '-c', 'coordination-collaboration', '-o', 'out.json'], io)).toBe(2);
    expect(io.err()).toMatch(/^zero\.txt: error: this is a character device, not a regular file/m);
    expect(readdirSync(w)).toEqual(['zero.txt']);
  });
});

const qdeWith = (codes: string, sources = '', cases = '') =>
  `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>${codes}</Codes></CodeBook><Variables><Variable guid="66666666-6666-6666-6666-666666666666" name="team" typeOfVariable="Text"/></Variables>${sources}${cases}</Project>`;
const SOURCE = (codeGuid: string) =>
  `<Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="anna"><PlainTextContent>${TRANSCRIPT}</PlainTextContent><PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="40" endPosition="60"><Coding guid="44444444-4444-4444-4444-444444444444"><CodeRef targetGUID="${codeGuid}"/></Coding></PlainTextSelection></TextSource></Sources>`;

describe('refi import', () => {
  it('two codes with one GUID: a warning naming both and where the codings go (never silently the last)', async () => {
    const g = '11111111-1111-1111-1111-111111111111';
    const qde = qdeWith(`<Code guid="${g}" name="Overleg" isCodable="true"/><Code guid="${g}" name="Afstemming" isCodable="true"/>`, SOURCE(g));
    const w = folder('dupguid');
    writeFileSync(join(w, 'dup.qdpx'), zipSync({ 'project.qde': strToU8(qde) }));
    const io = memoryIo(w);
    expect(await main(['refi', 'import', 'dup.qdpx', '-o', 'proj'], io)).toBe(0);
    expect(io.err()).toMatch(/dup\.qdpx:project\.qde:\d+: warning: the codes "overleg" and "afstemming" have the same GUID 11111111-1111-1111-1111-111111111111; codings that refer to it go to "overleg" \(the first\), none to "afstemming" \[ingest:duplicate-guid\]/);
    const doc = readFileSync(join(w, 'proj', 'codings.json'), 'utf8');
    expect(doc).toContain('"overleg"');
  });

  it('=HYPERLINK(...) in a case attribute is neutralised in cases.csv', async () => {
    const g = '11111111-1111-1111-1111-111111111111';
    const cases = `<Cases><Case guid="55555555-5555-5555-5555-555555555555" name="=HYPERLINK(&quot;http://x&quot;)"><VariableValue><VariableRef targetGUID="66666666-6666-6666-6666-666666666666"/><TextValue>=HYPERLINK("http://evil","klik")</TextValue></VariableValue><SourceRef targetGUID="22222222-2222-2222-2222-222222222222"/></Case></Cases>`;
    const w = folder('hyperlink');
    writeFileSync(join(w, 'h.qdpx'), zipSync({ 'project.qde': strToU8(qdeWith(`<Code guid="${g}" name="Overleg" isCodable="true"/>`, SOURCE(g), cases)) }));
    const io = memoryIo(w);
    expect(await main(['refi', 'import', 'h.qdpx', '-o', 'proj'], io)).toBe(0);
    const csv = readFileSync(join(w, 'proj', 'cases.csv'), 'utf8');
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    const cells = rows.slice(1).flat();
    expect(cells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@]/);
  });
});

describe('a JSON codebook with a key twice in one object', () => {
  it('is an error with line:column (JSON.parse would keep the last silently); exit 2 from the CLI', async () => {
    const json = '{\n  "id": "dup",\n  "name": {"nl": "Dup", "en": "Dup"},\n  "codes": [{"id": "a", "name": {"nl": "A", "en": "A"}}],\n  "codes": [{"id": "b", "name": {"nl": "B", "en": "B"}}]\n}\n';
    const r = parseCodebookWithDiagnostics(json, { file: 'dup.json' });
    const d = r.diagnostics.find((x) => x.ruleId === 'duplicate-key');
    expect(d).toMatchObject({ severity: 'error', line: 5, column: 3 });
    expect(d!.message).toContain('"codes" appears twice');
    const w = folder('dupkey');
    writeFileSync(join(w, 'dup.json'), json);
    const io = memoryIo(w);
    expect(await main(['codebook', 'validate', 'dup.json'], io)).toBe(2);
    expect(io.err()).toMatch(/dup\.json:5:3: error: .*"codes" appears twice/);
    // the same key in two different objects is fine
    const ok = parseCodebookWithDiagnostics('{"id": "x", "name": {"nl": "X", "en": "X"}, "codes": [{"id": "a", "name": {"nl": "A", "en": "A"}}, {"id": "b", "name": {"nl": "B", "en": "B"}}]}', { file: 'ok.json' });
    expect(ok.diagnostics.filter((x) => x.ruleId === 'duplicate-key')).toEqual([]);
  });
});

describe('LaTeX keeps right-to-left and zero-width characters', () => {
  it('zero-width and bidirectional controls as LaTeX, other scripts kept for XeLaTeX/LuaLaTeX with code points for pdfLaTeX; never "?"', () => {
    expect(escapeLatex('a\u200bb')).toBe('a\\hspace{0pt}b');
    expect(escapeLatex('a\u200cb\u200dc\u2060d\ufeffe')).toBe('a\\textcompwordmark{}b{}c\\nobreak{}d{}e');
    expect(escapeLatex('\u200fשלום\u200e ok')).toBe('{}\\ifdefined\\Umathcode שלום\\else[U+05E9 U+05DC U+05D5 U+05DD]\\fi{}{} ok');
    expect(escapeLatex('مرحبا')).toBe('\\ifdefined\\Umathcode مرحبا\\else[U+0645 U+0631 U+062D U+0628 U+0627]\\fi{}');
    expect(escapeLatex('ok 👍')).toBe('ok \\ifdefined\\Umathcode 👍\\else[U+1F44D]\\fi{}');
    for (const s of ['שלום עולם', 'a\u200bb', 'مرحبا', '中文', '\u202eabc\u202c']) expect(escapeLatex(s)).not.toContain('?');
  });
});
