/**
 * Labels written with a full stop or a dash after the name instead of a colon (`I. Hoe gaat het?`
 * ⏎ `R. Goed.`, `Interviewer - …` ⏎ `Respondent - …`) were read as one document without speakers
 * (only "no speaker labels"): every answer was no one's. Read as turns now when the file is labelled
 * that way throughout, and said (punctuated-labels-read); prose, lists, options and headings that
 * start the same way are not. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-punct-labels-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  return { segments: corpus.segments.map((s) => [s.speaker, s.role, s.text]), said, rules: said.map((d) => d.ruleId) };
}

describe('labels with a full stop or a dash after the name', () => {
  it('`I.` / `R.`: read as turns, said with the forms and counts', async () => {
    const r = await read('punt.txt', 'I. Hoe lang woont u al in de Vogelbuurt?\nR. Sinds de zomer van 2009. Daarvoor in Hengelo.\nI. En wat is er veranderd?\nR. Er zijn meer jonge gezinnen.\nDe school is gegroeid.\nI. Dank u.\n');
    expect(r.segments).toEqual([
      ['I', 'interviewer', 'Hoe lang woont u al in de Vogelbuurt?'],
      ['R', 'respondent', 'Sinds de zomer van 2009. Daarvoor in Hengelo.'],
      ['I', 'interviewer', 'En wat is er veranderd?'],
      ['R', 'respondent', 'Er zijn meer jonge gezinnen.\nDe school is gegroeid.'],
      ['I', 'interviewer', 'Dank u.'],
    ]);
    expect(r.rules).not.toContain('no-speaker-labels');
    const d = r.said.find((x) => x.ruleId === 'punctuated-labels-read')!;
    expect([d.severity, d.line, d.actual]).toEqual(['info', 1, 'I.']);
    expect(d.message).toContain('"I." (3 lines), "R." (2 lines)');
  });

  it('`Interviewer - ` / `Respondent – ` (dashes of any length): read as turns; a dash inside the words stays text', async () => {
    const r = await read('streep.txt', 'Interviewer - What did the move cost you?\nRespondent - Money - and sleep, to be honest.\nInterviewer – Sleep?\nRespondent — Yes. The boxes stood in the hall for weeks.\n');
    expect(r.segments).toEqual([
      ['Interviewer', 'interviewer', 'What did the move cost you?'],
      ['Respondent', 'respondent', 'Money - and sleep, to be honest.'],
      ['Interviewer', 'interviewer', 'Sleep?'],
      ['Respondent', 'respondent', 'Yes. The boxes stood in the hall for weeks.'],
    ]);
    expect(r.said.find((x) => x.ruleId === 'punctuated-labels-read')?.message).toContain('"Interviewer -" (2 lines), "Respondent -" (2 lines)');
  });

  it('prose, Roman headings, options and a glossary that start that way stay a document', async () => {
    const cases: Record<string, string> = {
      'proza.txt': 'I. M. Pei designed the museum. I liked it.\nI. think so too, wrote nobody.\nThe end of that.\nR. Smith agreed.\nR. Jones did not.\n',
      'romeins.txt': 'I. Inleiding\n\nDit stuk gaat over de wijk.\n\nII. Methode\n\nWe spraken met bewoners.\n\nI. Bijlage\n\nZie boven.\n\nII. Tabellen\n\nGeen.\n',
      'opties.txt': 'Vraag 1\nA. Eens\nB. Oneens\nVraag 2\nA. Eens\nB. Oneens\nVraag 3\nA. Eens\nB. Oneens\n',
      'lijst.txt': '1. Eerst de aanmelding.\n2. Dan het gesprek.\n1. Opnieuw de aanmelding.\n2. Opnieuw het gesprek.\n',
      'begrippen.txt': 'Begrippen\n\nWijkteam - een team in de wijk\nMantelzorg - zorg door naasten\nWijkteam - zie boven\nMantelzorg - zie boven\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      const r = await read(name, text);
      expect(r.rules, name).not.toContain('punctuated-labels-read');
      expect(r.segments.every((s) => s[0] === null), name).toBe(true);
    }
  });

  it('a file with colon labels is read as before (the full stop form is looked for only when no label is read)', async () => {
    const r = await read('dubbel.txt', 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nI. Dit is een zin die met I begint.\nInterviewer: En verder?\nRespondent: Ook goed.\n');
    expect(r.rules).not.toContain('punctuated-labels-read');
    expect(r.segments[1]).toEqual(['Respondent', 'respondent', 'Goed.\nI. Dit is een zin die met I begint.']);
  });
});

describe('a line with a full stop or a dash after a speaker\'s name in a file with colon labels', () => {
  it('is said (label-form-not-read) with its form and line: its words are read into the turn before', async () => {
    const r = await read('gemengd.txt', 'Interviewer: Hoe gaat het?\nRespondent - Goed, dank u.\nInterviewer: En thuis?\nRespondent: Ook goed.\nInterviewer: Fijn.\nR. Ja.\nHet was een mooie dag. Daarna gingen we naar huis.\n');
    const d = r.said.find((x) => x.ruleId === 'label-form-not-read')!;
    expect([d.line, d.actual]).toEqual([2, 'Respondent -']);
    expect(d.message).toContain('"Respondent -" (line 2), "R." (line 6)');
  });
});
