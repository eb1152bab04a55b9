import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * qda agree with one coder's codings in two files ("anna" in a1.csv, "Anna" or "anna" in a2.csv):
 * each file is a coder, so anna was compared as two coders who rate no source in common (a table
 * of "anna vs Anna vs bert" with 0 units rated by all), without a word. Now said with both files.
 * Two files whose coder is the same default name and that share sources (two coders, each "human")
 * are the usual case: nothing said.
 */
const FILES = {
  'a1.csv': 'source,segment,code,coder\ns1,s1#1,geld,anna\ns2,s2#1,geld,anna\n',
  'a2.csv': 'source,segment,code,coder\ns3,s3#1,tijd,Anna\n',
  'a3.csv': 'source,segment,code,coder\ns3,s3#1,tijd,anna\n',
  'b.csv': 'source,segment,code,coder\ns1,s1#1,geld,bert\ns2,s2#1,tijd,bert\ns3,s3#1,tijd,bert\n',
  'h1.csv': 'source,segment,code\ns1,s1#1,geld\n',
  'h2.csv': 'source,segment,code\ns1,s1#1,tijd\n',
};

describe('qda agree: one coder name in two files', () => {
  it('written with other capitals: said with both files and that they rate no source together', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-agree-files-')), 'p', FILES);
    const r = await qdaLeavingInputs(dir, ['agree', 'a1.csv', 'a2.csv', 'b.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('a2.csv: warning: 1 coder name(s) stand in more than one file (the same name, or written differently only in capitals, accents or spaces) and are compared as different coders, one per file: "anna" in a1.csv and "Anna" in a2.csv: no source rated by both [analysis:coder-over-files]');
    expect(r.err).toContain("if they are one coder's codings split over files, join the rows into one file");
  });

  it('the same name in two files without a source in common: said, with the names the table shows', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-agree-files-')), 'p', FILES);
    const r = await qdaLeavingInputs(dir, ['agree', 'a1.csv', 'a3.csv', 'b.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('"anna" in a1.csv (shown as "a1") and "anna" in a3.csv (shown as "a3"): no source rated by both [analysis:coder-over-files]');
  });

  it('two files whose coder is "human" and that share a source: nothing said', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-agree-files-')), 'p', FILES);
    const r = await qdaLeavingInputs(dir, ['agree', 'h1.csv', 'h2.csv']);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('coder-over-files');
  });
});
