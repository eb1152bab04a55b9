import type { Lang, LocalisedText, Role, Unit } from '../model/types.js';

/**
 * The normalised codebook: what `parseCodebook` returns for any accepted input
 * (minimal SPEC §3 form, full schema form, REFI-QDA .qdc). Plain data.
 */

export interface LocalisedList {
  readonly nl?: readonly string[];
  readonly en?: readonly string[];
}

interface RuleCommon {
  /** `${codeId}/r${n}` unless given. */
  readonly id: string;
  /** If any of these terms occurs in the segment, the rule does not fire (negations, false friends). */
  readonly exclude?: LocalisedList;
  /** Only segments whose speaker has one of these roles (default: as the command's --speakers). */
  readonly roles?: readonly Role[];
  /** Apply at this unit (default: the command's --unit). */
  readonly unit?: Unit;
  /** Score contributed by a hit, 0..1 (default 1 for phrases/regex/near, 0.8 for single keywords). */
  readonly weight?: number;
  /** Minimum number of distinct matched terms before the rule fires (default 1). */
  readonly minMatches?: number;
  /**
   * True: a matched term does not count when a negation (nl: niet, geen, nooit, niemand, niets,
   * niks, nergens, zonder; en: not, no, never, nobody, nothing, none, without, n't) stands up to
   * 3 words before it or 2 words after it (Dutch puts `niet` after the verb: "we overleggen niet").
   * `niet alleen`, `not only`, `niet altijd`, `not always` do not negate. For codes whose meaning
   * flips under negation ("we hebben geen overleg" is not evidence of consultation).
   */
  readonly negation?: boolean;
}

/**
 * Keywords and phrases: `vertrouw*` (wildcard), `vertrouwen` (stemmed when `stem`),
 * `"op één lijn"` or `op één lijn` (a multi-word phrase, each word matched as above).
 */
export interface KeywordRule extends RuleCommon {
  readonly kind: 'keywords';
  readonly terms: LocalisedList;
  /** Stem terms and text with the language's Snowball stemmer (default true). */
  readonly stem?: boolean;
}

/** A regular expression, matched case-insensitively on the NFC, lower-cased text. */
export interface RegexRule extends RuleCommon {
  readonly kind: 'regex';
  readonly pattern: string;
  readonly lang?: Lang;
}

/** `A NEAR/n B`: a term of A within n words of a term of B (either order). */
export interface NearRule extends RuleCommon {
  readonly kind: 'near';
  readonly a: LocalisedList;
  readonly b: LocalisedList;
  readonly distance: number;
  readonly stem?: boolean;
}

export type Rule = KeywordRule | RegexRule | NearRule;

export interface CodeDef {
  readonly id: string;
  readonly name: LocalisedText;
  readonly parent?: string;
  readonly definition?: LocalisedText;
  /** Inclusion criteria. */
  readonly include?: LocalisedList;
  /** Exclusion criteria (for coders; auto-coding exclusions are on the rules). */
  readonly exclude?: LocalisedList;
  /** Indicators (what to look for), as in an operationalisation table. */
  readonly indicators?: LocalisedList;
  readonly examples?: LocalisedList;
  /**
   * Other labels coders use for this code (variant spellings, old names,
   * abbreviations): `Code: allignment` or `{{afstemming}}` then reads as this code.
   */
  readonly aliases?: LocalisedList;
  /** Ordinal position on a ladder (1..n within the codebook). */
  readonly level?: number;
  /** This code evidences a level of another (ladder) codebook, e.g. { codebook: 'hovik-hanssen', level: 2 }. */
  readonly evidences?: ReadonlyArray<{ readonly codebook: string; readonly level: number }>;
  readonly color?: string;
  readonly rules?: readonly Rule[];
  /** False for a pure category that is not applied to text itself (REFI-QDA `isCodable="false"`). */
  readonly codable?: boolean;
  /**
   * Operationalisation: free key → value (strings, numbers, booleans, lists, maps),
   * e.g. `{ items: { coaches: ['11A', '11B'], organisaties: ['10A'] }, instrument: 'vragenlijst', status: 'onder druk' }`.
   * Shown as extra columns by `qda codebook export`; read by other commands (questionnaire items).
   */
  readonly meta?: Readonly<Record<string, MetaValue>>;
  /** Short citation of where the code (or its operationalisation) comes from, e.g. `Bijlage 6, tabel 1`. */
  readonly source?: string;
}

/** A value in a code's `meta`: JSON-like data. */
export type MetaValue = string | number | boolean | null | readonly MetaValue[] | { readonly [key: string]: MetaValue };

/** A verdict that a link of some relation can carry (e.g. `consistent`, `inconsistent`). */
export interface VerdictDef {
  readonly id: string;
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
}

/**
 * A named relation between two codings (a link), e.g. `enacts` from a theory-in-use
 * passage to the espoused theory it enacts, with the verdicts a link may carry.
 */
export interface RelationDef {
  readonly id: string;
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
  /** Codes the link starts at / points to (advice for coders; not enforced). */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  /** The verdicts allowed on links of this relation (absent: any verdict or none). */
  readonly verdicts?: readonly VerdictDef[];
}

export interface Codebook {
  readonly id: string;
  readonly name: LocalisedText;
  readonly version?: string;
  /** Default language of untagged strings and rules. */
  readonly language?: Lang;
  readonly description?: LocalisedText;
  /** Source/citation of the framework. */
  readonly reference?: string;
  /** True when codes carry ordinal levels (hovik-hanssen, metcalfe). */
  readonly ladder?: boolean;
  readonly codes: readonly CodeDef[];
  /** Named relations for links between codings (`qda contrast`). */
  readonly relations?: readonly RelationDef[];
  /** Where it was read from (absent for in-memory codebooks). */
  readonly file?: string;
  /** sha256 of the bytes it was read from. */
  readonly sha256?: string;
}
