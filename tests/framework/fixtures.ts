import type { Coding, CodingsDocument, Source } from '../../src/model/types.js';
import { mkSource, codeWords } from '../refi/helpers.js';

/**
 * Conditions × tasks: notes per task (attribute `opgave`, Roman numerals on purpose: string
 * order would put IX before V), coded with invented conditions; the researcher's X marks
 * come from a separate judgements file.
 */
export function tasksDoc(): CodingsDocument {
  const notes: Array<[string, string, Array<[string, string]>]> = [
    ['notitie-iv', 'IV', [['Niemand weet wie de klant begeleidt.', 'rv-rollen'], ['Vacatures blijven liggen.', 'rv-match'], ['Overdrachten gaan koud.', 'rv-rollen']]],
    ['notitie-v', 'V', [['Er is geen tijd om terug te kijken.', 'rv-leren'], ['Vacatures en werkzoekenden vinden elkaar niet.', 'rv-match']]],
    ['notitie-vii', 'VII', [['Proeven zonder einde of les.', 'rv-leren'], ['Niemand houdt de regie.', 'rv-regie']]],
    ['notitie-ix', 'IX', [['Werkgevers horen niets terug.', 'rv-match']]],
    ['notitie-x', 'X', [['De teams leren niet van elkaar.', 'rv-leren'], ['Normen ontbreken.', 'rv-prikkels']]],
  ];
  const sources: Source[] = [];
  const codings: Coding[] = [];
  for (const [id, opgave, items] of notes) {
    const text = items.map(([t]) => `Notitie: ${t}`).join('\n') + '\n';
    const s = mkSource(id, text, { kind: 'observation', case: id, attributes: { opgave } });
    sources.push(s);
    for (const [t, code] of items) codings.push(codeWords(s, t, code, 'anna'));
  }
  return {
    provenance: { tool: 'qdakit', version: '0.1.0' },
    codebooks: [{ id: 'voorwaarden' }],
    codes: [
      { id: 'rv', name: { nl: 'Randvoorwaarden' }, codebook: 'voorwaarden' },
      { id: 'rv-leren', parent: 'rv', name: { nl: 'Lerende organisatie' }, codebook: 'voorwaarden' },
      { id: 'rv-regie', parent: 'rv', name: { nl: 'Centrale regie' }, codebook: 'voorwaarden' },
      { id: 'rv-rollen', parent: 'rv', name: { nl: 'Heldere rollen' }, codebook: 'voorwaarden' },
      { id: 'rv-match', parent: 'rv', name: { nl: 'Vraag en aanbod matchen' }, codebook: 'voorwaarden' },
      { id: 'rv-prikkels', parent: 'rv', name: { nl: 'Juiste prikkels' }, codebook: 'voorwaarden' },
    ],
    sources,
    segments: [],
    codings,
  };
}

/** The researcher's marks: one on a cell without evidence (rv-regie × IX), `x` in lower case, a name instead of an id. */
export const TASK_JUDGEMENTS = 'opgave;dimensie;oordeel\nIV;rv-rollen;X\nIV;rv-match;X\nV;rv-match;x\nVII;Vraag en aanbod matchen;X\nIX;rv-match;X\nIX;rv-regie;X\nVII;rv-leren;X\nV;rv-leren;X\n';

/** Team × dimension with a ladder: two teams, coordination dimensions, strengths/weaknesses and a level. */
export function teamsDoc(): CodingsDocument {
  const a = mkSource('team-noord-1', 'Interviewer: Hoe stemmen jullie af?\nKees: We bellen elkaar dagelijks even.\nKees: Afspraken volgen we precies.\nKees: Bij overdracht zijn we de klant kwijt.\n', { case: 'kees', attributes: { team: 'noord' } });
  const b = mkSource('team-zuid-1', 'Interviewer: Hoe stemmen jullie af?\nLot: We hebben een maatjessysteem.\nLot: De regisseur blijft betrokken tot het einde.\nLot: We overleggen wekelijks.\n', { case: 'lot', attributes: { team: 'zuid' } });
  const codings: Coding[] = [
    codeWords(a, 'We bellen elkaar dagelijks even.', 'communication', 'anna'),
    codeWords(a, 'Afspraken volgen we precies.', 'agreement', 'anna'),
    codeWords(a, 'Bij overdracht zijn we de klant kwijt.', 'working-together', 'anna'),
    codeWords(b, 'We hebben een maatjessysteem.', 'assisting', 'anna'),
    codeWords(b, 'De regisseur blijft betrokken tot het einde.', 'working-together', 'anna'),
    codeWords(b, 'We overleggen wekelijks.', 'communication', 'anna'),
  ];
  return {
    provenance: { tool: 'qdakit', version: '0.1.0' },
    codebooks: [{ id: 'dims' }],
    codes: [
      { id: 'communication', name: { en: 'Communication', nl: 'Communicatie' }, codebook: 'dims' },
      { id: 'agreement', name: { en: 'Working according to agreement', nl: 'Werken volgens afspraak' }, codebook: 'dims' },
      { id: 'working-together', name: { en: 'Working together', nl: 'Samenwerken' }, codebook: 'dims' },
      { id: 'assisting', name: { en: 'Assisting', nl: 'Assisteren' }, codebook: 'dims' },
    ],
    sources: [a, b],
    segments: [],
    codings,
  };
}

export const TEAM_JUDGEMENTS = [
  'team,dimension,judgement,level',
  'noord,communication,strength: short lines by phone,2',
  'zuid,communication,strength: weekly meeting,2',
  'noord,working-together,weakness: the client is lost after a transfer,1',
  'zuid,working-together,strength: one director stays in charge,2',
  'noord,agreement,follows the rules closely,',
  'zuid,agreement,works beyond the rules,',
  '',
].join('\n');
