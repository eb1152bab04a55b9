import type { Diagnostic } from '../model/types.js';
import { isLabelShaped, NOT_SPEAKERS, type ParsedBlocks } from './parse-blocks.js';
import { normaliseLabel } from './roles.js';

/**
 * A transcript labelled throughout in a form the reader takes for no label: in lower case
 * (`interviewer: …`, `respondent: …`) or in a script without capitals (Arabic, Chinese names before a
 * colon, `：` too), or capitalised before a full-width colon (`Interviewer： …`, as a Chinese or
 * Japanese keyboard writes it). Such a file was read as a document (one generic warning). Read as turns when the
 * labels are consistent: the same few names (2 to 8) each start two lines or more, and those lines
 * are a third of the file's lines or more; every other line is text of the turn before it. The
 * reader is given the text with each such label written as one it reads (the name capitalised,
 * or a stand-in of capitals of the same length), every offset unchanged; its speakers are then
 * given back their names as written.
 */
export interface CaselessLabels {
  /** The text with each label written as one the reader reads (same length in code points). */
  readonly masked: string;
  /** The speaker the reader reads → the name as written in the file. */
  readonly names: ReadonlyMap<string, string>;
  /** The names, each with the number of lines it starts and its first (1-based) line. */
  readonly labels: ReadonlyArray<{ readonly name: string; readonly lines: number; readonly first: number }>;
  /** Lower case (`lower`), a script without capitals (`caseless`), capitals before a full-width colon (`wide`): those found. */
  readonly how: ReadonlyArray<'lower' | 'caseless' | 'wide'>;
}

/** A line that starts with a name of 1–3 words (≤ 20 characters) without a capital first, and a colon (or with one, and a full-width colon). */
const LINE = /^([\p{Ll}\p{Lo}\p{Lu}][\p{L}\p{M}\p{N}.'’\-]*(?: [\p{L}\p{M}\p{N}.'’\-]+){0,2}?)[ \u00a0]*([:：])([ \t\u00a0]|$)?/u;

export function caselessLabels(text: string): CaselessLabels | undefined {
  if (!text.includes(':') && !text.includes('：')) return undefined;
  const lines = text.split('\n');
  const seen = new Map<string, { name: string; lines: number[] }>();
  let nonBlank = 0;
  const found: Array<{ line: number; name: string; key: string; colon: number; spaced: boolean } | undefined> = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, '');
    if (l.trim()) nonBlank++;
    const m = LINE.exec(l);
    if (!m || [...m[1]].length > 20) continue;
    const name = m[1];
    const key = normaliseLabel(name);
    if (!key || NOT_SPEAKERS.has(key) || /^(?:https?|mailto|codes?)$/i.test(name)) continue;
    // (a colon must have a space or the end after it, but for a full-width one, as Chinese writes it)
    if (m[3] === undefined && m[2] === ':') continue;
    // (a capital first: only before a full-width colon; before `:` the reader reads it itself)
    if (m[2] === ':' && /^\p{Lu}/u.test(name)) continue;
    found[i] = { line: i + 1, name, key, colon: m[0].length - (m[3] ?? '').length - 1, spaced: m[3] !== undefined };
    const s = seen.get(key);
    if (s) s.lines.push(i + 1);
    else seen.set(key, { name, lines: [i + 1] });
  }
  const accepted = [...seen.entries()].filter(([, s]) => s.lines.length >= 2);
  const labelLines = accepted.reduce((n, [, s]) => n + s.lines.length, 0);
  if (accepted.length < 2 || accepted.length > 8 || labelLines < 4 || labelLines * 3 < nonBlank) return undefined;
  // each label's index (for its stand-ins) and, for one in lower case, its name capitalised when that is read as a label
  const index = new Map<string, number>();
  const capital = new Map<string, string>();
  const names = new Map<string, string>();
  const how = new Set<'lower' | 'caseless' | 'wide'>();
  for (const [key, s] of accepted) {
    index.set(key, index.size);
    const cps = [...s.name];
    const cap = cps[0].toUpperCase() + cps.slice(1).join('');
    how.add(/^\p{Ll}/u.test(s.name) ? 'lower' : /^\p{Lu}/u.test(s.name) ? 'wide' : 'caseless');
    // (a capitalised name is its own: `Interviewer：` read as `Interviewer:`)
    if (/^\p{Lu}/u.test(s.name) && isLabelShaped(s.name) && !names.has(s.name)) {
      capital.set(key, s.name);
      names.set(s.name, s.name);
      continue;
    }
    if (/^\p{Ll}/u.test(s.name) && [...cap].length === cps.length && isLabelShaped(cap) && !names.has(cap)) {
      capital.set(key, cap);
      names.set(cap, s.name);
    }
  }
  /** A stand-in of `len` code points for label `k`, read as a label and no role: X, Y, …; Xa, Xbxx. */
  const standIn = (key: string, len: number) => {
    const k = index.get(key)!;
    const id = len === 1 ? 'XYZKLMNW'[k] : `X${String.fromCharCode(97 + k)}${'x'.repeat(len - 2)}`;
    names.set(id, seen.get(key)!.name);
    return id;
  };
  const out = lines.slice();
  for (let i = 0; i < lines.length; i++) {
    const f = found[i];
    if (!f || !index.has(f.key)) continue;
    const rest = lines[i].slice(f.colon + 1);
    const width = [...lines[i].slice(0, f.colon)].length;
    if (f.spaced) {
      const cap = capital.get(f.key);
      out[i] = (cap && [...cap].length === width ? cap : standIn(f.key, width)) + ':' + rest;
    } else if (width >= 2) {
      // (`采访者：你好`: no space after the colon: the stand-in one shorter, the colon a place earlier, then a space)
      out[i] = standIn(f.key, width - 1) + ': ' + rest;
    }
  }
  return {
    masked: out.join('\n'),
    names,
    labels: accepted.map(([, s]) => ({ name: s.name, lines: s.lines.length, first: s.lines[0] })),
    how: (['lower', 'caseless', 'wide'] as const).filter((h) => how.has(h)),
  };
}

/** The parse of a masked text with its speakers named as written in the file. */
export function unmask(parsed: ParsedBlocks, c: CaselessLabels): ParsedBlocks {
  const name = (s: string) => c.names.get(s) ?? s;
  return {
    ...parsed,
    blocks: parsed.blocks.map((b) => (b.speaker !== null && c.names.has(b.speaker) ? { ...b, speaker: name(b.speaker) } : b)),
    speakers: parsed.speakers.map(name),
    unreadLabels: parsed.unreadLabels.map((u) => ({ ...u, speaker: name(u.speaker) })),
  };
}

/** The note that says how the file's labels were read. */
export function caselessNote(c: CaselessLabels, file: string): Diagnostic {
  const how = c.how.map((h) => (h === 'lower' ? 'in lower case' : h === 'caseless' ? 'in a script without capitals' : 'with a full-width colon (：)')).join(' or ');
  const shown = c.labels.map((l) => `"${l.name}" (${l.lines} lines)`).join(', ');
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'lower-case-labels-read',
    message: `read as a transcript: its lines start with the same ${c.labels.length} speaker labels written ${how}, each line with one: ${shown}; a line starting otherwise is text of the turn before it`,
    file,
    line: c.labels.reduce((m, l) => Math.min(m, l.first), Infinity),
    actual: c.labels[0].name,
    hint: 'nothing to do if these name who speaks; check the turns with `qda segments FILE`, and name the interviewer with --interviewer if it is not found (add front matter `kind: document` to read the file as a document)',
  };
}
