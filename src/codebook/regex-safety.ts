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
 *    match the empty string: `(a|a)*`, `(a|ab)+`, `(\w|\d)*`, `(a|)*`.
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
  | { t: 'group'; alts: Node[][]; look: boolean }
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
    re = new RegExp(`^(?:${src})$`, 'i');
  } catch {
    re = undefined;
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
      else seq.push(atom);
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

function findProblem(seq: readonly Node[]): RegexSafety | undefined {
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
