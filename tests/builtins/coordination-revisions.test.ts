import { describe, it, expect } from 'vitest';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { corpusOf, source } from '../coding/helpers.js';

/**
 * The second pass of coordination-collaboration revisions (scripts/eval-revisions.json, by w21):
 * each rule says how the concept is expressed in general, and a generic word alone does not
 * fire. Invented sentences, one respondent turn each.
 */
async function fires(code: string, turns: readonly string[], lang: 'nl' | 'en' = 'nl'): Promise<boolean[]> {
  const book = await readCodebook('coordination-collaboration', { cwd: process.cwd() });
  const corpus = corpusOf([source('t', turns.map((t) => `Respondent: ${t}`).join('\n\n') + '\n', lang)]);
  const hit = new Set(applyCodebook(corpus, compileCodebook(book, lang)).filter((c) => c.code === code).map((c) => c.segmentId));
  return corpus.segments.map((s) => hit.has(s.id));
}

describe('coordination-collaboration: rules of the second revision pass', () => {
  it('joint-measure: a measure arranged, paid for or done together for a client; not a course one once followed', async () => {
    expect(
      await fires('joint-measure', [
        'Voor hem hebben we een opleiding tot lasser aangevraagd, de gemeente betaalt die.',
        'Met de jobcoach gaan we dat samen in de praktijk oppakken.',
        'In het buurthuis helpen sleutelfiguren uit de eigen gemeenschap bij de uitleg.',
        'Welke instrumenten zijn er nodig als iemand nog ver van werk af staat?',
        'Ik heb vroeger zelf een opleiding in de zorg gedaan.',
        'Een traject is een woord dat iedereen hier kent.',
      ]),
    ).toEqual([true, true, true, true, false, false]);
  });

  it('co-management: who holds the case, lines of support side by side, a case handed to the neighbourhood team', async () => {
    expect(
      await fires('co-management', [
        'Dit gezin is aan mij gekoppeld, dus ik houd de lijnen bij elkaar.',
        'De schuldhulp loopt parallel aan mijn begeleiding naar werk.',
        'Als de zorgen te groot worden, wordt de begeleiding overgedragen aan het wijkteam.',
        'Die aanvraag, dat doet de inkomensconsulent.',
        'Het wijkteam zit in hetzelfde gebouw als wij.',
        'We hebben een parallelle parkeerplaats bij het stadhuis.',
      ]),
    ).toEqual([true, true, true, true, false, false]);
  });

  it('connections: naming another organisation is not using a connection; contacting or referring to it is', async () => {
    expect(
      await fires('connections', [
        'Er zijn in de stad heel veel andere organisaties.',
        'Welke externe partijen bedoel je precies?',
        'Voor de schulden heb ik de schuldhulpverlening zelf benaderd.',
        'De gemeente heeft contracten met een paar zorgaanbieders waar we veel mee doen.',
      ]),
    ).toEqual([false, false, true, true]);
  });

  it('deliberating, common discussions, exchange, systems, interaction: the new general cues', async () => {
    expect(await fires('deliberating', ['Met de privacyregels moet je soms uitvogelen wat wel en niet mag.', 'Het mag niet regenen op de markt.'])).toEqual([true, false]);
    expect(await fires('common discussions', ['Lastige casussen bespreken we gewoon even met z’n tweeën.', 'We bespreken het weer.'])).toEqual([true, false]);
    expect(await fires('exchange', ['Ik vraag eerst toestemming voordat ik de huisarts bel.', 'Toestemming voor een dakkapel duurt lang.'])).toEqual([true, false]);
    expect(await fires('systems', ['Dat leg ik vast in een rapport in het systeem van de gemeente.', 'Het rapport van de commissie lag op tafel.'])).toEqual([true, false]);
    expect(await fires('interaction', ['Door het thuiswerken mis ik het persoonlijke contact met collega’s.', 'Het contact met de klant was persoonlijk van aard.'])).toEqual([true, false]);
    expect(await fires('interaction', ['De onderlinge sfeer tussen collega’s is goed.', 'Die regeling hebben de ouders onderling gemaakt.', 'De omgang met deze klant is lastig.'])).toEqual([true, false, false]);
  });

  it('general vocabulary of the concepts that occurs in neither development interview', async () => {
    expect(await fires('joint-measure', ['Met school en wijkteam maken we één gezinsplan.', 'De gemeente en de corporatie hebben een gezamenlijk budget voor de wijk.'])).toEqual([true, true]);
    expect(await fires('co-management', ['Rond dit gezin ben ik de spin in het web.', 'Ik heb de procesregie over de hele casus.'])).toEqual([true, true]);
    expect(await fires('common discussions', ['Elke maand is er een netwerkoverleg met de scholen.', 'In de casusbespreking kwam dat gezin ter sprake.'])).toEqual([true, true]);
  });

  it('the English rules of the same concepts', async () => {
    expect(await fires('joint-measure', ['We arranged a training programme for him, funded by the council.', 'I once did a course in care work.'], 'en')).toEqual([true, false]);
    expect(await fires('co-management', ['The debt counselling runs in parallel with my support.', 'The district team took over the case from me.', 'The district team sits in our building.'], 'en')).toEqual([true, true, false]);
  });
});
