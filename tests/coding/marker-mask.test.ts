/**
 * The rules skip exactly the text the inline markers were read as (extractHumanCodings'
 * `masks`), in the library's codeCorpus and in `qda code` on one and on two threads alike.
 *
 * Where a legacy label ends depends on what is known: `Code: Vertrouwen Overleg Wijkteam
 * Gemeente` is read as the code Vertrouwen (a code of the codebook) followed by respondent text.
 * The rules used to find the markers in each segment again without knowing the codes, took all
 * four capitalised words for the label and hid "Overleg" from the keyword rule `overleg`
 * without a word: a coding lost. A caller that does not read the markers (applyCodebook without
 * masks) still has the coder find them in each segment.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { codeCorpus } from '../../src/coding/code-corpus.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import { codebookCodeRefs } from '../../src/coding/code-corpus.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { transpileTree } from '../helpers/transpile.js';
import { book, corpusOf, kw, source } from './helpers.js';

const TEXT = 'Interviewer: Hoe ging het?\n\nRespondent: Dat ging goed. Code: Vertrouwen Overleg Wijkteam Gemeente\n\nInterviewer: En toen?\n\nRespondent: Niets bijzonders.\n';
const b = book([{ id: 'vertrouwen' }, { id: 'overleg', rules: [kw('overleg/r1', ['overleg'])] }]);
// (the codes' names as a reader of the codebook would give them: Vertrouwen, Overleg)
const named = { ...b, codes: b.codes.map((c) => ({ ...c, name: { nl: c.id[0].toUpperCase() + c.id.slice(1), en: c.id } })) };

describe('the rules skip exactly the markers as read', () => {
  it('codeCorpus: the label is "Vertrouwen" (a code), so "Overleg" after it is coded by the keyword rule', () => {
    const corpus = corpusOf([source('s', TEXT)]);
    const h = extractHumanCodings(corpus, codebookCodeRefs(named));
    expect(h.codings.map((c) => c.code)).toEqual(['vertrouwen']);
    const m = h.masks!.get('s')!;
    expect(m.length).toBe(2);
    expect(TEXT.slice(m[0], m[1])).toBe('Code: Vertrouwen');
    const doc = codeCorpus(corpus, [named], { unit: 'turn', version: 't' });
    const rules = doc.codings.filter((c) => c.coder === 'rules');
    expect(rules.map((c) => c.code)).toEqual(['overleg']);
    expect(JSON.stringify(rules[0].evidence)).toMatch(/Overleg/);
    // the marker's own words are still hidden from the rules: "Vertrouwen" is no keyword here,
    // but a rule on it must not fire on the marker
    const withTrust = book([{ id: 'vertrouwen', rules: [kw('vertrouwen/r1', ['vertrouwen'])] }, { id: 'overleg', rules: [kw('overleg/r1', ['overleg'])] }]);
    const named2 = { ...withTrust, codes: withTrust.codes.map((c) => ({ ...c, name: { nl: c.id[0].toUpperCase() + c.id.slice(1), en: c.id } })) };
    const doc2 = codeCorpus(corpus, [named2], { unit: 'turn', version: 't' });
    expect(doc2.codings.filter((c) => c.coder === 'rules').map((c) => c.code)).toEqual(['overleg']);
  });

  it('a regex rule sees the segment with the markers blanked, in every segment that holds one (many markers, many turns)', () => {
    const turns: string[] = [];
    for (let i = 0; i < 200; i++) turns.push(`Interviewer: Vraag ${i}?`, i % 3 === 0 ? `Respondent: Tekst ${i}. Code: Vertrouwen` : `Respondent: Vertrouwen ${i} in de wijk. [[hier]]{{vertrouwen}}`);
    const text = turns.join('\n\n') + '\n';
    const rx = book([{ id: 'vertrouwen' }, { id: 'woord', rules: [{ kind: 'regex', id: 'woord/r1', pattern: 'Vertrouwen|vertrouwen|hier' } as never] }]);
    const named3 = { ...rx, codes: rx.codes.map((c) => ({ ...c, name: { nl: c.id[0].toUpperCase() + c.id.slice(1), en: c.id } })) };
    const doc = codeCorpus(corpusOf([source('m', text)]), [named3], { unit: 'turn', version: 't' });
    const hits = doc.codings.filter((c) => c.coder === 'rules');
    // (the turns with a legacy marker only: nothing left to match; the others: "Vertrouwen" in the
    // text, not the marker's label, nor the brackets' `hier`, which stays: only [[ and ]] are hidden)
    expect(hits.length).toBe(133);
    for (const h of hits) expect(JSON.stringify(h.evidence)).not.toMatch(/\{\{|\[\[|Code:/);
  });

  it('applyCodebook without the markers read: the coder finds them in each segment itself (the label runs over all four words)', () => {
    const corpus = corpusOf([source('s', TEXT)]);
    expect(applyCodebook(corpus, compileCodebook(named, 'nl'), { speakers: 'respondent' })).toEqual([]);
    // with the masks of the markers as read, the same as codeCorpus
    const h = extractHumanCodings(corpus, codebookCodeRefs(named));
    expect(applyCodebook(corpus, compileCodebook(named, 'nl'), { speakers: 'respondent', masks: h.masks }).map((c) => c.code)).toEqual(['overleg']);
    // a source the masks do not name has no markers: nothing is hidden
    const plain = corpusOf([source('p', 'Respondent: Code overleg, geen marker.\n')]);
    expect(applyCodebook(plain, compileCodebook(named, 'nl'), { masks: new Map() }).map((c) => c.code)).toEqual(['overleg']);
  });

  let workerUrl = '';
  beforeAll(() => {
    workerUrl = transpileTree('src/pipeline/worker.ts', join(resolve(__dirname, '../..'), 'node_modules/.cache/qdakit-stream-worker-test')).href;
  });

  it('qda code: the same coding on one thread and on two (markers read on one, rules coded on the other)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-mask-'));
    writeFileSync(
      join(dir, 'book.yaml'),
      'id: mask-book\nname: {nl: Mask, en: Mask}\nlanguage: nl\ncodes:\n  - id: vertrouwen\n    name: {nl: Vertrouwen, en: Trust}\n  - id: overleg\n    name: {nl: Overleg, en: Consultation}\n    rules:\n      - keywords: {nl: [overleg]}\n',
    );
    writeFileSync(join(dir, 'a.txt'), TEXT);
    writeFileSync(join(dir, 'b.txt'), TEXT.replace('Dat ging goed.', 'Het ging.'));
    const outs: string[] = [];
    for (const env of [{ QDA_THREADS: '1' }, { QDA_THREADS: '2', QDA_STREAM_MIN_BYTES: '0', QDA_STREAM_WORKER: workerUrl }]) {
      const out = `out-${env.QDA_THREADS}.json`;
      const io = memoryIo(dir, env);
      expect(await main(['code', 'a.txt', 'b.txt', '-c', 'book.yaml', '-o', out], io), io.err()).toBe(0);
      const doc = readFileSync(join(dir, out), 'utf8');
      outs.push(doc);
      // (in the document, a rule's coding names its rule, a human one its coder)
      const parsed = JSON.parse(doc) as { sources: Array<{ codings: Array<{ code: string; rule?: string }> }> };
      const rules = parsed.sources.flatMap((s) => s.codings).filter((c) => c.rule !== undefined);
      expect(rules.map((c) => c.code)).toEqual(['overleg', 'overleg']);
    }
    expect(outs[1]).toBe(outs[0]);
  });
});
