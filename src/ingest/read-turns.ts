import { parseBlocks, type ParsedBlocks } from './parse-blocks.js';
import { pipeTableTurns } from './table-turns.js';
import { caselessLabels, unmask, type CaselessLabels } from './caseless-labels.js';
import { punctLabels, type PunctLabels } from './punct-labels.js';
import { markedLabels, type MarkedLabels } from './marked-labels.js';

/** How a transcript's turns were read (see transcriptTurns): the parse, and the forms read that the reader says. */
export interface TranscriptTurns {
  readonly parsed: ParsedBlocks;
  /** A pipe table of turns (`| Interviewer | Hoe gaat het? |`), when the text has one. */
  readonly piped?: ReturnType<typeof pipeTableTurns>;
  /** Labels in lower case or a script without capitals, read when no other label was. */
  readonly caseless?: CaselessLabels;
  /** Labels with a full stop or a dash after the name, read when no other label was. */
  readonly punct?: PunctLabels;
  /** Labels after a list or quote mark (`- Interviewer:`, `> Anna:`), read when no other label was. */
  readonly marked?: MarkedLabels;
}

/**
 * The turns of a transcript's text as the reader reads them: a pipe table of turns as rows of
 * turns; when no label is read, labels in lower case or in a script without capitals (see
 * caselessLabels), else labels with a full stop or a dash after the name (see punctLabels), else
 * labels after a list or quote mark (see markedLabels), each
 * when it gives two speakers or more. One reading for the reader (textSource, which says what it
 * read) and for a source segmented again without its blocks (eachSegment: the segments of a rule
 * with another unit had no speakers in such a file, and its rules for respondents coded nothing).
 */
export function transcriptTurns(text: string, knownSpeakers: readonly string[], markdown: boolean, headingLines?: readonly number[]): TranscriptTurns {
  // (a document's heading lines, when it has some after a turn: see ParseBlocksOptions.headingLines)
  const opts = headingLines?.length ? { knownSpeakers, markdown, headingLines } : { knownSpeakers, markdown };
  const piped = pipeTableTurns(text);
  const read0 = piped ? piped.masked : text;
  let parsed = parseBlocks(read0, 'transcript', opts);
  if (parsed.speakers.length > 0) return piped ? { parsed, piped } : { parsed };
  const caseless = caselessLabels(read0);
  if (caseless) {
    const again = unmask(parseBlocks(caseless.masked, 'transcript', opts), caseless);
    if (again.speakers.length >= 2) return { parsed: again, ...(piped ? { piped } : {}), caseless };
  }
  const punct = punctLabels(read0, knownSpeakers);
  if (punct) {
    const again = parseBlocks(punct.masked, 'transcript', opts);
    if (again.speakers.length >= 2) return { parsed: again, ...(piped ? { piped } : {}), punct };
  }
  const marked = markedLabels(read0, knownSpeakers);
  if (marked) {
    const again = parseBlocks(marked.masked, 'transcript', opts);
    if (again.speakers.length >= 2) return { parsed: again, ...(piped ? { piped } : {}), marked };
  }
  // (the first reading, when none gives two speakers; parsed again, so that the lines known are this text's)
  if (caseless || punct || marked) parsed = parseBlocks(read0, 'transcript', opts);
  return piped ? { parsed, piped } : { parsed };
}
