import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

/**
 * coordination-collaboration `systems` (information systems, case files, registrations): cues are
 * specific. QA found it firing on "Please be critical of us in your report" via an English
 * `report*` keyword. Invented sentences; one respondent turn each.
 */

/** The source language decides which keyword list applies: one file per language. */
async function systemsPerTurn(turns: readonly string[], lang: 'nl' | 'en'): Promise<boolean[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qda-systems-'));
  const q = lang === 'nl' ? 'Kun je daar meer over vertellen' : 'Could you tell me more about that';
  writeFileSync(join(dir, 't.txt'), turns.map((t) => `Interviewer: ${q}?\n\nRespondent: ${t}\n`).join('\n'));
  expect(await main(['code', 't.txt', '-c', 'coordination-collaboration', '-o', 'c.json'], memoryIo(dir))).toBe(0);
  const doc = (await readCodings(join(dir, 'c.json'))) as unknown as { codings: { code: string; coder: string; segmentId: string }[]; segments: { id: string; role: string }[] };
  const hit = new Set(doc.codings.filter((c) => c.code === 'systems' && c.coder === 'rules').map((c) => c.segmentId));
  return doc.segments.filter((s) => s.role !== 'interviewer').map((s) => hit.has(s.id));
}

describe('coordination-collaboration: systems fires on records and information systems only', () => {
  it('not on research reports, accounting to a funder, written procedures, the family system or a chamber of commerce', async () => {
    const en = await systemsPerTurn(['Please be critical of us in your report. We can take it.', 'The youth work gets a subsidy and reports on reach to the municipality.'], 'en');
    expect(en).toEqual([false, false]);
    const nl = await systemsPerTurn(
      [
        'Wij zijn er voor de jongere, zij zijn er voor het systeem, het gezin.',
        'Ik wil dat de werkwijze van de bespreking wordt vastgelegd, zodat het niet aan mij hangt.',
        'Wie een winkel opent, moet zich registreren bij de KvK.',
      ],
      'nl',
    );
    expect(nl).toEqual([false, false, false]);
  });

  it('still on case files, registration systems and working in different systems (nl and en)', async () => {
    const nl = await systemsPerTurn(
      [
        'Dat zet ik in het dossier, dan kan mijn collega het ook lezen.',
        'Wij werken in ons eigen systeem en zij in een ander systeem, die praten niet met elkaar.',
        'We hebben een registratiesysteem dat niet koppelt met dat van de jongerenwerkers.',
      ],
      'nl',
    );
    expect(nl).toEqual([true, true, true]);
    const en = await systemsPerTurn(
      [
        'I write a case report after every home visit so the team can read it.',
        'We need a shared registration system, now nobody can see who else is involved.',
        'Then some shared way of registering who is involved with a family would help.',
      ],
      'en',
    );
    expect(en).toEqual([true, true, true]);
  });
});
