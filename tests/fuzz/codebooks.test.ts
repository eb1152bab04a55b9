/**
 * Fuzz: codebooks (YAML, JSON, .qdc) valid and broken. parseCodebook gives a book or a
 * QdaInputError with file + rule + message; validateCodebook never throws and returns
 * diagnostics with rule + message; a book without errors compiles and codes a small corpus.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { validateCodebook } from '../../src/codebook/validate-codebook.js';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Source } from '../../src/model/types.js';
import { FUZZ, corrupt, expectCleanInputError } from './helpers.js';

const text = 'Interviewer: Hoe gaat de samenwerking?\nAnna: We vertrouwen elkaar en maken afspraken met de gemeente. 😀 Het overleg is wekelijks.\nInterviewer: En?\nAnna: Samenwerkingsverband werkt, maar geld is een probleem.\n';
const source: Source = { id: 'a', path: 'a.txt', kind: 'transcript', format: 'txt', case: 'a', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', language: 'nl', text, length: cpLength(text) };
const corpus = { sources: [source], segments: segmentSource(source, 'turn') };

const word = fc.oneof(
  fc.constantFrom('vertrouw*', 'samenwerk*', 'afspraak', 'gemeente', 'op één lijn', 'geld', '*', '?', '**', 'a*b', '"quoted"', 'x NEAR/3 y', '', ' ', '😀', 'ß', '\u0000'),
  fc.string({ maxLength: 10 }),
);
const regex = fc.oneof(
  fc.constantFrom('afspra(ak|ken)', '(a+)+$', '(a|a)*b', '(.*a){12}', '[', '(?<n>x)\\k<n>', 'a{1,99999}', '\\p{L}+', '(?=x)', '^$', '.*', 'samen(werk|werking)'),
  fc.string({ maxLength: 12 }),
);
const localised = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.record({ nl: arb, en: arb }, { requiredKeys: [] }));
const rule = fc.oneof(
  fc.record({ keywords: localised(fc.array(word, { maxLength: 4 })), exclude: fc.option(localised(fc.array(word, { maxLength: 2 })), { nil: undefined }), roles: fc.option(fc.array(fc.constantFrom('respondent', 'interviewer', 'all', 'x')), { nil: undefined }), unit: fc.option(fc.constantFrom('turn', 'sentence', 'paragraph', 'bogus'), { nil: undefined }), weight: fc.option(fc.oneof(fc.double(), fc.integer()), { nil: undefined }), min: fc.option(fc.integer({ min: -2, max: 5 }), { nil: undefined }), id: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }) }, { requiredKeys: ['keywords'] }),
  fc.record({ regex, lang: fc.option(fc.constantFrom('nl', 'en', 'fr'), { nil: undefined }) }, { requiredKeys: ['regex'] }),
  fc.record({ phrases: localised(fc.array(word, { maxLength: 3 })) }),
  fc.record({ near: fc.oneof(fc.constantFrom('samenwerk* NEAR/5 gemeente*', 'a NEAR b', 'NEAR/x', ''), fc.record({ a: fc.array(word, { maxLength: 2 }), b: fc.array(word, { maxLength: 2 }), distance: fc.integer({ min: -1, max: 20 }) })) }),
  fc.anything({ maxDepth: 2 }),
);
const ids = fc.constantFrom('relatie', 'trust', 'afspraken', 'geld', 'Code met spatie', "code's", '', 'x/y', '1');
const code = fc.record(
  {
    id: fc.oneof(ids, fc.string({ maxLength: 8 })),
    parent: fc.option(ids, { nil: undefined }),
    name: localised(fc.string({ maxLength: 20 })),
    definition: fc.option(localised(fc.string({ maxLength: 30 })), { nil: undefined }),
    level: fc.option(fc.integer({ min: -1, max: 12 }), { nil: undefined }),
    ladder: fc.option(fc.constantFrom('hovik-hanssen', 'x'), { nil: undefined }),
    rules: fc.option(fc.array(rule, { maxLength: 3 }), { nil: undefined }),
    codable: fc.option(fc.boolean(), { nil: undefined }),
  },
  { requiredKeys: ['id'] },
);
const bookObj = fc.record(
  {
    id: fc.oneof(fc.constant('fuzz'), fc.string({ maxLength: 6 })),
    name: localised(fc.string({ maxLength: 12 })),
    language: fc.option(fc.constantFrom('nl', 'en', 'de'), { nil: undefined }),
    codes: fc.oneof(fc.array(code, { maxLength: 6 }), fc.anything({ maxDepth: 1 })),
  },
  { requiredKeys: ['codes'] },
);

function checkBook(file: string, run: () => Codebook): void {
  let book: Codebook;
  try {
    book = run();
  } catch (e) {
    expectCleanInputError(e, file);
    return;
  }
  const diags = validateCodebook(book, { file });
  for (const d of diags) {
    expect(d.ruleId.length).toBeGreaterThan(0);
    expect(d.message.length).toBeGreaterThan(0);
  }
  if (diags.some((d) => d.severity === 'error')) return;
  for (const lang of ['nl', 'en'] as const) {
    const compiled = compileCodebook(book, lang);
    const codings = applyCodebook(corpus, compiled, {});
    for (const c of codings) {
      expect(c.start).toBeGreaterThanOrEqual(0);
      expect(c.end).toBeLessThanOrEqual(source.length);
      for (const m of c.evidence?.matches ?? []) expect(cpSlice(text, m.start, m.end)).toBe(m.term);
    }
  }
}

describe('fuzz: codebooks', () => {
  it('random codebook objects as YAML and JSON', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(bookObj, fc.constantFrom('yaml', 'json') as fc.Arbitrary<'yaml' | 'json'>, (obj, format) => {
        const file = `fuzz.${format}`;
        const src = format === 'yaml' ? YAML.stringify(obj) : JSON.stringify(obj);
        checkBook(file, () => parseCodebook(src, { file, format }));
      }),
      FUZZ,
    );
  });

  it('truncated / bit-flipped codebook files', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        bookObj,
        fc.constantFrom('yaml', 'json') as fc.Arbitrary<'yaml' | 'json'>,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 127 })), { maxLength: 3 }),
        (obj, format, cut, flips) => {
          const file = `broken.${format}`;
          const src = new TextDecoder().decode(corrupt(new TextEncoder().encode(format === 'yaml' ? YAML.stringify(obj) : JSON.stringify(obj)), cut, flips));
          checkBook(file, () => parseCodebook(src, { file, format }));
        },
      ),
      FUZZ,
    );
  });

  it('arbitrary text as YAML, JSON and .qdc', { timeout: 60_000 }, () => {
    const xmlish = fc.array(fc.oneof(fc.constantFrom('<?xml version="1.0"?>', '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">', '</CodeBook>', '<Codes>', '</Codes>', '<Code guid="a" name="x" isCodable="true">', '</Code>', '<Code guid="a" name="x"/>', '<Description>', '</Description>', '&amp;', '&#0;', '&#x110000;', '&bogus;', '<!DOCTYPE x [<!ENTITY e "e">]>', '"', "'"), fc.string({ maxLength: 8 })), { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), xmlish), fc.constantFrom('yaml', 'json', 'qdc') as fc.Arbitrary<'yaml' | 'json' | 'qdc'>, (src, format) => {
        const file = `any.${format}`;
        checkBook(file, () => parseCodebook(src, { file, format }));
      }),
      FUZZ,
    );
  });
});
