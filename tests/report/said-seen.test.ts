import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Coding, CodingsDocument, Segment, Source, SourceKind } from '../../src/model/types.js';
import { hasMixedKinds, interviewDoc, saidVsSeen } from '../../src/analysis/results-skeleton-said-seen.js';
import { compareGroups } from '../../src/analysis/compare.js';
import { renderReportHtml } from '../../src/export/report-html.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');

/** id, kind, group, speakers → codes per speaker turn */
type Spec = [string, SourceKind, string, Array<[string | null, string[]]>];

function makeDoc(specs: Spec[]): CodingsDocument {
  const sources: Source[] = [];
  const segments: Segment[] = [];
  const codings: Coding[] = [];
  for (const [id, kind, group, turns] of specs) {
    const text = turns.map(([sp], i) => `${sp ?? 'x'}: turn ${i}`).join('\n');
    sources.push({ id, path: `${id}.txt`, kind, format: 'txt', case: id.toUpperCase(), attributes: { group }, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: text.length });
    let at = 0;
    turns.forEach(([speaker, codes], i) => {
      const len = `${speaker ?? 'x'}: turn ${i}`.length;
      const seg: Segment = { id: `${id}#${i}`, sourceId: id, index: i, unit: 'turn', speaker, role: 'respondent', start: at, end: at + len, text: '' };
      segments.push(seg);
      for (const code of codes) codings.push({ id: `${id}-${i}-${code}`, sourceId: id, segmentId: seg.id, code, coder: 'human', start: at, end: at + len });
      at += len + 1;
    });
  }
  return {
    provenance: { tool: 'qdakit', version: 'test' } as CodingsDocument['provenance'],
    codebooks: [],
    codes: [{ id: 'trust', name: { nl: 'Vertrouwen', en: 'Trust' } }, { id: 'rules', name: { nl: 'Afspraken', en: 'Agreements' } }, { id: 'time', name: { nl: 'Tijd', en: 'Time' } }],
    sources,
    segments,
    codings,
  };
}

// 4 interviews (one survey), 2 observation notes (one with two speakers both coding "rules"), 1 document
const DOC = makeDoc([
  ['wc1', 'transcript', 'wijkcoach', [[null, ['trust']]]],
  ['wc2', 'transcript', 'wijkcoach', [[null, ['trust', 'time']]]],
  ['jw1', 'transcript', 'jongerenwerker', [[null, ['trust']]]],
  ['jw2', 'survey', 'jongerenwerker', [[null, []]]],
  ['obs1', 'observation', 'observatie', [['Anna', ['rules']], ['Bram', ['rules']]]],
  ['obs2', 'observation', 'observatie', [[null, ['rules', 'time']]]],
  ['doc1', 'document', 'document', [[null, ['rules']]]],
]);

describe('interview groups only', () => {
  it('restricts the comparison to transcripts and surveys', () => {
    expect(hasMixedKinds(DOC)).toBe(true);
    const d = interviewDoc(DOC);
    expect(d.sources.map((s) => s.id)).toEqual(['wc1', 'wc2', 'jw1', 'jw2']);
    expect(new Set(d.codings.map((c) => c.sourceId))).toEqual(new Set(['wc1', 'wc2', 'jw1']));
    const cmp = compareGroups(d, { by: 'group', lang: 'nl' });
    expect(cmp.groups.map((g) => `${g.group} ${g.respondents}`)).toEqual(['jongerenwerker 2', 'wijkcoach 2']);
    expect(hasMixedKinds(d)).toBe(false);
    expect(interviewDoc(d)).toStrictEqual(d);
  });
});

describe('said vs observed', () => {
  it('counts interviewees and observation notes (each note once) by hand-checked numbers', () => {
    const r = saidVsSeen(DOC, { lang: 'en', minDifference: 25, minRespondents: 2 })!;
    expect([r.interviews, r.observations, r.documents]).toEqual([4, 2, 1]);
    const row = (code: string) => r.rows.find((x) => x.code === code)!;
    expect(row('trust')).toMatchObject({ said: { count: 3, of: 4 }, seen: { count: 0, of: 2 }, documents: { count: 0, of: 1 }, difference: 75, flag: true });
    // obs1 has two speakers coding "rules": still one note
    expect(row('rules')).toMatchObject({ said: { count: 0, of: 4 }, seen: { count: 2, of: 2 }, documents: { count: 1, of: 1 }, difference: -100, flag: true });
    expect(row('time')).toMatchObject({ said: { count: 1, of: 4 }, seen: { count: 1, of: 2 }, difference: -25, flag: false }); // only 1 note: below minRespondents
    expect(r.sentences.map((s) => s.text)).toEqual([
      'Agreements is coded in both observation notes, but mentioned by none of the 4 interviewees.',
      'Trust is mentioned by 3 of the 4 interviewees (75%), but coded in none of the 2 observation notes.',
    ]);
    // the table carries the same numbers
    const t = r.table.rows.find((x) => x.code === 'trust')!;
    expect([t.said, t.seen, t.saidShare, t.seenShare, t.documents]).toEqual([3, 0, 75, 0, 0]);
    const nl = saidVsSeen(DOC, { lang: 'nl' })!;
    expect(nl.sentences[1].text).toBe('Vertrouwen wordt genoemd door 3 van de 4 geïnterviewden (75%), maar is gecodeerd in geen van de 2 observatieverslagen.');
  });

  it('is undefined without observation notes', () => {
    expect(saidVsSeen(interviewDoc(DOC))).toBeUndefined();
  });

  it('the report compares interview groups only and has the "Gezegd vs. gezien" section', async () => {
    const rep = await renderReportHtml({ doc: DOC, codebooks: [], lang: 'nl', by: 'group' });
    expect(rep.interviewsOnly).toBe(true);
    expect(rep.compare.groups.map((g) => g.group)).toEqual(['jongerenwerker', 'wijkcoach']);
    expect(rep.skeleton.groups.map((g) => g.group)).toEqual(['jongerenwerker', 'wijkcoach']);
    expect(rep.html).toContain('id="said-observed">Gezegd vs. gezien</h2>');
    expect(rep.html).toContain('Vaker gezien dan gezegd');
    expect(rep.html).toContain('Afspraken is gecodeerd in beide observatieverslagen, maar wordt genoemd door geen van de 4 geïnterviewden.');
    // the sources table still lists every group
    expect(rep.html).toMatch(/<th scope="row">observatie<\/th>/);
    const all = await renderReportHtml({ doc: DOC, codebooks: [], lang: 'nl', by: 'group', allKinds: true });
    expect(all.compare.groups.map((g) => g.group)).toEqual(['document', 'jongerenwerker', 'observatie', 'wijkcoach']);
  });

  it.skipIf(!existsSync(join(SAMPLES, 'qda.yaml')))('qda run samples: groups are interview groups; said-observed.md and results-skeleton.md are written (skipped: needs samples/qda.yaml)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qda-said-'));
    const io = memoryIo(ROOT);
    expect(await main(['run', 'samples', '-o', out], io)).toBe(0);
    expect(io.out()).toMatch(/groepen naar groep \(interviews\): beleid 1, jongerenwerker 7, wijkcoach 7/); // samples/qda.yaml: language nl
    expect(io.out()).toMatch(/gezegd vs gezien: 15 geïnterviewden tegenover 3 observatieverslagen/);
    expect(readFileSync(join(out, 'said-observed.md'), 'utf8')).toMatch(/Observatieverslagen \(N=3\)/);
    expect(readFileSync(join(out, 'compare-group.md'), 'utf8')).not.toMatch(/observatie: /);
    expect(readFileSync(join(out, 'results-skeleton.md'), 'utf8')).toMatch(/^## /m);
  }, 60_000);
});
