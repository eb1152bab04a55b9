import type { Lang } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { escapeMarkdown } from './escape.js';
import { codebookAppendix, cellContent, textLines, textParagraphs, type AppendixRow, type AppendixColumn, type AppendixOptions } from './codebook-sections.js';

// (line breaks inside a cell as <br>, a blank line between paragraphs as two; white space at the end left out)
const inline = (s: string) => escapeMarkdown(textLines(s).join('\n'), 'inline');
const text = (s: string) => escapeMarkdown(s);

function cell(r: AppendixRow, c: AppendixColumn): string {
  switch (c) {
    case 'code':
      return `${r.depth > 0 ? '&nbsp;'.repeat(2 * r.depth) : ''}**${inline(r.name)}** (\`${r.id.replace(/`/g, "'").replace(/\|/g, '\\|')}\`)`;
    case 'level':
      return r.level === undefined ? '' : String(r.level);
    case 'definition':
      return inline(r.definition);
    default: {
      const { lines, bullets } = cellContent(r, c);
      return lines.map((x) => `${bullets ? '• ' : ''}${inline(x)}`).join('<br>');
    }
  }
}

/** The codebook as a Markdown appendix: a heading and a table per top-level category. */
export function renderCodebookMarkdown(book: Codebook, lang: Lang, opts: AppendixOptions = {}): string {
  const a = codebookAppendix(book, lang, opts);
  const out: string[] = [`# ${a.labels.codebook}: ${escapeMarkdown(a.title, 'heading')}`, ''];
  for (const p of textParagraphs(a.description)) out.push(text(p.join('\n')), '');
  if (a.reference) out.push(`*${a.labels.reference}:* ${inline(a.reference)}`, '');
  if (a.version) out.push(`*${a.labels.version}:* ${inline(a.version)}`, '');
  for (const s of a.sections) {
    if (a.sections.length > 1) out.push(`## ${escapeMarkdown(s.title, 'heading')}`, '');
    out.push('| ' + a.columns.map((c) => a.labels[c]).join(' | ') + ' |');
    out.push('|' + a.columns.map((c) => (c === 'level' ? ' ---: ' : ' --- ')).join('|') + '|');
    for (const r of s.rows) out.push('| ' + a.columns.map((c) => cell(r, c)).join(' | ') + ' |');
    out.push('');
  }
  return out.join('\n');
}
