/**
 * A markdown source's HTML comments (`<!-- … -->`) are notes in the file, not speech: no segment
 * holds one, and they are counted with their lines. Its footnote definitions (`[^1]: …`) are kept,
 * each as a note of its own without a speaker, not as words of the turn before; said too.
 * Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { segmentSource } from '../../src/ingest/segment.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-md-notes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, content: string) {
  writeFileSync(join(dir, name), content);
  const diags: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
  expect(readFileSync(join(dir, name), 'utf8')).toBe(content);
  return { corpus, diags };
}

const transcript = [
  '---',
  'kind: transcript',
  'participants: [Anna]',
  '---',
  '',
  '<!-- transcriptie: tweede versie, namen nog niet nagelopen -->',
  '',
  'Interviewer: Hoe werkt u samen met het jongerenwerk?',
  '',
  'Anna: We delen signalen over jongeren[^1] en bellen elkaar elke week.',
  '<!-- Anna: stuk onverstaanbaar, 00:12:30 -->',
  'Daarna bespreken we het in het overleg.',
  '',
  'Interviewer: En met de gemeente? <!-- vraag 2 -->',
  '',
  'Anna: Dat loopt minder goed.',
  '',
  '[^1]: Anna bedoelt de signalen uit het wijkteam.',
  '',
].join('\n');

describe('markdown comments are no speech', () => {
  it('no segment holds a comment (on its own line, inside a turn, after a question); counted with their lines', async () => {
    const { corpus, diags } = await read('anna.md', transcript);
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Hoe werkt u samen met het jongerenwerk?'],
      ['Anna', 'We delen signalen over jongeren[^1] en bellen elkaar elke week.'],
      ['Anna', 'Daarna bespreken we het in het overleg.'],
      ['Interviewer', 'En met de gemeente?'],
      ['Anna', 'Dat loopt minder goed.'],
      [null, 'Anna bedoelt de signalen uit het wijkteam.'],
    ]);
    expect(corpus.segments.some((s) => s.text.includes('<!--') || s.text.includes('onverstaanbaar'))).toBe(false);
    // (a label inside a comment is no turn either)
    expect(corpus.sources[0].kind).toBe('transcript');
    const c = diags.filter((d) => d.ruleId === 'markdown-comment');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ severity: 'info', line: 6 });
    expect(c[0].file).toMatch(/anna\.md$/);
    expect(c[0].message).toBe(
      'left out 3 HTML comments (<!-- … -->, notes in the file, not speech): line 6 "<!-- transcriptie: tweede versie, namen nog niet nagelope...", line 11 "<!-- Anna: stuk onverstaanbaar, 00:12:30 -->", line 14 "<!-- vraag 2 -->"; they are in no segment; one stands inside a turn, read in two around it (Anna\'s at line 11)',
    );
  });

  it('sentences made again from the source (another unit) hold no comment either', async () => {
    const { corpus } = await read('anna2.md', transcript);
    const sentences = segmentSource(corpus.sources[0], 'sentence');
    expect(sentences.some((s) => s.text.includes('<!--'))).toBe(false);
    expect(sentences.map((s) => s.text)).toContain('Daarna bespreken we het in het overleg.');
  });

  it('a `<!--` without `-->` is read as text, and warned with its line', async () => {
    const { corpus, diags } = await read('open.md', 'Interviewer: Hoe ging het?\n\nAnna: Goed <!-- hier stopt de opname\n\nInterviewer: Dank je.\n');
    expect(corpus.segments.map((s) => s.text)).toContain('Goed <!-- hier stopt de opname');
    const w = diags.filter((d) => d.ruleId === 'markdown-comment-unclosed');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', line: 3 });
  });

  it('a .txt file is plain text: its `<!--` stays', async () => {
    const { corpus, diags } = await read('plain.txt', 'Interviewer: Hoe ging het?\n\nAnna: Goed <!-- zo staat het er -->\n');
    expect(corpus.segments.map((s) => s.text)).toContain('Goed <!-- zo staat het er -->');
    expect(diags.filter((d) => d.ruleId.startsWith('markdown-'))).toEqual([]);
  });
});

describe('markdown footnote definitions are notes without a speaker', () => {
  it('the definition is its own segment (no speaker, meta.footnote), not the last turn’s words; said', async () => {
    const { corpus, diags } = await read('anna3.md', transcript);
    const last = corpus.segments[corpus.segments.length - 1];
    expect(last).toMatchObject({ speaker: null, role: 'other', text: 'Anna bedoelt de signalen uit het wijkteam.', meta: { footnote: '1' } });
    expect(corpus.segments.filter((s) => s.speaker === 'Anna').map((s) => s.text)).not.toContain(expect.stringContaining('bedoelt'));
    const f = diags.filter((d) => d.ruleId === 'markdown-footnote');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'info', line: 18, actual: '[^1]' });
    expect(f[0].message).toBe('read 1 footnote definition as a note of its own, without a speaker (not as words of the turn before): line 18 "[^1]"');
  });

  it('English document: a footnote over several lines (indented after a blank line) is one note; the paragraph before keeps its own text', async () => {
    const doc = [
      '---',
      'kind: document',
      '---',
      '# Joint approach',
      '',
      'The district teams and youth work share one plan.[^plan]',
      '',
      '[^plan]: Agreed by both boards',
      'in the spring.',
      '',
      '    Reviewed every year.',
      '',
      'Each team names a contact person.',
      '',
    ].join('\n');
    const { corpus, diags } = await read('plan.md', doc);
    expect(corpus.segments.map((s) => [s.text, s.meta?.footnote ?? null])).toEqual([
      ['Joint approach', null],
      ['The district teams and youth work share one plan.[^plan]', null],
      ['Agreed by both boards\nin the spring.\n\n    Reviewed every year.', 'plan'],
      ['Each team names a contact person.', null],
    ]);
    expect(diags.filter((d) => d.ruleId === 'markdown-footnote').map((d) => d.line)).toEqual([8]);
  });
});

describe('a footnote ends where a turn starts', () => {
  it('an indented speaker label after a footnote starts that speaker’s turn, not more of the note', async () => {
    const t = 'Interviewer: Hoe vaak overlegt u?[^a]\n\n[^a]: Vraag uit de topiclijst.\n\n  Anna: Elke week.\n\nInterviewer: Dank u.\n';
    const { corpus } = await read('ind.md', t);
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Hoe vaak overlegt u?[^a]'],
      [null, 'Vraag uit de topiclijst.'],
      ['Anna', 'Elke week.'],
      ['Interviewer', 'Dank u.'],
    ]);
  });
});
