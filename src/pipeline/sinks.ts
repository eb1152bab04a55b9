/**
 * Where the coding pipeline's output goes (code-sources.ts): a codings document (JSON or
 * JSON Lines) written as it comes, the flat CSV (rows spooled to a temporary file until the
 * attribute columns are known), or a document in memory (for the report, XLSX and small runs).
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CodeRef, Coding, CodingsDocument, Segment, Source } from '../model/types.js';
import { CODINGS_SCHEMA_URL } from '../model/codings-format.js';
import { CodingsDocumentWriter, type CodingsDocumentFormat } from '../export/codings-document.js';
import { attributeColumns, codingsCsvHeader, csvCells } from '../export/codings-csv.js';
import { writeStreamAtomic } from '../export/write-file-atomic.js';
import type { CodeSourcesOptions, CodingSummary, CodingsSink, PipelineHead } from './code-sources.js';
import { codeSources } from './code-sources.js';
import type { SourceParts, SourceResult } from './source-job.js';

type Write = (chunk: string) => Promise<void> | void;

/** The codings document (JSON, or JSON Lines), written piece by piece with `write`. */
export function documentSink(write: Write, format: CodingsDocumentFormat = 'json'): CodingsSink {
  let w: CodingsDocumentWriter | undefined;
  return {
    piece: format,
    async begin(h: PipelineHead) {
      w = new CodingsDocumentWriter(h, format);
      await write(w.begin());
    },
    async source(r: SourceResult) {
      await write(w!.sourceText(r.piece as string, r.codings ?? 0));
    },
    async end(s: CodingSummary) {
      await write(w!.end(s.codesFound));
    },
  };
}

/** The codings, in memory: `document()` after the run. */
export function collectSink(): CodingsSink & { document(): CodingsDocument } {
  let head: PipelineHead | undefined;
  let found: CodeRef[] = [];
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
      };
    },
  };
}

/** A temporary file of lines beside `target` (for rows that must wait), read back line by line. */
export async function openSpool(target: string): Promise<{ write(line: string): Promise<void>; lines(): AsyncIterable<string>; remove(): Promise<void> }> {
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.spool`);
  const fh = await open(path, 'wx', 0o600);
  let closed = false;
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!pending.length) return;
    const data = pending.join('');
    pending = [];
    size = 0;
    await fh.write(data);
  };
  return {
    async write(line) {
      pending.push(line);
      size += line.length;
      if (size > 1 << 20) await flush();
    },
    async *lines() {
      await flush();
      if (!closed) {
        closed = true;
        await fh.close();
      }
      // (lines are JSON: no raw line breaks inside; split by hand, readline's splitting costs more)
      // (the start of a line that spans chunks waits in `carry`, searched no more)
      let carry: string[] = [];
      for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        const text = chunk as string;
        let from = 0;
        for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
          const line = carry.length ? carry.join('') + text.slice(from, at) : text.slice(from, at);
          carry = [];
          if (line) yield line;
          from = at + 1;
        }
        if (from < text.length) carry.push(text.slice(from));
      }
      if (carry.length) yield carry.join('');
    },
    async remove() {
      if (!closed) {
        closed = true;
        await fh.close().catch(() => {});
      }
      await unlink(path).catch(() => {});
    },
  };
}

/**
 * The flat codings CSV written to `target` (atomically): rows wait in a spool file beside
 * it until every source is read (the attribute columns are the union of all sources'), then
 * the file is written. `close()` removes the spool (call it in a finally).
 */
export async function csvFileSink(target: string): Promise<CodingsSink & { close(): Promise<void> }> {
  return csvSink(target, { path: target });
}

/** The flat CSV to a file (`path`, atomically) or through `write`; the spool file beside `spoolBeside`. */
export async function csvSink(spoolBeside: string, output: { path: string } | { write: Write }): Promise<CodingsSink & { close(): Promise<void> }> {
  const spool = await openSpool(spoolBeside);
  const writeOut = async (produce: (write: (chunk: string) => Promise<void>) => Promise<void>) => {
    if ('path' in output) await writeStreamAtomic(output.path, produce);
    else await produce(async (c) => void (await output.write(c)));
  };
  return {
    piece: 'csv',
    begin() {},
    async source(r) {
      if (r.piece) await spool.write(r.piece as string);
    },
    async end(s) {
      const attrs = attributeColumns([...s.attributes.values()].map((a) => ({ attributes: a })));
      const header = await codingsCsvHeader(attrs);
      await writeOut(async (write) => {
        await write(header);
        let buf: string[] = [];
        let size = 0;
        for await (const line of spool.lines()) {
          const [id, prefix, tails] = JSON.parse(line) as [string, string, string[]];
          const mid = attrs.length ? ',' + (await csvCells(attrs, s.attributes.get(id) ?? {})) + ',' : ',';
          const head = prefix + mid;
          for (const t of tails) {
            buf.push(head, t, '\n');
            size += head.length + t.length + 1;
          }
          if (size > 1 << 20) {
            await write(buf.join(''));
            buf = [];
            size = 0;
          }
        }
        if (buf.length) await write(buf.join(''));
      });
    },
    close: () => spool.remove(),
  };
}

/**
 * Code the inputs into a file: the codings document (`json`), JSON Lines (`jsonl`) or the
 * flat CSV (`csv`), written atomically (a failed run leaves `path` as it was).
 */
export async function codeToFile(opts: CodeSourcesOptions, path: string, format: CodingsDocumentFormat | 'csv'): Promise<CodingSummary> {
  if (format === 'csv') {
    const sink = await csvFileSink(path);
    try {
      return await codeSources(opts, sink);
    } finally {
      await sink.close();
    }
  }
  let summary: CodingSummary | undefined;
  await writeStreamAtomic(path, async (write) => {
    summary = await codeSources(opts, documentSink(write, format));
  });
  return summary!;
}

/** Code the inputs into a codings document held in memory. */
export async function codeToDocument(opts: CodeSourcesOptions): Promise<{ doc: CodingsDocument; summary: CodingSummary }> {
  const sink = collectSink();
  const summary = await codeSources(opts, sink);
  return { doc: sink.document(), summary };
}
