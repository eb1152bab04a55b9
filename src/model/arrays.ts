/**
 * Stack-safe array helpers. `a.push(...items)`, `Math.max(...items)` and
 * `String.fromCharCode(...codes)` pass every item as a call argument, which
 * overflows the call stack ("Maximum call stack size exceeded") somewhere above
 * ~100,000 items: never use them on data-sized arrays (a test checks src/).
 */

/** Append every item to `target` (in place) and return it. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** The largest value, or `empty` when there are none. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    if (!any || v > m || Number.isNaN(v)) m = v;
    any = true;
    if (Number.isNaN(m)) return NaN;
  }
  return any ? m : empty;
}

/** The smallest value, or `empty` when there are none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    if (!any || v < m || Number.isNaN(v)) m = v;
    any = true;
    if (Number.isNaN(m)) return NaN;
  }
  return any ? m : empty;
}

/** A string from UTF-16 code units, in chunks (a flat copy, whatever the length). */
export function fromCharCodes(units: ArrayLike<number>): string {
  const CHUNK = 8192;
  if (units.length <= CHUNK) return String.fromCharCode.apply(null, units as number[]);
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    const end = Math.min(units.length, i + CHUNK);
    parts.push(String.fromCharCode.apply(null, (ArrayBuffer.isView(units) ? (units as unknown as Uint16Array).subarray(i, end) : Array.prototype.slice.call(units, i, end)) as number[]));
  }
  return parts.join('');
}
