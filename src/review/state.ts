/**
 * The review loop as a pure state machine. `reduce(state, action)` returns the
 * next state and the effects (decisions to save or to take back). The terminal
 * front end persists the effects BEFORE it shows the new state, so nothing
 * decided is ever lost.
 */
import type { Coding, Lang, Segment } from '../model/types.js';
import { foldForFilter } from './text.js';

export type DecisionKind = 'accept' | 'reject' | 'change' | 'add' | 'split';

/** One decision of a researcher on a suggestion (what the decisions file stores). */
export interface Decision {
  readonly source: string;
  readonly segment: string;
  /** Coded span (code points into the source text as read when the review started). */
  readonly start: number;
  readonly end: number;
  /** The code decided on (for `reject`: the rejected code). */
  readonly code: string;
  /** Who decided (`human` or a name). */
  readonly coder: string;
  readonly decision: DecisionKind;
  /** The suggested code. */
  readonly originalCode: string;
  /** Which automatic coder suggested it (`rules` or `model`). */
  readonly suggestedBy?: string;
  readonly rule?: string;
  /**
   * The rule as it read when the suggestion was decided (`keywords nl: overleg*`), so that a
   * review resumed with a codebook whose rule changed since says so. Absent in older files.
   */
  readonly ruleText?: string;
  readonly score?: number;
  readonly memo?: string;
}

/** A suggestion in the queue. */
export interface Suggestion {
  /** `${segmentId} ${code}`: what a decision is remembered by. */
  readonly key: string;
  readonly coding: Coding;
  readonly segment: Segment;
}

export interface CodeOption {
  readonly id: string;
  /** The name shown (in the review's language; qualified by its codebook when two codes share it). */
  readonly name: string;
  readonly depth: number;
  /** Further names the filter finds it by: the name in the other language, aliases. */
  readonly also?: readonly string[];
}

export interface Word {
  /** Code points, relative to the segment start. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type Mode =
  | { readonly kind: 'browse' }
  | { readonly kind: 'change' | 'add'; readonly filter: string; readonly cursor: number }
  | { readonly kind: 'split'; readonly words: readonly Word[]; readonly from: number; readonly to: number; readonly edge: 'start' | 'end'; readonly typed: string }
  | { readonly kind: 'memo'; readonly text: string };

export interface ReviewState {
  readonly items: readonly Suggestion[];
  /** Index of the current item; === items.length when done. */
  readonly pos: number;
  /** Keys decided (in this or an earlier session). */
  readonly decided: ReadonlySet<string>;
  /** `${segmentId} ${code}` pairs that carry a human coding. */
  readonly coded: ReadonlySet<string>;
  /** Decisions of this session, in order (for undo); each with the queue position it was made at. */
  readonly history: ReadonlyArray<{ readonly decision: Decision; readonly key?: string; readonly pos: number }>;
  readonly mode: Mode;
  /** Memo typed for the current item (used by its next decision). */
  readonly memo?: string;
  readonly message?: string;
  readonly quit: boolean;
  readonly coder: string;
}

export type Effect = { readonly type: 'save'; readonly decision: Decision } | { readonly type: 'unsave'; readonly decision: Decision };

export type Action =
  | { readonly type: 'accept' | 'reject' | 'change' | 'add' | 'split' | 'memo' | 'undo' | 'skip' | 'nextSource' | 'quit' }
  | { readonly type: 'input'; readonly text: string }
  | { readonly type: 'backspace' | 'enter' | 'escape' | 'up' | 'down' | 'left' | 'right' | 'tab' };

export interface ReviewContext {
  readonly codes: readonly CodeOption[];
  readonly lang: Lang;
}

export const keyOf = (segmentId: string, code: string): string => `${segmentId} ${code}`;

/** Queue order: by source (as read) then offset then code, or by score (highest first). */
export function orderSuggestions(items: readonly Suggestion[], order: 'source' | 'confidence', sourceOrder: ReadonlyMap<string, number>): Suggestion[] {
  const bySource = (a: Suggestion, b: Suggestion) =>
    (sourceOrder.get(a.coding.sourceId) ?? 1e9) - (sourceOrder.get(b.coding.sourceId) ?? 1e9) ||
    a.coding.start - b.coding.start ||
    a.coding.end - b.coding.end ||
    (a.coding.code < b.coding.code ? -1 : a.coding.code > b.coding.code ? 1 : 0);
  const sorted = items.slice();
  if (order === 'confidence') sorted.sort((a, b) => (b.coding.score ?? 0) - (a.coding.score ?? 0) || bySource(a, b));
  else sorted.sort(bySource);
  return sorted;
}

export interface BuildQueueInput {
  /** All codings of the document (suggestions and human ones). */
  readonly codings: readonly Coding[];
  readonly segments: ReadonlyMap<string, Segment>;
  /** `rules` or `model`. */
  readonly coder: string;
  /** Only these codes (ids), when given. */
  readonly only?: readonly string[];
  /** Decisions already made (earlier sessions). */
  readonly decisions: readonly Decision[];
  readonly order: 'source' | 'confidence';
  readonly sourceOrder: ReadonlyMap<string, number>;
}

/**
 * The suggestions to review: codings by `coder`, limited to `only`, without
 * (segment, code) pairs a human already coded or that were decided before.
 */
export function buildQueue(input: BuildQueueInput): { items: Suggestion[]; decided: Set<string>; coded: Set<string> } {
  const coded = new Set<string>();
  for (const c of input.codings) if (c.coder !== 'rules' && c.coder !== 'model' && c.segmentId) coded.add(keyOf(c.segmentId, c.code));
  const decided = new Set<string>();
  for (const d of input.decisions) {
    // an added code does not decide the suggestion it was added next to
    if (d.decision !== 'add') decided.add(keyOf(d.segment, d.originalCode));
    if (d.decision !== 'reject') coded.add(keyOf(d.segment, d.code));
  }
  const only = input.only?.length ? new Set(input.only) : undefined;
  const items: Suggestion[] = [];
  const seen = new Set<string>();
  for (const c of input.codings) {
    if (c.coder !== input.coder || !c.segmentId) continue;
    if (only && !only.has(c.code)) continue;
    const key = keyOf(c.segmentId, c.code);
    if (seen.has(key) || decided.has(key) || coded.has(key)) continue;
    const segment = input.segments.get(c.segmentId);
    if (!segment) continue;
    seen.add(key);
    items.push({ key, coding: c, segment });
  }
  return { items: orderSuggestions(items, input.order, input.sourceOrder), decided, coded };
}

export function initialState(items: readonly Suggestion[], opts: { decided?: ReadonlySet<string>; coded?: ReadonlySet<string>; coder?: string } = {}): ReviewState {
  const s: ReviewState = {
    items,
    pos: 0,
    decided: opts.decided ?? new Set(),
    coded: opts.coded ?? new Set(),
    history: [],
    mode: { kind: 'browse' },
    quit: false,
    coder: opts.coder ?? 'human',
  };
  return { ...s, pos: nextOpen(s, 0) };
}

/** Is this item still open (not decided, its code not yet coded by a human on the segment)? */
export function isOpen(s: Pick<ReviewState, 'decided' | 'coded'>, it: Suggestion): boolean {
  return !s.decided.has(it.key) && !s.coded.has(it.key);
}

function nextOpen(s: ReviewState, from: number): number {
  let i = from;
  while (i < s.items.length && !isOpen(s, s.items[i])) i++;
  return i;
}

export function current(s: ReviewState): Suggestion | undefined {
  return s.items[s.pos];
}

export function openCount(s: ReviewState): number {
  let n = 0;
  for (const it of s.items) if (isOpen(s, it)) n++;
  return n;
}

/** Words of a segment (letters, digits and inner apostrophes/hyphens), offsets in code points relative to the segment. */
export function segmentWords(text: string): Word[] {
  const out: Word[] = [];
  const cps = Array.from(text);
  let i = 0;
  const isWord = (ch: string) => /[\p{L}\p{N}]/u.test(ch);
  while (i < cps.length) {
    if (!isWord(cps[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < cps.length && (isWord(cps[j]) || (/['’\-]/.test(cps[j]) && j + 1 < cps.length && isWord(cps[j + 1])))) j++;
    out.push({ start: i, end: j, text: cps.slice(i, j).join('') });
    i = j;
  }
  return out;
}

/**
 * Codes matching a type-to-filter text: by id, the name shown, the name in the other language and
 * aliases (case and diacritics folded; every word typed must occur in one of them). All codes for
 * an empty filter.
 */
export function filterCodes(codes: readonly CodeOption[], filter: string): CodeOption[] {
  const f = foldForFilter(filter.trim());
  if (!f) return codes.slice();
  const parts = f.split(/\s+/);
  const keys = (c: CodeOption) => [c.id, c.name, ...(c.also ?? [])].map(foldForFilter);
  const hit = codes.filter((c) => {
    const ks = keys(c);
    return parts.every((p) => ks.some((k) => k.includes(p)));
  });
  // exact id or name first, then prefix matches (the shown name before the others), then the rest (stable)
  const rank = (c: CodeOption) => {
    const ks = keys(c);
    if (ks.some((k) => k === f)) return 0;
    if (ks[0].startsWith(f) || ks[1].startsWith(f)) return 1;
    if (ks.some((k) => k.startsWith(f))) return 2;
    return 3;
  };
  return hit.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
}

function decisionFor(s: ReviewState, it: Suggestion, kind: DecisionKind, code: string, span?: { start: number; end: number }): Decision {
  const ev = it.coding.evidence;
  return {
    source: it.coding.sourceId,
    segment: it.segment.id,
    start: span?.start ?? it.coding.start,
    end: span?.end ?? it.coding.end,
    code,
    coder: s.coder,
    decision: kind,
    originalCode: it.coding.code,
    suggestedBy: it.coding.coder,
    ...(ev?.ruleId ? { rule: ev.ruleId, ...(ev.rule ? { ruleText: ev.rule } : {}) } : ev?.features?.length ? { rule: 'model' } : {}),
    ...(it.coding.score !== undefined ? { score: it.coding.score } : {}),
    ...(s.memo ? { memo: s.memo } : {}),
  };
}

type Result = { state: ReviewState; effects: Effect[] };
const same = (state: ReviewState, message?: string): Result => ({ state: message === undefined ? state : { ...state, message }, effects: [] });

/** Record a decision that resolves the current item, and move on. */
function resolve(s: ReviewState, d: Decision, it: Suggestion): Result {
  const decided = new Set(s.decided);
  decided.add(it.key);
  const coded = new Set(s.coded);
  if (d.decision !== 'reject') coded.add(keyOf(d.segment, d.code));
  const next: ReviewState = {
    ...s,
    decided,
    coded,
    history: [...s.history, { decision: d, key: it.key, pos: s.pos }],
    mode: { kind: 'browse' },
    memo: undefined,
    message: undefined,
  };
  return { state: { ...next, pos: nextOpen(next, s.pos + 1) }, effects: [{ type: 'save', decision: d }] };
}

export function reduce(s: ReviewState, a: Action, ctx: ReviewContext): Result {
  if (s.quit) return same(s);
  const it = current(s);
  const m = s.mode;
  const msg = MESSAGES[ctx.lang];

  if (m.kind === 'change' || m.kind === 'add') {
    const list = filterCodes(ctx.codes, m.filter);
    switch (a.type) {
      case 'escape':
        return same({ ...s, mode: { kind: 'browse' }, message: undefined });
      case 'input':
        return same({ ...s, mode: { ...m, filter: m.filter + a.text, cursor: 0 } });
      case 'backspace':
        return same({ ...s, mode: { ...m, filter: Array.from(m.filter).slice(0, -1).join(''), cursor: 0 } });
      case 'up':
        return same({ ...s, mode: { ...m, cursor: Math.max(0, m.cursor - 1) } });
      case 'down':
      case 'tab':
        return same({ ...s, mode: { ...m, cursor: Math.min(Math.max(0, list.length - 1), m.cursor + 1) } });
      case 'enter': {
        const pick = list[m.cursor];
        if (!pick || !it) return same(s, msg.noCode);
        if (m.kind === 'change') {
          if (pick.id === it.coding.code) return resolve(s, decisionFor(s, it, 'accept', pick.id), it);
          return resolve(s, decisionFor(s, it, 'change', pick.id), it);
        }
        // add: another code on the same span; the suggestion itself stays open
        if (s.coded.has(keyOf(it.segment.id, pick.id))) return same({ ...s, mode: { kind: 'browse' } }, msg.already(pick.id));
        const d = decisionFor(s, it, 'add', pick.id);
        const coded = new Set(s.coded);
        coded.add(keyOf(d.segment, d.code));
        return {
          state: { ...s, coded, history: [...s.history, { decision: d, pos: s.pos }], mode: { kind: 'browse' }, memo: undefined, message: msg.added(pick.id) },
          effects: [{ type: 'save', decision: d }],
        };
      }
      default:
        return same(s);
    }
  }

  if (m.kind === 'memo') {
    switch (a.type) {
      case 'escape':
        return same({ ...s, mode: { kind: 'browse' }, message: undefined });
      case 'input':
        return same({ ...s, mode: { kind: 'memo', text: m.text + a.text } });
      case 'backspace':
        return same({ ...s, mode: { kind: 'memo', text: Array.from(m.text).slice(0, -1).join('') } });
      case 'enter': {
        const text = m.text.replace(/\s+/g, ' ').trim();
        return same({ ...s, mode: { kind: 'browse' }, memo: text || undefined, message: text ? msg.memoSet : undefined });
      }
      default:
        return same(s);
    }
  }

  if (m.kind === 'split') {
    const n = m.words.length;
    switch (a.type) {
      case 'escape':
        return same({ ...s, mode: { kind: 'browse' }, message: undefined });
      case 'tab':
        return same({ ...s, mode: { ...m, edge: m.edge === 'start' ? 'end' : 'start' } });
      case 'left':
      case 'right': {
        const d = a.type === 'left' ? -1 : 1;
        if (m.edge === 'start') return same({ ...s, mode: { ...m, from: clamp(m.from + d, 0, m.to) } });
        return same({ ...s, mode: { ...m, to: clamp(m.to + d, m.from, n - 1) } });
      }
      case 'up':
        return same({ ...s, mode: { ...m, edge: 'start' } });
      case 'down':
        return same({ ...s, mode: { ...m, edge: 'end' } });
      case 'input':
      case 'backspace': {
        const typed = a.type === 'input' ? m.typed + a.text : Array.from(m.typed).slice(0, -1).join('');
        const sel = findPhrase(m.words, typed);
        return same({ ...s, mode: { ...m, typed, ...(sel ? { from: sel[0], to: sel[1] } : {}) }, message: sel || !typed.trim() ? undefined : msg.notFound });
      }
      case 'enter': {
        if (!it || !n) return same({ ...s, mode: { kind: 'browse' } });
        const base = it.segment.start;
        const span = { start: base + m.words[m.from].start, end: base + m.words[m.to].end };
        return resolve(s, decisionFor(s, it, 'split', it.coding.code, span), it);
      }
      default:
        return same(s);
    }
  }

  // browse
  switch (a.type) {
    case 'quit':
      return same({ ...s, quit: true });
    case 'undo': {
      const last = s.history[s.history.length - 1];
      if (!last) return same(s, msg.nothingToUndo);
      const decided = new Set(s.decided);
      if (last.key) decided.delete(last.key);
      const coded = new Set(s.coded);
      if (last.decision.decision !== 'reject') coded.delete(keyOf(last.decision.segment, last.decision.code));
      return {
        state: { ...s, decided, coded, history: s.history.slice(0, -1), pos: last.pos, mode: { kind: 'browse' }, memo: last.decision.memo, message: msg.undone(last.decision) },
        effects: [{ type: 'unsave', decision: last.decision }],
      };
    }
    default:
      break;
  }
  if (!it) return same(s, msg.done);
  switch (a.type) {
    case 'accept':
      return resolve(s, decisionFor(s, it, 'accept', it.coding.code), it);
    case 'reject':
      return resolve(s, decisionFor(s, it, 'reject', it.coding.code), it);
    case 'change':
    case 'add':
      return same({ ...s, mode: { kind: a.type, filter: '', cursor: 0 }, message: undefined });
    case 'split': {
      const words = segmentWords(it.segment.text);
      if (!words.length) return same(s, msg.noWords);
      return same({ ...s, mode: { kind: 'split', words, from: 0, to: words.length - 1, edge: 'start', typed: '' }, message: undefined });
    }
    case 'memo':
      return same({ ...s, mode: { kind: 'memo', text: s.memo ?? '' }, message: undefined });
    case 'skip':
    case 'right': {
      const p = nextOpen(s, s.pos + 1);
      return same({ ...s, pos: p, memo: undefined, message: p >= s.items.length ? msg.done : undefined });
    }
    case 'left': {
      let p = s.pos - 1;
      while (p >= 0 && !isOpen(s, s.items[p])) p--;
      return p < 0 ? same(s) : same({ ...s, pos: p, memo: undefined, message: undefined });
    }
    case 'nextSource': {
      let p = s.pos + 1;
      while (p < s.items.length && (s.items[p].coding.sourceId === it.coding.sourceId || !isOpen(s, s.items[p]))) p++;
      return same({ ...s, pos: p, memo: undefined, message: p >= s.items.length ? msg.done : undefined });
    }
    default:
      return same(s);
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

/** Word range [from, to] covering the first occurrence of a typed phrase (case and diacritics folded). */
export function findPhrase(words: readonly Word[], typed: string): [number, number] | undefined {
  const want = foldForFilter(typed).split(/[^\p{L}\p{N}'’\-]+/u).filter(Boolean);
  if (!want.length) return undefined;
  const folded = words.map((w) => foldForFilter(w.text));
  for (let i = 0; i + want.length <= folded.length; i++) {
    let ok = true;
    for (let k = 0; k < want.length; k++) {
      const w = folded[i + k];
      // the last typed word may be incomplete
      if (k === want.length - 1 ? !w.startsWith(want[k]) : w !== want[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return [i, i + want.length - 1];
  }
  return undefined;
}

/** Map a terminal key (node:readline keypress) to an action for the current mode. */
export function keyToAction(mode: Mode['kind'], str: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean } = {}): Action | undefined {
  if (key.ctrl && (key.name === 'c' || key.name === 'd')) return { type: 'quit' };
  switch (key.name) {
    case 'return':
    case 'enter':
      return { type: 'enter' };
    case 'escape':
      return { type: 'escape' };
    case 'backspace':
      return { type: 'backspace' };
    case 'up':
      return { type: 'up' };
    case 'down':
      return { type: 'down' };
    case 'left':
      return { type: 'left' };
    case 'right':
      return mode === 'browse' ? { type: 'skip' } : { type: 'right' };
    case 'tab':
      return { type: 'tab' };
    default:
      break;
  }
  if (key.ctrl || key.meta) return undefined;
  if (mode !== 'browse') return str && !/[\u0000-\u001f\u007f]/.test(str) ? { type: 'input', text: str } : undefined;
  switch (str) {
    case 'a':
      return { type: 'accept' };
    case 'r':
      return { type: 'reject' };
    case 'c':
      return { type: 'change' };
    case 'n':
      return { type: 'add' };
    case 's':
      return { type: 'split' };
    case 'm':
      return { type: 'memo' };
    case 'u':
      return { type: 'undo' };
    case ' ':
    case '.':
      return { type: 'skip' };
    case ']':
      return { type: 'nextSource' };
    case 'q':
      return { type: 'quit' };
    default:
      return undefined;
  }
}

export const MESSAGES: Record<
  Lang,
  {
    done: string;
    noCode: string;
    already: (c: string) => string;
    added: (c: string) => string;
    memoSet: string;
    notFound: string;
    nothingToUndo: string;
    undone: (d: Decision) => string;
    noWords: string;
  }
> = {
  en: {
    done: 'all suggestions reviewed: press q to quit (u undoes the last decision)',
    noCode: 'no code matches the filter',
    already: (c) => `${c} is already coded here`,
    added: (c) => `added ${c}`,
    memoSet: 'memo kept for the next decision',
    notFound: 'phrase not found in this segment',
    nothingToUndo: 'nothing to undo',
    undone: (d) => `undone: ${d.decision} ${d.code}`,
    noWords: 'this segment has no words to select',
  },
  nl: {
    done: 'alle suggesties beoordeeld: druk q om te stoppen (u maakt de laatste beslissing ongedaan)',
    noCode: 'geen code past bij het filter',
    already: (c) => `${c} is hier al gecodeerd`,
    added: (c) => `${c} toegevoegd`,
    memoSet: 'memo bewaard voor de volgende beslissing',
    notFound: 'zinsdeel niet gevonden in dit segment',
    nothingToUndo: 'niets om ongedaan te maken',
    undone: (d) => `ongedaan: ${d.decision} ${d.code}`,
    noWords: 'dit segment heeft geen woorden om te selecteren',
  },
};
