/**
 * qda review's decisions record the passage they were made on (`text`, rejections too). A review
 * resumed on a transcript edited since (turns added before a decision, words changed) moved no
 * decision: a rejection named a segment number that now held other words, so the suggestion it
 * rejected, now on the next turns, was asked (and with --accept-above, accepted) again, and the
 * rejection stood on a passage never seen. Now each decision whose passage is no longer at its
 * place is moved to where the passage stands (said: decisions-moved, with the places), and one
 * whose passage is no longer in the text is kept in the file as it is but decides nothing (said:
 * decisions-not-applied). The sources are left byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');
const A = readFileSync(join(fixtures, 'gesprek-a.txt'), 'utf8');
const SEG3 = 'De afspraken over de overdracht zijn niet altijd duidelijk, dan is er weer overleg nodig.';
const START = Array.from(A).indexOf('D', Array.from(A.slice(0, A.indexOf(SEG3))).length);

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'qda-review-moved-'));
  for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(dir, f));
  // a rejection of the "afspraken" suggestion on turn 3, as qda review records it
  const reject = { source: 'gesprek-a', segment: 'gesprek-a#3', start: START, end: START + SEG3.length, code: 'afspraken', coder: 'human', decision: 'reject', originalCode: 'afspraken', suggestedBy: 'rules', rule: 'afspraken/r1', score: 0.95, text: SEG3 };
  writeFileSync(join(dir, 'd.json'), JSON.stringify({ provenance: { tool: 'qdakit', command: 'qda review' }, codebooks: [], codes: [], sources: [], segments: [], codings: [], decisions: [reject] }, null, 2));
  return dir;
}
const review = async (dir: string) => {
  const io = memoryIo(dir);
  const rc = await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--decisions', 'd.json', '--accept-above', '0'], io);
  return { rc, err: io.err(), doc: JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8')) };
};

describe('qda review resumed on an edited transcript: earlier decisions follow their passage', () => {
  it('unedited: the rejection stands, the suggestion is not asked again', async () => {
    const dir = project();
    expect(Array.from(A).slice(START, START + SEG3.length).join('')).toBe(SEG3);
    const { rc, err, doc } = await review(dir);
    expect(rc).toBe(0);
    expect(err).not.toMatch(/decisions-moved|decisions-not-applied|decisions-on-other-text/);
    expect(doc.decisions.filter((d: { code: string }) => d.code === 'afspraken').map((d: { decision: string }) => d.decision)).toEqual(['reject']);
  });

  it('two turns added at the top: the rejection is moved to turn 5 (said), and its suggestion is not accepted again', async () => {
    const dir = project();
    const edited = 'Interviewer: (de opname loopt)\nRespondent: Prima.\n' + A;
    writeFileSync(join(dir, 'gesprek-a.txt'), edited);
    const { rc, err, doc } = await review(dir);
    expect(rc).toBe(0);
    const shift = 'Interviewer: (de opname loopt)\nRespondent: Prima.\n'.length;
    expect(err).toContain(`d.json (/decisions/0): warning: 1 earlier decision on source "gesprek-a" no longer stands where it was made (the source was edited since): moved to where the passage each records ("text") stands now (gesprek-a#3 ${START}–${START + SEG3.length} → gesprek-a#5 ${START + shift}–${START + shift + SEG3.length}); the decisions file keeps the new places from the next decision saved [cli:decisions-moved]`);
    expect(err).not.toMatch(/decisions-on-other-text/);
    const afspraken = doc.decisions.filter((d: { code: string }) => d.code === 'afspraken');
    // (old: the rejection named turn 3, now other words; the suggestion on turn 5 was accepted)
    expect(afspraken).toEqual([expect.objectContaining({ decision: 'reject', segment: 'gesprek-a#5', start: START + shift, end: START + shift + SEG3.length, text: SEG3 })]);
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toBe(edited);
  });

  it('its passage rewritten: the rejection is kept in the file as it was, applies to nothing (said), the suggestion is asked again', async () => {
    const dir = project();
    const edited = A.replace(SEG3, 'De afspraken over de overdracht zijn nu helder.');
    writeFileSync(join(dir, 'gesprek-a.txt'), edited);
    const before = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8')).decisions[0];
    const { rc, err, doc } = await review(dir);
    expect(rc).toBe(0);
    expect(err).toContain(`d.json (/decisions/0): warning: 1 earlier decision on source "gesprek-a" cannot be placed in its text as it is now: the passage it records is nowhere in the text now (reject afspraken on gesprek-a#3 ${START}–${START + SEG3.length}); kept in the decisions file as it is, but it decides nothing in this review: the suggestions there may be asked again [cli:decisions-not-applied]`);
    expect(doc.decisions[0]).toEqual(before);
    expect(doc.decisions.filter((d: { code: string; decision: string }) => d.code === 'afspraken' && d.decision === 'accept')).toHaveLength(1);
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toBe(edited);
  });

  it('a decisions file whose decisions record no passage (older versions) still reads, and a "text" that is no string is left out', async () => {
    const dir = project();
    const d = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'));
    d.decisions[0].text = 42;
    writeFileSync(join(dir, 'd.json'), JSON.stringify(d));
    const { rc, err, doc } = await review(dir);
    expect(rc).toBe(0);
    expect(err).not.toMatch(/decisions-moved|decisions-not-applied/);
    expect(doc.decisions[0].text).toBeUndefined();
    expect(doc.decisions.filter((x: { code: string }) => x.code === 'afspraken').map((x: { decision: string }) => x.decision)).toEqual(['reject']);
  });
});

describe('qda review on a transcript renamed since', () => {
  it('the earlier decisions on the old name whose passage stands in the renamed source are said (decisions-other-source), the decisions file untouched', async () => {
    // old: the decisions named a source not read now: nothing said, every rejected suggestion asked again
    const dir = project();
    writeFileSync(join(dir, 'interview-a.txt'), A);
    const before = readFileSync(join(dir, 'd.json'), 'utf8');
    const io = memoryIo(dir);
    expect(await main(['review', 'interview-a.txt', '-c', 'codebook.yaml', '--decisions', 'd.json', '--export-decisions', 'x.csv'], io)).toBe(0);
    expect(io.err()).toContain('d.json (/decisions/0): warning: 1 earlier decision on source "gesprek-a", which is not read now, records a passage that stands in source "interview-a": was the file renamed (a source\'s id is its file name)? It decides nothing there: the suggestions it decided may be asked again [cli:decisions-other-source]');
    expect(io.err()).toContain('hint: give the source its old file name again, or write its new id ("interview-a") as the "source" of these decisions');
    expect(readFileSync(join(dir, 'd.json'), 'utf8')).toBe(before);
    // (reviewing the other sources of the file only: nothing said)
    const io2 = memoryIo(dir);
    writeFileSync(join(dir, 'other.txt'), 'Interviewer: Hoe gaat het?\nRespondent: Goed, we overleggen veel.\n');
    expect(await main(['review', 'other.txt', '-c', 'codebook.yaml', '--decisions', 'd.json', '--export-decisions', 'y.csv'], io2)).toBe(0);
    expect(io2.err()).not.toMatch(/decisions-other-source/);
  });
});
