/** Regressions from a QA pass over `qda code` (project codebooks, --explain, code-id collisions, streaming CSV). */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

import { ROOT, book, haveSamples, project } from './qa-project.js';
import { parseCodingsJson } from '../../src/ingest/read-codings.js';

describe('qda code --explain', () => {
  it('without -o: the document alone on stdout, the explanation on stderr after it; with -o: the explanation on stdout', async () => {
    const dir = project();
    const io = memoryIo(join(dir, 'proj'));
    expect(await main(['code', 'interviews/int1.txt', '-c', 'books/mini.yaml', '--explain'], io)).toBe(0);
    const doc = parseCodingsJson(io.out(), 'stdout');
    expect(doc.codings.length).toBeGreaterThan(0);
    expect(io.err()).toMatch(/interviews\/int1\.txt:3:\d+ int1#1 samen \[rules [\d.]+\]\n {4}rule samen\/r1: keywords nl: samenwerking\n {4}matched "samenwerking" @3:16/);
    expect(io.err()).toMatch(/samen \[human\]\n {4}marker \{\{samen\}\}/);

    // order: the document first, then the explanation (what stays on screen in a terminal)
    const both: string[] = [];
    const base = memoryIo(join(dir, 'proj'));
    const shared = { ...base, stdout: { write: (c: string | Uint8Array) => void both.push(`out:${String(c)}`) }, stderr: { write: (c: string | Uint8Array) => void both.push(`err:${String(c)}`) } };
    expect(await main(['code', 'interviews/int1.txt', '-c', 'books/mini.yaml', '--explain'], shared)).toBe(0);
    expect(both.findIndex((c) => c.startsWith('out:{'))).toBeLessThan(both.findIndex((c) => c.includes('rule samen/r1')));

    const io2 = memoryIo(join(dir, 'proj'));
    expect(await main(['code', 'interviews/int1.txt', '-c', 'books/mini.yaml', '--explain', '-o', 'c.json'], io2)).toBe(0);
    expect(io2.out()).toMatch(/rule samen\/r1: keywords nl: samenwerking/);
    expect(io2.err()).not.toMatch(/rule samen\/r1/);
  });

  it('--help says where the explanation goes', async () => {
    const io = memoryIo(ROOT);
    await main(['code', '--help'], io);
    expect(io.out().replace(/\s+/g, ' ')).toMatch(/--explain .*on stdout with -o FILE, else on stderr after the document/);
  });
});

describe('qda code -o FILE', () => {
  it('says on stderr what it read and wrote, per coder', async () => {
    const { codingSummary } = await import('../../src/cli/commands/code.js');
    const line = codingSummary(
      { sources: [{}, {}] as never, segments: [{}, {}, {}] as never, codings: [{ coder: 'rules' }, { coder: 'anna' }, { coder: 'rules' }] as never },
      'out.json',
    );
    expect(line).toBe('qda code: 2 sources, 3 segments, 3 codings (anna 1, rules 2) → out.json\n');
  });
});
