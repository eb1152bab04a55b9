/**
 * A percentage rounded for people, the same way in every table, chart and sentence: to `decimals`,
 * except that a share of something is never written 0 and a share short of the whole never 100.
 * Such a value keeps as many more decimals as it needs (1 of 300 respondents at no decimals: 0.3,
 * not 0; 299 of 300: 99.7, not 100; a coding of 4 characters in 600,000 at two decimals: 0.0007,
 * not 0), so that no cell reads like "nobody" or "everybody" when that is not what was counted.
 */
export function roundPercent(p: number, decimals: number): number {
  if (!Number.isFinite(p)) return p;
  let d = decimals;
  let r = round(p, d);
  // bounded: at most 12 more decimals (a double has about 16 significant digits)
  while (((r === 0 && p !== 0) || (r === 100 && p < 100)) && d < decimals + 12) r = round(p, ++d);
  return r;
}

/** `part` of `whole` as a percentage (roundPercent); null without a whole. */
export function percentOf(part: number, whole: number, decimals: number): number | null {
  return whole > 0 ? roundPercent((100 * part) / whole, decimals) : null;
}

function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
