/**
 * Where to put an inline marker for a decision (pure). Plans insertions into
 * the current text of a source so that the marker codes exactly the span and
 * every marker already in the text keeps its meaning. Returns a reason when
 * that cannot be guaranteed (the caller then falls back to the codings file).
 *
 * Offsets are UTF-16 indices into `text`.
 */
import { findMarkers } from '../coding/markers.js';
import { hasLinkSyntax } from '../coding/links.js';

export interface Insert {
  readonly at: number;
  readonly text: string;
}

export type InlinePlan = { readonly inserts: readonly Insert[] } | { readonly reason: string };

const BAD_ID = /[{}\[\],|@\r\n]/;

/** The marker body, e.g. `{{trust}}`, `{{trust @anna}}`, `{{trust | memo}}`; undefined when the id cannot be written in a marker. */
export function markerText(code: string, coder: string, memo?: string): string | undefined {
  // (an id with `->` or `#`: a marker reads it as a code with a link or a label, {{a->b}} as code
  // "a" linked to "b": written, the coding would come back as another code)
  if (!code.trim() || BAD_ID.test(code) || code !== code.trim() || hasLinkSyntax(code)) return undefined;
  if (coder !== 'human' && (!/^[^\s,@{}|\[\]]+$/.test(coder))) return undefined;
  const m = memo?.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')).replace(/\[\[|\]\]/g, (c) => c[0]).replace(/\s+/g, ' ').trim();
  return `{{${code}${coder !== 'human' ? ` @${coder}` : ''}${m ? ` | ${m}` : ''}}}`;
}

export function planInlineMarker(text: string, span: { start: number; end: number }, turn: { start: number; end: number }, marker: string): InlinePlan {
  const plan = planInserts(text, span, turn, marker);
  if ('reason' in plan) return plan;
  // (a safety net under the rules above: the turn's markers read after the inserts are the ones read
  // before, each coding the same words, and the new one coding the span; else nothing is written)
  const region = text.slice(turn.start, turn.end);
  const shifted = plan.inserts.map((i) => ({ at: i.at - turn.start, text: i.text }));
  const want = [...readings(region), ...readings(`[[${text.slice(span.start, span.end)}]]${marker}`)].sort();
  const got = readings(applyInserts(region, shifted)).sort();
  if (want.length !== got.length || want.some((w, k) => w !== got[k])) return { reason: 'the marker would change what another marker of the turn codes' };
  return plan;
}

/**
 * Each marker of a turn's text as it reads: its kind, labels, coder(s), memo and the words it
 * codes (its exact passage; else the passage before it, or the one of the marker right before it
 * when only spaces and punctuation stand between them, as extractHumanCodings reads them).
 */
function readings(text: string): string[] {
  const out: string[] = [];
  let lastEnd = 0;
  let lastSpan: readonly [number, number] | undefined;
  for (const m of findMarkers(text)) {
    const span = m.exact ?? (lastSpan && /^[\s\p{P}]*$/u.test(text.slice(lastEnd, m.start)) ? lastSpan : ([lastEnd, m.start] as const));
    lastEnd = m.end;
    lastSpan = span;
    out.push(JSON.stringify([m.kind, m.labels, m.coder ?? null, m.coders ?? null, m.memo ?? null, text.slice(span[0], span[1]).trim()]));
  }
  return out;
}

function planInserts(text: string, span: { start: number; end: number }, turn: { start: number; end: number }, marker: string): InlinePlan {
  const { start, end } = span;
  if (!(start >= turn.start && end <= turn.end && start < end)) return { reason: 'the span is outside its turn' };
  // the same span already bracketed: add the marker after the markers that follow it
  if (text.slice(start - 2, start) === '[[' && text.startsWith(']]{{', end)) {
    let p = end + 2;
    const re = /\{\{[^{}\n]*\}\}/y;
    for (;;) {
      re.lastIndex = p;
      const m = re.exec(text);
      if (!m) break;
      p = m.index + m[0].length;
    }
    return { inserts: [{ at: p, text: marker }] };
  }
  const inner = text.slice(start, end);
  if (/\[\[|\]\]|\{\{|\}\}|(?<![\p{L}\p{N}])codes?[ \t]?:/iu.test(inner)) return { reason: 'the span contains markers or brackets' };
  const region = text.slice(turn.start, turn.end);
  for (const mk of findMarkers(region)) {
    // (a span in a marker's own text, `{{trust}}`: brackets and a marker written into it broke that
    // marker, and its coding was lost, `{{[[trust]]{{relatie}}}}`)
    if (start < turn.start + mk.end && end > turn.start + mk.start) return { reason: 'the span lies inside a marker' };
    if (mk.kind === 'legacy') return { reason: 'the turn has a "Code:" marker that codes the text before it' };
    if (!mk.exact) return { reason: 'the turn has a marker that codes the text before it' };
  }
  const before = text.slice(turn.start, start);
  if (before.lastIndexOf('[[') > before.lastIndexOf(']]')) return { reason: 'the span lies inside brackets of another marker' };
  if (text.startsWith('{{', end) || text.startsWith(']]', end)) return { reason: 'a marker follows the span directly' };
  return { inserts: [{ at: start, text: '[[' }, { at: end, text: ']]' + marker }] };
}

/** Apply insertions (UTF-16 positions in the text before any of them). */
export function applyInserts(text: string, inserts: readonly Insert[]): string {
  let out = text;
  for (const ins of [...inserts].sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return out;
}
