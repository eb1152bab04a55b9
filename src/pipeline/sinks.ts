/**
 * Where the coding pipeline's output goes (code-sources.ts): a codings document (JSON or
 * JSON Lines) written as it comes, the flat CSV (rows spooled to a temporary file until the
 * attribute columns are known), or a document in memory (for the report, XLSX and small runs).
 */
import type { CodeRef, Coding, CodingsDocument, Diagnostic, Segment, Source } from '../model/types.js';
import { CODINGS_SCHEMA_URL } from '../model/codings-format.js';
import { csvCell } from '../export/render-table.js';
import { CodingsDocumentWriter, type CodingsDocumentFormat } from '../export/codings-document.js';
import { attributeColumnsOf, codingsCsvHeader, csvCells, needsKindColumn } from '../export/codings-csv.js';
import { openSpool, writeStreamAtomic } from '../export/write-file-atomic.js';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CodeSourcesOptions, CodingSummary, CodingsSink, PipelineHead } from './code-sources.js';
import { codeSources } from './code-sources.js';
import type { SourceParts, SourceResult } from './source-job.js';

type Write = (chunk: string) => Promise<void> | void;
type WriteBytes = (chunk: string | Uint8Array) => Promise<void> | void;

/** The codings document (JSON, or JSON Lines), written piece by piece with `write`. */
export function documentSink(write: Write, format: CodingsDocumentFormat = 'json'): CodingsSink {
  return documentSinkTo(write as WriteBytes, format, false);
}

/** documentSink; with `bytes`, `write` also takes UTF-8 bytes (a source's piece from a worker thread). */
function documentSinkTo(write: WriteBytes, format: CodingsDocumentFormat, bytes: boolean): CodingsSink {
  let w: CodingsDocumentWriter | undefined;
  return {
    piece: format,
    ...(bytes ? { bytes: true } : {}),
    async begin(h: PipelineHead) {
      w = new CodingsDocumentWriter(h, format);
      await write(w.begin());
    },
    async source(r: SourceResult) {
      const p = r.piece as string | Uint8Array | readonly Uint8Array[];
      if (typeof p === 'string') await write(w!.sourceText(p, r.codings ?? 0));
      else {
        const sep = w!.sourceText('', r.codings ?? 0);
        if (sep) await write(sep);
        // (several parts: the record from a worker with its text written on this thread between)
        if (p instanceof Uint8Array) await write(p);
        else for (const part of p) await write(part);
      }
    },
    async end(s: CodingSummary) {
      await write(w!.end(s.codesFound, s.warnings));
    },
  };
}

/** The codings, in memory: `document()` after the run. */
export function collectSink(): CodingsSink & { document(): CodingsDocument } {
  let head: PipelineHead | undefined;
  let found: CodeRef[] = [];
  let warnings: readonly Diagnostic[] = [];
  const sources: Source[] = [];
  const segments: Segment[] = [];
  const codings: Coding[] = [];
  return {
    piece: 'parts',
    begin(h) {
      head = h;
    },
    source(r) {
      const p = r.piece as SourceParts;
      sources.push(p.source);
      for (const s of p.segments) segments.push(s);
      for (const c of p.codings) codings.push(c);
    },
    end(s) {
      found = s.codesFound;
      warnings = s.warnings;
    },
    document() {
      return {
        $schema: CODINGS_SCHEMA_URL,
        provenance: head!.provenance,
        codebooks: head!.codebooks,
        codes: [...head!.codes, ...found],
        sources,
        segments,
        codings,
        ...(head!.relations?.length ? { relations: head!.relations } : {}),
        ...(warnings.length ? { warnings } : {}),
      };
    },
  };
}

/**
 * The flat codings CSV written to `target` (atomically): rows wait in a spool file beside
 * it until every source is read (the attribute columns are the union of all sources'), then
 * the file is written. `close()` removes the spool (call it in a finally). `shown`: the target's name in messages.
 */
export async function csvFileSink(target: string, opts: { shown?: string } = {}): Promise<CodingsSink & { close(): Promise<void> }> {
  return csvSink(target, { path: target, ...opts });
}

/** The flat CSV to a file (`path`, atomically; `shown`: its name in messages) or through `write`; the spool file beside `spoolBeside`. */
export async function csvSink(spoolBeside: string, output: { path: string; shown?: string } | { write: Write }): Promise<CodingsSink & { close(): Promise<void> }> {
  // A file (new, or a regular file; not a device, pipe or folder, which writeStreamAtomic writes
  // through or refuses): the header without attribute columns goes first into the spool, and when
  // no source has attributes (the common case) the spool becomes the file (`commit`: synced and
  // renamed over it, no copy of every row at the end, while the other threads wait); otherwise
  // the file is written again from the spool with the attribute columns.
  const direct = 'path' in output && resolve(spoolBeside) === resolve(output.path) && (await stat(output.path).then((st) => st.isFile(), () => true));
  const spool = await openSpool(spoolBeside, { ...('path' in output && output.shown ? { shown: output.shown } : {}), ...(direct ? { mode: 0o644, asFile: true } : {}) });
  // (direct: the header goes first into the spool when the first source with rows comes, with a
  // memo column when that source's rows end in a memo cell: then the other sources' rows get an
  // empty one as they are spooled, and a corpus whose sources all have memos (markers with notes)
  // is committed as it was spooled, not written again at the end; a memo met only later still
  // makes the file be written again with the column)
  let skip = 0;
  let memoHeader: boolean | undefined;
  const writeHeader = async (memo: boolean) => {
    memoHeader = memo;
    try {
      const head = Buffer.from(await codingsCsvHeader([], memo ? { memo } : {}), 'utf8');
      await spool.write(head);
      skip = head.length;
    } catch (e) {
      await spool.remove();
      throw e;
    }
  };
  /** The spooled rows (after the header written first, if it was). */
  const rows = async function* (): AsyncIterable<Uint8Array> {
    let left = skip;
    for await (const chunk of spool.chunks()) {
      if (left >= chunk.length) {
        left -= chunk.length;
        continue;
      }
      yield left ? chunk.subarray(left) : chunk;
      left = 0;
    }
  };
  const writeOut = async (produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>) => {
    if ('path' in output) await writeStreamAtomic(output.path, produce, output.shown ? { shown: output.shown } : {});
    else {
      // (bytes cut anywhere: decoded as a stream, a character split between two chunks is kept whole)
      const dec = new TextDecoder();
      await produce(async (c) => void (await output.write(typeof c === 'string' ? c : dec.decode(c, { stream: true }))));
    }
  };
  // the sources spooled, in order: id, and the bytes of `prefix,` and of each row
  const spooled: Array<{ id: string; prefixBytes: number; rowBytes: Int32Array; memo?: true; kind: string; rowAttributes?: ReadonlyArray<Readonly<Record<string, string>> | undefined> }> = [];
  return {
    piece: 'csv',
    bytes: true,
    begin() {},
    async source(r) {
      if (!r.piece || !r.csvRows) return;
      if (direct && memoHeader === undefined) await writeHeader(!!r.csvRows.memo);
      if (memoHeader && !r.csvRows.memo) {
        // (each row with an empty memo cell before its line end, as the rows of a source with memos)
        const chunks = r.piece as ReadonlyArray<Uint8Array>;
        const rowBytes = r.csvRows.rowBytes;
        const out = withEmptyLastCell(chunks, rowBytes);
        await spool.write(out);
        spooled.push({ id: r.id!, ...r.csvRows, memo: true, rowBytes: rowBytes.map((n) => n + 1) });
        return;
      }
      for (const chunk of r.piece as ReadonlyArray<Uint8Array>) await spool.write(chunk);
      spooled.push({ id: r.id!, ...r.csvRows });
    },
    async end(s) {
      if (direct && memoHeader === undefined) await writeHeader(false);
      // a memo column when a source's rows have memo cells (the rows of the other sources get an empty one)
      const memo = spooled.some((x) => x.memo);
      // a kind column when a source is not an interview transcript (needsKindColumn)
      const kind = needsKindColumn(spooled);
      // the attribute columns: the sources' attributes and the rows' own (a questionnaire's columns)
      const names = new Set<string>();
      for (const a of s.attributes.values()) for (const k of Object.keys(a)) names.add(k);
      for (const x of spooled) if (x.rowAttributes) for (const a of x.rowAttributes) if (a) for (const k of Object.keys(a)) names.add(k);
      const attrs = attributeColumnsOf(names, { memo, kind });
      if (direct && !attrs.length && memo === memoHeader && !kind) return spool.commit();
      const header = await codingsCsvHeader(attrs, { memo, kind });
      await writeOut(async (write) => {
        await write(header);
        // no attribute columns, no memo or kind column: the spooled rows are the rows
        if (!attrs.length && !memo && !kind) {
          for await (const chunk of rows()) await write(chunk);
          return;
        }
        // else each row gets its source's attribute cells after `prefix,` (and an empty memo cell
        // before its line end, when its source has no memo cells and another source has)
        const enc = new TextEncoder();
        const emptyMemo = enc.encode(',\n');
        let out: Uint8Array[] = [];
        let size = 0;
        // (pending: the bytes read that start a row not yet whole)
        const pending: Uint8Array[] = [];
        let pendingBytes = 0;
        let si = 0;
        let ri = 0;
        // (the cells after `prefix,`: the kind, the attribute cells; per source, or per row for a
        // source whose rows have their own)
        const cellsOf = async (src: (typeof spooled)[number], row?: Readonly<Record<string, string>>) =>
          (kind ? csvCell(src.kind) + ',' : '') + (attrs.length ? (await csvCells(attrs, row ? { ...s.attributes.get(src.id), ...row } : (s.attributes.get(src.id) ?? {}))) + ',' : '');
        const sourceMid = async (src: (typeof spooled)[number]) => enc.encode(await cellsOf(src));
        let mid = spooled.length ? await sourceMid(spooled[0]) : new Uint8Array(0);
        const take = async (bytes: Uint8Array) => {
          pending.push(bytes);
          pendingBytes += bytes.length;
          if (si < spooled.length && pendingBytes < spooled[si].rowBytes[ri]) return;
          const buf = pending.length === 1 ? pending[0] : concat(pending, pendingBytes);
          pending.length = 0;
          pendingBytes = 0;
          let p = 0;
          while (si < spooled.length) {
            const src = spooled[si];
            const len = src.rowBytes[ri];
            if (p + len > buf.length) break;
            const own = src.rowAttributes?.[ri];
            const rowMid = own ? enc.encode(await cellsOf(src, own)) : mid;
            if (memo && !src.memo) {
              // (the row without its line end, then `,` and the line end)
              out.push(buf.subarray(p, p + src.prefixBytes), rowMid, buf.subarray(p + src.prefixBytes, p + len - 1), emptyMemo);
              size += len + rowMid.length + 1;
            } else {
              out.push(buf.subarray(p, p + src.prefixBytes), rowMid, buf.subarray(p + src.prefixBytes, p + len));
              size += len + rowMid.length;
            }
            p += len;
            if (++ri === src.rowBytes.length) {
              ri = 0;
              si++;
              if (si < spooled.length) mid = await sourceMid(spooled[si]);
            }
            if (size > 1 << 20) {
              await write(concat(out, size));
              out = [];
              size = 0;
            }
          }
          if (p < buf.length) {
            pending.push(buf.subarray(p));
            pendingBytes = buf.length - p;
          }
        };
        for await (const chunk of rows()) await take(chunk);
        if (out.length) await write(concat(out, size));
        if (si < spooled.length || pendingBytes > 0) throw new Error(`CSV spool: ${pendingBytes} bytes left over at source ${si} of ${spooled.length}, row ${ri}`);
      });
    },
    close: () => spool.remove(),
  };
}

/** Rows (`rowBytes` each, ending in a line end) cut anywhere into `chunks`, each with `,` before its line end: an empty last cell. */
function withEmptyLastCell(chunks: ReadonlyArray<Uint8Array>, rowBytes: Int32Array): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total + rowBytes.length);
  let o = 0;
  let row = 0;
  let left = rowBytes[0];
  for (const c of chunks) {
    let p = 0;
    while (p < c.length) {
      const n = Math.min(left, c.length - p);
      if (n === left) {
        // the row ends in this chunk: its bytes but the line end, `,`, the line end
        out.set(c.subarray(p, p + n - 1), o);
        o += n - 1;
        out[o++] = 44;
        out[o++] = 10;
        p += n;
        left = rowBytes[++row];
      } else {
        out.set(c.subarray(p), o);
        o += n;
        left -= n;
        p += n;
      }
    }
  }
  if (o !== out.length || row !== rowBytes.length) throw new Error(`CSV rows: ${o} of ${out.length} bytes written, ${row} of ${rowBytes.length} rows`);
  return out;
}

/** The parts as one array of `size` bytes. */
function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const b = new Uint8Array(size);
  let p = 0;
  for (const x of parts) {
    b.set(x, p);
    p += x.length;
  }
  return b;
}

/**
 * Code the inputs into a file: the codings document (`json`), JSON Lines (`jsonl`) or the
 * flat CSV (`csv`), written atomically (a failed run leaves `path` as it was).
 */
export async function codeToFile(opts: CodeSourcesOptions, path: string, format: CodingsDocumentFormat | 'csv', write: { shown?: string } = {}): Promise<CodingSummary> {
  if (format === 'csv') {
    const sink = await csvFileSink(path, write);
    try {
      return await codeSources(opts, sink);
    } finally {
      await sink.close();
    }
  }
  let summary: CodingSummary | undefined;
  await writeStreamAtomic(
    path,
    async (w) => {
      summary = await codeSources(opts, documentSinkTo(w, format, true));
    },
    write,
  );
  return summary!;
}

/**
 * Code the inputs into a codings document written with `write` (standard output, which cannot be
 * replaced whole): JSON Lines as it comes (each line whole; a pipeline reads them as they come, and
 * a reader says where a cut-off file ends), a JSON document only once it is whole, from a spool in
 * the temporary folder: a run that stopped at an unreadable source had written half a document.
 */
export async function codeToWrite(opts: CodeSourcesOptions, format: CodingsDocumentFormat, write: WriteBytes): Promise<CodingSummary> {
  if (format === 'jsonl') return codeSources(opts, documentSinkTo(write, format, true));
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const spool = await openSpool(join(tmpdir(), 'qda-code.json'));
  try {
    const summary = await codeSources(opts, documentSinkTo((c) => spool.write(c), format, true));
    for await (const chunk of spool.chunks()) await write(chunk);
    return summary;
  } finally {
    await spool.remove();
  }
}

/** Code the inputs into a codings document held in memory. */
export async function codeToDocument(opts: CodeSourcesOptions): Promise<{ doc: CodingsDocument; summary: CodingSummary }> {
  const sink = collectSink();
  const summary = await codeSources(opts, sink);
  return { doc: sink.document(), summary };
}
