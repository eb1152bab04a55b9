/**
 * Keys given twice in one object of a JSON text. JSON.parse keeps the last of two equal keys
 * without a word (a second "code" in a coding, a second "segments" in a source: the first is
 * dropped). Finding them exactly is a character loop over the text; `mayHaveDuplicateKeys` is the
 * cheap test before it (native indexOf over the colons and a walk of the parsed value), so that
 * readers of large documents pay for the loop only when a key may have been given twice.
 */

/**
 * Keys that occur a second time in one object of a valid JSON text, with the UTF-16 offset of
 * the second occurrence and of the first, in order (the text has been parsed by JSON.parse already).
 */
export function duplicateJsonKeys(text: string): Array<{ key: string; offset: number; first: number }> {
  const out: Array<{ key: string; offset: number; first: number }> = [];
  const stack: Array<Map<string, number> | null> = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      const end = ++i;
      const top = stack[stack.length - 1];
      if (top) {
        let j = i;
        while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
        if (text[j] === ':') {
          const key = JSON.parse(text.slice(start, end)) as string;
          const had = top.get(key);
          if (had !== undefined) out.push({ key, offset: start, first: had });
          else top.set(key, start);
        }
      }
      continue;
    }
    if (c === 0x7b) stack.push(new Map());
    else if (c === 0x5b) stack.push(null);
    else if (c === 0x7d || c === 0x5d) stack.pop();
    i++;
  }
  return out;
}

/** The keys of the objects in a parsed JSON value, all of them (nested ones too). */
export function keysIn(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== null && typeof x === 'object') n += keysIn(x);
    }
    return n;
  }
  for (const k in v as Record<string, unknown>) {
    n++;
    const x = (v as Record<string, unknown>)[k];
    if (x !== null && typeof x === 'object') n += keysIn(x);
  }
  return n;
}

/**
 * Could `text` (valid JSON, parsed as `parsed`) give a key twice in one object? False only when
 * it cannot: every key is a string followed by a colon, so the colons whose last character before
 * them (spaces aside) is a quote are at least as many as the keys written. When they are no more
 * than the keys JSON.parse kept, none was dropped. (Colons in strings after a `\"` count too: such
 * a text is looked at exactly, by `duplicateJsonKeys`.)
 */
export function mayHaveDuplicateKeys(text: string, parsed: unknown): boolean {
  let colons = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(--j);
    if (c === 34) colons++;
  }
  return colons > 0 && colons > keysIn(parsed);
}

/** A short excerpt of the JSON value after the key at `offset` (for a message). */
export function valueAfterKey(text: string, offset: number, max = 40): string {
  const colon = text.indexOf(':', text.indexOf('"', offset + 1) + 1);
  let from = colon + 1;
  while (from < text.length && /\s/.test(text[from])) from++;
  const s = text.slice(from, from + max + 1).replace(/\s+/g, ' ');
  // (to the end of a scalar: a comma or brace after it)
  const m = /^("(?:[^"\\]|\\.)*"|[^,}\]]*)/.exec(s);
  const v = (m && m[1] ? m[1] : s).trim();
  return v.length > max ? `${v.slice(0, max)}…` : v;
}
