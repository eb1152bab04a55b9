/**
 * applyCodebook (pure): rule-based auto-coding of a corpus.
 *
 * Per segment of the chosen unit, the text is tokenised once (marker text
 * masked), each token type is looked up once per run in the compiled tables,
 * and the rules are evaluated on the hits:
 * - keywords: fires when at least `minMatches` distinct terms match;
 * - near: a term of A within `distance` words of a term of B;
 * - regex: a match of the per-rule RegExp on the lower-cased segment text;
 * - any rule is blocked when one of its `exclude` terms occurs in the segment.
 *
 * Which segments: by default every segment except interviewer turns (so
 * respondents, focus-group participants, document paragraphs and the
 * observer's own notes are coded: in an observation note the observer's text
 * IS the data); `speakers: 'all'` includes the interviewer. A rule's own
 * `roles` override this.
 *
 * One Coding per (segment, code), coder `rules`, span = the segment, score =
 * 1 − Π(1 − weight) over the distinct matched terms of all fired rules.
 */
import type { Coding, Corpus, Match, Role, Segment, Source, Unit } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import type { CompiledCodebook, CompiledRule } from './compile-codebook.js';
import { atomsForWord } from './compile-codebook.js';
import { fold, applyMask, scanWords } from './tokenize.js';
import { findMarkers, markerMask, mayHaveMarkers } from './markers.js';

export interface ApplyOptions {
  /** The unit of `corpus.segments` (default: the first segment's unit, else turn). */
  readonly unit?: Unit;
  /** `respondent` (default): all but interviewer segments; `all`: every segment. */
  readonly speakers?: 'respondent' | 'all';
  /** Segments at another unit, for rules with their own `unit` (absent: those rules use the corpus segments). */
  readonly segmentsFor?: (unit: Unit) => readonly Segment[];
}

interface Hit {
  term: number;
  tokStart: number;
  tokEnd: number;
}

/** Per-run state shared across sources: the token-type memo of each compiled codebook. */
class Scanner {
  readonly memo = new Map<string, readonly number[]>();
  constructor(readonly c: CompiledCodebook) {}
  atoms(raw: string): readonly number[] {
    let a = this.memo.get(raw);
    if (a === undefined) {
      a = atomsForWord(this.c, fold(raw));
      this.memo.set(raw, a);
    }
    return a;
  }
}


function roleAllowed(role: Role, rule: CompiledRule, speakers: 'respondent' | 'all'): boolean {
  if (rule.roles) return rule.roles.includes(role);
  return speakers === 'all' || role !== 'interviewer';
}

function langApplies(c: CompiledCodebook, src: Source | undefined): boolean {
  return !src?.language || src.language === c.lang;
}

export function applyCodebook(corpus: Corpus, compiled: CompiledCodebook | readonly CompiledCodebook[], opts: ApplyOptions = {}): Coding[] {
  const books = Array.isArray(compiled) ? (compiled as readonly CompiledCodebook[]) : [compiled as CompiledCodebook];
  const speakers = opts.speakers ?? 'respondent';
  const baseUnit: Unit = opts.unit ?? corpus.segments[0]?.unit ?? 'turn';
  const sources = new Map(corpus.sources.map((s, i) => [s.id, { s, i }]));
  const maps = new Map<string, OffsetMap>();
  const mapFor = (src: Source) => {
    let m = maps.get(src.id);
    if (!m) maps.set(src.id, (m = new OffsetMap(src.text)));
    return m;
  };
  // (segment id) → (code) → accumulated coding
  const acc = new Map<string, { seg: Segment; codes: Map<string, Acc> }>();

  for (const c of books) {
    const scanner = new Scanner(c);
    const byUnit = new Map<Unit, CompiledRule[]>();
    for (const r of c.rules) {
      if (r.minMatches === Infinity) continue;
      const u = r.unit && opts.segmentsFor ? r.unit : baseUnit;
      (byUnit.get(u) ?? byUnit.set(u, []).get(u)!).push(r);
    }
    for (const [unit, rules] of byUnit) {
      const active = new Uint8Array(c.rules.length);
      for (const r of rules) active[r.index] = 1;
      const segs = unit === baseUnit ? corpus.segments : opts.segmentsFor!(unit);
      const regexRules = rules.filter((r) => r.regex);
      const roleOk = new Map<Role, boolean>();
      for (const seg of segs) {
        const src = sources.get(seg.sourceId)?.s;
        if (!langApplies(c, src)) continue;
        let ok = roleOk.get(seg.role);
        if (ok === undefined) roleOk.set(seg.role, (ok = rules.some((r) => roleAllowed(seg.role, r, speakers))));
        if (!ok) continue;
        codeSegment(seg, src, c, scanner, active, regexRules, speakers, acc, src ? mapFor(src) : undefined);
      }
    }
  }

  const out: Coding[] = [];
  for (const { seg, codes } of acc.values()) {
    for (const [code, a] of codes) {
      const matches = [...a.matches.values()].sort((x, y) => x.start - y.start || x.end - y.end);
      const score = 1 - a.miss;
      out.push({
        id: `${seg.id}:${code}:rules`,
        sourceId: seg.sourceId,
        segmentId: seg.id,
        code,
        coder: 'rules',
        start: seg.start,
        end: seg.end,
        score: Math.round(Math.min(1, score) * 10000) / 10000,
        evidence: {
          codebook: a.codebook,
          ...(a.version !== undefined ? { codebookVersion: a.version } : {}),
          ruleId: a.ruleIds.join(','),
          rule: a.rules.join(' | '),
          matches,
        },
      });
    }
  }
  const order = (id: string) => sources.get(id)?.i ?? Number.MAX_SAFE_INTEGER;
  out.sort((x, y) => order(x.sourceId) - order(y.sourceId) || x.start - y.start || x.end - y.end || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  return out;
}

interface Acc {
  codebook: string;
  version?: string;
  ruleIds: string[];
  rules: string[];
  miss: number;
  matches: Map<string, Match>;
}

// Reused per-segment buffers.
let tokStart: number[] = [];
let tokEnd: number[] = [];
let tokAtoms: Array<readonly number[]> = [];

function codeSegment(
  seg: Segment,
  src: Source | undefined,
  c: CompiledCodebook,
  scanner: Scanner,
  active: Uint8Array,
  regexRules: readonly CompiledRule[],
  speakers: 'respondent' | 'all',
  acc: Map<string, { seg: Segment; codes: Map<string, Acc> }>,
  _map: OffsetMap | undefined,
): void {
  let text = seg.text;
  if (mayHaveMarkers(text)) text = applyMask(text, markerMask(findMarkers(text)));
  // 1. tokens with their atoms
  let n = 0;
  let anyHit = false;
  scanWords(text, (s, e) => {
    const atoms = scanner.atoms(text.slice(s, e));
    tokStart[n] = s;
    tokEnd[n] = e;
    tokAtoms[n] = atoms;
    if (atoms.length) anyHit = true;
    n++;
  });
  if (!anyHit && regexRules.length === 0) return;
  // 2. term hits
  let hits: Hit[] | undefined;
  if (anyHit) {
    for (let i = 0; i < n; i++) {
      const atoms = tokAtoms[i];
      if (!atoms.length) continue;
      for (const a of atoms) {
        for (const t of c.firstAtomTerms[a]) {
          const term = c.terms[t];
          if (!active[term.rule]) continue;
          const len = term.atoms.length;
          if (len > 1) {
            if (i + len > n) continue;
            let ok = true;
            for (let k = 1; k < len && ok; k++) ok = tokAtoms[i + k].includes(term.atoms[k]);
            if (!ok) continue;
          }
          (hits ??= []).push({ term: t, tokStart: i, tokEnd: i + len - 1 });
        }
      }
    }
  }
  // 3. rules
  const byRule = new Map<number, Hit[]>();
  if (hits) for (const h of hits) {
    const r = c.terms[h.term].rule;
    (byRule.get(r) ?? byRule.set(r, []).get(r)!).push(h);
  }
  const cpBase = seg.start;
  let toCp: ((i: number) => number) | undefined;
  const fire = (rule: CompiledRule, matched: Array<{ s: number; e: number }>, distinctTerms: number) => {
    let entry = acc.get(seg.id);
    if (!entry) acc.set(seg.id, (entry = { seg, codes: new Map() }));
    let a = entry.codes.get(rule.code);
    if (!a) entry.codes.set(rule.code, (a = { codebook: c.codebook, ...(c.version !== undefined ? { version: c.version } : {}), ruleIds: [], rules: [], miss: 1, matches: new Map() }));
    if (!a.ruleIds.includes(rule.id)) {
      a.ruleIds.push(rule.id);
      a.rules.push(rule.description);
    }
    a.miss *= Math.pow(1 - rule.weight, Math.max(1, distinctTerms));
    toCp ??= makeLocalCp(seg.text);
    for (const { s, e } of matched) {
      const start = cpBase + toCp(s);
      const end = cpBase + toCp(e);
      const key = `${start}:${end}`;
      if (!a.matches.has(key)) a.matches.set(key, { start, end, term: seg.text.slice(s, e) });
    }
  };
  for (const [ri, hs] of byRule) {
    const rule = c.rules[ri];
    if (rule.kind === 'regex' || !roleAllowed(seg.role, rule, speakers)) continue;
    if (rule.hasExclusions && hs.some((h) => c.terms[h.term].role === 'exc')) continue;
    if (rule.kind === 'keywords') {
      const inc = hs.filter((h) => c.terms[h.term].role === 'inc');
      const distinct = new Set(inc.map((h) => h.term)).size;
      if (distinct < rule.minMatches) continue;
      fire(rule, inc.map((h) => ({ s: tokStart[h.tokStart], e: tokEnd[h.tokEnd] })), distinct);
    } else {
      const as = hs.filter((h) => c.terms[h.term].role === 'a');
      const bs = hs.filter((h) => c.terms[h.term].role === 'b');
      const d = rule.distance ?? 5;
      const used = new Set<Hit>();
      const pairs = new Set<string>();
      for (const x of as) {
        for (const y of bs) {
          const gap = y.tokStart > x.tokEnd ? y.tokStart - x.tokEnd : x.tokStart > y.tokEnd ? x.tokStart - y.tokEnd : 0;
          if (gap <= d) {
            used.add(x);
            used.add(y);
            pairs.add(`${x.term}:${y.term}`);
          }
        }
      }
      if (pairs.size < rule.minMatches) continue;
      fire(rule, [...used].map((h) => ({ s: tokStart[h.tokStart], e: tokEnd[h.tokEnd] })), pairs.size);
    }
  }
  // 4. regex rules (on the lower-cased, NFC, masked text; same UTF-16 length is not guaranteed
  // by toLowerCase, so matches are mapped back only when lengths agree)
  if (regexRules.length) {
    const lower = text.normalize('NFC').toLowerCase();
    const sameLength = lower.length === seg.text.length;
    for (const rule of regexRules) {
      if (!roleAllowed(seg.role, rule, speakers)) continue;
      const re = rule.regex!;
      re.lastIndex = 0;
      const found: Array<{ s: number; e: number }> = [];
      const terms = new Set<string>();
      for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        terms.add(m[0]);
        if (sameLength) found.push({ s: m.index, e: m.index + m[0].length });
      }
      if (terms.size < rule.minMatches) continue;
      if (rule.hasExclusions && byRule.get(rule.index)?.some((h) => c.terms[h.term].role === 'exc')) continue;
      fire(rule, found, terms.size);
    }
  }
}

/** UTF-16 index in a segment text → code-point offset in it. */
function makeLocalCp(text: string): (i: number) => number {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdfff) {
      const m = new OffsetMap(text);
      return (k) => m.toCp(k);
    }
  }
  return (k) => k;
}

/** Grow the shared buffers (exported for tests that run huge segments; not needed normally). */
export function resetBuffers(): void {
  tokStart = [];
  tokEnd = [];
  tokAtoms = [];
}
