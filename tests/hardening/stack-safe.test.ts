/**
 * Stack-safe and string-safe on data-sized input (issue 13, item 6): no spread call over a
 * data-sized array anywhere in src/ (`push(...x)`, `Math.max(...x)`, `fromCharCode.apply`
 * overflow the call stack beyond ~100,000 items), 1,000,000 tiny turns coded and written,
 * documents and CSV tables larger than one string written in pieces with the same bytes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { jsonPieces, writeJsonPieces } from '../../src/export/json-pieces.js';
import { maxOf, minOf, pushAll, fromCharCodes } from '../../src/model/arrays.js';
import { codeCorpus } from '../../src/coding/code-corpus.js';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { memoryIo } from '../../src/cli/io.js';
import { renderTables } from '../../src/export/render-table.js';
import { tokenize } from '../../src/coding/tokenize.js';
import { book, corpusOf, source } from '../coding/helpers.js';
import type { Table } from '../../src/model/types.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');
function tsFiles(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no spread call over data-sized arrays in src/', () => {
  it('every push(...x) / Math.max(...x) / fromCharCode spread left is marked `// bounded:` with why', () => {
    const SPREAD = /\b(push|unshift)\(\.\.\.|Math\.(max|min)\((?:[^)]*,)?\s*\.\.\.|fromCharCode(Point)?\(\.\.\.|fromCharCode(Point)?\.apply\(|\.apply\(null,/;
    const offenders: string[] = [];
    for (const f of tsFiles(SRC)) {
      if (f.endsWith(join('model', 'arrays.ts'))) continue;
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (/^\s*(\/\/|\*)/.test(l) || !SPREAD.test(l)) return;
        if (/\/\/ bounded:/.test(l) || /\/\/ bounded:/.test(lines[i - 1] ?? '')) return;
        offenders.push(`${f.slice(SRC.length + 1)}:${i + 1}: ${l.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the helpers take 1,000,000 items', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(pushAll([], big)).toHaveLength(1_000_000);
    expect(maxOf(big)).toBe(Math.max(...big.slice(0, 50_000), ...big.slice(50_000, 100_000), maxOf(big.slice(100_000))));
    expect(minOf(big)).toBe(0);
    expect(maxOf([])).toBe(-Infinity);
    expect(maxOf([1, NaN, 3])).toBeNaN();
    const units = new Uint16Array(300_000).map((_, i) => 0x61 + (i % 26));
    expect(fromCharCodes(units)).toBe(Array.from(units, (u) => String.fromCharCode(u)).join(''));
  });

  it('a 1,000,000-character word is tokenised (it overflowed fromCharCode.apply)', () => {
    const w = 'ab'.repeat(500_000);
    expect(tokenize(`x ${w} y`).map((t) => t.raw.length)).toEqual([1, 1_000_000, 1]);
  });
});

describe('1,000,000 tiny turns', () => {
  it('are coded (1,000,000 codings: push(...) overflowed here) and written as JSON in pieces', { timeout: 240_000 }, async () => {
    const text = 'A: x\nB: y\n'.repeat(500_000);
    const corpus = corpusOf([source('tiny', text)]);
    expect(corpus.segments).toHaveLength(1_000_000);
    const b = book([{ id: 'x', rules: [{ kind: 'keywords', id: 'x/r1', terms: { nl: ['x', 'y'], en: ['x', 'y'] } }] }]);
    const doc = codeCorpus(corpus, [b], { speakers: 'all' });
    expect(doc.codings).toHaveLength(1_000_000);
    let chars = 0;
    let n = 0;
    let last = '';
    await writeJsonPieces(doc, (chunk) => {
      chars += chunk.length;
      n += chunk.split('"segmentId"').length - 1;
      last = chunk;
    });
    expect(n).toBe(1_000_000);
    expect(chars).toBeGreaterThan(100_000_000);
    expect(last.endsWith('}\n')).toBe(true);
  });
});

describe('a 10 MB codebook', () => {
  it('with 75,000 codes that each have an error: every diagnostic returned (no stack overflow)', { timeout: 240_000 }, () => {
    const lines = ['id: big', 'name: {nl: Groot, en: Big}', 'codes:'];
    let size = 0;
    let i = 0;
    while (size < 10 * 1024 * 1024) {
      const block = `  - id: code-${i}\n    name: {nl: Code ${i}, en: Code ${i}}\n    parent: nope-${i}\n    level: ${(i % 5) + 1}\n    rules:\n      - keywords: {nl: [woord${i}, term${i}*], en: [word${i}]}`;
      lines.push(block);
      size += block.length + 1;
      i++;
    }
    const text = lines.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    const r = parseCodebookWithDiagnostics(text, { file: 'big.yaml' });
    const unknown = r.diagnostics.filter((d) => d.severity === 'error' && /nope-/.test(d.message));
    expect(unknown.length).toBe(i);
  });
});

describe('pieces are the same bytes', () => {
  it('property: jsonPieces joined === JSON.stringify(v, null, 2)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.option(fc.date({ noInvalidDate: true })), (v, d) => {
        const value = { a: v, nested: [[[{ deep: v, when: d, skip: undefined, fn: () => 1 }]]], arr: [undefined, v] };
        expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('a string longer than one piece, with an astral character across the cut, and lone surrogates', () => {
    const s = 'a'.repeat((1 << 20) - 1) + '😀' + '"\\\n'.repeat(300_000) + '\ud800x\udc00';
    const value = { sources: [{ id: 's', text: s, meta: { deep: { deeper: { text: s } } } }] };
    const pieces = [...jsonPieces(value)];
    expect(pieces.every((p) => p.length <= (1 << 21) + 16)).toBe(true);
    expect(pieces.join('')).toBe(JSON.stringify(value, null, 2));
  });
});
