import type { CodeRef, CodebookRef, CodingsDocument, Lang } from '../model/types.js';
import { naturalCompare } from './prepare.js';
import { inputError } from '../model/errors.js';

/**
 * The code tree of a codings document (pure). Codes come in codebook order,
 * depth first; codes used in codings but absent from `doc.codes` are appended
 * as top-level codes in natural order, and so are parents that are not codes of
 * their own. A parent cycle is refused (exit 2), never broken in silence.
 */
export interface CodeNode {
  readonly id: string;
  readonly ref: CodeRef;
  readonly parent?: string;
  readonly depth: number;
  /** Top-level ancestor (the "category"). */
  readonly root: string;
  /** The code itself and all its ancestors, nearest first. */
  readonly selfAndAncestors: readonly string[];
}

export interface CodeTree {
  readonly nodes: readonly CodeNode[];
  readonly byId: ReadonlyMap<string, CodeNode>;
}

export function buildCodeTree(codes: readonly CodeRef[], usedIds: Iterable<string> = []): CodeTree {
  const refs = new Map<string, CodeRef>();
  for (const c of codes) if (!refs.has(c.id)) refs.set(c.id, c);
  const extra = [...new Set(usedIds)].filter((id) => !refs.has(id)).sort(naturalCompare);
  for (const id of extra) refs.set(id, { id });
  // a parent that is not a code of its own (a codings document's code table that lost it) is
  // added as a code by its id, so that its children's roll-up stays visible instead of vanishing
  const missingParents = [...new Set([...refs.values()].flatMap((r) => (r.parent && !refs.has(r.parent) ? [r.parent] : [])))].sort(naturalCompare);
  for (const id of missingParents) refs.set(id, { id });

  const parentOf = new Map<string, string | undefined>();
  for (const [id, ref] of refs) parentOf.set(id, ref.parent || undefined);
  // a code that is its own ancestor has no place in any roll-up: refused, never broken in silence
  const cycles: string[] = [];
  const done = new Set<string>();
  for (const id of refs.keys()) {
    const path: string[] = [];
    let cur: string | undefined = id;
    while (cur !== undefined && !done.has(cur) && !path.includes(cur)) {
      path.push(cur);
      cur = parentOf.get(cur);
    }
    if (cur !== undefined && path.includes(cur)) {
      const loop = path.slice(path.indexOf(cur));
      cycles.push(loop.length === 1 ? `"${cur}" is its own parent` : [...loop, cur].map((x) => `"${x}"`).join(' → '));
    }
    for (const x of path) done.add(x);
  }
  if (cycles.length) {
    throw inputError('analysis', 'code-parent-cycle', `the codes' parents form a cycle (${cycles.join('; ')}): a code cannot count its own ancestor, so no roll-up can be made`, {
      hint: 'correct the "parent" of one code in the cycle (in the codings document: codes[].parent; in a CSV: the parent column or code path), or code the sources again with a codebook (qda codebook validate finds cycles)',
    });
  }
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const id of refs.keys()) {
    const p = parentOf.get(id);
    if (p === undefined) roots.push(id);
    else {
      let list = children.get(p);
      if (!list) children.set(p, (list = []));
      list.push(id);
    }
  }
  const nodes: CodeNode[] = [];
  const byId = new Map<string, CodeNode>();
  const visit = (id: string, depth: number, chain: readonly string[], root: string) => {
    const selfAndAncestors = [id, ...chain];
    const node: CodeNode = { id, ref: refs.get(id)!, parent: parentOf.get(id), depth, root, selfAndAncestors };
    nodes.push(node);
    byId.set(id, node);
    for (const k of children.get(id) ?? []) visit(k, depth + 1, selfAndAncestors, root);
  };
  for (const r of roots) visit(r, 0, [], r);
  return { nodes, byId };
}

/** The code's name in `lang`, else in the other language, else its id. */
export function codeName(ref: CodeRef | undefined, id: string, lang: Lang): string {
  const n = ref?.name;
  return (lang === 'nl' ? n?.nl ?? n?.en : n?.en ?? n?.nl) || id;
}

/** Label with indentation by depth (`· ` per level) for tables. */
export function indentedName(node: CodeNode, lang: Lang): string {
  return '· '.repeat(node.depth) + codeName(node.ref, node.id, lang);
}

/** Code ids that two or more codebooks of the document define, with those codebooks (sorted). */
export function sharedCodeIds(codes: readonly CodeRef[]): Array<{ readonly code: string; readonly codebooks: readonly string[] }> {
  const by = new Map<string, Set<string>>();
  for (const c of codes) {
    if (!c.codebook) continue;
    let s = by.get(c.id);
    if (!s) by.set(c.id, (s = new Set()));
    s.add(c.codebook);
  }
  return [...by]
    .filter(([, s]) => s.size > 1)
    .map(([code, s]) => ({ code, codebooks: [...s].sort(naturalCompare) }))
    .sort((a, b) => naturalCompare(a.code, b.code));
}

/** A table note for shared code ids (their codings are counted in one row), or none. */
export function sharedCodeIdsNote(codes: readonly CodeRef[], lang: Lang): string[] {
  const shared = sharedCodeIds(codes);
  if (!shared.length) return [];
  const list = shared.map((s) => `"${s.code}" (${s.codebooks.join(', ')})`).join('; ');
  return [
    lang === 'nl'
      ? `Let op: deze code-id's komen in meer dan één codeboek voor; hun coderingen staan samen in één rij: ${list}. Geef de code in uw eigen codeboek een andere id om ze te scheiden.`
      : `Note: these code ids are defined in more than one codebook; their codings are counted together in one row: ${list}. Give the code in your own codebook another id to keep them apart.`,
  ];
}

/** A codebook's short name for qualifying a code: its name in `lang` up to a colon ("Hovik & Hanssen"), else its id. */
export function codebookShortName(books: readonly CodebookRef[], id: string | undefined, lang: Lang): string | undefined {
  if (!id) return undefined;
  const n = books.find((b) => b.id === id)?.name;
  const full = lang === 'nl' ? n?.nl ?? n?.en : n?.en ?? n?.nl;
  return full?.includes(':') ? full.split(':')[0].trim() : id;
}

/**
 * Display names that are unique within a document: codes of different codebooks that share a name
 * in a language (two codebooks that both have "Coördinatie") are shown qualified by their codebook — "Coördinatie
 * (Hovik & Hanssen)"; codes of one codebook that share a name under different parents ("Overig"
 * under both Samenwerking and Vertrouwen) by their parent — "Overig (Samenwerking)", "Overig
 * (Vertrouwen)" (a top-level one keeps its plain name); and by their id when that is not enough.
 * Only the names in that language change; ids, codings and everything else are untouched. Returns
 * the same document when every name is unique. Every table, heat map, skeleton sentence, report and
 * appendix takes its labels from here.
 */
export function uniqueCodeNames(doc: CodingsDocument): CodingsDocument {
  let codes: CodeRef[] | undefined;
  const key = (c: { readonly codebook?: string; readonly id: string }) => `${c.codebook ?? ''}\u0000${c.id}`;
  const byKey = new Map<string, CodeRef>();
  for (const c of doc.codes) if (!byKey.has(key(c))) byKey.set(key(c), c);
  const parentOf = (c: CodeRef): CodeRef | undefined => (c.parent ? byKey.get(key({ codebook: c.codebook, id: c.parent })) ?? doc.codes.find((x) => x.id === c.parent) : undefined);
  for (const lang of ['nl', 'en'] as const) {
    // (grouped by the names as they were: a name qualified in one language is not the other's fallback)
    const cur = doc.codes;
    const quals = cur.map(() => [] as string[]);
    const parentQual: Array<number | undefined> = cur.map(() => undefined);
    const shown = (i: number) => `${codeName(cur[i], cur[i].id, lang)}${quals[i].length ? ` (${quals[i].join(', ')})` : ''}`;
    const clashes = () => {
      const groups = new Map<string, number[]>();
      cur.forEach((_, i) => {
        const k = shown(i).toLowerCase();
        groups.set(k, [...(groups.get(k) ?? []), i]);
      });
      return [...groups.values()].filter((idx) => idx.length >= 2 && new Set(idx.map((i) => key(cur[i]))).size >= 2);
    };
    // 1. codes of different codebooks: qualified by their codebook; a code of no codebook (a hand
    //    code, a CSV's own) says so, rather than repeating its id
    for (const idx of clashes()) {
      if (new Set(idx.map((i) => cur[i].codebook)).size < 2) continue;
      for (const i of idx) quals[i].push(cur[i].codebook ? codebookShortName(doc.codebooks, cur[i].codebook, lang) ?? cur[i].id : lang === 'nl' ? 'geen codeboek' : 'no codebook');
    }
    // 2. codes that still share a name (of one codebook, under different parents): qualified by
    //    their parent's name; a top-level one keeps its name
    for (const idx of clashes()) {
      for (const i of idx) {
        const p = parentOf(cur[i]);
        const pname = p ? codeName(p, p.id, lang) : cur[i].parent;
        if (pname) parentQual[i] = quals[i].push(pname) - 1;
      }
    }
    // 3. what still clashes (two top-level codes of a name, two under one parent): by id (a code
    //    without a name already shows its id: "overlap" and "Overlap" stay as they are)
    for (const idx of clashes()) for (const i of idx) if (codeName(cur[i], cur[i].id, lang) !== cur[i].id) quals[i].push(cur[i].id);
    cur.forEach((c, i) => {
      if (!quals[i].length) return;
      codes ??= [...doc.codes];
      const before = codes[i];
      codes[i] = { ...before, name: { ...(before.name ?? {}), [lang]: shown(i) } };
      const rest = quals[i].filter((_, k) => k !== parentQual[i]);
      besideParent.set(codes[i], { ...besideParent.get(before), [lang]: `${codeName(c, c.id, lang)}${rest.length ? ` (${rest.join(', ')})` : ''}` });
    });
  }
  return codes ? { ...doc, codes } : doc;
}

/** The names uniqueCodeNames gave without the parent's name, for a code shown beside its parent (by the code objects it made). */
const besideParent = new WeakMap<CodeRef, { nl?: string; en?: string }>();

/**
 * A code's name for a place that shows its parent beside it (the label and sub-label columns of a
 * labelschema): as `codeName`, without the parent's name uniqueCodeNames added ("Zoekend", not
 * "Zoekend (Overlap)" under "Overlap"); other qualifiers (codebook, id) stay.
 */
export function codeNameBesideParent(ref: CodeRef | undefined, id: string, lang: Lang): string {
  const b = ref ? besideParent.get(ref) : undefined;
  return b?.[lang] ?? codeName(ref, id, lang);
}

/** Codebooks whose code names follow a document's unique names (see uniqueCodeNames): a qualified name replaces the plain one. */
export function withUniqueNames<B extends { readonly id: string; readonly codes: ReadonlyArray<{ readonly id: string; readonly name?: unknown }> }>(books: readonly B[], doc: CodingsDocument): B[] {
  const named = new Map(doc.codes.filter((c) => c.codebook && c.name).map((c) => [`${c.codebook}\u0000${c.id}`, c.name!]));
  return books.map((b) => {
    let changed = false;
    const codes = b.codes.map((c) => {
      const n = named.get(`${b.id}\u0000${c.id}`);
      const old = (c.name ?? {}) as { nl?: string; en?: string };
      if (!n || (n.nl === old.nl && n.en === old.en)) return c;
      changed = true;
      return { ...c, name: { ...old, ...n } };
    });
    return changed ? ({ ...b, codes } as B) : b;
  });
}
