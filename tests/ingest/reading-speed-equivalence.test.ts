/**
 * Shortcuts the reader takes for speed (issue 16: `qda segments` per core) give what the
 * simple computation they skip gives, on random input with the bytes and characters that
 * matter. No timings here: only that the results are the same.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeBytes, detectNewline, sniffUtf16 } from '../../src/ingest/decode.js';
import { COLON_LABEL, colonLabel, isLabelShaped, labelAt, moreWordsThan, parseBlocks, parseStamp, type Block } from '../../src/ingest/parse-blocks.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatcher, labelMatches, normaliseLabel, speakerTallyWarnings, speakerWarnings } from '../../src/ingest/roles.js';
import { readSource, speakerTallies } from '../../src/ingest/read-source.js';
import { readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { OffsetMap } from '../../src/model/codepoints.js';
import { guessLanguage } from '../../src/ingest/language.js';
import { PAGE_NUMBER_LINE, isPageNumberLine, runningHeaders } from '../../src/model/page-debris.js';

const BYTE_PIECES: number[][] = [
  [0x61], [0x20], [0x0d], [0x0a], [0x0d, 0x0a], [0x09], [0x0c],
  [0xc3, 0xa9], [0xe2, 0x80, 0x99], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbf, 0xbd],
  [0x92], [0xe9], [0xff], [0x81], [0x8d], [0xc2], [0xe2, 0x80],
];
const bytesArb = fc
  .tuple(fc.constantFrom<number[]>([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.array(fc.constantFrom(...BYTE_PIECES), { maxLength: 40 }))
  .map(([bom, parts]) => Uint8Array.from([...bom, ...parts.flat()]));

describe('decodeBytes: the newline style from the bytes', () => {
  it('is detectNewline of the decoded text, whatever the encoding found or forced', async () => {
    await fc.assert(
      fc.asyncProperty(bytesArb, fc.constantFrom(undefined, 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'), async (bytes, encoding) => {
        let dec;
        try {
          dec = await decodeBytes(bytes, { file: 'x.txt', ...(encoding ? { encoding } : {}) });
        } catch {
          return; // (binary or undecodable: no text to compare)
        }
        expect(dec.newline).toBe(detectNewline(dec.text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('speaker labels of the common form read without the regular expression', () => {
  const PIECES = ['Anna', 'Bram de Vries', 'A', 'x', 'de', ' ', '  ', '\t', ':', ': ', ':x', '**', '__', '(', ')', '[', ']', '00:12', '1:02:03.5', '.', "'", '’', '-', '7', 'é', 'Ü', 'İ', '😀', '\n', '\u00a0', 'Abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJ '];
  const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((a) => a.join(''));
  it('colonLabel gives what COLON_LABEL.exec gives (label group, end of match, stamp group)', () => {
    fc.assert(
      fc.property(line, (s) => {
        const m = COLON_LABEL.exec(s);
        expect(colonLabel(s)).toEqual(m ? [m[1], m[0].length, m[2] ?? m[3]] : undefined);
      }),
      { numRuns: 5000 },
    );
    // labels of 38 to 42 characters before the colon (the limit is 40), with spaces before the colon
    for (let n = 36; n <= 44; n++) {
      for (const tail of [': a', ' : a', ':', ':\ta', ':x', '  :  a']) {
        const s = 'A' + 'b'.repeat(n - 1) + tail;
        const m = COLON_LABEL.exec(s);
        expect(colonLabel(s), JSON.stringify(s)).toEqual(m ? [m[1], m[0].length, m[2] ?? m[3]] : undefined);
      }
    }
  });
});

describe('parseStamp by char codes', () => {
  /** The implementation before (string splits). */
  function reference(s: string, twoPart: 'mm:ss' | 'hh:mm' = 'mm:ss'): number {
    const [main, frac] = s.split(/[.,]/);
    const parts = main.split(':').map(Number);
    let sec: number;
    if (parts.length === 3) sec = parts[0] * 3600 + parts[1] * 60 + parts[2];
    else sec = twoPart === 'hh:mm' ? parts[0] * 3600 + parts[1] * 60 : parts[0] * 60 + parts[1];
    if (frac) sec += Number(`0.${frac}`);
    return Math.round(sec * 1000) / 1000;
  }
  const piece = fc.oneof(fc.constantFrom(':', '.', ',', '', 'a', ' '), fc.nat(99999).map(String), fc.constantFrom('0', '00', '000', '0000', '05', '999'));
  const stamp = fc.oneof(
    fc.array(piece, { maxLength: 7 }).map((a) => a.join('')),
    fc.tuple(fc.nat(99), fc.nat(99), fc.option(fc.nat(99)), fc.option(fc.nat(999)), fc.constantFrom('.', ','), fc.nat(3)).map(([a, b, c, f, sep, pad]) =>
      `${a}:${String(b).padStart(2, '0')}${c === null ? '' : ':' + String(c).padStart(2, '0')}${f === null ? '' : sep + String(f).padStart(pad, '0')}`,
    ),
  );
  it('gives the seconds (or NaN) of the string splits it replaced, in both two-part modes', () => {
    fc.assert(
      fc.property(stamp, fc.constantFrom('mm:ss' as const, 'hh:mm' as const), (s, mode) => {
        expect(Object.is(parseStamp(s, mode), reference(s, mode)), `${JSON.stringify(s)} ${mode}: ${parseStamp(s, mode)} vs ${reference(s, mode)}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // every fraction of 1 to 3 digits
    for (let f = 0; f < 1000; f++) for (const d of [String(f), String(f).padStart(3, '0')]) if (d.length <= 3) expect(parseStamp(`1:02:03.${d}`)).toBe(reference(`1:02:03.${d}`));
  });
});

describe('guessLanguage reads ASCII words from UTF-8 bytes', () => {
  /** The definition: stop words among the runs of letters and apostrophes of the lower-cased first 20,000 characters. */
  function reference(text: string): 'nl' | 'en' | undefined {
    const NL = new Set('de het een en van ik je jij we wij zij ze niet dat die dit is zijn was waren met voor op aan er maar ook als dan wel nog heel bij naar om uit hoe wat wie waar omdat want dus toch gewoon echt zo heb hebben heeft kan kunnen moet moeten wordt worden gaat gaan zou zou mijn onze ons hun geen meer'.split(' '));
    const EN = new Set('the a an and of i you we they he she it not that this is are was were with for on at to but also if then well still very by from how what who where because so just really have has had can could must should will would my our their no more do does did been being'.split(' '));
    let nl = 0;
    let en = 0;
    for (const m of text.slice(0, 20000).toLowerCase().matchAll(/[\p{L}']+/gu)) {
      if (NL.has(m[0])) nl++;
      if (EN.has(m[0])) en++;
    }
    return nl + en < 3 ? undefined : nl >= en ? 'nl' : 'en';
  }
  const PIECES = ['de', 'De', 'HET', 'the', 'The', 'and', "don't", 'kan', '\u212Aan', 'één', 'café', '𝒜and', 'a😀the', 'x', ' ', '\n', '.', ',', "'", 'İs', 'ﬁ', 'wij', 'it', '\ud800', '\udc00', '\ud800the', 'the\udc00', 'ß', 'Σ', 'ǅ', '\u0301', '日本', '\u00a0', '\x00', 'because', 'becausex', 'moeten', 'a-b', "'s", 'th', 'thei', 'theirs', 'becaus', 'Becausee', "don", "wie'", 'WAAR', 'zOu', 'ikk', 'i', 'I', 'hebbe', 'onzen', 'thexé', "qqq'q", 'dethe', 'zzzzzzzzzand'];
  it('equals the definition on any text, also where the first 20,000 characters end (in a word, a letter beyond ASCII or a surrogate pair)', () => {
    const text = fc.tuple(fc.nat(20040), fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), fc.constantFrom('the ', 'de ', 'x', 'é', '\ud83d\ude00'), fc.boolean()).map(([pad, words, filler, space]) => {
      const tail = words.join(space ? ' ' : '');
      const head = filler.repeat(Math.ceil(Math.max(0, 20000 - (pad % 60) - tail.length / 2) / filler.length));
      return (pad > 20000 ? '' : head.slice(0, pad)) + tail + words.reverse().join(' ');
    });
    fc.assert(fc.property(text, (t) => {
      expect(guessLanguage(t)).toBe(reference(t));
    }), { numRuns: 1500 });
    // short texts, and every piece around the cut
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((w) => w.join(' ')), (t) => {
      expect(guessLanguage(t)).toBe(reference(t));
    }), { numRuns: 3000 });
    for (const p of PIECES) for (let k = 19990; k <= 20002; k++) {
      const t = 'the '.repeat(k / 4 + 1).slice(0, k) + p + ' de de de de de de de';
      expect(guessLanguage(t), JSON.stringify(p) + k).toBe(reference(t));
    }
  });
});

describe('the speaker warnings from tallies of the blocks, without a turn info per turn', () => {
  /** The implementation before: each turn's text sliced, its line counted (the TurnInfo speakerWarnings reads). */
  function reference(text: string, blocks: readonly Block[]): Array<{ speaker: string | null; line: number; question: boolean }> {
    const map = new OffsetMap(text);
    const out: Array<{ speaker: string | null; line: number; question: boolean }> = [];
    let line = 1;
    let at = 0;
    for (const b of blocks) {
      const a = map.toUtf16(b.start);
      for (let i = text.indexOf('\n', at); i !== -1 && i < a; i = text.indexOf('\n', i + 1)) line++;
      at = a;
      out.push({ speaker: b.speaker, line, question: text.slice(a, map.toUtf16(b.end)).includes('?') });
    }
    return out;
  }
  const PIECES = ['Anna: ', 'Bram: ', 'anna: ', 'Interviewer: ', 'ja', 'nee?', '?', ' ', '\n', '\r\n', '\n\n', '😀', 'waarom', '. ', '¿', 'Annna: ', 'Cor: '];
  it('gives the warnings (and the tallies) that the turn infos gave', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((a) => a.join('')), fc.constantFrom(['interviewer'], ['bram'], ['zz']), (text, interviewers) => {
        const { blocks } = parseBlocks(text, 'transcript', { knownSpeakers: ['Anna', 'Bram'] });
        const turns = reference(text, blocks);
        const { speakers, total } = speakerTallies(text, blocks);
        expect(speakerTallyWarnings(speakers, total, interviewers, 'x.txt')).toEqual(speakerWarnings(turns, interviewers, 'x.txt'));
        expect(total).toBe(turns.filter((t) => t.speaker !== null).length);
        for (const s of speakers) {
          const own = turns.filter((t) => t.speaker !== null && normaliseLabel(t.speaker) === normaliseLabel(s.label));
          expect([s.label, s.turns, s.line, s.questions]).toEqual([own[0].speaker, own.length, own[0].line, own.filter((t) => t.question).length]);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('moreWordsThan reads a line only until it has more words', () => {
  it('is `s.trim().split(/\\s+/).length > max`', () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '  ', '\t', '\u00a0', '\u3000', '\ufeff', '\n', '1', 'é', '😀', '\u200b');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((a) => a.join('')), fc.integer({ min: 1, max: 12 }), (s, max) => {
        expect(moreWordsThan(s, max)).toBe(s.trim().split(/\s+/).length > max);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('detectNewline counts the LFs only until the answer is known', () => {
  /** The implementation before: every LF counted. */
  function reference(text: string): 'lf' | 'crlf' {
    let crlf = 0;
    let lf = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
      else lf++;
    }
    return crlf > 0 && crlf >= lf ? 'crlf' : 'lf';
  }
  it('gives the newline style of counting them all', () => {
    const piece = fc.constantFrom('a', '\r', '\n', '\r\n', '\r\r\n', '\n\r', '\n\n', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((a) => a.join('')), (s) => {
        expect(detectNewline(s)).toBe(reference(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('isPageNumberLine turns lines down by their first character', () => {
  it('is PAGE_NUMBER_LINE.test', () => {
    const piece = fc.constantFrom('', ' ', '\t', '\f', '\u00a0', '7', '74', '12345', 'p.', 'P.', 'page', 'PAGE', 'Pagina', 'blz.', 'BLZ', 'b', 'x', '-', '–', '—', '(', ')', '/', 'of', 'van', 'Page 3 of 9', '\r', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((a) => a.join('')), (s) => {
        expect(isPageNumberLine(s)).toBe(PAGE_NUMBER_LINE.test(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('labels seen lately are read again without the lookups', () => {
  /** labelAt before (the colon labels: no line here starts with `[`), every label sliced and looked up. */
  function reference(line: string) {
    if (line.startsWith('[[')) return undefined;
    const c0 = line.charCodeAt(0);
    if (c0 < 128 && !(c0 >= 65 && c0 <= 90) && c0 !== 42 && c0 !== 95) return undefined;
    const colon = line.indexOf(':');
    if (colon === -1) return undefined;
    const m = colonLabel(line, colon);
    if (!m) return undefined;
    const speaker = m[0].trim();
    if (!isLabelShaped(speaker)) return undefined;
    let i = m[1];
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    return { speaker, key: normaliseLabel(speaker), contentAt: i, stamp: m[2] };
  }
  const PIECES = ['Anna', 'Anna de Vries', 'Bram', 'A', 'Note', 'Interviewer', 'x', 'de', ' ', '  ', '\t', ':', ': ', ':x', '**', '(', ')', '00:12', '.', "'", '-', '7', 'é', 'Ü', ' Code', 'Abcdefghijklmnopqrstuvwxyzabcdefghijklmn'];
  const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((a) => a.join(''));
  it('labelAt gives what slicing and looking up the label gives, whatever lines came before', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), line, (before, s) => {
        for (const b of before) labelAt(b);
        expect(labelAt(s)).toEqual(reference(s));
        // (again, and after the lines before again: the label kept for a speaker is given again only where it is the same)
        expect(labelAt(s)).toEqual(reference(s));
        for (const b of before) expect(labelAt(b), b).toEqual(reference(b));
      }),
      { numRuns: 5000 },
    );
    // a remembered label followed by more label characters, or spaces, before the colon
    for (const b of ['Anna: x', 'Anna de: x', 'Anna  : x', 'Note: x']) {
      labelAt(b);
      for (const s of ['Anna: y', 'Anna:', 'Anna de: y', 'Anna de Vries: y', 'Anna : y', 'Anna:y', 'Annabel: y', 'Anna\t: y', 'Anna.: y', 'Note: y', 'Notes: y']) {
        expect(labelAt(s), `${b} then ${s}`).toEqual(reference(s));
      }
    }
  });
});

describe('running headers looked for among the lines with a digit when there is no page break', () => {
  it('gives the headers of looking at every line', () => {
    const PIECES = ['Bijlage 3', 'Appendix C ', 'Transcript ', '12', '13', '7', '#', 'Anna: ', 'ja', 'de gemeente', ' ', '\t', 'x'.repeat(70), 'één', 'page'];
    const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (lines, weakOnes) => {
        const weak = (i: number) => weakOnes[i];
        const all = runningHeaders(lines, () => false, weak);
        const breaks = lines.some((l) => l.includes('\f') || PAGE_NUMBER_LINE.test(l));
        if (breaks) return;
        const digitLines = lines.flatMap((l, i) => (/[0-9#]/.test(l) ? [i] : []));
        expect([...runningHeaders(lines, () => false, weak, digitLines)].sort()).toEqual([...all].sort());
        // (lines that are skipped left out of the candidates too)
        const skip = (i: number) => weakOnes[(i * 7) % 30];
        const notSkipped = digitLines.filter((i) => !skip(i));
        expect([...runningHeaders(lines, skip, weak, notSkipped)].sort()).toEqual([...runningHeaders(lines, skip, weak)].sort());
      }),
      { numRuns: 3000 },
    );
  });
});

describe('labelMatches: the names normalised once (labelMatcher) and no string made per name', () => {
  /** labelMatches as it was written: each name normalised, `startsWith(n + ' ')`, the rest by the expression. */
  function reference(label: string, names: readonly string[]): boolean {
    const l = normaliseLabel(label);
    for (const n0 of names) {
      const n = normaliseLabel(n0);
      if (!n) continue;
      if (l === n) return true;
      if (n.length > 1 && l.startsWith(n + ' ')) {
        const rest = l.slice(n.length + 1);
        if (/^(\d+|\(.*\)|[a-z]\d*)$/u.test(rest)) return true;
      }
    }
    return false;
  }
  const NAMES = [...DEFAULT_INTERVIEWERS, ...DEFAULT_RESPONDENT_LABELS, 'Anna de Vries', 'Sanne', 'S1', '', '  ', 'Onderzoeker.', 'I:', 'Geïnterviewde', 'Ge\u0131nterviewde', 'R'];
  const PIECES = ['Interviewer', 'INTERVIEWER', 'interviewer:', 'Onderzoeker', 'I', 'i', 'R', 'Q', ' ', '  ', '\t', '2', '12', '(Sanne)', '(', ')', 'b2', 'B', 'x', 'Anna', 'de', 'Vries', 'Sanne', 'S1', '.', ':', 'Geïnterviewde', 'Gei\u0308nterviewde', '\u00a0', 'respondent', 'Respondent'];
  it('gives what the definition gives, for any label and list of names', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 }), fc.subarray(NAMES), fc.boolean(), (parts, names, space) => {
        const label = parts.join(space ? ' ' : '');
        const want = reference(label, names);
        expect(labelMatches(label, names), label).toBe(want);
        const m = labelMatcher(names);
        expect(m(label), label).toBe(want);
        // (asked again: the kept answer)
        expect(m(label), label).toBe(want);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('sources read without guessing their language (qda segments --format csv, which does not show it)', () => {
  const root = resolve(__dirname, '../..');
  const dirs = ['samples/interviews', 'samples/observations', 'samples/documents', 'samples/survey', 'tests/fixtures/ingest'];
  const files = dirs.flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)));
  // and a source whose front matter gives its language, which is kept
  const tmp = mkdtempSync(join(tmpdir(), 'qda-nolang-'));
  writeFileSync(join(tmp, 'fm.md'), '---\nlanguage: en\nkind: transcript\n---\nInterviewer: Wat doe je?\nAnna: Ik werk in de wijk en ik ben er elke dag.\n');
  writeFileSync(join(tmp, 'plain.txt'), 'Interviewer: Wat doe je?\r\nAnna: Ik werk in de wijk en ik ben er elke dag.\r\n');
  files.push(join(tmp, 'fm.md'), join(tmp, 'plain.txt'));
  it('are the sources read with the guess, without a guessed language, with the same blocks and diagnostics', async () => {
    let guessed = 0;
    for (const f of files) {
      const run = async (guess: boolean) => {
        const diags: unknown[] = [];
        try {
          const r = await readSource(f, { cwd: root, fromFolder: true, report: (d) => void diags.push(d), guessLanguage: guess });
          return { r, diags };
        } catch (e) {
          return { error: (e as Error).message, diags };
        }
      };
      const a = await run(true);
      const b = await run(false);
      expect(b.diags, f).toEqual(a.diags);
      if (!('r' in a) || !a.r) {
        expect(b, f).toEqual(a);
        continue;
      }
      const r = (b as { r: typeof a.r }).r!;
      expect(r.blocks, f).toEqual(a.r.blocks);
      expect(r.observers, f).toEqual(a.r.observers);
      expect(r.participants, f).toEqual(a.r.participants);
      const { language, ...rest } = a.r.source;
      const fromFrontMatter = a.r.source.meta?.language ?? a.r.source.meta?.lang;
      if (fromFrontMatter) expect(r.source, f).toEqual(a.r.source);
      else {
        if (language) guessed++;
        expect(r.source, f).toEqual(rest);
        expect('language' in r.source, f).toBe(false);
      }
    }
    // (the comparison meant something: most of these sources have a guessed language)
    expect(guessed).toBeGreaterThan(10);
  });
});

describe('sniffUtf16 turns down a sample without a NUL byte at once', () => {
  /** sniffUtf16 as it was: the NUL bytes at even and odd places counted over the sample. */
  function reference(bytes: Uint8Array): 'le' | 'be' | undefined {
    const n = Math.min(bytes.length, 8192) & ~1;
    if (n < 4) return undefined;
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenZero++;
      if (bytes[i + 1] === 0) oddZero++;
    }
    const pairs = n / 2;
    if (oddZero >= pairs * 0.7 && evenZero <= pairs * 0.05) return 'le';
    if (evenZero >= pairs * 0.7 && oddZero <= pairs * 0.05) return 'be';
    return undefined;
  }
  it('gives what counting gives, for any bytes (NULs inside the sample, only after it, none)', () => {
    const utf16 = (s: string, be: boolean) => {
      const b = Buffer.from(s, 'utf16le');
      if (be) b.swap16();
      return new Uint8Array(b);
    };
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.array(fc.constantFrom(0, 0, 0x61, 0x20, 0x0a, 0xc3, 0xa9), { maxLength: 60 }).map((a) => Uint8Array.from(a)),
      fc.tuple(fc.string({ maxLength: 30 }), fc.boolean()).map(([s, be]) => utf16(s, be)),
      // a NUL just after the 8,192 bytes sampled, or at its last place
      fc.tuple(fc.constantFrom(8190, 8191, 8192, 8193), fc.boolean()).map(([at, le]) => {
        const b = le ? utf16('a'.repeat(4100), false) : new Uint8Array(8300).fill(0x61);
        const c = new Uint8Array(Math.max(b.length, at + 1));
        c.set(b);
        c[at] = 0;
        return c;
      }),
    );
    fc.assert(fc.property(arb, (b) => {
      expect(sniffUtf16(b)).toBe(reference(b));
    }), { numRuns: 3000 });
  });
});
