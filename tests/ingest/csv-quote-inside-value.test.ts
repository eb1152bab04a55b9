import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/model/types.js';
import { parseCsvRecords } from '../../src/ingest/csv-records.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * A quoted CSV value with a double quote inside that is not doubled (typed by hand:
 * `"Hij zei "ja" en ging"`): the value ends at that quote, and the rest is read after it, its
 * quotes dropped or kept where they fall (`Hij zei ja" en ging"`), without a word. Now said with
 * the line, the column and the value as read (`quote-inside-value`). Invented content.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-quote-inside-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const said = (text: string) => {
  const out: Diagnostic[] = [];
  const r = parseCsvRecords(text, 't.csv', { report: (d) => void out.push(d) });
  return { r, out: out.filter((d) => d.ruleId === 'quote-inside-value') };
};

describe('a double quote inside a quoted value, not doubled', () => {
  it('is said with its line, column and the value as read', () => {
    const { r, out } = said('respondent,antwoord\nR1,"Het ging goed."\nR2,"Hij zei "ja" en ging"\n');
    expect(r.records[1]).toEqual(['R2', 'Hij zei ja" en ging"']);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ severity: 'warning', line: 3 });
    expect(out[0].message).toContain('(line 3 "antwoord")');
    expect(out[0].message).toContain('read "Hij zei ja" en ging""');
  });

  it('several are counted, with their lines', () => {
    const { out } = said('a;b\n"x"y;1\n"p"q;"r"s\n');
    expect(out[0].message).toMatch(/^3 values in double quotes have .*\(line 2 "a"; 2 more, lines 3\)/);
  });

  it('quotes doubled as a spreadsheet writes them, a space after the closing quote, a quote inside an unquoted value: nothing said', () => {
    expect(said('a,b\n"Hij zei ""ja""",1\n"x" ,2\nab"c,3\n"multi\nline",4\n').out).toEqual([]);
  });

  it('an answers table read as a source says it', async () => {
    const d = writeProject(root, 'a', { 'antwoorden.csv': 'respondent;antwoord\nR1;"Hij zei "ja" tegen de buurvrouw"\nR2;"Prima contact."\n' });
    const r = await qdaLeavingInputs(d, ['segments', 'antwoorden.csv', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('antwoorden.csv:2: warning: a value in double quotes has a double quote inside that is not doubled (line 2 "antwoord")');
  });
});
