import { describe, expect, it } from 'vitest';
import type { Coding, Segment, Source } from '../../src/model/types.js';
import { buildQueue, initialState, reduce, type CodeOption } from '../../src/review/state.js';
import { makeRenderContext, renderScreen, scoreText, stripAnsi } from '../../src/review/render.js';
import { displayWidth, truncate, wrapRuns } from '../../src/review/text.js';
import { applyInserts, markerText, planInlineMarker } from '../../src/review/inline.js';
import { findMarkers } from '../../src/coding/markers.js';

const text = 'Interviewer: Hoe gaat het?\nRespondent: Ik vertrouw de collega’s van het wijkteam wel, we kennen elkaar al jaren en dat is een groot goed in dit werk, zeker als het spannend wordt met de gemeente. 你好世界 👍🏽 een lange zin die doorgaat en doorgaat tot het einde van de regel en verder.\nInterviewer: Dank u.\n';
const cps = Array.from(text);
const at = (s: string) => Array.from(text.slice(0, text.indexOf(s))).length;
const segs: Segment[] = [
  { id: 's#0', sourceId: 's', index: 0, unit: 'turn', speaker: 'Interviewer', role: 'interviewer', start: 13, end: 26, text: cps.slice(13, 26).join('') },
  { id: 's#1', sourceId: 's', index: 1, unit: 'turn', speaker: 'Respondent', role: 'respondent', start: at('Ik vertrouw'), end: at('\nInterviewer: Dank'), text: cps.slice(at('Ik vertrouw'), at('\nInterviewer: Dank')).join('') },
  { id: 's#2', sourceId: 's', index: 2, unit: 'turn', speaker: 'Interviewer', role: 'interviewer', start: at('Dank u.'), end: at('Dank u.') + 7, text: 'Dank u.' },
];
const src: Source = { id: 's', path: 'interviews/gesprek-met-een-heel-lange-bestandsnaam-om-af-te-kappen.txt', kind: 'transcript', format: 'txt', case: 's', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: cps.length };
const m = at('vertrouw');
const coding: Coding = { id: 'c', sourceId: 's', segmentId: 's#1', code: 'vertrouwen', coder: 'rules', start: segs[1].start, end: segs[1].end, score: 0.8, evidence: { ruleId: 'vertrouwen/r1', rule: 'keywords nl: vertrouw*', matches: [{ start: m, end: m + 8, term: 'vertrouw' }] } };
const codes: CodeOption[] = [
  { id: 'relatie', name: 'Relatie', depth: 0 },
  { id: 'vertrouwen', name: 'Vertrouwen', depth: 1 },
  { id: 'conflict', name: 'Conflict met een hele lange naam die niet op de regel past want hij is echt heel erg lang', depth: 0 },
];
const rctx = (lang: 'nl' | 'en') => makeRenderContext({ lang, codes, codeRefs: [], sources: [src], segments: segs, humanCodings: [{ id: 'h', sourceId: 's', segmentId: 's#1', code: 'relatie', coder: 'anna', start: 1, end: 2 }] });
const q = buildQueue({ codings: [coding], segments: new Map(segs.map((s) => [s.id, s])), coder: 'rules', decisions: [], order: 'source', sourceOrder: new Map([['s', 0]]) });
const state0 = initialState(q.items);

describe('review screen', () => {
  for (const color of [false, true]) {
    for (const lang of ['en', 'nl'] as const) {
      it(`fits 80×24 (${lang}, ${color ? 'colour' : 'NO_COLOR'}) in every mode`, () => {
        const states = [state0];
        for (const a of [{ type: 'change' }, { type: 'split' }, { type: 'memo' }] as const) states.push(reduce(state0, a, { codes, lang }).state);
        states.push(reduce(reduce(state0, { type: 'accept' }, { codes, lang }).state, { type: 'skip' }, { codes, lang }).state);
        for (const s of states) {
          const lines = renderScreen(s, rctx(lang), { width: 80, height: 24, color });
          expect(lines).toHaveLength(24);
          for (const l of lines) expect(displayWidth(stripAnsi(l))).toBeLessThanOrEqual(80);
          if (!color) for (const l of lines) expect(l).not.toMatch(/\u001b/);
        }
      });
    }
  }
  it('shows the source, speaker, code, rule, matched word with line:col, human codes and help', () => {
    const screen = renderScreen(state0, rctx('en'), { width: 100, height: 30, color: false }).join('\n');
    expect(screen).toContain('Respondent · segment 2/3 · suggestion 1/1');
    expect(screen).toContain('Ik [vertrouw] de collega’s');
    expect(screen).toContain('Suggested: Vertrouwen (vertrouwen) · rules · score 0.8');
    expect(screen).toContain('rule vertrouwen/r1: keywords nl: vertrouw*');
    expect(screen).toContain('matched "vertrouw" 2:16');
    expect(screen).toContain('Human codes here: Relatie (relatie)');
    expect(screen).toContain('Interviewer: Hoe gaat het?');
    expect(screen).toContain('Interviewer: Dank u.');
    expect(screen).toMatch(/a accept · r reject · c change · n add · s split · m memo · u undo · → skip · \] next source · q quit/);
    const nl = renderScreen(state0, rctx('nl'), { width: 80, height: 24, color: false }).join('\n');
    expect(nl).toContain('Voorgesteld: Vertrouwen');
    expect(nl).toMatch(/a ok r af.*q stop/);
  });
  it('keeps the coder and the score in view at 80 columns: a long code name gives way (nl with a decimal comma)', () => {
    const long = 'Aandacht voor de kwaliteit van het proces en van alle gemaakte afspraken tussen de partners';
    for (const lang of ['en', 'nl'] as const) {
      const named = makeRenderContext({ lang, codes: [...codes, { id: 'vertrouwen', name: long, depth: 1 }], codeRefs: [], sources: [src], segments: segs, humanCodings: [] });
      for (const width of [80, 60, 40]) {
        const lines = renderScreen(state0, named, { width, height: 24, color: false });
        const l = lines.find((x) => x.startsWith(lang === 'nl' ? 'Voorgesteld: ' : 'Suggested: '))!;
        expect(l.endsWith(` · rules · score ${lang === 'nl' ? '0,8' : '0.8'}`)).toBe(true);
        expect(displayWidth(l)).toBeLessThanOrEqual(width);
        expect(l).toContain('…');
        if (width === 80) expect(l).toContain('… (vertrouwen)');
      }
    }
    expect(scoreText(0.87654, 'en')).toBe('0.88');
    expect(scoreText(0.87654, 'nl')).toBe('0,88');
    expect(scoreText(1, 'nl')).toBe('1');
  });
  it('highlights matches with ANSI styles when colour is on, brackets without', () => {
    const lines = renderScreen(state0, rctx('en'), { width: 80, height: 24, color: true });
    const seg = lines.find((l) => stripAnsi(l).includes('Ik vertrouw'))!;
    expect(seg).toMatch(/\u001b\[[0-9;]*m/);
    expect(stripAnsi(seg)).not.toContain('[vertrouw]');
  });
  it('lists the filtered code tree in change mode and the selection in split mode', () => {
    let s = reduce(state0, { type: 'change' }, { codes, lang: 'en' }).state;
    let screen = renderScreen(s, rctx('en'), { width: 80, height: 24, color: false }).join('\n');
    expect(screen).toContain('▸ Relatie (relatie)');
    expect(screen).toContain('    Vertrouwen (vertrouwen)');
    s = reduce(s, { type: 'input', text: 'c' }, { codes, lang: 'en' }).state;
    s = reduce(s, { type: 'input', text: 'o' }, { codes, lang: 'en' }).state;
    screen = renderScreen(s, rctx('en'), { width: 80, height: 24, color: false }).join('\n');
    expect(screen).toContain('▸ Conflict met');
    expect(screen).not.toMatch(/^\s+Relatie \(relatie\)$/m);
    let sp = reduce(state0, { type: 'split' }, { codes, lang: 'en' }).state;
    for (const ch of 'de coll') sp = reduce(sp, { type: 'input', text: ch }, { codes, lang: 'en' }).state;
    screen = renderScreen(sp, rctx('en'), { width: 80, height: 24, color: false }).join('\n');
    expect(screen).toContain('«de collega’s»');
    expect(screen).toContain('selected: de collega’s');
  });
});

describe('terminal text helpers', () => {
  it('truncates by graphemes and display width', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(displayWidth('你好')).toBe(4);
    expect(displayWidth(truncate('你好世界', 5))).toBeLessThanOrEqual(5);
    const family = '👨‍👩‍👧';
    expect(truncate(`ab${family}cd`, 4)).toBe('ab…');
    expect(displayWidth('e\u0301')).toBe(1);
  });
  it('wraps words within the width, breaking long words', () => {
    const lines = wrapRuns([{ text: 'een twee drie vier vijfzesenzeventigduizend' }], 10);
    expect(lines.map((l) => l.map((r) => r.text).join(''))).toEqual(['een twee', 'drie vier', 'vijfzesenz', 'eventigdui', 'zend']);
  });
});

describe('inline marker planning', () => {
  const t = 'R: Ik vertrouw de collega’s wel, meer overleg graag.';
  const turn = { start: 3, end: t.length };
  it('brackets a span and the marker parses back to exactly that span', () => {
    const span = { start: t.indexOf('meer'), end: t.indexOf(' graag') };
    const plan = planInlineMarker(t, span, turn, markerText('overleg', 'human')!);
    if (!('inserts' in plan)) throw new Error(plan.reason);
    const out = applyInserts(t, plan.inserts);
    expect(out).toBe('R: Ik vertrouw de collega’s wel, [[meer overleg]]{{overleg}} graag.');
    const mk = findMarkers(out);
    expect(out.slice(mk[0].exact![0], mk[0].exact![1])).toBe('meer overleg');
    // a second code on the same span goes after the first marker
    const again = planInlineMarker(out, { start: span.start + 2, end: span.end + 2 }, { start: 3, end: out.length }, markerText('conflict', 'anna', 'twijfel {x}')!);
    if (!('inserts' in again)) throw new Error(again.reason);
    expect(applyInserts(out, again.inserts)).toBe('R: Ik vertrouw de collega’s wel, [[meer overleg]]{{overleg}}{{conflict @anna | twijfel (x)}} graag.');
  });
  it('refuses what would change the meaning of markers already there', () => {
    const withPlain = 'R: Ik vertrouw de collega’s {{vertrouwen}} wel, meer overleg.';
    expect(planInlineMarker(withPlain, { start: withPlain.indexOf('meer'), end: withPlain.length - 1 }, { start: 3, end: withPlain.length }, '{{overleg}}')).toHaveProperty('reason');
    const inside = 'R: [[Ik vertrouw de collega’s]]{{vertrouwen}} wel.';
    expect(planInlineMarker(inside, { start: inside.indexOf('vertrouw'), end: inside.indexOf(' de') }, { start: 3, end: inside.length }, '{{x}}')).toHaveProperty('reason');
    expect(planInlineMarker(inside, { start: 3, end: inside.length }, { start: 3, end: inside.length }, '{{x}}')).toHaveProperty('reason');
    expect(markerText('a,b', 'human')).toBeUndefined();
    expect(markerText('ok', 'two words')).toBeUndefined();
  });
});
