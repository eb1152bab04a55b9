import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * The report compares interview groups only by default (observation notes and documents go to
 * "Said vs. observed"). A codings document from a flat CSV has no source kinds and no segments:
 * the report must still be written and say which groups it compared, and why.
 */

const note = (html: string) => /<p id="compared-groups">([^<]*)<\/p>/.exec(html)?.[1] ?? '';

describe('qda report on a flat CSV of codings', () => {
  it('without a group column: one group of all sources, and the report says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-report-flat-'));
    writeFileSync(join(dir, 'codings.csv'), 'source,code\nint-a,trust\nint-b,trust\nint-c,cost\n');
    const io = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-o', 'r.html', '--lang', 'en'], io)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(note(html)).toMatch(/^Groups compared \(by source kind\): transcript \(3 respondents, 3 sources\)\./);
    expect(note(html)).toMatch(/flat list .* one group\. Add a group column to the CSV, give --by ATTRIBUTE/);
    expect(io.err()).toContain('report written: r.html (groups compared by source kind: transcript)');
    expect(html).toContain('id="skeleton"');
  });

  it('with a group column: the groups of that column, in Dutch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-report-flat-'));
    writeFileSync(join(dir, 'codings.csv'), 'source,code,group\nint-a,trust,wijkcoach\nint-b,trust,jongerenwerker\nint-c,cost,jongerenwerker\n');
    const io = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-o', 'r.html', '--lang', 'nl'], io)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(note(html)).toMatch(/^Vergeleken groepen \(naar groep\): jongerenwerker \(2 respondenten, 2 bronnen\); wijkcoach \(1 respondent, 1 bron\)\./);
    expect(note(html)).toContain('platte lijst');
    expect(io.err()).toContain('groepen vergeleken naar groep: jongerenwerker, wijkcoach');
  });
});

describe('qda report / qda run on a codings table: warnings, -c and quotes as on the other commands', () => {
  // our fixture: r1 speaks to two questions; r4's row has no question; one code is written by its
  // name in the codebook (New bonds), one is in no codebook (misspelt)
  const CSV = [
    'source,code,text,coder,group,question',
    'r1,New bonds,we met the new partner,anna,A,Q1',
    'r1,connections,I phone the usual contacts,anna,A,Q2',
    'r2,informing,we share the files,anna,A,Q1',
    'r3,conections,I call them,anna,B,Q1',
    'r4,informing,the team is told,anna,B,',
  ].join('\n');
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-report-table-'));
    writeFileSync(join(dir, 'codings.csv'), CSV + '\n');
    return dir;
  };

  it('qda report prints the reader warnings (before: swallowed) and with -c rolls the codes up under the codebook', async () => {
    const dir = setup();
    const before = readFileSync(join(dir, 'codings.csv'));
    const io = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-c', 'coordination-collaboration', '-o', 'r.html', '--lang', 'en'], io)).toBe(0);
    const err = io.err();
    expect(err).toMatch(/codings\.csv:6: warning: 1 row\(s\) leave "question" empty \(lines 6\)/);
    expect(err).toMatch(/name the code "New bonds" by its name; they are counted under its id "new bonds"/);
    expect(err).toMatch(/1 code\(s\) of the codings are in none of the codebooks coordination-collaboration: "conections" \(1\)/);
    expect(err).toMatch(/did you mean: connections/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    // the codebook hierarchy reached the report (before: -c was loaded but not applied to the table)
    const matrix = html.slice(html.indexOf('id="matrix"'), html.indexOf('id="comparison"'));
    expect(matrix).toContain('Collaboration');
    expect(matrix).toContain('Structures');
    expect(readFileSync(join(dir, 'codings.csv'))).toEqual(before);
  });

  it('the report quotes the row text of a table without source texts (before: "…", line 0, [0, 0))', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-o', 'r.html', '--lang', 'en'], io)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    const quotes = html.slice(html.indexOf('id="quotes"'));
    for (const text of ['we met the new partner', 'I phone the usual contacts', 'we share the files', 'I call them', 'the team is told']) expect(quotes).toContain(`<p>${text}</p>`);
    expect(quotes).not.toContain('line 0, [0, 0)');
    expect(quotes).toContain('r1, coder anna');
  });

  it('qda run prints the reader warnings on stderr and counts them (before: "run qda code on the inputs to see them")', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['run', 'codings.csv', '-o', 'out', '--lang', 'en'], io)).toBe(0);
    expect(io.err()).toMatch(/codings\.csv:6: warning: 1 row\(s\) leave "question" empty/);
    expect(io.out()).toMatch(/\b1 warning \(on stderr, and in report.html under Warnings\)/);
  });

  it('in Dutch a row without a question counts under "(geen vraag)", and a lone answerer is "de enige respondent die deze vraag beantwoordde"', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['compare', 'codings.csv', '--by', 'group', '--within', 'question', '--lang', 'nl', '--format', 'md'], io)).toBe(0);
    expect(io.out()).toContain('| (geen vraag) |');
    expect(io.out()).not.toContain('(geen question)');
    const io2 = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-o', 'r.html', '--lang', 'nl'], io2)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    // group B, Q1: r3 answered it (r4 did not): one of two
    expect(html).toContain('De enige respondent die deze vraag beantwoordde noemt');
    expect(html).not.toContain('De enige respondent in deze groep');
  });
});
