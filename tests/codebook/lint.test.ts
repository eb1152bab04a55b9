import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { lintRules } from '../../src/coding/lint.js';
import { book, corpusOf, kw, source } from '../coding/helpers.js';
import type { Coding } from '../../src/model/types.js';

// Invented: "overleg" fires on 8 turns, the researcher coded only 2 of them; "subsidie" is always right.
const turns = [
  'We hebben overleg over de subsidie.', // overleg + geld (gold: overleg, geld)
  'Het overleg met de school loopt goed.', // gold: overleg
  'Overleg over de tuin.',
  'Ik heb overleg met mijn buurman.',
  'Er is overleg in de kerk.',
  'Overleg op zondag.',
  'Overleg over koffie.',
  'Overleg in de trein.',
  'De subsidie is binnen.', // gold: geld
];
const text = turns.map((t) => `Respondent: ${t}`).join('\n\n') + '\n';
const gold = 'source,segment,code\ngesprek,0,overleg\ngesprek,0,geld\ngesprek,1,overleg\ngesprek,8,geld\n';
const yaml = 'id: mini\nname: {nl: Mini, en: Mini}\nlanguage: nl\ncodes:\n  - id: overleg\n    rules:\n      - keywords: {nl: [overleg*], en: [consult*]}\n  - id: geld\n    rules:\n      - keywords: {nl: [subsidie*], en: [budget*]}\n';

describe('rule precision lint', () => {
  it('counts firings and correct firings per code and rule, and flags a code firing > 5 times below precision 0.5', () => {
    const corpus = corpusOf([source('gesprek', text)]);
    const b = book([{ id: 'overleg', rules: [kw('overleg/r1', ['overleg*'])] }, { id: 'geld', rules: [kw('geld/r1', ['subsidie*'])] }]);
    const g: Coding[] = [
      ['gesprek#0', 'overleg'],
      ['gesprek#0', 'geld'],
      ['gesprek#1', 'overleg'],
      ['gesprek#8', 'geld'],
    ].map(([seg, code]) => ({ id: `${seg}:${code}`, sourceId: 'gesprek', segmentId: seg, code, coder: 'anna', start: 0, end: 1 }));
    const r = lintRules(b, corpus, g);
    const overleg = r.codes.find((c) => c.code === 'overleg')!;
    expect([overleg.fired, overleg.tp, overleg.gold, overleg.precision, overleg.flagged]).toEqual([8, 2, 2, 0.25, true]);
    expect(overleg.rules).toEqual([{ rule: 'overleg/r1', fired: 8, correct: 2 }]);
    const geld = r.codes.find((c) => c.code === 'geld')!;
    expect([geld.fired, geld.tp, geld.precision, geld.flagged]).toEqual([2, 2, 1, false]);
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(['low-precision']);
    expect(r.diagnostics[0].message).toMatch(/overleg.*8 segments.*2 of them.*precision 0\.25.*overleg\/r1 2\/8/);
    // five firings are not enough to flag
    expect(lintRules(b, corpus, g, { minFired: 8 }).diagnostics).toEqual([]);
  });

  it('counts the rules as qda code applies them: not on a respondent turn that only asks what the interviewer means', async () => {
    const corpus = corpusOf([source('vraag', ['Wat bedoel je met overleg?', 'Het overleg met de school loopt goed.'].map((t) => `Respondent: ${t}`).join('\n\n') + '\n')]);
    const b = book([{ id: 'overleg', rules: [kw('overleg/r1', ['overleg*'])] }]);
    const g: Coding[] = [{ id: 'vraag#1:overleg', sourceId: 'vraag', segmentId: 'vraag#1', code: 'overleg', coder: 'anna', start: 0, end: 1 }];
    const skip = lintRules(b, corpus, g).codes[0];
    expect([skip.fired, skip.tp, skip.precision]).toEqual([1, 1, 1]);
    const keep = lintRules(b, corpus, g, { clarifications: 'keep' }).codes[0];
    expect([keep.fired, keep.tp, keep.precision]).toEqual([2, 1, 0.5]);
  });

  it('qda codebook validate --lint --gold CSV --sources: a table and a warning, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-lint-'));
    writeFileSync(join(dir, 'book.yaml'), yaml);
    writeFileSync(join(dir, 'gesprek.txt'), text);
    writeFileSync(join(dir, 'gold.csv'), gold);
    const io = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'book.yaml', '--lint', '--gold', 'gold.csv', '--sources', 'gesprek.txt'], io)).toBe(0);
    expect(io.out()).toMatch(/book\.yaml: ok \(2 codes\)/);
    expect(io.out()).toMatch(/overleg\s+8\s+2\s+0\.25\s+2\s+1\.00\s+LOW PRECISION/);
    expect(io.out()).toMatch(/geld\s+2\s+2\s+1\.00/);
    expect(io.err()).toMatch(/book\.yaml: warning: code "overleg".*\[codebook:low-precision\]/);
  });

  it('a qda code document carries its texts; missing --gold or sources exit 2 with a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-lint-'));
    writeFileSync(join(dir, 'book.yaml'), yaml);
    writeFileSync(join(dir, 'gesprek.txt'), text.replace('op zondag.', 'op zondag. {{overleg}}'));
    expect(await main(['code', 'gesprek.txt', '-c', 'book.yaml', '-o', 'coded.json'], memoryIo(dir))).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'book.yaml', '--lint', '--gold', 'coded.json'], io)).toBe(0);
    expect(io.out()).toMatch(/overleg\s+8\s+1\s+0\.13/);
    const io2 = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'book.yaml', '--lint'], io2)).toBe(2);
    expect(io2.err()).toMatch(/--gold FILE/);
    writeFileSync(join(dir, 'gold.csv'), gold);
    const io3 = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'book.yaml', '--lint', '--gold', 'gold.csv'], io3)).toBe(2);
    expect(io3.err()).toMatch(/gold\.csv carries no source texts.*/);
    expect(io3.err()).toMatch(/--sources/);
  });
});
