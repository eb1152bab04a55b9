/**
 * Codebook exports keep a definition's line breaks and blank lines (and those of criteria, examples
 * and the description): the HTML, LaTeX and Word exports joined them into one paragraph, so two
 * paragraphs of a definition, or a criterion with a second line, read as one run of text.
 */
import { describe, it, expect } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { renderCodebookDocx } from '../../src/export/codebook-docx.js';
import { renderCodebookLatex } from '../../src/export/codebook-latex.js';
import { renderCodebookMarkdown } from '../../src/export/codebook-md.js';
import { renderCodebookHtml } from '../../src/export/codebook-html.js';
import { compileLatex, NO_TEX } from '../helpers/latex.js';
import { renderAppendix } from '../../src/export/appendix-render.js';

const book = parseCodebook(
  [
    'id: para',
    'name: {nl: Alinea\'s, en: Paragraphs}',
    'language: en',
    'description: |',
    '  First paragraph of the description.',
    '',
    '  Second paragraph.',
    'codes:',
    '  - id: trust',
    '    name: {nl: Vertrouwen, en: Trust}',
    '    definition: |',
    "      Trust in each other's work.",
    '',
    '      Second paragraph of the definition.',
    '      A line of its own.',
    '    include:',
    '      - "Speaks of relying on:\\nline two of the criterion"',
    '    examples:',
    '      - "First line of an example.\\nSecond line of the example."',
    '',
  ].join('\n'),
  { file: 'para.yaml' },
);

describe('codebook exports keep line breaks and paragraphs', () => {
  it('HTML: <br> for a line break, an empty line between paragraphs; the description in paragraphs', () => {
    const html = renderCodebookHtml(book, 'en');
    expect(html).toContain('Trust in each other&#39;s work.<br><br>Second paragraph of the definition.<br>A line of its own.</td>');
    expect(html).toContain('<li>Speaks of relying on:<br>line two of the criterion</li>');
    expect(html).toContain('<li>First line of an example.<br>Second line of the example.</li>');
    expect(html).toContain('<p>First paragraph of the description.</p>');
    expect(html).toContain('<p>Second paragraph.</p>');
  });

  it('LaTeX: \\newline{} for a line break, two for a blank line; the description in paragraphs; compiles', () => {
    const tex = renderCodebookLatex(book, 'en');
    expect(tex).toContain("Trust in each other's work.\\newline{}\\newline{}Second paragraph of the definition.\\newline{}A line of its own.");
    expect(tex).toContain('\\textbullet{} Speaks of relying on:\\newline{}line two of the criterion');
    expect(tex).toContain('First paragraph of the description.\n\nSecond paragraph.\n');
    const ok = compileLatex(tex);
    if (ok === undefined) console.warn(NO_TEX);
  });

  it('Word: each line a paragraph of the cell, a blank line an empty one', async () => {
    const xml = strFromU8(unzipSync(await renderCodebookDocx(book, 'en'))['word/document.xml']);
    const paras = [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => [...m[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    const i = paras.indexOf('Trust in each other&apos;s work.') >= 0 ? paras.indexOf('Trust in each other&apos;s work.') : paras.indexOf("Trust in each other's work.");
    expect(i).toBeGreaterThan(0);
    expect(paras.slice(i, i + 4)).toEqual([paras[i], '', 'Second paragraph of the definition.', 'A line of its own.']);
    expect(paras).toContain('• Speaks of relying on:');
    expect(paras).toContain('line two of the criterion');
    expect(paras).toContain('First paragraph of the description.');
    expect(paras).toContain('Second paragraph.');
  });

  it('Markdown: <br> inside a cell, no <br> after the last line; the description in paragraphs', () => {
    const md = renderCodebookMarkdown(book, 'en');
    expect(md).toContain("Trust in each other's work.<br><br>Second paragraph of the definition.<br>A line of its own. |");
    expect(md).toContain('First paragraph of the description.\n\nSecond paragraph.\n');
  });

  const appendixDoc = (definition: string) =>
      ({
        lang: 'en',
        title: 'Appendix',
        paragraphs: [],
        sections: [
          {
            id: 'cat-trust',
            heading: 'Trust',
            level: 2,
            table: {
              columns: [
                { key: 'code', label: 'Code' },
                { key: 'definition', label: 'Definition' },
                { key: 'quotes', label: 'Example quotes' },
              ],
              rows: [{ code: 'Trust', definition, quotes: '“We rely on them.” (r1)\n“Not at all.” (r2)' }],
            },
          },
        ],
      }) as const;

  it('qda appendix -f md: a definition\'s paragraphs and the quotes one a line in the cell (<br>), not run together with spaces', async () => {
    const md = (await renderAppendix(appendixDoc('First paragraph.\n\nSecond paragraph.'), 'md')) as string;
    expect(md).toContain('| Trust | First paragraph.<br><br>Second paragraph. | “We rely on them.” (r1)<br>“Not at all.” (r2) |');
  });

  it('qda appendix -f latex: line breaks as \\newline{} (were spaces), none at the start or end of a cell; compiles', async () => {
    const tex = (await renderAppendix(appendixDoc('\nFirst paragraph.\n\n\n\nSecond paragraph.\n'), 'latex')) as string;
    expect(tex).toContain('First paragraph.\\newline{}\\newline{}Second paragraph. \\\\');
    // (the quotes under their row, over the whole width: huntana, session 23)
    expect(tex).toContain('{\\textit{Example quotes:}\\newline{}“We rely on them.” (r1)\\newline{}“Not at all.” (r2)} \\\\');
    expect(tex).not.toMatch(/& \\newline/);
    const ok = compileLatex(tex);
    if (ok === undefined) console.warn(NO_TEX);
  });
});
