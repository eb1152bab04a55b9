import { describe, it, expect } from 'vitest';
import { isClarifyingQuestion, CLARIFICATION_MAX_WORDS } from '../../src/coding/clarification.js';
import { codeCorpus } from '../../src/coding/code-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';
import { book, corpusOf, kw, source } from './helpers.js';

// Invented sentences.
describe('clarifying questions of a respondent', () => {
  it('a short turn asking what the interviewer means (nl, en), also without a question mark', () => {
    expect(isClarifyingQuestion('Bedoel je de partners buiten het team?')).toBe(true);
    expect(isClarifyingQuestion('Hoe bedoelt u, het overleg met de school?')).toBe(true);
    expect(isClarifyingQuestion('Ja, en wat bedoel je precies met afspraken')).toBe(true);
    expect(isClarifyingQuestion('De samenwerking met de buurt, bedoelen jullie dat.')).toBe(true);
    expect(isClarifyingQuestion('What do you mean by partners?')).toBe(true);
    expect(isClarifyingQuestion('Do you mean the meetings with the school?')).toBe(true);
  });

  it('not: a statement, the respondent explaining what they mean, or a long turn that goes on to answer', () => {
    expect(isClarifyingQuestion('We overleggen elke week met de school.')).toBe(false);
    expect(isClarifyingQuestion('Ik bedoel dat we de partners vaak bellen.')).toBe(false);
    expect(isClarifyingQuestion('I mean that we call the partners often.')).toBe(false);
    expect(isClarifyingQuestion('Bedoelingen zijn goed, maar het overleg loopt niet.')).toBe(false);
    const long = `Bedoel je het overleg? ${'Dat doen we elke week met de school en de wijkcoach samen '.repeat(2)}`;
    expect(long.split(/\s+/).filter(Boolean).length).toBeGreaterThan(CLARIFICATION_MAX_WORDS);
    expect(isClarifyingQuestion(long)).toBe(false);
    expect(isClarifyingQuestion('')).toBe(false);
  });

  it('codeCorpus: no rule codings on such a turn, reported with file and line; human codings and interviewer turns untouched; keep codes it', () => {
    const text = [
      'Interviewer: Hoe verloopt het overleg met de partners?',
      '',
      'Respondent: Bedoel je het overleg met de partners buiten het team?',
      '',
      'Interviewer: Ja, bedoel je dat overleg met de partners goed gaat?',
      '',
      'Respondent: Het overleg met de partners gaat goed, elke week.',
      '',
      'Respondent: Wat bedoel je met overleg? {{overleg}}',
      '',
    ].join('\n');
    const corpus = corpusOf([source('gesprek', text)]);
    const b = book([{ id: 'overleg', rules: [kw('overleg/r1', ['overleg*'])] }]);
    const diags: Diagnostic[] = [];
    const doc = codeCorpus(corpus, [b], { unit: 'turn', version: 't', report: (d) => diags.push(d) });
    const turnOf = (id: string | undefined) => corpus.segments.findIndex((s) => s.id === id) + 1;
    const rules = doc.codings.filter((c) => c.coder === 'rules').map((c) => turnOf(c.segmentId));
    expect(rules).toEqual([4]);
    // the human coding on the last clarifying turn is kept
    expect(doc.codings.filter((c) => c.coder !== 'rules' && c.coder !== 'model').map((c) => turnOf(c.segmentId))).toEqual([5]);
    const d = diags.find((x) => x.ruleId === 'clarifying-question')!;
    expect(d.severity).toBe('info');
    expect(d.message).toMatch(/^2 automatic codings not made on 2 respondent turns that only ask the interviewer what they mean \(line 3, line 9;/);
    expect(d.line).toBe(3);
    const kept = codeCorpus(corpus, [b], { unit: 'turn', version: 't', clarifications: 'keep' });
    expect(kept.codings.filter((c) => c.coder === 'rules').map((c) => turnOf(c.segmentId))).toEqual([2, 4, 5]);
  });
});
