/**
 * Nothing is left out of a transcript's turns without a word (issue 14): lines that
 * differ only in a number are speech, not running headers, when they start with a
 * speaker label of the file; page debris that is left out is reported per pattern;
 * a label seen once that is not read as a speaker is reported with its line and fix.
 * Our own invented text throughout.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const parse = (t: string) => parseBlocks(t, 'transcript');

describe('lines that differ only in a number are not page headers when they are speech', () => {
  it('"Anna: punt N …" answers, numbered, keep every turn (none left out)', () => {
    const lines: string[] = [];
    for (let n = 1; n <= 150; n++) lines.push(`Interviewer: En punt ${n}?`, '', `Anna: punt ${n} is klaar.`, '');
    const t = lines.join('\n');
    const p = parse(t);
    expect(p.blocks).toHaveLength(300);
    expect(p.blocks.filter((b) => b.speaker === 'Anna')).toHaveLength(150);
    expect(cpSlice(t, p.blocks[299].start, p.blocks[299].end)).toBe('punt 150 is klaar.');
    expect(p.leftOut).toEqual([]);
  });

  it('a named interviewer asking "Vraag 1", "Vraag 2" … keeps those turns', () => {
    const lines: string[] = [];
    const answers = ['Dat weet ik niet precies.', 'We overleggen elke week met het team.', 'Soms bellen we de klant op.', 'Nee, dat doen we niet.'];
    for (let n = 1; n <= 12; n++) lines.push(`Sanne: Vraag ${n}`, `Bram: ${answers[n % answers.length]}`);
    const t = lines.join('\n');
    const p = parse(t);
    expect(p.blocks.map((b) => b.speaker)).toEqual(Array.from({ length: 12 }, () => ['Sanne', 'Bram']).flat());
    expect(cpSlice(t, p.blocks[0].start, p.blocks[0].end)).toBe('Vraag 1');
    expect(p.leftOut).toEqual([]);
  });

  it('a long line (more words than a header) at the end of a turn is never debris', () => {
    const lines: string[] = [];
    for (let n = 1; n <= 6; n++) {
      lines.push('Interviewer: Hoe vaak?', 'Respondent: Dat verschilt per maand,', `we hebben het in jaar ${2010 + n} wel vaker met het hele team samen geprobeerd`, '');
    }
    const t = lines.join('\n');
    const p = parse(t);
    expect(p.blocks).toHaveLength(12);
    expect(cpSlice(t, p.blocks[11].start, p.blocks[11].end)).toMatch(/jaar 2016 wel vaker met het hele team samen geprobeerd$/);
    expect(p.leftOut).toEqual([]);
  });
});

describe('page debris left out of the turns is reported', () => {
  const thesis = [
    'Bijlage 2 Transcript 11',
    '',
    'Interviewer: Wat doet het team als eerste?',
    '',
    'Respondent: We maken een plan met de klant.',
    '',
    '12',
    '',
    'Bijlage 2 Transcript 12',
    '',
    'Interviewer: En daarna?',
    '',
    'Respondent: Dan evalueren we na een maand',
    '',
    '13',
    '',
    'Bijlage 2 Transcript 13',
    '',
    'en stellen we het plan bij.',
    '',
    'Interviewer: Dank je.',
    '',
    '14',
  ].join('\n');

  it('real page numbers and running headers are still recognised, and each pattern is reported once with its count and lines', () => {
    const p = parse(thesis);
    expect(p.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'Respondent', 'Interviewer', 'Respondent', 'Interviewer']);
    expect(cpSlice(thesis, p.blocks[3].start, p.blocks[3].end)).toMatch(/^Dan evalueren we na een maand\s+13\s+Bijlage 2 Transcript 13\s+en stellen we het plan bij\.$/);
    // left out: header on line 1, 12 + header on lines 7 and 9, 14 on line 23 (13 and its header are inside a turn)
    expect(p.leftOut.map((d) => d.line)).toEqual([1, 7, 9, 23]);
    const ds = readingDiagnostics(p, 'b.txt');
    expect(ds.map((d) => [d.ruleId, d.severity, d.line])).toEqual([
      ['page-debris', 'info', 1],
      ['page-debris', 'info', 7],
      // (13 and its header inside the turn stay in its text: said, session 21; they were not)
      ['page-debris-in-turn', 'warning', 15],
    ]);
    expect(ds[2].message).toContain('2 lines inside a turn look like page debris');
    expect(ds[0].message).toContain('left out 2 lines');
    expect(ds[0].message).toContain('"Bijlage # Transcript #"');
    expect(ds[0].message).toContain('line 1 "Bijlage 2 Transcript 11", line 9 "Bijlage 2 Transcript 12"');
    expect(ds[1].message).toContain('left out 2 lines as page debris (a lone page number): line 7 "12", line 23 "14"');
    expect(ds.every((d) => d.file === 'b.txt' && d.hint)).toBe(true);
  });

  it('readCorpus reports them per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-debris-'));
    writeFileSync(join(dir, 'b.txt'), thesis);
    const diags: Diagnostic[] = [];
    await readCorpus([dir], { cwd: dir, report: (d) => void diags.push(d) });
    const pd = diags.filter((d) => d.ruleId === 'page-debris');
    expect(pd).toHaveLength(2);
    expect(pd.every((d) => d.file?.endsWith('b.txt'))).toBe(true);
  });
});

describe('a label seen once is not folded into the turn before without a word', () => {
  const t = [
    'Interviewer: Hoe ging het overleg?',
    'Respondent: Goed, we waren met zijn drieën.',
    'Interviewer: Wie waren er?',
    'Respondent: De buurtcoach en ik.',
    'Interviewer: Klopt dat?',
    'Anna: Ja, dat klopt.',
    'Respondent: En daarna gingen we verder.',
  ].join('\n');

  it('reports the label with its line and how to declare the speaker', () => {
    const p = parse(t);
    expect(p.unreadLabels).toEqual([{ line: 6, speaker: 'Anna', into: 'turn' }]);
    const ds = readingDiagnostics(p, 'a.txt');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'unread-speaker-label', severity: 'warning', file: 'a.txt', line: 6, actual: 'Anna' });
    expect(ds[0].hint).toContain('participants: [Anna]');
  });

  it('declared in the front matter, the speaker starts a turn (and nothing is reported)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-once-'));
    writeFileSync(join(dir, 'a.txt'), t);
    writeFileSync(join(dir, 'b.txt'), `---\nkind: transcript\nparticipants: [Anna]\n---\n${t}`);
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus([dir], { cwd: dir, report: (d) => void diags.push(d) });
    const un = diags.filter((d) => d.ruleId === 'unread-speaker-label');
    expect(un.map((d) => [d.file?.replace(/.*[\\/]/, ''), d.line])).toEqual([['a.txt', 6]]);
    const b = corpus.segments.filter((s) => s.sourceId === corpus.sources.find((x) => x.path.endsWith('b.txt'))!.id);
    expect(b.map((s) => s.speaker)).toContain('Anna');
  });
});

describe('property: every line is in a turn, a label, or reported as left out', () => {
  const WORDS = ['we', 'doen', 'dat', 'samen', 'met', 'de', 'klant', 'and', 'then', 'the', 'team', 'ja', 'nee', 'punt', 'vraag'];
  const SPEAKERS = ['Interviewer', 'Anna', 'Bram', 'Respondent'];
  const line = fc.oneof(
    // speech with a number (as repeated answers and questions have)
    fc.record({ sp: fc.constantFrom(...SPEAKERS, ''), words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 14 }), n: fc.nat(40) }).map(({ sp, words, n }) => `${sp ? `${sp}: ` : ''}${words.join(' ')} ${n}`),
    // page debris
    fc.nat(200).map((n) => `${n}`),
    fc.nat(200).map((n) => `Bijlage C Interviews ${n}`),
    fc.constant(''),
  );
  it('holds on random transcripts', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 60 }), (ls) => {
        const t = ls.join('\n');
        const p = parse(t);
        const left = new Set(p.leftOut.map((d) => d.line));
        let off = 0;
        ls.forEach((l, i) => {
          const start = off;
          off += l.length + 1;
          const content = l.replace(/^(?:Interviewer|Anna|Bram|Respondent):/, '').trim();
          if (!content) return;
          const covered = p.blocks.some((b) => b.start <= start + l.length - 1 && b.end >= start + l.length - content.length + 1);
          if (!covered) expect(left.has(i + 1), `line ${i + 1} "${l}" is in no turn and not reported`).toBe(true);
          else expect(left.has(i + 1), `line ${i + 1} is in a turn but reported as left out`).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('a short transcript whose only label besides the interviewer is seen once', () => {
  it('reads that label as the respondent (its answer was read into the interviewer turn, and not coded)', () => {
    const p = parse('Interviewer: Hoe werkt de samenwerking?\nAnna: We overleggen elke week met de wijkagent.\n');
    expect(p.unreadLabels).toEqual([]);
    expect(p.speakers).toEqual(['Interviewer', 'Anna']);
  });
  it('not when another respondent speaks, nor for two once-seen labels (each may be a note)', () => {
    expect(parse('Interviewer: Wie waren er?\nRespondent: Wij.\nAnna: Ja.\n').unreadLabels.map((u) => u.speaker)).toEqual(['Anna']);
    expect(parse('Interviewer: Wie waren er?\nNoot: opname stopt.\nAnna: Ja.\n').unreadLabels.map((u) => u.speaker)).toEqual(['Noot', 'Anna']);
  });
});

describe('a file that starts with a `---` line that is not front matter', () => {
  it('the turns read as front matter are said (key, line, fix); real front matter is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-fm-speech-'));
    writeFileSync(join(dir, 'dash.txt'), '---\nInterviewer: Hoe gaat het met de samenwerking?\n---\nAnna: We overleggen elke week.\nInterviewer: En verder?\nAnna: Prima.\n');
    writeFileSync(join(dir, 'fm.txt'), '---\nteam: noord\nsetting: buurthuis De Esch in Enschede\n---\nInterviewer: Hoe gaat het?\nAnna: Goed.\nInterviewer: En verder?\nAnna: Prima.\n');
    const diags: Diagnostic[] = [];
    await readCorpus([dir], { cwd: dir, report: (d) => void diags.push(d) });
    const said = diags.filter((d) => d.ruleId === 'speech-in-front-matter');
    expect(said.map((d) => [d.file?.replace(/.*[\\/]/, ''), d.line, d.message])).toEqual([
      ['dash.txt', 2, '"Interviewer: Hoe gaat het met de samenwerking?" between the `---` lines at the top reads like a turn, but is read as the attribute "Interviewer" (front matter), not as text'],
    ]);
    expect(said[0].hint).toMatch(/remove the first `---` line/);
  });
});

describe('markdown headings of a transcript are left out and said', () => {
  it('each heading line is in leftOut with its line, and one info names their count and first lines', () => {
    const t = ['# Gesprek 4 met de wijkagent', '', 'Interviewer: Hoe begon het?', '', 'Anna: Met een melding, woord-alfa.', '', '## Deel twee: de school', '', 'Interviewer: En toen?', '', 'Anna: Toen belden we, woord-beta.', ''].join('\n');
    const p = parse(t);
    expect(p.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'Anna', 'Interviewer', 'Anna']);
    expect(p.leftOut.map((d) => [d.line, d.text])).toEqual([[1, '# Gesprek 4 met de wijkagent'], [7, '## Deel twee: de school']]);
    const ds = readingDiagnostics(p, 'g.md').filter((d) => d.ruleId === 'heading-left-out');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'info', file: 'g.md', line: 1 });
    expect(ds[0].message).toContain('2 markdown headings');
    expect(ds[0].message).toContain('line 7 "## Deel twee: de school"');
  });
});

describe('a label after a page break or an invisible character starts its turn', () => {
  it('"\\fInterviewer:", "\\uFEFFAnna:", "\\u200BInterviewer:" are labels, not text of the turn before', () => {
    const t = 'Interviewer: Hoe gaat het?\nAnna: Goed, woord-alfa.\n\fInterviewer: En de school?\n\uFEFFAnna: Minder, woord-beta.\n\u200BInterviewer: Waarom?\nAnna: Geen tijd.\n';
    const p = parse(t);
    expect(p.blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end)])).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Anna', 'Goed, woord-alfa.'],
      ['Interviewer', 'En de school?'],
      ['Anna', 'Minder, woord-beta.'],
      ['Interviewer', 'Waarom?'],
      ['Anna', 'Geen tijd.'],
    ]);
  });
});

describe('labels in italics', () => {
  it('"*Anna:*" and "_Interviewer:_" are speaker labels like "**Anna:**" (were: no speakers, the file read as a document)', () => {
    const t = '*Interviewer:* Hoe gaat het met het team?\n\n*Anna:* Goed, woord-alfa.\n\n_Interviewer:_ En de gemeente?\n\n*Anna:* Lastiger, woord-beta.\n';
    const p = parse(t);
    expect(p.blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end)])).toEqual([
      ['Interviewer', 'Hoe gaat het met het team?'],
      ['Anna', 'Goed, woord-alfa.'],
      ['Interviewer', 'En de gemeente?'],
      ['Anna', 'Lastiger, woord-beta.'],
    ]);
  });
});
