import { describe, it, expect } from 'vitest';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { corpusOf, source } from '../coding/helpers.js';

/**
 * Generic words never code on their own (a law's name, `verantwoordelijkheid`, `verwachting`):
 * they need a second cue nearby. Invented sentences, one respondent turn each.
 */
async function fires(bookId: string, code: string, turns: readonly string[]): Promise<boolean[]> {
  const book = await readCodebook(bookId, { cwd: process.cwd() });
  const corpus = corpusOf([source('t', turns.map((t) => `Respondent: ${t}`).join('\n\n') + '\n')]);
  const hit = new Set(applyCodebook(corpus, compileCodebook(book, 'nl')).filter((c) => c.code === code).map((c) => c.segmentId));
  return corpus.segments.map((s) => hit.has(s.id));
}

describe('built-in rules: generic words need context', () => {
  it('frames: naming a law or the policy is not an institutional frame; what the law makes one do is', async () => {
    expect(await fires('frames', 'institutional action frame', ['De cliënt krijgt huishoudelijke hulp uit de Wmo.', 'Vanuit de Wmo moeten we eerst een keukentafelgesprek voeren.', 'Volgens het beleid mag dat niet zonder indicatie.'])).toEqual([false, true, true]);
  });

  it('randvoorwaarden: feeling responsible is not commissioning; accounting for a budget is', async () => {
    expect(await fires('randvoorwaarden', 'b6-opdrachtgeverschap', ['Ik voel veel verantwoordelijkheid voor mijn cliënten.', 'Het wijkteam legt verantwoording af over het budget.', 'Wie is hier eigenlijk de opdrachtgever?'])).toEqual([false, true, true]);
  });

  it('empowerment: any expectation is not an expected result; one about results is', async () => {
    expect(await fires('empowerment', 'verwachtingen-resultaten', ['Ik verwacht je om tien uur.', 'We verwachten dat er minder huisuitzettingen komen.'])).toEqual([false, true]);
  });
});
