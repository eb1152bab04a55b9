/**
 * applyCodebook (pure): rule-based auto-coding of a corpus.
 *
 * Per segment of the chosen unit, the text is tokenised once (marker text
 * masked), each token type is looked up once per run in the compiled tables,
 * and the rules are evaluated on the hits:
 * - keywords: fires when at least `minMatches` distinct terms match, each
 *   through a different word (one word matching two terms counts once);
 * - near: a term of A within `distance` words of a term of B;
 * - regex: a match of the per-rule RegExp (flags giu) on the NFC segment text as read (foldHidden:
 *   no soft hyphen, a word broken at a line end joined), mapped back to the text;
 * - any rule is blocked when one of its `exclude` terms occurs in the segment.
 *
 * Which segments: by default every segment except interviewer turns (so
 * respondents, focus-group participants, document paragraphs and the
 * observer's own notes are coded: in an observation note the observer's text
 * IS the data); `speakers: 'all'` includes the interviewer. A rule's own
 * `roles` override this.
 *
 * One Coding per (segment, code), coder `rules`, span = the segment, score =
 * 1 − Π(1 − weight) over the distinct matched terms of all fired rules (for
 * keyword rules: terms credited to different words, as for `minMatches`).
 *
 * Speed: the work is done by a `RuleCoder` that codes one source at a time
 * (so callers can stream sources and shard them over workers). Tokens are
 * kept in parallel typed arrays (type id, start, end), token spellings are
 * interned once per run (`TypeTable`), and folding, stemming and the table
 * lookups happen once per type, not per token. Code-point offsets are only
 * computed for matched words.
 */
import type { Coding, Corpus, Match, Role, Segment, Source, Unit } from '../model/types.js';
import { OffsetMap, hasSurrogates } from '../model/codepoints.js';
import type { CompiledCodebook, CompiledRule } from './compile-codebook.js';
import { atomsForWord } from './compile-codebook.js';
import { asRead, fold, foldHidden, applyMask, scanUnits, TokenBuffer, TypeTable, Units } from './tokenize.js';
import { findMarkers, markerMask, mayHaveMarkers } from './markers.js';
import { pushAll } from '../model/arrays.js';

export interface ApplyOptions {
  /** The unit of `corpus.segments` (default: the first segment's unit, else turn). */
  readonly unit?: Unit;
  /** `respondent` (default): all but interviewer segments; `all`: every segment. */
  readonly speakers?: 'respondent' | 'all';
  /** Segments at another unit, for rules with their own `unit` (absent: those rules use the corpus segments). */
  readonly segmentsFor?: (unit: Unit) => readonly Segment[];
  /**
   * The inline markers as read (extractHumanCodings' `masks`): per source, the ranges of its
   * text the markers take up, which the rules skip; a source without an entry has none. Absent:
   * the coder finds the markers in each segment itself (codeSource).
   */
  readonly masks?: ReadonlyMap<string, readonly number[]>;
}

const ROLE_EXC = 3;
/** Sources of up to this many UTF-16 units are copied whole for the scanner (larger ones segment by segment: memory stays bounded). */
const MAX_SOURCE_UNITS = 1 << 23;
const ROLE_CODE: Record<string, number> = { inc: 0, a: 1, b: 2, exc: ROLE_EXC };
const NONE = new Int32Array(0);

/** The rules of a codebook at one unit (see BookState.groups). */
type Group = BookState['groups'][number];

/** Per compiled codebook: its terms as typed arrays and, per token type, the terms starting there. */
class BookState {
  readonly termRule: Int32Array;
  readonly termRole: Uint8Array;
  readonly termLen: Int32Array;
  readonly termAtomOff: Int32Array;
  readonly termAtoms: Int32Array;
  /** type id → sorted atom ids matched by that type. */
  readonly typeAtoms: Int32Array[] = [];
  readonly termStamp: Int32Array;
  /** rule index → 1 when its negated terms do not count. */
  readonly ruleNeg: Uint8Array;
  /** type id → id of its folded spelling (types spelled alike after folding share it). */
  readonly typeFid: number[] = [];
  /** type id → how many terms start with that type (0: none), and where they are in `termPool` (the term ids whose first word is that type). */
  typeTermN = new Int32Array(1024);
  typeTermOff = new Int32Array(1024);
  /** type id → how many of its terms are one word; they follow its terms in `termPool`, in the same order (what is left to try when the next token matches no atom). */
  typeSingleN = new Int32Array(1024);
  /**
   * Two bit sets (bit `atom & 31`) per type id, a filter for phrases read by the hot loop without
   * loading arrays: `typeAtomBits` of the atoms the type matches (0: none), `typePhraseBits` of
   * the second atoms of the phrases that start with it. A phrase can only start at a token
   * when the two sets of it and the next token meet; else only its one-word terms can hit.
   */
  typeAtomBits = new Int32Array(1024);
  typePhraseBits = new Int32Array(1024);
  termPool = new Int32Array(1024);
  private termPoolTop = 0;
  private readonly byFolded = new Map<string, { atoms: Int32Array; terms: Int32Array; singles: Int32Array; fid: number; atomBits: number; phraseBits: number }>();
  /** Units with their active rules (rules with another `unit` go to that unit). */
  readonly groups: Array<{ unit: Unit; rules: CompiledRule[]; active: Uint8Array; regexRules: CompiledRule[]; literal: Array<string | undefined>; roleOk: Map<Role, boolean> }> = [];

  constructor(readonly c: CompiledCodebook, baseUnit: Unit, hasSegmentsFor: boolean, speakers: 'respondent' | 'all') {
    const T = c.terms.length;
    this.termRule = new Int32Array(T);
    this.termRole = new Uint8Array(T);
    this.termLen = new Int32Array(T);
    this.termAtomOff = new Int32Array(T + 1);
    let total = 0;
    for (const t of c.terms) total += t.atoms.length;
    this.termAtoms = new Int32Array(total);
    let k = 0;
    c.terms.forEach((t, i) => {
      this.termRule[i] = t.rule;
      this.termRole[i] = ROLE_CODE[t.role];
      this.termLen[i] = t.atoms.length;
      this.termAtomOff[i] = k;
      for (const a of t.atoms) this.termAtoms[k++] = a;
    });
    this.termAtomOff[T] = k;
    this.termStamp = new Int32Array(T);
    this.ruleNeg = Uint8Array.from(c.rules, (r) => (r.negation ? 1 : 0));
    const byUnit = new Map<Unit, CompiledRule[]>();
    for (const r of c.rules) {
      if (r.minMatches === Infinity) continue;
      const u = r.unit && hasSegmentsFor ? r.unit : baseUnit;
      (byUnit.get(u) ?? byUnit.set(u, []).get(u)!).push(r);
    }
    for (const [unit, rules] of byUnit) {
      const active = new Uint8Array(c.rules.length);
      for (const r of rules) active[r.index] = 1;
      const regexRules = rules.filter((r) => r.regex);
      const roleOk = new Map<Role, boolean>();
      for (const role of ['interviewer', 'respondent', 'observer', 'other'] as Role[]) roleOk.set(role, rules.some((r) => roleAllowed(role, r, speakers)));
      this.groups.push({ unit, rules, active, regexRules, literal: regexRules.map((r) => literalFolded(r.regex!.source)), roleOk });
    }
  }

  /** Called once per new token type of the run. */
  addType(id: number, raw: string): void {
    const folded = fold(raw);
    // (a word broken at a line end, `samen-⏎werking`: matched as `samenwerking` and as `samen-werking`)
    const broken = raw.indexOf('\n') === -1 ? undefined : fold(raw.replace(/-\r?\n/g, '-'));
    const key = broken === undefined ? folded : `${folded}\n${broken}`;
    let e = this.byFolded.get(key);
    if (!e) {
      const list = broken === undefined ? atomsForWord(this.c, folded) : [...new Set([...atomsForWord(this.c, folded), ...atomsForWord(this.c, broken)])].sort((a, b) => a - b);
      const fid = this.byFolded.size;
      if (!list.length) e = { atoms: NONE, terms: NONE, singles: NONE, fid, atomBits: 0, phraseBits: 0 };
      else {
        const atoms = Int32Array.from(list);
        const terms: number[] = [];
        for (const a of list) for (const t of this.c.firstAtomTerms[a]) terms.push(t);
        const singles = terms.filter((t) => this.termLen[t] === 1);
        let atomBits = 0;
        for (const a of list) atomBits |= 1 << (a & 31);
        let phraseBits = 0;
        for (const t of terms) if (this.termLen[t] > 1) phraseBits |= 1 << (this.termAtoms[this.termAtomOff[t] + 1] & 31);
        e = { atoms, terms: terms.length ? Int32Array.from(terms) : NONE, singles: singles.length ? Int32Array.from(singles) : NONE, fid, atomBits, phraseBits };
      }
      this.byFolded.set(key, e);
    }
    this.typeAtoms[id] = e.atoms;
    this.typeFid[id] = e.fid;
    if (id >= this.typeTermN.length) {
      const size = Math.max(id + 1, this.typeTermN.length * 2);
      const h = new Int32Array(size);
      h.set(this.typeAtomBits);
      this.typeAtomBits = h;
      const f = new Int32Array(size);
      f.set(this.typePhraseBits);
      this.typePhraseBits = f;
      const n = new Int32Array(size);
      n.set(this.typeTermN);
      this.typeTermN = n;
      const o = new Int32Array(size);
      o.set(this.typeTermOff);
      this.typeTermOff = o;
      const g = new Int32Array(size);
      g.set(this.typeSingleN);
      this.typeSingleN = g;
    }
    const nt = e.terms.length;
    const ns = e.singles.length;
    this.typeTermN[id] = nt;
    this.typeSingleN[id] = ns;
    this.typeAtomBits[id] = e.atomBits;
    this.typePhraseBits[id] = e.phraseBits;
    this.typeTermOff[id] = this.termPoolTop;
    if (nt) {
      if (this.termPoolTop + nt + ns > this.termPool.length) {
        const p = new Int32Array(Math.max(this.termPool.length * 2, this.termPoolTop + nt + ns));
        p.set(this.termPool);
        this.termPool = p;
      }
      this.termPool.set(e.terms, this.termPoolTop);
      this.termPool.set(e.singles, this.termPoolTop + nt);
      this.termPoolTop += nt + ns;
    }
  }

  reset(): void {
    this.typeAtoms.length = 0;
    this.termPoolTop = 0;
    this.typeFid.length = 0;
    this.byFolded.clear();
  }
}

function roleAllowed(role: Role, rule: CompiledRule, speakers: 'respondent' | 'all'): boolean {
  if (rule.roles) return rule.roles.includes(role);
  return speakers === 'all' || role !== 'interviewer';
}

/**
 * A literal that every match of the (NFC) pattern must contain, or
 * undefined when none can be proved (alternation at the top level, classes …).
 * Used as a cheap `includes` pre-check before running the RegExp.
 */
/**
 * Lower case plus the simple case foldings that toLowerCase does not make
 * (ſ→s, ς→σ, µ→μ, …), so that a text the `i` flag matches always contains the
 * folded literal of the pattern.
 */
export function caseFold(s: string): string {
  const l = s.toLowerCase();
  return FOLD_EXTRA.test(l) ? l.replace(FOLD_EXTRA_G, (c) => FOLD_MAP[c] ?? c) : l;
}
const FOLD_MAP: Record<string, string> = {
  'µ': 'μ', 'ſ': 's', '\u0345': 'ι', 'ς': 'σ', 'ϐ': 'β', 'ϑ': 'θ', 'ϕ': 'φ', 'ϖ': 'π', 'ϰ': 'κ', 'ϱ': 'ρ', 'ϵ': 'ε', 'ẛ': 'ṡ', 'ι': 'ι',
  'ᲀ': 'в', 'ᲁ': 'д', 'ᲂ': 'о', 'ᲃ': 'с', 'ᲄ': 'т', 'ᲅ': 'т', 'ᲆ': 'ъ', 'ᲇ': 'ѣ', 'ᲈ': 'ꙋ',
};
const FOLD_EXTRA = new RegExp(`[${Object.keys(FOLD_MAP).join('')}]`, 'u');
const FOLD_EXTRA_G = new RegExp(FOLD_EXTRA.source, 'gu');

/** `requiredLiteral` case-folded (the engine's prefilter for regex rules, which match with the `i` flag). */
function literalFolded(pattern: string): string | undefined {
  const lit = requiredLiteral(pattern);
  if (lit === undefined) return undefined;
  const f = caseFold(lit);
  // a literal whose folding changes its length (İ) is not used as a filter
  return f.length === lit.length ? f : undefined;
}

export function requiredLiteral(pattern: string): string | undefined {
  let best = '';
  let run = '';
  let depth = 0;
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const next = pattern[i + 1];
    const optional = next === '?' || next === '*' || (next === '{' && /^\{0[,}]/.test(pattern.slice(i + 1)));
    if (ch === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return undefined;
      i++;
      const after = pattern[i + 1];
      const opt2 = after === '?' || after === '*' || after === '{';
      if (depth === 0 && /[.\-\\/()[\]{}|*+?^$ ]/.test(e) && !opt2) run += e;
      else flush();
      continue;
    }
    if (ch === '|') {
      if (depth === 0) return undefined;
      continue;
    }
    if (ch === '(') {
      depth++;
      flush();
      continue;
    }
    if (ch === ')') {
      depth--;
      flush();
      continue;
    }
    if (ch === '[') {
      flush();
      // skip the class
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if ('.^$*+?{}'.includes(ch)) {
      flush();
      if (ch === '{') while (i < pattern.length && pattern[i] !== '}') i++;
      continue;
    }
    if (depth > 0 || optional) {
      flush();
      continue;
    }
    run += ch;
  }
  flush();
  return best.length >= 2 ? best : undefined;
}

/** One (segment, code) being coded: its rules and score; its spans are in the coder's span pool. */
class Acc {
  /** Ids and descriptions of the rules after the first (rarely needed). */
  moreIds: string[] | undefined = undefined;
  moreRules: string[] | undefined = undefined;
  miss = 1;
  spanHead = -1;
  spanTail = -1;
  spanCount = 0;
  /** The next Acc of the same segment (index into the coder's list), or -1. */
  next = -1;
  constructor(
    readonly seg: Segment,
    readonly code: string,
    readonly codebook: string,
    readonly version: string | undefined,
    readonly ruleId: string,
    readonly rule: string,
  ) {}
}

/**
 * Rule coding one source at a time, with per-run memo tables (reuse one coder
 * for a whole run; it holds no source after `codeSource` returns). The type
 * memo is cleared when it exceeds `maxTypes`, so memory stays bounded on
 * corpora with an open vocabulary.
 */
export class RuleCoder {
  private readonly books: BookState[];
  private types: TypeTable;
  private readonly buf = new TokenBuffer();
  private hitTerm = new Int32Array(256);
  private hitTS = new Int32Array(256);
  private hitTE = new Int32Array(256);
  private hitNext = new Int32Array(256);
  private readonly ruleStamp: Int32Array[];
  private readonly ruleHead: Int32Array[];
  private readonly ruleTail: Int32Array[];
  private stamp = 0;
  /** The (segment, code) accumulators of the source being coded, and per segment id its first one. */
  private accs: Acc[] = [];
  private readonly accBySeg = new Map<string, number>();
  /** Span pool: code-point start/end, the word (type id ≥ 0, or −1 − index into spanStrs), next span of the same Acc. */
  private spanS = new Int32Array(1024);
  private spanE = new Int32Array(1024);
  private spanW = new Int32Array(1024);
  private spanNext = new Int32Array(1024);
  private nSpans = 0;
  private spanStrs: string[] = [];
  private readonly speakers: 'respondent' | 'all';
  readonly baseUnit: Unit;
  private readonly maxTypes: number;

  constructor(compiled: CompiledCodebook | readonly CompiledCodebook[], opts: { unit?: Unit; speakers?: 'respondent' | 'all'; hasSegmentsFor?: boolean; maxTypes?: number } = {}) {
    const list = Array.isArray(compiled) ? (compiled as readonly CompiledCodebook[]) : [compiled as CompiledCodebook];
    this.speakers = opts.speakers ?? 'respondent';
    this.baseUnit = opts.unit ?? 'turn';
    this.maxTypes = opts.maxTypes ?? 2_000_000;
    this.books = list.map((c) => new BookState(c, this.baseUnit, !!opts.hasSegmentsFor, this.speakers));
    this.anyNegation = list.some((c) => c.rules.some((r) => r.negation));
    this.ruleStamp = list.map((c) => new Int32Array(c.rules.length));
    this.ruleHead = list.map((c) => new Int32Array(c.rules.length));
    this.ruleTail = list.map((c) => new Int32Array(c.rules.length));
    this.types = this.newTypes();
  }

  private newTypes(): TypeTable {
    this.typeNeg = new Uint8Array(1024);
    // (the type's flag: a term of some codebook starts with it, so the scanner lists its tokens)
    return new TypeTable((id, s) => {
      let any = 0;
      for (const b of this.books) {
        b.addType(id, s);
        if (b.typeTermN[id]) any = 1;
      }
      if (this.anyNegation) {
        if (id >= this.typeNeg.length) {
          const g = new Uint8Array(Math.max(id + 1, this.typeNeg.length * 2));
          g.set(this.typeNeg);
          this.typeNeg = g;
        }
        this.typeNeg[id] = negationClass(fold(s));
      }
      return any;
    });
  }

  /** Per token type: 1 a negation word, 2 a word after which a negation does not negate (`niet alleen`), else 0. */
  private typeNeg = new Uint8Array(1024);
  private anyNegation = false;
  /** The UTF-16 units of the current source (copied once, when a segment is scanned on it; `srcLoaded`), and of a segment scanned on its own text. */
  private readonly srcUnits = new Units();
  private srcLoaded = false;
  private readonly segUnits = new Units();

  /** Is the term matched at tokens [i, e] negated (a negation up to 3 words before or 2 after, in the same clause)? */
  private negated(i: number, e: number, text: string, tokType: Int32Array, tStart: Int32Array, tEnd: Int32Array, n: number): boolean {
    const neg = this.typeNeg;
    const isNeg = (j: number) => neg[tokType[j]] === 1 && !(j + 1 < n && neg[tokType[j + 1]] === 2);
    for (let j = Math.max(0, i - 3); j < i; j++) if (isNeg(j) && !CLAUSE_END.test(text.slice(tEnd[j], tStart[i]))) return true;
    for (let j = e + 1; j <= Math.min(n - 1, e + 2); j++) if (isNeg(j) && !CLAUSE_END.test(text.slice(tEnd[e], tStart[j]))) return true;
    return false;
  }

  /** Units whose segments `codeSource` needs (the base unit first). */
  units(): Unit[] {
    const u = new Set<Unit>([this.baseUnit]);
    for (const b of this.books) for (const g of b.groups) u.add(g.unit);
    return [...u];
  }

  /**
   * Codings of one source, sorted by start, end, code. `segments` are the
   * source's segments at the base unit; `segmentsAt(unit)` gives them at
   * another unit (for rules with their own unit). The rules skip the text of inline markers:
   * `mask`, the UTF-16 ranges of the source's text the markers read take up (flat: start, end…;
   * extractHumanCodings' `masks`), or else the markers the coder finds in each segment.
   */
  codeSource(src: Source | undefined, segments: readonly Segment[], segmentsAt?: (unit: Unit) => readonly Segment[], mask?: readonly number[]): Coding[] {
    if (this.types.size > this.maxTypes) {
      this.types = this.newTypes();
      for (const b of this.books) b.reset();
    }
    this.accs.length = 0;
    this.accBySeg.clear();
    this.lastSeg = undefined;
    this.nSpans = 0;
    this.spanStrs.length = 0;
    // (the text read once: sources come in several shapes, and the hot path reads a string)
    const srcText = src ? src.text : undefined;
    const map = srcText !== undefined && hasSurrogates(srcText) ? new OffsetMap(srcText) : undefined;
    const markers = srcText === undefined || mayHaveMarkers(srcText);
    this.scanSeg = undefined;
    this.srcLoaded = false;
    // (the markers as read: the source's text with them blanked, scanned instead of it)
    this.srcMasked = srcText !== undefined && mask !== undefined;
    this.maskedText = this.srcMasked && mask!.length ? blanked(srcText!, mask!) : undefined;
    this.maskIndex = this.maskedText !== undefined ? rangeIndex(mask!) : undefined;
    // the groups of the base unit segment by segment (the codebooks share each segment's
    // tokens: it is scanned once), then those of other units
    // (indexed loops, no iterators: this function is compiled once per thread, and smaller so)
    const baseBook: number[] = [];
    const baseGroup: Group[] = [];
    const otherBook: number[] = [];
    const otherGroup: Group[] = [];
    for (let bi = 0; bi < this.books.length; bi++) {
      const b = this.books[bi];
      if (src?.language && src.language !== b.c.lang) continue;
      for (let gi = 0; gi < b.groups.length; gi++) {
        const g = b.groups[gi];
        if (g.unit === this.baseUnit || !segmentsAt) {
          baseBook.push(bi);
          baseGroup.push(g);
        } else {
          otherBook.push(bi);
          otherGroup.push(g);
        }
      }
    }
    for (let si = 0; baseGroup.length && si < segments.length; si++) {
      const seg = segments[si];
      for (let k = 0; k < baseGroup.length; k++) if (this.codes(baseGroup[k], seg)) this.codeSegment(seg, srcText, map, markers, baseBook[k], baseGroup[k]);
    }
    for (let k = 0; k < otherGroup.length; k++) {
      const g = otherGroup[k];
      const segs = segmentsAt!(g.unit);
      for (let si = 0; si < segs.length; si++) if (this.codes(g, segs[si])) this.codeSegment(segs[si], srcText, map, markers, otherBook[k], g);
    }
    const out: Coding[] = [];
    const accs = this.accs;
    for (const first of this.accBySeg.values()) for (let k = first; k >= 0; k = accs[k].next) out.push(this.toCoding(accs[k]));
    accs.length = 0;
    this.spanStrs.length = 0;
    this.srcUnits.shrink(MAX_SOURCE_UNITS);
    this.segUnits.shrink(MAX_SOURCE_UNITS);
    out.sort((x, y) => x.start - y.start || x.end - y.end || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
    return out;
  }

  /** Whether some rule of the group may code a segment of this role. */
  private codes(g: Group, seg: Segment): boolean {
    return g.roleOk.get(seg.role) ?? g.rules.some((r) => roleAllowed(seg.role, r, this.speakers));
  }

  /** The segment of the last scan (its tokens are in `buf`), its text and where it was scanned. */
  private scanSeg: Segment | undefined;
  private scanN = 0;
  private scanTable: TypeTable | undefined;
  private sText = '';
  private sSegText = '';
  private sOnSource = false;
  /** The source being coded came with its markers as read (`mask` of codeSource): its text with them blanked (none when it has no markers), and the ranges. */
  private srcMasked = false;
  private maskedText: string | undefined;
  private maskIndex: RangeIndex | undefined;

  /**
   * Tokenise the segment into `buf` (returns the number of tokens): its range of the (flat)
   * source text when it is a plain slice of it, else the segment text itself (with marker
   * text masked). Sets `sText` (the text scanned), `sSegText` (the segment's text, masked)
   * and `sOnSource`. A segment scanned last time (for another codebook) is not scanned again.
   */
  private scanSegment(seg: Segment, srcText: string | undefined, map: OffsetMap | undefined, markers: boolean): number {
    if (this.scanSeg === seg && this.scanTable === this.types) return this.scanN;
    let segText = seg.text;
    // (the source's markers as read, when given, are blanked in the source's text below; a
    // segment that is not a slice of that text finds its markers itself)
    const masked = !this.srcMasked && markers && mayHaveMarkers(segText);
    if (masked) segText = applyMask(segText, markerMask(findMarkers(segText)));
    let text = segText;
    let from = 0;
    let to = segText.length;
    let onSource = false;
    if (!masked && srcText !== undefined) {
      // the model's contract: seg.text === slice(source.text, start, end); checked cheaply
      // (span length and both ends), a segment that breaks it is scanned on its own text
      const f = map ? map.toUtf16(seg.start) : seg.start;
      const e = map ? map.toUtf16(seg.end) : seg.end;
      const len = segText.length;
      if (e - f === len && e <= srcText.length && (len === 0 || (srcText.charCodeAt(f) === segText.charCodeAt(0) && srcText.charCodeAt(e - 1) === segText.charCodeAt(len - 1) && srcText.charCodeAt(f + (len >> 1)) === segText.charCodeAt(len >> 1)))) {
        text = srcText;
        from = f;
        to = f + segText.length;
        onSource = true;
        const blank = this.maskedText;
        if (blank !== undefined) {
          text = blank;
          if (overlaps(this.maskIndex!, f, to)) segText = blank.slice(f, to);
        }
      }
    }
    if (!onSource && this.srcMasked && markers && mayHaveMarkers(segText)) {
      segText = applyMask(segText, markerMask(findMarkers(segText)));
      text = segText;
    }
    let n: number;
    if (!onSource) n = scanUnits(this.segUnits.load(text, from, to), 0, to - from, from, this.types, this.buf);
    else if (text.length <= MAX_SOURCE_UNITS) {
      // (the source's units copied once for all its segments)
      if (!this.srcLoaded) this.srcUnits.load(text);
      this.srcLoaded = true;
      n = scanUnits(this.srcUnits.u, from, to, 0, this.types, this.buf);
    } else n = scanUnits(this.srcUnits.load(text, from, to), 0, to - from, from, this.types, this.buf);
    this.scanSeg = seg;
    this.scanTable = this.types;
    this.scanN = n;
    this.sText = text;
    this.sSegText = segText;
    this.sOnSource = onSource;
    return n;
  }

  private codeSegment(seg: Segment, srcText: string | undefined, map: OffsetMap | undefined, markers: boolean, bi: number, g: BookState['groups'][number]): void {
    const b = this.books[bi];
    const c = b.c;
    const n = this.scanSegment(seg, srcText, map, markers);
    const buf = this.buf;
    const text = this.sText;
    const tokType = buf.type;
    const typeAtoms = b.typeAtoms;
    const active = g.active;
    const { termRule, termLen, termAtomOff, termAtoms, termRole } = b;
    // 1. term hits, grouped per rule in order of each rule's first hit
    const stamp = ++this.stamp;
    const rStamp = this.ruleStamp[bi];
    const rHead = this.ruleHead[bi];
    const rTail = this.ruleTail[bi];
    let nTouched = 0;
    let touched: Int32Array = this.touched;
    let nh = 0;
    const typeTermN = b.typeTermN;
    const typeTermOff = b.typeTermOff;
    const typeSingleN = b.typeSingleN;
    const typeAtomBits = b.typeAtomBits;
    const typePhraseBits = b.typePhraseBits;
    const termPool = b.termPool;
    // (the hit arrays in locals: loaded again when they grow)
    let { hitTerm, hitTS, hitTE, hitNext } = this;
    // only the tokens a term of some codebook starts with (listed by the scanner, in token
    // order: the same hits as visiting every token)
    const cand = buf.cand;
    const lim = buf.nCand;
    for (let j = 0; j < lim; j++) {
      const i = cand[j];
      const ty = tokType[i];
      let nt = typeTermN[ty];
      if (nt === 0) continue;
      let q0 = typeTermOff[ty];
      // the next token matches no second atom of a phrase of this type: no phrase starts here,
      // only the one-word terms (in the same order) can hit
      if (i + 1 >= n || (typePhraseBits[ty] & typeAtomBits[tokType[i + 1]]) === 0) {
        q0 += nt;
        nt = typeSingleN[ty];
      }
      for (let q = q0; q < q0 + nt; q++) {
        const t = termPool[q];
        const r = termRule[t];
        if (!active[r]) continue;
        const len = termLen[t];
        if (len > 1) {
          if (i + len > n) continue;
          let ok = true;
          const off = termAtomOff[t];
          for (let k = 1; k < len && ok; k++) ok = hasAtom(typeAtoms[tokType[i + k]], termAtoms[off + k]);
          if (!ok) continue;
        }
        if (b.ruleNeg[r] && termRole[t] !== ROLE_EXC && this.negated(i, i + len - 1, text, tokType, buf.start, buf.end, n)) continue;
        if (nh === hitTerm.length) {
          this.growHits();
          ({ hitTerm, hitTS, hitTE, hitNext } = this);
        }
        hitTerm[nh] = t;
        hitTS[nh] = i;
        hitTE[nh] = i + len - 1;
        hitNext[nh] = -1;
        if (rStamp[r] !== stamp) {
          rStamp[r] = stamp;
          rHead[r] = nh;
          if (nTouched === touched.length) touched = this.growTouched();
          touched[nTouched++] = r;
        } else hitNext[rTail[r]] = nh;
        rTail[r] = nh;
        nh++;
      }
    }
    if (nTouched === 0 && g.regexRules.length === 0) return;
    this.cSeg = seg;
    this.cHasSrc = srcText !== undefined;
    this.cText = text;
    this.cOnSource = this.sOnSource;
    this.cMap = map;
    this.cLocalCp = undefined;
    // (steps 2 and 3 are methods of their own: the hot loop above stays small to compile, and
    // a rule kind seen for the first time does not throw its optimised code away)
    if (nTouched) this.fireRules(bi, seg, nTouched);
    if (g.regexRules.length) this.regexRules(bi, g, seg, this.sSegText, stamp);
  }

  /** 2. The keyword and near rules of the current segment's term hits (`nTouched` rules in `touched`). */
  private fireRules(bi: number, seg: Segment, nTouched: number): void {
    const b = this.books[bi];
    const c = b.c;
    const touched = this.touched;
    const rHead = this.ruleHead[bi];
    const { termRole } = b;
    const tokType = this.buf.type;
    const { hitTerm, hitTS, hitTE, hitNext } = this;
    const tStart = this.buf.start;
    const tEnd = this.buf.end;
    const termStamp = b.termStamp;
    for (let ti = 0; ti < nTouched; ti++) {
      const ri = touched[ti];
      const rule = c.rules[ri];
      if (rule.kind === 'regex' || !roleAllowed(seg.role, rule, this.speakers)) continue;
      if (rule.hasExclusions && excluded(rHead[ri], hitTerm, hitNext, termRole)) continue;
      if (rule.kind === 'keywords') {
        const st = ++this.stamp;
        let distinct = 0;
        for (let h = rHead[ri]; h >= 0; h = hitNext[h]) {
          const t = hitTerm[h];
          if (termRole[t] === 0 && termStamp[t] !== st) {
            termStamp[t] = st;
            distinct++;
          }
        }
        if (distinct < rule.minMatches) continue;
        // several terms: count them only as far as different words match them
        // (one word that matches two terms of the rule is one piece of evidence)
        if (distinct > 1) {
          distinct = distinctWordMatching(rHead[ri], hitTerm, hitTS, hitTE, hitNext, termRole, tokType, b.typeFid);
          if (distinct < rule.minMatches) continue;
        }
        const a = this.fire(c, rule, distinct);
        for (let h = rHead[ri]; h >= 0; h = hitNext[h]) if (termRole[hitTerm[h]] === 0) this.addSpan(a, tStart[hitTS[h]], tEnd[hitTE[h]], false, hitTS[h] === hitTE[h] ? tokType[hitTS[h]] : -1);
      } else this.nearRule(b, rule, rHead[ri]);
    }
  }

  /** A near rule: fires when a term of A is within `distance` words of a term of B (hits from `head`). */
  private nearRule(b: BookState, rule: CompiledRule, head: number): void {
    const c = b.c;
    const { termRole } = b;
    const tokType = this.buf.type;
    const { hitTerm, hitTS, hitTE, hitNext } = this;
    const tStart = this.buf.start;
    const tEnd = this.buf.end;
    const d = rule.distance ?? 5;
    // the a-hits and b-hits in the rule's hit order (scratch arrays of the coder: no arrays made per call)
    let na = 0;
    let nb = 0;
    for (let h = head; h >= 0; h = hitNext[h]) {
      const role = termRole[hitTerm[h]];
      if (role === 1) na++;
      else if (role === 2) nb++;
    }
    if (!na || !nb) return;
    if (this.nearA.length < na) this.nearA = new Int32Array(Math.max(na, this.nearA.length * 2));
    if (this.nearB.length < nb) {
      const size = Math.max(nb, this.nearB.length * 2);
      this.nearB = new Int32Array(size);
      this.nearOrder = new Int32Array(size);
      this.nearCand = new Int32Array(size);
    }
    const as = this.nearA;
    const bs = this.nearB;
    na = 0;
    nb = 0;
    for (let h = head; h >= 0; h = hitNext[h]) {
      const role = termRole[hitTerm[h]];
      if (role === 1) as[na++] = h;
      else if (role === 2) bs[nb++] = h;
    }
    // (made at the first pair: most near rules with hits of both sides have none within reach)
    let used: Set<number> | undefined;
    let pairs: Set<number> | undefined;
    const T = c.terms.length;
    // each a-hit looks only at the b-hits that start within reach (b-hits sorted by start,
    // found by bisection), in their original order: the same pairs as trying every pair,
    // without the quadratic time of a long segment with many hits (a 50 MB single turn).
    // (hits come in token order, so the b-hits are sorted already and the sorts below, stable
    // insertion sorts, only check it)
    const bOrder = this.nearOrder;
    for (let k = 0; k < nb; k++) {
      let j = k;
      while (j > 0 && hitTS[bs[bOrder[j - 1]]] > hitTS[bs[k]]) {
        bOrder[j] = bOrder[j - 1];
        j--;
      }
      bOrder[j] = k;
    }
    let maxLen = 0;
    for (let k = 0; k < nb; k++) {
      const y = bs[k];
      if (hitTE[y] - hitTS[y] > maxLen) maxLen = hitTE[y] - hitTS[y];
    }
    const cand = this.nearCand;
    for (let ai = 0; ai < na; ai++) {
      const x = as[ai];
      const from = hitTS[x] - d - maxLen;
      const to = hitTE[x] + d;
      let lo = 0;
      let hi = nb;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (hitTS[bs[bOrder[mid]]] < from) lo = mid + 1;
        else hi = mid;
      }
      let nc = 0;
      for (let k = lo; k < nb && hitTS[bs[bOrder[k]]] <= to; k++) {
        // (in the b-hits' original order)
        const v = bOrder[k];
        let j = nc++;
        while (j > 0 && cand[j - 1] > v) {
          cand[j] = cand[j - 1];
          j--;
        }
        cand[j] = v;
      }
      for (let ci = 0; ci < nc; ci++) {
        const y = bs[cand[ci]];
        const gap = hitTS[y] > hitTE[x] ? hitTS[y] - hitTE[x] : hitTS[x] > hitTE[y] ? hitTS[x] - hitTE[y] : 0;
        if (gap <= d) {
          if (used === undefined || pairs === undefined) {
            used = new Set<number>();
            pairs = new Set<number>();
          }
          used.add(x);
          used.add(y);
          pairs.add(hitTerm[x] * T + hitTerm[y]);
        }
      }
    }
    if (used === undefined || pairs === undefined || pairs.size < rule.minMatches) return;
    const a = this.fire(c, rule, pairs.size);
    for (const h of used) this.addSpan(a, tStart[hitTS[h]], tEnd[hitTE[h]], false, hitTS[h] === hitTE[h] ? tokType[hitTS[h]] : -1);
  }
  /** Scratch arrays of nearRule: its a-hits, b-hits, the b-hits' order by start, the candidates of one a-hit. */
  private nearA = new Int32Array(16);
  private nearB = new Int32Array(16);
  private nearOrder = new Int32Array(16);
  private nearCand = new Int32Array(16);

  /**
   * 3. The regex rules of the current segment (flags giu: case-insensitive by the i flag, on
   * the NFC, masked text; matches are mapped back only when NFC kept the length, as it almost
   * always does). A required literal of the pattern is looked for first in the case-folded text.
   */
  private regexRules(bi: number, g: BookState['groups'][number], seg: Segment, segText: string, stamp: number): void {
    const b = this.books[bi];
    const c = b.c;
    const rStamp = this.ruleStamp[bi];
    const rHead = this.ruleHead[bi];
    const { termRole } = b;
    const { hitTerm, hitNext } = this;
    let nfc: string | undefined;
    let folded: string | undefined;
    // (the text as read, foldHidden: a word with a soft hyphen or broken at a line end, `samen-⏎werking`,
    // is matched whole, as the keywords match it; `at` maps its indices back)
    let read: string | undefined;
    let at: ((i: number) => number) | undefined;
    for (let k = 0; k < g.regexRules.length; k++) {
      const rule = g.regexRules[k];
      if (!roleAllowed(seg.role, rule, this.speakers)) continue;
      if (read === undefined) {
        nfc = segText.normalize('NFC');
        const h = foldHidden(nfc);
        read = h ? h.text : nfc;
        at = h?.at;
      }
      const lit = g.literal[k];
      if (lit !== undefined && !(folded ??= caseFold(read)).includes(lit)) continue;
      const sameLength = nfc!.length === seg.text.length;
      const re = rule.regex!;
      re.lastIndex = 0;
      const found: number[] = [];
      const terms = new Set<string>();
      for (let m = re.exec(read); m !== null; m = re.exec(read)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        terms.add(m[0].toLowerCase());
        if (sameLength) found.push(at ? at(m.index) : m.index, at ? at(m.index + m[0].length - 1) + 1 : m.index + m[0].length);
      }
      if (terms.size < rule.minMatches) continue;
      if (rule.hasExclusions && rStamp[rule.index] === stamp && excluded(rHead[rule.index], hitTerm, hitNext, termRole)) continue;
      const a = this.fire(c, rule, terms.size);
      for (let k = 0; k < found.length; k += 2) this.addSpan(a, found[k], found[k + 1], true, -1);
    }
  }

  // the segment being coded (fields rather than a closure per segment)
  private cSeg!: Segment;
  private cHasSrc = false;
  private cText = '';
  private cOnSource = false;
  private cMap: OffsetMap | undefined;
  private cLocalCp: ((i: number) => number) | undefined;
  /** The segment of the last `fire` and its first accumulator (saves the map lookup for a segment's further codes). */
  private lastSeg: Segment | undefined;
  private lastFirst = -1;

  /** The accumulator of the current segment × the rule's code, with the rule recorded as fired. */
  private fire(c: CompiledCodebook, rule: CompiledRule, distinctTerms: number): Acc {
    const seg = this.cSeg;
    const accs = this.accs;
    let k = seg === this.lastSeg ? this.lastFirst : this.accBySeg.get(seg.id);
    let a: Acc | undefined;
    let last = -1;
    if (k === undefined) {
      this.accBySeg.set(seg.id, accs.length);
      this.lastSeg = seg;
      this.lastFirst = accs.length;
    } else if (seg !== this.lastSeg) {
      this.lastSeg = seg;
      this.lastFirst = k;
    }
    if (k !== undefined)
      for (; k >= 0; k = accs[k].next) {
        last = k;
        if (accs[k].code === rule.code) {
          a = accs[k];
          break;
        }
      }
    if (!a) {
      a = new Acc(seg, rule.code, c.codebook, c.version, rule.id, rule.description);
      if (last >= 0) accs[last].next = accs.length;
      accs.push(a);
    } else if (a.ruleId !== rule.id && !a.moreIds?.includes(rule.id)) {
      (a.moreIds ??= []).push(rule.id);
      (a.moreRules ??= []).push(rule.description);
    }
    a.miss *= distinctTerms <= 1 ? 1 - rule.weight : Math.pow(1 - rule.weight, distinctTerms);
    return a;
  }

  /**
   * A matched span: UTF-16 [s, e) into the scanned text (tokens) or, with `inSegment`, into seg.text (regex matches).
   * `type` is the token type of a one-word match (its spelling is the interned type string), else −1.
   */
  private addSpan(a: Acc, s: number, e: number, inSegment: boolean, type: number): void {
    let cs: number;
    let ce: number;
    let w: number;
    if (this.cOnSource && !inSegment) {
      const m = this.cMap;
      cs = m ? m.toCp(s) : s;
      ce = m ? m.toCp(e) : e;
      w = type >= 0 ? type : -1 - this.spanStrs.push(this.cText.slice(s, e)) + 1;
    } else {
      const seg = this.cSeg;
      const f = (this.cLocalCp ??= this.cMap || !this.cHasSrc ? makeLocalCp(seg.text) : identity);
      cs = seg.start + f(s);
      ce = seg.start + f(e);
      w = type >= 0 ? type : -1 - this.spanStrs.push(seg.text.slice(s, e)) + 1;
    }
    const n = this.nSpans++;
    if (n === this.spanS.length) this.growSpans();
    this.spanS[n] = cs;
    this.spanE[n] = ce;
    this.spanW[n] = w;
    this.spanNext[n] = -1;
    if (a.spanTail >= 0) this.spanNext[a.spanTail] = n;
    else a.spanHead = n;
    a.spanTail = n;
    a.spanCount++;
  }

  private growSpans(): void {
    const g = (x: Int32Array) => {
      const y = new Int32Array(x.length * 2);
      y.set(x);
      return y;
    };
    this.spanS = g(this.spanS);
    this.spanE = g(this.spanE);
    this.spanW = g(this.spanW);
    this.spanNext = g(this.spanNext);
  }

  /** A matched word or passage as it reads (asRead: `samen-⏎werking` as `samenwerking`, no soft hyphen), as the coder shows it. */
  private word(w: number): string {
    return asRead(w >= 0 ? this.types.strs[w] : this.spanStrs[-1 - w]);
  }

  /** Per code, `:<code>:rules` (the end of its codings' ids), a flat string. */
  private readonly idSuffix = new Map<string, string>();

  private toCoding(a: Acc): Coding {
    const seg = a.seg;
    const S = this.spanS;
    const E = this.spanE;
    const W = this.spanW;
    let matches: Match[];
    if (a.spanCount === 1) matches = [{ start: S[a.spanHead], end: E[a.spanHead], term: this.word(W[a.spanHead]) }];
    else {
      // sorted by (start, end), one per span (spans are numbered in the order they were added)
      const idx: number[] = [];
      for (let k = a.spanHead; k >= 0; k = this.spanNext[k]) idx.push(k);
      idx.sort((x, y) => S[x] - S[y] || E[x] - E[y] || x - y);
      matches = [];
      let ps = -1;
      let pe = -1;
      for (const k of idx) {
        const s = S[k];
        const e = E[k];
        if (s === ps && e === pe) continue;
        ps = s;
        pe = e;
        matches.push({ start: s, end: e, term: this.word(W[k]) });
      }
    }
    // (moreIds and moreRules are never empty: `[a.ruleId, ...a.moreIds].join(',')`, without the spread)
    const ruleId = a.moreIds ? a.ruleId + ',' + a.moreIds.join(',') : a.ruleId;
    const rule = a.moreRules ? a.rule + ' | ' + a.moreRules.join(' | ') : a.rule;
    const evidence: NonNullable<Coding['evidence']> =
      a.version !== undefined ? { codebook: a.codebook, codebookVersion: a.version, ruleId, rule, matches } : { codebook: a.codebook, ruleId, rule, matches };
    let suffix = this.idSuffix.get(a.code);
    if (suffix === undefined) this.idSuffix.set(a.code, (suffix = [':', a.code, ':rules'].join('')));
    return {
      // (`${seg.id}:${code}:rules` as one concatenation of two flat strings: the suffix is made once per code)
      id: seg.id + suffix,
      sourceId: seg.sourceId,
      segmentId: seg.id,
      code: a.code,
      coder: 'rules',
      start: seg.start,
      end: seg.end,
      score: Math.round(Math.min(1, 1 - a.miss) * 10000) / 10000,
      evidence,
    };
  }

  private touched: Int32Array = new Int32Array(64);
  private growTouched(): Int32Array {
    const t = new Int32Array(this.touched.length * 2);
    t.set(this.touched);
    return (this.touched = t);
  }

  private growHits(): void {
    const g = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hitTerm = g(this.hitTerm);
    this.hitTS = g(this.hitTS);
    this.hitTE = g(this.hitTE);
    this.hitNext = g(this.hitNext);
  }
}

const NEGATIONS = new Set(['niet', 'geen', 'nooit', 'niemand', 'niets', 'niks', 'nergens', 'zonder', 'not', 'no', 'never', 'nobody', 'nothing', 'none', 'without', 'cannot', 'nowhere']);
/** After a negation these words make it partial or idiomatic, not a negation of what follows: `niet alleen`, `not only`, `geen probleem`. */
const NOT_NEGATING_AFTER = new Set(['alleen', 'altijd', 'enkel', 'zomaar', 'probleem', 'problemen', 'moeite', 'bezwaar', 'twijfel', 'only', 'always', 'just', 'problem', 'doubt', 'matter']);
const CLAUSE_END = /[.!?;:]/;

/** 1: a negation word; 2: a word that cancels a negation before it; 0: other. */
export function negationClass(folded: string): number {
  if (NEGATIONS.has(folded) || folded.endsWith("n't")) return 1;
  if (NOT_NEGATING_AFTER.has(folded)) return 2;
  return 0;
}

function excluded(head: number, hitTerm: Int32Array, hitNext: Int32Array, termRole: Uint8Array): boolean {
  for (let h = head; h >= 0; h = hitNext[h]) if (termRole[hitTerm[h]] === ROLE_EXC) return true;
  return false;
}

/**
 * How many of a keyword rule's matched terms can each be credited to a
 * different word: the size of a maximum matching between the terms and the
 * distinct words (folded spellings; a phrase is the sequence of its words)
 * that matched them. `samenwerking` alone, matching both `samenwerking` and
 * `samenwerk*`, counts 1; `samenwerking … samenwerkt` counts 2.
 */
function distinctWordMatching(head: number, hitTerm: Int32Array, hitTS: Int32Array, hitTE: Int32Array, hitNext: Int32Array, termRole: Uint8Array, tokType: Int32Array, typeFid: readonly number[]): number {
  const termIx = new Map<number, number>();
  const wordIx = new Map<string, number>();
  const adj: number[][] = [];
  for (let h = head; h >= 0; h = hitNext[h]) {
    const t = hitTerm[h];
    if (termRole[t] !== 0) continue;
    let key = String(typeFid[tokType[hitTS[h]]]);
    for (let i = hitTS[h] + 1; i <= hitTE[h]; i++) key += ',' + typeFid[tokType[i]];
    let w = wordIx.get(key);
    if (w === undefined) wordIx.set(key, (w = wordIx.size));
    let ti = termIx.get(t);
    if (ti === undefined) {
      termIx.set(t, (ti = adj.length));
      adj.push([]);
    }
    if (!adj[ti].includes(w)) adj[ti].push(w);
  }
  // Kuhn's augmenting paths (a handful of terms and words)
  const owner = new Int32Array(wordIx.size).fill(-1);
  let size = 0;
  for (let ti = 0; ti < adj.length; ti++) {
    const seen = new Uint8Array(wordIx.size);
    const tryTerm = (x: number): boolean => {
      for (const w of adj[x]) {
        if (seen[w]) continue;
        seen[w] = 1;
        if (owner[w] < 0 || tryTerm(owner[w])) {
          owner[w] = x;
          return true;
        }
      }
      return false;
    };
    if (tryTerm(ti)) size++;
  }
  return size;
}

function hasAtom(atoms: Int32Array, a: number): boolean {
  for (let i = 0; i < atoms.length; i++) if (atoms[i] === a) return true;
  return false;
}

const identity = (k: number) => k;

/** UTF-16 index in a segment text → code-point offset in it. */
function makeLocalCp(text: string): (i: number) => number {
  if (!hasSurrogates(text)) return identity;
  const m = new OffsetMap(text);
  return (k) => m.toCp(k);
}

/** Segments grouped by source id, in corpus order. */
export function segmentsBySource(segments: readonly Segment[]): Map<string, Segment[]> {
  const m = new Map<string, Segment[]>();
  for (const s of segments) {
    let l = m.get(s.sourceId);
    if (!l) m.set(s.sourceId, (l = []));
    l.push(s);
  }
  return m;
}

export function applyCodebook(corpus: Corpus, compiled: CompiledCodebook | readonly CompiledCodebook[], opts: ApplyOptions = {}): Coding[] {
  const baseUnit: Unit = opts.unit ?? corpus.segments[0]?.unit ?? 'turn';
  const coder = new RuleCoder(compiled, { unit: baseUnit, speakers: opts.speakers, hasSegmentsFor: !!opts.segmentsFor });
  const base = segmentsBySource(corpus.segments);
  const other = new Map<Unit, Map<string, Segment[]>>();
  const at = (id: string) => (unit: Unit) => {
    let m = other.get(unit);
    if (!m) other.set(unit, (m = segmentsBySource(opts.segmentsFor!(unit))));
    return m.get(id) ?? [];
  };
  const out: Coding[] = [];
  const known = new Set<string>();
  for (const s of corpus.sources) {
    if (known.has(s.id)) continue;
    known.add(s.id);
    for (const c of coder.codeSource(s, base.get(s.id) ?? [], opts.segmentsFor ? at(s.id) : undefined, opts.masks ? (opts.masks.get(s.id) ?? NO_MASK) : undefined)) out.push(c);
  }
  // segments whose source is not in the corpus (library callers): coded last
  const orphans: Coding[] = [];
  for (const [id, segs] of base) {
    if (known.has(id)) continue;
    pushAll(orphans, coder.codeSource(undefined, segs, opts.segmentsFor ? at(id) : undefined));
  }
  orphans.sort((x, y) => x.start - y.start || x.end - y.end || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  for (const c of orphans) out.push(c);
  return out;
}

const NO_MASK: readonly number[] = [];

/** The text with the ranges (flat: start, end…, UTF-16) blanked: each unit a space, so offsets stay (as applyMask). */
function blanked(text: string, ranges: readonly number[]): string {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  return applyMask(text, pairs);
}

/** Ranges sorted by start, with the largest end of each prefix: `overlaps` in a binary search (a source may hold thousands of markers and of segments). */
interface RangeIndex {
  readonly starts: Float64Array;
  readonly maxEnd: Float64Array;
}

function rangeIndex(ranges: readonly number[]): RangeIndex {
  const order: number[] = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) order.push(i);
  order.sort((a, b) => ranges[a] - ranges[b]);
  const starts = new Float64Array(order.length);
  const maxEnd = new Float64Array(order.length);
  let m = -Infinity;
  order.forEach((i, k) => {
    starts[k] = ranges[i];
    maxEnd[k] = m = Math.max(m, ranges[i + 1]);
  });
  return { starts, maxEnd };
}

/** Does a range overlap [from, to)? (Of the ranges that start before `to`, does one end after `from`?) */
function overlaps(r: RangeIndex, from: number, to: number): boolean {
  let lo = 0;
  let hi = r.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.starts[mid] < to) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && r.maxEnd[lo - 1] > from;
}
