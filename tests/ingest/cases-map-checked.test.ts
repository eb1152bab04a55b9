import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * qda.yaml's inline `cases:` map is checked as a cases CSV is: spaces around a value are dropped and
 * values written two ways are said with their lines in qda.yaml. Before, its values were taken as
 * written: `group: "Noord  "` beside `group: Noord` were two groups, two matrix columns both shown
 * as "Noord", without a word.
 */
const YAML = ['sources: [src]', 'cases:', '  r1: {group: Noord}', '  r2: {group: "noord "}', '  r3: {group: "Noord  "}', ''].join('\n');
const FILES = {
  'qda.yaml': YAML,
  'src/r1.txt': 'Interviewer: Hoe gaat het?\nRespondent: Goed, we overleggen veel. {{overleg}}\n',
  'src/r2.txt': 'Interviewer: Hoe gaat het?\nRespondent: Er is weinig geld. {{geld}}\n',
  'src/r3.txt': 'Interviewer: Hoe gaat het?\nRespondent: Het geld is op. {{geld}}\n',
};

describe("qda.yaml's cases map", () => {
  it('values written two ways are said with their lines; spaces around a value are dropped', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-cases-map-')), 'p', FILES);
    const r = await qdaLeavingInputs(dir, ['code', '-o', 'c.json'], ['c.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('qda.yaml:4: warning: 1 value(s) of "group" are written in ways that differ only in capitals or spaces around them: "Noord" (line 3) / "noord " (line 4) / "Noord  " (line 5): kept apart as 2 different groups: "Noord" (lines 3, 5), "noord" (line 4) [ingest:values-differ-in-case]');
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { sources: Array<{ id: string; attributes: Record<string, string> }> };
    expect(doc.sources.map((s) => [s.id, s.attributes.group])).toEqual([['r1', 'Noord'], ['r2', 'noord'], ['r3', 'Noord']]);
    const m = await qdaLeavingInputs(dir, ['matrix', 'c.json', '--cols', 'group', '--measure', 'sources', '--format', 'csv']);
    expect(m.out.split('\n')[0]).toBe('Code,Name,Noord,noord,Total');
  });

  it('applied to a codings table by qda run: the same warning', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-cases-map-')), 'p', { 'qda.yaml': YAML.replace('sources: [src]\n', ''), 'c.csv': 'source,code\nr1,overleg\nr2,geld\nr3,geld\n' });
    const r = await qdaLeavingInputs(dir, ['run', 'c.csv', '-o', 'out'], ['out']);
    expect(r.code).toBe(0);
    // (the map starts a line higher: no sources: line)
    expect(r.err).toMatch(/qda\.yaml:3: warning: 1 value\(s\) of "group" are written in ways that differ only in capitals or spaces around them/);
    expect(r.err).toContain('kept apart as 2 different groups: "Noord" (lines 2, 4), "noord" (line 3)');
  });
});
