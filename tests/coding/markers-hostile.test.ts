/**
 * Inline markers written as a hurried coder writes them: a marker between a speaker's name and
 * its colon (`Anna{{code}}: …`), the same code given twice to one passage (`{{a}} {{a}}`), and a
 * closing marker as other tools write them (`{{code}}…{{/code}}`). All were read without a word:
 * the first merged the line into the turn before and coded the name, the second made two codings
 * of one passage by one coder, the third made a code "/code" (the opening marker had coded the
 * words before it). And a `[[` that opens no exact passage, which stood in the quote of the next
 * marker without a word (an unclosed `{{` was said).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const BOOK = `id: boek
name: {nl: Boek}
language: nl
codes:
  - id: vertrouwen
    name: {nl: Vertrouwen}
  - id: overleg
    name: {nl: Overleg}
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-markers-hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Doc = { sources: Array<{ text: string; codings: Array<{ code: string; start: number; end: number }> }> };

describe('markers a hurried coder writes', () => {
  it('a marker between the speaker\'s name and the colon is said with its line (the label is not read there)', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: Goed, we praten veel.\nInterviewer: En het overleg?\nAnna{{overleg}}: Nee, dat is lastig.\nInterviewer: Dank je.\nAnna: Graag gedaan.\n';
    const dir = writeProject(root, 'label', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:4: warning: 1 marker stands between a speaker\'s name and the colon (line 4 "Anna{{overleg}}:"): the name is not read as a speaker label there (the line is read as words of the turn before it), and the marker codes the name before it [coding:marker-in-speaker-label]');
    expect(r.err).toContain('hint: put the marker after the words it codes, not in the label');
    // a marker followed by a colon inside a sentence is no label
    const other = writeProject(root, 'sentence', { 'cb.yaml': BOOK, 'src/r1.txt': 'Interviewer: Wat telt?\nAnna: Het belangrijkste {{vertrouwen}}: dat we elkaar kennen.\nInterviewer: Dank je.\nAnna: Graag.\n' });
    const s = await qdaLeavingInputs(other, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(s.code).toBe(0);
    expect(s.err).not.toContain('marker-in-speaker-label');
  });

  it('a closing marker ({{/code}}, as other tools write them) is said: the opening one coded the passage before it; no code "/overleg" is made', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: Ik ken ze goed. {{overleg}}We maken elke week een afspraak.{{/overleg}} En verder niets.\nInterviewer: Dank je.\nAnna: Graag.\n';
    const dir = writeProject(root, 'closing', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:2:66: warning: 1 marker is written as a closing marker (line 2 "{{/overleg}}"): qdakit markers have no closing form — a marker codes the words before it, so {{overleg}} coded the passage before itself, not the words up to "{{/overleg}}"; the closing marker is read as no coding [coding:marker-closing-form]');
    expect(r.err).toContain('hint: mark the words exactly: [[the words]]{{overleg}} (and remove {{/overleg}}), or put the marker after the words it codes');
    expect(r.err).not.toContain('unknown-code');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc & { codes: Array<{ id: string }> };
    expect(doc.codes.map((c) => c.id)).not.toContain('/overleg');
    const s = doc.sources[0];
    expect(s.codings.map((c) => `${c.code}: ${s.text.slice(c.start, c.end)}`)).toEqual(['overleg: Ik ken ze goed.']);
  });

  it('the same code twice on one passage by one coder is said (each kept, as a repeated row of a codings file is)', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar. {{vertrouwen}} {{vertrouwen}}\nInterviewer: En verder?\nAnna: Goed overleg. {{overleg, overleg}} En daarna nog meer. {{overleg}} {{overleg @bram}}\n';
    const dir = writeProject(root, 'twice', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:2: warning: 2 marker labels give a passage a code its coder already gave it (line 2 "{{vertrouwen}}": "vertrouwen", line 4 "{{overleg, overleg}}": "overleg"): each is read as a coding of its own (counted again by --measure uses) [coding:marker-repeated]');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    expect(doc.sources[0].codings.filter((c) => c.code === 'vertrouwen')).toHaveLength(2);
    expect(doc.sources[0].codings.filter((c) => c.code === 'overleg')).toHaveLength(4);
  });

  it('a "[[" that no "]]{{code}}" closes is said with its line; the passage it stood in is coded as before', async () => {
    const text = 'Interviewer: Hoe gaat het?\nAnna: Goed. [[we praten veel]]{{overleg}} Klaar.\nInterviewer: Verder?\nAnna: [[Prima zo. {{vertrouwen}}\nInterviewer: Dank.\nAnna: Graag [[ja [[echt]]{{vertrouwen}}\n';
    const dir = writeProject(root, 'brackets', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('src/r1.txt:4:7: warning: 2 "[[" open no exact passage (no "]]{{code}}" closes them), at lines 4, 6: read as text, so "[[" stands in the passage the next marker codes [coding:bracket-not-closed]');
    expect(r.err).toContain('hint: close the passage right before its marker: [[the words]]{{code}} (or remove the brackets)');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const s = doc.sources[0];
    expect(s.codings.map((c) => `${c.code}: ${s.text.slice(c.start, c.end)}`)).toEqual(['overleg: we praten veel', 'vertrouwen: [[Prima zo.', 'vertrouwen: echt']);
  });
});
