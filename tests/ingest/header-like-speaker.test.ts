/**
 * A running header written like a speaker label (`Bijlage 3: Transcript 12` on each page) is
 * not made a speaker without a word: it is reported with its lines and the fix (issue 16's
 * side task). Our own invented text throughout.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const parse = (t: string) => parseBlocks(t, 'transcript');

const paged = [
  'Bijlage 3: Transcript 12',
  '',
  'Interviewer: Hoe begon het buurtproject?',
  '',
  'Respondent: Met vier vrijwilligers en een lege winkel aan de markt.',
  '',
  'Bijlage 3: Transcript 13',
  '',
  'Interviewer: Wie betaalde de huur?',
  '',
  'Respondent: Eerst wijzelf, later de woningcorporatie,',
  '',
  'Bijlage 3: Transcript 14',
  '',
  'maar pas na een jaar onderhandelen.',
].join('\n');

describe('a label-shaped running header with a changing number is reported, not silently a speaker', () => {
  it('names the speaker, its lines, the text read as its turn, and the fix', () => {
    const p = parse(paged);
    expect(p.headerSpeakers).toEqual([
      {
        speaker: 'Bijlage 3',
        pattern: 'Bijlage #: Transcript #',
        lines: [
          { line: 1, text: 'Bijlage 3: Transcript 12' },
          { line: 7, text: 'Bijlage 3: Transcript 13' },
          { line: 13, text: 'Bijlage 3: Transcript 14' },
        ],
        spill: [13],
      },
    ]);
    const ds = readingDiagnostics(p, 'bijlage.txt').filter((d) => d.ruleId === 'header-like-speaker');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'warning', file: 'bijlage.txt', line: 1, actual: 'Bijlage 3: Transcript 12' });
    expect(ds[0].message).toContain('"Bijlage #: Transcript #"');
    expect(ds[0].message).toContain('line 7 "Bijlage 3: Transcript 13"');
    expect(ds[0].message).toContain('from line 13');
    expect(ds[0].hint).toContain('participants: [Bijlage 3]');
    expect(ds[0].hint).toContain('remove them');
  });

  it('readCorpus reports it with the file; the suggested fix (no colon) reads the lines as page debris, reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-header-speaker-'));
    writeFileSync(join(dir, 'bijlage.txt'), paged);
    writeFileSync(join(dir, 'fixed.txt'), paged.replace(/^Bijlage 3: /gm, 'Bijlage 3 '));
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus([dir], { cwd: dir, report: (d) => void diags.push(d) });
    const of = (name: string) => diags.filter((d) => d.file?.endsWith(name)).map((d) => d.ruleId);
    expect(of('bijlage.txt')).toEqual(['header-like-speaker']);
    // (the header inside the last answer stays in its text, and is said: session 21)
    expect(of('fixed.txt')).toEqual(['page-debris', 'page-debris-in-turn']);
    const fixed = corpus.segments.filter((s) => s.sourceId === 'fixed');
    expect(fixed.map((s) => s.speaker)).toEqual(['Interviewer', 'Respondent', 'Interviewer', 'Respondent']);
    expect(fixed[3].text).toBe('Eerst wijzelf, later de woningcorporatie,\n\nBijlage 3 Transcript 14\n\nmaar pas na een jaar onderhandelen.');
  });

  it('declared as a participant, the speaker is read and nothing is reported', () => {
    const p = parseBlocks(paged, 'transcript', { knownSpeakers: ['Bijlage 3'] });
    expect(p.headerSpeakers).toBeUndefined();
    expect(readingDiagnostics(p)).toEqual([]);
  });

  it('a speaker whose turns differ (not one form) is not reported', () => {
    const t = ['Lotte: Vraag 1 gaat over de buurt.', 'Daan: Prima.', 'Lotte: Nu iets anders, vraag 2.', 'Daan: Ook goed.'].join('\n');
    const p = parse(t);
    expect(p.blocks.map((b) => b.speaker)).toEqual(['Lotte', 'Daan', 'Lotte', 'Daan']);
    expect(p.headerSpeakers).toBeUndefined();
  });

  it('the same header once, at the top, is reported as a label not read (text without a speaker)', () => {
    const first = parse(['Bijlage 3: Transcript 12', '', 'Interviewer: Hoe begon het?', '', 'Respondent: Klein.'].join('\n'));
    expect(first.unreadLabels).toEqual([{ line: 1, speaker: 'Bijlage 3', into: 'text' }]);
    expect(cpSlice('Bijlage 3: Transcript 12', first.blocks[0].start, first.blocks[0].end)).toBe('Bijlage 3: Transcript 12');
    const ds = readingDiagnostics(first, 'a.txt');
    expect(ds.map((d) => d.ruleId)).toEqual(['unread-speaker-label']);
    expect(ds[0].message).toContain('read as text without a speaker');
  });
});
