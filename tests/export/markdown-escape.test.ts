import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeMarkdown } from '../../src/export/escape.js';
import { renderTables } from '../../src/export/render-table.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * What a CommonMark/GFM renderer shows for text escapeMarkdown wrote, for the constructs it can
 * meet (a deliberately small reader: backslash escapes, the entities &lt; &amp;, <br>): the text
 * must come back as it was, and nothing in it may be read as markup.
 */
function shown(md: string): string {
  return md.replace(/<br>/g, '\n').replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}
/** Markup a renderer would act on in escaped text: an unescaped * ` [ ~ < |, an entity, _ at a word's edge, a block start. */
function markup(md: string): string[] {
  const bare = md.replace(/\\[!-/:-@[-`{-~]/g, 'X').replace(/<br>/g, ' ').replace(/&lt;|&amp;/g, 'X');
  const found: string[] = [];
  for (const m of bare.matchAll(/[*`[\]~<|]|&#?\w+;|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu)) found.push(m[0]);
  if (/^\s*(?:[#>]|[-+*](?:\s|$)|\d+[.)](?:\s|$)|-{3,}\s*$)/.test(bare)) found.push('block start');
  return found;
}

const HOSTILE = [
  'Ouder | pijp <script>alert(1)</script>',
  '*belangrijk* en _nadruk_ en `code`',
  '[link](http://example.org) en ~doorgestreept~',
  '# Kop',
  '- lijst',
  '+ plus',
  '1. genummerd',
  '> citaat',
  '---',
  'Vraag 3 #',
  'R&amp;D &#169; &copy;',
  'back\\slash \\*',
  'regel een\nregel twee',
  '<onverstaanbaar> [lacht]',
];

describe('Markdown outputs show names and texts as written (one escapeMarkdown for cells, headings, paragraphs, notes)', () => {
  it('escapeMarkdown: each hostile text comes back as written and leaves no markup', () => {
    for (const s of HOSTILE) {
      const md = escapeMarkdown(s);
      expect(shown(md), s).toBe(s);
      expect(markup(md), `${s} → ${md}`).toEqual([]);
    }
    // ordinary text and numbers stay as they are
    expect(escapeMarkdown('snake_case R&D 100% -3 2,5')).toBe('snake_case R&D 100% -3 2,5');
  });

  it('a table, its title and its notes in Markdown: the same escaping everywhere', async () => {
    const md = (await renderTables([{ title: '*Titel*', columns: [{ key: 'a', label: '_kop_' }], rows: [{ a: '[x](y)' }], notes: ['noot met *ster* en <b>'] }], 'md')) as string;
    expect(md).toContain('### \\*Titel\\*');
    expect(md).toContain('| \\_kop\\_ |');
    expect(md).toContain('| \\[x\\](y) |');
    expect(md).toContain('*noot met \\*ster\\* en &lt;b>*');
  });

  it('qda run: results-skeleton.md and the notes beside the CSVs escape code, group and source names (were raw: <b> and *x* vanished when rendered); inputs byte-identical', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-md-esc-')), 'p', {
      'cb.yaml':
        'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n' +
        '  - id: a\n    name: "<Overleg> *kern*"\n    definition: a.\n    rules:\n      - keywords: {nl: [overleg]}\n' +
        '  - id: b\n    name: "[Vertrouwen](x) ~echt~"\n    definition: b.\n    rules:\n      - keywords: {nl: [vertrouwen]}\n',
      'cases.csv': 'source,case,group\nr1,R1,"<noord>"\nr2,R2,"*zuid*"\nr3,R3,"*zuid*"\n',
      'r1.txt': 'Interviewer: Vertel.\nAnna: Het overleg gaat goed en ik heb vertrouwen in het team.\n',
      'r2.txt': 'Interviewer: Vertel.\nBert: Het overleg is lastig.\n',
      'r3.txt': 'Interviewer: Vertel.\nCor: Daar zeg ik niets over.\n',
      'qda.yaml': 'name: t\nsources: [r1.txt, r2.txt, r3.txt]\ncodebooks: [cb.yaml]\ncases: cases.csv\nlanguage: nl\ninterviewers: [Interviewer]\n',
    });
    const r = await qdaLeavingInputs(dir, ['run', '.', '-o', 'out'], ['out']);
    expect(r.code).toBe(0);
    const skel = readFileSync(join(dir, 'out', 'results-skeleton.md'), 'utf8');
    expect(skel).toContain('## &lt;noord> (N = 1)');
    expect(skel).toContain('## \\*zuid\\* (N = 2)');
    expect(skel).toContain('&lt;Overleg> \\*kern\\*');
    expect(skel).toContain('\\[Vertrouwen\\](x) \\~echt\\~');
    // every heading, paragraph and list item: no markup left (the italic line of coders aside)
    for (const line of skel.split('\n').filter((l) => l && !l.startsWith('*Codeurs'))) expect(markup(line.replace(/^(?:## |- )/, '')), line).toEqual([]);
    const notes = readFileSync(join(dir, 'out', 'matrix-group.notes.md'), 'utf8');
    for (const line of notes.split('\n').filter((l) => l.startsWith('- '))) expect(markup(line.slice(2)), line).toEqual([]);
  }, 60_000);
});
