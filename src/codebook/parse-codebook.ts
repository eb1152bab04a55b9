import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, visit, isPair, isSeq, isScalar, type Document } from 'yaml';
import type { Diagnostic, Lang } from '../model/types.js';
import { QdaInputError, type Report } from '../model/errors.js';
import type { Codebook } from './types.js';
import { CODEBOOK_SCHEMA } from './schema.js';
import { didYouMean } from '../model/did-you-mean.js';
import { lineStartsOf, placeAt, yamlLocator, type Locator } from './locate.js';
import { normaliseCodebook } from './normalise-codebook.js';
import { validateCodebook } from './validate-codebook.js';
import { parseQdc } from './parse-qdc.js';
import { pushAll } from '../model/arrays.js';
import { duplicateJsonKeys } from '../model/json-keys.js';

export type CodebookFormat = 'yaml' | 'json' | 'qdc';

export interface ParseCodebookOptions {
  /** Shown in diagnostics; its extension picks the format when `format` is absent. */
  readonly file: string;
  readonly format?: CodebookFormat;
  /** Warnings go here (errors are thrown by parseCodebook). */
  readonly report?: Report;
  /** For .qdc: the id and language of the imported codebook. */
  readonly id?: string;
  readonly language?: Lang;
}

export interface ParsedCodebook {
  /** Absent when the input could not be read at all (malformed, schema errors). */
  readonly book?: Codebook;
  /** Every problem found, errors first by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Refuse codebook files larger than this (characters). */
export const MAX_CODEBOOK_CHARS = 20 * 1024 * 1024;

const MINIMAL_EXAMPLE = 'a codebook looks like:\n    id: my-codebook\n    codes:\n      - id: trust\n        name: {nl: Vertrouwen, en: Trust}';

export function detectCodebookFormat(file: string, text: string): CodebookFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'qdc' || ext === 'xml' || ext === 'qde') return 'qdc';
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'qdc';
  if (head.startsWith('{')) return 'json';
  return 'yaml';
}

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, logger: false });
    validator = ajv.compile(CODEBOOK_SCHEMA);
  }
  return validator;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

type SchemaNode = { description?: string; properties?: Record<string, { description?: string }>; enum?: unknown[] };

/** Collapse ajv's anyOf noise: when the value's type fits exactly one branch, keep that branch's errors only. */
function reduceErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  const anyOfs = list.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  // deepest first, so that inner anyOfs are resolved before outer ones
  anyOfs.sort((a, b) => b.instancePath.length - a.instancePath.length || b.schemaPath.length - a.schemaPath.length);
  for (const ao of anyOfs) {
    if (!list.includes(ao)) continue;
    const prefix = ao.schemaPath + '/';
    const inBranch = (e: ErrorObject) => e !== ao && e.schemaPath.startsWith(prefix) && (e.instancePath === ao.instancePath || e.instancePath.startsWith(ao.instancePath + '/'));
    const branchErrs = list.filter(inBranch);
    const n = ((ao.parentSchema as { anyOf?: unknown[]; oneOf?: unknown[] })?.anyOf ?? (ao.parentSchema as { oneOf?: unknown[] })?.oneOf ?? []).length;
    const typeFails = new Set(branchErrs.filter((e) => e.keyword === 'type' && e.instancePath === ao.instancePath).map((e) => Number(e.schemaPath.slice(prefix.length).split('/')[0])));
    const fitting = [...Array(n).keys()].filter((b) => !typeFails.has(b));
    if (fitting.length === 1) {
      const keep = branchErrs.filter((e) => Number(e.schemaPath.slice(prefix.length).split('/')[0]) === fitting[0]);
      list = list.filter((e) => e !== ao && (!inBranch(e) || keep.includes(e)));
    } else {
      list = list.filter((e) => !inBranch(e));
    }
  }
  return list;
}

function schemaDiagnostics(errors: readonly ErrorObject[], file: string, locate: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of reduceErrors(errors)) {
    // a bad key under `meta` gives a `pattern` error on the key and a `propertyNames` error: report it once
    if (e.keyword === 'pattern' && (e as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
    const ps = (e.parentSchema ?? {}) as SchemaNode;
    let path = e.instancePath || '/';
    let message: string;
    let hint = ps.description ? `expected ${ps.description}` : 'see schemas/codebook.schema.json';
    let expected: string[] | undefined;
    let key = false;
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = String((e.params as { additionalProperty: string }).additionalProperty);
        path = `${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        key = true;
        const allowed = Object.keys(ps.properties ?? {});
        expected = didYouMean(prop, allowed);
        message = `unknown field "${prop}"`;
        hint = expected.length ? `did you mean "${expected[0]}"? Allowed here: ${allowed.join(', ')}` : `allowed here: ${allowed.join(', ')}`;
        if (!expected.length) expected = undefined;
        break;
      }
      case 'required': {
        const prop = String((e.params as { missingProperty: string }).missingProperty);
        message = `missing required field "${prop}"`;
        const d = ps.properties?.[prop]?.description;
        hint = d ? `add ${prop}: ${d}` : `add "${prop}"`;
        if (!e.instancePath) hint += `; ${MINIMAL_EXAMPLE}`;
        break;
      }
      case 'type':
        message = `must be ${String((e.params as { type: string | string[] }).type).replace(',', ' or ')}, not ${typeName(e.data)}`;
        break;
      case 'anyOf':
      case 'oneOf':
        message = `has the wrong form (${typeName(e.data)})`;
        break;
      case 'pattern':
        message = /\/id$/.test(path) || path === '/id' ? `${typeName(e.data)} is not a valid id` : `${typeName(e.data)} is not valid here`;
        break;
      case 'propertyNames': {
        const prop = String((e.params as { propertyName?: string }).propertyName ?? '');
        path = `${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        key = true;
        message = `is not an allowed key (${typeName(prop)})`;
        hint = 'keys of `meta` are letters, digits, `_` and `-` (no dots or spaces), e.g. items, instrument, status';
        break;
      }
      case 'enum': {
        const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
        message = `${typeName(e.data)} is not one of ${allowed.join(', ')}`;
        expected = didYouMean(String(e.data), allowed);
        if (!expected.length) expected = allowed;
        break;
      }
      default:
        message = `${e.message ?? 'is invalid'}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${typeName(e.data)})` : ''}`;
    }
    const dedupe = `${path}\u0000${message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const place = locate(path, { key });
    out.push({
      severity: 'error',
      source: 'codebook',
      ruleId: 'schema',
      file,
      ...(place ? { line: place.line, column: place.column } : {}),
      path,
      message: `${path === '/' ? 'the codebook' : path} ${message}`,
      hint,
      ...(expected ? { expected } : {}),
    });
  }
  return out;
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank[a.d.severity] - rank[b.d.severity] || (a.d.line ?? 1e12) - (b.d.line ?? 1e12) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.i - b.i)
    .map((x) => x.d);
}

/**
 * Parse and validate a codebook (YAML, JSON or REFI-QDA .qdc) into the
 * normalised model, collecting every problem as a diagnostic (never throws for
 * bad input). `book` is present when the input was readable; it may still have
 * semantic errors (duplicate ids, cycles, unsafe regexes) in `diagnostics`.
 */
export function parseCodebookWithDiagnostics(text: string, opts: ParseCodebookOptions): ParsedCodebook {
  const file = opts.file;
  const fail = (ruleId: string, message: string, hint: string, extra: Partial<Diagnostic> = {}): ParsedCodebook => ({
    diagnostics: [{ severity: 'error', source: 'codebook', ruleId, file, message, hint, ...extra }],
  });
  if (text.length > MAX_CODEBOOK_CHARS) {
    return fail('codebook-too-large', `codebook is ${(text.length / 1048576).toFixed(1)} MB; at most ${MAX_CODEBOOK_CHARS / 1048576} MB is read`, 'split it into several codebooks (use -c more than once), or remove example text');
  }
  const format = opts.format ?? detectCodebookFormat(file, text);
  if (format === 'qdc') {
    const r = parseQdc(text, { file, id: opts.id, language: opts.language });
    if (!r.book) return { diagnostics: sortDiagnostics(r.diagnostics) };
    return { book: r.book, diagnostics: sortDiagnostics([...r.diagnostics, ...validateCodebook(r.book, { file })]) };
  }
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return fail('empty-codebook', 'the codebook file is empty', MINIMAL_EXAMPLE);

  let raw: unknown;
  let locate: Locator;
  let commentCuts: Diagnostic[] = [];
  if (format === 'json') {
    try {
      raw = JSON.parse(body);
    } catch (err) {
      const msg = (err as Error).message;
      const m = /position (\d+)/.exec(msg);
      const pos = m ? Number(m[1]) : body.length;
      const place = placeAt(body, lineStartsOf(body), Math.min(pos, body.length));
      return fail('malformed-json', `malformed JSON: ${msg.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`, 'check for a missing comma or quote, or a trailing comma before } or ] (JSON allows none)', { line: place.line, column: place.column, offset: place.offset });
    }
    // JSON.parse keeps the last of two equal keys silently: a second `codes` or `rules` would drop the first
    const dups = duplicateJsonKeys(body);
    if (dups.length) {
      const place = placeAt(body, lineStartsOf(body), dups[0].offset);
      return fail('duplicate-key', `the key "${dups[0].key}" appears twice in one object${dups.length > 1 ? ` (and ${dups.length - 1} more duplicate key${dups.length > 2 ? 's' : ''} after it)` : ''}; JSON would keep only the last one`, 'each field may appear once per object: remove or rename the second one (merge their contents if both are needed)', { line: place.line, column: place.column, offset: place.offset });
    }
    let lazy: Locator | undefined;
    locate = (path, o) => {
      if (!lazy) {
        const lc = new LineCounter();
        const doc = parseDocument(body, { lineCounter: lc, uniqueKeys: false });
        lazy = yamlLocator(doc, lc, body);
      }
      return lazy(path, o);
    };
    // "version": 1.10 is the number 1.1 to JSON.parse: the version as written (the number's own text)
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && typeof (raw as Record<string, unknown>).version === 'number') {
      const v = parseDocument(body, { uniqueKeys: false }).get('version', true);
      if (isScalar(v) && v.range) (raw as Record<string, unknown>).version = body.slice(v.range[0], v.range[1]);
    }
  } else {
    const lc = new LineCounter();
    const doc = parseDocument(body, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const place = placeAt(body, lc.lineStarts, e.pos[0]);
      const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more problem${doc.errors.length > 2 ? 's' : ''} after it)` : '';
      const hints: Record<string, string> = {
        DUPLICATE_KEY: 'each field may appear once per map: remove or rename the second one',
        BAD_INDENT: 'indent nested items consistently with spaces (not tabs), e.g. two spaces per level',
        TAB_AS_INDENT: 'use spaces, not tabs, for indentation',
        MISSING_CHAR: 'a list item needs "- " in front, and brackets/quotes must be closed',
        MULTIPLE_DOCS: 'a codebook file holds one YAML document: remove the extra "---"',
        BLOCK_AS_IMPLICIT_KEY: 'a text that contains ": " (colon and space) must be quoted, e.g. definition: "Aim: shared goals"',
        MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; a text that contains ": " must be quoted',
      };
      return fail('malformed-yaml', `malformed YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${more}`, hints[e.code] ?? 'check indentation (spaces), colons after keys, and closing quotes/brackets', { line: place.line, column: place.column, offset: place.offset });
    }
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      return fail('malformed-yaml', `malformed YAML: ${(err as Error).message}`, 'avoid deeply nested aliases (&anchor / *alias)');
    }
    locate = yamlLocator(doc, lc, body);
    commentCuts = textsCutByComments(doc, body, lc, file);
    // version: 1.10 is the number 1.1 to YAML: the version as written
    const v = doc.get('version', true);
    if (isScalar(v) && typeof v.value === 'number' && v.range && raw && typeof raw === 'object' && !Array.isArray(raw)) (raw as Record<string, unknown>).version = body.slice(v.range[0], v.range[1]);
  }

  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('schema', `the codebook must be a map with "id" and "codes", not ${typeName(raw)}`, MINIMAL_EXAMPLE, { path: '/', line: 1, column: 1 });
  }
  const validate = schemaValidator();
  if (!validate(raw)) {
    return { diagnostics: sortDiagnostics(schemaDiagnostics(validate.errors ?? [], file, locate)) };
  }
  const diags: Diagnostic[] = [];
  const book = normaliseCodebook(raw as Record<string, unknown>, diags, file);
  for (let i = 0; i < diags.length; i++) {
    const place = diags[i].path ? locate(diags[i].path!) : undefined;
    if (place) diags[i] = { ...diags[i], line: place.line, column: place.column };
  }
  pushAll(diags, validateCodebook(book, { file, locate }));
  pushAll(diags, commentCuts);
  return { book, diagnostics: sortDiagnostics(diags) };
}

/** Fields whose values are names or settings, where a comment after the value is only a comment. */
const NOT_TEXT_KEYS = new Set(['id', 'parent', 'codebook', 'lang', 'language', 'unit', 'roles', 'color', '$schema', 'version', 'level', 'weight', 'min', 'minMatches', 'distance', 'stem', 'negation', 'codable', 'ladder']);

/**
 * Texts that YAML ends at a ` #` on their line: `definition: Gebruik bij #1 prioriteit` is read as
 * "Gebruik bij", the rest a comment, and the codebook is valid. A warning per text (its place, what
 * was read and what was taken as a comment), unless the field is an id or a setting.
 */
function textsCutByComments(doc: Document, body: string, lc: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.comment || !node.range) return;
      const after = body.slice(node.range[1], node.range[2]);
      const m = /^[ \t]+#/.exec(after);
      if (!m) return;
      const pointer: string[] = [];
      let field: string | undefined;
      for (let i = 0; i < path.length; i++) {
        const p = path[i];
        const next = i + 1 < path.length ? path[i + 1] : node;
        if (isPair(p)) {
          const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
          pointer.push(k.replace(/~/g, '~0').replace(/\//g, '~1'));
          if (k !== 'nl' && k !== 'en') field = k;
        } else if (isSeq(p)) pointer.push(String(p.items.indexOf(next as never)));
      }
      if (field === undefined || NOT_TEXT_KEYS.has(field)) return;
      const comment = after.slice(m[0].length - 1).split(/\r?\n/)[0].trimEnd();
      const pos = lc.linePos(node.range[1] + m[0].length - 1);
      out.push({
        severity: 'warning',
        source: 'codebook',
        ruleId: 'text-cut-by-comment',
        file,
        line: pos.line,
        column: pos.col,
        path: '/' + pointer.join('/'),
        message: `${field}: YAML reads a " #" as the start of a comment, so this text is read as "${node.value}" and "${comment.length > 60 ? comment.slice(0, 60) + '…' : comment}" is left out`,
        hint: `put the whole text in quotes to keep it (${field}: "${node.value} ${comment.length > 30 ? comment.slice(0, 30) + '…' : comment}"), or put a comment on a line of its own`,
      });
    },
  });
  return out;
}

/**
 * Parse a codebook (YAML, JSON or REFI-QDA .qdc) into the normalised model.
 * Throws a QdaInputError listing every error (with file, line:column, JSON
 * path and a hint); warnings go to `opts.report`.
 */
export function parseCodebook(text: string, opts: ParseCodebookOptions): Codebook {
  const r = parseCodebookWithDiagnostics(text, opts);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r.book) throw new QdaInputError(errors.length ? errors : r.diagnostics);
  if (opts.report) for (const d of r.diagnostics) opts.report(d);
  return r.book;
}

export { duplicateJsonKeys } from '../model/json-keys.js';

