import type { TimeSpan } from '../model/types.js';
import { cpLength } from '../model/codepoints.js';
import type { Block } from './parse-blocks.js';
import { pushAll } from '../model/arrays.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatches, normaliseLabel } from './roles.js';
import { isAnnotation, isLabelShaped } from './parse-blocks.js';

export interface Cue {
  readonly id?: string;
  /** Seconds. */
  readonly start: number;
  readonly end: number;
  readonly speaker: string | null;
  readonly text: string;
  /** 1-based line of the timestamp line in the file. */
  readonly line: number;
}

/** One side of a timing line, read tolerantly: `h:mm:ss.fff`, `mm:ss,fff`, without a fraction, any number of fraction digits, `:` before the fraction. */
const TIME_SIDE = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,:](\d+))?$/;
/** The strict form (WebVTT `.`, SRT `,`, three digits). */
const TIME_STRICT = /^(?:\d+:)?\d{2}:\d{2}[.,]\d{3}$/;

/** Seconds of one side, or undefined when it cannot be read. */
function seconds(side: string): number | undefined {
  const m = TIME_SIDE.exec(side);
  if (!m) return undefined;
  const sec = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return Math.round((sec + Number(`0.${m[4] ?? '0'}`)) * 1000) / 1000;
}

/** A voice span's opening tag (`<v Anna>`, `<v.loud Bram>`). */
const VOICE = /<v(?:\.[^\s>]+)*\s+([^>]+)>/g;

/**
 * Markup to strip from cue text: a tag of WebVTT or SRT (`<i>`, `</v>`, `<c.yellow>`, `<font
 * color="red">`, `<lang nl>`, `<ruby>`, and the HTML ones exports write: `<span>`, `<em>`, `<br/>`),
 * a time stamp (`<00:00:01.000>`), or an SRT override code of the ASS kind (`{\an8}`, `{\i1}`: a
 * position or style, never words; it hid the `Name:` after it). A `<` that opens no such tag is
 * text (`3 < 5 en 7 > 6`, `ik zei <nee>`, `<Bram>` in an SRT file, which has no escapes: the words
 * between were stripped).
 */
const TAG = /<\/?(?:b|i|u|s|c|v|lang|ruby|rt|font|span|em|strong|br|sub|sup|p|div)(?:[.\s][^<>]*)?\/?>|<(?:\d+:)?\d{2}:\d{2}[.,]\d{3}>|\{\\[^{}\n]{0,80}\}/gi;

/** A cue number on a line of its own: an SRT number, a Teams `GUID/12-0` (a word such as "Ja." is text). */
const isCueNumber = (l: string) => /^\s*(?:\d+|[0-9a-f]{8}-[0-9a-f-]{4,}(?:\/\d+-\d+)?)\s*$/i.test(l);

/** A timing line: any line with `-->` (the separator of both formats). */
const isTiming = (l: string) => l.includes('-->');

/** A cue identifier on its own line: an SRT number, a Teams `GUID/12-0`, a WebVTT id (one word); a line with spaces is text. */
const looksLikeId = (l: string) => /^\s*\S{1,64}\s*$/.test(l);

/** Something the reader repaired or could not read, with the 1-based line of the file. */
export interface SubtitleWarning {
  readonly line: number;
  readonly ruleId: 'subtitle-timing' | 'subtitle-no-timing' | 'subtitle-no-blank-line' | 'unread-speaker-label' | 'subtitle-note' | 'subtitle-style-after-cues' | 'subtitle-two-speakers' | 'label-variant-read';
  readonly message: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '', rlm: '' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * Parse WebVTT or SRT text (BOM and CRLF tolerated): cues with times, the
 * speaker from `<v Name>` or a leading `Name:`, tags stripped and the basic
 * entities decoded. Cue ids (numbers, Teams `GUID/12-0`) are kept; NOTE,
 * STYLE and REGION blocks and the WEBVTT header are skipped (a NOTE, and a STYLE or REGION
 * block after a cue, said).
 *
 * Tolerant, and never silent about it (`warn`, with the line): a sloppy timing
 * line (`00:00:06 --> 00:00:09.000`, `00:00:05.1000`, `0:5,1`) is read; a side
 * that cannot be read takes the time of the cue before; two cues without a
 * blank line between them are split at the second timing line; text without
 * a timing line (after a blank line inside a cue) joins the cue before it. No
 * text is dropped.
 */
export function parseSubtitles(raw: string, warn: (w: SubtitleWarning) => void = () => {}): Cue[] {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const cues: Cue[] = [];
  /** Cues whose text starts like `Name: …` (index → the label and the text after it): a speaker only when the file says so (see below). */
  const labelled = new Map<number, { name: string; rest: string; dash?: boolean; bracket?: boolean }>();
  /** Cues split off a cue of several labelled lines (see flush): the index of that cue's first. */
  const splitFrom = new Map<number, number>();
  /** Cues of two dialogue lines or more (`- Ja.` ⏎ `- Nee.`) without a label: their index and words. */
  const unnamedDialogue: Array<{ k: number; words: string }> = [];
  /** Names of `<v Name>` voices. */
  const voiceNames = new Set<string>();
  /** Text lines that belong to the last cue (added to it when its body is made). */
  let pending: { id?: string; timing: string; line: number; body: string[] } | undefined;
  let lastEnd = 0;
  const flush = () => {
    if (!pending) return;
    const p = pending;
    pending = undefined;
    const [left, right = ''] = p.timing.split('-->');
    const startText = left.trim();
    const endText = right.trim().split(/\s+/)[0] ?? '';
    let start = seconds(startText);
    let end = seconds(endText);
    if (start === undefined || end === undefined) {
      warn({ line: p.line, ruleId: 'subtitle-timing', message: `the timing line "${p.timing.trim().slice(0, 60)}" cannot be read${start === undefined && end === undefined ? '' : ` (its ${start === undefined ? 'start' : 'end'})`}; the cue is kept with the time of the cue before` });
      start ??= end ?? lastEnd;
      end ??= start;
    } else if (!TIME_STRICT.test(startText) || !TIME_STRICT.test(endText)) {
      warn({ line: p.line, ruleId: 'subtitle-timing', message: `sloppy timing line "${p.timing.trim().slice(0, 60)}" read as ${fmt(start)} --> ${fmt(end)}` });
    }
    lastEnd = end;
    // the voices of the cue: a cue may hold several (<v Anna>Ja.</v> <v Bram>Nee.</v>): each voice's
    // words are a cue of their own (same times), never the first voice's
    const voices: Array<{ speaker: string | null; parts: string[] }> = [];
    let cur: { speaker: string | null; parts: string[] } | undefined;
    for (const l of p.body) {
      VOICE.lastIndex = 0;
      let at = 0;
      const pieces: Array<{ speaker?: string; text: string }> = [];
      for (let v = VOICE.exec(l); v; v = VOICE.exec(l)) {
        pieces.push({ text: l.slice(at, v.index) });
        pieces.push({ speaker: decodeEntities(v[1].trim()), text: '' });
        at = v.index + v[0].length;
      }
      pieces.push({ text: l.slice(at) });
      for (const piece of pieces) {
        if (piece.speaker !== undefined && (!cur || cur.speaker !== piece.speaker)) {
          if (cur && cur.speaker === null && !cur.parts.length) cur.speaker = piece.speaker;
          else voices.push((cur = { speaker: piece.speaker, parts: [] }));
        }
        const clean = decodeEntities(piece.text.replace(TAG, '')).trim();
        if (!clean) continue;
        if (!cur) voices.push((cur = { speaker: null, parts: [] }));
        cur.parts.push(clean);
      }
    }
    if (!voices.length) voices.push({ speaker: null, parts: [] });
    // a cue of lines that each start with a label (`Bram: Goed.` ⏎ `Anna: Echt?`, dash lines `- Anna: Ja.`
    // too, as subtitles write a dialogue): one cue per labelled line (same times), so that each line
    // goes to its speaker; a line whose label is not read as a speaker goes back into the cue's line
    // before it (below), as it was read before
    if (voices.length === 1 && voices[0].speaker === null && p.body.length > 1) {
      const groups: string[][] = [];
      let labelledLines = 0;
      for (const part of voices[0].parts) {
        const l = lineLabel(part);
        if (l) labelledLines++;
        if (l || !groups.length) groups.push([part]);
        else groups[groups.length - 1].push(part);
      }
      if (labelledLines >= 2) {
        const first = cues.length;
        for (let g = 0; g < groups.length; g++) {
          const body = groups[g].join(' ');
          const l = lineLabel(body);
          if (l) labelled.set(cues.length, { name: l.name, rest: body.slice(l.end), ...(l.dash ? { dash: true } : {}) });
          if (g > 0) splitFrom.set(cues.length, first);
          cues.push({ ...(p.id ? { id: p.id } : {}), start, end, speaker: null, text: body, line: p.line });
        }
        return;
      }
    }
    for (const voice of voices) {
      const speaker = voice.speaker;
      const body = voice.parts.join(' ');
      if (speaker !== null) voiceNames.add(normaliseLabel(speaker));
      if (speaker === null && voices.length === 1) {
        // (`- Anna: Ja.` as the one dash line of the cue: a subtitle dialogue line of one speaker, Anna's;
        // a cue of two dash lines is two speakers, said above)
        const dashes = p.body.filter((l) => /^\s*[-–—]/.test(l.replace(TAG, ''))).length;
        const dashed = dashes === 1;
        // (two dash lines or more: the lines of two speakers or more, their names not written)
        if (dashes >= 2) unnamedDialogue.push({ k: cues.length, words: body });
        const n = (dashed ? /^(?:[-–—][ \t]*)?([\p{Lu}][\p{L}\p{M}\p{N} .'’\-()]{0,39}?)\s*:\s+/u : /^([\p{Lu}][\p{L}\p{M}\p{N} .'’\-()]{0,39}?)\s*:\s+/u).exec(body);
        if (n && n[1].trim().split(/\s+/).length <= 4) labelled.set(cues.length, { name: n[1].trim(), rest: body.slice(n[0].length) });
        else {
          // (`[Interviewer] Waarom?`, a name in brackets before the words: read as the speaker below only
          // when the file names that speaker otherwise, it is a role, or it starts two cues or more; a
          // sound in brackets, `[Muziek]`, `[DEUR SLAAT]`, is none)
          const b = BRACKET_NAME.exec(body);
          if (b && b[1].trim().split(/\s+/).length <= 4 && !isAnnotation(b[1])) labelled.set(cues.length, { name: b[1].trim(), rest: body.slice(b[0].length), bracket: true });
        }
      }
      if (voices.length > 1 && !body) continue;
      cues.push({ ...(p.id ? { id: p.id } : {}), start, end, speaker, text: body, line: p.line });
    }
  };
  /** WebVTT NOTE blocks: comments of the file, not speech; left out and said (with the first words). */
  const notes: Array<{ line: number; words: string }> = [];
  /** STYLE and REGION blocks after a cue (WebVTT reads them only before the first): left out, and said. */
  const styles: Array<{ line: number; words: string }> = [];
  let i = 0;
  let first = true;
  while (i < lines.length) {
    // gather a block of non-blank lines
    while (i < lines.length && lines[i].trim() === '') i++;
    const blockStart = i;
    while (i < lines.length && lines[i].trim() !== '') i++;
    const block = lines.slice(blockStart, i);
    if (block.length === 0) continue;
    const isFirst = first;
    first = false;
    const timings = block.map((l, k) => (isTiming(l) ? k : -1)).filter((k) => k >= 0);
    const head = block[0].trim();
    if (timings.length === 0) {
      // the header, comments and styles; a lone cue number; else text that lost its timing line
      if (/^NOTE\b/.test(head) && !(isFirst && /^WEBVTT\b/.test(head))) {
        notes.push({ line: blockStart + 1, words: block.join(' ').replace(/^\s*NOTE\b\s*/, '').trim() });
        continue;
      }
      if (isFirst && /^WEBVTT\b/.test(head)) continue;
      if (/^(STYLE|REGION)\b/.test(head)) {
        // (before the first cue, where WebVTT puts them: styles; after a cue, a block WebVTT ignores: left out, and said)
        if (pending || cues.length) styles.push({ line: blockStart + 1, words: block.join(' ').trim() });
        continue;
      }
      if (block.length === 1 && looksLikeId(head) && isCueNumber(head)) {
        warn({ line: blockStart + 1, ruleId: 'subtitle-no-timing', message: `the cue number "${head}" has no timing line and no text; ignored` });
        continue;
      }
      if (pending) {
        warn({ line: blockStart + 1, ruleId: 'subtitle-no-timing', message: `${block.length} line${block.length === 1 ? '' : 's'} of text without a timing line (a blank line inside a cue?): added to the cue of line ${pending.line}` });
        pushAll(pending.body, block);
      } else {
        warn({ line: blockStart + 1, ruleId: 'subtitle-no-timing', message: `${block.length} line${block.length === 1 ? '' : 's'} of text before the first timing line: kept as a cue at 00:00:00.000` });
        pending = { timing: '00:00:00.000 --> 00:00:00.000', line: blockStart + 1, body: block };
      }
      continue;
    }
    // lines before the first timing line: an id (one line), the WEBVTT header (cue right after it),
    // or text that belongs to the cue before
    let from = 0;
    const t0 = timings[0];
    if (isFirst && /^WEBVTT\b/.test(head)) {
      from = t0 > 1 && looksLikeId(block[t0 - 1]) ? t0 - 1 : t0;
    } else if (t0 > 1 || (t0 === 1 && !looksLikeId(block[0]))) {
      const lead = looksLikeId(block[t0 - 1]) ? t0 - 1 : t0;
      if (lead > 0) {
        const orphan = block.slice(0, lead);
        if (pending) pushAll(pending.body, orphan);
        else pending = { timing: '00:00:00.000 --> 00:00:00.000', line: blockStart + 1, body: orphan };
        warn({ line: blockStart + 1, ruleId: 'subtitle-no-timing', message: `${orphan.length} line${orphan.length === 1 ? '' : 's'} of text without a timing line before the cue of line ${blockStart + t0 + 1}: added to the cue before` });
      }
      from = lead;
    }
    for (let n = 0; n < timings.length; n++) {
      const t = timings[n];
      const next = n + 1 < timings.length ? timings[n + 1] : block.length;
      // with no blank line before the next timing line, the line just before it may be its id
      const bodyEnd = next < block.length && next - 1 > t && looksLikeId(block[next - 1]) ? next - 1 : next;
      if (n > 0) warn({ line: blockStart + t + 1, ruleId: 'subtitle-no-blank-line', message: 'no blank line before this cue; read as a new cue' });
      const idLine = n === 0 ? (t > from ? block[from] : undefined) : timings[n - 1] < t - 1 && looksLikeId(block[t - 1]) ? block[t - 1] : undefined;
      flush();
      pending = { ...(idLine !== undefined ? { id: idLine.trim() } : {}), timing: block[t], line: blockStart + t + 1, body: block.slice(t + 1, bodyEnd) };
    }
  }
  flush();
  const said = notes.filter((n) => n.words !== '');
  if (said.length) {
    const firstWords = said[0].words.split(/\s+/).slice(0, 8).join(' ');
    warn({ line: said[0].line, ruleId: 'subtitle-note', message: `${said.length} NOTE block${said.length === 1 ? ' is a comment' : 's are comments'} of the file, not speech, and ${said.length === 1 ? 'is' : 'are'} left out (lines ${said.map((n) => n.line).join(', ')}; first: "${firstWords}")` });
  }
  if (styles.length) {
    const firstWords = styles[0].words.split(/\s+/).slice(0, 8).join(' ');
    warn({ line: styles[0].line, ruleId: 'subtitle-style-after-cues', message: `${styles.length} STYLE or REGION block${styles.length === 1 ? ' stands' : 's stand'} after a cue, where WebVTT does not read ${styles.length === 1 ? 'it' : 'them'}: left out (line${styles.length === 1 ? '' : 's'} ${styles.map((n) => n.line).join(', ')}; first: "${firstWords}")` });
  }
  // A leading `Name:` is a speaker when the file says so: every cue without a voice starts with a
  // label (a Zoom or Otter export), or the label starts two or more cues, names a `<v Name>` voice,
  // or is a conventional label (Interviewer, Respondent, I, R, …). Seen once in a file whose other
  // cues have no label, it is most often the text's own colon (`Kortom: samen sterk.`, `Maar goed:
  // het werkt.`): the cue keeps it as text, and the reader says so with the line and the fix.
  const seen = new Map<string, number>();
  /** Names written `Name:` (not in brackets). */
  const colonNames = new Set<string>();
  for (const { name, bracket } of labelled.values()) {
    seen.set(normaliseLabel(name), (seen.get(normaliseLabel(name)) ?? 0) + 1);
    if (!bracket) colonNames.add(normaliseLabel(name));
  }
  // (a line split off a cue (see flush) does not make every cue labelled, nor is its label read for that alone)
  const everyCueLabelled = cues.every((c, k) => c.speaker !== null || !c.text || (labelled.has(k) && !labelled.get(k)!.bracket) || splitFrom.has(k));
  for (const [k, { name, rest, bracket }] of labelled) {
    const key = normaliseLabel(name);
    if (bracket) {
      // (in brackets: a role, a voice or a `Name:` of the file, or a name (not in capitals only) of two cues or more)
      if (voiceNames.has(key) || colonNames.has(key) || labelMatches(name, DEFAULT_INTERVIEWERS) || labelMatches(name, DEFAULT_RESPONDENT_LABELS) || ((seen.get(key) ?? 0) >= 2 && /\p{Ll}/u.test(name) && isLabelShaped(name))) {
        cues[k] = { ...cues[k], speaker: name, text: rest };
      }
      continue;
    }
    if ((everyCueLabelled && !splitFrom.has(k)) || (seen.get(key) ?? 0) >= 2 || voiceNames.has(key) || labelMatches(name, DEFAULT_INTERVIEWERS) || labelMatches(name, DEFAULT_RESPONDENT_LABELS)) {
      cues[k] = { ...cues[k], speaker: name, text: rest };
    } else {
      warn({ line: cues[k].line, ruleId: 'unread-speaker-label', message: splitFrom.has(k) ? `"${name}:" starts a line of this cue and no other cue, so it is read as text of the line before it, not as a speaker` : `"${name}:" starts only this cue, so it is read as the cue's text, not as a speaker` });
    }
  }
  oneSpellingPerSpeaker(cues, warn);
  // (said before the return below: in a file whose speakers are voices or one-line labels, no cue
  // split at its labels, such a cue was not said)
  // cues of dialogue lines without names (`- Ja.` ⏎ `- Nee.`) in a file whose other cues name their
  // speakers: one turn without a speaker, its speakers' words together (in a file without names, as all its turns)
  const dialogue = unnamedDialogue.filter((d) => cues[d.k].speaker === null);
  if (dialogue.length && cues.some((c) => c.speaker !== null)) {
    const n = dialogue.length;
    const w = dialogue[0].words;
    warn({
      line: cues[dialogue[0].k].line,
      ruleId: 'subtitle-two-speakers',
      message: `${n} cue${n === 1 ? ' holds' : 's hold'} the dialogue lines of two speakers or more without their names (the first: "${w.length > 60 ? w.slice(0, 60) + '…' : w}"): ${n === 1 ? 'it is' : 'each is'} read as one turn without a speaker, their words together`,
    });
  }
  if (!splitFrom.size) return cues;
  // a line split off a cue whose label is not read as a speaker goes back into the line before it
  // (that cue's, with its speaker); a cue left with the dash lines of two or more speakers is said
  const out: Cue[] = [];
  const dashNames: Array<Set<string>> = [];
  for (let k = 0; k < cues.length; k++) {
    const c = cues[k];
    const l = labelled.get(k);
    const dash = l?.dash ? l.name : undefined;
    if (splitFrom.has(k) && c.speaker === null) {
      const prev = out[out.length - 1];
      out[out.length - 1] = { ...prev, text: prev.text ? `${prev.text} ${c.text}` : c.text };
      if (dash !== undefined) dashNames[out.length - 1].add(dash);
      continue;
    }
    out.push(c);
    dashNames.push(new Set(dash !== undefined ? [dash] : []));
  }
  for (let k = 0; k < out.length; k++) {
    const names = dashNames[k];
    if (names.size < 2) continue;
    const sp = out[k].speaker;
    warn({ line: out[k].line, ruleId: 'subtitle-two-speakers', message: `this cue holds the lines of ${names.size} speakers (${[...names].map((n) => `"- ${n}:"`).join(', ')}): it is read as one turn ${sp === null ? 'without a speaker' : `of ${sp}`}, their words together` });
  }
  return out;
}

/** `[Name]` at the start of a cue's words, a colon after it or not: the name (capital first, no bracket inside). */
const BRACKET_NAME = /^\[([\p{Lu}][^\[\]\n]{0,39})\][ \t]*:?[ \t]*/u;

/**
 * A speaker written in other capitals or spacing in some cues (`RESPONDENT:` beside `Respondent:`,
 * `<v anna>` beside `<v Anna>`) is the speaker as first written (it was a speaker of its own: one
 * person counted as two), said once per form with the cues' lines (`label-variant-read`, as the
 * transcript reader has it). In place.
 */
function oneSpellingPerSpeaker(cues: Cue[], warn: (w: SubtitleWarning) => void): void {
  const first = new Map<string, string>();
  const variants = new Map<string, { speaker: string; lines: number[] }>();
  for (let k = 0; k < cues.length; k++) {
    const sp = cues[k].speaker;
    if (sp === null) continue;
    const key = normaliseLabel(sp);
    const f = first.get(key);
    if (f === undefined) first.set(key, sp);
    else if (f !== sp) {
      const v = variants.get(sp) ?? variants.set(sp, { speaker: f, lines: [] }).get(sp)!;
      v.lines.push(cues[k].line);
      cues[k] = { ...cues[k], speaker: f };
    }
  }
  for (const [written, v] of variants) {
    const how = written.toLowerCase() === v.speaker.toLowerCase() ? 'in other capitals' : 'otherwise';
    warn({ line: v.lines[0], ruleId: 'label-variant-read', message: `"${written}" in the cue${v.lines.length === 1 ? '' : 's'} of line ${v.lines.slice(0, 6).join(', ')}${v.lines.length > 6 ? ', …' : ''} is read as the speaker "${v.speaker}" (its name written ${how})` });
  }
}

/**
 * A speaker label at the start of a cue's line: `Name: …` or a subtitle dialogue line `- Name: …`
 * (a capital, at most 40 characters and 4 words before the colon); its name and where the text
 * after it starts.
 */
function lineLabel(line: string): { name: string; end: number; dash: boolean } | undefined {
  const m = /^([-–—][ \t]*)?([\p{Lu}][\p{L}\p{M}\p{N} .'’\-()]{0,39}?)\s*:\s+/u.exec(line);
  if (!m || m[2].trim().split(/\s+/).length > 4) return undefined;
  return { name: m[2].trim(), end: m[0].length, dash: m[1] !== undefined };
}

function fmt(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec - h * 3600 - m * 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(h)}:${p(m)}:${s.toFixed(3).padStart(6, '0')}`;
}

/**
 * The readable transcript derived from cues, which becomes Source.text of a
 * subtitle file: consecutive cues of one speaker merge into one turn, written
 * as a line `Name: text` (or `text` without a speaker), turns separated by a
 * blank line, LF newlines. Blocks index that derived text; time = first cue
 * start .. last cue end.
 */
export function subtitlesToTranscript(cues: readonly Cue[]): { text: string; blocks: Block[] } {
  interface Turn {
    speaker: string | null;
    texts: string[];
    time: TimeSpan;
  }
  const turns: Turn[] = [];
  for (const c of cues) {
    if (!c.text) continue;
    const last = turns[turns.length - 1];
    if (last && c.speaker !== null && last.speaker === c.speaker) {
      last.texts.push(c.text);
      last.time = { start: last.time.start, end: c.end };
    } else turns.push({ speaker: c.speaker, texts: [c.text], time: { start: c.start, end: c.end } });
  }
  let text = '';
  let cp = 0;
  const blocks: Block[] = [];
  for (const t of turns) {
    if (text) {
      text += '\n\n';
      cp += 2;
    }
    const prefix = t.speaker !== null ? `${t.speaker}: ` : '';
    const body = t.texts.join(' ');
    const start = cp + cpLength(prefix);
    const end = start + cpLength(body);
    text += prefix + body;
    cp = end;
    blocks.push({ start, end, speaker: t.speaker, time: t.time });
  }
  return { text, blocks };
}
