/**
 * A markdown table (`| Jaar | Aantal |` ⏎ `|---|---|` ⏎ rows) inside a speaker's turn of a .md or
 * .txt transcript (found by huntdoc, session 23): its rows were read as that speaker's words without
 * a word, as a .docx's table was before it was said. Now said as a .docx's is (`table-in-turn`); a
 * table of turns (`| Respondent | Goed. |`) reads as before, and says nothing of the kind. The place
 * of a table after an emoji is found in the right turn (places count UTF-16 units, turns code
 * points: a table after 60 emoji was in no turn, and not said). Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

async function read(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-md-table-'));
  writeFileSync(join(dir, name), text);
  const seen: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
  return { seen, rows: corpus.segments.map((s) => [s.speaker, s.text]) };
}

describe('a markdown table inside a turn', () => {
  it('.md: said with its line, first row and the speaker; the text as before', async () => {
    const { seen, rows } = await read(
      'wijk.md',
      'Interviewer: Hoeveel mensen kwamen er naar de inloop?\n\n| Jaar | Bezoekers |\n|-----:|----------|\n| 2022 | 40 |\n| 2023 | 65 |\n\nRespondent: Steeds meer, vooral ouderen.\n',
    );
    expect(rows[0]).toEqual(['Interviewer', 'Hoeveel mensen kwamen er naar de inloop?\n\n| Jaar | Bezoekers |\n|-----:|----------|\n| 2022 | 40 |\n| 2023 | 65 |']);
    const d = seen.filter((x) => x.ruleId === 'table-in-turn');
    expect(d.map((x) => [x.line, x.actual])).toEqual([[3, '| Jaar | Bezoekers |']]);
    expect(d[0].message).toContain("in Interviewer's turn");
  });

  it('.txt too; after 60 emoji, in the right turn', async () => {
    const { seen } = await read('emoji.txt', `Interviewer: Hoe was het feest? ${'🎉'.repeat(60)}\nRespondent: Druk.\n| Wie | Hoeveel |\n| --- | --- |\n| buren | 12 |\n`);
    expect(seen.filter((x) => x.ruleId === 'table-in-turn').map((x) => [x.line, x.message.includes("Respondent's turn")])).toEqual([[3, true]]);
  });

  it('a table of turns, and a table before the first turn, say nothing of it', async () => {
    const { seen, rows } = await read('turns.md', 'Overzicht\n\n| Jaar | Bezoekers |\n|---|---|\n| 2022 | 40 |\n\nInterviewer: Welkom.\n| Spreker | Tekst |\n|---|---|\n| Respondent | Dank u. |\n| Interviewer | Begin maar. |\n| Respondent | Goed. |\n');
    expect(rows.slice(-3)).toEqual([
      ['Respondent', 'Dank u.'],
      ['Interviewer', 'Begin maar.'],
      ['Respondent', 'Goed.'],
    ]);
    expect(seen.filter((x) => x.ruleId === 'table-in-turn')).toEqual([]);
  });
});
