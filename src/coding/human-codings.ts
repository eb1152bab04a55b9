/**
 * Human codings (pure): inline markers in the sources, and codings read from
 * other tools mapped onto the corpus' segments.
 *
 * Inline markers (see markers.ts): a marker codes the text BEFORE it in the
 * same turn, back to the previous marker or the turn's start (after the
 * `Speaker:` label); `[[…]]{{…}}` codes exactly the bracketed words. Several
 * markers in a row (`… Code: a Code: b`, `{{a}}{{b}}`) code the same text.
 * A coded span that covers several segments of the requested unit (e.g.
 * sentences) yields one coding per segment, clipped to it.
 *
 * Labels are resolved against the codes in use (label-resolver.ts: case,
 * spelling, stems, aliases, near misses); each resolution other than an exact
 * one is reported once per file and label, with its count. Unknown labels
 * (not an id, name or alias of a given code) are never dropped: the code is
 * kept as an uncategorised human code (no parent) and a warning names the file
 * and lines, the nearest codes and the alias fix; unknown labels that look like
 * one code are named together. A marker without a label is reported. Codings on
 * interviewer turns are kept, counted and reported. The accounting of all of it
 * (`markers`) adds up: found = read + resolved + unknown + empty + asText. A `{{…}}` inside
 * quotation marks whose labels all name no code (`"Beste {{ naam }}, …"`, a template a speaker
 * reads out) is text, said (`asText`), unless the source codes with that label elsewhere.
 */
import { didYouMean } from '../model/did-you-mean.js';
import type { CodeRef, Coding, CodingsDocument, Corpus, Diagnostic, Role, Segment, Source } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { findMarkers, hasLegacyMarker, labelKey, markerMask, quotedTemplateText, unclosedBrackets, unclosedCurly, type Marker } from './markers.js';
import { LabelResolver, type LabelAlias, type Resolution } from './label-resolver.js';
import { headerKey, isSpaceCode, runningHeaders } from '../model/page-debris.js';
import { maxOf, minOf } from '../model/arrays.js';
import { codingPlace, codingQuote, placeText, type CodingPlace } from '../ingest/coding-places.js';
import { passagePrints, textFingerprint } from '../ingest/same-text.js';
import { codeCellParts, splitCodeCells } from '../ingest/code-cells.js';

/** What became of the code labels found in inline markers (counts; each label of `Code: a, b` counts). */
export interface MarkerAccounting {
  /** code labels found in markers, plus markers without a label */
  readonly found: number;
  /** read as a code of the codebooks as written (id or name; case, `-`/space aside) */
  readonly read: number;
  /** resolved by spelling: plural, stem, British/American, a near miss */
  readonly bySpelling: number;
  /** resolved by an alias (codebook `aliases:` or an alias file) */
  readonly byAlias: number;
  /** in no codebook: kept as uncategorised codes (with a warning) */
  readonly unknown: number;
  /** markers with no label that could be read (with a warning; nothing coded) */
  readonly empty: number;
  /** `{{…}}` inside quotation marks naming no code: read as quoted text, a template field (with a warning; nothing coded) */
  readonly asText: number;
  /** of the labels read, resolved or unknown: those on interviewer turns (kept, with a warning) */
  readonly onInterviewer: number;
  /** of those: outside every turn or segment (kept without a segment) */
  readonly outside: number;
}

export const NO_MARKERS: MarkerAccounting = { found: 0, read: 0, bySpelling: 0, byAlias: 0, unknown: 0, empty: 0, asText: 0, onInterviewer: 0, outside: 0 };

/** The sum of two accountings (e.g. over the sources of a stream). */
export function addMarkerAccounting(a: MarkerAccounting, b: MarkerAccounting): MarkerAccounting {
  const out: Record<string, number> = {};
  for (const k of Object.keys(NO_MARKERS) as Array<keyof MarkerAccounting>) out[k] = a[k] + b[k];
  return out as unknown as MarkerAccounting;
}

export interface HumanCodingsResult {
  readonly codings: Coding[];
  /** Codes found in markers but not in any codebook (kept, uncategorised). */
  readonly extraCodes: CodeRef[];
  readonly diagnostics: Diagnostic[];
  /** What became of every marker label. */
  readonly markers: MarkerAccounting;
  /**
   * Per source with markers, the UTF-16 ranges of its text that the markers read take up
   * (markerMask, flat: start, end, start, end…): what the rules skip (RuleCoder.codeSource), so
   * that they skip exactly the text read as markers. A source without markers has no entry.
   * (Only of inline markers: none for imported codings.)
   */
  readonly masks?: ReadonlyMap<string, readonly number[]>;
}

export interface HumanCodingsOptions {
  /** Further labels known to be whole (label keys or labels), besides the codes' ids, names and aliases. */
  readonly knownLabels?: readonly string[];
  /** Aliases: codebook `aliases:` and an alias file (`origin: 'file'`, which come first). */
  readonly aliases?: readonly LabelAlias[];
  /** A resolver made before (the same codes and aliases), to share its memo. */
  readonly resolver?: LabelResolver;
}

/** label key (id, English or Dutch name, lower case, spaces → `-`) → code id. */
export function codeResolver(codes: readonly CodeRef[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of codes) m.set(labelKey(c.id), c.id);
  for (const c of codes) {
    for (const n of [c.name?.en, c.name?.nl]) if (n && !m.has(labelKey(n))) m.set(labelKey(n), c.id);
  }
  return m;
}

interface Region {
  /** UTF-16 start of the turn (its speaker label included). */
  readonly from: number;
  end: number;
  role: Role | null;
  /** the turn starts with a speaker label */
  labelled: boolean;
  /** the speaker the segments name (null: none) */
  readonly speaker: string | null;
  /** UTF-16, after the speaker label: -1 until `startOf` finds it (only turns with a marker need it) */
  start: number;
}

/** Turn regions of a source (UTF-16), from its segments (grouped by turn), else blank-line paragraphs. */
function regionsOf(src: Source, segs: readonly Segment[], map: OffsetMap): Region[] {
  // turns as the segmenter makes them (one segment a turn, in order): a region each, as the
  // grouping below makes them, without it
  let turns = segs.length > 0;
  for (let i = 0; turns && i < segs.length; i++) {
    const s = segs[i];
    turns = s.unit === 'turn' && s.index === i && (i === 0 || segs[i - 1].start < s.start);
  }
  if (turns) return segs.map((s) => ({ from: map.toUtf16(s.start), end: map.toUtf16(s.end), role: s.role, labelled: s.speaker !== null, speaker: s.speaker, start: -1 }));
  const byTurn = new Map<number, { start: number; end: number; speaker: string | null; role: Role }>();
  for (const s of segs) {
    const t = s.unit === 'turn' ? s.index : s.turn ?? s.index;
    const r = byTurn.get(t);
    if (!r) byTurn.set(t, { start: s.start, end: s.end, speaker: s.speaker, role: s.role });
    else {
      r.start = Math.min(r.start, s.start);
      r.end = Math.max(r.end, s.end);
    }
  }
  const out: Region[] = [];
  if (byTurn.size) {
    for (const r of [...byTurn.values()].sort((a, b) => a.start - b.start)) {
      out.push({ from: map.toUtf16(r.start), end: map.toUtf16(r.end), role: r.role, labelled: r.speaker !== null, speaker: r.speaker, start: -1 });
    }
    return out;
  }
  const re = /(?:\r?\n[ \t]*){2,}/g;
  let pos = 0;
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
    out.push({ from: pos, end: m.index, role: null, labelled: false, speaker: null, start: pos });
    pos = m.index + m[0].length;
  }
  out.push({ from: pos, end: src.text.length, role: null, labelled: false, speaker: null, start: pos });
  return out;
}

/** Where a region's text starts: after its speaker label (found when first asked: most turns hold no marker). */
function startOf(text: string, r: Region): number {
  if (r.start >= 0) return r.start;
  let start = r.from;
  const end = r.end;
  if (r.speaker) {
    const head = text.slice(start, Math.min(end, start + r.speaker.length + 200));
    const lab = /^\s*\[?[^\n:\]]{1,80}\]?:[ \t]*/.exec(head);
    if (lab && head.trimStart().startsWith(r.speaker.replace(/^\[/, '')) && !/^\s*codes?[ \t]?:/iu.test(head)) start += lab[0].length;
    else if (lab && head.trimStart().startsWith('[' + r.speaker)) start += lab[0].length;
  }
  return (r.start = start);
}

const ONLY_FILLER = /^[\s\p{P}]*$/u;

/** The longest running header runningHeaders (page-debris.ts) takes, trimmed (a test checks the two agree). */
const HEADER_MAX_CHARS = 80;

/**
 * The running-header lines of a text (page debris a label on the next line skips), found
 * when first asked (most labels end their line's turn, and most texts never ask).
 */
export function lazyHeaderLineStarts(text: string): { has(lineStart: number): boolean } {
  let set: Set<number> | undefined;
  const noFormFeed = !text.includes('\f');
  const lineEnd = (i: number) => {
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    return i;
  };
  const lineStart = (i: number) => {
    while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
    return i;
  };
  return {
    has: (p) => {
      if (set) return set.has(p);
      // a header is a short line (runningHeaders: at most 80 characters once trimmed): a longer
      // line (most lines a label wraps onto) is none, and needs neither the search below nor the set
      if (p >= 0 && p < text.length && lineStart(p) === p) {
        const e = lineEnd(p);
        let a = p;
        while (a < e && isSpaceCode(text.charCodeAt(a))) a++;
        let b = e;
        while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
        if (b - a > HEADER_MAX_CHARS) return false;
      }
      // a running header shares its headerKey with another line; without form feeds (which
      // headerKey deletes) that line holds the key's longest run without spaces and `#`
      // verbatim: when no other line holding it has the same key, the line at p is no header
      // (and the keys of all lines need not be made)
      if (noFormFeed && p >= 0 && p < text.length && lineStart(p) === p) {
        const key = headerKey(text.slice(p, lineEnd(p)));
        let run = '';
        for (const r of key.split(/[ #]+/)) if (r.length > run.length) run = r;
        if (run) {
          // (a run found in many places: all lines' keys at once, as below)
          let twin = false;
          let tries = 0;
          for (let o = text.indexOf(run); o >= 0 && !twin; o = text.indexOf(run, o + 1)) {
            const s = lineStart(o);
            if (++tries > 64 || (s !== p && headerKey(text.slice(s, lineEnd(o))) === key)) twin = true;
          }
          if (!twin) return false;
        }
      }
      return (set ??= headerLineStarts(text)).has(p);
    },
  };
}

/** UTF-16 starts of the running-header lines of a text (page debris a label on the next line skips). */
export function headerLineStarts(text: string): Set<number> {
  if (!hasLegacyMarker(text)) return new Set();
  const starts: number[] = [];
  const lines: string[] = [];
  if (text.indexOf('\r') === -1) {
    // LF only (the common case): native indexOf, the same lines as the pattern below
    for (let pos = 0; pos < text.length; ) {
      const j = text.indexOf('\n', pos);
      starts.push(pos);
      lines.push(text.slice(pos, j < 0 ? text.length : j));
      pos = j < 0 ? text.length : j + 1;
    }
  } else {
    const re = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
    for (let m = re.exec(text); m && m[0]; m = re.exec(text)) {
      starts.push(m.index);
      lines.push(m[0].replace(/[\r\n]+$/, ''));
    }
  }
  return new Set([...runningHeaders(lines)].map((i) => starts[i]));
}

/**
 * The 1-based line of ascending UTF-16 positions (CR, LF and CRLF are breaks) and where it starts:
 * what LineIndex gives, counted forward from the last position asked (a source's markers come in
 * order), so that the text is read only up to its last marker, and no table of all lines is made.
 */
class LineCursor {
  private line = 1;
  /** UTF-16 start of the line of the last position asked. */
  start = 0;
  /** the next LF and CR not counted yet (Infinity: none) */
  private lf: number;
  private cr: number;
  constructor(private readonly text: string) {
    this.lf = this.next('\n', 0);
    this.cr = this.next('\r', 0);
  }
  private next(c: string, from: number): number {
    const i = this.text.indexOf(c, from);
    return i < 0 ? Infinity : i;
  }
  lineOf(offset: number): number {
    for (;;) {
      if (this.cr < this.lf) {
        if (this.cr >= offset) break;
        // (a CR before an LF: one break, counted at the LF)
        if (this.lf !== this.cr + 1) {
          this.line++;
          this.start = this.cr + 1;
        }
        this.cr = this.next('\r', this.cr + 1);
      } else {
        if (this.lf >= offset) break;
        this.line++;
        this.start = this.lf + 1;
        this.lf = this.next('\n', this.lf + 1);
      }
    }
    return this.line;
  }
}

/** A marker as written, on one line (a label on the next line, or wrapped, as one space). */
/**
 * A marker with every field of the type, those it lacks undefined: one object shape for all the
 * markers this module reads (curly ones have their optional fields or not, legacy ones others;
 * each new combination made V8 throw away the compiled extractHumanCodings, a large function, and
 * compile it again). The same values, so the same reading.
 */
function asRead(mk: Marker): Marker {
  return {
    kind: mk.kind,
    start: mk.start,
    end: mk.end,
    text: mk.text,
    labels: mk.labels,
    coder: mk.coder,
    coders: mk.coders,
    memo: mk.memo,
    exact: mk.exact,
    brackets: mk.brackets,
    ref: mk.ref,
    links: mk.links,
    linkProblems: mk.linkProblems,
    natural: mk.natural,
    guessed: mk.guessed,
    wrapped: mk.wrapped,
  };
}

/**
 * Does a `{{…}}` marker (its text as written) have an empty label: nothing but spaces before its
 * first comma, between two commas or after its last (`{{a, , b}}`, `{{a, b,}}`)? The body as
 * written, before coders and links are taken out (`{{a, @anna}}` has none). Asked only of markers
 * with a comma.
 */
function hasEmptyLabel(marker: string): boolean {
  let body = marker.slice(marker.indexOf('{{') + 2, marker.lastIndexOf('}}'));
  const bar = body.indexOf('|');
  if (bar >= 0) body = body.slice(0, bar);
  return /(?:^|,)\s*(?:,|$)/.test(body) && body.includes(',');
}

function shownMarker(mk: Marker): string {
  return mk.text.replace(/-[ \t]*(?:\r?\n|\r)\s*/g, '-').replace(/\s+/g, ' ').trim();
}

/** 1, 2, 3 … 9 lines: "lines 1, 2, 3"; more: the first 8 and "… (12 in all)". */
function linesText(lines: readonly number[]): string {
  const u = [...new Set(lines)];
  const shown = u.length > 9 ? `${u.slice(0, 8).join(', ')}, … (${u.length} in all)` : u.join(', ');
  return `line${u.length > 1 ? 's' : ''} ${shown}`;
}

/**
 * A label read as one code that is also the id, name or alias of a code of another codebook (two
 * codebooks given with -c): it counts under the first only; said with both codes and how to write
 * the other.
 */
function labelAlsoNames(what: string, label: string, r: Resolution & { code: string }, at: { file: string; line?: number; column?: number }): Diagnostic {
  const by = (b: 'id' | 'name' | 'alias', via: string) => (b === 'id' ? 'the id' : b === 'name' ? `the name "${via}"` : `the alias "${via}"`);
  const mine = r.how === 'alias' ? 'alias' : r.via === r.code ? 'id' : 'name';
  const of = (code: string, book?: string) => `"${code}"${book ? ` of ${book}` : ''}`;
  const others = r.also ?? [];
  return {
    severity: 'warning',
    source: 'coding',
    ruleId: 'label-names-two-codes',
    message: `${what} is read as code ${of(r.code, r.codebook)} (by ${by(mine, r.via)}), but it is also ${others.map((o) => `${by(o.by, o.via)} of code ${of(o.code, o.codebook)}`).join(', and ')}; it counts under ${of(r.code, r.codebook)} only`,
    ...at,
    hint: `write the id of the code meant, as its codebook has it (${others.map((o) => `{{${o.code}}}`).join(', ')} for ${others.length > 1 ? 'the others' : 'the other'}, {{${r.code}}} for this one), or give one of the codes another name or alias in your own codebook`,
    actual: label,
    expected: [r.code, ...others.map((o) => o.code)],
  };
}

/** A speaker's name before a marker at the start of a line (`Anna{{code}}:`, `Dr. de Vries {{code}}:`), and the colon after it. */
const IN_LABEL_BEFORE = /^[ \t]*\p{Lu}[\p{L}\p{M}\p{N}.'’ -]{0,40}$/u;
const IN_LABEL_AFTER = /^[ \t]?:/;

const HOW_TEXT: Record<string, string> = { alias: 'an alias', spelling: 'spelling (case, plural, stem, British/American)', near: 'a near miss (a small spelling difference)' };

export function extractHumanCodings(corpus: Corpus, codes: readonly CodeRef[], opts: HumanCodingsOptions = {}): HumanCodingsResult {
  const resolver = opts.resolver ?? new LabelResolver(codes, opts.aliases ?? []);
  const rankOf = (r: Resolution) => (r.how === 'unknown' ? 0 : r.how === 'near' ? 1 : 2);
  const rank = (label: string) => rankOf(resolver.resolve(label));
  const known = new Set<string>((opts.knownLabels ?? []).map(labelKey));
  const segsBySource = new Map<string, Segment[]>();
  for (const s of corpus.segments) (segsBySource.get(s.sourceId) ?? segsBySource.set(s.sourceId, []).get(s.sourceId)!).push(s);
  const prepared = new Map<string, { regions: Region[]; stops: number[]; segs: Segment[]; map: OffsetMap; debris: { has(p: number): boolean }; firstPass?: { text: string; markers: Marker[] } }>();
  const prepare = (src: Source) => {
    let p = prepared.get(src.id);
    if (!p) {
      const map = new OffsetMap(src.text);
      const segs = (segsBySource.get(src.id) ?? []).slice().sort((a, b) => a.start - b.start);
      const regions = regionsOf(src, segs, map);
      // a label never runs into the next speaker's turn (nor into its label); from one unlabelled
      // paragraph into the next it may (a label on the next line of wrapped text)
      const stops: number[] = [];
      regions.forEach((r, i) => {
        if (i + 1 < regions.length && regions[i + 1].labelled) stops.push(r.end);
      });
      if (regions.length) stops.push(regions[regions.length - 1].end);
      prepared.set(src.id, (p = { regions, stops, segs, map, debris: lazyHeaderLineStarts(src.text) }));
    }
    return p;
  };
  // labels that end by themselves somewhere in the corpus (at a line or turn end, before
  // punctuation or a capital) are whole labels: they tell where the same label ends elsewhere
  const legacyIn = hasLegacyMarker;
  for (const src of corpus.sources) {
    if (!legacyIn(src.text)) continue;
    const p = prepare(src);
    const { stops, debris } = p;
    // (kept: read again below only when labels found whole change where labels end)
    const found = findMarkers(src.text, { rank, stops, debris, maxWords: resolver.maxWords });
    p.firstPass = { text: src.text, markers: found };
    for (const m of found) {
      if (m.kind !== 'legacy') continue;
      m.labels.forEach((l, i) => {
        if (m.natural?.[i] && !m.guessed?.[i] && rank(l) === 0) known.add(labelKey(l));
      });
    }
  }

  const codings: Coding[] = [];
  const masks = new Map<string, number[]>();
  const extra = new Map<string, CodeRef>();
  const diagnostics: Diagnostic[] = [];
  const count = { found: 0, read: 0, bySpelling: 0, byAlias: 0, unknown: 0, empty: 0, asText: 0, onInterviewer: 0, outside: 0 };
  const unknown = new Map<string, { file: string; code: string; label: string; marker: string; line: number; column: number; lines: number[]; nearest: readonly string[]; ambiguous: boolean; spellings: Map<string, number[]>; padded: boolean }>();
  const resolved = new Map<string, { file: string; label: string; code: string; how: string; via: string; line: number; column: number; lines: number[] }>();
  // labels read as a code that also name a code of another codebook: per file and label, said below
  const alsoNamed = new Map<string, { file: string; label: string; r: Resolution & { code: string }; line: number; column: number; lines: number[] }>();
  const ambiguous = ambiguousOf(codes);
  // coders of markers written in other capitals (`{{code @Fem}}`, `{{code @fem}}`): two coders in
  // every count (qda agree compares them); said with each spelling's count and first place
  const coderSpellings = new Map<string, Map<string, { n: number; file: string; line: number }>>();
  for (const src of corpus.sources) {
    const text = src.text;
    if (!text.includes('{{') && !legacyIn(text)) continue;
    const prep = prepare(src);
    const { regions, stops, segs, map, debris, firstPass } = prep;
    prep.firstPass = undefined;
    // with no label known whole, the first pass read the markers with the same options
    let markers = firstPass && firstPass.text === text && known.size === 0 ? firstPass.markers : findMarkers(text, { rank, known, stops, debris, maxWords: resolver.maxWords });
    // `{{` that opens no marker (never closed, or a line break before `}}`): read as text, said
    const unclosed = text.includes('{{') ? unclosedCurly(text, markers) : [];
    if (unclosed.length) {
      const lc = new LineCursor(text);
      const at = unclosed.map((i) => lc.lineOf(i));
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-not-closed',
        message: `${unclosed.length} "{{" open${unclosed.length === 1 ? 's' : ''} no marker (no "}}" after it on the same line), at line${at.length === 1 ? '' : 's'} ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''}: read as text, nothing coded there`,
        file: src.path,
        line: at[0],
        column: prep.map.toCp(unclosed[0]) - prep.map.toCp(text.lastIndexOf('\n', unclosed[0] - 1) + 1) + 1,
        hint: 'close each marker on its own line: {{code @coder}} (or remove the braces if they are text)',
      });
    }
    // `[[` that opens no exact passage (no `]]{{code}}` after it): read as text, said
    const open = markers.length && text.includes('[[') ? unclosedBrackets(text, markers) : [];
    if (open.length) {
      const lc = new LineCursor(text);
      const at = open.map((i) => lc.lineOf(i));
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'bracket-not-closed',
        message: `${open.length} "[[" open${open.length === 1 ? 's' : ''} no exact passage (no "]]{{code}}" closes ${open.length === 1 ? 'it' : 'them'}), at line${at.length === 1 ? '' : 's'} ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''}: read as text, so "[[" stands in the passage the next marker codes`,
        file: src.path,
        line: at[0],
        column: prep.map.toCp(open[0]) - prep.map.toCp(text.lastIndexOf('\n', open[0] - 1) + 1) + 1,
        hint: 'close the passage right before its marker: [[the words]]{{code}} (or remove the brackets)',
      });
    }
    // `{{…}}` inside quotation marks whose labels all name no code (`"Beste {{ naam }}, uw afspraak
    // is op {{datum}}."`: a mail-merge template a speaker reads out): text, not a coding; said
    const quoted = markers.length ? quotedTemplateText(text, markers, (l) => resolver.resolve(l).how === 'unknown') : undefined;
    if (quoted) {
      markers = markers.filter((m) => !quoted.has(m));
      const lc = new LineCursor(text);
      const first = quoted.values().next().value!;
      const at = [...quoted].map((m) => ({ line: lc.lineOf(m.start), marker: shownMarker(m) }));
      const codesNamed = [...new Set([...quoted].flatMap((m) => m.labels))];
      const nLabels = [...quoted].reduce((n, m) => n + m.labels.length, 0);
      count.found += nLabels;
      count.asText += nLabels;
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-in-quotes-read-as-text',
        message: `${at.length} "{{…}}" inside quotation marks name${at.length === 1 ? 's' : ''} no code of the codebooks (${at.slice(0, 5).map((x) => `line ${x.line} ${JSON.stringify(x.marker)}`).join(', ')}${at.length > 5 ? ', …' : ''}): read as the words a speaker quotes (a template field, as in a mail merge), nothing coded; ${at.length === 1 ? 'it stays' : 'they stay'} in the passage's text and quotes`,
        file: src.path,
        line: at[0].line,
        column: prep.map.toCp(first.start) - prep.map.toCp(text.lastIndexOf('\n', first.start - 1) + 1) + 1,
        hint: `if ${at.length === 1 ? 'it is a coding' : 'they are codings'}, add the code${codesNamed.length === 1 ? '' : 's'} ${codesNamed.slice(0, 5).map((l) => JSON.stringify(l)).join(', ')} to a codebook (or map the label${codesNamed.length === 1 ? '' : 's'} to a code: qda code --aliases FILE), or put the marker after the closing quote`,
        actual: at[0].marker,
      });
    }
    // `]]{{code}}` that closes no `[[` (the `[[` forgotten or deleted): a plain marker, coding the
    // passage before it with the `]]`; said (it coded `Wij werken samen]]` from the turn's start without a word)
    const shut: number[] = [];
    if (markers.length && text.includes(']]{{')) for (const m of markers) if (m.kind === 'curly' && !m.exact && text.startsWith(']]', m.start - 2)) shut.push(m.start - 2);
    if (shut.length) {
      const lc = new LineCursor(text);
      const at = shut.map((i) => lc.lineOf(i));
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'bracket-not-opened',
        message: `${shut.length} "]]" before a marker close${shut.length === 1 ? 's' : ''} no "[[" (no exact passage opens before ${shut.length === 1 ? 'it' : 'them'}), at line${at.length === 1 ? '' : 's'} ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''}: ${shut.length === 1 ? 'its marker codes' : 'their markers code'} the passage before ${shut.length === 1 ? 'it' : 'them'} as a marker without brackets does, from the start of the turn (or the marker before), "]]" included`,
        file: src.path,
        line: at[0],
        column: prep.map.toCp(shut[0]) - prep.map.toCp(text.lastIndexOf('\n', shut[0] - 1) + 1) + 1,
        hint: 'open the passage where its words begin: [[the words]]{{code}} (or remove the "]]")',
      });
    }
    if (!markers.length) continue;
    masks.set(src.id, markerMask(markers).flat());
    const lines = new LineCursor(text);
    const onInterviewer: number[] = [];
    // passages that cover more than one segment (a unit smaller than the turn): their lines and codings
    const spread: number[] = [];
    // markers with nothing before them in their turn (`Anna: {{code}} …`): lines
    const emptyPassage: number[] = [];
    // exact passages with no words between the brackets (`[[]]{{code}}`): lines
    const emptyBrackets: number[] = [];
    // markers between a speaker's name and its colon (`Anna{{code}}: …`): the label is not read
    const inLabel: Array<{ line: number; text: string }> = [];
    let speakers: Set<string> | undefined;
    // passage, code and coder of each coding made: a marker that gives them again (`{{a}} {{a}}`) is said
    const given = new Set<string>();
    const repeated: Array<{ line: number; marker: string; code: string }> = [];
    // markers that name several coders (`{{a @fem @kees}}`): a coding of each (only the last coder's was made, without a word)
    const severalCoders: Array<{ line: number; marker: string; coders: readonly string[] }> = [];
    // `{{/code}}`: a closing marker, as other tools write them (qdakit markers have none)
    const closing: Array<{ line: number; marker: string; column: number }> = [];
    // markers with an empty label between or after commas (`{{a, , b}}`, `{{a, b,}}`): a label left out?
    const emptyLabel: Array<{ line: number; marker: string; column: number }> = [];
    let spreadCodings = 0;
    // markers inside an exact passage (`[[a {{x}} b]]{{y}}`): lines, the marker and the passage's
    const inPassage: Array<{ line: number; marker: string; outer: string }> = [];
    // exact passages that run across turns: lines, the marker and the speakers their parts went to
    const acrossTurns: Array<{ line: number; marker: string; speakers: string[]; interviewer: number }> = [];
    let acrossCodings = 0;
    // (per marker, the exact passage that may enclose it: the next marker with brackets; computed
    // once, backwards, only when the text has such a passage)
    let nextExact: Int32Array | undefined;
    if (markers.some((m) => m.brackets)) {
      nextExact = new Int32Array(markers.length);
      for (let k = markers.length - 1, nx = -1; k >= 0; k--) {
        nextExact[k] = nx;
        if (markers[k].brackets) nx = k;
      }
    }
    let ri = 0;
    let last: { region: number; end: number; span: [number, number] } | undefined;
    for (let mi = 0; mi < markers.length; mi++) {
      const mk = asRead(markers[mi]);
      while (ri < regions.length - 1 && regions[ri].end <= mk.start) ri++;
      const cur = regions[ri] as Region | undefined;
      const curStart = cur ? startOf(text, cur) : 0;
      const inRegion = !!cur && curStart <= mk.start + 1 && mk.start <= cur.end;
      // outside every turn (in a speaker label, before the first turn): the gap between turns
      let gapStart = 0;
      let gapEnd = text.length;
      if (!inRegion && cur) {
        if (curStart > mk.start) {
          gapStart = ri > 0 ? regions[ri - 1].end : 0;
          gapEnd = curStart;
        } else gapStart = cur.end;
      }
      const region: Region = inRegion ? cur! : { from: gapStart, end: gapEnd, role: null, labelled: false, speaker: null, start: gapStart };
      const rk = inRegion ? ri : -1 - gapStart;
      const line = lines.lineOf(mk.start);
      const column = map.toCp(mk.start) - map.toCp(lines.start) + 1;
      if (mk.kind === 'curly' && IN_LABEL_AFTER.test(text.slice(mk.end, mk.end + 3)) && IN_LABEL_BEFORE.test(text.slice(lines.start, mk.start)) && (speakers ??= new Set(segs.flatMap((g) => (g.speaker ? [g.speaker.trim().toLowerCase()] : [])))).has(text.slice(lines.start, mk.start).trim().toLowerCase())) {
        const eol = text.indexOf('\n', mk.end);
        inLabel.push({ line, text: text.slice(lines.start, Math.min(eol < 0 ? text.length : eol, text.indexOf(':', mk.end) + 1)).trim() });
      }
      if (mk.coder) {
        for (const who of mk.coders ?? [mk.coder]) {
          const k = who.toLowerCase();
          const m = coderSpellings.get(k) ?? coderSpellings.set(k, new Map()).get(k)!;
          const e = m.get(who);
          if (e) e.n++;
          else m.set(who, { n: 1, file: src.path, line });
        }
        if (mk.coders) severalCoders.push({ line, marker: shownMarker(mk), coders: mk.coders });
      }
      for (const problem of mk.linkProblems ?? []) {
        diagnostics.push({ severity: 'warning', source: 'coding', ruleId: 'marker-link', message: `marker ${JSON.stringify(shownMarker(mk))}: ${problem}; the rest of the marker is read`, file: src.path, line, column, hint: 'label a passage with {{code #e1}}, link to it with {{code -> e1 relation: verdict}}' });
      }
      if (!mk.labels.length) {
        count.found++;
        count.empty++;
        diagnostics.push({
          severity: 'warning',
          source: 'coding',
          ruleId: 'marker-without-label',
          message: `marker ${JSON.stringify(shownMarker(mk))} has no code label after it (the turn ends, or punctuation or another marker follows); nothing was coded`,
          file: src.path,
          line,
          column,
          hint: 'write the code right after the marker (`Code: joint-measure`), or remove the marker',
        });
        continue;
      }
      if (mk.kind === 'curly' && mk.text.includes(',') && hasEmptyLabel(mk.text)) emptyLabel.push({ line, marker: shownMarker(mk), column });
      let span: [number, number];
      // a plain marker inside an exact passage codes the words from the passage's `[[` (not the
      // `[[` itself nor the words before it) up to itself; said below
      const outer = !mk.exact && nextExact && nextExact[mi] >= 0 ? markers[nextExact[mi]] : undefined;
      const openAt = outer && outer.brackets![0] < mk.start ? outer.brackets![0] + 2 : -1;
      if (openAt >= 0) inPassage.push({ line, marker: shownMarker(mk), outer: shownMarker(outer!) });
      if (mk.exact) span = [mk.exact[0], mk.exact[1]];
      else {
        const from = Math.max(openAt, last && last.region === rk && last.end > region.start ? last.end : region.start);
        const between = text.slice(from, mk.start);
        if (ONLY_FILLER.test(between) && last && last.region === rk) span = last.span;
        else if (ONLY_FILLER.test(between)) span = [region.start, mk.start];
        else span = trim(text, from, mk.start);
      }
      last = { region: rk, end: mk.end, span };
      if (mk.kind === 'curly' && /^\{\{\s*\//.test(mk.text) && mk.labels.length) {
        closing.push({ line, marker: shownMarker(mk), column });
        continue;
      }
      // (nothing before it in its turn: the marker codes an empty passage, said below)
      // (`[[]]{{code}}`, `[[  ]]{{code}}`: an exact passage without words, said below)
      if (mk.exact && !/\S/.test(text.slice(span[0], span[1]))) emptyBrackets.push(line);
      else if (span[1] <= span[0]) emptyPassage.push(line);
      mk.labels.forEach((label, li) => {
        count.found++;
        if (!inRegion && regions.length) count.outside++;
        if (region.role === 'interviewer') (count.onInterviewer++, onInterviewer.push(line));
        const r = resolver.resolve(label);
        let code: string;
        if (r.how === 'unknown') {
          count.unknown++;
          code = labelKey(label);
          if (!extra.has(code)) extra.set(code, { id: code, name: { en: label, nl: label } });
          const key = `${src.path}\u0000${code}`;
          const u = unknown.get(key);
          if (u) {
            u.lines.push(line);
            // (another spelling of the same code: "Vertrouwen", "vertrouwen", "VERTROUWEN")
            (u.spellings.get(label) ?? u.spellings.set(label, []).get(label)!).push(line);
          } else unknown.set(key, { file: src.path, code, label, marker: shownMarker(mk), line, column, lines: [line], nearest: r.nearest, ambiguous: r.ambiguous, spellings: new Map([[label, [line]]]), padded: mk.kind === 'curly' && /^\{\{[ \t]/.test(mk.text) && !mk.exact });
          if (mk.guessed?.[li]) {
            diagnostics.push({
              severity: 'warning',
              source: 'coding',
              ruleId: 'marker-label-end',
              message: `where the label of ${JSON.stringify(shownMarker(mk))} ends is a guess: lower-case text follows it; read as "${label}"`,
              file: src.path,
              line,
              column,
              hint: 'end the label with a full stop or a line break, or add the code (or this label as an alias) to a codebook so that its length is known',
            });
          }
        } else {
          code = r.code;
          if (r.how === 'exact') count.read++;
          else if (r.how === 'alias') count.byAlias++;
          else count.bySpelling++;
          if (r.also) {
            const key = `${src.path}\u0000${label}`;
            const x = alsoNamed.get(key);
            if (x) x.lines.push(line);
            else alsoNamed.set(key, { file: src.path, label, r, line, column, lines: [line] });
          }
          if (r.how !== 'exact') {
            const key = `${src.path}\u0000${label}\u0000${code}`;
            const x = resolved.get(key);
            if (x) x.lines.push(line);
            else resolved.set(key, { file: src.path, label, code, how: r.how, via: r.via, line, column, lines: [line] });
          }
          if (ambiguous.has(code)) {
            const books = ambiguous.get(code)!;
            diagnostics.push({
              severity: 'warning',
              source: 'coding',
              ruleId: 'ambiguous-code',
              message: `marker ${JSON.stringify(shownMarker(mk))} names code "${code}", which is defined in ${books.length === 2 ? 'both ' : ''}${listBooks(books)}; it is counted under ${books[0]} (the first codebook loaded)`,
              file: src.path,
              line,
              column,
              hint: `give the code a new id in your own codebook (e.g. "${books[books.length - 1]}-${code}") and use that in the marker, or load only one of these codebooks`,
              actual: label,
              expected: [...books],
            });
          }
        }
        for (const who of mk.coders ?? [mk.coder ?? 'human']) {
          const again = `${span[0]}\u0000${span[1]}\u0000${code}\u0000${who}`;
          if (given.has(again)) repeated.push({ line, marker: shownMarker(mk), code });
          else given.add(again);
        }
        const over = pushCodings(codings, src, segs, map, span, code, mk);
        // an exact passage that starts in an earlier turn: each turn's part is a coding of that turn's speaker
        if (mk.exact && inRegion && span[0] < cur!.from && over.length > 1 && over[0].turn !== over[over.length - 1].turn) {
          const speakers: string[] = [];
          let turn: number | undefined = -1;
          for (const g of over) {
            if (g.turn !== undefined && g.turn === turn) continue;
            turn = g.turn;
            speakers.push(`${g.speaker ?? '(no speaker)'}${g.role === 'interviewer' ? ' (interviewer)' : ''}`);
          }
          acrossTurns.push({ line, marker: shownMarker(mk), speakers, interviewer: region.role === 'interviewer' ? 0 : over.filter((g) => g.role === 'interviewer').length });
          acrossCodings += over.length;
        } else if (over.length > 1) (spread.push(line), (spreadCodings += over.length));
      });
    }
    if (inPassage.length) {
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-inside-passage',
        message: `${inPassage.length} marker${inPassage.length > 1 ? 's stand' : ' stands'} inside an exact passage [[…]] (${inPassage.slice(0, 5).map((x) => `line ${x.line} ${JSON.stringify(x.marker)} inside the passage of ${JSON.stringify(x.outer)}`).join(', ')}${inPassage.length > 5 ? ', …' : ''}): ${inPassage.length > 1 ? 'each codes' : 'it codes'} the words from the "[[" up to itself, and the passage's own coding covers all the bracketed words, the marker's text included (its quote shows the marker)`,
        file: src.path,
        line: inPassage[0].line,
        hint: 'mark each coded passage on its own, not one inside another: [[words]]{{code}} [[other words]]{{other-code}} (or give both codes to one passage: [[words]]{{code, other-code}})',
        actual: inPassage[0].marker,
      });
    }
    if (acrossTurns.length) {
      const onInt = acrossTurns.reduce((n, x) => n + x.interviewer, 0);
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-passage-across-turns',
        message: `${acrossTurns.length} exact passage${acrossTurns.length > 1 ? 's run' : ' runs'} across turns (${acrossTurns.slice(0, 5).map((x) => `line ${x.line} ${JSON.stringify(x.marker)}: ${x.speakers.join(', ')}`).join('; ')}${acrossTurns.length > 5 ? '; …' : ''}): each turn's part is coded as a coding of that turn's speaker, ${acrossCodings} codings in all${onInt ? `, ${onInt} of them on interviewer turns (left out of every respondent measure)` : ''}; counts per segment or respondent count each`,
        file: src.path,
        line: acrossTurns[0].line,
        hint: 'end a passage in the turn it starts in: mark each speaker\'s words on their own, [[words]]{{code}} in each turn (and leave the question out)',
        actual: acrossTurns[0].marker,
      });
    }
    if (closing.length) {
      const open = closing[0].marker.replace(/^\{\{\s*\/\s*/, '{{');
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-closing-form',
        message: `${closing.length} marker${closing.length > 1 ? 's are' : ' is'} written as a closing marker (${closing.slice(0, 5).map((x) => `line ${x.line} ${JSON.stringify(x.marker)}`).join(', ')}${closing.length > 5 ? ', …' : ''}): qdakit markers have no closing form — a marker codes the words before it, so ${open} coded the passage before itself, not the words up to ${JSON.stringify(closing[0].marker)}; the closing marker${closing.length > 1 ? 's are' : ' is'} read as no coding`,
        file: src.path,
        line: closing[0].line,
        column: closing[0].column,
        hint: `mark the words exactly: [[the words]]${open} (and remove ${closing[0].marker}), or put the marker after the words it codes`,
        actual: closing[0].marker,
      });
    }
    if (emptyLabel.length) {
      const x = emptyLabel[0];
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-empty-label',
        message: `${emptyLabel.length} marker${emptyLabel.length > 1 ? 's have' : ' has'} an empty label between commas or after the last one (${emptyLabel.slice(0, 5).map((m) => `line ${m.line} ${JSON.stringify(m.marker)}`).join(', ')}${emptyLabel.length > 5 ? ', …' : ''}): the labels written are read, the empty one codes nothing (was a code left out?)`,
        file: src.path,
        line: x.line,
        column: x.column,
        hint: 'write the code that was meant between the commas, or remove the extra comma ({{a, b}})',
        actual: x.marker,
      });
    }
    if (severalCoders.length) {
      const x = severalCoders[0];
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-several-coders',
        message: `${severalCoders.length} marker${severalCoders.length > 1 ? 's name' : ' names'} more than one coder (${severalCoders.slice(0, 5).map((m) => `line ${m.line} ${JSON.stringify(m.marker)}: ${m.coders.join(', ')}`).join('; ')}${severalCoders.length > 5 ? '; …' : ''}): each is read as a coding of each coder named, as ${x.coders.map((c) => `{{… @${c}}}`).join(' ')} would be`,
        file: src.path,
        line: x.line,
        hint: `if both coders gave the code, nothing to do (or write a marker per coder); if one name corrects the other, keep only the coder meant (e.g. {{… @${x.coders[x.coders.length - 1]}}})`,
        actual: x.marker,
      });
    }
    if (repeated.length) {
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-repeated',
        message: `${repeated.length} marker label${repeated.length > 1 ? 's give' : ' gives'} a passage a code its coder already gave it (${repeated.slice(0, 5).map((x) => `line ${x.line} ${JSON.stringify(x.marker)}: "${x.code}"`).join(', ')}${repeated.length > 5 ? ', …' : ''}): each is read as a coding of its own (counted again by --measure uses)`,
        file: src.path,
        line: repeated[0].line,
        hint: 'remove the repeated marker (or give it to another coder: {{code @name}})',
        actual: repeated[0].marker,
      });
    }
    if (inLabel.length) {
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-in-speaker-label',
        message: `${inLabel.length} marker${inLabel.length > 1 ? 's stand' : ' stands'} between a speaker's name and the colon (${inLabel.map((x) => `line ${x.line} "${x.text}"`).slice(0, 5).join(', ')}${inLabel.length > 5 ? ', …' : ''}): the name is not read as a speaker label there (the line is read as words of the turn before it), and the marker codes the name before it`,
        file: src.path,
        line: inLabel[0].line,
        hint: 'put the marker after the words it codes, not in the label: "Anna: … the words. {{code}}"',
        actual: inLabel[0].text,
      });
    }
    if (emptyPassage.length) {
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-empty-passage',
        message: `${emptyPassage.length} marker${emptyPassage.length > 1 ? 's stand' : ' stands'} at the start of ${emptyPassage.length > 1 ? 'their turns' : 'its turn'} with nothing before ${emptyPassage.length > 1 ? 'them' : 'it'} to code (${linesText(emptyPassage)}): the coding marks the turn but its passage is empty (no quote)`,
        file: src.path,
        line: emptyPassage[0],
        hint: 'a marker codes the passage before it: put it after the words it codes (or mark them exactly: [[words]]{{code}})',
      });
    }
    if (emptyBrackets.length) {
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'marker-empty-brackets',
        message: `${emptyBrackets.length} exact passage${emptyBrackets.length > 1 ? 's have' : ' has'} no words between ${emptyBrackets.length > 1 ? 'their' : 'its'} brackets ([[]]{{…}}; ${linesText(emptyBrackets)}): ${emptyBrackets.length > 1 ? 'the codings mark their turns, but their passages are' : 'the coding marks its turn, but its passage is'} empty (no quote)`,
        file: src.path,
        line: emptyBrackets[0],
        hint: 'put the words the code is for between the brackets: [[the words]]{{code}} (or remove the empty brackets: then the marker codes the passage before it)',
      });
    }
    if (spread.length) {
      diagnostics.push({
        severity: 'info',
        source: 'coding',
        ruleId: 'marker-passage-spread',
        message: `${spread.length} marker label${spread.length > 1 ? 's code passages' : ' codes a passage'} that cover${spread.length > 1 ? '' : 's'} more than one segment (${linesText(spread)}): coded on each segment, ${spreadCodings} codings in all; counts per segment (matrices, comparisons) count each`,
        file: src.path,
        line: spread[0],
        hint: 'with --unit turn each passage is one coding of its turn; or mark the passage within one sentence ([[…]]{{code}})',
      });
    }
    if (onInterviewer.length) {
      diagnostics.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'codes-on-interviewer-turns',
        message: `${onInterviewer.length} marker label${onInterviewer.length > 1 ? 's are' : ' is'} on interviewer turns (${linesText(onInterviewer)}); kept as codings of those turns, but left out of every respondent measure (matrices, comparisons, saturation count respondent turns)`,
        file: src.path,
        line: onInterviewer[0],
        hint: 'if these turns are the respondent\'s, check the speaker labels (a missing or indented label merges a turn into the question before it) or the interviewer names (--interviewer, interviewers: in qda.yaml)',
      });
    }
  }
  const caseOnly = [...coderSpellings.values()].filter((m) => m.size > 1);
  if (caseOnly.length) {
    const first = [...caseOnly[0].values()][1];
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'marker-coders-differ-in-case',
      message: `${caseOnly.length} coder${caseOnly.length > 1 ? 's are' : ' is'} written in markers with other capitals, and counted as ${caseOnly.length > 1 ? 'coders' : 'a coder'} apart: ${caseOnly
        .slice(0, 5)
        .map((m) => [...m].map(([v, e]) => `"@${v}" (${e.n}×, first ${e.file}:${e.line})`).join(' and '))
        .join('; ')}${caseOnly.length > 5 ? '; …' : ''}`,
      file: first.file,
      line: first.line,
      hint: 'if they are one person, write the name alike in every marker; if they are different people, give them names that differ in letters',
      actual: [...caseOnly[0].keys()][1],
    });
  }
  for (const x of alsoNamed.values()) diagnostics.push(labelAlsoNames(`marker label "${x.label}" (${x.lines.length}×, ${linesText(x.lines)})`, x.label, x.r, { file: x.file, line: x.line, column: x.column }));
  for (const x of resolved.values()) {
    diagnostics.push({
      severity: 'info',
      source: 'coding',
      ruleId: 'label-resolved',
      message: `read "${x.label}" as code "${x.code}" (by ${HOW_TEXT[x.how]}${x.via !== x.code ? `: "${x.via}"` : ''}; ${x.lines.length}×, ${linesText(x.lines)})`,
      file: x.file,
      line: x.line,
      column: x.column,
      ...(x.how === 'alias' ? {} : { hint: `if "${x.label}" is a code of its own, add it to a codebook` }),
      actual: x.label,
    });
  }
  const grouped = new Set<string>();
  const unknownLabels = [...new Set([...unknown.values()].map((u) => u.label))];
  for (const g of resolver.groupUnknown(unknownLabels)) {
    for (const l of g) grouped.add(l);
    const places = g.map((l) => {
      const us = [...unknown.values()].filter((u) => u.label === l);
      return `${l} (${us.map((u) => `${u.file}:${u.lines.join(',')}`).join('; ')})`;
    });
    const first = [...unknown.values()].find((u) => u.label === g[0])!;
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'unknown-code-variants',
      message: `${g.length} unknown labels look like one code: ${places.join(', ')}; each is kept as its own uncategorised human code`,
      file: first.file,
      line: first.line,
      column: first.column,
      hint: `to count them as one code, add the code to a codebook with the others as aliases (aliases: [${g.slice(1).map((l) => JSON.stringify(l)).join(', ')}]), or map them with qda code --aliases FILE (CSV label,code)`,
      actual: g[0],
      expected: g.slice(1),
    });
  }
  for (const u of unknown.values()) {
    if (grouped.has(u.label)) continue;
    const near = u.nearest.length ? (u.ambiguous ? `; it fits ${u.nearest.map((c) => `"${c}"`).join(' and ')} equally well` : `; nearest codes: ${u.nearest.join(', ')}`) : '';
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'unknown-code',
      message:
        u.spellings.size > 1
          ? `markers name a code that is in no codebook in ${u.spellings.size} spellings (letter case, spaces or underscores): ${[...u.spellings].map(([l, ls]) => `"${l}" (${linesText(ls)})`).join(', ')}; all are kept as one uncategorised human code "${u.code}"${near}`
          : `marker ${JSON.stringify(u.marker)} names a code that is in no codebook ("${u.label}") at ${linesText(u.lines)}; kept as an uncategorised human code "${u.code}"${near}`,
      file: u.file,
      line: u.line,
      column: u.column,
      hint: u.nearest.length
        ? `if it means "${u.nearest[0]}", add "${u.label}" as an alias of that code (aliases: in the codebook, or a line "${u.label},${u.nearest[0]}" in a file for qda code --aliases); else add the code to a codebook (with its parent), or correct the marker`
        : `add the code to a codebook (with its parent), or add the label as an alias of a code (aliases: in the codebook, or qda code --aliases FILE with lines label,code), or correct the marker${u.padded ? `; if ${JSON.stringify(u.marker)} is text a speaker reads out (a template field), put that text in quotation marks: a "{{…}}" inside quotes that names no code is read as text` : ''}`,
      actual: u.label,
      ...(u.nearest.length ? { expected: [...u.nearest] } : {}),
    });
  }
  return { codings, extraCodes: [...extra.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), diagnostics, markers: { ...count }, masks };
}

/** ambiguousCodes of the last list of codes asked about (a run codes its sources one at a time, with the same codes). */
let lastCodes: readonly CodeRef[] = [];
let lastAmbiguous: ReadonlyMap<string, readonly string[]> = new Map();
function ambiguousOf(codes: readonly CodeRef[]): ReadonlyMap<string, readonly string[]> {
  if (codes.length !== lastCodes.length || codes.some((c, i) => c !== lastCodes[i])) {
    lastAmbiguous = ambiguousCodes(codes);
    lastCodes = [...codes];
  }
  return lastAmbiguous;
}

/** Code ids that two or more codebooks define → those codebooks, in the order given. */
export function ambiguousCodes(codes: readonly CodeRef[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const c of codes) {
    if (!c.codebook) continue;
    const l = by.get(c.id);
    if (!l) by.set(c.id, [c.codebook]);
    else if (!l.includes(c.codebook)) l.push(c.codebook);
  }
  for (const [id, l] of by) if (l.length < 2) by.delete(id);
  return by;
}

/** "a and b", "a, b and c". */
export function listBooks(books: readonly string[]): string {
  return books.length <= 1 ? books.join('') : `${books.slice(0, -1).join(', ')} and ${books[books.length - 1]}`;
}

function trim(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

/** Code a marker's passage on each segment it overlaps (clipped to it); returns those segments (none: outside every segment, kept without one). */
function pushCodings(out: Coding[], src: Source, segs: readonly Segment[], map: OffsetMap, span: [number, number], code: string, mk: Marker): Segment[] {
  const start = map.toCp(span[0]);
  const end = map.toCp(span[1]);
  if (mk.coders) {
    // (a marker that names several coders: a coding of each, as a marker per coder gives)
    let over: Segment[] = [];
    for (const coder of mk.coders) over = pushCodings(out, src, segs, map, span, code, { ...mk, coder, coders: undefined });
    return over;
  }
  const coder = mk.coder ?? 'human';
  const base = {
    code,
    coder,
    score: 1,
    evidence: { marker: mk.text },
    ...(mk.memo ? { memo: mk.memo } : {}),
    ...(mk.ref !== undefined ? { ref: mk.ref } : {}),
    ...(mk.links?.length ? { links: mk.links } : {}),
  };
  // the segments the span overlaps (segs: sorted by start, not overlapping): binary search for the first
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  const over: Segment[] = [];
  for (let i = lo; i < segs.length && segs[i].start < end; i++) if (segs[i].end > start) over.push(segs[i]);
  // an empty passage (a marker right at the start of a turn) belongs to the segment it is in
  if (start === end && !over.length) {
    let hit: Segment | undefined;
    for (let i = Math.max(0, lo - 1); i < segs.length && segs[i].start <= start; i++) if (segs[i].end >= start) hit = segs[i];
    if (hit) over.push(hit);
  }
  if (!over.length) {
    out.push({ id: `${src.id}:${code}:${coder}:${start}`, sourceId: src.id, start, end, ...base });
    return over;
  }
  for (const s of over) {
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    out.push({ id: `${s.id}:${code}:${coder}:${a}`, sourceId: src.id, segmentId: s.id, start: a, end: b, ...base });
  }
  return over;
}

/**
 * The sources of a codings document that no source read has by id or file name, matched by their
 * text (the document holds each source's text): `same`, a source read with the very text (one only,
 * and no other source of the document's by its name); `near`, else the source read most like it: the
 * same length and characters at the places textFingerprint reads, or half or more of the long
 * passages of the one with fewer (passagePrints, as `near-copy` of the sources in a folder).
 * Computed only when such a source is there.
 */
function sourcesRenamed(doc: CodingsDocument, corpus: Corpus, asRead: (id: string) => Source | undefined): { same: Map<string, Source>; near: Map<string, { to: Source; how: string }> } {
  const same = new Map<string, Source>();
  const near = new Map<string, { to: Source; how: string }>();
  const docIds = new Set(doc.sources.map((d) => d.id));
  const byLength = new Map<number, Source[]>();
  for (const s of corpus.sources) (byLength.get(s.text.length) ?? byLength.set(s.text.length, []).get(s.text.length)!).push(s);
  const segsOf = (segments: readonly Segment[]) => {
    const m = new Map<string, Segment[]>();
    for (const g of segments) if (g.role !== 'interviewer') (m.get(g.sourceId) ?? m.set(g.sourceId, []).get(g.sourceId)!).push(g);
    return m;
  };
  let printsRead: Array<{ s: Source; p: Set<number>; f: string | undefined }> | undefined;
  let docSegs: Map<string, Segment[]> | undefined;
  const claimed = new Map<string, number>();
  const lost = doc.sources.filter((d) => d.text && !asRead(d.id));
  for (const d of lost) {
    const hits = (byLength.get(d.text.length) ?? []).filter((s) => s.text === d.text && !docIds.has(s.id));
    if (hits.length === 1) {
      same.set(d.id, hits[0]);
      claimed.set(hits[0].id, (claimed.get(hits[0].id) ?? 0) + 1);
    }
  }
  // (two sources of the document with one text: neither is placed by it)
  for (const [id, to] of [...same]) if (claimed.get(to.id)! > 1) (same.delete(id), near.set(id, { to, how: 'the same text, which another source of the codings document has too' }));
  for (const d of lost) {
    if (same.has(d.id) || near.has(d.id)) continue;
    if (!printsRead) {
      const segs = segsOf(corpus.segments);
      printsRead = corpus.sources.map((s) => ({ s, p: new Set(passagePrints(s, segs.get(s.id) ?? []) ?? []), f: textFingerprint(s.text) }));
    }
    const f = textFingerprint(d.text);
    const fp = f !== undefined ? printsRead.find((x) => x.f === f) : undefined;
    if (fp) {
      near.set(d.id, { to: fp.s, how: 'the same length and the same characters at 128 places spread over it' });
      continue;
    }
    const mine = new Set(passagePrints(d, (docSegs ??= segsOf(doc.segments)).get(d.id) ?? []) ?? []);
    if (mine.size < 5) continue;
    let best: { s: Source; n: number; of: number } | undefined;
    for (const x of printsRead) {
      let n = 0;
      for (const p of mine) if (x.p.has(p)) n++;
      if (n >= 5 && n >= 0.5 * Math.min(mine.size, x.p.size) && (!best || n > best.n)) best = { s: x.s, n, of: x.p.size };
    }
    if (best) near.set(d.id, { to: best.s, how: `${best.n} of its ${mine.size} long passages are in both` });
  }
  return { same, near };
}

/**
 * Map codings read from another tool (readCodings: a codings document or a flat CSV)
 * onto this corpus' segments: by segment id, by source + offsets, or by source +
 * turn number (`turnNumbers`: segment refs are 1-based turns in file order).
 */
export function mapImportedCodings(
  doc: CodingsDocument,
  corpus: Corpus,
  codes: readonly CodeRef[],
  opts: { file: string; turnNumbers?: boolean; aliases?: readonly LabelAlias[]; resolver?: LabelResolver },
): HumanCodingsResult {
  const resolver = opts.resolver ?? new LabelResolver(codes, opts.aliases ?? []);
  const reportedResolutions = new Set<string>();
  const reportedAlso = new Set<string>();
  const byId = new Map(corpus.sources.map((s) => [s.id, s]));
  const byBase = new Map<string, Source>();
  for (const s of corpus.sources) {
    const b = s.path.split('/').pop()!.replace(/\.[^.]+$/, '');
    if (!byBase.has(b)) byBase.set(b, s);
  }
  const segsBySource = new Map<string, Segment[]>();
  for (const s of corpus.segments) (segsBySource.get(s.sourceId) ?? segsBySource.set(s.sourceId, []).get(s.sourceId)!).push(s);
  const segById = new Map(corpus.segments.map((s) => [s.id, s]));
  const docSegs = new Map(doc.segments.map((s) => [s.id, s]));
  const codings: Coding[] = [];
  const extra = new Map<string, CodeRef>();
  const diagnostics: Diagnostic[] = [];
  // codings of a source not read: per source, how many and where its warning goes (said once,
  // with the count and the ids read that look like it, once every coding is seen)
  const missing = new Map<string, { at: number; n: number; place: CodingPlace | undefined }>();
  // codes in no codebook, kept under their label key: per code, its warning and every spelling read
  // as it, with its count and first place (the warning named the first spelling only)
  const unknownSpellings = new Map<string, { at: number; spellings: Map<string, { n: number; place: CodingPlace | undefined }> }>();
  // codings of a source read that land in none of its segments (offsets past its end or between
  // its segments, a turn or segment it does not have): kept without segment, and said per source
  const unplaced = new Map<string, { n: number; place: CodingPlace | undefined; what: string; refs: Set<string>; lines: number[] }>();
  // quotes placed only when read loosely (white space, quotation marks, dashes, ellipses): said per source
  const looseQuotes = new Map<string, { n: number; place: CodingPlace | undefined }>();
  // a row with a quote only (no offsets, no segment): placed where the quote stands in its source's
  // text, exactly or with white space read loosely; not found, or found more than once (never
  // guessed), it is kept without segment and said with its lines
  const quoteFound = new Map<string, QuoteHit>();
  const looseTexts = new Map<string, LooseText>();
  const looseText = (text: string): LooseText => {
    let l = looseTexts.get(text);
    if (!l) looseTexts.set(text, (l = loosen(text)));
    return l;
  };
  // the document's own copy of each source (a codings document carries its text, hash and length):
  // a source read now whose text differs was edited after coding, and its codings' offsets are
  // those of the old text
  const docSources = new Map(doc.sources.map((s) => [s.id, s]));
  const changedOf = new Map<Source, string | null>();
  const changed = (docSrc: Source | undefined, src: Source): string | null => {
    if (!docSrc) return null;
    let why = changedOf.get(docSrc);
    if (why === undefined) {
      why = null;
      const sizes = docSrc.length !== src.length ? `, ${docSrc.length} → ${src.length} characters` : '';
      if (docSrc.text && src.text) why = docSrc.text !== src.text ? `its text differs from the one in the codings document${sizes}` : null;
      else if (docSrc.sha256 && src.sha256) why = docSrc.sha256 !== src.sha256 ? `its sha256 differs from the one in the codings document${sizes}` : null;
      else if (docSrc.length > 0 && src.length > 0 && docSrc.length !== src.length) why = `its length differs from the one in the codings document${sizes}`;
      changedOf.set(docSrc, why);
    }
    return why;
  };
  const maps = new Map<string, OffsetMap>();
  const mapOf = (text: string) => maps.get(text) ?? maps.set(text, new OffsetMap(text)).get(text)!;
  // codings whose offsets no longer hold the text they record (the source edited since, or
  // offsets of another passage): placed where that text now stands once (moved), else kept
  // without segment (stale); said per source, with the lines
  const moved = new Map<string, { n: number; why: string; place: CodingPlace | undefined; lines: number[]; to: string[] }>();
  const stale = new Map<string, { n: number; why: string; place: CodingPlace | undefined; lines: number[]; found: number[]; old: string[] }>();
  // codings whose offsets cover several segments (each segment gets its piece), or run past the
  // end of the text (clipped to it): said per source with the lines and the segments
  const spread = new Map<string, { n: number; pieces: number; place: CodingPlace | undefined; where: string[]; interviewer: number; turns: number }>();
  const clipped = new Map<string, { n: number; place: CodingPlace | undefined; where: string[] }>();
  // codings placed on one interviewer turn (a row's segment or turn, offsets or quote there): kept,
  // but every respondent measure sets them aside; said per source with the lines and segments (only
  // qda matrix said "set aside", after the fact)
  const onInterviewer = new Map<string, { n: number; place: CodingPlace | undefined; where: string[]; segs: Set<string> }>();
  // codings whose segment or turn does not hold their quote: said per source
  const conflicts = new Map<string, { n: number; place: CodingPlace | undefined; where: string[] }>();
  const sameText = (a: string, b: string) => a === b || a.trim() === b.trim() || loosen(a).text.trim() === loosen(b).text.trim();
  // codings placed by a segment or turn number whose row names a speaker of the source who does
  // not speak there (the transcript edited since: a turn added or taken out moves every number
  // after it): placed by the number as before, and said per source with the lines
  const speakerKey = (s: string) => s.trim().replace(/:$/, '').replace(/\s+/g, ' ').toLowerCase();
  const speakersOf = new Map<string, Set<string>>();
  const sourceSpeakers = (id: string) => {
    let set = speakersOf.get(id);
    if (!set) {
      set = new Set();
      for (const s of segsBySource.get(id) ?? []) if (s.speaker) set.add(speakerKey(s.speaker));
      speakersOf.set(id, set);
    }
    return set;
  };
  const otherSpeaker = new Map<string, { n: number; place: CodingPlace | undefined; where: string[] }>();
  // a file that gives a code of the codebooks the name of another code ("samenwerking" named
  // "Overleg" in its code_name column: recoded by editing the name?): its codings are read by the
  // id, and said (per code, with the count and the first place); a name of its own is not
  const codebookNames = new Map<string, Set<string>>();
  for (const c of codes) codebookNames.set(c.id, new Set([c.id, c.name?.nl, c.name?.en].filter((x): x is string => !!x).map(labelKey)));
  const fileName = new Map<string, string>();
  for (const c of doc.codes) {
    const n = c.name?.nl ?? c.name?.en;
    if (n && codebookNames.has(c.id) && !codebookNames.get(c.id)!.has(labelKey(n))) fileName.set(c.id, n);
  }
  const namedOther = new Map<string, { name: string; other: string; n: number; place: CodingPlace | undefined }>();
  // a code the file puts under another parent than the codebooks given now (the code moved in the
  // codebook since the codings were written): its codings are counted where the codebooks put it
  // now (in every roll-up under the parent), said per code with the count (it was without a word)
  const treeInFile = doc.codes.some((c) => c.parent !== undefined);
  const fileParent = new Map(doc.codes.map((c) => [c.id, c.parent]));
  const nowParent = new Map(codes.map((c) => [c.id, c.parent]));
  const codeMoved = new Map<string, { was?: string; now?: string; n: number; place: CodingPlace | undefined }>();
  // a code cell that names several codes of the codebooks (`samenwerking; vertrouwen`): one coding
  // of each, said; one with a part that is no code is kept whole (as a code in no codebook), and said
  let imported: readonly Coding[] = doc.codings;
  if (codes.length) {
    const known = (x: string) => resolver.resolve(x).how !== 'unknown';
    const alone = new Set(doc.codings.map((c) => c.code).filter((x) => !codeCellParts(x)));
    const cells = splitCodeCells(doc.codings, known, (p) => known(p) || alone.has(p), { file: opts.file, source: 'coding', what: 'codes of the codebooks' });
    if (cells.said) diagnostics.push(cells.said);
    if (cells.kept) diagnostics.push(cells.kept);
    imported = cells.codings;
  }
  // sources of the document that no source read has by id or file name (the files renamed since:
  // --codings of another run beside a folder of renamed copies): one whose text a source read has
  // character for character is that source, its codings placed there and said; for the others the
  // source read most like it is named in their warning (they were codings of an unknown source)
  const asRead = (id: string) => byId.get(id) ?? byBase.get(id.replace(/\.[^.]+$/, ''));
  const renamed = doc.sources.some((d) => d.text && !asRead(d.id)) ? sourcesRenamed(doc, corpus, asRead) : undefined;
  const renamedUse = new Map<string, { to: Source; n: number; place: CodingPlace | undefined }>();
  for (const c of imported) {
    let src = asRead(c.sourceId);
    if (!src && renamed?.same.has(c.sourceId)) {
      src = renamed.same.get(c.sourceId)!;
      const u = renamedUse.get(c.sourceId);
      if (u) u.n++;
      else renamedUse.set(c.sourceId, { to: src, n: 1, place: codingPlace(c) });
    }
    if (fileName.has(c.code)) {
      const x = namedOther.get(c.code);
      if (x) x.n++;
      else {
        const name = fileName.get(c.code)!;
        const other = resolver.resolve(name);
        if ((other.how === 'exact' || other.how === 'alias') && other.code !== c.code) namedOther.set(c.code, { name, other: other.code, n: 1, place: codingPlace(c) });
        else fileName.delete(c.code);
      }
    }
    if (!src) {
      const m = missing.get(c.sourceId);
      if (m) m.n++;
      else {
        missing.set(c.sourceId, { at: diagnostics.length, n: 1, place: codingPlace(c) });
        diagnostics.push(undefined as unknown as Diagnostic);
      }
      codings.push(c);
      continue;
    }
    const r = resolver.resolve(c.code);
    let code = r.code ?? c.code;
    if (treeInFile && r.code === c.code && fileParent.has(code) && nowParent.has(code) && fileParent.get(code) !== nowParent.get(code)) {
      const m = codeMoved.get(code);
      if (m) m.n++;
      else codeMoved.set(code, { was: fileParent.get(code), now: nowParent.get(code), n: 1, place: codingPlace(c) });
    }
    if (r.code !== undefined && r.also && !reportedAlso.has(c.code)) {
      reportedAlso.add(c.code);
      const p = codingPlace(c);
      diagnostics.push(labelAlsoNames(`code "${c.code}"${p ? ` (${placeText(p)})` : ''}`, c.code, r, { file: opts.file, ...p }));
    }
    if (r.how !== 'exact' && r.how !== 'unknown' && !reportedResolutions.has(c.code)) {
      reportedResolutions.add(c.code);
      diagnostics.push({ severity: 'info', source: 'coding', ruleId: 'label-resolved', message: `read code "${c.code}" as "${r.code}" (by ${HOW_TEXT[r.how]}${r.via !== r.code ? `: "${r.via}"` : ''})`, file: opts.file, actual: c.code });
    }
    if (r.how === 'unknown') {
      code = codes.length ? labelKey(c.code) : c.code;
      if (!extra.has(code)) {
        extra.set(code, { id: code, name: { en: c.code, nl: c.code } });
        if (codes.length) {
          const p = codingPlace(c);
          // (a code the file names with the name of a code of the codebooks: the code's id changed since?)
          const named = doc.codes.find((x) => x.id === c.code);
          const fileName = named?.name?.nl ?? named?.name?.en;
          const now = fileName && labelKey(fileName) !== labelKey(c.code) ? resolver.resolve(fileName) : undefined;
          const renamed = now && (now.how === 'exact' || now.how === 'alias') && now.code !== undefined ? now.code : undefined;
          diagnostics.push({
            severity: 'warning',
            source: 'coding',
            ruleId: 'unknown-code',
            message: `code "${c.code}" is in no codebook${p ? ` (${placeText(p)})` : ''}${renamed ? `; the codings file names it "${fileName}", the name of code "${renamed}" in the codebooks (its id changed since?)` : ''}; kept as an uncategorised human code "${code}"`,
            file: opts.file,
            ...p,
            actual: c.code,
            ...(renamed ? { expected: [renamed] } : {}),
            hint: renamed ? `if it is "${renamed}", add "${c.code}" to its aliases in the codebook (or write "${renamed}" for "${c.code}" in the codings file); else add the code to a codebook` : 'add the code to a codebook, or correct the codings file',
          });
          unknownSpellings.set(code, { at: diagnostics.length - 1, spellings: new Map() });
        }
      }
      // (each spelling read as this code: "Vertrouwen", "vertrouwen ", "VERTROUWEN"; named below)
      const sp = unknownSpellings.get(code);
      if (sp) {
        const e = sp.spellings.get(c.code);
        if (e) e.n++;
        else sp.spellings.set(c.code, { n: 1, place: codingPlace(c) });
      }
    }
    const segs = segsBySource.get(src.id) ?? [];
    let target: Segment[] = [];
    let span: [number, number] | undefined;
    let staleHere = false;
    if (c.end > c.start) {
      span = [c.start, c.end];
      // the text the coding records: its row's text cell (a codings CSV), else, when the source
      // was edited since, the passage at its offsets in the document's copy of the source
      const docSrc = docSources.get(c.sourceId);
      const why = changed(docSrc, src);
      const quote = codingQuote(c);
      let recorded: string | undefined;
      let from: string;
      if (quote !== undefined && quote.trim()) {
        recorded = quote;
        // (a row's text cell, or a JSON coding's own record of its passage: qda review's decisions file)
        from = codingPlace(c)?.path !== undefined
          ? 'the passage each records (its "text") is not the text at start/end (the source was edited since, or the offsets are of another passage)'
          : 'the text column holds other words than those at start/end (the source was edited since, or the offsets are of another passage)';
      } else {
        from = why ?? '';
        if (why && docSrc!.text && c.end <= docSrc!.length) recorded = mapOf(docSrc!.text).slice(c.start, c.end);
      }
      const now = span[1] <= src.length ? mapOf(src.text).slice(span[0], span[1]) : undefined;
      if (recorded !== undefined ? now === undefined || !sameText(now, recorded) : !!why) {
        const hit = recorded !== undefined && recorded.trim() ? findQuote(src.text, recorded, looseText) : { found: 0 } as QuoteHit;
        const line = codingPlace(c)?.line;
        if (hit.span) {
          span = hit.span;
          const m = moved.get(src.id) ?? moved.set(src.id, { n: 0, why: from, place: codingPlace(c), lines: [], to: [] }).get(src.id)!;
          m.n++;
          if (line !== undefined) m.lines.push(line);
          const inSeg = segs.filter((s) => s.start < hit.span![1] && s.end > hit.span![0]).map((s) => s.id);
          m.to.push(`${line !== undefined ? `line ${line}: ` : ''}${c.start}–${c.end} → ${span[0]}–${span[1]}${inSeg.length ? ` (${inSeg.join(', ')})` : ''}`);
        } else {
          span = undefined;
          staleHere = true;
          const why2 = recorded === undefined ? `${from}, and the document records no text for them` : from;
          const u = stale.get(src.id) ?? stale.set(src.id, { n: 0, why: why2, place: codingPlace(c), lines: [], found: [], old: [] }).get(src.id)!;
          u.n++;
          if (line !== undefined) u.lines.push(line);
          if (recorded !== undefined) u.found.push(hit.found);
          u.old.push(`${c.start}–${c.end}`);
        }
      }
    } else if (c.segmentId) {
      const ref = c.segmentId.split('#').pop()!;
      const own = segById.get(`${src.id}#${ref}`);
      if (opts.turnNumbers && /^\d+$/.test(ref)) {
        const t = Number(ref) - 1;
        const inTurn = segs.filter((s) => (s.unit === 'turn' ? s.index : s.turn) === t);
        if (inTurn.length) span = [minOf(inTurn.map((s) => s.start)), maxOf(inTurn.map((s) => s.end))];
      } else if (own) span = [own.start, own.end];
      else {
        const ds = docSegs.get(c.segmentId);
        if (ds && ds.end > ds.start) span = [ds.start, ds.end];
      }
      // a segment or turn whose speaker is not the one the row names (one of this source's)
      const said = docSegs.get(c.segmentId)?.speaker;
      if (span && said && sourceSpeakers(src.id).has(speakerKey(said))) {
        const here = segs.filter((s) => s.start < span![1] && s.end > span![0]);
        if (here.length && !here.some((s) => s.speaker && speakerKey(s.speaker) === speakerKey(said))) {
          const col = opts.turnNumbers && /^\d+$/.test(ref) ? 'turn' : 'segment';
          const line = codingPlace(c)?.line;
          const x = otherSpeaker.get(src.id) ?? otherSpeaker.set(src.id, { n: 0, place: codingPlace(c), where: [] }).get(src.id)!;
          x.n++;
          const who = [...new Set(here.map((s) => (s.speaker ? `${s.speaker}'s` : 'without a speaker')))].join(' and ');
          x.where.push(`${line !== undefined ? `line ${line}` : placeText(codingPlace(c), false)}: ${col} "${ref}" is ${who}, the row says ${said}`);
        }
      }
      // a segment or turn and a quote (text column) that does not stand in it: placed by the
      // segment/turn column as before, and said with where the quote stands
      const quote = codingQuote(c);
      if (span && quote !== undefined && quote.trim() && span[1] <= src.length) {
        const now = mapOf(src.text).slice(span[0], span[1]);
        if (!now.includes(quote.trim()) && !loosen(now).text.includes(loosen(quote.trim()).text)) {
          const hit = findQuote(src.text, quote, looseText);
          const col = opts.turnNumbers && /^\d+$/.test(ref) ? 'turn' : 'segment';
          const stands = hit.span
            ? `its quote stands in ${segs.filter((s) => s.start < hit.span![1] && s.end > hit.span![0]).map((s) => s.id).join(', ') || 'no segment'} (${hit.span[0]}–${hit.span[1]})`
            : hit.found > 1
              ? 'its quote stands more than once in the text'
              : 'its quote is nowhere in the text';
          const line = codingPlace(c)?.line;
          const k = src.id;
          const x = conflicts.get(k) ?? conflicts.set(k, { n: 0, place: codingPlace(c), where: [] }).get(k)!;
          x.n++;
          x.where.push(`${line !== undefined ? `line ${line}` : placeText(codingPlace(c), false)}: ${col} "${ref}" is ${span[0]}–${span[1]}, ${stands}; placed by the ${col} column`);
        }
      }
    }
    let quoteMiss: QuoteHit | undefined;
    if (!span && c.segmentId && /#text\d+$/.test(c.segmentId)) {
      const ds = docSegs.get(c.segmentId);
      if (ds && ds.end === ds.start && ds.text.trim()) {
        const qk = `${src.id}\u0000${ds.text}`;
        let hit = quoteFound.get(qk);
        if (!hit) quoteFound.set(qk, (hit = findQuote(src.text, ds.text, looseText)));
        if (hit.span) {
          span = hit.span;
          if (hit.loose) {
            const lq = looseQuotes.get(src.id);
            if (lq) lq.n++;
            else looseQuotes.set(src.id, { n: 1, place: codingPlace(c) });
          }
        } else quoteMiss = hit;
      }
    }
    if (span) target = segs.filter((s) => s.start < span![1] && s.end > span![0]);
    const coder = c.coder || 'human';
    if (!target.length && !staleHere && (span || c.segmentId)) {
      // (a coding with neither offsets nor a segment is a coding of the whole source: nothing to place)
      const ref = c.segmentId?.split('#').pop() ?? '';
      // (#text1, #line12: the segment a codings CSV gives a row with a quote or an interviewer row)
      const rowOnly = !span && /^(text|line)\d+$/.test(ref) && docSegs.get(c.segmentId!)?.end === docSegs.get(c.segmentId!)?.start;
      const what = quoteMiss
        ? quoteMiss.found === 0
          ? 'a quote that is not in its text (looked for as written, and with white space, quotation marks, dashes and ellipses read loosely; capitals as written)'
          : `a quote that stands ${quoteMiss.found} times in its text (which one is meant is not guessed)`
        : span
        ? span[0] >= src.length || span[1] > src.length
          ? `offsets past the end of its text (${src.length} characters)`
          : 'offsets that fall in no segment of its text'
        : rowOnly
          ? 'no offsets, turn or segment (a quote or a role only)'
          : `${opts.turnNumbers && /^\d+$/.test(c.segmentId!.split('#').pop()!) ? 'turn' : 'segment'}s it does not have`;
      const k = `${src.id}\u0000${what}`;
      let u = unplaced.get(k);
      if (u) u.n++;
      else unplaced.set(k, (u = { n: 1, place: codingPlace(c), what, refs: new Set(), lines: [] }));
      if (!span && !rowOnly && !quoteMiss) u.refs.add(ref);
      const line = codingPlace(c)?.line;
      if (line !== undefined) u.lines.push(line);
    }
    if (staleHere) {
      // (its old offsets are of the old text: kept, they would show and quote other words of the new one)
      const { segmentId: _old, ...rest } = c;
      codings.push({ ...rest, sourceId: src.id, code, coder, start: 0, end: 0, id: `${src.id}:${code}:${coder}:stale${c.start}` });
      continue;
    }
    if (!target.length) {
      codings.push({ ...c, sourceId: src.id, code, coder, id: `${src.id}:${code}:${coder}:${c.start}` });
      continue;
    }
    if (target.length > 1 || span![1] > src.length) {
      const line = codingPlace(c)?.line;
      const at = line !== undefined ? `line ${line}` : placeText(codingPlace(c), false) || `coding "${c.id}"`;
      if (target.length > 1) {
        const sp = spread.get(src.id) ?? spread.set(src.id, { n: 0, pieces: 0, place: codingPlace(c), where: [], interviewer: 0, turns: 0 }).get(src.id)!;
        sp.n++;
        sp.pieces += target.length;
        sp.interviewer += target.filter((s) => s.role === 'interviewer').length;
        // (a passage over sentences of one turn is usual with a unit smaller than the turn; over turns it is not)
        if (target.some((s) => s.unit === 'turn') || new Set(target.map((s) => s.turn)).size > 1) sp.turns++;
        sp.where.push(`${at}: ${target.map((s) => `${s.id}${s.role === 'interviewer' ? ' (interviewer)' : ''}`).join(', ')}`);
      }
      if (span![1] > src.length) {
        const cl = clipped.get(src.id) ?? clipped.set(src.id, { n: 0, place: codingPlace(c), where: [] }).get(src.id)!;
        cl.n++;
        cl.where.push(`${at}: ${span![0]}–${span![1]}`);
      }
    }
    if (target.length === 1 && target[0].role === 'interviewer') {
      const line = codingPlace(c)?.line;
      const iv = onInterviewer.get(src.id) ?? onInterviewer.set(src.id, { n: 0, place: codingPlace(c), where: [], segs: new Set() }).get(src.id)!;
      iv.n++;
      iv.segs.add(target[0].id);
      const w = line !== undefined ? `line ${line}` : placeText(codingPlace(c), false) || `coding "${c.id}"`;
      if (iv.where[iv.where.length - 1] !== w) iv.where.push(w);
    }
    for (const s of target) {
      const a = Math.max(s.start, span![0]);
      const b = Math.min(s.end, span![1]);
      codings.push({ ...c, sourceId: src.id, segmentId: s.id, code, coder, start: a, end: b, id: `${s.id}:${code}:${coder}:${a}` });
    }
  }
  if (codeMoved.size) {
    const where = (p: string | undefined) => (p === undefined ? 'at the top' : `under "${p}"`);
    const list = [...codeMoved].map(([id, x]) => `"${id}" ${where(x.was)} in the file, ${where(x.now)} now (${x.n} coding${x.n === 1 ? '' : 's'}, ${placeText(x.place)})`);
    const first = [...codeMoved.values()][0];
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-code-moved',
      message: `${codeMoved.size === 1 ? 'a code' : `${codeMoved.size} codes`} of the codings file ${codeMoved.size === 1 ? 'stands' : 'stand'} elsewhere in the code tree of the codebooks given now: ${list.slice(0, 6).join('; ')}${list.length > 6 ? '; …' : ''}; ${codeMoved.size === 1 ? 'its codings are' : 'their codings are'} counted where the codebooks put ${codeMoved.size === 1 ? 'it' : 'them'} now (under the new parent in every roll-up)`,
      file: opts.file,
      ...first.place,
      hint: 'if the code was moved in the codebook on purpose, nothing to do (write the codings again, qda code … --codings FILE -o NEW, to record it); if the file\'s code is another code with the same id, give one of the two a new id',
    });
  }
  if (namedOther.size) {
    const list = [...namedOther].map(([id, x]) => `"${id}" named "${x.name}" (${x.n} coding${x.n === 1 ? '' : 's'}, ${placeText(x.place)}), which is the name of code "${x.other}"`);
    const first = [...namedOther.values()][0];
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'code-named-as-other-code',
      message: `the codings file gives ${namedOther.size === 1 ? 'a code' : `${namedOther.size} codes`} the name of another code: ${list.slice(0, 6).join('; ')}${list.length > 6 ? '; …' : ''}; read as the code in the code column (the id), not as the code the name names`,
      file: opts.file,
      ...first.place,
      hint: `if the codings were recoded by editing the name, write the code's id in the code column (e.g. "${first.other}"); else give the code its own name`,
      actual: first.name,
    });
  }
  for (const [id, u] of renamedUse) {
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-source-renamed',
      message: `${u.n} coding${u.n === 1 ? '' : 's'} for source "${id}"${u.place ? ` (${placeText(u.place, u.n > 1)})` : ''}, which no source read has as its name, ${u.n === 1 ? 'is' : 'are'} placed in source "${u.to.id}" (${u.to.path}): its text is the text the codings document holds for "${id}", character for character (the file renamed since?)`,
      file: opts.file,
      ...u.place,
      actual: id,
      hint: `if "${u.to.id}" is not "${id}" renamed, give the codings' own source (the folder of the run that wrote them); else nothing to do (write the codings again with qda code … --codings FILE -o NEW to keep the new name)`,
    });
  }
  for (const [id, m] of missing) {
    const near = renamed?.near.get(id);
    if (near) {
      diagnostics[m.at] = {
        severity: 'warning',
        source: 'coding',
        ruleId: 'codings-source-near-copy',
        message: `${m.n} coding${m.n === 1 ? '' : 's'} for source "${id}"${m.place ? ` (${placeText(m.place, m.n > 1)})` : ''} match${m.n === 1 ? 'es' : ''} no source read by name; the text the codings document holds for "${id}" is most like source "${near.to.id}" (${near.to.path}: ${near.how}), not the same; ${m.n === 1 ? 'it is' : 'they are'} kept without segment`,
        file: opts.file,
        ...m.place,
        actual: id,
        expected: [near.to.id],
        hint: `if "${near.to.id}" is "${id}" renamed and edited, write "${near.to.id}" for "${id}" as the source in the codings document (sources[].id, or the source column) and read it again: its codings are placed where the text they record stands now (those moved are said); else give the codings' own sources`,
      };
      continue;
    }
    const like = didYouMean(id, byId.keys());
    diagnostics[m.at] = {
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-unknown-source',
      message: `${m.n} coding${m.n === 1 ? '' : 's'} for source "${id}"${m.place ? ` (${placeText(m.place, m.n > 1)})` : ''} match${m.n === 1 ? 'es' : ''} no source read${like.length ? ` (did you mean ${like.map((x) => `"${x}"`).join(' or ')}?)` : ''}; ${m.n === 1 ? 'it is' : 'they are'} kept without segment`,
      file: opts.file,
      ...m.place,
      actual: id,
      ...(like.length ? { expected: like } : {}),
      hint: like.length ? `write the source column as the source's id (${like.map((x) => `"${x}"`).join(' or ')}: the file name without extension, case as written)` : `check the source column (the file name without extension); the sources read are ${[...byId.keys()].slice(0, 5).map((x) => `"${x}"`).join(', ')}${byId.size > 5 ? ', …' : ''}`,
    };
  }
  const linesOf = (ls: readonly number[]) => (ls.length ? ` (line${ls.length > 1 ? 's' : ''} ${ls.slice(0, 12).join(', ')}${ls.length > 12 ? ', …' : ''})` : '');
  for (const [id, m] of moved) {
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-moved',
      message: `${m.n} coding${m.n === 1 ? '' : 's'} of source "${id}"${m.lines.length ? linesOf(m.lines) : m.place ? ` (${placeText(m.place, m.n > 1)})` : ''} no longer stand${m.n === 1 ? 's' : ''} at ${m.n === 1 ? 'its' : 'their'} offsets: ${m.why}; ${m.n === 1 ? 'it was' : 'they were'} placed where ${m.n === 1 ? 'its' : 'their'} recorded text stands (once in the text), not by ${m.n === 1 ? 'its' : 'their'} start/end: ${m.to.slice(0, 6).join(', ')}${m.to.length > 6 ? ', …' : ''}`,
      file: opts.file,
      ...m.place,
      actual: id,
      hint: 'check these codings in the edited source; write the codings again (qda code … --codings FILE -o NEW) so that their offsets are those of the text as it is now',
    });
  }
  for (const [id, u] of stale) {
    const twice = u.found.filter((f) => f > 1).length;
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-stale',
      message: `${u.n} coding${u.n === 1 ? '' : 's'} of source "${id}"${u.lines.length ? linesOf(u.lines) : u.place ? ` (${placeText(u.place, u.n > 1)})` : ''} no longer stand${u.n === 1 ? 's' : ''} at ${u.n === 1 ? 'its' : 'their'} offsets: ${u.why}; ${u.found.length ? `${u.found.length - twice ? `the recorded text of ${u.found.length - twice} is nowhere in the text` : ''}${u.found.length - twice && twice ? ', ' : ''}${twice ? `that of ${twice} stands more than once (which one is meant is not guessed)` : ''}; ` : ''}${u.n === 1 ? 'it is' : 'they are'} kept without segment or offsets (counted for the source, in no segment), not placed at the old offsets (${u.old.slice(0, 6).join(', ')}${u.old.length > 6 ? ', …' : ''})`,
      file: opts.file,
      ...u.place,
      actual: id,
      hint: 'the source was edited after these codings were made: code those passages again, or correct their start/end (code-point offsets into the text as it is now) in the codings file',
    });
  }
  for (const [id, sp] of spread) {
    diagnostics.push({
      severity: sp.turns ? 'warning' : 'info',
      source: 'coding',
      ruleId: 'codings-passage-spread',
      message: `${sp.n} coding${sp.n > 1 ? 's code passages' : ' codes a passage'} of source "${id}" that cover${sp.n > 1 ? '' : 's'} more than one segment (${sp.where.slice(0, 6).join('; ')}${sp.where.length > 6 ? '; …' : ''}): coded on each segment, ${sp.pieces} codings in all${sp.interviewer ? `, ${sp.interviewer} of them on interviewer turns (kept, but left out of every respondent measure)` : ''}; counts per segment (matrices, comparisons) count each`,
      file: opts.file,
      ...sp.place,
      actual: id,
      hint: 'check the start/end of these rows (code-point offsets into the text as read: `qda segments` shows each segment\'s start and end); give each coded passage the offsets of one segment, or a segment/turn column',
    });
  }
  if (onInterviewer.size) {
    // one warning for the file (a coder who codes the questions on purpose does so in every source)
    const all = [...onInterviewer];
    const n = all.reduce((k, [, iv]) => k + iv.n, 0);
    const parts = all.map(([id, iv]) => {
      const lines = iv.where.filter((w) => w.startsWith('line ')).map((w) => w.slice(5));
      const at = lines.length && lines.length === iv.where.length ? `line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 8).join(', ')}${lines.length > 8 ? ', …' : ''}` : `${iv.where.slice(0, 4).join(', ')}${iv.where.length > 4 ? ', …' : ''}`;
      const segs = [...iv.segs];
      return `source "${id}": ${iv.n} (${at}; ${segs.slice(0, 4).join(', ')}${segs.length > 4 ? ', …' : ''})`;
    });
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-on-interviewer-turns',
      message: `${n} coding${n === 1 ? ' is' : 's are'} on interviewer turns: ${parts.slice(0, 6).join('; ')}${parts.length > 6 ? `; … (${parts.length} sources)` : ''}; kept as codings of those turns, but left out of every respondent measure (matrices, comparisons, saturation count respondent turns)`,
      file: opts.file,
      ...all[0][1].place,
      actual: all[0][0],
      hint: 'if these are the respondent\'s words, check the segment/turn numbers or offsets of these rows against `qda segments` (segments numbered from 0; a turn column from 1), or the speaker labels and interviewer names (--interviewer, interviewers: in qda.yaml)',
    });
  }
  for (const [id, x] of conflicts) {
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-place-conflict',
      message: `${x.n} coding${x.n === 1 ? '' : 's'} of source "${id}" give${x.n === 1 ? 's' : ''} a segment or turn that does not hold ${x.n === 1 ? 'its' : 'their'} quote (text column): ${x.where.slice(0, 6).join('; ')}${x.where.length > 6 ? '; …' : ''}`,
      file: opts.file,
      ...x.place,
      actual: id,
      hint: 'correct the segment/turn (or the quote) of these rows; to place a row by its quote, leave its segment/turn empty',
    });
  }
  for (const [id, x] of otherSpeaker) {
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-speaker-conflict',
      message: `${x.n} coding${x.n === 1 ? '' : 's'} of source "${id}" give${x.n === 1 ? 's' : ''} a segment or turn where the speaker ${x.n === 1 ? 'its' : 'their'} row names does not speak (${x.where.slice(0, 6).join('; ')}${x.where.length > 6 ? '; …' : ''}): placed by the number, so ${x.n === 1 ? 'it codes' : 'they code'} another speaker's words; was the transcript edited after coding (a turn added or taken out moves the numbers after it)?`,
      file: opts.file,
      ...x.place,
      actual: id,
      hint: 'correct the segment/turn numbers of these rows (qda segments FILE lists them), or give each row its quote in a text column and leave the number empty: a quote is found wherever it stands',
    });
  }
  for (const [id, cl] of clipped) {
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-offsets-clipped',
      message: `${cl.n} coding${cl.n === 1 ? '' : 's'} of source "${id}" run${cl.n === 1 ? 's' : ''} past the end of its text (${byId.get(id)?.length ?? '?'} characters) (${cl.where.slice(0, 6).join('; ')}${cl.where.length > 6 ? '; …' : ''}): clipped to the end of the text`,
      file: opts.file,
      ...cl.place,
      actual: id,
      hint: 'check the end offsets against the source (code-point offsets into the text as read); were the codings made on another version of the file?',
    });
  }
  for (const [id, q] of looseQuotes) {
    diagnostics.push({
      severity: 'info',
      source: 'coding',
      ruleId: 'quote-placed-loosely',
      message: `${q.n} coding${q.n === 1 ? '' : 's'} of source "${id}"${q.place ? ` (${placeText(q.place, q.n > 1)})` : ''} placed by a quote that matches its text only with white space, quotation marks, dashes or ellipses read loosely`,
      file: opts.file,
      ...q.place,
      actual: id,
      hint: 'nothing to do if the quote is the passage meant; check it when the text was edited after coding',
    });
  }
  for (const [k, u] of unplaced) {
    const id = k.split('\u0000')[0];
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'codings-not-placed',
      message: `${u.n} coding${u.n === 1 ? '' : 's'} of source "${id}"${u.lines.length > 1 && u.what.startsWith('a quote') ? ` (lines ${u.lines.slice(0, 12).join(', ')}${u.lines.length > 12 ? ', …' : ''})` : u.place ? ` (${placeText(u.place, u.n > 1)})` : ''} name${u.n === 1 ? 's' : ''} ${u.refs.size ? `${u.what.replace(/^(\w+)s/, u.refs.size === 1 ? 'a $1' : '$1s')} (${[...u.refs].slice(0, 8).map((r) => `"${r}"`).join(', ')}${u.refs.size > 8 ? ', …' : ''})` : u.what}; ${u.n === 1 ? 'it is' : 'they are'} kept without segment (counted for the source, in no segment)`,
      file: opts.file,
      ...u.place,
      actual: id,
      hint: u.what.startsWith('a quote that stands')
        ? 'give those rows start/end offsets or a segment/turn, or quote enough words to stand once in the text'
        : u.what.startsWith('a quote')
          ? 'correct the quote to the words as they stand in the source (or give start/end offsets or a segment/turn); were the codings made on another version of the file?'
          : 'check the start/end (code-point offsets into the text as read) or the segment/turn column against the source; were the codings made on another version of the file?',
    });
  }
  for (const [code, { at, spellings }] of unknownSpellings) {
    if (spellings.size < 2) continue;
    const list = [...spellings].map(([v, e]) => `"${v}" (${e.n} coding${e.n > 1 ? 's' : ''}${e.place ? `, ${placeText(e.place)}` : ''})`);
    diagnostics[at] = {
      ...diagnostics[at],
      message: `${spellings.size} spellings of a code that is in no codebook (they differ in letter case, spaces or underscores) are kept as one uncategorised human code "${code}": ${list.join(', ')}`,
      hint: 'if they are one code, add it to a codebook (or write it alike on every row); if they are different codes, give them names that differ in more than letter case, spaces or underscores',
    };
  }
  return { codings, extraCodes: [...extra.values()], diagnostics, markers: NO_MARKERS };
}

interface QuoteHit {
  /** Code-point offsets of the one place the quote stands. */
  readonly span?: [number, number];
  /** Places found (0, 1 or 2: more than one is not guessed). */
  readonly found: number;
  /** Found only with white space, quotation marks, dashes or ellipses read loosely. */
  readonly loose?: boolean;
}

/** Up to two places where `needle` stands in `hay` (UTF-16 indices). */
function places2(hay: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i !== -1 && out.length < 2; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

interface LooseText {
  /** The text with each run of white space as one space. */
  readonly text: string;
  /** Per character of `text`: its UTF-16 index in the text it came from. */
  readonly at: Int32Array;
}

/**
 * Typographic variants a quote is matched across (one table): curly and low quotation marks and
 * apostrophes as the straight ones, every dash and hyphen (‐ ‑ ‒ – — ― −) as "-", an ellipsis "…"
 * as "...". No-break and other spaces are white space (read loosely). Capitals are not folded.
 */
export const QUOTE_FOLDS: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...',
};
const FOLDABLE = /[\u2018-\u201f\u2010-\u2015\u2212\u2026]/;

/** A text with its typographic variants folded (QUOTE_FOLDS); `at` maps back as for loosen. */
function fold(l: LooseText): LooseText {
  if (!FOLDABLE.test(l.text)) return l;
  let out = '';
  const at: number[] = [];
  for (let i = 0; i < l.text.length; i++) {
    const f = QUOTE_FOLDS[l.text[i]] ?? l.text[i];
    out += f;
    for (let k = 0; k < f.length; k++) at.push(l.at[i]);
  }
  return { text: out, at: Int32Array.from(at) };
}

/**
 * A text with each run of white space (spaces, tabs, line breaks, no-break spaces) as one space,
 * and its quotation marks, dashes and ellipses folded (QUOTE_FOLDS).
 */
function loosen(text: string): LooseText {
  let out = '';
  const at = new Int32Array(text.length);
  let n = 0;
  const ws = /\s+/g;
  let last = 0;
  for (let m = ws.exec(text); m; m = ws.exec(text)) {
    for (let i = last; i < m.index; i++) at[n++] = i;
    out += text.slice(last, m.index) + ' ';
    at[n++] = m.index;
    last = m.index + m[0].length;
  }
  for (let i = last; i < text.length; i++) at[n++] = i;
  out += text.slice(last);
  return fold({ text: out, at: at.subarray(0, n) });
}

/**
 * Where a quote stands in a text: as written, else with every run of white space read as one
 * space and typographic variants folded (QUOTE_FOLDS: ’ as ', “ „ as ", – — as -, … as ...).
 * Found once: its code-point offsets; found more than once: not guessed.
 */
export function findQuote(text: string, quote: string, looseOf: (text: string) => LooseText = loosen): QuoteHit {
  const q = quote.trim();
  const map = new OffsetMap(text);
  const exact = places2(text, q);
  if (exact.length === 1) return { span: [map.toCp(exact[0]), map.toCp(exact[0] + q.length)], found: 1 };
  if (exact.length > 1) return { found: exact.length };
  const nq = loosen(q).text;
  const l = looseOf(text);
  const loose = places2(l.text, nq);
  if (loose.length !== 1) return { found: loose.length };
  return { span: [map.toCp(l.at[loose[0]]), map.toCp(l.at[loose[0] + nq.length - 1] + 1)], found: 1, loose: true };
}
