import type { Diagnostic, Lang, LocalisedText, Segment, Source } from '../model/types.js';
import { fold, WORD_PATTERN } from '../coding/tokenize.js';

/**
 * The interview guide (topiclijst) and the mapping of answers to its questions (pure).
 *
 * Matching: every interviewer turn is split into sentences; each sentence is compared with
 * every guide question (its text in each language plus its label) on FOLDED, STEMMED content
 * tokens (function words removed). Token pairs count as equal when their stems are equal, when
 * one stem contains the other (≥ 4 letters: "beter" in "verbeter", compounds such as
 * "casuïstiekbespreking"), or with partial credit when their Jaro–Winkler similarity is ≥ 0.88.
 * Each token is weighted by its inverse document frequency over the guide's questions, so
 * a rare word ("vertrouwen") weighs more than a frequent one ("wijkcoach"). The score is the
 * weighted Dice coefficient (harmonic mean of the share of the turn's words found in the question
 * and of the question's words found in the turn). The best question wins when its score reaches
 * the threshold (default 0.3, tuned on the bundled samples); otherwise the turn is a follow-up (probe) and the answers after it
 * stay with the question asked before. Respondent turns before the first matched question belong
 * to no question.
 */

export interface GuideQuestion {
  readonly id: string;
  readonly number?: string;
  readonly label?: LocalisedText;
  readonly text: LocalisedText;
  /** The code this question mainly targets (optional). */
  readonly code?: string;
}

export interface GuidePart {
  readonly id: string;
  readonly title?: LocalisedText;
  readonly questions: readonly GuideQuestion[];
}

export interface Guide {
  readonly id: string;
  readonly title?: LocalisedText;
  readonly language?: Lang;
  readonly parts: readonly GuidePart[];
  readonly file?: string;
  /** What reading the guide found to say (two questions with one number or label); the commands print them. */
  readonly warnings?: readonly Diagnostic[];
}

export interface QuestionMatch {
  readonly segmentId: string;
  readonly sourceId: string;
  /** Matched question id, or null for a follow-up / unmatched turn. */
  readonly question: string | null;
  readonly score: number;
  /** Best candidate even when below the threshold (for diagnostics). */
  readonly best: string | null;
}

export interface GuideMapping {
  /** Interviewer turns and their matches, in source order. */
  readonly interviewerTurns: readonly QuestionMatch[];
  /** Segment id (non-interviewer) → question id (absent: before the first matched question). */
  readonly questionOfSegment: ReadonlyMap<string, string>;
  readonly threshold: number;
}

export interface GuideMatchOptions {
  readonly threshold?: number;
  /** Stemmer per language for folded tokens (default: light suffix stripping). */
  readonly stem?: (lang: Lang) => (folded: string) => string;
}

const STOP = new Set(
  (
    // Dutch function words
    'de het een en of maar dan dat die dit deze er hier daar je jij u jullie jouw uw ik me mij mijn we wij ons onze hij zij ze hem haar hun ' +
    'is zijn was waren ben bent wordt worden werd werden heb hebt heeft hebben had hadden zou zouden kan kun kunt wil wilt moet moeten ' +
    'van in op aan met voor door over om te tot bij naar uit als ook wel niet geen al toch even eens zo hoe wat wie waar welke welk wanneer waarom ' +
    'eigenlijk bijvoorbeeld dus eh oké ok ja nee goed fijn mooi zoals volgens denk vind jouw jou tussen zou zouden willen kunnen gaan gaat zit ' +
    'echt dingen ' +
    // English function words
    'the a an and or but then that this these those there here you your i me my we us our he she they them their ' +
    'is are was were be been being do does did have has had would could can will shall should may might must ' +
    'of in on at with for by about to from as also not no so how what who where which when why ' +
    'okay ok yes well just like think view between would could want really things thing'
  ).split(/\s+/),
);

/**
 * Lower case, no diacritics (é → e), apostrophes removed: the coder's fold (a word broken at a
 * line end joined, soft hyphens left out, ligatures as their letters), without apostrophes.
 */
export function foldWord(w: string): string {
  return fold(w).replace(/'/g, '');
}

/** A light stemmer (fallback when no Snowball stemmer is passed in). */
export function lightStem(w: string): string {
  for (const suf of ['ingen', 'ing', 'en', 'es', 'er', 'e', 's', 'ed']) {
    if (w.length - suf.length >= 4 && w.endsWith(suf)) return w.slice(0, -suf.length);
  }
  return w;
}

export function contentTokens(text: string, stem: (w: string) => string = lightStem): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_PATTERN)) {
    const f = foldWord(m[0]);
    if (f.length < 2 || STOP.has(f) || /^\d+$/.test(f)) continue;
    for (const part of f.split('-')) if (part.length >= 2 && !STOP.has(part)) out.push(stem(part));
  }
  return out;
}

/** Jaro–Winkler similarity (0..1). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = new Array<boolean>(la).fill(false);
  const mb = new Array<boolean>(lb).fill(false);
  let m = 0;
  for (let i = 0; i < la; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(lb, i + range + 1); j++) {
      if (mb[j] || a[i] !== b[j]) continue;
      ma[i] = mb[j] = true;
      m++;
      break;
    }
  }
  if (!m) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let p = 0;
  while (p < 4 && p < la && p < lb && a[p] === b[p]) p++;
  return jaro + p * 0.1 * (1 - jaro);
}

/** Similarity of two stems: 1 equal or containment (≥ 4 letters), JW ≥ 0.88 scaled, else 0. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 4 && l.includes(s)) return 0.9;
  const jw = jaroWinkler(a, b);
  return jw >= 0.88 ? jw * 0.8 : 0;
}

interface QuestionProfile {
  readonly id: string;
  readonly variants: ReadonlyArray<readonly string[]>;
}

/** Split a turn into sentences (keeps the question sentences). */
function sentences(text: string): string[] {
  const parts = text.split(/(?<=[.?!…])\s+/).map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : [text];
}

/** Build the matcher for a guide: returns score(text) → best question and score. */
export function guideMatcher(guide: Guide, opts: GuideMatchOptions = {}): (text: string, lang: Lang) => Map<string, number> {
  const stemFor = opts.stem ?? (() => lightStem);
  const cache = new Map<Lang, (w: string) => string>();
  const stem = (lang: Lang) => {
    let f = cache.get(lang);
    if (!f) cache.set(lang, (f = stemFor(lang)));
    return f;
  };
  const questions = guide.parts.flatMap((p) => p.questions);
  const profiles = new Map<Lang, QuestionProfile[]>();
  const idf = new Map<Lang, Map<string, number>>();
  const profileFor = (lang: Lang): QuestionProfile[] => {
    let ps = profiles.get(lang);
    if (ps) return ps;
    const st = stem(lang);
    ps = questions.map((q) => {
      const variants: string[][] = [];
      // compare in the interview's language when the guide has it (cross-language stems mislead:
      // "interessante" is not "interests")
      const langs = q.text[lang] ? [lang] : (['nl', 'en'] as const);
      for (const l of langs) {
        const t = q.text[l];
        if (!t) continue;
        const lab = q.label?.[l] ?? '';
        variants.push([...new Set(contentTokens(`${t} ${lab}`, l === lang ? st : stem(l)))]);
      }
      return { id: q.id, variants };
    });
    const df = new Map<string, number>();
    for (const p of ps) for (const t of new Set(p.variants.flat())) df.set(t, (df.get(t) ?? 0) + 1);
    const w = new Map<string, number>();
    for (const [t, n] of df) w.set(t, Math.log(1 + questions.length / n));
    profiles.set(lang, ps);
    idf.set(lang, w);
    return ps;
  };
  return (text: string, lang: Lang) => {
    const ps = profileFor(lang);
    const w = idf.get(lang)!;
    const unknownW = Math.log(1 + questions.length / 0.75);
    const weight = (t: string) => w.get(t) ?? unknownW;
    const best = new Map<string, number>();
    for (const sentence of sentences(text)) {
      const toks = [...new Set(contentTokens(sentence, stem(lang)))];
      if (!toks.length) continue;
      for (const p of ps) {
        for (const v of p.variants) {
          if (!v.length) continue;
          // greedy soft matching: each turn token to its most similar question token
          let matchedT = 0;
          let totalT = 0;
          const usedQ = new Map<string, number>();
          for (const t of toks) {
            let sim = 0;
            let arg = '';
            for (const q of v) {
              const s = tokenSimilarity(t, q);
              if (s > sim) {
                sim = s;
                arg = q;
              }
            }
            const wt = sim > 0 ? Math.min(weight(t), weight(arg)) : weight(t);
            totalT += wt;
            if (sim > 0) {
              matchedT += sim * wt;
              usedQ.set(arg, Math.max(usedQ.get(arg) ?? 0, sim));
            }
          }
          let totalQ = 0;
          let matchedQ = 0;
          for (const q of v) {
            totalQ += weight(q);
            matchedQ += (usedQ.get(q) ?? 0) * weight(q);
          }
          const P = totalT ? matchedT / totalT : 0;
          const R = totalQ ? matchedQ / totalQ : 0;
          // F-beta with beta = 0.5: how much of the asked sentence the question explains weighs more
          // than how much of the (longer, formal) guide question the interviewer repeated
          const score = P + R > 0 ? (1.25 * P * R) / (0.25 * P + R) : 0;
          if (score > (best.get(p.id) ?? 0)) best.set(p.id, Math.round(score * 1000) / 1000);
        }
      }
    }
    return best;
  };
}

/**
 * Map every non-interviewer segment to the guide question it answers, by matching the
 * interviewer turns (see the module comment). Sources without interviewer turns map nothing.
 */
export function mapToGuide(sources: readonly Source[], segments: readonly Segment[], guide: Guide, opts: GuideMatchOptions = {}): GuideMapping {
  const threshold = opts.threshold ?? 0.3;
  const match = guideMatcher(guide, opts);
  const order = new Map(guide.parts.flatMap((p) => p.questions).map((q, i) => [q.id, i]));
  const bySource = new Map<string, Segment[]>();
  for (const g of segments) {
    let l = bySource.get(g.sourceId);
    if (!l) bySource.set(g.sourceId, (l = []));
    l.push(g);
  }
  const interviewerTurns: QuestionMatch[] = [];
  const questionOfSegment = new Map<string, string>();
  for (const s of sources) {
    const segs = (bySource.get(s.id) ?? []).slice().sort((a, b) => a.start - b.start || a.index - b.index);
    const lang: Lang = s.language ?? guide.language ?? 'nl';
    let current: string | null = null;
    const asked = new Set<string>();
    let lastTurn: number | undefined;
    let lastQuestionTurnMatch: QuestionMatch | undefined;
    for (const g of segs) {
      if (g.role === 'interviewer') {
        // sentence/paragraph units: one decision per interviewer turn
        if (g.turn !== undefined && g.turn === lastTurn && lastQuestionTurnMatch) continue;
        // an interviewer rarely asks the same guide question twice: questions already matched
        // in this interview lose 0.15 (so "and what would you improve?" after a probe goes elsewhere)
        let bestQ: string | null = null;
        let bestS = 0;
        for (const [q, sc] of match(g.text, lang)) {
          const adj = asked.has(q) ? sc - 0.15 : sc;
          if (adj > bestS + 1e-9 || (Math.abs(adj - bestS) <= 1e-9 && bestQ !== null && order.get(q)! < order.get(bestQ)!)) {
            bestQ = q;
            bestS = adj;
          }
        }
        bestS = Math.max(0, Math.round(bestS * 1000) / 1000);
        const m: QuestionMatch = { segmentId: g.id, sourceId: s.id, question: bestS >= threshold ? bestQ : null, score: bestS, best: bestQ };
        if (m.question) asked.add(m.question);
        interviewerTurns.push(m);
        lastTurn = g.turn;
        lastQuestionTurnMatch = m;
        if (m.question) current = m.question;
        continue;
      }
      if (current) questionOfSegment.set(g.id, current);
    }
  }
  return { interviewerTurns, questionOfSegment, threshold };
}

export function guideQuestions(guide: Guide): Array<GuideQuestion & { part: GuidePart; index: number }> {
  let i = 0;
  return guide.parts.flatMap((part) => part.questions.map((q) => ({ ...q, part, index: i++ })));
}

export function localText(t: LocalisedText | undefined, lang: Lang): string {
  return (lang === 'nl' ? t?.nl ?? t?.en : t?.en ?? t?.nl) ?? '';
}

/**
 * How a question value of the codings is compared with a question's id, number, label and text:
 * accents, capitals and punctuation left aside ("1." is "1", "Rol:" is "rol").
 */
export function questionKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s.:;,!?()]+/g, ' ')
    .trim();
}

/**
 * Questions of one guide that share a number or a label (two numbered "1", a label written twice):
 * a codings value "1" names both and is counted under the first (question-ambiguous-in-guide says
 * so only when a coding names it). Said of the guide itself, with each question's line.
 */
export function guideNamedTwice(guide: Guide, lineOf: (questionId: string, field: 'number' | 'label') => number | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const qs = guideQuestions(guide);
  for (const field of ['number', 'label'] as const) {
    const by = new Map<string, { shown: string; qs: typeof qs }>();
    for (const q of qs) {
      const names = field === 'number' ? [q.number] : [...new Set([q.label?.nl, q.label?.en])];
      for (const n of names) {
        if (n === undefined || !questionKey(n)) continue;
        const k = questionKey(n);
        const e = by.get(k) ?? by.set(k, { shown: n, qs: [] }).get(k)!;
        if (!e.qs.includes(q)) e.qs.push(q);
      }
    }
    const twice = [...by.values()].filter((e) => e.qs.length > 1);
    if (!twice.length) continue;
    const lang = guide.language ?? 'nl';
    const first = twice[0];
    const line = lineOf(first.qs[1].id, field);
    const desc = (q: (typeof qs)[number]) => {
      const l = lineOf(q.id, field);
      return `${q.id}${l !== undefined ? ` (line ${l})` : ''}: "${q.number ? `${q.number.replace(/\.$/, '')}. ` : ''}${localText(q.label, lang) || localText(q.text, lang)}"`;
    };
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: field === 'number' ? 'guide-duplicate-number' : 'guide-duplicate-label',
      message: `${twice.length} ${field}${twice.length > 1 ? 's' : ''} of the interview guide ${twice.length > 1 ? 'are' : 'is'} given to more than one question: ${twice
        .slice(0, 5)
        .map((e) => `${field} "${e.shown}" for ${e.qs.map(desc).join(' and ')}`)
        .join('; ')}${twice.length > 5 ? '; …' : ''}; a codings value "${first.shown}" names ${first.qs.length > 2 ? 'all of them' : 'both'} and is counted under the first`,
      ...(guide.file ? { file: guide.file } : {}),
      ...(line !== undefined ? { line } : {}),
      hint: field === 'number' ? 'give each question its own number (1, 2, 2a, …)' : 'give each question its own label (or leave the label out where the number says it)',
    });
  }
  return out;
}

/** The warning for question values that name two or more questions of the guide (see guideAmbiguity), or undefined. */
export function ambiguousWarning(hits: ReadonlyArray<{ q: string; qs: readonly string[]; at?: { readonly line?: number; readonly path?: string } }>, guideFile?: string, codingsFile?: string): Diagnostic | undefined {
  if (!hits.length) return undefined;
  const at = hits[0].at;
  return {
    severity: 'warning',
    source: 'analysis',
    ruleId: 'question-ambiguous-in-guide',
    message: `${hits.length} question value(s) of the codings name more than one question of the guide${guideFile ? ` (${guideFile})` : ''} and are counted under the first: ${hits
      .slice(0, 6)
      .map((h) => `"${h.q}"${h.at?.line !== undefined ? ` (first on line ${h.at.line})` : h.at?.path !== undefined ? ` (first at ${h.at.path})` : ''}: ${h.qs.join(' or ')}`)
      .join('; ')}${hits.length > 6 ? '; …' : ''}`,
    ...(codingsFile ? { file: codingsFile } : {}),
    ...(codingsFile && at?.line !== undefined ? { line: at.line } : codingsFile && at?.path !== undefined ? { path: at.path } : {}),
    hint: 'give each question of the guide its own number and label, or write the question id in the codings',
  };
}
