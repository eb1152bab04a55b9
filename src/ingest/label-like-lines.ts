import type { Diagnostic } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { isLabelShaped, knownLines, NOT_SPEAKERS, type Block } from './parse-blocks.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatches, normaliseLabel } from './roles.js';

/**
 * A line start written like a speaker label in a form the reader does not read as one: a list
 * number, dash, bullet or quote mark before it (`1. Respondent:`, `- Anna:`, `> Anna:`), a label in
 * quotes or parentheses (`(Respondent):`), one that starts with a lower-case letter (`mevr.
 * Jansen:`, `respondent:`), or one in a script without capitals (Arabic, Hebrew, Chinese …); a
 * full-width colon (`：`) too. Its name (1 to 4 words) in group 2.
 */
const LABEL_LIKE =
  /^[ \t\u00a0]*((?:\d{1,3}[.)]|[-–—*•>])[ \t]*)?["'“‘„(\[]?([\p{L}][\p{L}\p{M}\p{N} .'’\-]{0,38}?)["'”’)\]]?(?:[ \t]*[\[(][\d:.,]+[\])])?[ \t\u00a0]*[:：](?=[ \t\u00a0]|$)/u;

/**
 * Lines inside a turn (or before the first) that start like a speaker label but were not read as
 * one, and were read as part of the turn before them without a word: the respondent's answer in the
 * interviewer's turn. Said when the label names a speaker of the file, a conventional role
 * (Interviewer, Respondent, …), or starts two or more such lines; a label of the reader's own form
 * (`Anna:`) not read is said by the reader itself (unread-speaker-label), and words never read as
 * speakers (`Let op:`, `Code:`) are not labels.
 */
export function labelLikeLines(text: string, blocks: readonly Block[], speakers: readonly string[], file: string): Diagnostic | undefined {
  // (a line is looked at only when it has a colon within its first 50 characters, or starts with a name and a full stop or a dash)
  if (!text.includes(':') && !text.includes('：') && !text.includes('. ') && !text.includes('; ') && !text.includes(' -') && !text.includes(' –') && !text.includes(' —')) return undefined;
  const wide = text.includes('：');
  const lines = knownLines(text) ?? splitLines(text);
  // which lines head a labelled turn (the line its text starts on): blocks and lines both in text order
  const head = new Uint8Array(lines.length);
  const map = new OffsetMap(text);
  let li = 0;
  for (const b of blocks) {
    if (b.speaker === null) continue;
    const a = map.toUtf16(b.start);
    while (li + 1 < lines.length && lines[li + 1].start <= a) li++;
    head[li] = 1;
  }
  const known = new Set(speakers.map(normaliseLabel));
  const found = new Map<string, { written: string; lines: number[]; named: boolean }>();
  for (let k = 0; k < lines.length; k++) {
    if (head[k] === 1) continue;
    const t = lines[k].text;
    // (`Respondent - Goed.`, `R. Ja.`: a speaker of the file or a role with a dash or a full stop
    // instead of a colon; looked at only when the line's first word, before its first space, is one)
    const sp = t.indexOf(' ');
    if (sp > 0 && sp <= 40) {
      const c0 = t.charCodeAt(0);
      // (a semicolon for the colon, `R; Ja.`: the key beside it, Shift missed)
      const semi = t.charCodeAt(sp - 1) === 59;
      const dot = semi || t.charCodeAt(sp - 1) === 46;
      const c1 = t.charCodeAt(sp + 1);
      const dash = !dot && (c1 === 45 || c1 === 0x2013 || c1 === 0x2014) && t.charCodeAt(sp + 2) === 32;
      if ((dot || dash) && ((c0 >= 65 && c0 <= 90) || c0 > 127)) {
        const name = t.slice(0, dot ? sp - 1 : sp);
        const key = normaliseLabel(name);
        if (key && /^\p{Lu}[\p{L}\p{N}]*$/u.test(name) && (known.has(key) || labelMatches(name, DEFAULT_INTERVIEWERS) || labelMatches(name, DEFAULT_RESPONDENT_LABELS))) {
          const written = semi ? `${name};` : dot ? `${name}.` : `${name} ${t[sp + 1]}`;
          const f = found.get(written);
          if (f) f.lines.push(k + 1);
          else found.set(written, { written, lines: [k + 1], named: true });
          continue;
        }
      }
    }
    // (a line is looked at only when it has a colon within its first 60 characters, not first)
    let colon = t.indexOf(':');
    if (wide) {
      const w = t.indexOf('：');
      if (w !== -1 && (colon === -1 || w < colon)) colon = w;
    }
    if (colon < 1 || colon >= 60) continue;
    const m = LABEL_LIKE.exec(t.length > 60 ? t.slice(0, 60) : t);
    if (!m || t.charCodeAt(m[0].length) === 47) continue;
    const name = m[2].trim();
    const key = normaliseLabel(name);
    const words = name.split(/\s+/).length;
    // (the reader's own form, `Anna:`, not read: said by the reader; a word never a speaker: no label)
    const ownForm = !m[1] && m[0].trimStart().startsWith(name) && isLabelShaped(name) && m[0].trimEnd().endsWith(':');
    if (words <= 4 && key && !NOT_SPEAKERS.has(key) && !ownForm && !/^(?:https?|mailto|codes?)$/i.test(name)) {
      const named = known.has(key) || labelMatches(name, DEFAULT_INTERVIEWERS) || labelMatches(name, DEFAULT_RESPONDENT_LABELS);
      const f = found.get(key);
      if (f) {
        f.lines.push(k + 1);
        f.named ||= named;
      } else found.set(key, { written: m[0].trim(), lines: [k + 1], named });
    }
  }
  const said = [...found.values()].filter((f) => f.named || f.lines.length >= 2);
  if (!said.length) return undefined;
  const n = said.reduce((s, f) => s + f.lines.length, 0);
  const shown = said
    .slice(0, 5)
    .map((f) => `"${f.written}" (line${f.lines.length === 1 ? '' : 's'} ${f.lines.slice(0, 6).join(', ')}${f.lines.length > 6 ? ', …' : ''})`)
    .join(', ');
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'label-form-not-read',
    message: `${n} line${n === 1 ? ' starts' : 's start'} like a speaker label but ${n === 1 ? 'is' : 'are'} not read as one: ${shown}${said.length > 5 ? ', …' : ''}; ${n === 1 ? 'it is' : 'each is'} read as part of the turn before ${n === 1 ? 'it' : 'them'} (or as text without a speaker)`,
    file,
    line: said[0].lines[0],
    actual: said[0].written,
    hint: 'write each label as the others in the file are: the name with a capital first and nothing before it (no number, dash, quote mark or bracket), then a colon and a space (Respondent: …, Mevr. Jansen: …), not a full stop, a semicolon or a dash (R. …, R; …, Respondent - …); a name in a script without capitals cannot be read as a label: write it in Latin letters',
  };
}

/** The lines of a text parseBlocks did not split last (front matter): LF, CR and CRLF are breaks. */
function splitLines(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ start: at, text: text.slice(at, m.index) });
    at = m.index + m[0].length;
  }
  out.push({ start: at, text: text.slice(at) });
  return out;
}
