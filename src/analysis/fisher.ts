/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]], two-sided
 * (sum of the probabilities of all tables with the same margins that are no
 * more likely than the observed one, with R's relative tolerance 1e-7). Pure.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  for (const x of [a, b, c, d]) if (!(Number.isInteger(x) && x >= 0)) throw new RangeError('Fisher: counts must be non-negative integers');
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  if (n === 0) return 1;
  const lf = logFactorials(n);
  const logP = (x: number) => lf[r1] + lf[r2] + lf[c1] + lf[n - c1] - lf[n] - lf[x] - lf[r1 - x] - lf[c1 - x] - lf[r2 - c1 + x];
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  const obs = logP(a);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= obs + Math.log1p(1e-7)) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

function logFactorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) f[i] = f[i - 1] + Math.log(i);
  return f;
}
