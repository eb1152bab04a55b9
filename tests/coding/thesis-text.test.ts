/**
 * The development transcripts as a thesis appendix holds them (../shared, skipped when
 * absent): `raw/` (copied from the PDF: wrapped lines, page debris, indented labels,
 * labels on the next line) and `joined/` (one paragraph per turn). Both must read to
 * the gold: every marker, the right code, the right turn. Nothing here names the
 * files' speakers or codes: the interviewer is the speaker who is not in the gold,
 * and the codebook is the built-in one plus the gold's own labels that it lacks (the
 * coder's inductive codes, as a researcher would list them in their own codebook).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { parseBlocks } from '../../src/ingest/parse-blocks.js';
import { codebookCodeRefs } from '../../src/coding/code-corpus.js';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import { labelKey } from '../../src/coding/markers.js';
import type { CodeRef, Diagnostic } from '../../src/model/types.js';

const data = new URL('../../../shared/data/enschede-interviews/', import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const hasData = existsSync(new URL('thesis-text/raw/participant_A.txt', data));

interface Gold {
  rows: string[][];
  speakers: Set<string>;
}
function gold(p: string): Gold {
  const rows = readFileSync(new URL(`participant_${p}.gold.csv`, data), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  return { rows, speakers: new Set(rows.map((r) => r[3])) };
}

describe.skipIf(!hasData)('thesis-text transcripts read to the gold in both forms (needs ../shared; skipped when absent)', () => {
  for (const form of ['raw', 'joined']) {
    for (const p of ['A', 'B']) {
      it(`${form}/participant_${p}: every marker, the right code, the right turn`, async () => {
        const file = fileURLToPath(new URL(`thesis-text/${form}/participant_${p}.txt`, data));
        const g = gold(p);
        const interviewers = parseBlocks(readFileSync(file, 'utf8'), 'transcript').speakers.filter((s) => !g.speakers.has(s));
        expect(interviewers).toHaveLength(1);
        const warnings: Diagnostic[] = [];
        const { corpus } = await readCorpus([file], { cwd: root, unit: 'turn', interviewers, report: (d) => void warnings.push(d) });
        expect(warnings.filter((w) => w.ruleId === 'no-interviewer' || w.ruleId === 'single-turn-speaker')).toEqual([]);
        const book = await readCodebook('coordination-collaboration', { cwd: root });
        const codes: CodeRef[] = codebookCodeRefs(book);
        const known = new Set(codes.flatMap((c) => [c.id, c.name?.en, c.name?.nl].filter((x): x is string => !!x).map(labelKey)));
        for (const r of g.rows) {
          const c = r.slice(4).join(',');
          if (!known.has(labelKey(c))) (known.add(labelKey(c)), codes.push({ id: c }));
        }
        const h = extractHumanCodings(corpus, codes);
        const turnOf = new Map(corpus.segments.map((s) => [s.id, (s.turn ?? s.index) + 1]));
        const read = h.codings.map((c) => `${turnOf.get(c.segmentId!)}|${labelKey(c.code)}`).sort();
        const want = g.rows.map((r) => `${r[2]}|${labelKey(r.slice(4).join(','))}`).sort();
        expect(read).toEqual(want);
        expect(h.markers).toMatchObject({ found: g.rows.length, unknown: 0, empty: 0, onInterviewer: 0, outside: 0 });
        // the speakers of the turns as in the gold
        const speakerOf = new Map(corpus.segments.map((s) => [(s.turn ?? s.index) + 1, s.speaker]));
        for (const r of g.rows) expect(speakerOf.get(Number(r[2]))).toBe(r[3]);
      });
    }
  }

  it('without the coder\'s own codes, every marker is still read or reported, in the right turn', async () => {
    const book = await readCodebook('coordination-collaboration', { cwd: root });
    for (const form of ['raw', 'joined']) {
      for (const p of ['A', 'B']) {
        const file = fileURLToPath(new URL(`thesis-text/${form}/participant_${p}.txt`, data));
        const g = gold(p);
        const { corpus } = await readCorpus([file], { cwd: root, unit: 'turn', report: () => {} });
        const h = extractHumanCodings(corpus, codebookCodeRefs(book));
        const m = h.markers;
        expect(m.found).toBe(g.rows.length);
        expect(m.read + m.bySpelling + m.byAlias + m.unknown).toBe(g.rows.length);
        const turnOf = new Map(corpus.segments.map((s) => [s.id, (s.turn ?? s.index) + 1]));
        expect(h.codings.map((c) => turnOf.get(c.segmentId!)).sort()).toEqual(g.rows.map((r) => Number(r[2])).sort());
        // every unknown label is named in a warning
        const unknown = h.diagnostics.filter((d) => d.ruleId === 'unknown-code' || d.ruleId === 'unknown-code-variants');
        expect(unknown.length).toBeGreaterThan(0);
      }
    }
  });
});
