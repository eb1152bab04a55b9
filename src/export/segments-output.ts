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
  out: { path: string; shown?: string } | { write: (chunk: string) => void },
): Promise<void> {
  const produce = async (write: (chunk: string) => Promise<void> | void) => {
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
          // per source: [source id, cells before the attribute columns, cells after them] of each row
          const pre: string[] = [];
          const post: string[] = [];
          for (const g of segments) {
            pre.push([g.id, g.sourceId, source.case, source.kind].map(cell).join(','));
            post.push(
              [g.index, g.turn ?? '', g.line ?? '', g.speaker ?? '', g.role, g.start, g.end, g.time?.start ?? '', g.time?.end ?? '', g.text].map(cell).join(','),
            );
          }
          await spool.write(JSON.stringify([source.id, pre, post]) + '\n');
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
      let buf = '';
      for await (const line of spool.lines()) {
        const [id, pre, post] = JSON.parse(line) as [string, string[], string[]];
        const own = byId.get(id) ?? {};
        const mid = attrs.length ? ',' + attrs.map((k) => cell(own[k] ?? '')).join(',') : '';
        for (let i = 0; i < pre.length; i++) buf += '\n' + pre[i] + mid + ',' + post[i];
        if (buf.length > 1 << 20) {
          await write(buf);
          buf = '';
        }
      }
      await write(buf + '\n');
    } finally {
      await spool.remove();
    }
  };
  if ('path' in out) await writeStreamAtomic(out.path, produce, out.shown ? { shown: out.shown } : {});
  else await produce(out.write);
}
