/** The built-in codebooks shipped in `codebooks/<id>.yaml` (read by `readCodebook` in ingest). */
export const BUILTIN_CODEBOOK_IDS = [
  'hovik-hanssen',
  'metcalfe',
  'coordination-collaboration',
  'kaats-opheij',
  'frames',
  'theories-in-use',
  'empowerment',
  'randvoorwaarden',
] as const;

export type BuiltinCodebookId = (typeof BUILTIN_CODEBOOK_IDS)[number];

export function isBuiltinCodebookId(id: string): id is BuiltinCodebookId {
  return (BUILTIN_CODEBOOK_IDS as readonly string[]).includes(id);
}

/** Number of ordinal levels of the built-in ladders (for checking `evidences`). */
export const BUILTIN_LADDER_LEVELS: Readonly<Record<string, number>> = {
  'hovik-hanssen': 4,
  metcalfe: 9,
};
