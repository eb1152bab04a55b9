import type { Diagnostic } from '../model/types.js';
import type { Codebook, LocalisedList } from './types.js';
import { didYouMean } from '../model/did-you-mean.js';
import { BUILTIN_LADDER_LEVELS } from './builtins.js';
import { compileRuleRegex } from './regex-safety.js';
import type { Locator } from './locate.js';
import { maxOf } from '../model/arrays.js';

export interface ValidateCodebookOptions {
  readonly file?: string;
  /** Maps JSON paths to line/column (given by parseCodebook for YAML/JSON input). */
  readonly locate?: Locator;
}

/** Regex metacharacters that have no business in a keyword term (`*` and `?` are wildcards; `.` and `-` are text). */
const KEYWORD_META = /[\\^$|+()[\]{}]|\.\*|\.\+/;
/** Texts a regex rule is tried on to see whether it matches zero characters (a word, signs, a line break, a sentence). */
const ZERO_PROBES = ['', 'a', 'samen werken', 'We overleggen, elke week!\nJa.', '0123 €', 'xyz'];

/**
 * Whether a rule's regex matches zero characters on simple texts: 'only' when it matched none of
 * them with a character, 'also' when it did too; undefined when it never matched empty.
 */
function zeroLengthMatch(regex: RegExp): 'only' | 'also' | undefined {
  let empty = false;
  let some = false;
  for (const probe of ZERO_PROBES) {
    const re = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : regex.flags + 'g');
    for (let m = re.exec(probe), k = 0; m && k < 64; m = re.exec(probe), k++) {
      if (m[0].length === 0) {
        empty = true;
        re.lastIndex++;
      } else some = true;
    }
  }
  return empty ? (some ? 'also' : 'only') : undefined;
}

/**
 * Semantic checks of a normalised codebook: duplicate ids, unknown parents,
 * parent cycles, ladder levels 1..n, `evidences` within the known ladders,
 * rule ids, keyword terms, regexes that do not compile or risk catastrophic
 * backtracking. Returns diagnostics (errors and warnings); never throws.
 * Paths index `codes` as given, so they point into the input file.
 */
export function validateCodebook(book: Codebook, opts: ValidateCodebookOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  // "did you mean" for the first 50 unknown references only: each compares against every id
  // (75,000 unknown parents in a 10 MB codebook took hours)
  let suggestions = 50;
  const suggest = (word: string): string[] => (suggestions-- > 0 ? didYouMean(word, ids) : []);
  const push = (severity: Diagnostic['severity'], ruleId: string, path: string, message: string, hint: string, extra: Partial<Diagnostic> = {}) => {
    const place = opts.locate?.(path);
    out.push({
      severity,
      source: 'codebook',
      ruleId,
      message,
      hint,
      path,
      ...(opts.file !== undefined ? { file: opts.file } : {}),
      ...(place ? { line: place.line, column: place.column } : {}),
      ...extra,
    });
  };

  const firstIndex = new Map<string, number>();
  book.codes.forEach((c, i) => {
    const prev = firstIndex.get(c.id);
    if (prev !== undefined) {
      const at = opts.locate?.(`/codes/${prev}`);
      push('error', 'duplicate-code-id', `/codes/${i}/id`, `duplicate code id "${c.id}" (first used at /codes/${prev}${at ? `, line ${at.line}` : ''})`, 'give every code a unique id (rename one of them, or merge the two)');
    } else firstIndex.set(c.id, i);
  });
  const ids = [...firstIndex.keys()];

  // Labels (markers {{…}}, CSV code cells, aliases files) are matched with case, Unicode form and
  // spaces/underscores folded (the same key as labelKey in coding/label-resolver.ts), ids before
  // names: two codes whose ids fold to one key cannot both be given by a label (the second's own
  // id is read as the first), and a name that folds to another code's id or name is read as that one.
  const labelKey = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/[\s_]+/g, '-');
  const labelOwner = new Map<string, number>();
  book.codes.forEach((c, i) => {
    if (firstIndex.get(c.id) !== i) return;
    const k = labelKey(c.id);
    const prev = labelOwner.get(k);
    if (prev === undefined) return void labelOwner.set(k, i);
    const p = book.codes[prev];
    const at = opts.locate?.(`/codes/${prev}`);
    const how =
      p.id.normalize('NFC') === c.id.normalize('NFC')
        ? 'look the same but encode an accent differently (Unicode NFC and NFD)'
        : p.id.normalize('NFC').toLowerCase() === c.id.normalize('NFC').toLowerCase()
          ? 'differ only in case'
          : 'differ only in case, accents or spaces and underscores';
    push('error', 'look-alike-code-ids', `/codes/${i}/id`, `code ids "${p.id}" (/codes/${prev}${at ? `, line ${at.line}` : ''}) and "${c.id}" ${how}; a label such as {{${c.id}}} is read as "${p.id}", so "${c.id}" could never be given by a label`, 'rename one of the two codes (or merge them)');
  });
  book.codes.forEach((c, i) => {
    for (const [lang, n] of [['en', c.name?.en], ['nl', c.name?.nl]] as const) {
      if (!n || (lang === 'nl' && n === c.name?.en)) continue;
      const k = labelKey(n);
      const owner = labelOwner.get(k);
      if (owner === undefined) {
        labelOwner.set(k, i);
        continue;
      }
      const o = book.codes[owner];
      if (o.id === c.id) continue;
      push('warning', 'look-alike-code-names', `/codes/${i}/name`, `the name "${n}" of code "${c.id}" is written like the ${labelKey(o.id) === k ? 'id' : 'name'} of code "${o.id}" (/codes/${owner}); a label {{${n}}} is read as "${o.id}"`, `give "${c.id}" a name of its own, or use its id "${c.id}" in markers and tables`);
    }
  });

  // an id with `->`: a marker {{a->b}} is read as code "a" with a link to "b" (the schema keeps `#` out of ids)
  book.codes.forEach((c, i) => {
    if (!c.id.includes('->')) return;
    push('warning', 'code-id-reads-as-link', `/codes/${i}/id`, `the code id "${c.id}" holds "->", which a marker reads as a link: {{${c.id}}} codes "${c.id.slice(0, c.id.indexOf('->')).trim()}" with a link to "${c.id.slice(c.id.indexOf('->') + 2).trim()}", not this code`, `rename the code without "->" (e.g. "${c.id.replace(/\s*->\s*/g, '-')}"), or give it by its name in markers`, { actual: c.id });
  });

  // parents
  book.codes.forEach((c, i) => {
    if (c.parent === undefined) return;
    if (c.parent === c.id) {
      push('error', 'parent-cycle', `/codes/${i}/parent`, `code "${c.id}" is its own parent`, 'remove `parent` or point it at another code');
    } else if (!firstIndex.has(c.parent)) {
      const expected = suggest(c.parent);
      push('error', 'unknown-parent', `/codes/${i}/parent`, `code "${c.id}" has unknown parent "${c.parent}"`, expected.length ? `did you mean "${expected[0]}"? The parent must be the id of another code in this codebook` : 'use the id of another code in this codebook, or remove `parent` (add the parent code first if it is missing)', expected.length ? { expected } : {});
    }
  });
  // cycles (longer than 1): colour walk
  const parentOf = new Map<string, string>();
  for (const c of book.codes) if (c.parent && c.parent !== c.id && firstIndex.has(c.parent) && !parentOf.has(c.id)) parentOf.set(c.id, c.parent);
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  for (const start of ids) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let cur: string | undefined = start;
    while (cur !== undefined && !state.has(cur)) {
      state.set(cur, 1);
      path.push(cur);
      cur = parentOf.get(cur);
    }
    if (cur !== undefined && state.get(cur) === 1) {
      const cycle = path.slice(path.indexOf(cur));
      if (cycle.length > 1) {
        const first = cycle.reduce((a, b) => (firstIndex.get(a)! <= firstIndex.get(b)! ? a : b));
        const k = cycle.indexOf(first);
        const ordered = [...cycle.slice(k), ...cycle.slice(0, k), first];
        push('error', 'parent-cycle', `/codes/${firstIndex.get(first)}/parent`, `parent cycle: ${ordered.join(' → ')}`, 'a code cannot be its own ancestor: remove or change one `parent` in the cycle');
      }
    }
    for (const p of path) state.set(p, 2);
  }

  // ladder levels
  const levelled = book.codes.map((c, i) => ({ c, i })).filter((x) => x.c.level !== undefined);
  if (book.ladder && levelled.length === 0) {
    push('error', 'ladder-levels', '/ladder', 'the codebook is a ladder (`ladder: true`) but no code has a `level`', 'give the ladder codes `level: 1`, `level: 2`, … (1 = lowest), or remove `ladder: true`');
  }
  if (levelled.length) {
    const anc = (id: string): Set<string> => {
      const s = new Set<string>();
      let p = parentOf.get(id);
      while (p !== undefined && !s.has(p)) (s.add(p), (p = parentOf.get(p)));
      return s;
    };
    const byLevel = new Map<number, Array<{ c: (typeof levelled)[number]['c']; i: number }>>();
    for (const x of levelled) {
      const list = byLevel.get(x.c.level!) ?? [];
      list.push(x);
      byLevel.set(x.c.level!, list);
    }
    const levels = [...byLevel.keys()].sort((a, b) => a - b);
    const n = levels.length;
    const missing: number[] = [];
    for (let l = 1; l <= Math.max(n, levels[levels.length - 1]); l++) if (!byLevel.has(l)) missing.push(l);
    if (missing.length) {
      const bad = levelled.find((x) => x.c.level! > n) ?? levelled[0];
      push('error', 'ladder-levels', `/codes/${bad.i}/level`, `ladder levels must be exactly 1..n without gaps; found ${levels.join(', ')} (missing ${missing.slice(0, 5).join(', ')})`, `number the levels 1, 2, …, ${n} from lowest to highest`);
    }
    for (const [l, list] of byLevel) {
      for (let k = 1; k < list.length; k++) {
        const other = list.slice(0, k).find((y) => !anc(list[k].c.id).has(y.c.id) && !anc(y.c.id).has(list[k].c.id));
        if (other) {
          push('error', 'ladder-levels', `/codes/${list[k].i}/level`, `codes "${other.c.id}" and "${list[k].c.id}" are both on level ${l}`, 'each ladder level belongs to one code (sub-codes may repeat their parent\'s level)');
          break;
        }
      }
    }
  }
  const ownMax = levelled.length ? maxOf(levelled.map((x) => x.c.level!)) : 0;

  // evidences, rules
  book.codes.forEach((c, i) => {
    c.evidences?.forEach((e, k) => {
      const max = e.codebook === book.id ? ownMax : BUILTIN_LADDER_LEVELS[e.codebook];
      if (max === undefined) {
        // a ladder that is neither this codebook nor a built-in: counted only when a codebook with that
        // id is used beside it; a misspelled id would never count, without a word
        const near = didYouMean(e.codebook, [...Object.keys(BUILTIN_LADDER_LEVELS), book.id]);
        push('warning', 'evidences-unknown-ladder', `/codes/${i}/evidences/${k}/codebook`, `code "${c.id}" gives evidence for the ladder "${e.codebook}", which is neither this codebook nor a built-in ladder (${Object.keys(BUILTIN_LADDER_LEVELS).join(', ')}); it counts only when a codebook with the id "${e.codebook}" is used with this one`, near.length ? `did you mean "${near[0]}"?` : `use -c with the codebook whose id is "${e.codebook}", or correct the id`, near.length ? { expected: near } : {});
      } else if (e.level < 1 || e.level > max) {
        push('error', 'evidences-level', `/codes/${i}/evidences/${k}/level`, `level ${e.level} is out of range for ladder "${e.codebook}" (levels 1..${max})`, `use a level between 1 and ${max}`);
      }
    });
    const ruleIds = new Map<string, number>();
    c.rules?.forEach((r, j) => {
      const rp = `/codes/${i}/rules/${j}`;
      if (ruleIds.has(r.id)) push('error', 'duplicate-rule-id', `${rp}/id`, `duplicate rule id "${r.id}" in code "${c.id}"`, 'give each rule a unique id, or leave `id` out to get `<code>/r<n>`');
      ruleIds.set(r.id, j);
      if (r.kind === 'keywords') checkTerms(r.terms, `${rp}/keywords`, 'keywords', true);
      if (r.kind === 'near') {
        checkTerms(r.a, `${rp}/near`, 'near (A side)', true);
        checkTerms(r.b, `${rp}/near`, 'near (B side)', true);
      }
      if (r.exclude) checkTerms(r.exclude, `${rp}/exclude`, 'exclude', false);
      if (r.kind === 'regex') checkRegex(r.pattern, `${rp}/regex`);
    });
  });

  // a keyword that fires a rule alone (a keywords rule of one term needed) in two codes: every
  // passage with it is coded with both, without a word (said once per term, with the codes)
  const termCodes = new Map<string, Array<{ code: string; path: string }>>();
  book.codes.forEach((c, i) => {
    c.rules?.forEach((r, j) => {
      if (r.kind !== 'keywords' || (r.minMatches ?? 1) > 1) return;
      for (const lang of ['nl', 'en'] as const) {
        for (const t of r.terms[lang] ?? []) {
          const k = `${lang}\u0000${r.stem === false ? '=' : ''}${t.normalize('NFC').trim().replace(/^["'“”]+|["'“”]+$/g, '').toLowerCase().replace(/\s+/g, ' ')}`;
          const owners = termCodes.get(k) ?? termCodes.set(k, []).get(k)!;
          // (the rule's path: its terms may be written under `keywords` or `phrases`)
          if (!owners.some((o) => o.code === c.id)) owners.push({ code: c.id, path: `/codes/${i}/rules/${j}` });
        }
      }
    });
  });
  for (const [k, owners] of termCodes) {
    if (owners.length < 2) continue;
    const [lang, raw] = k.split('\u0000');
    const term = raw.replace(/^=/, '');
    const codes = owners.map((o) => `"${o.code}" (${o.path}${opts.locate?.(o.path) ? `, line ${opts.locate(o.path)!.line}` : ''})`);
    push(
      'warning',
      'keyword-in-several-codes',
      owners[1].path,
      `the keyword "${term}" (${lang}) is a rule term of ${owners.length} codes: ${codes.join(', ')}; every passage with it is coded with each of them`,
      `keep "${term}" in the rules of one code; if it is evidence of each only beside other words, use a rule with min: 2 or a near rule (e.g. "${term} NEAR/5 …") in the others`,
      { actual: term },
    );
  }

  // aliases: not empty, not given to two codes; an alias that is another code's id or name is shadowed by it
  const aliasKey = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/[\s_-]+/g, '-');
  const nameOwner = new Map<string, string>();
  for (const c of book.codes) for (const n of [c.id, c.name.en, c.name.nl]) if (n && !nameOwner.has(aliasKey(n))) nameOwner.set(aliasKey(n), c.id);
  const aliasOwner = new Map<string, { code: string; i: number }>();
  book.codes.forEach((c, i) => {
    const path = `/codes/${i}/aliases`;
    for (const a of [...(c.aliases?.nl ?? []), ...(c.aliases?.en ?? [])]) {
      const k = aliasKey(a);
      if (!k) {
        push('error', 'empty-alias', path, `code "${c.id}" has an empty alias`, 'remove the empty entry');
        continue;
      }
      const named = nameOwner.get(k);
      if (named !== undefined && named !== c.id) {
        push('warning', 'alias-shadows-code', path, `alias "${a}" of code "${c.id}" is the id or name of code "${named}"; a label "${a}" is read as "${named}" (a code's own id and name come before aliases)`, `remove "${a}" from the aliases of "${c.id}", or rename code "${named}"`);
        continue;
      }
      const prev = aliasOwner.get(k);
      if (prev && prev.code !== c.id) {
        push('error', 'duplicate-alias', path, `alias "${a}" is given to two codes: "${prev.code}" (/codes/${prev.i}/aliases) and "${c.id}"`, `keep "${a}" as an alias of one code only`);
      } else if (!prev) aliasOwner.set(k, { code: c.id, i });
    }
  });

  function checkTerms(l: LocalisedList, path: string, what: string, required: boolean) {
    const all = [...(l.nl ?? []), ...(l.en ?? [])];
    if (required && all.length === 0) {
      push('error', 'empty-rule', path, `${what} has no terms`, 'list at least one word or phrase, e.g. keywords: {nl: [vertrouw*], en: [trust*]}');
      return;
    }
    for (const t of all) {
      const s = t.trim();
      if (!s) push('error', 'empty-term', path, `${what}: empty term`, 'remove the empty entry');
      else if (/^[*?\s]+$/.test(s)) push('error', 'wildcard-only-term', path, `${what}: term "${t}" is only a wildcard and would match every word`, 'put letters before the wildcard, e.g. vertrouw*');
      else if (KEYWORD_META.test(s)) push('error', 'regex-in-keyword', path, `${what}: term "${t}" contains regular-expression characters, but keywords are matched as words (only * and ? are wildcards)`, `use a wildcard (e.g. samenwerk*) or move it to a regex rule: regex: '${s.replace(/'/g, "''")}'`);
      // terms that can never match a word: no letter or digit (a text's words are letters and digits)
      // (a ligature copied from a PDF, ﬁ or ĳ, matches: words are folded to their letters, see fold)
      else if (!/[\p{L}\p{N}]/u.test(s)) push('warning', 'term-without-letters', path, `${what}: term "${t}" has no letter or digit, and texts are matched word by word (letters and digits): it never matches`, 'write the word it stands for (euro, procent, en), or use a regex rule for signs');
    }
  }

  function checkRegex(pattern: string, path: string) {
    // the same function as `qda code` (compileCodebook): they agree on every pattern
    const r = compileRuleRegex(pattern);
    if (!r.ok) return void push('error', r.ruleId, path, r.message, r.hint);
    // a pattern that matches zero characters somewhere ("x*", "a|", "\\b", "(?=a)"): qda code skips
    // empty matches, so the rule codes only where it matches a character, and never if it cannot
    const zero = zeroLengthMatch(r.regex);
    if (zero) {
      const only = zero === 'only';
      push(
        'warning',
        'regex-matches-empty',
        path,
        only
          ? `regular expression "${pattern}" matches only empty text (zero characters, as a lookahead or \\b alone does): qda code skips empty matches, so this rule never codes anything`
          : `regular expression "${pattern}" can match empty text (zero characters): qda code skips empty matches, so this rule codes only where it matches at least one character`,
        only ? 'make the pattern match the words themselves, e.g. "\\bsamen\\b" instead of "\\b", "(?=samen)samen\\w*" instead of "(?=samen)"' : 'make every part match at least one character, e.g. "x+" instead of "x*", "(a|b)" instead of "(a|b|)"',
      );
    }
  }

  // relations: unique ids, unique verdicts, from/to naming codes of this codebook
  const relIds = new Map<string, number>();
  book.relations?.forEach((r, i) => {
    const prev = relIds.get(r.id);
    if (prev !== undefined) push('error', 'duplicate-relation-id', `/relations/${i}/id`, `duplicate relation id "${r.id}" (first used at /relations/${prev})`, 'give every relation a unique id');
    else relIds.set(r.id, i);
    const vs = new Set<string>();
    r.verdicts?.forEach((v, k) => {
      if (vs.has(v.id)) push('error', 'duplicate-verdict', `/relations/${i}/verdicts/${k}`, `relation "${r.id}" lists the verdict "${v.id}" twice`, 'list each verdict once');
      vs.add(v.id);
    });
    for (const side of ['from', 'to'] as const) {
      (r[side] ?? []).forEach((codeId) => {
        if (firstIndex.has(codeId)) return;
        const expected = suggest(codeId);
        push('warning', 'relation-unknown-code', `/relations/${i}/${side}`, `relation "${r.id}": "${side}" names the code "${codeId}", which this codebook does not define`, expected.length ? `did you mean "${expected[0]}"?` : 'use the id of a code of this codebook', expected.length ? { expected } : {});
      });
    }
  });

  return out;
}
