/**
 * `qda code -o FILE` wrote over FILE without a word when FILE held human codings the run does not
 * make: a coding added by hand to codings.json or codings.csv (in Excel), or read from a codings
 * file not given this time, was gone. Now the run stops (exit 2), FILE is left byte-identical and
 * no file of the run is left behind; codings the sources' inline markers make (a marker taken out
 * on purpose) are no such loss, and an unchanged rerun writes as before.
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeR1, oneSourceProject } from '../helpers/code-run.js';

const TEXT = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent. {{exchange @anna}}\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team.\n';

const project = () => oneSourceProject('qda-out-human-', TEXT);
const code = codeR1;

describe('qda code -o FILE over a codings file that holds human codings', () => {
  it('JSON: a coding added by hand stops the run (exit 2), the file byte-identical, nothing left behind', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.json')).rc).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    doc.sources[0].codings.push({ segment: 3, code: 'deliberating', coder: 'piet', start: 0, end: 10 });
    const edited = JSON.stringify(doc, null, 2);
    writeFileSync(join(dir, 'c.json'), edited);
    const { rc, err } = await code(dir, '-o', 'c.json');
    expect(rc).toBe(2);
    expect(err).toContain('c.json: error: c.json holds 1 human coding that this run does not make (piet: 1 there, 0 now): codings added or changed by hand, read from a codings file not given now, or decided in qda review (not inline markers, which the sources keep); c.json is kept as it was and the new codings are not written [cli:output-has-human-codings]');
    expect(err).toMatch(/hint: to keep them, add the file to the run and write elsewhere \(qda code … --codings c\.json -o NEW\)/);
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(edited);
    expect(readdirSync(dir).sort()).toEqual(['c.json', 'r1.txt']);
    // the way the hint gives: its codings read, written elsewhere
    expect((await code(dir, '--codings', 'c.json', '-o', 'c2.json')).rc).toBe(0);
    expect(readFileSync(join(dir, 'c2.json'), 'utf8')).toContain('"coder":"piet"');
  });

  it('CSV: a row added in a spreadsheet stops the run; codings from a file not given now too', async () => {
    const dir = project();
    writeFileSync(join(dir, 'extra.csv'), 'source,segment,code,coder\nr1,3,deliberating,bram\n');
    expect((await code(dir, '--codings', 'extra.csv', '-o', 'c.csv')).rc).toBe(0);
    const before = readFileSync(join(dir, 'c.csv'), 'utf8');
    expect(before).toContain(',bram,');
    const { rc, err } = await code(dir, '-o', 'c.csv');
    expect(rc).toBe(2);
    expect(err).toContain('c.csv holds 1 human coding that this run does not make (bram: 1 there, 0 now)');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['c.csv', 'extra.csv', 'r1.txt']);
    // given again: written as before
    expect((await code(dir, '--codings', 'extra.csv', '-o', 'c.csv')).rc).toBe(0);
  });

  it('an unchanged rerun, and one after a marker was taken out of the source, write over the file as before', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.csv')).rc).toBe(0);
    expect((await code(dir, '-o', 'c.csv')).rc).toBe(0);
    writeFileSync(join(dir, 'r1.txt'), TEXT.replace(' {{exchange @anna}}', ''));
    const { rc, err } = await code(dir, '-o', 'c.csv');
    expect(rc).toBe(0);
    expect(err).not.toMatch(/output-has-human-codings/);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).not.toContain(',anna,');
    expect(readdirSync(dir).sort()).toEqual(['c.csv', 'r1.txt']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a qda code output read back with --codings (as the guard\'s hint says)', () => {
  it('its rules\' codings, which this run\'s rules make again, are said (repeated-rule-coding) with the count and the first; with --no-rules not', async () => {
    // old: counted twice without a word (rules 2 → 4)
    const dir = project();
    expect((await code(dir, '-o', 'c.json')).rc).toBe(0);
    const before = readFileSync(join(dir, 'c.json'), 'utf8');
    const r = await code(dir, '--codings', 'c.json', '-o', 'c2.json');
    expect(r.rc).toBe(0);
    expect(r.err).toContain('c.json: warning: 2 coding(s) of coder rules in this file are the ones the codebook\'s rules make in this run (same segment and code; the first: source "r1", segment r1#1, code "common discussions"): both are kept, so each counts twice where codings are counted [coding:repeated-rule-coding]');
    expect(r.err).toContain('hint: a codings file that qda code wrote holds its rules\' codings: read it with --no-rules');
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(before);
    const n = await code(dir, '--codings', 'c.json', '--no-rules', '-o', 'c3.json');
    expect(n.rc).toBe(0);
    expect(n.err).not.toMatch(/repeated-rule-coding/);
  });
});

describe('qda code -o FILE over a codings file where a human coding was moved by hand (session 17)', () => {
  // old: the guard compared coder, source and code only: a coding whose start or end was changed in
  // the CSV or JSON (the passage made shorter by hand) was written over by the run without a word
  it('CSV: a start and end changed in the row stop the run, naming the place there; the file byte-identical', async () => {
    const dir = project();
    writeFileSync(join(dir, 'anna.csv'), 'source,segment,code,coder\nr1,3,deliberating,bram\n');
    expect((await code(dir, '--codings', 'anna.csv', '-o', 'c.csv')).rc).toBe(0);
    const row = readFileSync(join(dir, 'c.csv'), 'utf8').split('\n').find((l) => l.includes(',bram,'))!;
    const [, , , , , start, end] = row.split(',');
    const moved = readFileSync(join(dir, 'c.csv'), 'utf8').replace(row, row.replace(`,${start},${end},`, `,${Number(start) + 3},${Number(end) - 2},`));
    writeFileSync(join(dir, 'c.csv'), moved);
    const { rc, err } = await code(dir, '--codings', 'anna.csv', '-o', 'c.csv');
    expect(rc).toBe(2);
    expect(err).toContain(`c.csv holds 1 human coding that this run does not make (bram: deliberating on source "r1" at segment r1#3, ${Number(start) + 3}–${Number(end) - 2}, 1 there, 0 now; the same codes on the same sources as this run makes, but at other places: moved by hand (start or end changed)?)`);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(moved);
    expect(readdirSync(dir).sort()).toEqual(['anna.csv', 'c.csv', 'r1.txt']);
    // a cell changed elsewhere (its text), the places as written: the run writes as before
    writeFileSync(join(dir, 'c.csv'), readFileSync(join(dir, 'c.csv'), 'utf8').replace(moved.split('\n').find((l) => l.includes(',bram,'))!, row.replace('overleggen', 'OVERLEGGEN')));
    expect((await code(dir, '--codings', 'anna.csv', '-o', 'c.csv')).rc).toBe(0);
  });

  it('JSON: a start and end added to a coding of a whole segment stop the run', async () => {
    const dir = project();
    writeFileSync(join(dir, 'anna.csv'), 'source,segment,code,coder\nr1,3,deliberating,bram\n');
    expect((await code(dir, '--codings', 'anna.csv', '-o', 'c.json')).rc).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    const c = doc.sources[0].codings.find((x: { coder?: string }) => x.coder === 'bram');
    Object.assign(c, { start: 140, end: 150 });
    const edited = JSON.stringify(doc);
    writeFileSync(join(dir, 'c.json'), edited);
    const { rc, err } = await code(dir, '--codings', 'anna.csv', '-o', 'c.json');
    expect(rc).toBe(2);
    expect(err).toContain('(bram: deliberating on source "r1" at segment 3, 140–150, 1 there, 0 now; the same codes on the same sources as this run makes, but at other places: moved by hand (start or end changed)?)');
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(edited);
    expect(readdirSync(dir).sort()).toEqual(['anna.csv', 'c.json', 'r1.txt']);
  });
});

describe('qda code -o FILE over a codings table saved as Excel\'s "Unicode text" (UTF-16 with its byte order mark, tab-separated; session 17)', () => {
  // old: the guard read its bytes as UTF-8, found no coder column, took it for no codings table and
  // wrote over it without a word (the codings reader, --codings and the analysis commands read it)
  it('its human codings stop the run, the file byte-identical; read with --codings as the hint says', async () => {
    const dir = project();
    const table = 'source\tsegment\tcode\tcoder\r\nr1\t1\texchange\tbram\r\nr1\t3\tdeliberating\tbram\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table, 'utf16le')]);
    writeFileSync(join(dir, 'c.csv'), bytes);
    const { rc, err } = await code(dir, '-o', 'c.csv');
    expect(rc).toBe(2);
    expect(err).toContain('c.csv holds 2 human codings that this run does not make (bram: 2 there, 0 now)');
    expect(readFileSync(join(dir, 'c.csv')).equals(bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['c.csv', 'r1.txt']);
    const ok = await code(dir, '--codings', 'c.csv', '-o', 'c2.csv');
    expect(ok.rc, ok.err).toBe(0);
    expect(ok.err).toContain('bram 2');
    // big-endian too
    const be = Buffer.from(bytes);
    be.swap16();
    writeFileSync(join(dir, 'be.csv'), be);
    const r = await code(dir, '-o', 'be.csv');
    expect(r.rc).toBe(2);
    expect(r.err).toContain('be.csv holds 2 human codings that this run does not make (bram: 2 there, 0 now)');
    expect(readFileSync(join(dir, 'be.csv')).equals(be)).toBe(true);
  });
});
