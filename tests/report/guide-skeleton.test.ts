import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGuide, readGuide } from '../../src/ingest/read-guide.js';
import { mapToGuide, jaroWinkler } from '../../src/analysis/guide.js';
import { quoteAnchor, cleanQuote } from '../../src/analysis/appendix.js';
import { resultsSkeleton, groupNoun } from '../../src/analysis/results-skeleton.js';
import { compareGroups } from '../../src/analysis/compare.js';
import { makeStemmer } from '../../src/coding/stem.js';
import { QdaInputError } from '../../src/model/errors.js';
import { loadOrCode } from '../../src/cli/commands/run.js';
import { memoryIo } from '../../src/cli/io.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MINI = join(ROOT, 'tests/fixtures/report/mini');
const SAMPLES = join(ROOT, 'samples');

describe('readGuide', () => {
  it('reads parts and questions with both languages', async () => {
    const g = await readGuide(join(MINI, 'topics.yaml'), { cwd: ROOT });
    expect(g.parts.map((p) => p.id)).toEqual(['relatie', 'werk']);
    expect(g.parts[1].questions[0]).toMatchObject({ id: 'q2-overleg', number: '2', text: { nl: 'Hoe verlopen de gezamenlijke overleggen?' } });
  });
  it('reports YAML syntax errors with line and column', async () => {
    const err = await parseGuide('parts:\n  - id: a\n    questions: [\n', 'bad.yaml').catch((e) => e);
    expect(err).toBeInstanceOf(QdaInputError);
    expect(err.diagnostics[0]).toMatchObject({ file: 'bad.yaml', ruleId: 'guide-yaml' });
    expect(err.diagnostics[0].line).toBeGreaterThan(0);
  });
  it('names the question without text and the duplicate id, with its line', async () => {
    const a = await parseGuide('parts:\n  - id: a\n    questions:\n      - id: q1\n        label: x\n', 'g.yaml').catch((e) => e);
    expect(a.diagnostics[0]).toMatchObject({ ruleId: 'guide-question-text', line: 4 });
    expect(a.message).toMatch(/q1/);
    const b = await parseGuide('parts:\n  - questions:\n      - {id: q1, text: a}\n      - {id: q1, text: b}\n', 'g.yaml').catch((e) => e);
    expect(b.diagnostics[0].ruleId).toBe('guide-duplicate-id');
    const c = await parseGuide('title: x\n', 'g.yaml').catch((e) => e);
    expect(c.diagnostics[0].ruleId).toBe('guide-no-parts');
  });
});

describe('guide matching', () => {
  it('Jaro–Winkler matches the textbook value', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
  it('maps every interviewer question of the fixture and keeps follow-ups with the question before', async () => {
    const io = memoryIo(ROOT);
    const { doc } = await loadOrCode(io, { inputs: [MINI], command: 't', defaultBooks: false }, () => {});
    const guide = await readGuide(join(MINI, 'topics.yaml'), { cwd: ROOT });
    const m = mapToGuide(doc.sources, doc.segments, guide, { stem: (l) => makeStemmer(l) });
    const got = Object.fromEntries(m.interviewerTurns.map((t) => [t.segmentId, t.question]));
    expect(got).toMatchObject({
      'coach-a#0': 'q1-vertrouwen',
      'coach-a#2': null, // "Kun je dat uitleggen?" is a probe
      'coach-a#4': 'q2-overleg',
      'coach-b#0': 'q1-vertrouwen',
      'coach-b#2': 'q3-toekomst',
      'worker-a#0': 'q2-overleg',
      'worker-a#2': 'q1-vertrouwen',
      'worker-b#0': 'q3-toekomst',
    });
    expect(m.questionOfSegment.get('coach-a#3')).toBe('q1-vertrouwen');
  });
  it.skipIf(!existsSync(join(SAMPLES, 'topics.yaml')))('maps most interviewer turns of the samples to the right guide question (hand-labelled gold)', async () => {
    const io = memoryIo(ROOT);
    const { doc } = await loadOrCode(io, { inputs: [SAMPLES], command: 't', defaultBooks: false }, () => {});
    const guide = await readGuide(join(SAMPLES, 'topics.yaml'), { cwd: ROOT });
    const m = mapToGuide(doc.sources, doc.segments, guide, { stem: (l) => makeStemmer(l) });
    const segs = new Map(doc.segments.map((s) => [s.id, s]));
    const gold = readFileSync(join(ROOT, 'tests/fixtures/report/guide-gold-samples.csv'), 'utf8').trim().split('\n').slice(1);
    let ok = 0;
    let n = 0;
    for (const line of gold) {
      const [seg, expected, prefix] = line.match(/^([^,]+),([^,]+),"(.*)"$/)!.slice(1);
      const s = segs.get(seg);
      if (!s || !s.text.replace(/\s+/g, ' ').startsWith(prefix)) continue; // the samples changed: skip that turn
      const t = m.interviewerTurns.find((x) => x.segmentId === seg);
      n++;
      if (expected.split('|').includes(t?.question ?? '-')) ok++;
    }
    expect(n).toBeGreaterThan(100);
    // measured 0.867 with the Snowball stemmers at threshold 0.3
    expect(ok / n).toBeGreaterThanOrEqual(0.8);
  });
});

describe('quote anchors', () => {
  it('first two words (…) last two words; short answers in full; markers removed', () => {
    expect(quoteAnchor('Ja die zijn voor mij echt de ogen van de wijkcoach.')).toBe('“Ja die (…) de wijkcoach.”');
    expect(quoteAnchor('Nee vind ik niet.')).toBe('“Nee vind ik niet.”');
    expect(cleanQuote('[[Dat doen we samen]]{{exchange @anna}} en meer.')).toBe('Dat doen we samen en meer.');
  });
});

describe('results skeleton', () => {
  it('group nouns', () => {
    expect(groupNoun('wijkcoach', 'nl')).toBe('wijkcoaches');
    expect(groupNoun('jongerenwerker', 'nl')).toBe('jongerenwerkers');
    expect(groupNoun('Team Noord', 'nl')).toBe('respondenten (Team Noord)');
    expect(groupNoun('wijkcoach', 'en', { wijkcoach: 'neighbourhood coaches' })).toBe('neighbourhood coaches');
  });
  it('every sentence carries the counts of the comparison table (nl and en)', async () => {
    const io = memoryIo(ROOT);
    const { doc } = await loadOrCode(io, { inputs: [MINI], command: 't', defaultBooks: false }, () => {});
    for (const lang of ['nl', 'en'] as const) {
      const cmp = compareGroups(doc, { by: 'group', lang });
      const table = cmp.tables[0];
      const sk = resultsSkeleton(cmp, { lang });
      let checked = 0;
      for (const g of sk.groups) {
        for (const l of g.lines) {
          const row = table.rows.find((r) => r.code === l.code)!;
          expect(l.count).toBe(row[`respondents:${g.group}`]);
          const m = l.text.match(/^(\d+) (?:van de|of the) (\d+) /) ?? l.text.match(/^(?:Alle|All) (\d+) /);
          if (m) {
            expect(Number(m[1])).toBe(l.count);
            if (m[2]) expect(Number(m[2])).toBe(l.of);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
      const nlText = sk.groups.find((g) => g.group === 'coach')!.lines.find((l) => l.code === 'vertrouwen')!.text;
      expect(nlText).toBe(lang === 'nl' ? 'Alle 2 coaches noemen Vertrouwen (100%).' : 'All 2 respondents (coach) mention Trust (100%).');
    }
  });
  it('writes a contrast sentence where compareGroups flags a difference', async () => {
    const io = memoryIo(ROOT);
    const { doc } = await loadOrCode(io, { inputs: [MINI], command: 't', defaultBooks: false }, () => {});
    const cmp = compareGroups(doc, { by: 'group', lang: 'nl', minDifference: 10, minRespondents: 1 });
    const sk = resultsSkeleton(cmp, { lang: 'nl' });
    const flagged = cmp.codes.filter((c) => c.flag && c.groups.some((g) => g.share !== c.groups[0].share));
    expect(sk.contrasts.map((c) => c.code)).toEqual(flagged.map((c) => c.code));
    for (const c of sk.contrasts) expect(c.text).toMatch(/wordt vaker genoemd door .* \(\d+ van de \d+, \d+%\) dan door/);
  });
});
