/**
 * Worker thread of `codeRulesParallel` (see parallel.ts). Compiles the
 * codebooks once, then codes the batches of sources it is sent and posts
 * back their codings. Messages:
 * - in  `{ type: 'init', books, langs, unit, speakers, interviewers, otherUnits }`
 * - in  `{ type: 'batch', id, sources, segments, stems? }` → out `{ type: 'done', id, packed }`
 * - out `{ type: 'error', id?, message, stack? }` on failure.
 */
import { parentPort } from 'node:worker_threads';
import type { Codebook } from '../codebook/types.js';
import type { Lang, Segment, Source, Unit } from '../model/types.js';
import { compileCodebook } from './compile-codebook.js';
import { RuleCoder, segmentsBySource } from './apply-codebook.js';
import { hasSurrogates, OffsetMap } from '../model/codepoints.js';
import { packCodings } from './pack.js';
import { addStems } from './stem.js';
import type { CompiledCodebook } from './compile-codebook.js';

interface Init {
  type: 'init';
  books: Codebook[];
  langs: Lang[];
  unit: Unit;
  speakers: 'respondent' | 'all';
  interviewers?: string[];
  otherUnits: boolean;
}
interface Batch {
  type: 'batch';
  id: number;
  sources: Source[];
  segments: Segment[];
  /** Stems the main thread has computed since the last batch, per compiled codebook (same order as here). */
  stems?: Array<{ book: number; words: string[]; stems: string[] }>;
}

let coder: RuleCoder | undefined;
let compiled: CompiledCodebook[] = [];
let init: Init | undefined;
let segmentSource: ((s: Source, u: Unit, o: { interviewers?: string[] }) => Segment[]) | undefined;

const port = parentPort!;
port.on('message', (msg: Init | Batch) => {
  void handle(msg);
});

async function handle(msg: Init | Batch): Promise<void> {
  try {
    if (msg.type === 'init') {
      init = msg;
      compiled = [];
      for (const b of msg.books) for (const l of msg.langs) compiled.push(compileCodebook(b, l));
      coder = new RuleCoder(compiled, { unit: msg.unit, speakers: msg.speakers, hasSegmentsFor: msg.otherUnits });
      if (msg.otherUnits) segmentSource = (await import('../ingest/segment.js')).segmentSource;
      port.postMessage({ type: 'ready' });
      return;
    }
    for (const d of msg.stems ?? []) if (compiled[d.book]) addStems(compiled[d.book].stem, d.words, d.stems);
    // re-slice the segment texts that were not sent (see parallel.ts)
    const texts = new Map(msg.sources.map((s) => [s.id, s]));
    const maps = new Map<string, OffsetMap | undefined>();
    for (const g of msg.segments as Array<{ -readonly [K in keyof Segment]: Segment[K] }>) {
      if (g.text !== undefined) continue;
      const src = texts.get(g.sourceId)!;
      let m = maps.get(src.id);
      if (!maps.has(src.id)) maps.set(src.id, (m = hasSurrogates(src.text) ? new OffsetMap(src.text) : undefined));
      g.text = m ? m.slice(g.start, g.end) : src.text.slice(g.start, g.end);
    }
    const bySource = segmentsBySource(msg.segments);
    const codings = [];
    for (const s of msg.sources) {
      const at = segmentSource ? (u: Unit) => segmentSource!(s, u, { interviewers: init!.interviewers }) : undefined;
      for (const c of coder!.codeSource(s, bySource.get(s.id) ?? [], at)) codings.push(c);
    }
    port.postMessage({ type: 'done', id: msg.id, packed: packCodings(codings) });
  } catch (e) {
    const err = e as Error;
    port.postMessage({ type: 'error', id: (msg as Batch).id, message: err.message, stack: err.stack });
  }
}
