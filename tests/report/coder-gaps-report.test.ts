/**
 * The report's sentences and quotes count the human coders when the rules' suggestions are beside
 * them. Humans who coded 2 of 6 interviews the rules coded: the other 4 stood in N as interviews
 * where nothing was found ("None of the 3 coaches mention Overleg"), without a word in report.html,
 * results-skeleton.md or qda run's summary (the compare/matrix/saturation notes said it for
 * --coder; found by huntana). Now each says it, with the sources and how many the humans coded.
 * Several humans are counted together: a source one of them coded is no gap.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const CB =
  'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n' +
  '  - id: overleg\n    name: Overleg\n    definition: o.\n    rules:\n      - keywords: {nl: [overleg]}\n' +
  '  - id: vertrouwen\n    name: Vertrouwen\n    definition: v.\n    rules:\n      - keywords: {nl: [vertrouwen]}\n';

function project(): string {
  const files: Record<string, string> = {
    'cb.yaml': CB,
    'cases.csv': 'source,group\nw1,coach\nw2,coach\nw3,coach\nj1,jeugd\nj2,jeugd\nj3,jeugd\n',
    // coded by a person (markers) in w1 (anna) and j1 (bert); the rules find overleg/vertrouwen everywhere
    'w1.txt': 'Interviewer: Hoe gaat het?\nRespondent: Het overleg loopt goed. {{overleg @anna}}\n',
    'j1.txt': 'Interviewer: Hoe gaat het?\nRespondent: Er is vertrouwen in het overleg. {{vertrouwen @bert}}\n',
  };
  for (const s of ['w2', 'w3', 'j2', 'j3']) files[`${s}.txt`] = 'Interviewer: Hoe gaat het?\nRespondent: Het wekelijks overleg geeft vertrouwen.\n';
  return writeProject(mkdtempSync(join(tmpdir(), 'qda-report-gaps-')), 'p', files);
}

describe('the report says the sources the rules coded and the human coders did not', () => {
  it('report.html: in the sentences and the quotes, naming the sources (en, nl)', async () => {
    const dir = project();
    const srcs = ['w1.txt', 'w2.txt', 'w3.txt', 'j1.txt', 'j2.txt', 'j3.txt'];
    const en = await qdaLeavingInputs(dir, ['report', ...srcs, '-c', 'cb.yaml', '--cases', 'cases.csv', '--by', 'group', '--lang', 'en', '-o', 'r.html'], ['r.html']);
    expect(en.code, en.err).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    const skel = html.slice(html.indexOf('<h2 id="skeleton">'), html.indexOf('<h2 id="quotes">'));
    expect(skel).toContain('Coders anna and bert (counted together) have no coding in 4 source(s) that other coders (rules) coded (j2, j3, w2, w3; they coded 2)');
    const quotes = html.slice(html.indexOf('<h2 id="quotes">'));
    expect(quotes).toContain('No quotes of anna and bert from 4 source(s) that rules coded and none of them did (j2, j3, w2, w3; they coded 2).');
    const nl = await qdaLeavingInputs(dir, ['report', ...srcs, '-c', 'cb.yaml', '--cases', 'cases.csv', '--by', 'group', '--lang', 'nl', '-o', 'n.html'], ['n.html']);
    expect(nl.code, nl.err).toBe(0);
    expect(readFileSync(join(dir, 'n.html'), 'utf8')).toContain('Codeurs anna en bert (samen geteld) hebben geen codering in 4 bron(nen) die andere codeurs (rules) codeerden (j2, j3, w2, w3; zij codeerden er 2)');
  }, 60_000);

  it('qda run: results-skeleton.md and the summary say it; --coder anna names anna alone', async () => {
    const dir = project();
    const r = await qdaLeavingInputs(dir, ['run', '.', '-c', 'cb.yaml', '--cases', 'cases.csv', '--by', 'group', '--lang', 'en', '-o', 'out'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out', 'results-skeleton.md'), 'utf8')).toContain('*Coders anna and bert (counted together) have no coding in 4 source(s) that other coders (rules) coded (j2, j3, w2, w3; they coded 2)');
    expect(r.out + r.err).toMatch(/sentences and quotes count: anna, bert \(the human coders; [^)]*\); 4 source\(s\) that rules coded have no coding of theirs \(j2, j3, w2, w3\), counted in N as if nothing was found there/);
    const a = await qdaLeavingInputs(dir, ['report', 'out/codings.json', '--by', 'group', '--coder', 'anna', '--lang', 'en', '-o', '-']);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toContain('Coder anna has no coding in 5 source(s) that other coders coded (j1, j2, j3, w2, w3; anna coded 1)');
  }, 120_000);

  it('the questionnaire section says it beside "passages of 1 of the 3 respondents"', async () => {
    const dir = project();
    writeFileSync(join(dir, 'data.csv'), ['respondent,group,O1,O2', 'P1,coach,3,4', 'P2,coach,2,3', 'P3,coach,4,4', 'P4,jeugd,1,2', 'P5,jeugd,2,2', 'P6,jeugd,1,1'].join('\n') + '\n');
    writeFileSync(join(dir, 'spec.yaml'), 'group: group\nid: respondent\nscale: 0..4\nitems:\n  O1: {en: We meet, nl: We overleggen}\n  O2: {en: Meetings help, nl: Overleg helpt}\ndimensions:\n  overleg: {label: {en: Meetings, nl: Overleg}, items: [O1, O2], code: overleg}\n');
    const srcs = ['w1.txt', 'w2.txt', 'w3.txt', 'j1.txt', 'j2.txt', 'j3.txt'];
    const r = await qdaLeavingInputs(dir, ['report', ...srcs, '-c', 'cb.yaml', '--cases', 'cases.csv', '--by', 'group', '--survey', 'data.csv', '--survey-spec', 'spec.yaml', '--lang', 'en', '-o', 's.html'], ['s.html']);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(dir, 's.html'), 'utf8');
    const survey = html.slice(html.indexOf('<h2 id="survey">'));
    expect(survey).toMatch(/<p class="flag">Coders anna and bert \(counted together\) have no coding in 4 source\(s\) that other coders \(rules\) coded \(j2, j3, w2, w3; they coded 2\)/);
  }, 60_000);

  it('says nothing when the humans coded every source the rules coded', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-report-gaps-')), 'p', {
      'cb.yaml': CB,
      'w1.txt': 'Interviewer: Hoe gaat het?\nRespondent: Het overleg loopt goed. {{overleg @anna}}\n',
      'w2.txt': 'Interviewer: Hoe gaat het?\nRespondent: Vertrouwen, ja. {{vertrouwen @anna}}\n',
    });
    const r = await qdaLeavingInputs(dir, ['report', 'w1.txt', 'w2.txt', '-c', 'cb.yaml', '--lang', 'en', '-o', '-']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/have no coding in|No quotes of/);
  }, 60_000);
});
