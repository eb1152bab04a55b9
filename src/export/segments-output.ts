/**
 * The output of `qda segments`, written source by source (never the corpus in memory, never
 * one giant string): Markdown as it comes; CSV and JSON through a spool file, because the
 * CSV's attribute columns and the JSON's list of sources (which comes first) are known only
 * at the end. The bytes are those of rendering the whole corpus at once.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Segment, Source, Unit } from '../model/types.js';
import { csvCell } from './render-table.js';
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

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ').replace(/</g, '&lt;');
}

/** The Markdown lines of one source (sources joined by '\n'). */
function mdLines(s: Source, segs: readonly Segment[], unit: Unit): string[] {
  const out: string[] = [`## ${mdCell(s.id)}`, ''];
  const attrs = Object.entries(s.attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  out.push(`${mdCell(s.path)} · ${s.kind} · ${s.format} · ${s.encoding} · ${s.newline.toUpperCase()}${s.language ? ' · ' + s.language : ''} · case ${mdCell(s.case)}${attrs ? ' · ' + mdCell(attrs) : ''} · ${segs.length} ${unit}${segs.length === 1 ? '' : 's'}`, '');
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

/**
 * Write the sources and segments of `items` in `format` to a file (atomically; `shown` names it
 * in messages) or through `write`.
 */
export async function writeSegments(
  items: AsyncIterable<{ source: Source; segments: Segment[] }>,
  format: SegmentsFormat,
  unit: Unit,
  out: { path: string; shown?: string } | { write: (chunk: string | Uint8Array) => void },
): Promise<void> {
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
      const metas: Array<Omit<Source, 'text'>> = [];
      const attrKeys = new Set<string>();
      /** CSV: the source and UTF-8 length of each source's rows in the spool, in order. */
      const spans: Array<{ id: string; bytes: number }> = [];
      let nSegments = 0;
      for await (const { source, segments } of items) {
        const { text: _t, ...meta } = source;
        metas.push(meta);
        for (const k of Object.keys(source.attributes)) attrKeys.add(k);
        if (!segments.length) continue;
        if (format === 'json') {
          // one spool line per segment: its pretty JSON as an element of "segments" (newlines escaped by JSON.stringify)
          let chunk = '';
          for (const g of segments) chunk += JSON.stringify('    ' + pretty(g, '    ')) + '\n';
          nSegments += segments.length;
          await spool.write(chunk);
        } else {
          // the rows as they are when there are no attribute columns (the common case: the spool
          // is then copied as it is); with attribute columns, they go after each row's 4th cell
          // (pieces joined once: no chain of concatenated strings to flatten)
          const parts: Array<string | number> = [];
          let sid: string | undefined;
          let fixed = '';
          const caseKind = ',' + cell(source.case) + ',' + cell(source.kind);
          let speaker: string | null | undefined;
          let speakerCell = '';
          let role: string | undefined;
          let roleCell = '';
          for (const g of segments) {
            if (g.sourceId !== sid) {
              sid = g.sourceId;
              fixed = ',' + cell(sid) + caseKind;
            }
            if (g.speaker !== speaker) {
              speaker = g.speaker;
              speakerCell = cell(speaker ?? '');
            }
            if (g.role !== role) {
              role = g.role;
              roleCell = cell(role);
            }
            const t = g.time;
            parts.push('\n', cell(g.id), fixed, ',', g.index, ',', g.turn ?? '', ',', g.line ?? '', ',', speakerCell, ',', roleCell, ',', g.start, ',', g.end, ',', t?.start ?? '', ',', t?.end ?? '', ',', cell(g.text));
          }
          const bytes = Buffer.from(parts.join(''), 'utf8');
          spans.push({ id: source.id, bytes: bytes.length });
          await spool.write(bytes);
        }
      }
      if (format === 'json') {
        await write(`{\n  "sources": ${pretty(metas, '  ')},\n  "segments": ${nSegments ? '[\n' : '[]'}`);
        let first = true;
        for await (const line of spool.lines()) {
          await write((first ? '' : ',\n') + (JSON.parse(line) as string));
          first = false;
        }
        await write(`${nSegments ? '\n  ]' : ''}\n}\n`);
        return;
      }
      const attrs = [...attrKeys].filter((k) => !RESERVED.has(k)).sort();
      const byId = new Map(metas.map((m) => [m.id, m.attributes]));
      const header = ['segment', 'source', 'case', 'kind', ...attrs, 'index', 'turn', 'line', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text'];
      await write(header.map((h) => csvCell(h)).join(','));
      if (!attrs.length) {
        for await (const bytes of spool.chunks()) await write(bytes);
      } else {
        // source by source: its rows with its attribute cells after the 4th cell of each
        const read = byteReader(spool.chunks());
        for (const { id, bytes } of spans) {
          const own = byId.get(id) ?? {};
          const mid = ',' + attrs.map((k) => cell(own[k] ?? '')).join(',');
          await write(withCellsAfter((await read(bytes)).toString('utf8'), 4, mid));
        }
      }
      await write('\n');
    } finally {
      await spool.remove();
    }
  };
  if ('path' in out) await writeStreamAtomic(out.path, produce, out.shown ? { shown: out.shown } : {});
  else await produce(out.write);
}
