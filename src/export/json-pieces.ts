/**
 * `JSON.stringify(value, null, 2)` in pieces, for documents too large for one
 * string (V8 strings stop at ~512 M characters: "Invalid string length"). The
 * concatenated pieces equal JSON.stringify's output exactly; long strings are
 * cut (never inside a surrogate pair) and small values are stringified whole.
 */

/** Strings longer than this are written in several pieces. */
const LONG_STRING = 1 << 20;

export function* jsonPieces(value: unknown): Generator<string, void, undefined> {
  const v = prepare(value, '');
  if (v === undefined) return;
  yield* piece(v, '', 0);
}

/** The value JSON.stringify would serialise (after toJSON), or undefined when it would be left out. */
function prepare(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

function* piece(v: unknown, pad: string, depth: number): Generator<string, void, undefined> {
  if (typeof v === 'string') {
    if (v.length <= LONG_STRING) yield JSON.stringify(v);
    else yield* longString(v);
    return;
  }
  if (v === null || typeof v !== 'object') {
    yield JSON.stringify(v);
    return;
  }
  // below the document itself, a container of modest size is stringified in one call (a coding, a segment)
  if (depth >= 1 && !tooBig(v)) {
    yield JSON.stringify(v, null, 2).replace(/\n/g, '\n' + pad);
    return;
  }
  const inner = pad + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n' + inner;
    for (let i = 0; i < v.length; i++) {
      if (i) yield ',\n' + inner;
      const el = prepare(v[i], String(i));
      if (el === undefined) yield 'null';
      else yield* piece(el, inner, depth + 1);
    }
    yield '\n' + pad + ']';
    return;
  }
  let first = true;
  for (const k of Object.keys(v)) {
    const el = prepare((v as Record<string, unknown>)[k], k);
    if (el === undefined) continue;
    yield (first ? '{\n' : ',\n') + inner + JSON.stringify(k) + ': ';
    first = false;
    yield* piece(el, inner, depth + 1);
  }
  yield first ? '{}' : '\n' + pad + '}';
}

function* longString(s: string): Generator<string, void, undefined> {
  yield '"';
  for (let i = 0; i < s.length; ) {
    let end = Math.min(s.length, i + LONG_STRING);
    // never between the two halves of a surrogate pair (each half alone would be escaped)
    const c = s.charCodeAt(end - 1);
    if (end < s.length && c >= 0xd800 && c <= 0xdbff) end--;
    yield JSON.stringify(s.slice(i, end)).slice(1, -1);
    i = end;
  }
  yield '"';
}

/** Is a deep value too big to stringify in one call (a long string, or more than 10,000 values)? */
function tooBig(v: unknown): boolean {
  let budget = 10_000;
  const visit = (x: unknown): boolean => {
    if (--budget < 0) return true;
    if (typeof x === 'string') return x.length > LONG_STRING;
    if (x === null || typeof x !== 'object') return false;
    for (const y of Array.isArray(x) ? x : Object.values(x)) if (visit(y)) return true;
    return false;
  };
  return visit(v);
}

/** Feed the pieces to `write` in batches of about 1 MB. */
export async function writeJsonPieces(value: unknown, write: (chunk: string) => Promise<void> | void, trailer = '\n'): Promise<void> {
  let buf: string[] = [];
  let n = 0;
  for (const p of jsonPieces(value)) {
    buf.push(p);
    n += p.length;
    if (n >= 1 << 20) {
      await write(buf.join(''));
      buf = [];
      n = 0;
    }
  }
  buf.push(trailer);
  await write(buf.join(''));
}
