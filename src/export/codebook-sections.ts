import type { Lang } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { localise, localiseList } from '../codebook/localise.js';
import { codeTree, flattenTree } from '../codebook/tree.js';

/** The columns of a codebook appendix table. */
export type AppendixColumn = 'code' | 'level' | 'definition' | 'include' | 'exclude' | 'indicators' | 'examples';

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
  readonly labels: Readonly<Record<AppendixColumn, string>> & { readonly codebook: string; readonly reference: string; readonly version: string; readonly category: string };
  readonly sections: readonly AppendixSection[];
}

const LABELS = {
  nl: { code: 'Code', level: 'Niveau', definition: 'Definitie', include: 'Inclusiecriteria', exclude: 'Exclusiecriteria', indicators: 'Indicatoren', examples: 'Voorbeelden', codebook: 'Codeboek', reference: 'Bron', version: 'Versie', category: 'Categorie' },
  en: { code: 'Code', level: 'Level', definition: 'Definition', include: 'Inclusion criteria', exclude: 'Exclusion criteria', indicators: 'Indicators', examples: 'Examples', codebook: 'Codebook', reference: 'Reference', version: 'Version', category: 'Category' },
} as const;

/**
 * The appendix layout shared by every codebook export: one section (table) per
 * top-level category with the category and its descendants in tree order; a
 * codebook without hierarchy is one table. Columns that are empty for every
 * code are left out (code and definition always stay; level only for ladders).
 */
export function codebookAppendix(book: Codebook, lang: Lang): CodebookAppendix {
  const tree = codeTree(book);
  const toRow = (n: ReturnType<typeof flattenTree>[number]): AppendixRow => ({
    id: n.code.id,
    name: localise(n.code.name, lang) || n.code.id,
    depth: n.depth,
    ...(n.code.parent !== undefined ? { parent: n.code.parent } : {}),
    ...(n.code.level !== undefined ? { level: n.code.level } : {}),
    definition: localise(n.code.definition, lang),
    include: localiseList(n.code.include, lang),
    exclude: localiseList(n.code.exclude, lang),
    indicators: localiseList(n.code.indicators, lang),
    examples: localiseList(n.code.examples, lang),
  });
  const hierarchical = tree.some((n) => n.children.length > 0);
  const title = localise(book.name, lang) || book.id;
  const sections: AppendixSection[] = hierarchical
    ? tree.map((n) => ({ title: localise(n.code.name, lang) || n.code.id, id: n.code.id, rows: flattenTree([n]).map(toRow) }))
    : [{ title, rows: flattenTree(tree).map(toRow) }];
  const all = sections.flatMap((s) => s.rows);
  const columns: AppendixColumn[] = ['code'];
  if (book.ladder || all.some((r) => r.level !== undefined)) columns.push('level');
  columns.push('definition');
  for (const k of ['include', 'exclude', 'indicators', 'examples'] as const) if (all.some((r) => r[k].length)) columns.push(k);
  return {
    lang,
    title,
    description: localise(book.description, lang),
    ...(book.reference ? { reference: book.reference } : {}),
    ...(book.version ? { version: book.version } : {}),
    columns,
    labels: LABELS[lang],
    sections,
  };
}
