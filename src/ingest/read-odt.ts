import { inputError, type Report } from '../model/errors.js';
import { headerRowAt, isTurnTable, tableHeaderNote, trimRow } from './table-turns.js';
import { HEADING_STYLE, listNumber, type DocumentPlaces } from './read-docx.js';

type XNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Elements nested deeper than this are refused (a document has a few dozen levels at most). */
const MAX_XML_DEPTH = 1000;

/**
 * Text of an OpenDocument text file: unzip `content.xml` (fflate), parse it
 * (fast-xml-parser, preserveOrder) and walk text:p / text:h with nested
 * spans, `text:s` (text:c spaces), `text:tab` and `text:line-break`.
 * Paragraphs are joined by a blank line (as mammoth does for .docx).
 */
export async function readOdtText(bytes: Uint8Array, file: string, report?: Report, places?: DocumentPlaces): Promise<string> {
  const { unzipSync, strFromU8 } = await import('fflate');
  const { XMLParser } = await import('fast-xml-parser');
  let xml: string;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'content.xml' || f.name === 'styles.xml' });
    if (!files['content.xml']) throw new Error('no content.xml');
    xml = strFromU8(files['content.xml']);
  } catch (e) {
    throw inputError('ingest', 'unreadable-document', `cannot read this .odt file (${(e as Error).message})`, {
      file,
      hint: 'open it in LibreOffice or Word and save it again as .odt or .docx',
    });
  }
  // a DOCTYPE (entity expansion, external entities): LibreOffice never writes one
  const decl = /<!\s*(DOCTYPE|ENTITY)/i.exec(xml);
  if (decl) {
    throw inputError('ingest', 'xml-entities', `refused: its content.xml contains a <!${decl[1].toUpperCase()} declaration (line ${xml.slice(0, decl.index).split('\n').length}; entity expansion and external entities are not allowed)`, {
      file,
      hint: 'an .odt saved by LibreOffice or Word never has one; this file may be hostile. Open it in LibreOffice and save it again, or save the text as .txt',
    });
  }
  const parser = new XMLParser({
    maxNestedTags: MAX_XML_DEPTH,
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
  });
  let tree: XNode[];
  try {
    tree = parser.parse(xml) as XNode[];
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw inputError('ingest', 'unreadable-document', /nested/i.test(why) ? `refused: its content.xml nests elements more than ${MAX_XML_DEPTH} deep` : `cannot read this .odt file (content.xml: ${why})`, {
      file,
      hint: 'open it in LibreOffice or Word and save it again as .odt or .docx',
    });
  }
  const paragraphs: string[] = [];
  // (the indices of heading paragraphs, `text:h`, outside tables: their places are given to the transcript reader)
  const headingParagraphs = new Set<number>();
  // (the first paragraph of each table read a cell a paragraph, not in another table: said when one stands inside a turn)
  const tableParagraphs: number[] = [];
  const boxParagraphs = new Set<number>();
  let tableDepth = 0;
  // hidden text (a character or paragraph style with text:display="none", a hidden-text field
  // shown as hidden): left out, and said, as the .docx reader has it (see prepareDocx there)
  let stylesTree: XNode[] = [];
  if (files['styles.xml']) {
    const styles = strFromU8(files['styles.xml']);
    if (!/<!\s*(DOCTYPE|ENTITY)/i.test(styles)) {
      try {
        stylesTree = parser.parse(styles) as XNode[];
      } catch {
        // (a styles.xml that cannot be parsed holds no text we read)
      }
    }
  }
  const display = hiddenStyles([tree, stylesTree]);
  // (a `text:p` in a heading style is a heading, as a `text:h` is: asked only when the heading places are)
  const headingStyle = places ? headingStyles([tree, stylesTree]) : undefined;
  const hidden: { n: number; first?: string; at?: number } = { n: 0 };
  /** The hidden words met since the last visible ones (one passage, said by `hide` when it ends). */
  let hiddenRun = '';
  const hide = (words: string) => {
    const w = words.replace(/\s+/g, ' ').trim();
    if (!w) return;
    hidden.n++;
    hidden.first ??= w;
    hidden.at ??= paragraphs.length + 1;
  };
  const endHidden = () => {
    if (hiddenRun) hide(hiddenRun);
    hiddenRun = '';
  };
  const notes: { n: number; first?: string; at?: number } = { n: 0 };
  const tableHeaders: string[][] = [];
  let tableHeaderAt: number | undefined;
  const comments: { n: number; first?: string; at?: number } = { n: 0 };
  const rubies: { n: number; first?: string; at?: number } = { n: 0 };
  const placeholders: { n: number; first?: string; at?: number } = { n: 0 };
  /** Form fields read as they show (check boxes ☒ or ☐, drop-downs their entry): counted, and the first's paragraph. */
  const forms: { boxes: number; ticked: number; dropDowns: number; firstDropDown?: string; at?: number } = { boxes: 0, ticked: 0, dropDowns: 0 };
  // numbered lists (`text:list` with a numbering list style): their numbers are no text of the
  // paragraphs (LibreOffice draws them), counted with the first's number, and said
  const listStyles = numberedListStyles([tree, stylesTree]);
  const listed: { n: number; first?: string; at?: number } = { n: 0 };
  let listStyle: string | undefined;
  let listLevel = 0;
  /**
   * Where the text boxes met in a paragraph of the body go (their `draw:text-box` nodes), to be read
   * as paragraphs of their own after it, as the .docx reader has them; undefined elsewhere (a header,
   * a note, deleted text), where a box's paragraphs are read in its place, apart by spaces.
   */
  let boxSink: XNode[][] | undefined;
  /**
   * The visible text of these nodes; hidden words go to hiddenRun (said as a passage by
   * endHidden). `hid`: 0 shown, 1 hidden by a style (a span whose style says `text:display="true"`
   * is shown in it, as LibreOffice shows it), 2 hidden whatever the spans say (a hidden section,
   * paragraph or field).
   */
  const inline = (nodes: XNode[], hid: 0 | 1 | 2 = 0): string => {
    let s = '';
    for (const n of nodes) {
      for (const key of Object.keys(n)) {
        if (key === ':@') continue;
        const v = n[key];
        if (key === '#text') {
          if (hid) hiddenRun += asShown(String(v));
          else {
            endHidden();
            s += asShown(String(v));
          }
        } else if (key === 'text:span' || (key === 'text:hidden-text' && n[':@']?.['text:is-hidden'] === 'true')) {
          const d = key === 'text:span' ? display(n[':@']?.['text:style-name'], 'text') : 'none';
          const h: 0 | 1 | 2 = hid === 2 ? 2 : d === undefined ? hid : d === 'none' ? 1 : 0;
          const sink = boxSink;
          if (h) boxSink = undefined;
          if (Array.isArray(v)) s += inline(v as XNode[], h);
          boxSink = sink;
        }
        else if (key === 'text:ruby' && Array.isArray(v)) {
          // (ruby: its base, then its text in parentheses, `下町 (shitamachi)`; they were glued, `下町shitamachi`)
          let base = '';
          let rt = '';
          for (const c of v as XNode[]) {
            if (Array.isArray(c['text:ruby-base'])) base += inline(c['text:ruby-base'] as XNode[], hid);
            else if (Array.isArray(c['text:ruby-text'])) rt += inline(c['text:ruby-text'] as XNode[], hid);
          }
          s += base;
          const r = rt.replace(/\s+/g, ' ').trim();
          if (r && !hid) {
            s += ` (${r})`;
            rubies.n++;
            rubies.first ??= r;
            rubies.at ??= paragraphs.length + 1;
          }
        } else if (key === 'text:placeholder') {
          // (a placeholder, `<Naam respondent>`: a template's prompt to fill in, shown until typed
          // over, no one's words; left out and said, as a .docx's empty content control is)
          const before = hiddenRun;
          hiddenRun = '';
          if (Array.isArray(v)) inline(v as XNode[], 2);
          const words = hiddenRun.replace(/\s+/g, ' ').trim();
          hiddenRun = before;
          if (words && !hid) {
            placeholders.n++;
            placeholders.first ??= words;
            placeholders.at ??= paragraphs.length + 1;
          }
        } else if (key === 'field:fieldmark') {
          // (a check box or drop-down form field, as LibreOffice writes Word's legacy ones: it holds
          // no text, its state is in its parameters; it was dropped, the answer and all)
          const type = n[':@']?.['field:type'] ?? '';
          const params = (Array.isArray(v) ? (v as XNode[]) : []).filter((c) => c['field:param'] !== undefined).map((c) => [c[':@']?.['field:name'] ?? '', c[':@']?.['field:value'] ?? ''] as const);
          let shown: string | undefined;
          if (/FORMCHECKBOX$/.test(type)) {
            const ticked = params.some(([k, x]) => k === 'Checkbox_Checked' && x === 'true');
            shown = ticked ? '\u2612' : '\u2610';
            forms.boxes++;
            if (ticked) forms.ticked++;
          } else if (/FORMDROPDOWN$/.test(type)) {
            const entries = params.filter(([k]) => k === 'Dropdown_ListEntry').map(([, x]) => x);
            const chosen = Number(params.find(([k]) => k === 'Dropdown_Selected')?.[1] ?? 0);
            shown = entries[Number.isInteger(chosen) && chosen >= 0 && chosen < entries.length ? chosen : 0];
            if (shown) {
              forms.dropDowns++;
              forms.firstDropDown ??= shown;
            }
          }
          if (shown) {
            forms.at ??= paragraphs.length + 1;
            if (hid) hiddenRun += shown;
            else {
              endHidden();
              s += shown;
            }
          }
        } else if (key === 'text:s') {
          if (hid) hiddenRun += ' ';
          else s += ' '.repeat(Math.max(1, Number(n[':@']?.['text:c'] ?? 1) || 1));
        } else if (key === 'text:tab') hid ? (hiddenRun += ' ') : (s += '\t');
        else if (key === 'text:line-break') hid ? (hiddenRun += ' ') : (s += '\n');
        else if (key === 'text:note' || key === 'office:annotation') {
          // footnotes and comments are not part of the text (their words would land inside a
          // sentence); counted, with the first's words, and said below
          // (its words: the note's body, the comment's paragraphs; not the citation mark, author or date)
          const parts: string[] = [];
          const sink = boxSink;
          boxSink = undefined;
          for (const c of Array.isArray(v) ? (v as XNode[]) : []) {
            for (const ck of Object.keys(c)) if (ck === 'text:note-body' || ck === 'text:p' || ck === 'text:list') parts.push(inline(c[ck] as XNode[]));
          }
          boxSink = sink;
          const words = parts.join(' ').replace(/\s+/g, ' ').trim();
          const k = key === 'text:note' ? notes : comments;
          k.n++;
          k.first ??= words;
          k.at ??= paragraphs.length + 1;
        }
        else if (key === 'draw:text-box' && Array.isArray(v)) {
          // (a text box in the paragraph: its paragraphs were glued to the words around it and to each other)
          if (boxSink) boxSink.push(v as XNode[]);
          else if (hid) hiddenRun += ` ${paragraphText(v as XNode[])} `;
          else s += ` ${paragraphText(v as XNode[])} `;
        } else if ((key === 'text:p' || key === 'text:h' || key === 'svg:title' || key === 'svg:desc') && Array.isArray(v)) s += ` ${inline(v as XNode[], hid)} `;
        else if (Array.isArray(v)) s += inline(v as XNode[], hid);
      }
    }
    return s;
  };
  // tracked changes: the deleted words stand in text:tracked-changes (not in the text: they were
  // read as paragraphs of their own before the text); the inserted ones in the text. Read as if
  // every change were accepted, and said.
  const deleted: string[] = [];
  let inserted = 0;
  /** The words of these paragraphs (a text box, a deletion, a header), on one line; hidden words in them are not said. */
  const paragraphText = (nodes: XNode[]): string => {
    const out: string[] = [];
    const run = hiddenRun;
    const w = (ns: XNode[]) => {
      for (const n of ns) for (const k of Object.keys(n)) if (k === 'text:p' || k === 'text:h') out.push(inline(n[k] as XNode[])); else if (k !== ':@' && Array.isArray(n[k])) w(n[k] as XNode[]);
    };
    w(nodes);
    hiddenRun = run;
    return out.join(' ').replace(/\s+/g, ' ').trim();
  };
  /** `hid`: 2 in a hidden section (`text:display="none"`): each of its paragraphs is hidden. */
  const walk = (nodes: XNode[], hid: 0 | 2 = 0) => {
    for (const n of nodes) {
      for (const key of Object.keys(n)) {
        if (key === ':@') continue;
        const v = n[key];
        if (key === 'text:p' || key === 'text:h') {
          // a paragraph hidden by its style (or, naming none, the default paragraph style), by a
          // hidden-paragraph field or its section: its words are hidden (a span shown by its own
          // style in a paragraph hidden by its style is read); a hidden paragraph is an empty one
          // in its place, so that the paragraphs after it keep their numbers
          const pHid: 0 | 1 | 2 =
            hid === 2 || (v as XNode[]).some((c) => c['text:hidden-paragraph'] !== undefined && c[':@']?.['text:is-hidden'] === 'true') ? 2 : display(n[':@']?.['text:style-name'], 'paragraph') === 'none' ? 1 : 0;
          const sink: XNode[][] = [];
          const outer = boxSink;
          boxSink = pHid ? undefined : sink;
          endHidden();
          const t = inline(v as XNode[], pHid);
          endHidden();
          boxSink = outer;
          if ((key === 'text:h' || headingStyle?.(n[':@']?.['text:style-name'])) && !pHid && t.trim()) headingParagraphs.add(paragraphs.length);
          paragraphs.push(pHid && !t.trim() ? '' : t);
          for (const box of sink) {
            const b0 = paragraphs.length;
            walk(box, hid);
            // (a text box's paragraphs, outside tables: said when they stand inside a turn)
            if (tableDepth === 0) for (let k = b0; k < paragraphs.length; k++) if (paragraphs[k].trim()) boxParagraphs.add(k);
          }
        } else if (key === 'text:section' && n[':@']?.['text:display'] === 'none' && Array.isArray(v)) walk(v as XNode[], 2);
        else if (key === 'text:list' && Array.isArray(v) && listStyles.size) {
          const outer = listStyle;
          listStyle = n[':@']?.['text:style-name'] ?? listStyle;
          listLevel++;
          walk(v as XNode[], hid);
          listLevel--;
          listStyle = outer;
        } else if (key === 'text:list-item' && Array.isArray(v) && listStyles.size) {
          const level = listStyle === undefined ? undefined : listStyles.get(listStyle)?.get(listLevel);
          if (level && hid === 0 && (v as XNode[]).some((c) => c['text:p'] !== undefined || c['text:h'] !== undefined)) {
            listed.n++;
            if (listed.first === undefined) {
              const start = Number(n[':@']?.['text:start-value'] ?? level.start) || 1;
              listed.first = `${level.prefix}${listNumber(start, ODT_FORMATS[level.format])}${level.suffix}`.trim();
              listed.at = paragraphs.length + 1;
            }
          }
          walk(v as XNode[], hid);
        }
        else if (key === 'table:table' && Array.isArray(v)) {
          // a transcript written as a table (`Interviewer | text`, `00:01:12 | Interviewer | text`:
          // see isTurnTable) is read a row a paragraph, its cells apart by a tab (the paragraphs of
          // a cell a line apart; empty cells at a row's end left out), as the .docx reader has it,
          // so that its rows read as `Label<TAB>text` turns (each cell a paragraph, a name stood
          // apart from its words and a time went into the turn before); any other table a cell's
          // paragraph a paragraph, as before
          const rows: string[][][] = [];
          const findRows = (ns: XNode[]) => {
            for (const r of ns) {
              for (const rk of Object.keys(r)) {
                if (rk === ':@' || !Array.isArray(r[rk])) continue;
                if (rk === 'table:table-row') {
                  const cells: string[][] = [];
                  // (a cell covered by a merged one is passed over when it holds nothing, as the .docx reader's)
                  for (const c of r[rk] as XNode[]) {
                    const cell = c['table:table-cell'] ?? c['table:covered-table-cell'];
                    if (!Array.isArray(cell)) continue;
                    const at = paragraphs.length;
                    walk(cell as XNode[], hid);
                    const ps = paragraphs.splice(at);
                    for (let k = at; k < at + ps.length; k++) headingParagraphs.delete(k);
                    if (c['table:table-cell'] || ps.some((x) => x.trim())) cells.push(ps);
                  }
                  rows.push(cells);
                } else if (rk !== 'table:table-cell') findRows(r[rk] as XNode[]);
              }
            }
          };
          tableDepth++;
          findRows(v as XNode[]);
          tableDepth--;
          const cellRows = rows.map((r) => r.map((ps) => ps.join(' ')));
          if (isTurnTable(cellRows)) {
            // (its header row, `Spreker | Tekst`, is no turn: left out, and said)
            const head = headerRowAt(cellRows);
            if (head >= 0) {
              tableHeaders.push(cellRows[head].map((x) => x.trim()).filter(Boolean));
              tableHeaderAt ??= paragraphs.length + 1;
            }
            for (let i = 0; i < rows.length; i++) if (i !== head) paragraphs.push(trimRow(rows[i].map((ps) => ps.join('\n'))).join('\t'));
          } else {
            if (tableDepth === 0 && rows.some((r) => r.some((ps) => ps.length))) tableParagraphs.push(paragraphs.length);
            for (const r of rows) for (const ps of r) for (const x of ps) paragraphs.push(x);
          }
        } else if (key === 'text:tracked-changes') {
          for (const region of Array.isArray(v) ? (v as XNode[]) : []) {
            for (const change of Array.isArray(region['text:changed-region']) ? (region['text:changed-region'] as XNode[]) : []) {
              if (Array.isArray(change['text:deletion'])) {
                const words = paragraphText(change['text:deletion'] as XNode[]);
                if (words) deleted.push(words);
              } else if (change['text:insertion'] !== undefined) inserted++;
            }
          }
        } else if (Array.isArray(v)) walk(v as XNode[], hid);
      }
    }
  };
  walk(tree);
  if (deleted.length || inserted) {
    const first = deleted[0] !== undefined ? ` (the first: "${deleted[0].length > 60 ? deleted[0].slice(0, 60) + '…' : deleted[0]}")` : '';
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'odt-tracked-changes',
      message: `this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: ${deleted.length} deletion${deleted.length === 1 ? '' : 's'} left out${first}, ${inserted} insertion${inserted === 1 ? '' : 's'} read`,
      file,
      hint: 'accept or reject the changes in LibreOffice or Word (Edit → Track Changes) and save it again, so that the text read is the one you mean',
    });
  }
  if (tableHeaders.length) report?.(tableHeaderNote(tableHeaders, file, `, in paragraph ${tableHeaderAt}`));
  if (hidden.n) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'odt-hidden-text-not-read',
      message: `${hidden.n} passage${hidden.n === 1 ? '' : 's'} of hidden text (formatted as hidden: not shown nor printed) ${hidden.n === 1 ? 'is' : 'are'} not read as text (the first in paragraph ${hidden.at}: "${hidden.first!.length > 60 ? hidden.first!.slice(0, 60) + '…' : hidden.first}")`,
      file,
      hint: 'hidden text is mostly a note or an instruction, not speech; if it holds words to code, show it in LibreOffice (View → Hidden Paragraphs / Field Hidden Paragraphs; Format → Character → Font Effects → Hidden), make it not hidden, and save the file again',
    });
  }
  // headers and footers stand in styles.xml (master pages): not text, said with their words
  if (stylesTree.length && report) {
    {
      const st = stylesTree;
      const margins: string[] = [];
      const find = (ns: XNode[]) => {
        for (const n of ns) {
          for (const k of Object.keys(n)) {
            if (k === ':@' || !Array.isArray(n[k])) continue;
            if (/^style:(header|footer)(-left|-first)?$/.test(k)) {
              // (a page number or other field: its shown value is left aside)
              const words = paragraphText(stripFields(n[k] as XNode[]));
              if (/[\p{L}\p{N}]/u.test(words) && !margins.includes(words)) margins.push(words);
            } else find(n[k] as XNode[]);
          }
        }
      };
      find(st);
      if (margins.length) {
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'odt-headers-not-read',
          message: `${margins.length} header/footer text${margins.length === 1 ? ' is' : 's are'} not read as text: ${margins
            .slice(0, 4)
            .map((m) => `"${m.length > 60 ? m.slice(0, 60) + '…' : m}"`)
            .join(', ')}${margins.length > 4 ? ', …' : ''}`,
          file,
          hint: 'if a header says something to keep (who, where, when), give it as a case attribute (--cases) or put it in the text',
        });
      }
    }
  }
  if (placeholders.n) {
    const n = placeholders.n;
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'odt-placeholder-text-not-read',
      message: `${n} placeholder${n === 1 ? '' : 's'} (a template's prompt, shown until typed over) ${n === 1 ? 'is' : 'are'} not read as text (the first in paragraph ${placeholders.at}: "${placeholders.first!.length > 60 ? placeholders.first!.slice(0, 60) + '…' : placeholders.first}")`,
      file,
      hint: 'nothing to do if those fields were left unfilled; if one holds words to code, click it in LibreOffice, type the words over it, and save the file again',
    });
  }
  if (forms.boxes || forms.dropDowns) {
    const b = forms.boxes;
    const d = forms.dropDowns;
    const what = [
      ...(b ? [`${b} check box${b === 1 ? '' : 'es'} (${forms.ticked} ticked, read as \u2612; ${b - forms.ticked} not, read as \u2610)`] : []),
      ...(d ? [`${d} drop-down${d === 1 ? '' : 's'} (read as the entry ${d === 1 ? 'it shows' : 'they show'}, the first "${forms.firstDropDown}")`] : []),
    ];
    report?.({
      severity: 'info',
      source: 'ingest',
      ruleId: 'odt-form-fields-read',
      message: `${b + d} form field${b + d === 1 ? ' is' : 's are'} read as ${b + d === 1 ? 'it shows' : 'they show'}: ${what.join(' and ')}; the first in paragraph ${forms.at}`,
      file,
      hint: 'nothing to do; a rule or keyword can look for \u2612 and \u2610 after a question or option',
    });
  }
  if (rubies.n) {
    report?.({
      severity: 'info',
      source: 'ingest',
      ruleId: 'odt-ruby-read',
      message: `${rubies.n} ruby text${rubies.n === 1 ? '' : 's'} (small text over words: a reading, furigana) ${rubies.n === 1 ? 'is' : 'are'} read in parentheses after the words ${rubies.n === 1 ? 'it stands' : 'they stand'} over (the first in paragraph ${rubies.at}: "${rubies.first!.length > 60 ? rubies.first!.slice(0, 60) + '…' : rubies.first}")`,
      file,
      hint: 'nothing to do; if the ruby text is not to be coded, take it out in LibreOffice (Format → Asian Phonetic Guide) and save the file again',
    });
  }
  if (listed.n) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'odt-list-numbers-not-read',
      message: `${listed.n} paragraph${listed.n === 1 ? ' is' : 's are'} numbered by a numbered list (the word processor's numbering, not typed), and ${listed.n === 1 ? 'its number is' : 'their numbers are'} not part of the text read (the first: "${listed.first}", before paragraph ${listed.at}): a question's number in a numbered list of questions is not in its turn`,
      file,
      hint: 'if the numbers identify the questions, make them text: in LibreOffice select the list, copy it, and paste it in its place as text only (Edit → Paste Special → Unformatted text), then save the file again',
    });
  }
  for (const [k, what] of [[notes, 'footnote/endnote'], [comments, 'comment']] as const) {
    if (!k.n) continue;
    const shown = (k.first ?? '').length > 60 ? k.first!.slice(0, 60) + '…' : k.first ?? '';
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: what === 'comment' ? 'odt-comments-not-read' : 'odt-notes-not-read',
      message: `${k.n} ${what}${k.n === 1 ? '' : 's'} ${k.n === 1 ? 'is' : 'are'} not read as text (the first in paragraph ${k.at}: "${shown}")`,
      file,
      hint: what === 'comment' ? 'if a comment holds words to code, put them in the text (or save the text with its comments as .txt)' : 'if a note holds words to code, put them in the text itself',
    });
  }
  if (places && (headingParagraphs.size || tableParagraphs.length || boxParagraphs.size)) {
    const tablesAt = new Set(tableParagraphs);
    let at = 0;
    for (let k = 0; k < paragraphs.length; k++) {
      if (headingParagraphs.has(k)) (places.headings ??= []).push([at, at + paragraphs[k].length]);
      if (tablesAt.has(k)) (places.tables ??= []).push([at, at + paragraphs[k].length]);
      if (boxParagraphs.has(k)) (places.boxes ??= []).push([at, at + paragraphs[k].length]);
      at += paragraphs[k].length + 2;
    }
  }
  return paragraphs.join('\n\n');
}

/** A level of a numbered list style: the number's format (`1`, `a`, `A`, `i`, `I`), what stands before and after it, and its start. */
interface ListLevel {
  readonly format: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly start: number;
}

/**
 * The list styles (`text:list-style`, in content.xml's automatic styles and styles.xml) with their
 * numbered levels (`text:list-level-style-number` with a format that shows a number; bullets and
 * levels without a number are none), by name and level.
 */
function numberedListStyles(trees: XNode[][]): Map<string, Map<number, ListLevel>> {
  const out = new Map<string, Map<number, ListLevel>>();
  const find = (ns: XNode[]) => {
    for (const n of ns) {
      for (const k of Object.keys(n)) {
        if (k === ':@' || !Array.isArray(n[k])) continue;
        if (k === 'text:list-style') {
          const name = n[':@']?.['style:name'];
          if (name === undefined) continue;
          const levels = new Map<number, ListLevel>();
          for (const c of n[k] as XNode[]) {
            if (c['text:list-level-style-number'] === undefined) continue;
            const a = c[':@'] ?? {};
            const format = a['style:num-format'] ?? '';
            if (!format) continue;
            levels.set(Number(a['text:level'] ?? 1) || 1, { format, prefix: a['style:num-prefix'] ?? '', suffix: a['style:num-suffix'] ?? '', start: Number(a['text:start-value'] ?? 1) || 1 });
          }
          if (levels.size) out.set(name, levels);
        } else if (k !== 'office:body') find(n[k] as XNode[]);
      }
    }
  };
  for (const t of trees) find(t);
  return out;
}

/** Word's names of the OpenDocument number formats, for listNumber. */
const ODT_FORMATS: Record<string, string> = { a: 'lowerLetter', A: 'upperLetter', i: 'lowerRoman', I: 'upperRoman' };

/** The nodes without their fields (page number, date, chapter …: text:page-number and the like). */
function stripFields(nodes: XNode[]): XNode[] {
  const FIELD = /^text:(page-number|page-count|date|time|chapter|file-name|title|subject|author-name|author-initials|sheet-name|page-continuation|sender-[\w-]+)$/;
  return nodes.map((n) => {
    const out: XNode = {};
    for (const k of Object.keys(n)) {
      if (FIELD.test(k)) continue;
      const v = n[k];
      out[k] = k !== ':@' && Array.isArray(v) ? stripFields(v as XNode[]) : v;
    }
    return out;
  });
}

/**
 * Text as LibreOffice shows it: a soft hyphen (U+00AD, where a word may be broken at a line end) is
 * no character of the word, and a non-breaking hyphen (U+2011) is a hyphen (as the .docx reader
 * has them): read as they are, they split the word for every rule, without a word.
 */
function asShown(s: string): string {
  return s.indexOf('\u00ad') === -1 && s.indexOf('\u2011') === -1 ? s : s.replace(/\u00ad/g, '').replace(/\u2011/g, '-');
}

/**
 * Whether a paragraph style is a heading style: its outline level (`style:default-outline-level`
 * 1 to 10; empty: body text), else its name (`Heading_20_2`, `Heading 2`, `Kop 2`, `Title`), else
 * the style it is based on's (`style:parent-style-name`), as LibreOffice shows a paragraph in it in
 * its Navigator. A `text:p` in such a style (as other programs write a heading) was read as the
 * words of the speaker before it, as a `text:h` is not. From the automatic and common styles.
 */
function headingStyles(trees: XNode[][]): (name: string | undefined) => boolean {
  const own = new Map<string, { level?: string; names: string[]; parent?: string }>();
  const find = (ns: XNode[]) => {
    for (const n of ns) {
      for (const k of Object.keys(n)) {
        if (k === ':@' || !Array.isArray(n[k])) continue;
        if (k === 'style:style') {
          const a = n[':@'] ?? {};
          const name = a['style:name'];
          if (name === undefined || a['style:family'] !== 'paragraph') continue;
          const names = [name.replace(/_20_/g, ' '), a['style:display-name'] ?? ''];
          own.set(name, { level: a['style:default-outline-level'], names, parent: a['style:parent-style-name'] });
        } else if (k !== 'office:body') find(n[k] as XNode[]);
      }
    }
  };
  for (const t of trees) find(t);
  const memo = new Map<string, boolean>();
  const is = (name: string, depth: number): boolean => {
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    const s = own.get(name);
    const r = !s
      ? HEADING_STYLE.test(name.replace(/_20_/g, ' ').trim())
      : s.level !== undefined
        ? /^(?:[1-9]|10)$/.test(s.level.trim())
        : s.names.some((x) => HEADING_STYLE.test(x.trim())) || (s.parent !== undefined && depth < 50 && is(s.parent, depth + 1));
    memo.set(name, r);
    return r;
  };
  return (name) => name !== undefined && is(name, 0);
}

/**
 * Whether a style shows or hides its text (`style:text-properties`' `text:display`: "none" is
 * LibreOffice's Hidden font effect), by family and name, a style without its own setting taking
 * its parent's, and a paragraph style (or a paragraph naming none) the default paragraph style's
 * (`style:default-style`); undefined: no style says (a span's text is then as its paragraph's).
 * From the automatic and common styles of content.xml and styles.xml.
 */
function hiddenStyles(trees: XNode[][]): (name: string | undefined, family: 'text' | 'paragraph') => 'none' | 'shown' | undefined {
  const own = new Map<string, { display?: string; parent?: string }>();
  let paragraphDefault: string | undefined;
  const displayIn = (n: XNode, k: string): string | undefined => {
    let display: string | undefined;
    for (const c of n[k] as XNode[]) if (c['style:text-properties'] !== undefined) display = c[':@']?.['text:display'] ?? display;
    return display;
  };
  const find = (ns: XNode[]) => {
    for (const n of ns) {
      for (const k of Object.keys(n)) {
        if (k === ':@' || !Array.isArray(n[k])) continue;
        if (k === 'style:style') {
          const a = n[':@'] ?? {};
          const name = a['style:name'];
          const family = a['style:family'];
          if (name === undefined || (family !== 'text' && family !== 'paragraph')) continue;
          own.set(`${family} ${name}`, { display: displayIn(n, k), parent: a['style:parent-style-name'] });
        } else if (k === 'style:default-style') {
          if (n[':@']?.['style:family'] === 'paragraph') paragraphDefault = displayIn(n, k) ?? paragraphDefault;
        } else if (k !== 'office:body') find(n[k] as XNode[]);
      }
    }
  };
  for (const t of trees) find(t);
  if (paragraphDefault !== 'none' && ![...own.values()].some((s) => s.display === 'none')) return () => undefined;
  const shown = (d: string | undefined) => (d === undefined ? undefined : d === 'none' ? 'none' : 'shown');
  const memo = new Map<string, 'none' | 'shown' | undefined>();
  const is = (key: string, family: string, depth: number): 'none' | 'shown' | undefined => {
    const hit = memo.get(key);
    if (hit !== undefined || memo.has(key)) return hit;
    const s = own.get(key);
    const r = !s || depth > 50 ? undefined : s.display !== undefined ? shown(s.display) : s.parent === undefined ? undefined : is(`${family} ${s.parent}`, family, depth + 1);
    memo.set(key, r);
    return r;
  };
  return (name, family) => {
    const r = name === undefined ? undefined : is(`${family} ${name}`, family, 0);
    return r === undefined && family === 'paragraph' ? shown(paragraphDefault) : r;
  };
}
