import type { Diagnostic, Lang, LocalisedText } from '../model/types.js';
import type { Codebook, CodeDef, LocalisedList, MetaValue, RelationDef, Rule, VerdictDef } from './types.js';

/** Drop undefined fields (so normalised codebooks compare and serialise cleanly). */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

type Raw = Record<string, unknown>;

function text(v: unknown, lang: Lang): LocalisedText | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { [lang]: v };
  if (typeof v === 'object') {
    const o = v as Raw;
    return compact({ nl: typeof o.nl === 'string' ? o.nl : undefined, en: typeof o.en === 'string' ? o.en : undefined });
  }
  return { [lang]: String(v) };
}

function toArr(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => String(x));
  return [String(v)];
}

export function list(v: unknown, lang: Lang): LocalisedList | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || Array.isArray(v)) return { [lang]: toArr(v) };
  if (typeof v === 'object') {
    const o = v as Raw;
    return compact({ nl: toArr(o.nl), en: toArr(o.en) });
  }
  return undefined;
}

function mergeLists(a: LocalisedList | undefined, b: LocalisedList | undefined): LocalisedList | undefined {
  if (!a) return b;
  if (!b) return a;
  const m = (x?: readonly string[], y?: readonly string[]) => (x || y ? [...(x ?? []), ...(y ?? [])] : undefined);
  return compact({ nl: m(a.nl, b.nl), en: m(a.en, b.en) });
}

/** Split one side of `A NEAR/n B`: `(a OR b)`, `a, b`, `a | b`, quoted phrases. */
function nearSide(s: string): string[] {
  return s
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .split(/\s+OR\s+|\s*[,|]\s*/)
    .map((t) => t.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'))
    .filter((t) => t.length > 0);
}

/** Parse `A NEAR/5 B`; undefined when the string has no NEAR/n. */
export function parseNear(s: string): { a: string[]; b: string[]; distance: number } | undefined {
  const m = /^(.+?)\s+NEAR\/(\d+)\s+(.+)$/is.exec(s.trim());
  if (!m) return undefined;
  return { a: nearSide(m[1]), b: nearSide(m[3]), distance: Number(m[2]) };
}

/**
 * Turn an input-form codebook (already schema-valid) into the normalised model.
 * Problems only visible here (a rule with no kind or two kinds, a NEAR string
 * without NEAR/n) are pushed to `diags` with their JSON path.
 */
export function normaliseCodebook(raw: Raw, diags: Diagnostic[], file: string): Codebook {
  const lang: Lang = raw.language === 'en' ? 'en' : 'nl';
  const codes: CodeDef[] = ((raw.codes as Raw[]) ?? []).map((c, i) => normaliseCode(c, i, lang, diags, file));
  const id = String(raw.id);
  return compact({
    id,
    name: text(raw.name, lang) ?? { [lang]: id },
    version: raw.version === undefined ? undefined : String(raw.version),
    language: lang,
    description: text(raw.description, lang),
    reference: raw.reference as string | undefined,
    ladder: raw.ladder as boolean | undefined,
    codes,
    relations: Array.isArray(raw.relations) ? (raw.relations as Raw[]).map((r) => normaliseRelation(r, lang)) : undefined,
  });
}

function normaliseRelation(r: Raw, lang: Lang): RelationDef {
  const id = String(r.id);
  const verdicts = Array.isArray(r.verdicts)
    ? (r.verdicts as unknown[]).map((v): VerdictDef => {
        if (typeof v === 'string') return { id: v, name: { [lang]: v } };
        const o = v as Raw;
        return compact({ id: String(o.id), name: text(o.name, lang) ?? { [lang]: String(o.id) }, description: text(o.description, lang) });
      })
    : undefined;
  return compact({
    id,
    name: text(r.name, lang) ?? { [lang]: id },
    description: text(r.description, lang),
    from: toArr(r.from),
    to: toArr(r.to),
    verdicts,
  });
}

/** A copy of a meta value as plain data (YAML dates and other objects become strings). */
function metaValue(v: unknown): MetaValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(metaValue);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const out: Record<string, MetaValue> = {};
    for (const [k, x] of Object.entries(v as Raw)) out[k] = metaValue(x);
    return out;
  }
  return String(v);
}

function normaliseCode(c: Raw, i: number, lang: Lang, diags: Diagnostic[], file: string): CodeDef {
  const id = String(c.id);
  listInOneString(c.aliases, 'aliases', `/codes/${i}/aliases`, diags, file);
  const rules = Array.isArray(c.rules)
    ? (c.rules as Raw[]).map((r, j) => normaliseRule(r, id, j, lang, diags, file, `/codes/${i}/rules/${j}`))
    : undefined;
  return compact({
    id,
    name: text(c.name, lang) ?? { [lang]: id },
    parent: c.parent as string | undefined,
    definition: text(c.definition, lang),
    include: list(c.include, lang),
    exclude: list(c.exclude, lang),
    indicators: list(c.indicators, lang),
    examples: list(c.examples, lang),
    aliases: list(c.aliases, lang),
    level: c.level as number | undefined,
    evidences: Array.isArray(c.evidences)
      ? (c.evidences as Raw[]).map((e) => ({ codebook: String(e.codebook), level: Number(e.level) }))
      : undefined,
    color: c.color as string | undefined,
    codable: c.codable as boolean | undefined,
    rules: rules?.filter((r): r is Rule => r !== undefined),
    meta: c.meta && typeof c.meta === 'object' ? (metaValue(c.meta) as Record<string, MetaValue>) : undefined,
    source: typeof c.source === 'string' ? c.source : undefined,
  });
}

/**
 * A list written as one string with commas or semicolons (`keywords: appel, peer`, `exclude: niet,
 * geen`, `aliases: overleg; afstemming`): YAML reads it as one string, so it is one term (the words
 * next to each other, in this order) or one alias, not several. Kept so, and said (it was without a
 * word: `appel` alone, or `niet` alone, never matched).
 */
export function listInOneString(v: unknown, field: string, path: string, diags: Diagnostic[], file: string): void {
  const check = (x: unknown, at: string) => {
    if (typeof x !== 'string' || !/[,;]/.test(x)) return;
    const parts = x.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
    if (parts.length < 2) return;
    const alias = field === 'aliases';
    diags.push({
      severity: 'warning',
      source: 'codebook',
      ruleId: 'list-in-one-string',
      file,
      path: at,
      message: `${field}: "${x}" is one string with ${x.includes(';') ? 'a semicolon' : 'a comma'}, so it is read as one ${alias ? 'alias' : 'term (its words next to each other, in this order)'}, not as ${parts.length} ${alias ? 'aliases' : 'terms'}`,
      hint: `for ${parts.length} ${alias ? 'aliases' : 'terms'} write a list: ${field.replace(/^.*\//, '')}: [${parts.join(', ')}]; if it is meant as one ${alias ? 'alias' : 'phrase'}, put it in a list as it is (["${x}"])`,
      actual: x,
    });
  };
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of ['nl', 'en']) check((v as Raw)[k], `${path}/${k}`);
  else check(v, path);
}

function normaliseRule(r: Raw, codeId: string, j: number, lang: Lang, diags: Diagnostic[], file: string, path: string): Rule | undefined {
  const ruleLang: Lang = r.lang === 'en' ? 'en' : r.lang === 'nl' ? 'nl' : lang;
  listInOneString(r.keywords, 'keywords', `${path}/keywords`, diags, file);
  listInOneString(r.exclude, 'exclude', `${path}/exclude`, diags, file);
  if (r.near && typeof r.near === 'object') {
    listInOneString((r.near as Raw).a, 'near/a', `${path}/near/a`, diags, file);
    listInOneString((r.near as Raw).b, 'near/b', `${path}/near/b`, diags, file);
  }
  const kinds = ['keywords', 'phrases', 'regex', 'near'].filter((k) => r[k] !== undefined);
  const kindCount = new Set(kinds.map((k) => (k === 'phrases' ? 'keywords' : k))).size;
  if (kindCount !== 1) {
    diags.push({
      severity: 'error',
      source: 'codebook',
      ruleId: 'rule-kind',
      file,
      path,
      message: kindCount === 0 ? 'rule has no `keywords`, `phrases`, `regex` or `near`' : `rule has more than one kind (${kinds.join(', ')})`,
      hint: 'give each rule exactly one of: keywords: [..], phrases: [..], regex: "..", near: "A NEAR/5 B" (split it into several rules)',
    });
    return undefined;
  }
  const common = compact({
    id: typeof r.id === 'string' ? r.id : `${codeId}/r${j + 1}`,
    exclude: list(r.exclude, ruleLang),
    roles: r.roles as Rule['roles'],
    unit: r.unit as Rule['unit'],
    weight: r.weight as number | undefined,
    minMatches: (r.min ?? r.minMatches) as number | undefined,
    negation: r.negation as boolean | undefined,
  });
  if (r.regex !== undefined) {
    return compact({ kind: 'regex' as const, ...common, pattern: String(r.regex), lang: r.lang as Lang | undefined });
  }
  if (r.near !== undefined) {
    let a: LocalisedList | undefined;
    let b: LocalisedList | undefined;
    let distance = 5;
    if (typeof r.near === 'string') {
      const p = parseNear(r.near);
      if (!p || !p.a.length || !p.b.length) {
        diags.push({
          severity: 'error',
          source: 'codebook',
          ruleId: 'bad-near',
          file,
          path: `${path}/near`,
          message: `cannot read the proximity rule "${r.near}"`,
          hint: 'write "A NEAR/5 B", e.g. near: "samenwerk* NEAR/5 gemeente*" (alternatives with OR), or {a: [..], b: [..], distance: 5}',
        });
        return undefined;
      }
      a = { [ruleLang]: p.a };
      b = { [ruleLang]: p.b };
      distance = p.distance;
    } else {
      const o = r.near as Raw;
      a = list(o.a, ruleLang);
      b = list(o.b, ruleLang);
      if (typeof o.distance === 'number') distance = o.distance;
    }
    return compact({ kind: 'near' as const, ...common, a: a ?? {}, b: b ?? {}, distance, stem: r.stem as boolean | undefined });
  }
  const terms = mergeLists(list(r.keywords, ruleLang), list(r.phrases, ruleLang)) ?? {};
  return compact({ kind: 'keywords' as const, ...common, terms, stem: r.stem as boolean | undefined });
}
