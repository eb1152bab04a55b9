/**
 * qda compare --within question --guide: a question of the guide that no coding names was left out
 * of the "X of Y" table without a word (the labelschema shows it as "(no coded answers)"), and a
 * question value the guide does not hold followed the guide's questions unsaid. Now the question
 * is a row of its own, in its place in the guide, with Y = 0, and both are said.
 * (The table and guide are our own writing.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const GUIDE = `id: g
language: nl
parts:
  - id: p1
    title: {nl: Deel 1}
    questions:
      - {id: q1, number: "1", label: {nl: Rol}, text: {nl: Wat is uw rol?}}
      - {id: q2, number: "2", label: {nl: Samenwerking}, text: {nl: Hoe gaat de samenwerking?}}
      - {id: q3, number: "3", label: {nl: Toekomst}, text: {nl: Wat verwacht u?}}
`;
const TABLE = ['source,question,code,group,text', 'r1,1,rol,A,ik ben coach', 'r2,1,rol,B,ik ben werker', 'r1,3,toekomst,A,beter', 'r3,3,toekomst,B,slechter', 'r1,9,rol,A,nog iets'].join('\n') + '\n';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-guide-uncoded-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compare --within question --guide', () => {
  it('shows a guide question without codings as a row in its place (Y = 0) and says it', async () => {
    const d = writeProject(tmp, 'en', { 'guide.yaml': GUIDE, 'l.csv': TABLE });
    const r = await qdaLeavingInputs(d, ['compare', 'l.csv', '--by', 'group', '--within', 'question', '--guide', 'guide.yaml', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    const table = Array.isArray(t) ? t[0] : t.tables?.[0] ?? t;
    const rows = table.rows as Array<Record<string, unknown>>;
    expect(rows.map((x) => x.value)).toEqual(['1', '2. Samenwerking', '3', '9']);
    const q2 = rows[1];
    expect([q2.code, q2.label, q2['y:A'], q2['y:B'], q2['x:A']]).toEqual(['', '(no coded answers)', 0, 0, null]);
    expect(table.notes.join('\n')).toContain('1 question(s) of the guide have no coding under any question value (shown as rows "(no coded answers)", Y = 0): "2. Samenwerking".');
    expect(r.err).toContain(
      `l.csv:6: warning: 1 question value(s) of the codings are not in the guide (guide.yaml); they follow the guide's questions: "9" (first on line 6); the guide's questions without a coding: "2. Samenwerking" [analysis:question-not-in-guide]`,
    );
  });

  it('in Dutch, and without a guide nothing changes', async () => {
    const d = writeProject(tmp, 'nl', { 'guide.yaml': GUIDE, 'l.csv': TABLE });
    const r = await qdaLeavingInputs(d, ['compare', 'l.csv', '--by', 'group', '--within', 'question', '--guide', 'guide.yaml', '--format', 'md', '--lang', 'nl']);
    expect(r.out).toContain('| 2. Samenwerking |  | (geen gecodeerde antwoorden) |');
    expect(r.out).toContain('1 vra(a)g(en) uit de topiclijst hebben geen codering');
    const plain = await qdaLeavingInputs(d, ['compare', 'l.csv', '--by', 'group', '--within', 'question', '--format', 'md', '--lang', 'nl']);
    expect(plain.out).not.toContain('Samenwerking');
    expect(plain.err).not.toContain('question-not-in-guide');
  });
});

describe('a question value that names two questions of the guide', () => {
  // two questions numbered "1" (a typo in the guide): the codings' "1" were counted under the
  // first, the second shown as without codings, and nothing said which
  const DUP = `id: g
language: nl
parts:
  - id: p1
    questions:
      - {id: q1, number: "1", label: {nl: Rol}, text: {nl: Wat is uw rol?}}
      - {id: q2, number: "1", label: {nl: Samen}, text: {nl: Hoe gaat het samen?}}
`;
  const T = ['source,question,code,group,text', 'r1,1,rol,A,ik ben coach', 'r2,q2,samen,B,goed', 'r3,1. Samen,samen,B,prima'].join('\n') + '\n';
  it('is said by compare --within and appendix --by question, with its line and the questions it names', async () => {
    const d = writeProject(tmp, 'dup', { 'guide.yaml': DUP, 'l.csv': T });
    const want = `l.csv:2: warning: 1 question value(s) of the codings name more than one question of the guide (guide.yaml) and are counted under the first: "1" (first on line 2): q1 (1. Rol) or q2 (1. Samen) [analysis:question-ambiguous-in-guide]`;
    const c = await qdaLeavingInputs(d, ['compare', 'l.csv', '--by', 'group', '--within', 'question', '--guide', 'guide.yaml', '--format', 'md', '--lang', 'en']);
    expect(c.err).toContain(want);
    const a = await qdaLeavingInputs(d, ['appendix', 'l.csv', '--by', 'question', '--guide', 'guide.yaml', '--format', 'md', '--lang', 'en']);
    expect(a.err).toContain(want);
    // an id, or "number. label", names one question: not said
    expect(c.err.match(/question-ambiguous-in-guide/g)?.length).toBe(1);
  });
});

describe('an interview guide with two questions of one number or label', () => {
  // the guide itself was not checked: only a coding that named "1" was said (question-ambiguous-in-guide)
  it('is said when the guide is read, with the file, both questions and their lines, also when no coding names it', async () => {
    const { parseGuide } = await import('../../src/ingest/read-guide.js');
    const g = await parseGuide(
      `id: g\nlanguage: nl\nparts:\n  - id: p1\n    questions:\n      - {id: q1, number: "1", label: {nl: Rol}, text: {nl: Wat is uw rol?}}\n      - {id: q2, number: "1.", label: {nl: Samen}, text: {nl: Hoe gaat het samen?}}\n  - id: p2\n    questions:\n      - id: q3\n        number: 2\n        label: {nl: "rol "}\n        text: {nl: Nog iets?}\n`,
      'guide.yaml',
    );
    expect(g.warnings?.map((w) => [w.ruleId, w.file, w.line])).toEqual([
      ['guide-duplicate-number', 'guide.yaml', 7],
      ['guide-duplicate-label', 'guide.yaml', 12],
    ]);
    expect(g.warnings?.[0].message).toBe('1 number of the interview guide is given to more than one question: number "1" for q1 (line 6): "1. Rol" and q2 (line 7): "1. Samen"; a codings value "1" names both and is counted under the first');
    expect(g.warnings?.[1].message).toContain('label "Rol" for q1 (line 6): "1. Rol" and q3 (line 12): "2. rol "');
    const ok = await parseGuide(GUIDE, 'guide.yaml');
    expect(ok.warnings).toBeUndefined();
    // the commands that read a guide say it (the codings name q1 and q2 by id: nothing ambiguous in them)
    const d = writeProject(tmp, 'dup-guide', { 'guide.yaml': `id: g\nlanguage: nl\nparts:\n  - id: p1\n    questions:\n      - {id: q1, number: "1", label: {nl: Rol}, text: {nl: Wat is uw rol?}}\n      - {id: q2, number: "1", label: {nl: Samen}, text: {nl: Hoe gaat het samen?}}\n`, 'l.csv': 'source,question,code,group,text\nr1,q1,rol,A,ik ben coach\nr2,q2,samen,B,goed\n' });
    for (const args of [
      ['compare', 'l.csv', '--by', 'group', '--within', 'question', '--guide', 'guide.yaml', '--format', 'md'],
      ['appendix', 'l.csv', '--by', 'question', '--guide', 'guide.yaml', '--format', 'md'],
    ]) {
      const r = await qdaLeavingInputs(d, args);
      expect(r.code).toBe(0);
      expect(r.err).toContain('guide.yaml:7: warning: 1 number of the interview guide is given to more than one question: number "1" for q1 (line 6): "1. Rol" and q2 (line 7): "1. Samen"');
      expect(r.err).toContain('[ingest:guide-duplicate-number]');
    }
  });
});
