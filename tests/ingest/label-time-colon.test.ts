/**
 * A time beside a speaker's label with a colon after it, as some transcription tools write it:
 * - `Interviewer 00:00:01: Hoe gaat het?` (the time after the name, no brackets): not read as a
 *   label, so those lines were one block without a speaker, and nothing was said (`Interviewer
 *   (00:00:09):` beside them was read);
 * - `00:00:01: Interviewer: Hoe gaat het?` (a colon after the time): no label found, the file read
 *   as one document.
 * Both are now the label with the time as the turn's time. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-time-colon-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  return { kind: corpus.sources[0].kind, turns: corpus.segments.map((s) => [s.speaker, s.role, s.time?.start ?? null, s.text]), said: said.filter((x) => x.severity !== 'info').map((x) => x.ruleId) };
}

describe('a time beside a label, with a colon after it', () => {
  it('`Name 00:00:01: …`: turns of that speaker at that time (was a block without a speaker, nothing said)', async () => {
    const r = await read('naam-tijd.txt', 'Interviewer 00:00:01: Hoe gaat het?\nRespondent 00:00:05: Goed, de buurtapp helpt.\nInterviewer (00:00:09): Waarom?\nRespondent [00:00:12]: Iedereen doet mee.\n');
    expect(r.turns).toEqual([
      ['Interviewer', 'interviewer', 1, 'Hoe gaat het?'],
      ['Respondent', 'respondent', 5, 'Goed, de buurtapp helpt.'],
      ['Interviewer', 'interviewer', 9, 'Waarom?'],
      ['Respondent', 'respondent', 12, 'Iedereen doet mee.'],
    ]);
    expect(r.said).toEqual([]);
  });

  it('`00:00:01: Name: …`: turns of that speaker at that time (was one document)', async () => {
    const r = await read('tijd-naam.txt', '00:00:01: Interviewer: Hoe gaat het?\n00:00:05: Respondent: Goed, de buurtapp helpt.\n00:00:09: Interviewer: Waarom?\n00:00:12: Respondent: Daarom.\n');
    expect(r.kind).toBe('transcript');
    expect(r.turns).toEqual([
      ['Interviewer', 'interviewer', 1, 'Hoe gaat het?'],
      ['Respondent', 'respondent', 5, 'Goed, de buurtapp helpt.'],
      ['Interviewer', 'interviewer', 9, 'Waarom?'],
      ['Respondent', 'respondent', 12, 'Daarom.'],
    ]);
    expect(r.said).toEqual([]);
  });

  it('a time with a colon and no label after it stays text', async () => {
    const r = await read('notitie.txt', 'Interviewer: Wanneer begon het?\nRespondent: Zo ongeveer\n10:30:00: toen kwam iedereen binnen.\n');
    expect(r.turns.map((t) => t[3])).toEqual(['Wanneer begon het?', 'Zo ongeveer\n10:30:00: toen kwam iedereen binnen.']);
  });
});
