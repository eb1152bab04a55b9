import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * `qda agree` tells a file numbered by turn (from 1) from one numbered by segment (from 0) by its
 * header; it took the file's first line as the header, so a codings CSV below Excel's `sep=;`
 * line or a title numbered "none", and turn 3 of one coder was compared with segment 3 of the
 * other (the passage after it) without a word. Now the header line is found below them.
 * Invented content.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-agree-header-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const a = 'source,segment,code,coder\nr1,1,a,anna\nr1,2,b,anna\n';

describe('agree: the numbering of a file whose header is not its first line', () => {
  it('a turn file below a sep=; line beside a segment file is said', async () => {
    const d = writeProject(root, 'sep', { 'ga.csv': a, 'gb.csv': 'sep=;\nsource;turn;code;coder\nr1;2;a;bram\nr1;3;b;bram\n' });
    const r = await qdaLeavingInputs(d, ['agree', 'ga.csv', 'gb.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/gb\.csv numbers the passages by "turn".*ga\.csv by segment.*\[cli:turn-vs-segment\]/);
  });

  it('a segment file below a title beside a turn file is said', async () => {
    const d = writeProject(root, 'title', { 'ga.csv': 'Coderingen Anna\n\nsource;segment;code;coder\nr1;1;a;anna\nr1;2;b;anna\n', 'gb.csv': 'source,turn,code,coder\nr1,2,a,bram\nr1,3,b,bram\n' });
    const r = await qdaLeavingInputs(d, ['agree', 'ga.csv', 'gb.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/gb\.csv numbers the passages by "turn".*ga\.csv by segment.*\[cli:turn-vs-segment\]/);
  });
});
