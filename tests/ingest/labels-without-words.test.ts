/**
 * A transcript with speaker labels and no words after any of them (`Interviewer:` alone, a
 * transcript begun and not yet written). Before: an internal error (exit 1) from the check
 * for interviewer-only files, which stopped `qda code` on a whole folder; and a file with
 * `Interviewer:` ⏎ `Respondent:` was a source without segments, counted in every denominator,
 * without a word (an empty file is said). Now neither stops the run and both are said, with
 * the line of the first label. Found by a reading check that looks for words in no segment.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import type { Diagnostic } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

async function read(dir: string, name: string, text: string): Promise<{ segments: number; diags: Diagnostic[] }> {
  writeFileSync(join(dir, name), text);
  const diags: Diagnostic[] = [];
  const r = await readSource(name, { cwd: dir, report: (d) => void diags.push(d) });
  return { segments: r!.blocks.filter((b) => b.end > b.start).length, diags };
}

describe('speaker labels without words', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-labels-no-words-'));

  it('`Interviewer:` alone: read (no internal error), said at its line', async () => {
    const { segments, diags } = await read(dir, 'leeg.txt', '\n\nInterviewer:\n');
    expect(segments).toBe(0);
    const d = diags.find((x) => x.ruleId === 'no-words-in-turns');
    expect(d?.line).toBe(3);
    expect(d?.message).toContain('speaker labels (Interviewer) but no words after any of them');
    // (the interviewer-only warning is about answers read into the interviewer's turns: there are none)
    expect(diags.some((x) => x.ruleId === 'interviewer-only')).toBe(false);
  });

  it('text without a label, then an empty interviewer turn: read, and no such warning (the text is a segment)', async () => {
    const { segments, diags } = await read(dir, 'tekst.txt', 'Een zin zonder spreker.\nModerator: [00:01:02]\n');
    expect(segments).toBe(1);
    expect(diags.some((x) => x.ruleId === 'no-words-in-turns')).toBe(false);
  });

  it('`Interviewer:` ⏎ `Respondent:`: said; a label with a time and words on the next line is not', async () => {
    const { diags } = await read(dir, 'twee.txt', 'Interviewer:\n\nRespondent:\n');
    expect(diags.find((x) => x.ruleId === 'no-words-in-turns')?.message).toContain('(Interviewer, Respondent)');
    const ok = await read(dir, 'tijd.txt', 'Interviewer: [00:01:02]\n\nVerder niets.\n');
    expect(ok.segments).toBe(1);
    expect(ok.diags.some((x) => x.ruleId === 'no-words-in-turns')).toBe(false);
  });

  it('qda code on a folder with such a file: exit 0, the other sources coded, the file said', async () => {
    const d = join(dir, 'map');
    mkdirSync(d);
    writeFileSync(join(d, 'a-leeg.txt'), 'Interviewer:\n');
    writeFileSync(join(d, 'b.txt'), 'Interviewer: Hoe gaat het overleg?\n\nAnna: We hebben elke week overleg met de school en we delen informatie.\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'map', '-c', 'coordination-collaboration', '-o', 'c.json'], io), io.err()).toBe(0);
    expect(io.err()).toMatch(/a-leeg\.txt:1: warning: the file holds speaker labels \(Interviewer\) but no words after any of them.*\[ingest:no-words-in-turns\]/);
    expect(io.err()).toContain('qda code: 2 sources');
  });
});
