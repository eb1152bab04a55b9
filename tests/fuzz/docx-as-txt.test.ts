/**
 * Fuzz: a transcript typed in Word reads as the same transcript saved as text. Lines from the
 * forms transcripts take (labels with stamps, notes, tabs, capitals; empty turns; page numbers;
 * markers) are written once as a .txt (a line each) and once as a .docx (a paragraph each);
 * both must give the same turns: speaker, role and words. Our own invented words throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { FUZZ } from './helpers.js';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-fuzz-docx-txt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const word = fc.constantFrom('samenwerking', 'partners', 'overleg', 'wijkteam', 'vertrouwen', 'buurt', 'gezin', 'café', 'één');
const sentence = fc.tuple(fc.array(word, { minLength: 1, maxLength: 6 }), fc.constantFrom('.', '?', '!', '')).map(([w, p]) => w.join(' ') + p);
const speaker = fc.constantFrom('Interviewer', 'Respondent', 'Anna', 'Bram', 'I', 'R', 'Mw. de Vries');
const line = fc.oneof(
  fc.tuple(speaker, sentence).map(([s, w]) => `${s}: ${w}`),
  fc.tuple(speaker, sentence, sentence).map(([s, w, v]) => `${s}: ${w} ${v}`),
  fc.tuple(fc.integer({ min: 0, max: 9 }), speaker, sentence).map(([m, s, w]) => `[00:0${m}:12] ${s}: ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `${s.toUpperCase()}: ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `${s} (lacht): ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `${s}\t${w}`),
  speaker.map((s) => `${s}:`),
  sentence,
  fc.constantFrom('', '12'),
  sentence.map((w) => `${w} {{trust}}`),
  sentence.map((w) => `[[${w}]]{{relatie}}`),
);
const transcript = fc.tuple(sentence, sentence, fc.array(line, { minLength: 1, maxLength: 14 })).map(([a, b, rest]) => [`Interviewer: ${a}`, `Respondent: ${b}`, ...rest]);

async function turnsOf(name: string): Promise<string[]> {
  const r = await readSource(name, { cwd: dir, report: () => undefined });
  return segmentSource(r!.source, 'turn', { blocks: r!.blocks, observers: r!.observers, knownSpeakers: r!.participants }).map((s) => `${s.speaker ?? '-'}|${s.role}|${s.text.replace(/\s+/g, ' ')}`);
}

describe('fuzz: a .docx reads as the same lines in a .txt', () => {
  it('the same turns (speaker, role, words)', { timeout: 120_000 }, async () => {
    const { Document, Packer, Paragraph, TextRun } = await import('docx');
    await fc.assert(
      fc.asyncProperty(transcript, async (lines) => {
        const k = n++;
        writeFileSync(join(dir, `t${k}.txt`), lines.join('\n') + '\n');
        // (a tab in a line is a tab run of its paragraph, as Word writes it)
        const para = (l: string) => new Paragraph({ children: l.split('\t').flatMap((part, i) => (i ? [new TextRun({ text: '\t' }), new TextRun({ text: part })] : [new TextRun({ text: part })])) });
        const doc = new Document({ sections: [{ children: lines.map(para) }] });
        writeFileSync(join(dir, `t${k}.docx`), await Packer.toBuffer(doc));
        expect(await turnsOf(`t${k}.docx`)).toEqual(await turnsOf(`t${k}.txt`));
      }),
      { ...FUZZ, numRuns: 60 },
    );
  });
});
