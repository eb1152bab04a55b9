/**
 * Pattern detectors for direct identifiers (pure). Offsets are UTF-16 indices
 * into the text; callers convert to code points.
 */

export type IdentifierKind = 'person' | 'email' | 'phone' | 'postcode' | 'bsn' | 'iban';

export interface Finding {
  /** UTF-16 indices, half-open. */
  readonly start: number;
  readonly end: number;
  readonly original: string;
  readonly kind: IdentifierKind;
  /** Which detector: names-list, speaker-label, key-file, heuristic-title, heuristic-initials, heuristic-capitalised, heuristic-cue, email, phone-nl, postcode-nl, bsn-11-proef, iban. */
  readonly rule: string;
}

/**
 * The BSN 11-proef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). An 8-digit
 * number is read with a leading zero. All zeros is not a BSN.
 */
export function isValidBsn(digits: string): boolean {
  const d = digits.replace(/[\s.-]/g, '');
  if (!/^\d{8,9}$/.test(d)) return false;
  const n = d.padStart(9, '0');
  if (/^0+$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(n[i]);
  sum -= Number(n[8]);
  return sum % 11 === 0;
}

/** IBAN mod-97 check (ISO 13616). */
export function isValidIban(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of r) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + Number(c)) % 97;
  }
  return rem === 1;
}

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;
// Dutch numbers: 10 digits starting with 0 (06-12345678, 020-1234567, 053 123 4567, (053) 123 45 67),
// or +31 / 0031 followed by 9 digits (optionally (0)). Between digits: a space, a hyphen (or an en
// dash), a dot or a slash, the hyphen with a space on either side too (`06 - 12345678`, `06 / 1234 5678`:
// a number written so was left in the pseudonymised text).
const SEP = '(?:[ \\u00a0]?[\\-\\u2010\\u2011\\u2013./][ \\u00a0]?|[ \\u00a0])?';
const PHONE_NATIONAL = new RegExp(`(?<![\\p{L}\\p{N}+])(?:\\(0\\d{1,3}\\)${SEP}\\d(?:${SEP}\\d){4,7}|0(?:${SEP}\\d){9})(?!\\d)`, 'gu');
const PHONE_INTL = new RegExp(`(?<![\\p{L}\\p{N}])(?:\\+31|0031)${SEP}(?:\\(0\\)${SEP})?[1-9](?:${SEP}\\d){8}(?!\\d)`, 'gu');
const POSTCODE = /(?<![\p{L}\p{N}])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\p{L}\p{N}])/gu;
const DIGITS_8_9 = /(?<![\p{L}\p{N}.,\-+/])(?:\d{9}|\d{8}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{2}[ .]\d{3})(?![\p{L}\p{N}]|[.,-]\d)/gu;
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}[ ]?[A-Z]{4}[ ]?\d{4}[ ]?\d{4}[ ]?\d{2}(?![\p{L}\p{N}])/gu;

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** E-mail addresses, Dutch phone numbers, postcodes, BSNs (11-proef) and Dutch IBANs. */
export function findPatterns(text: string): Finding[] {
  const all: Finding[] = [];
  const add = (m: RegExpMatchArray, kind: IdentifierKind, rule: string) => all.push({ start: m.index!, end: m.index! + m[0].length, original: m[0], kind, rule });
  for (const m of text.matchAll(EMAIL)) add(m, 'email', 'email');
  for (const m of text.matchAll(IBAN)) if (isValidIban(m[0])) add(m, 'iban', 'iban');
  for (const m of text.matchAll(PHONE_INTL)) add(m, 'phone', 'phone-nl');
  for (const m of text.matchAll(PHONE_NATIONAL)) {
    const d = digitsOf(m[0]);
    if (d.length === 10 && d[1] !== '0') add(m, 'phone', 'phone-nl');
  }
  for (const m of text.matchAll(DIGITS_8_9)) if (isValidBsn(m[0])) add(m, 'bsn', 'bsn-11-proef');
  for (const m of text.matchAll(POSTCODE)) add(m, 'postcode', 'postcode-nl');
  // earlier detectors win overlaps (an IBAN is not a phone number)
  const taken: Finding[] = [];
  for (const f of all) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
  return taken.sort((x, y) => x.start - y.start);
}
