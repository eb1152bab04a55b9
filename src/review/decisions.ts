/**
 * The decisions file (pure model): a codings document (so `qda code --codings`
 * and every analysis command can read it) whose `codings` are the human codings
 * decided in the file store, plus a `decisions` log of every decision — rejected
 * suggestions included, so they are not asked again.
 */
import type { Coding, CodingsDocument, Diagnostic, Segment, Table } from '../model/types.js';
import { inputError } from '../model/errors.js';
import type { Decision } from './state.js';

export interface StoredDecision extends Decision {
  /** Where the human coding went: the source text (inline marker) or this file. Absent for rejections. */
  readonly store?: 'inline' | 'file';
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
    decisions: decisions.map((d) => ({ ...d, originalCode: d.originalCode ?? d.code, coder: d.coder ?? 'human' })),
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

/** `text`: the passage the decision codes (code points start–end of the source text as it is now), recorded with a coding stored in the file. */
export function addDecision(doc: DecisionsDocument, d: Decision, store: 'inline' | 'file' | undefined, text?: string): DecisionsDocument {
  const c = store === 'file' ? codingOf(d) : undefined;
  return {
    ...doc,
    codings: c ? [...doc.codings, text !== undefined ? { ...c, text } : c] : doc.codings,
    decisions: [...doc.decisions, { ...d, ...(store && d.decision !== 'reject' ? { store } : {}) }],
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
  const passage = (c: StoredCoding): StoredCoding => {
    if (c.text === undefined || !(c.start < at && at < c.end) || inserted === undefined) return c;
    const cps = Array.from(c.text);
    return { ...c, text: cps.slice(0, at - c.start).join('') + inserted + cps.slice(at - c.start).join('') };
  };
  return {
    ...doc,
    codings: doc.codings.map((c) => (c.sourceId === sourceId ? { ...passage(c), start: mv(c.start), end: c.end > at || (c.end === at && c.start >= at) ? c.end + delta : c.end } : c)),
    decisions: doc.decisions.map((d) => (d.source === sourceId ? { ...d, start: mv(d.start), end: d.end > at || (d.end === at && d.start >= at) ? d.end + delta : d.end } : d)),
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
export function staleDecisions(decisions: readonly StoredDecision[], segments: ReadonlyMap<string, Segment>, sources: ReadonlyMap<string, unknown>): Diagnostic[] {
  const bySource = new Map<string, { n: number; first: number; segs: string[] }>();
  decisions.forEach((d, i) => {
    if (!sources.has(d.source)) return;
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
