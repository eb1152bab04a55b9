/**
 * The codings document keeps the warnings of the run that made it (`warnings`): before, what
 * `qda code` said while reading (an unknown code kept aside, a label behind a dash read into a
 * turn, a source without a case row) was on the terminal only, and `qda matrix`, `qda report` or
 * `qda run` on the document later said nothing of it. Now the document holds each warning (JSON and
 * JSON Lines, valid against the schema, the same with 1 and 2 threads), the analysis commands say
 * how many and of what kinds (`document-warnings`), and the report lists each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-doc-warnings-'));
  writeFileSync(join(dir, 'kees.txt'), 'Interviewer: Hoe gaat het overleg?\n\nKees: We hebben elke week overleg met de school. Code: afstemmen met school\n- Kees: En we bellen de mentor als er iets is.\n\nInterviewer: Dank je.\n');
  writeFileSync(join(dir, 'anna.txt'), 'Interviewer: Werkt u samen met het wijkteam?\n\nAnna: Ja, we maken samen een plan en delen informatie.\n\nInterviewer: Dank u.\n');
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function code(out: string, env: Record<string, string> = {}, extra: string[] = []) {
  const io = memoryIo(dir, env);
  const rc = await main(['code', 'kees.txt', 'anna.txt', '-c', 'coordination-collaboration', '-o', out, ...extra], io);
  expect(rc, io.err()).toBe(0);
  return io.err();
}

describe('the codings document keeps the warnings it was made with', () => {
  it('writes each warning said on stderr into "warnings" (JSON), valid against the schema, and reads them back', async () => {
    const err = await code('c.json');
    const said = err.split('\n').filter((l) => /: warning: /.test(l));
    expect(said.length).toBeGreaterThanOrEqual(2);
    const raw = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    expect(raw.warnings.map((d: { ruleId: string }) => d.ruleId)).toEqual(expect.arrayContaining(['unknown-code', 'label-after-list-number']));
    expect(raw.warnings).toHaveLength(said.length);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(JSON.parse(readFileSync(join(ROOT, 'schemas/codings.schema.json'), 'utf8')), raw), JSON.stringify(ajv.errors)).toBe(true);
    const doc = await readCodings(join(dir, 'c.json'), { cwd: dir });
    expect(doc.warnings).toEqual(raw.warnings);
    // written again from memory: the same bytes
    expect(codingsDocumentText(doc, {})).toContain('"warnings": [');
  });

  it('with --codings (the codings merged by codeCorpus) the document keeps them too, with the merge\'s own', async () => {
    writeFileSync(join(dir, 'extra.csv'), 'source,segment,code,coder\nanna,anna#1,information-sharing,kim\n');
    const err = await code('m.json', {}, ['--codings', 'extra.csv']);
    const said = err.split('\n').filter((l) => /: (warning|info): |^(warning|info): /.test(l));
    const raw = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    // (it had no "warnings" at all: the merged document was made anew without them)
    expect(raw.warnings?.map((d: { ruleId: string }) => d.ruleId)).toEqual(expect.arrayContaining(['unknown-code', 'label-after-list-number']));
    expect(raw.warnings).toHaveLength(said.length);
  });

  it('the library\'s codeCorpus keeps them in the document without a report callback', async () => {
    const { readCorpus } = await import('../../src/ingest/read-corpus.js');
    const { readCodebook } = await import('../../src/ingest/read-codebook.js');
    const { codeCorpus } = await import('../../src/coding/code-corpus.js');
    const { corpus } = await readCorpus([join(dir, 'kees.txt')], { cwd: dir });
    const book = await readCodebook('coordination-collaboration', { cwd: dir });
    const doc = codeCorpus(corpus, [book], { version: 'test', unit: 'turn', speakers: 'respondent' });
    const seen: string[] = [];
    codeCorpus(corpus, [book], { version: 'test', unit: 'turn', speakers: 'respondent', report: (d) => seen.push(d.ruleId) });
    expect(seen).toContain('unknown-code');
    expect(doc.warnings?.map((d) => d.ruleId)).toEqual(seen);
  });

  it('JSON Lines keeps them on the end line; 1 and 2 threads write the same bytes', async () => {
    await code('c.jsonl', { QDA_THREADS: '1' }, ['--format', 'jsonl']);
    const last = readFileSync(join(dir, 'c.jsonl'), 'utf8').trimEnd().split('\n').pop()!;
    expect(JSON.parse(last).end.warnings.length).toBeGreaterThanOrEqual(2);
    const doc = await readCodings(join(dir, 'c.jsonl'), { cwd: dir });
    expect(doc.warnings?.map((d) => d.ruleId)).toEqual(JSON.parse(last).end.warnings.map((d: { ruleId: string }) => d.ruleId));
    await code('t1.json', { QDA_THREADS: '1' });
    await code('t2.json', { QDA_THREADS: '2', QDA_STREAM_MIN_BYTES: '1' });
    expect(readFileSync(join(dir, 't2.json'), 'utf8')).toBe(readFileSync(join(dir, 't1.json'), 'utf8'));
  });

  it('qda matrix on the document says how many warnings it was made with, of which kinds', async () => {
    await code('c.json');
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.json', '-o', 'm.csv'], io), io.err()).toBe(0);
    expect(io.err()).toMatch(/c\.json \(\/warnings\): info: the document was made with \d+ warnings of qda code \([^)]*unknown-code 1[^)]*\)/);
    expect(io.err()).toContain('[analysis:document-warnings]');
  });

  it('qda report on the document lists each warning in its Warnings section', async () => {
    await code('c.json');
    const io = memoryIo(dir);
    expect(await main(['report', 'c.json', '-o', 'r.html', '--lang', 'en'], io), io.err()).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<h2 id="warnings">Warnings</h2>');
    expect(html).toMatch(/kees\.txt:3:\d+: warning: marker &quot;Code: afstemmen met school&quot;/);
    expect(html).toContain('[ingest:label-after-list-number]');
    // (the note that counts them is not listed beside them)
    expect(html).not.toContain('[analysis:document-warnings]');
  });

  it('a document made without warnings has no "warnings" key (its bytes as before)', async () => {
    const io = memoryIo(dir);
    expect(await main(['code', 'anna.txt', '-c', 'coordination-collaboration', '-o', 'clean.json'], io), io.err()).toBe(0);
    expect(io.err()).not.toMatch(/: warning: /);
    expect(readFileSync(join(dir, 'clean.json'), 'utf8')).not.toContain('"warnings"');
  });
});
