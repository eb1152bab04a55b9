import { describe, it, expect } from 'vitest';
import { tokenize, tokenizeCodePoints, fold } from '../../src/coding/tokenize.js';
import { compileCodebook, compoundRestOk } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { cpSlice } from '../../src/model/codepoints.js';
import { book, corpusOf, kw, source } from './helpers.js';
import type { Rule } from '../../src/codebook/types.js';

const run = (text: string, rules: Rule[], opts: { unit?: 'turn' | 'sentence'; speakers?: 'all' | 'respondent'; lang?: 'nl' | 'en' } = {}) => {
  const lang = opts.lang ?? 'nl';
  const corpus = corpusOf([source('s', text, lang)], opts.unit ?? 'turn');
  const b = book([{ id: 'x', rules }]);
  return { corpus, codings: applyCodebook(corpus, compileCodebook(b, lang), { speakers: opts.speakers }) };
};

describe('tokenize', () => {
  it('keeps inner apostrophes and hyphens and folds diacritics', () => {
    const t = tokenize("Ideeën over café-overleg, collega’s en geïnterviewd!");
    expect(t.map((x) => x.folded)).toEqual(['ideeen', 'over', 'cafe-overleg', "collega's", 'en', 'geinterviewd']);
    expect(fold('ÉÉN')).toBe('een');
  });

  it('code-point offsets slice back exactly with astral characters', () => {
    const text = '😀 samenwerking 𝒜𝒷 met 👩‍👩‍👧 teams ideeën';
    const toks = tokenizeCodePoints(text);
    for (const t of toks) expect(cpSlice(text, t.start, t.end)).toBe(t.raw);
    expect(toks.map((t) => t.raw)).toContain('samenwerking');
  });

  it('masks ranges', () => {
    const t = tokenize('wij werken {{samenwerking}} samen', [[11, 27]]);
    expect(t.map((x) => x.raw)).toEqual(['wij', 'werken', 'samen']);
  });
});

describe('Dutch stemming and compounds', () => {
  it('samenwerking / samenwerken / samenwerkingsverband / samenwerkt all match the keyword samenwerking', () => {
    const words = ['samenwerking', 'samenwerken', 'samenwerkingsverband', 'samenwerkingsafspraken', 'samenwerkt', 'Samenwerkingen'];
    for (const w of words) {
      const { codings } = run(`Geïnterviewde: Het gaat om ${w} hier.`, [kw('x/r1', ['samenwerking'])]);
      expect(codings.length, w).toBe(1);
      expect(codings[0].evidence?.matches?.[0].term).toBe(w);
    }
  });

  it('short stems do not make silly compound hits', () => {
    expect(compoundRestOk(3, 'egeren')).toBe(false);
    for (const w of ['delegeren', 'delicaat', 'werkgever', 'teamleider']) {
      const { codings } = run(`R: Over ${w} gesproken.`, [kw('x/r1', ['delen', 'werk', 'team'])]);
      expect(codings, w).toEqual([]);
    }
    // but inflections of short stems still match through the stemmer
    expect(run('R: We delen alles.', [kw('x/r1', ['delen'])]).codings.length).toBe(1);
  });

  it('wildcards: prefix and suffix', () => {
    expect(run('R: Vertrouwelijk gesprek.', [kw('x/r1', ['vertrouw*'])]).codings.length).toBe(1);
    expect(run('R: Het teamoverleg was goed.', [kw('x/r1', ['*overleg'])]).codings.length).toBe(1);
    expect(run('R: Het wantrouwen was groot.', [kw('x/r1', ['vertrouw*'])]).codings.length).toBe(0);
  });
});

describe('rules', () => {
  it('phrases match consecutive words only', () => {
    const r = [kw('x/r1', ['op één lijn'])];
    const hit = run('R: We zitten op een lijn met elkaar.', r).codings;
    expect(hit.length).toBe(1);
    expect(hit[0].evidence?.matches?.[0].term).toBe('op een lijn');
    expect(run('R: Op de lijn zitten we een keer.', r).codings.length).toBe(0);
  });

  it('near within n words, either order', () => {
    const r: Rule[] = [{ kind: 'near', id: 'x/r1', a: { nl: ['afspraak'] }, b: { nl: ['gemeente'] }, distance: 3 }];
    expect(run('R: De gemeente maakt een afspraak.', r).codings.length).toBe(1);
    expect(run('R: De afspraak is dat wij dan later eens met de gemeente bellen.', r).codings.length).toBe(0);
  });

  it('exclusions block a rule; minMatches counts distinct terms', () => {
    expect(run('R: Er is geen samenwerking.', [kw('x/r1', ['samenwerking'], { exclude: { nl: ['geen'] } })]).codings.length).toBe(0);
    const two = [kw('x/r1', ['overleg', 'afspraak'], { minMatches: 2 })];
    expect(run('R: Overleg en nog eens overleg.', two).codings.length).toBe(0);
    expect(run('R: Overleg over de afspraken.', two).codings.length).toBe(1);
  });

  it('regex rules run per rule on lower-cased text', () => {
    const r: Rule[] = [{ kind: 'regex', id: 'x/r1', pattern: 'op (één|een) lijn' }];
    const c = run('R: Wij zitten OP ÉÉN LIJN.', r).codings;
    expect(c.length).toBe(1);
    expect(c[0].evidence?.matches?.[0].term).toBe('OP ÉÉN LIJN');
  });

  it('interviewer turns are skipped unless speakers=all; rule roles override', () => {
    const text = 'Interviewer: Hoe is de samenwerking?\n\nRespondent: Prima.';
    expect(run(text, [kw('x/r1', ['samenwerking'])]).codings.length).toBe(0);
    expect(run(text, [kw('x/r1', ['samenwerking'])], { speakers: 'all' }).codings.length).toBe(1);
    expect(run(text, [kw('x/r1', ['samenwerking'], { roles: ['interviewer'] })]).codings.length).toBe(1);
  });

  it('codes per sentence unit and evidence offsets slice to the matched word (code points)', () => {
    const text = 'R: 😀 Eerst iets anders. Dan de 𝒜 samenwerking met teams. En meer.';
    const { corpus, codings } = run(text, [kw('x/r1', ['samenwerking', 'team'])], { unit: 'sentence' });
    expect(codings.length).toBe(1);
    const seg = corpus.segments.find((s) => s.id === codings[0].segmentId)!;
    expect(seg.text).toContain('samenwerking');
    for (const m of codings[0].evidence!.matches!) expect(cpSlice(text, m.start, m.end)).toBe(m.term);
    expect(codings[0].evidence!.matches!.map((m) => m.term)).toEqual(['samenwerking', 'teams']);
    expect(codings[0].score).toBeCloseTo(1 - 0.2 * 0.2, 6);
  });

  it('marker text is never matched', () => {
    const c = run('R: Het ging goed. {{samenwerking}} En verder. Code: samenwerking', [kw('x/r1', ['samenwerking'])]).codings;
    expect(c).toEqual([]);
  });

  it('categories without rules are not assigned; English sources use en terms', () => {
    const b = book([{ id: 'parent' }, { id: 'child', parent: 'parent', rules: [{ kind: 'keywords', id: 'child/r1', terms: { nl: ['samenwerking'], en: ['collaborat*'] } }] }]);
    const corpus = corpusOf([source('e', 'R: We collaborated a lot.', 'en'), source('n', 'R: We collaborated a lot.', 'nl')]);
    const cods = applyCodebook(corpus, [compileCodebook(b, 'nl'), compileCodebook(b, 'en')]);
    expect(cods.map((c) => [c.sourceId, c.code])).toEqual([['e', 'child']]);
  });

  it('is deterministic', () => {
    const text = 'R: samenwerking en overleg.\n\nR: afspraken over overleg.';
    const a = run(text, [kw('x/r1', ['overleg', 'samenwerking']), kw('x/r2', ['afspraak'])]).codings;
    const b = run(text, [kw('x/r1', ['overleg', 'samenwerking']), kw('x/r2', ['afspraak'])]).codings;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.map((c) => c.segmentId)).toEqual(['s#0', 's#1']);
  });

  it('a segment whose text is not the slice of its source is coded on its own text', () => {
    const src = source('s', 'R: niets hier te zien, helemaal niets.');
    const seg = { id: 's#0', sourceId: 's', index: 0, unit: 'turn' as const, speaker: 'R', role: 'respondent' as const, start: 3, end: 15, text: 'samenwerking', turn: 0 };
    const c = applyCodebook({ sources: [src], segments: [seg] }, compileCodebook(book([{ id: 'x', rules: [kw('x/r1', ['samenwerking'])] }]), 'nl'));
    expect(c.map((x) => x.evidence?.matches?.[0])).toEqual([{ start: 3, end: 15, term: 'samenwerking' }]);
  });
});

describe('min: N counts distinct words', () => {
  it('one word that matches two terms of a rule counts once (ervaring ~ ervaring, ervaren)', () => {
    const rule = [kw('x/r1', ['ervaring', 'ervaren'], { minMatches: 2 })];
    expect(run('R: Dat is mijn ervaring.', rule).codings.length).toBe(0);
    expect(run('R: Die ervaring, ook die Ervaring.', rule).codings.length).toBe(0);
    // two different words, each matching (at least) one of the terms
    expect(run('R: Mijn ervaring met ervaren collega’s.', rule).codings.length).toBe(1);
  });
  it('a prefix and a stem term hit by the same word count once; by two words twice', () => {
    const rule = [kw('x/r1', ['samenwerking', 'samenwerk*'], { minMatches: 2 })];
    expect(run('R: De samenwerking loopt.', rule).codings.length).toBe(0);
    expect(run('R: De samenwerking loopt, we samenwerken graag.', rule).codings.length).toBe(1);
  });
  it('the score counts words the same way', () => {
    const one = run('R: De samenwerking loopt.', [kw('x/r1', ['samenwerking', 'samenwerk*'], { weight: 0.5 })]).codings;
    expect(one[0].score).toBe(0.5);
    const two = run('R: Overleg en afspraken.', [kw('x/r1', ['overleg', 'afspraak'], { weight: 0.5 })]).codings;
    expect(two[0].score).toBe(0.75);
  });
});
