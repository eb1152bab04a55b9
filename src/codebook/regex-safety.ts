/**
 * A static check for regular expressions at risk of catastrophic backtracking
 * (ReDoS), run on codebook regexes before they ever see a transcript.
 *
 * It parses the pattern into a small tree and flags, under a repeating
 * quantifier (unbounded or ≥ 10):
 *  - a nested unbounded quantifier that is not "delimited" by a mandatory
 *    character disjoint from what it repeats: `(a+)+$`, `(\w+\s?)*$`, `(.*a){10}`
 *    (but `(\d+,)*` and `([a-z]+ )*` are fine);
 *  - an alternation whose alternatives can start with the same character, or
 *    match the empty string: `(a|a)*`, `(a|ab)+`, `(\w|\d)*`, `(a|)*`;
 * and, in any sequence (also inside groups and look-arounds):
 *  - two or more repetitions one after the other that can match a run of the
 *    same character, with nothing between them that such a run cannot pass
 *    (polynomial backtracking): `(.*)(.*)\d{9}`, `[^,.]*[^,.]*\d{9}`,
 *    `.*e.*e.*\d{9}`, `\w+\s*\w+x` (but `\S+ \S+`, `[^.]*samen[^.]*` and
 *    `a.*gemeente.*b` are fine: a space, or a word of different letters, cannot
 *    be matched by a run of one character). Bounded repetitions count by their
 *    bound (`.{0,50}.{0,50}` is fine, `.{0,500}.{0,500}` is not).
 * Character sets are compared over a sample alphabet (ASCII plus common
 * accented and other characters), which is exact for ASCII-only patterns.
 * Never executes the pattern against text.
 */

export interface RegexSafety {
  readonly ok: boolean;
  /** What is wrong (when not ok). */
  readonly reason?: string;
  /** How to rewrite it. */
  readonly hint?: string;
}

type Node =
  | { t: 'char'; src: string }
  | { t: 'group'; alts: Node[][]; look: boolean; src?: string }
  | { t: 'quant'; node: Node; min: number; max: number; src: string }
  | { t: 'assert' }
  | { t: 'backref' };

const SAMPLE: string[] = (() => {
  const out: string[] = [];
  for (let c = 0x20; c < 0x7f; c++) out.push(String.fromCharCode(c));
  out.push('\n', '\t', '\r', '\u00a0', 'é', 'ë', 'ï', 'ö', 'ü', 'à', 'ç', 'ß', 'É', 'ĳ', '€', '—', '’', 'Ω', 'ж', '中', '\u2028');
  return out;
})();

const setCache = new Map<string, Uint8Array>();
function charSet(src: string): Uint8Array {
  let s = setCache.get(src);
  if (s) return s;
  s = new Uint8Array(SAMPLE.length);
  let re: RegExp | undefined;
  try {
    re = new RegExp(`^(?:${src})$`, 'iu');
  } catch {
    try {
      re = new RegExp(`^(?:${src})$`, 'i');
    } catch {
      re = undefined;
    }
  }
  for (let i = 0; i < SAMPLE.length; i++) s[i] = re ? (re.test(SAMPLE[i]) ? 1 : 0) : 1;
  if (setCache.size < 10000) setCache.set(src, s);
  return s;
}

const EMPTY: Uint8Array = new Uint8Array(SAMPLE.length);
function union(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] | b[i];
  return out;
}
function intersects(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] & b[i]) return true;
  return false;
}

class Parser {
  i = 0;
  constructor(readonly p: string) {}
  parseAlt(): Node[][] {
    const alts: Node[][] = [this.parseSeq()];
    while (this.p[this.i] === '|') {
      this.i++;
      alts.push(this.parseSeq());
    }
    return alts;
  }
  parseSeq(): Node[] {
    const seq: Node[] = [];
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const start = this.i;
      const atom = this.parseAtom();
      const q = this.parseQuant();
      if (q && atom.t !== 'assert') seq.push({ t: 'quant', node: atom, min: q[0], max: q[1], src: this.p.slice(start, this.i) });
      else seq.push(atom.t === 'group' ? { ...atom, src: this.p.slice(start, this.i) } : atom);
    }
    return seq;
  }
  parseQuant(): [number, number] | undefined {
    const c = this.p[this.i];
    let q: [number, number] | undefined;
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
      if (this.p[this.i] === '?') this.i++;
      return [min, max];
    }
    if (!q) return undefined;
    this.i++;
    if (this.p[this.i] === '?') this.i++;
    return q;
  }
  parseAtom(): Node {
    const p = this.p;
    const c = p[this.i];
    if (c === '(') {
      this.i++;
      let look = false;
      if (p[this.i] === '?') {
        if (p.startsWith('?:', this.i)) this.i += 2;
        else if (p.startsWith('?=', this.i) || p.startsWith('?!', this.i)) (this.i += 2), (look = true);
        else if (p.startsWith('?<=', this.i) || p.startsWith('?<!', this.i)) (this.i += 3), (look = true);
        else if (p.startsWith('?<', this.i)) {
          const end = p.indexOf('>', this.i);
          this.i = end < 0 ? p.length : end + 1;
        } else this.i++;
      }
      const alts = this.parseAlt();
      if (p[this.i] === ')') this.i++;
      return { t: 'group', alts, look };
    }
    if (c === '[') {
      const start = this.i;
      this.i++;
      if (p[this.i] === '^') this.i++;
      if (p[this.i] === ']') this.i++;
      while (this.i < p.length && p[this.i] !== ']') this.i += p[this.i] === '\\' ? 2 : 1;
      this.i++;
      return { t: 'char', src: p.slice(start, this.i) };
    }
    if (c === '\\') {
      const d = p[this.i + 1] ?? '';
      this.i += 2;
      if (d === 'b' || d === 'B') return { t: 'assert' };
      if (/[1-9]/.test(d)) {
        while (/[0-9]/.test(p[this.i] ?? '')) this.i++;
        return { t: 'backref' };
      }
      if (d === 'k' && p[this.i] === '<') {
        const end = p.indexOf('>', this.i);
        this.i = end < 0 ? p.length : end + 1;
        return { t: 'backref' };
      }
      if ((d === 'p' || d === 'P') && p[this.i] === '{') {
        const end = p.indexOf('}', this.i);
        this.i = end < 0 ? p.length : end + 1;
        return { t: 'char', src: '.' };
      }
      if (d === 'u' || d === 'x') {
        const m = d === 'x' ? /^[0-9a-fA-F]{2}/.exec(p.slice(this.i)) : /^([0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/.exec(p.slice(this.i));
        if (m) this.i += m[0].length;
        return { t: 'char', src: p.slice(this.i - 2 - (m ? m[0].length : 0), this.i) };
      }
      if (d === 'c') {
        this.i++;
        return { t: 'char', src: '.' };
      }
      return { t: 'char', src: '\\' + d };
    }
    this.i++;
    if (c === '^' || c === '$') return { t: 'assert' };
    if (c === '.') return { t: 'char', src: '.' };
    return { t: 'char', src: /[\\^$.|?*+()[\]{}/-]/.test(c) ? '\\' + c : c };
  }
}

/** All characters a node can consume (wide). */
function allChars(n: Node): Uint8Array {
  switch (n.t) {
    case 'char':
      return charSet(n.src);
    case 'quant':
      return allChars(n.node);
    case 'group':
      return n.look ? EMPTY : n.alts.flat().reduce<Uint8Array>((acc, x) => union(acc, allChars(x)), EMPTY);
    case 'backref':
      return charSet('[^]');
    default:
      return EMPTY;
  }
}

/** First characters a sequence can start with, and whether it can match the empty string. */
function firstOfSeq(seq: readonly Node[]): { set: Uint8Array; nullable: boolean } {
  let set: Uint8Array = EMPTY;
  for (const n of seq) {
    const f = firstOf(n);
    set = union(set, f.set);
    if (!f.nullable) return { set, nullable: false };
  }
  return { set, nullable: true };
}
function firstOf(n: Node): { set: Uint8Array; nullable: boolean } {
  switch (n.t) {
    case 'char':
      return { set: charSet(n.src), nullable: false };
    case 'quant': {
      const f = firstOf(n.node);
      return { set: f.set, nullable: f.nullable || n.min === 0 };
    }
    case 'group': {
      if (n.look) return { set: EMPTY, nullable: true };
      let set: Uint8Array = EMPTY;
      let nullable = false;
      for (const a of n.alts) {
        const f = firstOfSeq(a);
        set = union(set, f.set);
        nullable ||= f.nullable;
      }
      return { set, nullable };
    }
    case 'backref':
      return { set: charSet('[^]'), nullable: true };
    default:
      return { set: EMPTY, nullable: true };
  }
}

function containsUnbounded(n: Node): boolean {
  if (n.t === 'quant') return n.max === Infinity || n.max >= 10 || containsUnbounded(n.node);
  if (n.t === 'group') return n.alts.some((a) => a.some(containsUnbounded));
  return false;
}

/** Is every inner unbounded repetition in `seq` separated by a mandatory character it cannot consume? */
function delimited(seq: readonly Node[]): boolean {
  for (let k = 0; k < seq.length; k++) {
    const n = seq[k];
    if (!containsUnbounded(n)) continue;
    if (n.t !== 'quant' || n.node.t !== 'char') return false; // deeper nesting: be conservative
    const s = allChars(n);
    const ok = seq.some((m, j) => {
      if (j === k) return false;
      const mand = m.t === 'char' || (m.t === 'quant' && m.min >= 1 && m.node.t === 'char');
      return mand && !intersects(allChars(m), s);
    });
    if (!ok) return false;
  }
  return true;
}

function bodySeqs(n: Node): Node[][] {
  if (n.t === 'group') return n.alts;
  return [[n]];
}

/** Can `n` match a string made only of the sample character `c` (possibly the empty string)? */
function canRun(n: Node, c: number): boolean {
  switch (n.t) {
    case 'char':
      return charSet(n.src)[c] === 1;
    case 'quant':
      return n.min === 0 || canRun(n.node, c);
    case 'group':
      return n.look || n.alts.some((a) => a.every((x) => canRun(x, c)));
    default:
      return true; // assertions, back-references: assume they let the run pass
  }
}

function runSet(n: Node): Uint8Array {
  const out = new Uint8Array(SAMPLE.length);
  for (let c = 0; c < SAMPLE.length; c++) out[c] = canRun(n, c) ? 1 : 0;
  return out;
}

/** The characters `c` such that `n` can match long runs of `c` by repeating (what two repetitions in a row may share). */
function pump(n: Node): Uint8Array {
  switch (n.t) {
    case 'quant': {
      let out = pump(n.node);
      // (an optional one, "a?", takes a character of a run or leaves it: 25 of them in a row split a run of a's
      // in 2^25 ways — "a?a?…a?aa…a" ran for 90 s on 46 characters and was let through)
      if (n.max >= 2 || (n.max === 1 && n.min === 0)) {
        const all = allChars(n.node);
        const own = new Uint8Array(SAMPLE.length);
        for (let c = 0; c < SAMPLE.length; c++) own[c] = all[c] && canRun(n.node, c) ? 1 : 0;
        out = union(out, own);
      }
      return out;
    }
    case 'group': {
      if (n.look) return EMPTY;
      let out: Uint8Array = EMPTY;
      for (const a of n.alts) {
        for (let i = 0; i < a.length; i++) {
          const p = pump(a[i]);
          const keep = new Uint8Array(SAMPLE.length);
          for (let c = 0; c < SAMPLE.length; c++) keep[c] = p[c] && a.every((x, j) => j === i || canRun(x, c)) ? 1 : 0;
          out = union(out, keep);
        }
      }
      return out;
    }
    default:
      return EMPTY;
  }
}

/** How many ways a node can split a run (its repetition bound; Infinity when unbounded). */
function weight(n: Node): number {
  if (n.t === 'quant') return n.max === Infinity ? Infinity : (n.max + 1) * Math.max(1, weight(n.node));
  // bounded: a pattern has at most 2000 characters
  if (n.t === 'group' && !n.look) return Math.max(1, ...n.alts.map((a) => a.reduce((w, x) => w * Math.max(1, weight(x)), 1)));
  return 1;
}

/** Splits of one run by repetitions in a row above which the backtracking is refused (two unbounded ones always are). */
const MAX_SPLITS = 10_000;

/** Plain groups `(…)` / `(?:…)` with one alternative and no quantifier are spliced into the sequence around them. */
function flatten(seq: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const n of seq) {
    // bounded: a pattern has at most 2000 characters
    if (n.t === 'group' && !n.look && n.alts.length === 1) out.push(...flatten(n.alts[0]));
    else out.push(n);
  }
  return out;
}

function nodeSrc(n: Node): string {
  return n.t === 'quant' ? n.src : n.t === 'group' ? n.src ?? '(…)' : n.t === 'char' ? n.src : '';
}

/** Repetitions in a row that can share a run of one character (polynomial backtracking). */
function findAdjacent(seq: readonly Node[]): RegexSafety | undefined {
  const f = flatten(seq);
  const pumps = f.map(pump);
  for (let i = 0; i < f.length; i++) {
    if (!pumps[i].some((x) => x)) continue;
    let passable: Uint8Array = pumps[i];
    let splits = weight(f[i]);
    for (let k = i + 1; k < f.length; k++) {
      if (intersects(pumps[k], passable)) {
        splits *= weight(f[k]);
        if (splits > MAX_SPLITS) {
          const both = (c: number) => pumps[k][c] === 1 && passable[c] === 1;
          let shared = SAMPLE.findIndex((x, c) => /[a-z]/.test(x) && both(c));
          if (shared < 0) shared = SAMPLE.findIndex((_, c) => both(c));
          const ch = SAMPLE[shared] === ' ' ? 'a space' : `"${SAMPLE[shared]}"`;
          return {
            ok: false,
            reason: `repetitions in a row, "${nodeSrc(f[i])}" … "${nodeSrc(f[k])}", can both match a run of the same character (e.g. ${ch}), so a text that almost matches is split between them in very many ways (the time grows with a power of the segment length)`,
            hint: 'separate them by a character the first cannot match (e.g. "\\S+ \\S+" instead of "(.*)(.*)", "[^,]*,[^,]*" instead of "[^,]*[^,]*"), bound them (e.g. ".{0,50}"), or merge them into one',
          };
        }
      }
      const r = runSet(f[k]);
      const next = new Uint8Array(SAMPLE.length);
      let any = false;
      for (let c = 0; c < SAMPLE.length; c++) if ((next[c] = passable[c] & r[c]) !== 0) any = true;
      if (!any) break;
      passable = next;
    }
  }
  return undefined;
}

function findProblem(seq: readonly Node[]): RegexSafety | undefined {
  const adjacent = findAdjacent(seq);
  if (adjacent) return adjacent;
  for (const n of seq) {
    if (n.t === 'group') {
      for (const a of n.alts) {
        const r = findProblem(a);
        if (r) return r;
      }
    } else if (n.t === 'quant') {
      const heavy = n.max === Infinity || n.max >= 10;
      if (heavy) {
        const alts = bodySeqs(n.node);
        // a repeated group that can match nothing or something ("(a?){25}", "(?:a?b?)*"): each repetition
        // takes a character or not, so a failing match tries exponentially many ways ("(?:a?){25}$" ran for
        // two minutes on 46 characters and was let through)
        if (alts.length === 1) {
          const f = firstOfSeq(alts[0]);
          if (f.nullable && f.set.some((x) => x)) {
            return {
              ok: false,
              reason: `a repeated group that can also match nothing in "${n.src}": each repetition may take a character or not, so a text that almost matches is tried in exponentially many ways`,
              hint: 'make the repeated part match at least one character, e.g. "(a?){25}" → "a{0,25}", "(?:a?b?)*" → "[ab]*"',
            };
          }
        }
        if (alts.length === 1 && alts[0].some(containsUnbounded) && !delimited(alts[0])) {
          return {
            ok: false,
            reason: `nested quantifier in "${n.src}": a repeated group that itself contains a repetition can backtrack exponentially on text that almost matches`,
            hint: 'rewrite without nesting, e.g. "(a+)+" → "a+", "(\\w+\\s?)*" → "[\\w\\s]*", or separate the repetitions by a character they cannot match, e.g. "(\\w+,)*"',
          };
        }
        if (alts.length > 1) {
          if (alts.some((a) => a.some(containsUnbounded)) && !alts.every(delimited)) {
            return {
              ok: false,
              reason: `nested quantifier in "${n.src}": a repeated alternation that contains a repetition can backtrack exponentially`,
              hint: 'take the repetition out of the group or use a character class, e.g. "(a+|b)*" → "[ab]*"',
            };
          }
          const firsts = alts.map(firstOfSeq);
          const overlap =
            firsts.some((f) => f.nullable) ||
            firsts.some((f, i) => firsts.some((g, j) => j > i && intersects(f.set, g.set)));
          if (overlap) {
            return {
              ok: false,
              reason: `overlapping alternatives under a quantifier in "${n.src}": the alternatives can match the same text (or nothing), so a failing match tries exponentially many ways`,
              hint: 'make the alternatives mutually exclusive or use a character class, e.g. "(a|a)*" → "a*", "(\\w|\\d)+" → "\\w+", "(ja|jawel)*" → "(ja(wel)?)*"',
            };
          }
        }
      }
      const r = findProblem([n.node]);
      if (r) return r;
    }
  }
  return undefined;
}

/** Static ReDoS check of a (JavaScript) regular expression source. */
export function checkRegexSafety(pattern: string): RegexSafety {
  if (pattern.length > 2000) {
    return { ok: false, reason: `regex is ${pattern.length} characters long (at most 2000)`, hint: 'split it into several rules, or use keywords for word lists' };
  }
  const parser = new Parser(pattern);
  let seq: Node[][];
  try {
    seq = parser.parseAlt();
  } catch {
    return { ok: true };
  }
  for (const a of seq) {
    const r = findProblem(a);
    if (r) return r;
  }
  return { ok: true };
}

/** Flags of every codebook regex: global, case-insensitive by the `i` flag (the pattern is never lower-cased), Unicode. */
export const RULE_REGEX_FLAGS = 'giu';

export type RuleRegex =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly ruleId: 'bad-regex' | 'unsafe-regex'; readonly message: string; readonly hint: string };

/**
 * The one way a codebook `regex` is compiled, by `qda codebook validate` and by
 * `qda code` alike: NFC, flags `giu`, then the static safety check. The same
 * pattern is accepted or refused by both, with the same message.
 */
export function compileRuleRegex(pattern: string): RuleRegex {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern.normalize('NFC'), RULE_REGEX_FLAGS);
  } catch (err) {
    let plain = true;
    try {
      new RegExp(pattern, 'gi');
    } catch {
      plain = false;
    }
    const msg = (err as Error).message.replace(/^Invalid regular expression: /, '');
    return {
      ok: false,
      ruleId: 'bad-regex',
      message: `regular expression does not compile: ${msg}`,
      hint: plain
        ? 'it compiles only without Unicode mode: escape only special characters (e.g. write - instead of \\-), and balance brackets'
        : 'check brackets and escapes (a literal ( or . needs a backslash: \\( \\.); the syntax is JavaScript with the flags i and u',
    };
  }
  const safe = checkRegexSafety(pattern);
  if (!safe.ok) {
    return {
      ok: false,
      ruleId: 'unsafe-regex',
      message: `regular expression at risk of catastrophic backtracking: ${safe.reason}`,
      hint: safe.hint ?? 'rewrite the pattern without nested or overlapping repetition',
    };
  }
  return { ok: true, regex };
}
