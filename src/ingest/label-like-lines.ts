import type { Diagnostic } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { isLabelShaped, NOT_SPEAKERS, type Block } from './parse-blocks.js';
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
  // (a line is looked at only when it has a colon within its first 50 characters)
  if (!text.includes(':') && !text.includes('：')) return undefined;
  const map = new OffsetMap(text);
  // the starts of the lines that head a labelled turn (the line its text starts on)
  const heads = new Set<number>();
  for (const b of blocks) {
    if (b.speaker === null) continue;
    const a = map.toUtf16(b.start);
    heads.add(text.lastIndexOf('\n', a - 1) + 1);
  }
  const known = new Set(speakers.map(normaliseLabel));
  const found = new Map<string, { written: string; lines: number[]; named: boolean }>();
  let line = 0;
  for (let at = 0; at <= text.length; ) {
    line++;
    let nl = text.indexOf('\n', at);
    if (nl === -1) nl = text.length;
    if (!heads.has(at)) {
      const head = text.slice(at, Math.min(nl, at + 60));
      const colon = head.search(/[:：]/);
      const m = colon > 0 ? LABEL_LIKE.exec(head) : null;
      if (m && text.charCodeAt(at + m[0].length) !== 47) {
        const name = m[2].trim();
        const key = normaliseLabel(name);
        const words = name.split(/\s+/).length;
        // (the reader's own form, `Anna:`, not read: said by the reader; a word never a speaker: no label)
        const ownForm = !m[1] && m[0].trimStart().startsWith(name) && isLabelShaped(name) && m[0].trimEnd().endsWith(':');
        if (words <= 4 && key && !NOT_SPEAKERS.has(key) && !ownForm && !/^(?:https?|mailto|codes?)$/i.test(name)) {
          const named = known.has(key) || labelMatches(name, DEFAULT_INTERVIEWERS) || labelMatches(name, DEFAULT_RESPONDENT_LABELS);
          const f = found.get(key);
          if (f) {
            f.lines.push(line);
            f.named ||= named;
          } else found.set(key, { written: m[0].trim(), lines: [line], named });
        }
      }
    }
    at = nl + 1;
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
    hint: 'write each label as the others in the file are: the name with a capital first and nothing before it (no number, dash, quote mark or bracket), then a colon and a space (Respondent: …, Mevr. Jansen: …); a name in a script without capitals cannot be read as a label: write it in Latin letters',
  };
}
