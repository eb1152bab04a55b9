/**
 * Names that look the same (pure): the identity a reader sees, and what sets a spelling apart.
 * (Used by the codings and case tables, which read look-alike names as one, and by the REFI-QDA
 * exports, which write codes of look-alike names told apart: QualCoder showed two codes "Trust".)
 */

/** Characters that cannot be seen: soft hyphen, zero-width space, word joiner, BOM. */
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/g;
/** Hyphens that look like `-` (U+2010 hyphen, U+2011 non-breaking hyphen: Word writes the latter for Ctrl+Shift+-). */
const HYPHENS = /[\u2010\u2011]/g;

/**
 * The identity of a name for comparison: NFC, without invisible characters, every run of white
 * space (no-break spaces included) one space, trimmed. Two names with one identity look the same.
 */
export function identityKey(s: string): string {
  return s.normalize('NFC').replace(INVISIBLE, '').replace(HYPHENS, '-').replace(/\s+/gu, ' ').trim();
}

/** What sets a spelling apart from the plain one (for a message: the reader cannot see it). */
export function spellingMarks(s: string): string {
  const marks: string[] = [];
  if (s !== s.normalize('NFC')) marks.push('decomposed accents (not NFC)');
  const odd = new Set<string>();
  for (const ch of s) if (/[\u00AD\u200B\u2060\uFEFF\u2010\u2011]/.test(ch) || (/\s/u.test(ch) && ch !== ' ')) odd.add(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  if (odd.size) marks.push([...odd].join(' '));
  if (/ {2}/.test(s.trim())) marks.push('double space');
  if (/^\s/u.test(s)) marks.push('a space before it');
  if (/\s$/u.test(s)) marks.push('a space after it');
  return marks.length ? marks.join(', ') : 'plain';
}

/**
 * A name without capitals, spaces, hyphens and underscores: `samen werking`, `Samen-werking` and
 * `samenwerking` share it (for a warning only: such names are kept apart, never joined).
 */
export function looseKey(s: string): string {
  return identityKey(s).toLocaleLowerCase().replace(/[\s\-_]+/gu, '');
}

/**
 * The names (each with what a caller counts of it) that share a looseKey but differ in more than
 * capitals: written with and without an inner space, hyphen or underscore. Groups in first-seen
 * order; a group that differs only in capitals (said as names-differ-in-case) is not one.
 */
export function spacingVariants<T>(names: Iterable<readonly [string, T]>): Array<Array<readonly [string, T]>> {
  const byLoose = new Map<string, Array<readonly [string, T]>>();
  for (const e of names) {
    const k = looseKey(e[0]);
    if (!k) continue;
    (byLoose.get(k) ?? byLoose.set(k, []).get(k)!).push(e);
  }
  return [...byLoose.values()].filter((l) => new Set(l.map(([v]) => identityKey(v).toLocaleLowerCase())).size > 1);
}
