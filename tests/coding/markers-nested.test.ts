/**
 * Markers inside an exact passage and exact passages across turns. A plain marker inside
 * `[[…]]{{code}}` coded the words from the start of its turn, the `[[` and the words before the
 * passage included, without a word; an exact passage that began in the interviewer's question and
 * ended in the answer gave the interviewer's turn a coding of its own, said only as an info about
 * "segments" whose hint (use --unit turn) did not help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { findMarkers } from '../../src/coding/markers.js';

const BOOK = `id: boek
name: {nl: Boek}
language: nl
codes:
  - id: samenwerking
    name: {nl: Samenwerking}
  - id: overleg
    name: {nl: Overleg}
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-markers-nested-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Doc = { sources: Array<{ text: string; speakers: Array<[string, string]>; segments: Array<[number, number, number]>; codings: Array<{ code: string; start: number; end: number; segment: number }> }> };

describe('a marker inside an exact passage', () => {
  it('codes the words from the "[[" up to itself (not the words before the passage), and is said', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: Eerst iets anders. [[We doen veel samen {{overleg}} met de buren]]{{samenwerking}} en verder niets.\nInterviewer: Dank.\nAnna: Graag.\n';
    const dir = writeProject(root, 'inside', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const s = doc.sources[0];
    expect(s.codings.map((c) => `${c.code}: ${Array.from(s.text).slice(c.start, c.end).join('')}`)).toEqual(['overleg: We doen veel samen', 'samenwerking: We doen veel samen {{overleg}} met de buren']);
    expect(r.err).toContain('src/r1.txt:2: warning: 1 marker stands inside an exact passage [[…]] (line 2 "{{overleg}}" inside the passage of "{{samenwerking}}"): it codes the words from the "[[" up to itself, and the passage\'s own coding covers all the bracketed words, the marker\'s text included (its quote shows the marker) [coding:marker-inside-passage]');
    expect(r.err).toContain('hint: mark each coded passage on its own, not one inside another');
  });

  it('a marker after another one inside the passage codes the words between them; markers outside passages are not said', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: Vooraf. [[een {{overleg}} twee {{overleg}} drie]]{{samenwerking}} Klaar. {{overleg}}\nInterviewer: Dank.\nAnna: Graag.\n';
    const dir = writeProject(root, 'inside-two', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const s = doc.sources[0];
    expect(s.codings.map((c) => `${c.code}: ${Array.from(s.text).slice(c.start, c.end).join('')}`)).toEqual(['overleg: een', 'samenwerking: een {{overleg}} twee {{overleg}} drie', 'overleg: twee', 'overleg: Klaar.']);
    expect(r.err).toContain('warning: 2 markers stand inside an exact passage');
    const plain = writeProject(root, 'plain', { 'cb.yaml': BOOK, 'src/r1.txt': 'Interviewer: Hoe?\nAnna: [[Goed]]{{overleg}} en verder {{samenwerking}}\nInterviewer: Dank.\nAnna: Graag.\n' });
    const p = await qdaLeavingInputs(plain, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(p.err).not.toContain('marker-inside-passage');
  });
});

describe('an exact passage inside another one', () => {
  it('the outer passage is all its bracketed words (it was none, and its marker coded the "c]]" before it, brackets included)', async () => {
    const text = 'Interviewer: Hoe?\nAnna: Vooraf. [[a [[b]]{{overleg}} c]]{{samenwerking}} klaar.\nInterviewer: Dank.\nAnna: Graag.\n';
    const dir = writeProject(root, 'nested-exact', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const s = doc.sources[0];
    expect(s.codings.map((c) => `${c.code}: ${Array.from(s.text).slice(c.start, c.end).join('')}`).sort()).toEqual(['overleg: b', 'samenwerking: a [[b]]{{overleg}} c']);
    // (every "[[" opens a passage: none is said as unclosed)
    expect(r.err).not.toContain('bracket-not-closed');
  });

  it('a stray "]]" after a closed passage opens nothing: the marker codes the words before it, and no pair is taken apart', () => {
    const ms = findMarkers('[[a]]{{x}} b]]{{y}} [[c [[d]] e]]{{z}}');
    expect(ms.map((m) => [m.labels[0], m.exact ? '[[a]]{{x}} b]]{{y}} [[c [[d]] e]]{{z}}'.slice(m.exact[0], m.exact[1]) : null])).toEqual([['x', 'a'], ['y', null], ['z', 'c [[d]] e']]);
  });
});

describe('a "]]" before a marker that closes no "[["', () => {
  it('is said with its line: the marker codes the passage before it, "]]" included (it did so without a word)', async () => {
    const text = 'Interviewer: Hoe?\nAnna: Eerst iets anders. Wij werken samen]]{{samenwerking}} en verder.\nInterviewer: Dank.\nAnna: Graag. [[Prima]]{{overleg}}\n';
    const dir = writeProject(root, 'not-opened', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:2:42: warning: 1 "]]" before a marker closes no "[[" (no exact passage opens before it), at line 2: its marker codes the passage before it as a marker without brackets does, from the start of the turn (or the marker before), "]]" included [coding:bracket-not-opened]');
    expect(r.err).toContain('hint: open the passage where its words begin: [[the words]]{{code}} (or remove the "]]")');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const s = doc.sources[0];
    expect(s.codings.map((c) => `${c.code}: ${Array.from(s.text).slice(c.start, c.end).join('')}`)).toEqual(['samenwerking: Eerst iets anders. Wij werken samen]]', 'overleg: Prima']);
  });
});

describe('an exact passage across turns', () => {
  it('is said with the speakers its parts went to and the codings on interviewer turns', async () => {
    const text = 'Interviewer: [[Werkt u samen met de school?\nAnna: Ja, veel samen]]{{samenwerking}} met de school.\nInterviewer: Dank.\nAnna: Graag.\n';
    const dir = writeProject(root, 'across', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:2: warning: 1 exact passage runs across turns (line 2 "{{samenwerking}}": Interviewer (interviewer), Anna): each turn\'s part is coded as a coding of that turn\'s speaker, 2 codings in all, 1 of them on interviewer turns (left out of every respondent measure); counts per segment or respondent count each [coding:marker-passage-across-turns]');
    expect(r.err).toContain("hint: end a passage in the turn it starts in");
    // (said once: not also as a passage spread over segments)
    expect(r.err).not.toContain('marker-passage-spread');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const s = doc.sources[0];
    expect(s.codings.map((c) => s.speakers[s.segments[c.segment][2]][0])).toEqual(['Interviewer', 'Anna']);
  });

  it('with --unit sentence, one passage over two sentences of one turn is still the info about segments', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: [[Het gaat goed. We werken samen]]{{samenwerking}} met de school.\nInterviewer: Dank.\nAnna: Graag.\n';
    const dir = writeProject(root, 'sentences', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-u', 'sentence', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[coding:marker-passage-spread]');
    expect(r.err).not.toContain('marker-passage-across-turns');
  });
});

describe('an exact passage with nothing between its brackets', () => {
  it('is said as such ([[]] and [[  ]]; the first was said as a marker at the start of its turn, the second not at all); the codings are kept', async () => {
    const text = 'Interviewer: Hoe?\nAnna: We werken samen. [[]]{{samenwerking}} en [[  ]]{{overleg}} klaar.\nInterviewer: Dank.\nAnna: Graag.\n';
    const dir = writeProject(root, 'empty-brackets', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:2: warning: 2 exact passages have no words between their brackets ([[]]{{…}}; line 2): the codings mark their turns, but their passages are empty (no quote) [coding:marker-empty-brackets]');
    expect(r.err).not.toContain('marker-empty-passage');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    expect(doc.sources[0].codings.map((c) => c.code)).toEqual(['samenwerking', 'overleg']);
  });
});

describe('coders of markers written with other capitals', () => {
  it('are said with each spelling\'s count and first place (two coders in every count); one spelling is not', async () => {
    const text = 'Interviewer: Hoe?\nAnna: We werken samen. {{samenwerking @Fem}}\nInterviewer: En?\nAnna: Overleg ook. {{overleg @fem}}\nInterviewer: Nog?\nAnna: Ja. {{overleg @fem}}\n';
    const dir = writeProject(root, 'coders-case', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:4: warning: 1 coder is written in markers with other capitals, and counted as a coder apart: "@Fem" (1×, first src/r1.txt:2) and "@fem" (2×, first src/r1.txt:4) [coding:marker-coders-differ-in-case]');
    const one = writeProject(root, 'coders-one', { 'cb.yaml': BOOK, 'src/r1.txt': text.replace('@Fem', '@fem') });
    const s = await qdaLeavingInputs(one, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(s.err).not.toContain('marker-coders-differ-in-case');
  });
});
