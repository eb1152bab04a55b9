import type { Diagnostic } from '../model/types.js';
import { isLabelShaped, NOT_SPEAKERS } from './parse-blocks.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatcher, normaliseLabel } from './roles.js';

/**
 * A transcript labelled throughout with a full stop or a dash after the name instead of a colon
 * (`I. Hoe gaat het?` ⏎ `R. Goed.`; `Interviewer - Hoe gaat het?` ⏎ `Respondent – Goed.`) was read
 * as one document without speakers (one generic warning): every answer was text of no one. Read as
 * turns when the labels are consistent: 2 to 8 names each start two lines or more, those lines are
 * a third of the file's written lines or more, the speaker changes from one such line to the next
 * at least every other time, and (for the full stop) each name is a role label (`I`, `R`, `Int`,
 * `Interviewer`, a declared speaker) or a short code of capitals (`R1`), one of them the
 * interviewer's; names with a dash none of which is a role, on six lines or more. A sentence that
 * starts with `I. ` in prose, a list (`1. `, `a. `, options `A. ` ⏎ `B. `), Roman numerals of
 * headings (`I.`, `II.`) or a glossary (`Term - uitleg`) is none. The reader is given
 * the text with the full stop or the dash made a colon (and the spaces between kept), every offset
 * unchanged; the names are the file's. Asked only when no label was read (see textSource).
 */
export interface PunctLabels {
  /** The text with each such label's full stop or dash written as a colon (same length). */
  readonly masked: string;
  /** The names, each with the number of lines it starts, its first (1-based) line and its form as first written (`I.`, `Interviewer -`). */
  readonly labels: ReadonlyArray<{ readonly name: string; readonly lines: number; readonly first: number; readonly written: string }>;
}

/** `I. `, `R1. `, `Int. `: a name of letters and digits (no space), a full stop, then a space or the end. */
const DOT = /^[ \t]*(\p{Lu}[\p{L}\p{N}]{0,11})(\.)(?:[ \t]|$)/u;
/** `Interviewer - `, `Anna de Vries – `, `R — `: a name of 1 to 4 words, spaces, a dash, then a space or the end. */
const DASH = /^[ \t]*(\p{Lu}[\p{L}\p{M}\p{N}.'’\-()]*(?: [\p{L}\p{M}\p{N}.'’\-()]+){0,3}?)([ \t]+[-–—]|[ \t]*[–—])(?:[ \t]|$)/u;
/** A short code of capitals and digits (`R`, `R1`, `IV`, `P12`). */
const CODE = /^\p{Lu}{1,3}\d{0,2}$/u;
/** Roman numerals of headings: a file with one of these after `I.` counts sections, not turns. */
const ROMAN = new Set(['ii', 'iii', 'vi', 'vii', 'viii', 'ix', 'xi', 'xii']);

export function punctLabels(text: string, knownSpeakers: readonly string[] = []): PunctLabels | undefined {
  // (only a text with a full stop or a dash after a capital near a line start is looked at further)
  if (!/^[ \t]*\p{Lu}[^\n]{0,45}?(?:\.|[ \t][-–—]|–|—)(?:[ \t]|$)/mu.test(text)) return undefined;
  const isAsker = labelMatcher([...DEFAULT_INTERVIEWERS, ...knownSpeakers]);
  const isRole = labelMatcher([...DEFAULT_INTERVIEWERS, ...DEFAULT_RESPONDENT_LABELS, ...knownSpeakers]);
  const lines = text.split('\n');
  let written = 0;
  const seen = new Map<string, { name: string; lines: number[]; written: string; dot: boolean }>();
  const found: Array<{ key: string; nameEnd: number; sepEnd: number } | undefined> = [];
  const order: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (!l.trim()) continue;
    written++;
    const d = DOT.exec(l);
    const m = d ?? DASH.exec(l);
    if (!m) continue;
    const name = m[1];
    const key = normaliseLabel(name);
    if (!key || NOT_SPEAKERS.has(key)) continue;
    if (d ? !(isRole(name) || CODE.test(name)) : !isLabelShaped(name)) continue;
    const nameEnd = m[0].indexOf(name) + name.length;
    const sepEnd = nameEnd + m[2].length;
    found[i] = { key, nameEnd, sepEnd };
    order.push(key);
    const s = seen.get(key);
    if (s) s.lines.push(i + 1);
    else seen.set(key, { name, lines: [i + 1], written: l.slice(m[0].length - m[0].trimStart().length, sepEnd).trim(), dot: d !== null });
  }
  const accepted = new Map([...seen.entries()].filter(([, s]) => s.lines.length >= 2));
  const labelLines = [...accepted.values()].reduce((n, s) => n + s.lines.length, 0);
  if (accepted.size < 2 || accepted.size > 8 || labelLines < 4 || labelLines * 3 < written) return undefined;
  if ([...seen.keys()].some((k) => ROMAN.has(k))) return undefined;
  // (a name with a full stop only beside an interviewer's, and every one a role or a code: `A. Ja` ⏎ `B. Nee` are a list's options)
  const names = [...accepted.values()];
  if (names.some((s) => s.dot) && !names.some((s) => isAsker(s.name))) return undefined;
  // (names with a dash none of which is a role or a declared speaker, `Anna - …` ⏎ `Kees - …`: six lines or more, as a glossary's recurring terms seldom are)
  if (!names.some((s) => isRole(s.name)) && labelLines < 6) return undefined;
  // (speakers take turns: the name changes at least every other label line)
  const seq = order.filter((k) => accepted.has(k));
  let changes = 0;
  for (let k = 1; k < seq.length; k++) if (seq[k] !== seq[k - 1]) changes++;
  if (changes < 0.5 * (seq.length - 1)) return undefined;
  const out = lines.slice();
  for (let i = 0; i < lines.length; i++) {
    const f = found[i];
    if (!f || !accepted.has(f.key)) continue;
    const l = lines[i];
    // (the full stop or the dash a colon right after the name, the spaces and dash between made spaces)
    out[i] = l.slice(0, f.nameEnd) + ':' + ' '.repeat(f.sepEnd - f.nameEnd - 1) + l.slice(f.sepEnd);
  }
  return {
    masked: out.join('\n'),
    labels: names.map((s) => ({ name: s.name, lines: s.lines.length, first: s.lines[0], written: s.written })),
  };
}

/** The note that says how the file's labels were read. */
export function punctNote(p: PunctLabels, file: string): Diagnostic {
  const shown = p.labels.map((l) => `"${l.written}" (${l.lines} lines)`).join(', ');
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'punctuated-labels-read',
    message: `read as a transcript: its lines start with the same ${p.labels.length} speaker labels written with a full stop or a dash after the name instead of a colon: ${shown}; a line starting otherwise is text of the turn before it`,
    file,
    line: p.labels.reduce((m, l) => Math.min(m, l.first), Infinity),
    actual: p.labels[0].written,
    hint: 'nothing to do if these name who speaks; check the turns with `qda segments FILE`, and name the interviewer with --interviewer if it is not found (add front matter `kind: document` to read the file as a document)',
  };
}
