/**
 * No marker is lost without a word: random transcripts (Dutch and English words,
 * one paragraph per turn or wrapped as copied from a PDF, with indented labels and
 * page numbers) with random `Code:` markers inserted; every label inserted is read
 * or reported, and the accounting adds up.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import type { CodeRef } from '../../src/model/types.js';
import { corpusOf, source } from './helpers.js';

const codes: CodeRef[] = [
  { id: 'joint-measure', name: { en: 'joint-measure', nl: 'Gezamenlijke maatregel' } },
  { id: 'common discussions', name: { en: 'Common discussions' } },
  { id: 'systems', name: { en: 'Systems', nl: 'Systemen' } },
  { id: 'adjusting behavior to avoid externalities' },
  { id: 'aligning' },
];

// labels as coders write them: exact, variant, capitalised, unknown (one to three words)
const LABELS = ['joint-measure', 'Joint measure', 'common discussion', 'systemen', 'System', 'adjusting behaviour to avoid externalities', 'Alining', 'allignment', 'idee delen', 'kaas', 'shared intrest', 'Customization'];
const WORDS = ['we', 'doen', 'dat', 'samen', 'met', 'de', 'wijkcoach', 'and', 'then', 'the', 'team', 'works', 'ja', 'nee', 'eigenlijk', 'goed', 'dossier', 'privacy'];
const CAPS = ['Dus', 'Maar', 'Then', 'We', 'Ja', 'Het'];

interface Piece {
  words: string[];
  end: '.' | '?' | '';
  markers: Array<{ labels: string[]; nextLine: boolean; empty: boolean }>;
  after: 'cap' | 'low' | 'none';
}

const piece: fc.Arbitrary<Piece> = fc.record({
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
  end: fc.constantFrom('.', '?', '' as const),
  markers: fc.array(
    fc.record({
      labels: fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 2 }),
      nextLine: fc.boolean(),
      empty: fc.boolean().map((b) => b && Math.random() < 0.3),
    }),
    { maxLength: 2 },
  ),
  after: fc.constantFrom('cap', 'low', 'none' as const),
});

const turn = fc.record({ speaker: fc.constantFrom('Interviewer', 'Respondent', 'Anna de Vries'), pieces: fc.array(piece, { minLength: 1, maxLength: 4 }), indent: fc.constantFrom('', ' ', '\t') });

/** A transcript and the number of labels inserted (an empty marker counts one). */
function build(turns: Array<{ speaker: string; pieces: Piece[]; indent: string }>, wrapped: boolean): { text: string; inserted: number } {
  let inserted = 0;
  const out: string[] = [];
  for (const t of turns) {
    let s = '';
    t.pieces.forEach((p, pi) => {
      s += (s ? ' ' : '') + p.words.join(' ') + p.end;
      p.markers.forEach((m, mi) => {
        const last = pi === t.pieces.length - 1 && mi === p.markers.length - 1;
        // an empty marker only where nothing readable follows it: the end of the turn
        if (m.empty && last) {
          s += ' Code:';
          inserted++;
          return;
        }
        const body = m.labels.join(', ');
        inserted += m.labels.length;
        s += m.nextLine ? ' Code: \n\n' + body : ' Code: ' + body;
        // what follows a comma list or a label: a new sentence, the line end, or (single labels only) speech
        if (!last) s += m.labels.length > 1 || mi < p.markers.length - 1 ? '.' : p.after === 'low' ? '' : '.';
      });
      if (p.after === 'cap' && pi < t.pieces.length - 1) s += ' ' + CAPS[pi % CAPS.length];
    });
    if (wrapped) {
      // wrap at every 5th space with blank lines (and now and then a page number)
      let k = 0;
      s = s.replace(/ /g, () => (++k % 5 === 0 ? (k % 15 === 0 ? ' \n\n 7 \n\n' : ' \n\n') : ' '));
    }
    out.push(`${t.indent}${t.speaker}: ${s}`);
  }
  return { text: out.join(wrapped ? '\n\n \n\n' : '\n\n'), inserted };
}

describe('every marker inserted is read or reported', () => {
  for (const wrapped of [false, true]) {
    it(`random transcripts (${wrapped ? 'wrapped as copied from a PDF' : 'one paragraph per turn'}): found = inserted = read + resolved + unknown + empty`, () => {
      fc.assert(
        fc.property(fc.array(turn, { minLength: 2, maxLength: 6 }), (turns) => {
          const { text, inserted } = build(turns, wrapped);
          const corpus = corpusOf([source('t', text)]);
          const r = extractHumanCodings(corpus, codes);
          const m = r.markers;
          expect(m.found, JSON.stringify(text)).toBe(inserted);
          expect(m.read + m.bySpelling + m.byAlias + m.unknown + m.empty).toBe(m.found);
          // every label read is a coding (turn unit: one per label); every empty marker is reported
          expect(r.codings.length).toBe(m.found - m.empty);
          expect(r.diagnostics.filter((d) => d.ruleId === 'marker-without-label').length).toBe(m.empty);
          // every unknown code is named in a warning
          const warned = r.diagnostics.filter((d) => d.ruleId === 'unknown-code' || d.ruleId === 'unknown-code-variants').map((d) => d.message).join('\n');
          for (const c of r.extraCodes) expect(warned).toContain(`"${c.id}"`.length ? String(c.name?.en) : c.id);
        }),
        { numRuns: 150, seed: 14 },
      );
    });
  }
});
