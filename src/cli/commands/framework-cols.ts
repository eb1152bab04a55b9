import type { CodingsDocument } from '../../model/types.js';

/** The grouping a judgements file's first column names: case, else the source attribute of that name (group → group, groep or team). */
export function colsFor(header: string, doc: CodingsDocument): string {
  const h = header.toLowerCase();
  if (h === 'case' || h === 'casus') return 'case';
  const attrs = new Set([...doc.sources, ...doc.codings].flatMap((s) => Object.keys(s.attributes ?? {}).map((a) => a.toLowerCase())));
  if (attrs.has(h)) return header;
  if (h === 'group' || h === 'groep') for (const a of ['group', 'groep', 'team']) if (attrs.has(a)) return a;
  return header;
}
