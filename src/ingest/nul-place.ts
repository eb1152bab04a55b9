/**
 * A table (codings CSV, cases CSV, names or key list) is refused when its bytes hold a NUL
 * (decode.ts: a NUL is never text). When the file is text otherwise (no binary signature: a
 * stray NUL that an export or a broken save left), the refusal names the place of the first NUL
 * and how many there are, so that the researcher can find and delete it; a binary file (a
 * spreadsheet or a zip renamed .csv) keeps the "binary file" message.
 */
import { QdaInputError, inputError } from '../model/errors.js';

/** The first NUL of `bytes` as a 1-based line and column (in characters), with the number of NULs; undefined when there is none or the bytes start like a binary file. */
export function nulPlace(bytes: Uint8Array): { count: number; line: number; column: number } | undefined {
  const first = bytes.indexOf(0);
  if (first < 0) return undefined;
  // a binary signature: two or more control bytes (other than tab, LF, FF, CR) among the first 8
  let ctl = 0;
  for (let i = 0; i < 8 && i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) ctl++;
  }
  if (ctl >= 2) return undefined;
  let count = 0;
  for (let i = first; i !== -1; i = bytes.indexOf(0, i + 1)) count++;
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < first; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // characters before it on its line: as UTF-8, else one per byte (Windows-1252)
  const before = bytes.subarray(lineStart, first);
  let column = before.length + 1;
  try {
    column = [...new TextDecoder('utf-8', { fatal: true }).decode(before)].length + 1;
  } catch {
    // not UTF-8: one character per byte
  }
  return { count, line, column };
}

/**
 * `e` (thrown while decoding `bytes`) as the error to show: a `binary-file` refusal of a file
 * that is text but for a few NUL bytes becomes `nul-byte`, naming the file, the line and column
 * of the first, the count and the fix; anything else is returned as it is.
 */
export function withNulPlace(e: unknown, bytes: Uint8Array, file: string, what: string): unknown {
  if (!(e instanceof QdaInputError) || e.diagnostics[0]?.ruleId !== 'binary-file') return e;
  const at = nulPlace(bytes);
  if (!at) return e;
  const held = at.count === 1 ? 'a NUL byte (a character that is never text) at' : `${at.count} NUL bytes (characters that are never text), the first at`;
  return inputError('ingest', 'nul-byte', `this ${what} holds ${held} line ${at.line}, column ${at.column}; nothing was read from it`, {
    file,
    line: at.line,
    column: at.column,
    hint: 'open the file in an editor at that place (a NUL may show as ␀, ^@ or a small box), delete it and save the file as UTF-8',
  });
}
