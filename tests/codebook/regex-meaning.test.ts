/**
 * Codebook regexes (issue 13, item 5): safe (the adjacent-quantifier forms are refused,
 * also inside look-arounds), meaning what they say (case-insensitive by the `i` flag,
 * never by lower-casing the pattern), and `qda codebook validate` and `qda code` agree
 * on every pattern (one function: compileRuleRegex).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRegexSafety, compileRuleRegex } from '../../src/codebook/regex-safety.js';
import { validateCodebook } from '../../src/codebook/validate-codebook.js';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook, caseFold } from '../../src/coding/apply-codebook.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { QdaInputError } from '../../src/model/errors.js';
import type { Rule } from '../../src/codebook/types.js';
import { book, corpusOf, source } from '../coding/helpers.js';
import { readCodings } from '../../src/ingest/read-codings.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-regex-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = ['(.*)(.*)\\d{9}', '[^,.]*[^,.]*[^,.]*[^,.]*\\d{9}', '.*e.*e.*e.*e.*\\d{9}', '(?=.*e.*e.*e.*e.*\\d{9})', '(?<=(.*)(.*))\\d{9}', 'x(?!(?:[^,]*[^,]*)\\d{9})'];

describe('the guard refuses repetitions in a row over the same characters', () => {
  it.each([...HOSTILE, '\\w+\\s*\\w+x', '(?:x.*)?.*y', '.{0,500}e.{0,500}f', '(a|b.*)(.*)c'])('refuses %s (reason and hint)', (p) => {
    const r = checkRegexSafety(p);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/repetitions in a row/);
    expect(r.hint).toBeTruthy();
  });

  it.each([
    'samenwerking.*gemeente.*wijk', '\\S+ \\S+', '[^.]*samen[^.]*', '\\w+\\s+\\w+', '.{0,50}e.{0,50}', 'overleg\\S+', '\\p{Lu}\\p{Ll}+',
    '(\\w+ )*\\w+', 'a.*b', '\\s*\\w+\\s*', '\\b(?:afstem\\w*|overleg\\w*)\\b.*\\bgemeente\\b', '\\d+[.,]\\d+', '(?<=\\bde )\\w+',
  ])('accepts %s', (p) => {
    expect(checkRegexSafety(p)).toEqual({ ok: true });
  });
});

const run = (text: string, pattern: string) => {
  const corpus = corpusOf([source('s', text)]);
  const rules: Rule[] = [{ kind: 'regex', id: 'x/r1', pattern }];
  return applyCodebook(corpus, compileCodebook(book([{ id: 'x', rules }]), 'nl'), {});
};

describe('case-insensitive by the i flag: \\S \\W \\D \\B and \\p{…} keep their meaning', () => {
  it('overleg\\S+ finds "Overleggen" (it found nothing when the pattern was lower-cased to \\s)', () => {
    const c = run('R: Het Overleggen met de gemeente loopt goed.', 'overleg\\S+');
    expect(c.map((x) => x.evidence?.matches?.[0].term)).toEqual(['Overleggen']);
  });
  it('\\D, \\W and \\B mean non-digit, non-word, not-a-boundary', () => {
    expect(run('R: Wij hebben 12 afspraken.', '\\d\\D\\d')).toHaveLength(0);
    expect(run('R: Wij hebben 1x2 afspraken.', '\\d\\D\\d')).toHaveLength(1);
    expect(run('R: samen-werking', 'samen\\Wwerking')).toHaveLength(1);
    expect(run('R: samenwerking', 'samen\\Bwerking')).toHaveLength(1);
  });
  it('\\p{Lu} compiles, in validate and in code (it was "Invalid property name")', () => {
    expect(compileRuleRegex('\\p{Lu}\\p{Ll}+ZORG').ok).toBe(true);
    expect(run('R: De WijkZorg team.', '\\p{Lu}\\p{Ll}+zorg')).toHaveLength(1);
  });
  it('the match is mapped back to the original text, in its own case', () => {
    const c = run('R: Wij zitten OP ÉÉN LIJN met de Gemeente.', 'op (één|een) lijn');
    expect(c[0].evidence?.matches?.[0].term).toBe('OP ÉÉN LIJN');
  });
  it('the literal prefilter never hides a match the i flag makes (ſ, ς, µ fold like s, σ, μ)', () => {
    expect(caseFold('Chriſtus ΣΟΦΟΣ µ')).toBe('christus σοφοσ μ');
    expect(run('R: Chriſtus sprak.', 'christus')).toHaveLength(1);
  });
});

const codebookYaml = (patterns: readonly string[]) =>
  [
    'id: hostile',
    'name: {nl: Vijandig, en: Hostile}',
    'codes:',
    '  - id: boom',
    '    name: {nl: Boem, en: Boom}',
    '    rules:',
    ...patterns.map((p) => `      - regex: '${p.replace(/'/g, "''")}'`),
    '',
  ].join('\n');

describe('qda codebook validate and qda code agree', () => {
  it('the issue forms: validate exit 2 with file:line:col per pattern; code exit 2 before any coding, the old output untouched', { timeout: 30_000 }, async () => {
    writeFileSync(join(dir, 'hostile.yaml'), codebookYaml(HOSTILE));
    writeFileSync(join(dir, 'int.txt'), 'Interviewer: Vraag?\nAnna: ' + 'e'.repeat(3000) + ' en de gemeente, 123 456 789.\n');
    writeFileSync(join(dir, 'codings.json'), '{"old": true}\n');
    const v = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'hostile.yaml'], v)).toBe(2);
    const lines = v.err().split('\n').filter((l) => l.includes('[codebook:unsafe-regex]'));
    expect(lines.map((l) => /^hostile\.yaml:(\d+):\d+\b.*: error:/.exec(l)?.[1])).toEqual(HOSTILE.map((_, i) => String(7 + i)));
    const c = memoryIo(dir);
    expect(await main(['code', 'int.txt', '-c', 'hostile.yaml', '-o', 'codings.json'], c)).toBe(2);
    expect(c.err()).toMatch(/hostile\.yaml:7:\d+\b.*: error: .*catastrophic backtracking.*\[codebook:unsafe-regex\]/);
    expect(readFileSync(join(dir, 'codings.json'), 'utf8')).toBe('{"old": true}\n');
  });

  it('overleg\\S+ and \\p{Lu}: validate ok, code exit 0 with the codings', async () => {
    writeFileSync(join(dir, 'good.yaml'), codebookYaml(['overleg\\S+', '\\p{Lu}\\p{Ll}+zorg']));
    writeFileSync(join(dir, 'good.txt'), 'Interviewer: Vraag?\nAnna: Het Overleggen met WijkZorg loopt.\nInterviewer: En?\nAnna: Goed.\n');
    expect(await main(['codebook', 'validate', 'good.yaml'], memoryIo(dir))).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['code', 'good.txt', '-c', 'good.yaml', '-o', 'good.json'], io)).toBe(0);
    const doc = await readCodings(join(dir, 'good.json'));
    expect(doc.codings).toHaveLength(1);
    expect(doc.codings[0].evidence!.matches!.map((m: { term: string }) => m.term).sort()).toEqual(['Overleggen', 'WijkZorg']);
  });

  it('property: for any pattern, validateCodebook reports a regex error exactly when compileCodebook refuses it, with the same rule', () => {
    const piece = fc.constantFrom(
      'a', 'e', 'x', ' ', '.', '\\d', '\\w', '\\S', '\\s', '\\p{Lu}', '\\p{Foo}', '[^,.]', '[a-z]', '(', ')', '(?:', '(?=', '(?<=', '|', '*', '+', '?', '{2}', '{0,500}', '{3,}', '\\', '[', ']', '\\b', '$', '^',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 14 }), (pieces) => {
        const pattern = pieces.join('');
        const b = book([{ id: 'x', rules: [{ kind: 'regex', id: 'x/r1', pattern }] }]);
        const v = validateCodebook(b).filter((d) => d.ruleId === 'bad-regex' || d.ruleId === 'unsafe-regex');
        let thrown: string | undefined;
        try {
          compileCodebook(b, 'nl');
        } catch (e) {
          if (!(e instanceof QdaInputError)) throw e;
          thrown = e.diagnostics[0].ruleId;
        }
        expect(thrown).toBe(v[0]?.ruleId);
      }),
      { numRuns: 400 },
    );
  });
});
