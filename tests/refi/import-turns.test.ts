/**
 * A REFI-QDA project's text source read as the transcript readers read it (found by huntdoc): its
 * turns were found with `Name:` labels only, so a transcript labelled in lower case (`interviewer:`,
 * `anna:`) or as a pipe table of turns came in as one block without a speaker, where `qda code` on
 * the same .txt reads each turn with its speaker.
 */
import { describe, it, expect } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { mkSource } from './helpers.js';

async function imported(text: string) {
  const s = mkSource('gesprek', text);
  const doc: CodingsDocument = { provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [], sources: [s], segments: [], codings: [] };
  const p = buildRefiProject(doc, { lang: 'en' });
  const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
  for (const f of p.files) files[f.path] = strToU8(f.text);
  return parseRefiProject(zipSync(files), 'p.qdpx');
}

describe('qda refi import: turns as the readers find them', () => {
  it('reads a transcript labelled in lower case as turns with speakers', async () => {
    const r = await imported('interviewer: Hoe werkt u samen met het wijkteam?\nanna: We overleggen elke week.\ninterviewer: En met de school?\nanna: Daar bel ik de mentor.\n');
    const speakers = r.doc.segments.map((g) => g.speaker);
    expect(speakers).toEqual(['interviewer', 'anna', 'interviewer', 'anna']);
    expect(r.doc.segments.filter((g) => g.role === 'respondent').map((g) => g.text)).toEqual(['We overleggen elke week.', 'Daar bel ik de mentor.']);
  });

  it('a transcript of Name: labels reads as before', async () => {
    const r = await imported('Interviewer: Hoe gaat het?\nAnna: Goed.\nInterviewer: Fijn.\nAnna: Ja.\n');
    expect(r.doc.segments.map((g) => `${g.speaker}|${g.text}`)).toEqual(['Interviewer|Hoe gaat het?', 'Anna|Goed.', 'Interviewer|Fijn.', 'Anna|Ja.']);
  });

  it('a transcript of two named people and no interviewer: said, as the readers say it (both were read as respondents without a word)', async () => {
    const r = await imported('Lotte: Hoe werkt u samen met het wijkteam?\nRuud: We overleggen elke week.\nLotte: En met de school?\nRuud: Daar bel ik de mentor.\n');
    expect(r.doc.segments.map((g) => g.role)).toEqual(['respondent', 'respondent', 'respondent', 'respondent']);
    const d = r.diagnostics.find((x) => x.ruleId === 'no-interviewer');
    expect(d?.file).toBe('p.qdpx');
    expect(d?.message).toBe(`source "gesprek": no interviewer recognised among the 2 speakers (Lotte: 2 turns, Ruud: 2 turns); every turn, questions too, is read as a respondent's`);
  });
});
