import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeContrast } from '../../src/analysis/contrast.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { mkSource, codeWords } from '../refi/helpers.js';

/** anna links her in-use passages to espoused passages; e1 was coded by bert, e2 by anna. */
function doc(): CodingsDocument {
  const beleid = mkSource('beleid', 'Notitie: Elk gezin krijgt één plan.\nNotitie: Signalen worden binnen een week besproken.\n', { kind: 'document', case: 'gemeente' });
  const int = mkSource('int-03', 'Interviewer: Hoe gaat het?\nSanne: Eigenlijk heeft elk gezin drie contactpersonen.\nSanne: We bespreken het pas laat.\n', { case: 'team-noord' });
  return {
    provenance: { tool: 'qdakit', version: '0.1.0' },
    codebooks: [],
    codes: [{ id: 'espoused' }, { id: 'in-use' }],
    sources: [beleid, int],
    segments: [],
    codings: [
      codeWords(beleid, 'Elk gezin krijgt één plan.', 'espoused', 'bert', { ref: 'e1' }),
      codeWords(beleid, 'Signalen worden binnen een week besproken.', 'espoused', 'anna', { ref: 'e2' }),
      codeWords(int, 'Eigenlijk heeft elk gezin drie contactpersonen.', 'in-use', 'anna', { links: [{ to: 'e1', relation: 'enacts', verdict: 'inconsistent' }] }),
      codeWords(int, 'We bespreken het pas laat.', 'in-use', 'anna', { links: [{ to: 'e2', relation: 'enacts', verdict: 'inconsistent' }] }),
    ],
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-contrast-coders-'));
  writeFileSync(join(dir, 'codings.json'), JSON.stringify(doc()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda contrast --coder: a link to another coder\'s passage', () => {
  it('is left out and said (link-across-coders), with the count, the other coder and the first place', () => {
    const r = computeContrast(doc(), { coders: ['anna'] });
    expect(r.pairs.map((p) => p.toPlace)).toEqual(['beleid:2']);
    expect(r.leftOutAcrossCoders).toBe(1);
    const d = r.diagnostics.find((x) => x.ruleId === 'link-across-coders');
    expect(d?.message).toContain('1 link joins a passage coded by anna with one coded by another coder (bert)');
    expect(d?.message).toContain('int-03:2 (in-use, anna) -> #e1 at beleid:1 (espoused, bert)');
    expect(d?.hint).toContain('--coder bert');
    expect(r.summaryTable.notes?.join(' ')).toContain('1 link(s) between a passage of anna and one of another coder (bert) are left out');
    // both coders asked for: the pair is counted, nothing said
    const both = computeContrast(doc(), { coders: ['anna', 'bert'] });
    expect(both.pairs.length).toBe(2);
    expect(both.diagnostics.some((x) => x.ruleId === 'link-across-coders')).toBe(false);
    // Dutch note
    const nl = computeContrast(doc(), { coders: ['anna'], lang: 'nl' });
    expect(nl.summaryTable.notes?.join(' ')).toContain('1 koppeling(en) tussen een fragment van anna en een van een andere codeur (bert) zijn weggelaten');
  });

  it('the other coder alone: "no linked pair" says why', async () => {
    const io = memoryIo(dir);
    expect(await main(['contrast', 'codings.json', '--coder', 'bert'], io)).toBe(0);
    expect(io.err()).toContain('[analysis:link-across-coders]');
    expect(io.err()).toContain('no linked pair among the passages of bert (1 link(s) to or from other coders\' passages left out');
  });
});
