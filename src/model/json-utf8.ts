/**
 * JSON text straight to UTF-8 bytes: `jsonPieceUtf8(before, text, after)` gives the bytes of
 * `before + JSON.stringify(text) + after` (tested byte for byte), in one pass over the text
 * instead of a JSON string of it and then its encoding (a source's text is most of what a
 * codings document holds). Escapes as JSON.stringify makes them: `\"`, `\\`, `\b \t \n \f \r`,
 * other control characters and lone surrogates as lower-case `\u00xx` / `\udxxx`.
 */

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';
/**
 * The UTF-8 bytes of `before + JSON.stringify(text) + after`. The buffer is sized for 3 bytes
 * per unit; the only units written wider, as 6 bytes (`\u00xx` and a lone surrogate: rare),
 * make room first (a pair is 4 bytes for 2 units, an escape like `\n` 2 bytes).
 */
export function jsonPieceUtf8(before: string, text: string, after: string): Uint8Array {
  const n = text.length;
  let out = new Uint8Array(3 * before.length + 3 * n + 2 + 3 * after.length);
  let pos = before.length ? encoder.encodeInto(before, out).written : 0;
  // (a wide unit first makes room for its 6 bytes while every unit after it keeps its 3, and the
  // closing quote and `after` theirs)
  const tail = 1 + 3 * after.length;
  out[pos++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        out[pos++] = c;
        continue;
      }
      out[pos++] = 0x5c;
      if (c === 0x22 || c === 0x5c) out[pos++] = c;
      else if (c === 10) out[pos++] = 0x6e;
      else if (c === 13) out[pos++] = 0x72;
      else if (c === 9) out[pos++] = 0x74;
      else if (c === 8) out[pos++] = 0x62;
      else if (c === 12) out[pos++] = 0x66;
      else {
        if (pos + 6 + 3 * (n - i - 1) + tail > out.length) out = grown(out, pos, pos + 6 + 3 * (n - i - 1) + tail);
        pos = hex4(out, pos, c);
      }
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 63);
      out[pos++] = 0x80 | (c & 63);
    } else {
      const d = c <= 0xdbff && i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        out[pos++] = 0xf0 | (cp >> 18);
        out[pos++] = 0x80 | ((cp >> 12) & 63);
        out[pos++] = 0x80 | ((cp >> 6) & 63);
        out[pos++] = 0x80 | (cp & 63);
        i++;
      } else {
        // a lone surrogate: escaped, as JSON.stringify does
        if (pos + 6 + 3 * (n - i - 1) + tail > out.length) out = grown(out, pos, pos + 6 + 3 * (n - i - 1) + tail);
        out[pos++] = 0x5c;
        pos = hex4(out, pos, c);
      }
    }
  }
  out[pos++] = 0x22;
  if (after.length) pos += encoder.encodeInto(after, out.subarray(pos)).written;
  return out.subarray(0, pos);
}

/** A copy of out's first `pos` bytes in a buffer of at least `need` bytes. */
function grown(out: Uint8Array, pos: number, need: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(need, out.length + (out.length >> 3)));
  b.set(out.subarray(0, pos));
  return b;
}

/** `u` and 4 lower-case hex digits. */
function hex4(out: Uint8Array, pos: number, c: number): number {
  out[pos++] = 0x75;
  out[pos++] = HEX.charCodeAt((c >> 12) & 15);
  out[pos++] = HEX.charCodeAt((c >> 8) & 15);
  out[pos++] = HEX.charCodeAt((c >> 4) & 15);
  out[pos++] = HEX.charCodeAt(c & 15);
  return pos;
}
