import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * Case ids and group values that differ only in capitals or in spaces around them ("C1" / "c1",
 * "A" / "a", "B " / "B") are named with both spellings and their lines. Before: "c1" and "C1" were
 * two cases and "a" and "A" two groups in silence (while source ids match regardless of case).
 */

async function read(csv: string): Promise<{ rows: Awaited<ReturnType<typeof readCases>>['rows']; diags: Diagnostic[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'qda-cases-case-'));
  writeFileSync(join(dir, 'cases.csv'), csv);
  const diags: Diagnostic[] = [];
  const t = await readCases('cases.csv', { cwd: dir, report: (d) => diags.push(d) });
  return { rows: t.rows, diags };
}

describe('cases.csv: values that differ only in capitals or spaces', () => {
  it('names case ids and group values written two ways, with the lines and what was done; nothing merged', async () => {
    const { rows, diags } = await read('source,case,group\ns1,C1,A\ns2,C2,B\ns3,c1,a\ns4,C4,B \ns5,C5,A\n');
    // kept apart, as written (spaces around dropped)
    expect(rows.map((r) => [r.case, r.attributes.group])).toEqual([['C1', 'A'], ['C2', 'B'], ['c1', 'a'], ['C4', 'B'], ['C5', 'A']]);
    const w = diags.filter((d) => d.ruleId === 'values-differ-in-case');
    expect(w).toHaveLength(2);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'cases.csv', line: 4 });
    expect(w[0].message).toContain('1 case id(s) of "case" are written in ways that differ only in capitals or spaces around them: "C1" (line 2) / "c1" (line 4): kept apart (different cases)');
    expect(w[1].message).toContain('"A" (lines 2, 6) / "a" (line 4): kept apart (different groups)');
    expect(w[1].message).toContain('"B" (line 3) / "B " (line 5): read as one (spaces around a value are dropped)');
    expect(w[1].hint).toMatch(/write each "group" value the same way on every row/);
  });

  it('a spelling with a double space inside is said as read with the value it joins, not as kept apart', async () => {
    // "Wijk  Noord" (a double space) is read as "Wijk Noord" (look-alike-names); "wijk noord " stays
    // apart: the warning said all three were "kept apart (different groups)"
    const csv = 'source,group\ns1,Wijk Noord\ns2,wijk noord \ns3,Wijk  Noord\ns4,Zuid\n';
    const dir = mkdtempSync(join(tmpdir(), 'qda-cases-case-'));
    writeFileSync(join(dir, 'cases.csv'), csv);
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => r.attributes.group)).toEqual(['Wijk Noord', 'wijk noord', 'Wijk Noord', 'Zuid']);
    const w = diags.filter((d) => d.ruleId === 'values-differ-in-case');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'cases.csv', line: 3 });
    expect(w[0].message).toContain('"Wijk Noord" (line 2) / "wijk noord " (line 3) / "Wijk  Noord" (line 4): kept apart as 2 different groups: "Wijk Noord" (lines 2, 4), "wijk noord" (line 3)');
    expect(w[0].message).not.toContain('kept apart (different groups)');
    expect(diags.find((d) => d.ruleId === 'look-alike-names')?.message).toContain('"Wijk Noord" (lines 2 / 4)');
    expect(readFileSync(join(dir, 'cases.csv'), 'utf8')).toBe(csv);
  });

  it('values written one way: nothing to say', async () => {
    const { diags } = await read('source,case,group\ns1,C1,A\ns2,C2,B\ns3,C1,A\n');
    expect(diags.filter((d) => d.ruleId === 'values-differ-in-case')).toEqual([]);
  });
});
