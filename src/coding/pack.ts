/**
 * Rule codings in a compact form for passing between threads (pure): numbers
 * in one array and each distinct string once (rule descriptions repeat on
 * every coding of a rule). `unpackCodings(packCodings(c))` deep-equals `c`,
 * with the same property order (so JSON output is byte-identical).
 * Only the fields `applyCodebook` produces are kept.
 */
import type { Coding, Match } from '../model/types.js';
import { StringTable } from '../model/string-table.js';

export interface PackedCodings {
  readonly strings: string[];
  readonly nums: number[];
}

export function packCodings(codings: readonly Coding[]): PackedCodings {
  const table = new StringTable();
  const S = (x: string) => table.of(x);
  const nums: number[] = [];
  for (const c of codings) {
    const ev = c.evidence!;
    const ms = ev.matches ?? [];
    nums.push(S(c.segmentId!), S(c.sourceId), S(c.code), c.start, c.end, c.score!, S(ev.codebook!), ev.codebookVersion === undefined ? -1 : S(ev.codebookVersion), S(ev.ruleId!), S(ev.rule!), ms.length);
    for (const m of ms) nums.push(m.start, m.end, S(m.term!));
  }
  return { strings: table.strings, nums };
}

export function unpackCodings(p: PackedCodings): Coding[] {
  const { strings: s, nums: n } = p;
  const out: Coding[] = [];
  let i = 0;
  while (i < n.length) {
    const segmentId = s[n[i]];
    const sourceId = s[n[i + 1]];
    const code = s[n[i + 2]];
    const start = n[i + 3];
    const end = n[i + 4];
    const score = n[i + 5];
    const codebook = s[n[i + 6]];
    const version = n[i + 7];
    const ruleId = s[n[i + 8]];
    const rule = s[n[i + 9]];
    const k = n[i + 10];
    i += 11;
    const matches: Match[] = [];
    for (let j = 0; j < k; j++, i += 3) matches.push({ start: n[i], end: n[i + 1], term: s[n[i + 2]] });
    out.push({
      id: `${segmentId}:${code}:rules`,
      sourceId,
      segmentId,
      code,
      coder: 'rules',
      start,
      end,
      score,
      evidence: version >= 0 ? { codebook, codebookVersion: s[version], ruleId, rule, matches } : { codebook, ruleId, rule, matches },
    });
  }
  return out;
}
