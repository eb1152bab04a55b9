/**
 * Natural order of labels (pure): numbers by value (2 < 10), Roman numerals by value
 * (IV < IX < X) when the labels use them, the rest case-insensitively — never plain
 * string order. Used for the rows and columns of framework matrices.
 */

const ROMAN = /^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
const VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function romanValue(s: string): number | undefined {
  if (!s || !ROMAN.test(s)) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = VALUES[s[i]];
    const next = VALUES[s[i + 1]] ?? 0;
    n += v < next ? -v : v;
  }
  return n;
}

type Token = { kind: 'num'; v: number; s: string } | { kind: 'text'; s: string };

/** Split into numbers, words and the rest; words that are Roman numerals become numbers when `roman`. */
function tokens(s: string, roman: boolean): Token[] {
  const out: Token[] = [];
  for (const m of s.matchAll(/(\d+(?:[.,]\d+)?)|([\p{L}]+)|([^\d\p{L}]+)/gu)) {
    if (m[1] !== undefined) out.push({ kind: 'num', v: Number(m[1].replace(',', '.')), s: m[1] });
    else if (m[2] !== undefined) {
      const r = roman ? romanValue(m[2]) : undefined;
      out.push(r !== undefined ? { kind: 'num', v: r, s: m[2] } : { kind: 'text', s: m[2] });
    } else out.push({ kind: 'text', s: m[3] });
  }
  return out;
}

/**
 * Whether a set of labels numbers with Roman numerals: some label has an upper-case
 * Roman word of two or more letters (II, IV, VII), and every single upper-case letter
 * word in the labels is I, V or X (so "team C" and "team M" stay letters).
 */
export function usesRomanNumerals(labels: readonly string[]): boolean {
  let multi = false;
  for (const l of labels) {
    for (const m of l.matchAll(/\p{L}+/gu)) {
      const w = m[0];
      if (w.length === 1 && /\p{Lu}/u.test(w) && !'IVX'.includes(w)) return false;
      if (w.length >= 2 && romanValue(w) !== undefined) multi = true;
    }
  }
  return multi;
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

export function naturalLabelCompare(a: string, b: string, roman = false): number {
  const ta = tokens(a, roman);
  const tb = tokens(b, roman);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (x.kind === 'num' && y.kind === 'num') {
      if (x.v !== y.v) return x.v - y.v;
      continue;
    }
    if (x.kind !== y.kind) return x.kind === 'num' ? -1 : 1;
    const c = collator.compare(x.s, y.s);
    if (c) return c;
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The labels in natural order (Roman numerals by value when the set uses them). */
export function naturalSort(labels: readonly string[]): string[] {
  const roman = usesRomanNumerals(labels);
  return [...labels].sort((a, b) => naturalLabelCompare(a, b, roman));
}
