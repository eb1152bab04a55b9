/**
 * A listed or known name with a character in it that shows nothing (a soft hyphen U+00AD, as Word
 * writes an optional hyphen; a zero-width space or joiner; a word joiner), or broken at a line end
 * (`Fat-⏎ima`, a transcript exported from a PDF): the name matcher and the heuristics read the raw
 * text, so the name was not found and stayed in the pseudonymised text, without a word (and the
 * names list said it was found 0 times when that was its only form). Now found as a reader sees it.
 */
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { countNames, foldHidden } from '../../src/privacy/names.js';

describe('names with hidden characters or broken at a line end', () => {
  it('are replaced, the hidden characters with them', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Fatima', pseudonym: 'Amira' }, { name: 'De Vries', pseudonym: 'Jansen' }], heuristics: false });
    const text = 'Respondent: Ik bel Fati\u00adma elke week, en Fa\u200btima ook. Meneer De\u2060 Vries weet het.\nRespondent: Ook Fat-\nima afgebroken, en Fatima zelf.\n';
    p.learn(text);
    const r = p.apply(text);
    expect(r.text).toBe('Respondent: Ik bel Amira elke week, en Amira ook. Meneer Jansen weet het.\nRespondent: Ook Amira afgebroken, en Amira zelf.\n');
    // each edit names its place in the text as it was (code points), the hidden characters included
    const broken = r.edits.find((e) => e.line === 2 && e.column === 17)!;
    expect(broken.replacement).toBe('Amira');
    expect(text.slice(text.indexOf('Fat-'), text.indexOf('Fat-') + 'Fat-\nima'.length)).toBe('Fat-\nima');
    for (const e of r.edits) expect(Array.from(text).slice(e.start, e.end).join('').replace(/[\u00ad\u200b\u2060]|-\n/g, '')).toMatch(/^(Fatima|De Vries)$/);
  });

  it('a line that begins with a one-word label is not joined to the line before', () => {
    const f = foldHidden('Ik zei: samen-\ninterviewer: ja\nen wijk-\nteams')!;
    expect(f.text).toBe('Ik zei: samen-\ninterviewer: ja\nen wijkteams');
    expect(f.at(f.text.indexOf('teams'))).toBe('Ik zei: samen-\ninterviewer: ja\nen wijk-\nteams'.indexOf('teams'));
  });

  it('a text with nothing hidden is not folded, and a name found only so is counted as found', () => {
    expect(foldHidden('Fatima en Jan-Willem\n')).toBeUndefined();
    expect(countNames(['Fatima'], ['Ik bel Fati\u00adma.']).get('Fatima')).toBe(1);
  });

  it('a speaker label after a line that ends in a hyphen is still learned as a name', () => {
    const p = new Pseudonymiser({});
    const text = 'Interviewer: En de wijk-\nKees: ja, de wijkteams.\nInterviewer: Dank u, Kees.\n';
    p.learn(text);
    expect(p.apply(text).text).not.toMatch(/Kees/);
  });
});
