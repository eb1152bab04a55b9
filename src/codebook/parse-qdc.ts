import { identityKey } from '../model/name-identity.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Diagnostic, Lang } from '../model/types.js';
import type { Codebook, CodeDef } from './types.js';
import { compact } from './normalise-codebook.js';
import { CODE_ID_PATTERN } from './schema.js';
import { refiColor, slugify as refiSlug } from '../model/refi.js';

export interface ParseQdcOptions {
  readonly file: string;
  /** Codebook id (default: from a qdakit `origin`, else the file name). */
  readonly id?: string;
  /** Language of the names and descriptions (default: from a qdakit `origin`, else nl). */
  readonly language?: Lang;
}

type X = Record<string, unknown>;

/** `qdakit; codebook=ID; lang=en` — what the .qdc exporter writes into CodeBook/@origin. */
export function qdcOrigin(version: string, id: string, lang: Lang): string {
  return `qdakit ${version}; codebook=${id}; lang=${lang}`;
}

/** A code id from a display name (the one slug of model/refi.ts); `code` when nothing is left. */
export function slugify(name: string): string {
  return refiSlug(name) || 'code';
}

const BLOCKS: Record<string, 'include' | 'exclude' | 'indicators' | 'examples'> = {
  include: 'include', inclusie: 'include', exclude: 'exclude', exclusie: 'exclude',
  indicators: 'indicators', indicatoren: 'indicators', examples: 'examples', voorbeelden: 'examples',
};

/** Labels of the criteria blocks written into a Code's Description (read back by splitQdcDescription). */
export const QDC_BLOCK_LABELS: Readonly<Record<Lang, Readonly<Record<'include' | 'exclude' | 'indicators' | 'examples', string>>>> = {
  nl: { include: 'Inclusie', exclude: 'Exclusie', indicators: 'Indicatoren', examples: 'Voorbeelden' },
  en: { include: 'Include', exclude: 'Exclude', indicators: 'Indicators', examples: 'Examples' },
};

type QdcLists = Partial<Record<'include' | 'exclude' | 'indicators' | 'examples', readonly string[]>>;

/** A criteria block's list: one "- " item a line; an item's further lines indented by two spaces. */
function formatItems(items: readonly string[]): string {
  return items.map((x) => `- ${x.replace(/\r\n?/g, '\n').replace(/\n/g, '\n  ')}`).join('\n');
}

/**
 * The definition and the criteria blocks of a Code's Description, as splitQdcDescription reads them
 * back: a list item's line breaks are kept (its further lines indented), and a definition with a
 * paragraph that would be read as a block ("Examples:" and "- " lines) says how many paragraphs it has.
 */
export function formatQdcDescription(definition: string | undefined, lists: QdcLists, lang: Lang): string {
  const parts: string[] = [];
  const def = definition?.replace(/\r\n?/g, '\n');
  if (def) parts.push(def);
  for (const k of ['include', 'exclude', 'indicators', 'examples'] as const) {
    const items = lists[k];
    if (items && items.length) parts.push(`${QDC_BLOCK_LABELS[lang][k]}:\n${formatItems(items)}`);
  }
  if (def && def.split(/\n\n/).some((p) => blockOf(p) !== undefined)) {
    const n = def.split(/\n\n/).length;
    parts.push(`(qdakit definition: ${n} paragraph${n === 1 ? '' : 's'})`);
  }
  return parts.join('\n\n');
}

/** A paragraph read as a criteria block ("Examples:" then "- " items, their further lines indented), or undefined. */
function blockOf(part: string): { key: 'include' | 'exclude' | 'indicators' | 'examples'; items: string[] } | undefined {
  const lines = part.split('\n');
  const h = /^([A-Za-z]+):$/.exec(lines[0]);
  const key = h ? BLOCKS[h[1].toLowerCase()] : undefined;
  if (!key || lines.length < 2 || !lines[1].startsWith('- ')) return undefined;
  const items: string[] = [];
  for (const l of lines.slice(1)) {
    if (l.startsWith('- ')) items.push(l.slice(2));
    else if (l.startsWith('  ')) items[items.length - 1] += '\n' + l.slice(2);
    else return undefined;
  }
  return { key, items };
}

/**
 * A code's own name as a told-apart code's description holds it: as written, or in JSON quotes when
 * a space begins or ends it or it begins with a quote (`"Trust "`: a reader trims the line).
 */
export function ownNameText(name: string): string {
  return name !== name.trim() || name.startsWith('"') ? JSON.stringify(name) : name;
}

/** The own name written by ownNameText. */
export function ownNameOf(text: string): string {
  const t = text.trim();
  if (t.length > 1 && t.startsWith('"') && t.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      // (not JSON: a name that begins and ends with a quote, written before)
    }
  }
  return t;
}

/** Split a Description written by qdakit's exporter back into definition, criteria lists and code id. */
export function splitQdcDescription(desc: string): { definition?: string; id?: string; name?: string; include?: string[]; exclude?: string[]; indicators?: string[]; examples?: string[] } {
  const out: { definition?: string; id?: string; name?: string; include?: string[]; exclude?: string[]; indicators?: string[]; examples?: string[] } = {};
  let rest = desc.replace(/\r\n?/g, '\n');
  const m = /(?:^|\n\n)\(qdakit id: ([^)\n]+)\)\s*$/.exec(rest);
  if (m) {
    out.id = m[1].trim();
    rest = rest.slice(0, m.index);
  }
  // the code's own name, when the .qdc shows it told apart from another code's ("Other (Parent A)")
  const n = /(?:^|\n\n)\(qdakit name: ([^\n]+)\)\s*$/.exec(rest);
  if (n) {
    out.name = ownNameOf(n[1]);
    rest = rest.slice(0, n.index);
  }
  // a definition with a paragraph that looks like a block: its paragraphs counted by the exporter
  const d = /(?:^|\n\n)\(qdakit definition: (\d+) paragraphs?\)\s*$/.exec(rest);
  let defCount = 0;
  if (d) {
    defCount = Number(d[1]);
    rest = rest.slice(0, d.index);
  }
  const defParts: string[] = [];
  rest.split(/\n\n/).forEach((part, i) => {
    const b = i < defCount ? undefined : blockOf(part);
    if (b && !out[b.key]) out[b.key] = b.items;
    else defParts.push(part);
  });
  const def = defParts.join('\n\n').trim();
  if (def) out.definition = def;
  return out;
}

function textOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && '#text' in (v as X)) return String((v as X)['#text']);
  return String(v);
}

/**
 * Parse a REFI-QDA codebook (`.qdc`, root `CodeBook` in `urn:QDA-XML:codebook:1.0`;
 * a project's `Project/CodeBook` is read too). Nested `Code` elements become
 * `parent` links, `Description` the definition, `isCodable="false"` a category
 * (`codable: false`). Sets are not part of the model and are ignored.
 * DOCTYPE/ENTITY declarations are refused (entity-expansion attacks).
 */
export function parseQdc(text: string, opts: ParseQdcOptions): { book?: Codebook; diagnostics: Diagnostic[] } {
  const file = opts.file;
  const diags: Diagnostic[] = [];
  const err = (ruleId: string, message: string, hint: string, extra: Partial<Diagnostic> = {}) =>
    diags.push({ severity: 'error', source: 'codebook', ruleId, file, message, hint, ...extra });
  const body = text.replace(/^\uFEFF/, '');
  const dt = /<!(DOCTYPE|ENTITY)/i.exec(body);
  if (dt) {
    const line = body.slice(0, dt.index).split('\n').length;
    err('qdc-doctype', `the .qdc contains a <!${dt[1].toUpperCase()}> declaration, which is not allowed in REFI-QDA files`, 'remove the DOCTYPE/ENTITY declarations (REFI-QDA files never need them)', { line, column: 1 });
    return { diagnostics: diags };
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    err('malformed-xml', `malformed XML: ${valid.err.msg}`, 'check that every element is closed and attribute values are quoted; the file must be UTF-8 XML', { line: valid.err.line, column: valid.err.col });
    return { diagnostics: diags };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    isArray: (name) => name === 'Code' || name === 'Set' || name === 'MemberCode',
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    trimValues: true,
  });
  const doc = parser.parse(body) as X;
  const root = (doc.CodeBook ?? (doc.Project as X | undefined)?.CodeBook) as X | undefined;
  if (!root || typeof root !== 'object') {
    err('qdc-root', 'not a REFI-QDA codebook: the root element must be <CodeBook xmlns="urn:QDA-XML:codebook:1.0">', 'export the codebook from your QDA program as "REFI-QDA Codebook (.qdc)"');
    return { diagnostics: diags };
  }
  const origin = String(root['@_origin'] ?? '');
  const om = /^qdakit\b.*codebook=([^;]+);\s*lang=(nl|en)/.exec(origin);
  const lang: Lang = opts.language ?? ((om?.[2] as Lang | undefined) ?? 'nl');
  const baseName = file.replace(/\\/g, '/').split('/').pop()!.replace(/\.[^.]*$/, '');
  const id = opts.id ?? om?.[1] ?? slugify(baseName);

  if (root.Sets !== undefined) {
    const sets = root.Sets as X | string;
    if (typeof sets !== 'object' || !Array.isArray((sets as X).Set) || !((sets as X).Set as unknown[]).length) {
      diags.push({
        severity: 'warning',
        source: 'codebook',
        ruleId: 'qdc-empty-container',
        file,
        message: 'empty <Sets/>: the REFI-QDA schema requires at least one <Set> inside <Sets> (files like this fail to import in QualCoder and other programs); ignored',
        hint: 'remove the empty <Sets/> element, or ask the exporting program (e.g. Taguette) to omit it',
      });
    }
  }
  const codesEl = root.Codes as X | string | undefined;
  const top = codesEl && typeof codesEl === 'object' ? ((codesEl as X).Code as X[] | undefined) : undefined;
  if (!top || !top.length) {
    err('qdc-no-codes', 'the codebook has no codes: <Codes> must contain at least one <Code>', 'add codes in your QDA program before exporting');
    return { diagnostics: diags };
  }
  const codes: CodeDef[] = [];
  const used = new Map<string, string>();
  const idKey = (x: string) => x.normalize('NFC').trim().toLowerCase().replace(/[\s_]+/g, '-');
  // codes whose id (from the name, or the qdakit id in the description) another code has already:
  // given a numbered id, and said (with both places), never merged
  const renamed: Array<{ name: string; id: string; from: string; to: string; path: string; first: string }> = [];
  const firstPath = new Map<string, string>();
  // colours qdakit cannot hold (#RRGGBB or #RGB only): named, not dropped in silence
  const badColors: string[] = [];
  const alphaColors: string[] = [];
  const walk = (list: X[], parent: string | undefined, path: string) => {
    list.forEach((c, i) => {
      let name = textOf(c['@_name']);
      const p = `${path}/Code[${i + 1}]`;
      if (!name) {
        err('qdc-code-name', `a <Code> has no name attribute (${p})`, 'every REFI-QDA Code needs guid, name and isCodable attributes', { path: p });
        return;
      }
      const parts = splitQdcDescription(textOf(c.Description) ?? '');
      // a name qdakit told apart on export: its own name again (unless renamed in the other program since)
      if (parts.name && (name.startsWith(`${parts.name} (`) || name.startsWith(`${identityKey(parts.name)} (`))) name = parts.name;
      let cid = parts.id && new RegExp(CODE_ID_PATTERN, 'u').test(parts.id) ? parts.id : slugify(name);
      // (ids that differ only in case, Unicode form or spaces and underscores are one code to labels
      // and codings tables: qdakit ids `Trust` and `trust` were both kept, and the codebook refused)
      if (used.has(idKey(cid))) {
        let k = 2;
        while (used.has(idKey(`${cid}-${k}`))) k++;
        renamed.push({ name, id: cid, from: used.get(idKey(cid))!, to: `${cid}-${k}`, path: p, first: firstPath.get(idKey(cid))! });
        cid = `${cid}-${k}`;
      }
      firstPath.set(idKey(cid), p);
      used.set(idKey(cid), cid);
      const list = (v?: string[]) => (v && v.length ? { [lang]: v } : undefined);
      // (spaces around a colour left out, as XML reads a token; a transparency (#RRGGBBAA) left out, said)
      const raw = textOf(c['@_color']);
      const rc = refiColor(raw);
      const color = rc.color;
      if (rc.how === 'not-read') badColors.push(`"${name}" (${p}): ${raw}`);
      else if (rc.how === 'alpha') alphaColors.push(`"${name}" (${p}): ${raw} as ${color}`);
      codes.push(
        compact({
          id: cid,
          name: { [lang]: name },
          parent,
          definition: parts.definition ? { [lang]: parts.definition } : undefined,
          include: list(parts.include),
          exclude: list(parts.exclude),
          indicators: list(parts.indicators),
          examples: list(parts.examples),
          color,
          codable: String(c['@_isCodable']).trim() === 'false' || String(c['@_isCodable']).trim() === '0' ? false : undefined,
        }),
      );
      if (Array.isArray(c.Code)) walk(c.Code as X[], cid, p);
    });
  };
  walk(top, undefined, '/CodeBook/Codes');
  if (renamed.length) {
    diags.push({
      severity: 'warning',
      source: 'codebook',
      ruleId: 'qdc-duplicate-id',
      file,
      path: renamed[0].path,
      message: `${renamed.length} code${renamed.length === 1 ? '' : 's'} would get the id of a code before ${renamed.length === 1 ? 'it' : 'them'}, and ${renamed.length === 1 ? 'is' : 'are'} given a numbered id: ${renamed
        .slice(0, 8)
        .map((r) => `"${r.name}" (${r.path}) → ${r.to}, as "${r.from}" is ${r.first}${r.id !== r.from ? ` (its id "${r.id}" differs from it only in case, Unicode form or spaces, which labels read as one)` : ''}`)
        .join('; ')}${renamed.length > 8 ? '; …' : ''}`,
      hint: 'give the codes names that differ in letters or digits (not only in case, accents or punctuation) in your QDA program, or rename the ids in the imported codebook',
    });
  }
  if (alphaColors.length) {
    diags.push({
      severity: 'warning',
      source: 'codebook',
      ruleId: 'qdc-color-alpha',
      file,
      message: `${alphaColors.length} code colour${alphaColors.length === 1 ? ' is' : 's are'} written with a transparency (#RRGGBBAA), which a qdakit codebook does not hold, and read without it: ${alphaColors.slice(0, 8).join('; ')}${alphaColors.length > 8 ? '; …' : ''}`,
      hint: 'give the colours as #RRGGBB (e.g. #FF8800) in the imported codebook if the transparency mattered',
    });
  }
  if (badColors.length) {
    diags.push({
      severity: 'warning',
      source: 'codebook',
      ruleId: 'qdc-color-not-read',
      file,
      message: `${badColors.length} code colour${badColors.length === 1 ? ' is' : 's are'} not #RRGGBB and ${badColors.length === 1 ? 'is' : 'are'} not read: ${badColors.slice(0, 8).join('; ')}${badColors.length > 8 ? '; …' : ''}`,
      hint: 'give the colours as #RRGGBB (e.g. #FF8800) in the imported codebook, or leave them out',
    });
  }
  // sets (groups of codes across the tree) have no place in a qdakit codebook: named, not dropped in silence
  const setList = root.Sets && typeof root.Sets === 'object' && Array.isArray((root.Sets as X).Set) ? ((root.Sets as X).Set as X[]) : [];
  if (setList.length) {
    const names = setList.map((x) => `"${textOf(x['@_name']) ?? '?'}" (${Array.isArray(x.MemberCode) ? (x.MemberCode as unknown[]).length : 0} codes)`);
    diags.push({
      severity: 'warning',
      source: 'codebook',
      ruleId: 'qdc-sets-not-read',
      file,
      path: '/CodeBook/Sets',
      message: `${setList.length} set${setList.length === 1 ? '' : 's'} of codes ${setList.length === 1 ? 'is' : 'are'} not read (a qdakit codebook has no sets, only the code tree): ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      hint: 'to group codes, give them a common parent code in the tree (qda codebook import keeps the tree)',
    });
  }
  if (diags.some((d) => d.severity === 'error')) return { diagnostics: diags };
  return { book: { id, name: { [lang]: id }, language: lang, codes }, diagnostics: diags };
}
