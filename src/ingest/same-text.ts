/**
 * Two sources with the same text (a copy of a transcript beside it, `interview-03 - kopie.txt`; the
 * .docx and its .txt export in one folder): each was read as a source of its own, so every passage
 * and coding counted twice in every matrix, comparison and saturation curve, without a word.
 * Said for the second (and each later) one, with the first.
 */
import type { Diagnostic } from '../model/types.js';

/** Texts shorter than this (trimmed) are not compared: short notes may well say the same. */
const MIN_CHARS = 500;
/** Places compared besides the length, evenly spread over the text (its start and end among them). */
const PLACES = 128;
const PLACE_CHARS = 8;

/**
 * A fingerprint of a text: its length and the characters at PLACES places spread over it (not a
 * hash of the whole: that would cost a pass over every text; equal fingerprints are "the same
 * length, the same characters at PLACES places"); undefined for a short text.
 */
export function textFingerprint(text: string): string | undefined {
  const n = text.length;
  if (n < MIN_CHARS || text.trim().length < MIN_CHARS) return undefined;
  // (two 32-bit FNV-1a hashes of the characters at the places, from two offsets)
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ n;
  const step = (n - PLACE_CHARS) / (PLACES - 1);
  for (let p = 0; p < PLACES; p++) {
    const at = Math.floor(p * step);
    for (let k = at; k < at + PLACE_CHARS; k++) {
      const c = text.charCodeAt(k);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
  }
  return `${n}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

/** Remembers the sources read (fingerprint and file bytes' sha256) and says a later one with the same text. */
export class SameTextCheck {
  private readonly byPrint = new Map<string, { id: string; path: string; sha256: string }>();

  /** The warning for a source whose text an earlier one has (undefined: none has, or it is short). */
  check(s: { readonly id: string; readonly path: string; readonly sha256?: string }, fingerprint: string | undefined): Diagnostic | undefined {
    if (fingerprint === undefined) return undefined;
    const first = this.byPrint.get(fingerprint);
    if (!first) {
      this.byPrint.set(fingerprint, { id: s.id, path: s.path, sha256: s.sha256 ?? '' });
      return undefined;
    }
    // (paths as the sources carry them: relative to the working folder)
    const file = s.path;
    const other = first.path;
    const bytes = !!first.sha256 && first.sha256 === s.sha256;
    return {
      severity: 'warning',
      source: 'ingest',
      ruleId: 'same-text',
      message: `holds the same text as ${other} (source "${first.id}"${bytes ? ': the same bytes' : `: the same length and the same characters at ${PLACES} places spread over it`}): both are read as sources ("${first.id}" and "${s.id}"), so each of its passages and codings counts twice in matrices, comparisons and saturation`,
      file,
      actual: s.id,
      hint: `if it is a copy, move it out of the folder (or give the files to read one by one); if both are meant (two versions), nothing to do`,
    };
  }
}
