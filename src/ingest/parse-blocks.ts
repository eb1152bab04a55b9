import type { Diagnostic, SourceKind, TimeSpan } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { editDistance } from '../model/did-you-mean.js';
import { PAGE_NUMBER_LINE, headerKey, isPageNumberLine, isSpaceCode, isYearLike, pageNumberLines, runningHeaders } from '../model/page-debris.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatcher, normaliseLabel } from './roles.js';

/**
 * A turn or paragraph found in a source: the unit segmentation starts from.
 * Offsets are code points into Source.text and span the CONTENT only: a
 * speaker label (`Name: `), a leading time stamp, a `> ` quote mark or a
 * markdown heading mark is outside the span; surrounding whitespace is trimmed.
 */
export interface Block {
  readonly start: number;
  readonly end: number;
  readonly speaker: string | null;
  readonly time?: TimeSpan;
  readonly meta?: Readonly<Record<string, string>>;
}

export interface ParseBlocksOptions {
  /** Extra labels accepted as speakers even when seen once (interviewers, participants, observer). */
  readonly knownSpeakers?: readonly string[];
  /**
   * A markdown source (.md): its HTML comments (`<!-- … -->`) are no text of any block (a block
   * around one is read in two), and each footnote definition (`[^1]: …`) is a block of its own
   * without a speaker (meta.footnote), not text of the turn before (see ParsedBlocks.markdown).
   */
  readonly markdown?: boolean;
  /**
   * Transcripts: 1-based lines of the text that are a document's headings (a Word heading
   * style, an .odt `text:h`: the text does not show them). A heading after a turn ends that
   * turn and is text without a speaker (it was read as the words of the speaker before it).
   */
  readonly headingLines?: readonly number[];
}

export interface ParsedBlocks {
  readonly blocks: Block[];
  /** Distinct accepted speaker labels, in order of appearance. */
  readonly speakers: string[];
  /** UTF-16 index where the body starts (after YAML front matter). */
  readonly bodyStart: number;
  /** Transcripts: page-debris lines (page numbers, running headers) left out of every turn. */
  readonly leftOut: readonly DebrisLine[];
  /** Transcripts: lines that start like a speaker label not accepted as one (seen once, not declared): read as part of the turn before. */
  readonly unreadLabels: readonly UnreadLabel[];
  /**
   * Transcripts: speakers (not declared) each of whose turns starts with one short line of one
   * form with a changing number (`Bijlage 3: Transcript 12`, `Bijlage 3: Transcript 13`), as a
   * running header written like a label would be: read as a speaker, and reported.
   */
  readonly headerSpeakers?: readonly HeaderSpeaker[];
  /**
   * Transcripts: lines that start with a speaker of this file's label written otherwise (`interviewer:`
   * in lower case, `R:Antwoord` with no space after the colon, `Anna\u00a0:` with a no-break
   * space before it: its key, normaliseLabel, is the speaker's): read as that speaker's turn, and reported.
   */
  readonly variantLabels?: readonly VariantLabel[];
  /** Markdown sources: the HTML comments left out and the footnote definitions read as notes (when there are any). */
  readonly markdown?: MarkdownNotes;
  /**
   * Transcripts exported by a transcription service (Otter, Teams, Amberscript, Happy Scribe): a
   * line that holds only a speaker's name and a time stamp (`Sanne de Boer  0:07`, `[00:00:03]
   * Interviewer`), the words on the lines after it. Read as that speaker's turn, and reported.
   */
  readonly turnHeads?: TurnHeads;
  /** Transcripts: f4transkript time marks at the ends of turns (`#00:01:23-4#`), read as the turns' times and left out of their text. */
  readonly timeMarks?: { readonly count: number; readonly line: number; readonly text: string };
  /** Transcripts: lines split at a speaker's label glued inside them (`… gedaan. Nadia: Nee`), and reported. */
  readonly gluedLabels?: GluedLabels;
  /** Transcripts: `Label<TAB>words<TAB>more` lines of a speaker of the file read as its turns (a tab in the words), and reported. */
  readonly tabbedTurns?: { readonly count: number; readonly line: number; readonly text: string };
  /** Transcripts: what ends a turn that is no speaker's label, and lines inside turns that look like page debris (see TurnEnds). */
  readonly turnEnds?: TurnEnds;
}

/**
 * What the reader of a transcript read apart from the turn around it, or left in a turn and says
 * (1-based lines; text shortened):
 * - `headings`: a document's heading paragraphs (see ParseBlocksOptions.headingLines) after a
 *   turn: each ends the turn, and is text without a speaker;
 * - `rules`: a rule line (`---`, `***`, `___`) after a turn's words: it ends the turn and is in no
 *   segment; the lines after it up to the next label are text without a speaker (`after`: the
 *   first such line after a rule, when there is one);
 * - `debris`: lines inside a turn that look like page debris (a lone page number, a running
 *   header): they stay in the turn's text, read as the speaker's words.
 */
export interface TurnEnds {
  readonly headings?: { readonly count: number; readonly line: number; readonly text: string; readonly speaker: string };
  readonly rules?: { readonly count: number; readonly line: number; readonly text: string; readonly speaker: string; readonly after?: { readonly line: number; readonly text: string } };
  readonly debris?: { readonly count: number; readonly line: number; readonly text: string; readonly speaker: string; readonly turnLine: number; readonly header: boolean };
  /** Lines that hold only a time stamp right above a speaker's label: read as that turn's time, in no segment. */
  readonly times?: { readonly count: number; readonly line: number; readonly text: string };
  /** Lines that say the interview or the transcript ends, after a turn: each ends it, and it and the text after it are text without a speaker. */
  readonly endLines?: { readonly count: number; readonly line: number; readonly text: string; readonly speaker: string };
  /** HTML line break tags (`<br>`) at which lines were split: their count and the first's line. */
  readonly breakTags?: { readonly count: number; readonly line: number };
  /** Lines after a turn that start with a colon without a speaker's name (`: Ja.`): each ends the turn, and is text without a speaker. */
  readonly nameless?: { readonly count: number; readonly line: number; readonly text: string; readonly speaker: string };
  /** Speakers' labels with no words after them (`Respondent:` then the next label): no block; `timed`, how many had a time stamp. */
  readonly empty?: { readonly count: number; readonly line: number; readonly text: string; readonly speaker: string; readonly timed: number };
}

/**
 * A line that says the interview, the recording or the transcript ends (`Einde interview`, `EINDE
 * OPNAME`, `[Einde opname]`, `End of recording.`, `*** Einde ***`): the noun in group 1; without
 * one, the line needs a mark around the word (END_MARK: a bracket, `*`, `=`, a dash, `#`, `~`).
 */
const END_LINE = /^[ \t[(*=\-–—_#~<]*(?:einde|end)(?:[ \t]+(?:van[ \t]+(?:het[ \t]+|de[ \t]+)?|of[ \t]+(?:the[ \t]+)?|der[ \t]+)?(interview|opname|transcript|transcriptie|gesprek|recording|session|sessie|audio|focusgroep|focus group|groepsgesprek))?[ \t.!\])*=\-–—_#~>]*$/i;
const END_MARK = /[[(*=\-–—_#~<]/;

/** A rule line (a markdown thematic break: three or more `-`, `*` or `_`, spaces between allowed). */
/** A line that starts with a colon and words, no speaker's name before it (`: Ja, dat klopt.`). */
const NAMELESS_LABEL = /^[ \t]*:[ \t]+(?=[\p{L}\p{N}[(])/u;
const RULE_LINE = /^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

/**
 * Lines split at a label of a speaker of the file inside them: `count` with words before the label
 * (the first: its 1-based line and text), and `list`: those with only a list number or dash before
 * it (`1. Respondent: …`), which is read as the last word of the turn before.
 */
export interface GluedLabels {
  readonly count: number;
  readonly line: number;
  readonly text: string;
  readonly list?: { readonly count: number; readonly line: number; readonly text: string };
}

/** What a markdown source holds that is not speech (1-based lines; text shortened). */
export interface MarkdownNotes {
  /** HTML comments, left out of every block. */
  readonly comments: readonly { readonly line: number; readonly text: string }[];
  /** Blocks (turns, paragraphs) read in two around a comment: the block's speaker (null: none) and the comment's line. */
  readonly splits: readonly { readonly speaker: string | null; readonly line: number }[];
  /** Footnote definitions, each a block without a speaker: the label (`1` of `[^1]`) and the line. */
  readonly footnotes: readonly { readonly id: string; readonly line: number }[];
  /** The line of a `<!--` that no `-->` closes (it and the text after it are read as text). */
  readonly unclosed?: number;
}

export interface TurnHeads {
  /** Head lines read as turns. */
  readonly count: number;
  /** 1-based line and text of the first. */
  readonly line: number;
  readonly text: string;
  /** With time stamps (`Sanne  0:07`), or the names alone (`**Sanne**`). */
  readonly stamped: boolean;
  /** Under cue timing lines (`0:0:5.100 --> 0:0:12.300` ⏎ `Sanne Bakker`, Teams): those lines are no text. */
  readonly cued?: boolean;
  /** Short lines with a time stamp, followed by words, not read as heads (their words went to the turn before): count, first line and text. */
  readonly missed?: { readonly count: number; readonly line: number; readonly text: string };
}

export interface VariantLabel {
  readonly line: number;
  /** The label as written on the line (without its colon). */
  readonly written: string;
  /** The speaker it is read as (as first written in the file). */
  readonly speaker: string;
  /** How it differs from the speaker's label: `in other capitals`, `with a space before the colon`, … */
  readonly how: string;
}

export interface UnreadLabel {
  readonly line: number;
  readonly speaker: string;
  /** The line was read as part of a speaker's turn (`turn`) or as text without a speaker (`text`). */
  readonly into?: 'turn' | 'text';
  /** The label is a word never read as a speaker (`Opmerking:`, `Noot:`…: see NOT_SPEAKERS), not one seen once. */
  readonly word?: true;
}

export interface HeaderSpeaker {
  readonly speaker: string;
  /** The form of its lines, digits as `#`. */
  readonly pattern: string;
  /** 1-based line and text of each of its label lines. */
  readonly lines: readonly { readonly line: number; readonly text: string }[];
  /** 1-based lines of the label lines whose turn goes on after them (that text is read as this speaker's). */
  readonly spill: readonly number[];
}

export interface DebrisLine {
  /** 1-based line number in the whole text. */
  readonly line: number;
  readonly text: string;
  /** `page number`, or the header's form with digits as `#`. */
  readonly pattern: string;
  /** The line (with the lines like it around it) is all a labelled turn holds: that turn's speaker and 1-based label line. */
  readonly turn?: { readonly speaker: string; readonly line: number };
}

/** The `pattern` of a markdown heading line left out of a transcript. */
const HEADING_PATTERN = '# heading';

/** A running header or footer holds at most this many words. */
const HEADER_MAX_WORDS = 10;

/** 1-based line numbers of UTF-16 offsets (`offsets` ascending). */
export function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  // p: where counting goes on (the breaks before p are counted); natively with indexOf when the
  // text has no CR (a regular expression over the text cost 30 ms on the 760 bench files)
  let p = 0;
  const lfOnly = text.indexOf('\r') === -1;
  for (const o of offsets) {
    if (lfOnly) {
      for (let j = text.indexOf('\n', p); j !== -1 && j < o; j = text.indexOf('\n', p)) {
        line++;
        p = j + 1;
      }
    } else {
      // (CRLF is one break, a CR or an LF alone one each)
      for (; p < o; p++) {
        const c = text.charCodeAt(p);
        if (c === 10) line++;
        else if (c === 13) {
          line++;
          if (text.charCodeAt(p + 1) === 10) p++;
        }
      }
    }
    out.push(line);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Front matter

/** `---\n…\n---` at the very start: returns the YAML text and the UTF-16 index after the closing line. */
export function splitFrontMatter(text: string): { yaml: string; yamlStart: number; bodyStart: number } | undefined {
  // (blank lines before it, as an editor or an export may leave, do not hide it: its attributes were lost without a word)
  const m = /^(?:[ \t]*\r?\n)*---[ \t]*\r?\n/.exec(text);
  if (!m) return undefined;
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
  close.lastIndex = m[0].length;
  const c = close.exec(text);
  if (!c) return undefined;
  return { yaml: text.slice(m[0].length, c.index), yamlStart: m[0].length, bodyStart: c.index + c[0].length };
}

// ---------------------------------------------------------------------------
// Time stamps

const STAMP = String.raw`\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?`;
const RANGE_END = String.raw`(?:[ \t]*[-–—][ \t]*(${STAMP}))?`;
const LEADING_STAMP = new RegExp(
  String.raw`^(?:\[(${STAMP})${RANGE_END}\]|\((${STAMP})${RANGE_END}\)|(\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)(?=\s))[ \t]*(?:[-–—][ \t]+)?`,
);

/** A time with a colon after it at a line start (`00:01:12: `), read as a stamp only before a speaker label. */
const STAMP_COLON = /^(\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?):[ \t]+/;

/** A line that holds only a time stamp: `00:00:05`, `[00:05]`, `(0:00:05.2)`, a range in brackets. */
const STAMP_LINE = new RegExp(
  String.raw`^[ \t]*(?:\[(${STAMP})(?:[ \t]*[-–—][ \t]*${STAMP})?\]|\((${STAMP})(?:[ \t]*[-–—][ \t]*${STAMP})?\)|(\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?))[ \t]*$`,
);

/**
 * Seconds of a stamp. `h:mm:ss` always; a two-part `a:bb` is minutes:seconds
 * in transcripts and hours:minutes (time of day) in observation notes.
 */
export function parseStamp(s: string, twoPart: 'mm:ss' | 'hh:mm' = 'mm:ss'): number {
  // the form STAMP captures (2 or 3 groups of 1 to 4 digits, a fraction of 1 to 3): by char codes, no strings made
  {
    const v = [0, 0, 0];
    let k = 0;
    let digits = 0;
    let frac = -1;
    let fracDigits = 0;
    let ok = s.length > 0;
    for (let i = 0; i < s.length && ok; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        if (frac >= 0) {
          frac = frac * 10 + (c - 48);
          ok = ++fracDigits <= 3;
        } else {
          v[k] = v[k] * 10 + (c - 48);
          ok = ++digits <= 4;
        }
      } else if (c === 58 && frac < 0 && digits > 0 && k < 2) {
        k++;
        digits = 0;
      } else if ((c === 46 || c === 44) && frac < 0 && digits > 0) frac = 0;
      else ok = false;
    }
    if (ok && k >= 1 && digits > 0 && (frac < 0 || fracDigits > 0)) {
      let sec = k === 2 ? v[0] * 3600 + v[1] * 60 + v[2] : twoPart === 'hh:mm' ? v[0] * 3600 + v[1] * 60 : v[0] * 60 + v[1];
      // (n / 10^d is the double nearest to 0.<digits>, as Number('0.<digits>') reads it)
      if (fracDigits > 0) sec += frac / (fracDigits === 1 ? 10 : fracDigits === 2 ? 100 : 1000);
      return Math.round(sec * 1000) / 1000;
    }
  }
  const [main, frac] = s.split(/[.,]/);
  const parts = main.split(':').map(Number);
  let sec: number;
  if (parts.length === 3) sec = parts[0] * 3600 + parts[1] * 60 + parts[2];
  else sec = twoPart === 'hh:mm' ? parts[0] * 3600 + parts[1] * 60 : parts[0] * 60 + parts[1];
  if (frac) sec += Number(`0.${frac}`);
  return Math.round(sec * 1000) / 1000;
}

// ---------------------------------------------------------------------------
// Speaker labels

/** Things written like `Label:` at a line start that are not speakers. */
export const NOT_SPEAKERS = new Set(
  [
    'let op', 'note', 'nb', 'n.b', 'ps', 'code', 'codes', 'label', 'labels', 'memo', 'opmerking', 'opmerkingen', 'tip', 'conclusie', 'conclusion',
    'samenvatting', 'summary', 'datum', 'date', 'locatie', 'location', 'plaats', 'place', 'tijd', 'time', 'duur', 'duration', 'aanwezig',
    'aanwezigen', 'present', 'afwezig', 'onderwerp', 'subject', 'topic', 'thema', 'theme', 'bron', 'source', 'voorbeeld', 'example',
    'bijvoorbeeld', 'zie', 'see', 'beschrijving', 'description', 'interpretatie', 'interpretation', 'reflectie', 'reflection', 'setting',
    'context', 'doel', 'aim', 'goal', 'actie', 'actiepunt', 'actiepunten', 'afspraak', 'afspraken', 'besluit', 'besluiten', 'agenda',
    'titel', 'title', 'transcript', 'interview', 'observatie', 'observation', 'stap', 'step', 'fase', 'phase', 'warning', 'waarschuwing',
    'update', 'https', 'http', 'mailto',
  ].map(normaliseLabel),
);

const PARTICLES = new Set(['de', 'van', 'der', 'den', 'het', 'ter', 'ten', 'te', "'t", 'la', 'le', 'von', 'du', 'da', 'di', 'del', 'op', 'in', "'s"]);

const BRACKET_LABEL = /^\[([^\]\[\d\s][^\][\r\n]{0,39})\][ \t]*:?/u;
/** A bracket label's name and a time after it (`Interviewer 00:01:15`). */
const BRACKET_TIME = new RegExp(String.raw`^(.*?\S)[ \t]+(${STAMP})$`);
export const COLON_LABEL = new RegExp(
  String.raw`^(?:\*\*?|__?)?(\p{Lu}[\p{L}\p{M}\p{N} .,'’\-()\u00a0\u202f\u00ad\u200b-\u200d\u2060]{0,39}?)(?:[ \t]*[\[(](${STAMP})(?:[ \t]*[-–—][ \t]*${STAMP})?[\])]|[ \t]+(\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?))?[ \t\u00a0\u202f]*(?:\*\*?|__?)?:(?:\*\*?|__?)?(?=\s|$)`,
  'u',
);

/**
 * The first words of a transcriber's note in brackets at a line start (`[lacht]`, `[pauze 3 sec]`,
 * `[inaudible 00:12]`), lower case: what is heard, never a speaker. Such a line is text of the
 * turn it stands in.
 */
const ANNOTATIONS = new Set([
  'lacht', 'lachen', 'lachend', 'gelach', 'glimlacht', 'pauze', 'stilte', 'onverstaanbaar', 'onhoorbaar', 'onduidelijk', 'zucht', 'zuchten',
  'hoest', 'kucht', 'door elkaar', 'geluid', 'geroezemoes', 'knikt', 'schudt', 'huilt', 'laughs', 'laughing', 'laughter', 'laugh', 'pause',
  'pauses', 'silence', 'inaudible', 'unintelligible', 'indistinct', 'crosstalk', 'cross talk', 'overlapping', 'sighs', 'sigh', 'coughs',
  'cough', 'noise', 'nods', 'chuckles', 'smiles', 'cries', 'unclear', 'music', 'muziek', 'applause', 'applaus',
]);

/** Is the text inside a line's leading brackets a transcriber's note (see ANNOTATIONS)? Its first word, or first two, decide. */
export function isAnnotation(inside: string): boolean {
  const words = inside.toLowerCase().replace(/[.…:!?]+$/, '').split(/\s+/);
  return ANNOTATIONS.has(words[0]) || (words.length > 1 && ANNOTATIONS.has(`${words[0]} ${words[1]}`));
}

/**
 * Characters that show nothing pasted into a label (zero-width space, non-joiner, joiner, word
 * joiner; Word's optional hyphen U+00AD, `Inter\u00adviewer:`, a text copied from Word): not part
 * of the name. (A soft hyphen made the label no label: the question was read into the turn before.)
 */
const ZERO_WIDTH = /[\u00ad\u200b-\u200d\u2060]/;
const ZERO_WIDTH_ALL = /[\u00ad\u200b-\u200d\u2060]/g;

/** Is `label` shaped like a speaker label (short, capitalised, name-like words)? */
const shapeCache = new Map<string, boolean>();

export function isLabelShaped(label: string): boolean {
  const hit = shapeCache.get(label);
  if (hit !== undefined) return hit;
  const r = labelShaped(label);
  if (shapeCache.size > 10000) shapeCache.clear();
  shapeCache.set(label, r);
  return r;
}

function labelShaped(label: string): boolean {
  const l = label.trim();
  if (!l || l.length > 40) return false;
  if (!/^\p{Lu}/u.test(l)) return false;
  // (what a label says in parentheses is one word, commas and all: `R1 (vrouw, 45)`; a comma outside them is a sentence's)
  const bare = l.includes('(') ? l.replace(/\([^()]{0,30}\)/g, '()') : l;
  if (bare.includes(',')) return false;
  const words = bare.split(/\s+/);
  if (words.length > 4) return false;
  if (NOT_SPEAKERS.has(normaliseLabel(l))) return false;
  // `Systems. Code: …` is a coding marker after a sentence, not a speaker
  if (/^(?:codes?)$/i.test(words[words.length - 1]) && words.length > 1) return false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (/^\p{Lu}/u.test(w) || /^\d+\.?$/.test(w) || /^\(.*\)$/.test(w) || PARTICLES.has(w.toLowerCase()) || /^[A-Z]?\d+[a-z]?$/.test(w)) continue;
    return false;
  }
  return true;
}

export interface LineLabel {
  readonly speaker: string;
  /** normaliseLabel(speaker), made once. */
  readonly key: string;
  /** UTF-16 index (within the line) where the content starts. */
  readonly contentAt: number;
  readonly stamp?: string;
  /** The end of a range (`Interviewer [00:00:01 - 00:00:06]:`, `Interviewer: [00:00:01 - 00:00:06] …`). */
  readonly stampEnd?: string;
}

/**
 * A label with a time right after its colon (`Interviewer: [00:01:02] Hoe gaat het?`, `(00:01:02)`,
 * a bare `00:01:02 `): the time is the turn's, as in `[00:01:02] Interviewer:` (it stayed in the
 * turn's words, the turn without a time). Looked at only when a bracket or a digit follows the label.
 */
function stampAfter(line: string, l: LineLabel): LineLabel {
  const c = line.charCodeAt(l.contentAt);
  if (!(c === 91 || c === 40 || (c >= 48 && c <= 57)) || l.stamp !== undefined) return l;
  const s = LEADING_STAMP.exec(line.slice(l.contentAt));
  if (!s) return l;
  const end = s[2] ?? s[4];
  return { speaker: l.speaker, key: l.key, contentAt: skipWs(line, l.contentAt + s[0].length), stamp: s[1] ?? s[3] ?? s[5], ...(end !== undefined ? { stampEnd: end } : {}) };
}

/** ASCII characters of COLON_LABEL's label class that start neither its stamp nor a bold mark: letters, digits, space, `.`, `'`, `-`. */
const PLAIN_LABEL = new Uint8Array(128);
for (let c = 0; c < 128; c++) PLAIN_LABEL[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 32 || c === 46 || c === 39 || c === 45 ? 1 : 0;

/**
 * `COLON_LABEL.exec(line)` as [its label group, the end of the match, its stamp group], or
 * undefined (`colon`: the first colon of the line, -1 when none). The common form, an ASCII
 * capital and plain characters (PLAIN_LABEL) up to the first colon, with a space, a tab or the
 * end after it (`Anna de Vries: …`), is read without the expression: nothing in it can start a
 * stamp or a bold mark, so the label is what comes before the colon without the spaces before
 * it, when that is at most 40 characters, and there is no match otherwise. (Tested equal.)
 */
export function colonLabel(line: string, colon = line.indexOf(':')): [string, number, string | undefined] | undefined {
  const c0 = line.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90 && colon > 0) {
    let i = 1;
    while (i < colon) {
      const c = line.charCodeAt(i);
      if (c >= 128 || PLAIN_LABEL[c] === 0) break;
      i++;
    }
    const after = line.charCodeAt(colon + 1);
    if (i === colon && (colon + 1 === line.length || after === 32 || after === 9)) {
      let e = colon;
      while (line.charCodeAt(e - 1) === 32) e--;
      return e <= 40 ? [line.slice(0, e), colon + 1, undefined] : undefined;
    }
  }
  const m = COLON_LABEL.exec(line);
  return m ? [m[1], m[0].length, m[2] ?? m[3]] : undefined;
}

/** Candidate speaker label at the start of a line (after an optional stamp already removed; exported for the tests). */
export function labelAt(line: string): LineLabel | undefined {
  if (line.startsWith('[[')) return undefined;
  // fast exit: both label forms need a `[` first or a `:` somewhere, and a colon label `**`, `__` or a capital first
  const c0 = line.charCodeAt(0);
  if (c0 < 128 && !(c0 >= 65 && c0 <= 90) && c0 !== 42 && c0 !== 95 && c0 !== 91) return undefined;
  const colon = line.indexOf(':');
  if (c0 !== 91 && colon === -1) return undefined;
  const b = c0 === 91 ? BRACKET_LABEL.exec(line) : null;
  if (b) {
    const speaker = b[1].trim();
    // (`[Interviewer 00:01:15]`: the speaker and the turn's time, as some transcription tools write
    // them; the label was "Interviewer 00:01:15", a speaker of its own at each time, none read)
    const last = speaker.charCodeAt(speaker.length - 1);
    if (last >= 48 && last <= 57) {
      const ts = BRACKET_TIME.exec(speaker);
      if (ts && isLabelShaped(ts[1])) return { speaker: ts[1], key: normaliseLabel(ts[1]), contentAt: skipWs(line, b[0].length), stamp: ts[2] };
    }
    // (`[lacht]`, `[pauze]`, `[inaudible]`: a transcriber's note on what is heard, not a speaker)
    if (isAnnotation(speaker)) return undefined;
    if (isLabelShaped(speaker) || /^[\p{L}]/u.test(speaker)) {
      if (!isLabelShaped(speaker) && speaker.split(/\s+/).length > 4) return undefined;
      return { speaker, key: normaliseLabel(speaker), contentAt: skipWs(line, b[0].length), stamp: undefined };
    }
    return undefined;
  }
  // (a colon label starts with `**`, `__` or a capital)
  if (c0 < 128 && !(c0 >= 65 && c0 <= 90) && c0 !== 42 && c0 !== 95) return undefined;
  const r = recentLabel(line, colon);
  if (r) {
    if (!r.shaped) return undefined;
    // (the label made for this speaker last, when its content starts at the same place: labels are read, never changed)
    const contentAt = skipWs(line, colon + 1);
    let l = r.label;
    if (l === undefined || l.contentAt !== contentAt) r.label = l = { speaker: r.speaker, key: r.key, contentAt, stamp: undefined };
    return stampAfter(line, l);
  }
  const m = colonLabel(line, colon);
  if (!m) return noteLabel(line, colon);
  // (a zero-width space or joiner pasted into a label, `I\u200b:`, is no part of the name)
  let speaker = (ZERO_WIDTH.test(m[0]) ? m[0].replace(ZERO_WIDTH_ALL, '') : m[0]).trim();
  // (`Respondent (lacht):`: a transcriber's note in parentheses is no part of the name; `Interviewer (Kees):` is)
  if (speaker.charCodeAt(speaker.length - 1) === 41) speaker = withoutNote(speaker);
  const shaped = isLabelShaped(speaker);
  const key = shaped ? normaliseLabel(speaker) : '';
  if (m[2] === undefined) remember(speaker, shaped, key);
  if (!shaped) return undefined;
  // (`Interviewer [00:00:01 - 00:00:06]:`: the range's end is the turn's end, as in `[00:00:01 - 00:00:06] Interviewer:`)
  const end = m[2] !== undefined ? LABEL_RANGE_END.exec(line.slice(0, m[1])) : null;
  return stampAfter(line, { speaker, key, contentAt: skipWs(line, m[1]), stamp: m[2], ...(end ? { stampEnd: end[1] } : {}) });
}

/**
 * `Respondent [lacht]: …`: a speaker's label with a transcriber's note in brackets before the colon
 * (see isAnnotation): that speaker's label (it was no label: the answer was read into the turn
 * before it, without a word). Asked only when no colon label was read and a `[` stands before the colon.
 */
const NOTE_LABEL = /^(\p{Lu}[\p{L}\p{M}\p{N} .'’\-]{0,39}?)[ \t]*\[([^\][\r\n]{1,30})\][ \t]*:(?=\s|$)/u;

function noteLabel(line: string, colon: number): LineLabel | undefined {
  const b = line.indexOf('[');
  if (b <= 0 || b > colon) return undefined;
  const m = NOTE_LABEL.exec(line);
  if (!m || !isAnnotation(m[2])) return undefined;
  const speaker = m[1].trim();
  if (!isLabelShaped(speaker)) return undefined;
  return stampAfter(line, { speaker, key: normaliseLabel(speaker), contentAt: skipWs(line, m[0].length), stamp: undefined });
}

/** A label without the transcriber's note in parentheses at its end (`Respondent (lacht)` → `Respondent`). */
export function withoutNote(speaker: string): string {
  const p = speaker.lastIndexOf('(');
  return p > 0 && isAnnotation(speaker.slice(p + 1, -1)) ? speaker.slice(0, p).trim() : speaker;
}

/** The end of a range in a label's brackets, before its colon. */
const LABEL_RANGE_END = new RegExp(String.raw`[-–—][ \t]*(${STAMP})[\])][ \t\u00a0\u202f]*(?:\*\*?|__?)?:(?:\*\*?|__?)?$`);

/** The labels tabLabelAt made (a label seen once in this form is not said to be unread: see parseBlocks). */
const TAB_LABELS = new WeakSet<LineLabel>();

/**
 * `Label<TAB>text` at a line start, as transcription tools export turns and as a two-column Word
 * table pasted as text gives them (`Interviewer⇥Hoe gaat het?`): the label is what comes before
 * the first tab (at most 40 characters, spaces before the tab left out), label-shaped as a colon
 * label is; `Label<TAB>time<TAB>text` gives the turn that time. Not a label: a line with another
 * tab after the text (more columns: a table), nothing after the tab, or only a number or a time
 * after it (a table of values).
 * Asked by parseBlocks only for a line that labelAt reads no label in, in a text with a tab.
 */
export function tabLabelAt(line: string, moreColumns = false): LineLabel | undefined {
  const tab = line.indexOf('\t');
  if (tab <= 0 || tab > 41) return undefined;
  const c0 = line.charCodeAt(0);
  if (c0 < 128 && !(c0 >= 65 && c0 <= 90)) return undefined;
  let e = tab;
  while (e > 0 && line.charCodeAt(e - 1) === 32) e--;
  if (e === 0 || e > 40) return undefined;
  const speaker = line.slice(0, e);
  if (!isLabelShaped(speaker)) return undefined;
  let contentAt = skipWs(line, tab + 1);
  let stamp: string | undefined;
  let tab2 = line.indexOf('\t', contentAt);
  if (tab2 !== -1) {
    // `Name<TAB>time<TAB>text`, as transcription tools export turns with their time: the time
    // is the turn's; any other second column makes a table
    const m = TAB_STAMP.exec(line.slice(contentAt, tab2));
    // (`moreColumns`: a tab in the words after the label, `Respondent⇥Vroeg. Om zes uur⇥al.`, is asked
    // for a speaker of the file by parseBlocks; the label, its content all after the first tab)
    if (!m) return moreColumns && !VALUE_ONLY.test(line.slice(contentAt)) ? { speaker, key: normaliseLabel(speaker), contentAt, stamp: undefined } : undefined;
    stamp = m[1] ?? m[2] ?? m[3];
    contentAt = skipWs(line, tab2 + 1);
    tab2 = line.indexOf('\t', contentAt);
  }
  if (moreColumns) return undefined;
  if (contentAt >= line.length || tab2 !== -1 || VALUE_ONLY.test(line.slice(contentAt))) return undefined;
  const label: LineLabel = { speaker, key: normaliseLabel(speaker), contentAt, stamp };
  TAB_LABELS.add(label);
  return label;
}

/** A time between a tab label and its text (`Name<TAB>00:01:23<TAB>text`): bare, in brackets or in parentheses. */
const TAB_STAMP = new RegExp(String.raw`^(?:\[(${STAMP})\]|\((${STAMP})\)|(${STAMP}))[ ]*$`);

/** A table cell's value: digits, a time, a percentage, an amount (no word). */
const VALUE_ONLY = /^[\d\s.,:;%€$+\-–/()]*$/;

/** Labels of the common form (see recentLabel) seen last: their speaker, whether label-shaped, and key. */
const RECENT: Array<{ speaker: string; shaped: boolean; key: string; label: LineLabel | undefined }> = [];
let recentNext = 0;

function remember(speaker: string, shaped: boolean, key: string): void {
  const n = speaker.length;
  if (n === 0 || n > 40 || speaker.charCodeAt(n - 1) === 32) return;
  const c0 = speaker.charCodeAt(0);
  if (!(c0 >= 65 && c0 <= 90)) return;
  for (let i = 1; i < n; i++) {
    const c = speaker.charCodeAt(i);
    if (c >= 128 || PLAIN_LABEL[c] === 0) return;
  }
  for (const r of RECENT) if (r.speaker === speaker) return;
  const e = { speaker, shaped, key, label: undefined };
  if (RECENT.length < 4) RECENT.push(e);
  else RECENT[recentNext] = e;
  recentNext = (recentNext + 1) & 3;
}

/**
 * A speaker label seen lately, when `line` starts with it, then only spaces up to its first
 * colon (`colon`), with a space, a tab or the end after that colon. A remembered label is an
 * ASCII capital and PLAIN_LABEL characters, at most 40, not ending in a space: colonLabel reads
 * such a line by its common form, and its label is exactly the remembered one, so that neither
 * the slice nor the lookups of isLabelShaped and normaliseLabel are made again (speakers take
 * turns: most label lines repeat one of a few labels).
 */
function recentLabel(line: string, colon: number): { speaker: string; shaped: boolean; key: string; label: LineLabel | undefined } | undefined {
  if (colon <= 0) return undefined;
  const after = line.charCodeAt(colon + 1);
  if (!(colon + 1 === line.length || after === 32 || after === 9)) return undefined;
  for (let k = 0; k < RECENT.length; k++) {
    const r = RECENT[k];
    const n = r.speaker.length;
    // (its last character first: a char code, no call, and where the labels met mostly differ)
    if (n > colon || line.charCodeAt(n - 1) !== r.speaker.charCodeAt(n - 1) || !line.startsWith(r.speaker)) continue;
    let i = n;
    while (i < colon && line.charCodeAt(i) === 32) i++;
    if (i === colon) return r;
  }
  return undefined;
}

/** Number of spaces and tabs (and no-break spaces) at the start of a line. */
function leadingBlank(s: string): number {
  const n = s.length;
  let i = 0;
  // (spaces, tabs, no-break spaces; a form feed or vertical tab of a page break; a BOM, zero-width space or word joiner pasted in)
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0xa0 || c === 12 || c === 11 || c === 0xfeff || c === 0x200b || c === 0x2060) i++;
    else break;
  }
  return i;
}

/** Does a line hold more than `max` (at least 1) words (as `s.trim().split(/\s+/).length > max`)? Read only until it does. */
export function moreWordsThan(s: string, max: number): boolean {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = isSpaceCode(s.charCodeAt(i));
    if (!space && !inWord && ++n > max) return true;
    inWord = !space;
  }
  return false;
}

/** Is the line empty or white space only (as `s.trim() === ''`)? */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpaceCode(s.charCodeAt(i))) return false;
  return true;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Is the code point that ends before UTF-16 index `p` a letter or a digit (false at the start)? */
function letterOrDigitBefore(s: string, p: number): boolean {
  if (p <= 0) return false;
  const c = s.charCodeAt(p - 1);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  let cp = c;
  if (c >= 0xdc00 && c <= 0xdfff && p >= 2) {
    const h = s.charCodeAt(p - 2);
    if (h >= 0xd800 && h <= 0xdbff) cp = (h - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

/**
 * A finder of speaker labels glued inside a line: the next match, at or after `from`, of
 * `(?<=[^\p{L}\p{N}])(?:form1|form2|…)[ \t]*:(?=[ \t]|$)` (u flag; `forms` trimmed, in the
 * order tried), as [index, end], found from the colons of the line instead of a regular
 * expression tried at every position: a form ends where the spaces and tabs before a colon
 * start (forms never end in white space).
 */
export function gluedLabel(forms: readonly string[]): (s: string, from: number) => [number, number] | undefined {
  const longest = forms.reduce((m, f) => Math.max(m, f.length), 0);
  return (s, from) => {
    let best = -1;
    let bestForm = 0;
    let bestEnd = 0;
    for (let c = s.indexOf(':', from); c !== -1; c = s.indexOf(':', c + 1)) {
      const after = s.charCodeAt(c + 1);
      let q = c;
      while (q > 0 && (s.charCodeAt(q - 1) === 32 || s.charCodeAt(q - 1) === 9)) q--;
      // (later colons end their label further on: none starts before the best one found)
      if (best >= 0 && q - longest > best) break;
      if (!(c + 1 === s.length || after === 32 || after === 9)) continue;
      for (let k = 0; k < forms.length; k++) {
        const f = forms[k];
        const p = q - f.length;
        if (p < from || p < 1 || (best >= 0 && (p > best || (p === best && k >= bestForm)))) continue;
        if (!s.startsWith(f, p) || letterOrDigitBefore(s, p)) continue;
        // (no match starts inside a surrogate pair)
        const lo = s.charCodeAt(p);
        if (lo >= 0xdc00 && lo <= 0xdfff && s.charCodeAt(p - 1) >= 0xd800 && s.charCodeAt(p - 1) <= 0xdbff) continue;
        best = p;
        bestForm = k;
        bestEnd = c + 1;
      }
    }
    return best >= 0 ? [best, bestEnd] : undefined;
  };
}

// ---------------------------------------------------------------------------
// Lines

interface Line {
  /** UTF-16 start and end (end excludes the line break). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The lines (CR, LF and CRLF are breaks) of the last text parseBlocks read that has no front
 * matter, as splitLines found them: `lines[k].start` is the UTF-16 index after the k-th break
 * (k ≥ 1; `lines[0].start` is 0). The readers after parseBlocks (speakerTallies, eachSegment's
 * line numbers) take the 1-based line of an index from them — 1 + the breaks before it, the
 * number of starts k ≥ 1 at or before it — instead of searching the text for its breaks again.
 */
let lastLines: { readonly text: string; readonly lines: readonly Line[] } | undefined;

/** The lines of `text` (see lastLines) when parseBlocks read it last, else undefined. */
export function knownLines(text: string): readonly { readonly start: number; readonly text: string }[] | undefined {
  return lastLines !== undefined && lastLines.text === text ? lastLines.lines : undefined;
}

function splitLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let i = from;
  if (text.indexOf('\r', from) === -1) {
    // LF only (the common case): native indexOf instead of a character loop
    for (;;) {
      const j = text.indexOf('\n', i);
      if (j === -1) {
        lines.push({ start: i, end: text.length, text: text.slice(i) });
        return lines;
      }
      lines.push({ start: i, end: j, text: text.slice(i, j) });
      i = j + 1;
    }
  }
  // CR, LF or CRLF (e.g. a Windows file): the next LF and the next CR found with indexOf
  let nl = text.indexOf('\n', i);
  let cr = text.indexOf('\r', i);
  while (i <= text.length) {
    if (nl !== -1 && nl < i) nl = text.indexOf('\n', i);
    if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
    const j = nl === -1 ? (cr === -1 ? text.length : cr) : cr === -1 ? nl : Math.min(nl, cr);
    lines.push({ start: i, end: j, text: text.slice(i, j) });
    if (j >= text.length) break;
    i = text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1;
  }
  return lines;
}

/**
 * `lines` split again at Unicode's line and paragraph separators (U+2028, U+2029; a copy from a web
 * page, a program's export), which a transcript's writer meant as line ends: a speaker's label
 * after one starts a turn (it was read inside the line, its words as the turn before's). Only
 * called when the text holds one (found natively, once). The separator is in neither part.
 */
function splitAtSeparators(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const ln of lines) {
    const t = ln.text;
    let at = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c !== 0x2028 && c !== 0x2029) continue;
      out.push({ start: ln.start + at, end: ln.start + i, text: t.slice(at, i) });
      at = i + 1;
    }
    out.push(at === 0 ? ln : { start: ln.start + at, end: ln.end, text: t.slice(at) });
  }
  return out;
}

/** An HTML line break tag: `<br>`, `<br/>`, `<br />`, in any case. */
const BREAK_TAG = /<br[ \t]*\/?>/gi;

/**
 * `lines` split again at HTML line break tags (see parseBlocks): the tag in neither part; the
 * number of tags and the UTF-16 index of the first (count 0: none, the lines as they were).
 */
function splitAtBreakTags(lines: Line[]): { lines: Line[]; count: number; first: number } {
  const out: Line[] = [];
  let count = 0;
  let first = -1;
  for (const ln of lines) {
    const t = ln.text;
    if (t.indexOf('<br') === -1 && t.indexOf('<BR') === -1 && t.indexOf('<Br') === -1 && t.indexOf('<bR') === -1) {
      out.push(ln);
      continue;
    }
    let at = 0;
    BREAK_TAG.lastIndex = 0;
    for (let m = BREAK_TAG.exec(t); m !== null; m = BREAK_TAG.exec(t)) {
      if (first < 0) first = ln.start + m.index;
      count++;
      out.push({ start: ln.start + at, end: ln.start + m.index, text: t.slice(at, m.index) });
      at = m.index + m[0].length;
    }
    out.push(at === 0 ? ln : { start: ln.start + at, end: ln.end, text: t.slice(at) });
  }
  return { lines: out, count, first };
}

/** Does text[from, to) hold an ASCII digit or a `#`? */
function digitOrHashIn(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 35) return true;
  }
  return false;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
/** Respondents' role labels looked for inside the lines of a file whose labels are all an interviewer's (see parseBlocks). */
const GLUED_ROLES = ['Respondent', 'RESPONDENT', 'Geïnterviewde', 'Geinterviewde', 'GEÏNTERVIEWDE', 'Interviewee', 'INTERVIEWEE', 'Deelnemer', 'DEELNEMER', 'Participant', 'PARTICIPANT'];
const isInterviewerLabel = labelMatcher(DEFAULT_INTERVIEWERS);

/** A list number or mark alone (`1.`, `2)`, `-`, `•`), as before a label glued inside a line. */
const LIST_MARK = /^[ \t]*(?:\d{1,3}[.)]|[-–—*•>])[ \t]*$/;
const BLOCK_WORDS: Array<[RegExp, string]> = [
  [/^(beschrijving|beschrijvingen|description|descriptive|observatie|observaties|observation|observations|waarneming|waarnemingen|feitelijk)\b/i, 'description'],
  [/^(interpretatie|interpretaties|interpretation|interpretations|reflectie|reflecties|reflection|reflections|analyse|analysis|duiding)\b/i, 'interpretation'],
];

function blockOf(heading: string): string | undefined {
  const h = heading.replace(/[*_:]/g, '').trim();
  for (const [re, b] of BLOCK_WORDS) if (re.test(h)) return b;
  return undefined;
}

// ---------------------------------------------------------------------------

/** The candidate of a line with no stamp, no label and no indent (shared: most lines). */
// (all candidates, this one too, have the same properties in the same order and are not frozen, so that
// they share one hidden class: the functions reading them stay monomorphic and are not deoptimised)
const NO_CAND: { readonly stamp?: string; readonly stampEnd?: string; readonly afterStamp: number; readonly label?: LineLabel } = { stamp: undefined, stampEnd: undefined, afterStamp: 0, label: undefined };

/** What pass 1 of parseBlocks finds at the start of a line. */
interface Cand {
  stamp?: string;
  stampEnd?: string;
  /** index after the stamp */
  afterStamp: number;
  label?: LineLabel;
  /** A cue's timing line above a turn head (`0:0:5.100 --> 0:0:12.300`, Teams): its time is the turn's, the line no text. */
  skip?: boolean;
  /** `Label<TAB>words<TAB>more words`: a label read only when it is a speaker of the file (see tabLabelAt's moreColumns). */
  tabbed?: LineLabel;
}

/**
 * The label lines of a text: by key (normaliseLabel of the label, as its LineLabel carries it)
 * in order of first appearance, the indices of its lines (their number is the key's count); and
 * the distinct labels as written, in order of appearance. One pass (turns alternate between a
 * few speakers: most lines find their key and label among the last two met, without a look-up).
 */
function labelStats(cands: readonly Cand[]): { byKey: Map<string, number[]>; speakers: string[] } {
  const byKey = new Map<string, number[]>();
  const speakers: string[] = [];
  const seen = new Set<string>();
  let k0: string | undefined;
  let l0: number[] = [];
  let k1: string | undefined;
  let l1: number[] = [];
  let s0: string | undefined;
  let s1: string | undefined;
  for (let i = 0; i < cands.length; i++) {
    const label = cands[i].label;
    if (label === undefined) continue;
    const k = label.key;
    if (k !== k0) {
      let l: number[];
      if (k === k1) l = l1;
      else {
        const g = byKey.get(k);
        if (g === undefined) byKey.set(k, (l = []));
        else l = g;
      }
      k1 = k0;
      l1 = l0;
      k0 = k;
      l0 = l;
    }
    l0.push(i);
    const sp = label.speaker;
    if (sp !== s0 && sp !== s1) {
      if (!seen.has(sp)) {
        seen.add(sp);
        speakers.push(sp);
      }
      s1 = s0;
      s0 = sp;
    }
  }
  return { byKey, speakers };
}

interface Draft {
  start: number; // UTF-16, inclusive
  end: number; // UTF-16, exclusive, trimmed later
  speaker: string | null;
  time?: TimeSpan;
  meta?: Record<string, string>;
}

/**
 * Parse a text source into blocks.
 * - transcript: speaker turns; a turn runs over wrapped lines and blank lines
 *   until the next speaker label or heading; text before the first label and
 *   after a heading is split into unlabelled paragraphs.
 * - observation: paragraphs (blank line, stamp, label or heading starts a new
 *   one); `[10:15]` stamps are times of day; headings and `> ` quotes set
 *   meta.block (description | interpretation); labelled lines (S1: …) carry the speaker.
 * - document / survey: paragraphs (markdown heading lines are their own paragraphs).
 * Labels are `Name:`, `[Name]` and (in a text with a tab) `Name<TAB>text` (see tabLabelAt).
 * A speaker label is accepted when it is label-shaped and either seen at least
 * twice at a line start, or a known label (interviewer/respondent defaults,
 * configured names, participant codes like S1, P2, B1, R01).
 */
const HEAD_STAMP = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
/** A name of one to five words (`Bakker, Sanne`, `Sanne de Boer`), optionally numbered (`Speaker 1`). */
const HEAD_NAME = String.raw`\p{L}[\p{L}\p{M}'’.\-]*(?:,?[ \t]+\p{L}[\p{L}\p{M}'’.\-]*){0,4}(?:[ \t]+\d{1,2})?(?:[ \t]+\([^()\n]{1,40}\))?`;
/** `Sanne de Boer  0:07`, `Interviewer (00:00:03)`, `Speaker 1  1:02:21`: a name, then a stamp, and nothing else. */
const HEAD_NAME_STAMP = new RegExp(String.raw`^[ \t]*(${HEAD_NAME})[ \t]+(?:[-–—|][ \t]*)?[\[(]?(${HEAD_STAMP})[\])]?[ \t]*$`, 'u');
/** An f4transkript time mark (`#00:01:23-4#`: tenths after the dash) anywhere, and at the end of a stretch of text. */
const F4_MARK_ANY = /#\d{1,2}:\d{2}:\d{2}(?:[-.,]\d{1,3})?#/;
const F4_MARK_END = /[ \t]*#(\d{1,2}:\d{2}:\d{2})(?:[-.,](\d{1,3}))?#$/;
/** Words said on a line of their own (`Ja`, `Nee.`, `Oké`) that are no speaker heading the lines below. */
const REPLIES = new Set(['ja', 'nee', 'jawel', 'jazeker', 'nou', 'tja', 'oké', 'oke', 'ok', 'okay', 'precies', 'klopt', 'inderdaad', 'zeker', 'goed', 'prima', 'mooi', 'hm', 'hmm', 'ehm', 'eh', 'uh', 'uhm', 'ah', 'o', 'oh', 'nee hoor', 'ja hoor', 'ja ja', 'dat klopt', 'yes', 'no', 'yeah', 'right', 'exactly', 'sure', 'true', 'well', 'indeed', 'fine', 'good', 'thanks', 'dank u', 'dank je', 'bedankt']);
/** A subtitle cue's timing line as Teams writes it into a .docx transcript: `0:0:5.100 --> 0:0:12.300`. */
const CUE_TIMING = /^[ \t]*(\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)[ \t]*-->[ \t]*(\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)[ \t]*$/;
/** The line under a cue's timing line, whatever its form (`Sanne Bakker`, `Bakker, S. (Gast)`, an e-mail address): the timing line says it is a name. */
const CUE_NAME = /^[ \t]*(\S[^\n]{0,79}?)[ \t]*$/;
/** A short line that ends (or starts) with a time stamp: a turn head written otherwise, when the file has heads (said). */
const NEAR_HEAD = /^[ \t]*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?[ \t]+\S.{0,60}|\S.{0,60}[ \t][\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?)[ \t]*$/;
/** `Interviewer`, `**Sanne de Boer**`, `__R__`: a name of one to three words alone on its line (in bold or not). */
const HEAD_NAME_ONLY = /^[ \t]*(?:\*\*|__)?(\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+\p{L}[\p{L}\p{M}'’.\-]*){0,2}(?:[ \t]+\d{1,2})?)(?:\*\*|__)?[ \t]*$/u;
/** `[00:00:03] Interviewer`, `00:00:03 Sanne`, `(0:07) - Sanne`: a stamp, then a name, and nothing else. */
const HEAD_STAMP_NAME = new RegExp(String.raw`^[ \t]*[\[(]?(${HEAD_STAMP})[\])]?[ \t]+(?:[-–—|][ \t]*)?(${HEAD_NAME})[ \t]*$`, 'u');

/**
 * The turn heads of a transcript exported by a transcription service: lines that hold only a
 * name and a time stamp (or, failing those, only a name after a blank line: `**Interviewer**`),
 * each followed (after blank lines) by a line that is not one, as their
 * candidates (a label whose content starts on the next line, with the stamp). Only when the file
 * is written that way: at least three of them, at least as many as lines with a label, two names
 * or more of which one heads two turns or more, 80 % of them by names that recur (or one a known
 * speaker), and stamps that mostly go up (a list of times in a document, an agenda, does not read
 * as turns). Undefined otherwise.
 */
function turnHeads(lines: readonly Line[], cands: readonly Cand[], isKnown: (speaker: string) => boolean): { heads: Map<number, Cand>; missed: number[] } | undefined {
  let stamped: Head[] | undefined;
  let named: Head[] | undefined;
  const near: number[] = [];
  // (heads are read only where they are no fewer than the lines with a label: a file with no more
  // lines of text without a label than with one, most transcripts, has none; its lines are not looked at)
  let labelled = 0;
  let written = 0;
  for (let i = 0; i < cands.length; i++) {
    if (cands[i].label) labelled++;
    else if (lines[i].text.length !== 0) written++;
  }
  if (labelled >= written) return undefined;
  for (let i = 0; i < lines.length; i++) {
    const c = cands[i];
    if (c.label) continue;
    const t = lines[i].text;
    if (t.length === 0 || t.length > 80) continue;
    // (a stamp's last or first character: a digit, or a bracket around it; spaces after it skipped)
    let e = t.length;
    while (e > 0 && isSpaceCode(t.charCodeAt(e - 1))) e--;
    const last = t.charCodeAt(e - 1);
    const m = (last >= 48 && last <= 57) || last === 41 || last === 93 ? HEAD_NAME_STAMP.exec(t) : null;
    // (a stamp first: one candOf read, or bare `0:03 Speaker 1` as Happy Scribe writes it)
    const c0 = t.charCodeAt(0);
    const m2 = m ? null : c.afterStamp > 0 || c.stamp !== undefined || (c0 >= 48 && c0 <= 57) ? HEAD_STAMP_NAME.exec(t) : null;
    if (m || m2) {
      (stamped ??= []).push(m ? { i, speaker: m[1].trim(), stamp: m[2] } : { i, speaker: m2![2].trim(), stamp: m2![1] });
      continue;
    }
    // (after a blank line, as heads stand: a line of a turn ending in a time, `We begonnen om 9:30`, is no near miss)
    if (((last >= 48 && last <= 57) || last === 41 || last === 93 || c.afterStamp > 0) && (i === 0 || isBlank(lines[i - 1].text)) && t.indexOf('-->') === -1 && NEAR_HEAD.test(t)) near.push(i);
    // a cue's timing line with the speaker's name on the line under it (Teams): the name line heads the turn
    // (with blank lines between, as a .docx's paragraphs are read)
    if (t.length <= 40 && t.indexOf('-->') > 0) {
      const k = nextWritten(lines, i);
      const cue = k < lines.length && !cands[k].label ? CUE_TIMING.exec(t) : null;
      const n = cue ? CUE_NAME.exec(lines[k].text) : null;
      if (cue && n) {
        (stamped ??= []).push({ i: k, speaker: n[1].trim(), stamp: cue[1], timing: i });
        i = k;
        continue;
      }
    }
    // a name alone (`**Interviewer**`, `Sanne`) after a blank line or at the start: a head without a stamp
    if (t.length <= 40 && (i === 0 || isBlank(lines[i - 1].text))) {
      const n = HEAD_NAME_ONLY.exec(t);
      if (n && !REPLIES.has(n[1].trim().toLowerCase().replace(/[.!?]+$/, ''))) (named ??= []).push({ i, speaker: n[1].trim(), stamp: undefined });
    }
  }
  const s = headsOf(stamped, true, labelled, lines, isKnown);
  if (s) {
    // (a short line with a stamp that is no head, followed by words: a head written otherwise, whose
    // words went to the turn before; said with its line)
    const missed = near.filter((i) => {
      const k = nextWritten(lines, i);
      return k < lines.length && !s.has(k) && !cands[k].label;
    });
    return { heads: s, missed };
  }
  const n = headsOf(named, false, labelled, lines, isKnown);
  return n ? { heads: n, missed: [] } : undefined;
}

/** The index of the first line after `i` that is not blank (lines.length when there is none). */
function nextWritten(lines: readonly Line[], i: number): number {
  let k = i + 1;
  while (k < lines.length && isBlank(lines[k].text)) k++;
  return k;
}

interface Head {
  readonly i: number;
  readonly speaker: string;
  readonly stamp: string | undefined;
  /** The cue timing line above the head (Teams), when there is one. */
  readonly timing?: number;
}

/**
 * The heads of `found` as candidates when the file is written with them (see turnHeads); with
 * no stamps (`stamped` false), only when four or more head text, 90 % of them by names that recur,
 * one a known speaker (an interviewer, a declared speaker), and the speaker changes from one head
 * to the next at least every other time: headings of a document (`Doel`, `Aanpak`) do not.
 */
function headsOf(found: Head[] | undefined, stamped: boolean, labelled: number, lines: readonly Line[], isKnown: (speaker: string) => boolean): Map<number, Cand> | undefined {
  if (!found) return undefined;
  if (!stamped) {
    // (without stamps, a name seen once (`Marloes` answering who) is a word of the turn, not a speaker)
    const seen = new Map<string, number>();
    for (const h of found) seen.set(normaliseLabel(h.speaker), (seen.get(normaliseLabel(h.speaker)) ?? 0) + 1);
    found = found.filter((h) => seen.get(normaliseLabel(h.speaker))! >= 2 || isKnown(h.speaker));
  }
  if (found.length < 3 || found.length < labelled) return undefined;
  // each followed by words: the next line that is not blank is not a head
  const heads = new Set(found.map((h) => h.i));
  const withText = found.filter(({ i }) => {
    const k = nextWritten(lines, i);
    return k < lines.length && !heads.has(k);
  });
  if (withText.length < (stamped ? 3 : 4)) return undefined;
  const keys = withText.map((h) => normaliseLabel(h.speaker));
  const byKey = new Map<string, number>();
  for (const k of keys) byKey.set(k, (byKey.get(k) ?? 0) + 1);
  let most = 0;
  let recurring = 0;
  for (const n of byKey.values()) {
    if (n > most) most = n;
    if (n >= 2) recurring += n;
  }
  if (byKey.size < 2 || most < 2) return undefined;
  const known = withText.some((h) => isKnown(h.speaker));
  if (stamped) {
    // (speakers take turns again and again: at least 80 % of the heads name one who heads two or more,
    // unless one of them is a known speaker (an interviewer); an agenda's items recur less)
    if (recurring < 0.8 * withText.length && !known) return undefined;
    let up = 0;
    for (let k = 1; k < withText.length; k++) if (parseStamp(withText[k].stamp!) >= parseStamp(withText[k - 1].stamp!)) up++;
    if (up < 0.8 * (withText.length - 1)) return undefined;
  } else {
    if (!known || recurring < 0.9 * withText.length) return undefined;
    let changes = 0;
    for (let k = 1; k < keys.length; k++) if (keys[k] !== keys[k - 1]) changes++;
    if (changes < 0.5 * (keys.length - 1)) return undefined;
  }
  const out = new Map<number, Cand>();
  for (let k = 0; k < withText.length; k++) {
    const h = withText[k];
    if (!keys[k]) continue;
    if (h.timing !== undefined) {
      // (a turn is one stretch of the text: a speaker's cues that follow each other stay turns of their own)
      out.set(h.timing, { stamp: undefined, stampEnd: undefined, afterStamp: 0, skip: true });
    }
    const label: LineLabel = h.stamp !== undefined ? { speaker: h.speaker, key: keys[k], contentAt: lines[h.i].text.length, stamp: h.stamp } : { speaker: h.speaker, key: keys[k], contentAt: lines[h.i].text.length };
    out.set(h.i, { stamp: undefined, stampEnd: undefined, afterStamp: 0, label });
  }
  let turns = 0;
  for (const c of out.values()) if (c.label) turns++;
  return turns >= 2 ? out : undefined;
}

export function parseBlocks(source: string, kind: SourceKind, opts: ParseBlocksOptions = {}): ParsedBlocks {
  const fm = splitFrontMatter(source);
  const bodyStart = fm ? fm.bodyStart : 0;
  // (markdown: its comments and footnote definitions are read as blank lines, each character but a
  // line break a space, so that every offset and line stays where it is; taken out of the blocks below)
  const md = opts.markdown ? markdownNotes(source, bodyStart) : undefined;
  const text = md ? md.masked : source;
  let lines = splitLines(text, bodyStart);
  let gluedLabels: GluedLabels | undefined;
  // (a line or paragraph separator, U+2028 or U+2029, ends a line where labels are read: the lines are
  // then no longer the file's, whose numbers count only its breaks, and are not kept for the readers after)
  const separated = kind !== 'document' && kind !== 'survey' && (text.indexOf('\u2028', bodyStart) !== -1 || text.indexOf('\u2029', bodyStart) !== -1);
  if (separated) lines = splitAtSeparators(lines);
  // (an HTML line break, `<br>`, in a transcript (a copy from a web page, a table of a wiki or a
  // chat export) ends a line where labels are read too: the turns written on one line apart by it
  // were one turn, the respondent's answers in the interviewer's; the tag is in neither part)
  let breakTags: { count: number; first: number } | undefined;
  if (kind !== 'document' && kind !== 'survey' && (text.indexOf('<br', bodyStart) !== -1 || text.indexOf('<BR', bodyStart) !== -1)) {
    const split = splitAtBreakTags(lines);
    lines = split.lines;
    breakTags = split.count ? { count: split.count, first: split.first } : undefined;
  }
  // (kept as split: the lines of a turn that is split at a glued label below are not its breaks)
  lastLines = bodyStart === 0 && !separated && !breakTags ? { text: source, lines } : undefined;
  // (while no line is split, line li is the file's line first + li: the 1-based numbers of lines
  // read without counting the breaks before each again, 65 ms on the bench corpus's variant labels)
  let fileLines = !separated && !breakTags;
  let first = 0;
  const linesOf = (lis: readonly number[]): number[] => {
    if (!fileLines) return lineNumbers(text, lis.map((li) => lines[li].start));
    if (first === 0) first = lineNumbers(text, [bodyStart])[0];
    return lis.map((li) => first + li);
  };
  const known = [...DEFAULT_INTERVIEWERS, ...DEFAULT_RESPONDENT_LABELS, ...(opts.knownSpeakers ?? [])];
  // (labelMatches(·, known): each speaker is asked about by several passes below)
  const isKnown = labelMatcher(known);
  const stampMode = kind === 'observation' ? 'hh:mm' : 'mm:ss';

  // pass 1: candidate labels
  const withLabels = kind !== 'document' && kind !== 'survey';
  // (`Label<TAB>text` is looked for only in a text with a tab: found natively, once)
  const tabs = withLabels && text.indexOf('\t', bodyStart) !== -1;
  const candOf = (ln: Line): Cand => {
    const t = ln.text;
    if (t.length === 0) return NO_CAND;
    // a label may be indented (text copied from a PDF): spaces and tabs before it are skipped
    const indent = kind === 'transcript' || kind === 'observation' ? leadingBlank(t) : 0;
    // (a stamp starts with a bracket or a digit)
    const c0 = t.charCodeAt(indent);
    const s = c0 === 91 || c0 === 40 || (c0 >= 48 && c0 <= 57) ? LEADING_STAMP.exec(indent ? t.slice(indent) : t) : null;
    const afterStamp = indent + (s ? s[0].length : 0);
    let label: LineLabel | undefined;
    if (withLabels) {
      const rest = afterStamp ? t.slice(afterStamp) : t;
      label = labelAt(rest);
      if (!label && tabs && rest.indexOf('\t') > 0) {
        label = tabLabelAt(rest);
        const tabbed = label === undefined && afterStamp === 0 ? tabLabelAt(rest, true) : undefined;
        if (tabbed) return { stamp: undefined, stampEnd: undefined, afterStamp: 0, label: undefined, tabbed };
      }
      // (`00:01:12: Anna: …`, a colon after the time: the time and the label, when a label follows)
      if (!s && !label && c0 >= 48 && c0 <= 57) {
        const sc = STAMP_COLON.exec(rest);
        const l = sc ? labelAt(rest.slice(sc[0].length)) : undefined;
        if (sc && l) return { stamp: sc[1], stampEnd: undefined, afterStamp: afterStamp + sc[0].length, label: l };
      }
    }
    if (!s && !label && afterStamp === 0) return NO_CAND;
    return { stamp: s ? s[1] ?? s[3] ?? s[5] : undefined, stampEnd: s ? s[2] ?? s[4] : undefined, afterStamp, label };
  };
  // (pushed, not mapped: an array from Array.prototype.map is packed while parseBlocks runs in the
  // interpreter and holey once it is optimised, and that change of elements kind deoptimises it)
  let cands: Cand[] = [];
  // page-break debris in transcripts (lone page numbers, running headers): it neither starts
  // nor ends a turn, and a header is not a speaker label (the page numbers found in this pass)
  let debris = new Set<number>();
  const transcript = kind === 'transcript';
  // (a line that looks like a lone page number is one only where the document shows their
  // pattern, or names the page: a year or a number said on its own line is speech; see pageNumberLines)
  let numberLines: number[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i];
    cands.push(candOf(ln));
    if (transcript && isPageNumberLine(ln.text)) (numberLines ??= []).push(i);
  }
  let pages: Set<number> | undefined;
  /** Lines that look like a lone page number and are read as text (no page pattern shows): their UTF-16 starts (see TurnEnds.debris). */
  let loneNumbers: number[] | undefined;
  if (numberLines) {
    const split0 = lines;
    pages = pageNumberLines({ length: split0.length, at: (i) => split0[i].text }, numberLines);
    debris = new Set(pages);
    for (const i of numberLines) if (!pages.has(i) && !isYearLike(Number(/\d+/.exec(split0[i].text)![0]))) (loneNumbers ??= []).push(split0[i].start);
  }
  // a transcription service's export: a line with a name and a stamp heads the turn below it
  const found = kind === 'transcript' ? turnHeads(lines, cands, isKnown) : undefined;
  const heads = found?.heads;
  const headKeys = heads ? new Set<string>() : undefined;
  if (heads) {
    for (const [i, c] of heads) {
      cands[i] = c;
      if (c.label) headKeys!.add(c.label.key);
      // (a head line is no page debris: its stamp is not a page number)
      debris.delete(i);
    }
  }
  // (the label lines by key, made when first asked for, again when a label is taken away)
  let stats: { byKey: Map<string, number[]>; speakers: string[] } | undefined;
  if (kind === 'transcript') {
    // a line that starts with a speaker label of this file (a known speaker, or one whose label
    // lines are not all one repeating pattern) or that holds more words than a short header is
    // never a header; a line that starts like a label is a header only by page-break evidence
    // (the label lines of each speaker; their header keys are made only when asked, and only until two differ)
    // (made when first asked for: only short lines with a label are asked about)
    const linesOf = (k: string): number[] | undefined => (stats ??= labelStats(cands)).byKey.get(k);
    const ofFile = new Map<string, boolean>();
    // (the last two keys asked about and their answers: turns alternate between a few speakers,
    // and most lines asked about are label lines of two of them)
    let k0: string | undefined;
    let r0 = false;
    let k1: string | undefined;
    let r1 = false;
    // (`k`: normaliseLabel(sp), the key its LineLabel carries)
    const speakerOfFile = (sp: string, k: string) => {
      if (k === k0) return r0;
      if (k === k1) return r1;
      let r = ofFile.get(k);
      if (r === undefined) {
        r = isKnown(sp) || (headKeys !== undefined && headKeys.has(k));
        if (!r) {
          // (the keys' first 16 characters first: two label lines of a speaker mostly differ there;
          // the whole keys only when those are equal, the first line's made once)
          let first: string | undefined;
          let firstAt = -1;
          let firstKey: string | undefined;
          for (const i of linesOf(k) ?? []) {
            const start = headerKey(lines[i].text, 16);
            if (first === undefined) {
              first = start;
              firstAt = i;
            } else if (start !== first || (start.length === 16 && headerKey(lines[i].text) !== (firstKey ??= headerKey(lines[firstAt].text)))) {
              r = true;
              break;
            }
          }
        }
        ofFile.set(k, r);
      }
      k1 = k0;
      r1 = r0;
      k0 = k;
      r0 = r;
      return r;
    };
    const skip = (i: number) => !!cands[i].skip || (!!cands[i].label && speakerOfFile(cands[i].label!.speaker, cands[i].label!.key)) || moreWordsThan(lines[i].text, HEADER_MAX_WORDS);
    // (page breaks: a page-number line, found above, or a form feed. Without one, only a line with
    // a digit or a `#` that is not skipped can be a header (see runningHeaders): those are found
    // with the cheapest test first — the length, the speaker of a label, then the digits)
    let candidates: number[] | undefined;
    if (debris.size === 0 && text.indexOf('\f', bodyStart) === -1) {
      candidates = [];
      for (let i = 0; i < lines.length; i++) {
        const { start, end } = lines[i];
        if (end === start) continue;
        // (over 80 characters without white space at either end: over 80 when trimmed)
        if (end - start > 80 && !isSpaceCode(text.charCodeAt(start)) && !isSpaceCode(text.charCodeAt(end - 1))) continue;
        const label = cands[i].label;
        if ((label && speakerOfFile(label.speaker, label.key)) || cands[i].skip) continue;
        if (digitOrHashIn(text, start, end)) candidates.push(i);
      }
    }
    // (the lines' texts, read by runningHeaders only at the candidates when there are some)
    const split = lines;
    for (const i of runningHeaders({ length: split.length, at: (i) => split[i].text }, skip, (i) => !!cands[i].label, candidates, pages ?? new Set())) {
      debris.add(i);
      const c = cands[i];
      if (c.label) {
        cands[i] = { stamp: c.stamp, stampEnd: c.stampEnd, afterStamp: c.afterStamp, label: undefined };
        stats = undefined;
      }
    }
  }
  stats ??= labelStats(cands);
  // (the labels' keys in order of first appearance, each with its lines: their number is its count)
  const counts = stats.byKey;
  const count = (k: string): number => counts.get(k)?.length ?? 0;
  // a transcript whose only label besides the interviewer's (and declared speakers') is seen once —
  // a short interview, a fragment: `Interviewer: …` ⏎ `Anna: …` — has that label as its respondent
  // (it was read into the interviewer's turn, so the answer was not coded)
  let lone: string | undefined;
  if (kind === 'transcript' && counts.size >= 2) {
    const isAsker = labelMatcher([...DEFAULT_INTERVIEWERS, ...(opts.knownSpeakers ?? [])]);
    let others = 0;
    // (each key once, with the label of its first line, in order of appearance)
    for (const [k, lis] of counts) {
      const speaker = cands[lis[0]].label!.speaker;
      if (isAsker(speaker)) continue;
      others++;
      // (not one with a digit: `Bijlage 3: Transcript 12` is a running header)
      lone = lis.length === 1 && !/\d/.test(speaker) ? k : undefined;
    }
    if (others !== 1) lone = undefined;
  }
  // (memoised per label: asked for every labelled line)
  const strongMemo = new Map<string, boolean>();
  const strong = (speaker: string): boolean => {
    let r = strongMemo.get(speaker);
    if (r === undefined) {
      r = count(normaliseLabel(speaker)) >= 2 || isKnown(speaker) || /^\p{Lu}{1,3}\d{1,3}$/u.test(speaker) || (lone !== undefined && normaliseLabel(speaker) === lone) || (headKeys !== undefined && headKeys.has(normaliseLabel(speaker)));
      strongMemo.set(speaker, r);
    }
    return r;
  };
  // a label seen once that is a near miss of a speaker seen more often (`Nadia Petres:`) is a
  // speaker too: a mistyped label starts a turn (the reader warns about one-turn speakers)
  const strongLabels = [...counts.keys()].filter((k) => count(k) >= 2);
  const nearMiss = (speaker: string): boolean => {
    const k = normaliseLabel(speaker);
    if (k.length < 5 || count(k) !== 1) return false;
    return strongLabels.some((o) => Math.abs(o.length - k.length) <= 2 && editDistance(o, k) <= (k.length >= 8 ? 2 : 1));
  };
  // a label of a speaker of this file glued to the end of the line before (`… gedaan. Nadia Peters: Nee`):
  // the line is split there, so that the turn starts where the label is
  if (kind === 'transcript') {
    // (the strong labels of three characters or more, in order of appearance, once each)
    const forms: string[] = [];
    for (const sp of stats.speakers) if (sp.length >= 3 && strong(sp)) forms.push(sp);
    // (a file whose every line-start label is an interviewer's, `Interviewer: Hoe gaat het? Respondent:
    // Goed. Interviewer: …` on one line: the respondent's role label glued inside the lines too; the
    // answers were read into the interviewer's turns)
    const roles = forms.length > 0 && forms.every(isInterviewerLabel);
    if (roles) forms.push(...GLUED_ROLES); // bounded: a constant list of role words
    if (forms.length) {
      const found = gluedLabel(forms.sort((a, b) => b.length - a.length));
      // (such a role label only after the end of a sentence: `Hoe gaat het? Respondent: …`, not `een Respondent: iemand …`)
      const glued = !roles
        ? found
        : (s: string, from: number): [number, number] | undefined => {
            for (let m = found(s, from); m; m = found(s, m[1])) {
              if (!GLUED_ROLES.includes(s.slice(m[0], m[1] - 1).trimEnd()) || /[.?!…"'”)\]][ \t]*$/.test(s.slice(Math.max(from, m[0] - 8), m[0]))) return m;
            }
            return undefined;
          };
      // (first whether any line has a label to split at: most files have none, and then the lines stay as they are)
      const splitsAt = (i: number): boolean => {
        const ln = lines[i];
        const c = cands[i];
        const from = c.label ? c.afterStamp + c.label.contentAt : 0;
        if (ln.text.indexOf(':', from + 1) <= 0 || debris.has(i)) return false;
        for (let m = glued(ln.text, from); m; m = glued(ln.text, m[1])) if (m[0] > from && ln.text.slice(0, m[0]).trim()) return true;
        return false;
      };
      let any = false;
      for (let i = 0; i < lines.length && !any; i++) any = splitsAt(i);
      const nl: Line[] = [];
      const nc: Cand[] = [];
      const nd = new Set<number>();
      const splitAt: number[] = [];
      const listAt: number[] = [];
      if (any) lines.forEach((ln, i) => {
        const c = cands[i];
        const from = c.label ? c.afterStamp + c.label.contentAt : 0;
        let cut = 0;
        // (a label needs a colon after the line's own label: most lines have none)
        if (!debris.has(i) && ln.text.indexOf(':', from + 1) > 0) {
          for (let m = glued(ln.text, from); m; m = glued(ln.text, m[1])) {
            if (m[0] <= from || !ln.text.slice(cut, m[0]).trim()) continue;
            const head: Line = { start: ln.start + cut, end: ln.start + m[0], text: ln.text.slice(cut, m[0]) };
            // (a page number before the label, `74 Sanne: …`, is page debris)
            // (not a year: `in` ⏎ `2017 Sanne: …` is the end of a turn)
            if (PAGE_NUMBER_LINE.test(head.text) && !isYearLike(Number(/\d+/.exec(head.text)![0]))) nd.add(nl.length);
            // (what was split, said by readingDiagnostics; a list number or dash alone before the label is read into the turn before)
            else if (LIST_MARK.test(head.text)) listAt.push(ln.start + cut);
            else splitAt.push(ln.start + m[0]);
            nl.push(head);
            nc.push(cut === 0 ? c : candOf(head));
            cut = m[0];
          }
        }
        const tail: Line = cut ? { start: ln.start + cut, end: ln.end, text: ln.text.slice(cut) } : ln;
        if (debris.has(i)) nd.add(nl.length);
        nl.push(tail);
        nc.push(cut ? candOf(tail) : c);
      });
      if (any && nl.length !== lines.length) {
        const before = lines;
        lines = nl;
        fileLines = false;
        cands = nc;
        debris = nd;
        if (splitAt.length || listAt.length) {
          // (the line split, as written: the line of `lines` before the split that holds it)
          const show = (at: number) => {
            const ln = (before.find((l) => l.start <= at && at <= l.end)?.text ?? '').trim();
            return ln.length > 70 ? `${ln.slice(0, 67)}...` : ln;
          };
          const [l0] = lineNumbers(text, [splitAt[0] ?? 0]);
          const [l1] = lineNumbers(text, [listAt[0] ?? 0]);
          gluedLabels = {
            ...(splitAt.length ? { count: splitAt.length, line: l0, text: show(splitAt[0]) } : { count: 0, line: 0, text: '' }),
            ...(listAt.length ? { list: { count: listAt.length, line: l1, text: show(listAt[0]) } } : {}),
          };
        }
      }
    }
  }
  const acceptedMemo = new Map<string, boolean>();
  // (the last two labels asked about and their answers: turns alternate, most find theirs here)
  let a0: string | undefined;
  let b0 = false;
  let a1: string | undefined;
  let b1 = false;
  const accepted = (speaker: string): boolean => {
    if (speaker === a0) return b0;
    if (speaker === a1) return b1;
    let a = acceptedMemo.get(speaker);
    if (a === undefined) acceptedMemo.set(speaker, (a = strong(speaker) || nearMiss(speaker)));
    a1 = a0;
    b1 = b0;
    a0 = speaker;
    b0 = a;
    return a;
  };

  const drafts: Draft[] = [];
  const speakers: string[] = [];
  /** Each speaker's key → the label as first written (a label in other capitals, `RESPONDENT:`, is that speaker). */
  const speakerKeys = new Map<string, string>();
  let key0: string | undefined;
  let key1: string | undefined;
  let name0 = '';
  let name1 = '';
  const unread: Array<{ li: number; speaker: string; into: 'turn' | 'text' }> = [];
  const unreadWords: Array<{ li: number; speaker: string }> = [];
  /** The turns started by an accepted label, with their label line. */
  const labelTurns: Array<{ li: number; d: Draft }> = [];
  let cur: Draft | undefined;
  let curKind: 'turn' | 'para' | undefined;
  let curQuoted = false;
  let block: string | undefined;
  /** The level of the heading that set `block` (`##`: 2). */
  let blockLevel = 0;
  const close = () => {
    if (cur) drafts.push(cur);
    cur = undefined;
    curKind = undefined;
    curQuoted = false;
  };
  const meta = (extra?: Record<string, string>): Record<string, string> | undefined => {
    if (!block && !extra) return undefined;
    const m: Record<string, string> = { ...(block ? { block } : {}), ...(extra ?? {}) };
    return Object.keys(m).length ? m : undefined;
  };

  /** Markdown heading lines of a transcript (left out of every turn). */
  const headingLines: number[] = [];
  // a document's heading lines (ParseBlocksOptions.headingLines) as the UTF-16 starts of those lines
  let headStarts: Set<number> | undefined;
  if (kind === 'transcript' && opts.headingLines?.length) {
    const wanted = new Set(opts.headingLines);
    headStarts = new Set();
    let no = 1;
    if (wanted.has(1)) headStarts.add(0);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) if (wanted.has(++no)) headStarts.add(i + 1);
    }
  }
  /** Heading lines and rule lines that ended a turn (with that turn's speaker); the first line of text after a rule. */
  const headingEnds: Array<{ li: number; speaker: string }> = [];
  const ruleEnds: Array<{ li: number; speaker: string }> = [];
  const endEnds: Array<{ li: number; speaker: string }> = [];
  /** Lines that start with a colon without a speaker's name (`: Ja.`) after a turn, with that turn's speaker. */
  const namelessEnds: Array<{ li: number; speaker: string }> = [];
  let afterRule: number | undefined;
  let ruleOpen = false;
  // a speaker of this file whose label is written otherwise on a line (`interviewer:`, `R:Antwoord`,
  // `Anna\u00a0:`: no label is read there): the first characters of the speakers' labels (both
  // cases; a line with no label is looked at further only when it starts with one), and their
  // keys with the label first written
  let variantFirst: Uint8Array | undefined;
  let variantKeys: Map<string, string> | undefined;
  const variants: Array<{ li: number; written: string; speaker: string; how: string }> = [];
  /** Lines read as a speaker's tab-labelled turn with a tab in their words (see Cand.tabbed). */
  const tabbedAt: number[] = [];
  if (kind === 'transcript') {
    for (const sp of stats.speakers) {
      if (!accepted(sp)) continue;
      const k = normaliseLabel(sp);
      if (!k) continue;
      variantKeys ??= new Map();
      if (!variantKeys.has(k)) variantKeys.set(k, sp);
      variantFirst ??= new Uint8Array(129);
      for (const c of [k.charCodeAt(0), k.toUpperCase().charCodeAt(0)]) variantFirst[c < 128 ? c : 128] = 1;
    }
  }
  // lines that hold only a time stamp right above a speaker's label (`00:00:05` ⏎ `Interviewer: …`,
  // as some transcription tools write them): each the time of the turn below it, in no block (they
  // were read as the words of the turn before, and the turns had no time); only when the file has
  // two or more, the label without a time of its own
  let timeLines: Map<number, string> | undefined;
  if (kind === 'transcript') {
    let found: Array<[number, string]> | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const c = t.charCodeAt(leadingBlank(t));
      if (!((c >= 48 && c <= 57) || c === 91 || c === 40) || debris.has(i)) continue;
      const m = STAMP_LINE.exec(t);
      if (!m) continue;
      const k = nextWritten(lines, i);
      if (k >= lines.length) continue;
      const l = cands[k].label;
      if (!l || cands[k].stamp !== undefined || l.stamp !== undefined || !accepted(l.speaker)) continue;
      (found ??= []).push([i, m[1] ?? m[2] ?? m[3]]);
    }
    if (found && found.length >= 2) timeLines = new Map(found);
  }
  let pendingTime: string | undefined;
  const timeAt: number[] = [];
  for (let li = 0; li < lines.length; li++) {
    const ln = lines[li];
    const cand = cands[li];
    if ((debris.size && debris.has(li)) || cand.skip) continue;
    if (timeLines !== undefined) {
      const st = timeLines.get(li);
      if (st !== undefined) {
        pendingTime = st;
        timeAt.push(li);
        continue;
      }
    }
    if (isBlank(ln.text)) {
      if (curKind === 'para' || (kind === 'observation' && cur)) close();
      continue;
    }
    // (a rule line, `---`, after a turn's words ends the turn: notes after it are no one's words)
    if (curKind === 'turn' && kind === 'transcript') {
      const r0 = ln.text.charCodeAt(leadingBlank(ln.text));
      if ((r0 === 45 || r0 === 42 || r0 === 95) && !cand.label && RULE_LINE.test(ln.text)) {
        ruleEnds.push({ li, speaker: cur!.speaker! });
        ruleOpen = true;
        close();
        continue;
      }
      // (a colon with no speaker's name before it, `: Ja, dat klopt.`: a label whose name was left
      // out; its words are someone's, not surely the speaker's before: text without a speaker)
      if (r0 === 58 && !cand.label) {
        const m = NAMELESS_LABEL.exec(ln.text);
        if (m) {
          namelessEnds.push({ li, speaker: cur!.speaker! });
          close();
          cur = { start: ln.start + m[0].length, end: ln.end, speaker: null, meta: meta() };
          curKind = 'para';
          continue;
        }
      }
      // (a line that says the recording or the transcript ends, `EINDE INTERVIEW`, `[Einde opname]`,
      // `*** End ***`: it and the notes after it are no one's words; it is text without a speaker)
      if (ln.end - ln.start <= 60 && !(cand.label && accepted(cand.label.speaker))) {
        const m = END_LINE.exec(ln.text);
        if (m && (m[1] !== undefined || END_MARK.test(ln.text))) {
          endEnds.push({ li, speaker: cur!.speaker! });
          close();
          cur = { start: ln.start + leadingBlank(ln.text), end: ln.end, speaker: null, meta: meta() };
          curKind = 'para';
          continue;
        }
      }
    }
    // (a heading of the document after a turn ends the turn: it is text without a speaker)
    if (headStarts !== undefined && curKind === 'turn' && headStarts.has(ln.start) && !(cand.label && accepted(cand.label.speaker))) {
      headingEnds.push({ li, speaker: cur!.speaker! });
      close();
      cur = { start: ln.start, end: ln.end, speaker: null, meta: meta() };
      curKind = 'para';
      continue;
    }
    if (ruleOpen) {
      if (cand.label && accepted(cand.label.speaker)) ruleOpen = false;
      else if (afterRule === undefined) afterRule = li;
    }
    const h = ln.text.charCodeAt(0) === 35 ? HEADING.exec(ln.text) : null;
    if (h && !cand.label) {
      close();
      const b = kind === 'observation' ? blockOf(h[2]) : undefined;
      if (kind === 'observation') {
        // (a heading of a description or interpretation sets the block of what follows; another
        // heading is structure, left out and said as a transcript's; one at the level of the
        // block's heading or above ends that block: `## Interpretatie` … `## Tweede overleg`
        // read the second meeting as interpretation, without a word)
        if (b) {
          block = b;
          blockLevel = h[1].length;
        } else {
          if (block !== undefined && h[1].length <= blockLevel) block = undefined;
          // (a title, `# …` above every note, is the notes' name: left out without a word, as front matter is)
          if (h[1].length > 1 || drafts.length > 0 || headingLines.length > 0) headingLines.push(li);
        }
        continue;
      }
      if (kind === 'transcript') {
        headingLines.push(li); // headings in transcripts are structure, not content: left out, and said
        continue;
      }
      // documents: a heading is its own paragraph
      const hs = ln.start + ln.text.indexOf(h[2]);
      drafts.push({ start: hs, end: hs + h[2].length, speaker: null, meta: { ...(meta() ?? {}), heading: String(h[1].length) } });
      continue;
    }
    const time: TimeSpan | undefined =
      cand.stamp !== undefined
        ? { start: parseStamp(cand.stamp, stampMode), ...(cand.stampEnd !== undefined ? { end: parseStamp(cand.stampEnd, stampMode) } : {}) }
        : undefined;
    // (a `Label<TAB>text` line seen once is a table row or prose as often as a turn: not said)
    let label = cand.label;
    let isTurn = label !== undefined && accepted(label.speaker);
    // (a line with no label that starts with a speaker's first character: see variantLabel)
    // (and a colon among its first 42 characters: looked for backwards from there, natively)
    if (label === undefined && variantFirst !== undefined && variantFirst[Math.min(ln.text.charCodeAt(cand.afterStamp), 128)] === 1 && ln.text.lastIndexOf(':', cand.afterStamp + 41) > cand.afterStamp) {
      const v = variantLabel(ln.text, cand.afterStamp, variantKeys!);
      if (v !== undefined) {
        variants.push({ li, written: v.written, speaker: v.label.speaker, how: v.how });
        cands[li] = { stamp: cand.stamp, stampEnd: cand.stampEnd, afterStamp: cand.afterStamp, label: (label = v.label) };
        isTurn = true;
      }
    }
    // (`Respondent⇥Vroeg. Om zes uur⇥al.`: a tab in the words after a speaker's tab label; read as
    // that speaker's turn when the speaker has a label line of its own in the file, said; it was
    // taken for a table row, and its words read into the turn before)
    if (label === undefined && cand.tabbed !== undefined && kind === 'transcript' && count(cand.tabbed.key) >= 1 && accepted(cand.tabbed.speaker)) {
      cands[li] = { stamp: cand.stamp, stampEnd: cand.stampEnd, afterStamp: cand.afterStamp, label: (label = cand.tabbed) };
      isTurn = true;
      tabbedAt.push(li);
    }
    if (label && kind === 'transcript' && !isTurn && !TAB_LABELS.has(label)) {
      // (the line goes on the turn before it, unless it starts a paragraph without a speaker)
      const into = cur && curKind === 'turn' ? 'turn' : 'text';
      unread.push({ li, speaker: label.speaker, into });
    }
    if (isTurn) {
      close();
      const lb = label!;
      let sp = lb.speaker;
      const spk = lb.key;
      // (the last two keys met are known: turns alternate)
      let name: string;
      if (spk === key0) name = name0;
      else if (spk === key1) name = name1;
      else {
        name = speakerKeys.get(spk) ?? sp;
        if (name === sp && !speakerKeys.has(spk)) {
          speakerKeys.set(spk, sp);
          speakers.push(sp);
        }
        key1 = key0;
        name1 = name0;
        key0 = spk;
        name0 = name;
      }
      // (a speaker's label written in other capitals or spacing, `RESPONDENT:` beside `Respondent:`: that
      // speaker, said; it was a speaker of its own, one person counted as two respondents)
      if (name !== sp) {
        variants.push({ li, written: sp, speaker: name, how: sp.toLowerCase() === name.toLowerCase() ? 'in other capitals' : 'otherwise' });
        sp = name;
      }
      const lt = lb.stamp !== undefined ? { start: parseStamp(lb.stamp, stampMode), ...(lb.stampEnd !== undefined ? { end: parseStamp(lb.stampEnd, stampMode) } : {}) } : time ?? (pendingTime !== undefined ? { start: parseStamp(pendingTime, stampMode) } : undefined);
      pendingTime = undefined;
      const at = ln.start + cand.afterStamp + lb.contentAt;
      cur = { start: at, end: ln.end, speaker: sp, time: lt, meta: meta() };
      curKind = 'turn';
      if (kind === 'transcript') labelTurns.push({ li, d: cur });
      continue;
    }
    // an unlabelled line
    let contentAt = ln.start + cand.afterStamp;
    let extra: Record<string, string> | undefined;
    let quoted = false;
    if (kind === 'observation') {
      const body = ln.text.slice(cand.afterStamp);
      const q = /^>[ \t]?/.exec(body);
      quoted = !!q;
      if (q) contentAt += q[0].length;
      const afterQuote = ln.text.slice(contentAt - ln.start);
      const bl = /^(?:\*\*|__)?([\p{L}]+)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*/u.exec(afterQuote);
      const bw = bl ? blockOf(bl[1]) : undefined;
      if (bl && bw) {
        contentAt += bl[0].length;
        extra = { block: bw };
      } else if (q) {
        if (cur && curQuoted && time === undefined) {
          cur.end = ln.end; // a quoted paragraph continues
          continue;
        }
        extra = { block: 'interpretation' };
      }
      if (!q && cur && curQuoted) close();
    }
    const startsNew = !cur || (kind !== 'transcript' && (time !== undefined || extra !== undefined)) || (kind === 'transcript' && time !== undefined && curKind === 'para');
    if (startsNew) {
      close();
      cur = { start: contentAt, end: ln.end, speaker: null, time, meta: extra ? { ...(meta() ?? {}), ...extra } : meta() };
      curKind = 'para';
      curQuoted = quoted;
      continue;
    }
    cur!.end = ln.end;
    // (`Opmerking: …` inside a turn: a word that is never a speaker, read as text of the turn, and said;
    // looked for only on a line that starts with an ASCII capital)
    if (curKind === 'turn' && kind === 'transcript') {
      const c0 = ln.text.charCodeAt(cand.afterStamp);
      if (c0 >= 65 && c0 <= 90 && ln.text.lastIndexOf(':', cand.afterStamp + 29) > cand.afterStamp) {
        const w = notSpeakerLabel(ln.text, cand.afterStamp);
        if (w !== undefined) unreadWords.push({ li, speaker: w });
      }
    }
  }
  close();
  // markdown: no block holds a comment or a footnote definition (a block around one is read in two);
  // each footnote definition is a block of its own, without a speaker
  const mdSplits: Array<{ speaker: string | null; at: number }> = [];
  if (md && (md.comments.length || md.footnotes.length)) {
    const cuts = [...md.comments, ...md.footnotes.map((f) => ({ start: f.start, end: f.end }))].sort((a, b) => a.start - b.start);
    const hasText = (a: number, b: number) => {
      for (let k = a; k < b; k++) if (!isSpaceCode(md.once.charCodeAt(k))) return true;
      return false;
    };
    const parts: Draft[] = [];
    // (`d` in pieces around the cuts with text on both sides; a cut at its edge is trimmed away below)
    const splitAround = (d: Draft, by: ReadonlyArray<{ start: number; end: number }>) => {
      let cur: Draft = d;
      for (const c of by) {
        if (c.end <= cur.start || c.start >= cur.end) continue;
        if (hasText(cur.start, c.start) && hasText(c.end, cur.end)) {
          if (md.comments.includes(c)) mdSplits.push({ speaker: d.speaker, at: c.start });
          const after: Draft = { start: c.end, end: cur.end, speaker: cur.speaker, ...(cur.time ? { time: cur.time } : {}), ...(cur.meta ? { meta: cur.meta } : {}) };
          cur.end = c.start;
          parts.push(cur);
          cur = after;
        }
      }
      parts.push(cur);
    };
    for (const d of drafts) splitAround(d, cuts);
    // (a footnote's text is blanked in `text`: it is trimmed in the text with only the comments blanked)
    for (const f of md.footnotes) splitAround({ start: f.contentStart, end: f.end, speaker: null, meta: { footnote: f.id } }, md.comments);
    parts.sort((a, b) => a.start - b.start);
    drafts.length = 0;
    for (const d of parts) drafts.push(d);
  }

  const map = new OffsetMap(source);
  const blocks: Block[] = [];
  // f4transkript's time marks at the end of a turn (`… gedaan. #00:01:23-4#`): the turn's time, not its text
  const f4 = kind === 'transcript' && text.indexOf('#') !== -1 && F4_MARK_ANY.test(text);
  let marks: { count: number; first: number; text: string } | undefined;
  let markEnd: number | undefined;
  // (trimmed in the text with the markdown comments blanked, not its footnotes: their blocks hold them)
  const trimIn = md ? md.once : text;
  let emptyTurns: Draft[] | undefined;
  for (const d of drafts) {
    let s = d.start;
    let e = d.end;
    while (s < e && isSpaceCode(trimIn.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(trimIn.charCodeAt(e - 1))) e--;
    let dt = d.time;
    if (f4 && e > s && trimIn.charCodeAt(e - 1) === 35) {
      const m = F4_MARK_END.exec(trimIn.slice(Math.max(s, e - 16), e));
      if (m) {
        const at = e - m[0].length;
        const t = parseStamp(m[1]) + (m[2] ? Number(m[2]) / 10 ** m[2].length : 0);
        if (marks) marks.count++;
        else marks = { count: 1, first: at, text: m[0].trim() };
        // (a mark ends its paragraph: the turn ran from the mark before it)
        dt = { start: dt?.start ?? markEnd ?? 0, end: t };
        markEnd = t;
        e = at;
        while (e > s && isSpaceCode(trimIn.charCodeAt(e - 1))) e--;
      }
    }
    if (e <= s) {
      // (a speaker's label with no words after it, up to the next label: no block; said, with its time)
      if (d.speaker !== null && kind === 'transcript') (emptyTurns ??= []).push(d);
      continue;
    }
    // (object literals without spreads, keys in the same order: start, end, speaker, time, meta)
    const start = map.toCp(s);
    const end = map.toCp(e);
    const speaker = d.speaker;
    const dm = d.meta;
    blocks.push(dt ? (dm ? { start, end, speaker, time: dt, meta: dm } : { start, end, speaker, time: dt }) : dm ? { start, end, speaker, meta: dm } : { start, end, speaker });
  }
  // debris lines outside every turn are left out: say which (a debris line inside a turn stays in its text)
  const out: number[] = [];
  // (debris inside a turn: its UTF-16 start, and the turn; said, see TurnEnds.debris)
  let inTurns: Array<{ at: number; text: string; d: Draft; header: boolean }> | undefined;
  {
    const sorted = [...debris].sort((a, b) => a - b);
    let d = 0;
    for (const li of sorted) {
      const ln = lines[li];
      if (!ln.text.trim()) continue;
      while (d < drafts.length && drafts[d].end < ln.end) d++;
      if (!(d < drafts.length && drafts[d].start <= ln.start)) out.push(li);
      else if (drafts[d].speaker !== null) (inTurns ??= []).push({ at: ln.start, text: ln.text, d: drafts[d], header: !PAGE_NUMBER_LINE.test(ln.text) });
    }
  }
  // (a lone number on a line of its own inside a turn, with the turn's words before and after it,
  // where no page pattern shows: read as the speaker's words, and said, as it may be a page number)
  if (loneNumbers && drafts.length) {
    let d = 0;
    for (const at of loneNumbers) {
      let e = text.indexOf('\n', at);
      if (e === -1) e = text.length;
      if (text.charCodeAt(e - 1) === 13) e--;
      while (d < drafts.length && drafts[d].end < e) d++;
      if (d >= drafts.length) break;
      const dr = drafts[d];
      if (dr.speaker === null || dr.start > at || dr.end <= e) continue;
      let before = false;
      for (let k = dr.start; k < at && !before; k++) before = !isSpaceCode(text.charCodeAt(k));
      if (before) (inTurns ??= []).push({ at, text: text.slice(at, e), d: dr, header: false });
    }
  }
  let turnEnds: TurnEnds | undefined;
  if (headingEnds.length || ruleEnds.length || inTurns || timeAt.length || breakTags || endEnds.length || namelessEnds.length || (emptyTurns && blocks.length)) {
    const shorten = (t: string) => {
      const x = t.replace(/\f/g, '').trim();
      return x.length > 60 ? `${x.slice(0, 57)}...` : x;
    };
    const h = headingEnds[0];
    const r = ruleEnds[0];
    inTurns?.sort((a, b) => a.at - b.at);
    const t = inTurns?.[0];
    const turnLi = t ? labelTurns.find((x) => x.d === t.d)?.li : undefined;
    const en = endEnds[0];
    const nl = namelessEnds[0];
    // (not when no turn has words: the reader says that of the whole file, no-words-in-turns)
    const et = blocks.length ? emptyTurns?.[0] : undefined;
    // (the label line of an empty turn: the line its (empty) words start on)
    const etLine = et ? lineNumbers(text, [et.start])[0] : 0;
    const lineAt = (at: number) => {
      let a = text.lastIndexOf('\n', at - 1) + 1;
      const cr = text.lastIndexOf('\r', at - 1) + 1;
      if (cr > a) a = cr;
      let b = a;
      while (b < text.length && text.charCodeAt(b) !== 10 && text.charCodeAt(b) !== 13) b++;
      return text.slice(a, b);
    };
    turnEnds = {
      ...(nl ? { nameless: { count: namelessEnds.length, line: lineNumbers(text, [lines[nl.li].start])[0], text: shorten(lines[nl.li].text), speaker: nl.speaker } } : {}),
      ...(et ? { empty: { count: emptyTurns!.length, line: etLine, text: shorten(lineAt(et.start)), speaker: et.speaker!, timed: emptyTurns!.filter((x) => x.time !== undefined).length } } : {}),
      ...(en ? { endLines: { count: endEnds.length, line: lineNumbers(text, [lines[en.li].start])[0], text: shorten(lines[en.li].text), speaker: en.speaker } } : {}),
      ...(breakTags ? { breakTags: { count: breakTags.count, line: lineNumbers(text, [breakTags.first])[0] } } : {}),
      ...(timeAt.length ? { times: { count: timeAt.length, line: lineNumbers(text, [lines[timeAt[0]].start])[0], text: shorten(lines[timeAt[0]].text) } } : {}),
      ...(h ? { headings: { count: headingEnds.length, line: lineNumbers(text, [lines[h.li].start])[0], text: shorten(lines[h.li].text), speaker: h.speaker } } : {}),
      ...(r
        ? {
            rules: {
              count: ruleEnds.length,
              line: lineNumbers(text, [lines[r.li].start])[0],
              text: shorten(lines[r.li].text),
              speaker: r.speaker,
              ...(afterRule !== undefined ? { after: { line: lineNumbers(text, [lines[afterRule].start])[0], text: shorten(lines[afterRule].text) } } : {}),
            },
          }
        : {}),
      ...(t
        ? {
            debris: {
              count: inTurns!.length,
              line: lineNumbers(text, [t.at])[0],
              text: shorten(t.text),
              speaker: t.d.speaker!,
              turnLine: turnLi !== undefined ? lineNumbers(text, [lines[turnLi].start])[0] : lineNumbers(text, [t.d.start])[0],
              header: inTurns!.some((x) => x.header),
            },
          }
        : {}),
    };
  }
  if (headingLines.length) {
    for (const li of headingLines) out.push(li);
    out.sort((a, b) => a - b);
  }
  const headingSet = headingLines.length ? new Set(headingLines) : undefined;
  // debris left out that is all a labelled turn holds (`R:` ⏎ `7`: the answer taken for a page
  // number): the turn is in no segment, said as a warning (looked for only when lines were left out)
  let wholeTurn: Map<number, number> | undefined;
  if (out.length && labelTurns.length) {
    const outSet = new Set(out);
    for (const { li, d } of labelTurns) {
      let e = d.end;
      let b = d.start;
      while (b < e && isSpaceCode(text.charCodeAt(b))) b++;
      while (e > b && isSpaceCode(text.charCodeAt(e - 1))) e--;
      if (e > b) continue;
      for (let k = li + 1; k < lines.length && (debris.has(k) || isBlank(lines[k].text)); k++) if (outSet.has(k)) (wholeTurn ??= new Map()).set(k, li);
    }
  }
  let leftOut: DebrisLine[] = [];
  let unreadLabels: UnreadLabel[] = [];
  if (out.length || unread.length) {
    const nos = lineNumbers(text, out.map((li) => lines[li].start));
    leftOut = out.map((li, k) => {
      const t = lines[li].text.replace(/\f/g, '').trim();
      const pattern = headingSet?.has(li) ? HEADING_PATTERN : PAGE_NUMBER_LINE.test(t) ? 'page number' : headerKey(t);
      const of = wholeTurn?.get(li);
      if (of === undefined) return { line: nos[k], text: t, pattern };
      return { line: nos[k], text: t, pattern, turn: { speaker: cands[of].label!.speaker, line: lineNumbers(text, [lines[of].start])[0] } };
    });
    const uos = linesOf(unread.map((u) => u.li));
    unreadLabels = unread.map((u, k) => ({ line: uos[k], speaker: u.speaker, into: u.into }));
  }
  if (unreadWords.length) {
    const wos = linesOf(unreadWords.map((u) => u.li));
    unreadLabels = [...unreadLabels, ...unreadWords.map((u, k): UnreadLabel => ({ line: wos[k], speaker: u.speaker, into: 'turn', word: true }))].sort((a, b) => a.line - b.line);
  }
  const headerSpeakers = headerLike(labelTurns, lines, cands, isKnown);
  const variantLabels = variants.length ? withLines(linesOf(variants.map((v) => v.li)), variants) : undefined;
  const markdown = md && (md.comments.length || md.footnotes.length || md.unclosed !== undefined) ? markdownLines(source, md, mdSplits) : undefined;
  let turnHeadsRead: TurnHeads | undefined;
  if (heads) {
    // (the heads in line order; a cue's timing line, skipped, before its head)
    let first = -1;
    let count = 0;
    let cued = false;
    for (const [i, c] of heads) {
      if (c.skip) cued = true;
      if (!c.label) continue;
      if (first < 0) first = i;
      count++;
    }
    const t = cued ? `${lines[first - 1].text.trim()} ${lines[first].text.trim()}` : lines[first].text.trim();
    const missed = found!.missed.length ? { count: found!.missed.length, line: lineNumbers(text, [lines[found!.missed[0]].start])[0], text: lines[found!.missed[0]].text.trim() } : undefined;
    turnHeadsRead = { count, line: lineNumbers(text, [lines[cued ? first - 1 : first].start])[0], text: t, stamped: heads.get(first)!.label!.stamp !== undefined, ...(cued ? { cued } : {}), ...(missed ? { missed } : {}) };
  }
  const timeMarks = marks ? { count: marks.count, line: lineNumbers(text, [marks.first])[0], text: marks.text } : undefined;
  const tabbedTurns = tabbedAt.length ? { count: tabbedAt.length, line: lineNumbers(text, [lines[tabbedAt[0]].start])[0], text: lines[tabbedAt[0]].text.replace(/\t/g, '⇥').trim().slice(0, 70) } : undefined;
  if (turnEnds) return { blocks, speakers, bodyStart, leftOut, unreadLabels, ...(variantLabels ? { variantLabels } : {}), ...(turnHeadsRead ? { turnHeads: turnHeadsRead } : {}), ...(timeMarks ? { timeMarks } : {}), ...(gluedLabels ? { gluedLabels } : {}), ...(markdown ? { markdown } : {}), ...(tabbedTurns ? { tabbedTurns } : {}), ...(headerSpeakers.length ? { headerSpeakers: headerSpeakersOut() } : {}), turnEnds };
  if (tabbedTurns) return { blocks, speakers, bodyStart, leftOut, unreadLabels, ...(variantLabels ? { variantLabels } : {}), ...(turnHeadsRead ? { turnHeads: turnHeadsRead } : {}), ...(timeMarks ? { timeMarks } : {}), ...(gluedLabels ? { gluedLabels } : {}), ...(markdown ? { markdown } : {}), tabbedTurns, ...(headerSpeakers.length ? { headerSpeakers: headerSpeakersOut() } : {}) };
  if (!headerSpeakers.length) {
    const r: ParsedBlocks =
      !turnHeadsRead && !timeMarks && !gluedLabels
        ? variantLabels
          ? { blocks, speakers, bodyStart, leftOut, unreadLabels, variantLabels }
          : { blocks, speakers, bodyStart, leftOut, unreadLabels }
        : { blocks, speakers, bodyStart, leftOut, unreadLabels, ...(variantLabels ? { variantLabels } : {}), ...(turnHeadsRead ? { turnHeads: turnHeadsRead } : {}), ...(timeMarks ? { timeMarks } : {}), ...(gluedLabels ? { gluedLabels } : {}) };
    return markdown ? { ...r, markdown } : r;
  }
  return {
    blocks,
    speakers,
    bodyStart,
    leftOut,
    unreadLabels,
    ...(variantLabels ? { variantLabels } : {}),
    ...(turnHeadsRead ? { turnHeads: turnHeadsRead } : {}),
    ...(timeMarks ? { timeMarks } : {}),
    ...(gluedLabels ? { gluedLabels } : {}),
    ...(markdown ? { markdown } : {}),
    headerSpeakers: headerSpeakersOut(),
  };
  function headerSpeakersOut(): HeaderSpeaker[] {
    return headerSpeakers.map((h) => {
      const nos = lineNumbers(text, h.lis.map((li) => lines[li].start));
      const no = new Map(h.lis.map((li, k) => [li, nos[k]]));
      return {
        speaker: h.speaker,
        pattern: h.pattern,
        lines: h.lis.map((li) => ({ line: no.get(li)!, text: lines[li].text.slice(cands[li].afterStamp).trim() })),
        spill: h.spill.map((li) => no.get(li)!),
      };
    });
  }
}

/**
 * A word that is never a speaker written as a label at `from` in `line` (`Opmerking: …`,
 * `Noot: …`): what comes before a colon within 30 characters, with a space, a tab or the end
 * after the colon, that NOT_SPEAKERS holds (not a web address).
 */
function notSpeakerLabel(line: string, from: number): string | undefined {
  const n = Math.min(line.length, from + 30);
  for (let i = from + 1; i < n; i++) {
    if (line.charCodeAt(i) !== 58) continue;
    const after = line.charCodeAt(i + 1);
    if (!(i + 1 === line.length || after === 32 || after === 9)) return undefined;
    const w = line.slice(from, i).trim();
    const k = normaliseLabel(w);
    return NOT_SPEAKERS.has(k) && k !== 'https' && k !== 'http' && k !== 'mailto' ? w : undefined;
  }
  return undefined;
}

/** The variant label lines found (see ParsedBlocks.variantLabels) with their 1-based lines `nos`. */
function withLines(nos: readonly number[], vs: ReadonlyArray<{ li: number; written: string; speaker: string; how: string }>): VariantLabel[] {
  return vs.map((v, k) => ({ line: nos[k], written: v.written, speaker: v.speaker, how: v.how }));
}

/**
 * A label of a speaker of this file written otherwise at `from` in `line` (asked only for a line
 * in which no label was read, that starts with the first character of a speaker's label): what
 * comes before a colon within 41 characters, spaces, tabs and no-break spaces before the colon
 * left out, whose key (normaliseLabel) is a speaker's of `keys`; with any character after the
 * colon but a `/` (a web address). `interviewer:` (lower case), `R:Antwoord` (no space after the
 * colon), `Anna\u00a0:` (a no-break space before it).
 */
function variantLabel(line: string, from: number, keys: ReadonlyMap<string, string>): { label: LineLabel; written: string; how: string } | undefined {
  const n = Math.min(line.length, from + 42);
  let colon = -1;
  for (let i = from + 1; i < n; i++) {
    if (line.charCodeAt(i) === 58) {
      colon = i;
      break;
    }
  }
  if (colon === -1 || line.charCodeAt(colon + 1) === 47) return undefined;
  let e = colon;
  for (let c = line.charCodeAt(e - 1); c === 32 || c === 9 || c === 0xa0 || c === 0x202f; c = line.charCodeAt(e - 1)) e--;
  if (e <= from) return undefined;
  const name = line.slice(from, e);
  const k = normaliseLabel(name);
  const speaker = keys.get(k);
  if (speaker === undefined) return undefined;
  const written = line.slice(from, colon);
  const how: string[] = [];
  if (name !== speaker && name.toLowerCase() === speaker.toLowerCase()) how.push('in other capitals');
  if (e < colon) how.push(/[\u00a0\u202f]/u.test(written.slice(e - from)) ? 'with a no-break space before the colon' : 'with a space before the colon');
  const after = line.charCodeAt(colon + 1);
  if (colon + 1 < line.length && after !== 32 && after !== 9) how.push('without a space after the colon');
  if (!how.length) how.push('otherwise');
  return { label: { speaker, key: k, contentAt: skipWs(line, colon + 1) - from, stamp: undefined }, written, how: how.join(', ') };
}

/**
 * The speakers (not declared, not a participant code) of at least two turns, each of which
 * starts with a line of at most HEADER_MAX_WORDS words and 80 characters, all of one form with
 * a number after the label that changes: a running header written like a label
 * (`Bijlage 3: Transcript 12`). Line indices; numbered by `withLines`.
 */
function headerLike(
  turns: ReadonlyArray<{ li: number; d: Draft }>,
  lines: readonly Line[],
  cands: ReadonlyArray<{ afterStamp: number; label?: LineLabel }>,
  isKnown: (speaker: string) => boolean,
): Array<{ speaker: string; pattern: string; lis: number[]; spill: number[] }> {
  const by = new Map<string, Array<{ li: number; d: Draft }>>();
  for (const t of turns) {
    // (normaliseLabel(t.d.speaker), made by labelAt)
    const k = cands[t.li].label!.key;
    const l = by.get(k);
    if (l) l.push(t);
    else by.set(k, [t]);
  }
  const out: Array<{ speaker: string; pattern: string; lis: number[]; spill: number[] }> = [];
  for (const ts of by.values()) {
    if (ts.length < 2) continue;
    const speaker = ts[0].d.speaker!;
    let pattern: string | undefined;
    const forms = new Set<string>();
    let header = true;
    for (const { li } of ts) {
      const c = cands[li];
      const t = lines[li].text.slice(c.afterStamp).trim();
      const content = lines[li].text.slice(c.afterStamp + c.label!.contentAt);
      if (t.length > 80 || t.split(/\s+/).length > HEADER_MAX_WORDS || !/\d/.test(content)) {
        header = false;
        break;
      }
      const k = headerKey(t);
      if (pattern !== undefined && k !== pattern) {
        header = false;
        break;
      }
      pattern = k;
      forms.add(t.replace(/\s+/g, ' '));
    }
    if (!header || forms.size < 2) continue;
    // (asked last: most speakers' first turn is no header line already)
    if (isKnown(speaker) || /^\p{Lu}{1,3}\d{1,3}$/u.test(speaker)) continue;
    out.push({ speaker, pattern: pattern!, lis: ts.map((t) => t.li), spill: ts.filter((t) => t.d.end > lines[t.li].end).map((t) => t.li) });
  }
  return out;
}

/** A footnote definition at a line start: `[^1]: `, `[^noot]: ` (up to 3 spaces before it). */
const FOOTNOTE_DEF = /^ {0,3}\[\^([^\]\s]{1,40})\]:[ \t]*/;

/** `s` with the characters of `ranges` (UTF-16, ascending, not overlapping) but line breaks made spaces: the same length, offsets and lines. */
function blankOut(s: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  if (!ranges.length) return s;
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += s.slice(at, r.start) + s.slice(r.start, r.end).replace(/[^\r\n]/g, ' ');
    at = r.end;
  }
  return out + s.slice(at);
}

/**
 * The HTML comments and footnote definitions of a markdown text from `from` (UTF-16 ranges), and
 * the text with them blanked out (`masked`; `once`: with only the comments blanked). A footnote definition runs over the lines after it up to a blank
 * line, a heading, another definition or a speaker label, and over indented lines after a blank line.
 * A `<!--` that no `-->` closes is no comment (it and the text after it stay text; said).
 */
function markdownNotes(
  source: string,
  from: number,
): { masked: string; once: string; comments: Array<{ start: number; end: number }>; footnotes: Array<{ start: number; end: number; contentStart: number; id: string }>; unclosed?: number } {
  const comments: Array<{ start: number; end: number }> = [];
  let unclosed: number | undefined;
  for (let i = source.indexOf('<!--', from); i !== -1; ) {
    const j = source.indexOf('-->', i + 4);
    if (j === -1) {
      unclosed = i;
      break;
    }
    comments.push({ start: i, end: j + 3 });
    i = source.indexOf('<!--', j + 3);
  }
  const once = blankOut(source, comments);
  const footnotes: Array<{ start: number; end: number; contentStart: number; id: string }> = [];
  if (once.indexOf('[^', from) !== -1) {
    const lines = splitLines(once, from);
    const blank = (k: number) => isBlank(lines[k].text);
    const indented = (k: number) => /^(?: {2,}|\t)\S/.test(lines[k].text);
    for (let k = 0; k < lines.length; k++) {
      const m = FOOTNOTE_DEF.exec(lines[k].text);
      if (!m) continue;
      let last = k;
      for (let n = k + 1; n < lines.length; n++) {
        const t = lines[n].text;
        if (blank(n)) continue;
        // (a new definition, a heading or a speaker label, indented or not, ends it)
        if (FOOTNOTE_DEF.test(t) || HEADING.test(t.trimStart()) || labelAt(t.trimStart()) !== undefined) break;
        if (indented(n) || last === n - 1) last = n;
        else break;
      }
      footnotes.push({ start: lines[k].start, end: lines[last].end, contentStart: lines[k].start + m[0].length, id: m[1] });
      k = last;
    }
  }
  const masked = footnotes.length ? blankOut(once, footnotes) : once;
  return { masked, once, comments, footnotes, ...(unclosed !== undefined ? { unclosed } : {}) };
}

/** The markdown notes found (see markdownNotes) with their 1-based lines, for the reader's diagnostics. */
function markdownLines(
  source: string,
  md: ReturnType<typeof markdownNotes>,
  splits: ReadonlyArray<{ speaker: string | null; at: number }>,
): MarkdownNotes {
  const short = (t: string) => {
    const one = t.replace(/\s+/g, ' ').trim();
    return one.length > 60 ? `${one.slice(0, 57)}...` : one;
  };
  const cl = lineNumbers(source, md.comments.map((c) => c.start));
  const fl = lineNumbers(source, md.footnotes.map((f) => f.start));
  const sl = lineNumbers(source, splits.map((x) => x.at));
  return {
    comments: md.comments.map((c, k) => ({ line: cl[k], text: short(source.slice(c.start, c.end)) })),
    splits: splits.map((x, k) => ({ speaker: x.speaker, line: sl[k] })),
    footnotes: md.footnotes.map((f, k) => ({ id: f.id, line: fl[k] })),
    ...(md.unclosed !== undefined ? { unclosed: lineNumbers(source, [md.unclosed])[0] } : {}),
  };
}

/**
 * What a markdown source holds that is not speech, as diagnostics (any kind of source):
 * - `markdown-comment`: the HTML comments left out (count, first lines; the blocks read in two around one);
 * - `markdown-comment-unclosed`: a `<!--` without `-->`, read as text;
 * - `markdown-footnote`: the footnote definitions read as notes of their own, without a speaker.
 */
export function markdownDiagnostics(parsed: Pick<ParsedBlocks, 'markdown'>, file?: string): Diagnostic[] {
  const md = parsed.markdown;
  if (!md) return [];
  const out: Diagnostic[] = [];
  const f = file ? { file } : {};
  if (md.comments.length) {
    const n = md.comments.length;
    const shown = md.comments.slice(0, 3).map((c) => `line ${c.line} "${c.text}"`).join(', ');
    const split = md.splits.length
      ? `; ${md.splits.length === 1 ? 'one stands' : `${md.splits.length} stand`} inside a ${md.splits.every((x) => x.speaker !== null) ? 'turn' : 'block'}, read in two around ${md.splits.length === 1 ? 'it' : 'them'} (${md.splits
          .slice(0, 3)
          .map((x) => (x.speaker !== null ? `${/[\s"]/.test(x.speaker) ? JSON.stringify(x.speaker) : x.speaker}'s at line ${x.line}` : `line ${x.line}`))
          .join(', ')}${md.splits.length > 3 ? ', …' : ''})`
      : '';
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'markdown-comment',
      message: `left out ${n} HTML comment${n === 1 ? '' : 's'} (<!-- … -->, notes in the file, not speech): ${shown}${n > 3 ? `, … (${n} in all)` : ''}; ${n === 1 ? 'it is' : 'they are'} in no segment${split}`,
      ...f,
      line: md.comments[0].line,
      actual: md.comments[0].text,
      hint: 'if a comment holds text to code, take away its <!-- and -->',
    });
  }
  if (md.unclosed !== undefined) {
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'markdown-comment-unclosed',
      message: `"<!--" at line ${md.unclosed} is not closed by "-->": it and the text after it are read as text (a comment would hide the rest of the file)`,
      ...f,
      line: md.unclosed,
      hint: 'close the comment with --> where it ends (or take away the <!--)',
    });
  }
  if (md.footnotes.length) {
    const n = md.footnotes.length;
    const shown = md.footnotes.slice(0, 3).map((x) => `line ${x.line} "[^${x.id}]"`).join(', ');
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'markdown-footnote',
      message: `read ${n} footnote definition${n === 1 ? '' : 's'} as ${n === 1 ? 'a note' : 'notes'} of ${n === 1 ? 'its' : 'their'} own, without a speaker (not as words of the turn before): ${shown}${n > 3 ? `, … (${n} in all)` : ''}`,
      ...f,
      line: md.footnotes[0].line,
      actual: `[^${md.footnotes[0].id}]`,
      hint: 'a note without a speaker is not coded as a respondent\'s words; if a footnote is speech, write it in the turn',
    });
  }
  return out;
}

/**
 * What the transcript reader left out or did not read as a speaker, as diagnostics:
 * - `page-debris`: one per distinct pattern (page numbers; each running header's form)
 *   of the lines left out of every turn, with the count and the first lines (a warning
 *   when the lines start like a speaker label, as speech might; info otherwise);
 * - `unread-speaker-label`: one per label written like a speaker but seen once and not
 *   declared, read as part of the turn before (or as text without a speaker), with the line and the fix;
 * - `header-like-speaker`: one per speaker read from lines that look like a running header
 *   (`Bijlage 3: Transcript 12`, `Bijlage 3: Transcript 13`), with its lines, the text read as
 *   its turns, and the fix.
 */
export function readingDiagnostics(parsed: Pick<ParsedBlocks, 'leftOut' | 'unreadLabels' | 'headerSpeakers' | 'variantLabels' | 'turnHeads' | 'timeMarks' | 'gluedLabels' | 'tabbedTurns' | 'turnEnds'>, file?: string, kind: 'transcript' | 'observation' = 'transcript'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tt = parsed.tabbedTurns;
  if (tt) {
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'tab-in-turn-read',
      message: `${tt.count} line${tt.count === 1 ? ' starts' : 's start'} with a speaker's label and a tab, and ${tt.count === 1 ? 'holds' : 'hold'} another tab in ${tt.count === 1 ? 'its' : 'their'} words (the first: line ${tt.line} "${tt.text}"): read as that speaker's turn${tt.count === 1 ? '' : 's'}, the tabs kept in the text (such a line was taken for a table row, its words read into the turn before)`,
      ...(file ? { file } : {}),
      line: tt.line,
      actual: tt.text,
      hint: 'nothing to do if the label names who speaks there; if the line is a row of a table, put the table apart from the turns (a blank line and no speaker\'s name in its first column)',
    });
  }
  const gl = parsed.gluedLabels;
  if (gl?.count) {
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'label-inside-line',
      message: `${gl.count} speaker label${gl.count === 1 ? ' stands' : 's stand'} inside a line, after other words (the first: line ${gl.line} "${gl.text}"): the line is split there, the words before the label ending the turn before, the words after it starting that speaker's turn`,
      ...(file ? { file } : {}),
      line: gl.line,
      actual: gl.text,
      hint: 'nothing to do if a line break was lost there (a copy from a PDF or a thesis appendix); if the name and colon are part of what was said, write them otherwise (no colon after the name)',
    });
  }
  if (gl?.list) {
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'label-after-list-number',
      message: `${gl.list.count} line${gl.list.count === 1 ? ' starts' : 's start'} with a list number or dash before a speaker's label (the first: line ${gl.list.line} "${gl.list.text}"): read as that speaker's turn, the number or dash as the last word of the turn before`,
      ...(file ? { file } : {}),
      line: gl.list.line,
      actual: gl.list.text,
      hint: 'if the numbers count the questions or turns, keep them after the label (Respondent: 1. …) or take them out; the label itself is read',
    });
  }
  const tm = parsed.timeMarks;
  if (tm) {
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'time-marks-read',
      message: `${tm.count} time mark${tm.count === 1 ? '' : 's'} at the end of a turn (as f4transkript writes them; the first: line ${tm.line} "${tm.text}") ${tm.count === 1 ? 'is' : 'are'} read as the turn's time (the end; the start is the mark before it) and left out of its text`,
      ...(file ? { file } : {}),
      line: tm.line,
      actual: tm.text,
      hint: 'nothing to do; the times are in the segments (time_start, time_end); a mark inside a turn stays text',
    });
  }
  const th = parsed.turnHeads;
  if (th?.missed) {
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'turn-head-not-read',
      message: `${th.missed.count} line${th.missed.count === 1 ? '' : 's'} with a time stamp ${th.missed.count === 1 ? 'looks' : 'look'} like the turn heads of this file but ${th.missed.count === 1 ? 'is' : 'are'} not read as one (the first: line ${th.missed.line} "${th.missed.text}"): ${th.missed.count === 1 ? 'it and the words under it are' : 'they and the words under them are'} read as the turn before`,
      ...(file ? { file } : {}),
      line: th.missed.line,
      actual: th.missed.text,
      hint: 'write the line as the others are (the speaker\'s name, then the time stamp, nothing else), or put a label `Name: ` before the words',
    });
  }
  if (th) {
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'turn-heads-read',
      message: th.cued
        ? `read as a Teams transcript writes it: ${th.count} turns, each under a cue's timing line and a line with the speaker's name (the first: line ${th.line} "${th.text}"); the timing lines give the turns' times and are not text`
        : th.stamped
        ? `read as a transcription service writes it: ${th.count} lines hold only a speaker's name and a time stamp (the first: line ${th.line} "${th.text}"), each the head of that speaker's turn on the lines below it`
        : `read as turns headed by their speaker: ${th.count} lines after a blank line hold only a speaker's name (the first: line ${th.line} "${th.text}"), each the head of that speaker's turn on the lines below it`,
      ...(file ? { file } : {}),
      line: th.line,
      actual: th.text,
      hint: 'nothing to do if these lines name who speaks; check the speakers and roles with `qda segments FILE` (name the interviewer with --interviewer)',
    });
  }
  const groups = new Map<string, DebrisLine[]>();
  for (const d of parsed.leftOut) if (!d.turn) (groups.get(d.pattern) ?? groups.set(d.pattern, []).get(d.pattern)!).push(d);
  for (const d of parsed.leftOut) {
    if (!d.turn) continue;
    const q = /[\s"]/.test(d.turn.speaker) ? JSON.stringify(d.turn.speaker) : d.turn.speaker;
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'page-debris',
      message: `left out line ${d.line} "${d.text.length > 60 ? `${d.text.slice(0, 57)}...` : d.text}" as page debris (${d.pattern === 'page number' ? 'a lone page number' : `a running header or footer "${d.pattern}"`}), but it is all that the turn of ${q} (line ${d.turn.line}) holds: that turn is in no segment`,
      ...(file ? { file } : {}),
      line: d.line,
      actual: d.text,
      hint: `if it is ${q}'s answer, write it on the label line ("${d.turn.speaker}: ${d.text.length > 20 ? d.text.slice(0, 20) : d.text}"); if it is a page number, remove the empty label "${d.turn.speaker}:"`,
    });
  }
  for (const [pattern, ds] of groups) {
    if (pattern === HEADING_PATTERN) {
      const shown = ds.slice(0, 3).map((d) => `line ${d.line} "${d.text.length > 60 ? `${d.text.slice(0, 57)}...` : d.text}"`).join(', ');
      out.push({
        severity: 'info',
        source: 'ingest',
        ruleId: 'heading-left-out',
        message: `left out ${ds.length} markdown heading${ds.length === 1 ? '' : 's'} of the ${kind === 'observation' ? 'observation notes (structure, not what was observed)' : 'transcript (structure, not speech)'}: ${shown}${ds.length > 3 ? `, … (${ds.length} in all)` : ''}; ${ds.length === 1 ? 'it is' : 'they are'} in no segment${kind === 'observation' ? ' (a heading at the level of a description or interpretation heading, or above, ends that block)' : ''}`,
        ...(file ? { file } : {}),
        line: ds[0].line,
        actual: ds[0].text,
        hint: kind === 'observation' ? 'if a heading is an observation, remove its leading #; a heading named Beschrijving / Description or Interpretatie / Interpretation starts such a block' : 'if a heading is speech, remove its leading # (or write front matter `kind: document` to code headings as paragraphs)',
      });
      continue;
    }
    const page = pattern === 'page number';
    const labelled = ds.some((d) => labelAt(d.text) !== undefined);
    const shown = ds.slice(0, 3).map((d) => `line ${d.line} "${d.text.length > 60 ? `${d.text.slice(0, 57)}...` : d.text}"`).join(', ');
    out.push({
      severity: labelled ? 'warning' : 'info',
      source: 'ingest',
      ruleId: 'page-debris',
      message: `left out ${ds.length} line${ds.length === 1 ? '' : 's'} as page debris (${page ? 'a lone page number' : `a running header or footer "${pattern}"`}): ${shown}${ds.length > 3 ? `, … (${ds.length} in all)` : ''}; ${ds.length === 1 ? 'it is' : 'they are'} in no segment`,
      ...(file ? { file } : {}),
      line: ds[0].line,
      actual: ds[0].text,
      hint: labelled
        ? 'if these lines are speech, declare the speaker (front matter `kind: transcript` and `participants: [Name]`, or --interviewer) so that its lines are never taken for a header'
        : `if these lines are not ${page ? 'page numbers' : 'a page header or footer'} but text, put them on one line with the text around them (or remove the page breaks) before reading`,
    });
  }
  const unread = new Map<string, { speaker: string; lines: number[]; into: Set<'turn' | 'text'>; word: boolean }>();
  for (const u of parsed.unreadLabels) {
    const k = normaliseLabel(u.speaker);
    // (`Code: label` on a line of its own is the thesis form of a code marker, which the marker
    // reader reads as the coding of the passage before it: no speaker meant, nothing to say)
    if (u.word === true && (k === 'code' || k === 'codes')) continue;
    const g = unread.get(k) ?? unread.set(k, { speaker: u.speaker, lines: [], into: new Set(), word: u.word === true }).get(k)!;
    g.lines.push(u.line);
    g.into.add(u.into ?? 'turn');
  }
  for (const { speaker, lines, into, word } of unread.values()) {
    const q = /[\s"]/.test(speaker) ? JSON.stringify(speaker) : speaker;
    const read = into.has('text') ? (into.has('turn') ? 'part of the turn before it or as text without a speaker' : 'text without a speaker') : 'part of the turn before it';
    if (word) {
      out.push({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'unread-speaker-label',
        message: `"${speaker}:" at the start of line ${lines.join(', ')} is not read as a speaker (a word never read as a speaker label): the line is read as ${read}`,
        ...(file ? { file } : {}),
        line: lines[0],
        actual: speaker,
        hint: `if it is a note, nothing to do (or move it out of the turn); if someone speaks here, start the line with that speaker's label`,
      });
      continue;
    }
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'unread-speaker-label',
      message: `"${speaker}:" at the start of line ${lines.join(', ')} is not read as a speaker (a label seen once and not declared): the line is read as ${read}`,
      ...(file ? { file } : {}),
      line: lines[0],
      actual: speaker,
      hint: `if ${q} speaks here, declare the speaker: front matter \`kind: transcript\` and \`participants: [${speaker}]\` (or --interviewer ${q} for an interviewer), or write the label as elsewhere in the file; if it is not a speaker, ignore this`,
    });
  }
  // a speaker's label written otherwise, read as the speaker: one per form as written
  const variants = new Map<string, VariantLabel[]>();
  for (const v of parsed.variantLabels ?? []) (variants.get(v.written) ?? variants.set(v.written, []).get(v.written)!).push(v);
  for (const [written, vs] of variants) {
    const shown = JSON.stringify(`${written}:`);
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'label-variant-read',
      message: `${shown} at the start of line ${vs.map((v) => v.line).join(', ')} is read as the speaker "${vs[0].speaker}" (its label written ${vs[0].how})`,
      ...(file ? { file } : {}),
      line: vs[0].line,
      actual: written,
      hint: `nothing to do if ${JSON.stringify(vs[0].speaker)} speaks there; if it is not a speaker's turn, take out the colon after "${written.trim()}"; to silence this, write the label as "${vs[0].speaker}: " as elsewhere`,
    });
  }
  for (const h of parsed.headerSpeakers ?? []) {
    const q = /[\s"]/.test(h.speaker) ? JSON.stringify(h.speaker) : h.speaker;
    const shown = h.lines.slice(0, 3).map((l) => `line ${l.line} "${l.text.length > 60 ? `${l.text.slice(0, 57)}...` : l.text}"`).join(', ');
    const spill = h.spill.length
      ? `; the text after ${h.spill.length === 1 ? 'it' : 'them'} (from line ${h.spill.join(', ')}) is read as ${q}'s turn${h.spill.length === 1 ? '' : 's'}, not as the speaker's before`
      : '';
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'header-like-speaker',
      message: `"${h.speaker}:" is read as a speaker, but each of its ${h.lines.length} turns starts with a short line of one form with a changing number ("${h.pattern}"), as a running header has: ${shown}${h.lines.length > 3 ? `, … (${h.lines.length} in all)` : ''}${spill}`,
      ...(file ? { file } : {}),
      line: h.lines[0].line,
      actual: h.lines[0].text,
      hint: `if these lines are a page header, not speech, remove them from the transcript (or the colon after "${h.speaker}", so that they are read as a header and left out); if ${q} speaks, declare the speaker (front matter \`kind: transcript\` and \`participants: [${h.speaker}]\`) and this is not reported`,
    });
  }
  // (what ends a turn that is no label, and what stays in a turn that may not be speech: see TurnEnds)
  const te = parsed.turnEnds;
  const who = (sp: string) => (/[\s"]/.test(sp) ? JSON.stringify(sp) : sp);
  if (te?.endLines) {
    const e = te.endLines;
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'end-line-ends-turn',
      message: `line ${e.line} "${e.text}" says the interview or its transcript ends${e.count > 1 ? ` (and ${e.count - 1} more such line${e.count === 2 ? '' : 's'})` : ''}: it ends ${who(e.speaker)}'s turn, and it and the text after it up to the next speaker's label are read as text without a speaker, not as ${who(e.speaker)}'s words`,
      ...(file ? { file } : {}),
      line: e.line,
      actual: e.text,
      hint: `nothing to do if what follows is a note (field notes, a summary); if ${who(e.speaker)} said these words, start the text after it with the speaker's label`,
    });
  }
  if (te?.breakTags) {
    const b = te.breakTags;
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'html-line-breaks',
      message: `${b.count} HTML line break${b.count === 1 ? '' : 's'} (\`<br>\`) ${b.count === 1 ? 'stands' : 'stand'} in the text, the first at line ${b.line}: the reader ends a line at ${b.count === 1 ? 'it' : 'each'}, so that a speaker's label after ${b.count === 1 ? 'it' : 'one'} starts a turn; a tag inside a turn stays in its text`,
      ...(file ? { file } : {}),
      line: b.line,
      hint: 'nothing to do for qda; to make the file plain, replace each <br> by a line break and save it',
    });
  }
  if (te?.times) {
    const t = te.times;
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'time-lines-read',
      message: `${t.count} lines hold only a time stamp right above a speaker's label (the first: line ${t.line} "${t.text}"): each is read as the time of the turn below it, and is in no segment (not as the words of the turn before)`,
      ...(file ? { file } : {}),
      line: t.line,
      actual: t.text,
      hint: 'nothing to do; the times are in the segments (time_start); a time said in a turn, on a line of its own, stays text',
    });
  }
  if (te?.nameless) {
    const n = te.nameless;
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'label-without-name',
      message: `${n.count} line${n.count === 1 ? ' starts' : 's start'} with a colon and no speaker's name before it (${n.count === 1 ? '' : 'the first: '}line ${n.line} "${n.text}", after ${who(n.speaker)}'s turn): ${n.count === 1 ? 'it ends' : 'each ends'} that turn and is read as text without a speaker, not as ${who(n.speaker)}'s words`,
      ...(file ? { file } : {}),
      line: n.line,
      actual: n.text,
      hint: 'write the speaker\'s name before the colon (Respondent: …), so that the words are that speaker\'s turn',
    });
  }
  if (te?.empty) {
    const e = te.empty;
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'empty-turns',
      message: `${e.count} speaker label${e.count === 1 ? ' has' : 's have'} no words after ${e.count === 1 ? 'it' : 'them'} (${e.count === 1 ? '' : 'the first: '}line ${e.line} "${e.text}", ${who(e.speaker)}): no segment is made for ${e.count === 1 ? 'it' : 'them'}${!e.timed ? '' : e.count === 1 ? ', and its time stamp is in no segment' : `, and the time stamp${e.timed === 1 ? '' : 's'} on ${e.timed} of them ${e.timed === 1 ? 'is' : 'are'} in no segment`}`,
      ...(file ? { file } : {}),
      line: e.line,
      actual: e.text,
      hint: 'nothing to do if nothing was said there; if the words are on the line after the next label, or were left out, put them after the label',
    });
  }
  if (te?.headings) {
    const h = te.headings;
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'heading-ends-turn',
      message: `${h.count} heading${h.count === 1 ? '' : 's'} of the document (a paragraph in a heading style) ${h.count === 1 ? 'stands' : 'stand'} after a turn (${h.count === 1 ? '' : 'the first: '}line ${h.line} "${h.text}", after ${who(h.speaker)}'s turn): ${h.count === 1 ? 'it ends' : 'each ends'} that turn and is read as text without a speaker, not as the words of the speaker before`,
      ...(file ? { file } : {}),
      line: h.line,
      actual: h.text,
      hint: 'nothing to do if these are headings (a theme, a part of the interview); if someone said these words, give the paragraph the style of the text around it and start it with the speaker\'s label',
    });
  }
  if (te?.rules) {
    const r = te.rules;
    const after = r.after ? `; the text after ${r.count === 1 ? 'it' : 'the first'} up to the next speaker's label (from line ${r.after.line} "${r.after.text}") is read as text without a speaker, not as ${who(r.speaker)}'s words` : '';
    out.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'rule-ends-turn',
      message: `${r.count} rule line${r.count === 1 ? '' : 's'} ("${r.text}") ${r.count === 1 ? 'ends' : 'end'} the turn before ${r.count === 1 ? 'it' : 'them'} (${r.count === 1 ? '' : 'the first: '}line ${r.line}, after ${who(r.speaker)}'s turn) and ${r.count === 1 ? 'is' : 'are'} in no segment${after}`,
      ...(file ? { file } : {}),
      line: r.line,
      actual: r.text,
      hint: `nothing to do if the text after the rule is a note (field notes, a summary); if ${who(r.speaker)} goes on speaking there, remove the rule line, or start the text after it with the speaker's label`,
    });
  }
  if (te?.debris) {
    const d = te.debris;
    out.push({
      severity: d.header ? 'warning' : 'info',
      source: 'ingest',
      ruleId: 'page-debris-in-turn',
      message: `${d.count} line${d.count === 1 ? '' : 's'} inside a turn ${d.count === 1 ? 'looks' : 'look'} like page debris (${d.header ? 'a running header or footer, or a lone page number' : 'a lone number, as a page number is'}; ${d.count === 1 ? '' : 'the first: '}line ${d.line} "${d.text}", in ${who(d.speaker)}'s turn from line ${d.turnLine}): ${d.count === 1 ? 'it is' : 'they are'} read as the words of the speaker whose turn ${d.count === 1 ? 'it stands' : 'they stand'} in${d.header ? ', and coded as such' : ''}`,
      ...(file ? { file } : {}),
      line: d.line,
      actual: d.text,
      hint: 'if these are page numbers or a page header (a page break of a PDF, or a copy from one), delete those lines from the text (a .pdf: save its text as .txt and delete them there), so that the words around them are one turn; if the speaker said them, nothing to do',
    });
  }
  return out;
}
