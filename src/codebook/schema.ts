/**
 * The JSON Schema of the codebook input form (YAML or JSON). The shipped copy
 * `schemas/codebook.schema.json` is generated from this object (a test keeps
 * them equal; `UPDATE_SCHEMA=1 npx vitest run tests/codebook/schema.test.ts` rewrites it).
 * Draft-07 (ajv's default). Descriptions double as the hints of validation errors.
 */

/** Ids of codebooks: letters, digits, `_ . -`. */
const ID_PATTERN = '^[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]*$';

/**
 * Ids of codes are freer, because coders use their labels as ids (`new bonds`,
 * `teams' actions`): no spaces at the ends, no double spaces, and none of the
 * characters the marker syntax and coding ids use: { } [ ] , | @ / : # ".
 */
export const CODE_ID_PATTERN = '^[^\\s{}\\[\\],|@/:#"](?:[^\\s{}\\[\\],|@/:#"]| (?! ))*(?<! )$';

/** Keys of a code's `meta`: letters, digits, `_` and `-` (a dot separates levels in `--columns meta.items.coaches`). */
export const META_KEY_PATTERN = '^[\\p{L}\\p{N}_][\\p{L}\\p{N}_-]*$';

const localisedText = {
  description: 'a text: a plain string (in the codebook `language`) or a map {nl: "…", en: "…"}',
  anyOf: [
    { type: 'string' },
    {
      type: 'object',
      properties: {
        nl: { type: 'string', description: 'Dutch text' },
        en: { type: 'string', description: 'English text' },
      },
      additionalProperties: false,
      minProperties: 1,
    },
  ],
};

const stringOrList = {
  description: 'a string or a list of strings',
  anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
};

const localisedList = {
  description:
    'a list of strings: a plain list (in the codebook `language`), one string, or a map {nl: [..], en: [..]}',
  anyOf: [
    { type: 'string' },
    { type: 'array', items: { type: 'string' } },
    {
      type: 'object',
      properties: {
        nl: { $ref: '#/definitions/stringOrList', description: 'Dutch entries' },
        en: { $ref: '#/definitions/stringOrList', description: 'English entries' },
      },
      additionalProperties: false,
      minProperties: 1,
    },
  ],
};

const rule = {
  type: 'object',
  description:
    'an auto-coding rule with exactly one of `keywords`, `phrases`, `regex` or `near`, e.g. {keywords: {nl: [vertrouw*], en: [trust*]}}',
  properties: {
    id: { type: 'string', pattern: CODE_ID_PATTERN.replace(/\//g, ''), description: 'rule id (default `<code>/r<n>`, n from 1)' },
    keywords: {
      $ref: '#/definitions/localisedList',
      description: 'keywords or phrases per language; `*` is a wildcard (`vertrouw*`), several words form a phrase',
    },
    phrases: { $ref: '#/definitions/localisedList', description: 'alias of `keywords` (multi-word phrases)' },
    regex: { type: 'string', minLength: 1, description: 'a regular expression (JavaScript syntax), matched case-insensitively (flags i and u) on the NFC text; the pattern is never lower-cased, so \\S, \\W, \\D and \\p{…} keep their meaning' },
    lang: { enum: ['nl', 'en'], description: 'language of the `regex` (default: every language)' },
    near: {
      description: 'proximity: "A NEAR/5 B" (terms may be separated by OR / commas) or {a: [..], b: [..], distance: 5}',
      anyOf: [
        { type: 'string', minLength: 1 },
        {
          type: 'object',
          properties: {
            a: { $ref: '#/definitions/localisedList', description: 'first group of terms' },
            b: { $ref: '#/definitions/localisedList', description: 'second group of terms' },
            distance: { type: 'integer', minimum: 1, maximum: 100, description: 'maximum number of words between them' },
          },
          required: ['a', 'b'],
          additionalProperties: false,
        },
      ],
    },
    exclude: {
      $ref: '#/definitions/localisedList',
      description: 'the rule does not fire when any of these terms occurs in the segment (negations, false friends)',
    },
    roles: {
      type: 'array',
      items: { enum: ['interviewer', 'respondent', 'observer', 'other'] },
      description: 'only segments spoken by these roles',
    },
    unit: { enum: ['turn', 'sentence', 'paragraph'], description: 'apply at this unit' },
    weight: { type: 'number', minimum: 0, maximum: 1, description: 'score of a hit, 0..1' },
    min: { type: 'integer', minimum: 1, description: 'minimum number of distinct matched terms (default 1)' },
    minMatches: { type: 'integer', minimum: 1, description: 'same as `min`' },
    stem: { type: 'boolean', description: 'stem terms and text with the Snowball stemmer (default true)' },
    negation: { type: 'boolean', description: 'a term negated by niet/geen/nooit/not/no/never… up to 3 words before it (or 2 after) does not count' },
  },
  additionalProperties: false,
};

const code = {
  type: 'object',
  description: 'a code: at least an `id`; e.g. {id: trust, parent: relatie, name: {nl: Vertrouwen, en: Trust}}',
  properties: {
    id: { type: 'string', pattern: CODE_ID_PATTERN, description: 'unique code id, e.g. `joint-measure` or `new bonds`: no spaces at the ends, no double spaces, none of { } [ ] , | @ / : # "' },
    name: { $ref: '#/definitions/localisedText', description: 'display name (default: the id)' },
    parent: { type: 'string', minLength: 1, description: 'id of the parent code (a category)' },
    level: { type: 'integer', minimum: 1, description: 'ordinal position on a ladder, 1..n' },
    evidences: {
      type: 'array',
      description: 'levels of ladder codebooks this code evidences, e.g. [{codebook: hovik-hanssen, level: 2}]',
      items: {
        type: 'object',
        properties: {
          codebook: { type: 'string', description: 'id of the ladder codebook' },
          level: { type: 'integer', minimum: 1, description: 'level on that ladder' },
        },
        required: ['codebook', 'level'],
        additionalProperties: false,
      },
    },
    definition: { $ref: '#/definitions/localisedText', description: 'what the code means' },
    include: { $ref: '#/definitions/localisedList', description: 'inclusion criteria' },
    exclude: { $ref: '#/definitions/localisedList', description: 'exclusion criteria (for coders)' },
    indicators: { $ref: '#/definitions/localisedList', description: 'indicators: what to look for' },
    examples: { $ref: '#/definitions/localisedList', description: 'example utterances' },
    aliases: {
      $ref: '#/definitions/localisedList',
      description:
        'other labels coders use for this code in markers and codings files (variant spellings, old names, abbreviations): a plain list or {nl: [..], en: [..]}',
    },
    color: { type: 'string', pattern: '^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$', description: 'colour as #RRGGBB or #RGB' },
    codable: { type: 'boolean', description: 'false for a category that is not applied to text itself' },
    rules: { type: 'array', items: { $ref: '#/definitions/rule' }, description: 'auto-coding rules' },
    meta: {
      type: 'object',
      description:
        'operationalisation: free key → value (text, number, list or map), e.g. {items: {coaches: [11A, 11B], organisaties: [10A]}, instrument: vragenlijst}; shown as columns by `qda codebook export`',
      propertyNames: { pattern: META_KEY_PATTERN },
    },
    source: { type: 'string', minLength: 1, description: 'short citation of where the code comes from, e.g. "Bijlage 6, tabel 1"' },
  },
  required: ['id'],
  additionalProperties: false,
};

const verdict = {
  description: 'a verdict a link may carry: an id (`consistent`) or {id, name: {nl, en}, description}',
  anyOf: [
    { type: 'string', pattern: ID_PATTERN },
    {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: ID_PATTERN, description: 'verdict id: letters, digits, `-`, `_`, `.` (e.g. `consistent`)' },
        name: { $ref: '#/definitions/localisedText', description: 'display name (default: the id)' },
        description: { $ref: '#/definitions/localisedText', description: 'what the verdict means' },
      },
      required: ['id'],
      additionalProperties: false,
    },
  ],
};

const relation = {
  type: 'object',
  description: 'a named relation for links between codings, e.g. {id: enacts, name: {nl: brengt in praktijk, en: enacts}, verdicts: [consistent, inconsistent]}',
  properties: {
    id: { type: 'string', pattern: ID_PATTERN, description: 'relation id: letters, digits, `-`, `_`, `.` (e.g. `leads-to`), used in markers `{{code -> e1 enacts: consistent}}`' },
    name: { $ref: '#/definitions/localisedText', description: 'display name (default: the id)' },
    description: { $ref: '#/definitions/localisedText', description: 'what the relation means' },
    from: { $ref: '#/definitions/stringOrList', description: 'code id(s) a link of this relation usually starts at (advice, not enforced)' },
    to: { $ref: '#/definitions/stringOrList', description: 'code id(s) a link of this relation usually points to (advice, not enforced)' },
    verdicts: { type: 'array', items: { $ref: '#/definitions/verdict' }, description: 'the verdicts a link of this relation may carry (absent: any)' },
  },
  required: ['id'],
  additionalProperties: false,
};

export const CODEBOOK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://qdakit.dev/schemas/codebook.schema.json',
  title: 'qdakit codebook',
  description:
    'A deductive codebook for qdakit (YAML or JSON). Minimal form: {id, codes: [{id, name, parent?, definition?, rules?}]}.',
  type: 'object',
  properties: {
    $schema: { type: 'string', description: 'URL or path of this schema (for editors)' },
    id: { type: 'string', pattern: ID_PATTERN, description: 'codebook id: letters, digits, `-`, `_`, `.` (e.g. `my-codebook`)' },
    name: { $ref: '#/definitions/localisedText', description: 'codebook name (default: the id)' },
    version: { type: ['string', 'number'], description: 'version of the codebook, e.g. "1.0"' },
    language: { enum: ['nl', 'en'], description: 'language of plain (untagged) strings and rules (default nl)' },
    description: { $ref: '#/definitions/localisedText', description: 'what the codebook is for' },
    reference: { type: 'string', description: 'citation of the framework' },
    ladder: { type: 'boolean', description: 'true when codes carry ordinal `level`s 1..n' },
    codes: { type: 'array', items: { $ref: '#/definitions/code' }, description: 'the codes (hierarchy by `parent`)' },
    relations: { type: 'array', items: { $ref: '#/definitions/relation' }, description: 'named relations for links between codings (`qda contrast`)' },
  },
  required: ['id', 'codes'],
  additionalProperties: false,
  definitions: { localisedText, stringOrList, localisedList, rule, code, verdict, relation },
} as const;
