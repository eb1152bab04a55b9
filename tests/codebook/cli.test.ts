import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { BUILTIN_CODEBOOK_IDS } from '../../src/codebook/builtins.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-codebook-'));
  copyFileSync(join(fixtures, 'codebook/example.yaml'), join(dir, 'example.yaml'));
  copyFileSync(join(fixtures, 'codebook/minimal.json'), join(dir, 'minimal.json'));
  copyFileSync(join(fixtures, 'refi-qda/minimal-codebook.qdc'), join(dir, 'minimal-codebook.qdc'));
  copyFileSync(join(fixtures, 'refi-qda/invalid-empty-sets.qdc'), join(dir, 'invalid-empty-sets.qdc'));
  writeFileSync(join(dir, 'bad.yaml'), 'id: bad\ncodes:\n  - id: a\n    parnet: b\n  - id: c\n    rules:\n      - regex: "(a+)+$"\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err(), bytes: io.outBytes() };
}

describe('qda codebook', () => {
  it('validate: ok lines, exit 0', async () => {
    const r = await run(['codebook', 'validate', 'example.yaml', 'minimal.json', 'minimal-codebook.qdc']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('example.yaml: ok (5 codes)\nminimal.json: ok (2 codes)\nminimal-codebook.qdc: ok (2 codes, 1 warning)\n');
  });

  it('validate: every diagnostic with file:line:col, exit 2', async () => {
    const r = await run(['codebook', 'validate', 'bad.yaml', 'example.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.yaml:4:5 (/codes/0/parnet): error: /codes/0/parnet unknown field "parnet" [codebook:schema]');
    expect(r.err).toContain('  did you mean: parent');
    expect(r.err).toContain('bad.yaml: 1 error');
    expect(r.out).toBe('example.yaml: ok (5 codes)\n');
  });

  it('validate: semantic errors once the schema passes (hostile regex)', async () => {
    writeFileSync(join(dir, 'redos.yaml'), 'id: r\ncodes:\n  - id: c\n    rules:\n      - regex: "(a+)+$"\n');
    const r = await run(['codebook', 'validate', 'redos.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^redos\.yaml:5:16 \(\/codes\/0\/rules\/0\/regex\): error: regular expression at risk of catastrophic backtracking/m);
    expect(r.err).toMatch(/hint: rewrite without nesting/);
  });

  it('validate: the empty-Sets .qdc is reported clearly (a warning; import still works)', async () => {
    const r = await run(['codebook', 'validate', 'invalid-empty-sets.qdc']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('invalid-empty-sets.qdc: ok (1 code, 1 warning)\n');
    expect(r.err).toMatch(/invalid-empty-sets\.qdc: warning: empty <Sets\/>.*\[codebook:qdc-empty-container\]/);
  });

  it('validate: a missing file / unknown id', async () => {
    const r = await run(['codebook', 'validate', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/codebook file not found: nope\.yaml/);
    const r2 = await run(['codebook', 'show', 'hovik-hansen']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/unknown codebook "hovik-hansen"/);
    expect(r2.err).toMatch(/did you mean: hovik-hanssen/);
    expect(r2.err).toContain(BUILTIN_CODEBOOK_IDS.join(', '));
  });

  it('validate: a codebook file over 20 MB is refused before reading', async () => {
    writeFileSync(join(dir, 'huge.yaml'), 'id: huge\ncodes: []\n' + '#'.repeat(21 * 1024 * 1024));
    const r = await run(['codebook', 'validate', 'huge.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^huge\.yaml: error: codebook is 21\.0 MB; at most 20 MB is read \[codebook:codebook-too-large\]/);
    rmSync(join(dir, 'huge.yaml'));
  });

  it('show: a tree with ids and names in --lang', async () => {
    const r = await run(['codebook', 'show', 'example.yaml', '--lang', 'nl']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'Voorbeeldcodeboek (example, 5 codes)',
        'Example, A. (2020) A made-up framework. Journal of Tests 1(1).',
        '├─ relatie  Relatie',
        '│  ├─ trust  Vertrouwen  (2 regels)',
        '│  └─ agreements  Afspraken  (3 regels)',
        '└─ process  Proces',
        '   └─ meetings  Overleg',
        '',
      ].join('\n'),
    );
  });

  it('export: md to stdout; docx/qdc/yaml/latex/csv/html to files; format from -o', async () => {
    const md = await run(['codebook', 'export', 'example.yaml', '--lang', 'en']);
    expect(md.code).toBe(0);
    expect(md.out).toContain('# Codebook: Example codebook');
    for (const [fmt, file] of [['docx', 'cb.docx'], ['qdc', 'cb.qdc'], ['yaml', 'cb.yaml'], ['latex', 'cb.tex'], ['csv', 'cb.csv'], ['html', 'cb.html'], ['json', 'cb.json']]) {
      const r = await run(['codebook', 'export', 'example.yaml', '--format', fmt, '-o', file]);
      expect(r.code, fmt).toBe(0);
      expect(existsSync(join(dir, file))).toBe(true);
    }
    const inferred = await run(['codebook', 'export', 'example.yaml', '-o', 'inferred.docx']);
    expect(inferred.code).toBe(0);
    expect(readFileSync(join(dir, 'inferred.docx')).subarray(0, 2).toString()).toBe('PK');
    const original = await readCodebook('example.yaml', { cwd: dir });
    const { file: _f, sha256: _s, ...plain } = original;
    expect(parseCodebook(readFileSync(join(dir, 'cb.yaml'), 'utf8'), { file: 'cb.yaml' })).toEqual(plain);
    expect(parseCodebook(readFileSync(join(dir, 'cb.json'), 'utf8'), { file: 'cb.json' })).toEqual(plain);
  });

  it('export: docx to the terminal is refused; unknown format listed', async () => {
    const r = await run(['codebook', 'export', 'example.yaml', '--format', 'docx']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/binary format/);
    const r2 = await run(['codebook', 'export', 'example.yaml', '--format', 'pdf']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/unknown format "pdf"/);
  });

  it('import: .qdc → YAML that validates and parses back', async () => {
    const r = await run(['codebook', 'import', 'minimal-codebook.qdc', '-o', 'imported.yaml', '--id', 'barriers-book']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'imported.yaml'), 'utf8');
    expect(text).toMatch(/^# imported from minimal-codebook\.qdc by qdakit\n/);
    const b = parseCodebook(text, { file: 'imported.yaml' });
    expect(b.id).toBe('barriers-book');
    expect(b.codes.map((c) => [c.id, c.parent])).toEqual([['barriers', undefined], ['cost', 'barriers']]);
    const v = await run(['codebook', 'validate', 'imported.yaml']);
    expect(v.out).toBe('imported.yaml: ok (2 codes)\n');
  });

  it('import: warns about the empty <Sets/> on stderr and still writes YAML', async () => {
    const r = await run(['codebook', 'import', 'invalid-empty-sets.qdc']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/qdc-empty-container/);
    expect(r.out).toMatch(/id: interesting/);
  });

  it('list: one line per built-in', async () => {
    const r = await run(['codebook', 'list', '--lang', 'en']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+codes\s+ladder$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([...BUILTIN_CODEBOOK_IDS]);
  });
});

describe('qda codebook: output names and Dutch tree', () => {
  it('export -o with an extension that names no format is refused (not Markdown in a .pdf)', async () => {
    const r = await run(['codebook', 'export', 'example.yaml', '-o', 'appendix.pdf']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot tell the export format from the file name "appendix.pdf"/);
    expect(r.err).toMatch(/\.docx or \.tex/);
    expect(existsSync(join(dir, 'appendix.pdf'))).toBe(false);
    const ok = await run(['codebook', 'export', 'example.yaml', '-o', 'appendix.pdf', '--format', 'md']);
    expect(ok.code).toBe(0);
  });
  it('show --lang nl counts rules as regels', async () => {
    const r = await run(['codebook', 'show', 'hovik-hanssen', '--lang', 'nl']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\(\d+ regels?\)/);
    expect(r.out).not.toMatch(/\brules?\)/);
  });
});
