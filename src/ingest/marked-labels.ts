import type { Diagnostic } from '../model/types.js';
import { isLabelShaped, NOT_SPEAKERS } from './parse-blocks.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatcher, normaliseLabel } from './roles.js';

/**
 * A transcript whose labels each stand after a list or quote mark (`- Interviewer: …` ⏎ `- Respondent:
 * …`, `> Anna: …` as a mail quotes it, `1. Interviewer: …`) was read as one document without
 * speakers (one generic warning): every answer was text of no one. Read as turns when the marks are
 * consistent: 2 to 8 names each start two lines or more, those lines are a third of the file's
 * written lines or more, the speaker changes from one such line to the next at least every other
 * time, and one of the names is a role (Interviewer, Respondent, I, R, …) or a declared speaker (a list
 * of `- Actie: …` ⏎ `- Besluit: …` in meeting notes is none). The reader is given the text with the marks before the labels (and a quote's `>` at the start
 * of every line) made spaces, every offset unchanged. Asked only when no label was read.
 */
export interface MarkedLabels {
  /** The text with the marks made spaces (same length). */
  readonly masked: string;
  /** The names, each with the number of lines it starts, its first (1-based) line and its form as first written (`- Interviewer:`). */
  readonly labels: ReadonlyArray<{ readonly name: string; readonly lines: number; readonly first: number; readonly written: string }>;
  /**
   * A quoted text's lines after a label line that start with the quote's `>` (a turn's further
   * lines): their count and the first's (1-based) line. The `>` stays in the turn's text (a
   * segment's text is the file's own, by its offsets), and is said.
   */
  readonly quoteMarks?: { readonly lines: number; readonly first: number };
}

/** A mark, spaces, a name of 1 to 4 words and a colon: `- Anna:`, `* Interviewer:`, `> R:`, `12. Kees de Vries:`. */
const MARKED = /^([ \t]*(?:>[ \t]*)*)([-*•+]|\d{1,3}[.)])?([ \t]*)(\p{Lu}[\p{L}\p{M}\p{N}.'’\-]*(?: [\p{L}\p{M}\p{N}.'’\-]+){0,3}?)[ \t]*:(?=[ \t]|$)/u;

export function markedLabels(text: string, knownSpeakers: readonly string[] = []): MarkedLabels | undefined {
  // (only a text with a mark at a line start before a capital is looked at further)
  if (!/^[ \t]*(?:>|[-*•+][ \t]|\d{1,3}[.)][ \t])[ \t>]*\p{Lu}/mu.test(text)) return undefined;
  const lines = text.split('\n');
  let written = 0;
  let quoted = 0;
  const seen = new Map<string, { name: string; lines: number[]; written: string }>();
  const found: Array<{ key: string; markEnd: number } | undefined> = [];
  const order: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (!l.trim() || /^[ \t>]*$/.test(l)) continue;
    written++;
    if (/^[ \t]*>/.test(l)) quoted++;
    const m = MARKED.exec(l);
    // (a mark before the name: a list's or a quote's; a label without one is the reader's own form)
    if (!m || (!m[2] && !m[1].includes('>'))) continue;
    const name = m[4];
    const key = normaliseLabel(name);
    if (!key || NOT_SPEAKERS.has(key) || !isLabelShaped(name)) continue;
    found[i] = { key, markEnd: m[1].length + (m[2]?.length ?? 0) + m[3].length };
    order.push(key);
    const s = seen.get(key);
    if (s) s.lines.push(i + 1);
    else seen.set(key, { name, lines: [i + 1], written: l.slice(0, m[0].length).trim() });
  }
  const accepted = new Map([...seen.entries()].filter(([, s]) => s.lines.length >= 2));
  const labelLines = [...accepted.values()].reduce((n, s) => n + s.lines.length, 0);
  if (accepted.size < 2 || accepted.size > 8 || labelLines < 4 || labelLines * 3 < written) return undefined;
  const isRole = labelMatcher([...DEFAULT_INTERVIEWERS, ...DEFAULT_RESPONDENT_LABELS, ...knownSpeakers]);
  if (![...accepted.values()].some((s) => isRole(s.name))) return undefined;
  const seq = order.filter((k) => accepted.has(k));
  let changes = 0;
  for (let k = 1; k < seq.length; k++) if (seq[k] !== seq[k - 1]) changes++;
  if (changes < 0.5 * (seq.length - 1)) return undefined;
  // (a quoted text: every line's `>` marks made spaces, so that a turn's further lines are its text)
  const quote = quoted * 2 >= written;
  let marks = 0;
  let firstMark = 0;
  let inTurn = false;
  const out = lines.map((l, i) => {
    const f = found[i];
    if (f && accepted.has(f.key)) {
      inTurn = true;
      return ' '.repeat(f.markEnd) + l.slice(f.markEnd);
    }
    if (quote) {
      const q = /^[ \t>]*/.exec(l)![0];
      // (a turn's further line with words after its `>`: the mark stays in the turn's text)
      if (inTurn && q.includes('>') && q.length < l.trimEnd().length && marks++ === 0) firstMark = i + 1;
      return q.includes('>') ? ' '.repeat(q.length) + l.slice(q.length) : l;
    }
    return l;
  });
  return {
    masked: out.join('\n'),
    labels: [...accepted.values()].map((s) => ({ name: s.name, lines: s.lines.length, first: s.lines[0], written: s.written })),
    ...(marks ? { quoteMarks: { lines: marks, first: firstMark } } : {}),
  };
}

/** The note that says how the file's labels were read. */
export function markedNote(m: MarkedLabels, file: string): Diagnostic {
  const shown = m.labels.map((l) => `"${l.written}" (${l.lines} lines)`).join(', ');
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'marked-labels-read',
    message:
      `read as a transcript: its speaker labels stand after a list or quote mark (${shown}); each such line starts that speaker's turn, the mark is no part of it` +
      (m.quoteMarks
        ? `; the quote's \`>\` at the start of ${m.quoteMarks.lines} further line${m.quoteMarks.lines === 1 ? '' : 's'} of turns (the first: line ${m.quoteMarks.first}) stays in ${m.quoteMarks.lines === 1 ? "its turn's" : "their turns'"} text as written (a segment's text is the file's own), and is no word`
        : ''),
    file,
    line: m.labels.reduce((n, l) => Math.min(n, l.first), Infinity),
    actual: m.labels[0].written,
    hint: 'nothing to do if these name who speaks; check the turns with `qda segments FILE` (add front matter `kind: document` to read the file as a document)',
  };
}
