import type { Role, SourceKind } from '../model/types.js';

/** Speaker labels read as the interviewer when qda.yaml / --interviewer name none. */
export const DEFAULT_INTERVIEWERS: readonly string[] = [
  'interviewer',
  'interviewster',
  'interviewers',
  'i',
  'int',
  'iv',
  'onderzoeker',
  'onderzoekster',
  'researcher',
  'moderator',
  'gespreksleider',
  'gespreksleidster',
  'facilitator',
  'q',
  'vraag',
  'vraagsteller',
  'question',
];

/** Labels that are speakers by convention (respondent side), accepted even when seen once. */
export const DEFAULT_RESPONDENT_LABELS: readonly string[] = [
  'respondent',
  'r',
  'a',
  'antwoord',
  'answer',
  'geïnterviewde',
  'geinterviewde',
  'interviewee',
  'deelnemer',
  'participant',
  'b',
  'spreker',
  'speaker',
];

const normCache = new Map<string, string>();

/** Lower case, NFC, single spaces, no trailing `.`/`:` (memoised: labels repeat on every turn). */
export function normaliseLabel(label: string): string {
  const hit = normCache.get(label);
  if (hit !== undefined) return hit;
  const n = normaliseUncached(label);
  if (normCache.size > 10000) normCache.clear();
  normCache.set(label, n);
  return n;
}

function normaliseUncached(label: string): string {
  return label
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Does `label` name one of `names`? Exact (case-insensitive) match, or the
 * first word matches and the rest is a number or a parenthesised name
 * ("Interviewer 2", "Onderzoeker (Sanne)"). One-letter names match exactly only.
 */
export function labelMatches(label: string, names: readonly string[]): boolean {
  const l = normaliseLabel(label);
  for (const n0 of names) {
    const n = normaliseLabel(n0);
    if (!n) continue;
    if (l === n) return true;
    if (n.length > 1 && l.startsWith(n + ' ')) {
      const rest = l.slice(n.length + 1);
      if (/^(\d+|\(.*\)|[a-z]\d*)$/u.test(rest)) return true;
    }
  }
  return false;
}

export interface RoleContext {
  readonly kind: SourceKind;
  /** Interviewer labels (configured or the defaults). */
  readonly interviewers: readonly string[];
  /** Observer name(s) of observation notes. */
  readonly observers?: readonly string[];
}

/**
 * Role of a speaker: interviewer by the interviewer list; for observation
 * notes the observer (also for unlabelled paragraphs: they are the observer's
 * own notes); surveys: respondent; documents and unlabelled text: other.
 */
export function roleOf(speaker: string | null, ctx: RoleContext): Role {
  if (ctx.kind === 'survey') return 'respondent';
  if (ctx.kind === 'document') return speaker === null ? 'other' : labelMatches(speaker, ctx.interviewers) ? 'interviewer' : 'respondent';
  if (ctx.kind === 'observation') {
    if (speaker === null) return 'observer';
    if (ctx.observers && labelMatches(speaker, ctx.observers)) return 'observer';
    if (labelMatches(speaker, ['observator', 'observer', 'waarnemer', 'notulist'])) return 'observer';
    return labelMatches(speaker, ctx.interviewers) ? 'interviewer' : 'respondent';
  }
  if (speaker === null) return 'other';
  return labelMatches(speaker, ctx.interviewers) ? 'interviewer' : 'respondent';
}
