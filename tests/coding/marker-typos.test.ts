/**
 * Marker typos that were read as text, or coded nothing, without a word: a `{{` never closed (or
 * closed on the next line) is said with its lines; a marker at the start of its turn, with nothing
 * before it to code, is said (its coding marks the turn, with an empty passage).
 */
import { describe, expect, it } from 'vitest';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { unclosedCurly, findMarkers } from '../../src/coding/markers.js';
import type { Source } from '../../src/model/types.js';

function source(text: string): Source {
  return { id: 'm', path: 'm.txt', kind: 'transcript', format: 'txt', case: 'm', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: [...text].length };
}
function read(text: string) {
  const s = source(text);
  return extractHumanCodings({ sources: [s], segments: segmentSource(s, 'turn') }, []);
}

describe('marker typos', () => {
  it('a {{ never closed, and one closed on the next line: one warning with both lines; the closed marker is read', () => {
    const r = read('Interviewer: Hoe gaat het?\nAnna: We overleggen elke week {{exchange @anna\nen dat werkt {{deliberating}}.\nInterviewer: En?\nAnna: Prima {{a,\nb}} klaar.\n');
    const w = r.diagnostics.filter((d) => d.ruleId === 'marker-not-closed');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'm.txt', line: 2, column: 31 });
    expect(w[0].message).toMatch(/^2 "\{\{" open no marker \(no "\}\}" after it on the same line\), at lines 2, 5: read as text/);
    expect(r.codings.map((c) => c.code)).toEqual(['deliberating']);
  });
  it('closed markers only, and braces in runs: nothing said', () => {
    expect(read('Interviewer: Vraag?\nAnna: Antwoord {{exchange}} en {{a, b @anna | memo}}.\n').diagnostics.filter((d) => d.ruleId === 'marker-not-closed')).toEqual([]);
    const t = 'x {{{a}}} y {{{{ z';
    expect(unclosedCurly(t, findMarkers(t))).toEqual([14]);
  });
  it('a marker at the start of its turn: said, with its line', () => {
    const r = read('Interviewer: Hoe gaat het?\nAnna: {{exchange}} We overleggen elke week.\nInterviewer: En?\nAnna: Prima {{exchange}}.\n');
    const w = r.diagnostics.filter((d) => d.ruleId === 'marker-empty-passage');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', line: 2 });
    expect(w[0].message).toMatch(/^1 marker stands at the start of its turn with nothing before it to code \(line 2\)/);
    expect(r.codings).toHaveLength(2);
  });
});
