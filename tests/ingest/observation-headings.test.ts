/**
 * Observation notes: a markdown heading that names no description or interpretation block
 * (`# Afspraken`, `## Tweede overleg`) was left out of every segment without a word, and did not
 * end the block before it: after `## Interpretatie` … `## Tweede overleg`, the second meeting's
 * notes were read as interpretation. Now such a heading is said (heading-left-out, as in a
 * transcript), and one at the level of the block's heading or above ends that block; a deeper
 * one (`###`) keeps it; a title above every note is not said. Also: `qda segments --format csv`, which guesses no language, said of
 * every source with a case table's language that it "reads as of no clear language" (19 false
 * warnings on the samples); it now takes the table's language without that claim.
 * Found by a reading check that looks for words in no segment. Our own words throughout.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import type { Diagnostic } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const NOTES = [
  '---',
  'kind: observation',
  'observer: Els',
  'participants: [S1, P2]',
  '---',
  '',
  '## Beschrijving',
  '',
  '[10:15] S1 opent het overleg over de buurtapp.',
  '',
  '## Interpretatie',
  '',
  'De sfeer lijkt gespannen.',
  '',
  '### Kanttekening',
  '',
  'Misschien lag dat aan de tijd.',
  '',
  '## Tweede overleg',
  '',
  '[11:30] P2 vraagt naar het budget voor de speeltuin.',
  '',
].join('\n');

describe('headings of observation notes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-obs-headings-'));

  it('a heading that names no block is said, and ends the block at its level; a deeper one keeps it', async () => {
    writeFileSync(join(dir, 'obs.md'), NOTES);
    const diags: Diagnostic[] = [];
    const r = await readSource('obs.md', { cwd: dir, report: (d) => void diags.push(d) });
    const seen = r!.blocks.map((b) => [r!.source.text.slice(b.start, b.end).split(' ')[0], b.meta?.block ?? '-']);
    expect(seen).toEqual([
      ['[10:15]', 'description'],
      ['De', 'interpretation'],
      ['Misschien', 'interpretation'],
      ['[11:30]', '-'],
    ].map(([w, b]) => [w === '[10:15]' || w === '[11:30]' ? expect.any(String) : w, b]));
    const h = diags.find((d) => d.ruleId === 'heading-left-out');
    expect(h?.severity).toBe('info');
    expect(h?.line).toBe(15);
    expect(h?.message).toContain('left out 2 markdown headings of the observation notes (structure, not what was observed): line 15 "### Kanttekening", line 19 "## Tweede overleg"');
  });

  it('the block headings themselves are read, not said; nor is a title above every note', async () => {
    const lines = NOTES.split('\n').slice(0, 14);
    lines.splice(6, 0, '# Overleg buurtapp, 12 maart', '');
    writeFileSync(join(dir, 'kort.md'), lines.join('\n') + '\n');
    const diags: Diagnostic[] = [];
    await readSource('kort.md', { cwd: dir, report: (d) => void diags.push(d) });
    expect(diags.filter((d) => d.ruleId === 'heading-left-out')).toEqual([]);
    // (a second level-1 heading, after notes, is said)
    writeFileSync(join(dir, 'twee.md'), lines.join('\n') + '\n# Tweede overleg\n\nP2 vraagt naar het budget.\n');
    const more: Diagnostic[] = [];
    await readSource('twee.md', { cwd: dir, report: (d) => void more.push(d) });
    expect(more.find((d) => d.ruleId === 'heading-left-out')?.message).toContain('"# Tweede overleg"');
  });
});

describe('qda segments --format csv and a case table language', () => {
  it('no "reads as of no clear language" for the sources it guesses no language of; qda code still compares', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-seg-csv-lang-'));
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: How do you work together?\n\nAnna: We share information with the partners every week and we meet at the school.\n');
    writeFileSync(join(dir, 'cases.csv'), 'source,group,language\na,x,nl\n');
    const csv = memoryIo(dir);
    expect(await main(['segments', 'a.txt', '--cases', 'cases.csv', '-f', 'csv', '-o', 's.csv'], csv), csv.err()).toBe(0);
    expect(csv.err()).not.toContain('case-language-differs');
    const code = memoryIo(dir);
    expect(await main(['code', 'a.txt', '--cases', 'cases.csv', '-o', 'c.json'], code), code.err()).toBe(0);
    expect(code.err()).toContain('source "a" reads as English, and the case table\'s "language" says Dutch');
  });
});
