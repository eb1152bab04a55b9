/**
 * Two sources with the same text (a copy of a transcript beside it, `interview-03 - kopie.txt`; the
 * .docx and its .txt export in one folder): each was read as a source of its own, so every passage
 * and coding counted twice in every matrix, comparison and saturation curve, without a word.
 * Said for the second (and each later) one, with the first. So are two versions of one text (a
 * corrected or anonymised copy, a copy from a thesis appendix, a part and the whole): passagePrints.
 */
import type { Diagnostic, Source } from '../model/types.js';
import { hasSurrogates, OffsetMap } from '../model/codepoints.js';
import type { Block } from './parse-blocks.js';
import { DEFAULT_INTERVIEWERS, roleOf } from './roles.js';

/** Texts shorter than this (trimmed) are not compared: short notes may well say the same. */
const MIN_CHARS = 500;
/** Places compared besides the length, evenly spread over the text (its start and end among them). */
const PLACES = 128;
const PLACE_CHARS = 8;

/**
 * A fingerprint of a text: its length and the characters at PLACES places spread over it (not a
 * hash of the whole: that would cost a pass over every text; equal fingerprints are "the same
 * length, the same characters at PLACES places"); undefined for a short text.
 */
export function textFingerprint(text: string): string | undefined {
  const n = text.length;
  if (n < MIN_CHARS || trimmedLength(text) < MIN_CHARS) return undefined;
  // (two 32-bit FNV-1a hashes of the characters at the places, from two offsets)
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ n;
  const step = (n - PLACE_CHARS) / (PLACES - 1);
  for (let p = 0; p < PLACES; p++) {
    const at = Math.floor(p * step);
    for (let k = at; k < at + PLACE_CHARS; k++) {
      const c = text.charCodeAt(k);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
  }
  return `${n}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

/** `text.trim().length` without the copy of the text that trim() makes (its white space as trim's). */
function trimmedLength(text: string): number {
  const space = /\s/;
  let a = 0;
  let z = text.length;
  while (a < z && space.test(text[a])) a++;
  while (z > a && space.test(text[z - 1])) z--;
  return z - a;
}

/** A passage is compared when it has this many characters or more (its spaces at both ends left aside). */
const PASSAGE_CHARS = 80;
/** Characters of each end of a passage that its print reads (white space left aside). */
const PASSAGE_END = 12;
/** A source is compared passage by passage when it has this many long passages or more. */
const MIN_PASSAGES = 5;
/** Two sources are near-copies when they share this share of the long passages of the one with fewer. */
const NEAR_SHARE = 0.5;
/** Earlier sources remembered per passage (a passage many sources share is counted against its first few). */
const OWNERS = 3;

/**
 * Prints of a source's long passages (turns, paragraphs: its blocks of PASSAGE_CHARS characters
 * or more, the interviewer's left aside — a guide's questions read out word for word are the same in
 * every interview): each its first and last PASSAGE_END characters that are no white space,
 * hashed to one number (a passage wrapped otherwise, as in a copy from a PDF, has the same print).
 * Two versions of a transcript (a corrected one, an anonymised copy, a copy from a thesis
 * appendix, a part and the whole) share most of them; two interviews none. Undefined when it has fewer than MIN_PASSAGES.
 * (Not a hash of each whole passage: that would cost a pass over every text.)
 */
export function passagePrints(
  source: Pick<Source, 'text' | 'kind'>,
  blocks: readonly Block[],
  opts: { readonly interviewers?: readonly string[]; readonly observers?: readonly string[] } = {},
): Int32Array | undefined {
  if (blocks.length < MIN_PASSAGES) return undefined;
  const text = source.text;
  const interviewers = opts.interviewers && opts.interviewers.length ? opts.interviewers : DEFAULT_INTERVIEWERS;
  const ctx = { kind: source.kind, interviewers, observers: opts.observers ?? [] };
  // (block offsets are code points: UTF-16 indices of a text without astral characters; the
  // reader or the segmenter has just asked hasSurrogates of this text, which remembers it)
  const map = hasSurrogates(text) ? new OffsetMap(text) : undefined;
  const out: number[] = [];
  // (whether each speaker is an interviewer: asked once per speaker; turns alternate, so the last
  // two speakers met answer most blocks without a look-up)
  const asks = new Map<string | null, boolean>();
  let s0: string | null | undefined;
  let i0 = false;
  let s1: string | null | undefined;
  let i1 = false;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.end - b.start < PASSAGE_CHARS) continue;
    const sp = b.speaker;
    let interviewer: boolean;
    if (sp === s0) interviewer = i0;
    else {
      if (sp === s1) interviewer = i1;
      else {
        let known = asks.get(sp);
        if (known === undefined) asks.set(sp, (known = roleOf(sp, ctx) === 'interviewer'));
        interviewer = known;
      }
      s1 = s0;
      i1 = i0;
      s0 = sp;
      i0 = interviewer;
    }
    if (interviewer) continue;
    let a = map ? map.toUtf16(b.start) : b.start;
    let z = map ? map.toUtf16(b.end) : b.end;
    while (z > a && text.charCodeAt(z - 1) <= 32) z--;
    while (a < z && text.charCodeAt(a) <= 32) a++;
    const n = z - a;
    if (n < PASSAGE_CHARS) continue;
    // (FNV-1a over the first and the last PASSAGE_END characters that are no space, tab or line
    // break: a passage wrapped otherwise — a copy from a PDF, lines broken and blank lines between —
    // is the same passage; its length is not read, as that would count its spaces)
    let h = 0x811c9dc5;
    for (let k = a, got = 0; k < z && got < PASSAGE_END; k++) {
      const c = text.charCodeAt(k);
      if (c > 32) {
        h = Math.imul(h ^ c, 0x01000193);
        got++;
      }
    }
    for (let k = z - 1, got = 0; k >= a && got < PASSAGE_END; k--) {
      const c = text.charCodeAt(k);
      if (c > 32) {
        h = Math.imul(h ^ c, 0x5bd1e995);
        got++;
      }
    }
    // (30 bits: a small integer, which Maps hash fast)
    out.push(h & 0x3fffffff);
  }
  return out.length >= MIN_PASSAGES ? Int32Array.from(out) : undefined;
}

/**
 * Remembers the sources read (fingerprint and file bytes' sha256, and the prints of their long
 * passages) and says a later one with the same text (`same-text`), or one whose long passages are
 * for the most part an earlier one's, or the other way round (`near-copy`: another version of it).
 */
export class SameTextCheck {
  private readonly byPrint = new Map<string, { id: string; path: string; sha256: string }>();
  /** The sources compared passage by passage: id, path and number of distinct passage prints. */
  private readonly read: { id: string; path: string; n: number }[] = [];
  /** Each passage print: the first OWNERS sources (their places in `read`) that have it. */
  private readonly owners = new Map<number, number[]>();
  /** Passages shared, per earlier source (zero between checks). */
  private counts = new Int32Array(0);

  /**
   * The warning for a source whose text an earlier one has (undefined: none has, or it is short),
   * or (given its passagePrints) whose long passages are for the most part an earlier one's.
   */
  check(s: { readonly id: string; readonly path: string; readonly sha256?: string }, fingerprint: string | undefined, passages?: Int32Array): Diagnostic | undefined {
    if (fingerprint === undefined) return passages ? this.near(s, passages) : undefined;
    const first = this.byPrint.get(fingerprint);
    if (!first) {
      this.byPrint.set(fingerprint, { id: s.id, path: s.path, sha256: s.sha256 ?? '' });
      return passages ? this.near(s, passages) : undefined;
    }
    // (paths as the sources carry them: relative to the working folder)
    const file = s.path;
    const other = first.path;
    const bytes = !!first.sha256 && first.sha256 === s.sha256;
    return {
      severity: 'warning',
      source: 'ingest',
      ruleId: 'same-text',
      message: `holds the same text as ${other} (source "${first.id}"${bytes ? ': the same bytes' : `: the same length and the same characters at ${PLACES} places spread over it`}): both are read as sources ("${first.id}" and "${s.id}"), so each of its passages and codings counts twice in matrices, comparisons and saturation`,
      file,
      actual: s.id,
      hint: `if it is a copy, move it out of the folder (or give the files to read one by one); if both are meant (two versions), nothing to do`,
    };
  }

  /** Said when most long passages of this source or of an earlier one are in both; then remembered. */
  private near(s: { readonly id: string; readonly path: string }, passages: Int32Array): Diagnostic | undefined {
    // its distinct prints (sorted: equal ones side by side)
    const sorted = Int32Array.from(passages).sort();
    let u = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i];
    const mine = sorted.subarray(0, u);
    // the passages it shares with each earlier source (counted in `counts` by its place in `read`)
    if (this.counts.length < this.read.length) this.counts = new Int32Array(Math.max(64, 2 * this.read.length));
    const counts = this.counts;
    const touched: number[] = [];
    // (one look-up per passage: counted against its owners so far, then this source added to them)
    const me = this.read.length;
    for (let i = 0; i < u; i++) {
      const p = mine[i];
      const o = this.owners.get(p);
      if (!o) this.owners.set(p, [me]);
      else {
        for (let j = 0; j < o.length; j++) if (counts[o[j]]++ === 0) touched.push(o[j]);
        if (o.length < OWNERS) o.push(me);
      }
    }
    // the earlier sources that share most of the smaller one's passages, the one sharing most first
    const near: { k: number; n: number }[] = [];
    for (const k of touched) {
      const n = counts[k];
      counts[k] = 0;
      if (n >= MIN_PASSAGES && n >= NEAR_SHARE * Math.min(u, this.read[k].n)) near.push({ k, n });
    }
    near.sort((x, y) => y.n - x.n || x.k - y.k);
    this.read.push({ id: s.id, path: s.path, n: u });
    if (!near.length) return undefined;
    const first = this.read[near[0].k];
    const n0 = near[0].n;
    const theirs = n0 === first.n && first.n < u ? `; all ${first.n} of "${first.id}"'s` : '';
    const more = near.slice(1, 4).map((x) => `${this.read[x.k].path} ("${this.read[x.k].id}", ${x.n})`);
    const also = more.length ? `; also in ${more.join(', ')}${near.length > 4 ? ` and ${near.length - 4} more` : ''}` : '';
    return {
      severity: 'warning',
      source: 'ingest',
      ruleId: 'near-copy',
      message: `${n0} of its ${u} long passages (turns or paragraphs of ${PASSAGE_CHARS} characters or more, the interviewer's left aside) are in ${first.path} too (source "${first.id}"${theirs}${also}; the same first and last ${PASSAGE_END} characters, spaces and line breaks aside): both are read as sources ("${first.id}" and "${s.id}"), so each of those passages and its codings counts twice in matrices, comparisons and saturation`,
      file: s.path,
      actual: s.id,
      hint: `if one is another version of the other (a corrected or anonymised copy, a part and the whole), keep one in the folder (or give the files to read one by one); if both are meant, nothing to do`,
    };
  }
}
