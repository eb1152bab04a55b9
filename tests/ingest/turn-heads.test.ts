/**
 * Transcripts as transcription services export them (Otter, Microsoft Teams, Amberscript, Happy
 * Scribe): a line with only the speaker's name and a time stamp, the words on the lines below
 * it. They were read as a document (one paragraph per turn, the name and stamp inside the text,
 * no speakers, no roles: interviewer questions coded as answers) with only the generic "no
 * speaker labels found". Now each such line heads that speaker's turn, with its time, and the
 * reading is said (info, with the count and the first line). Agendas and stray time lines are not
 * read so; an anonymised export loses the whole speaker name, not only its first name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end), ...(b.time ? [b.time.start] : [])]);

const OTTER = ['Interviewer  0:00', 'Kunt u iets vertellen over uw werk als wijkcoach?', '', 'Sanne de Boer  0:07', 'Ja, ik werk nu drie jaar in de wijk.', 'We overleggen elke week met het jongerenwerk.', '', 'Interviewer  0:21', 'Hoe verloopt die samenwerking?', '', 'Sanne de Boer  1:02', 'Goed, we vertrouwen elkaar.', ''].join('\n');
const TEAMS = ['Interviewer   0:03', 'Kunt u iets vertellen over uw werk?', '', 'Bakker, Sanne   0:09', 'Ik werk drie jaar in de wijk.', '', 'Interviewer   1:02:21', 'Hoe verloopt die samenwerking?', '', 'Bakker, Sanne   1:02:25', 'Goed, we vertrouwen elkaar.', ''].join('\n');
const AMBER = ['[00:00:03] Interviewer', 'Kunt u iets vertellen over uw werk?', '', '[00:00:09] Sanne', 'Ik werk drie jaar in de wijk.', '', '[00:01:02] Interviewer', 'Hoe verloopt die samenwerking?', '', '[00:01:05] Sanne', 'Goed, we vertrouwen elkaar.', ''].join('\n');
const PARENS = ['Interviewer (00:00:03)', 'Wat is uw rol?', 'Speaker 2 (00:00:08)', 'Ik coördineer het jongerenwerk.', 'Interviewer (00:00:15)', 'En met wie werkt u samen?', 'Speaker 2 (00:00:19)', 'Met de wijkcoaches.', ''].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-turn-heads-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a line with only a name and a time stamp heads a turn', () => {
  it('Otter: `Name  m:ss`, the turn on the lines below (over a line break), its time from the stamp', () => {
    expect(turns(OTTER)).toEqual([
      ['Interviewer', 'Kunt u iets vertellen over uw werk als wijkcoach?', 0],
      ['Sanne de Boer', 'Ja, ik werk nu drie jaar in de wijk.\nWe overleggen elke week met het jongerenwerk.', 7],
      ['Interviewer', 'Hoe verloopt die samenwerking?', 21],
      ['Sanne de Boer', 'Goed, we vertrouwen elkaar.', 62],
    ]);
  });

  it('Teams (`Surname, Name   h:mm:ss`), Amberscript (`[hh:mm:ss] Name`), `Name (hh:mm:ss)` and numbered speakers', () => {
    expect(turns(TEAMS).map((t) => [t[0], t[2]])).toEqual([
      ['Interviewer', 3],
      ['Bakker, Sanne', 9],
      ['Interviewer', 3741],
      ['Bakker, Sanne', 3745],
    ]);
    expect(turns(AMBER)).toEqual([
      ['Interviewer', 'Kunt u iets vertellen over uw werk?', 3],
      ['Sanne', 'Ik werk drie jaar in de wijk.', 9],
      ['Interviewer', 'Hoe verloopt die samenwerking?', 62],
      ['Sanne', 'Goed, we vertrouwen elkaar.', 65],
    ]);
    expect(turns(PARENS).map((t) => t[0])).toEqual(['Interviewer', 'Speaker 2', 'Interviewer', 'Speaker 2']);
    // Happy Scribe: a bare `m:ss` first, then the name
    const happy = ['0:03 Interviewer', 'Wat doet u?', '', '0:07 Speaker 1', 'Ik werk in de wijk.', '', '0:12 Interviewer', 'Met wie?', '', '0:15 Speaker 1', 'Met het jongerenwerk.', ''].join('\n');
    expect(turns(happy)).toEqual([
      ['Interviewer', 'Wat doet u?', 3],
      ['Speaker 1', 'Ik werk in de wijk.', 7],
      ['Interviewer', 'Met wie?', 12],
      ['Speaker 1', 'Met het jongerenwerk.', 15],
    ]);
  });

  it('is said: info with the count and the first head line', () => {
    const parsed = parseBlocks(OTTER, 'transcript');
    const ds = readingDiagnostics(parsed, 'otter.txt');
    const d = ds.find((x) => x.ruleId === 'turn-heads-read') as Diagnostic;
    expect(d.severity).toBe('info');
    expect(d.message).toContain('4 lines hold only a speaker\'s name and a time stamp');
    expect(d.message).toContain('line 1 "Interviewer  0:00"');
    expect(d.line).toBe(1);
  });

  it('end to end: a transcript with roles (the interviewer\'s questions are not answers), not a document', async () => {
    const f = join(dir, 'otter.txt');
    writeFileSync(f, OTTER);
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus([f], { cwd: dir, report: (d) => diags.push(d) });
    expect(corpus.sources[0].kind).toBe('transcript');
    expect(corpus.segments.map((g) => [g.speaker, g.role])).toEqual([
      ['Interviewer', 'interviewer'],
      ['Sanne de Boer', 'respondent'],
      ['Interviewer', 'interviewer'],
      ['Sanne de Boer', 'respondent'],
    ]);
    expect(diags.map((d) => d.ruleId)).toContain('turn-heads-read');
    expect(diags.map((d) => d.ruleId)).not.toContain('no-speaker-labels');
    expect(readFileSync(f, 'utf8')).toBe(OTTER);
  });
});

describe('a Teams transcript (.docx export): a cue timing line, the name under it, the words', () => {
  const TEAMS_CUES = ['0:0:0.0 --> 0:0:4.520', 'Lotte Brinkman', 'Kunt u iets vertellen over uw werk?', '', '0:0:5.100 --> 0:0:12.300', 'Sanne Bakker', 'Ik werk drie jaar in de wijk.', '', '0:0:12.400 --> 0:0:15.0', 'Sanne Bakker', 'En daarvoor bij de gemeente.', '', '0:0:15.200 --> 0:0:16.800', 'Lotte Brinkman', 'Hoe verloopt die samenwerking?', ''].join('\n');
  it('each cue is a turn of the speaker named, with the cue\'s start; timing lines and names are not text', () => {
    expect(turns(TEAMS_CUES)).toEqual([
      ['Lotte Brinkman', 'Kunt u iets vertellen over uw werk?', 0],
      ['Sanne Bakker', 'Ik werk drie jaar in de wijk.', 5.1],
      ['Sanne Bakker', 'En daarvoor bij de gemeente.', 12.4],
      ['Lotte Brinkman', 'Hoe verloopt die samenwerking?', 15.2],
    ]);
    const parsed = parseBlocks(TEAMS_CUES, 'transcript');
    // (a .docx puts a blank line between paragraphs: the same turns)
    const spaced = TEAMS_CUES.split('\n').join('\n\n');
    expect(turns(spaced).map((t) => [t[0], t[1], t[2]])).toEqual(turns(TEAMS_CUES));
    expect(parsed.leftOut).toEqual([]);
    const d = readingDiagnostics(parsed, 't.txt').find((x) => x.ruleId === 'turn-heads-read')!;
    expect(d.message).toContain('4 turns, each under a cue\'s timing line and a line with the speaker\'s name (the first: line 1 "0:0:0.0 --> 0:0:4.520 Lotte Brinkman")');
  });
});

describe('a name alone on its line after a blank line heads a turn (no stamps)', () => {
  it('`**Interviewer**` / `**Sanne**` in Markdown, a `Ja` inside a turn staying text', () => {
    const md = ['**Interviewer**', 'Werkt u samen met het jongerenwerk?', '', '**Sanne**', 'Ja', 'Dat doen we elke week.', '', '**Interviewer**', 'Ook met de school?', '', '**Sanne**', 'Ja', 'Soms.', ''].join('\n');
    expect(turns(md)).toEqual([
      ['Interviewer', 'Werkt u samen met het jongerenwerk?'],
      ['Sanne', 'Ja\nDat doen we elke week.'],
      ['Interviewer', 'Ook met de school?'],
      ['Sanne', 'Ja\nSoms.'],
    ]);
    const d = readingDiagnostics(parseBlocks(md, 'transcript'), 'a.md').find((x) => x.ruleId === 'turn-heads-read')!;
    expect(d.message).toContain('4 lines after a blank line hold only a speaker\'s name (the first: line 1 "**Interviewer**")');
  });

  it('as a .docx reads (blank lines between all paragraphs): a `Ja` or a name said alone stays text of the turn', () => {
    const docx = ['Interviewer', '', 'Werkt u samen met het jongerenwerk?', '', 'Sanne', '', 'Ja', '', 'Dat doen we elke week.', '', 'Interviewer', '', 'Met wie vooral?', '', 'Sanne', '', 'Marloes', '', 'Zij is jongerenwerker in Noord.', '', 'Interviewer', '', 'Ook met de school?', '', 'Sanne', '', 'Nee.', '', 'Nauwelijks.', ''].join('\n');
    expect(turns(docx)).toEqual([
      ['Interviewer', 'Werkt u samen met het jongerenwerk?'],
      ['Sanne', 'Ja\n\nDat doen we elke week.'],
      ['Interviewer', 'Met wie vooral?'],
      ['Sanne', 'Marloes\n\nZij is jongerenwerker in Noord.'],
      ['Interviewer', 'Ook met de school?'],
      ['Sanne', 'Nee.\n\nNauwelijks.'],
    ]);
  });

  it('headings of a document (`Doel`, `Aanpak`, no known speaker among them) stay headings of paragraphs', () => {
    const doc = ['Project Wijkkracht', '', 'Doel', 'Meer samenwerking.', '', 'Aanpak', 'Wekelijks overleg.', '', 'Doel', 'Minder wachttijd.', '', 'Aanpak', 'Een loket.', ''].join('\n');
    const parsed = parseBlocks(doc, 'transcript');
    expect(parsed.speakers).toEqual([]);
    expect(parsed.turnHeads).toBeUndefined();
  });
});

describe('what is not read as turn heads', () => {
  it('an agenda (items with times, few recurring) stays a document', () => {
    const agenda = ['Programma', '', 'Inloop 9:30', 'Koffie en kennismaking.', '', 'Opening 10:00', 'De wethouder opent.', '', 'Workshop 10:30', 'Samenwerken rond schulden.', '', 'Pauze 11:15', 'Lunch.', '', 'Workshop 13:00', 'Wie doet wat?', '', 'Pauze 14:30', 'Thee.', ''].join('\n');
    const parsed = parseBlocks(agenda, 'transcript');
    expect(parsed.speakers).toEqual([]);
    expect(parsed.turnHeads).toBeUndefined();
  });

  it('a stray time line in a transcript with colon labels stays text of the turn', () => {
    const text = ['Interviewer: Hoe ziet uw week eruit?', 'Sanne: Maandag overleg.', 'Maandag 9:00', 'Interviewer: En verder?', 'Sanne: Dinsdag 10:00 casusoverleg.', 'Woensdag 11:00', 'Interviewer: Dank u.', ''].join('\n');
    expect(turns(text).map((t) => t[0])).toEqual(['Interviewer', 'Sanne', 'Interviewer', 'Sanne', 'Interviewer']);
    expect(parseBlocks(text, 'transcript').turnHeads).toBeUndefined();
  });

  it('times that do not go up (a list, not a recording) are not turn heads', () => {
    const text = ['Anna  9:30', 'Komt om half tien.', '', 'Bert  8:15', 'Komt eerder.', '', 'Anna  7:00', 'Vroege dienst.', '', 'Bert  6:45', 'Nog eerder.', ''].join('\n');
    expect(parseBlocks(text, 'transcript').turnHeads).toBeUndefined();
  });
});

describe('qda anonymize on such an export', () => {
  it('replaces the whole speaker name of a head line (`Bakker, Sanne`), not only its first name', async () => {
    const work = join(dir, 'anon');
    mkdirSync(join(work, 'in'), { recursive: true });
    writeFileSync(join(work, 'in/teams.txt'), TEAMS);
    const io = memoryIo(work);
    expect(await main(['anonymize', 'in', '-o', 'out'], io), io.err()).toBe(0);
    const out = readFileSync(join(work, 'out/teams.txt'), 'utf8');
    expect(out).not.toContain('Bakker');
    expect(out).not.toContain('Sanne');
    expect(out).toContain('Interviewer   0:03');
    expect(readFileSync(join(work, 'in/teams.txt'), 'utf8')).toBe(TEAMS);
  });
});

describe('`V:` / `A:` (vraag, antwoord) as Dutch transcripts write them', () => {
  it('V is the interviewer by default, as Q and Vraag are: the questions are not coded as answers', async () => {
    const f = join(dir, 'va.txt');
    writeFileSync(f, 'V: Kunt u iets vertellen over uw werk?\nA: Ik werk drie jaar in de wijk.\nV: Hoe verloopt die samenwerking?\nA: Goed, we vertrouwen elkaar.\n');
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus([f], { cwd: dir, report: (d) => diags.push(d) });
    expect(corpus.segments.map((g) => [g.speaker, g.role])).toEqual([
      ['V', 'interviewer'],
      ['A', 'respondent'],
      ['V', 'interviewer'],
      ['A', 'respondent'],
    ]);
    expect(diags.map((d) => d.ruleId)).not.toContain('no-interviewer');
  });
});

describe('f4transkript time marks at the end of a turn (`#00:00:05-2#`)', () => {
  it('are the turns\' times (start: the mark before), not their text; a mark inside a turn stays text; said', () => {
    const text = ['I: Kunt u iets vertellen over uw werk? #00:00:05-2#', '', 'B: Ik werk drie jaar in de wijk. #00:00:21-8#', '', 'I: En verder? #00:00:25-0#', '', 'B: Eerst dit #00:00:27-0# en toen dat. #00:00:31-4#', ''].join('\n');
    const parsed = parseBlocks(text, 'transcript');
    expect(parsed.blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end), b.time?.start, b.time?.end])).toEqual([
      ['I', 'Kunt u iets vertellen over uw werk?', 0, 5.2],
      ['B', 'Ik werk drie jaar in de wijk.', 5.2, 21.8],
      ['I', 'En verder?', 21.8, 25],
      ['B', 'Eerst dit #00:00:27-0# en toen dat.', 25, 31.4],
    ]);
    const d = readingDiagnostics(parsed, 'f4.txt').find((x) => x.ruleId === 'time-marks-read')!;
    expect(d.severity).toBe('info');
    expect(d.message).toContain('4 time marks at the end of a turn');
    expect(d.message).toContain('line 1 "#00:00:05-2#"');
  });

  it('a transcript without marks reads as before (no time, no note)', () => {
    const text = 'I: Wat doet u? #hashtag\nB: Ik werk. #2\n';
    const parsed = parseBlocks(text, 'transcript');
    expect(parsed.timeMarks).toBeUndefined();
    expect(parsed.blocks.map((b) => cpSlice(text, b.start, b.end))).toEqual(['Wat doet u? #hashtag', 'Ik werk. #2']);
  });
});

describe('names of other forms, and a head that is not read, said', () => {
  it('a name with a part in brackets (`Lotte Brinkman (UT)  0:00`) heads a turn; under a Teams cue any name line does (`Brinkman, L. (Gast)`, an e-mail address)', () => {
    const otter = ['Lotte Brinkman (UT)  0:00', 'Wat doet u?', '', 'Sanne de Boer  0:05', 'Ik werk in de wijk.', '', 'Lotte Brinkman (UT)  0:09', 'Dank u.', '', 'Sanne de Boer  0:12', 'Graag.', ''].join('\n');
    expect(turns(otter).map((t) => t[0])).toEqual(['Lotte Brinkman (UT)', 'Sanne de Boer', 'Lotte Brinkman (UT)', 'Sanne de Boer']);
    const cues = ['0:0:0.0 --> 0:0:4.520', 'Brinkman, L. (Gast)', 'Kunt u iets vertellen?', '', '0:0:5.100 --> 0:0:12.300', 'sanne.bakker@enschede.nl', 'Ik werk in de wijk.', '', '0:0:13.0 --> 0:0:16.800', 'Brinkman, L. (Gast)', 'Hoe verloopt het?', '', '0:0:17.200 --> 0:0:20.100', 'sanne.bakker@enschede.nl', 'Goed.', ''].join('\n');
    expect(turns(cues).map((t) => t[0])).toEqual(['Brinkman, L. (Gast)', 'sanne.bakker@enschede.nl', 'Brinkman, L. (Gast)', 'sanne.bakker@enschede.nl']);
  });

  it('a line with a stamp that is not read as a head (its words go to the turn before) is a warning with its line', () => {
    const text = ['Lotte  0:00', 'Wat doet u?', '', 'Respondent #2  0:07', 'Ik werk drie jaar in de wijk.', '', 'Lotte  0:21', 'Hoe gaat het?', '', 'Sanne  0:25', 'Goed.', '', 'Lotte  0:30', 'Dank u.', '', 'Sanne  0:33', 'Graag.', ''].join('\n');
    const parsed = parseBlocks(text, 'transcript');
    const d = readingDiagnostics(parsed, 'n.txt').find((x) => x.ruleId === 'turn-head-not-read')!;
    expect(d.severity).toBe('warning');
    expect(d.line).toBe(4);
    expect(d.message).toContain('1 line with a time stamp looks like the turn heads of this file but is not read as one (the first: line 4 "Respondent #2  0:07")');
    // a line of a turn that ends in a time is no near miss
    const said = ['Lotte  0:00', 'Wanneer begon het?', '', 'Sanne  0:05', 'We begonnen om 9:30', 'en stopten laat.', '', 'Lotte  0:21', 'Dank u.', '', 'Sanne  0:25', 'Graag.', ''].join('\n');
    expect(readingDiagnostics(parseBlocks(said, 'transcript'), 's.txt').map((x) => x.ruleId)).not.toContain('turn-head-not-read');
  });
});
