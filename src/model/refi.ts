/**
 * What the REFI-QDA writer (export/refi-project.ts) and reader (ingest/read-refi.ts) share:
 * the qdakit-* markers and variables a project carries so that `qda refi import` gets back
 * what `qda refi export` wrote, and the slug used for code ids.
 */

export const QDAKIT_ID_PREFIX = 'qdakit-id: ';
export const QDAKIT_CODEBOOK_PREFIX = 'qdakit-codebook: ';
/** A code's own name, when the project shows it qualified (two codes of one name: "Other (Framework A)"). */
export const QDAKIT_NAME_PREFIX = 'qdakit-name: ';
/** Links between codings in a REFI-QDA Link's description: target, relation, verdict, the source coding's label. */
export const QDAKIT_LINK_PREFIX = 'qdakit-link: ';
export const QDAKIT_LINK_RELATION_PREFIX = 'qdakit-relation: ';
export const QDAKIT_LINK_VERDICT_PREFIX = 'qdakit-verdict: ';
export const QDAKIT_LINK_FROM_PREFIX = 'qdakit-label: ';

/** A coding's own attributes (a codings table's extra columns), as JSON on the last line of the coding's Note. */
export const QDAKIT_CODING_ATTRIBUTES_PREFIX = 'qdakit-attributes: ';

/** A coding's score and evidence (a rule's matched words, a model's features), as JSON on a line of the coding's data Note. */
export const QDAKIT_CODING_EVIDENCE_PREFIX = 'qdakit-evidence: ';
/** The name of a Note that joins the memos of the codings of one passage into one QualCoder annotation (read back from the codings' own Notes, not from it). */
export const QDAKIT_JOINED_MEMOS_PREFIX = 'qdakit-memos: ';

/**
 * Who wrote a memo and when (a Note's creatingUser as the user's name, creationDateTime, modifiedDateTime), as
 * `qda refi import` keeps them beside the memos: `meta.memoNotes` of a source or code (one per memo, `{}` where
 * no note says), `meta.codingMemoNotes` of a source (by coding id, where not the coder and the coding's date).
 */
export type MemoNote = {
  readonly author?: string;
  readonly created?: string;
  readonly modified?: string;
};

/** Source variables written by `qda refi export` and read back (and removed from the attributes) by `qda refi import`. */
export const QDAKIT_SOURCE_VARS = ['qdakit-kind', 'qdakit-format', 'qdakit-language', 'qdakit-unit', 'qdakit-interviewers', 'qdakit-observers', 'qdakit-speakers'] as const;
export type QdakitSourceVar = (typeof QDAKIT_SOURCE_VARS)[number];
/** Separator of the speaker-label lists in the qdakit-* variables. */
export const QDAKIT_LIST_SEPARATOR = '; ';

/**
 * A code id from a display name, the one for every way a name comes in (a .qdc codebook, a REFI-QDA
 * project): NFC, lower case, runs of other than letters and digits as one '-', none at the ends
 * (`Coördinatie` → `coördinatie`, `Één loket` → `één-loket`); '' when nothing is left (the caller
 * numbers it). The .qdc reader kept the accents and the .qdpx reader took them off, so one code had
 * two ids by the way it came in.
 */
export function slugify(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The slug `qda refi export` took the name of a code to when it wrote no `qdakit-id` (before
 * session 20: accents off, ASCII letters and digits only). A project qdakit wrote is read with it,
 * so the ids of the projects written before are the ids they were; the export writes the
 * `qdakit-id` unless both slugs give the code's id.
 */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A code's colour as a REFI-QDA file gives it, as a qdakit codebook holds it (#RRGGBB or #RGB):
 * spaces around it left out (an XML token), a colour with transparency (`#RRGGBBAA`) read without
 * it (`how: 'alpha'`), anything else not read (`how: 'not-read'`, no colour).
 */
export function refiColor(raw: string | undefined): { color?: string; how?: 'alpha' | 'not-read' } {
  if (raw === undefined || raw.trim() === '') return {};
  const t = raw.trim();
  if (/^#([0-9a-f]{6}|[0-9a-f]{3})$/i.test(t)) return { color: t };
  if (/^#[0-9a-f]{8}$/i.test(t)) return { color: t.slice(0, 7), how: 'alpha' };
  return { how: 'not-read' };
}
