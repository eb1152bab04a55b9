import type { Diagnostic, Role, SourceKind } from '../model/types.js';
import { didYouMean } from '../model/did-you-mean.js';

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
  // (`V:` / `A:`, vraag and antwoord, as Dutch transcripts write them)
  'v',
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

/** What may follow a name in a label that names it (`Interviewer 2`, `Onderzoeker (Sanne)`, `Respondent b2`). */
const NAME_REST = /^(\d+|\(.*\)|[a-z]\d*)$/u;

/** Does the normalised label `l` name the normalised name `n` (see labelMatches)? */
function keyMatches(l: string, n: string): boolean {
  if (!n) return false;
  if (l === n) return true;
  // (`l.startsWith(n + ' ')`, without making that string)
  return n.length > 1 && l.length > n.length + 1 && l.charCodeAt(n.length) === 32 && l.startsWith(n) && NAME_REST.test(l.slice(n.length + 1));
}

/**
 * Does `label` name one of `names`? Exact (case-insensitive) match, or the
 * first word matches and the rest is a number or a parenthesised name
 * ("Interviewer 2", "Onderzoeker (Sanne)"). One-letter names match exactly only.
 */
export function labelMatches(label: string, names: readonly string[]): boolean {
  const l = normaliseLabel(label);
  for (const n of names) if (keyMatches(l, normaliseLabel(n))) return true;
  return false;
}

/**
 * `(label) => labelMatches(label, names)` for many labels against one list (a reader asks about
 * each speaker of a file several times): the names normalised once, each label's answer kept.
 */
export function labelMatcher(names: readonly string[]): (label: string) => boolean {
  for (const m of MATCHERS) if (sameNames(m.names, names)) return m.match;
  const match = makeMatcher(names);
  MATCHERS.unshift({ names: [...names], match });
  if (MATCHERS.length > 4) MATCHERS.pop();
  return match;
}

/**
 * The matchers made last, with the names they were made of (a reader makes the same few for
 * every text of a corpus: its interviewers and known labels): given again, with the answers
 * they keep, instead of normalising the names and asking about each label again.
 */
const MATCHERS: Array<{ readonly names: readonly string[]; readonly match: (label: string) => boolean }> = [];

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function makeMatcher(names: readonly string[]): (label: string) => boolean {
  const keys = names.map(normaliseLabel);
  const memo = new Map<string, boolean>();
  return (label) => {
    let r = memo.get(label);
    if (r === undefined) {
      const l = normaliseLabel(label);
      r = false;
      for (let i = 0; i < keys.length && !r; i++) r = keyMatches(l, keys[i]);
      if (memo.size > 10000) memo.clear();
      memo.set(label, r);
    }
    return r;
  };
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
  if (ctx.kind === 'document') return speaker === null ? 'other' : labelMatcher(ctx.interviewers)(speaker) ? 'interviewer' : 'respondent';
  if (ctx.kind === 'observation') {
    if (speaker === null) return 'observer';
    if (ctx.observers && labelMatches(speaker, ctx.observers)) return 'observer';
    if (labelMatches(speaker, ['observator', 'observer', 'waarnemer', 'notulist'])) return 'observer';
    return labelMatches(speaker, ctx.interviewers) ? 'interviewer' : 'respondent';
  }
  if (speaker === null) return 'other';
  return labelMatcher(ctx.interviewers)(speaker) ? 'interviewer' : 'respondent';
}

/** A turn as speakerWarnings needs it: its speaker, where it starts (1-based line) and its text, or only whether that holds a question mark. */
export interface TurnInfo {
  readonly speaker: string | null;
  readonly line: number;
  readonly text?: string;
  /** The text holds a `?` (default: looked up in `text`). */
  readonly question?: boolean;
}

/**
 * Warnings about the speakers of a transcript (pure):
 * - `no-interviewer`: two or more speakers and none is an interviewer by `interviewers`
 *   (every turn, questions too, would be read as a respondent's): names the speakers
 *   with their turn counts and the `--interviewer` / qda.yaml fix;
 * - `single-turn-speaker`: in a transcript of 6 or more turns, a speaker with one turn
 *   only (often a mistyped label), with the nearest other speaker.
 */
export function speakerWarnings(turns: readonly TurnInfo[], interviewers: readonly string[], file: string): Diagnostic[] {
  const by = new Map<string, SpeakerTally>();
  for (const t of turns) {
    if (t.speaker === null) continue;
    const k = normaliseLabel(t.speaker);
    const s = by.get(k) ?? by.set(k, { label: t.speaker, turns: 0, line: t.line, questions: 0 }).get(k)!;
    s.turns++;
    if (t.question ?? (t.text ?? '').includes('?')) s.questions++;
  }
  return speakerTallyWarnings([...by.values()], turns.filter((t) => t.speaker !== null).length, interviewers, file);
}

/** A speaker's turns as speakerWarnings counts them: the label as first written, the turns, the 1-based line of the first, the turns with a `?`. */
export interface SpeakerTally {
  readonly label: string;
  turns: number;
  readonly line: number;
  questions: number;
}

/**
 * speakerWarnings from the tallies of the speakers (in the order of their first turns, one per
 * normaliseLabel of the label) and the number of turns with a speaker.
 */
export function speakerTallyWarnings(speakers: readonly SpeakerTally[], total: number, interviewers: readonly string[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (speakers.length >= 2 && !speakers.some((s) => labelMatches(s.label, interviewers))) {
    // the likely interviewer (only named in the hint): not a respondent label (Respondent, Geïnterviewde B),
    // and the most turns with a question
    const pool = speakers.filter((x) => !labelMatches(x.label, DEFAULT_RESPONDENT_LABELS));
    const likely = [...(pool.length ? pool : speakers)].sort((a, b) => b.questions / b.turns - a.questions / a.turns || b.turns - a.turns)[0];
    const q = /[\s"]/.test(likely.label) ? `"${likely.label}"` : likely.label;
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'no-interviewer',
      message: `no interviewer recognised among the ${speakers.length} speakers (${speakers.map((s) => `${s.label}: ${s.turns} turn${s.turns === 1 ? '' : 's'}`).join(', ')}); every turn, questions too, is read as a respondent's`,
      file,
      hint: `name the interviewer, e.g. --interviewer ${q} (repeatable), or in qda.yaml: interviewers: [${JSON.stringify(likely.label)}]`,
    });
  }
  if (total >= 6 && speakers.length >= 2) {
    for (const s of speakers) {
      if (s.turns !== 1) continue;
      const others = speakers.filter((o) => o !== s && o.turns > 1).map((o) => o.label);
      const near = didYouMean(s.label, others, 1);
      out.push({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'single-turn-speaker',
        message: `speaker "${s.label}" has one turn only${near.length ? `: a mistyped "${near[0]}"?` : ' (often a mistyped label)'}; it is read as a separate ${labelMatches(s.label, interviewers) ? 'interviewer' : 'respondent'}`,
        file,
        line: s.line,
        hint: near.length ? `correct the label to "${near[0]}" in the transcript (or ignore this if "${s.label}" is another person)` : 'correct the label if it is a typing error; ignore this if the person speaks once',
        ...(near.length ? { expected: near } : {}),
      });
    }
  }
  return out;
}
