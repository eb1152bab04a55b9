/**
 * The decisions file (pure model): a codings document (so `qda code --codings`
 * and every analysis command can read it) whose `codings` are the human codings
 * decided in the file store, plus a `decisions` log of every decision — rejected
 * suggestions included, so they are not asked again.
 */
import type { Coding, CodingsDocument, Diagnostic, Segment, Source, Table } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { findQuote } from '../coding/human-codings.js';
import { inputError } from '../model/errors.js';
import type { Decision } from './state.js';
import type { Codebook } from '../codebook/types.js';
import { describeRules } from '../coding/compile-codebook.js';

export interface StoredDecision extends Decision {
  /** Where the human coding went: the source text (inline marker) or this file. Absent for rejections. */
  readonly store?: 'inline' | 'file';
  /**
   * The passage decided on (code points start–end of the source text as it was when decided),
   * so that a review resumed on a source edited since moves the decision to where that passage
   * stands now (placeDecisions). Absent in files of older versions.
   */
  readonly text?: string;
}

/** A human coding kept in the decisions file, with the passage it codes as it was when decided (`text`). */
export type StoredCoding = Coding & { readonly text?: string };

export interface DecisionsDocument extends CodingsDocument {
  /** The human codings stored in this file; each records its passage (`text`), so that a source edited since is found out when the file is read. */
  readonly codings: readonly StoredCoding[];
  readonly decisions: readonly StoredDecision[];
}

export function emptyDecisions(version: string): DecisionsDocument {
  return { provenance: { tool: 'qdakit', version, command: 'qda review' }, codebooks: [], codes: [], sources: [], segments: [], codings: [], decisions: [] };
}

const KINDS = new Set(['accept', 'reject', 'change', 'add', 'split']);

/** Parse a decisions file (JSON). Throws QdaInputError naming the file and the bad entry. */
export function parseDecisions(text: string, file: string, version: string): DecisionsDocument {
  let js: unknown;
  try {
    js = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw inputError('cli', 'bad-decisions', `the decisions file is not valid JSON: ${(e as Error).message}`, { file, hint: 'fix or move the file away; qda review writes a new one' });
  }
  if (!js || typeof js !== 'object' || Array.isArray(js)) {
    throw inputError('cli', 'bad-decisions', 'the decisions file must be a JSON object with "codings" and "decisions"', { file, hint: 'give another --decisions file' });
  }
  const o = js as Partial<DecisionsDocument> & { schemaVersion?: unknown };
  // a file of another kind (a codings document of `qda code`, a REFI import) would be rewritten in
  // the decisions' own form on the first decision, losing what that form has no place for
  if (!Array.isArray(o.decisions) && (o.schemaVersion !== undefined || (Array.isArray(o.sources) && o.sources.length) || (Array.isArray(o.codings) && o.codings.length))) {
    throw inputError('cli', 'not-a-decisions-file', 'this is a codings document (e.g. written by `qda code`), not a decisions file of `qda review`: the first decision would rewrite it in the decisions file\'s form and lose the rest', {
      file,
      hint: 'give --decisions a file of its own (new, or one qda review wrote); to learn from these codings use --learn-from; to add them to the sources read them with `qda code --codings`',
    });
  }
  const decisions = Array.isArray(o.decisions) ? o.decisions : [];
  decisions.forEach((d, i) => {
    if (!d || typeof d.segment !== 'string' || typeof d.code !== 'string' || typeof d.source !== 'string' || !KINDS.has(d.decision)) {
      throw inputError('cli', 'bad-decisions', `decision ${i + 1} lacks source, segment, code or a valid decision (accept|reject|change|add|split)`, { file, path: `/decisions/${i}`, hint: 'correct or delete that entry' });
    }
  });
  const base = emptyDecisions(version);
  return {
    provenance: o.provenance ?? base.provenance,
    codebooks: Array.isArray(o.codebooks) ? o.codebooks : [],
    codes: Array.isArray(o.codes) ? o.codes : [],
    sources: Array.isArray(o.sources) ? o.sources : [],
    segments: Array.isArray(o.segments) ? o.segments : [],
    codings: Array.isArray(o.codings) ? o.codings : [],
    // (a "text" or "ruleText" that is no string, edited by hand, is no record of the passage or rule: left out)
    decisions: decisions.map((d) => {
      const { text, ruleText, ...rest } = d;
      return { ...rest, originalCode: d.originalCode ?? d.code, coder: d.coder ?? 'human', ...(typeof ruleText === 'string' ? { ruleText } : {}), ...(typeof text === 'string' ? { text } : {}) };
    }),
  };
}

/** The human coding a decision stands for (none for a rejection). */
export function codingOf(d: Decision): Coding | undefined {
  if (d.decision === 'reject') return undefined;
  return {
    id: `${d.segment}:${d.code}:${d.coder}:${d.start}`,
    sourceId: d.source,
    segmentId: d.segment,
    code: d.code,
    coder: d.coder,
    start: d.start,
    end: d.end,
    score: 1,
    evidence: { rule: `qda review: ${d.decision}${d.decision === 'change' ? ` of ${d.originalCode}` : ''}${d.suggestedBy ? ` (suggested by ${d.suggestedBy}${d.rule ? ` ${d.rule}` : ''})` : ''}` },
    ...(d.memo ? { memo: d.memo } : {}),
  };
}

const sameDecision = (a: Decision, b: Decision) =>
  a.segment === b.segment && a.code === b.code && a.originalCode === b.originalCode && a.decision === b.decision && a.start === b.start && a.end === b.end && a.coder === b.coder;

/** `text`: the passage the decision is on (code points start–end of the source text as it is now), recorded with the decision and with a coding stored in the file. */
export function addDecision(doc: DecisionsDocument, d: Decision, store: 'inline' | 'file' | undefined, text?: string): DecisionsDocument {
  const c = store === 'file' ? codingOf(d) : undefined;
  return {
    ...doc,
    codings: c ? [...doc.codings, text !== undefined ? { ...c, text } : c] : doc.codings,
    decisions: [...doc.decisions, { ...d, ...(store && d.decision !== 'reject' ? { store } : {}), ...(text !== undefined ? { text } : {}) }],
  };
}

/** Take back the last matching decision (undo). */
export function removeDecision(doc: DecisionsDocument, d: Decision): DecisionsDocument {
  let i = -1;
  for (let k = doc.decisions.length - 1; k >= 0; k--) if (sameDecision(doc.decisions[k], d)) { i = k; break; }
  if (i < 0) return doc;
  const removed = doc.decisions[i];
  const decisions = doc.decisions.filter((_, k) => k !== i);
  let codings = doc.codings;
  if (removed.store === 'file') {
    const c = codingOf(removed)!;
    let j = -1;
    for (let k = codings.length - 1; k >= 0; k--) if (codings[k].id === c.id && codings[k].code === c.code) { j = k; break; }
    if (j >= 0) codings = codings.filter((_, k) => k !== j);
  }
  return { ...doc, decisions, codings };
}

/**
 * After text was inserted into a source at code point `at` (delta > 0) or
 * removed (delta < 0), move the offsets stored for that source. `inserted`: the text put in
 * (its code points are delta), which a coding's recorded passage takes where it falls inside it.
 */
export function shiftOffsets(doc: DecisionsDocument, sourceId: string, at: number, delta: number, inserted?: string): DecisionsDocument {
  const mv = (x: number) => (x >= at ? x + delta : x);
  const passage = <T extends { readonly text?: string; readonly start: number; readonly end: number }>(c: T): T => {
    if (c.text === undefined || !(c.start < at && at < c.end) || inserted === undefined) return c;
    const cps = Array.from(c.text);
    return { ...c, text: cps.slice(0, at - c.start).join('') + inserted + cps.slice(at - c.start).join('') };
  };
  return {
    ...doc,
    codings: doc.codings.map((c) => (c.sourceId === sourceId ? { ...passage(c), start: mv(c.start), end: c.end > at || (c.end === at && c.start >= at) ? c.end + delta : c.end } : c)),
    decisions: doc.decisions.map((d) => (d.source === sourceId ? { ...passage(d), start: mv(d.start), end: d.end > at || (d.end === at && d.start >= at) ? d.end + delta : d.end } : d)),
  };
}

export function serializeDecisions(doc: DecisionsDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** All decisions as a codings table (the CSV of `--export-decisions`). */
export function decisionsTable(decisions: readonly StoredDecision[]): Table {
  const cols = ['source', 'segment', 'start', 'end', 'code', 'coder', 'decision', 'original_code', 'rule', 'score', 'memo'];
  return {
    columns: cols.map((k) => ({ key: k, label: k })),
    rows: decisions.map((d) => ({
      source: d.source,
      segment: d.segment,
      start: d.start,
      end: d.end,
      code: d.code,
      coder: d.coder,
      decision: d.decision,
      original_code: d.originalCode,
      rule: d.rule ?? '',
      score: d.score ?? null,
      memo: d.memo ?? '',
    })),
  };
}

/**
 * Earlier decisions (of the sources read now) whose span is not in their segment as it is read
 * now: the transcript was edited since (a turn or words added before them), or segmented in
 * another unit. Their segment ids name other words now: a suggestion decided before may show
 * again, and one never seen may be taken for decided. Said per source, with the first's place.
 */
export function staleDecisions(decisions: readonly StoredDecision[], segments: ReadonlyMap<string, Segment>, sources: ReadonlyMap<string, unknown>, skip: ReadonlySet<number> = new Set()): Diagnostic[] {
  const bySource = new Map<string, { n: number; first: number; segs: string[] }>();
  decisions.forEach((d, i) => {
    if (!sources.has(d.source) || skip.has(i)) return;
    const seg = segments.get(d.segment);
    if (seg && d.start >= seg.start && d.end <= seg.end) return;
    const x = bySource.get(d.source) ?? bySource.set(d.source, { n: 0, first: i, segs: [] }).get(d.source)!;
    x.n++;
    if (x.segs.length < 6 && !x.segs.includes(d.segment)) x.segs.push(d.segment);
  });
  return [...bySource].map(([id, x]) => ({
    severity: 'warning' as const,
    source: 'cli' as const,
    ruleId: 'decisions-on-other-text',
    message: `${x.n} earlier decision${x.n === 1 ? '' : 's'} on source "${id}" ${x.n === 1 ? 'is' : 'are'} not where ${x.n === 1 ? 'its' : 'their'} segment now stands (${x.segs.join(', ')}${x.n > x.segs.length ? ', …' : ''}): the source was edited since (or is read in another unit), so a suggestion decided before may be asked again and one never seen may count as decided; the codings kept in the file are placed by their passage (see the codings-moved warning, if any)`,
    path: `/decisions/${x.first}`,
    hint: 'review that source again with a new --decisions file (the codings of this one are read with --codings), or undo the edit',
  }));
}

/**
 * Earlier decisions that record their passage (`text`), on a source edited since: each whose
 * passage is no longer at its offsets, or no longer in its segment, is moved to where the passage
 * stands now (found once in the text, as written or read loosely: findQuote) and to the segment
 * that holds it (`decisions-moved`, per source, with the first places). One whose passage is
 * nowhere in the text, stands more than once, or is no longer within one segment cannot be
 * placed: it is kept in the file as it is but decides nothing now (`notApplied`, its index;
 * `decisions-not-applied`). Decisions without `text` (files of older versions) and those of
 * sources not read now are left as they are (staleDecisions speaks for the former).
 */
export function placeDecisions(doc: DecisionsDocument, sources: ReadonlyMap<string, Source>, segments: readonly Segment[]): { doc: DecisionsDocument; notApplied: ReadonlySet<number>; diagnostics: Diagnostic[] } {
  const segsOf = new Map<string, Segment[]>();
  for (const g of segments) (segsOf.get(g.sourceId) ?? segsOf.set(g.sourceId, []).get(g.sourceId)!).push(g);
  const byId = new Map(segments.map((g) => [g.id, g]));
  const maps = new Map<string, OffsetMap>();
  const holder = (src: string, a: number, b: number) => {
    const inside = (segsOf.get(src) ?? []).filter((g) => g.start <= a && b <= g.end);
    return inside.length === 1 ? inside[0] : undefined;
  };
  const moved = new Map<string, { n: number; first: number; where: string[] }>();
  const unplaced = new Map<string, { n: number; first: number; nowhere: number; twice: number; spread: number; where: string[] }>();
  const notApplied = new Set<number>();
  let changed = false;
  // (decisions of a source not read now whose passage stands in one that is: renamed since?)
  const elsewhere = new Map<string, { n: number; first: number; to: Set<string> }>();
  const decisions = doc.decisions.map((d, i) => {
    const src = sources.get(d.source);
    if (!src && d.text !== undefined && Array.from(d.text.trim()).length >= 12) {
      const hits = [...sources.values()].filter((s) => s.text.includes(d.text!));
      if (hits.length === 1) {
        const e = elsewhere.get(d.source) ?? elsewhere.set(d.source, { n: 0, first: i, to: new Set() }).get(d.source)!;
        e.n++;
        e.to.add(hits[0].id);
      }
    }
    if (!src || d.text === undefined) return d;
    const map = maps.get(src.id) ?? maps.set(src.id, new OffsetMap(src.text)).get(src.id)!;
    const len = map.toCp(src.text.length);
    const now = d.end <= len && d.start <= d.end ? map.slice(d.start, d.end) : undefined;
    const seg = byId.get(d.segment);
    if (now === d.text && seg && seg.sourceId === d.source && seg.start <= d.start && d.end <= seg.end) return d;
    let span: [number, number] | undefined;
    let found = 0;
    if (now === d.text) {
      span = [d.start, d.end];
      found = 1;
    } else if (d.text.trim()) {
      // as written (the whole recorded passage, white space included), else findQuote's loose reading
      const at: number[] = [];
      for (let k = src.text.indexOf(d.text); k >= 0 && at.length < 2; k = src.text.indexOf(d.text, k + 1)) at.push(k);
      if (at.length === 1) {
        const a = map.toCp(at[0]);
        span = [a, a + Array.from(d.text).length];
        found = 1;
      } else if (at.length > 1) found = at.length;
      else {
        const hit = findQuote(src.text, d.text);
        found = hit.found;
        span = hit.span;
      }
    }
    const to = span ? holder(src.id, span[0], span[1]) : undefined;
    if (!span || !to) {
      notApplied.add(i);
      const u = unplaced.get(src.id) ?? unplaced.set(src.id, { n: 0, first: i, nowhere: 0, twice: 0, spread: 0, where: [] }).get(src.id)!;
      u.n++;
      if (span) u.spread++;
      else if (found > 1) u.twice++;
      else u.nowhere++;
      u.where.push(`${d.decision} ${d.code} on ${d.segment} ${d.start}–${d.end}`);
      return d;
    }
    changed = true;
    const m = moved.get(src.id) ?? moved.set(src.id, { n: 0, first: i, where: [] }).get(src.id)!;
    m.n++;
    m.where.push(`${d.segment} ${d.start}–${d.end} → ${to.id} ${span[0]}–${span[1]}`);
    return { ...d, segment: to.id, start: span[0], end: span[1] };
  });
  const list = (w: string[]) => `${w.slice(0, 6).join('; ')}${w.length > 6 ? '; …' : ''}`;
  const diagnostics: Diagnostic[] = [];
  for (const [id, m] of moved) {
    diagnostics.push({
      severity: 'warning',
      source: 'cli',
      ruleId: 'decisions-moved',
      message: `${m.n} earlier decision${m.n === 1 ? '' : 's'} on source "${id}" no longer ${m.n === 1 ? 'stands' : 'stand'} where ${m.n === 1 ? 'it was' : 'they were'} made (the source was edited since): moved to where the passage each records ("text") stands now (${list(m.where)}); the decisions file keeps the new places from the next decision saved`,
      path: `/decisions/${m.first}`,
      hint: 'check those passages in the edited source; nothing to do when they are the ones decided on',
    });
  }
  for (const [id, u] of unplaced) {
    const parts: Array<[number, string, string]> = [
      [u.nowhere, 'is nowhere in the text now', 'are nowhere in the text now'],
      [u.twice, 'stands more than once (which one is meant is not guessed)', 'stand more than once (which one is meant is not guessed)'],
      [u.spread, 'stands over more than one segment now', 'stand over more than one segment now'],
    ];
    const why = u.n === 1 ? `the passage it records ${parts.find(([k]) => k)![1]}` : `of the passages they record, ${parts.filter(([k]) => k).map(([k, one, many]) => `${k} ${k === 1 ? one : many}`).join(', ')}`;
    diagnostics.push({
      severity: 'warning',
      source: 'cli',
      ruleId: 'decisions-not-applied',
      message: `${u.n} earlier decision${u.n === 1 ? '' : 's'} on source "${id}" cannot be placed in its text as it is now: ${why} (${list(u.where)}); kept in the decisions file as ${u.n === 1 ? 'it is' : 'they are'}, but ${u.n === 1 ? 'it decides' : 'they decide'} nothing in this review: the suggestions there may be asked again`,
      path: `/decisions/${u.first}`,
      hint: 'review those passages again (or undo the edit of the source); to drop the old decisions, delete them from the decisions file',
    });
  }
  for (const [id, e] of elsewhere) {
    const to = [...e.to].map((x) => `"${x}"`).join(', ');
    diagnostics.push({
      severity: 'warning',
      source: 'cli',
      ruleId: 'decisions-other-source',
      message: `${e.n} earlier decision${e.n === 1 ? '' : 's'} on source "${id}", which is not read now, record${e.n === 1 ? 's a passage that stands' : ' passages that stand'} in source ${to}: was the file renamed (a source's id is its file name)? ${e.n === 1 ? 'It decides' : 'They decide'} nothing there: the suggestions ${e.n === 1 ? 'it' : 'they'} decided may be asked again`,
      path: `/decisions/${e.first}`,
      hint: `give the source its old file name again, or write its new id (${to}) as the "source" of these decisions (and the "sourceId" of their codings) in the decisions file`,
    });
  }
  return { doc: changed ? { ...doc, decisions } : doc, notApplied, diagnostics };
}

/**
 * Is `text` the texts of rules joined by ` | `, one of `each[k]` for the k-th rule, in order? (A
 * rule's text holds ` | ` itself, `near nl: (a | b) NEAR/4 …`: each part is matched from where the
 * one before ended, trying each of the rule's texts, its Dutch and English.)
 */
function textsOf(text: string, each: readonly ReadonlySet<string>[], k = 0, at = 0): boolean {
  if (k === each.length) return at === text.length;
  for (const t of each[k]) {
    if (!text.startsWith(t, at)) continue;
    const end = at + t.length;
    if (k === each.length - 1 ? end === text.length : text.startsWith(' | ', end) && textsOf(text, each, k + 1, end + 3)) return true;
  }
  return false;
}

/**
 * Earlier decisions held against the codebooks given now: those that name a code no codebook
 * defines (renamed or removed since: `decisions-code-not-in-codebook`), and those made on a
 * suggestion of a rule that reads otherwise now or is gone (`decisions-rule-changed`; a decision
 * records the rule's text since session 19, older ones only its id). Both were applied without a
 * word: a rejection of a renamed code decided nothing, and a rejection made under the old rule
 * still kept the new rule's suggestion on that passage from being asked. Said with counts per code
 * and per rule; nothing is changed. `skip`: indexes of decisions not applied now (placeDecisions).
 */
export function decisionsAgainstCodebooks(decisions: readonly StoredDecision[], books: readonly Codebook[], skip: ReadonlySet<number> = new Set()): Diagnostic[] {
  const codes = new Set<string>();
  const ruleTexts = new Map<string, Set<string>>();
  for (const book of books) {
    for (const c of book.codes) codes.add(c.id);
    for (const lang of ['nl', 'en'] as const) {
      for (const r of describeRules(book, lang).rules) (ruleTexts.get(r.id) ?? ruleTexts.set(r.id, new Set()).get(r.id)!).add(r.description);
    }
  }
  const gone = new Map<string, { first: number; kinds: Map<string, number> }>();
  const changed = new Map<string, { first: number; n: number; was?: string; now?: string; removed: boolean }>();
  let goneN = 0;
  let changedN = 0;
  decisions.forEach((d, i) => {
    if (skip.has(i)) return;
    const missing = [...new Set([d.originalCode, d.code])].filter((c) => !codes.has(c));
    if (missing.length) goneN++;
    for (const c of missing) {
      const g = gone.get(c) ?? gone.set(c, { first: i, kinds: new Map() }).get(c)!;
      const kind = d.decision === 'change' ? (c === d.code ? 'changed to it' : 'changed from it') : d.decision === 'accept' ? 'accepted' : d.decision === 'reject' ? 'rejected' : d.decision === 'add' ? 'added' : 'split';
      g.kinds.set(kind, (g.kinds.get(kind) ?? 0) + 1);
    }
    if (d.suggestedBy !== 'rules' || !d.rule || missing.includes(d.originalCode)) return;
    // (a suggestion of several rules of one code records their ids joined by commas, `exchange/r1,exchange/r2`,
    // and their texts joined by ` | `, as the rules engine writes them: each id is looked up, and the
    // text recorded must be theirs in that order; the whole id looked up once made every such decision
    // "no longer in the codebook" at the next review)
    const ids = d.rule.split(',');
    const nows = ids.map((id) => ruleTexts.get(id));
    const goneIds = ids.filter((_, k) => !nows[k]);
    const removed = goneIds.length > 0;
    if (!removed && (d.ruleText === undefined || textsOf(d.ruleText, nows as Set<string>[]))) return;
    changedN++;
    const key = removed ? goneIds.join(',') : d.rule;
    const c = changed.get(key) ?? changed.set(key, { first: i, n: 0, removed, ...(d.ruleText !== undefined ? { was: d.ruleText } : {}) }).get(key)!;
    c.n++;
    if (!removed && !c.now) {
      // (the text of the rules now in the language of the one recorded, when it names one)
      const lang = / (nl|en):/.exec(d.ruleText ?? '')?.[1];
      c.now = (nows as Set<string>[]).map((now) => [...now].find((t) => !lang || t.includes(` ${lang}:`)) ?? [...now][0]).join(' | ');
    }
  });
  const out: Diagnostic[] = [];
  const list = (xs: string[]) => `${xs.slice(0, 6).join('; ')}${xs.length > 6 ? `; and ${xs.length - 6} more` : ''}`;
  if (gone.size) {
    const parts = [...gone].map(([code, g]) => `"${code}" (${[...g.kinds].map(([k, n]) => `${n} ${k}`).join(', ')})`);
    out.push({
      severity: 'warning',
      source: 'cli',
      ruleId: 'decisions-code-not-in-codebook',
      message: `${goneN} earlier decision${goneN === 1 ? '' : 's'} name${goneN === 1 ? 's' : ''} ${gone.size === 1 ? 'a code' : `${gone.size} codes`} that no codebook given defines now (renamed or removed since?): ${list(parts)}; the codings ${goneN === 1 ? 'it' : 'they'} made are kept as uncategorised codes, and a rejection decides nothing now (a renamed code's suggestions there are asked again)`,
      path: `/decisions/${[...gone.values()].reduce((m, g) => Math.min(m, g.first), Infinity)}`,
      hint: 'if a code was renamed, write its new id as "code" and "originalCode" of these decisions (and as "code" of their codings) in the decisions file; if it was removed, nothing to do; or give the codebook that defines it with -c',
      actual: [...gone.keys()][0],
    });
  }
  if (changed.size) {
    const parts = [...changed].map(([id, c]) => (c.removed ? `"${id}" (${c.n}: no longer in the codebook)` : `"${id}" (${c.n}: was "${c.was}", now "${c.now}")`));
    out.push({
      severity: 'warning',
      source: 'cli',
      ruleId: 'decisions-rule-changed',
      message: `${changedN} earlier decision${changedN === 1 ? ' was made on a suggestion of a rule' : 's were made on suggestions of rules'} that changed since: ${list(parts)}; ${changedN === 1 ? 'it still decides' : 'they still decide'} the code on ${changedN === 1 ? 'its passage' : 'their passages'} (what the rules suggest there now is not asked)`,
      path: `/decisions/${[...changed.values()].reduce((m, c) => Math.min(m, c.first), Infinity)}`,
      hint: 'to be asked again what the new rules suggest there, review with a new --decisions file (read this one\'s codings with --codings) or delete those decisions from this one; to keep them, nothing to do',
      actual: [...changed.keys()][0],
    });
  }
  return out;
}
