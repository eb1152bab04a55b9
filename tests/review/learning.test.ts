import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Suggester } from '../../src/coding/suggest.js';
import { ReviewLearner, decisionLabels, simulateReview } from '../../src/review/learning.js';
import type { Decision, Suggestion } from '../../src/review/state.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Coding, Segment } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// Invented material: "buurtkamer" signals the code "ontmoeting", which the codebook does not mention.
const book: Codebook = {
  id: 'mini',
  name: { nl: 'Mini', en: 'Mini' },
  language: 'nl',
  codes: [
    { id: 'ontmoeting', name: { nl: 'Ontmoeting', en: 'Meeting' }, definition: { nl: 'Bewoners komen samen.', en: 'Residents meet.' }, rules: [{ kind: 'keywords', id: 'ontmoeting/r1', terms: { nl: ['ontmoet*'], en: ['meet*'] } }] },
    { id: 'geld', name: { nl: 'Geld', en: 'Money' }, definition: { nl: 'Budget en subsidie.', en: 'Budget.' }, rules: [{ kind: 'keywords', id: 'geld/r1', terms: { nl: ['subsidie*'], en: ['budget*'] } }] },
  ],
};
const filler = ['de tuin is mooi', 'het regent vandaag', 'ik fiets naar huis', 'de bus was laat', 'we eten soep'];
function segments(n: number): { segs: Segment[]; gold: Map<string, Set<string>> } {
  const segs: Segment[] = [];
  const gold = new Map<string, Set<string>>();
  for (let i = 0; i < n; i++) {
    const meet = i % 3 === 0;
    const text = meet ? `in de buurtkamer drinken we koffie, ${filler[i % 5]}` : `${filler[i % 5]} en ${filler[(i + 2) % 5]}`;
    const s: Segment = { id: `s#${i}`, sourceId: 's', index: i, unit: 'turn', speaker: 'R', role: 'respondent', start: 0, end: text.length, text };
    segs.push(s);
    if (meet) gold.set(s.id, new Set(['ontmoeting']));
  }
  return { segs, gold };
}

const decision = (segment: string, decision: Decision['decision'], code: string, originalCode = code): Decision => ({ source: 's', segment, start: 0, end: 1, code, coder: 'human', decision, originalCode });

describe('the review loop that learns', () => {
  it('turns decisions into labels', () => {
    expect(decisionLabels(decision('s#1', 'accept', 'a'))).toEqual([{ segment: 's#1', code: 'a', value: 1 }]);
    expect(decisionLabels(decision('s#1', 'reject', 'a'))).toEqual([{ segment: 's#1', code: 'a', value: 0 }]);
    expect(decisionLabels(decision('s#1', 'change', 'b', 'a'))).toEqual([{ segment: 's#1', code: 'a', value: 0 }, { segment: 's#1', code: 'b', value: 1 }]);
    expect(decisionLabels(decision('s#1', 'add', 'b', 'a'))).toEqual([{ segment: 's#1', code: 'b', value: 1 }]);
  });

  it('after a few accepted decisions the new word raises the other turns, which move to the front; undo takes it back', () => {
    const { segs } = segments(30);
    const s = new Suggester(segs, { books: [book] });
    const learner = new ReviewLearner(s, 0.5, 'likely');
    const item = (seg: Segment, code: string): Suggestion => ({ key: `${seg.id} ${code}`, segment: seg, coding: { id: `${seg.id}:${code}:model`, sourceId: 's', segmentId: seg.id, code, coder: 'model', start: 0, end: 1 } as Coding });
    const queue = segs.map((g) => item(g, 'ontmoeting'));
    const before = s.probability('s#27', 'ontmoeting');
    for (const i of [0, 3, 6]) learner.apply(decision(`s#${i}`, 'accept', 'ontmoeting'));
    for (const i of [1, 2]) learner.apply(decision(`s#${i}`, 'reject', 'ontmoeting'));
    const after = s.probability('s#27', 'ontmoeting');
    expect(after).toBeGreaterThan(before + 0.2);
    expect(s.probability('s#28', 'ontmoeting')).toBeLessThan(after);
    const order = learner.reorder(queue, 10).slice(10, 16).map((q) => Number(q.segment.id.split('#')[1]));
    // the buurtkamer turns (multiples of 3) come first
    expect(order.every((i) => i % 3 === 0)).toBe(true);
    // the first 10 items keep their place
    expect(learner.reorder(queue, 10).slice(0, 10)).toEqual(queue.slice(0, 10));
    expect(learner.labels).toBe(5);
    expect(learner.retrainMs).toHaveLength(5);
    for (const i of [0, 3, 6]) learner.undo(decision(`s#${i}`, 'accept', 'ontmoeting'));
    for (const i of [1, 2]) learner.undo(decision(`s#${i}`, 'reject', 'ontmoeting'));
    s.retrain('ontmoeting', 60);
    expect(s.probability('s#27', 'ontmoeting')).toBeCloseTo(before, 2);
  });

  it('a segment whose suggestions are all decided is learned as coded completely; taking that back undoes it', () => {
    const { segs } = segments(30);
    const s = new Suggester(segs, { books: [book] });
    const learner = new ReviewLearner(s, 0.5, 'likely');
    for (const i of [0, 3]) learner.apply(decision(`s#${i}`, 'add', 'ontmoeting'));
    const other = () => s.probability('s#7', 'ontmoeting');
    const before = other();
    for (let i = 0; i < 6; i++) learner.complete(`s#${i}`, true);
    expect(s.isComplete('s#1')).toBe(true);
    // the four reviewed turns without the buurtkamer are negatives now: a turn like them falls
    expect(other()).toBeLessThan(before - 0.1);
    expect(s.probability('s#9', 'ontmoeting')).toBeGreaterThan(other());
    // the time of the full retrain is counted with the decision before it
    expect(learner.retrainMs).toHaveLength(2);
    for (let i = 0; i < 6; i++) learner.complete(`s#${i}`, false);
    expect(s.isComplete('s#1')).toBe(false);
    s.retrain('ontmoeting', 60);
    expect(other()).toBeCloseTo(before, 1);
  });

  it('puts forward what it learned: a code the researcher added where nothing suggested it becomes a model suggestion on turns like those', () => {
    const { segs } = segments(30);
    const s = new Suggester(segs, { books: [book] });
    const learner = new ReviewLearner(s, 0.5, 'likely');
    // nothing suggests ontmoeting at first (the codebook does not know the buurtkamer)
    expect(segs.every((g) => s.probability(g.id, 'ontmoeting') < 0.5)).toBe(true);
    for (const i of [0, 3, 6]) learner.apply(decision(`s#${i}`, 'add', 'ontmoeting'));
    for (let i = 0; i < 8; i++) learner.complete(`s#${i}`, true);
    const taken = new Set(['s#0 ontmoeting', 's#3 ontmoeting', 's#6 ontmoeting', 's#12 ontmoeting']);
    const inQueue: Suggestion[] = [{ key: 's#9 ontmoeting', segment: segs[9], coding: { id: 'x', sourceId: 's', segmentId: 's#9', code: 'ontmoeting', coder: 'rules', start: 0, end: 1 } as Coding }];
    const risen = learner.risen(inQueue, segs, (k) => taken.has(k));
    // the other buurtkamer turns (multiples of 3), except the one in the queue and the one coded by hand
    expect(risen.map((r) => r.key)).toEqual([15, 18, 21, 24, 27].map((i) => `s#${i} ontmoeting`));
    expect(risen.every((r) => r.coding.coder === 'model' && r.coding.score! >= 0.5 && r.coding.code === 'ontmoeting')).toBe(true);
    expect(risen[0].coding.evidence?.because).toMatch(/buurtkamer \(learned from codings\)/);
    // only the codes retrained since the last call are looked at again
    expect(learner.risen(inQueue, segs, (k) => taken.has(k))).toEqual([]);
  });

  it('tracks the model\'s agreement with the decisions in blocks', () => {
    const { segs } = segments(12);
    const learner = new ReviewLearner(new Suggester(segs, { books: [book] }), 0.5, 'likely');
    for (let i = 0; i < 12; i++) learner.apply(decision(`s#${i}`, 'reject', 'geld'));
    const c = learner.curve(10);
    expect(c.map((p) => p.decisions)).toEqual([10, 12]);
    // nothing mentions money: the model agreed with every rejection
    expect(c.every((p) => p.agreement === 1)).toBe(true);
  });

  it('simulated review: learning lifts F1 on the turns not reviewed yet above the same replay without retraining', () => {
    const { segs, gold } = segments(60);
    const run = (learn: boolean) => simulateReview({ segments: segs, suggester: new Suggester(segs, { books: [book] }), gold, codes: ['geld', 'ontmoeting'], threshold: 0.5, order: 'source', checkpoints: [0, 5, 10], learn });
    const withLearning = run(true);
    const without = run(false);
    expect(withLearning.slice(0, 3).map((p) => p.decisions)).toEqual([0, 5, 10]);
    expect(withLearning[0].model.f1).toBe(0); // the codebook does not know the buurtkamer
    expect(without[2].model.f1).toBe(0);
    expect(withLearning[2].model.f1).toBeGreaterThan(0.8);
    expect(withLearning[2].remaining).toBeLessThan(segs.length);
    // deterministic
    expect(run(true)).toEqual(withLearning);
  });

  it('simulated review learns from the codes the suggester missed: each added code, and the turns reviewed without it, teach', () => {
    // nothing suggests "ontmoeting" on the buurtkamer turns at first (false negatives): the reviewer adds it
    const { segs, gold } = segments(60);
    const held = new Set(segs.slice(30).map((s) => s.id));
    const run = (completeSegments: boolean) => {
      const s = new Suggester(segs, { books: [book] });
      return { s, curve: simulateReview({ segments: segs, suggester: s, gold, codes: ['geld', 'ontmoeting'], threshold: 0.5, order: 'source', checkpoints: [0, 1, 2, 3, 1000], heldOut: held, completeSegments }) };
    };
    const full = run(true);
    const partial = run(false);
    expect(full.curve[0].model.f1).toBe(0);
    // the first decision is an add (a false negative of the suggester) on turn 0
    expect(full.s.probability('s#0', 'ontmoeting')).toBeGreaterThan(0.5);
    // a turn reviewed without the code is a negative of it: with those, three adds suffice on the held-out half
    expect(full.curve.find((p) => p.decisions === 3)!.model.f1).toBeGreaterThan(0.8);
    expect(full.curve.at(-1)!.model.f1).toBe(1);
    // with the decided pairs only (no turn counted as coded completely) it learns less from the same adds
    // with the decided pairs only (no turn counted as coded completely), the adds pull the code up on every
    // turn: the turns without the buurtkamer come close to the threshold; with them, they stay far below it
    const off = (x: Suggester) => Math.max(...[...held].filter((id) => !gold.has(id)).map((id) => x.probability(id, 'ontmoeting')));
    expect(off(full.s)).toBeLessThan(0.1);
    expect(off(partial.s)).toBeGreaterThan(0.3);
    expect(full.s.isComplete('s#1')).toBe(true);
    expect(partial.s.isComplete('s#1')).toBe(false);
    expect(full.s.isComplete('s#45')).toBe(false);
  });

  it('simulated review with held-out segments: they are never reviewed, and every point is measured on exactly them', () => {
    const { segs, gold } = segments(60);
    const held = new Set(segs.slice(30).map((s) => s.id));
    const s = new Suggester(segs, { books: [book] });
    const curve = simulateReview({ segments: segs, suggester: s, gold, codes: ['geld', 'ontmoeting'], threshold: 0.5, order: 'uncertain', checkpoints: [0, 5, 10, 1000], heldOut: held });
    expect(curve.every((p) => p.remaining === 30)).toBe(true);
    // only the first 30 turns can be reviewed: 10 of them carry the gold code (one add each, plus the suggestions decided)
    expect(curve[curve.length - 1].reviewed).toBe(30);
    expect(curve[0].model.f1).toBe(0);
    expect(curve[curve.length - 1].model.f1).toBeGreaterThan(0.8);
    // the decisions were all on the first 30 turns: as many as the suggester holds
    expect(s.decided).toBe(curve[curve.length - 1].decisions);
    expect(curve[curve.length - 1].decisions).toBeGreaterThanOrEqual(10);
  });
});

describe('qda review --simulate', () => {
  function project() {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sim-'));
    writeFileSync(join(dir, 'book.yaml'), 'id: mini\nname: {nl: Mini, en: Mini}\nlanguage: nl\ncodes:\n  - id: ontmoeting\n    name: {nl: Ontmoeting, en: Meeting}\n    rules:\n      - keywords: {nl: [ontmoet*], en: [meet*]}\n  - id: geld\n    name: {nl: Geld, en: Money}\n    rules:\n      - keywords: {nl: [subsidie*], en: [budget*]}\n');
    const turns: string[] = [];
    const gold = ['source,turn,code'];
    for (let i = 0; i < 40; i++) {
      turns.push('Interviewer: En verder?');
      const meet = i % 3 === 0;
      turns.push(`Respondent: ${meet ? 'In de buurtkamer drinken we koffie met de buren.' : i % 5 === 1 ? 'De subsidie voor het project is rond.' : `${filler[i % 5]} en ${filler[(i + 1) % 5]}.`}`);
      if (meet) gold.push(`gesprek,${2 * i + 2},ontmoeting`);
    }
    writeFileSync(join(dir, 'gesprek.txt'), turns.join('\n\n') + '\n');
    writeFileSync(join(dir, 'gesprek.gold.csv'), gold.join('\n') + '\n');
    return dir;
  }

  it('prints the learning curve, needs no terminal and writes nothing', async () => {
    const dir = project();
    const before = readdirSync(dir).sort();
    const bytes = readFileSync(join(dir, 'gesprek.txt'));
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek.txt', '-c', 'book.yaml', '--simulate', 'gesprek.gold.csv'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/40 turns, 2 codes, order source/);
    const row = (n: number) => out.split('\n').find((l) => new RegExp(`^\\s+${n}\\s`).test(l))!;
    const f1 = (n: number) => Number(row(n).trim().split(/\s+/)[5]);
    expect(f1(0)).toBe(0);
    expect(f1(10)).toBeGreaterThan(0.8);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'gesprek.txt'))).toEqual(bytes);
  });

  it('--held-out 0.5: the second half is measured at every point and never reviewed', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek.txt', '-c', 'book.yaml', '--simulate', 'gesprek.gold.csv', '--held-out', '0.5'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/on the same 20 turns at the end of each source \(--held-out 0\.5\), never reviewed; the 20 turns before them are reviewed/);
    const rows = out.split('\n').filter((l) => /^\s+\d+\s+\d+\s+\d+\s/.test(l)).map((l) => l.trim().split(/\s+/));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // decisions, reviewed, left: the measured set never shrinks, and at most the first 20 turns are reviewed
    expect(rows.every((r) => r[2] === '20' && Number(r[1]) <= 20)).toBe(true);
    expect(Number(rows[0][5])).toBe(0);
    expect(Number(rows[rows.length - 1][5])).toBeGreaterThan(0.8);
  });

  it('--held-out: a share outside (0, 1), or without --simulate, exits 2 saying so', async () => {
    const dir = project();
    for (const [args, msg] of [
      [['--simulate', 'gesprek.gold.csv', '--held-out', '1'], /--held-out must be a share between 0 and 1 \(exclusive\), not "1"/],
      [['--simulate', 'gesprek.gold.csv', '--held-out', 'half'], /not "half"/],
      [['--accept-above', '0.9', '--held-out', '0.5'], /--held-out only applies to --simulate/],
    ] as const) {
      const io = memoryIo(dir);
      expect(await main(['review', 'gesprek.txt', '-c', 'book.yaml', ...args], io)).toBe(2);
      expect(io.err()).toMatch(msg);
    }
  });

  it('exits 2 when the gold file codes none of the inputs', async () => {
    const dir = project();
    writeFileSync(join(dir, 'other.csv'), 'source,turn,code\nelders,2,ontmoeting\n');
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek.txt', '-c', 'book.yaml', '--simulate', 'other.csv'], io)).toBe(2);
    expect(io.err()).toMatch(/other\.csv.*no human codings of the inputs/);
  });

  it('--accept-above reports how the model\'s agreement with the decisions grew', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek.txt', '-c', 'book.yaml', '--accept-above', '0.01', '--order', 'source'], io)).toBe(0);
    expect(io.out()).toMatch(/the model learns from every decision; its agreement with your decisions, just before each: 1–\d+ \d+%/);
  });
});
