import type { CodingsDocument, Source, Coding, CodeRef } from '../../src/model/types.js';

/** A small codings document from a { source: codes[] } list (in file order). */
export function docFrom(
  list: ReadonlyArray<readonly [string, readonly string[], Record<string, string>?]>,
  opts: { codes?: CodeRef[]; kinds?: Record<string, Source['kind']>; coder?: (src: string, code: string) => string } = {},
): CodingsDocument {
  const sources: Source[] = list.map(([id, , attributes]) => ({
    id,
    path: `${id}.txt`,
    kind: opts.kinds?.[id] ?? 'transcript',
    format: 'txt',
    case: id,
    attributes: attributes ?? {},
    encoding: 'utf-8',
    newline: 'lf',
    sha256: '',
    text: '',
    length: 0,
  }));
  const codings: Coding[] = [];
  for (const [id, codes] of list) {
    codes.forEach((code, i) => codings.push({ id: `${id}#${i}:${code}`, sourceId: id, segmentId: `${id}#${i}`, code, coder: opts.coder?.(id, code) ?? 'human', start: 0, end: 0 }));
  }
  return { provenance: { tool: 'qdakit', version: 'test' }, codebooks: [], codes: opts.codes ?? [], sources, segments: [], codings };
}
