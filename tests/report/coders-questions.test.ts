import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * Coder filters everywhere, human codings by default in sentences and quotes (suggestions apart),
 * and the report's sentences per question with Y = respondents who answered that question.
 * Our own fixture: 4 coaches (WC) and 3 youth workers (JW); "anna" is the researcher, "rules" the
 * auto-coder with a few unreviewed suggestions.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-coders-'));
  const rows = ['source,group,question,code,coder,text'];
  // Q1: w1, w2, w3 answer (w4 not asked); Q2: all four WC answer
  rows.push('w1,WC,Q1,steunen,anna,Ik steun gezinnen in de wijk', 'w2,WC,Q1,steunen,anna,Wij steunen de mensen thuis', 'w3,WC,Q1,signaleren,anna,Ik zie het als eerste gebeuren', 'w4,WC,Q1,Onbekend,anna,');
  rows.push('w1,WC,Q2,samen,anna,We doen het echt samen', 'w2,WC,Q2,samen,anna,Samen lukt het beter', 'w3,WC,Q2,apart,anna,Ieder zijn eigen ding', 'w4,WC,Q2,samen,anna,Gewoon samen aan tafel');
  rows.push('j1,JW,Q1,steunen,anna,Jongeren steunen is ons werk', 'j2,JW,Q1,steunen,anna,We steunen jongeren op straat', 'j3,JW,Q2,apart,anna,We werken apart van elkaar');
  // unreviewed suggestions of the auto-coder
  rows.push('w4,WC,Q2,steunen,rules,Gewoon samen aan tafel', 'j3,JW,Q2,steunen,rules,We werken apart van elkaar', 'j3,JW,Q2,samen,rules,We werken apart van elkaar');
  writeFileSync(join(dir, 'c.csv'), rows.join('\n') + '\n');
});
const run = async (...argv: string[]) => {
  const io = memoryIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe('the report: sentences per question, human codings by default', () => {
  it('Y is the number who answered the question (not asked left out); the sentences count anna and say so; suggestions apart', async () => {
    const r = await run('report', 'c.csv', '--by', 'group', '--not-asked', 'Onbekend', '--lang', 'nl', '-o', 'r.html');
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    // WC Q1: 3 of 4 answered (w4 not asked): steunen 2 of 3, signaleren 1 of 3
    expect(html).toContain('<strong>Q1.</strong> 3 van de 4 respondenten (WC) beantwoordden deze vraag (1 niet gevraagd).');
    expect(html).toMatch(/2 van de 3 respondenten \(WC, 67%\) noemen steunen/);
    // WC Q2 (anna only): samen w1, w2, w4 = 3 of 4 (the rules' "steunen" for w4 is not counted)
    expect(html).toMatch(/3 van de 4 respondenten \(WC, 75%\) noemen samen/);
    expect(html).not.toMatch(/noemen steunen en samen/);
    expect(html).toMatch(/Getelde codeurs: anna \(de menselijke coderingen\)\. De 3 niet beoordeelde suggesties \(rules\) tellen hier niet mee/);
    expect(html).toContain('<h2 id="suggestions">Suggesties (niet beoordeeld)</h2>');
    const sugg = html.slice(html.indexOf('<h2 id="suggestions">'));
    expect(sugg).toMatch(/Codes voorgesteld door rules die niemand heeft beoordeeld \(3 coderingen\)/);
    const quotes = html.slice(html.indexOf('<h2 id="quotes">'), html.indexOf('<h2 id="suggestions">'));
    expect(quotes).not.toMatch(/coder rules|codeur rules/);
  });
  it('--coder rules: every table and sentence counts rules only, and no suggestions section', async () => {
    const r = await run('report', 'c.csv', '--by', 'group', '--coder', 'rules', '--lang', 'en', '-o', 'rules.html');
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(dir, 'rules.html'), 'utf8');
    expect(html).not.toContain('id="suggestions"');
    expect(html).toMatch(/Coders counted: rules\./);
    expect(html).toMatch(/Coders: rules\./);
  });
  it('qda run --coder passes the filter to the matrices, appendices and the skeleton (per question)', async () => {
    const r = await run('run', 'c.csv', '--by', 'group', '--coder', 'anna', '--not-asked', 'Onbekend', '-o', 'out', '--lang', 'nl');
    expect(r.code, r.err).toBe(0);
    const sk = readFileSync(join(dir, 'out', 'results-skeleton.md'), 'utf8');
    expect(sk).toContain('**Q1.** 3 van de 4 respondenten (WC) beantwoordden deze vraag (1 niet gevraagd).');
    expect(sk).toMatch(/Codeurs: anna\./);
    expect(readFileSync(join(dir, 'out', 'compare-group.md'), 'utf8')).toMatch(/Codeurs: anna\./);
    // segments per group, anna only: steunen JW j1, j2; WC w1, w2 (with the rules' suggestions it would be 3 and 3)
    expect(readFileSync(join(dir, 'out', 'matrix-group.csv'), 'utf8')).toMatch(/^steunen,steunen,2,2,4$/m);
    const ls = readFileSync(join(dir, 'out', 'labelschema.md'), 'utf8');
    expect(ls).toMatch(/\| Q1 \| steunen \|/);
    expect(ls).not.toMatch(/rules/);
    expect(r.out).toMatch(/zinnen en citaten tellen: anna \(--coder\)/); // --lang nl: the summary too
  });
});

describe('--coder on the table commands: each says which coders it counts', () => {
  it('matrix, compare and saturation', async () => {
    const m = await run('matrix', 'c.csv', '--cols', 'group', '--coder', 'rules');
    expect(m.out).toMatch(/Coders: rules\./);
    const c = await run('compare', 'c.csv', '--by', 'group', '--coder', 'anna');
    expect(c.out).toMatch(/Coders: anna\./);
    const s = await run('saturation', 'c.csv', '--coder', 'anna', '--base', '1', '--run', '1');
    expect(s.code, s.err).toBe(0);
    expect(s.out).toMatch(/coders anna; this is code saturation/);
    const all = await run('saturation', 'c.csv', '--base', '1', '--run', '1');
    expect(all.out).toMatch(/coders anna, rules; this is code saturation/);
  });
  it('appendix --by question from the table: human codings by default, saying so; --coder rules shows the suggestions', async () => {
    const a = await run('appendix', 'c.csv', '--by', 'question', '--lang', 'en');
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/Coders: anna \(human codings only; suggestions by rules are not shown\)/);
    const b = await run('appendix', 'c.csv', '--by', 'question', '--coder', 'rules', '--lang', 'en');
    expect(b.out).toMatch(/Coders: rules\./);
    expect(b.out).toMatch(/\| Q2 \| steunen \|/);
  });
});
