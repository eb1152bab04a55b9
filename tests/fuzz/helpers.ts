import { expect } from 'vitest';
import { QdaInputError } from '../../src/model/errors.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';
import type { Corpus, CodingsDocument, Source, Segment } from '../../src/model/types.js';

/** fast-check settings: modest runs, bounded wall time, reproducible seed. */
export const FUZZ = { numRuns: 200, interruptAfterTimeLimit: 20_000, seed: 20240611 } as const;
export const FUZZ_SLOW = { numRuns: 60, interruptAfterTimeLimit: 20_000, seed: 20240611 } as const;

/** The fuzz contract: a QdaInputError whose diagnostics all name a file, a rule and a message. */
export function expectCleanInputError(e: unknown, file?: string): void {
  if (!(e instanceof QdaInputError)) {
    throw new Error(`expected QdaInputError, got ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
  expect(e.diagnostics.length).toBeGreaterThan(0);
  for (const d of e.diagnostics) {
    expect(typeof d.ruleId).toBe('string');
    expect(d.ruleId.length).toBeGreaterThan(0);
    expect(d.message.length).toBeGreaterThan(0);
    // the place: a file, or an option/path for option errors
    expect(d.file ?? d.path, `diagnostic without file or path: ${d.message} [${d.ruleId}]`).toBeTruthy();
    if (file && d.file) expect(d.file).toContain(file);
  }
}

/** Run `fn`; a result goes to `check`, an exception must be a clean QdaInputError. Returns 'ok' | rule id. */
export async function inputOrError<T>(fn: () => Promise<T> | T, check: (r: T) => void, file?: string): Promise<string> {
  let r: T;
  try {
    r = await fn();
  } catch (e) {
    expectCleanInputError(e, file);
    return (e as QdaInputError).diagnostics[0].ruleId;
  }
  check(r);
  return 'ok';
}

export function checkSegments(sources: readonly Source[], segments: readonly Segment[]): void {
  const byId = new Map(sources.map((s) => [s.id, s]));
  for (const s of sources) expect(s.length).toBe(cpLength(s.text));
  for (const g of segments) {
    const s = byId.get(g.sourceId);
    expect(s, `segment ${g.id} of unknown source`).toBeDefined();
    expect(g.start).toBeGreaterThanOrEqual(0);
    expect(g.end).toBeGreaterThanOrEqual(g.start);
    expect(g.end).toBeLessThanOrEqual(s!.length);
    expect(g.text).toBe(cpSlice(s!.text, g.start, g.end));
  }
}

/** The offset invariant for a corpus. */
export function checkCorpus(c: Corpus): void {
  checkSegments(c.sources, c.segments);
}

/** Segments sliced right; codings of sources with text within the text. */
export function checkCodingsDoc(doc: CodingsDocument): void {
  const withText = doc.sources.filter((s) => typeof s.text === 'string' && s.text.length > 0);
  checkSegments(withText, doc.segments.filter((g) => withText.some((s) => s.id === g.sourceId)));
  const len = new Map(withText.map((s) => [s.id, cpLength(s.text)]));
  for (const c of doc.codings) {
    expect(typeof c.code).toBe('string');
    expect(Number.isFinite(c.start)).toBe(true);
    expect(Number.isFinite(c.end)).toBe(true);
    const L = len.get(c.sourceId);
    if (L !== undefined) {
      expect(c.start).toBeGreaterThanOrEqual(0);
      expect(c.end).toBeGreaterThanOrEqual(c.start);
      expect(c.end).toBeLessThanOrEqual(L);
    }
  }
}

/** Cut and flip bytes of a valid file (deterministic from the given numbers). */
export function corrupt(bytes: Uint8Array, cut: number, flips: ReadonlyArray<[number, number]>): Uint8Array {
  const n = Math.max(0, Math.min(bytes.length, Math.floor(cut * bytes.length)));
  const out = bytes.slice(0, n);
  for (const [pos, val] of flips) if (out.length) out[Math.floor(pos * out.length) % out.length] ^= val || 1;
  return out;
}
