/**
 * A transcriber's note in a speaker's label, before the colon: `Respondent [lacht]: Prima.` was no
 * label (the answer was read into the interviewer's turn before it, without a word), and
 * `Respondent (lacht): Goed.` was a speaker of its own ("Respondent (lacht)": one person counted as
 * two). Both are the speaker's label now, the note no part of the name nor of the turn's text, said
 * (`label-note-read`); `Interviewer (Kees):` keeps its name. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-label-note-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  for (const s of corpus.segments) expect(text.slice(s.start, s.end)).toBe(s.text);
  return { turns: corpus.segments.map((s) => [s.speaker, s.text]), said };
}

describe("a transcriber's note in a label", () => {
  it('`Name [lacht]:` and `Name (lacht):` are that speaker\'s labels, said', async () => {
    const r = await read('noot.txt', 'Interviewer: Hoe gaat het met de buurtapp?\nRespondent (lacht): Goed.\nInterviewer: En de school?\nRespondent [zucht]: Die minder.\nInterviewer (Kees): Waarom?\nRespondent: Te weinig tijd.\n');
    expect(r.turns).toEqual([
      ['Interviewer', 'Hoe gaat het met de buurtapp?'],
      ['Respondent', 'Goed.'],
      ['Interviewer', 'En de school?'],
      ['Respondent', 'Die minder.'],
      ['Interviewer (Kees)', 'Waarom?'],
      ['Respondent', 'Te weinig tijd.'],
    ]);
    const d = r.said.filter((x) => x.ruleId === 'label-note-read');
    expect(d.map((x) => [x.severity, x.line, x.message])).toEqual([
      ['info', 2, `2 speaker labels hold a transcriber's note before the colon (the first: line 2 "Respondent (lacht):", read as Respondent's): each is read as the label of its speaker; the note is no part of the speaker's name nor of the turn's text`],
    ]);
  });

  it('a bracket that is no note stays as before', async () => {
    const r = await read('geen.txt', 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nZie bijlage [3]: de cijfers.\n');
    expect(r.turns.map((t) => t[0])).toEqual(['Interviewer', 'Respondent']);
    expect(r.said.filter((x) => x.ruleId === 'label-note-read')).toEqual([]);
  });
});
