import { identityKey, spellingMarks } from '../model/name-identity.js';
import type { CodingsDocument, Coding, CodeRef, Source, Segment, LocalisedText, Diagnostic } from '../model/types.js';
import type { Codebook, CodeDef } from '../codebook/types.js';
import type { Report } from '../model/errors.js';
import { OffsetMap, cpLength, toLf } from '../model/codepoints.js';
import { escapeXml } from './escape.js';
import { refiGuid } from './refi-guid.js';
import { VERSION } from '../version.js';
import { QDAKIT_CODING_ATTRIBUTES_PREFIX, QDAKIT_CODING_EVIDENCE_PREFIX, type MemoNote } from '../model/refi.js';
import { isHumanCoder } from '../model/types.js';
import { QDAKIT_ID_PREFIX, QDAKIT_CODEBOOK_PREFIX, QDAKIT_NAME_PREFIX, QDAKIT_SOURCE_VARS, QDAKIT_LIST_SEPARATOR, QDAKIT_LINK_PREFIX, QDAKIT_LINK_RELATION_PREFIX, QDAKIT_LINK_VERDICT_PREFIX, QDAKIT_LINK_FROM_PREFIX, slugify, asciiSlug, type QdakitSourceVar } from '../model/refi.js';
import { resolveLinks } from '../coding/links.js';
import { formatQdcDescription, ownNameText } from '../codebook/parse-qdc.js';

/**
 * REFI-QDA project export (`.qdpx`): `project.qde` valid against Project.xsd
 * (QDA-XML 1.0) plus `sources/<guid>.txt` (UTF-8, LF, no BOM).
 *
 * Choices, following ../shared/refi-qda/INTEROP.md:
 * - every GUID is deterministic (name-based from the qdakit id), so the same
 *   codings give the same bytes;
 * - CRLF sources are written with LF and every offset is shifted (code points);
 * - one PlainTextSelection per distinct coded span and coder, one Coding per coding
 *   (creatingUser = the coder's User, on both), the selection's name is the quoted text;
 * - a coding's memo is its selection's Description (the standard's place, which QualCoder
 *   reads as the coding's memo; codings with different memos get selections of their own),
 *   and a Note the Coding refers to when the memo has an author or date of its own; a
 *   source's and a code's memos are dated Notes;
 * - cases get their common attributes; every source also carries its attributes
 *   and its case as VariableValues (QualCoder ignores Case/SourceRef);
 * - a code whose id is not the slug of its name gets a last description line
 *   `qdakit-id: <id>` so that `qda refi import` restores the id, and a code
 *   that belongs to a codebook a line `qdakit-codebook: <id>` (code ids are only
 *   unique within one codebook; `compare --ladder` needs to know which);
 * - what qdakit needs to segment a source again on import travels as variables of the
 *   TextSource (not of its Case): `qdakit-kind`, `qdakit-format`, `qdakit-language`,
 *   `qdakit-unit`, and the speaker labels by role `qdakit-interviewers`,
 *   `qdakit-observers`, `qdakit-speakers` (labels joined by "; "), so that
 *   `qda refi import` restores observation notes, configured interviewer names
 *   (e.g. a display name from a Teams export) and the turns.
 */

export interface RefiExportOptions {
  /** Project name (default: "qdakit project"). */
  readonly name?: string;
  /** ISO date-time used for creationDateTime attributes (default: the source's date attribute, else 1980-01-01T00:00:00Z). */
  readonly now?: string;
  /** Codebooks that supply names, definitions and colours of the codes. */
  readonly codebooks?: readonly Codebook[];
  /** Language of code names and descriptions (default en, falling back to nl). */
  readonly lang?: 'nl' | 'en';
  readonly report?: Report;
}

export interface RefiProjectFiles {
  /** project.qde text. */
  readonly xml: string;
  /** Archive entries besides project.qde: `sources/<guid>.txt` → text (LF). */
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  readonly counts: { readonly sources: number; readonly codes: number; readonly codings: number; readonly users: number; readonly notes: number; readonly cases: number; readonly codingMemos: number; readonly dataNotes: number };
}

export const DEFAULT_REFI_DATE = '1980-01-01T00:00:00Z';
// (shared with the reader, ingest/read-refi.ts)
export { QDAKIT_ID_PREFIX, QDAKIT_CODEBOOK_PREFIX, QDAKIT_SOURCE_VARS, QDAKIT_LIST_SEPARATOR, QDAKIT_LINK_PREFIX, QDAKIT_LINK_RELATION_PREFIX, QDAKIT_LINK_VERDICT_PREFIX, QDAKIT_LINK_FROM_PREFIX, slugify, type QdakitSourceVar } from '../model/refi.js';
/** The qdakit-* variables of one source: kind, format, language, unit and speaker labels by role (from its segments). */
export function qdakitSourceVars(s: Source, segments: readonly Segment[]): Partial<Record<QdakitSourceVar, string>> {
  const labels = (keep: (g: Segment) => boolean) => {
    const seen: string[] = [];
    for (const g of segments) if (g.speaker && keep(g) && !seen.includes(g.speaker)) seen.push(g.speaker);
    return seen.join(QDAKIT_LIST_SEPARATOR);
  };
  const out: Partial<Record<QdakitSourceVar, string>> = {
    'qdakit-kind': s.kind,
    'qdakit-format': s.format,
    ...(s.language ? { 'qdakit-language': s.language } : {}),
    ...(segments[0]?.unit ? { 'qdakit-unit': segments[0].unit } : {}),
  };
  const iv = labels((g) => g.role === 'interviewer');
  const ob = labels((g) => g.role === 'observer');
  const sp = labels(() => true);
  if (iv) out['qdakit-interviewers'] = iv;
  if (ob) out['qdakit-observers'] = ob;
  if (sp) out['qdakit-speakers'] = sp;
  return out;
}

function attr(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function localised(t: LocalisedText | undefined, lang: 'nl' | 'en'): string | undefined {
  if (!t) return undefined;
  return (lang === 'nl' ? t.nl ?? t.en : t.en ?? t.nl) || undefined;
}

function isoDate(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T00:00:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return s.length === 16 ? `${s}:00Z` : s;
  return undefined;
}

/** LF conversion with an offset map (kept here for the library's export list). */
export { toLf } from '../model/codepoints.js';

interface CodeNode {
  id: string;
  name: string;
  description?: string;
  color?: string;
  codable: boolean;
  parent?: string;
  /** The codebook the code belongs to (CodeRef.codebook, else the codebook that defines it). */
  codebook?: string;
  /** The code's own name, when `name` is qualified because another code has the same one. */
  own?: string;
  /** The code's memos (`meta.memos` of its definition, as `qda refi import` keeps them): Notes referred to from the Code. */
  memos?: string[];
  /** Who wrote each memo and when (`meta.memoNotes`, as `qda refi import` keeps them). */
  memoNotes?: MemoNote[];
  children: CodeNode[];
}

function buildCodeTree(doc: CodingsDocument, opts: RefiExportOptions, lang: 'nl' | 'en', warn: (d: Omit<Diagnostic, 'severity' | 'source'>) => void): CodeNode[] {
  const defs = new Map<string, CodeDef>();
  const bookOf = new Map<string, string>();
  for (const b of opts.codebooks ?? []) for (const c of b.codes) if (!defs.has(c.id)) {
    defs.set(c.id, c);
    bookOf.set(c.id, b.id);
  }
  const nodes = new Map<string, CodeNode>();
  const order: string[] = [];
  const add = (id: string, ref?: CodeRef, codable = true) => {
    if (nodes.has(id)) return;
    const def = defs.get(id);
    const name = localised(def?.name, lang) ?? localised(ref?.name, lang) ?? id;
    // the definition, then the codebook's criteria in the blocks a .qdc export writes (qda refi import reads them back;
    // they were left out: other programs' coders saw no inclusion or exclusion criteria, no examples)
    const lists = Object.fromEntries(
      (['include', 'exclude', 'indicators', 'examples'] as const).map((k) => {
        const list = def?.[k];
        return [k, (lang === 'nl' ? list?.nl ?? list?.en : list?.en ?? list?.nl) ?? []];
      }),
    );
    const definition = localised(def?.definition, lang) ?? localised(ref?.definition, lang);
    const description = formatQdcDescription(definition, lists, lang) || undefined;
    const color = def?.color && /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.test(def.color) ? def.color : undefined;
    const codebook = ref?.codebook ?? bookOf.get(id);
    const { memos, memoNotes } = memosWithNotes(def?.meta);
    // (a category the codebook marks not codable stays one: was written isCodable="true")
    nodes.set(id, { id, name, description, color, codable: codable && def?.codable !== false, parent: ref?.parent ?? def?.parent, ...(codebook ? { codebook } : {}), ...(memos.length ? { memos, memoNotes } : {}), children: [] });
    order.push(id);
  };
  for (const c of doc.codes) add(c.id, c);
  for (const b of opts.codebooks ?? []) for (const c of b.codes) if (doc.codings.some((k) => k.code === c.id) || doc.codes.length === 0) add(c.id, { id: c.id, parent: c.parent });
  for (const k of doc.codings) add(k.code);
  // parents that are not listed: non-codable categories
  for (let i = 0; i < order.length; i++) {
    const n = nodes.get(order[i])!;
    if (n.parent && !nodes.has(n.parent)) {
      const def = defs.get(n.parent);
      add(n.parent, def ? { id: def.id, parent: def.parent, name: def.name } : undefined, false);
    }
  }
  // unique names: QualCoder (and others) merge codes with equal names, so two codes that share a
  // name are qualified by their codebook ("Coördinatie (Hovik & Hanssen)"), and by their id if that is not enough
  const bookName = (id: string | undefined): string | undefined => {
    if (!id) return undefined;
    const full = (opts.codebooks ?? []).find((b) => b.id === id)?.name ?? doc.codebooks.find((b) => b.id === id)?.name;
    const name = localised(full, lang);
    return name?.includes(':') ? name.split(':')[0].trim() : id;
  };
  // (names that only look the same — `Trust ` and `Trust`, an accent in NFC and NFD, an invisible
  // character — are one name too: QualCoder showed two codes "Trust"; the told-apart name shows it plain)
  const byName = new Map<string, CodeNode[]>();
  for (const id of order) {
    const n = nodes.get(id)!;
    const k = identityKey(n.name).toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), n]);
  }
  const qualified: CodeNode[] = [];
  const alike: CodeNode[] = [];
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const looksAlike = new Set(same.map((n) => n.name.toLowerCase())).size > 1;
    for (const n of same) {
      n.own = n.name;
      n.name = `${identityKey(n.name) || n.name} (${bookName(n.codebook) ?? n.id})`;
      (looksAlike ? alike : qualified).push(n);
    }
    const again = new Map<string, number>();
    for (const n of same) again.set(n.name.toLowerCase(), (again.get(n.name.toLowerCase()) ?? 0) + 1);
    for (const n of same) if (again.get(n.name.toLowerCase())! > 1) n.name = `${n.name.replace(/\)$/, '')}, ${n.id})`;
  }
  // (said: the project shows other names than the codebook; the own name travels in the description)
  if (qualified.length) {
    const list = qualified.slice(0, 6).map((n) => `"${n.own}" (${n.id}) as "${n.name}"`);
    opts.report?.({
      severity: 'info',
      source: 'export',
      ruleId: 'code-names-qualified',
      message: `${qualified.length} codes share a name with another code, and REFI-QDA programs (QualCoder, …) merge codes of one name into one: written with what tells them apart: ${list.join(', ')}${qualified.length > 6 ? ', …' : ''}; qda refi import gives them their own names back`,
      hint: 'to keep the names as they are in other programs, give each code a name of its own in the codebook',
    });
  }
  if (alike.length) {
    const list = alike.slice(0, 6).map((n) => `"${n.own}" (${n.id}: ${spellingMarks(n.own!)}) as "${n.name}"`);
    opts.report?.({
      severity: 'warning',
      source: 'export',
      ruleId: 'code-names-look-alike',
      message: `${alike.length} codes have names that look the same but are written otherwise (a space before or after, an accent encoded otherwise (NFC, NFD), an invisible character), and REFI-QDA programs (QualCoder, …) would show them as codes of one name: written told apart: ${list.join(', ')}${alike.length > 6 ? ', …' : ''}; qda refi import gives them their own names back`,
      hint: 'if they are one code, merge them in the codebook (or map one onto the other: qda code --aliases); if not, give them names that differ in visible letters',
    });
  }
  const roots: CodeNode[] = [];
  for (const id of order) {
    const n = nodes.get(id)!;
    // break cycles: walk up; if we come back to n, make it a root
    let p = n.parent;
    let cyclic = false;
    const seen = new Set<string>([id]);
    while (p) {
      if (seen.has(p)) {
        cyclic = true;
        break;
      }
      seen.add(p);
      p = nodes.get(p)?.parent;
    }
    if (cyclic) {
      warn({ ruleId: 'code-cycle', message: `code "${id}" is its own ancestor; exported as a top-level code` });
      n.parent = undefined;
    }
    if (n.parent) nodes.get(n.parent)!.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/**
 * The lines of a coding's data Note: its own attributes, and its score and evidence (a rule's matched words
 * with their places moved onto the LF text, the rule, a model's features) when `qda refi import` would not
 * give them back by itself (a person's coding is score 1 without evidence).
 */
export function codingData(k: Coding, map: (o: number) => number): string[] {
  const lines: string[] = [];
  if (k.attributes && Object.keys(k.attributes).length) lines.push(`${QDAKIT_CODING_ATTRIBUTES_PREFIX}${JSON.stringify(k.attributes)}`);
  const scoreGiven = isHumanCoder(k.coder) ? k.score !== undefined && k.score !== 1 : k.score !== undefined;
  const ev = k.evidence && Object.keys(k.evidence).length ? { ...k.evidence, ...(k.evidence.matches ? { matches: k.evidence.matches.map((m) => ({ ...m, start: map(m.start), end: map(m.end) })) } : {}) } : undefined;
  if (scoreGiven || ev) lines.push(`${QDAKIT_CODING_EVIDENCE_PREFIX}${JSON.stringify({ ...(scoreGiven ? { score: k.score } : {}), ...(ev ? { evidence: ev } : {}) })}`);
  return lines;
}

/** A memo's author and dates as kept beside it; dates that are no xsd:dateTime are left out. */
function memoNote(v: unknown): MemoNote {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const o = v as Record<string, unknown>;
  const author = typeof o.author === 'string' && o.author.trim() ? o.author : undefined;
  const created = typeof o.created === 'string' ? isoDate(o.created) : undefined;
  const modified = typeof o.modified === 'string' ? isoDate(o.modified) : undefined;
  return { ...(author ? { author } : {}), ...(created ? { created } : {}), ...(modified ? { modified } : {}) };
}

/** The memos of a source or code (`meta.memos`, empty ones left out) and who wrote each when (`meta.memoNotes`), side by side. */
function memosWithNotes(meta: Readonly<Record<string, unknown>> | undefined): { memos: string[]; memoNotes?: MemoNote[] } {
  const raw = Array.isArray(meta?.memos) ? (meta.memos as unknown[]) : [];
  const who = Array.isArray(meta?.memoNotes) ? (meta.memoNotes as unknown[]) : [];
  const keep = raw.map((m, i) => ({ m, w: memoNote(who[i]) })).filter((x): x is { m: string; w: MemoNote } => typeof x.m === 'string' && x.m.trim() !== '');
  return { memos: keep.map((x) => x.m), ...(keep.some((x) => Object.keys(x.w).length) ? { memoNotes: keep.map((x) => x.w) } : {}) };
}

/**
 * The memos of the project, of a source's case and of its variables, as `qda refi import` keeps them in a source's
 * meta (`projectMemos`, `caseMemo`, `variableMemos`): those of several sources joined, each text once, in order.
 */
function joinedMeta(sources: readonly Source[], pick: (meta: Readonly<Record<string, unknown>>) => unknown): string | undefined {
  const seen: string[] = [];
  for (const s of sources) {
    if (!s.meta) continue;
    const v = pick(s.meta);
    for (const m of Array.isArray(v) ? v : [v]) if (typeof m === 'string' && m.trim() !== '' && !seen.includes(m)) seen.push(m);
  }
  return seen.length ? seen.join('\n\n') : undefined;
}
/** A variable's REFI-QDA type other than Text, as qda refi import keeps it in a source's meta (`variableTypes`). */
function variableType(meta: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const v = meta?.variableTypes;
  const t = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
  return typeof t === 'string' && t in VALUE_FITS ? t : undefined;
}
/** The values each REFI-QDA variable type holds (the XML Schema types of its value elements). */
const VALUE_FITS: Readonly<Record<string, RegExp>> = {
  Boolean: /^(true|false|1|0)$/,
  Integer: /^[+-]?\d+$/,
  Float: /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  Date: /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/,
  DateTime: /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
};
const variableMemo = (name: string) => (meta: Readonly<Record<string, unknown>>) => {
  const v = meta.variableMemos;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
};

/**
 * The line before a source's memo in its Description when it has several, or its author or dates:
 * `[memo 2 of 3, by "fem", created 2024-01-01T00:00:00Z, modified …]` (the author as a JSON string).
 */
export function memoHeading(k: number, n: number, w: MemoNote | undefined): string {
  return `[memo ${k} of ${n}${w?.author ? `, by ${JSON.stringify(w.author)}` : ''}${w?.created ? `, created ${w.created}` : ''}${w?.modified ? `, modified ${w.modified}` : ''}]`;
}

/** Who wrote the memos of a source's codings and when, by coding id (`meta.codingMemoNotes`). */
function codingMemoNotes(s: Source): Record<string, MemoNote> {
  const v = s.meta?.codingMemoNotes;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, w]) => [k, memoNote(w)]));
}

/**
 * What the codebooks give the project's codes that a REFI-QDA project has no place for (auto-coding
 * rules, aliases, meta other than memos, a code's source, relations): said in one line, as the .qdc
 * export says it (it was dropped without a word, and qda refi import gives the codes back without it).
 * An info when it is only the rules (no exchange format holds them), else a warning.
 */
function codebookPartsNotWritten(roots: readonly CodeNode[], opts: RefiExportOptions, report: (d: Diagnostic) => void): void {
  const ids = new Set<string>();
  const visit = (n: CodeNode) => {
    ids.add(n.id);
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  let rules = 0;
  const ruled = new Set<string>();
  const aliased: string[] = [];
  const meta = new Map<string, string[]>();
  const sourced: string[] = [];
  const relations: string[] = [];
  const seen = new Set<string>();
  for (const b of opts.codebooks ?? []) {
    let inProject = false;
    for (const c of b.codes) {
      if (!ids.has(c.id) || seen.has(c.id)) continue;
      seen.add(c.id);
      inProject = true;
      if (c.rules?.length) (rules += c.rules.length), ruled.add(c.id);
      if (c.aliases?.nl?.length || c.aliases?.en?.length) aliased.push(c.id);
      for (const k of Object.keys(c.meta ?? {})) if (k !== 'memos' && k !== 'memoNotes') (meta.get(k) ?? meta.set(k, []).get(k)!).push(c.id);
      if (c.source) sourced.push(c.id);
    }
    if (inProject && b.relations?.length) relations.push(`${b.relations.length} of ${b.id}`);
  }
  const list = (l: readonly string[]) => `${l.slice(0, 4).map((x) => `"${x}"`).join(', ')}${l.length > 4 ? `, … (${l.length})` : ''}`;
  const parts: string[] = [];
  if (aliased.length) parts.push(`the aliases of ${aliased.length} code${aliased.length === 1 ? '' : 's'} (${list(aliased)})`);
  if (meta.size) parts.push(`meta: ${[...meta].slice(0, 4).map(([k, l]) => `"${k}" of ${list(l)}`).join('; ')}${meta.size > 4 ? '; …' : ''}`);
  if (sourced.length) parts.push(`the source (citation) of ${sourced.length} code${sourced.length === 1 ? '' : 's'} (${list(sourced)})`);
  if (relations.length) parts.push(`the relations for links (${relations.join(', ')})`);
  const only = !parts.length;
  if (rules) parts.unshift(`the auto-coding rules (${rules} rule${rules === 1 ? '' : 's'} of ${ruled.size} code${ruled.size === 1 ? '' : 's'})`);
  if (!parts.length) return;
  report({
    severity: only ? 'info' : 'warning',
    source: 'export',
    ruleId: 'refi-drops-operationalisation',
    message: `a REFI-QDA project has no place for ${parts.join(', ')}; they are not in the .qdpx, and qda refi import gives the codes back without them`,
    hint: 'keep the codebook file beside the project (give it with -c after an import); a memo of a code goes into the project as meta.memos: a list of texts',
  });
}

/** Build project.qde and the source files (pure apart from sha1 for GUIDs). */
export function buildRefiProject(doc: CodingsDocument, opts: RefiExportOptions = {}): RefiProjectFiles {
  const lang = opts.lang ?? 'en';
  const report = opts.report ?? (() => {});
  const warn = (d: Omit<Diagnostic, 'severity' | 'source'>) => report({ severity: 'warning', source: 'export', ...d });
  const now = isoDate(opts.now);
  const out: string[] = [];
  const ind = (n: number) => '  '.repeat(n);
  // characters XML 1.0 cannot hold, even as a reference (C0 controls but tab and line ends, U+FFFE, U+FFFF): written as
  // their visible symbols (U+000C as ␌) and said with where and how many (escapeXml dropped them without a word)
  const controls = new Map<string, number>();
  const visible = (s: string, where?: string) =>
    // eslint-disable-next-line no-control-regex
    // (and half of a surrogate pair without its other half, which UTF-8 cannot hold: was written as U+FFFD without a word)
    s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
      if (where !== undefined) controls.set(where, (controls.get(where) ?? 0) + 1);
      const cp = c.charCodeAt(0);
      return cp < 0x20 ? String.fromCharCode(0x2400 + cp) : '\ufffd';
    });
  /** XML text / an attribute value, a control character written as its symbol and counted for `where`. */
  const xt = (s: string, where?: string) => escapeXml(visible(s, where));
  const xa = (s: string, where?: string) => attr(visible(s, where));

  // Users: one per coder (sorted).
  const coders = [...new Set(doc.codings.map((c) => c.coder))].sort();
  // (the authors of memos, as qda refi import keeps them, are users too: a Note names its author by a User's GUID)
  const authors = new Set<string>();
  for (const s of doc.sources) {
    for (const w of memosWithNotes(s.meta).memoNotes ?? []) if (w.author) authors.add(w.author);
    for (const w of Object.values(codingMemoNotes(s))) if (w.author) authors.add(w.author);
  }
  for (const b of opts.codebooks ?? []) for (const c of b.codes) for (const w of memosWithNotes(c.meta).memoNotes ?? []) if (w.author) authors.add(w.author);
  const users = [...new Set([...coders, ...authors])].sort();
  const userGuid = (c: string) => refiGuid('user', c);

  const roots = buildCodeTree(doc, opts, lang, warn);
  codebookPartsNotWritten(roots, opts, report);
  // one code id in two codebooks (`qda code -c a -c b`, both with "samenwerking"): REFI-QDA gets
  // one Code for the id (the first codebook's), and the codings of the other's rules are on it
  const booksOf = new Map<string, string[]>();
  for (const c of doc.codes) if (c.codebook) {
    const l = booksOf.get(c.id) ?? booksOf.set(c.id, []).get(c.id)!;
    if (!l.includes(c.codebook)) l.push(c.codebook);
  }
  const shared = [...booksOf].filter(([, l]) => l.length > 1);
  if (shared.length) {
    const ids = new Set(shared.map(([id]) => id));
    const moved = new Map<string, number>();
    for (const k of doc.codings) {
      const b = k.evidence?.codebook;
      if (!ids.has(k.code) || !b || b === booksOf.get(k.code)![0]) continue;
      moved.set(`${k.code}\u0000${b}`, (moved.get(`${k.code}\u0000${b}`) ?? 0) + 1);
    }
    const parts = shared.slice(0, 5).map(([id, l]) => {
      const n = l.slice(1).map((b) => `${moved.get(`${id}\u0000${b}`) ?? 0} of ${b}'s rules`).join(', ');
      return `"${id}" (${l.join(', ')}; written as ${l[0]}'s, with the codings of ${n} on it)`;
    });
    warn({
      ruleId: 'code-id-in-two-codebooks',
      message: `${shared.length === 1 ? 'a code id is' : `${shared.length} code ids are`} defined in two codebooks, and a REFI-QDA project has one Code per id: ${parts.join('; ')}${shared.length > 5 ? '; …' : ''}: other programs (and qda refi import) see one code`,
      hint: `give the code a new id in one of the codebooks (e.g. "${shared[0][1][1]}-${shared[0][0]}"), code again and export; or export each codebook's codings on their own`,
      actual: shared[0][0],
    });
  }
  // codings on a code the codebook marks not codable (a category): written on a Code with
  // isCodable="false", which other programs may refuse or leave out on import (said; kept as they are)
  const notCodable = new Map<string, number>();
  const walk = (ns: readonly CodeNode[]): void => {
    for (const n of ns) {
      if (!n.codable) notCodable.set(n.id, 0);
      walk(n.children);
    }
  };
  walk(roots);
  if (notCodable.size) {
    for (const k of doc.codings) if (notCodable.has(k.code)) notCodable.set(k.code, notCodable.get(k.code)! + 1);
    const on = [...notCodable].filter(([, n]) => n > 0);
    const total = on.reduce((t, [, n]) => t + n, 0);
    if (total) {
      warn({
        ruleId: 'coding-on-not-codable',
        message: `${total} coding${total === 1 ? ' is' : 's are'} on ${on.length === 1 ? 'a code' : `${on.length} codes`} the codebook marks not codable (a category: ${on.slice(0, 6).map(([id, n]) => `"${id}" ${n}×`).join(', ')}${on.length > 6 ? ', …' : ''}): written on a Code with isCodable="false", which other programs may refuse or leave out when they open the project`,
        hint: 'code a subcode instead, or make the code codable in the codebook (remove codable: false) before exporting',
        actual: on[0][0],
      });
    }
  }
  let codeCount = 0;
  /** Notes that carry only what REFI-QDA has no place for (attributes, evidence, scores). */
  let dataNotes = 0;
  /** Selections that carry a coding's memo in their Description. */
  let codingMemos = 0;
  const notes: Array<{ guid: string; name: string; text: string; where?: string; user?: string; date: string; modified?: string; selection?: { guid: string; start: number; end: number } }> = [];

  // Sources and cases.
  const sources = [...doc.sources];
  const known = new Set(sources.map((s) => s.id));
  // (one warning with the count per source and the first coding, not one line per coding)
  const unknownSources = new Map<string, { n: number; first: string }>();
  for (const k of doc.codings) {
    if (known.has(k.sourceId)) continue;
    const e = unknownSources.get(k.sourceId);
    if (e) e.n++;
    else unknownSources.set(k.sourceId, { n: 1, first: k.id });
  }
  if (unknownSources.size) {
    const list = [...unknownSources];
    const n = list.reduce((t, [, e]) => t + e.n, 0);
    warn({
      ruleId: 'unknown-source',
      message: `${n} coding(s) refer to ${list.length} source(s) that the codings document does not contain, and are not in the project (a REFI-QDA coding needs its source's text): ${list
        .slice(0, 8)
        .map(([id, e]) => `"${id}" (${e.n} coding${e.n === 1 ? '' : 's'}, the first ${e.first})`)
        .join(', ')}${list.length > 8 ? `, … (+${list.length - 8})` : ''}`,
      hint: 'export from a codings document that holds these sources (code them with qda code), or correct the codings\' source ids',
    });
  }
  const qdakitVars = new Set<string>(QDAKIT_SOURCE_VARS);
  const varNames = [...new Set(sources.flatMap((s) => Object.keys(s.attributes ?? {})))].filter((n) => n !== 'case' && !qdakitVars.has(n)).sort();
  // a variable's type (Integer, Float, Boolean, Date, DateTime), as qda refi import keeps it in the sources' meta
  // (`variableTypes`): written back when every value fits it (a numeric attribute came back from
  // QualCoder as a text one, without a word); else Text, said
  const varTypes = new Map<string, string>();
  const typeNotKept: string[] = [];
  for (const n of varNames) {
    const having = sources.filter((s) => (s.attributes?.[n] ?? '') !== '');
    const types = new Set(having.map((s) => variableType(s.meta, n) ?? 'Text'));
    const typed = [...types].filter((t) => t !== 'Text');
    if (!typed.length) continue;
    if (types.size > 1) {
      typeNotKept.push(`"${n}": ${typed.join(' and ')} in the project it came from, but ${types.has('Text') ? `not for ${having.filter((s) => (variableType(s.meta, n) ?? 'Text') === 'Text').length} source(s) given since` : 'more than one type'}`);
      continue;
    }
    const bad = having.find((s) => !VALUE_FITS[typed[0]]!.test(s.attributes![n]));
    if (bad) typeNotKept.push(`"${n}": ${typed[0]}, but source "${bad.id}" has ${JSON.stringify(bad.attributes![n])}`);
    else varTypes.set(n, typed[0]);
  }
  if (typeNotKept.length) {
    warn({
      ruleId: 'variable-type-not-kept',
      message: `${typeNotKept.length} variable${typeNotKept.length === 1 ? ' is' : 's are'} written as Text, not with the type ${typeNotKept.length === 1 ? 'it' : 'they'} came with (other programs then sort and count ${typeNotKept.length === 1 ? 'it' : 'them'} as text): ${typeNotKept.slice(0, 5).join('; ')}${typeNotKept.length > 5 ? '; …' : ''}`,
      hint: 'give every value of the variable the form of its type (a whole number, a decimal with a point, true/false, a date as 2024-03-05) in cases.csv',
    });
  }
  /** A variable's value as a VariableValue element of its type. */
  const valueEl = (v: string, val: string, where?: string) => {
    const t = varTypes.get(v);
    const el = t ? `${t}Value` : 'TextValue';
    return `<VariableValue><VariableRef targetGUID="${varGuid(v)}"/><${el}>${xt(val, where)}</${el}></VariableValue>`;
  };
  const segsOf = new Map<string, Segment[]>();
  for (const g of doc.segments ?? []) {
    let l = segsOf.get(g.sourceId);
    if (!l) segsOf.set(g.sourceId, (l = []));
    l.push(g);
  }
  for (const l of segsOf.values()) l.sort((a, b) => a.start - b.start || a.index - b.index);
  const sourceVars = new Map(sources.map((s) => [s.id, qdakitSourceVars(s, segsOf.get(s.id) ?? [])]));
  const usedQdakitVars = QDAKIT_SOURCE_VARS.filter((v) => sources.some((s) => sourceVars.get(s.id)![v] !== undefined));
  const CASE_VAR = 'case';
  const varGuid = (n: string) => refiGuid('variable', n);
  const cases = new Map<string, Source[]>();
  for (const s of sources) {
    const c = s.case || s.id;
    if (!cases.has(c)) cases.set(c, []);
    cases.get(c)!.push(s);
  }
  const caseNames = [...cases.keys()].sort();

  out.push('<?xml version="1.0" encoding="utf-8"?>');
  const projectAttrs = [
    `xmlns="urn:QDA-XML:project:1.0"`,
    `name="${xa(opts.name ?? 'qdakit project', 'the project\'s name')}"`,
    `origin="${attr(`qdakit ${VERSION}`)}"`,
    ...(coders.length ? [`creatingUserGUID="${userGuid(coders[0])}"`] : []),
    ...(now ? [`creationDateTime="${now}"`] : []),
  ];
  out.push(`<Project ${projectAttrs.join(' ')}>`);

  if (users.length) {
    out.push(`${ind(1)}<Users>`);
    for (const c of users) out.push(`${ind(2)}<User guid="${userGuid(c)}" name="${xa(c, `the name of coder "${c}"`)}" id="${xa(c)}"/>`);
    out.push(`${ind(1)}</Users>`);
  }

  if (roots.length) {
    out.push(`${ind(1)}<CodeBook>`);
    out.push(`${ind(2)}<Codes>`);
    const writeCode = (n: CodeNode, depth: number) => {
      codeCount++;
      const a = `guid="${refiGuid('code', n.id)}" name="${xa(n.name, `the name of code "${n.id}"`)}" isCodable="${n.codable}"${n.color ? ` color="${n.color}"` : ''}`;
      let desc = n.description ?? '';
      // a code's memos: after its definition in its Description, each after a line "[memo 1 of 2, by "fem", created …]"
      // that qda refi import reads them apart by, where QualCoder reads a code's memo (they were Notes the Code referred
      // to, which QualCoder does not show: dropped there without a word)
      const codeMemos = n.memos ?? [];
      if (codeMemos.length) {
        const body = codeMemos.map((m, i) => `${memoHeading(i + 1, codeMemos.length, n.memoNotes?.[i])}\n${m}`).join('\n\n');
        desc = desc ? `${desc}\n\n${body}` : body;
      }
      // (the id, unless the name gives it both by the slug of today and by the one qdakit read its own projects with before)
      if (slugify(n.name) !== n.id || asciiSlug(n.name) !== n.id) desc = desc ? `${desc}\n${QDAKIT_ID_PREFIX}${n.id}` : `${QDAKIT_ID_PREFIX}${n.id}`;
      if (n.codebook) desc = desc ? `${desc}\n${QDAKIT_CODEBOOK_PREFIX}${n.codebook}` : `${QDAKIT_CODEBOOK_PREFIX}${n.codebook}`;
      if (n.own !== undefined) desc = desc ? `${desc}\n${QDAKIT_NAME_PREFIX}${ownNameText(n.own)}` : `${QDAKIT_NAME_PREFIX}${ownNameText(n.own)}`;
      if (!desc && n.children.length === 0 && !n.memos) {
        out.push(`${ind(depth)}<Code ${a}/>`);
        return;
      }
      out.push(`${ind(depth)}<Code ${a}>`);
      if (desc) out.push(`${ind(depth + 1)}<Description>${xt(desc, `the description of code "${n.id}"`)}</Description>`);
      for (const ch of n.children) writeCode(ch, depth + 1);
      out.push(`${ind(depth)}</Code>`);
    };
    for (const r of roots) writeCode(r, 3);
    out.push(`${ind(2)}</Codes>`);
    out.push(`${ind(1)}</CodeBook>`);
  }

  if (sources.length) {
    out.push(`${ind(1)}<Variables>`);
    for (const n of [CASE_VAR, ...varNames, ...usedQdakitVars]) {
      // (a variable's memo, as qda refi import keeps it: its Description; was dropped on import)
      const memo = varNames.includes(n) ? joinedMeta(sources, variableMemo(n)) : undefined;
      const el = `${ind(2)}<Variable guid="${varGuid(n)}" name="${xa(n, `the name of variable "${n}"`)}" typeOfVariable="${varTypes.get(n) ?? 'Text'}"`;
      if (memo === undefined) out.push(`${el}/>`);
      else out.push(`${el}>`, `${ind(3)}<Description>${xt(memo, `the memo of variable "${n}"`)}</Description>`, `${ind(2)}</Variable>`);
    }
    out.push(`${ind(1)}</Variables>`);

    out.push(`${ind(1)}<Cases>`);
    for (const c of caseNames) {
      const members = cases.get(c)!;
      out.push(`${ind(2)}<Case guid="${refiGuid('case', c)}" name="${xa(c, `the name of case "${c}"`)}">`);
      // (the case's memo, as qda refi import keeps it on its sources: its Description; was dropped on import)
      const caseMemo = joinedMeta(members, (m) => m.caseMemo);
      if (caseMemo !== undefined) out.push(`${ind(3)}<Description>${xt(caseMemo, `the memo of case "${c}"`)}</Description>`);
      for (const v of varNames) {
        const vals = new Set(members.map((s) => s.attributes?.[v]));
        if (vals.size === 1) {
          const val = [...vals][0];
          if (val !== undefined && val !== '') out.push(`${ind(3)}${valueEl(v, val, `the value of "${v}" of case "${c}"`)}`);
        }
      }
      for (const s of members) out.push(`${ind(3)}<SourceRef targetGUID="${refiGuid('source', s.id)}"/>`);
      out.push(`${ind(2)}</Case>`);
    }
    out.push(`${ind(1)}</Cases>`);
  }

  const files: Array<{ path: string; text: string }> = [];
  let codingCount = 0;
  const codingGuid = new Map<Coding, string>();
  if (sources.length) {
    out.push(`${ind(1)}<Sources>`);
    for (const s of sources) {
      const guid = refiGuid('source', s.id);
      const { text, map } = toLf(s.text ?? '');
      const len = cpLength(s.text ?? '');
      if (!s.text) warn({ ruleId: 'no-source-text', message: `source "${s.id}" has no text in the codings document; its codings are skipped`, file: s.path, hint: 'export from the sources (qda refi export <files> -c …) or from the JSON written by `qda code`' });
      files.push({ path: `sources/${guid}.txt`, text });
      const date = now ?? isoDate(s.attributes?.date) ?? DEFAULT_REFI_DATE;
      const om = new OffsetMap(text);
      // group codings by span, coder and memo: QualCoder takes a coding's coder from its selection (not
      // from the Coding) and keeps one coding per code, passage and coder, so the codings of two
      // coders on one passage in one selection were one coder's, and those of the same code lost; a
      // coding's memo is its selection's Description (where the standard and QualCoder put it), which
      // holds for every coding of the selection, so codings with another memo (or none) have their own
      const spans = new Map<string, { start: number; end: number; coder: string; memo: string; order: number; guidKey: string; codings: Coding[] }>();
      const firstCoderOfSpan = new Map<string, string>();
      const groupsOfCoder = new Map<string, number>();
      const sameCoding = new Map<string, Coding[]>();
      for (const k of doc.codings) {
        if (k.sourceId !== s.id) continue;
        if (!s.text) continue;
        if (!(Number.isInteger(k.start) && Number.isInteger(k.end) && k.start >= 0 && k.end >= k.start && k.end <= len)) {
          warn({ ruleId: 'bad-offsets', message: `coding ${k.id} has offsets [${k.start}, ${k.end}) outside source "${s.id}" (length ${len}); skipped`, file: s.path });
          continue;
        }
        const start = map(k.start);
        const end = map(k.end);
        const span = `${start}:${end}`;
        const memo = k.memo ?? '';
        const key = `${span}:${k.coder}\u0000${memo}`;
        if (!firstCoderOfSpan.has(span)) firstCoderOfSpan.set(span, k.coder);
        // (the first coder's first selection keeps the GUID it had when a passage was one selection)
        if (!spans.has(key)) {
          const n = groupsOfCoder.get(`${span}:${k.coder}`) ?? 0;
          groupsOfCoder.set(`${span}:${k.coder}`, n + 1);
          const guidKey = `${s.id}:${span}${firstCoderOfSpan.get(span) === k.coder ? '' : `:${k.coder}`}${n ? `#${n}` : ''}`;
          spans.set(key, { start, end, coder: k.coder, memo, order: spans.size, guidKey, codings: [] });
        }
        spans.get(key)!.codings.push(k);
        const same = `${span}:${k.coder}\u0000${k.code}`;
        (sameCoding.get(same) ?? sameCoding.set(same, []).get(same)!).push(k);
      }
      const repeated = [...sameCoding.values()].filter((l) => l.length > 1);
      if (repeated.length) {
        const extra = repeated.reduce((n, l) => n + l.length - 1, 0);
        const list = repeated.slice(0, 5).map((l) => `"${l[0].code}" by ${l[0].coder} at ${l[0].start}–${l[0].end} (${l.length}×)`);
        warn({
          ruleId: 'repeated-coding',
          message: `source "${s.id}": ${extra} coding(s) repeat the code, passage and coder of another coding: ${list.join('; ')}${repeated.length > 5 ? `; and ${repeated.length - 5} more` : ''}; all are exported, but QualCoder keeps one coding per code, passage and coder (the first, with its memo)`,
          file: s.path,
          hint: 'if they are one coding, keep one (and join the memos) in the codings before exporting',
        });
      }
      const sorted = [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
      const attrs = [`guid="${guid}"`, `name="${xa(s.id, `the name of source "${s.id}"`)}"`, `plainTextPath="internal://${guid}.txt"`];
      out.push(`${ind(2)}<TextSource ${attrs.join(' ')}>`);
      // the source's memos (as qda refi import keeps them) in its Description, where QualCoder and other programs read a
      // source's memo: several, or one with its author or dates, each after a line "[memo 2 of 3, by "fem", created …]"
      // that qda refi import reads them apart by. They were each also a Note the TextSource listed, so that programs
      // other than QualCoder showed every memo twice (in the Description and as a note of the source).
      const { memos: sourceMemos, memoNotes: sourceMemoNotes } = memosWithNotes(s.meta);
      if (sourceMemos.length) {
        const headed = sourceMemos.length > 1 || sourceMemoNotes !== undefined;
        const body = headed ? sourceMemos.map((m, i) => `${memoHeading(i + 1, sourceMemos.length, sourceMemoNotes?.[i])}\n${m}`).join('\n\n') : sourceMemos[0];
        out.push(`${ind(3)}<Description>${xt(body, `the memo${sourceMemos.length > 1 ? 's' : ''} of source "${s.id}"`)}</Description>`);
      }
      const seenCoding = new Map<string, number>();
      for (const sp of sorted) {
        // (a control character XML cannot hold, as the form feed of a page break in a PDF's text, is a space in the
        // quote: it was dropped, and the quote no longer matched its passage on import: selection-mismatch)
        // eslint-disable-next-line no-control-regex
        const quote = om.slice(sp.start, sp.end).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ' ');
        out.push(
          `${ind(3)}<PlainTextSelection guid="${refiGuid('selection', sp.guidKey)}" name="${attr(quote)}" startPosition="${sp.start}" endPosition="${sp.end}" creatingUser="${userGuid(sp.coder)}" creationDateTime="${date}">`,
        );
        // the memo of its codings: the selection's Description, which QualCoder reads as the memo of each of its
        // codings and other programs as the coded passage's memo (was a QualCoder annotation: a Note the TextSource
        // listed, that other programs showed as a memo of the whole source)
        if (sp.memo) {
          out.push(`${ind(4)}<Description>${xt(sp.memo, `the memo of coding ${sp.codings[0].id}`)}</Description>`);
          codingMemos++;
        }
        for (const k of sp.codings) {
          codingCount++;
          const n = seenCoding.get(k.id) ?? 0;
          seenCoding.set(k.id, n + 1);
          const cg = refiGuid('coding', n ? `${k.id}#${n}` : k.id);
          codingGuid.set(k, cg);
          out.push(`${ind(4)}<Coding guid="${cg}" creatingUser="${userGuid(k.coder)}" creationDateTime="${date}">`);
          out.push(`${ind(5)}<CodeRef targetGUID="${refiGuid('code', k.code)}"/>`);
          // who wrote the memo and when, where that is not the coder and the coding's date: a Note the Coding refers
          // to, with the memo's text (the Description has neither author nor date); qda refi import reads the memo once
          const who = k.memo ? codingMemoNotes(s)[k.id] : undefined;
          if (k.memo && who && Object.keys(who).length) {
            const ng = refiGuid('note', cg);
            notes.push({ guid: ng, name: `Memo: ${k.code} (${s.id} ${sp.start}-${sp.end})`, text: k.memo, user: userGuid(who.author ?? k.coder), date: who.created ?? date, ...(who.modified ? { modified: who.modified } : {}) });
            out.push(`${ind(5)}<NoteRef targetGUID="${ng}"/>`);
          }
          // what REFI-QDA has no place for — the coding's own attributes (a codings table's extra columns), a rule's
          // or model's evidence (matched words, rule, features) and score — in a Note of its own that only the Coding
          // refers to (QualCoder shows none of it; qda refi import reads it back). The attributes were on the last
          // line of the memo (QualCoder showed "qdakit-attributes: {…}" as an annotation), the evidence and scores
          // were left out without a word.
          const data = codingData(k, map);
          if (data.length) {
            const ng = refiGuid('note-data', cg);
            notes.push({ guid: ng, name: `qdakit data: ${k.code} (${s.id} ${sp.start}-${sp.end})`, text: data.join('\n'), where: `the attributes or evidence of coding ${k.id}`, user: userGuid(k.coder), date });
            dataNotes++;
            out.push(`${ind(5)}<NoteRef targetGUID="${ng}"/>`);
          }
          out.push(`${ind(4)}</Coding>`);
        }
        out.push(`${ind(3)}</PlainTextSelection>`);
      }
      out.push(`${ind(3)}<VariableValue><VariableRef targetGUID="${varGuid(CASE_VAR)}"/><TextValue>${xt(s.case || s.id, `the case of source "${s.id}"`)}</TextValue></VariableValue>`);
      for (const v of varNames) {
        const val = s.attributes?.[v];
        if (val !== undefined && val !== '') out.push(`${ind(3)}${valueEl(v, val, `the value of "${v}" of source "${s.id}"`)}`);
      }
      const qv = sourceVars.get(s.id)!;
      for (const v of usedQdakitVars) {
        const val = qv[v];
        if (val !== undefined && val !== '') out.push(`${ind(3)}<VariableValue><VariableRef targetGUID="${varGuid(v)}"/><TextValue>${xt(val)}</TextValue></VariableValue>`);
      }
      out.push(`${ind(2)}</TextSource>`);
    }
    out.push(`${ind(1)}</Sources>`);
  }

  // links between codings: a Link from the origin's Coding to the target's, with a Note that
  // carries what REFI-QDA has no attribute for (the target's label, the verdict, the origin's label)
  const links = refiLinks(doc, codingGuid, warn);
  for (const l of links) notes.push({ guid: l.noteGuid, name: l.noteName, text: l.noteText, date: now ?? DEFAULT_REFI_DATE });

  if (notes.length) {
    out.push(`${ind(1)}<Notes>`);
    for (const n of notes) {
      out.push(`${ind(2)}<Note guid="${n.guid}" name="${xa(n.name)}"${n.user ? ` creatingUser="${n.user}"` : ''} creationDateTime="${n.date}" modifiedDateTime="${n.modified ?? n.date}">`);
      out.push(`${ind(3)}<PlainTextContent>${xt(n.text, n.where)}</PlainTextContent>`);
      if (n.selection) out.push(`${ind(3)}<PlainTextSelection guid="${n.selection.guid}" startPosition="${n.selection.start}" endPosition="${n.selection.end}"${n.user ? ` creatingUser="${n.user}"` : ''} creationDateTime="${n.date}"/>`);
      out.push(`${ind(2)}</Note>`);
    }
    out.push(`${ind(1)}</Notes>`);
  }
  if (links.length) {
    out.push(`${ind(1)}<Links>`);
    for (const l of links) {
      out.push(`${ind(2)}<Link guid="${l.guid}" name="${xa(l.name)}" direction="OneWay" originGUID="${l.origin}"${l.target ? ` targetGUID="${l.target}"` : ''}>`);
      out.push(`${ind(3)}<NoteRef targetGUID="${l.noteGuid}"/>`);
      out.push(`${ind(2)}</Link>`);
    }
    out.push(`${ind(1)}</Links>`);
  }
  // the project's memo, as qda refi import keeps it on every source: its Description (was dropped on import)
  const projectMemo = joinedMeta(sources, (m) => m.projectMemos);
  if (projectMemo !== undefined) out.push(`${ind(1)}<Description>${xt(projectMemo, 'the memo of the project')}</Description>`);
  out.push('</Project>');
  if (controls.size) {
    const total = [...controls.values()].reduce((a, b) => a + b, 0);
    const list = [...controls].slice(0, 5).map(([where, n]) => `${n} in ${visible(where)}`);
    warn({
      ruleId: 'control-characters',
      message: `${total} control character(s) that XML cannot hold (not even as &#…;) are written as their visible symbols (U+000C as ␌, U+0007 as ␇, …; U+FFFE, U+FFFF and half a surrogate pair as �): ${list.join('; ')}${controls.size > 5 ? `; and in ${controls.size - 5} more place(s)` : ''}; qda refi import reads the symbols back as they are. The source texts (sources/*.txt) keep theirs`,
      hint: 'they are mostly page breaks or stray bytes from a PDF or Word file: remove them from those memos and names before exporting if they do not belong there',
    });
  }
  return {
    xml: out.join('\n') + '\n',
    files,
    counts: { sources: sources.length, codes: codeCount, codings: codingCount, users: users.length, notes: notes.length, cases: caseNames.length, codingMemos, dataNotes },
  };
}

/** Lines of a link's Note that `qda refi import` reads back. */

interface RefiLink {
  guid: string;
  name: string;
  origin: string;
  target?: string;
  noteGuid: string;
  noteName: string;
  noteText: string;
}

/**
 * One Link per link and target passage (the first Coding of each passage stands for it);
 * a dangling link is a Link without targetGUID. Labels of passages no link points to have
 * no place in REFI-QDA and are reported.
 */
function refiLinks(doc: CodingsDocument, codingGuid: ReadonlyMap<Coding, string>, warn: (d: Omit<Diagnostic, 'severity' | 'source'>) => void): RefiLink[] {
  if (!doc.codings.some((c) => c.ref !== undefined || c.links?.length)) return [];
  const res = resolveLinks(doc);
  const out: RefiLink[] = [];
  const targeted = new Set<string>();
  let skipped = 0;
  for (const r of res.links) {
    // every Coding of the origin passage gets the Link (a marker over several segments made several)
    const origins = r.from.codings.map((c) => codingGuid.get(c)).filter((g): g is string => g !== undefined);
    if (!origins.length) {
      skipped++;
      continue;
    }
    targeted.add(r.link.to);
    const targets = r.to.length ? r.to.map((p) => p.codings.map((c) => codingGuid.get(c)).find((g) => g !== undefined)) : [undefined];
    for (const origin of origins) {
      targets.forEach((target, i) => {
        const key = `${origin}>${r.link.to}>${r.link.relation ?? ''}>${r.link.verdict ?? ''}>${i}`;
        const guid = refiGuid('link', key);
        const relation = r.link.relation ?? '';
        const lines = [
          `${relation || 'link'}${r.link.verdict ? ` (${r.link.verdict})` : ''}: ${r.from.code} → #${r.link.to}${r.to[i] ? ` (${r.to[i].code})` : ' (no such coding)'}`,
          `${QDAKIT_LINK_PREFIX}${r.link.to}`,
          ...(relation ? [`${QDAKIT_LINK_RELATION_PREFIX}${relation}`] : []),
          ...(r.link.verdict ? [`${QDAKIT_LINK_VERDICT_PREFIX}${r.link.verdict}`] : []),
          ...(r.from.ref !== undefined ? [`${QDAKIT_LINK_FROM_PREFIX}${r.from.ref}`] : []),
        ];
        out.push({ guid, name: relation || 'link', origin, ...(target ? { target } : {}), noteGuid: refiGuid('note', guid), noteName: `Link: ${lines[0]}`, noteText: lines.join('\n') });
      });
    }
  }
  if (skipped) warn({ ruleId: 'link-not-exported', message: `${skipped} link(s) start at codings that are not in the project (unknown source or offsets); not exported` });
  const lost = [...res.byRef.keys()].filter((ref) => !targeted.has(ref) && !res.passages.some((p) => p.ref === ref && p.links.length));
  if (lost.length) warn({ ruleId: 'label-not-exported', message: `${lost.length} coding label(s) that no link points to have no place in REFI-QDA and are not exported: ${lost.slice(0, 5).map((x) => `#${x}`).join(', ')}${lost.length > 5 ? ', …' : ''}`, hint: 'labels matter only as link targets; keep the codings JSON for them' });
  return out;
}

/** Fixed entry time: the DOS epoch, so the same project gives the same bytes. */
export const ZIP_MTIME = new Date(Date.UTC(1980, 0, 1, 12, 0, 0));

/** Zip project.qde and sources/ into .qdpx bytes (deterministic). */
export async function zipRefiProject(project: RefiProjectFiles): Promise<Uint8Array> {
  const { zipSync, strToU8 } = await import('fflate');
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  const opt = { mtime: ZIP_MTIME, level: 6 as const };
  entries['project.qde'] = [strToU8(project.xml), opt];
  for (const f of [...project.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) entries[f.path] = [strToU8(f.text), opt];
  return zipSync(entries);
}
