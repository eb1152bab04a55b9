/** Human-readable "why was this coded" (`qda code --explain`): place, segment, code, rule, matched words with line:col. */
import type { CodingsDocument } from '../model/types.js';

export function explainCodings(doc: CodingsDocument): string {
  const out: string[] = [];
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const lineIdx = new Map<string, (cp: number) => string>();
  const place = (srcId: string, cp: number) => {
    let f = lineIdx.get(srcId);
    if (!f) {
      const text = sources.get(srcId)?.text ?? '';
      const starts = [0];
      const cps = Array.from(text);
      for (let i = 0; i < cps.length; i++) if (cps[i] === '\n') starts.push(i + 1);
      f = (p: number) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid] <= p) lo = mid;
          else hi = mid - 1;
        }
        return `${lo + 1}:${p - starts[lo] + 1}`;
      };
      lineIdx.set(srcId, f);
    }
    return f(cp);
  };
  for (const c of doc.codings) {
    const path = sources.get(c.sourceId)?.path ?? c.sourceId;
    const head = `${path}:${place(c.sourceId, c.start)} ${c.segmentId ?? ''} ${c.code} [${c.coder}${c.score !== undefined && c.coder !== 'human' ? ` ${c.score}` : ''}]`;
    out.push(head);
    const ev = c.evidence;
    if (ev?.rule) out.push(`    rule ${ev.ruleId ? ev.ruleId + ': ' : ''}${ev.rule}`);
    if (ev?.matches?.length) out.push(`    matched ${ev.matches.map((m) => `"${m.term}" @${place(c.sourceId, m.start)}`).join(', ')}`);
    if (ev?.because) out.push(`    because ${ev.because}`);
    else if (ev?.features?.length) out.push(`    features ${ev.features.join(', ')}`);
    if (ev?.marker) out.push(`    marker ${ev.marker}`);
    if (c.memo) out.push(`    memo ${c.memo}`);
  }
  // learned suggestions ranked per code, most likely first
  const byCode = new Map<string, (typeof doc.codings)[number][]>();
  for (const c of doc.codings) if (c.coder === 'model') (byCode.get(c.code) ?? byCode.set(c.code, []).get(c.code)!).push(c);
  if (byCode.size) {
    out.push('learned suggestions per code, most likely first:');
    for (const [code, list] of [...byCode].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const top = [...list].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.start - b.start).slice(0, 5);
      out.push(`  ${code}: ${top.map((c) => `${sources.get(c.sourceId)?.path ?? c.sourceId}:${place(c.sourceId, c.start).split(':')[0]} (${(c.score ?? 0).toFixed(2)})`).join(', ')}${list.length > 5 ? ` … (${list.length})` : ''}`);
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
