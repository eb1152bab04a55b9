import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');
const project = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-review-cli-'));
  for (const f of ['codebook.yaml', 'gesprek-a.txt', 'gesprek-b.txt']) copyFileSync(join(fixtures, f), join(dir, f));
  return dir;
};

describe('qda review without a terminal', () => {
  it('exits 2 with a hint when there is no TTY and no --accept-above/--export-decisions', async () => {
    const io = memoryIo(project());
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml'], io)).toBe(2);
    expect(io.err()).toMatch(/needs an interactive terminal.*\n.*--accept-above/);
  });
  it('--accept-above accepts high scores only, remembers them, and --export-decisions writes the CSV', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek-a.txt', 'gesprek-b.txt', '-c', 'codebook.yaml', '--accept-above', '0.9', '--export-decisions', 'd.csv'], io)).toBe(0);
    const csv = readFileSync(join(dir, 'd.csv'), 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toBe('source,segment,start,end,code,coder,decision,original_code,rule,score,memo');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).concat(l.split(',').slice(4, 7)).join(' '))).toEqual(['gesprek-a gesprek-a#3 afspraken human accept', 'gesprek-b gesprek-b#1 afspraken human accept']);
    expect(io.out()).toContain('afspraken');
    // a second run accepts nothing new (resume)
    const io2 = memoryIo(dir, { QDA_CODER: 'anna' });
    expect(await main(['review', 'gesprek-a.txt', 'gesprek-b.txt', '-c', 'codebook.yaml', '--accept-above', '0.5'], io2)).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8'));
    expect(doc.decisions).toHaveLength(7);
    expect(doc.decisions.filter((d: { coder: string }) => d.coder === 'anna')).toHaveLength(5);
    // the decisions file is a codings document other commands read
    const io3 = memoryIo(dir);
    expect(await main(['code', 'gesprek-a.txt', 'gesprek-b.txt', '--codings', 'qda-decisions.json', '--no-rules', '--format', 'csv'], io3)).toBe(0);
    expect(io3.out().split('\n').filter((l) => /,(human|anna),/.test(l))).toHaveLength(7);
  });
  it('the decisions file records each coding\'s passage: a source edited after the review has its codings placed where their passage now stands, and said', async () => {
    // old: the file held offsets only; a line added at the top of the transcript moved every
    // coding onto other words (half a turn, the interviewer's question) without a word
    const dir = project();
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.5'], memoryIo(dir))).toBe(0);
    const decisions = readFileSync(join(dir, 'qda-decisions.json'), 'utf8');
    const doc = JSON.parse(decisions);
    const text = readFileSync(join(dir, 'gesprek-a.txt'), 'utf8');
    expect(doc.codings.length).toBeGreaterThan(2);
    for (const c of doc.codings) expect(c.text).toBe(Array.from(text).slice(c.start, c.end).join(''));
    const edited = 'Interviewer: (de opname loopt)\nRespondent: Prima.\n' + text;
    writeFileSync(join(dir, 'gesprek-a.txt'), edited);
    const io = memoryIo(dir);
    expect(await main(['code', 'gesprek-a.txt', '--no-rules', '--format', 'csv'], io)).toBe(0);
    const { default: Papa } = await import('papaparse');
    const rows = Papa.parse<Record<string, string>>(io.out(), { header: true, skipEmptyLines: true }).data.filter((r) => r.coder === 'human');
    // (each coding on the words it was decided on, at their new place)
    expect(rows.map((r) => [r.code, r.text, Array.from(edited).slice(Number(r.start), Number(r.end)).join('')]).sort()).toEqual(
      doc.codings.map((c: { code: string; text: string }) => [c.code, c.text, c.text]).sort(),
    );
    expect(io.err()).toMatch(new RegExp(`qda-decisions\\.json \\(/codings/0\\): warning: ${doc.codings.length} codings of source "gesprek-a" \\(first at /codings/0\\) no longer stand at their offsets: the passage each records \\(its "text"\\) is not the text at start/end \\(the source was edited since`));
    expect(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).toBe(decisions);
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toBe(edited);
  });
  it('a review resumed on a transcript edited since, with a decisions file of an older version (no passage on the decisions), says which earlier decisions no longer stand on their segment, and places the kept codings by their passage', async () => {
    // old: the earlier decisions' segment numbers named other turns now, without a word
    const dir = project();
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], memoryIo(dir))).toBe(0);
    const old = JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8'));
    for (const d of old.decisions) delete d.text;
    writeFileSync(join(dir, 'qda-decisions.json'), JSON.stringify(old, null, 2));
    const unchanged = memoryIo(dir);
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], unchanged)).toBe(0);
    expect(unchanged.err()).not.toMatch(/decisions-on-other-text|codings-moved/);
    const text = readFileSync(join(dir, 'gesprek-a.txt'), 'utf8');
    writeFileSync(join(dir, 'gesprek-a.txt'), 'Interviewer: (de opname loopt)\nRespondent: Prima.\n' + text);
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], io)).toBe(0);
    expect(io.err()).toContain('qda-decisions.json (/decisions/0): warning: 1 earlier decision on source "gesprek-a" is not where its segment now stands (gesprek-a#3): the source was edited since (or is read in another unit)');
    expect(io.err()).toMatch(/qda-decisions\.json \(\/codings\/0\): warning: 1 coding of source "gesprek-a" \(at \/codings\/0\) no longer stands at its offsets: the passage each records \(its "text"\) is not the text at start\/end.*184–273 → 234–323 \(gesprek-a#5\)/);
  });
  it('rejects a bad --accept-above and an unknown --only code', async () => {
    const io = memoryIo(project());
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '2'], io)).toBe(2);
    expect(io.err()).toMatch(/between 0 and 1/);
    const io2 = memoryIo(project());
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9', '--only', 'vertrouwn'], io2)).toBe(2);
    expect(io2.err()).toMatch(/in no codebook: "vertrouwn"/);
  });
});
