/**
 * A decisions file of qda review used after the codebook changed: a code renamed or removed, a
 * rule rewritten. The decisions were applied without a word: a rejection of the old code decided
 * nothing (its renamed code's suggestion was asked, or with --accept-above accepted, again), and a
 * rejection made under the old rule kept the new rule's suggestion there from being asked. Now
 * both are said with counts per code and per rule (decisions-code-not-in-codebook,
 * decisions-rule-changed); the decisions are kept as they are. A decision records the rule's
 * text (`ruleText`) from now on; an older one without it is held against its rule id only.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');
const BOOK = readFileSync(join(fixtures, 'codebook.yaml'), 'utf8');

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'qda-review-book-changed-'));
  for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(dir, f));
  return dir;
}
const review = async (dir: string) => {
  const io = memoryIo(dir);
  const rc = await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--decisions', 'd.json', '--accept-above', '0.9'], io);
  return { rc, err: io.err(), doc: JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8')) as { decisions: Array<{ code: string; decision: string; rule?: string; ruleText?: string }> } };
};

describe('qda review resumed with a codebook changed since', () => {
  it('a decision records its rule as it read; the same codebook again says nothing', async () => {
    const dir = project();
    const first = await review(dir);
    expect(first.rc).toBe(0);
    expect(first.doc.decisions.length).toBeGreaterThan(0);
    expect(first.doc.decisions.find((d) => d.code === 'afspraken')).toMatchObject({ decision: 'accept', rule: 'afspraken/r1', ruleText: 'keywords nl: afspraak, afspraken' });
    const again = await review(dir);
    expect(again.err).not.toMatch(/decisions-code-not-in-codebook|decisions-rule-changed/);
  });

  it('a code renamed since: its decisions are said with their counts (and kept)', async () => {
    const dir = project();
    await review(dir);
    writeFileSync(join(dir, 'codebook.yaml'), BOOK.replace('id: afspraken', 'id: werkafspraken'));
    const { rc, err, doc } = await review(dir);
    expect(rc).toBe(0);
    expect(err).toMatch(/d\.json \(\/decisions\/\d+\): warning: 1 earlier decision names a code that no codebook given defines now \(renamed or removed since\?\): "afspraken" \(1 accepted\); the codings it made are kept as uncategorised codes, and a rejection decides nothing now \(a renamed code's suggestions there are asked again\) \[cli:decisions-code-not-in-codebook\]/);
    expect(err).toContain('hint: if a code was renamed, write its new id as "code" and "originalCode" of these decisions');
    expect(doc.decisions.filter((d) => d.code === 'afspraken').length).toBe(1);
  });

  it('a rule rewritten since, or removed: the decisions made on its suggestions are said with the rule as it was and is', async () => {
    const dir = project();
    await review(dir);
    writeFileSync(join(dir, 'codebook.yaml'), BOOK.replace('keywords: {nl: [afspraak, afspraken]}', 'keywords: {nl: [afspra*]}'));
    const { rc, err } = await review(dir);
    expect(rc).toBe(0);
    expect(err).toMatch(/warning: 1 earlier decision was made on a suggestion of a rule that changed since: "afspraken\/r1" \(1: was "keywords nl: afspraak, afspraken", now "keywords nl: afspra\*"\); it still decides the code on its passage \(what the rules suggest there now is not asked\) \[cli:decisions-rule-changed\]/);
    // an older file (no ruleText): only a rule that is gone is said
    const d = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'));
    for (const x of d.decisions) delete x.ruleText;
    writeFileSync(join(dir, 'd.json'), JSON.stringify(d));
    expect((await review(dir)).err).not.toContain('decisions-rule-changed');
    writeFileSync(join(dir, 'codebook.yaml'), BOOK.replace(/rules:\n      - keywords: \{nl: \[afspraak, afspraken\]\}\n.*\n        weight: 0.95\n/, 'rules:\n      - keywords: {nl: [regeling]}\n        id: afspraken/nieuw\n'));
    const gone = await review(dir);
    expect(gone.err).toContain('"afspraken/r1" (1: no longer in the codebook)');
  });

  it('a suggestion of two rules of a code (ids joined by a comma): the same codebook again says nothing; a rewritten or removed one is said by its own id', async () => {
    const dir = project();
    const two = BOOK.replace('        weight: 0.95\n', '        weight: 0.95\n      - keywords: {nl: [overdracht]}\n        weight: 0.95\n');
    writeFileSync(join(dir, 'codebook.yaml'), two);
    const first = await review(dir);
    expect(first.rc).toBe(0);
    expect(first.doc.decisions.find((d) => d.code === 'afspraken')).toMatchObject({ rule: 'afspraken/r1,afspraken/r2', ruleText: 'keywords nl: afspraak, afspraken | keywords nl: overdracht' });
    // (it was "afspraken/r1,afspraken/r2" (1: no longer in the codebook) on every review after the first)
    expect((await review(dir)).err).not.toContain('decisions-rule-changed');
    writeFileSync(join(dir, 'codebook.yaml'), two.replace('[overdracht]', '[overdracht, overdragen]'));
    expect((await review(dir)).err).toContain('"afspraken/r1,afspraken/r2" (1: was "keywords nl: afspraak, afspraken | keywords nl: overdracht", now "keywords nl: afspraak, afspraken | keywords nl: overdracht, overdragen")');
    writeFileSync(join(dir, 'codebook.yaml'), BOOK);
    expect((await review(dir)).err).toContain('"afspraken/r2" (1: no longer in the codebook)');
  });
});
