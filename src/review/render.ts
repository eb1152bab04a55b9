/**
 * Rendering of the review screen (pure): state + terminal size → lines of text
 * (with ANSI styles when colour is on). No line is ever wider than the terminal.
 * Without colour, matched words are shown in [brackets] and the selection in «».
 */
import pc from 'picocolors';
import type { Coding, CodeRef, Lang, Segment, Source } from '../model/types.js';
import { LineIndex, OffsetMap } from '../model/codepoints.js';
import { current, filterCodes, openCount, type CodeOption, type ReviewState } from './state.js';
import { displayWidth, padTo, runsWidth, truncate, truncateRuns, wrapRuns, type Run } from './text.js';

export interface RenderContext {
  readonly lang: Lang;
  readonly codes: readonly CodeOption[];
  readonly codeName: (id: string) => string;
  readonly sourcePath: (sourceId: string) => string;
  /** `line:col` (1-based) of a code-point offset in a source. */
  readonly place: (sourceId: string, cp: number) => string;
  readonly neighbours: (seg: Segment) => { prev?: Segment; next?: Segment };
  /** Human codes on a segment before this session (code ids). */
  readonly humanCodes: (segmentId: string) => readonly string[];
  /** Number of the segment within its source (1-based) and the source's segment count. */
  readonly segmentPosition: (seg: Segment) => { n: number; of: number };
}

export interface Screen {
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

/** Build the render context from the corpus pieces the command has read. */
export function makeRenderContext(input: {
  lang: Lang;
  codes: readonly CodeOption[];
  codeRefs: readonly CodeRef[];
  sources: readonly Source[];
  segments: readonly Segment[];
  humanCodings: readonly Coding[];
}): RenderContext {
  const names = new Map<string, string>();
  for (const c of input.codeRefs) names.set(c.id, c.name?.[input.lang] ?? c.name?.[input.lang === 'nl' ? 'en' : 'nl'] ?? c.id);
  for (const c of input.codes) names.set(c.id, c.name);
  const sources = new Map(input.sources.map((s) => [s.id, s]));
  const bySource = new Map<string, Segment[]>();
  for (const s of input.segments) (bySource.get(s.sourceId) ?? bySource.set(s.sourceId, []).get(s.sourceId)!).push(s);
  for (const list of bySource.values()) list.sort((a, b) => a.start - b.start);
  const index = new Map<string, number>();
  for (const list of bySource.values()) list.forEach((s, i) => index.set(s.id, i));
  const human = new Map<string, string[]>();
  for (const c of input.humanCodings) {
    if (!c.segmentId) continue;
    const l = human.get(c.segmentId) ?? [];
    if (!l.includes(c.code)) l.push(c.code);
    human.set(c.segmentId, l);
  }
  const places = new Map<string, { map: OffsetMap; lines: LineIndex }>();
  return {
    lang: input.lang,
    codes: input.codes,
    codeName: (id) => names.get(id) ?? id,
    sourcePath: (id) => sources.get(id)?.path ?? id,
    place: (id, cp) => {
      let p = places.get(id);
      if (!p) {
        const text = sources.get(id)?.text ?? '';
        places.set(id, (p = { map: new OffsetMap(text), lines: new LineIndex(text) }));
      }
      const u = p.map.toUtf16(cp);
      const { line } = p.lines.toPoint(u);
      const col = cp - p.map.toCp(p.lines.lineStart(line)) + 1;
      return `${line}:${col}`;
    },
    neighbours: (seg) => {
      const list = bySource.get(seg.sourceId) ?? [];
      const i = index.get(seg.id) ?? -1;
      return { prev: i > 0 ? list[i - 1] : undefined, next: i >= 0 && i + 1 < list.length ? list[i + 1] : undefined };
    },
    humanCodes: (id) => human.get(id) ?? [],
    segmentPosition: (seg) => ({ n: (index.get(seg.id) ?? 0) + 1, of: bySource.get(seg.sourceId)?.length ?? 0 }),
  };
}

const L = {
  en: {
    title: 'qda review',
    source: 'source',
    segment: 'segment',
    item: 'suggestion',
    left: 'open',
    suggested: 'Suggested',
    score: 'score',
    rule: 'rule',
    matched: 'matched',
    features: 'features',
    human: 'Human codes here',
    none: 'none',
    memo: 'memo',
    done: 'No suggestions left to review.',
    doneHint: 'Press q to quit and see the summary, or u to undo the last decision.',
    change: 'Change code to',
    add: 'Add a code',
    filter: 'type to filter',
    listHelp: '↑↓ choose · Enter confirm · Esc cancel',
    split: 'Split: select the words to code',
    splitHelp: '←→ move edge · Tab/↑↓ start or end · type a phrase · Enter code · Esc cancel',
    memoTitle: 'Memo (Enter keeps it for the next decision, Esc cancels)',
    edge: { start: 'start', end: 'end' },
    selected: 'selected',
    noMatch: '(no code matches)',
    help: [
      'a accept · r reject · c change · n add · s split · m memo · u undo · → skip · ] next source · q quit',
      'a accept r reject c change n add s split m memo u undo → skip ] next source q quit',
      'a ok r reject c change n add s split m memo u undo → skip ] next q quit',
    ],
  },
  nl: {
    title: 'qda review',
    source: 'bron',
    segment: 'segment',
    item: 'suggestie',
    left: 'open',
    suggested: 'Voorgesteld',
    score: 'score',
    rule: 'regel',
    matched: 'gevonden',
    features: 'kenmerken',
    human: 'Menselijke codes hier',
    none: 'geen',
    memo: 'memo',
    done: 'Geen suggesties meer te beoordelen.',
    doneHint: 'Druk q om te stoppen en de samenvatting te zien, of u om de laatste beslissing ongedaan te maken.',
    change: 'Code wijzigen in',
    add: 'Code toevoegen',
    filter: 'typ om te filteren',
    listHelp: '↑↓ kiezen · Enter bevestigen · Esc annuleren',
    split: 'Splitsen: kies de woorden om te coderen',
    splitHelp: '←→ rand verschuiven · Tab/↑↓ begin of eind · typ een zinsdeel · Enter coderen · Esc annuleren',
    memoTitle: 'Memo (Enter bewaart hem voor de volgende beslissing, Esc annuleert)',
    edge: { start: 'begin', end: 'eind' },
    selected: 'geselecteerd',
    noMatch: '(geen code past)',
    help: [
      'a accepteren · r afwijzen · c wijzigen · n toevoegen · s splitsen · m memo · u ongedaan · → overslaan · ] volgende bron · q stoppen',
      'a accept. r afwijzen c wijzigen n toevoegen s splitsen m memo u ongedaan → overslaan ] volgende bron q stop',
      'a ok r afwijzen c wijzig n toevoeg s splits m memo u terug → overslaan ] volgende q stop',
      'a ok r af c wijzig n erbij s splits m memo u terug → over ] volgende q stop',
    ],
  },
};

/** Render the screen: exactly `height` lines, none wider than `width` columns. */
export function renderScreen(state: ReviewState, ctx: RenderContext, screen: Screen): string[] {
  const width = Math.max(20, screen.width);
  const height = Math.max(10, screen.height);
  const t = L[ctx.lang];
  const paint = style(screen.color);
  const line = (runs: Run[]) => paint(truncateRuns(runs, width));
  const it = current(state);

  const header: Run[] = [];
  const total = state.items.length;
  const open = openCount(state);
  if (it) {
    const seg = it.segment;
    const pos = ctx.segmentPosition(seg);
    const info = ` · ${seg.speaker ?? '—'} · ${t.segment} ${pos.n}/${pos.of} · ${t.item} ${Math.min(state.pos + 1, total)}/${total} · ${t.left} ${open}`;
    // the path gives way first (its end, the file name, stays visible)
    const path = ctx.sourcePath(seg.sourceId);
    const room = width - runsWidth([{ text: `${t.title} · ${info}` }]);
    const cps = Array.from(path);
    let shown = path;
    if (runsWidth([{ text: path }]) > room) {
      shown = '';
      for (let i = cps.length - 1; i >= 0 && runsWidth([{ text: cps[i] + shown }]) <= room - 1; i--) shown = cps[i] + shown;
      shown = '…' + shown;
    }
    header.push({ text: `${t.title} · ${shown}${info}`, style: 'inverse' });
  } else header.push({ text: `${t.title} · ${t.left} ${open}/${total}`, style: 'inverse' });
  const headerLine = paint(truncateRuns([{ text: padTo(header.map((r) => r.text).join(''), width), style: 'inverse' }], width));

  const bottom: string[] = [];
  bottom.push(state.message ? line([{ text: state.message, style: 'warn' }]) : '');
  const help = modeHelp(state, t);
  bottom.push(line([{ text: help.find((h) => runsWidth([{ text: h }]) <= width) ?? help[help.length - 1], style: 'dim' }]));

  const body: string[] = [];
  if (!it) {
    body.push('', line([{ text: t.done, style: 'bold' }]), ...wrapRuns([{ text: t.doneHint }], width).map(line));
  } else {
    // suggestion panel
    const info: string[] = [];
    const c = it.coding;
    info.push(line(suggestedRuns(t.suggested, ctx.codeName(c.code), c.code, ` · ${c.coder}${c.score !== undefined ? ` · ${t.score} ${scoreText(c.score, ctx.lang)}` : ''}`, width)));
    const ev = c.evidence;
    if (ev?.rule || ev?.ruleId) info.push(line([{ text: `  ${t.rule} ${ev.ruleId ?? ''}${ev.rule ? `: ${ev.rule}` : ''}`, style: 'dim' }]));
    if (ev?.matches?.length) {
      info.push(line([{ text: `  ${t.matched} ` }, ...ev.matches.flatMap((m, i) => [{ text: i ? ', ' : '' }, { text: `"${m.term}"`, style: 'match' as const }, { text: ` ${ctx.place(c.sourceId, m.start)}` }])]));
    }
    if (ev?.features?.length) info.push(line([{ text: `  ${t.features} ${ev.features.join(', ')}`, style: 'dim' }]));
    const human = humanHere(state, ctx, it.segment.id);
    info.push(line([{ text: `${t.human}: `, style: 'bold' }, { text: human.length ? human.map((h) => `${ctx.codeName(h)} (${h})`).join(', ') : t.none }]));
    if (state.memo) info.push(line([{ text: `${t.memo}: ${state.memo}`, style: 'accent' }]));

    const panel = modePanel(state, ctx, width, Math.max(3, height - 1 - bottom.length - info.length - 6), line);
    const context = height - 1 - bottom.length - info.length - panel.length - 2;
    // the segment gets most of the room; one or two lines of context before and after
    const { prev, next } = ctx.neighbours(it.segment);
    const ctxLines = context >= 10 ? 2 : context >= 6 ? 1 : 0;
    const segLines = Math.max(1, context - 2 * ctxLines - (ctxLines ? 2 : 0));
    const turnText = (s: Segment) => `${s.speaker ? s.speaker + ': ' : ''}${s.text}`;
    const dimTurn = (s: Segment | undefined, fromEnd: boolean) => {
      if (!s || !ctxLines) return [] as string[];
      let w = wrapRuns([{ text: turnText(s), style: 'dim' }], width);
      if (w.length > ctxLines) w = fromEnd ? [[{ text: '…', style: 'dim' }, ...w[w.length - ctxLines]], ...w.slice(w.length - ctxLines + 1)] : [...w.slice(0, ctxLines - 1), [...w[ctxLines - 1], { text: ' …', style: 'dim' }]];
      return w.map(line);
    };
    if (ctxLines) {
      const p = dimTurn(prev, true);
      // bounded: lines of one screen
      body.push(...p, ...Array(ctxLines - p.length).fill(''), paint([{ text: '─'.repeat(width), style: 'dim' }]));
    }
    const segRuns = segmentRuns(state, it, screen.color);
    let wrapped = wrapRuns(segRuns, width);
    if (wrapped.length > segLines) {
      // keep the first match in view
      wrapped = wrapped.slice(0, segLines);
      wrapped[segLines - 1] = truncateRuns([...wrapped[segLines - 1], { text: ' ……' }], width);
    }
    // bounded: lines of one screen
    body.push(...wrapped.map(line), ...Array(segLines - wrapped.length).fill(''));
    if (ctxLines) body.push(paint([{ text: '─'.repeat(width), style: 'dim' }]), ...dimTurn(next, false));
    while (body.length < context) body.push('');
    // bounded: lines of one screen
    body.push(...info, ...panel);
  }
  const lines = [headerLine];
  const room = height - 1 - bottom.length;
  // bounded: lines of one screen
  lines.push(...body.slice(0, room));
  while (lines.length < height - bottom.length) lines.push('');
  // bounded: lines of one screen
  lines.push(...bottom);
  return lines;
}

/** A score for people: at most 2 decimals, a decimal comma in Dutch. */
export function scoreText(score: number, lang: Lang): string {
  const s = String(Math.round(score * 100) / 100);
  return lang === 'nl' ? s.replace('.', ',') : s;
}

/**
 * `Suggested: name (id) · coder · score 0.8`: the coder and the score always stay in view; a long
 * name gives way first (cut with …), then the id.
 */
function suggestedRuns(label: string, name: string, id: string, tail: string, width: number): Run[] {
  const head = `${label}: `;
  const room = width - displayWidth(head) - displayWidth(tail);
  const idPart = ` (${id})`;
  let shownName = name;
  let shownId = idPart;
  if (displayWidth(name + idPart) > room) {
    if (room - displayWidth(idPart) >= Math.min(12, displayWidth(name))) shownName = truncate(name, room - displayWidth(idPart));
    else {
      shownId = '';
      shownName = truncate(name, room);
    }
  }
  return [{ text: head, style: 'bold' }, { text: shownName, style: 'accent' }, { text: shownId + tail }];
}

function humanHere(state: ReviewState, ctx: RenderContext, segmentId: string): string[] {
  const out = [...ctx.humanCodes(segmentId)];
  for (const h of state.history) if (h.decision.segment === segmentId && h.decision.decision !== 'reject' && !out.includes(h.decision.code)) out.push(h.decision.code);
  return out;
}

function modeHelp(state: ReviewState, t: (typeof L)['en']): string[] {
  switch (state.mode.kind) {
    case 'change':
    case 'add':
      return [t.listHelp];
    case 'split':
      return [t.splitHelp];
    case 'memo':
      return ['Enter ok · Esc'];
    default:
      return t.help;
  }
}

/** The segment text as runs: speaker label, matched words highlighted, the split selection marked. */
function segmentRuns(state: ReviewState, it: NonNullable<ReturnType<typeof current>>, color: boolean): Run[] {
  const seg = it.segment;
  const cps = Array.from(seg.text);
  const mark = new Array<number>(cps.length).fill(0); // 1 = match, 2 = selected
  for (const m of it.coding.evidence?.matches ?? []) {
    for (let i = Math.max(0, m.start - seg.start); i < Math.min(cps.length, m.end - seg.start); i++) mark[i] = 1;
  }
  const m = state.mode;
  if (m.kind === 'split' && m.words.length) {
    for (let i = m.words[m.from].start; i < m.words[m.to].end; i++) mark[i] = 2;
  }
  const runs: Run[] = [];
  if (seg.speaker) runs.push({ text: `${seg.speaker}: `, style: 'bold' });
  let i = 0;
  while (i < cps.length) {
    let j = i;
    while (j < cps.length && mark[j] === mark[i]) j++;
    const text = cps.slice(i, j).join('');
    if (mark[i] === 0) runs.push({ text });
    else if (color) runs.push({ text, style: mark[i] === 1 ? 'match' : 'selected' });
    else runs.push({ text: mark[i] === 1 ? `[${text}]` : `«${text}»` });
    i = j;
  }
  return runs;
}

function modePanel(state: ReviewState, ctx: RenderContext, width: number, maxLines: number, line: (r: Run[]) => string): string[] {
  const t = L[ctx.lang];
  const m = state.mode;
  if (m.kind === 'change' || m.kind === 'add') {
    const list = filterCodes(ctx.codes, m.filter);
    const out = [line([{ text: `${m.kind === 'change' ? t.change : t.add}: `, style: 'bold' }, { text: m.filter || `(${t.filter})`, style: m.filter ? 'accent' : 'dim' }, { text: '▏' }])];
    const n = Math.max(1, Math.min(list.length, maxLines - 1, 8));
    const first = Math.max(0, Math.min(m.cursor - n + 1, list.length - n));
    for (let i = first; i < first + n && i < list.length; i++) {
      const c = list[i];
      const indent = m.filter ? '' : '  '.repeat(Math.min(c.depth, 6));
      const text = `${i === m.cursor ? '▸ ' : '  '}${indent}${c.name} (${c.id})`;
      out.push(line([{ text, ...(i === m.cursor ? { style: 'selected' as const } : {}) }]));
    }
    if (!list.length) out.push(line([{ text: t.noMatch, style: 'dim' }]));
    return out;
  }
  if (m.kind === 'split') {
    const sel = m.words.slice(m.from, m.to + 1).map((w) => w.text).join(' ');
    return [
      line([{ text: t.split, style: 'bold' }, { text: ` (${t.edge[m.edge]})` }, ...(m.typed ? [{ text: `  “${m.typed}”`, style: 'accent' as const }] : [])]),
      line([{ text: `${t.selected}: `, style: 'dim' }, { text: sel, style: 'selected' }]),
    ];
  }
  if (m.kind === 'memo') {
    const wrapped = wrapRuns([{ text: m.text + '▏', style: 'accent' }], width);
    return [line([{ text: t.memoTitle, style: 'bold' }]), ...wrapped.slice(-Math.max(1, Math.min(3, maxLines - 1))).map(line)];
  }
  return [];
}

/** Serialise runs with ANSI styles (or plainly without colour). */
function style(color: boolean): (runs: readonly Run[]) => string {
  const c = pc.createColors(color);
  const fns: Record<NonNullable<Run['style']>, (s: string) => string> = {
    match: (s) => c.underline(c.bold(c.yellow(s))),
    dim: c.dim,
    bold: c.bold,
    inverse: c.inverse,
    selected: (s) => c.inverse(c.cyan(s)),
    accent: c.cyan,
    warn: c.yellow,
  };
  return (runs) => runs.map((r) => (r.style ? fns[r.style](r.text) : r.text)).join('');
}

/** Strip ANSI escape sequences (for measuring and tests). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
