import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/model/types.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * A codings CSV whose segment column has another name (`segment_id`, as another tool or a hand
 * names it): it was an attribute of each coding, and every row a passage of its own, so two codes
 * of one passage were two passages in "Total (any code)", without a word. Now a column that holds
 * a segment id of its row's source on every filled row is read as the segment column, said
 * (`segment-column-by-content`). Invented content.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-seg-by-content-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csv = 'source;code;segment_id;team\nr1;tuin;r1#1;a\nr1;tuin;r1#2;a\nr1;buren;r1#1;a\nr2;tuin;r2#1;b\n';

describe('a segment column named otherwise', () => {
  it('is read as the segment column, and said', () => {
    const said: Diagnostic[] = [];
    const doc = parseCodingsCsv(csv, 'c.csv', (d) => void said.push(d));
    expect(new Set(doc.codings.filter((c) => c.sourceId === 'r1').map((c) => c.segmentId)).size).toBe(2);
    expect(said.find((d) => d.ruleId === 'segment-column-by-content')).toMatchObject({ severity: 'warning', line: 1, message: expect.stringContaining('column 3 "segment_id"') });
  });

  it('the matrix counts one passage coded with two codes once in the total', async () => {
    const d = writeProject(root, 'a', { 'codings.csv': csv });
    const r = await qdaLeavingInputs(d, ['matrix', 'codings.csv', '--cols', 'team']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('| **Total (any code)** | **2** | **1** | **3** |');
  });

  it('a column with a value that is no segment of its row\'s source is an attribute, as before', () => {
    const said: Diagnostic[] = [];
    const doc = parseCodingsCsv('source;code;ref\nr1;tuin;r1#1\nr2;tuin;r1#2\n', 'c.csv', (d) => void said.push(d));
    expect(said.find((d) => d.ruleId === 'segment-column-by-content')).toBeUndefined();
    expect(doc.codings[0].attributes?.ref).toBe('r1#1');
  });
});
