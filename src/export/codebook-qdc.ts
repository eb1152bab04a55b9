import type { Lang } from '../model/types.js';
import type { Codebook, LocalisedList } from '../codebook/types.js';
import { localise, localiseList } from '../codebook/localise.js';
import { codeTree, type CodeTreeNode } from '../codebook/tree.js';
import { formatQdcDescription, ownNameText, qdcOrigin, slugify } from '../codebook/parse-qdc.js';
import { identityKey } from '../model/name-identity.js';
import { escapeXml } from './escape.js';
import { refiGuid } from './refi-guid.js';
import { inputError } from '../model/errors.js';
import { VERSION } from '../version.js';

export { QDC_BLOCK_LABELS } from '../codebook/parse-qdc.js';

/**
 * The name of each code in a .qdc: a name another code of the codebook has too (letter case
 * aside; or one that only looks the same: another Unicode form of an accent, a space after it,
 * an invisible character — `Trust ` beside `Trust`) is told apart by its parent's name, else by
 * its id ("Other (Parent A)"), because QualCoder and other programs merge codes of one name into
 * one (and show look-alikes as two codes of one name). `qualified` lists those; `alike` marks a
 * code whose name is written otherwise than another's, not only in capitals.
 */
export function qdcNames(book: Codebook, lang: Lang): { names: Map<string, string>; qualified: Array<{ id: string; name: string; as: string; alike: boolean }> } {
  const own = new Map(book.codes.map((c) => [c.id, localise(c.name, lang) || c.id]));
  const byName = new Map<string, string[]>();
  for (const c of book.codes) {
    const k = identityKey(own.get(c.id)!).toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), c.id]);
  }
  const names = new Map(own);
  const qualified: Array<{ id: string; name: string; as: string; alike: boolean }> = [];
  const parentOf = new Map(book.codes.map((c) => [c.id, c.parent]));
  for (const ids of byName.values()) {
    if (ids.length < 2) continue;
    // (the name as it looks: a told-apart name shows no stray space or decomposed accent)
    const shown = (id: string) => identityKey(own.get(id)!) || own.get(id)!;
    const byParent = ids.map((id) => {
      const p = parentOf.get(id);
      return p && own.has(p) ? `${shown(id)} (${shown(p)})` : undefined;
    });
    const unique = byParent.every((x) => x !== undefined) && new Set(byParent.map((x) => x!.toLowerCase())).size === ids.length;
    const alike = new Set(ids.map((id) => own.get(id)!.toLowerCase())).size > 1;
    ids.forEach((id, k) => {
      const as = unique ? byParent[k]! : `${shown(id)} (${id})`;
      names.set(id, as);
      qualified.push({ id, name: own.get(id)!, as, alike });
    });
  }
  return { names, qualified };
}

function description(n: CodeTreeNode, lang: Lang, shown: string): string {
  const c = n.code;
  const lists = Object.fromEntries((['include', 'exclude', 'indicators', 'examples'] as const).map((k) => [k, localiseList(c[k] as LocalisedList | undefined, lang)]));
  const body = formatQdcDescription(localise(c.definition, lang) || undefined, lists, lang);
  const parts: string[] = body ? [body] : [];
  const name = localise(c.name, lang) || c.id;
  // a name told apart from another code's: the code's own name, read back by parseQdc
  if (shown !== name) parts.push(`(qdakit name: ${ownNameText(name.replace(/\r?\n/g, ' '))})`);
  if (shown !== name || slugify(shown) !== c.id) parts.push(`(qdakit id: ${c.id})`);
  return parts.join('\n\n');
}

/**
 * The codebook as a REFI-QDA codebook (`.qdc`, valid against Codebook.xsd):
 * the hierarchy as nested `Code`s, names and definitions (plus criteria) in
 * `lang`, deterministic GUIDs (the same as in a .qdpx export), no `Sets`.
 */
export function renderCodebookQdc(book: Codebook, lang: Lang): string {
  if (!book.codes.length) {
    throw inputError('export', 'qdc-no-codes', `codebook "${book.id}" has no codes, and a REFI-QDA codebook needs at least one`, { hint: 'add a code to the codebook first' });
  }
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>', `<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="${escapeXml(qdcOrigin(VERSION, book.id, lang))}">`, '  <Codes>'];
  const { names } = qdcNames(book, lang);
  const walk = (n: CodeTreeNode, depth: number) => {
    const c = n.code;
    const ind = '  '.repeat(depth);
    const name = names.get(c.id) ?? (localise(c.name, lang) || c.id);
    const attrs = `guid="${refiGuid('code', c.id)}" name="${escapeXml(name)}" isCodable="${c.codable === false ? 'false' : 'true'}"${c.color ? ` color="${escapeXml(c.color)}"` : ''}`;
    const desc = description(n, lang, name);
    if (!desc && !n.children.length) {
      out.push(`${ind}<Code ${attrs}/>`);
      return;
    }
    out.push(`${ind}<Code ${attrs}>`);
    if (desc) out.push(`${ind}  <Description>${escapeXml(desc)}</Description>`);
    for (const k of n.children) walk(k, depth + 1);
    out.push(`${ind}</Code>`);
  };
  for (const n of codeTree(book)) walk(n, 2);
  out.push('  </Codes>', '</CodeBook>', '');
  return out.join('\n');
}
