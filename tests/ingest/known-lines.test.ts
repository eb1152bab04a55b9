/**
 * The line numbers of segments (eachSegment) and of a speaker's first turn (speakerTallies) are
 * taken from the lines parseBlocks found in the same text when it read it last (issue 16:
 * speed), instead of searching the text for its breaks again. They are the same as counted
 * from the text: for LF, CRLF, CR alone and mixed breaks, front matter, a label glued to the
 * line before (a line split that is no break), page debris and astral characters.
 */
import { describe, expect, it } from 'vitest';
import type { Source, Unit } from '../../src/model/types.js';
import { knownLines, parseBlocks } from '../../src/ingest/parse-blocks.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { speakerTallies } from '../../src/ingest/read-source.js';
import { cpLength } from '../../src/model/codepoints.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BODY = [
  'Interviewer: Hoe gaat het met de samenwerking? Vertel eens.',
  '',
  'Anna: Goed. We overleggen elke week 😀 met de wijkcoach.',
  'Dat gaat prima, zei ze.',
  '',
  '12',
  '',
  'Interviewer: En als het misgaat? Wat dan?',
  'Anna: Dan zoeken we elkaar op. Interviewer: Echt waar?',
  'Anna: Ja. Echt.',
  '',
  'Interviewer: Nog iets?',
  'Anna: Nee.',
  'Interviewer: Dank je.',
  'R2: Ik wil nog iets zeggen.',
  '',
];

const TEXTS: Record<string, string> = {
  lf: BODY.join('\n'),
  crlf: BODY.join('\r\n'),
  cr: BODY.join('\r'),
  mixed: BODY.map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join(''),
  'front matter': '---\ntitle: x\r\nkind: transcript\n---\n' + BODY.join('\r\n'),
  'no final break': BODY.slice(0, -1).join('\n'),
};

/** 1 + the breaks before UTF-16 index `at` (CRLF once), counted from the text. */
function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** 1 + the LFs before `at` (what speakerTallies counts). */
function lfLineOf(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function utf16Of(text: string, cp: number): number {
  let u = 0;
  for (let c = 0; c < cp; c++) u += text.codePointAt(u)! > 0xffff ? 2 : 1;
  return u;
}

describe('line numbers from the lines parseBlocks found', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`${name}: segments and first turns have the lines counted from the text, read with and without them`, () => {
      const source = { id: 'x', path: 'x.txt', case: 'x', kind: 'transcript', text, attributes: {}, length: cpLength(text) } as unknown as Source;
      for (const unit of ['turn', 'sentence', 'paragraph'] as Unit[]) {
        const parsed = parseBlocks(text, 'transcript');
        expect(knownLines(text) !== undefined).toBe(!name.startsWith('front'));
        const withLines = segmentSource(source, unit, { blocks: parsed.blocks });
        const tallies = speakerTallies(text, parsed.blocks);
        // (another text read since: the lines are counted from the text)
        parseBlocks('Anna: ander.\nBram: tekst.\n', 'transcript');
        expect(knownLines(text)).toBeUndefined();
        const without = segmentSource(source, unit, { blocks: parsed.blocks });
        expect(speakerTallies(text, parsed.blocks)).toEqual(tallies);
        expect(withLines).toEqual(without);
        expect(withLines.length).toBeGreaterThan(4);
        for (const g of withLines) expect(g.line).toBe(lineOf(text, utf16Of(text, g.start)));
        for (const t of tallies.speakers) {
          const first = parsed.blocks.find((b) => b.speaker === t.label)!;
          expect(t.line).toBe(lfLineOf(text, utf16Of(text, first.start)));
        }
        expect(tallies.speakers.map((t) => t.label)).toEqual(['Interviewer', 'Anna', 'R2']);
      }
    });
  }

  it('qda segments and the one-turn warning give the same lines for a CRLF and a CR file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-known-lines-'));
    try {
      writeFileSync(join(dir, 'crlf.txt'), TEXTS.crlf);
      writeFileSync(join(dir, 'cr.txt'), TEXTS.cr);
      const before = readFileSync(join(dir, 'cr.txt'));
      const io = memoryIo(dir);
      expect(await main(['segments', 'crlf.txt', 'cr.txt', '--format', 'csv'], io)).toBe(0);
      // R2's one turn is on line 15 of the CRLF file; a file of CRs alone has no LF: line 1 for the tally
      expect(io.err()).toContain('crlf.txt:15: warning: speaker "R2" has one turn only');
      expect(io.err()).toContain('cr.txt:1: warning: speaker "R2" has one turn only');
      const rows = io.out().split('\n').filter((l) => l.startsWith('crlf#') || l.startsWith('cr#'));
      const lines = (prefix: string) => rows.filter((l) => l.startsWith(prefix)).map((l) => l.split(',')[6]);
      expect(lines('crlf#')).toEqual(lines('cr#'));
      expect(lines('crlf#')).toEqual(['1', '3', '8', '9', '9', '10', '12', '13', '14', '15']);
      expect(Buffer.compare(readFileSync(join(dir, 'cr.txt')), before)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
