/**
 * A codings CSV row whose code cell names several codes (`samenwerking; vertrouwen`) with a parent
 * (`Relatie`): the cell is read as one coding of each code (several-codes-in-cell), but its parent
 * was the parent of the whole cell's code, which is then no code, and was lost: the codes it names
 * were counted top-level, not under Relatie. Now the parent is given to each code it names, said
 * in the same warning; a code the file gives another parent stops as two parents do.
 * Fails on the old code (no parent on samenwerking). Content invented.
 */
import { describe, expect, it } from 'vitest';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import type { Diagnostic } from '../../src/model/types.js';

describe('a parent on a row whose code cell names several codes', () => {
  it('is the parent of each code the cell names, and said', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source;segment;code;parent;coder\nr1;r1#1;"samenwerking; vertrouwen";Relatie;anna\nr1;r1#3;samenwerking;;anna\nr1;r1#2;vertrouwen;;anna\n', 'c.csv', (d) => diags.push(d));
    const parent = Object.fromEntries(doc.codes.map((c) => [c.id, c.parent]));
    expect(parent).toMatchObject({ samenwerking: 'Relatie', vertrouwen: 'Relatie' });
    expect(doc.codes.map((c) => c.id)).not.toContain('samenwerking; vertrouwen');
    const d = diags.find((x) => x.ruleId === 'several-codes-in-cell');
    expect(d!.message).toContain('the parent given on such a row is given to each code it names: "Relatie" (line 2) to "samenwerking", "vertrouwen"');
  });

  it('a code of the cell with another parent on its own row stops with both lines', () => {
    expect(() => parseCodingsCsv('source;segment;code;parent\nr1;r1#1;"samenwerking; vertrouwen";Relatie\nr1;r1#3;samenwerking;Werk\nr1;r1#2;vertrouwen;\n', 'c.csv', () => {})).toThrow(/code "samenwerking" has two parents: "Werk" \(line 3\) and "Relatie" \(line 2, given to each code of the cell "samenwerking; vertrouwen"\)/);
  });
});
