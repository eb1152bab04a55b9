/**
 * Clarifying questions (pure): a short respondent turn in which the respondent asks the
 * interviewer what they mean ("Bedoel je de collega's binnen het team?", "What do you mean
 * by partners?") describes no practice of their own; the words it repeats from the question
 * (partners, overleg, afspraken) would otherwise fire codes. The automatic codings on such a
 * turn are not kept, and `codeCorpus` reports how many (human codings are never touched).
 */
import type { Coding, Segment } from '../model/types.js';

/** A turn longer than this (in words) says more than a clarifying question. */
export const CLARIFICATION_MAX_WORDS = 20;

/** A turn longer than this (in UTF-16 units) has more words than a clarifying question. */
const CLARIFICATION_MAX_CHARS = CLARIFICATION_MAX_WORDS * 30;

const ASKS_MEANING = [
  // nl: bedoel je / bedoelt u / wat bedoel je / hoe bedoelt u / bedoelen jullie
  /(?:^|[^\p{L}])bedoel(?:t|en)?\s+(?:je|jij|u|jullie)(?![\p{L}])/iu,
  // en: what do you mean / do you mean / you mean …?
  /(?:^|[^\p{L}])(?:what\s+do\s+you\s+mean|do\s+you\s+mean|you\s+mean\b[^.!?]*\?)/iu,
];

const MAY_ASK = /bedoel|mean/i;

/** Whether a respondent turn is only a clarifying question to the interviewer. */
export function isClarifyingQuestion(text: string): boolean {
  // cheap tests first: most turns are long, and few ask what is meant
  // (both patterns need "bedoel" or "mean": no other character case-folds to their letters, so
  // this plain case-insensitive search, much quicker than theirs, never misses one)
  if (text.length > CLARIFICATION_MAX_CHARS || !MAY_ASK.test(text) || !ASKS_MEANING.some((re) => re.test(text))) return false;
  const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return words > 0 && words <= CLARIFICATION_MAX_WORDS;
}

/**
 * Automatic codings (coder `rules` or `model`) on segments that are clarifying questions of a
 * non-interviewer speaker, split off from the rest; other codings pass unchanged.
 */
export function withoutClarifications(codings: readonly Coding[], segments: readonly Segment[]): { kept: Coding[]; dropped: Coding[]; turns: Segment[] } {
  // (only the segments that have automatic codings can lose any)
  const auto = new Set<string>();
  for (const c of codings) if (c.segmentId !== undefined && (c.coder === 'rules' || c.coder === 'model')) auto.add(c.segmentId);
  const clar = new Map<string, Segment>();
  // (the cheap tests first: the role, and the length isClarifyingQuestion starts with)
  if (auto.size) for (const s of segments) if (s.role !== 'interviewer' && s.text.length <= CLARIFICATION_MAX_CHARS && auto.has(s.id) && isClarifyingQuestion(s.text)) clar.set(s.id, s);
  if (!clar.size) return { kept: [...codings], dropped: [], turns: [] };
  const kept: Coding[] = [];
  const dropped: Coding[] = [];
  const turns = new Set<Segment>();
  for (const c of codings) {
    const s = c.segmentId ? clar.get(c.segmentId) : undefined;
    if (s && (c.coder === 'rules' || c.coder === 'model')) {
      dropped.push(c);
      turns.add(s);
    } else kept.push(c);
  }
  return { kept, dropped, turns: [...turns] };
}
