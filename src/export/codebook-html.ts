import type { Lang } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { escapeHtml } from './escape.js';
import { htmlPage } from './render-table.js';
import { codebookAppendix, cellContent, textLines, textParagraphs, type AppendixRow, type AppendixColumn, type AppendixOptions } from './codebook-sections.js';

/** A codebook text in HTML with its line breaks (a blank line between paragraphs as an empty line). */
const lines = (s: string) => textLines(s).map(escapeHtml).join('<br>');

function cell(r: AppendixRow, c: AppendixColumn): string {
  switch (c) {
    case 'code':
      return `<td style="padding-left:${0.4 + 1.2 * r.depth}em"><strong>${escapeHtml(r.name)}</strong><br><code>${escapeHtml(r.id)}</code></td>`;
    case 'level':
      return `<td class="num">${r.level ?? ''}</td>`;
    case 'definition':
      return `<td>${lines(r.definition)}</td>`;
    default: {
      const { lines: items, bullets } = cellContent(r, c);
      if (!items.length) return '<td></td>';
      return bullets ? `<td><ul>${items.map((x) => `<li>${lines(x)}</li>`).join('')}</ul></td>` : `<td>${items.map(lines).join('<br>')}</td>`;
    }
  }
}

/** The HTML body (sections with tables) of a codebook appendix. */
export function renderCodebookHtmlBody(book: Codebook, lang: Lang, opts: AppendixOptions = {}): string {
  const a = codebookAppendix(book, lang, opts);
  const out: string[] = [`<h1>${escapeHtml(a.labels.codebook)}: ${escapeHtml(a.title)}</h1>`];
  for (const p of textParagraphs(a.description)) out.push(`<p>${p.map(escapeHtml).join('<br>')}</p>`);
  if (a.reference) out.push(`<p><em>${escapeHtml(a.labels.reference)}:</em> ${escapeHtml(a.reference)}</p>`);
  if (a.version) out.push(`<p><em>${escapeHtml(a.labels.version)}:</em> ${escapeHtml(a.version)}</p>`);
  for (const s of a.sections) {
    out.push('<section>');
    if (a.sections.length > 1) out.push(`<h2 id="${escapeHtml(`cat-${s.id ?? ''}`)}">${escapeHtml(s.title)}</h2>`);
    out.push('<table class="codebook">', '<thead><tr>' + a.columns.map((c) => `<th>${escapeHtml(a.labels[c])}</th>`).join('') + '</tr></thead>', '<tbody>');
    for (const r of s.rows) out.push('<tr>' + a.columns.map((c) => cell(r, c)).join('') + '</tr>');
    out.push('</tbody>', '</table>', '</section>');
  }
  return out.join('\n');
}

/** A self-contained HTML page (no external resources). */
export function renderCodebookHtml(book: Codebook, lang: Lang, opts: AppendixOptions = {}): string {
  const a = codebookAppendix(book, lang, opts);
  const css = '<style>table.codebook td{vertical-align:top}table.codebook ul{margin:0;padding-left:1.1em}td.num{text-align:right}</style>';
  return htmlPage(`${a.labels.codebook}: ${a.title}`, css + '\n' + renderCodebookHtmlBody(book, lang, opts), lang);
}
