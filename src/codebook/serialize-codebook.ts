import { stringify } from 'yaml';
import type { Codebook, CodeDef, LocalisedList, MetaValue, RelationDef, Rule } from './types.js';
import { compact } from './normalise-codebook.js';

const lt = <T>(v: T | undefined) => (v === undefined ? undefined : { ...v });
const ll = (v: LocalisedList | undefined) => (v === undefined ? undefined : compact({ nl: v.nl ? [...v.nl] : undefined, en: v.en ? [...v.en] : undefined }));

function ruleToInput(r: Rule): Record<string, unknown> {
  const common = {
    exclude: ll(r.exclude),
    roles: r.roles ? [...r.roles] : undefined,
    unit: r.unit,
    weight: r.weight,
    min: r.minMatches,
    negation: r.negation,
  };
  switch (r.kind) {
    case 'keywords':
      return compact({ id: r.id, keywords: ll(r.terms), ...common, stem: r.stem });
    case 'regex':
      return compact({ id: r.id, regex: r.pattern, lang: r.lang, ...common });
    case 'near':
      return compact({ id: r.id, near: { a: ll(r.a), b: ll(r.b), distance: r.distance }, ...common, stem: r.stem });
  }
}

function codeToInput(c: CodeDef): Record<string, unknown> {
  return compact({
    id: c.id,
    parent: c.parent,
    name: lt(c.name),
    level: c.level,
    evidences: c.evidences?.map((e) => ({ codebook: e.codebook, level: e.level })),
    definition: lt(c.definition),
    include: ll(c.include),
    exclude: ll(c.exclude),
    indicators: ll(c.indicators),
    examples: ll(c.examples),
    aliases: ll(c.aliases),
    color: c.color,
    codable: c.codable,
    rules: c.rules?.map(ruleToInput),
    meta: c.meta ? (structuredClone(c.meta) as Record<string, MetaValue>) : undefined,
    source: c.source,
  });
}

function relationToInput(r: RelationDef): Record<string, unknown> {
  return compact({
    id: r.id,
    name: lt(r.name),
    description: lt(r.description),
    from: r.from ? [...r.from] : undefined,
    to: r.to ? [...r.to] : undefined,
    verdicts: r.verdicts?.map((v) => compact({ id: v.id, name: lt(v.name), description: lt(v.description) })),
  });
}

/**
 * The codebook in its explicit input form (every text as {nl, en}, every rule
 * with its id), so that `parseCodebook(serializeCodebook(b))` gives `b` back
 * (apart from `file` and `sha256`, which describe where it was read from).
 */
export function codebookToInputForm(book: Codebook): Record<string, unknown> {
  return compact({
    id: book.id,
    name: lt(book.name),
    version: book.version,
    language: book.language,
    description: lt(book.description),
    reference: book.reference,
    ladder: book.ladder,
    codes: book.codes.map(codeToInput),
    relations: book.relations?.map(relationToInput),
  });
}

export function serializeCodebook(book: Codebook, format: 'json' | 'yaml'): string {
  const data = codebookToInputForm(book);
  if (format === 'json') return JSON.stringify(data, null, 2) + '\n';
  return stringify(data, { lineWidth: 0, aliasDuplicateObjects: false, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}
