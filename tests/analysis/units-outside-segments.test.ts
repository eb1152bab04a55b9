import { describe, it, expect } from 'vitest';
import { computeMatrix } from '../../src/analysis/matrix.js';
import { computeAgreement } from '../../src/analysis/agreement.js';
import { buildDoc, twoTeams } from '../fixtures/analysis/build.js';
import type { Coding, CodingsDocument } from '../../src/model/types.js';

// codings of a source the document does not hold (a CSV row naming a source that was not read),
// or of a segment id its source lacks: the segments matrix counted them in its cells against an N
// that held none of them (r9: 2 coded segments of N 0; Total 5 of N 4), without a word
const N = (t: ReturnType<typeof computeMatrix>) => t.rows[t.totalRows![1]];
const total = (t: ReturnType<typeof computeMatrix>) => t.rows[t.totalRows![0]];

describe('segments matrix: coded units in no segment of the document', () => {
  it('a source the document does not hold: its N and the total N are left empty and said', () => {
    const base = twoTeams();
    const stray: Coding[] = [
      { id: 'x1', sourceId: 'r9', code: 'trust', coder: 'anna', start: 0, end: 0 },
      { id: 'x2', sourceId: 'r9', code: 'coop', coder: 'anna', start: 0, end: 0 },
    ];
    const t = computeMatrix({ ...base, codings: [...base.codings, ...stray] }, { cols: 'case', measure: 'segments' });
    expect(total(t).r9).toBe(2);
    expect(N(t).r9).toBeNull();
    expect(N(t).total).toBeNull();
    // the other columns keep their N
    expect(N(t).p1).toBe(2);
    const note = t.notes!.join('\n');
    expect(note).toMatch(/N segments is left empty for "r9" and the total/);
    expect(note).toMatch(/r9 \(2 codings, 2 units; the source is not among the document's sources\)/);
    expect(note).toMatch(/the known segments number 9/);
    expect(note).toMatch(/Add the missing source/);
  });

  it('a segment id its source does not have: that column is left empty (Dutch note)', () => {
    const base = twoTeams();
    const bad: Coding = { id: 'x3', sourceId: 's2', segmentId: 's2#9', code: 'trust', coder: 'human', start: 0, end: 3 };
    const t = computeMatrix({ ...base, codings: [...base.codings, bad] }, { cols: 'source', measure: 'segments', lang: 'nl' });
    expect(total(t).s2).toBe(3);
    expect(N(t).s2).toBeNull();
    expect(N(t).s1).toBe(2);
    expect(t.notes!.join('\n')).toMatch(/N segmenten is leeg gelaten voor "s2" en het totaal: 1 gecodeerde .*s2 \(1 codering, 1 eenheid; segment "s2#9", dat de bron niet heeft\)/);
  });

  it('a document whose codings all lie in its segments keeps every N (no note)', () => {
    const t = computeMatrix(twoTeams(), { cols: 'team', measure: 'segments' });
    expect([N(t).A, N(t).B, N(t).total]).toEqual([4, 5, 9]);
    expect(t.notes!.join('\n')).not.toMatch(/left empty/);
  });
});

// qda agree on two coders' documents that segment a source differently (one by turn, the other by
// sentence): segment ids are matched across files although they name other text, so the same
// words coded alike were disagreements, without a word

describe('agreement: the coders\' files segment a source differently', () => {
  const turnDoc = (coder: string): CodingsDocument =>
    buildDoc(
      [
        { id: 's1', case: 'p1', turns: [['Int', 'interviewer', 'How is it?'], ['Ann', 'respondent', 'We meet. We trust them.', [['trust', coder]]]] },
        { id: 's2', case: 'p2', turns: [['Int', 'interviewer', 'And you?'], ['Bob', 'respondent', 'No trust.', [['trust', coder]]]] },
      ],
      [{ id: 'trust' }],
    );
  it('is said with the source and the first segment that differs (segments-differ)', () => {
    const a = turnDoc('anna');
    const b = turnDoc('bart');
    // bart's s1 by sentence: s1#1 "We meet." and s1#2 "We trust them." (coded), the same text
    const t = b.segments.find((g) => g.id === 's1#1')!;
    const cut = t.start + 9;
    const segs = b.segments.filter((g) => g.sourceId !== 's1' || g.id === 's1#0');
    segs.push({ ...t, id: 's1#1', end: cut - 1, text: 'We meet.' }, { ...t, id: 's1#2', index: 2, start: cut, text: 'We trust them.' });
    const codings = b.codings.map((c) => (c.sourceId === 's1' ? { ...c, segmentId: 's1#2', start: cut } : c));
    const r = computeAgreement([a, { ...b, segments: segs, codings }], { files: ['anna.json', 'bart.json'] });
    const d = r.diagnostics.find((x) => x.ruleId === 'segments-differ');
    expect(d?.file).toBe('bart.json');
    expect(d?.message).toContain(`1 source(s) are segmented differently in the coders' files (anna.json: anna; bart.json: bart)`);
    expect(d?.message).toContain(`"s1" (2 vs 3 segments; segment "s1#1" is ${t.start}–${t.end} in anna.json, ${t.start}–${cut - 1} in bart.json)`);
    expect(d?.hint).toMatch(/one --unit/);
  });
  it('files segmented alike, and flat files (no texts), are not said', () => {
    const r = computeAgreement([turnDoc('anna'), turnDoc('bart')], { files: ['anna.json', 'bart.json'] });
    expect(r.diagnostics.map((x) => x.ruleId)).not.toContain('segments-differ');
    const flat = (d: CodingsDocument): CodingsDocument => ({ ...d, sources: d.sources.map((s) => ({ ...s, text: '', length: 0 })), segments: d.segments.filter((g) => d.codings.some((c) => c.segmentId === g.id)).map((g) => ({ ...g, start: 0, end: 0, text: '' })) });
    const b = turnDoc('bart');
    const r2 = computeAgreement([flat(turnDoc('anna')), flat({ ...b, codings: b.codings.filter((c) => c.sourceId === 's2') })], { files: ['a.csv', 'b.csv'] });
    expect(r2.diagnostics.map((x) => x.ruleId)).not.toContain('segments-differ');
  });
});

describe('agreement: a source written with its file extension in one coder\'s file', () => {
  // "r1.txt" in bart's file, "r1" in anna's: never compared (0 units rated by both), and the note
  // listed them as sources of one coder each without pointing at the extension
  it('is pointed out as written alike', () => {
    const mk = (coder: string, ids: string[]): CodingsDocument => ({
      provenance: { tool: 'qdakit', version: '0' },
      codebooks: [],
      codes: [{ id: 'vert' }],
      sources: [],
      segments: [],
      codings: ids.map((id, i) => ({ id: `${coder}${i}`, sourceId: id, segmentId: `${id}#1`, code: 'vert', coder, start: 0, end: 0 })),
    });
    const r = computeAgreement([mk('anna', ['r1', 'r2']), mk('bart', ['r1.txt', 'r2.docx'])], { names: ['a', 'b'] });
    expect(r.tables[0].notes!.join('\n')).toContain('Written alike but not the same (capitals, accents, spaces or a file extension), so never compared: "r1" vs "r1.txt"; "r2" vs "r2.docx"');
  });
});
