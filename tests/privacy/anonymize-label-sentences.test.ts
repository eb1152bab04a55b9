/**
 * The words before a colon at the start of a line were taken for a speaker label, so for a name:
 * "Dus ik zei tegen haar: kom maar langs." made "Dus ik zei tegen haar" a person, replaced by a
 * pseudonym there and wherever those words stood ("R1 dat het goed was"); an observation's
 * "Besluit:", "Aanwezig:", "Actiepunt:" became R-numbers, and "Toen zei Kees:" a name of its own, so
 * that "Kees" alone got a third pseudonym. The words were lost from the pseudonymised text, listed
 * only as speaker labels (not among the replacements to review). Now a colon label is a name only
 * when shaped like the labels qda reads (or capitalised words with particles: Maria dos Santos).
 */
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { findSpeakerLabels } from '../../src/privacy/names.js';

describe('a sentence before a colon is no speaker label', () => {
  it('labels of names and roles are found; sentences and note headings are not', () => {
    const labels = (t: string) => findSpeakerLabels(t).map((l) => l.label);
    expect(labels('Dus ik zei tegen haar: kom maar langs.\nToen zei Kees: dat doen we.\n')).toEqual([]);
    expect(labels('Besluit: de wijkcoach neemt de regie.\nAanwezig: Fatima.\nActiepunt: bellen.\nKortom: goed.\n')).toEqual([]);
    expect(labels('Kees Bakker: ja.\nMaria dos Santos: nee.\nAhmed el Amrani: ja.\nInterviewer (Lotte): en?\nJAN DE BOER: ok.\n')).toEqual(['Kees Bakker', 'Maria dos Santos', 'Ahmed el Amrani', 'Interviewer (Lotte)', 'JAN DE BOER']);
  });

  it('qda anonymize keeps the words, and one person keeps one pseudonym', () => {
    const p = new Pseudonymiser({});
    const text = '# Overleg\n\nAanwezig: wijkcoach Fatima Yilmaz, jongerenwerker Kees Bakker.\nBesluit: de wijkcoach neemt de regie.\nDus ik zei tegen haar: kom maar langs.\nToen zei Kees: dat doen we samen.\nActiepunt: Kees belt de school. Dus ik zei tegen haar dat het goed was.\n';
    p.learn(text);
    const out = p.apply(text).text;
    for (const kept of ['Aanwezig:', 'Besluit:', 'Dus ik zei tegen haar: kom', 'Toen zei ', 'Actiepunt:', 'Dus ik zei tegen haar dat']) expect(out).toContain(kept);
    expect(out).not.toMatch(/Kees|Fatima|Yilmaz|Bakker/);
    const kees = /jongerenwerker (R\d+)\./.exec(out)![1];
    expect(out).toContain(`Toen zei ${kees}:`);
    expect(out).toContain(`Actiepunt: ${kees} belt`);
  });
});
