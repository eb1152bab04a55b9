/**
 * The output of `qda segments`, written source by source (never the corpus in memory, never
 * one giant string): Markdown as it comes; CSV and JSON through a spool file, because the
 * CSV's attribute columns and the JSON's list of sources (which comes first) are known only
 * at the end. The bytes are those of rendering the whole corpus at once.
 */
import { stat } from 'node:fs/promises';
import { escapeMarkdown } from './escape.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Segment, Source, Unit } from '../model/types.js';
import { csvCell } from './render-table.js';
import { idsAsMade } from '../model/segments-as-made.js';
import { eachSegment, segmentSource, type SegmentPlan } from '../ingest/segment.js';
import { openSpool, writeStreamAtomic, type Spool } from './write-file-atomic.js';

export type SegmentsFormat = 'json' | 'csv' | 'md';

const RESERVED = new Set(['source', 'case', 'index', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text', 'kind', 'line', 'unit', 'turn', 'segment']);

/** A CSV cell of the segments table (numbers as JavaScript writes them). */
const cell = (v: string | number) => (typeof v === 'number' ? String(v) : csvCell(v));

function clock(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(h)}:${p(m)}:${p(s)}`;
}

/** A Markdown cell on one line (escapeMarkdown; a line break as a space, as the segment texts are read). */
function mdCell(s: string, where: 'text' | 'heading' | 'inline' = 'inline'): string {
  return escapeMarkdown(s.replace(/\r?\n|\r/g, ' '), where);
}

/** The Markdown lines of one source (sources joined by '\n'). */
function mdLines(s: Source, segs: readonly Segment[], unit: Unit): string[] {
  const out: string[] = [`## ${mdCell(s.id, 'heading')}`, ''];
  const attrs = Object.entries(s.attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  out.push(`${mdCell(s.path, 'text')} · ${s.kind} · ${s.format} · ${s.encoding} · ${s.newline.toUpperCase()}${s.language ? ' · ' + s.language : ''} · case ${mdCell(s.case)}${attrs ? ' · ' + mdCell(attrs) : ''} · ${segs.length} ${unit}${segs.length === 1 ? '' : 's'}`, '');
  if (segs.length === 0) return out;
  const hasTime = segs.some((g) => g.time);
  out.push(`| # | speaker | role | start–end${hasTime ? ' | time' : ''} | text |`);
  out.push(`|--:|---|---|---${hasTime ? '|---' : ''}|---|`);
  for (const g of segs) {
    const time = g.time ? clock(g.time.start) + (g.time.end !== undefined ? '–' + clock(g.time.end) : '') : '';
    out.push(`| ${g.index} | ${mdCell(g.speaker ?? '')} | ${g.role} | ${g.start}–${g.end}${hasTime ? ` | ${time}` : ''} | ${mdCell(g.text)} |`);
  }
  out.push('');
  return out;
}

/**
 * CSV rows (each after a line break, as written above) with `insert` put after the `n`-th cell
 * of each row. The rows are our own CSV: a quoted cell doubles its quotes.
 */
export function withCellsAfter(rows: string, n: number, insert: string): string {
  const parts: string[] = [];
  let from = 0;
  let p = 0;
  const len = rows.length;
  /** The end of the cell that starts at i. */
  const cellEnd = (i: number): number => {
    if (rows.charCodeAt(i) === 34) {
      for (let q = rows.indexOf('"', i + 1); q !== -1; q = rows.indexOf('"', q + 2)) if (rows.charCodeAt(q + 1) !== 34) return q + 1;
      return len;
    }
    const c = rows.indexOf(',', i);
    const nl = rows.indexOf('\n', i);
    return c === -1 ? (nl === -1 ? len : nl) : nl === -1 ? c : Math.min(c, nl);
  };
  while (p < len) {
    // p is at the line break before a row
    let i = p + 1;
    for (let k = 0; k < n; k++) {
      i = cellEnd(i);
      if (k < n - 1) i++; // (the comma)
    }
    parts.push(rows.slice(from, i), insert);
    from = i;
    // the rest of the row: to the next line break outside quotes
    while (i < len && rows.charCodeAt(i) !== 10) i = rows.charCodeAt(i) === 44 ? cellEnd(i + 1) : cellEnd(i);
    p = i;
  }
  parts.push(rows.slice(from));
  return parts.join('');
}

/** A byte buffer that grows, for CSV rows written as UTF-8 without intermediate strings. */
export class RowBytes {
  buf: Buffer;
  /** A view of `buf` (made again with it), for writing 4 bytes at a time (`put`). */
  dv: DataView;
  /** Bytes in `buf`. */
  n = 0;
  /** Bytes handed over by `take`. */
  private taken = 0;
  constructor(private readonly size = 1 << 21) {
    this.buf = Buffer.allocUnsafe(size);
    this.dv = viewOf(this.buf);
  }

  /** Bytes written in all. */
  get total(): number {
    return this.taken + this.n;
  }

  /** Make room for `k` more bytes (`buf` may change). */
  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(b, 0, 0, this.n);
    this.buf = b;
    this.dv = viewOf(b);
  }

  /** The bytes so far (handed over: the next ones go to a new buffer). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.n);
    this.taken += this.n;
    this.buf = Buffer.allocUnsafe(this.size);
    this.dv = viewOf(this.buf);
    this.n = 0;
    return out;
  }

  /** A string as UTF-8 (room made here). */
  str(s: string): void {
    this.room(s.length * 3);
    this.n += this.buf.write(s, this.n);
  }
}

const viewOf = (b: Buffer): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Bytes of a short string. */
const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/**
 * Bytes as `put` copies them: their number, then the bytes 4 at a time (little-endian, the last
 * word padded with zeros).
 */
function words(b: Uint8Array): Int32Array {
  const w = new Int32Array(1 + ((b.length + 3) >> 2));
  w[0] = b.length;
  for (let i = 0; i < b.length; i++) w[1 + (i >> 2)] |= b[i] << ((i & 3) * 8);
  return w;
}

/**
 * Copy the bytes of `w` (see `words`) into the buffer of `dv` at `n`, 4 at a time; returns the
 * new end. Up to 3 bytes after it are written too (the padding): room is made for them, and
 * what comes next writes over them. (The cells of ids, sources and speakers are short: a
 * TypedArray#set costs more for them, and a loop of single bytes twice as much.)
 */
function put(dv: DataView, n: number, w: Int32Array): number {
  const k = w[0];
  for (let i = 1, j = 0; j < k; i++, j += 4) dv.setInt32(n + j, w[i], true);
  return n + k;
}

/** `String(v)` of a number written at `n` as ASCII (room made for 24 bytes); returns the new end. */
function putNum(buf: Uint8Array, n: number, v: number): number {
  if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
    // (a non-negative integer: its digits, written from the last)
    let end = n + 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) end++;
    let x = v;
    for (let i = end - 1; i >= n; i--) {
      const q = (x / 10) | 0;
      buf[i] = 48 + x - q * 10;
      x = q;
    }
    return end;
  }
  // (anything else, e.g. 12.5 seconds: String() writes ASCII)
  const s = String(v);
  for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
  return n;
}

/** Does `neutraliseFormula` put a quote before s (`/^'*[=+\-@\t\r]/`)? */
function formulaLike(s: string): boolean {
  let i = 0;
  while (s.charCodeAt(i) === 39) i++;
  const c = s.charCodeAt(i);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** csvCell(s) of a string, written as UTF-8 (the same decisions, tested equal). */
function textCell(out: RowBytes, s: string): void {
  const f = formulaLike(s);
  let body = s;
  let q: boolean;
  if (s.includes('"')) {
    q = true;
    body = s.replace(/"/g, '""');
  } else {
    // (quoted when it holds a comma, a line break or a BOM, or starts or ends with a space; a
    // formula's quote comes first, so then it does not start with one)
    q = s.includes(',') || s.includes('\n') || s.includes('\r') || s.includes('\ufeff') || (!f && s.charCodeAt(0) === 32) || s.charCodeAt(s.length - 1) === 32;
  }
  out.room(body.length * 3 + 3);
  const buf = out.buf;
  let n = out.n;
  if (q) buf[n++] = 34;
  if (f) buf[n++] = 39;
  n += buf.write(body, n);
  if (q) buf[n++] = 34;
  out.n = n;
}

/** Cells of speakers and roles as bytes (a source has few). */
class CellCache {
  private readonly map = new Map<string, Uint8Array>();
  get(v: string): Uint8Array {
    let b = this.map.get(v);
    if (b === undefined) {
      if (this.map.size > 1000) this.map.clear();
      this.map.set(v, (b = utf8(cell(v))));
    }
    return b;
  }
}

/** The cells of speakers and roles, shared by the sources (their speakers and roles repeat); kept for the life of the process, so that its instances' shape is too: see KEEP_OFFSET_MAP_SHAPE in model/codepoints. */
const CELLS = new CellCache();

/**
 * The CSV rows of one source without attribute columns, each after a line break, appended to
 * `out` as UTF-8: the bytes of the cells `csvCell` makes, joined by commas (`row` per segment).
 */
class CsvRows {
  private readonly caseKind: string;
  private sid: string | undefined = undefined;
  private fixed: Int32Array = words(new Uint8Array(0));
  // the cell of an id `${sid}#${digits}`: idPre + digits + idPost (csvCell decides on sid alone:
  // digits and '#' are never quoted, neutralised or spaces; see textCell)
  private idPre: Int32Array = words(new Uint8Array(0));
  private idPost = 0;
  // the cells `speaker,role` of the last two pairs met (turns alternate between a few speakers:
  // most rows find theirs here, without a look-up)
  private sp0: string | null | undefined = undefined;
  private ro0: string | undefined = undefined;
  private sr0: Int32Array = words(new Uint8Array(0));
  private sp1: string | null | undefined = undefined;
  private ro1: string | undefined = undefined;
  private sr1: Int32Array = words(new Uint8Array(0));

  constructor(
    source: Source,
    private readonly out: RowBytes,
  ) {
    this.caseKind = ',' + cell(source.case) + ',' + cell(source.kind);
  }

  /**
   * The row of a segment. `id` undefined: the id is `${sourceId}#${index}` (as segmentSource
   * makes it), written from the index without a string.
   */
  row(
    id: string | undefined,
    sourceId: string,
    index: number,
    turn: number | undefined,
    line: number | undefined,
    speaker: string | null,
    role: string,
    start: number,
    end: number,
    t: Segment['time'],
    text: string,
  ): void {
    const out = this.out;
    if (sourceId !== this.sid) {
      this.sid = sourceId;
      this.fixed = words(utf8(',' + cell(sourceId) + this.caseKind));
      const c0 = cell(sourceId + '#0');
      const quoted = c0.endsWith('#0"');
      this.idPre = words(utf8(c0.slice(0, quoted ? -2 : -1)));
      this.idPost = quoted ? 34 : 0;
    }
    if (speaker !== this.sp0 || role !== this.ro0) {
      let sr: Int32Array;
      if (speaker === this.sp1 && role === this.ro1) sr = this.sr1;
      else {
        const a = CELLS.get(speaker ?? '');
        const b = CELLS.get(role);
        const ab = new Uint8Array(a.length + 1 + b.length);
        ab.set(a);
        ab[a.length] = 44;
        ab.set(b, a.length + 1);
        sr = words(ab);
      }
      this.sp1 = this.sp0;
      this.ro1 = this.ro0;
      this.sr1 = this.sr0;
      this.sp0 = speaker;
      this.ro0 = role;
      this.sr0 = sr;
    }
    const made = id === undefined;
    const plainId = made || idOf(id, sourceId);
    if (!plainId) {
      out.room(1);
      out.buf[out.n++] = 10;
      out.str(cell(id!));
    }
    const idPre = this.idPre;
    const fixed = this.fixed;
    const sr0 = this.sr0;
    // (the pieces' bytes, 4 for a word of each (see put), the numbers and commas)
    out.room(1 + 4 * (idPre.length + fixed.length + sr0.length) + 12 + 7 * 24 + 12);
    const buf = out.buf;
    const dv = out.dv;
    let n = out.n;
    if (plainId) {
      buf[n++] = 10;
      n = put(dv, n, idPre);
      if (made) n = putNum(buf, n, index);
      else for (let i = sourceId.length + 1; i < id!.length; i++) buf[n++] = id!.charCodeAt(i);
      if (this.idPost) buf[n++] = this.idPost;
    }
    n = put(dv, n, fixed);
    buf[n++] = 44;
    n = putNum(buf, n, index);
    buf[n++] = 44;
    if (turn !== undefined) n = putNum(buf, n, turn);
    buf[n++] = 44;
    if (line !== undefined) n = putNum(buf, n, line);
    buf[n++] = 44;
    n = put(dv, n, sr0);
    buf[n++] = 44;
    n = putNum(buf, n, start);
    buf[n++] = 44;
    n = putNum(buf, n, end);
    buf[n++] = 44;
    if (t !== undefined) n = putNum(buf, n, t.start);
    buf[n++] = 44;
    if (t !== undefined && t.end !== undefined) n = putNum(buf, n, t.end);
    buf[n++] = 44;
    out.n = n;
    textCell(out, text);
  }
}

/** (Kept for the life of the process, so that its instances' shape is: see KEEP_OFFSET_MAP_SHAPE in model/codepoints.) */
const KEEP_CSV_ROWS_SHAPE = new CsvRows({ case: '', kind: '' } as unknown as Source, new RowBytes(1));
void KEEP_CSV_ROWS_SHAPE;

/**
 * The CSV rows of one source's segments without attribute columns, each after a line break,
 * appended to `out` as UTF-8: the bytes of the cells `csvCell` makes, joined by commas.
 */
export function csvRowBytes(source: Source, segments: readonly Segment[], out: RowBytes): void {
  const rows = new CsvRows(source, out);
  const asMade = idsAsMade(segments);
  for (let k = 0; k < segments.length; k++) {
    const g = segments[k];
    // (`${sourceId}#${k}` as made by segmentSource: written without reading it; else read)
    rows.row(asMade && g.index === k ? undefined : g.id, g.sourceId, g.index, g.turn, g.line, g.speaker, g.role, g.start, g.end, g.time, g.text);
  }
}

/**
 * The CSV rows of a source's segments as `csvRowBytes(source, segmentSource(source, plan.unit,
 * plan.options))` writes them, without making the segments (eachSegment); returns their number.
 */
export function csvRowBytesOf(source: Source, plan: SegmentPlan, out: RowBytes): number {
  const rows = new CsvRows(source, out);
  const text = source.text;
  const sid = source.id;
  let index = 0;
  eachSegment(source, plan.unit, plan.options, (b, role, turn, a, z, start, end, line) => {
    rows.row(undefined, sid, index++, turn, line, b.speaker, role, start, end, b.time, text.slice(a, z));
  });
  return index;
}

/** A source and its segments, or the plan to go through them without making them (CSV). */
export interface SegmentsItem {
  readonly source: Source;
  readonly segments: Segment[];
  /** When given, `segments` is not read: the segments are those segmentSource makes with it. */
  readonly plan?: SegmentPlan;
}

/** The items with their segments made (from the plan of those that have one). */
async function* withSegments(items: AsyncIterable<SegmentsItem>): AsyncGenerator<{ source: Source; segments: Segment[] }> {
  for await (const { source, segments, plan } of items) yield { source, segments: plan ? segmentSource(source, plan.unit, plan.options) : segments };
}

/** Is `id` the source id, '#' and 1 to 10 ASCII digits? */
function idOf(id: string, sid: string): boolean {
  const k = sid.length;
  if (id.length <= k + 1 || id.length > k + 11 || id.charCodeAt(k) !== 35) return false;
  for (let i = k + 1; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return id.startsWith(sid);
}

/** Exactly `n` bytes at a time from a stream of chunks. */
function byteReader(chunks: AsyncIterable<Uint8Array>): (n: number) => Promise<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  return async (n) => {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      if (!buf.length) {
        const r = await it.next();
        if (r.done) throw new Error(`the spool ended ${n - have} bytes early`);
        buf = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      }
      const take = Math.min(n - have, buf.length);
      parts.push(buf.subarray(0, take));
      buf = buf.subarray(take);
      have += take;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
  };
}

/** `JSON.stringify(v, null, 2)` with every line but the first indented by `pad`. */
const pretty = (v: unknown, pad: string) => JSON.stringify(v, null, 2).replace(/\n/g, '\n' + pad);

/** The CSV header: the fixed columns with the attribute columns after the 4th. */
const csvHeader = (attrs: readonly string[]) =>
  ['segment', 'source', 'case', 'kind', ...attrs, 'index', 'turn', 'line', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text'].map((h) => csvCell(h)).join(',');

/** What the CSV rows in a spool need at the end: the attribute columns, each source's attributes and the UTF-8 length of its rows. */
interface SpooledCsv {
  readonly attrs: string[];
  readonly byId: Map<string, Source['attributes']>;
  readonly spans: Array<{ id: string; bytes: number }>;
}

/**
 * The CSV rows of `items` into the spool (without attribute columns: the rows as they are when
 * there are none, the common case), as UTF-8 written straight into a byte buffer.
 */
async function spoolCsvRows(items: AsyncIterable<SegmentsItem>, spool: Spool): Promise<SpooledCsv> {
  const attrKeys = new Set<string>();
  const byId = new Map<string, Source['attributes']>();
  const spans: Array<{ id: string; bytes: number }> = [];
  const rows = new RowBytes();
  for await (const { source, segments, plan } of items) {
    byId.set(source.id, source.attributes);
    for (const k of Object.keys(source.attributes)) attrKeys.add(k);
    const before = rows.total;
    // (a source's rows straight from its plan when its segments were not made)
    if (plan ? csvRowBytesOf(source, plan, rows) === 0 : !segments.length) continue;
    if (!plan) csvRowBytes(source, segments, rows);
    spans.push({ id: source.id, bytes: rows.total - before });
    if (rows.n >= 1 << 20) await spool.write(rows.take());
  }
  if (rows.n) await spool.write(rows.take());
  return { attrs: [...attrKeys].filter((k) => !RESERVED.has(k)).sort(), byId, spans };
}

/** The spooled rows (after `skip` bytes) with each source's attribute cells after the 4th cell of each row. */
async function writeWithAttributes(spool: Spool, csv: SpooledCsv, skip: number, write: (chunk: string | Uint8Array) => Promise<void> | void): Promise<void> {
  const read = byteReader(spool.chunks());
  if (skip) await read(skip);
  for (const { id, bytes } of csv.spans) {
    const own = csv.byId.get(id) ?? {};
    const mid = ',' + csv.attrs.map((k) => cell(own[k] ?? '')).join(',');
    await write(withCellsAfter((await read(bytes)).toString('utf8'), 4, mid));
  }
}

/**
 * CSV to a file: the header without attribute columns and the rows go to a spool beside the
 * file, and when no source has attributes (the common case) the spool becomes the file
 * (`commit`: synced and renamed over it, no copy); otherwise the file is written again from
 * the spool with the attribute columns (atomically, as every write).
 */
async function writeCsvFile(items: AsyncIterable<SegmentsItem>, out: { path: string; shown?: string }): Promise<void> {
  const shown = out.shown ? { shown: out.shown } : {};
  // (the mode of a file written by writeStreamAtomic: the spool may become the file)
  const spool = await openSpool(out.path, { ...shown, mode: 0o644, asFile: true });
  try {
    const head = Buffer.from(csvHeader([]), 'utf8');
    await spool.write(head);
    const csv = await spoolCsvRows(items, spool);
    if (!csv.attrs.length) {
      await spool.write(Buffer.from('\n'));
      await spool.commit();
      return;
    }
    await writeStreamAtomic(
      out.path,
      async (write) => {
        await write(csvHeader(csv.attrs));
        await writeWithAttributes(spool, csv, head.length, write);
        await write('\n');
      },
      shown,
    );
  } finally {
    await spool.remove();
  }
}

/**
 * Write the sources and segments of `items` in `format` to a file (atomically; `shown` names it
 * in messages) or through `write`.
 */
export async function writeSegments(
  given: AsyncIterable<SegmentsItem>,
  format: SegmentsFormat,
  unit: Unit,
  out: { path: string; shown?: string } | { write: (chunk: string | Uint8Array) => void },
): Promise<void> {
  // (JSON and Markdown write Segment objects: made here for items that come with a plan only)
  const items = format === 'csv' ? given : withSegments(given);
  const produce = async (write: (chunk: string | Uint8Array) => Promise<void> | void) => {
    if (format === 'md') {
      let first = true;
      let any = false;
      for await (const { source, segments } of items) {
        any = true;
        await write((first ? '' : '\n') + mdLines(source, segments, unit).join('\n'));
        first = false;
      }
      if (!any) await write('');
      return;
    }
    const spool: Spool = await openSpool('path' in out ? out.path : join(tmpdir(), 'qda-segments'), 'path' in out && out.shown ? { shown: out.shown } : {});
    try {
      if (format === 'csv') {
        const csv = await spoolCsvRows(items, spool);
        await write(csvHeader(csv.attrs));
        if (!csv.attrs.length) for await (const bytes of spool.chunks()) await write(bytes);
        else await writeWithAttributes(spool, csv, 0, write);
        await write('\n');
        return;
      }
      const metas: Array<Omit<Source, 'text'>> = [];
      let nSegments = 0;
      for await (const { source, segments } of items) {
        const { text: _t, ...meta } = source;
        metas.push(meta);
        if (!segments.length) continue;
        // the elements of "segments" as they are written (each pretty, after ',\n' but the first),
        // copied from the spool after the list of sources
        let chunk = '';
        for (const g of segments) chunk += (nSegments++ ? ',\n    ' : '    ') + pretty(g, '    ');
        await spool.write(chunk);
      }
      await write(`{\n  "sources": ${pretty(metas, '  ')},\n  "segments": ${nSegments ? '[\n' : '[]'}`);
      for await (const bytes of spool.chunks()) await write(bytes);
      await write(`${nSegments ? '\n  ]' : ''}\n}\n`);
    } finally {
      await spool.remove();
    }
  };
  if ('path' in out && format === 'csv') {
    // (a device, pipe or folder is left to writeStreamAtomic: written through, or refused)
    const st = await stat(out.path).catch(() => undefined);
    if (!st || st.isFile()) return writeCsvFile(items, out);
  }
  if ('path' in out) await writeStreamAtomic(out.path, produce, out.shown ? { shown: out.shown } : {});
  else await produce(out.write);
}
