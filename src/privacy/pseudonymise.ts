import { OffsetMap, LineIndex } from '../model/codepoints.js';
import { findPatterns, type Finding, type IdentifierKind } from './patterns.js';
import { compileNames, findHeuristicNames, findSpeakerLabels, foldHidden, foldMarks, isRoleLabel, nameParts } from './names.js';
import { pushAll } from '../model/arrays.js';
import { isAnnotation } from '../ingest/parse-blocks.js';
import { inputError } from '../model/errors.js';

/**
 * Consistent pseudonymisation across files (pure). Two passes: `learn` every
 * text (speaker labels and heuristic names become known names), then `apply`
 * each text: known names, patterns and heuristics are found, overlaps resolved
 * (e-mail > IBAN > phone > BSN > postcode > listed names > speaker labels >
 * heuristics; then earliest, longest), and replaced. Persons get R1, R2, … in
 * order of first replacement (or the pseudonym from the key file / names list),
 * the same person the same pseudonym in every file.
 */

export interface KeyEntry {
  readonly original: string;
  readonly pseudonym: string;
  readonly kind: IdentifierKind;
}

export interface NameEntry {
  readonly name: string;
  readonly pseudonym?: string;
  /** Its line in the names list (for messages). */
  readonly line?: number;
}

export interface PseudonymiseOptions {
  /** Names to replace (from --names). */
  readonly names?: readonly NameEntry[];
  /** Existing key (from --key): original → pseudonym. */
  readonly key?: readonly KeyEntry[];
  /** Capitalised-name heuristics (default true). */
  readonly heuristics?: boolean;
  /** Prefix of person pseudonyms (default R). */
  readonly prefix?: string;
  /** The names list and key file as shown in messages. */
  readonly namesFile?: string;
  readonly keyFile?: string;
}

/** One replacement, in code points over the original text. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly original: string;
  readonly replacement: string;
  readonly kind: IdentifierKind;
  readonly rule: string;
  /** 1-based line and column (code points) of `start`. */
  readonly line: number;
  readonly column: number;
}

export interface PseudonymisedText {
  readonly text: string;
  readonly edits: readonly Edit[];
}

const PRIORITY: Record<string, number> = {
  email: 0,
  iban: 1,
  'phone-nl': 2,
  'bsn-11-proef': 3,
  'postcode-nl': 4,
  'key-file': 5,
  'names-list': 5,
  'name-in-url': 5,
  'speaker-label': 6,
  'heuristic-title': 7,
  'heuristic-initials': 7,
  'heuristic-cue': 8,
  'heuristic-capitalised': 9,
  'heuristic-name-part': 10,
  'heuristic-diminutive': 10,
};

/**
 * A word of a name as its spelling variants share it: without accents, ij as y, ck as k, doubled letters as one
 * (Janssen and Jansen, Meijer and Meyer, Bakker and Baker).
 */
export function nameVariantKey(w: string): string {
  return w.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ij/g, 'y').replace(/ck/g, 'k').replace(/(\p{L})\1+/gu, '$1');
}

/** A capitalised word with a Dutch diminutive ending (Pietje, Jantje, Sannetje, Anneke, Robbie), perhaps with -s. */
const DIMINUTIVE_WORD = /(?<![\p{L}\p{N}_@])(?:IJ|Ĳ|\p{Lu})\p{Ll}+(?:je|ke|ie)s?(?![\p{L}\p{N}_])/gu;
const DIMINUTIVE_ENDINGS = ['etje', 'tje', 'pje', 'je', 'eke', 'ke', 'ie'];

/** The given names a diminutive may be made of: Pietje → Piet, Jantje → Jan, Sannetje → Sanne, Tommetje → Tom, Evaatje → Eva, Anneke → Anne, Sannie → Sanne. */
export function diminutiveBases(word: string): string[] {
  const out: string[] = [];
  for (const e of DIMINUTIVE_ENDINGS) {
    if (!word.endsWith(e)) continue;
    const stem = word.slice(0, -e.length);
    if (stem.length < 2) continue;
    out.push(stem, `${stem}e`);
    if (stem.length >= 3 && stem[stem.length - 1] === stem[stem.length - 2]) out.push(stem.slice(0, -1));
  }
  return [...new Set(out)].filter((b) => b.length >= 3);
}

/** A part of a name (Jansen, Sanne) that more than one known full name has, given a pseudonym of its own. */
export interface AmbiguousPart {
  readonly original: string;
  readonly pseudonym: string;
  /** The full names it is part of. */
  readonly names: readonly string[];
}

/** A diminutive (Sannetje) taken as the person of the given name it is made of (Sanne). */
export interface DiminutiveTaken {
  readonly form: string;
  readonly name: string;
}

/** The kinds of a key file's kind column, as written in English or Dutch (lower case). */
const KEY_KINDS: Readonly<Record<string, IdentifierKind>> = {
  person: 'person', persoon: 'person', name: 'person', naam: 'person', '': 'person',
  email: 'email', 'e-mail': 'email', mail: 'email', emailadres: 'email', 'e-mailadres': 'email',
  phone: 'phone', telefoon: 'phone', telefoonnummer: 'phone', tel: 'phone',
  postcode: 'postcode', bsn: 'bsn', iban: 'iban', rekeningnummer: 'iban',
};

/** A web address: with a scheme, www., or a domain with a path (linkedin.com/in/…). */
const URL_LIKE = /(?<![\p{L}\p{N}@.])(?:https?:\/\/[^\s<>"')\]]+|www\.[^\s<>"')\]]+|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,6}\/[^\s<>"')\]]*)/giu;

const canon = (s: string) => foldMarks(s.trim().replace(/\s+/g, ' ').toLowerCase());
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Dutch or English, from function-word counts (for `[telefoon]` vs `[phone]`). */
export function guessLanguage(text: string): 'nl' | 'en' {
  const nl = (text.match(/\b(de|het|een|en|ik|niet|dat|van|wij|we|is|zijn|ook|met)\b/gi) ?? []).length;
  const en = (text.match(/\b(the|a|and|i|not|that|of|is|are|we|with|to|it)\b/gi) ?? []).length;
  return en > nl * 1.2 ? 'en' : 'nl';
}

const PLACEHOLDER: Record<'nl' | 'en', Record<Exclude<IdentifierKind, 'person' | 'email'>, string>> = {
  nl: { phone: '[telefoon]', postcode: '[postcode]', bsn: '[BSN]', iban: '[rekeningnummer]' },
  en: { phone: '[phone]', postcode: '[postcode]', bsn: '[BSN]', iban: '[bank account]' },
};

export class Pseudonymiser {
  private readonly heuristics: boolean;
  private readonly prefix: string;
  /** canonical name → { rule of origin } */
  private readonly known = new Map<string, { name: string; rule: string }>();
  /** canonical original → pseudonym (persons and e-mails) */
  private readonly assigned = new Map<string, KeyEntry>();
  /** canonical alias → canonical target name */
  private readonly alias = new Map<string, string>();
  private readonly keyOrder: string[] = [];
  /** Exact originals of the identifiers replaced so far that are not persons (e-mail, phone, …) → their replacement. */
  private readonly literals = new Map<string, { replacement: string; kind: IdentifierKind }>();
  private nextPerson = 1;
  private nextEmail = 1;
  private matcher: RegExp | undefined;
  private dirty = true;
  /** A known name as a web address writes it (sanne-jansen, sannejansen) → the name. */
  private readonly inUrl = new Map<string, string>();
  /** canonical diminutive → the given name it was taken for */
  private readonly diminutive = new Map<string, DiminutiveTaken>();
  /** canonical part → the full names that have it (parts of more than one known name) */
  private readonly partOfMany = new Map<string, string[]>();
  private readonly ambiguous: AmbiguousPart[] = [];
  /** The names given a pseudonym by the key or the names list, as given (for pseudonymsOfSeveral). */
  private readonly given: Array<{ readonly name: string; readonly pseudonym: string; readonly from: 'key' | 'names-list'; readonly line?: number }> = [];

  constructor(opts: PseudonymiseOptions = {}) {
    this.heuristics = opts.heuristics ?? true;
    this.prefix = opts.prefix ?? 'R';
    for (const entry of opts.key ?? []) {
      const c = canon(entry.original);
      if (!c || this.assigned.has(c)) continue;
      // the kind as a researcher may type it (Person, persoon, e-mail, telefoon): a person whose kind
      // was not exactly "person" was not a known name, and stayed in the output without a word
      const kind = KEY_KINDS[String(entry.kind ?? '').trim().toLowerCase()];
      if (!kind) {
        const line = (entry as { line?: number }).line;
        throw inputError('privacy', 'bad-key-kind', `"${entry.original}" has the kind "${entry.kind}" in the key, which is none of ${[...new Set(Object.values(KEY_KINDS))].join(', ')}`, {
          ...(opts.keyFile ? { file: opts.keyFile } : {}),
          ...(line ? { line } : {}),
          hint: 'write person for a name (or leave the kind empty), email, phone, postcode, bsn or iban for the others',
        });
      }
      const k: KeyEntry = kind === entry.kind ? entry : { original: entry.original, pseudonym: entry.pseudonym, kind };
      this.assigned.set(c, k);
      this.keyOrder.push(c);
      if (k.kind === 'person') {
        this.addKnown(k.original, 'key-file');
        this.given.push({ name: k.original, pseudonym: k.pseudonym, from: 'key', ...((entry as { line?: number }).line ? { line: (entry as { line?: number }).line } : {}) });
      }
      this.bumpCounters(k.pseudonym);
    }
    // a name given two pseudonyms (two rows of the names list, or the list and the key) would keep
    // the first without a word: exit 2 naming both
    const fromList = new Map<string, NameEntry>();
    for (const n of opts.names ?? []) {
      const c = canon(n.name);
      if (!c || !n.pseudonym) continue;
      const at = (x: NameEntry) => (x.line ? ` (line ${x.line})` : '');
      const had = fromList.get(c);
      if (had && had.pseudonym !== n.pseudonym) {
        throw inputError('privacy', 'name-two-pseudonyms', `"${n.name}" has two pseudonyms in the names list: "${had.pseudonym}"${at(had)} and "${n.pseudonym}"${at(n)}`, {
          ...(opts.namesFile ? { file: opts.namesFile } : {}),
          ...(n.line ? { line: n.line } : {}),
          hint: 'keep one row for each name (the same person keeps one pseudonym in every file)',
        });
      }
      if (!had) fromList.set(c, n);
      const k = this.assigned.get(c);
      if (k && k.pseudonym !== n.pseudonym) {
        throw inputError('privacy', 'name-two-pseudonyms', `"${n.name}" has the pseudonym "${n.pseudonym}" in the names list${at(n)}, but "${k.pseudonym}" in the key${opts.keyFile ? ` ${opts.keyFile}` : ''}`, {
          ...(opts.namesFile ? { file: opts.namesFile } : {}),
          ...(n.line ? { line: n.line } : {}),
          hint: `give "${n.name}" the key's pseudonym in the names list (or leave its pseudonym empty), or correct the key: a person keeps one pseudonym in every file`,
        });
      }
    }
    for (const n of opts.names ?? []) {
      const c = canon(n.name);
      if (!c) continue;
      this.addKnown(n.name, 'names-list');
      if (n.pseudonym && !this.assigned.has(c)) {
        this.assigned.set(c, { original: n.name.trim(), pseudonym: n.pseudonym, kind: 'person' });
        this.keyOrder.push(c);
        this.bumpCounters(n.pseudonym);
        this.given.push({ name: n.name.trim(), pseudonym: n.pseudonym, from: 'names-list', ...(n.line ? { line: n.line } : {}) });
      }
    }
  }

  private bumpCounters(p: string) {
    const m = new RegExp(`^${this.prefix}(\\d+)$`).exec(p);
    if (m) this.nextPerson = Math.max(this.nextPerson, Number(m[1]) + 1);
    const e = /^email(\d+)@example\.org$/.exec(p);
    if (e) this.nextEmail = Math.max(this.nextEmail, Number(e[1]) + 1);
  }

  private addKnown(name: string, rule: string) {
    const c = canon(name);
    if (c.length < 2 || this.known.has(c)) return;
    this.known.set(c, { name: name.trim().replace(/\s+/g, ' '), rule });
    this.dirty = true;
  }

  /** A name known from elsewhere (an observer or participant in front matter, a speaker label of a codings document). */
  addName(name: string, rule = 'metadata'): void {
    this.addLabel(name, rule);
  }

  /**
   * A speaker label or a name from metadata: without a title, and a role with a name in brackets or a
   * name with its role ("Interviewer (Kees)", "Kees (wijkcoach)") as the name alone (the whole label
   * was a name, and its role word a name part replaced everywhere: "Interviewer" became R1).
   */
  private addLabel(label: string, rule: string): void {
    const b = /^(.+?)\s*\(([^()]+)\)$/u.exec(label.trim());
    // (a transcriber's note in the brackets, `Piet (lacht):`, is no name: it was given a pseudonym, and
    // the word replaced wherever it stood, `Mijn buurvrouw R2 altijd.`)
    for (const part of b ? (isAnnotation(b[2]) ? [b[1]] : [b[1], b[2]]) : [label]) {
      const name = part.trim().replace(/^(?:mr|mrs|ms|dr|dhr|mevr|mw|meneer|mevrouw)\.?\s+/i, '').trim();
      if (name && /\p{L}/u.test(name) && !isRoleLabel(name)) this.addKnown(name, rule);
    }
  }

  /** Pass 1: collect speaker labels and heuristic names of a text. */
  learn(text: string): void {
    text = foldHidden(text)?.text ?? text;
    for (const l of findSpeakerLabels(text)) {
      this.addLabel(l.label, 'speaker-label');
    }
    if (this.heuristics) for (const f of findHeuristicNames(text)) this.addKnown(f.original, f.rule);
  }

  /** Link single-word names to the one multi-word name that starts or ends with them (Anna → Anna de Boer). */
  private link() {
    const multi = [...this.known.keys()].filter((k) => k.includes(' '));
    // a name with initials ("s. jansen", "a.b. de vries") → the one full name of those initials and that surname
    for (const k of multi) {
      const m = /^((?:\p{L}\.\s?)+)\s*(.+)$/u.exec(k);
      if (!m || this.alias.has(k)) continue;
      const initials = m[1].replace(/[.\s]/g, '');
      const hits = multi.filter((x) => x !== k && !/^\p{L}\./u.test(x) && x.endsWith(` ${m[2]}`) && x.split(' ').slice(0, initials.length).map((w) => w[0]).join('') === initials);
      if (hits.length === 1) this.alias.set(k, hits[0]);
    }
    // (names that are one person by an alias count once)
    const one = (hits: string[]) => [...new Set(hits.map((h) => this.alias.get(h) ?? h))];
    for (const k of this.known.keys()) {
      if (k.includes(' ') || this.alias.has(k)) continue;
      const hits = one(multi.filter((m) => m.startsWith(`${k} `) || m.endsWith(` ${k}`)));
      if (hits.length === 1) this.alias.set(k, hits[0]);
      else if (hits.length > 1) this.partOfMany.set(k, hits);
    }
    // surnames with tussenvoegsel ("de vries") → the one full name ending with them
    for (const k of this.known.keys()) {
      if (!k.includes(' ') || this.alias.has(k)) continue;
      const hits = one(multi.filter((m) => m !== k && m.endsWith(` ${k}`)));
      if (hits.length === 1) this.alias.set(k, hits[0]);
      else if (hits.length > 1) this.partOfMany.set(k, hits);
    }
  }

  private personPseudonym(name: string): string {
    let c = canon(name);
    const direct = this.assigned.get(c);
    if (direct) return direct.pseudonym;
    const target = this.alias.get(c);
    if (target) {
      const t = this.assigned.get(target);
      const p = t ? t.pseudonym : this.personPseudonym(this.known.get(target)?.name ?? target);
      this.assigned.set(c, { original: name.trim().replace(/\s+/g, ' '), pseudonym: p, kind: 'person' });
      this.keyOrder.push(c);
      return p;
    }
    // the reverse: a full name whose first or last word is already pseudonymised alone
    const p = `${this.prefix}${this.nextPerson++}`;
    c = canon(name);
    this.assigned.set(c, { original: name.trim().replace(/\s+/g, ' '), pseudonym: p, kind: 'person' });
    this.keyOrder.push(c);
    // a part of several known names ("Jansen" of Sanne Jansen and Kees Jansen): a person of its own, said
    const many = this.partOfMany.get(c);
    if (many) this.ambiguous.push({ original: name.trim().replace(/\s+/g, ' '), pseudonym: p, names: many.map((m) => this.known.get(m)?.name ?? m) });
    return p;
  }

  private emailPseudonym(email: string): string {
    const c = canon(email);
    const got = this.assigned.get(c);
    if (got) return got.pseudonym;
    const p = `email${this.nextEmail++}@example.org`;
    this.assigned.set(c, { original: email, pseudonym: p, kind: 'email' });
    this.keyOrder.push(c);
    return p;
  }

  /**
   * All findings in a text, overlaps resolved, in text order (UTF-16 indices). Found in the text as
   * a reader sees it (foldHidden: a name with a soft hyphen or a zero-width character in it, or
   * broken at a line end, was left in the output); a finding's `original` is as seen, its place the
   * text's, the hidden characters in it included.
   */
  detect(text: string): Finding[] {
    const folded = foldHidden(text);
    if (!folded) return this.detectSeen(text);
    return this.detectSeen(folded.text).map((f) => ({ ...f, start: folded.at(f.start), end: folded.at(f.end - 1) + 1 }));
  }

  private detectSeen(text: string): Finding[] {
    if (this.dirty) {
      // a person's given name or surname alone ("Jan" once "Jan de Vries" is known) is that person
      // too: it was left in the output (linked to the full name when only one known name has it)
      for (const k of [...this.known.values()]) if (k.rule !== 'heuristic-name-part') for (const part of nameParts(k.name)) if (!isRoleLabel(part)) this.addKnown(part, 'heuristic-name-part');
      this.matcher = compileNames([...this.known.values()].map((k) => k.name));
      this.link();
      this.dirty = false;
    }
    const all: Finding[] = [...findPatterns(text)];
    if (this.matcher) {
      for (const m of text.matchAll(this.matcher)) {
        const k = this.known.get(canon(m[0]));
        all.push({ start: m.index!, end: m.index! + m[0].length, original: m[0], kind: 'person', rule: k?.rule ?? 'names-list' });
      }
    }
    pushAll(all, this.namesInUrls(text));
    pushAll(all, this.diminutives(text));
    if (this.heuristics) pushAll(all, findHeuristicNames(text));
    // greedy: a higher-priority finding that overlaps wins over a later/lower one
    const byPriority = [...all].sort((a, b) => (PRIORITY[a.rule] ?? 9) - (PRIORITY[b.rule] ?? 9) || a.start - b.start || b.end - a.end);
    const taken: Finding[] = [];
    for (const f of byPriority) {
      if (taken.some((t) => f.start < t.end && t.start < f.end)) continue;
      taken.push(f);
    }
    return taken.sort((a, b) => a.start - b.start);
  }

  /**
   * Known names of two or more words inside web addresses (linkedin.com/in/sanne-jansen,
   * www.sannejansen.nl), in any letter case, their words joined by - _ . or nothing: the name
   * matcher looks for words, so they were left in the output.
   */
  private namesInUrls(text: string): Finding[] {
    const out: Finding[] = [];
    const urls = [...text.matchAll(URL_LIKE)];
    if (!urls.length) return out;
    const names = [...this.known.values()].map((k) => k.name).filter((n) => n.includes(' ')).sort((a, b) => b.length - a.length);
    if (!names.length) return out;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map((n) => n.split(' ').map(escapeRe).join('[-_.+]?')).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    for (const u of urls) {
      for (const m of u[0].matchAll(re)) {
        const name = names.find((n) => new RegExp(`^${n.split(' ').map(escapeRe).join('[-_.+]?')}$`, 'iu').test(m[0]))!;
        this.inUrl.set(m[0], name);
        out.push({ start: u.index! + m.index!, end: u.index! + m.index! + m[0].length, original: m[0], kind: 'person', rule: 'name-in-url' });
      }
    }
    return out;
  }

  /**
   * Dutch diminutives of known given names (Pietje, Jantje, Sannetje, Anneke, Robbie for Piet,
   * Jan, Sanne, Anne, Rob), with a possessive or plural s: the person of the given name (they were
   * left in the output). A word that is a known name itself is not one (it is that name's).
   */
  private diminutives(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of text.matchAll(DIMINUTIVE_WORD)) {
      const forms = m[0].endsWith('s') ? [m[0], m[0].slice(0, -1)] : [m[0]];
      for (const form of forms) {
        const c = canon(form);
        if (this.known.has(c)) break;
        const had = this.diminutive.get(c);
        const base = had ? canon(had.name) : diminutiveBases(c).find((b) => this.known.has(b) && !b.includes(' '));
        if (!base) continue;
        if (!had) {
          this.diminutive.set(c, { form, name: this.known.get(base)!.name });
          this.alias.set(c, base);
        }
        out.push({ start: m.index!, end: m.index! + form.length, original: form, kind: 'person', rule: 'heuristic-diminutive' });
        break;
      }
    }
    return out;
  }

  /** Diminutives taken as the person of a known given name, in the order first met. */
  diminutivesTaken(): readonly DiminutiveTaken[] {
    return [...this.diminutive.values()];
  }

  /**
   * Pseudonyms the key or the names list gives to names that share no word (`Piet Jansen` and `Marieke
   * van Dam` both `Persoon A`): in the pseudonymised texts two people may read as one. Names that share a
   * word or a spelling variant of one (`Jan de Vries` and `Jan`, `S. Jansen`, `Meijer` and `Meyer`) count as
   * one person; each group's names as given.
   */
  pseudonymsOfSeveral(): Array<{ pseudonym: string; names: Array<{ name: string; from: 'key' | 'names-list'; line?: number }> }> {
    const byPseudonym = new Map<string, typeof this.given>();
    for (const g of this.given) {
      const l = byPseudonym.get(g.pseudonym);
      if (l) l.push(g);
      else byPseudonym.set(g.pseudonym, [g]);
    }
    const out: Array<{ pseudonym: string; names: Array<{ name: string; from: 'key' | 'names-list'; line?: number }> }> = [];
    // (words as their spelling variants share them: Meijer and Meyer, Janssen and Jansen are one person's)
    const wordsOf = (name: string) => new Set(canon(name).split(/[\s.]+/).filter((w) => w.length >= 2).map(nameVariantKey));
    for (const [pseudonym, names] of byPseudonym) {
      if (names.length < 2) continue;
      // (people: the words of names joined by a shared word, step by step)
      const groups: Array<Set<string>> = [];
      for (const n of names) {
        const words = wordsOf(n.name);
        for (const g of groups.filter((g) => [...words].some((w) => g.has(w)))) {
          for (const w of g) words.add(w);
          groups.splice(groups.indexOf(g), 1);
        }
        groups.push(words);
      }
      if (groups.length > 1) out.push({ pseudonym, names: names.map((n) => ({ name: n.name, from: n.from, ...(n.line ? { line: n.line } : {}) })) });
    }
    return out;
  }

  /** Parts of several known full names ("Jansen" of Sanne Jansen and Kees Jansen) that got a pseudonym of their own. */
  ambiguousParts(): readonly AmbiguousPart[] {
    return this.ambiguous;
  }

  /**
   * Known names written almost alike that got different pseudonyms (Janssen and Jansen, Meijer and Meyer, Petra
   * Janssen and Petra Jansen): spelling variants of one person, or two people. Words compared without accents, with
   * ij as y, ck as k and doubled letters as one; names of the same number of words that differ in one such word, or
   * a name of one word and a word of a longer name (its first or last).
   */
  nearAlikeNames(): Array<{ a: string; b: string; pseudonymA: string; pseudonymB: string }> {
    const variant = nameVariantKey;
    const persons = new Map<string, KeyEntry>();
    for (const c of this.keyOrder) {
      const k = this.assigned.get(c)!;
      if (k.kind === 'person' && !persons.has(c)) persons.set(c, k);
    }
    const list = [...persons];
    const out: Array<{ a: string; b: string; pseudonymA: string; pseudonymB: string }> = [];
    const near = (x: string, y: string) => x !== y && x.length >= 3 && variant(x) === variant(y);
    for (let i = 0; i < list.length && i < 2000; i++) {
      for (let j = i + 1; j < list.length && j < 2000; j++) {
        const [ca, ka] = list[i];
        const [cb, kb] = list[j];
        if (ka.pseudonym === kb.pseudonym) continue;
        const wa = ca.split(' ');
        const wb = cb.split(' ');
        let alike = false;
        if (wa.length === wb.length) {
          const diff = wa.map((w, n) => [w, wb[n]]).filter(([x, y]) => x !== y);
          alike = diff.length === 1 && near(diff[0][0], diff[0][1]);
        } else if (wa.length === 1 || wb.length === 1) {
          // (a word alone that is a longer name's, as Jansen of Petra Jansen: that name is compared, not the word)
          const [one, many, k] = wa.length === 1 ? [wa[0], wb, ka] : [wb[0], wa, kb];
          const ofLonger = list.some(([c, e]) => c.includes(' ') && e.pseudonym === k.pseudonym);
          alike = !ofLonger && (near(one, many[0]) || near(one, many[many.length - 1]));
        }
        if (alike) out.push({ a: ka.original, b: kb.original, pseudonymA: ka.pseudonym, pseudonymB: kb.pseudonym });
      }
    }
    return out;
  }

  /** The pseudonym a known name has been given so far (undefined if none). */
  pseudonymOf(name: string): string | undefined {
    return this.assigned.get(canon(name))?.pseudonym;
  }

  /** Pass 2: replace every identifier of a text. */
  apply(text: string, lang: 'nl' | 'en' = guessLanguage(text)): PseudonymisedText {
    const findings = this.detect(text);
    const om = new OffsetMap(text);
    const lines = new LineIndex(text);
    const edits: Edit[] = [];
    let out = '';
    let last = 0;
    for (const f of findings) {
      let replacement: string;
      if (f.rule === 'name-in-url') replacement = this.personPseudonym(this.inUrl.get(f.original) ?? f.original);
      else if (f.kind === 'person') replacement = this.personPseudonym(f.original);
      else if (f.kind === 'email') replacement = this.emailPseudonym(f.original);
      else replacement = PLACEHOLDER[lang][f.kind];
      if (f.kind !== 'person' && !this.literals.has(f.original)) this.literals.set(f.original, { replacement, kind: f.kind });
      out += text.slice(last, f.start) + replacement;
      last = f.end;
      const p = lines.toPoint(f.start);
      const lineStartCp = om.toCp(f.start - (p.column - 1));
      const start = om.toCp(f.start);
      edits.push({ start, end: om.toCp(f.end), original: f.original, replacement, kind: f.kind, rule: f.rule, line: p.line, column: start - lineStartCp + 1 });
    }
    out += text.slice(last);
    return { text: out, edits };
  }

  /**
   * Replace what is already known — known names (as written, Title or UPPER case) and the exact
   * identifiers replaced before — without detecting anything new: for labels, memos, evidence
   * and metadata, where heuristics would misfire.
   */
  replaceKnown(s: string): string {
    let out = s;
    if (this.dirty) this.detect('');
    if (this.matcher) out = out.replace(this.matcher, (m) => this.personPseudonym(m));
    for (const [o, r] of this.literalsLongestFirst()) if (out.includes(o)) out = out.split(o).join(r.replacement);
    return out;
  }

  /** As replaceKnown, in any letter case (ids, file names, paths: "interview-joost" → "interview-R1"). */
  replaceLoose(s: string): string {
    let out = s;
    const names = [...new Set([...this.known.keys(), ...[...this.assigned.values()].filter((k) => k.kind === 'person').map((k) => canon(k.original))])]
      .filter((n) => n.length >= 2)
      .sort((a, b) => b.length - a.length);
    for (const n of names) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${n.split(' ').map(escapeRe).join('[\\s_.-]+')}(?![\\p{L}\\p{N}])`, 'giu');
      out = out.replace(re, (m) => this.personPseudonym(this.known.get(n)?.name ?? m));
    }
    for (const [o, r] of this.literalsLongestFirst()) {
      const re = new RegExp(escapeRe(o), 'gi');
      out = out.replace(re, r.replacement);
    }
    return out;
  }

  /**
   * Where an original remains in a text that should hold none: every known name (in the forms
   * replaceKnown replaces) and every identifier replaced so far. UTF-16 index, the pseudonym it
   * should have been, and the kind. For the final check of what anonymize wrote.
   */
  findLeaks(text: string): Array<{ index: number; length: number; pseudonym: string; kind: IdentifierKind }> {
    const out: Array<{ index: number; length: number; pseudonym: string; kind: IdentifierKind }> = [];
    if (this.dirty) this.detect('');
    if (this.matcher) for (const m of text.matchAll(this.matcher)) out.push({ index: m.index!, length: m[0].length, pseudonym: this.personPseudonym(m[0]), kind: 'person' });
    for (const [o, r] of this.literals) {
      const forms = new Set([o, JSON.stringify(o).slice(1, -1)]);
      for (const f of forms) for (let at = text.indexOf(f); at >= 0; at = text.indexOf(f, at + 1)) out.push({ index: at, length: f.length, pseudonym: r.replacement, kind: r.kind });
    }
    return out.sort((a, b) => a.index - b.index);
  }

  private literalsLongestFirst(): Array<[string, { replacement: string; kind: IdentifierKind }]> {
    return [...this.literals].sort((a, b) => b[0].length - a[0].length);
  }

  /** The key: every pseudonym given, in order of assignment (existing entries first). */
  keyEntries(): KeyEntry[] {
    return this.keyOrder.map((c) => this.assigned.get(c)!);
  }
}
