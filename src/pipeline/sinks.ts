/**
 * Where the coding pipeline's output goes (code-sources.ts): a codings document (JSON or
 * JSON Lines) written as it comes, the flat CSV (rows spooled to a temporary file until the
 * attribute columns are known), or a document in memory (for the report, XLSX and small runs).
 */
import type { CodeRef, Coding, CodingsDocument, Segment, Source } from '../model/types.js';
import { CODINGS_SCHEMA_URL } from '../model/codings-format.js';
import { CodingsDocumentWriter, type CodingsDocumentFormat } from '../export/codings-document.js';
import { attributeColumns, codingsCsvHeader, csvCells } from '../export/codings-csv.js';
import { openSpool, writeStreamAtomic } from '../export/write-file-atomic.js';
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
      const p = r.piece as string | Uint8Array;
      if (typeof p === 'string') await write(w!.sourceText(p, r.codings ?? 0));
      else {
        const sep = w!.sourceText('', r.codings ?? 0);
        if (sep) await write(sep);
        await write(p);
      }
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
        ...(head!.relations?.length ? { relations: head!.relations } : {}),
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
  const spool = await openSpool(spoolBeside, 'path' in output && output.shown ? { shown: output.shown } : {});
  const writeOut = async (produce: (write: (chunk: string) => Promise<void>) => Promise<void>) => {
    if ('path' in output) await writeStreamAtomic(output.path, produce, output.shown ? { shown: output.shown } : {});
    else await produce(async (c) => void (await output.write(c)));
  };
  return {
    piece: 'csv',
    bytes: true,
    begin() {},
    async source(r) {
      if (Array.isArray(r.piece)) for (const line of r.piece as ReadonlyArray<string | Uint8Array>) await spool.write(line);
      else if (r.piece) await spool.write(r.piece as string | Uint8Array);
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

/** Code the inputs into a codings document held in memory. */
export async function codeToDocument(opts: CodeSourcesOptions): Promise<{ doc: CodingsDocument; summary: CodingSummary }> {
  const sink = collectSink();
  const summary = await codeSources(opts, sink);
  return { doc: sink.document(), summary };
}
