/**
 * The pipeline's lanes share the calling thread fairly: the calling thread codes sources too,
 * and reading a source is synchronous, so its lane must give the event loop a turn between
 * jobs (else the workers' finished results and their next jobs wait until this lane has run
 * through the whole queue, and the worker threads sit idle). Checked without timings: a
 * callback put on the event loop after the first source must run before the last one is done.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeSources } from '../../src/pipeline/code-sources.js';
import { collectSink } from '../../src/pipeline/sinks.js';
import { book, kw } from '../coding/helpers.js';

const books = [book([{ id: 'samen', rules: [kw('r1', ['samenwerking'])] }])];

describe('pipeline lanes', () => {
  it('the calling thread lets the event loop run between the sources it codes (worker messages are not starved)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-lanes-'));
    const n = 12;
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `s${String(i).padStart(2, '0')}.txt`), `Interviewer: Hoe?\n\nRespondent: De samenwerking ${i} liep goed.\n`);
    let done = 0;
    let seenAt: number | undefined;
    let scheduled = false;
    const sink = collectSink();
    const summary = await codeSources(
      {
        inputs: [dir],
        cwd: dir,
        books,
        version: 'test',
        threads: 1,
        onProgress: (files) => {
          done = files;
          if (!scheduled) {
            scheduled = true;
            setImmediate(() => (seenAt ??= done));
          }
        },
      },
      sink,
    );
    expect(summary.sources).toBe(n);
    expect(sink.document().codings.length).toBe(n);
    expect(seenAt, 'the event loop got no turn while the sources were coded').toBeDefined();
    expect(seenAt!).toBeLessThan(n);
  });
});
