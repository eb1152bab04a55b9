import { describe, it, expect } from 'vitest';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook, negationClass } from '../../src/coding/apply-codebook.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { serializeCodebook } from '../../src/codebook/serialize-codebook.js';
import { book, corpusOf, kw, source } from './helpers.js';
import type { Rule } from '../../src/codebook/types.js';

const fires = (text: string, rules: Rule[], lang: 'nl' | 'en' = 'nl') => {
  const corpus = corpusOf([source('s', `Respondent: ${text}\n`, lang)]);
  return applyCodebook(corpus, compileCodebook(book([{ id: 'x', rules }]), lang)).length > 0;
};

describe('rules with `negation: true`', () => {
  const neg = kw('x/r1', ['overleg*', 'samen beslissen'], { negation: true, terms: { nl: ['overleg*', 'samen beslissen'], en: ['consult*', 'decide together'] } });
  const plain = kw('x/r1', ['overleg*', 'samen beslissen']);

  it('a negation up to 3 words before or 2 after the term blocks it (Dutch puts niet after the verb)', () => {
    expect(fires('We hebben geen overleg met de wijkcoach.', [neg])).toBe(false);
    expect(fires('We overleggen eigenlijk nooit met de school.', [neg])).toBe(false);
    expect(fires('Dat zijn dingen die we niet samen beslissen.', [neg])).toBe(false);
    expect(fires('We do not consult the school.', [neg], 'en')).toBe(false);
    expect(fires("We don't decide together.", [neg], 'en')).toBe(false);
    // without the option the same sentences fire
    expect(fires('We hebben geen overleg met de wijkcoach.', [plain])).toBe(true);
  });

  it('does not block outside the window, across a clause end, or after a partial negation', () => {
    expect(fires('Geen idee waarom, maar elke week is er overleg.', [neg])).toBe(true);
    expect(fires('Niet slecht. Overleg is er elke week.', [neg])).toBe(true);
    expect(fires('Het is niet alleen overleg, we doen ook veel samen.', [neg])).toBe(true);
    expect(fires('Informatie delen is geen probleem, we overleggen vaak.', [neg])).toBe(true);
    expect(fires('We consult not only the school but also the GP.', [neg], 'en')).toBe(true);
  });

  it('one negated and one plain occurrence in a turn: the plain one still counts', () => {
    expect(fires('Met de school geen overleg, maar met de wijkcoach hebben we wekelijks overleg.', [neg])).toBe(true);
  });

  it('classifies negation words', () => {
    expect(['niet', 'geen', 'nooit', 'not', 'never', "don't", 'without'].map(negationClass)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(['alleen', 'only', 'probleem', 'overleg'].map(negationClass)).toEqual([2, 2, 2, 0]);
  });

  it('round-trips through the codebook parser and serializer', () => {
    const yaml = 'id: t\nname: {nl: T, en: T}\nlanguage: nl\ncodes:\n  - id: x\n    rules:\n      - keywords: {nl: [overleg*], en: [consult*]}\n        negation: true\n';
    const b = parseCodebook(yaml, { file: 't.yaml' });
    expect(b.codes[0].rules![0].negation).toBe(true);
    const again = parseCodebook(serializeCodebook(b, 'yaml'), { file: 't2.yaml' });
    expect(again.codes[0].rules![0].negation).toBe(true);
  });
});
