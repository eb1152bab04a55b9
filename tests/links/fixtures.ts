import type { Coding, CodingsDocument } from '../../src/model/types.js';
import { mkSource, codeWords } from '../refi/helpers.js';

/** An espoused / in-use set in the shape of a say-vs-do study: labels, links, verdicts, a dangling link and a cycle. */
export function linkedDoc(): CodingsDocument {
  const beleid = mkSource('beleid-01', 'Notitie: Elk gezin krijgt één plan en één vaste contactpersoon.\nNotitie: Signalen worden binnen een week besproken.\n', { kind: 'document', case: 'gemeente', attributes: { team: 'noord' } });
  const int = mkSource('int-03', 'Interviewer: Hoe gaat het?\nSanne: Eigenlijk heeft elk gezin drie contactpersonen.\nSanne: We bespreken signalen pas als het escaleert.\nSanne: Wel proberen we één plan te maken.\n', { case: 'team-noord', attributes: { team: 'noord' } });
  const codings: Coding[] = [
    codeWords(beleid, 'Elk gezin krijgt één plan en één vaste contactpersoon.', 'espoused', 'anna', { ref: 'e1' }),
    codeWords(beleid, 'Signalen worden binnen een week besproken.', 'espoused', 'anna', { ref: 'e2', links: [{ to: 'p2', relation: 'contradicts' }] }),
    codeWords(int, 'Eigenlijk heeft elk gezin drie contactpersonen.', 'in-use', 'anna', { ref: 'p1', links: [{ to: 'e1', relation: 'enacts', verdict: 'inconsistent' }] }),
    codeWords(int, 'We bespreken signalen pas als het escaleert.', 'in-use', 'anna', { ref: 'p2', links: [{ to: 'e2', relation: 'enacts', verdict: 'inconsistent' }] }),
    codeWords(int, 'Wel proberen we één plan te maken.', 'in-use', 'anna', { links: [{ to: 'e1', relation: 'enacts', verdict: 'align-wish' }, { to: 'e9', relation: 'enacts', verdict: 'consistent' }] }),
    codeWords(int, 'Eigenlijk heeft elk gezin drie contactpersonen.', 'trust', 'rules'),
  ];
  return {
    provenance: { tool: 'qdakit', version: '0.1.0' },
    codebooks: [{ id: 'theories-in-use' }],
    codes: [{ id: 'espoused' }, { id: 'in-use' }, { id: 'trust' }],
    sources: [beleid, int],
    segments: [],
    codings,
    relations: [{ id: 'enacts', verdicts: [{ id: 'consistent' }, { id: 'inconsistent' }, { id: 'align-wish' }] }, { id: 'contradicts' }],
  };
}

