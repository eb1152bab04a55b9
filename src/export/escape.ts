/** Escaping for every text format we write. Source text is hostile until escaped. */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  // control characters (NUL, BEL, ESC, …) are parse errors in HTML: dropped, as in escapeXml
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[&<>"']/g, (c) => HTML[c]);
}

/** XML text and attribute values (also strips characters XML 1.0 forbids). */
export function escapeXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => HTML[c]);
}

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '%': '\\%',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  // (without \\usepackage[T1]{fontenc}, the default OT1 font sets a bare | as an em dash: a
  // note's "|difference|" and a quote's "ja | nee" printed as "—difference—", "ja — nee")
  '|': '\\textbar{}',
};

export function escapeLatex(s: string): string {
  return s
    .normalize('NFC')
    // control characters are "invalid characters" to TeX: dropped
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[\\{}$&#%_^~|]/g, (c) => LATEX[c])
    .replace(/</g, '\\textless{}')
    .replace(/>/g, '\\textgreater{}')
    .replace(/\r?\n/g, ' ')
    // TeX's ligatures would change the quoted text: `--` an en dash, `---` an em dash, `''` and
    // ``` `` ``` curly double quotes, `,,` a low quote, `!``/`?`` inverted marks; an empty group
    // between the two characters keeps each as typed
    .replace(/-(?=-)|'(?=')|`(?=`)|,(?=,)|[!?](?=`)/g, '$&{}')
    .replace(LATEX_RUN_RE, latexUnicode);
}

/**
 * Characters that pdfLaTeX with `inputenc` (utf8) and T1 fonts cannot typeset as text, written
 * as commands that need no extra package (Greek, maths and arrows in math mode; the minus sign
 * as an en dash). Latin letters with diacritics, dashes and typographic quotes pass through.
 * Anything else outside the Latin ranges (emoji, other scripts) becomes `?` so that the file
 * compiles with every engine; use the HTML or DOCX export for such text.
 */
const LATEX_UNICODE: Record<string, string> = {
  '\u2212': '--', // minus
  '\u00d7': '$\\times$',
  '\u2264': '$\\leq$',
  '\u2265': '$\\geq$',
  '\u2248': '$\\approx$',
  '\u2260': '$\\neq$',
  '\u00b1': '$\\pm$',
  '\u2192': '$\\rightarrow$',
  '\u2190': '$\\leftarrow$',
  '\u2194': '$\\leftrightarrow$',
  '\u21d2': '$\\Rightarrow$',
  '\u2211': '$\\sum$',
  '\u221e': '$\\infty$',
  '\u2026': '\\ldots{}',
  '\u00b7': '\\textperiodcentered{}',
  '\u2022': '\\textbullet{}',
  '\u2713': '$\\checkmark$',
  '\u03b1': '$\\alpha$',
  '\u03b2': '$\\beta$',
  '\u03b3': '$\\gamma$',
  '\u03b4': '$\\delta$',
  '\u03b5': '$\\epsilon$',
  '\u03ba': '$\\kappa$',
  '\u03bb': '$\\lambda$',
  '\u03bc': '$\\mu$',
  '\u03c0': '$\\pi$',
  '\u03c1': '$\\rho$',
  '\u03c3': '$\\sigma$',
  '\u03c7': '$\\chi$',
  '\u0394': '$\\Delta$',
  '\u03a3': '$\\Sigma$',
};
/** Runs of characters pdfLaTeX cannot set as they are (see LATEX_UNICODE). */
const LATEX_RUN_RE = /(?:[\u2212\u00d7\u2264\u2265\u2248\u2260\u00b1\u2190-\u21ff\u2211\u221e\u2026\u00b7\u2022\u2713\u0370-\u03ff]|[^\u0000-\u024f\u2010-\u2027\u2030-\u203a\u20ac\u2122])+/gu;

/**
 * Invisible characters: zero-width space, non-joiner, joiner, word joiner and BOM as what
 * they do in LaTeX; the bidirectional marks and isolates (LRM, RLM, LRE…PDF, LRI…PDI, ALM)
 * change nothing in a left-to-right PDF and become an empty group.
 */
const LATEX_INVISIBLE: Record<string, string> = {
  '\u200b': '\\hspace{0pt}',
  '\u200c': '\\textcompwordmark{}',
  '\u200d': '{}',
  '\u2060': '\\nobreak{}',
  '\ufeff': '{}',
  '\u00ad': '\\-',
  '\u061c': '{}',
  '\u200e': '{}',
  '\u200f': '{}',
  '\u202a': '{}',
  '\u202b': '{}',
  '\u202c': '{}',
  '\u202d': '{}',
  '\u202e': '{}',
  '\u2066': '{}',
  '\u2067': '{}',
  '\u2068': '{}',
  '\u2069': '{}',
};

/**
 * A run of characters pdfLaTeX cannot set: known symbols as commands, invisible characters as
 * above, and letters of other scripts (Hebrew, Arabic, CJK, emoji) kept as they are for
 * XeLaTeX and LuaLaTeX (which have \\Umathcode) and written as their code points for pdfLaTeX,
 * `[U+05E9 U+05DC]`, so that the file compiles with every engine and no character is lost.
 */
function latexUnicode(run: string): string {
  let out = '';
  let other: string[] = [];
  const flush = () => {
    if (!other.length) return;
    const raw = other.join('');
    const points = other.map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' ');
    out += `\\ifdefined\\Umathcode ${raw}\\else[${points}]\\fi{}`;
    other = [];
  };
  for (const c of run) {
    const known = LATEX_UNICODE[c] ?? LATEX_INVISIBLE[c];
    if (known !== undefined) {
      flush();
      out += known;
    } else other.push(c);
  }
  flush();
  return out;
}

/**
 * Text in Markdown — a table cell, a heading, a paragraph, a list item, a note — shown as it is
 * written by CommonMark and GitHub renderers, the same function for every Markdown writer:
 * backslashes and the characters of emphasis, code spans, links and strikethrough (`*`, `` ` ``,
 * `[`, `]`, `~`, and `_` where it is not inside a word) escaped; a pipe escaped (a table cell
 * would end there); `<` as `&lt;` (raw HTML: `<script>` and `<inaudible>` would vanish) and `&`
 * before an entity name as `&amp;`; line breaks as `<br>`. A text that begins a line (`where`
 * 'text': a paragraph, a list item's text) also gets what would begin a heading, a quote, a list
 * item, a rule or a numbered item escaped (`#`, `>`, `- `, `+ `, `---`, `1. `; not the minus of
 * `-3`), and a heading's text ('heading') a `#` at its end (it would be read as the closing
 * sequence); inside a line or a table cell ('inline') no block begins.
 */
export function escapeMarkdown(s: string, where: 'text' | 'heading' | 'inline' = 'text'): string {
  const inline = s
    .replace(/[\\`*[\]~|]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, '<br>');
  // (inside a line or a table cell no block begins: "1. Eigen rol" stays as typed there)
  if (where === 'inline') return inline;
  // (a heading's text begins no block either; a # at its end would be taken for its closing sequence)
  const closed = inline.replace(/(\s)#(#*\s*)$/, '$1\\#$2');
  if (where === 'heading') return closed;
  return closed.replace(/^(\s*)([#>]|[-+](?=\s|$)|-(?=[-\s]*$)|\d{1,9}(?=[.)](?:\s|$)))/, (_m, sp: string, mark: string) => (/^\d/.test(mark) ? `${sp}${mark}\\` : `${sp}\\${mark}`));
}

/**
 * Spreadsheet formula injection (CSV/XLSX): a cell that starts with = + - @,
 * tab or CR is prefixed with a single quote so that Excel and LibreOffice show
 * it as text. Numbers stay numbers (they are not strings here).
 */
export function neutraliseFormula(s: string): string {
  // (a value that already starts with ' before such a character gets one more, so that the codings
  // reader, which takes one ' off, reads back the value as it was)
  return /^'*[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * Text for an OOXML part (DOCX, XLSX) that libraries write as it is: a vertical tab or form feed
 * (Word's manual line and page break, in text pasted from Word) becomes a line break; the other
 * characters XML 1.0 forbids are shown, not dropped: a C0 control as its Unicode control picture
 * (NUL → ␀ U+2400, BEL → ␇, ESC → ␛), U+FFFE/U+FFFF and a lone surrogate as U+FFFD. (Word
 * refuses a whole .docx over one such character.)
 */
export function xmlSafeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/.test(s)) return s;
  return s
    .replace(/[\u000B\u000C]/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000E-\u001F]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)))
    .replace(/[\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A plain value (strings, arrays, plain objects) with every string made xmlSafeText. */
export function xmlSafeDeep<T>(v: T): T {
  if (typeof v === 'string') return xmlSafeText(v) as T;
  if (Array.isArray(v)) return v.map((x) => xmlSafeDeep(x)) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = xmlSafeDeep(x);
    return out as T;
  }
  return v;
}
