/**
 * The end-of-review summary (pure): per suggested code how many suggestions
 * were accepted, changed or rejected — the precision of the rules as judged by
 * the researcher — and a hint for rules that are rejected most of the time.
 */
import type { Lang } from '../model/types.js';
import type { Decision } from './state.js';
import { maxOf } from '../model/arrays.js';

export interface CodeTally {
  readonly code: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly changed: number;
  readonly added: number;
  /** accepted / (accepted + rejected + changed); NaN when nothing was decided. */
  readonly rate: number;
}

export interface RuleTally {
  readonly rule: string;
  readonly code: string;
  readonly accepted: number;
  readonly total: number;
}

export function tally(decisions: readonly Decision[]): { codes: CodeTally[]; rules: RuleTally[] } {
  const codes = new Map<string, { accepted: number; rejected: number; changed: number; added: number }>();
  const rules = new Map<string, RuleTally & { accepted: number; total: number }>();
  for (const d of decisions) {
    const key = d.decision === 'add' ? d.code : d.originalCode;
    const t = codes.get(key) ?? { accepted: 0, rejected: 0, changed: 0, added: 0 };
    if (d.decision === 'accept' || d.decision === 'split') t.accepted++;
    else if (d.decision === 'reject') t.rejected++;
    else if (d.decision === 'change') t.changed++;
    else t.added++;
    codes.set(key, t);
    if (d.decision === 'add') continue;
    for (const r of (d.rule ?? '').split(',').filter(Boolean)) {
      const k = `${d.originalCode} ${r}`;
      const rt = rules.get(k) ?? { rule: r, code: d.originalCode, accepted: 0, total: 0 };
      rules.set(k, { ...rt, accepted: rt.accepted + (d.decision === 'accept' || d.decision === 'split' ? 1 : 0), total: rt.total + 1 });
    }
  }
  return {
    codes: [...codes.entries()]
      .map(([code, t]) => ({ code, ...t, rate: t.accepted / (t.accepted + t.rejected + t.changed) }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    rules: [...rules.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
  };
}

const T = {
  en: {
    title: (n: number, s: number) => `qda review: ${n} decision${n === 1 ? '' : 's'} in total (${s} in this session)`,
    head: ['code', 'accepted', 'changed', 'rejected', 'added', 'accepted %'],
    hint: (r: RuleTally) => `hint: rule ${r.rule} of code ${r.code} was rejected ${r.total - r.accepted} of ${r.total} times; consider tightening it`,
    none: 'qda review: no decisions yet',
    left: (n: number) => `${n} suggestion${n === 1 ? '' : 's'} still open (run qda review again to continue)`,
  },
  nl: {
    title: (n: number, s: number) => `qda review: ${n} beslissing${n === 1 ? '' : 'en'} in totaal (${s} in deze sessie)`,
    head: ['code', 'geaccepteerd', 'gewijzigd', 'afgewezen', 'toegevoegd', '% geaccepteerd'],
    hint: (r: RuleTally) => `tip: regel ${r.rule} van code ${r.code} werd ${r.total - r.accepted} van de ${r.total} keer afgewezen; overweeg hem strenger te maken`,
    none: 'qda review: nog geen beslissingen',
    left: (n: number) => `nog ${n} suggestie${n === 1 ? '' : 's'} open (start qda review opnieuw om verder te gaan)`,
  },
};

/** Rules with at least `minDecisions` decisions and an acceptance below `maxRate`. */
export function weakRules(rules: readonly RuleTally[], minDecisions = 5, maxRate = 0.3): RuleTally[] {
  return rules.filter((r) => r.total >= minDecisions && r.accepted / r.total < maxRate);
}

export function formatSummary(all: readonly Decision[], session: number, open: number, lang: Lang): string {
  const t = T[lang];
  if (!all.length) return `${t.none}\n${open ? t.left(open) + '\n' : ''}`;
  const { codes, rules } = tally(all);
  const rows = codes.map((c) => [c.code, String(c.accepted), String(c.changed), String(c.rejected), String(c.added), Number.isNaN(c.rate) ? '—' : `${Math.round(c.rate * 100)}%`]);
  const widths = t.head.map((h, i) => Math.max(h.length, maxOf(rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const out = [t.title(all.length, session), fmt(t.head), ...rows.map(fmt)];
  for (const r of weakRules(rules)) out.push(t.hint(r));
  if (open) out.push(t.left(open));
  return out.join('\n') + '\n';
}
