/**
 * A coding without "coder" in a codings document (schema version 2) is the rules' coding only
 * when it names its rule (the compact form leaves the coder out for those): one added by hand
 * without coder and rule was counted as the rules', unseen. Now it is counted as coder "human"
 * and said (file, place, count); documents as written still read as before, and a rules coding
 * without a rule is written with its coder.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';
import type { Diagnostic } from '../../src/model/errors.js';

const TEXT = 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team. {{deliberating}}\nInterviewer: En verder?\nAnna: We vertrouwen elkaar.\n';

async function coded(dir: string, out: string) {
  writeFileSync(join(dir, 'r1.txt'), TEXT);
  expect(await main(['code', 'r1.txt', '-c', 'coordination-collaboration', '-o', out], memoryIo(dir))).toBe(0);
}

describe('a coding without coder in a codings document', () => {
  it('without a rule: counted as coder "human" and said with the count and places; with a rule: the rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-nocoder-'));
    await coded(dir, 'c.json');
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    const record = doc.sources[0];
    const before = record.codings.map((c: { coder?: string }) => c.coder ?? 'rules');
    expect(before).toContain('rules');
    // two codings added by hand without coder (and no rule), on the respondent's turns
    record.codings.push({ segment: 3, code: 'trust' }, { segment: 1, code: 'trust', memo: 'hand' });
    const n = record.codings.length;
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(join(dir, 'edited.json'), text);
    const seen: Diagnostic[] = [];
    const back = await readCodings(join(dir, 'edited.json'), { report: (d) => seen.push(d) });
    expect(back.codings.map((c) => c.coder)).toEqual([...before, 'human', 'human']);
    const w = seen.filter((d) => d.ruleId === 'coder-left-out');
    expect(w).toHaveLength(1);
    expect(w[0].file).toContain('edited.json');
    expect(w[0].message).toBe(
      `2 coding(s) have no "coder" and no rule: /sources/0/codings/${n - 2} (code "trust" in source "r1", segment "r1#3"), /sources/0/codings/${n - 1} (code "trust" in source "r1", segment "r1#1"); a coding without "coder" is the rules' only when it names its rule, so they are counted as coder "human", together with the codings that say "human"`,
    );
    expect(readFileSync(join(dir, 'edited.json'), 'utf8')).toBe(text);
    // the document as written: read as before, nothing said
    const plain: Diagnostic[] = [];
    const asWritten = await readCodings(join(dir, 'c.json'), { report: (d) => plain.push(d) });
    expect(asWritten.codings.map((c) => c.coder)).toEqual(before);
    expect(plain.filter((d) => d.ruleId === 'coder-left-out')).toEqual([]);
  });
  it('JSON Lines: the place is the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-nocoder-jsonl-'));
    await coded(dir, 'c.jsonl');
    const lines = readFileSync(join(dir, 'c.jsonl'), 'utf8').split('\n');
    const end = lines.findIndex((l) => l.includes('"end"') && l.includes('"codings"') && !l.includes('"code"'));
    expect(end).toBeGreaterThan(0);
    const e = JSON.parse(lines[end]);
    const key = Object.keys(e)[0];
    e[key].codings += 1;
    lines.splice(end, 1, JSON.stringify({ source: 'r1', segment: 3, code: 'trust' }), JSON.stringify(e));
    writeFileSync(join(dir, 'e.jsonl'), lines.join('\n'));
    const seen: Diagnostic[] = [];
    const back = await readCodings(join(dir, 'e.jsonl'), { report: (d) => seen.push(d) });
    expect(back.codings.filter((c) => c.code === 'trust').map((c) => c.coder)).toEqual(['human']);
    expect(seen.find((d) => d.ruleId === 'coder-left-out')?.message).toMatch(new RegExp(`^1 coding\\(s\\) have no "coder" and no rule: line ${end + 1} \\(code "trust" in source "r1", segment "r1#3"\\)`));
  });
  it('a rules coding without a rule is written with its coder, and read back as the rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-nocoder-write-'));
    await coded(dir, 'c.json');
    const doc = await readCodings(join(dir, 'c.json'));
    const r = doc.codings.find((c) => c.coder === 'rules')!;
    const bare = { ...doc, codings: doc.codings.map((c) => (c === r ? { id: c.id, sourceId: c.sourceId, segmentId: c.segmentId, code: c.code, coder: 'rules', start: c.start, end: c.end } : c)) };
    const text = codingsDocumentText(bare);
    expect(text).toContain(`"code":${JSON.stringify(r.code)},"coder":"rules"`);
    writeFileSync(join(dir, 'bare.json'), text);
    const seen: Diagnostic[] = [];
    const back = await readCodings(join(dir, 'bare.json'), { report: (d) => seen.push(d) });
    expect(back.codings.map((c) => c.coder)).toEqual(doc.codings.map((c) => c.coder));
    expect(seen.filter((d) => d.ruleId === 'coder-left-out')).toEqual([]);
  });
});
