/**
 * Finding inline human-coding markers in a text (pure). Two syntaxes:
 *
 * - qdakit markers: `{{code-id}}`, `{{code-a, code-b}}`, `{{code @anna}}`,
 *   `{{code | memo}}`, and `[[exact words]]{{code}}` for an exact span; `{{code #e1}}`
 *   labels the coding, `{{code -> e1 enacts: consistent}}` links it to e1 (links.ts).
 * - the legacy thesis form `… coded text. Code: label …` (in any case: `CODE:`, `code:`;
 *   also `Codes:`; the label may stand in quotes or brackets),
 *   as students' appendices hold it: the label on the same line or on the next one
 *   (a PDF wrap; blank lines and a lone page number in between are skipped), in any
 *   case, several after one passage (`Code: a Code: b`, `Code: a, b`), and a label
 *   broken by a line wrap (`Code: joint-` ⏎ `measure`).
 *
 * Where a legacy label ends is decided with the labels known (`rank`: the codes'
 * ids, names and aliases, resolved by spelling too; `known`: labels seen whole
 * elsewhere): the longest run of words that names a code wins, also across a line
 * wrap (`Code: interaction Weet niet …` → `interaction`; `Code: common` ⏎
 * `discussion` → `common discussion`). A label that names no code runs to the end of
 * its run of words (up to `maxWords`): to the line end, punctuation or a capitalised
 * word (the next sentence); when lower-case words go on beyond `maxWords`, only the
 * first word is taken and the label is marked `guessed`. A `Code:` with no label
 * after it (end of the turn, punctuation, another marker) is kept as a marker with
 * no labels (`empty`), so that the caller can report it.
 *
 * All offsets are UTF-16 indices into the text given.
 */
import { labelKey } from './label-resolver.js';
import { PAGE_NUMBER_LINE, isSpaceCode } from '../model/page-debris.js';
import type { CodingLink } from '../model/types.js';
import { hasLinkSyntax, splitMarkerLinks } from './links.js';

export { labelKey };


export interface Marker {
  readonly kind: 'curly' | 'legacy';
  /** Marker text span (UTF-16, half-open). For `[[…]]{{…}}` it starts at `{{`. */
  readonly start: number;
  readonly end: number;
  /** The marker as written. */
  readonly text: string;
  /** Code labels as written (ids or names); wrapped labels with the line break as one space (or none after a hyphen). */
  readonly labels: readonly string[];
  readonly coder?: string;
  /** Every coder the marker names, when it names more than one (`{{a @fem @kees}}`): a coding of each. */
  readonly coders?: readonly string[];
  readonly memo?: string;
  /** For `[[…]]{{…}}`: the bracketed span (inside the brackets). */
  readonly exact?: readonly [number, number];
  /** For `[[…]]{{…}}`: the `[[` and `]]` positions, to mask them. */
  readonly brackets?: readonly [number, number];
  /** `{{espoused #e1}}`: the label other codings link to. */
  readonly ref?: string;
  /** `{{in-use -> e1 enacts: consistent}}`: links to other codings (see links.ts). */
  readonly links?: readonly CodingLink[];
  /** Label or link parts that could not be read (the caller reports them with file:line). */
  readonly linkProblems?: readonly string[];
  /** Legacy labels, per label: did it end by itself (line or turn end, punctuation, a capital)? */
  readonly natural?: readonly boolean[];
  /** Legacy labels, per label: where it ends was guessed (lower-case text went on after it). */
  readonly guessed?: readonly boolean[];
  /** Legacy labels, per label: read across a line break. */
  readonly wrapped?: readonly boolean[];
}

export interface MarkerOptions {
  /** How well a candidate legacy label names a code: 2 exactly (id, name, alias, spelling), 1 a near miss, 0 not. */
  readonly rank?: (label: string) => number;
  /** Label keys (labelKey) known to be whole labels. */
  readonly known?: ReadonlySet<string>;
  /** Most words a legacy label may have (default 4: the longest code name or alias in use, when larger). */
  readonly maxWords?: number;
  /** Sorted UTF-16 positions no legacy label runs past (the ends and starts of turns). */
  readonly stops?: readonly number[];
  /** UTF-16 starts of lines that are page debris (running headers), skipped like blank lines and page numbers. */
  readonly debris?: { has(lineStart: number): boolean };
}

const CURLY = /\{\{([^{}\n]*)\}\}/g;
/**
 * The legacy keyword: `Code:`, `CODE:`, `code:`, `Codes:` (not inside a word: `pincode:`; nor in a
 * web address: `…/wiki/Code:samenwerking`, `?q=code:x`, `#Code:` — it coded the words before the link).
 */
const LEGACY = /(?<![\p{L}\p{N}/=#])codes?[ \t]?:/giu;
const LEGACY_AT = /^codes?[ \t]?:/iu;
/** Is there a legacy keyword in the text (quick test before the scan)? */
export function hasLegacyMarker(text: string): boolean {
  if (text.length < 4096) return legacyKeywordIn(text);
  // a source's text is asked about three times (human codings' first pass, findMarkers, the
  // running headers): the last long text's answer is kept (the same string: a pointer comparison)
  if (text === lastText) return lastAnswer;
  lastAnswer = legacyKeywordIn(text);
  lastText = text;
  return lastAnswer;
}
let lastText: string | undefined;
let lastAnswer = false;

function legacyKeywordIn(text: string): boolean {
  // the same as /codes?[ \t]?:/i.test(text) (ASCII case only: without the u flag, `i` folds no
  // other letter to these), by looking back from each colon (native indexOf; most texts have few)
  for (let i = text.indexOf(':', 4); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let c = text.charCodeAt(j);
    if (c === 32 || c === 9) c = text.charCodeAt(--j);
    if ((c | 32) === 115) c = text.charCodeAt(--j);
    // "code": e d o c, looking back
    if (j >= 3 && (c | 32) === 101 && (text.charCodeAt(j - 1) | 32) === 100 && (text.charCodeAt(j - 2) | 32) === 111 && (text.charCodeAt(j - 3) | 32) === 99) return true;
  }
  return false;
}
/** Quotes or brackets around a label: skipped. */
const OPENERS = /^["'“‘„«(\[]/;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’&]*(?:[-–][\p{L}\p{N}][\p{L}\p{N}'’&]*)*/uy;
const DEFAULT_MAX_WORDS = 4;

/** Quick test before the full scan. */
export function mayHaveMarkers(text: string): boolean {
  return text.includes('{{') || hasLegacyMarker(text);
}

export function findMarkers(text: string, options?: ReadonlySet<string> | MarkerOptions): Marker[] {
  const opts: MarkerOptions = options instanceof Set ? { known: options } : ((options as MarkerOptions | undefined) ?? {});
  const curly = text.includes('{{') ? curlyMarkers(text) : [];
  if (!hasLegacyMarker(text)) return curly;
  const legacy = legacyMarkers(text, opts, curly);
  if (!curly.length) return legacy;
  if (!legacy.length) return curly;
  return curly.concat(legacy).sort((a, b) => a.start - b.start);
}

/**
 * The `{{…}}` markers of a text, in order: the matches of /\{\{([^{}\n]*)\}\}/g, found with
 * indexOf and a character loop (the same matches: from each `{{`, a body without `{`, `}` or a
 * line end, then `}}`; when that fails the next try starts at the next `{{`).
 */
function curlyMarkers(text: string): Marker[] {
  const out: Marker[] = [];
  const n = text.length;
  for (let i = text.indexOf('{{'); i >= 0; ) {
    let j = i + 2;
    let c = 0;
    while (j < n && (c = text.charCodeAt(j)) !== 123 && c !== 125 && c !== 10) j++;
    if (j + 1 < n && c === 125 && text.charCodeAt(j + 1) === 125) {
      out.push(curlyMarker(text, i, j + 2));
      i = text.indexOf('{{', j + 2);
    } else i = text.indexOf('{{', i + 1);
  }
  return out;
}

/**
 * The places of `{{` that start no `{{…}}` marker and lie in none (`{{exchange @anna` never
 * closed, a line break before the `}}`): read as text, and so said by the reader of the markers.
 */
export function unclosedCurly(text: string, markers: readonly Marker[]): number[] {
  const out: number[] = [];
  let k = 0;
  const curly = markers.filter((m) => m.kind === 'curly');
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) {
    // (a run of braces is one place: its last two open the marker, if any)
    while (text.charCodeAt(i + 2) === 123) i++;
    while (k < curly.length && curly[k].end <= i) k++;
    if (k < curly.length && curly[k].start <= i) {
      i = curly[k].end - 2;
      continue;
    }
    out.push(i);
  }
  return out;
}

/**
 * The places of `[[` that open no exact passage (no `]]{{code}}` closes them: never closed, or
 * a `[[` before another one that is): read as text, so the `[[` stands in the quote of the marker
 * after it; said by the reader of the markers, as an unclosed `{{` is.
 */
export function unclosedBrackets(text: string, markers: readonly Marker[]): number[] {
  const used = new Set<number>();
  for (const m of markers) if (m.brackets) used.add(m.brackets[0]);
  const out: number[] = [];
  for (let i = text.indexOf('[['); i >= 0; i = text.indexOf('[[', i + 2)) {
    // (a run of brackets is one place: its last two open the passage, if any)
    while (text.charCodeAt(i + 2) === 91) i++;
    if (!used.has(i)) out.push(i);
  }
  return out;
}

/**
 * The `[[` that the `]]` at `close` closes, or -1: the nearest `[[` before it when no `]]` lies
 * between them; else the one that balances the pairs in between, so that in
 * `[[a [[b]]{{x}} c]]{{y}}` the passage of y is `a [[b]]{{x}} c` (it was none, and y coded `c]]`).
 * (Each search goes on from where the last one of its kind stopped: one pass back over the text.)
 */
function openingBrackets(text: string, close: number): number {
  let open = text.lastIndexOf('[[', close - 2);
  if (open < 0) return -1;
  // (the common case, as `text.lastIndexOf(']]', close - 3) < open`, without searching back to the
  // previous `]]`, which may be far)
  if (text.indexOf(']]', open) === close) return open;
  let shut = text.lastIndexOf(']]', close - 2);
  for (let depth = 0; open >= 0; ) {
    if (shut > open) {
      depth++;
      shut = shut >= 2 ? text.lastIndexOf(']]', shut - 2) : -1;
    } else if (depth === 0) return open;
    else {
      depth--;
      open = open >= 2 ? text.lastIndexOf('[[', open - 2) : -1;
    }
  }
  return -1;
}

/** The `{{…}}` marker at [start, end) of the text. */
function curlyMarker(text: string, start: number, end: number): Marker {
  let body = text.slice(start + 2, end - 2);
  let memo: string | undefined;
  const bar = body.indexOf('|');
  if (bar >= 0) {
    memo = body.slice(bar + 1).trim() || undefined;
    body = body.slice(0, bar);
  }
  // `@name` (the last one names the coder; several, `coders`), taken out: body.replace(/@([^\s,@]+)/g, …) by hand
  let coder: string | undefined;
  let coders: string[] | undefined;
  let at = body.indexOf('@');
  if (at >= 0) {
    let rest = '';
    let kept = 0;
    while (at >= 0) {
      let e = at + 1;
      for (let c = 0; e < body.length && (c = body.charCodeAt(e)) !== 44 && c !== 64 && !isSpaceCode(c); ) e++;
      if (e > at + 1) {
        rest += body.slice(kept, at);
        const name = body.slice(at + 1, e);
        if (coder !== undefined && name !== coder && !coders?.includes(name)) (coders ??= [coder]).push(name);
        coder = name;
        kept = e;
        at = body.indexOf('@', e);
      } else at = body.indexOf('@', at + 1);
    }
    body = rest + body.slice(kept);
  }
  // a label `#e1` and links `-> e1 relation: verdict` (links.ts)
  let linked: ReturnType<typeof splitMarkerLinks> | undefined;
  if (hasLinkSyntax(body)) {
    linked = splitMarkerLinks(body);
    body = linked.rest;
  }
  // (body.split(',').map((s) => s.trim()).filter(Boolean))
  const labels: string[] = [];
  for (let a = 0; ; ) {
    const comma = body.indexOf(',', a);
    const label = (comma < 0 ? body.slice(a) : body.slice(a, comma)).trim();
    if (label) labels.push(label);
    if (comma < 0) break;
    a = comma + 1;
  }
  let exact: [number, number] | undefined;
  let brackets: [number, number] | undefined;
  if (text.startsWith(']]', start - 2)) {
    const open = openingBrackets(text, start - 2);
    if (open >= 0) {
      exact = [open + 2, start - 2];
      brackets = [open, start - 2];
    }
  }
  // (the keys set one by one, in the order of the Marker type, rather than spread: spreading
  // conditional objects cost more than the rest of the marker)
  const m: { -readonly [K in keyof Marker]: Marker[K] } = { kind: 'curly', start, end, text: text.slice(start, end), labels };
  if (coder) m.coder = coder;
  if (coders) m.coders = coders;
  if (memo) m.memo = memo;
  if (exact) {
    m.exact = exact;
    m.brackets = brackets;
  }
  if (linked) {
    if (linked.ref !== undefined) m.ref = linked.ref;
    if (linked.links.length) m.links = linked.links;
    if (linked.problems.length) m.linkProblems = linked.problems;
  }
  return m;
}

/** LEGACY, tried at one place (sticky): it confirms a candidate the colon search below found. */
const LEGACY_HERE = new RegExp(LEGACY.source, 'iuy');

/**
 * The legacy markers of a text, in order: the matches of LEGACY (not inside a curly marker; the
 * next match searched after the label read), each read by LegacyReader. The matches are found
 * from the colons (native indexOf; a text has few): a match ends at a colon, and looking back
 * from it over an optional space or tab, an optional `s` (`S`, or `ſ`, which the `iu` flags fold
 * to it) and `code` gives its only possible start, where the sticky LEGACY_HERE decides (so that
 * case folding and the look-behind stay the regex's own). Matches never overlap (none holds a
 * colon before its last character), so the colons give them in the regex's order.
 */
function legacyMarkers(text: string, opts: MarkerOptions, curly: readonly Marker[]): Marker[] {
  const out: Marker[] = [];
  let reader: LegacyReader | undefined;
  let from = 0;
  let ci = 0;
  for (let k = text.indexOf(':', 4); k >= 0; k = text.indexOf(':', k + 1)) {
    let j = k - 1;
    let c = text.charCodeAt(j);
    if (c === 32 || c === 9) c = text.charCodeAt(--j);
    if ((c | 32) === 115 || c === 0x17f) c = text.charCodeAt(--j);
    // "code", looking back: e d o c
    if (j < 3 || (c | 32) !== 101 || (text.charCodeAt(j - 1) | 32) !== 100 || (text.charCodeAt(j - 2) | 32) !== 111 || (text.charCodeAt(j - 3) | 32) !== 99) continue;
    const start = j - 3;
    if (start < from) continue;
    LEGACY_HERE.lastIndex = start;
    if (!LEGACY_HERE.test(text)) continue;
    const afterColon = k + 1;
    // (inside a curly marker: not a legacy one)
    while (ci < curly.length && curly[ci].end <= start) ci++;
    if (ci < curly.length && curly[ci].start <= start) continue;
    const mk = (reader ??= new LegacyReader(text, opts)).read(start, afterColon);
    out.push(mk);
    from = Math.max(mk.end, afterColon);
  }
  return out;
}

interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** what joins it to the previous word in a label: ' ', or '-' after a hyphen at a line end */
  readonly join: string;
  /** a line break lies between it and the previous word */
  readonly wrap: boolean;
  /** what follows it: more words on the line, a line break, a hyphen and a line break, or an end (punctuation, a marker, the turn's end) */
  after: 'space' | 'line' | 'hyphen-line' | 'end';
}

const isCap = (w: string) => /^\p{Lu}/u.test(w);

class LegacyReader {
  private readonly maxWords: number;
  constructor(
    private readonly text: string,
    private readonly opts: MarkerOptions,
  ) {
    this.maxWords = Math.max(DEFAULT_MAX_WORDS, opts.maxWords ?? 0);
  }

  private rank(label: string): number {
    const r = this.opts.rank?.(label) ?? 0;
    return this.opts.known?.has(labelKey(label)) ? Math.max(2, r) : r;
  }

  /** The first stop after `pos` (or the text's end). */
  private limitAfter(pos: number): number {
    const s = this.opts.stops;
    if (!s || !s.length) return this.text.length;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < s.length ? s[lo] : this.text.length;
  }

  /** Skip spaces and tabs. */
  private spaces(p: number, limit: number): number {
    while (p < limit && (this.text[p] === ' ' || this.text[p] === '\t' || this.text[p] === '\u00a0')) p++;
    return p;
  }

  /**
   * At a line end (p at `\r` or `\n`): skip the break, blank lines and lone page
   * numbers; the position of the next content, or undefined when the limit comes first.
   */
  private nextLine(p: number, limit: number): number | undefined {
    const t = this.text;
    for (;;) {
      if (t[p] === '\r') p++;
      if (t[p] === '\n') p++;
      if (p >= limit) return undefined;
      let e = p;
      while (e < limit && t[e] !== '\n' && t[e] !== '\r') e++;
      const line = t.slice(p, e);
      if (line.trim() === '' || PAGE_NUMBER_LINE.test(line) || this.opts.debris?.has(p)) {
        p = e;
        if (p >= limit) return undefined;
        continue;
      }
      return this.spaces(p, limit);
    }
  }

  /** The words from p that may form a label: up to maxWords + 1, over line wraps. */
  private run(p: number, limit: number): Word[] {
    const t = this.text;
    const words: Word[] = [];
    let join = ' ';
    let wrap = false;
    while (words.length < this.maxWords + 1 && p < limit) {
      if (LEGACY_AT.test(t.slice(p, p + 7))) break;
      WORD.lastIndex = p;
      const w = WORD.exec(t);
      if (!w || p + w[0].length > limit) break;
      const we = p + w[0].length;
      const word: Word = { start: p, end: we, text: w[0], join, wrap, after: 'end' };
      words.push(word);
      let q = we;
      let hyphen = false;
      if ((t[q] === '-' || t[q] === '–') && /^[ \t]*(?:\n|\r)/.test(t.slice(q + 1, q + 12))) {
        hyphen = true;
        q++;
      }
      const sp = this.spaces(q, limit);
      if (sp >= limit) break;
      const c = t[sp];
      if (c === '\n' || c === '\r') {
        const nx = this.nextLine(sp, limit);
        if (nx === undefined) break;
        word.after = hyphen ? 'hyphen-line' : 'line';
        p = nx;
        join = hyphen ? '-' : ' ';
        wrap = true;
        continue;
      }
      if (hyphen || sp === q || !/^[\p{L}\p{N}]/u.test(t.slice(sp, sp + 2)) || LEGACY_AT.test(t.slice(sp, sp + 7))) break;
      word.after = 'space';
      p = sp;
      join = ' ';
      wrap = false;
    }
    return words;
  }

  private labelOf(words: readonly Word[], k: number): string {
    let s = '';
    for (let i = 0; i < k; i++) s += (i ? words[i].join : '') + words[i].text;
    return s;
  }

  /** Does the label of k words end by itself (not followed by more lower-case words on its line)? */
  private natural(words: readonly Word[], k: number): boolean {
    const w = words[k - 1];
    if (w.after === 'end' || w.after === 'line') return true;
    if (w.after === 'hyphen-line') return false;
    return k < words.length ? isCap(words[k].text) : false;
  }

  /** How many words of the run form the label (0: none), and whether that is a guess. */
  private choose(words: readonly Word[], limit: number, first: boolean): { k: number; guessed: boolean } {
    const n = Math.min(words.length, this.maxWords);
    let exact = 0;
    let near = 0;
    for (let k = 1; k <= n; k++) {
      // (a label never ends in the middle of a word broken at a line end)
      if (words[k - 1].after === 'hyphen-line' && k < words.length) continue;
      const r = this.rank(this.labelOf(words, k));
      if (r >= 2) exact = k;
      else if (r >= 1) near = k;
    }
    if (exact || near) return { k: exact || near, guessed: false };
    if (!n) return { k: 0, guessed: false };
    // names no code: the run of words up to where it ends by itself (punctuation, the turn's end, a
    // capital unless all words so far are capitalised), over line wraps as over spaces (so that a
    // label reads the same wrapped or not: `Code: shared` ⏎ `intrest, …`)
    let k = 0;
    let caps = true;
    for (let i = 0; i < n; i++) {
      if (i > 0 && isCap(words[i].text) && !caps) break;
      caps &&= isCap(words[i].text);
      k = i + 1;
      if (words[i].after === 'end') break;
    }
    const naturalAt = (j: number) => words[j - 1].after === 'end' || (j < words.length && isCap(words[j].text) && !words.slice(0, j).every((w) => isCap(w.text)));
    if (naturalAt(k)) return { k, guessed: false };
    // no natural end within maxWords: the part on the marker's line when it ends at the line end
    for (let i = 0; i < n; i++) if (words[i].after === 'line' || words[i].after === 'end') return { k: i + 1, guessed: false };
    // lower-case text goes on beyond the longest label: take the first word only (a guess), or no further label
    return first ? { k: 1, guessed: true } : { k: 0, guessed: false };
  }

  read(start: number, afterColon: number): Marker {
    const t = this.text;
    const limit = this.limitAfter(start);
    const labels: string[] = [];
    const natural: boolean[] = [];
    const guessed: boolean[] = [];
    const wrapped: boolean[] = [];
    let end = afterColon;
    let p = this.spaces(afterColon, limit);
    if (t[p] === '\n' || t[p] === '\r') p = this.nextLine(p, limit) ?? limit;
    if (OPENERS.test(t.slice(p, p + 1))) p = this.spaces(p + 1, limit);
    for (let first = true; ; first = false) {
      const words = this.run(p, limit);
      const { k, guessed: g } = this.choose(words, limit, first);
      if (!k) break;
      labels.push(this.labelOf(words, k));
      natural.push(this.natural(words, k));
      guessed.push(g);
      wrapped.push(words.slice(1, k).some((w) => w.wrap));
      end = words[k - 1].end;
      // another label after `,` `;` `/` or `&` (only one that names a code or ends by itself)
      let q = this.spaces(end, limit);
      if (/^["'”’»)\]]/.test(t.slice(q, q + 1))) q = this.spaces(q + 1, limit);
      if (!/^[,;/&]/.test(t.slice(q, q + 1))) break;
      let r = this.spaces(q + 1, limit);
      if (t[r] === '\n' || t[r] === '\r') r = this.nextLine(r, limit) ?? limit;
      if (OPENERS.test(t.slice(r, r + 1))) r = this.spaces(r + 1, limit);
      const nextWords = this.run(r, limit);
      const c = this.choose(nextWords, limit, false);
      if (!c.k || !(this.rank(this.labelOf(nextWords, c.k)) > 0 || this.natural(nextWords, c.k))) break;
      p = r;
    }
    return { kind: 'legacy', start, end, text: t.slice(start, end), labels, natural, guessed, wrapped };
  }
}

/** UTF-16 ranges to hide from auto-coding: marker texts and `[[`/`]]` brackets. */
export function markerMask(markers: readonly Marker[]): Array<[number, number]> {
  const mask: Array<[number, number]> = [];
  for (const m of markers) {
    mask.push([m.start, m.end]);
    if (m.brackets) {
      mask.push([m.brackets[0], m.brackets[0] + 2]);
      mask.push([m.brackets[1], m.brackets[1] + 2]);
    }
  }
  return mask;
}

/**
 * Does the `{{…}}` marker at [start, end) stand inside quotation marks on its line (see QuoteScan).
 * Used for a marker that names no code: template text a speaker reads out (mail merge), not a coding.
 */
export function markerInQuotes(text: string, start: number, end: number): boolean {
  return new QuoteScan(text).inQuotes(start, end);
}

/**
 * Is each `{{…}}` marker inside quotation marks on its line (`"Beste {{ naam }}, …"`, `„… {{datum}} …”`,
 * `«…»`): an odd number of `"` before it on the line and one after it, or a typographic opening quote
 * before it that nothing closes before it, and its closing quote after it on the line. Single quotes
 * are not read (they are apostrophes too: zo'n). Asked in text order, it reads the text once (a
 * cursor: a long line with many markers is not read again for each).
 */
export class QuoteScan {
  private pos = 0;
  private straight = 0;
  private open = -1;
  private readonly next = new Map<string, number>();
  constructor(private readonly text: string) {}

  /** The next `ch` at or after `from` (-1: none), remembered while the questions go forward. */
  private nextOf(ch: string, from: number): number {
    const k = this.next.get(ch);
    if (k !== undefined && (k === -1 || k >= from)) return k;
    const i = this.text.indexOf(ch, from);
    this.next.set(ch, i);
    return i;
  }

  inQuotes(start: number, end: number): boolean {
    const t = this.text;
    if (start < this.pos) {
      // (asked out of order: from its line's start)
      this.pos = Math.max(t.lastIndexOf('\n', start - 1), t.lastIndexOf('\r', start - 1)) + 1;
      this.straight = 0;
      this.open = -1;
      this.next.clear();
    }
    for (let i = this.pos; i < start; i++) {
      const c = t[i];
      if (c === '\n' || c === '\r') {
        this.straight = 0;
        this.open = -1;
      } else if (c === '"') this.straight++;
      else if (c === '“' && this.open >= 0 && t[this.open] === '„') this.open = -1;
      else if (c === '“' || c === '„' || c === '«') this.open = i;
      else if ((c === '”' || c === '»') && this.open >= 0) this.open = -1;
    }
    this.pos = start;
    const lf = this.nextOf('\n', end);
    const cr = this.nextOf('\r', end);
    const le = Math.min(lf < 0 ? t.length : lf, cr < 0 ? t.length : cr);
    const before = (ch: string) => {
      const i = this.nextOf(ch, end);
      return i >= 0 && i < le;
    };
    if (this.straight % 2 === 1 && before('"')) return true;
    if (this.open < 0) return false;
    const o = t[this.open];
    return o === '«' ? before('»') : before('”') || (o === '„' && before('“'));
  }
}

/**
 * The `{{…}}` markers of a text that are quoted template text, not codings: inside quotation marks
 * on their line (markerInQuotes), every label naming no code, with no coder, passage brackets,
 * label or link (which a template field has not), and no label the text codes with elsewhere
 * (a marker outside quotes). Undefined when there are none.
 */
export function quotedTemplateText(text: string, markers: readonly Marker[], unknownLabel: (label: string) => boolean): Set<Marker> | undefined {
  let out: Set<Marker> | undefined;
  let scan: QuoteScan | undefined;
  for (const m of markers) {
    if (m.kind !== 'curly' || m.exact || m.coder || m.ref !== undefined || m.links || m.linkProblems || !m.labels.length) continue;
    // (one scan of the text for all markers, in their order: a long line with many is read once)
    if (!m.labels.every(unknownLabel) || !(scan ??= new QuoteScan(text)).inQuotes(m.start, m.end)) continue;
    (out ??= new Set()).add(m);
  }
  if (!out) return undefined;
  const coded = new Set<string>();
  for (const m of markers) if (!out.has(m)) for (const l of m.labels) coded.add(labelKey(l));
  for (const m of out) if (m.labels.some((l) => coded.has(labelKey(l)))) out.delete(m);
  return out.size ? out : undefined;
}
