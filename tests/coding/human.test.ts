import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { findMarkers } from '../../src/coding/markers.js';
import { extractHumanCodings, mapImportedCodings } from '../../src/coding/human-codings.js';
import { codeCorpus } from '../../src/coding/code-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { CodeRef } from '../../src/model/types.js';
import { book, corpusOf, kw, source } from './helpers.js';

const codes: CodeRef[] = [
  { id: 'joint-measure', name: { en: 'joint-measure' } },
  { id: 'coordinating-views', name: { en: 'coordinating views', nl: 'Standpunten afstemmen' } },
  { id: 'trust', name: { en: 'Trust' } },
];

describe('marker syntax', () => {
  it('parses {{…}} with several codes, @coder and memo, and [[…]] exact spans', () => {
    const t = 'Wij doen [[dat samen]]{{trust, joint-measure @anna | eerste keer}} echt.';
    const [m] = findMarkers(t);
    expect(m.labels).toEqual(['trust', 'joint-measure']);
    expect(m.coder).toBe('anna');
    expect(m.memo).toBe('eerste keer');
    expect(t.slice(m.exact![0], m.exact![1])).toBe('dat samen');
  });

  it('legacy labels end at a capital, at the line end, or at the longest known label', () => {
    const t = 'Tekst een. Code: co-management En dan praat je. Code: coordinating views\nMeer. Code: trust en dan verder';
    const ms = findMarkers(t, new Set(['trust']));
    expect(ms.map((m) => m.labels[0])).toEqual(['co-management', 'coordinating views', 'trust']);
  });
});

describe('extractHumanCodings', () => {
  const text = [
    'Interviewer: Hoe gaat het?',
    '',
    'Respondent: 😀 Wij plannen samen. Code: joint-measure Code: coordinating views En daarna niets.',
    '',
    'Respondent: Ik vertrouw [[mijn collega 𝒜]]{{trust @bart | mooi}} altijd. Dan {{onbekend}} klaar.',
  ].join('\n');
  const corpus = corpusOf([source('s', text)]);

  it('codes the text before a marker back to the turn start; consecutive markers share the span', () => {
    const r = extractHumanCodings(corpus, codes);
    const byCode = new Map(r.codings.map((c) => [c.code, c]));
    const jm = byCode.get('joint-measure')!;
    expect(cpSlice(text, jm.start, jm.end)).toBe('😀 Wij plannen samen.');
    const cv = byCode.get('coordinating-views')!;
    expect([cv.start, cv.end]).toEqual([jm.start, jm.end]);
    expect(jm.coder).toBe('human');
    expect(jm.segmentId).toBe('s#1');
    const tr = byCode.get('trust')!;
    expect(cpSlice(text, tr.start, tr.end)).toBe('mijn collega 𝒜');
    expect(tr.coder).toBe('bart');
    expect(tr.memo).toBe('mooi');
  });

  it('keeps unknown codes as uncategorised human codes with a warning naming file and line', () => {
    const r = extractHumanCodings(corpus, codes);
    const unk = r.codings.find((c) => c.code === 'onbekend')!;
    expect(cpSlice(text, unk.start, unk.end)).toBe('altijd. Dan');
    expect(r.extraCodes).toEqual([{ id: 'onbekend', name: { en: 'onbekend', nl: 'onbekend' } }]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', ruleId: 'unknown-code', file: 's.txt', line: 5 });
  });

  it('splits a coded span over sentence segments, and says so (one coding per sentence is counted per sentence)', () => {
    const c = corpusOf([source('s', 'R: Eerste zin. Tweede zin. Code: trust\nR: Derde zin. {{trust}}')], 'sentence');
    const r = extractHumanCodings(c, codes);
    expect(r.codings.map((x) => x.segmentId)).toEqual(['s#0', 's#1', 's#2']);
    const d = r.diagnostics.filter((x) => x.ruleId === 'marker-passage-spread');
    expect(d).toEqual([
      expect.objectContaining({
        severity: 'info',
        file: 's.txt',
        line: 1,
        message: '1 marker label codes a passage that covers more than one segment (line 1): coded on each segment, 2 codings in all; counts per segment (matrices, comparisons) count each',
      }),
    ]);
    // by turn: one coding a marker, nothing to say
    const t = extractHumanCodings(corpusOf([source('s', 'R: Eerste zin. Tweede zin. Code: trust')]), codes);
    expect(t.codings).toHaveLength(1);
    expect(t.diagnostics.filter((x) => x.ruleId === 'marker-passage-spread')).toEqual([]);
  });

  it('maps imported CSV codings by turn number and by offsets', () => {
    const doc = {
      provenance: { tool: 'qdakit' as const, version: 'x' },
      codebooks: [], codes: [], sources: [], segments: [],
      codings: [
        { id: '1', sourceId: 's', segmentId: 's#3', code: 'Trust', coder: 'human', start: 0, end: 0 },
        { id: '2', sourceId: 's.txt', code: 'joint-measure', coder: 'eva', start: 60, end: 65 },
      ],
    };
    const r = mapImportedCodings(doc, corpus, codes, { file: 'c.csv', turnNumbers: true });
    expect(r.codings.map((c) => [c.segmentId, c.code, c.coder])).toEqual([['s#2', 'trust', 'human'], ['s#1', 'joint-measure', 'eva']]);
  });

  it('codings of a source not read are kept and said once per source, with their count and the ids read that look like it', () => {
    const doc = {
      provenance: { tool: 'qdakit' as const, version: 'x' },
      codebooks: [], codes: [], sources: [], segments: [],
      codings: [
        { id: '1', sourceId: 'S', code: 'Trust', coder: 'human', start: 0, end: 0 },
        { id: '2', sourceId: 'zzz-other', code: 'Trust', coder: 'human', start: 0, end: 0 },
        { id: '3', sourceId: 'S', code: 'unheard-of', coder: 'human', start: 0, end: 0 },
        { id: '4', sourceId: 'S', code: 'Trust', coder: 'eva', start: 0, end: 0 },
      ],
    };
    const r = mapImportedCodings(doc, corpus, codes, { file: 'c.csv', turnNumbers: true });
    // nothing dropped: all four kept as written, none re-attributed to source "s"
    expect(r.codings.filter((c) => c.sourceId !== 's').map((c) => c.id)).toEqual(['1', '2', '3', '4']);
    const unknown = r.diagnostics.filter((d) => d.ruleId === 'codings-unknown-source');
    expect(unknown.map((d) => d.message)).toEqual([
      '3 codings for source "S" match no source read (did you mean "s"?); they are kept without segment',
      '1 coding for source "zzz-other" matches no source read; it is kept without segment',
    ]);
    expect(unknown[0]).toMatchObject({ severity: 'warning', file: 'c.csv', actual: 'S', expected: ['s'] });
    expect(unknown[1].hint).toContain('the sources read are "s"');
    // one warning per source, in the order met (codings of a source not read are not matched to codes)
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(['codings-unknown-source', 'codings-unknown-source']);
    expect(r.diagnostics.every((d) => d !== undefined)).toBe(true);
  });

  it('automatic coding never alters or drops human codings', () => {
    const b = book([{ id: 'trust', rules: [kw('trust/r1', ['vertrouw*', 'samen'])] }]);
    const only = codeCorpus(corpus, [b], { version: 't', rules: false });
    const both = codeCorpus(corpus, [b], { version: 't' });
    const humanOf = (d: typeof only) => d.codings.filter((c) => c.coder !== 'rules');
    expect(humanOf(both)).toEqual(humanOf(only));
    expect(both.codings.some((c) => c.coder === 'rules')).toBe(true);
    expect(JSON.stringify(codeCorpus(corpus, [b], { version: 't' }))).toBe(JSON.stringify(both));
  });
});

const data = new URL('../../../shared/data/enschede-interviews/', import.meta.url);
const hasData = existsSync(new URL('participant_A.txt', data));

describe.skipIf(!hasData)('legacy codes of the Enschede transcripts equal the gold CSV (needs ../shared; skipped when absent)', () => {
  for (const p of ['A', 'B']) {
    it(`participant ${p}`, () => {
      const text = readFileSync(new URL(`participant_${p}.txt`, data), 'utf8');
      const corpus = corpusOf([source(`participant_${p}`, text)]);
      const r = extractHumanCodings(corpus, []);
      const got = new Set(r.codings.map((c) => `${Number(c.segmentId!.split('#')[1]) + 1}|${c.code}`));
      const gold = new Set(
        readFileSync(new URL(`participant_${p}.gold.csv`, data), 'utf8').trim().split(/\r?\n/).slice(1)
          .map((l) => l.split(','))
          .map((f) => `${f[2]}|${f.slice(4).join(',').trim().toLowerCase().replace(/\s+/g, '-')}`),
      );
      expect([...got].sort()).toEqual([...gold].sort());
    });
  }
});
