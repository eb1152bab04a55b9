import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Ajv } from 'ajv';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { cpSlice } from '../../src/model/codepoints.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: samen
    name: {nl: Samenwerking, en: Collaboration}
    rules:
      - keywords: {nl: [samenwerking, overleg*], en: [collaborat*]}
`;
const text = 'Interviewer: Hoe is de samenwerking?\n\nRespondent: 😀 Het samenwerkingsverband werkt. Code: trust\n\nRespondent: Niets bijzonders.\n';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'qda-code-'));
  writeFileSync(join(dir, 'book.yaml'), book);
  writeFileSync(join(dir, 'int1.txt'), text);
  return dir;
}

describe('qda code', () => {
  it('writes a codings document that validates against the published schema', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'int1.txt', '-c', 'book.yaml', '-o', 'out.json'], io)).toBe(0);
    const raw = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    const schema = JSON.parse(readFileSync(new URL('../../schemas/codings.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv({ strict: false });
    const ok = ajv.validate(schema, raw);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(raw.schemaVersion).toBe(2);
    const doc = await readCodings(join(dir, 'out.json'));
    const rules = doc.codings.filter((c: { coder: string }) => c.coder === 'rules');
    expect(rules).toHaveLength(1);
    const m = rules[0].evidence!.matches![0];
    expect(cpSlice(doc.sources[0].text, m.start, m.end)).toBe('samenwerkingsverband');
    const human = doc.codings.filter((c: { coder: string }) => c.coder === 'human');
    expect(human.map((c: { code: string }) => c.code)).toEqual(['trust']);
    expect(io.err()).toMatch(/int1\.txt:3:.*unknown-code/);
  });

  it('writes CSV and explains', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'int1.txt', '-c', 'book.yaml', '--format', 'csv', '--explain'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(/^source,case,.*segment,speaker,role,start,end,code,code_name,coder,score,evidence,id,link,relation,verdict,text,segment_text$/);
    expect(io.out()).toContain('samenwerkingsverband');
    expect(io.err()).toMatch(/rule samen\/r1: keywords nl/);
    expect(io.err()).toMatch(/matched "samenwerkingsverband" @3:/);
  });

  it('exits 2 for an unknown codebook id', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'int1.txt', '-c', 'no-such-book'], io)).toBe(2);
    expect(io.err()).toMatch(/no-such-book/);
  });

  it('CSV to a file is written source by source with the same content as the whole-document CSV', async () => {
    const dir = project();
    const extra = 'Respondent: Overleg met de gemeente, samenwerking! {{samen | memo}}\n\nInterviewer: En verder?\n\nRespondent: Nee.\n';
    for (let i = 2; i <= 7; i++) writeFileSync(join(dir, `int${i}.txt`), i % 2 ? text : extra);
    writeFileSync(join(dir, 'cases.csv'), 'source,group\nint1,a\nint4,b\n');
    const whole = memoryIo(dir);
    expect(await main(['code', '.', '-c', 'book.yaml', '--cases', 'cases.csv', '--format', 'csv'], whole)).toBe(0);
    const streamed = memoryIo(dir);
    expect(await main(['code', '.', '-c', 'book.yaml', '--cases', 'cases.csv', '-o', 'out.csv'], streamed)).toBe(0);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(csv).toBe(whole.out());
    expect(csv.split('\n')[0]).toContain(',group,');
    expect(csv).toMatch(/int4,.*,samen,.*,human,/);
  });
});
