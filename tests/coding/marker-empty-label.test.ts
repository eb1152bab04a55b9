/**
 * A marker with an empty label between its commas or after the last one (`{{a, , b}}`,
 * `{{a, b,}}`): the empty label was dropped without a word (a code left out?). Said now, with the
 * lines; the labels written are read as before. A coder or link after a comma (`{{a, @anna}}`) is
 * no empty label.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Source } from '../../src/model/types.js';

function source(text: string): Source {
  return { id: 'm', path: 'm.txt', kind: 'transcript', format: 'txt', case: 'm', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: [...text].length };
}
function read(text: string) {
  const s = source(text);
  return extractHumanCodings({ sources: [s], segments: segmentSource(s, 'turn') }, []);
}

describe('a marker with an empty label', () => {
  it('between commas and after the last comma: one warning with both lines; the labels written are read', () => {
    const r = read('Interviewer: Hoe gaat het?\nAnna: We overleggen elke week {{overleg, , hulp}}.\nInterviewer: En?\nAnna: Prima {{afstand, hulp,}} klaar.\n');
    const w = r.diagnostics.filter((d) => d.ruleId === 'marker-empty-label');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'm.txt', line: 2, column: 31, actual: '{{overleg, , hulp}}' });
    expect(w[0].message).toMatch(/^2 markers have an empty label between commas or after the last one \(line 2 "\{\{overleg, , hulp\}\}", line 4 "\{\{afstand, hulp,\}\}"\)/);
    expect(r.codings.map((c) => c.code).sort()).toEqual(['afstand', 'hulp', 'hulp', 'overleg']);
  });
  it('a comma before a coder, a memo with commas, a leading comma', () => {
    const quiet = read('Interviewer: Vraag?\nAnna: Antwoord {{overleg, @anna}} en {{a, b | memo, met, komma\'s}} en [[dit]]{{c, d}}.\n');
    expect(quiet.diagnostics.filter((d) => d.ruleId === 'marker-empty-label')).toEqual([]);
    const lead = read('Interviewer: Vraag?\nAnna: Antwoord {{, overleg}}.\n');
    expect(lead.diagnostics.filter((d) => d.ruleId === 'marker-empty-label')).toHaveLength(1);
  });
  it('is said by qda code with the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-empty-label-'));
    writeFileSync(join(dir, 'r1.txt'), 'Interviewer: Wie helpt?\nSanne: De buren. {{hulp,,buren}}\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '--no-rules', '-o', 'out.csv'], io)).toBe(0);
    expect(io.err()).toMatch(/r1\.txt:2:\d+: warning: 1 marker has an empty label .*\[coding:marker-empty-label\]/);
  });
});
