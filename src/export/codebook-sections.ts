import type { Lang } from '../model/types.js';
import type { Codebook, MetaValue } from '../codebook/types.js';
import { localise, localiseList, nameCodeReferences } from '../codebook/localise.js';
import { codeTree, flattenTree } from '../codebook/tree.js';

/** The fixed columns of a codebook appendix table. */
export type BaseColumn = 'code' | 'level' | 'definition' | 'include' | 'exclude' | 'indicators' | 'examples' | 'source';
/** A column: a fixed one, or a path into the codes' `meta` (`meta.items.coaches`). */
export type AppendixColumn = BaseColumn | `meta.${string}`;

export const BASE_COLUMNS: readonly BaseColumn[] = ['code', 'level', 'definition', 'include', 'exclude', 'indicators', 'examples', 'source'];

export interface AppendixRow {
  readonly id: string;
  readonly name: string;
  /** 0 = the category itself. */
  readonly depth: number;
  readonly parent?: string;
  readonly level?: number;
  readonly definition: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly indicators: readonly string[];
  readonly examples: readonly string[];
  /** The code's short citation ('' when none). */
  readonly source: string;
  readonly meta?: Readonly<Record<string, MetaValue>>;
}

export interface AppendixSection {
  /** Title of the table (the top-level category, or the codebook for a flat codebook). */
  readonly title: string;
  readonly id?: string;
  readonly rows: readonly AppendixRow[];
}

export interface CodebookAppendix {
  readonly lang: Lang;
  readonly title: string;
  readonly description: string;
  readonly reference?: string;
  readonly version?: string;
  readonly columns: readonly AppendixColumn[];
  readonly labels: Readonly<Record<string, string>> & { readonly codebook: string; readonly reference: string; readonly version: string; readonly category: string };
  readonly sections: readonly AppendixSection[];
}

export interface AppendixOptions {
  /**
   * The columns, in order, as `qda codebook export --columns` takes them: fixed names
   * (code, level, definition, include, exclude, indicators, examples, source) and meta
   * paths (`meta.items.coaches`), each optionally with a label: `meta.items.coaches=Coaches`.
   * Default: the fixed columns that have content, then every meta path.
   */
  readonly columns?: readonly string[];
}

/** What a cell shows: its lines, and whether they are list items (bulleted) or plain lines. */
export interface CellContent {
  readonly lines: readonly string[];
  readonly bullets: boolean;
}

/**
 * A codebook text (a definition, a criterion, an example, the description) as its lines, the line
 * breaks and blank lines between paragraphs kept as written (an empty string for a blank line);
 * white space at the ends of the text and of its lines left out, at most one blank line in a row.
 * Every codebook export writes these lines as lines (they were joined into one paragraph by the
 * HTML, LaTeX and Word exports).
 */
export function textLines(s: string): string[] {
  const t = s.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return t ? t.split('\n') : [];
}

/** A codebook text as paragraphs (apart by blank lines), each as its lines. */
export function textParagraphs(s: string): string[][] {
  const out: string[][] = [[]];
  for (const l of textLines(s)) {
    if (l === '') out.push([]);
    else out[out.length - 1].push(l);
  }
  return out.filter((p) => p.length);
}

/** A meta value as text: scalars as written, a list of scalars joined by ", ", a map as "key: value" lines. */
export function metaLines(v: MetaValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object') return [String(v)];
  if (Array.isArray(v)) {
    const list = v as readonly MetaValue[];
    return list.every((x) => x === null || typeof x !== 'object') ? [list.filter((x) => x !== null).map(String).join(', ')].filter(Boolean) : list.map((x) => metaInline(x));
  }
  return Object.entries(v as Record<string, MetaValue>).map(([k, x]) => `${k}: ${metaInline(x)}`);
}

function metaInline(v: MetaValue): string {
  if (v === null) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return (v as readonly MetaValue[]).map(metaInline).join(', ');
  return Object.entries(v as Record<string, MetaValue>).map(([k, x]) => `${k}: ${metaInline(x)}`).join('; ');
}

/** The value at a dotted path (`items.coaches`) in a code's meta. */
export function metaAt(meta: Readonly<Record<string, MetaValue>> | undefined, path: string): MetaValue | undefined {
  let cur: MetaValue | undefined = meta as MetaValue | undefined;
  for (const k of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, MetaValue>)[k];
  }
  return cur;
}

const isMap = (v: MetaValue | undefined): v is Readonly<Record<string, MetaValue>> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The meta paths of a codebook, as default columns: maps are opened down to their
 * leaves (`items: {coaches: [..], organisaties: [..]}` gives `items.coaches` and
 * `items.organisaties`), unless the same key holds a plain value in another code.
 * Order of first appearance.
 */
export function metaPaths(codes: ReadonlyArray<{ readonly meta?: Readonly<Record<string, MetaValue>> }>): string[] {
  const leaf = new Set<string>();
  const order: string[] = [];
  const seen = new Set<string>();
  const walk = (prefix: string, v: MetaValue | undefined) => {
    if (!seen.has(prefix)) {
      seen.add(prefix);
      order.push(prefix);
    }
    if (isMap(v) && Object.keys(v).length) for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x);
    else leaf.add(prefix);
  };
  for (const c of codes) for (const [k, v] of Object.entries(c.meta ?? {})) walk(k, v);
  // a path that is a leaf somewhere is a column; paths below it are not
  const cols = order.filter((p) => leaf.has(p) && !order.some((q) => q !== p && leaf.has(q) && p.startsWith(q + '.')));
  return cols;
}

const LABELS = {
  nl: { code: 'Code', level: 'Niveau', definition: 'Definitie', include: 'Inclusiecriteria', exclude: 'Exclusiecriteria', indicators: 'Indicatoren', examples: 'Voorbeelden', source: 'Herkomst', codebook: 'Codeboek', reference: 'Bron', version: 'Versie', category: 'Categorie' },
  en: { code: 'Code', level: 'Level', definition: 'Definition', include: 'Inclusion criteria', exclude: 'Exclusion criteria', indicators: 'Indicators', examples: 'Examples', source: 'Source', codebook: 'Codebook', reference: 'Reference', version: 'Version', category: 'Category' },
} as const;

/**
 * The appendix layout shared by every codebook export: one section (table) per
 * top-level category with the category and its descendants in tree order; a
 * codebook without hierarchy is one table. Columns that are empty for every
 * code are left out (code and definition always stay; level only for ladders).
 */
export function codebookAppendix(book: Codebook, lang: Lang, opts: AppendixOptions = {}): CodebookAppendix {
  const tree = codeTree(book);
  const toRow = (n: ReturnType<typeof flattenTree>[number]): AppendixRow => ({
    id: n.code.id,
    name: localise(n.code.name, lang) || n.code.id,
    depth: n.depth,
    ...(n.code.parent !== undefined ? { parent: n.code.parent } : {}),
    ...(n.code.level !== undefined ? { level: n.code.level } : {}),
    definition: nameCodeReferences(localise(n.code.definition, lang), book.codes, lang),
    include: localiseList(n.code.include, lang).map((x) => nameCodeReferences(x, book.codes, lang)),
    exclude: localiseList(n.code.exclude, lang).map((x) => nameCodeReferences(x, book.codes, lang)),
    indicators: localiseList(n.code.indicators, lang),
    examples: localiseList(n.code.examples, lang),
    source: n.code.source ?? '',
    ...(n.code.meta ? { meta: n.code.meta } : {}),
  });
  const hierarchical = tree.some((n) => n.children.length > 0);
  const title = localise(book.name, lang) || book.id;
  const sections: AppendixSection[] = hierarchical
    ? tree.map((n) => ({ title: localise(n.code.name, lang) || n.code.id, id: n.code.id, rows: flattenTree([n]).map(toRow) }))
    : [{ title, rows: flattenTree(tree).map(toRow) }];
  const all = sections.flatMap((s) => s.rows);
  const labels: Record<string, string> = { ...LABELS[lang] };
  let columns: AppendixColumn[];
  if (opts.columns) {
    columns = [];
    for (const spec of opts.columns) {
      const c = parseColumnSpec(spec);
      columns.push(c.column);
      if (c.label !== undefined) labels[c.column] = c.label;
      else if (c.column.startsWith('meta.')) labels[c.column] = metaLabel(c.column);
    }
  } else {
    columns = ['code'];
    if (book.ladder || all.some((r) => r.level !== undefined)) columns.push('level');
    columns.push('definition');
    for (const k of ['include', 'exclude', 'indicators', 'examples'] as const) if (all.some((r) => r[k].length)) columns.push(k);
    if (all.some((r) => r.source)) columns.push('source');
    for (const p of metaPaths(book.codes)) {
      columns.push(`meta.${p}`);
      labels[`meta.${p}`] = metaLabel(`meta.${p}`);
    }
  }
  return {
    lang,
    title,
    description: localise(book.description, lang),
    ...(book.reference ? { reference: book.reference } : {}),
    ...(book.version ? { version: book.version } : {}),
    columns,
    labels: labels as CodebookAppendix['labels'],
    sections,
  };
}

/** Default label of a meta column: the path without `meta.`, levels joined by ": " (`items: coaches`). */
function metaLabel(column: string): string {
  return column.slice('meta.'.length).split('.').join(': ');
}

/** `meta.items.coaches=Vragenlijst coaches` → column and label (syntax only; names are checked by checkColumns). */
export function parseColumnSpec(spec: string): { column: AppendixColumn; label?: string } {
  const eq = spec.indexOf('=');
  const name = (eq >= 0 ? spec.slice(0, eq) : spec).trim();
  const label = eq >= 0 ? spec.slice(eq + 1).trim() : undefined;
  return { column: name as AppendixColumn, ...(label ? { label } : {}) };
}

/**
 * Check `--columns` names against a codebook: every fixed name, and every meta path
 * some code has. Returns the unknown names with did-you-mean candidates.
 */
export function checkColumns(book: Codebook, specs: readonly string[]): Array<{ name: string; known: string[] }> {
  const paths = new Set<string>();
  const walk = (prefix: string, v: MetaValue | undefined) => {
    paths.add(prefix);
    if (isMap(v)) for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x);
  };
  for (const c of book.codes) for (const [k, v] of Object.entries(c.meta ?? {})) walk(`meta.${k}`, v);
  const known = [...BASE_COLUMNS, ...paths];
  const bad: Array<{ name: string; known: string[] }> = [];
  for (const s of specs) {
    const { column } = parseColumnSpec(s);
    if (!(BASE_COLUMNS as readonly string[]).includes(column) && !paths.has(column)) bad.push({ name: column, known });
  }
  return bad;
}

/** The content of one cell: list columns as bulleted items, meta values as lines. */
export function cellContent(r: AppendixRow, c: AppendixColumn): CellContent {
  switch (c) {
    case 'code':
      return { lines: [r.name, r.id], bullets: false };
    case 'level':
      return { lines: r.level === undefined ? [] : [String(r.level)], bullets: false };
    case 'definition':
      return { lines: r.definition ? [r.definition] : [], bullets: false };
    case 'source':
      return { lines: r.source ? [r.source] : [], bullets: false };
    case 'include':
    case 'exclude':
    case 'indicators':
    case 'examples':
      return { lines: r[c], bullets: true };
    default:
      return { lines: metaLines(metaAt(r.meta, c.slice('meta.'.length))), bullets: false };
  }
}
