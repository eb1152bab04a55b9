import type { Block } from './parse-blocks.js';
import { cpLength } from '../model/codepoints.js';

/** Column names (lower case, spaces/dashes as `_`) recognised in open-answer tables. */
export const TEXT_COLUMNS = ['text', 'tekst', 'antwoord', 'antwoorden', 'answer', 'answers', 'response', 'responses', 'reactie', 'toelichting', 'open_antwoord', 'open_answer', 'opmerking', 'opmerkingen', 'comment', 'comments'];
export const ID_COLUMNS = ['respondent', 'respondent_id', 'respondentid', 'respondentnummer', 'resp', 'resp_id', 'deelnemer', 'participant', 'participant_id', 'id', 'nr', 'nummer'];
export const QUESTION_COLUMNS = ['question', 'vraag', 'question_id', 'vraag_id', 'vraagnummer', 'item'];
/**
 * Columns of respondents' names, read as the respondent when no id column is there (`naam;antwoord`:
 * each row was a respondent "row N" of its own, one person on two rows counted as two). Not in
 * ID_COLUMNS, which also tells a case table (`bron;naam;groep`) from an answers table.
 */
export const NAME_COLUMNS = ['naam', 'name', 'respondentnaam', 'respondent_naam', 'deelnemersnaam', 'deelnemer_naam', 'participant_name'];

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

export interface AnswerColumns {
  readonly text: number;
  readonly id?: number;
  readonly question?: number;
}

/** Find the text, respondent and question columns; the text column by name, else the longest on average. */
export function detectAnswerColumns(header: readonly string[], rows: readonly (readonly string[])[], byNameOnly = false): AnswerColumns | undefined {
  const h = header.map(norm);
  const find = (names: string[]) => {
    for (const n of names) {
      const i = h.indexOf(n);
      if (i !== -1) return i;
    }
    return undefined;
  };
  const id = find(ID_COLUMNS) ?? find(NAME_COLUMNS);
  const question = find(QUESTION_COLUMNS);
  let text = find(TEXT_COLUMNS);
  if (text === undefined) {
    if (byNameOnly) return undefined;
    let best = -1;
    for (let c = 0; c < header.length; c++) {
      if (c === id || c === question) continue;
      const avg = rows.reduce((s, r) => s + (r[c] ?? '').length, 0) / Math.max(1, rows.length);
      if (avg > best) {
        best = avg;
        text = c;
      }
    }
  }
  if (text === undefined) return undefined;
  return { text, ...(id !== undefined ? { id } : {}), ...(question !== undefined ? { question } : {}) };
}

/** The words of a cell (runs of non-space characters), counted up to `max`. */
function wordsUpTo(s: string, max: number): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length && n < max; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * Does column `c` hold open answers by its content (sentences, not values): at least two
 * non-empty cells, and at least half of them of 4 words or more? (A table found in a folder
 * whose answer column is named by its question, as Google Forms and Microsoft Forms export
 * them: `Tijdstempel,Groep,Wat vindt u van …?`.)
 */
export function isFreeTextColumn(rows: readonly (readonly string[])[], c: number): boolean {
  let filled = 0;
  let sentences = 0;
  for (const r of rows) {
    const v = r[c] ?? '';
    if (!v.trim()) continue;
    filled++;
    if (wordsUpTo(v, 4) >= 4) sentences++;
  }
  return filled >= 2 && sentences * 2 >= filled;
}

/** The columns of a table that name its rows' sources (a case table: `source`, `bron`, `file`, …), lower case. */
export const CASE_SOURCE_COLUMNS = ['source', 'file', 'bron', 'document', 'bestand', 'filename', 'bestandsnaam', 'transcript', 'source_id'];

/**
 * One source from an open-answer table: Source.text is the answers joined by
 * blank lines (LF), in row order; each non-empty answer is a block with
 * speaker = respondent id (else `row N`), meta.question, meta.row and every
 * other column as meta. Offsets are exact into that derived text.
 */
export function answersToSource(header: readonly string[], rows: readonly (readonly string[])[], cols: AnswerColumns, lines?: readonly number[]): { text: string; blocks: Block[] } {
  let text = '';
  let cp = 0;
  const blocks: Block[] = [];
  rows.forEach((r, i) => {
    const raw = r[cols.text] ?? '';
    const answer = raw.trim();
    if (!answer) return;
    if (text) {
      text += '\n\n';
      cp += 2;
    }
    // (the row's own line or row number: blank rows and line breaks inside quotes before it counted)
    const at = lines?.[i] ?? i + 2;
    const meta: Record<string, string> = { row: String(at) };
    header.forEach((name, c) => {
      if (c === cols.text || c === cols.id) return;
      let key = c === cols.question ? 'question' : name.trim() || `column_${c + 1}`;
      // a column named like a key already taken (`row`, `question`) keeps its value under its column
      if (key in meta) key = `${key} (column ${c + 1})`;
      const v = (r[c] ?? '').trim();
      if (v !== '') meta[key] = v;
    });
    const speaker = cols.id !== undefined && (r[cols.id] ?? '').trim() ? r[cols.id].trim() : `row ${at}`;
    const start = cp;
    const end = start + cpLength(answer);
    text += answer;
    cp = end;
    blocks.push({ start, end, speaker, meta });
  });
  return { text, blocks };
}
