/**
 * Lines that start like a speaker label but are not one, and label forms written a little
 * differently from the rest of the file (our own short Dutch and English texts).
 */
import { describe, it, expect } from 'vitest';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { cpSlice } from '../../src/model/codepoints.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);

describe('a transcriber\'s note in brackets at a line start is text, not a speaker', () => {
  it('[lacht], [pauze], [laughs], [inaudible 00:12] stay in the turn where they stand', () => {
    const t = [
      'Interviewer: Hoe was de dag?',
      '[lacht] Nee, echt, hoe was het met het team?',
      'Bas: Druk.',
      'Interviewer: En de school?',
      '[lacht] Sorry, dat is een lange vraag.',
      'Bas: Goed.',
      '[pauze] Nou ja, meestal goed.',
      'Interviewer: And then?',
      '[laughs] We called again.',
      '[inaudible 00:12] something.',
      'Bas: Ja.',
    ].join('\n');
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe was de dag?\n[lacht] Nee, echt, hoe was het met het team?'],
      ['Bas', 'Druk.'],
      ['Interviewer', 'En de school?\n[lacht] Sorry, dat is een lange vraag.'],
      ['Bas', 'Goed.\n[pauze] Nou ja, meestal goed.'],
      ['Interviewer', 'And then?\n[laughs] We called again.\n[inaudible 00:12] something.'],
      ['Bas', 'Ja.'],
    ]);
    expect(parseBlocks(t, 'transcript').speakers).toEqual(['Interviewer', 'Bas']);
  });
  it('a bracketed speaker label is still one', () => {
    expect(turns('[Interviewer] Hoe gaat het?\n[Bas] Goed.\n[Interviewer] Fijn.\n[Bas] Ja.')).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Bas', 'Goed.'],
      ['Interviewer', 'Fijn.'],
      ['Bas', 'Ja.'],
    ]);
  });
});
