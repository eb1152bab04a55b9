import type { Codebook, Rule } from '../../src/codebook/types.js';
import type { Corpus, Lang, Source, Unit } from '../../src/model/types.js';
import { cpLength } from '../../src/model/codepoints.js';
import { segmentSource } from '../../src/ingest/segment.js';

export function source(id: string, text: string, language: Lang = 'nl', kind: Source['kind'] = 'transcript'): Source {
  return { id, path: `${id}.txt`, kind, format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', language, text, length: cpLength(text) };
}

export function corpusOf(sources: Source[], unit: Unit = 'turn'): Corpus {
  return { sources, segments: sources.flatMap((s) => segmentSource(s, unit)) };
}

export function book(codes: Array<{ id: string; parent?: string; rules?: Rule[] }>, id = 'test-book'): Codebook {
  return { id, name: { en: 'Test', nl: 'Test' }, version: '1', language: 'nl', codes: codes.map((c) => ({ ...c, name: { en: c.id, nl: c.id } })) };
}

export const kw = (id: string, nl: string[], extra: Partial<Rule> = {}): Rule => ({ kind: 'keywords', id, terms: { nl, en: [] }, ...extra }) as Rule;
