/**
 * Learned code suggestions (pure, deterministic): one logistic regression per
 * code over binary features (stemmed content-word unigrams and bigrams, plus
 * extra features such as `rule=<code>` when the codebook rules coded the
 * segment), whose weights start from — and are pulled back towards — a PRIOR
 * built from the codebook itself.
 *
 * The codebook is training data: each code's rule terms, name, indicators,
 * examples, inclusion criteria and definition (in Dutch and English) give
 * positive starting weights to the features that express them (rule terms and
 * indicators most, definition words least; rare words more than words found in
 * most segments; a word shared by many codes less), its exclusion criteria and
 * rule exclusions negative ones. With no coded examples the model is the prior
 * and still ranks segments per code; every coded example moves the weights
 * away from it (MAP estimation with a Gaussian prior centred on the codebook
 * weights, so the prior counts as a few examples and is outweighed as codings
 * accumulate).
 *
 * Training is diagonally preconditioned gradient descent on the penalised log
 * loss (no randomness: the same inputs give byte-identical models), fast enough
 * to retrain one code after every review decision (warm start).
 */
import type { Codebook, CodeDef, LocalisedList, Rule } from '../codebook/types.js';
import type { Lang, LocalisedText } from '../model/types.js';
import { fold, WORD_PATTERN } from './tokenize.js';
import { makeStemmer, type StemFn } from './stem.js';
import { compoundRestOk, COMPOUND_MIN } from './compile-codebook.js';

export interface Example {
  readonly text: string;
  readonly lang?: Lang;
  /** Codes present. */
  readonly codes: ReadonlySet<string>;
  /**
   * Codes known to be absent. When given, the example is labelled only for `codes` and these
   * (partial labels, e.g. review decisions); when absent it is fully coded: every other code is absent.
   */
  readonly negatives?: ReadonlySet<string>;
  /** Group for leave-one-group-out evaluation (the source id). */
  readonly group?: string;
  /** Extra binary features, e.g. `rule=<code>` when the codebook rules coded the segment with that code. */
  readonly extra?: readonly string[];
  /** The interviewer's question before the segment (its words become `q:<stem>` features when LEARN_SETTINGS.context). */
  readonly context?: string;
}

export interface LearnOptions {
  /** Passes of full-batch training (default 60). */
  readonly epochs?: number;
  /** Strength of the pull towards 0 of features without a codebook prior; default LEARN_SETTINGS.l2 (see `priorStrength` there). */
  readonly l2?: number;
  /** Codes with fewer positive examples and no codebook prior are not learned (default 2). */
  readonly minPositives?: number;
  /** Add bigrams to the unigram features (default true). */
  readonly bigrams?: boolean;
  /** The codebook prior (see `codebookPrior`): codes with a prior are modelled even without examples. */
  readonly prior?: PriorSpec;
  /** Texts the model will be applied to (for word rarity and to resolve the prior's wildcards); the examples are always used. */
  readonly unlabelled?: ReadonlyArray<{ readonly text: string; readonly lang?: Lang; readonly extra?: readonly string[]; readonly context?: string }>;
  /** Weight of a positive example relative to a negative one (default LEARN_SETTINGS.positiveWeight). */
  readonly positiveWeight?: number;
}

/** Which part of a code's description a prior weight comes from. */
export type PriorPart = 'rules' | 'name' | 'indicators' | 'examples' | 'include' | 'definition' | 'exclude' | 'rule-exclude';

/** Weight in log-odds of one matched term of each part (before rarity and specificity). */
export const PART_WEIGHT: Readonly<Record<PriorPart, number>> = {
  rules: 1,
  name: 0.9,
  indicators: 0.8,
  examples: 0.4,
  include: 0.4,
  definition: 0.3,
  exclude: -0.4,
  'rule-exclude': -0.8,
};
/**
 * Settings of the learner (the defaults every caller uses):
 * - `ruleWeight`: prior weight of the feature `rule=<code>` for the code's own model (3.5 = −bias: a
 *   rule coding alone is a suggestion at probability 0.5, the codebook's other terms and the codings move it);
 * - `bias`: prior bias (−3.5: a segment without any evidence has a probability of about 3%), and
 *   `biasStrength` its (weak) pull: the coded examples set how common a code is; the weight of
 *   `rule=<code>` is pulled towards `bias + ruleWeight − b` (not a fixed value), so that a rule
 *   coding keeps meaning "probability 0.5" when the base rate moves, until codings show otherwise;
 * - `partScale`: factor on PART_WEIGHT;
 * - `l2`: strength of the pull towards 0 of the weights of words the codebook does not mention;
 * - `priorStrength`: strength of the pull towards the codebook weight of the words it mentions and of
 *   `rule=<code>` (10: the codebook counts as about ten coded segments per feature; on the development
 *   transcripts a prior as weak as `l2` let one coded interview pull the model below the codebook
 *   alone on another);
 * - `positiveWeight`: weight of a positive example (`balanced`: √(negatives/positives) in 1..4;
 *   1 keeps probabilities honest, so that the default threshold 0.5 means what it says);
 * - `context`: add the words of the interviewer's question before a turn as features (`q:<stem>`).
 */
export const LEARN_SETTINGS: { ruleWeight: number; bias: number; biasStrength: number; partScale: number; l2: number; priorStrength: number; ruleStrength: number; decisionWeight: number; positiveWeight: number | 'balanced'; context: boolean } = {
  ruleWeight: 3.5,
  ruleStrength: 10,
  decisionWeight: 1,
  bias: -3.5,
  biasStrength: 0.3,
  partScale: 1,
  l2: 1,
  priorStrength: 10,
  positiveWeight: 1,
  context: false,
};
export const PRIOR_BIAS = -3.5;

interface TermWord {
  readonly kind: 'stem' | 'prefix' | 'suffix';
  /** Folded; for `stem` the stem. */
  readonly value: string;
}

export interface PriorTerm {
  readonly part: PriorPart;
  readonly lang: Lang;
  /** As written in the codebook (for explanations). */
  readonly text: string;
  readonly words: readonly TermWord[];
}

/** What a codebook says about each code, as terms per part and language (see `codebookPrior`). */
export interface PriorSpec {
  readonly codes: ReadonlyArray<{ readonly code: string; readonly terms: readonly PriorTerm[] }>;
}

const STOP_NL = new Set(
  'de het een en van ik je jij u we wij ze zij hij die dat dit deze is zijn was waren wordt worden werd ben bent heb hebt heeft hebben had in op aan met voor naar om te bij uit als of maar dan dus ook nog wel niet geen al er hier daar waar wat wie hoe ja nee nou oke oké zo even heel echt gewoon eigenlijk beetje toch want omdat mijn jouw ons onze hun haar kan kun kunnen moet moeten zal zou zouden gaat gaan ga doen doet gedaan mee meer veel uhu eh ehm hè weet weten zeg zeggen zegt zei iets niks alles elkaar men mij me jullie hen zelf over door tot dan na zich bijvoorbeeld natuurlijk inderdaad misschien soms vaak altijd nooit iemand diegene wordt worden kijk kijken denk denken vind vinden'.split(' '),
);
const STOP_EN = new Set(
  'the a an and or but of to in on at for with from by as is are was were be been being have has had do does did i you he she it we they me him her us them my your our their this that these those there here what which who how not no yes so then than also just very really well can could will would should may might must about into up out if because um uh like know think over through each other'.split(' '),
);

export interface Featurizer {
  (text: string, lang?: Lang): string[];
}

interface Tokenised {
  /** Stems of content words ('' for a stop word or number: it breaks bigrams). */
  readonly stems: string[];
  readonly words: string[];
}

function tokens(text: string, lang: Lang, st: StemFn): Tokenised {
  const stop = lang === 'nl' ? STOP_NL : STOP_EN;
  const stems: string[] = [];
  const words: string[] = [];
  const re = new RegExp(WORD_PATTERN.source, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = fold(m[0]);
    if (w.length < 3 || stop.has(w) || /^\d+$/.test(w)) {
      stems.push('');
      words.push('');
      continue;
    }
    stems.push(st(w));
    words.push(w);
  }
  return { stems, words };
}

/** Stemmed content-word unigrams and bigrams (deduplicated, sorted). */
export function makeFeaturizer(bigrams = true): Featurizer {
  const stems: Partial<Record<Lang, StemFn>> = {};
  return (text: string, lang: Lang = 'nl') => {
    const t = tokens(text, lang, (stems[lang] ??= makeStemmer(lang)));
    return ngrams(t.stems, bigrams);
  };
}

function ngrams(words: readonly string[], bigrams: boolean): string[] {
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    if (!words[i]) continue;
    out.add(words[i]);
    if (bigrams && words[i + 1]) out.add(`${words[i]} ${words[i + 1]}`);
  }
  return [...out].sort();
}

/**
 * The features of a set of texts: ids, document frequencies, and the folded
 * words behind each unigram (to resolve wildcard terms of the prior).
 */
export class FeatureSpace {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly df: number[] = [];
  /** Texts counted in `df`. */
  docs = 0;
  private readonly surface = new Map<string, Map<Lang, Set<string>>>();
  private readonly stemmers: Partial<Record<Lang, StemFn>> = {};
  constructor(readonly bigrams = true) {}

  stemmer(lang: Lang): StemFn {
    return (this.stemmers[lang] ??= makeStemmer(lang));
  }

  /** Feature names of a text (sorted, unique), without adding them. */
  featurize(text: string, lang: Lang = 'nl', extra?: readonly string[], record = false, context?: string): string[] {
    if (context && LEARN_SETTINGS.context) {
      const q = tokens(context, lang, this.stemmer(lang)).stems.filter(Boolean).map((x) => `q:${x}`);
      extra = [...(extra ?? []), ...q];
    }
    const t = tokens(text, lang, this.stemmer(lang));
    if (record) {
      for (let i = 0; i < t.stems.length; i++) {
        const s = t.stems[i];
        if (!s) continue;
        let byLang = this.surface.get(s);
        if (!byLang) this.surface.set(s, (byLang = new Map()));
        let set = byLang.get(lang);
        if (!set) byLang.set(lang, (set = new Set()));
        set.add(t.words[i]);
      }
    }
    const f = ngrams(t.stems, this.bigrams);
    return extra && extra.length ? [...new Set([...f, ...extra])].sort() : f;
  }

  /** Count a text: its features get ids and a document frequency. Returns the ids. */
  add(text: string, lang: Lang = 'nl', extra?: readonly string[], context?: string): number[] {
    this.docs++;
    const out: number[] = [];
    for (const f of this.featurize(text, lang, extra, true, context)) {
      let id = this.ids.get(f);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(f, id);
        this.names.push(f);
        this.df.push(0);
      }
      this.df[id]++;
      out.push(id);
    }
    return out;
  }

  /** Ids of the known features of a text (unknown ones are dropped). */
  lookup(text: string, lang: Lang = 'nl', extra?: readonly string[], context?: string): number[] {
    const out: number[] = [];
    for (const f of this.featurize(text, lang, extra, false, context)) {
      const id = this.ids.get(f);
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** Folded words seen behind a unigram stem, per language. */
  wordsOf(stem: string, lang: Lang): ReadonlySet<string> | undefined {
    return this.surface.get(stem)?.get(lang);
  }

  /** A readable form of a feature: the shortest word seen behind each stem (`samenwerk` → `samenwerken`). */
  display(name: string): string {
    if (name.includes('=') || name.startsWith('q:')) return name;
    return name
      .split(' ')
      .map((st) => {
        let best: string | undefined;
        for (const set of this.surface.get(st)?.values() ?? []) for (const w of set) if (best === undefined || w.length < best.length || (w.length === best.length && w < best)) best = w;
        return best ?? st;
      })
      .join(' ');
  }

  /** Rarity in 0..1: 1 for a word in few texts, near 0 for one in most of them. */
  rarity(id: number): number {
    const idf = Math.log((this.docs + 1) / (this.df[id] + 1));
    return Math.max(0, Math.min(1, idf / 3));
  }
}

// ---------------------------------------------------------------------------
// The codebook prior

/** The terms a codebook gives each of its codable codes (rules, name, indicators, examples, criteria, definition; nl and en). */
export function codebookPrior(books: readonly Codebook[]): PriorSpec {
  const out: Array<{ code: string; terms: PriorTerm[] }> = [];
  const seen = new Set<string>();
  for (const b of books) {
    for (const c of b.codes) {
      if (seen.has(c.id) || c.codable === false) continue;
      // a category whose children carry the rules is not coded itself
      if (!(c.rules ?? []).length && b.codes.some((k) => k.parent === c.id)) continue;
      seen.add(c.id);
      out.push({ code: c.id, terms: codeTerms(c) });
    }
  }
  return { codes: out };
}

const LANGS: readonly Lang[] = ['nl', 'en'];

function codeTerms(c: CodeDef): PriorTerm[] {
  const terms: PriorTerm[] = [];
  const list = (part: PriorPart, l: LocalisedList | undefined, asTerms: boolean) => {
    for (const lang of LANGS) for (const t of l?.[lang] ?? []) pushText(terms, part, lang, t, asTerms);
  };
  const text = (part: PriorPart, t: LocalisedText | undefined) => {
    for (const lang of LANGS) if (t?.[lang]) pushText(terms, part, lang, t[lang]!, false);
  };
  for (const r of c.rules ?? []) {
    for (const l of ruleLists(r)) list('rules', l, true);
    list('rule-exclude', r.exclude, true);
  }
  text('name', c.name);
  list('indicators', c.indicators, true);
  list('examples', c.examples, false);
  list('include', c.include, false);
  text('definition', c.definition);
  list('exclude', c.exclude, false);
  return terms;
}

function ruleLists(r: Rule): LocalisedList[] {
  if (r.kind === 'keywords') return [r.terms];
  if (r.kind === 'near') return [r.a, r.b];
  return [];
}

const stemmers: Partial<Record<Lang, StemFn>> = {};
/**
 * A term (`afstem*`, `korte lijntjes`, `*overleg`) as words; prose (a
 * definition, an example) as one term per content word, plus its adjacent
 * content-word pairs.
 */
function pushText(out: PriorTerm[], part: PriorPart, lang: Lang, raw: string, asTerm: boolean): void {
  const st = (stemmers[lang] ??= makeStemmer(lang));
  const stop = lang === 'nl' ? STOP_NL : STOP_EN;
  const text = raw.trim().replace(/^"(.*)"$/, '$1');
  const words: Array<TermWord | undefined> = [];
  for (const part0 of text.split(/\s+/)) {
    const lead = part0.startsWith('*');
    const trail = part0.endsWith('*') && part0.length > 1;
    const inner = part0.replace(/^\*|\*$/g, '').match(new RegExp(WORD_PATTERN.source, 'gu')) ?? [];
    inner.forEach((w0, i) => {
      const w = fold(w0);
      const isTrail = trail && i === inner.length - 1;
      const isLead = lead && i === 0;
      if (!isTrail && !isLead && (w.length < 3 || stop.has(w) || /^\d+$/.test(w))) {
        words.push(undefined);
        return;
      }
      if (isTrail) words.push(w.length >= 3 ? { kind: 'prefix', value: w } : undefined);
      else if (isLead) words.push(w.length >= 3 ? { kind: 'suffix', value: w } : undefined);
      else words.push({ kind: 'stem', value: st(w) });
    });
  }
  if (asTerm) {
    const content = words.filter((w): w is TermWord => !!w);
    if (content.length) out.push({ part, lang, text, words: words.length === content.length ? content : compact(words) });
    return;
  }
  // prose: single content words and adjacent pairs
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) continue;
    out.push({ part, lang, text: w.value, words: [w] });
    const n = words[i + 1];
    if (n) out.push({ part, lang, text: `${w.value} ${n.value}`, words: [w, n] });
  }
}

/** Words of a phrase with stop words removed but adjacency kept where it holds (`plan van aanpak` → plan, aanpak as separate unigrams). */
function compact(words: ReadonlyArray<TermWord | undefined>): TermWord[] {
  return words.filter((w): w is TermWord => !!w);
}

/** Per code: feature id → prior weight, and where it came from (for explanations). */
export interface Prior {
  readonly weights: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly parts: ReadonlyMap<string, ReadonlyMap<number, readonly PriorPart[]>>;
}

/**
 * Resolve a prior spec against the features of a space: a term word matches a
 * unigram feature when its stem is that feature, or (wildcards) when a word
 * behind the feature starts or ends with it, or (Dutch compounds) when a word
 * behind it starts with a stem of at least 6 letters followed by a principled
 * continuation; a two-word term (adjacent content words) matches the bigram.
 * Weight of a feature for a code: the largest part weight among its matched
 * terms × rarity of the feature × 1/√(number of codes it is a prior term of);
 * a negative part only counts for features without a positive one.
 */
export function resolvePrior(spec: PriorSpec, space: FeatureSpace): Prior {
  // unigram feature → matched (code, term) pairs
  const byStem = new Map<string, Array<[number, number]>>();
  const prefixes = new Map<string, Array<[number, number]>>();
  const suffixes = new Map<string, Array<[number, number]>>();
  const termIdx = (ci: number, ti: number, w: TermWord, lang: Lang) => {
    const m = w.kind === 'stem' ? byStem : w.kind === 'prefix' ? prefixes : suffixes;
    const k = `${lang}|${w.value}`;
    const l = m.get(k);
    if (l) l.push([ci, ti]);
    else m.set(k, [[ci, ti]]);
  };
  spec.codes.forEach((c, ci) => c.terms.forEach((t, ti) => t.words.forEach((w) => termIdx(ci, ti, w, t.lang))));
  const unigramMatches = (name: string): Set<string> => {
    // "ci,ti,wordIndexKind": which term words a unigram feature matches
    const hits = new Set<string>();
    for (const lang of LANGS) {
      const add = (l: Array<[number, number]> | undefined, w: string) => {
        if (l) for (const [ci, ti] of l) hits.add(`${ci},${ti},${w}`);
      };
      const words = space.wordsOf(name, lang);
      add(byStem.get(`${lang}|${name}`), `s:${name}`);
      if (!words) continue;
      for (const w of words) {
        for (let n = 3; n <= w.length; n++) add(prefixes.get(`${lang}|${w.slice(0, n)}`), `p:${w.slice(0, n)}`);
        for (let n = 3; n <= w.length; n++) add(suffixes.get(`${lang}|${w.slice(w.length - n)}`), `x:${w.slice(w.length - n)}`);
        if (lang === 'nl') {
          for (let n = COMPOUND_MIN; n < w.length; n++) {
            const head = w.slice(0, n);
            if (compoundRestOk(n, w.slice(n))) add(byStem.get(`nl|${head}`), `s:${head}`);
          }
        }
      }
    }
    return hits;
  };
  const wordMatches = (w: TermWord, hitKey: string) => hitKey === `${w.kind === 'stem' ? 's' : w.kind === 'prefix' ? 'p' : 'x'}:${w.value}`;
  // per code, per feature: best positive and worst negative part weight, and parts
  const best = spec.codes.map(() => new Map<number, { pos: number; neg: number; parts: Set<PriorPart> }>());
  const note = (ci: number, id: number, part: PriorPart) => {
    const m = best[ci];
    let e = m.get(id);
    if (!e) m.set(id, (e = { pos: 0, neg: 0, parts: new Set() }));
    const w = PART_WEIGHT[part] * LEARN_SETTINGS.partScale;
    if (w > 0) e.pos = Math.max(e.pos, w);
    else e.neg = Math.min(e.neg, w);
    e.parts.add(part);
  };
  const uniCache = new Map<string, Set<string>>();
  const uni = (s: string) => {
    let h = uniCache.get(s);
    if (!h) uniCache.set(s, (h = unigramMatches(s)));
    return h;
  };
  for (let id = 0; id < space.names.length; id++) {
    const name = space.names[id];
    if (name.includes('=') || name.includes(':')) continue; // extra features
    const sp = name.indexOf(' ');
    if (sp < 0) {
      for (const h of uni(name)) {
        const [ci, ti] = h.split(',').map(Number);
        const t = spec.codes[ci].terms[ti];
        // a unigram stands for a one-word term fully, for a phrase's word at half weight
        if (t.words.length === 1) note(ci, id, t.part);
        else noteScaled(best[ci], id, t.part, 0.5);
      }
    } else {
      const a = uni(name.slice(0, sp));
      const b = uni(name.slice(sp + 1));
      if (!a.size || !b.size) continue;
      // terms of two adjacent words, both matched in order
      const terms = new Set<string>();
      for (const h of a) {
        const [ci, ti, key] = splitHit(h);
        const t = spec.codes[ci].terms[ti];
        if (t.words.length < 2) continue;
        for (let k = 0; k + 1 < t.words.length; k++) {
          if (!wordMatches(t.words[k], key)) continue;
          for (const h2 of b) {
            const [ci2, ti2, key2] = splitHit(h2);
            if (ci2 === ci && ti2 === ti && wordMatches(t.words[k + 1], key2)) terms.add(`${ci},${ti}`);
          }
        }
      }
      for (const x of terms) {
        const [ci, ti] = x.split(',').map(Number);
        note(ci, id, spec.codes[ci].terms[ti].part);
      }
    }
  }
  // specificity: in how many codes' priors a feature is positive
  const nCodes = new Map<number, number>();
  for (const m of best) for (const [id, e] of m) if (e.pos > 0) nCodes.set(id, (nCodes.get(id) ?? 0) + 1);
  const weights = new Map<string, Map<number, number>>();
  const parts = new Map<string, Map<number, readonly PriorPart[]>>();
  spec.codes.forEach((c, ci) => {
    const w = new Map<number, number>();
    const p = new Map<number, readonly PriorPart[]>();
    for (const [id, e] of [...best[ci]].sort((x, y) => x[0] - y[0])) {
      const rare = space.rarity(id);
      const v = e.pos > 0 ? (e.pos * rare) / Math.sqrt(nCodes.get(id) ?? 1) : e.neg * rare;
      if (Math.abs(v) < 0.02) continue;
      w.set(id, Math.round(v * 1000) / 1000);
      p.set(id, [...e.parts].filter((x) => (e.pos > 0 ? PART_WEIGHT[x] > 0 : true)).sort((x, y) => PART_WEIGHT[y] - PART_WEIGHT[x] || (x < y ? -1 : 1)));
    }
    weights.set(c.code, w);
    parts.set(c.code, p);
  });
  return { weights, parts };
}

function noteScaled(m: Map<number, { pos: number; neg: number; parts: Set<PriorPart> }>, id: number, part: PriorPart, f: number): void {
  let e = m.get(id);
  if (!e) m.set(id, (e = { pos: 0, neg: 0, parts: new Set() }));
  const w = PART_WEIGHT[part] * f * LEARN_SETTINGS.partScale;
  if (w > 0) e.pos = Math.max(e.pos, w);
  else e.neg = Math.min(e.neg, w);
  e.parts.add(part);
}

function splitHit(h: string): [number, number, string] {
  const a = h.indexOf(',');
  const b = h.indexOf(',', a + 1);
  return [Number(h.slice(0, a)), Number(h.slice(a + 1, b)), h.slice(b + 1)];
}

// ---------------------------------------------------------------------------
// Models

export interface CodeModel {
  readonly code: string;
  readonly bias: number;
  /** Feature id → weight (only non-zero ones). */
  readonly weights: ReadonlyMap<number, number>;
  readonly positives: number;
  readonly negatives: number;
}

export interface Model {
  readonly space: FeatureSpace;
  readonly codes: readonly CodeModel[];
  /** Codes seen with too few examples (and no prior) to learn. */
  readonly skipped: readonly string[];
  readonly prior?: Prior;
  /** Kept for compatibility: the feature names (`space.names`). */
  readonly names: readonly string[];
}

export interface Contribution {
  /** The feature (a stem, `stem stem`, or `rule=<code>`). */
  readonly feature: string;
  readonly weight: number;
  /** The codebook parts that gave this feature a prior weight for the code (empty: learned from codings only). */
  readonly parts: readonly PriorPart[];
}

export interface Prediction {
  readonly code: string;
  readonly probability: number;
  /** Top contributing features (names). */
  readonly features: readonly string[];
  /** The same with weights and codebook parts. */
  readonly contributions: readonly Contribution[];
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The (positive, negative) label of an example for a code: 1, 0 or undefined (not labelled). */
export function labelOf(e: Example, code: string): 0 | 1 | undefined {
  if (e.codes.has(code)) return 1;
  if (!e.negatives || e.negatives.has(code)) return 0;
  return undefined;
}

/**
 * Train one code's weights: minimise Σ s_i·logloss_i + Σ_k (λ_k/2)(w_k − w0_k)² + (l2/2)(b − b0)²
 * (λ_k = priorStrength for features with a codebook weight w0_k, l2 for the others) by cyclic
 * coordinate descent with a Newton step per coordinate (the margins are updated after every
 * step, so weights of words that always occur together do not all jump at once), from `start`
 * (warm start) or the prior. Deterministic: features in a fixed order.
 */
export function fitCode(
  X: ReadonlyArray<readonly number[]>,
  y: ReadonlyArray<0 | 1>,
  opts: {
    prior?: ReadonlyMap<number, number>;
    bias0?: number;
    l2?: number;
    priorStrength?: number;
    epochs?: number;
    positiveWeight?: number;
    start?: { bias: number; weights: ReadonlyMap<number, number> };
    /** A feature whose prior is relative to the bias: its weight is pulled towards `relative.logit − b` (the rule feature). */
    relative?: { readonly feature: number; readonly logit: number };
    /** Strength of the pull of the `relative` feature (default LEARN_SETTINGS.ruleStrength). */
    ruleStrength?: number;
    /** Weight of each example (default 1), e.g. the researcher's review decisions above the base examples. */
    sampleWeights?: ReadonlyArray<number>;
  },
): { bias: number; weights: Map<number, number> } {
  const l2 = opts.l2 ?? LEARN_SETTINGS.l2;
  const lb = opts.relative || opts.bias0 === undefined || opts.bias0 === LEARN_SETTINGS.bias ? LEARN_SETTINGS.biasStrength : l2;
  const strength = opts.priorStrength ?? LEARN_SETTINGS.priorStrength;
  const b0 = opts.bias0 ?? LEARN_SETTINGS.bias;
  const prior = opts.prior ?? new Map<number, number>();
  const n = X.length;
  const pos = y.reduce<number>((a, v) => a + v, 0);
  const pw = opts.positiveWeight ?? LEARN_SETTINGS.positiveWeight;
  const wPos = typeof pw === 'number' ? pw : pos && n - pos ? Math.min(4, Math.max(1, Math.sqrt((n - pos) / pos))) : 1;
  // local index of the features that occur (the others keep their prior or start weight)
  const local = new Map<number, number>();
  const feats: number[] = [];
  const Xl: number[][] = X.map((row) =>
    row.map((j) => {
      let k = local.get(j);
      if (k === undefined) {
        local.set(j, (k = feats.length));
        feats.push(j);
      }
      return k;
    }),
  );
  const m = feats.length;
  const cols: number[][] = Array.from({ length: m }, () => []);
  Xl.forEach((row, i) => row.forEach((k) => cols[k].push(i)));
  const w = new Float64Array(m);
  const w0 = new Float64Array(m);
  const lam = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const p = prior.get(feats[k]);
    w0[k] = p ?? 0;
    lam[k] = p === undefined ? l2 : strength;
    w[k] = opts.start?.weights.get(feats[k]) ?? w0[k];
  }
  const relLocal = opts.relative ? local.get(opts.relative.feature) : undefined;
  if (relLocal !== undefined) lam[relLocal] = opts.ruleStrength ?? LEARN_SETTINGS.ruleStrength;
  let b = opts.start?.bias ?? b0;
  const s = Float64Array.from(y, (v, i) => (v ? wPos : 1) * (opts.sampleWeights?.[i] ?? 1));
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = b;
    for (const k of Xl[i]) v += w[k];
    z[i] = v;
  }
  const epochs = opts.epochs ?? 30;
  const MAX_STEP = 2;
  const rel = opts.relative ? local.get(opts.relative.feature) ?? -1 : -1;
  for (let ep = 0; ep < epochs; ep++) {
    // bias
    {
      let g = lb * (b - b0);
      let h = lb;
      for (let i = 0; i < n; i++) {
        const p = sigmoid(z[i]);
        g += (p - y[i]) * s[i];
        h += p * (1 - p) * s[i];
      }
      const d = Math.max(-MAX_STEP, Math.min(MAX_STEP, -g / Math.max(h, 1e-6)));
      if (d !== 0) {
        b += d;
        for (let i = 0; i < n; i++) z[i] += d;
      }
    }
    if (rel >= 0) w0[rel] = opts.relative!.logit - b;
    for (let k = 0; k < m; k++) {
      const col = cols[k];
      let g = lam[k] * (w[k] - w0[k]);
      let h = lam[k];
      for (let q = 0; q < col.length; q++) {
        const i = col[q];
        const p = sigmoid(z[i]);
        g += (p - y[i]) * s[i];
        h += p * (1 - p) * s[i];
      }
      const d = Math.max(-MAX_STEP, Math.min(MAX_STEP, -g / Math.max(h, 1e-6)));
      if (d === 0) continue;
      w[k] += d;
      for (let q = 0; q < col.length; q++) z[col[q]] += d;
    }
  }
  const weights = new Map<number, number>();
  // features absent from the examples: their estimate is the prior (0 without one)
  for (const [j, v] of prior) if (!local.has(j) && v !== 0) weights.set(j, opts.relative?.feature === j ? opts.relative.logit - b : v);
  for (let k = 0; k < m; k++) if (Math.abs(w[k]) > 1e-6) weights.set(feats[k], w[k]);
  return { bias: b, weights };
}

/** The rows (feature ids) of examples in a space, adding their features. */
export function exampleRows(space: FeatureSpace, examples: readonly Example[]): number[][] {
  return examples.map((e) => space.add(e.text, e.lang, e.extra, e.context));
}

/** The prior of one code as a map over feature ids, with `rule=<code>` at LEARN_SETTINGS.ruleWeight. */
/** For `fitCode`: the rule feature of a code with a prior, pulled towards probability 0.5 relative to the bias. */
export function ruleRelative(prior: Prior | undefined, space: FeatureSpace, code: string): { feature: number; logit: number } | undefined {
  const r = space.ids.get(`rule=${code}`);
  return r !== undefined && prior?.weights.has(code) ? { feature: r, logit: LEARN_SETTINGS.bias + LEARN_SETTINGS.ruleWeight } : undefined;
}

export function codePrior(prior: Prior | undefined, space: FeatureSpace, code: string): Map<number, number> {
  const m = new Map(prior?.weights.get(code) ?? []);
  const r = space.ids.get(`rule=${code}`);
  if (r !== undefined && prior?.weights.has(code)) m.set(r, LEARN_SETTINGS.ruleWeight);
  return m;
}

export function trainModel(examples: readonly Example[], opts: LearnOptions = {}): Model {
  const space = new FeatureSpace(opts.bigrams ?? true);
  const X = exampleRows(space, examples);
  for (const u of opts.unlabelled ?? []) space.add(u.text, u.lang, u.extra, u.context);
  const prior = opts.prior ? resolvePrior(opts.prior, space) : undefined;
  const priorCodes = opts.prior ? opts.prior.codes.map((c) => c.code) : [];
  const allCodes = [...new Set([...priorCodes, ...examples.flatMap((e) => [...e.codes])])].sort();
  const minPos = opts.minPositives ?? 2;
  const codes: CodeModel[] = [];
  const skipped: string[] = [];
  for (const code of allCodes) {
    const rows: number[][] = [];
    const y: Array<0 | 1> = [];
    examples.forEach((e, i) => {
      const l = labelOf(e, code);
      if (l === undefined) return;
      rows.push(X[i]);
      y.push(l);
    });
    const pos = y.reduce<number>((a, b) => a + b, 0);
    const hasPrior = prior?.weights.has(code) ?? false;
    if (!hasPrior && (pos < minPos || pos === y.length)) {
      skipped.push(code);
      continue;
    }
    const rel = ruleRelative(prior, space, code);
    const fit = fitCode(rows, y, { prior: codePrior(prior, space, code), l2: opts.l2, epochs: opts.epochs, positiveWeight: opts.positiveWeight, ...(rel ? { relative: rel } : {}), bias0: hasPrior ? LEARN_SETTINGS.bias : Math.log((pos + 0.5) / (y.length - pos + 0.5)) });
    codes.push({ code, bias: fit.bias, weights: fit.weights, positives: pos, negatives: y.length - pos });
  }
  return { space, codes, skipped, ...(prior ? { prior } : {}), names: space.names };
}

/** Score a row of feature ids with one code model. */
export function scoreRow(cm: CodeModel, row: readonly number[]): number {
  let z = cm.bias;
  for (const j of row) z += cm.weights.get(j) ?? 0;
  return sigmoid(z);
}

export function predict(model: Model, text: string, lang?: Lang, _featurize?: Featurizer, extra?: readonly string[], context?: string): Prediction[] {
  const ids = model.space.lookup(text, lang, extra, context);
  return model.codes.map((cm) => predictRow(model, cm, ids));
}

export function predictRow(model: Pick<Model, 'space' | 'prior'>, cm: CodeModel, ids: readonly number[]): Prediction {
  let z = cm.bias;
  const contrib: Array<[number, number]> = [];
  for (const j of ids) {
    const wj = cm.weights.get(j);
    if (wj === undefined) continue;
    z += wj;
    if (wj > 0) contrib.push([j, wj]);
  }
  contrib.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const top = contrib.slice(0, 6);
  const parts = model.prior?.parts.get(cm.code);
  const name = (j: number) => model.space.display(model.space.names[j]);
  return {
    code: cm.code,
    probability: Math.round(sigmoid(z) * 10000) / 10000,
    features: top.map(([j]) => name(j)),
    contributions: top.map(([j, w]) => ({ feature: name(j), weight: Math.round(w * 1000) / 1000, parts: model.space.names[j] === `rule=${cm.code}` ? ['rules'] : parts?.get(j) ?? [] })),
  };
}

// ---------------------------------------------------------------------------
// Evaluation and the threshold

export interface CodeQuality {
  readonly code: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Quality {
  /** `leave-one-source-out` or `5-fold by position`. */
  readonly method: string;
  readonly threshold: number;
  /** The threshold chosen on the training data (cross-validated F1), when it was chosen automatically. */
  readonly chosenThreshold?: number;
  /** Why the threshold is what it is (e.g. `default 0.5: too few coded examples to choose one`). */
  readonly thresholdReason?: string;
  readonly perCode: readonly CodeQuality[];
  readonly micro: CodeQuality;
}

export function prf(code: string, tp: number, fp: number, fn: number): CodeQuality {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 10000) / 10000;
  return { code, tp, fp, fn, precision: r(precision), recall: r(recall), f1: r(f1) };
}

/** Folds: leave-one-group-out when there are ≥ 2 groups, else 5 folds by position (i mod 5). */
function makeFolds(examples: readonly Example[]): { method: string; folds: number[][] } {
  const groups = [...new Set(examples.map((e) => e.group ?? ''))].sort();
  const folds: number[][] = [];
  if (groups.length >= 2) {
    for (const g of groups) folds.push(examples.map((e, i) => ((e.group ?? '') === g ? i : -1)).filter((i) => i >= 0));
    return { method: 'leave-one-source-out', folds };
  }
  for (let k = 0; k < 5; k++) folds.push(examples.map((_, i) => (i % 5 === k ? i : -1)).filter((i) => i >= 0));
  return { method: '5-fold by position', folds };
}

/** Out-of-fold probabilities: for each example, code → probability from a model not trained on it. */
export function outOfFold(examples: readonly Example[], opts: LearnOptions = {}): { method: string; probs: Array<Map<string, number>> } {
  const { method, folds } = makeFolds(examples);
  const probs: Array<Map<string, number>> = examples.map(() => new Map());
  for (const test of folds) {
    const inTest = new Set(test);
    const model = trainModel(
      examples.filter((_, i) => !inTest.has(i)),
      { ...opts, unlabelled: [...(opts.unlabelled ?? []), ...test.map((i) => examples[i])] },
    );
    for (const i of test) {
      const e = examples[i];
      for (const p of predict(model, e.text, e.lang, undefined, e.extra, e.context)) probs[i].set(p.code, p.probability);
    }
  }
  return { method, probs };
}

function qualityAt(examples: readonly Example[], probs: ReadonlyArray<ReadonlyMap<string, number>>, threshold: number, method: string): Quality {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const get = (c: string) => counts.get(c) ?? counts.set(c, { tp: 0, fp: 0, fn: 0 }).get(c)!;
  examples.forEach((e, i) => {
    const predicted = new Set<string>();
    for (const [c, p] of probs[i]) if (p >= threshold && labelOf(e, c) !== undefined) predicted.add(c);
    for (const c of [...predicted].sort()) if (e.codes.has(c)) get(c).tp++; else get(c).fp++;
    for (const c of [...e.codes].sort()) if (!predicted.has(c)) get(c).fn++;
  });
  const perCode = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, x]) => prf(c, x.tp, x.fp, x.fn));
  const tot = perCode.reduce((a, q) => ({ tp: a.tp + q.tp, fp: a.fp + q.fp, fn: a.fn + q.fn }), { tp: 0, fp: 0, fn: 0 });
  return { method, threshold, perCode, micro: prf('(micro)', tot.tp, tot.fp, tot.fn) };
}

/** Held-out quality: leave-one-group-out when there are ≥ 2 groups, else 5 folds by position (i mod 5). */
export function evaluateHeldOut(examples: readonly Example[], threshold = 0.5, opts: LearnOptions = {}): Quality {
  const { method, probs } = outOfFold(examples, opts);
  return qualityAt(examples, probs, threshold, method);
}

/** Thresholds the cross-validation may choose from: never below 0.3 (below that most suggestions would be wrong). */
export const THRESHOLD_GRID: readonly number[] = [0.3, 0.4, 0.5, 0.6, 0.7];
export const DEFAULT_THRESHOLD = 0.5;
/** Fewer positive codings than this and the threshold is not chosen by cross-validation (too noisy): DEFAULT_THRESHOLD. */
export const MIN_POSITIVES_TO_TUNE = 30;

export interface Tuned {
  readonly l2: number;
  readonly threshold: number;
  /** Cross-validated quality at the chosen settings (optimistic: the settings were chosen on the same folds). */
  readonly quality: Quality;
  readonly reason: string;
}

/**
 * Choose the probability threshold on the training data: with at least
 * MIN_POSITIVES_TO_TUNE positive codings, the threshold of the grid (0.3–0.7)
 * with the best cross-validated micro F1, keeping DEFAULT_THRESHOLD unless
 * another is better by more than 0.02 (ties: the higher threshold); with fewer,
 * DEFAULT_THRESHOLD (a threshold chosen on a handful of examples is noise: it
 * fell to 0.05 before this rule). Deterministic (grids, fixed folds).
 */
export function tune(examples: readonly Example[], opts: LearnOptions = {}, l2Grid: readonly number[] = [LEARN_SETTINGS.l2], thresholds: readonly number[] = THRESHOLD_GRID): Tuned {
  const positives = examples.reduce((n, e) => n + e.codes.size, 0);
  const fixed = thresholds.length === 1;
  let best: Tuned | undefined;
  for (const l2 of [...l2Grid].sort((a, b) => b - a)) {
    const { method, probs } = outOfFold(examples, { ...opts, l2 });
    if (fixed || positives < MIN_POSITIVES_TO_TUNE) {
      const t = fixed ? thresholds[0] : DEFAULT_THRESHOLD;
      const q = qualityAt(examples, probs, t, method);
      const reason = fixed ? `${t} (given)` : `${t} (default: ${positives} positive coding${positives === 1 ? '' : 's'}, fewer than ${MIN_POSITIVES_TO_TUNE} needed to choose one by cross-validation)`;
      if (!best || q.micro.f1 > best.quality.micro.f1 + 1e-9) best = { l2, threshold: t, quality: q, reason };
      continue;
    }
    const atDefault = qualityAt(examples, probs, DEFAULT_THRESHOLD, method);
    let pick = { t: DEFAULT_THRESHOLD, q: atDefault };
    for (const t of [...thresholds].sort((a, b) => b - a)) {
      const q = qualityAt(examples, probs, t, method);
      if (q.micro.f1 > pick.q.micro.f1 + 0.02) pick = { t, q };
    }
    const reason = `${pick.t} (chosen by cross-validated F1 on ${positives} positive codings, ${method})`;
    if (!best || pick.q.micro.f1 > best.quality.micro.f1 + 1e-9) best = { l2, threshold: pick.t, quality: pick.q, reason };
  }
  return best!;
}
