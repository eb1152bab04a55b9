import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import type { LocalisedList, Rule } from '../../src/codebook/types.js';
import { fold, WORD_PATTERN } from '../../src/coding/tokenize.js';

/**
 * The built-in rules are written from the frameworks' definitions and general usage, not from
 * sentences quoted in the studies (that would make any evaluation on those studies circular):
 * no rule phrase of three or more words (keywords, proximity terms, exclusions) may occur
 * verbatim in a quotation of the study summaries in ../shared/domain/.
 */

const BOOKS = fileURLToPath(new URL('../../codebooks/', import.meta.url));
const DOMAIN = fileURLToPath(new URL('../../../shared/domain/', import.meta.url));
const haveDomain = existsSync(DOMAIN) && readdirSync(DOMAIN).some((f) => /^study-.*\.md$/.test(f));

const words = (s: string) => (s.replace(/\*/g, '').match(new RegExp(WORD_PATTERN.source, 'gu')) ?? []).map(fold);

/** Quotations in a markdown text: "…", “…”, „…” and blockquote lines. */
export function quotations(md: string): string[] {
  const out: string[] = [];
  for (const re of [/"([^"\n]+)"/g, /“([^”\n]+)”/g, /„([^”“\n]+)[”“]/g, /^>\s?(.+)$/gm]) for (const m of md.matchAll(re)) out.push(m[1]);
  return out;
}

function ruleTerms(r: Rule): string[] {
  const l = (x: LocalisedList | undefined) => [...(x?.nl ?? []), ...(x?.en ?? [])];
  const own = r.kind === 'keywords' ? l(r.terms) : r.kind === 'near' ? [...l(r.a), ...l(r.b)] : [];
  return [...own, ...l(r.exclude)];
}

describe.skipIf(!haveDomain)(`built-in rule phrases are not copied from the studies' quotations${haveDomain ? '' : ' (skipped: ../shared/domain/ with the study summaries is not present)'}`, () => {
  const quotes: Array<{ file: string; words: string }> = [];
  if (haveDomain) {
    for (const f of readdirSync(DOMAIN).filter((f) => /^study-.*\.md$/.test(f)).sort()) {
      for (const q of quotations(readFileSync(join(DOMAIN, f), 'utf8'))) quotes.push({ file: f, words: ` ${words(q).join(' ')} ` });
    }
  }

  it('the summaries have quotations to check against', () => {
    expect(quotes.length).toBeGreaterThan(100);
  });

  for (const f of readdirSync(BOOKS).filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${f}: no rule phrase of 3+ words occurs verbatim in a quotation`, () => {
      const r = parseCodebookWithDiagnostics(readFileSync(join(BOOKS, f), 'utf8'), { file: f });
      expect(r.book).toBeDefined();
      const copied: string[] = [];
      let checked = 0;
      for (const c of r.book!.codes) {
        for (const rule of c.rules ?? []) {
          for (const t of ruleTerms(rule)) {
            const w = words(t);
            if (w.length < 3) continue;
            checked++;
            const hit = quotes.find((q) => q.words.includes(` ${w.join(' ')} `));
            if (hit) copied.push(`${c.id}: "${t}" is quoted in ${hit.file}: "${hit.words.trim().slice(0, 100)}"`);
          }
        }
      }
      expect(copied).toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(0);
    });
  }

  it('the check finds a copied phrase (a rule phrase taken from a quotation is reported)', () => {
    const q = quotes.find((x) => x.words.trim().split(' ').length >= 4)!;
    const phrase = q.words.trim().split(' ').slice(0, 3).join(' ');
    expect(quotes.some((x) => x.words.includes(` ${words(phrase).join(' ')} `))).toBe(true);
  });
});
