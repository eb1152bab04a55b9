import type { Diagnostic } from '../model/types.js';
import { cpLength } from '../model/codepoints.js';
import { isLabelShaped, type Block } from './parse-blocks.js';

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
  const head = headerRowAt(rows);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (i === head) continue;
    const cells = trimRow(r).map((c) => c.trim());
    if (!cells.length) continue;
    filled++;
    const [a, b, c] = cells;
    if ((cells.length === 2 && a.length <= 40 && isLabelShaped(a) && /\p{L}/u.test(b)) || (cells.length === 3 && TIME_CELL.test(a) && b.length <= 40 && isLabelShaped(b) && /\p{L}/u.test(c))) shaped++;
  }
  return shaped >= 2 && shaped * 2 >= filled;
}

/** The words a turn table's header names its columns with (lower case, without a colon at the end). */
const TIME_HEAD = new Set(['tijd', 'time', 'tijdstip', 'tijdcode', 'tijdstempel', 'tijdsaanduiding', 'timecode', 'time code', 'timestamp', 'time stamp', 'begin', 'start', 'starttijd', 'start time', 'tc']);
const SPEAKER_HEAD = new Set(['spreker', 'sprekers', 'speaker', 'speakers', 'naam', 'name', 'wie', 'who', 'persoon', 'person', 'deelnemer', 'participant', 'rol', 'role']);
const TEXT_HEAD = new Set(['tekst', 'text', 'uitspraak', 'uitspraken', 'transcript', 'transcriptie', 'transcription', 'utterance', 'utterances', 'inhoud', 'content', 'gezegd', 'wat er gezegd wordt', 'speech', 'spraak', 'beurt', 'turn', 'fragment', 'citaat', 'quote']);

/**
 * The index of a turn table's header row: its first row with text, when its cells name the
 * columns (`Spreker | Tekst`, `Tijd | Spreker | Tekst`, `Speaker | Text`, also with a colon), or
 * -1. Read as a row of turns, `Spreker` was a speaker whose turn said `Tekst` (a respondent's,
 * coded as speech) and `Tijd | Spreker | Tekst` a turn without speaker; the readers leave it out
 * and say so.
 */
export function headerRowAt(rows: ReadonlyArray<readonly string[]>): number {
  const i = rows.findIndex((r) => r.some((c) => c.trim()));
  if (i < 0) return -1;
  const cells = trimRow(rows[i]).map((c) => c.trim().replace(/\s*:$/, '').replace(/\s+/g, ' ').toLowerCase());
  if (cells.length === 2 && SPEAKER_HEAD.has(cells[0]) && TEXT_HEAD.has(cells[1])) return i;
  if (cells.length === 3 && TIME_HEAD.has(cells[0]) && SPEAKER_HEAD.has(cells[1]) && TEXT_HEAD.has(cells[2])) return i;
  return -1;
}

/**
 * The note that the header rows of tables of turns (their cells, each table's) were left out;
 * `place` is the first's place as its reader says it (`, in paragraph 3 ("Spreker Tekst")`).
 */
export function tableHeaderNote(headers: readonly (readonly string[])[], file: string, place: string): Diagnostic {
  const n = headers.length;
  const first = headers[0].join(' | ');
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'table-header-left-out',
    message: `${n === 1 ? 'the first row of a table of turns is its header' : `the first rows of ${n} tables of turns are their headers`} and ${n === 1 ? 'is' : 'are'} left out, not read as a turn (${n === 1 ? '' : 'the first: '}"${first}"${place})`,
    file,
    hint: 'nothing to do if that row names the columns; if it is a turn, write its speaker in the first column (or the time, then the speaker)',
  };
}

/**
 * Does a line of the text start with a pipe (spaces and tabs before it aside)? Asked of every text
 * file: by its pipes, most texts have none or a few (`{{code | note}}` markers), where a regular
 * expression looking for a line break and a pipe read the whole text (100–400 ms on the 760 bench files).
 */
function pipeAtLineStart(text: string): boolean {
  for (let p = text.indexOf('|'); p !== -1; p = text.indexOf('|', p + 1)) {
    let k = p - 1;
    while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    if (k < 0 || text.charCodeAt(k) === 10) return true;
  }
  return false;
}

/**
 * A text file's pipe tables of turns (markdown: `| Interviewer | Hoe gaat het? |`, `| 00:01:12 |
 * Anna | Goed. |`; see isTurnTable), each row written as a line the reader reads as a turn, every
 * offset unchanged: the pipe after the speaker a colon (`  Interviewer : Hoe gaat het?  `), a time
 * in brackets, the other pipes and the separator row (`|---|---|`) spaces, and a header row
 * (`| Spreker | Tekst |`) blank (said). Read as it is, a table's rows went into the turn before the
 * table, pipes and all: the interviewer's questions in the respondent's turn. Undefined when the
 * text has no such table.
 */
export function pipeTableTurns(text: string): { masked: string; headers: string[][]; headerLine?: number } | undefined {
  if (!pipeAtLineStart(text)) return undefined;
  const lines = text.split('\n');
  const out = lines.slice();
  const headers: string[][] = [];
  let headerLine: number | undefined;
  let changed = false;
  const isRow = (l: string) => /^[ \t]*\|.*\|[ \t]*\r?$/.test(l);
  const isRule = (l: string) => /^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*\r?$/.test(l);
  for (let i = 0; i < lines.length; ) {
    if (!isRow(lines[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && isRow(lines[j])) j++;
    // the rows' cells, with where each cell's pipes stand (a cell: the text between two pipes)
    const rows: Array<{ k: number; pipes: number[]; cells: string[] } | undefined> = [];
    for (let k = i; k < j; k++) {
      if (isRule(lines[k])) {
        rows.push(undefined);
        continue;
      }
      const l = lines[k];
      const pipes: number[] = [];
      for (let p = l.indexOf('|'); p !== -1; p = l.indexOf('|', p + 1)) if (l[p - 1] !== '\\') pipes.push(p);
      const cells: string[] = [];
      for (let c = 0; c + 1 < pipes.length; c++) cells.push(l.slice(pipes[c] + 1, pipes[c + 1]));
      rows.push({ k, pipes, cells });
    }
    const cellRows = rows.filter((r) => r !== undefined).map((r) => r!.cells);
    if (isTurnTable(cellRows)) {
      const head = headerRowAt(cellRows);
      let n = 0;
      for (const r of rows) {
        if (!r) continue;
        const l = lines[r.k];
        const cells = trimRow(r.cells);
        const chars = [...l].length === l.length ? l.split('') : undefined;
        if (!chars) continue; // (a row with characters outside the BMP: left as it is)
        if (n++ === head) {
          headers.push(cells.map((x) => x.trim()).filter(Boolean));
          headerLine ??= r.k + 1;
          out[r.k] = l.replace(/[^\r]/g, ' ');
          changed = true;
          continue;
        }
        const timed = cells.length === 3 && TIME_CELL.test(cells[0].trim());
        for (const p of r.pipes) chars[p] = ' ';
        // (the pipe after the speaker's cell: a colon; a time's cell: its time in brackets)
        chars[r.pipes[timed ? 2 : 1]] = ':';
        if (timed) {
          const cell = r.cells[0];
          const s = r.pipes[0] + 1 + (cell.length - cell.trimStart().length);
          const t = cell.trim();
          if (!/^[[(]/.test(t)) {
            chars[s - 1] = '[';
            chars[s + t.length] = ']';
          }
        }
        out[r.k] = chars.join('');
        changed = true;
      }
      for (const r of rows) if (r === undefined) changed = true;
      for (let k = i; k < j; k++) if (isRule(lines[k])) out[k] = lines[k].replace(/[^\r]/g, ' ');
    }
    i = j;
  }
  return changed ? { masked: out.join('\n'), headers, ...(headerLine !== undefined ? { headerLine } : {}) } : undefined;
}

/** Column names of a survey's questions (a long table of answers: one respondent on several rows). */
const QUESTION_HEAD = new Set(['question', 'vraag', 'question_id', 'vraag_id', 'vraagnummer', 'item', 'question id', 'vraag id']);

/**
 * A CSV or workbook that is a transcript, as transcription services and Teams export them
 * (`Speaker,Start,Text`, `Spreker;Tijd;Tekst`): a column naming speakers and a column of what they
 * say, with no question column, where a speaker is an interviewer or the speakers take turns (the
 * speaker changes from row to row at least every other row and one speaker has two rows or more).
 * Read as answers, each row was a respondent of its own (`row 2`, `row 3`: four respondents for a
 * talk of two) and the interviewer's questions were coded as answers, without a word. Its text:
 * each row's `Speaker: words`, rows apart by a blank line; each turn's block after its label, with
 * the row's line and its other cells in meta. Undefined when the table is no transcript.
 */
export function tableTranscript(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  isInterviewer: (label: string) => boolean,
  lines?: readonly number[],
): {
  text: string;
  blocks: Block[];
  speakerColumn: string;
  textColumn: string;
  textIndex: number;
  firstRow: ReadonlyMap<string, number>;
  /** Rows with words and an empty speaker cell: read as the speaker of the row above (`speaker`), or as no one's (none above). */
  noSpeaker: Array<{ line: number; speaker?: string }>;
} | undefined {
  const h = header.map((c) => c.trim().replace(/\s*:$/, '').replace(/\s+/g, ' ').toLowerCase());
  if (h.some((c) => QUESTION_HEAD.has(c))) return undefined;
  const sp = h.findIndex((c) => SPEAKER_HEAD.has(c));
  const tx = h.findIndex((c) => TEXT_HEAD.has(c));
  if (sp < 0 || tx < 0 || sp === tx) return undefined;
  const said = rows.filter((r) => (r[tx] ?? '').trim());
  // (what is said: sentences in some rows, not a file name or a value in each)
  if (said.length < 2 || !said.some((r) => (r[tx] ?? '').trim().split(/\s+/).length >= 4)) return undefined;
  const speakers = said.map((r) => (r[sp] ?? '').trim());
  if (speakers.filter(Boolean).length * 2 < said.length) return undefined;
  const count = new Map<string, number>();
  let changes = 0;
  for (let i = 0; i < speakers.length; i++) {
    if (speakers[i]) count.set(speakers[i], (count.get(speakers[i]) ?? 0) + 1);
    if (i > 0 && speakers[i] !== speakers[i - 1]) changes++;
  }
  const interviewer = [...count.keys()].some(isInterviewer);
  const turns = count.size >= 2 && changes * 2 >= speakers.length - 1 && [...count.values()].some((n) => n >= 2);
  if (!interviewer && !turns) return undefined;
  let text = '';
  let cp = 0;
  const blocks: Block[] = [];
  const firstRow = new Map<string, number>();
  // a row with words and an empty speaker cell (a speaker's turn going on over several rows, as
  // exports split long turns): read as the speaker of the row above, as a line without a label in
  // a text transcript (or a Word table's row) goes on with the turn before it; it was a turn of no
  // one (role other), in no respondent's text, without a word. Said by the reader
  const noSpeaker: Array<{ line: number; speaker?: string }> = [];
  let above = '';
  rows.forEach((r, i) => {
    const words = (r[tx] ?? '').trim();
    if (!words) return;
    const own = (r[sp] ?? '').trim();
    const at = lines?.[i] ?? i + 2;
    if (!own) noSpeaker.push({ line: at, ...(above ? { speaker: above } : {}) });
    const speaker = own || above;
    above = speaker;
    if (speaker && !firstRow.has(speaker)) firstRow.set(speaker, at);
    if (text) {
      text += '\n\n';
      cp += 2;
    }
    // (a speaker taken from the row above: no label written into the text, which holds what the row holds)
    const prefix = own ? `${speaker}: ` : '';
    const meta: Record<string, string> = { row: String(at) };
    header.forEach((name, c) => {
      if (c === sp || c === tx) return;
      let key = name.trim() || `column_${c + 1}`;
      if (key in meta) key = `${key} (column ${c + 1})`;
      const v = (r[c] ?? '').trim();
      if (v !== '') meta[key] = v;
    });
    const start = cp + cpLength(prefix);
    const end = start + cpLength(words);
    text += prefix + words;
    cp = end;
    blocks.push({ start, end, speaker: speaker || null, meta });
  });
  return { text, blocks, speakerColumn: header[sp].trim(), textColumn: header[tx].trim(), textIndex: tx, firstRow, noSpeaker };
}
