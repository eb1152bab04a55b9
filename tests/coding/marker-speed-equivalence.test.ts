/**
 * The faster marker reading (issue 16: findMarkers without its search regexes, turn starts found
 * only where a marker is, running headers ruled out by length, clarifying questions found without
 * a regex) gives exactly what the code before it gave (kept verbatim in ./speed-reference), on
 * random texts made of the pieces that matter: markers at the text's edges, nested and broken
 * brackets, `codeſ:` and `pincode:`, astral letters and lone surrogates before a keyword, CRLF and
 * CR line ends, page numbers and running headers between a keyword and its label, unknown labels,
 * aliases, coders, memos and links. No timings here: only that the results are the same.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findMarkers, markerInQuotes, type MarkerOptions } from '../../src/coding/markers.js';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import { isClarifyingQuestion, withoutClarifications } from '../../src/coding/clarification.js';
import { LabelResolver, type LabelAlias } from '../../src/coding/label-resolver.js';
import { findMarkers as findMarkersBefore } from './speed-reference/markers.js';
import { extractHumanCodings as extractHumanCodingsBefore } from './speed-reference/human-codings.js';
import { isClarifyingQuestion as isClarifyingQuestionBefore, withoutClarifications as withoutClarificationsBefore } from './speed-reference/clarification.js';
import type { CodeRef, Coding, Unit } from '../../src/model/types.js';
import { corpusOf, source } from './helpers.js';

const codes: CodeRef[] = [
  { id: 'joint-measure', name: { en: 'joint-measure', nl: 'Gezamenlijke maatregel' } },
  { id: 'common discussions', name: { en: 'Common discussions' } },
  { id: 'systems', name: { en: 'Systems', nl: 'Systemen' } },
  { id: 'exchange', name: { en: 'Exchange' } },
  { id: 'aligning' },
  { id: 'in-use' },
  { id: 'espoused' },
];
/** The same codes from two codebooks that both define `systems` (markers naming it are warned about). */
const twoBooks: CodeRef[] = [...codes.map((c) => ({ ...c, codebook: 'book-a' })), { id: 'systems', name: { en: 'Systems' }, codebook: 'book-b' }];
const aliases: LabelAlias[] = [{ label: 'samen meten', code: 'joint-measure', origin: 'file' }];

const PIECES = [
  // keywords, whole and broken
  'Code:', 'code :', 'CODE\t:', 'Codes:', 'codes :', 'codeſ:', 'CODEs:', 'cOdE:', 'pincode:', 'ecode:', 'code', ':', 'cod', 'e:', 's:', '1code:', '_code:', 'é', 'Ωcode:',
  // letters before a keyword outside the BMP, and lone surrogates
  '\u{1D400}', '\uD835', '\uDC00', '😀',
  // labels known, near, unknown, aliased, multi-word, wrapped
  ' joint-measure', ' Joint measure', ' systems', ' Systemen', ' exchange', ' samen meten', ' common', ' discussions', ' kaas', ' shared intrest', ' joint-', 'measure', ' aligning', ' Alining', ', ', '; ', ' / ', ' & ', '"', '(', ')', '“', '”',
  // curly markers and brackets, whole and broken
  '{{', '}}', '{', '}', '[[', ']]', '{{systems}}', '{{joint-measure, exchange}}', '{{kaas @anna}}', '{{systems | memo}}', '{{ | }}', '{{}}', '[[samen gedaan]]{{exchange}}', '{{espoused #e1}}', '{{in-use -> e1 enacts: consistent}}', '{{in-use -> e9}}', '{{a,,b}}', '{{x\ny}}', '{{code: systems}}', '@bob', '|', '@', '@@', ' @', '@é\u2003', '\u3000', ']]]', '[[[', '}}}',
  // text, sentences, capitals
  ' we doen dat samen', ' and then', ' Maar', ' Dus', '.', '?', ' ', '\t', '\u00a0',
  // line ends, blank lines, page numbers, running headers
  '\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\n74\n', '\n- 75 -\n', '\nAppendix C 74\n', '\nAppendix C 75\n', '\f',
  // speaker labels
  '\nInterviewer: ', '\nAnna: ', '\n[Anna]: ', '\nR: ', 'Anna: ', '\n  Bob de Vries: ',
];

const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((ps) => ps.join(''));
/** Texts that start like a transcript (a speaker label first), as most do. */
const transcriptArb = fc.tuple(fc.constantFrom('', 'Interviewer: ', 'Anna: ', 'Code: systems '), textArb).map(([a, b]) => a + b);

function rankOf(r: LabelResolver): (label: string) => number {
  return (label) => {
    const x = r.resolve(label);
    return x.how === 'unknown' ? 0 : x.how === 'near' ? 1 : 2;
  };
}

describe('findMarkers gives what it gave before', () => {
  const resolver = new LabelResolver(codes, aliases);
  const rank = rankOf(resolver);
  const optionsArb = fc.record({
    ranked: fc.boolean(),
    known: fc.constantFrom(undefined, new Set<string>(), new Set(['kaas', 'shared-intrest'])),
    stops: fc.boolean(),
    debris: fc.boolean(),
  });
  it('on random texts of awkward pieces, with and without labels known, stops and debris', () => {
    fc.assert(
      fc.property(textArb, optionsArb, (text, o) => {
        const opts: MarkerOptions = {
          ...(o.ranked ? { rank, maxWords: resolver.maxWords } : {}),
          ...(o.known ? { known: o.known } : {}),
          // the ends of the lines as stops, and lines starting with "Appendix" as debris
          ...(o.stops ? { stops: [...text.matchAll(/\n/g)].map((m) => m.index!).filter((_, i) => i % 3 === 1) } : {}),
          ...(o.debris ? { debris: { has: (p: number) => text.startsWith('Appendix', p) } } : {}),
        };
        const now = findMarkers(text, opts);
        const before = findMarkersBefore(text, opts);
        expect(now, JSON.stringify(text)).toStrictEqual(before);
        // (and with the keys in the same order, as JSON shows them)
        expect(JSON.stringify(now)).toBe(JSON.stringify(before));
      }),
      { numRuns: 4000 },
    );
  });
  it('with a set of known labels and with no options', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(findMarkers(text)).toStrictEqual(findMarkersBefore(text));
        const known = new Set(['systems', 'kaas']);
        expect(findMarkers(text, known)).toStrictEqual(findMarkersBefore(text, known));
      }),
      { numRuns: 2000 },
    );
  });
  it('on random bodies of curly markers (coders, memos, labels, links; spaces of every kind)', () => {
    const BODY = ['a', 'kaas', 'systems', ' ', ',', ', ', '@', '@anna', '@@', 'ann@', '|', 'memo', '#e1', ' -> ', 'e1', ' enacts:', ' consistent', '\u2003', '\u00a0', '\t', '\u3000', '\ufeff', 'é', '😀', '\uD835', ',,', ':', '[[', ']]'];
    const BEFORE = ['', 'x ', '[[wat we doen]]', '[[a]] [[b]]', ']]', '[[a]]]]', '[[a]] ]]', 'Code: systems '];
    fc.assert(
      fc.property(fc.constantFrom(...BEFORE), fc.array(fc.constantFrom(...BODY), { maxLength: 12 }), fc.constantFrom('', ' Code: kaas', '{{b}}', '.'), (before, body, after) => {
        const text = `${before}{{${body.join('')}}}${after}`;
        // (a marker that names several coders has them all in `coders` since the reference: left out of the comparison)
        const now = findMarkers(text).map(({ coders: _coders, ...m }) => m);
        const was = findMarkersBefore(text);
        expect(now, JSON.stringify(text)).toStrictEqual(was);
        expect(JSON.stringify(now)).toBe(JSON.stringify(was));
      }),
      { numRuns: 3000 },
    );
  });
  it('examples at the edges', () => {
    for (const t of ['Code:', 'code: x', 'x Code:', '{{a}}', '{{a}}Code: b', 'Code: b{{a}}', '{{{a}}}', '{{a}}}}', '[[[[x]]{{a}}', ']]{{a}}', 'codeſ: a Code: b', 'ſcode: a Code: b', '\u{1D400}code: a Code: b', '\uD835code: a', '\uDC00code: a', '{{Code: a}} Code: b', 'Code: a\r\nb\r\n\r\n74\r\nc', 'Code: joint-\r\nmeasure']) {
      expect(findMarkers(t), JSON.stringify(t)).toStrictEqual(findMarkersBefore(t));
    }
  });
});

/** The result without what was said since the reference (it predates them). */
// (the reference predates the spread warning, the markers' masks (tests/coding/marker-mask.test.ts),
// and the warnings on a `{{` that opens no marker and on a marker with nothing before it
// (tests/coding/marker-typos.test.ts), and on a marker in a speaker label, a code given twice
// to one passage and a "[[" that opens no exact passage (tests/coding/markers-hostile.test.ts))
const SAID_SINCE = new Set(['marker-empty-label', 'marker-passage-spread', 'marker-not-closed', 'marker-empty-passage', 'marker-in-speaker-label', 'marker-repeated', 'bracket-not-closed', 'bracket-not-opened']);
/** A closing marker (`{{/systems}}`) is read as no coding since the reference (said: marker-closing-form): texts with one are left out. */
const CLOSING = /\{\{\s*\//;
// (and a `{{…}}` in quotes that names no code is text since the reference (said:
// marker-in-quotes-read-as-text; tests/coding/marker-in-quotes.test.ts): texts with a marker in
// quotes are left out, and the accounting's `asText` (0 then) and the unknown-code hint's words on
// a padded `{{ x }}` are left out of the comparison)
const IN_QUOTES = (t: string) => t.includes('{{') && findMarkers(t).some((m) => m.kind === 'curly' && markerInQuotes(t, m.start, m.end));
// (a marker that names several coders gives a coding of each since the reference (said:
// marker-several-coders; tests/coding/marker-several-coders.test.ts): texts with one are left out)
const SEVERAL_CODERS = (t: string) => t.includes('@') && findMarkers(t).some((m) => m.coders !== undefined);
const PADDED_HINT = /; if "[^]*" is text a speaker reads out \(a template field\), put that text in quotation marks: a "\{\{…\}\}" inside quotes that names no code is read as text$/;
const withoutSpread = <T extends { diagnostics: Array<{ ruleId: string; hint?: string }>; masks?: unknown; markers: object }>(r: T): Omit<T, 'masks'> => {
  const { masks: _masks, ...rest } = r;
  const { asText, ...markers } = r.markers as { asText?: number };
  expect(asText).toBe(0);
  return { ...rest, markers, diagnostics: r.diagnostics.filter((d) => !SAID_SINCE.has(d.ruleId)).map((d) => (d.ruleId === 'unknown-code' && d.hint && PADDED_HINT.test(d.hint) ? { ...d, hint: d.hint.replace(PADDED_HINT, '') } : d)) } as Omit<T, 'masks'>;
};

describe('extractHumanCodings gives what it gave before', () => {
  for (const unit of ['turn', 'sentence', 'paragraph'] as Unit[]) {
    it(`on random transcripts of awkward pieces (${unit}s)`, () => {
      fc.assert(
        fc.property(fc.array(transcriptArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), (texts, withAliases, ambiguous) => {
          fc.pre(!texts.some((t) => CLOSING.test(t) || IN_QUOTES(t) || SEVERAL_CODERS(t)));
          const corpus = corpusOf(texts.map((t, i) => source(`s${i}`, t)), unit);
          const opts = withAliases ? { aliases } : {};
          const list = ambiguous ? twoBooks : codes;
          const now = withoutSpread(extractHumanCodings(corpus, list, opts));
          const before = extractHumanCodingsBefore(corpus, list, opts);
          expect(now, JSON.stringify(texts)).toStrictEqual(before);
          expect(JSON.stringify(now)).toBe(JSON.stringify(before));
        }),
        { numRuns: unit === 'turn' ? 1500 : 500 },
      );
    });
  }
  it('on a source without segments (paragraphs by blank lines)', () => {
    fc.assert(
      fc.property(transcriptArb, (text) => {
        fc.pre(!CLOSING.test(text) && !IN_QUOTES(text) && !SEVERAL_CODERS(text));
        const corpus = { sources: [source('s', text)], segments: [] };
        expect(withoutSpread(extractHumanCodings(corpus, codes))).toStrictEqual(extractHumanCodingsBefore(corpus, codes));
      }),
      { numRuns: 500 },
    );
  });
});

describe('clarifying questions are found as before', () => {
  const QPIECES = ['bedoel', 'Bedoel', 'BEDOELT', 'bedoelen', ' je', ' u', ' jullie', ' jij', 'what do you mean', 'What Do You Mean', 'do you', ' mean', 'MEAN', 'you mean', '?', '.', ' ', '\n', 'de collega', 'partners', 'wat', 'ı', 'é', '\u{1D400}', 'meaning', 'mea', 'n'];
  it('isClarifyingQuestion on random turns', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...QPIECES), { maxLength: 30 }), (ps) => {
        const t = ps.join('');
        expect(isClarifyingQuestion(t), JSON.stringify(t)).toBe(isClarifyingQuestionBefore(t));
      }),
      { numRuns: 3000 },
    );
  });
  it('withoutClarifications on random codings', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.constantFrom(...QPIECES), { maxLength: 12 }), fc.constantFrom('Interviewer', 'Anna')), { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(7), fc.constantFrom('rules', 'model', 'human', 'anna')), { maxLength: 10 }), (turns, cs) => {
        const text = turns.map(([ps, who]) => `${who}: ${ps.join('').replace(/\n/g, ' ')}`).join('\n\n');
        const corpus = corpusOf([source('s', text)]);
        const codings: Coding[] = cs.map(([k, coder], i) => {
          const seg = corpus.segments[k % corpus.segments.length];
          return { id: `c${i}`, sourceId: 's', ...(k < 6 && seg ? { segmentId: seg.id } : {}), start: seg?.start ?? 0, end: seg?.end ?? 0, code: 'x', coder, score: 1 };
        });
        expect(withoutClarifications(codings, corpus.segments)).toStrictEqual(withoutClarificationsBefore(codings, corpus.segments));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('codeCorpus: the order of the codings and their unique ids, as before', () => {
  it('markers coding the same span with the same code get #2, #3; sources keep their order (not sorted by id)', async () => {
    const { codeCorpus } = await import('../../src/coding/code-corpus.js');
    const texts: Array<[string, string]> = [
      ['zeta', 'Anna: we doen dat samen {{systems}}{{systems}}{{systems}}\n\nBob: ja {{exchange}}'],
      ['alpha', 'Anna: eerst dit. Code: systems\n\nBob: en dat {{systems}}{{exchange}}'],
      ['mid', 'Anna: {{kaas}} en {{kaas}}'],
    ];
    const corpus = corpusOf(texts.map(([id, t]) => source(id, t)));
    const doc = codeCorpus(corpus, [], { version: '', rules: false });
    expect(doc.codings.map((c) => c.sourceId)).toEqual(['zeta', 'zeta', 'zeta', 'zeta', 'alpha', 'alpha', 'alpha', 'mid', 'mid']);
    const zeta = doc.codings.filter((c) => c.sourceId === 'zeta' && c.code === 'systems').map((c) => c.id);
    expect(zeta).toEqual([zeta[0], `${zeta[0]}#2`, `${zeta[0]}#3`]);
    expect(new Set(doc.codings.map((c) => c.id)).size).toBe(doc.codings.length);
    // within a source: by start, end, then code
    const alpha = doc.codings.filter((c) => c.sourceId === 'alpha');
    expect(alpha.map((c) => c.code)).toEqual(['systems', 'exchange', 'systems']);
  });
});
