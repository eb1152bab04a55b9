/**
 * Subtitles with sloppy timing lines (issue 13, item 8): a cue is never dropped with its
 * text. Timing lines that are not the strict `00:00:06.000 --> 00:00:09.000` are read, with
 * a warning naming the line; text without a timing line joins the cue before; two cues
 * without a blank line between them are split. Strict files give no warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { parseSubtitles, type SubtitleWarning } from '../../src/ingest/parse-subtitles.js';
import type { Diagnostic } from '../../src/model/types.js';

const FIX = resolve(fileURLToPath(new URL('../fixtures/ingest', import.meta.url)));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-subs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, content: string) {
  writeFileSync(join(dir, name), content);
  const diags: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
  return { corpus, diags };
}

describe('sloppy timing lines', () => {
  it('the issue\'s forms: every cue kept with its text and time, one warning per sloppy line with its line number', async () => {
    const cues = [
      ['00:00:01,000 --> 00:00:03,000', 'Interviewer: Hoe werkt de samenwerking?'],
      ['00:00:03,500 --> 00:00:06', 'Anna: Wekelijks overleg, woord-alfa.'],
      ['00:00:06 --> 00:00:09.000', 'Interviewer: En met de school?'],
      ['00:00:05.1000 --> 00:00:09,500', 'Anna: Minder vaak, woord-beta.'],
      ['0:0:10,5 --> 0:0:12,25', 'Interviewer: Waarom?'],
      ['00:00:13:000 --> 00:00:15:000', 'Anna: Geen tijd, woord-gamma.'],
      ['00:00:15.000  -->  00:00:16.000 align:start', 'Interviewer: Dank je.'],
      ['ergens --> later', 'Anna: Graag gedaan, woord-delta.'],
    ];
    const srt = cues.map(([t, x], i) => `${i + 1}\n${t}\n${x}\n`).join('\n');
    const { corpus, diags } = await read('sloppy.srt', srt);
    const text = corpus.sources[0].text;
    for (const [, x] of cues) expect(text).toContain(x.replace(/^\w+: /, ''));
    expect(corpus.segments).toHaveLength(8);
    const times = corpus.segments.map((g) => g.time);
    expect(times.slice(0, 7)).toEqual([
      { start: 1, end: 3 },
      { start: 3.5, end: 6 },
      { start: 6, end: 9 },
      { start: 5.1, end: 9.5 },
      { start: 10.5, end: 12.25 },
      { start: 13, end: 15 },
      { start: 15, end: 16 },
    ]);
    // the unreadable one takes the time of the cue before
    expect(times[7]).toEqual({ start: 16, end: 16 });
    const warnings = diags.filter((d) => d.ruleId === 'subtitle-timing');
    // lines of the timing lines: cue k (0-based) has its timing on line 4k + 2
    expect(warnings.map((d) => d.line)).toEqual([1, 2, 3, 4, 5, 7].map((k) => 4 * k + 2));
    expect(warnings.every((d) => d.file === 'sloppy.srt' && d.severity === 'warning')).toBe(true);
    expect(warnings[1].message).toContain('00:00:06 --> 00:00:09.000');
    expect(warnings[5].message).toMatch(/cannot be read.*kept with the time of the cue before/);
  });

  it('VTT: text after a blank line inside a cue, and a cue without a blank line before it, are kept', async () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:01.000 --> 00:04.000',
      '<v Anna>We overleggen elke week, woord-een.',
      '',
      'En soms vaker, woord-twee.',
      '00:04.000 --> 00:06.000',
      '<v Mark>Met wie, woord-drie?',
      '',
      'NOTE dit is commentaar',
      '',
      '00:06.000 --> 00:08.000',
      '<v Anna>Met de gemeente, woord-vier.',
      '',
    ].join('\n');
    const { corpus, diags } = await read('blank.vtt', vtt);
    const text = corpus.sources[0].text;
    for (const w of ['woord-een', 'woord-twee', 'woord-drie', 'woord-vier']) expect(text).toContain(w);
    expect(text).not.toContain('commentaar');
    expect(corpus.segments.map((g) => g.speaker)).toEqual(['Anna', 'Mark', 'Anna']);
    // line 6 has no timing line of its own (and no blank line follows it): it joins Anna's cue;
    // the NOTE of line 10 is a comment, left out and said; neither Anna nor Mark is an interviewer: said
    expect(diags.map((d) => [d.ruleId, d.line])).toEqual([['subtitle-no-timing', 6], ['subtitle-note', 10], ['no-interviewer', undefined]]);
    expect(corpus.segments[0].text).toContain('woord-twee');
  });

  it('SRT cues run together (no blank lines): split at each timing line, numbers read as ids', () => {
    const warnings: SubtitleWarning[] = [];
    const cues = parseSubtitles('1\n00:00:01,000 --> 00:00:02,000\nA: een\n2\n00:00:02,000 --> 00:00:03,000\nB: twee\n3\n00:00:03,000 --> 00:00:04,000\nA: drie\n', (w) => void warnings.push(w));
    expect(cues.map((c) => [c.id, c.speaker, c.text, c.line])).toEqual([
      ['1', 'A', 'een', 2],
      ['2', 'B', 'twee', 5],
      ['3', 'A', 'drie', 8],
    ]);
    expect(warnings.map((w) => w.line)).toEqual([5, 8]);
  });

  it('strict files give no warning', async () => {
    for (const f of ['teams.vtt', 'crlf.srt']) {
      const diags: Diagnostic[] = [];
      await readCorpus([join(FIX, f)], { cwd: FIX, report: (d) => void diags.push(d) });
      expect(diags.filter((d) => d.ruleId.startsWith('subtitle-'))).toEqual([]);
    }
  });

  it('property: whatever the timing lines look like, every word of every cue is in the transcript', () => {
    const side = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('.', ',', ':', ''), fc.boolean()).map(([h, m, s, f, sep, hours]) => {
        const p = (n: number) => String(n).padStart(2, '0');
        return `${hours ? p(h) + ':' : ''}${p(m)}:${p(s)}${sep ? sep + String(f) : ''}`;
      }),
      fc.constantFrom('??', '', '1', 'aa:bb', '00:00:00.000'),
    );
    const cue = fc.tuple(side, side, fc.constantFrom('', '1\n', '\n'));
    fc.assert(
      fc.property(fc.array(cue, { minLength: 1, maxLength: 12 }), fc.boolean(), (list, vtt) => {
        const words = list.map((_, i) => `woord${i}x`);
        const body = list.map(([a, b, pre], i) => `${pre}${a} --> ${b}\nSpreker ${i % 2}: ${words[i]}\n`).join('\n');
        const cues = parseSubtitles((vtt ? 'WEBVTT\n\n' : '') + body);
        const all = cues.map((c) => c.text).join(' ');
        for (const w of words) expect(all).toContain(w);
        for (const c of cues) expect(Number.isFinite(c.start) && Number.isFinite(c.end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a leading "Word:" seen once in a cue is text, not a speaker', () => {
  it('in a file whose cues are not all labelled: keeps "Kortom:" and "Maar goed:" in the text, warns with the line, and still reads repeated and conventional labels as speakers', async () => {
    const srt = [
      '1', '00:00:01,000 --> 00:00:03,000', 'Interviewer: Hoe gaat het overleg?', '',
      '2', '00:00:03,000 --> 00:00:05,000', 'Bram: Wekelijks, woord-alfa.', '',
      '3', '00:00:05,000 --> 00:00:07,000', 'Maar goed: het werkt wel, woord-beta.', '',
      '4', '00:00:07,000 --> 00:00:09,000', 'Bram: En met de school minder.', '',
      '5', '00:00:09,000 --> 00:00:12,000', 'Kortom: samen sterk, woord-gamma.', '',
      '6', '00:00:12,000 --> 00:00:14,000', 'Dat zei ik al eerder.', '',
    ].join('\n');
    const { corpus, diags } = await read('label-once.srt', srt);
    const segs = corpus.segments.map((s) => [s.speaker, s.text]);
    expect(segs).toContainEqual(['Interviewer', 'Hoe gaat het overleg?']);
    expect(segs.filter(([sp]) => sp === 'Bram')).toHaveLength(2);
    expect(corpus.segments.some((s) => s.speaker === 'Kortom' || s.speaker === 'Maar goed')).toBe(false);
    const text = corpus.segments.map((s) => s.text).join(' ');
    expect(text).toContain('Maar goed: het werkt wel, woord-beta.');
    expect(text).toContain('Kortom: samen sterk, woord-gamma.');
    const w = diags.filter((d) => d.ruleId === 'unread-speaker-label');
    expect(w.map((d) => d.line)).toEqual([10, 18]);
    expect(w[0].message).toContain('Maar goed');
  });
});

describe('WebVTT NOTE blocks', () => {
  it('are left out of the text and said once with their count, lines and first words', async () => {
    const vtt = ['WEBVTT', '', 'NOTE opname gestart', 'door de onderzoeker', '', '00:00:01.000 --> 00:00:03.000', '<v Interviewer>Hoe gaat het?', '', 'NOTE', 'pauze van vijf minuten', '', '00:00:04.000 --> 00:00:06.000', '<v Bram>Goed, woord-delta.', ''].join('\n');
    const { corpus, diags } = await read('notes.vtt', vtt);
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([['Interviewer', 'Hoe gaat het?'], ['Bram', 'Goed, woord-delta.']]);
    const w = diags.filter((d) => d.ruleId === 'subtitle-note');
    expect(w).toHaveLength(1);
    expect(w[0].line).toBe(3);
    expect(w[0].message).toContain('2 NOTE blocks');
    expect(w[0].message).toContain('lines 3, 9');
    expect(w[0].message).toContain('opname gestart door de onderzoeker');
  });
});

describe('angle brackets that are not a subtitle tag', () => {
  it('"<nee>" and "<Bram>" in an SRT cue stay text; <u>, <font>, <span>, <c.x>, <i> are stripped', async () => {
    const srt = ['1', '00:00:01,000 --> 00:00:03,000', 'Anna: Ik zei <nee> tegen hem en <span>toen</span> ging hij.', '', '2', '00:00:03,000 --> 00:00:05,000', 'Anna: <u>Echt</u> <font color="#fff">waar</font>, <Bram> was er <c.yellow>ook</c> <i>bij</i>.', ''].join('\n');
    const { corpus } = await read('tags.srt', srt);
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([['Anna', 'Ik zei <nee> tegen hem en toen ging hij. Echt waar, <Bram> was er ook bij.']]);
  });
});

describe('blocks and cues that lose text or speakers', () => {
  const warnings = (vtt: string) => {
    const ws: SubtitleWarning[] = [];
    const cues = parseSubtitles(vtt, (w) => void ws.push(w));
    return { cues, ws };
  };
  it('a STYLE or REGION block after a cue is said with its line (one before the first cue is not)', () => {
    const vtt = 'WEBVTT\n\nSTYLE\n::cue { color: lime }\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hoe was het?\n\nSTYLE\nwe hebben veel gepraat die dag.\n\n00:00:03.000 --> 00:00:04.000\n<v Bas>Goed.\n';
    const { ws } = warnings(vtt);
    const w = ws.filter((x) => x.ruleId === 'subtitle-style-after-cues');
    expect(w.map((x) => x.line)).toEqual([9]);
    expect(w[0].message).toContain('we hebben veel');
  });
  // (a cue of dash lines is split at each labelled line since a cue of lines each its speaker's was
  // read as one turn without a speaker: see subtitle-cue-lines.test.ts)
  it('a cue with dash lines of two speakers is split, each line its label\'s; a line whose label is not read stays in the cue and is said', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n- Bas: Ja, zeker.\n- Interviewer: Echt?\n\n00:00:04.000 --> 00:00:05.000\n- Ja.\n- Echt.\n\n00:00:06.000 --> 00:00:07.000\n- Kees: Nou.\n- Joop: Tja.\n';
    const { cues, ws } = warnings(vtt);
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      [null, '- Bas: Ja, zeker.'],
      ['Interviewer', 'Echt?'],
      [null, '- Ja. - Echt.'],
      [null, '- Kees: Nou. - Joop: Tja.'],
    ]);
    const w = ws.filter((x) => x.ruleId === 'subtitle-two-speakers');
    // (the cue of dash lines without names was not said)
    expect(w.map((x) => [x.line, x.message])).toEqual([
      [7, '1 cue holds the dialogue lines of two speakers or more without their names (the first: "- Ja. - Echt."): it is read as one turn without a speaker, their words together'],
      [11, 'this cue holds the lines of 2 speakers ("- Kees:", "- Joop:"): it is read as one turn without a speaker, their words together'],
    ]);
  });

  it('dash lines without names in a file whose speakers are voices (no cue split at labels): said too (huntdoc, session 23: was not)', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>Hoe was de markt?\n\n00:00:04.000 --> 00:00:06.000\n- Druk.\n- Te druk!\n\n00:00:07.000 --> 00:00:08.000\n<v Bas>Maar gezellig.\n';
    const { cues, ws } = warnings(vtt);
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Interviewer', 'Hoe was de markt?'],
      [null, '- Druk. - Te druk!'],
      ['Bas', 'Maar gezellig.'],
    ]);
    expect(ws.filter((x) => x.ruleId === 'subtitle-two-speakers').map((x) => x.line)).toEqual([6]);
  });

  it('dash lines without names in a file without speakers: nothing said of them (every turn is without a speaker)', () => {
    const { ws } = warnings('1\n00:00:01,000 --> 00:00:03,000\n- Hoe gaat het?\n- Goed.\n\n2\n00:00:04,000 --> 00:00:05,000\nMooi zo.\n');
    expect(ws.filter((x) => x.ruleId === 'subtitle-two-speakers')).toEqual([]);
  });
});

describe('a cue with one dash line `- Name: text` is that speaker’s', () => {
  it('VTT: `- Anna: …` is read as Anna, as her `Anna: …` cue is (the dash and label are not text)', async () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:04.000',
      'Interviewer: Hoe gaat de samenwerking met het wijkteam?',
      '',
      '00:00:04.500 --> 00:00:08.000',
      '- Anna: Goed, we bellen elke week.',
      '',
      '00:00:08.500 --> 00:00:10.000',
      'Interviewer: En met de gemeente?',
      '',
      '00:00:10.500 --> 00:00:13.000',
      'Anna: Dat is lastiger.',
      '',
    ].join('\n');
    const { corpus, diags } = await read('dash-one.vtt', vtt);
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Hoe gaat de samenwerking met het wijkteam?'],
      ['Anna', 'Goed, we bellen elke week.'],
      ['Interviewer', 'En met de gemeente?'],
      ['Anna', 'Dat is lastiger.'],
    ]);
    expect(diags.filter((d) => d.ruleId === 'unread-speaker-label')).toEqual([]);
    expect(readFileSync(join(dir, 'dash-one.vtt'), 'utf8')).toBe(vtt);
  });

  it('SRT: every cue one dash line (its text going on over a second line): each cue its speaker', async () => {
    const srt = '1\n00:00:01,000 --> 00:00:04,000\n- Interviewer: How do the teams work together?\n\n2\n00:00:04,500 --> 00:00:08,000\n- Anna: We call each other every week.\n\n3\n00:00:08,500 --> 00:00:10,000\n- Bram: Mostly on Mondays,\nwhen the schedule is made.\n';
    const { corpus, diags } = await read('dash-each.srt', srt);
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'How do the teams work together?'],
      ['Anna', 'We call each other every week.'],
      ['Bram', 'Mostly on Mondays, when the schedule is made.'],
    ]);
    expect(diags.filter((d) => d.ruleId === 'no-speaker-labels')).toEqual([]);
  });

  it('a cue of two dash lines, one without a name, is not given to the named one', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nAnna: Klopt dat?\n\n00:00:04.000 --> 00:00:05.000\n- Anna: Ja.\n- Nee.\n\n00:00:06.000 --> 00:00:07.000\nAnna: Goed.\n';
    const cues = parseSubtitles(vtt);
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Anna', 'Klopt dat?'],
      [null, '- Anna: Ja. - Nee.'],
      ['Anna', 'Goed.'],
    ]);
  });
});
