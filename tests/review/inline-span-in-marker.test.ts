/**
 * qda review --store inline writes a marker into the researcher's source: every coding the
 * text held must read the same afterwards, with the new one added on exactly its span, or
 * nothing is written (the decision goes to the decisions file, said). A span that lay in a
 * marker's own text (`{{trust}}`) was bracketed there: `{{[[trust]]{{relatie}}}}`, and the human
 * coding "trust" was lost without a word. Now refused (`the span lies inside a marker`), and the
 * plan is checked against how the turn's markers read before and after (a safety net).
 * Found by the property below (its counterexamples on the old code). Our own words throughout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyInserts, markerText, planInlineMarker } from '../../src/review/inline.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { codeCorpus } from '../../src/coding/code-corpus.js';
import { OffsetMap, cpSlice } from '../../src/model/codepoints.js';

const dir = mkdtempSync(join(tmpdir(), 'qda-inline-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an inline marker planned for a span inside a marker', () => {
  it('is refused; the marker and its coding stay as they are', () => {
    const text = 'Anna: samen [[gezin buurt]]{{trust}} verder.';
    const turn = { start: 6, end: text.length };
    const at = text.indexOf('trust');
    const plan = planInlineMarker(text, { start: at, end: at + 'trust'.length }, turn, markerText('relatie', 'human')!);
    expect(plan).toEqual({ reason: 'the span lies inside a marker' });
    // (a span ending in a marker's braces too)
    const brace = text.indexOf('{{trust}}');
    expect('reason' in planInlineMarker(text, { start: text.indexOf('buurt'), end: brace + 3 }, turn, markerText('relatie', 'human')!)).toBe(true);
  });

  it('a span next to a marker is still written, and reads back as the new coding', () => {
    const text = 'Anna: samen [[gezin buurt]]{{trust}} verder werken.';
    const turn = { start: 6, end: text.length };
    const at = text.indexOf('verder');
    const plan = planInlineMarker(text, { start: at, end: at + 'verder werken'.length }, turn, markerText('relatie', 'anna')!);
    expect('inserts' in plan && applyInserts(text, plan.inserts)).toBe('Anna: samen [[gezin buurt]]{{trust}} [[verder werken]]{{relatie @anna}}.');
  });
});

const WORDS = ['samenwerking', 'partners', 'overleg', 'wijkteam', 'vertrouwen', 'buurt', 'gezin', 'café', 'één', '😀', "it's"];
const CODES = ['informing', 'trust', 'relatie', 'new-bonds', 'a-b'];
const words = fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 7 }).map((w) => w.join(' ') + '.');
const marker = fc.oneof(
  fc.constantFrom(...CODES).map((c) => `{{${c}}}`),
  fc.constantFrom(...CODES).map((c) => `{{${c} @anna}}`),
  fc.tuple(words, fc.constantFrom(...CODES)).map(([w, c]) => `[[${w}]]{{${c}}}`),
  fc.tuple(fc.constantFrom(...CODES), fc.constantFrom(...CODES)).map(([a, b]) => `{{${a}, ${b}}}`),
);
const turn = fc.tuple(fc.constantFrom('Interviewer', 'Anna', 'Bram'), words, fc.option(marker), fc.option(words)).map(([s, w, m, v]) => `${s}: ${w}${m ? ' ' + m : ''}${v ? ' ' + v : ''}`);
let n = 0;

async function codingsOf(text: string): Promise<{ keys: string[]; segments: Array<{ start: number; end: number }>; text: string }> {
  const name = `t${n++}.txt`;
  writeFileSync(join(dir, name), text);
  const { corpus } = await readCorpus([name], { cwd: dir });
  const doc = codeCorpus(corpus, [], { version: 'test', unit: 'turn', speakers: 'all' });
  const src = corpus.sources[0];
  // (code, coder and the words coded, brackets aside: a coding of the passage before a marker keeps its words)
  const keys = doc.codings.map((c) => `${c.code}|${c.coder}|${c.start !== undefined ? cpSlice(src.text, c.start, c.end!).replace(/\[\[|\]\]/g, '') : ''}`).sort();
  return { keys, segments: corpus.segments.filter((s) => s.end > s.start), text: src.text };
}

describe('property: a planned inline marker adds its coding and changes no other', () => {
  it('random turns with markers, random word spans (in marker text too)', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 1, maxLength: 5 }), fc.nat(), fc.nat(), fc.nat(4), fc.constantFrom(...CODES), fc.constantFrom('human', 'anna'), async (turns, si, wi, len, code, coder) => {
        const before = await codingsOf(turns.join('\n\n') + '\n');
        if (!before.segments.length) return;
        const seg = before.segments[si % before.segments.length];
        const map = new OffsetMap(before.text);
        const s0 = map.toUtf16(seg.start);
        const segText = before.text.slice(s0, map.toUtf16(seg.end));
        const ws = [...segText.matchAll(/[\p{L}\p{N}😀'-]+/gu)];
        if (!ws.length) return;
        const i = wi % ws.length;
        const j = Math.min(ws.length - 1, i + len);
        const start = s0 + ws[i].index!;
        const end = s0 + ws[j].index! + ws[j][0].length;
        const plan = planInlineMarker(before.text, { start, end }, { start: s0, end: s0 + segText.length }, markerText(code, coder)!);
        if ('reason' in plan) return;
        const after = await codingsOf(applyInserts(before.text, plan.inserts));
        expect(after.keys).toEqual([...before.keys, `${code}|${coder}|${before.text.slice(start, end)}`].sort());
      }),
      { numRuns: 150, seed: 20261207, interruptAfterTimeLimit: 60_000 },
    );
  });
});
