/**
 * Human codings (pure): inline markers in the sources, and codings read from
 * other tools mapped onto the corpus' segments.
 *
 * Inline markers (see markers.ts): a marker codes the text BEFORE it in the
 * same turn, back to the previous marker or the turn's start (after the
 * `Speaker:` label); `[[…]]{{…}}` codes exactly the bracketed words. Several
 * markers in a row (`… Code: a Code: b`, `{{a}}{{b}}`) code the same text.
 * A coded span that covers several segments of the requested unit (e.g.
 * sentences) yields one coding per segment, clipped to it.
 *
 * Unknown labels (not an id or name of a given code) are never dropped: the
 * code is kept as an uncategorised human code (no parent) and a warning
 * names the file and line.
 */
import type { CodeRef, Coding, CodingsDocument, Corpus, Diagnostic, Segment, Source } from '../model/types.js';
import { LineIndex, OffsetMap } from '../model/codepoints.js';
import { findMarkers, labelKey, type Marker } from './markers.js';
import { maxOf, minOf } from '../model/arrays.js';

export interface HumanCodingsResult {
  readonly codings: Coding[];
  /** Codes found in markers but not in any codebook (kept, uncategorised). */
  readonly extraCodes: CodeRef[];
  readonly diagnostics: Diagnostic[];
}

/** label key (id, English or Dutch name, lower case, spaces → `-`) → code id. */
export function codeResolver(codes: readonly CodeRef[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of codes) m.set(labelKey(c.id), c.id);
  for (const c of codes) {
    for (const n of [c.name?.en, c.name?.nl]) if (n && !m.has(labelKey(n))) m.set(labelKey(n), c.id);
  }
  return m;
}

interface Region {
  /** UTF-16, after the speaker label. */
  start: number;
  end: number;
}

/** Turn regions of a source (UTF-16), from its segments (grouped by turn), else blank-line paragraphs. */
function regionsOf(src: Source, segs: readonly Segment[], map: OffsetMap): Region[] {
  const byTurn = new Map<number, { start: number; end: number; speaker: string | null }>();
  for (const s of segs) {
    const t = s.unit === 'turn' ? s.index : s.turn ?? s.index;
    const r = byTurn.get(t);
    if (!r) byTurn.set(t, { start: s.start, end: s.end, speaker: s.speaker });
    else {
      r.start = Math.min(r.start, s.start);
      r.end = Math.max(r.end, s.end);
    }
  }
  const out: Region[] = [];
  if (byTurn.size) {
    for (const r of [...byTurn.values()].sort((a, b) => a.start - b.start)) {
      let start = map.toUtf16(r.start);
      const end = map.toUtf16(r.end);
      if (r.speaker) {
        const head = src.text.slice(start, Math.min(end, start + r.speaker.length + 200));
        const lab = /^\s*\[?[^\n:\]]{1,80}\]?:[ \t]*/.exec(head);
        if (lab && head.trimStart().startsWith(r.speaker.replace(/^\[/, '')) ) start += lab[0].length;
        else if (lab && head.trimStart().startsWith('[' + r.speaker)) start += lab[0].length;
      }
      out.push({ start, end });
    }
    return out;
  }
  const re = /(?:\r?\n[ \t]*){2,}/g;
  let pos = 0;
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
    out.push({ start: pos, end: m.index });
    pos = m.index + m[0].length;
  }
  out.push({ start: pos, end: src.text.length });
  return out;
}

const ONLY_FILLER = /^[\s\p{P}]*$/u;

export function extractHumanCodings(corpus: Corpus, codes: readonly CodeRef[], opts: { knownLabels?: readonly string[] } = {}): HumanCodingsResult {
  const resolve = codeResolver(codes);
  // labels: codebook keys + labels that end a turn or precede a sentence start somewhere in the corpus
  const known = new Set<string>([...resolve.keys(), ...(opts.knownLabels ?? []).map(labelKey)]);
  for (const src of corpus.sources) {
    if (!src.text.includes('Code:')) continue;
    for (const m of findMarkers(src.text)) {
      if (m.kind !== 'legacy') continue;
      const after = src.text.slice(m.end, m.end + 3);
      if (after === '' || /^\s*(?:\n|$)/.test(after) || /^[ \t]+\p{Lu}/u.test(after)) known.add(labelKey(m.labels[0]));
    }
  }
  const segsBySource = new Map<string, Segment[]>();
  for (const s of corpus.segments) (segsBySource.get(s.sourceId) ?? segsBySource.set(s.sourceId, []).get(s.sourceId)!).push(s);

  const codings: Coding[] = [];
  const extra = new Map<string, CodeRef>();
  const diagnostics: Diagnostic[] = [];
  const unknown = new Map<string, { file: string; code: string; label: string; marker: string; line: number; column: number; lines: number[] }>();
  const ambiguous = ambiguousCodes(codes);
  for (const src of corpus.sources) {
    const text = src.text;
    if (!text.includes('{{') && !text.includes('Code:')) continue;
    const markers = findMarkers(text, known);
    if (!markers.length) continue;
    const map = new OffsetMap(text);
    const lines = new LineIndex(text);
    const segs = (segsBySource.get(src.id) ?? []).slice().sort((a, b) => a.start - b.start);
    const regions = regionsOf(src, segs, map);
    let ri = 0;
    let last: { region: number; end: number; span: [number, number] } | undefined;
    for (const mk of markers) {
      while (ri < regions.length - 1 && regions[ri].end <= mk.start) ri++;
      const region = regions[ri] && regions[ri].start <= mk.start + 1 && mk.start <= regions[ri].end ? regions[ri] : { start: 0, end: text.length };
      let span: [number, number];
      if (mk.exact) span = [mk.exact[0], mk.exact[1]];
      else {
        const from = last && last.region === ri && last.end > region.start ? last.end : region.start;
        const between = text.slice(from, mk.start);
        if (ONLY_FILLER.test(between) && last && last.region === ri) span = last.span;
        else if (ONLY_FILLER.test(between)) span = [region.start, mk.start];
        else span = trim(text, from, mk.start);
      }
      last = { region: ri, end: mk.end, span };
      const { line, column } = lines.toPoint(mk.start);
      for (const label of mk.labels) {
        let code = resolve.get(labelKey(label));
        if (!code) {
          code = labelKey(label);
          if (!extra.has(code)) {
            extra.set(code, { id: code, name: { en: label, nl: label } });
          }
          const key = `${src.path}\u0000${code}`;
          const u = unknown.get(key);
          if (u) u.lines.push(line);
          else unknown.set(key, { file: src.path, code, label, marker: mk.text, line, column: map.toCp(mk.start) - map.toCp(lines.lineStart(line)) + 1, lines: [line] });
        } else if (ambiguous.has(code)) {
          const books = ambiguous.get(code)!;
          diagnostics.push({
            severity: 'warning',
            source: 'coding',
            ruleId: 'ambiguous-code',
            message: `marker ${JSON.stringify(mk.text)} names code "${code}", which is defined in ${books.length === 2 ? 'both ' : ''}${listBooks(books)}; it is counted under ${books[0]} (the first codebook loaded)`,
            file: src.path,
            line,
            column: map.toCp(mk.start) - map.toCp(lines.lineStart(line)) + 1,
            hint: `give the code a new id in your own codebook (e.g. "${books[books.length - 1]}-${code}") and use that in the marker, or load only one of these codebooks`,
            actual: label,
            expected: [...books],
          });
        }
        pushCodings(codings, src, segs, map, span, code, mk, column);
      }
    }
  }
  for (const u of unknown.values()) {
    diagnostics.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'unknown-code',
      message: `marker ${JSON.stringify(u.marker)} names a code that is in no codebook ("${u.label}") at line${u.lines.length > 1 ? 's' : ''} ${u.lines.join(', ')}; kept as an uncategorised human code "${u.code}"`,
      file: u.file,
      line: u.line,
      column: u.column,
      hint: 'add the code to a codebook (with its parent), or correct the marker',
      actual: u.label,
    });
  }
  return { codings, extraCodes: [...extra.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), diagnostics };
}

/** Code ids that two or more codebooks define → those codebooks, in the order given. */
export function ambiguousCodes(codes: readonly CodeRef[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const c of codes) {
    if (!c.codebook) continue;
    const l = by.get(c.id);
    if (!l) by.set(c.id, [c.codebook]);
    else if (!l.includes(c.codebook)) l.push(c.codebook);
  }
  for (const [id, l] of by) if (l.length < 2) by.delete(id);
  return by;
}

/** "a and b", "a, b and c". */
export function listBooks(books: readonly string[]): string {
  return books.length <= 1 ? books.join('') : `${books.slice(0, -1).join(', ')} and ${books[books.length - 1]}`;
}

function trim(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

function pushCodings(out: Coding[], src: Source, segs: readonly Segment[], map: OffsetMap, span: [number, number], code: string, mk: Marker, _col: number): void {
  const start = map.toCp(span[0]);
  const end = map.toCp(span[1]);
  const coder = mk.coder ?? 'human';
  const base = {
    code,
    coder,
    score: 1,
    evidence: { marker: mk.text },
    ...(mk.memo ? { memo: mk.memo } : {}),
  };
  const over = segs.filter((s) => s.start < end && s.end > start);
  if (!over.length) {
    out.push({ id: `${src.id}:${code}:${coder}:${start}`, sourceId: src.id, start, end, ...base });
    return;
  }
  for (const s of over) {
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    out.push({ id: `${s.id}:${code}:${coder}:${a}`, sourceId: src.id, segmentId: s.id, start: a, end: b, ...base });
  }
}

/**
 * Map codings read from another tool (readCodings: a codings document or a flat CSV)
 * onto this corpus' segments: by segment id, by source + offsets, or by source +
 * turn number (`turnNumbers`: segment refs are 1-based turns in file order).
 */
export function mapImportedCodings(
  doc: CodingsDocument,
  corpus: Corpus,
  codes: readonly CodeRef[],
  opts: { file: string; turnNumbers?: boolean },
): HumanCodingsResult {
  const resolve = codeResolver(codes);
  const byId = new Map(corpus.sources.map((s) => [s.id, s]));
  const byBase = new Map<string, Source>();
  for (const s of corpus.sources) {
    const b = s.path.split('/').pop()!.replace(/\.[^.]+$/, '');
    if (!byBase.has(b)) byBase.set(b, s);
  }
  const segsBySource = new Map<string, Segment[]>();
  for (const s of corpus.segments) (segsBySource.get(s.sourceId) ?? segsBySource.set(s.sourceId, []).get(s.sourceId)!).push(s);
  const segById = new Map(corpus.segments.map((s) => [s.id, s]));
  const docSegs = new Map(doc.segments.map((s) => [s.id, s]));
  const codings: Coding[] = [];
  const extra = new Map<string, CodeRef>();
  const diagnostics: Diagnostic[] = [];
  const missing = new Set<string>();
  for (const c of doc.codings) {
    const src = byId.get(c.sourceId) ?? byBase.get(c.sourceId.replace(/\.[^.]+$/, ''));
    if (!src) {
      if (!missing.has(c.sourceId)) {
        missing.add(c.sourceId);
        diagnostics.push({ severity: 'warning', source: 'coding', ruleId: 'codings-unknown-source', message: `codings for source "${c.sourceId}" do not match any source read; they are kept without segment`, file: opts.file, hint: 'check the source column (the file name without extension)' });
      }
      codings.push(c);
      continue;
    }
    let code = resolve.get(labelKey(c.code)) ?? c.code;
    if (!resolve.has(labelKey(c.code))) {
      code = codes.length ? labelKey(c.code) : c.code;
      if (!extra.has(code)) {
        extra.set(code, { id: code, name: { en: c.code, nl: c.code } });
        if (codes.length) diagnostics.push({ severity: 'warning', source: 'coding', ruleId: 'unknown-code', message: `code "${c.code}" is in no codebook; kept as an uncategorised human code "${code}"`, file: opts.file, actual: c.code, hint: 'add the code to a codebook, or correct the codings file' });
      }
    }
    const segs = segsBySource.get(src.id) ?? [];
    let target: Segment[] = [];
    let span: [number, number] | undefined;
    if (c.end > c.start) {
      span = [c.start, c.end];
    } else if (c.segmentId) {
      const ref = c.segmentId.split('#').pop()!;
      const own = segById.get(`${src.id}#${ref}`);
      if (opts.turnNumbers && /^\d+$/.test(ref)) {
        const t = Number(ref) - 1;
        const inTurn = segs.filter((s) => (s.unit === 'turn' ? s.index : s.turn) === t);
        if (inTurn.length) span = [minOf(inTurn.map((s) => s.start)), maxOf(inTurn.map((s) => s.end))];
      } else if (own) span = [own.start, own.end];
      else {
        const ds = docSegs.get(c.segmentId);
        if (ds && ds.end > ds.start) span = [ds.start, ds.end];
      }
    }
    if (span) target = segs.filter((s) => s.start < span![1] && s.end > span![0]);
    const coder = c.coder || 'human';
    if (!target.length) {
      codings.push({ ...c, sourceId: src.id, code, coder, id: `${src.id}:${code}:${coder}:${c.start}` });
      continue;
    }
    for (const s of target) {
      const a = Math.max(s.start, span![0]);
      const b = Math.min(s.end, span![1]);
      codings.push({ ...c, sourceId: src.id, segmentId: s.id, code, coder, start: a, end: b, id: `${s.id}:${code}:${coder}:${a}` });
    }
  }
  return { codings, extraCodes: [...extra.values()], diagnostics };
}
