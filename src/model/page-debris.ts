/**
 * Page-break debris in text copied from a PDF (pure): what a page break leaves
 * between two lines of running text.
 */

/** A lone page number: `74`, `- 74 -`, `(74)`, `Page 3 of 9`, `pagina 4`, `blz. 4`, `p. 12`, `3/9`. */
export const PAGE_NUMBER_LINE = /^[ \t\f]*(?:(?:page|pagina|blz\.?|p\.)[ \t]*)?[-–—(]?[ \t]*\d{1,4}[ \t]*(?:(?:\/|of|van)[ \t]*\d{1,4})?[ \t]*[-–—)]?[ \t\f]*$/i;

/** The form a running header or footer keeps from page to page: digits as `#`, spaces collapsed. */
export function headerKey(line: string): string {
  return line.replace(/\f/g, '').trim().replace(/\s+/g, ' ').replace(/\d+/g, '#');
}

/**
 * Indices of running headers and footers among `lines`: short lines (at most 80
 * characters, with a letter) that repeat with a number that changes (`Appendix C 74`,
 * `Appendix C 75`), or that repeat at least 3 times and stand next to a page number
 * (or a form feed) at least twice. Lines for which `skip` is true are never headers;
 * lines for which `weak` is true (e.g. they start like a speaker label) are headers only
 * by the page-break evidence, never by a changing number alone (`Anna: punt 12`).
 */
export function runningHeaders(
  lines: readonly string[],
  skip: (i: number) => boolean = () => false,
  weak: (i: number) => boolean = () => false,
): Set<number> {
  const groups = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const t = l.trim();
    if (!t || t.length > 80 || !/\p{L}/u.test(t) || skip(i) || PAGE_NUMBER_LINE.test(t)) return;
    const k = headerKey(t);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  });
  const nextContent = (i: number, step: 1 | -1): number => {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j].trim()) return j;
    return -1;
  };
  const nearPageBreak = (i: number) => {
    if (lines[i].includes('\f')) return true;
    for (const step of [1, -1] as const) {
      const j = nextContent(i, step);
      if (j >= 0 && (PAGE_NUMBER_LINE.test(lines[j]) || lines[j].includes('\f'))) return true;
    }
    return false;
  };
  const out = new Set<number>();
  for (const [k, idx] of groups) {
    if (idx.length < 2) continue;
    const numbered = k.includes('#') && new Set(idx.map((i) => lines[i].trim().replace(/\s+/g, ' '))).size > 1;
    const byBreaks = idx.length >= 3 && idx.filter(nearPageBreak).length >= 2;
    if ((numbered && !idx.some(weak)) || byBreaks) for (const i of idx) out.add(i);
  }
  return out;
}
