/**
 * qda agree on a codings document (texts and segments) and a codings table (no texts) whose segment
 * column names segments the source's text does not have (a mistyped id, a quote copied from another
 * program's export): each such coding was a unit of its own, where every other coder counted as
 * finding nothing, without a word. Now said with the count, the ids and how to write them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-agree-seg-'));
  writeFileSync(
    join(dir, 'wijkcoach-01.txt'),
    'Interviewer: Met wie werkt u samen?\n\nRespondent: [[We hebben elke week overleg met het wijkteam]]{{samenwerking}}.\n\nInterviewer: En daarna?\n\nRespondent: Daarna bel ik de jongerenwerker.\n',
  );
  const r = await qda(dir, ['code', 'wijkcoach-01.txt', '-c', 'coordination-collaboration', '-o', 'codings.json'], ['codings.json']);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda agree: a table naming segments the text does not have', () => {
  it('said with the count and the ids (a mistyped id and a quote in the segment column)', async () => {
    writeFileSync(join(dir, 'bram.csv'), 'source,code,segment,coder\nwijkcoach-01,collaboration,wijkcoach-01#99,bram\nwijkcoach-01,collaboration,We hebben elke week overleg,bram\n');
    const r = await qda(dir, ['agree', 'codings.json', 'bram.csv', '--coders', 'human,bram'], []);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(
      /bram\.csv: warning: 2 coding\(s\) of bram in 1 source\(s\) name a segment that the source's text in codings\.json does not have: "wijkcoach-01#99", "wijkcoach-01#We hebben elke week overleg" \(in "wijkcoach-01", whose 4 segments are "wijkcoach-01#0" and on\); each is a unit of its own, which the other coders count as not coded \(a disagreement\) \[analysis:segment-not-in-text\]/,
    );
    expect(r.err).toContain('hint: write the segment ids as the codings document has them');
  });

  it('segment ids of the document (the interviewer turn too): nothing said', async () => {
    writeFileSync(join(dir, 'bram2.csv'), 'source,code,segment,coder\nwijkcoach-01,collaboration,wijkcoach-01#1,bram\nwijkcoach-01,collaboration,wijkcoach-01#0,bram\n');
    const r = await qda(dir, ['agree', 'codings.json', 'bram2.csv', '--coders', 'human,bram'], []);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('segment-not-in-text');
  });
});
