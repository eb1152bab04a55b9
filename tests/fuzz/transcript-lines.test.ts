/**
 * Fuzz: transcripts built line by line from the forms real ones take (labels with stamps,
 * notes, markup, tabs, in other capitals; empty turns; page numbers, running headers,
 * headings, rules; glued labels; markers; `<br>`; soft hyphens), in .txt and .md, LF and CRLF.
 * Each reads or gives a clean input error (no internal error: `Interviewer:` alone was one,
 * exit 1 for a whole folder), and a file with words that gives no segment says why.
 * Our own invented words throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import { segmentSource } from '../../src/ingest/segment.js';
import type { Diagnostic } from '../../src/model/types.js';
import { FUZZ, checkSegments, expectCleanInputError } from './helpers.js';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-fuzz-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WORDS = ['samenwerking', 'partners', 'overleg', 'wijkteam', 'vertrouwen', 'buurt', 'jongeren', 'gezin', 'regie', 'casus'];
const word = fc.constantFrom(...WORDS);
const sentence = fc.tuple(fc.array(word, { minLength: 1, maxLength: 6 }), fc.constantFrom('.', '?', '!', '...', '', ':')).map(([w, p]) => w.join(' ') + p);
const speaker = fc.constantFrom('Interviewer', 'Respondent', 'Anna', 'Zoë', 'Anne-Marie', 'Mw. de Vries', 'Interviewer 1', 'I', 'R', 'R1', 'Moderator', 'Deelnemer 2');
const stamp = fc.constantFrom('', '[00:01:02] ', '00:03:14 ', '(00:02:11) ', '#00:01:23-4# ');
const line = fc.oneof(
  fc.tuple(stamp, speaker, sentence).map(([t, s, w]) => `${t}${s}: ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `${s.toUpperCase()}: ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `${s.toLowerCase()}: ${w}`),
  fc.tuple(speaker, fc.constantFrom('(lacht)', '[lacht]'), sentence).map(([s, n, w]) => `${s} ${n}: ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `**${s}:** ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `[${s}] ${w}`),
  fc.tuple(speaker, sentence).map(([s, w]) => `${s}\t${w}`),
  fc.tuple(speaker, sentence, speaker, sentence).map(([s, w, t, v]) => `${s}: ${w} ${t}: ${v}`),
  fc.tuple(speaker, sentence, speaker, sentence).map(([s, w, t, v]) => `${s}: ${w}<br>${t}: ${v}`),
  speaker.map((s) => `${s}:`),
  speaker.map((s) => `${s}: [00:01:02]`),
  fc.tuple(speaker, fc.integer({ min: 0, max: 59 })).map(([s, m]) => `${s}  0:${String(m).padStart(2, '0')}`),
  sentence,
  sentence,
  fc.constantFrom('', '', '12', 'Pagina 3 van 10', 'Bijlage 2 Transcript 4', '---', '(stilte)', '\f', '# Kop', '> citaat', '1. punt'),
  fc.tuple(sentence, word).map(([w, c]) => `${w} {{${c}}}`),
  fc.tuple(sentence, word).map(([w, c]) => `[[${w}]]{{${c}}}`),
  fc.tuple(word, word).map(([a, b]) => `${a}\u00ad${b}`),
);
const transcript = fc.tuple(fc.array(line, { minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.constantFrom('txt', 'md'));

describe('fuzz: transcripts line by line', () => {
  it('each reads (offsets exact) or gives a clean input error; words and no segment: said why', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(transcript, async ([lines, nl, ext]) => {
        const name = `t${n++}.${ext}`;
        const text = lines.join(nl) + nl;
        writeFileSync(join(dir, name), text);
        const diags: Diagnostic[] = [];
        let r: Awaited<ReturnType<typeof readSource>>;
        try {
          r = await readSource(name, { cwd: dir, report: (d) => void diags.push(d) });
        } catch (e) {
          expectCleanInputError(e, name);
          return;
        }
        if (!r) return;
        const segments = segmentSource(r.source, 'turn', { blocks: r.blocks, observers: r.observers, knownSpeakers: r.participants });
        checkSegments([r.source], segments);
        if (segments.length === 0 && /\p{L}/u.test(text)) expect(diags.length, `${name}: words and no segment, without a word:\n${text}`).toBeGreaterThan(0);
      }),
      { ...FUZZ, numRuns: 300 },
    );
  });
});
