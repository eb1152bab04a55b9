import type { CodeRef } from '../model/types.js';
import type { Codebook } from './types.js';

/** The codes of a codebook as the codings document lists them. */
export function codebookToCodeRefs(book: Codebook): CodeRef[] {
  return book.codes.map((c) => {
    const ref: { -readonly [K in keyof CodeRef]: CodeRef[K] } = { id: c.id, name: c.name, codebook: book.id };
    if (c.parent !== undefined) ref.parent = c.parent;
    if (c.level !== undefined) ref.level = c.level;
    if (c.definition !== undefined) ref.definition = c.definition;
    return ref;
  });
}
