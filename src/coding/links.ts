/**
 * Links between codings (pure): the marker syntax, and the checks of a codings
 * document's links (dangling targets, labels used twice, relations and verdicts
 * the codebooks do not define).
 *
 * Marker syntax (inside `{{…}}`, before any `| memo`):
 *
 *     {{espoused #e1}}                           label this coding e1
 *     {{in-use -> e1 enacts: consistent}}        link to e1: relation enacts, verdict consistent
 *     {{in-use #p3 -> e1 enacts: inconsistent -> e2 supports}}   a label and two links
 *     {{in-use -> e1}}                           a link without relation or verdict
 *
 * A label is letters, digits, `_ . -` after `#`. A link is `-> TARGET [RELATION][: VERDICT]`.
 * Cycles (e1 → e2 → e1) are allowed: a link is a statement about a pair, not a hierarchy.
 */
import type { Coding, CodingLink, CodingsDocument, Diagnostic, RelationRef } from '../model/types.js';
import { LineIndex, OffsetMap } from '../model/codepoints.js';
import { didYouMean } from '../model/did-you-mean.js';
import { maxOf, minOf } from '../model/arrays.js';

export const REF_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

export interface MarkerLinks {
  /** The marker body without its label and links (the code labels, `@coder`). */
  readonly rest: string;
  readonly ref?: string;
  readonly links: readonly CodingLink[];
  /** Parts that could not be read (reported as warnings by the caller, with file:line). */
  readonly problems: readonly string[];
}

/** True when a marker body carries a label or a link (a quick test before `splitMarkerLinks`). */
export function hasLinkSyntax(body: string): boolean {
  return body.includes('#') || body.includes('->');
}

/**
 * Split the label `#ref` and the links `-> …` off a marker body (memo already removed).
 * `in-use #p3 -> e1 enacts: consistent` → rest `in-use`, ref `p3`, links [{to e1, relation enacts, verdict consistent}].
 */
export function splitMarkerLinks(body: string): MarkerLinks {
  const parts = body.split('->');
  let head = parts[0];
  const problems: string[] = [];
  let ref: string | undefined;
  head = head.replace(/#(\S*)/gu, (_, r: string) => {
    if (!r || !REF_PATTERN.test(r)) problems.push(`"#${r}" is not a label (after # come letters, digits, _ . -, e.g. #e1)`);
    else if (ref !== undefined && ref !== r) problems.push(`two labels (#${ref} and #${r}) in one marker; the first is used`);
    else ref = r;
    return ' ';
  });
  const links: CodingLink[] = [];
  for (const p of parts.slice(1)) {
    const link = parseLinkSpec(p);
    if (typeof link === 'string') problems.push(link);
    else links.push(link);
  }
  return { rest: head.replace(/\s+/g, ' ').trim(), ...(ref !== undefined ? { ref } : {}), links, problems };
}

/** `e1 enacts: consistent` → a link; a message when it cannot be read. */
export function parseLinkSpec(spec: string): CodingLink | string {
  const colon = spec.indexOf(':');
  const main = (colon >= 0 ? spec.slice(0, colon) : spec).trim();
  const verdict = colon >= 0 ? spec.slice(colon + 1).trim() : '';
  const words = main.split(/\s+/).filter(Boolean);
  if (!words.length) return `"->${spec}" names no target (write -> LABEL RELATION: VERDICT, e.g. -> e1 enacts: consistent)`;
  const to = words[0].replace(/^#/, '');
  if (!REF_PATTERN.test(to)) return `"${words[0]}" is not a label to link to (letters, digits, _ . -, e.g. e1)`;
  const relation = words.slice(1).join(' ');
  return { to, ...(relation ? { relation } : {}), ...(verdict ? { verdict } : {}) };
}

/** Write links back as marker text (` -> e1 enacts: consistent`), e.g. for review. */
export function formatLinks(ref: string | undefined, links: readonly CodingLink[] | undefined): string {
  let s = ref ? ` #${ref}` : '';
  for (const l of links ?? []) s += ` -> ${l.to}${l.relation ? ` ${l.relation}` : ''}${l.verdict ? `: ${l.verdict}` : ''}`;
  return s;
}

// ---------------------------------------------------------------------------
// Passages: the codings one marker (or one CSV row) made, as one unit

/**
 * A passage: codings of one code by one coder in one source that carry the same label
 * and links and sit next to each other (a marker whose span covered several segments
 * gives one coding per segment; only white space lies between them).
 */
export interface Passage {
  readonly codings: readonly Coding[];
  readonly sourceId: string;
  readonly code: string;
  readonly coder: string;
  readonly start: number;
  readonly end: number;
  readonly ref?: string;
  readonly links: readonly CodingLink[];
}

const linkKey = (c: Coding) => `${c.ref ?? ''}\u0000${JSON.stringify(c.links ?? [])}`;

/** Group a document's labelled or linking codings into passages (document order). */
export function linkedPassages(doc: Pick<CodingsDocument, 'codings' | 'sources'>): Passage[] {
  const texts = new Map(doc.sources.map((s) => [s.id, s.text ?? '']));
  const cps = new Map<string, string[]>();
  const between = (src: string, a: number, b: number): string => {
    let arr = cps.get(src);
    if (!arr) cps.set(src, (arr = Array.from(texts.get(src) ?? '')));
    return arr.slice(a, b).join('');
  };
  const groups = new Map<string, Coding[]>();
  for (const c of doc.codings) {
    if (c.ref === undefined && !c.links?.length) continue;
    const k = `${c.sourceId}\u0000${c.code}\u0000${c.coder}\u0000${linkKey(c)}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
  }
  const out: Array<Passage & { first: number }> = [];
  const order = new Map(doc.codings.map((c, i) => [c, i]));
  for (const list of groups.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    let cur: Coding[] = [];
    const flush = () => {
      if (!cur.length) return;
      const f = cur[0];
      out.push({
        codings: cur,
        sourceId: f.sourceId,
        code: f.code,
        coder: f.coder,
        start: minOf(cur.map((c) => c.start)),
        end: maxOf(cur.map((c) => c.end)),
        ...(f.ref !== undefined ? { ref: f.ref } : {}),
        links: f.links ?? [],
        first: minOf(cur.map((c) => order.get(c)!)),
      });
      cur = [];
    };
    for (const c of sorted) {
      const last = cur[cur.length - 1];
      const hasText = (texts.get(c.sourceId) ?? '').length > 0;
      const adjacent = last && hasText && (c.start <= last.end || /^\s*$/u.test(between(c.sourceId, last.end, c.start)));
      if (last && !adjacent) flush();
      cur.push(c);
    }
    flush();
  }
  return out.sort((a, b) => a.first - b.first).map(({ first: _f, ...p }) => p);
}

// ---------------------------------------------------------------------------
// Resolution and checks

export interface ResolvedLink {
  readonly from: Passage;
  readonly link: CodingLink;
  /** The passages the target names (empty: dangling). */
  readonly to: readonly Passage[];
}

export interface LinkResolution {
  readonly passages: readonly Passage[];
  readonly links: readonly ResolvedLink[];
  /** label → passages that carry it */
  readonly byRef: ReadonlyMap<string, readonly Passage[]>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Resolve every link of a document to the passages its target names (by label, else
 * by a coding's id) and report, as warnings with file:line: links to a label no coding
 * carries (kept as dangling), labels carried by two separate passages (a link goes to those
 * of its own source, else to each), relations no codebook defines (when `relations` are known) and verdicts
 * the relation does not list.
 */
export function resolveLinks(doc: Pick<CodingsDocument, 'codings' | 'sources'> & { readonly relations?: readonly RelationRef[] }, opts: { readonly relations?: readonly RelationRef[] } = {}): LinkResolution {
  const passages = linkedPassages(doc);
  const byRef = new Map<string, Passage[]>();
  for (const p of passages) if (p.ref !== undefined) (byRef.get(p.ref) ?? byRef.set(p.ref, []).get(p.ref)!).push(p);
  const byId = new Map<string, Coding>();
  for (const c of doc.codings) byId.set(c.id, c);
  const srcs = new Map(doc.sources.map((s) => [s.id, s]));
  const lineIdx = new Map<string, { li: LineIndex; om: OffsetMap }>();
  const place = (sourceId: string, cp: number): { file: string; line?: number } => {
    const s = srcs.get(sourceId);
    const file = s?.path ?? sourceId;
    if (!s?.text) return { file };
    let x = lineIdx.get(sourceId);
    if (!x) lineIdx.set(sourceId, (x = { li: new LineIndex(s.text), om: new OffsetMap(s.text) }));
    return { file, line: x.li.toPoint(x.om.toUtf16(cp)).line };
  };
  const diagnostics: Diagnostic[] = [];
  const warn = (p: Passage, ruleId: string, message: string, hint: string, extra: Partial<Diagnostic> = {}) =>
    diagnostics.push({ severity: 'warning', source: 'coding', ruleId, message, hint, ...place(p.sourceId, p.end), ...extra });

  // a label on two separate passages
  // (labels numbered afresh in each transcript, #e1 in every interview: a link goes to the passage
  // with the label in its own source; it went to every source's #e1, each link a pair with every
  // other case's passage, counted in the verdicts of groups it does not belong to)
  for (const [ref, ps] of byRef) {
    if (ps.length < 2) continue;
    const where = ps.map((p) => {
      const w = place(p.sourceId, p.end);
      return `${w.file}${w.line ? `:${w.line}` : ''} (${p.code})`;
    });
    const inSources = new Set(ps.map((p) => p.sourceId)).size;
    const twiceInOne = inSources < ps.length;
    const rule =
      inSources === 1
        ? `links to #${ref} go to each of them`
        : `a link to #${ref} goes to the passage${twiceInOne ? '(s)' : ''} with it in its own source${twiceInOne ? ' (to each, where its source has several)' : ''}, and from a source without #${ref} to each of the ${ps.length}`;
    warn(ps[1], 'duplicate-link-label', `the label #${ref} is on ${ps.length} separate passages${inSources > 1 ? ` in ${inSources} sources` : ''}: ${where.join(', ')}; ${rule}`, `give each passage its own label (e.g. #${ref}a, #${ref}b)${inSources > 1 ? `; a link across sources to one of them needs a label no other source uses` : ''}`);
  }
  const relations = opts.relations ?? doc.relations;
  const relById = new Map((relations ?? []).map((r) => [r.id, r]));
  const relIds = [...relById.keys()];
  const links: ResolvedLink[] = [];
  for (const p of passages) {
    for (const link of p.links) {
      const all = byRef.get(link.to) ?? [];
      const own = all.filter((t) => t.sourceId === p.sourceId);
      let to = own.length ? own : all;
      if (!to.length && byId.has(link.to)) {
        const c = byId.get(link.to)!;
        to = [{ codings: [c], sourceId: c.sourceId, code: c.code, coder: c.coder, start: c.start, end: c.end, ...(c.ref !== undefined ? { ref: c.ref } : {}), links: c.links ?? [] }];
      }
      if (!to.length) {
        const known = [...byRef.keys()];
        const expected = didYouMean(link.to, known);
        warn(p, 'dangling-link', `the link from ${p.code} to #${link.to} points at no coding (no coding has the label ${link.to}); kept as a dangling link`, expected.length ? `did you mean #${expected[0]}? Label the target with {{code #${link.to}}}` : `label the target passage with {{code #${link.to}}}, or correct the label`, expected.length ? { expected } : {});
      }
      if (relations?.length && link.relation !== undefined) {
        const rel = relById.get(link.relation);
        if (!rel) {
          const expected = didYouMean(link.relation, relIds);
          warn(p, 'unknown-relation', `the relation "${link.relation}" (link from ${p.code} to #${link.to}) is in none of the codebooks' relations; kept as free text`, expected.length ? `did you mean "${expected[0]}"? Relations: ${relIds.join(', ')}` : `relations of the codebooks: ${relIds.join(', ')}; or add it to relations: in the codebook`, expected.length ? { expected } : {});
        } else if (link.verdict !== undefined && rel.verdicts?.length && !rel.verdicts.some((v) => v.id === link.verdict)) {
          const allowed = rel.verdicts.map((v) => v.id);
          const expected = didYouMean(link.verdict, allowed);
          warn(p, 'unknown-verdict', `the verdict "${link.verdict}" is not one of the relation ${rel.id}'s verdicts (${allowed.join(', ')}); kept as written`, expected.length ? `did you mean "${expected[0]}"?` : `use one of: ${allowed.join(', ')}, or add it to the relation's verdicts in the codebook`, expected.length ? { expected } : {});
        }
      } else if (relations !== undefined && link.relation !== undefined && !relations.length) {
        warn(p, 'unknown-relation', `the relation "${link.relation}" (link from ${p.code} to #${link.to}) is free text: the codebooks define no relations`, 'add relations: [{id: …, name: {nl: …, en: …}}] to the codebook to name and check them');
      }
      links.push({ from: p, link, to });
    }
  }
  return { passages, links, byRef, diagnostics };
}
