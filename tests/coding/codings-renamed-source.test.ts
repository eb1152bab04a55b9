/**
 * `--codings` of another run beside a folder of the same transcripts renamed (interview-01.txt is
 * R01.txt now): every coding was "for source interview-01 … matches no source read", kept without
 * segment, with no word of R01, though the codings document holds the very text of R01. Now a
 * source whose text is the document's character for character gets the codings, said
 * (`codings-source-renamed`); an edited copy is named as the source most like it, with how to fix
 * (`codings-source-near-copy`); its codings stay without segment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const BOOK = 'id: boek\nname: {nl: Boek}\nlanguage: nl\ncodes:\n  - id: samenwerking\n  - id: overleg\n';
const WORDS = ['wij', 'werken', 'samen', 'met', 'de', 'school', 'en', 'de', 'wijkagent', 'omdat', 'het', 'anders', 'niet', 'lukt', 'bij', 'gezinnen', 'in', 'de', 'buurt'];
/** A transcript of seven questions and answers, each answer 25 words picked by a small counter. */
function transcript(name: string, seed: number): string {
  const lines: string[] = [];
  let k = seed;
  for (let i = 0; i < 7; i++) {
    const w: string[] = [];
    for (let j = 0; j < 25; j++) w.push(WORDS[(k = (k * 31 + 7) % 1009) % WORDS.length]);
    lines.push(`Interviewer: Vraag ${i}?`, `Anna: ${name} ${w.join(' ')} (${i}).`);
  }
  return lines.join('\n') + '\n';
}

type Doc = { sources: Array<{ id: string; codings: Array<{ code: string; segment?: number; start?: number; end?: number }> }> };

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-codings-renamed-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('codings of another run, the sources renamed since', () => {
  it('go to the source with the very same text (said); for an edited copy the source most like it is named with the fix', async () => {
    const t1 = transcript('een', 1);
    const t2 = transcript('twee', 2);
    const dir = writeProject(root, 'renamed', {
      'cb.yaml': BOOK,
      'a/interview-01.txt': t1,
      'a/interview-02.txt': t2,
      'a.csv': 'source,segment,code,coder\ninterview-01,1,samenwerking,fem\ninterview-01,3,overleg,fem\ninterview-02,1,overleg,fem\n',
      'b/R01.txt': t1,
      'b/R02.txt': t2.replace('(3).', '(3) toch.'),
    });
    const first = await qdaLeavingInputs(dir, ['code', 'a', '-c', 'cb.yaml', '--no-rules', '--codings', 'a.csv', '-o', 'c1.json'], ['c1.json']);
    expect(first.code, first.err).toBe(0);
    const r = await qdaLeavingInputs(dir, ['code', 'b', '-c', 'cb.yaml', '--no-rules', '--codings', 'c1.json', '-o', 'c2.json'], ['c1.json', 'c2.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'c1.json (/sources/0): warning: 2 codings for source "interview-01" (first at /sources/0), which no source read has as its name, are placed in source "R01" (b/R01.txt): its text is the text the codings document holds for "interview-01", character for character (the file renamed since?) [coding:codings-source-renamed]',
    );
    expect(r.err).toContain(
      'c1.json (/sources/1): warning: 1 coding for source "interview-02" (at /sources/1) matches no source read by name; the text the codings document holds for "interview-02" is most like source "R02" (b/R02.txt: 6 of its 7 long passages are in both), not the same; it is kept without segment [coding:codings-source-near-copy]',
    );
    expect(r.err).toContain('hint: if "R02" is "interview-02" renamed and edited, write "R02" for "interview-02" as the source in the codings document');
    expect(r.err).not.toContain('codings-unknown-source');
    const doc = JSON.parse(readFileSync(join(dir, 'c2.json'), 'utf8')) as Doc;
    const r01 = doc.sources.find((s) => s.id === 'R01')!;
    const c1 = JSON.parse(readFileSync(join(dir, 'c1.json'), 'utf8')) as Doc;
    expect(r01.codings.map((c) => [c.code, c.segment])).toEqual(c1.sources.find((s) => s.id === 'interview-01')!.codings.map((c) => [c.code, c.segment]));
  });

  it('a source of the document whose text nothing read is like stays an unknown source, said as before', async () => {
    const dir = writeProject(root, 'unlike', {
      'cb.yaml': BOOK,
      'a/interview-01.txt': transcript('een', 1),
      'a.csv': 'source,segment,code,coder\ninterview-01,1,samenwerking,fem\n',
      'b/R09.txt': transcript('negen', 9),
    });
    expect((await qdaLeavingInputs(dir, ['code', 'a', '-c', 'cb.yaml', '--no-rules', '--codings', 'a.csv', '-o', 'c1.json'], ['c1.json'])).code).toBe(0);
    const r = await qdaLeavingInputs(dir, ['code', 'b', '-c', 'cb.yaml', '--no-rules', '--codings', 'c1.json', '-o', 'c2.json'], ['c1.json', 'c2.json']);
    expect(r.err).toContain('[coding:codings-unknown-source]');
    expect(r.err).not.toContain('codings-source-');
  });
});
