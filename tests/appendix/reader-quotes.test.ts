import { describe, it, expect } from 'vitest';
import type { Coding, CodingsDocument, Source } from '../../src/model/types.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { buildCodeAppendix, cleanQuote, formatNum } from '../../src/analysis/appendix.js';
import { buildLabelschema } from '../../src/analysis/labelschema.js';
import type { Guide } from '../../src/analysis/guide.js';
import { renderReportHtml, localiseTableNumbers, localiseTables } from '../../src/export/report-html.js';

// Quotes shown to readers never contain the human-coding markers of the source text, while
// the offsets shown next to them still index the source text (QA: "… echt iemand. Code: new bonds").

const TEXT = [
  'Interviewer: Hoe werken jullie samen met de wijkcoaches?',
  '',
  'Lisa: Vaste koppels. Eén wijkcoach en één jongerenwerker per buurt. Dan heb je echt iemand. Code: new bonds',
  '',
  'Interviewer: En het overleg?',
  '',
  'Lisa: [[Daar zitten we echt samen aan tafel]]{{joint-measure @anna}}. Dat is het enige moment waarop het voelt als één team. {{trust | gedeeld gevoel}} Werkt best.',
  '',
].join('\n');

function source(id: string, text: string, group: string): Source {
  return { id, path: `${id}.txt`, kind: 'transcript', format: 'txt', case: id, attributes: { group }, encoding: 'utf-8', newline: 'lf', sha256: '0', language: 'nl', text, length: cpLength(text) };
}

function makeDoc(): CodingsDocument {
  const a = source('jw-1', TEXT, 'jongerenwerker');
  const b = source('wc-1', TEXT.replace(/Lisa/g, 'Mark'), 'wijkcoach');
  const segments = [a, b].flatMap((s) => segmentSource(s, 'turn', { interviewers: ['Interviewer'] }));
  const codings: Coding[] = [];
  for (const s of segments.filter((g) => g.role !== 'interviewer')) {
    // rules code whole turns (the marker text lies inside the span)
    codings.push({ id: `${s.id}:joint-measure:rules`, sourceId: s.sourceId, segmentId: s.id, code: 'joint-measure', coder: 'rules', start: s.start, end: s.end, score: 1 });
    codings.push({ id: `${s.id}:new-bonds:human`, sourceId: s.sourceId, segmentId: s.id, code: 'new-bonds', coder: 'human', start: s.start, end: s.end, score: 1 });
  }
  return {
    provenance: { tool: 'qdakit', version: 'test' },
    codebooks: [],
    codes: [
      { id: 'joint-measure', name: { en: 'Joint measure', nl: 'Gezamenlijke maatregel' } },
      { id: 'new-bonds', name: { en: 'new bonds', nl: 'new bonds' } },
      { id: 'trust', name: { en: 'trust', nl: 'vertrouwen' } },
    ],
    sources: [a, b],
    segments,
    codings,
  };
}

const MARKER = /\{\{|\}\}|\[\[|\]\]|Code:/;

describe('quotes shown to readers', () => {
  it('cleanQuote removes {{…}}, [[ ]] and legacy "Code: label" markers', () => {
    expect(cleanQuote('Dan heb je echt iemand. Code: new bonds')).toBe('Dan heb je echt iemand.');
    expect(cleanQuote('[[Daar zitten we]]{{joint-measure @anna}}. Werkt. {{trust | memo}} Ja.')).toBe('Daar zitten we. Werkt. Ja.');
    // a known label stops a legacy label before the speech that follows it
    expect(cleanQuote('eerst dit. Code: trust en dan verder', new Set(['trust']))).toBe('eerst dit. en dan verder');
  });

  it('appendix by code: no marker text in quotes; the cited line is the line in the source', () => {
    const doc = makeDoc();
    const app = buildCodeAppendix(doc, { lang: 'nl', quotes: 5 });
    // human codings first; the suggestions (rules) in their own section, also without markers
    const quotes = app.sections.flatMap((s) => (s.table ? s.table.rows.map((r) => String(r.quotes ?? '')) : []));
    const all = quotes.join('\n');
    expect(all).toContain('Dan heb je echt iemand.”');
    expect(all).toContain('Daar zitten we echt samen aan tafel. Dat is het enige moment');
    expect(all).not.toMatch(MARKER);
    expect(all).toContain('jw-1, Lisa, regel 3');
  });

  it('labelschema: anchors without markers, offsets of the source, Dutch threshold "0,3"', () => {
    const doc = makeDoc();
    const guide: Guide = { id: 'g', parts: [{ id: 'p1', title: { nl: 'Samenwerking' }, questions: [{ id: 'q1', text: { nl: 'Hoe werken jullie samen met de wijkcoaches?' } }, { id: 'q2', text: { nl: 'En het overleg?' } }] }] };
    const res = buildLabelschema(doc, guide, { lang: 'nl', coders: ['human', 'rules'], threshold: 0.3 });
    expect(res.rows.length).toBeGreaterThan(0);
    for (const r of res.rows) {
      expect(r.anchor).not.toMatch(MARKER);
      const src = doc.sources.find((s) => s.id === r.sourceId)!;
      const seg = doc.segments.find((g) => g.sourceId === r.sourceId && g.start === r.start)!;
      expect(cpSlice(src.text, r.start, r.end)).toBe(seg.text); // offsets still index the source (markers included)
    }
    expect(res.rows.map((r) => r.anchor)).toContain('“Vaste koppels (…) echt iemand.”');
    expect(res.document.paragraphs.join(' ')).toContain('drempel 0,3');
    expect(res.document.paragraphs.join(' ')).not.toMatch(/\d\.\d/);
    const en = buildLabelschema(doc, guide, { lang: 'en', coders: ['human'], threshold: 0.3 });
    expect(en.document.paragraphs.join(' ')).toContain('threshold 0.3');
  });

  it('report: quotes without markers (matched words still marked), offsets of the source, decimal commas in Dutch tables', async () => {
    const doc = makeDoc();
    // a rule match inside the span, after the [[ ]] marker
    const seg = doc.segments.find((g) => g.sourceId === 'jw-1' && g.text.startsWith('[['))!;
    const at = seg.start + [...seg.text].join('').indexOf('samen aan tafel');
    const codings = doc.codings.map((c) => (c.segmentId === seg.id && c.coder === 'rules' ? { ...c, evidence: { ruleId: 'r1', matches: [{ start: at, end: at + 15 }] } } : c));
    const out = await renderReportHtml({ doc: { ...doc, codings } as CodingsDocument, codebooks: [], lang: 'nl', permutations: 0 });
    const quotes = [...out.html.matchAll(/<blockquote class="quote"><p>(.*?)<\/p><p class="cite">(.*?)<\/p>/g)];
    expect(quotes.length).toBeGreaterThan(0);
    for (const [, body] of quotes) expect(body).not.toMatch(MARKER);
    expect(out.html).toContain('Daar zitten we echt <mark>samen aan tafel</mark>. Dat is het enige moment');
    expect(out.html).toContain(`[${seg.start}, ${seg.end})`);
    // numeric table cells: no decimal point in Dutch
    expect(out.html).not.toMatch(/class="num"[^>]*>-?\d+\.\d+%?</);
  });

  it('number formatting helpers', () => {
    expect(formatNum(0.3, 'nl')).toBe('0,3');
    expect(formatNum(0.3, 'en')).toBe('0.3');
    expect(formatNum(2, 'nl')).toBe('2');
    expect(localiseTableNumbers('<td class="num">14.3</td><td>1.0</td><th scope="row" class="num">0.25%</th>', 'nl')).toBe('<td class="num">14,3</td><td>1.0</td><th scope="row" class="num">0,25%</th>');
    expect(localiseTableNumbers('<td class="num">14.3</td>', 'en')).toBe('<td class="num">14.3</td>');
    // md tables of `qda run` in Dutch: decimal comma, integers and text untouched
    const t = { columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }, { key: 'c', label: 'C' }], rows: [{ a: 14.2857, b: 3, c: 'v1.0' }] };
    expect(localiseTables([t], 'nl')[0].rows[0]).toEqual({ a: '14,2857', b: 3, c: 'v1.0' });
    expect(localiseTables([t], 'en')[0].rows[0]).toEqual({ a: 14.2857, b: 3, c: 'v1.0' });
  });
});
