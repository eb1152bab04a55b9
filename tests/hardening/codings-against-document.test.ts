/**
 * A codings document edited by hand (or pasted together from two) whose codings do not fit its
 * own sources and segments: a coding of one source on another source's segment, a coding of a
 * source the document does not hold, a segment id the source does not have, offsets outside the
 * segment named. Each used to be counted somewhere the document does not say, without a word;
 * now the first is refused (exit 2) and the others are said, with the count and the first place.
 * The document is left byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
let base: Record<string, unknown>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-codings-vs-doc-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'r1.txt'), 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar en werken samen.\n');
  writeFileSync(join(dir, 'src', 'r2.txt'), 'Interviewer: En jij?\nBob: Ik vertrouw de partners niet.\n');
  const io = memoryIo(dir);
  expect(await main(['code', 'src', '-c', 'kaats-opheij', '-o', 'base.json'], io)).toBe(0);
  base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as Record<string, unknown>;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Src = { id: string; segments: Array<[number, number, number]>; codings: Array<Record<string, unknown>> };

/** The base document changed by `edit`, written as `name`; `qda matrix` on it; the file must be byte-identical after. */
async function matrixOn(name: string, edit: (d: { sources: Src[]; otherCodings: Array<Record<string, unknown>> }) => void) {
  const d = structuredClone(base) as unknown as { sources: Src[]; otherCodings: Array<Record<string, unknown>> };
  edit(d);
  const text = JSON.stringify(d, null, 1);
  writeFileSync(join(dir, name), text);
  const io = memoryIo(dir);
  const code = await main(['matrix', name, '--cols', 'source', '--format', 'csv'], io);
  expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  return { code, out: io.out(), err: io.err() };
}

describe('codings that do not fit the document', () => {
  it('the document as qda code wrote it: none of these warnings', async () => {
    const r = await matrixOn('plain.json', () => {});
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/coding-(in-other-source|source-not-in-document|segment-not-in-document|outside-segment)/);
  });

  it('a coding of source r2 on a segment of r1: refused with both sources and the place (exit 2)', async () => {
    const r = await matrixOn('other-source.json', (d) => d.sources[0].codings.push({ source: 'r2', segment: 1, code: 'relatie-vertrouwen', coder: 'anna' }));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('other-source.json (/sources/0): error: a coding of source "r2" (code "relatie-vertrouwen" by anna, at /sources/0) names the segment "r1#1", which is a segment of source "r1"');
    expect(r.err).toContain('[ingest:coding-in-other-source]');
    expect(r.err).toContain('hint: give the coding the source of its segment ("r1")');
  });

  it('codings of a source the document does not hold: counted as a source of its own, and said with the count and the first place', async () => {
    const r = await matrixOn('no-source.json', (d) => {
      d.otherCodings.push({ source: 'r3', code: 'relatie-vertrouwen', coder: 'anna', start: 0, end: 5 });
      d.otherCodings.push({ source: 'r3', code: 'relatie-vertrouwen', coder: 'anna', start: 6, end: 9 });
    });
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/,r3,/);
    expect(r.err).toContain('no-source.json (/otherCodings/0): warning: 2 coding(s) name 1 source(s) that are not among the document\'s 2 sources: "r3" (2 codings, first at /otherCodings/0); they have no text, case or attributes (the analyses count each as a source of its own)');
    expect(r.err).toContain('[ingest:coding-source-not-in-document]');
  });

  it('refi export of codings of a source the document does not hold: one warning with the count per source (it was one line per coding, with no count)', async () => {
    const d = structuredClone(base) as unknown as { otherCodings: Array<Record<string, unknown>> };
    for (let i = 0; i < 3; i++) d.otherCodings.push({ source: 'r3', code: 'relatie-vertrouwen', coder: 'anna', start: i, end: i + 5 });
    const text = JSON.stringify(d);
    writeFileSync(join(dir, 'refi-loose.json'), text);
    const io = memoryIo(dir);
    expect(await main(['refi', 'export', 'refi-loose.json', '-o', 'loose.qdpx'], io)).toBe(0);
    expect(io.err().match(/\[export:unknown-source\]/g)).toHaveLength(1);
    expect(io.err()).toMatch(/warning: 3 coding\(s\) refer to 1 source\(s\) that the codings document does not contain, and are not in the project \(a REFI-QDA coding needs its source's text\): "r3" \(3 codings, the first [^)]+\) \[export:unknown-source\]/);
    expect(io.err()).toContain('refi-loose.json (/otherCodings/0): warning: 3 coding(s) name 1 source(s)');
    expect(readFileSync(join(dir, 'refi-loose.json'), 'utf8')).toBe(text);
  });

  it('a segment id its source does not have: said, with the first', async () => {
    const r = await matrixOn('no-segment.json', (d) => d.otherCodings.push({ source: 'r1', segment: 'r1#9', code: 'relatie-vertrouwen', coder: 'anna', start: 33, end: 40 }));
    expect(r.code).toBe(0);
    expect(r.err).toContain('no-segment.json (/otherCodings/0): warning: 1 coding(s) name a segment that their source does not have (the first: "r1#9" of source "r1", code "relatie-vertrouwen" by anna, at /otherCodings/0)');
    expect(r.err).toContain('[ingest:coding-segment-not-in-document]');
  });

  it('offsets wholly outside the segment named: said, with both spans', async () => {
    const r = await matrixOn('outside.json', (d) => d.sources[0].codings.push({ segment: 1, start: 13, end: 20, code: 'relatie-vertrouwen', coder: 'anna' }));
    expect(r.code).toBe(0);
    expect(r.err).toContain('outside.json (/sources/0): warning: 1 coding(s) lie wholly outside the segment they name (the first: code "relatie-vertrouwen" by anna at 13–20 in source "r1", at /sources/0, but its segment "r1#1" is 33–70)');
    expect(r.err).toContain('[ingest:coding-outside-segment]');
  });

  it('matched words at places outside the source\'s text: said with the count and the first (the codings are counted; the words were shown nowhere without a word)', async () => {
    const r = await matrixOn('matches-outside.json', (d) => {
      const c = d.sources[0].codings.find((x) => Array.isArray(x.matches))!;
      c.matches = [[500, 'vertrouwen']];
    });
    expect(r.code).toBe(0);
    expect(r.err).toContain('matches-outside.json (/sources/0): warning: 1 coding(s) give matched words at places outside their source\'s text (the first: "vertrouwen" at 500–510 for code "relatie-vertrouwen" by rules in source "r1", whose text has 71 characters, at /sources/0)');
    expect(r.err).toContain('[ingest:coding-match-outside-text]');
    // as written: not said
    expect((await matrixOn('matches-ok.json', () => {})).err).not.toContain('coding-match-outside-text');
  });

  it('a key of a coding record that is not read ("Memo"): said with the count, the first place and the key it is like (it was left out without a word)', async () => {
    const r = await matrixOn('unread-key.json', (d) => {
      d.sources[0].codings.push({ segment: 1, code: 'relatie-vertrouwen', coder: 'anna', Memo: 'typed by hand' });
      d.sources[1].codings.push({ segment: 1, code: 'relatie-vertrouwen', coder: 'anna', Memo: 'again', more: { mine: 1 } });
    });
    expect(r.code).toBe(0);
    expect(r.err).toContain('unread-key.json (/sources/0/codings/1): warning: 1 key(s) of coding records are not read, and are not kept when the document is written again: "Memo" (2 codings, first at /sources/0/codings/1) [ingest:coding-key-not-read]');
    expect(r.err).toContain('did you mean: memo');
    // "more" (own fields, kept) is read: not named
    expect(r.err).not.toMatch(/"more" \(\d+ coding/);
  });

  it('segments (otherSegments) of a source the document does not hold: said with the count per source, the first place and what became of them', async () => {
    const seg = (sourceId: string, index: number) => ({ id: `${sourceId}#${index}`, sourceId, index, unit: 'turn', speaker: 'Cas', role: 'respondent', start: index * 10, end: index * 10 + 9, text: 'Wij werken' });
    const r = await matrixOn('stray-segments.json', (d) => {
      const x = d as unknown as { otherSegments: unknown[] };
      x.otherSegments.push(seg('r9', 0), seg('r9', 1), seg('r4', 0));
      d.otherCodings.push({ source: 'r4', segment: 'r4#0', code: 'relatie-vertrouwen', coder: 'anna', start: 0, end: 9 });
    });
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'stray-segments.json (/otherSegments/0): warning: 3 segment(s) name 2 source(s) that are not among the document\'s 2 sources: "r9" (2 segments, first "r9#0" at /otherSegments/0; no codings), "r4" (1 segment, first "r4#0" at /otherSegments/2; 1 coding(s)); 2 segment(s) of a source no coding names are left out of every analysis; 1 segment(s) of a source with codings are counted under a source of its own (no text, case or attributes) [ingest:segment-source-not-in-document]',
    );
    expect(r.err).toContain('hint: if a source was renamed, give its segments the new id ("sourceId"); if the source is missing, add it (code it again with qda code); segments that belong to no source can be deleted');
    // (the plain document says nothing of the kind)
    expect((await matrixOn('plain2.json', () => {})).err).not.toContain('segment-source-not-in-document');
  });

  it('segments (otherSegments) that overlap a segment of the same source (a hand-joined document): said with the count, the first pairs and the codings on them', async () => {
    const r = await matrixOn('joined.json', (d) => {
      const x = d as unknown as { otherSegments: unknown[] };
      const [r1] = d.sources;
      const [s, e] = r1.segments[1];
      // r1's second turn again under another id, and a part of it
      x.otherSegments.push(
        { id: 'r1#1-joined', sourceId: 'r1', index: 1, unit: 'turn', speaker: 'Anna', role: 'respondent', start: s, end: e, text: 'x' },
        { id: 'r1#1-part', sourceId: 'r1', index: 2, unit: 'turn', speaker: 'Anna', role: 'respondent', start: s + 3, end: s + 10, text: 'x' },
      );
      d.otherCodings.push({ source: 'r1', segment: 'r1#1-joined', code: 'relatie-vertrouwen', coder: 'anna', start: s, end: e });
    });
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'joined.json (/otherSegments/0): warning: 2 segment(s) of 1 source(s) overlap another segment of the same source, so the same text is counted as two units (qda agree, segment counts): "r1#1-joined" (/otherSegments/0) at 33–70 overlaps "r1#1" at 33–70; "r1#1-part" (/otherSegments/1) at 36–43 overlaps "r1#1" at 33–70; 1 coding(s) are on the overlapping segments [ingest:segments-overlap]\n' +
        '  hint: a document joined by hand: delete the repeated segments and let their codings name the source\'s own segments (their "segment" id), or code the sources again with qda code',
    );
    // (the plain document, and segments that only touch, say nothing of the kind)
    expect((await matrixOn('plain3.json', () => {})).err).not.toContain('segments-overlap');
    const t = await matrixOn('touching.json', (d) => {
      const x = d as unknown as { otherSegments: unknown[] };
      const [s, e] = d.sources[0].segments[1];
      x.otherSegments.push({ id: 'r1#after', sourceId: 'r1', index: 2, unit: 'turn', speaker: 'Anna', role: 'respondent', start: e, end: e + 1, text: 'x' }, { id: 'r1#empty', sourceId: 'r1', index: 3, unit: 'turn', speaker: 'Anna', role: 'respondent', start: s + 1, end: s + 1, text: '' });
    });
    expect(t.err).not.toContain('segments-overlap');
  });

  it('a JSON Lines segment line of a source the file does not hold: said with its line', async () => {
    const io = memoryIo(dir);
    expect(await main(['code', 'src', '-c', 'kaats-opheij', '--format', 'jsonl', '-o', 'seg.jsonl'], io)).toBe(0);
    const lines = readFileSync(join(dir, 'seg.jsonl'), 'utf8').split('\n');
    const end = lines.findIndex((l) => l.startsWith('{"end":'));
    lines.splice(end, 0, JSON.stringify({ segment: { id: 'r7#0', sourceId: 'r7', index: 0, unit: 'turn', speaker: null, role: 'respondent', start: 0, end: 4, text: 'Goed' } }));
    const text = lines.join('\n');
    writeFileSync(join(dir, 'seg-edited.jsonl'), text);
    const io2 = memoryIo(dir);
    expect(await main(['saturation', 'seg-edited.jsonl'], io2)).toBe(0);
    expect(io2.err()).toContain(`seg-edited.jsonl:${end + 1}: warning: 1 segment(s) name 1 source(s) that are not among the document's 2 sources: "r7" (1 segment, first "r7#0" at line ${end + 1}; no codings); 1 segment(s) of a source no coding names are left out of every analysis [ingest:segment-source-not-in-document]`);
    expect(readFileSync(join(dir, 'seg-edited.jsonl'), 'utf8')).toBe(text);
  });

  it('the same checks read a JSON Lines document: a coding line of r2 on r1\'s segment is refused with its line', async () => {
    const io = memoryIo(dir);
    expect(await main(['code', 'src', '-c', 'kaats-opheij', '--format', 'jsonl', '-o', 'base.jsonl'], io)).toBe(0);
    const lines = readFileSync(join(dir, 'base.jsonl'), 'utf8').split('\n');
    // the first coding line (of r1) said to be of r2, with r1's segment id
    const at = lines.findIndex((l) => l.startsWith('{"source":"r1",'));
    expect(at).toBeGreaterThan(0);
    const c = JSON.parse(lines[at]) as Record<string, unknown>;
    lines[at] = JSON.stringify({ ...c, source: 'r2', segment: 'r1#1', start: 33, end: 40 });
    const text = lines.join('\n');
    writeFileSync(join(dir, 'edited.jsonl'), text);
    const io2 = memoryIo(dir);
    expect(await main(['saturation', 'edited.jsonl'], io2)).toBe(2);
    expect(io2.err()).toContain(`edited.jsonl:${at + 1}: error: a coding of source "r2"`);
    expect(io2.err()).toContain('names the segment "r1#1", which is a segment of source "r1"');
    // a JSON Lines coding line with a key that is not read: its line
    const lines2 = readFileSync(join(dir, 'base.jsonl'), 'utf8').split('\n');
    lines2[at] = JSON.stringify({ ...c, note: 'mine' });
    writeFileSync(join(dir, 'note.jsonl'), lines2.join('\n'));
    const io3 = memoryIo(dir);
    expect(await main(['matrix', 'note.jsonl'], io3)).toBe(0);
    expect(io3.err()).toContain(`note.jsonl:${at + 1}: warning: 1 key(s) of coding records are not read, and are not kept when the document is written again: "note" (1 coding, first at line ${at + 1})`);
    expect(readFileSync(join(dir, 'edited.jsonl'), 'utf8')).toBe(text);
  });
});

describe('one respondent whose sources carry two groups', () => {
  it('compare and matrix --measure respondents name the respondent counted in the N of both groups (it was in both Ns without a word)', async () => {
    const d = join(dir, 'two-groups');
    mkdirSync(join(d, 'src'), { recursive: true });
    writeFileSync(join(d, 'src', 'r1.txt'), 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar en werken samen.\n');
    writeFileSync(join(d, 'src', 'r2.txt'), 'Interviewer: En jij?\nAnna: Het weer is mooi vandaag.\n');
    writeFileSync(join(d, 'src', 'r3.txt'), 'Interviewer: En jij?\nBob: Ik vertrouw de partners.\n');
    const cases = 'source,case,team\nr1,C1,A\nr2,C1,B\nr3,C3,B\n';
    writeFileSync(join(d, 'cases.csv'), cases);
    expect(await main(['code', 'src', '-c', 'kaats-opheij', '--cases', 'cases.csv', '-o', 'c.json'], memoryIo(d))).toBe(0);
    const doc = readFileSync(join(d, 'c.json'), 'utf8');
    const note = '1 respondent(s) have sources with different values of "team" and are counted in the N of each of those groups (once in a total): C1: A (r1), B (r2).';
    const io = memoryIo(d);
    expect(await main(['compare', 'c.json', '--by', 'team', '--lang', 'en'], io)).toBe(0);
    expect(io.out()).toContain('A (N=1 respondents), B (N=2 respondents)');
    expect(io.out()).toContain(note);
    const io2 = memoryIo(d);
    expect(await main(['matrix', 'c.json', '--cols', 'team', '--measure', 'respondents', '--lang', 'en'], io2)).toBe(0);
    expect(io2.out()).toContain(note);
    // one case per team: no such note
    writeFileSync(join(d, 'cases2.csv'), 'source,case,team\nr1,C1,A\nr2,C2,B\nr3,C3,B\n');
    expect(await main(['code', 'src', '-c', 'kaats-opheij', '--cases', 'cases2.csv', '-o', 'c2.json'], memoryIo(d))).toBe(0);
    const io3 = memoryIo(d);
    expect(await main(['compare', 'c2.json', '--by', 'team', '--lang', 'en'], io3)).toBe(0);
    expect(io3.out()).not.toContain('have sources with different values');
    expect(readFileSync(join(d, 'c.json'), 'utf8')).toBe(doc);
    expect(readFileSync(join(d, 'cases.csv'), 'utf8')).toBe(cases);
  });
});
