/**
 * A codings file whose name says one format and whose bytes hold the other: a CSV saved as
 * .json, a codings document saved as .csv. Each is read by what it holds, and said (info, with
 * the file and what was found). A .json file that is neither JSON nor a CSV with source and code
 * (YAML, a document whose first "{" was cut off) is refused as "not JSON", with the line it starts
 * on (it was "the codings CSV has no "source" column"). The files are left byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let tmp: string;
let d: string;
beforeAll(() => {
  tmp = mkdtempSync(`${tmpdir()}/qda-format-by-content-`);
  d = writeProject(tmp, 'p', {
    'csv-as.json': 'source,code,coder\nr1,trust,anna\nr2,trust,bob\n',
    'json-as.csv': '{"codings":[{"sourceId":"r1","code":"trust","start":0,"end":0}]}',
    'yaml.json': 'codings:\n  - source: r1\n',
    'cut.json': '\n\n  "codings": []}\n',
    'right.json': '{"codings":[{"sourceId":"r1","code":"trust","start":0,"end":0}]}',
    'right.csv': 'source,code\nr1,trust\n',
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('codings files read by what they hold', () => {
  it('a CSV saved as .json is read as a CSV, and said', async () => {
    const r = await qdaLeavingInputs(d, ['matrix', 'csv-as.json', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('| trust');
    expect(r.err).toContain(
      'csv-as.json: info: the name ends in .json, but the file is a CSV table (its first line: "source,code,coder"): read as a CSV [ingest:codings-format-by-content]\n  hint: rename it to .csv, so that it is clear (also to other tools) what it holds',
    );
  });

  it('a codings document saved as .csv is read as JSON, and said', async () => {
    const r = await qdaLeavingInputs(d, ['matrix', 'json-as.csv', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('json-as.csv: info: the name ends in .csv, but the file is JSON (it starts with "{"): read as a codings document [ingest:codings-format-by-content]\n  hint: rename it to .json');
  });

  it('a .json file that is neither JSON nor a codings CSV is refused as not JSON, with the line it starts on (exit 2)', async () => {
    const y = await qdaLeavingInputs(d, ['matrix', 'yaml.json']);
    expect(y.code).toBe(2);
    expect(y.out).toBe('');
    expect(y.err).toContain('yaml.json:1:1: error: the name ends in .json, but the file is not JSON: it starts with "codings:" (line 1), where a codings document starts with "{"; nor is it a CSV with the columns source and code [ingest:not-json]');
    expect(y.err).not.toContain('the codings CSV has no');
    const c = await qdaLeavingInputs(d, ['saturation', 'cut.json']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('cut.json:3:1: error: the name ends in .json, but the file is not JSON: it starts with ""codings": []}" (line 3)');
    expect(c.err).toContain('hint: if it is a codings document whose beginning was cut off or edited, write it again with `qda code … -o codings.json`; if it is a table, give it the columns source and code and save it as .csv');
  });

  it('files whose name fits what they hold: nothing said', async () => {
    for (const f of ['right.json', 'right.csv']) {
      const r = await qdaLeavingInputs(d, ['matrix', f, '--format', 'md']);
      expect(r.code).toBe(0);
      expect(r.err).not.toContain('codings-format-by-content');
    }
  });
});
