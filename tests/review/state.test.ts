import { describe, expect, it } from 'vitest';
import type { Coding, Segment } from '../../src/model/types.js';
import { buildQueue, current, filterCodes, findPhrase, initialState, keyToAction, openCount, reduce, segmentWords, type Action, type ReviewContext, type ReviewState } from '../../src/review/state.js';
import { addDecision, decisionsTable, emptyDecisions, parseDecisions, removeDecision, serializeDecisions, shiftOffsets } from '../../src/review/decisions.js';
import { formatSummary, tally, weakRules } from '../../src/review/summary.js';

const seg = (src: string, i: number, start: number, text: string): Segment => ({ id: `${src}#${i}`, sourceId: src, index: i, unit: 'turn', speaker: 'R', role: 'respondent', start, end: start + Array.from(text).length, text });
const S = [seg('a', 1, 10, 'Ik vertrouw de collega’s wel.'), seg('a', 3, 60, 'De afspraken zijn niet duidelijk, weer overleg.'), seg('b', 1, 5, 'Meer overleg met de gemeente.')];
const segments = new Map(S.map((s) => [s.id, s]));
const rule = (s: Segment, code: string, score: number, term: string): Coding => {
  const off = s.text.indexOf(term);
  return { id: `${s.id}:${code}:rules`, sourceId: s.sourceId, segmentId: s.id, code, coder: 'rules', start: s.start, end: s.end, score, evidence: { ruleId: `${code}/r1`, rule: `keywords nl: ${term}*`, matches: [{ start: s.start + off, end: s.start + off + term.length, term }] } };
};
const codings: Coding[] = [rule(S[0], 'vertrouwen', 0.8, 'vertrouw'), rule(S[1], 'afspraken', 0.96, 'afspraken'), rule(S[1], 'overleg', 0.8, 'overleg'), rule(S[2], 'overleg', 0.7, 'overleg')];
const ctx: ReviewContext = {
  lang: 'en',
  codes: [
    { id: 'vertrouwen', name: 'Trust', depth: 1 },
    { id: 'afspraken', name: 'Agreements', depth: 1 },
    { id: 'overleg', name: 'Consultation', depth: 0 },
    { id: 'conflict', name: 'Conflict', depth: 0 },
  ],
};
const sourceOrder = new Map([['a', 0], ['b', 1]]);
const start = (extra: Partial<Parameters<typeof buildQueue>[0]> = {}) => {
  const q = buildQueue({ codings, segments, coder: 'rules', decisions: [], order: 'source', sourceOrder, ...extra });
  return initialState(q.items, { decided: q.decided, coded: q.coded });
};
function run(s: ReviewState, actions: Action[]) {
  const effects = [];
  for (const a of actions) {
    const r = reduce(s, a, ctx);
    s = r.state;
    effects.push(...r.effects);
  }
  return { s, effects };
}
const type = (text: string): Action[] => Array.from(text).map((t) => ({ type: 'input', text: t }));

describe('review queue', () => {
  it('orders by source then offset, or by confidence', () => {
    expect(start().items.map((i) => i.key)).toEqual(['a#1 vertrouwen', 'a#3 afspraken', 'a#3 overleg', 'b#1 overleg']);
    expect(start({ order: 'confidence' }).items.map((i) => i.key)).toEqual(['a#3 afspraken', 'a#1 vertrouwen', 'a#3 overleg', 'b#1 overleg']);
  });
  it('filters --only, leaves out human-coded and already decided pairs', () => {
    expect(start({ only: ['overleg'] }).items.map((i) => i.key)).toEqual(['a#3 overleg', 'b#1 overleg']);
    const human: Coding = { id: 'h', sourceId: 'a', segmentId: 'a#1', code: 'vertrouwen', coder: 'anna', start: 10, end: 20 };
    const decided = { source: 'a', segment: 'a#3', start: 60, end: 100, code: 'afspraken', coder: 'human', decision: 'reject' as const, originalCode: 'afspraken' };
    const added = { ...decided, segment: 'b#1', code: 'conflict', decision: 'add' as const, originalCode: 'overleg' };
    const s = start({ codings: [...codings, human], decisions: [decided, added] });
    expect(s.items.map((i) => i.key)).toEqual(['a#3 overleg', 'b#1 overleg']);
    expect(openCount(s)).toBe(2);
  });
});

describe('review state machine', () => {
  it('accept and reject save decisions and move on', () => {
    const { s, effects } = run(start(), [{ type: 'accept' }, { type: 'reject' }]);
    expect(effects.map((e) => [e.type, e.type === 'save' && e.decision.decision, e.type === 'save' && e.decision.code])).toEqual([
      ['save', 'accept', 'vertrouwen'],
      ['save', 'reject', 'afspraken'],
    ]);
    expect(current(s)?.key).toBe('a#3 overleg');
    const d = effects[0].decision;
    expect(d).toMatchObject({ source: 'a', segment: 'a#1', start: 10, end: S[0].end, coder: 'human', rule: 'vertrouwen/r1', score: 0.8, suggestedBy: 'rules' });
  });
  it('change: type to filter, arrows, Enter records a change of code', () => {
    const { s, effects } = run(start(), [{ type: 'change' }, ...type('conf'), { type: 'enter' }]);
    expect(effects).toHaveLength(1);
    expect(effects[0].decision).toMatchObject({ decision: 'change', code: 'conflict', originalCode: 'vertrouwen' });
    expect(current(s)?.key).toBe('a#3 afspraken');
    // arrows move in the unfiltered tree; Escape cancels without saving
    const r = run(start(), [{ type: 'change' }, { type: 'down' }, { type: 'down' }, { type: 'escape' }]);
    expect(r.effects).toHaveLength(0);
    expect(r.s.mode.kind).toBe('browse');
    const r2 = run(start(), [{ type: 'change' }, { type: 'down' }, { type: 'down' }, { type: 'enter' }]);
    expect(r2.effects[0].decision.code).toBe('overleg');
  });
  it('changing to the suggested code itself is an accept', () => {
    const { effects } = run(start(), [{ type: 'change' }, ...type('trust'), { type: 'enter' }]);
    expect(effects[0].decision).toMatchObject({ decision: 'accept', code: 'vertrouwen' });
  });
  it('add keeps the suggestion open and is not offered twice', () => {
    const { s, effects } = run(start(), [{ type: 'add' }, ...type('confl'), { type: 'enter' }, { type: 'add' }, ...type('confl'), { type: 'enter' }]);
    expect(effects).toHaveLength(1);
    expect(effects[0].decision).toMatchObject({ decision: 'add', code: 'conflict', segment: 'a#1' });
    expect(current(s)?.key).toBe('a#1 vertrouwen');
    expect(s.message).toMatch(/already coded/);
  });
  it('split narrows the span by typing a phrase or with arrows', () => {
    const { effects } = run(start({ only: ['overleg'] }), [{ type: 'split' }, ...type('weer over'), { type: 'enter' }]);
    const s1 = S[1];
    const at = s1.text.indexOf('weer overleg');
    expect(effects[0].decision).toMatchObject({ decision: 'split', code: 'overleg', start: s1.start + at, end: s1.start + at + 'weer overleg'.length });
    // arrows: move the start edge right twice, switch to the end edge, move it left once
    const r = run(start(), [{ type: 'split' }, { type: 'right' }, { type: 'right' }, { type: 'tab' }, { type: 'left' }, { type: 'enter' }]);
    const words = segmentWords(S[0].text);
    expect(words.map((w) => w.text)).toEqual(['Ik', 'vertrouw', 'de', 'collega’s', 'wel']);
    expect(r.effects[0].decision).toMatchObject({ start: S[0].start + words[2].start, end: S[0].start + words[3].end });
  });
  it('memo goes with the next decision', () => {
    const { effects } = run(start(), [{ type: 'memo' }, ...type('twijfel'), { type: 'enter' }, { type: 'accept' }, { type: 'accept' }]);
    expect(effects[0].decision.memo).toBe('twijfel');
    expect(effects[1].decision.memo).toBeUndefined();
  });
  it('undo takes back the last decision and returns to it', () => {
    const { s, effects } = run(start(), [{ type: 'accept' }, { type: 'reject' }, { type: 'undo' }]);
    expect(effects.map((e) => e.type)).toEqual(['save', 'save', 'unsave']);
    expect(effects[2].decision).toBe(effects[1].decision);
    expect(current(s)?.key).toBe('a#3 afspraken');
    const r = run(s, [{ type: 'undo' }, { type: 'undo' }]);
    expect(current(r.s)?.key).toBe('a#1 vertrouwen');
    expect(r.s.message).toMatch(/nothing to undo/);
    expect(r.effects.map((e) => e.type)).toEqual(['unsave']);
  });
  it('skip and next source move without saving; done at the end; quit', () => {
    let r = run(start(), [{ type: 'skip' }]);
    expect(current(r.s)?.key).toBe('a#3 afspraken');
    r = run(start(), [{ type: 'nextSource' }]);
    expect(current(r.s)?.key).toBe('b#1 overleg');
    r = run(r.s, [{ type: 'nextSource' }]);
    expect(current(r.s)).toBeUndefined();
    expect(r.effects).toHaveLength(0);
    r = run(r.s, [{ type: 'accept' }, { type: 'quit' }]);
    expect(r.effects).toHaveLength(0);
    expect(r.s.quit).toBe(true);
  });
  it('a change to a code suggested later on the same segment closes that suggestion', () => {
    const { s } = run(start(), [{ type: 'skip' }, { type: 'change' }, ...type('consult'), { type: 'enter' }]);
    expect(current(s)?.key).toBe('b#1 overleg');
  });
  it('resume: decisions of an earlier session are not asked again', () => {
    const first = run(start(), [{ type: 'accept' }, { type: 'reject' }]);
    const decisions = first.effects.map((e) => e.decision);
    const again = start({ decisions });
    expect(again.items.map((i) => i.key)).toEqual(['a#3 overleg', 'b#1 overleg']);
  });
  it('maps keys to actions per mode', () => {
    expect(keyToAction('browse', 'a')).toEqual({ type: 'accept' });
    expect(keyToAction('browse', undefined, { name: 'right' })).toEqual({ type: 'skip' });
    expect(keyToAction('browse', ']')).toEqual({ type: 'nextSource' });
    expect(keyToAction('change', 'a')).toEqual({ type: 'input', text: 'a' });
    expect(keyToAction('split', undefined, { name: 'right' })).toEqual({ type: 'right' });
    expect(keyToAction('browse', 'c', { name: 'c', ctrl: true })).toEqual({ type: 'quit' });
    expect(keyToAction('memo', '\r', { name: 'return' })).toEqual({ type: 'enter' });
  });
  it('filters codes by id, name in either language and aliases, case and diacritics folded', () => {
    expect(filterCodes([{ id: 'coöperatie', name: 'Samenwerking', depth: 0 }, { id: 'x', name: 'Cooperation', depth: 0 }], 'coop').map((c) => c.id)).toEqual(['coöperatie', 'x']);
    // the name in the other language and the aliases count too (the screen shows English, the researcher types Dutch)
    const codes = [
      { id: 'proces-rollen', name: 'Clear division of roles', depth: 0, also: ['Rolverdeling en procesregie'] },
      { id: 'relatie', name: 'Relationship', depth: 0, also: ['Relatie', 'wie doet wat'] },
      { id: 'regie', name: 'Direction', depth: 1, also: ['Régie over de rolverdeling'] },
    ];
    expect(filterCodes(codes, 'rolv').map((c) => c.id)).toEqual(['proces-rollen', 'regie']);
    expect(filterCodes(codes, 'ROLV').map((c) => c.id)).toEqual(['proces-rollen', 'regie']);
    expect(filterCodes(codes, 'regie').map((c) => c.id)).toEqual(['regie', 'proces-rollen']);
    expect(filterCodes(codes, 'wie doet').map((c) => c.id)).toEqual(['relatie']);
    expect(filterCodes(codes, 'relat').map((c) => c.id)).toEqual(['relatie']);
    expect(filterCodes(codes, 'zzz')).toEqual([]);
    // words typed may come from different names of one code (id + a name)
    expect(filterCodes(codes, 'proces clear').map((c) => c.id)).toEqual(['proces-rollen']);
    expect(findPhrase(segmentWords('Meer overleg met de gemeente'), 'OVERLEG me')).toEqual([1, 2]);
    expect(findPhrase(segmentWords('Meer overleg'), 'zzz')).toBeUndefined();
  });
});

describe('decisions file and summary', () => {
  const d = (decision: 'accept' | 'reject' | 'change', code = 'overleg', i = 0) => ({ source: 'a', segment: `a#${i}`, start: 10, end: 20, code: decision === 'change' ? 'conflict' : code, coder: 'human', decision, originalCode: code, rule: `${code}/r1`, score: 0.8 });
  it('keeps codings for file-store decisions only, round-trips, undoes', () => {
    let doc = addDecision(emptyDecisions('0'), d('accept'), 'file');
    doc = addDecision(doc, d('reject', 'overleg', 1), undefined);
    doc = addDecision(doc, d('accept', 'overleg', 2), 'inline');
    expect(doc.codings.map((c) => [c.segmentId, c.code, c.coder])).toEqual([['a#0', 'overleg', 'human']]);
    const back = parseDecisions(serializeDecisions(doc), 'x.json', '0');
    expect(back.decisions).toEqual(doc.decisions);
    const undone = removeDecision(doc, d('accept'));
    expect(undone.codings).toHaveLength(0);
    expect(undone.decisions).toHaveLength(2);
    const shifted = shiftOffsets(doc, 'a', 15, 4);
    expect([shifted.codings[0].start, shifted.codings[0].end]).toEqual([10, 24]);
    expect(decisionsTable(doc.decisions).rows[1]).toMatchObject({ decision: 'reject', original_code: 'overleg', rule: 'overleg/r1' });
    expect(() => parseDecisions('{"decisions":[{"code":1}]}', 'x.json', '0')).toThrow(/decision 1/);
  });
  it('a coding stored in the file records its passage; a marker put inside it goes into the passage too', () => {
    // d('accept') codes code points 10–20
    const doc = addDecision(emptyDecisions('0'), d('accept'), 'file', 'één twee 3');
    expect(doc.codings[0]).toMatchObject({ start: 10, end: 20, text: 'één twee 3' });
    const inside = shiftOffsets(doc, 'a', 14, 4, '{{x}');
    expect(inside.codings[0]).toMatchObject({ start: 10, end: 24, text: 'één {{x}twee 3' });
    const before = shiftOffsets(doc, 'a', 5, 4, '{{x}');
    expect(before.codings[0]).toMatchObject({ start: 14, end: 24, text: 'één twee 3' });
    expect(JSON.parse(serializeDecisions(inside)).codings[0].text).toBe('één {{x}twee 3');
  });
  it('tallies acceptance per code and hints at weak rules', () => {
    const all = [d('accept', 'a', 1), d('reject', 'a', 2), ...Array.from({ length: 8 }, (_, i) => d('reject', 'overleg', i)), d('accept', 'overleg', 9), d('change', 'overleg', 10)];
    const t = tally(all);
    expect(t.codes.find((c) => c.code === 'overleg')).toMatchObject({ accepted: 1, rejected: 8, changed: 1 });
    expect(weakRules(t.rules).map((r) => r.rule)).toEqual(['overleg/r1']);
    const text = formatSummary(all, 3, 2, 'en');
    expect(text).toContain('rule overleg/r1 of code overleg was rejected 9 of 10 times; consider tightening it');
    expect(text).not.toContain('a/r1 of');
    expect(formatSummary(all, 3, 0, 'nl')).toContain('werd 9 van de 10 keer afgewezen');
  });
});
