import type { Corpus, Diagnostic, Segment, Source } from '../model/types.js';
import type { Report } from '../model/errors.js';
import type { ProjectConfig } from './read-project.js';
import { findProject, readCorpusStream, type ReadCorpusStreamOptions } from './read-corpus-stream.js';

export type { ReadCorpusOptions } from './read-corpus-stream.js';

/**
 * Read sources into a corpus: every source and segment of `readCorpusStream`
 * (see there for inputs, folders, the project file, cases and errors), collected.
 * Also returns the diagnostics reported and the project file that applied.
 */
export async function readCorpus(inputs: string[], opts: ReadCorpusStreamOptions): Promise<{ corpus: Corpus; diagnostics: Diagnostic[]; project?: ProjectConfig }> {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (d) => {
    diagnostics.push(d);
    opts.report?.(d);
  };
  const project = opts.project === undefined ? await findProject(inputs, { cwd: opts.cwd, config: opts.config, report }) : opts.project ?? undefined;
  const sources: Source[] = [];
  const segments: Segment[] = [];
  for await (const item of readCorpusStream(inputs, { ...opts, report, project: project ?? null })) {
    sources.push(item.source);
    // (no push(...segs): a source with 100,000+ segments overflows the call stack)
    for (const seg of item.segments) segments.push(seg);
  }
  return { corpus: { sources, segments }, diagnostics, ...(project ? { project } : {}) };
}
