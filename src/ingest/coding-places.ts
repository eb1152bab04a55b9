/**
 * Where each coding read from a codings file stands in it: the line of its row (a CSV, JSON
 * Lines) or the JSON path of its record (a codings JSON document). Kept beside the codings (a
 * WeakMap on the coding objects, so the data model and every writer stay as they are), for the
 * warnings of later steps that concern a coding read from a file (a source that was not read,
 * a code in no codebook, offsets past the end of the text): they name the file AND the place.
 * A step that copies a coding (`{ ...c, code }`) carries its place over with `carryPlace`.
 */
import type { Coding, Segment } from '../model/types.js';

export interface CodingPlace {
  /** 1-based line of the row (CSV) or record (JSON Lines). */
  readonly line?: number;
  /** JSON path of the record, e.g. `/codings/3` or `/sources/2`. */
  readonly path?: string;
}

const places = new WeakMap<object, CodingPlace>();

export function setCodingPlace(c: Coding, place: CodingPlace): void {
  places.set(c, place);
}

export function codingPlace(c: Coding): CodingPlace | undefined {
  return places.get(c);
}

/** Where a segment read from a codings document stands (`/otherSegments/2`, or its line in JSON Lines). */
export function setSegmentPlace(g: Segment, place: CodingPlace): void {
  places.set(g, place);
}

export function segmentPlace(g: Segment): CodingPlace | undefined {
  return places.get(g);
}

/**
 * The text a coding read from a codings CSV records for itself (its `text` cell: the passage
 * coded), so that a coding whose offsets no longer hold that text (the source was edited since,
 * or the offsets or segment are of another passage) is found out (mapImportedCodings).
 */
const quotes = new WeakMap<object, string>();

export function setCodingQuote(c: Coding, text: string): void {
  quotes.set(c, text);
}

export function codingQuote(c: Coding): string | undefined {
  return quotes.get(c);
}

/** `to` (a copy of `from`) stands where `from` stood (and records its text); returns `to`. */
export function carryPlace<T extends Coding>(from: Coding, to: T): T {
  const p = places.get(from);
  if (p) places.set(to, p);
  const q = quotes.get(from);
  if (q !== undefined) quotes.set(to, q);
  return to;
}

/** ", first on line 12" / " (first at /sources/2)": for a message about codings read from a file. */
export function placeText(p: CodingPlace | undefined, first = true): string {
  if (!p) return '';
  if (p.line !== undefined) return `${first ? 'first ' : ''}on line ${p.line}`;
  if (p.path !== undefined) return `${first ? 'first ' : ''}at ${p.path}`;
  return '';
}

/**
 * A coding that records the passage it codes in a `text` field (qda review's decisions file):
 * the coding without it, its passage kept as a CSV row's text cell is (setCodingQuote).
 */
export function takeRecordedText(c: Coding): Coding {
  const t = (c as { text?: unknown }).text;
  if (t === undefined) return c;
  const { text: _text, ...rest } = c as Coding & { text?: unknown };
  if (typeof t === 'string') setCodingQuote(rest, t);
  const p = places.get(c);
  if (p) places.set(rest, p);
  return rest;
}
