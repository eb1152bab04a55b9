import type { Codebook, CodeDef } from './types.js';

export interface CodeTreeNode {
  readonly code: CodeDef;
  readonly depth: number;
  readonly children: readonly CodeTreeNode[];
}

/** Children of each code id ('' = top level), in codebook order. Unknown parents count as top level. */
export function childrenByParent(book: Codebook): Map<string, CodeDef[]> {
  const ids = new Set(book.codes.map((c) => c.id));
  const map = new Map<string, CodeDef[]>();
  for (const c of book.codes) {
    const p = c.parent && ids.has(c.parent) && c.parent !== c.id ? c.parent : '';
    let list = map.get(p);
    if (!list) map.set(p, (list = []));
    list.push(c);
  }
  return map;
}

/** The code hierarchy as a forest, in codebook order (cycles are cut). */
export function codeTree(book: Codebook): CodeTreeNode[] {
  const kids = childrenByParent(book);
  const seen = new Set<string>();
  const build = (c: CodeDef, depth: number): CodeTreeNode => {
    seen.add(c.id);
    const children = (kids.get(c.id) ?? []).filter((k) => !seen.has(k.id)).map((k) => build(k, depth + 1));
    return { code: c, depth, children };
  };
  const roots = (kids.get('') ?? []).map((c) => build(c, 0));
  // codes only reachable through a cycle: show them at top level
  for (const c of book.codes) if (!seen.has(c.id)) roots.push(build(c, 0));
  return roots;
}

/** Depth-first list of the tree (pre-order). */
export function flattenTree(nodes: readonly CodeTreeNode[]): CodeTreeNode[] {
  const out: CodeTreeNode[] = [];
  const walk = (n: CodeTreeNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}

/** Id of the top-level ancestor of a code (the code itself when it has no parent). */
export function topLevelCategory(book: Codebook, codeId: string): string {
  const byId = new Map(book.codes.map((c) => [c.id, c]));
  let cur = byId.get(codeId);
  if (!cur) return codeId;
  const seen = new Set<string>();
  while (cur.parent && byId.has(cur.parent) && !seen.has(cur.parent)) {
    seen.add(cur.id);
    cur = byId.get(cur.parent)!;
  }
  return cur.id;
}

/** Ancestors of a code, nearest first. */
export function ancestors(book: Codebook, codeId: string): string[] {
  const byId = new Map(book.codes.map((c) => [c.id, c]));
  const out: string[] = [];
  let cur = byId.get(codeId);
  while (cur?.parent && byId.has(cur.parent) && !out.includes(cur.parent) && cur.parent !== codeId) {
    out.push(cur.parent);
    cur = byId.get(cur.parent);
  }
  return out;
}
