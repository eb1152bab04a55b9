/**
 * A codings document with two sources or two segments under one id is refused when it is read
 * (exit 2, the file, both places, the id and the fix), by every command that reads a codings
 * document, in every form (schema 1, schema 2 whole or piece by piece, JSON Lines); the file is
 * left byte-identical. Before: the reader took it, and the analyses either stopped later without
 * the place (two different sources) or silently merged them (two identical sources, two segments:
 * the second segment was dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodingsJsonFile } from '../../src/ingest/read-codings-document.js';
import { fromParsedJson, readCodings } from '../../src/ingest/read-codings.js';
import { QdaInputError } from '../../src/model/errors.js';

let dir: string;
let v2: Record<string, unknown> & { sources: Array<Record<string, unknown> & { segments: unknown[] }> };
let jsonl: string;

async function qda(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-dup-ids-'));
  // invented fixtures
  writeFileSync(join(dir, 'r1.txt'), 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week met de buurtagent. {{samenwerking}}\nInterviewer: En verder?\nAnna: Ik stuur berichten door. {{informeren}}\n');
  writeFileSync(join(dir, 'r2.txt'), 'Interviewer: Hoe werkt u samen?\nBert: We bellen af en toe met de school. {{samenwerking}}\n');
  writeFileSync(join(dir, 'scores.csv'), 'respondent,groep,Q1,Q2\nr1,a,3,2\nr2,b,4,1\n');
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nid: respondent\nscale: 0..4\nitems:\n  Q1: Steun\n  Q2: Tijd\ndimensions:\n  steun: {label: Steun, items: [Q1, Q2], code: collaboration}\n');
  expect((await qda(['code', 'r1.txt', 'r2.txt', '-c', 'coordination-collaboration', '-o', 'good.json'])).code).toBe(0);
  expect((await qda(['code', 'r1.txt', 'r2.txt', '-c', 'coordination-collaboration', '--format', 'jsonl', '-o', 'good.jsonl'])).code).toBe(0);
  v2 = JSON.parse(readFileSync(join(dir, 'good.json'), 'utf8'));
  jsonl = readFileSync(join(dir, 'good.jsonl'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixtures: name → content, and what the message must say. */
function fixtures(): Array<{ name: string; text: string; rule: string; place: string; says: string }> {
  const twoSources = structuredClone(v2);
  twoSources.sources[1].id = 'r1';
  for (const c of (twoSources.sources[1].codings as Array<Record<string, unknown>> | undefined) ?? []) if (c.source) c.source = 'r1';
  const sameSource = structuredClone(v2);
  sameSource.sources.push(structuredClone(sameSource.sources[0]));
  const twoSegments = structuredClone(v2);
  twoSegments.sources[0].segments.push({ id: 'r1#1', sourceId: 'r1', start: 0, end: 11 });
  const v1 = {
    codes: [{ id: 'a' }],
    sources: [{ id: 's1', path: 's1.txt', case: 's1', text: 'Anna: ja.\nAnna: nee.' }],
    segments: [
      { id: 's1#0', sourceId: 's1', index: 0, start: 0, end: 9, text: 'Anna: ja.' },
      { id: 's1#0', sourceId: 's1', index: 1, start: 10, end: 20, text: 'Anna: nee.' },
    ],
    codings: [
      { id: 'c1', sourceId: 's1', segmentId: 's1#0', code: 'a', coder: 'human', start: 0, end: 9 },
      { id: 'c2', sourceId: 's1', segmentId: 's1#0', code: 'a', coder: 'human', start: 10, end: 20 },
    ],
  };
  const lines = jsonl.split('\n');
  const r2 = lines.findIndex((l) => l.startsWith('{"source":{"id":"r2"'));
  lines[r2] = lines[r2].replace('{"source":{"id":"r2"', '{"source":{"id":"r1"');
  const jsonlTwo = lines.map((l) => (l.startsWith('{"source":"r2"') ? l.replace('{"source":"r2"', '{"source":"r1"') : l)).join('\n');
  return [
    { name: 'two-sources.json', text: JSON.stringify(twoSources, null, 1), rule: 'duplicate-source-id', place: 'two-sources.json (/sources/1)', says: 'two sources with the id "r1": /sources/0 (r1.txt) and /sources/1 (r2.txt)' },
    { name: 'same-source.json', text: JSON.stringify(sameSource), rule: 'duplicate-source-id', place: 'same-source.json (/sources/2)', says: 'two sources with the id "r1": /sources/0 (r1.txt) and /sources/2 (r1.txt)' },
    { name: 'two-segments.json', text: JSON.stringify(twoSegments), rule: 'duplicate-segment-id', place: 'two-segments.json (/sources/0/segments/4)', says: 'two segments with the id "r1#1": /sources/0/segments/1 and /sources/0/segments/4' },
    { name: 'v1-segments.json', text: JSON.stringify(v1), rule: 'duplicate-segment-id', place: 'v1-segments.json (/segments/1)', says: 'two segments with the id "s1#0": /segments/0 and /segments/1' },
    { name: 'two-sources.jsonl', text: jsonlTwo, rule: 'duplicate-source-id', place: `two-sources.jsonl:${r2 + 1}`, says: `two sources with the id "r1": line 2 (r1.txt) and line ${r2 + 1} (r2.txt)` },
  ];
}

/** Every command that reads a codings document, with FILE where the document goes. */
const COMMANDS: string[][] = [
  ['matrix', 'FILE'],
  ['compare', 'FILE', '--by', 'case'],
  ['contrast', 'FILE'],
  ['agree', 'FILE'],
  ['saturation', 'FILE'],
  ['appendix', 'FILE'],
  ['report', 'FILE', '-o', 'rep.html'],
  ['run', 'FILE', '-o', 'runout'],
  ['refi', 'export', 'FILE', '-o', 'x.qdpx'],
  ['survey', 'scores.csv', '--spec', 'spec.yaml', '--codings', 'FILE'],
  ['anonymize', 'r1.txt', 'r2.txt', '--codings', 'FILE', '-o', 'anon'],
  ['code', 'r1.txt', '-c', 'coordination-collaboration', '--codings', 'FILE', '-o', 'merged.json'],
  ['code', 'r1.txt', '-c', 'coordination-collaboration', '--learn-from', 'FILE', '-o', 'learned.json'],
  ['review', 'r1.txt', '-c', 'coordination-collaboration', '--learn-from', 'FILE', '--accept-above', '0.99', '--export-decisions', 'dec.csv'],
  ['review', 'r1.txt', '-c', 'coordination-collaboration', '--simulate', 'FILE'],
  ['codebook', 'validate', 'coordination-collaboration', '--lint', '--gold', 'FILE'],
];

describe('two sources or two segments under one id: refused when read', () => {
  it('the library reader names the file, both places, the id and the fix (each form)', async () => {
    for (const f of fixtures()) {
      writeFileSync(join(dir, f.name), f.text);
      const e = await readCodings(f.name, { cwd: dir }).catch((x: unknown) => x);
      expect(e, f.name).toBeInstanceOf(QdaInputError);
      const msg = (e as Error).message;
      expect(msg, f.name).toContain(`${f.place}: error: the codings document has ${f.says}`);
      expect(msg, f.name).toContain(`[ingest:${f.rule}]`);
      expect(msg, f.name).toMatch(/hint: give one of them its own "id"/);
      expect(readFileSync(join(dir, f.name), 'utf8')).toBe(f.text);
    }
  });

  it('the piece-by-piece reader of large documents refuses them too (schema 1 and 2)', async () => {
    for (const f of fixtures().filter((x) => x.name.endsWith('.json'))) {
      writeFileSync(join(dir, f.name), f.text);
      const e = await readCodingsJsonFile(join(dir, f.name), f.name, {}, (d) => fromParsedJson(d, f.name)).catch((x: unknown) => x);
      expect((e as Error).message, f.name).toContain(`${f.place}: error: the codings document has ${f.says}`);
    }
  });

  it('the document qda code writes (with distinct ids) is still read', async () => {
    for (const f of ['good.json', 'good.jsonl']) {
      const d = await readCodings(f, { cwd: dir });
      expect(d.sources.map((s) => s.id)).toEqual(['r1', 'r2']);
    }
  });

  it('every command that reads a codings document stops with exit 2 and leaves the file byte-identical', async () => {
    const fx = fixtures();
    for (const cmd of COMMANDS) {
      for (const f of [fx[0], fx[2], fx[4]]) {
        writeFileSync(join(dir, f.name), f.text);
        const before = readFileSync(join(dir, f.name));
        const r = await qda(cmd.map((a) => (a === 'FILE' ? f.name : a)));
        const what = `qda ${cmd.join(' ')} on ${f.name}`;
        expect(r.code, `${what}\n${r.err}`).toBe(2);
        expect(r.err, what).toContain(`[ingest:${f.rule}]`);
        expect(r.err, what).toContain(f.says);
        expect(readFileSync(join(dir, f.name)).equals(before), what).toBe(true);
      }
    }
  }, 120_000);
});

describe('a coding that names a segment its source does not have (schema 1)', () => {
  it('is refused with its JSON path (before: a coding on the interviewer\'s turn was counted as a respondent\'s)', async () => {
    const doc = {
      codes: [{ id: 'a' }],
      sources: [{ id: 's1', path: 's1.txt', case: 's1', text: 'I: vraag?\nAnna: ja.' }],
      segments: [
        { id: 's1#0', sourceId: 's1', index: 0, start: 0, end: 9, text: 'I: vraag?', role: 'interviewer', speaker: 'I' },
        { id: 's1#1', sourceId: 's1', index: 1, start: 10, end: 19, text: 'Anna: ja.', role: 'respondent', speaker: 'Anna' },
      ],
      codings: [{ id: 'c1', sourceId: 's1', segmentId: 's1#7', code: 'a', coder: 'human', start: 0, end: 9 }],
    };
    const text = JSON.stringify(doc);
    writeFileSync(join(dir, 'dangling.json'), text);
    const r = await qda(['matrix', 'dangling.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('dangling.json (/codings/0/segmentId): error: the codings document is damaged: the coding names segment "s1#7", which source "s1" does not have');
    expect(readFileSync(join(dir, 'dangling.json'), 'utf8')).toBe(text);
  });
});
