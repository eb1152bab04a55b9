import { isLabelShaped } from './parse-blocks.js';

/** A time in a cell of its own (`00:01:12`, `1:05`, `[00:01:12]`, `(12:04.5)`). */
const TIME_CELL = /^[[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?$/;

/** The cells of a row without its empty cells at the end. */
export function trimRow(cells: readonly string[]): string[] {
  let n = cells.length;
  while (n > 0 && !cells[n - 1].trim()) n--;
  return cells.slice(0, n);
}

/**
 * Is a table of a Word or OpenDocument file a transcript written as a table: at least two rows, and
 * half of its rows or more, are `speaker | text` (a short label-shaped name, then words) or
 * `time | speaker | text` (empty cells at a row's end not counted). Such a table is read a row a
 * line, its cells apart by a tab, as the readers of text files read turns (`Name<TAB>text`); any
 * other table a cell a paragraph, as before (a table with a column of notes, of row numbers, or of
 * data is not read as turns).
 */
export function isTurnTable(rows: ReadonlyArray<readonly string[]>): boolean {
  let shaped = 0;
  let filled = 0;
  for (const r of rows) {
    const cells = trimRow(r).map((c) => c.trim());
    if (!cells.length) continue;
    filled++;
    const [a, b, c] = cells;
    if ((cells.length === 2 && a.length <= 40 && isLabelShaped(a) && /\p{L}/u.test(b)) || (cells.length === 3 && TIME_CELL.test(a) && b.length <= 40 && isLabelShaped(b) && /\p{L}/u.test(c))) shaped++;
  }
  return shaped >= 2 && shaped * 2 >= filled;
}
