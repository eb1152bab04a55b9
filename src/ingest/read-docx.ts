import type { Report } from '../model/errors.js';
import { inputError } from '../model/errors.js';
import { headerRowAt, isTurnTable, tableHeaderNote } from './table-turns.js';

/**
 * Text of a .docx file: mammoth's raw text (paragraphs joined by a blank line; text boxes are
 * read where they stand), with a line break inside a paragraph (Shift+Enter, `w:br`; a page or
 * column break too) read as a line end: mammoth's raw text leaves breaks out, which glued the
 * words on both sides together (`vraag?Respondent:`) and read the turns a transcriber wrote on
 * lines of one paragraph as one turn. What mammoth leaves out is said, each kind once with its
 * count and the first's words: footnotes and endnotes, comments, headers and footers (their parts
 * are read with fflate), tracked deletions (the text is read as if every change were
 * accepted), text boxes stored only in the newer DrawingML form (`wps:txbx`: mammoth reads a
 * text box only in its VML form, the `mc:Fallback` Word and LibreOffice write beside it), and
 * the elements mammoth does not know (an equation, a symbol). Before mammoth reads it, document.xml
 * is put right where mammoth would read it wrongly (see prepareDocx): a carriage return and a
 * positional tab, a simple field, hidden text (left out, and said).
 */
export async function readDocxText(bytes: Uint8Array, file: string, report?: Report, depth = 0, places?: DocumentPlaces): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  // (document.xml, styles.xml and the document's relationships, unzipped once for all that reads them)
  const parts = await mainParts(bytes);
  const prepared = parts ? await prepareDocx(bytes, parts, depth) : undefined;
  let r: { messages: Array<{ type: string; message: string }> };
  // (mammoth's document, taken as it is read: convertToHtml is given an empty one to convert)
  let doc: MammothElement | undefined;
  try {
    r = await mammoth.convertToHtml(
      (prepared ? { file: prepared.file } : { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }) as Parameters<typeof mammoth.convertToHtml>[0],
      {
        transformDocument: (d: MammothElement) => {
          doc = d;
          return { ...d, children: [] };
        },
      } as Parameters<typeof mammoth.convertToHtml>[1],
    );
  } catch (e) {
    throw inputError('ingest', 'unreadable-document', `cannot read this .docx file (${(e as Error).message.split('\n')[0]})`, {
      file,
      hint: 'open it in Word or LibreOffice and save it again as .docx, or save it as .txt',
    });
  }
  const headers: string[][] = [];
  // (a style of the document's own that is a heading: asked only when the heading places are)
  const own = places && doc && parts?.styles ? headingStyles(parts.styles) : undefined;
  const boxes = places && doc ? boxParagraphs(prepared?.doc ?? parts?.doc) : undefined;
  const checks: CheckBoxes = { n: 0, checked: 0 };
  const text = (doc ? rawText(doc, headers, places, own, boxes, checks) : '').replace(/\n+$/, '');
  if (report) await reportLeftOut(bytes, file, r.messages, report, prepared?.doc ?? parts?.doc, prepared, headers, checks, parts?.related);
  return text;
}

/** The parts of a .docx read beside mammoth: document.xml, and styles.xml and document.xml's relationships when it has them. */
interface MainParts {
  /** The main part's name: `word/document.xml` as Word writes it, `word/document2.xml` as Word Online (Office 365, SharePoint) does. */
  readonly name: string;
  readonly doc: string;
  readonly styles?: string;
  readonly rels?: string;
  /** The parts the main part names by kind of relationship (`footnotes`, `comments`, `header`, …), when it has relationships. */
  readonly related?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The main parts, unzipped once (undefined when fflate opens no zip, or it has no main part:
 * mammoth then reads the file as it is). The main part is the one the package's officeDocument
 * relationship names, as mammoth finds it: taken to be `word/document.xml`, a file from Word Online
 * (`word/document2.xml`) was read by mammoth, but nothing here read it: its hidden text was read as
 * speech, its carriage returns glued words, and its tracked changes, merged cells, list numbers and
 * text boxes were not said, all without a word.
 */
async function mainParts(bytes: Uint8Array): Promise<MainParts | undefined> {
  const { unzipSync, strFromU8 } = await import('fflate');
  // (the parts as Word names them, in one pass; again by their own names only when they differ)
  const USUAL = ['_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/styles.xml'];
  try {
    const parts = unzipSync(bytes, { filter: (f) => USUAL.includes(f.name) });
    const more = (...names: string[]) => {
      const missing = names.filter((n) => !(n in parts) && !USUAL.includes(n));
      if (missing.length) Object.assign(parts, unzipSync(bytes, { filter: (f) => missing.includes(f.name) }));
    };
    const root = parts['_rels/.rels'];
    const name = (root ? relationships(strFromU8(root), '').get('officeDocument')?.[0] : undefined) ?? 'word/document.xml';
    const relsName = name.replace(/([^/]*)$/, '_rels/$1.rels');
    more(name, relsName);
    if (!parts[name]) return undefined;
    const rels = parts[relsName] ? strFromU8(parts[relsName]) : undefined;
    const related = rels === undefined ? undefined : relationships(rels, name.replace(/[^/]*$/, ''));
    const stylesName = related?.get('styles')?.[0] ?? 'word/styles.xml';
    more(stylesName);
    const styles = parts[stylesName];
    return { name, doc: strFromU8(parts[name]), styles: styles ? strFromU8(styles) : undefined, rels, related };
  } catch {
    return undefined;
  }
}

/**
 * The targets of a relationships part by the last word of their type (`officeDocument`, `styles`,
 * `footnotes`, `header`, …), as paths in the zip: an absolute target (`/word/document2.xml`) from the
 * zip's root, another from `dir` (`word/`); external ones left out.
 */
function relationships(rels: string, dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of rels.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const a = m[1];
    if (/\sTargetMode\s*=\s*["']External["']/i.test(a)) continue;
    const type = /\sType\s*=\s*["']([^"']*)["']/.exec(a)?.[1];
    const target = /\sTarget\s*=\s*["']([^"']*)["']/.exec(a)?.[1];
    if (!type || !target) continue;
    const kind = type.slice(type.lastIndexOf('/') + 1);
    let path = target.startsWith('/') ? target.slice(1) : dir + target;
    while (/[^/]+\/\.\.\//.test(path)) path = path.replace(/[^/]+\/\.\.\//, '');
    (out.get(kind) ?? out.set(kind, []).get(kind)!).push(path.replace(/^\.\//, ''));
  }
  return out;
}

/** document.xml as it is given to mammoth, and the hidden text left out of it. */
interface Prepared {
  /** The zip as mammoth reads it (its `file` input): document.xml prepared, every other part as it is. */
  readonly file: { exists(name: string): boolean; read(name: string, encoding?: string): Promise<Uint8Array | string> };
  readonly doc: string;
  readonly hidden: readonly Passage[];
  /** The placeholder text of empty content controls left out (`w:showingPlcHdr`). */
  readonly placeholders: readonly Passage[];
  /** Ruby text (`w:rt`: furigana over the words of `w:rubyBase`) read in parentheses after its base: its words and place. */
  readonly rubies?: readonly Passage[];
  /** Drop-down form fields (FORMDROPDOWN) read as the entry they show, written after them: its words and place. */
  readonly dropDowns?: readonly Passage[];
  /** Parts imported whole (`w:altChunk`: an HTML, text or Word file): read in place (`read`), or not, with the part's name. */
  readonly chunks?: ReadonlyArray<Passage & { readonly read: boolean; readonly part: string }>;
}

/** Hidden words left out: their words and where they stood in the prepared document.xml. */
interface Passage {
  words: string;
  at: number;
}

const MAIN_NS = /^(?:http:\/\/schemas\.openxmlformats\.org\/wordprocessingml\/2006\/main|http:\/\/purl\.oclc\.org\/ooxml\/wordprocessingml\/main)$/;

/** A tag of an XML text: its index and length, whether a closing or empty one, its prefix ('' for none), local name and attributes. */
interface Tag {
  readonly at: number;
  readonly length: number;
  readonly close: boolean;
  readonly selfClose: boolean;
  readonly prefix: string;
  readonly local: string;
  readonly attrs: string;
}

/**
 * The tags of an XML text in order (comments, CDATA sections, processing instructions and
 * declarations passed over; an attribute value may hold `>`), in one pass; undefined when the
 * text ends inside a tag or a quoted value (no XML mammoth can read).
 */
function xmlTags(xml: string): Tag[] | undefined {
  const out: Tag[] = [];
  const name = /\/?(?:([\w.-]+):)?([\w.-]+)/y;
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<!--', i) || xml.startsWith('<![CDATA[', i) || xml.startsWith('<?', i) || xml.startsWith('<!', i)) {
      const end = xml.startsWith('<!--', i) ? xml.indexOf('-->', i + 4) : xml.startsWith('<![CDATA[', i) ? xml.indexOf(']]>', i + 9) : xml.indexOf('>', i + 2);
      if (end === -1) return undefined;
      i = xml.indexOf('<', end);
      continue;
    }
    name.lastIndex = i + 1;
    const m = name.exec(xml);
    if (!m) {
      i = xml.indexOf('<', i + 1);
      continue;
    }
    let j = name.lastIndex;
    let quote = '';
    for (; j < xml.length; j++) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= xml.length) return undefined;
    const selfClose = xml[j - 1] === '/';
    out.push({ at: i, length: j + 1 - i, close: m[0][0] === '/', selfClose, prefix: m[1] ?? '', local: m[2], attrs: xml.slice(name.lastIndex, selfClose ? j - 1 : j) });
    i = xml.indexOf('<', j + 1);
  }
  return out;
}

/**
 * What mammoth reads wrongly in document.xml, put right before it reads it (undefined when there
 * is nothing to put right, or no zip fflate opens: mammoth then reads the file as it is):
 * - a carriage return (`w:cr`) is a line break and a positional tab (`w:ptab`) a tab: mammoth
 *   knows neither and left them out, gluing the words on both sides (`vraag?Respondent:`);
 * - a simple field (`w:fldSimple`: a date, a name, a reference) is read as its shown result, as a
 *   complex field is (mammoth left it out, words and all);
 * - the runs of a bidirectional embedding or override (`w:dir`, `w:bdo`: right-to-left words, as
 *   Word marks Arabic or Hebrew in a line) are read as the runs they are (mammoth left them out,
 *   words and all, said only as elements not read);
 * - hidden text (`w:vanish` in a run's properties, not `w:val="0"`, or in its character style's,
 *   its paragraph style's, its table's style's or the document defaults', styles.xml, also through
 *   the style it is based on: see hiddenStyles) is left out, and said: it is
 *   what Word does not show nor print (a transcriber's note, an instruction, the guide's question
 *   kept for reference), mostly not speech; mammoth read it as text, so that codes and quotes held
 *   words the researcher never saw in the document. (A hidden paragraph mark hides no words: that
 *   paragraph stays a paragraph of its own rather than being glued to the next.)
 */
async function prepareDocx(bytes: Uint8Array, parts: MainParts, depth = 0): Promise<Prepared | undefined> {
  const { unzipSync, strToU8 } = await import('fflate');
  const xml = parts.doc;
  const styleHidden = hiddenStyles(parts.styles ?? '');
  if (!styleHidden && !/<(?:[\w.-]+:)?(?:cr|ptab|vanish|fldSimple|dir|bdo|showingPlcHdr|ruby|altChunk|outlineLvl|ddList)\b/.test(xml)) return undefined;
  // (the parts an altChunk names, by relationship id: read when one is met)
  const rels = parts.rels ?? '';
  const chunks: Array<Passage & { read: boolean; part: string }> = [];
  const rubies: Passage[] = [];
  const dropDowns: Passage[] = [];
  const w = new Set<string>();
  for (const m of xml.matchAll(/\sxmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)) if (MAIN_NS.test(m[2])) w.add(m[1] ?? '');
  // (a run: its own vanish and its character style; a paragraph: its style)
  // (a paragraph also: its own outline level, `w:outlineLvl` in its `w:pPr`, and where its style is named or could be)
  type Frame = { p: string; l: string; start: number; vanish?: boolean; style?: string; hidden?: boolean; placeholder?: boolean; attrs?: string; outline?: string; styleTag?: [number, number]; pPrEnd?: number };
  const stack: Frame[] = [];
  const edits: Array<{ start: number; end: number; to: string; hidden?: boolean; placeholder?: boolean; ruby?: string; dropDown?: string; chunk?: { read: boolean; part: string; words: string; pre: string } }> = [];
  // (the complex fields open, each with its drop-down list when it is a FORMDROPDOWN form field;
  // the entry a drop-down that has just ended shows, written after the run its end stands in)
  const fields: Array<{ entries?: string[]; result?: number; def?: number; sep?: boolean; text?: boolean }> = [];
  let shown: string | undefined;
  const tags = xmlTags(xml);
  if (!tags) return undefined;
  const off = /\s(?:[\w.-]+:)?val\s*=\s*["'](?:0|false|off)["']/;
  for (const { at, length, close, selfClose, prefix, local, attrs } of tags) {
    const isW = w.has(prefix);
    const pre = prefix ? `${prefix}:` : '';
    if (close) {
      let i = stack.length - 1;
      while (i >= 0 && (stack[i].l !== local || stack[i].p !== prefix)) i--;
      if (i < 0) continue;
      const f = stack[i];
      stack.length = i;
      if (isW && local === 'p' && f.outline !== undefined && /^[0-8]$/.test(f.outline)) {
        // (its own heading outline level: a heading whatever its style, as Word's navigation pane
        // has it; mammoth reads no outline level, so the style it is given says so; level 9, body
        // text, is left to the style: Word keeps a built-in heading style's level)
        const mark = `<${pre}pStyle ${pre}val="${OUTLINE_HEADING}"/>`;
        if (f.styleTag) edits.push({ start: f.styleTag[0], end: f.styleTag[1], to: mark });
        else if (f.pPrEnd !== undefined) edits.push({ start: f.pPrEnd, end: f.pPrEnd, to: mark });
      } else if (isW && local === 'r') {
        // hidden by its own setting, else by its character style, else by its paragraph's style
        let para: Frame | undefined;
        let table: Frame | undefined;
        for (let j = stack.length - 1; j >= 0 && !table; j--) {
          if (!para && stack[j].l === 'p' && w.has(stack[j].p)) para = stack[j];
          else if (stack[j].l === 'tbl' && w.has(stack[j].p)) table = stack[j];
        }
        f.hidden = f.vanish ?? styleHidden?.(f.style, para?.style, table?.style) ?? false;
        if (f.hidden && !stack.some((g) => g.hidden)) edits.push({ start: f.start, end: at + length, to: '', hidden: true });
        // (a drop-down form field's entry: mammoth reads no text of it, Word shows the entry chosen)
        if (shown !== undefined) {
          if (!f.hidden && !stack.some((g) => g.hidden) && shown.trim()) edits.push({ start: at + length, end: at + length, to: `<${pre}r><${pre}t xml:space="preserve">${shown}</${pre}t></${pre}r>`, dropDown: shown });
          shown = undefined;
        }
      } else if (isW && (local === 'fldSimple' || local === 'dir' || local === 'bdo')) edits.push({ start: at, end: at + length, to: '' });
      // (an empty content control shows its placeholder, `Klik of tik om tekst in te voeren.`: no one's words)
      else if (isW && local === 'sdtContent' && stack[stack.length - 1]?.placeholder) edits.push({ start: f.start, end: at + length, to: '', placeholder: true });
      // (ruby: the base's runs, then the ruby text in parentheses; mammoth left both out)
      else if (isW && local === 'ruby') {
        const r = rubyRuns(xml.slice(f.start, at + length), pre, stack[stack.length - 1]?.l === 'r' && w.has(stack[stack.length - 1].p));
        edits.push({ start: f.start, end: at + length, to: r.xml, ruby: r.words });
      } else if (isW && local === 'altChunk') edits.push({ start: f.start, end: at + length, to: '', chunk: { read: false, part: f.attrs ?? '', words: '', pre } });
      continue;
    }
    if (isW && local === 'altChunk' && selfClose) {
      edits.push({ start: at, end: at + length, to: '', chunk: { read: false, part: attrs, words: '', pre } });
      continue;
    }
    if (isW) {
      const top = stack[stack.length - 1];
      const owner = stack[stack.length - 2];
      const of = (pr: string, el: string) => top?.l === pr && w.has(top.p) && owner?.l === el && w.has(owner.p);
      if (local === 'vanish' && of('rPr', 'r')) owner.vanish = !off.test(attrs);
      else if (local === 'rStyle' && of('rPr', 'r')) owner.style = valOf(attrs);
      else if (local === 'pStyle' && of('pPr', 'p')) (owner.style = valOf(attrs)), (owner.styleTag = [at, at + length]);
      else if (local === 'outlineLvl' && of('pPr', 'p')) owner.outline = valOf(attrs)?.trim() ?? '';
      else if (local === 'pPr' && !selfClose && top?.l === 'p' && w.has(top.p)) top.pPrEnd = at + length;
      else if (local === 'tblStyle' && of('tblPr', 'tbl')) owner.style = valOf(attrs);
      else if (local === 'showingPlcHdr' && of('sdtPr', 'sdt')) owner.placeholder = !off.test(attrs);
      else if (local === 'cr' && selfClose) edits.push({ start: at, end: at + length, to: `<${pre}br/>` });
      else if (local === 'ptab' && selfClose) edits.push({ start: at, end: at + length, to: `<${pre}tab/>` });
      else if (local === 'fldSimple' || local === 'dir' || local === 'bdo') edits.push({ start: at, end: at + length, to: '' });
      else if (local === 'fldChar') {
        const type = /\s(?:[\w.-]+:)?fldCharType\s*=\s*["'](\w+)["']/.exec(attrs)?.[1];
        if (type === 'begin') fields.push({});
        else if (type === 'separate' && fields.length) fields[fields.length - 1].sep = true;
        else if (type === 'end') {
          const fd = fields.pop();
          // (one that shows its entry as text of its own, between its separator and end, is read as it is)
          if (fd?.entries?.length && !fd.text) shown = fd.entries[fd.result ?? fd.def ?? 0] ?? fd.entries[0];
        }
      } else if (fields.length && top?.l === 'ddList' && w.has(top.p)) {
        const fd = fields[fields.length - 1];
        const v = valOf(attrs);
        if (local === 'listEntry' && v !== undefined) (fd.entries ??= []).push(v);
        else if ((local === 'result' || local === 'default') && v !== undefined && /^\d+$/.test(v)) fd[local === 'result' ? 'result' : 'def'] = Number(v);
      } else if (local === 'ddList' && fields.length) fields[fields.length - 1].entries ??= [];
      else if (local === 't' && !selfClose && fields.length && fields[fields.length - 1].sep) fields[fields.length - 1].text = true;
    }
    if (!selfClose) stack.push(local === 'altChunk' ? { p: prefix, l: local, start: at, attrs } : { p: prefix, l: local, start: at });
  }
  if (!edits.length) return undefined;
  edits.sort((a, b) => a.start - b.start);
  // (each altChunk's part read as paragraphs, in its place: its attributes name the relationship)
  for (const e of edits) {
    if (!e.chunk) continue;
    const id = /\s(?:[\w.-]+:)?id\s*=\s*["']([^"']*)["']/.exec(e.chunk.part)?.[1];
    const rel = id === undefined ? undefined : [...rels.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)].map((m) => m[1]).find((a) => new RegExp(`\\sId\\s*=\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).test(a));
    const target = rel ? /\sTarget\s*=\s*["']([^"']*)["']/.exec(rel)?.[1] : undefined;
    const name = target === undefined ? '' : target.startsWith('/') ? target.slice(1) : `word/${target}`.replace(/[^/]+\/\.\.\//g, '');
    e.chunk.part = target ?? (id ?? '');
    let data: Uint8Array | undefined;
    try {
      data = name ? unzipSync(bytes, { filter: (f) => f.name === name })[name] : undefined;
    } catch {
      data = undefined;
    }
    const paras = data ? await chunkParagraphs(data, name, depth) : undefined;
    if (!paras) continue;
    e.chunk.read = true;
    e.chunk.words = paras.join(' ').replace(/\s+/g, ' ').trim();
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const q = e.chunk.pre;
    e.to = paras.map((x) => `<${q}p>${x.split('\n').map((l, i) => `${i ? `<${q}r><${q}br/></${q}r>` : ''}<${q}r><${q}t xml:space="preserve">${esc(l)}</${q}t></${q}r>`).join('')}</${q}p>`).join('');
  }
  // the words a hidden run shows: its text, tabs, breaks and symbols (its field codes and marks stay)
  const shownIn = new RegExp(String.raw`<(?:[\w.-]+:)?t(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>[^<]*</(?:[\w.-]+:)?t>|<(?:[\w.-]+:)?(?:t|tab|br|cr|ptab|sym|noBreakHyphen|softHyphen)\b(?:[^>"']|"[^"]*"|'[^']*')*/>`, 'g');
  let out = '';
  let last = 0;
  const hidden: Passage[] = [];
  const placeholders: Passage[] = [];
  let prevHiddenEnd = -1;
  for (const e of edits) {
    if (e.start < last) continue; // (inside a hidden run already left out)
    out += xml.slice(last, e.start);
    if (e.placeholder) {
      const content = xml.slice(e.start, e.end);
      const said = words(content);
      out += content.replace(shownIn, '');
      if (said) placeholders.push({ words: said, at: out.length });
    } else if (e.hidden) {
      const run = xml.slice(e.start, e.end);
      const said = words(run);
      out += run.replace(shownIn, '');
      if (said) {
        // (hidden runs with nothing shown between them are one passage)
        const gap = prevHiddenEnd >= 0 ? xml.slice(prevHiddenEnd, e.start) : undefined;
        if (gap !== undefined && hidden.length && !words(gap) && !/<\/(?:[\w.-]+:)?p>/.test(gap)) hidden[hidden.length - 1].words += ' ' + said;
        else hidden.push({ words: said, at: out.length });
        prevHiddenEnd = e.end;
      }
    } else {
      out += e.to;
      if (e.ruby) rubies.push({ words: e.ruby, at: out.length });
      if (e.dropDown !== undefined) dropDowns.push({ words: unescapeXml(e.dropDown), at: out.length });
      if (e.chunk) chunks.push({ words: e.chunk.words, at: out.length, read: e.chunk.read, part: e.chunk.part });
    }
    last = e.end;
  }
  out += xml.slice(last);
  const doc = out;
  const bytesOf = strToU8(doc);
  const file = {
    exists: (name: string) => {
      if (name === parts.name) return true;
      try {
        return Object.keys(unzipSync(bytes, { filter: (f) => f.name === name })).length > 0;
      } catch {
        return false;
      }
    },
    read: async (name: string, encoding?: string) => {
      const data = name === parts.name ? bytesOf : unzipSync(bytes, { filter: (f) => f.name === name })[name];
      if (!data) throw new Error(`no ${name} in the zip`);
      if (encoding === 'base64') return Buffer.from(data).toString('base64');
      if (encoding) return new TextDecoder(encoding).decode(data);
      return data;
    },
  };
  return { file, doc, hidden, placeholders, ...(rubies.length ? { rubies } : {}), ...(dropDowns.length ? { dropDowns } : {}), ...(chunks.length ? { chunks } : {}) };
}

/**
 * A `w:ruby` (ruby, furigana: small text over the words of its base) as runs mammoth reads: the
 * base's runs, then a run with the ruby text in parentheses (`下町 (shitamachi)`), the run it stands
 * in closed before them and opened again after (`inRun`); and the ruby text's words.
 */
function rubyRuns(ruby: string, pre: string, inRun: boolean): { xml: string; words: string } {
  const base = elements(ruby, 'rubyBase')[0]?.body ?? '';
  const rt = words(elements(ruby, 'rt')[0]?.body ?? '');
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const note = rt ? `<${pre}r><${pre}t xml:space="preserve"> (${esc(rt)})</${pre}t></${pre}r>` : '';
  return { xml: inRun ? `</${pre}r>${base}${note}<${pre}r>` : `${base}${note}`, words: rt };
}

/** Nested Word documents read through altChunks at most this deep. */
const MAX_CHUNK_DEPTH = 3;

/**
 * The paragraphs of a part imported whole by a `w:altChunk` (Word merges it into the document
 * when it saves the file; until then only Word shows it): an HTML page (its block elements
 * paragraphs, a `<br>` a line end), a text file (its blank lines apart paragraphs) or a Word
 * document (read as a .docx is). Undefined for any other kind (RTF, MHT): said as not read.
 */
async function chunkParagraphs(data: Uint8Array, name: string, depth: number): Promise<string[] | undefined> {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const decode = (label: string) => {
    try {
      return new TextDecoder(label).decode(data);
    } catch {
      return new TextDecoder('utf-8').decode(data);
    }
  };
  if (ext === 'htm' || ext === 'html' || ext === 'xhtml') {
    const head = new TextDecoder('latin1').decode(data.subarray(0, 2048));
    const charset = /<meta[^>]*charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
    return htmlParagraphs(decode(charset));
  }
  if (ext === 'txt') return decode('utf-8').split(/\r?\n[ \t]*\r?\n/).map((x) => x.replace(/\r/g, '').trim()).filter(Boolean);
  if ((ext === 'docx' || ext === 'docm' || ext === 'dotx') && depth < MAX_CHUNK_DEPTH) {
    try {
      return (await readDocxText(data, name, undefined, depth + 1)).split(/\n[ \t]*\n/).map((x) => x.trim()).filter(Boolean);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * HTML's named characters an HTML part may use: the Latin-1 ones (`&Eacute;`, `&ccedil;`, `&szlig;`,
 * by name, case and all) and the common punctuation. Only twenty were known, looked up in lower
 * case: `Fran&ccedil;ois` kept its entity as text, and `&Eacute;` read as é, without a word.
 */
const HTML_NAMED: ReadonlyMap<string, string> = (() => {
  const latin1 =
    'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(' ');
  const m = new Map<string, string>(latin1.map((n, i) => [n, String.fromCharCode(0xa0 + i)]));
  const more: Record<string, number> = { amp: 38, lt: 60, gt: 62, quot: 34, apos: 39, OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6, tilde: 0x2dc, ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f, ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d, bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030, prime: 0x2032, lsaquo: 0x2039, rsaquo: 0x203a, euro: 0x20ac, trade: 0x2122, larr: 0x2190, rarr: 0x2192 };
  for (const [n, c] of Object.entries(more)) m.set(n, String.fromCharCode(c));
  return m;
})();

/** The paragraphs of an HTML page: its block elements apart, a `<br>` a line end, tags and scripts out, entities decoded. */
function htmlParagraphs(html: string): string[] {

  const t = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<\/?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|dd|dt|body)\b[^>]*>/gi, '\u0000')
    .replace(/<\/?t[dh]\b[^>]*>/gi, '\t')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
      }
      return HTML_NAMED.get(e) ?? HTML_NAMED.get(e.toLowerCase()) ?? m;
    });
  return t
    .split('\u0000')
    .map((x) => x.replace(/[ \t\r]*\n[ \t\r]*/g, '\n').replace(/[ \t\r\f]+/g, ' ').replace(/^[\s\n]+|[\s\n]+$/g, ''))
    .filter(Boolean);
}

/** An element of mammoth's document (the fields read here). */
interface MammothElement {
  readonly type: string;
  readonly value?: string;
  readonly children?: readonly MammothElement[];
  /** A paragraph's style (its id, and its name as styles.xml gives it). */
  readonly styleId?: string | null;
  readonly styleName?: string | null;
  /** A check box's state (a content control's, `w14:checkbox`, or a form field's, FORMCHECKBOX). */
  readonly checked?: boolean;
}

/**
 * What a document's structure tells that its text does not, for the transcript reader: the
 * UTF-16 ranges [start, end) of the text of its heading paragraphs (a Word heading style, an
 * .odt `text:h`), outside tables. The text is not changed for them (its offsets stay as they
 * were): the reader is given them beside it (see ParseBlocksOptions.headings).
 */
export interface DocumentPlaces {
  headings?: Array<[number, number]>;
  /** The ranges of the tables read a cell a paragraph (not a table of turns), outside tables: said when one stands inside a turn. */
  tables?: Array<[number, number]>;
  /** The ranges of the paragraphs of text boxes (read after the paragraph they stand in): said when one stands inside a turn. */
  boxes?: Array<[number, number]>;
}

/**
 * The words of the paragraphs of the text boxes mammoth reads (those in a `w:pict`: VML, as Word
 * and LibreOffice store them beside the newer form), in order, without white space: mammoth reads
 * them as paragraphs after the paragraph they stand in, and nothing in its document tells them
 * apart. Undefined when there are none.
 */
function boxParagraphs(xml: string | undefined): string[] | undefined {
  if (xml === undefined || xml.indexOf('txbxContent') === -1) return undefined;
  const out: string[] = [];
  for (const pict of xml.matchAll(/<((?:[\w.-]+:)?)pict\b[\s\S]*?<\/\1pict>/g)) {
    for (const box of pict[0].matchAll(/<((?:[\w.-]+:)?)txbxContent\b[^>]*>([\s\S]*?)<\/\1txbxContent>/g)) {
      for (const para of box[2].matchAll(/<((?:[\w.-]+:)?)p\b[^>]*>([\s\S]*?)<\/\1p>/g)) {
        const words = [...para[2].matchAll(/<(?:[\w.-]+:)?t\b[^>]*>([^<]*)</g)].map((m) => unescapeXml(m[1])).join('').replace(/\s+/g, '');
        if (words) out.push(words);
      }
    }
  }
  return out.length ? out : undefined;
}

/** A Word heading or title style, by its name or id (`heading 2`, `Heading2`, `Kop 2`, `Title`, `Titel`, `Subtitle`). */
export const HEADING_STYLE = /^(?:heading|kop)\s*[1-9]$|^(?:sub)?title$|^(?:onder)?titel$/i;

/**
 * The style id a paragraph with its own heading outline level (`w:outlineLvl` 0 to 8 in its
 * `w:pPr`, as Word's Paragraph dialog sets it) is given before mammoth reads it (see prepareDocx):
 * mammoth reads no outline level, and such a paragraph, a heading in Word's navigation pane
 * whatever its style, was read as the words of the speaker before it.
 */
const OUTLINE_HEADING = 'qdakitOutlineHeading';

function isHeadingParagraph(e: MammothElement, own?: ReadonlySet<string>): boolean {
  if (e.styleId === OUTLINE_HEADING) return true;
  return (!!e.styleName && HEADING_STYLE.test(e.styleName.trim())) || (!!e.styleId && (HEADING_STYLE.test(e.styleId.trim()) || !!own?.has(e.styleId)));
}

/**
 * The ids of the paragraph styles of styles.xml that are headings though not named as Word's
 * (`Vraag`, `Thema`, `Kop Interview`): a style with an outline level (`w:outlineLvl` 0 to 8; 9 is
 * body text), or based on one that has one or is a heading style by name (`basedOn Heading2`,
 * `Kop2`), as Word shows them in its navigation pane. (Only Word's own names were known: a
 * heading in such a style was read as the words of the speaker before it, without a word.)
 * Undefined when there are none, or no styles.xml.
 */
function headingStyles(xml: string): Set<string> | undefined {
  if (!/basedOn|outlineLvl/.test(xml)) return undefined;
  const styles = new Map<string, { name?: string; level?: number; basedOn?: string }>();
  for (const e of elements(xml, 'style')) {
    if (!/\s(?:[\w.-]+:)?type\s*=\s*["']paragraph["']/.test(e.attrs)) continue;
    const id = /\s(?:[\w.-]+:)?styleId\s*=\s*["']([^"']*)["']/.exec(e.attrs)?.[1];
    if (id === undefined) continue;
    // (the style's own paragraph properties: not a table style's conditional ones)
    const pPr = elements(e.body, 'pPr')[0];
    const lvl = pPr ? valOf(elements(pPr.body, 'outlineLvl')[0]?.attrs ?? '') : undefined;
    styles.set(id, { name: valOf(elements(e.body, 'name')[0]?.attrs ?? ''), level: lvl !== undefined && /^\d+$/.test(lvl) ? Number(lvl) : undefined, basedOn: valOf(elements(e.body, 'basedOn')[0]?.attrs ?? '') });
  }
  const isHeading = (id: string | undefined, depth = 0): boolean => {
    const s = id === undefined || depth > 50 ? undefined : styles.get(id);
    if (!s) return id !== undefined && HEADING_STYLE.test(id.trim());
    if (s.level !== undefined) return s.level < 9;
    if ((s.name && HEADING_STYLE.test(s.name.trim())) || HEADING_STYLE.test(id!.trim())) return true;
    return isHeading(s.basedOn, depth + 1);
  };
  const out = new Set<string>();
  for (const id of styles.keys()) if (!HEADING_STYLE.test(id.trim()) && isHeading(id)) out.add(id);
  return out.size ? out : undefined;
}

/** A check box's character as Word shows one by default: ticked (U+2612) or not (U+2610). */
const CHECKED = '\u2612';
const UNCHECKED = '\u2610';

/** The check boxes read (see rawText): their count, and how many are ticked. */
interface CheckBoxes {
  n: number;
  checked: number;
}

/**
 * The raw text of mammoth's document as its extractRawText makes it (text, a tab for a tab, a
 * blank line after each paragraph), and a line end for a break (mammoth's own leaves it out).
 * A transcript written as a table (`Interviewer | text`, `00:01:12 | Interviewer | text`: see
 * isTurnTable) is read a row a line, its cells apart by a tab (the paragraphs of a cell a line
 * apart; empty cells at a row's end left out), as Word gives a table copied as text, so that its
 * rows read as `Label<TAB>text` turns. (Each cell a paragraph of its own, the speaker's name was a
 * line apart from the words and a time a line of its own: the time went into the turn before, and
 * the rows of a table in a transcript with `Name:` labels all into the turn before the table.)
 * Any other table is read a cell a paragraph.
 * Walked with a stack: a document nests tables in tables.
 */
function rawText(root: MammothElement, headers: string[][] = [], places?: DocumentPlaces, own?: ReadonlySet<string>, boxes?: readonly string[], checks?: CheckBoxes): string {
  // (the next text box paragraph to meet, by its words: see boxParagraphs)
  let nextBox = 0;
  const out: string[] = [];
  // (the length of the text so far: counted only when the heading places are asked for)
  let length = 0;
  // (an element; whether it stands in a row read as a line (its paragraphs and rows end with a
  // line end, not a blank line); for a table's rows, whether they are read as lines; a number:
  // the start of a heading paragraph, popped at its end)
  const stack: Array<{ e: MammothElement; inCell: boolean; lines?: boolean } | { table: number } | { para: number; from: number } | string | number> = [{ e: root, inCell: false }];
  while (stack.length) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      out.push(top);
      if (places) length += top.length;
      continue;
    }
    if (typeof top === 'number') {
      // (the heading's end: its words end before the blank line after it)
      if (length > top) (places!.headings ??= []).push([top, length]);
      continue;
    }
    if ('para' in top) {
      // (a paragraph's end, when the document has text boxes: one of theirs when its words are the next box paragraph's)
      if (boxes && nextBox < boxes.length && out.slice(top.from).join('').replace(/\s+/g, '') === boxes[nextBox]) {
        nextBox++;
        if (length > top.para) (places!.boxes ??= []).push([top.para, length]);
      }
      continue;
    }
    if ('table' in top) {
      // (a table read a cell a paragraph: its end)
      if (length > top.table) (places!.tables ??= []).push([top.table, length]);
      continue;
    }
    const { e, inCell } = top;
    const c = e.children ?? [];
    if (e.type === 'text') {
      const t = asShown(e.value ?? '');
      out.push(t);
      if (places) length += t.length;
    } else if (e.type === 'tab') {
      out.push('\t');
      length++;
    } else if (e.type === 'break') {
      out.push('\n');
      length++;
    } else if (e.type === 'checkbox') {
      // (a check box, as Word shows it: mammoth gives it as an element of its own, which its raw
      // text leaves out, the box's character and all; a ticked box in a form was lost without a word)
      out.push(e.checked ? CHECKED : UNCHECKED);
      length++;
      if (checks) {
        checks.n++;
        if (e.checked) checks.checked++;
      }
    }
    else if (e.type === 'table') {
      // (a table in a row read as a line has its rows as lines too)
      const rows = c.map((r) => (r.children ?? []).map(cellStart));
      const turns = isTurnTable(rows);
      const lines = inCell || turns;
      // (a table of turns' header row, `Spreker | Tekst`, is no turn: left out, and said)
      const head = turns ? headerRowAt(rows) : -1;
      if (head >= 0) headers.push(rows[head].map((x) => x.trim()).filter(Boolean));
      if (places && !lines) stack.push({ table: length });
      for (let i = c.length - 1; i >= 0; i--) if (i !== head) stack.push({ e: c[i], inCell, lines });
    } else if (e.type === 'tableRow' && top.lines) {
      // (empty cells at the row's end are left out: a tab at its end would make the row no turn)
      let n = c.length;
      while (n > 0 && !cellStart(c[n - 1]).trim()) n--;
      stack.push(inCell ? '\n' : '\n\n');
      for (let i = n - 1; i >= 0; i--) {
        stack.push({ e: c[i], inCell: true });
        if (i > 0) stack.push('\t');
      }
    } else if (e.type === 'tableCell' && inCell) {
      for (let i = c.length - 1; i >= 0; i--) {
        stack.push({ e: c[i], inCell: true });
        if (i > 0) stack.push('\n');
      }
    } else {
      if (e.type === 'paragraph' && !inCell) stack.push('\n\n');
      if (places && e.type === 'paragraph' && !inCell && isHeadingParagraph(e, own)) {
        stack.push(length);
      }
      if (boxes && e.type === 'paragraph' && !inCell) stack.push({ para: length, from: out.length });
      const keep = e.type !== 'paragraph' && inCell;
      for (let i = c.length - 1; i >= 0; i--) stack.push({ e: c[i], inCell: keep });
    }
  }
  return out.join('');
}

/**
 * The first words of a table cell (its text values, at most 100 characters, looked for among at
 * most 400 elements): enough to tell a speaker's name and words from other cells, whatever a
 * hostile document nests in a cell.
 */
function cellStart(cell: MammothElement): string {
  let s = '';
  let seen = 0;
  const stack: MammothElement[] = [cell];
  while (stack.length && s.length < 100 && seen++ < 400) {
    const e = stack.pop()!;
    if (e.type === 'text') s += e.value ?? '';
    else if (e.type === 'tab' || e.type === 'break') s += ' ';
    else if (e.type === 'checkbox') s += e.checked ? CHECKED : UNCHECKED;
    else if (e.type === 'paragraph' && s) s += ' ';
    const c = e.children ?? [];
    for (let i = c.length - 1; i >= 0; i--) stack.push(c[i]);
  }
  return seen > 400 && !s ? ' x' : s;
}

/**
 * Text as Word shows it: a soft hyphen (`w:softHyphen`, U+00AD: where a word may be broken at a
 * line end) is no character of the word, and a non-breaking hyphen (`w:noBreakHyphen`, U+2011) is a
 * hyphen. Read as mammoth gives them, they split the word for every rule (`buurt\u00adapp` matched
 * no keyword `buurtapp`, `e\u2011mail` no `e-mail`), without a word.
 */
function asShown(s: string): string {
  return s.indexOf('\u00ad') === -1 && s.indexOf('\u2011') === -1 ? s : s.replace(/\u00ad/g, '').replace(/\u2011/g, '-');
}

const NS: Record<string, string> = {
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'urn:schemas-microsoft-com:vml': 'v',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
};
const KIND: Record<string, string> = { 'm:oMath': 'equation', 'm:oMathPara': 'equation' };

/** XML text with its five entities and character references resolved. */
function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (m, e: string) => {
    const l = e.toLowerCase();
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'amp') return '&';
    if (l === 'quot') return '"';
    if (l === 'apos') return "'";
    const n = l.startsWith('#x') ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}

/** The words of a piece of WordprocessingML: its w:t (or w:delText) runs, tabs and breaks as spaces. */
function words(xml: string, tag = 't'): string {
  const re = new RegExp(`<(?:[\\w.-]+:)?(?:${tag})(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?(?:${tag})>|<(?:[\\w.-]+:)?(?:tab|br|cr)\\b[^>]*/>|</(?:[\\w.-]+:)?p>`, 'g');
  let out = '';
  for (let m = re.exec(xml); m; m = re.exec(xml)) out += m[1] !== undefined ? unescapeXml(m[1]) : ' ';
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * The elements `local` (any prefix) of `xml` with their attributes, content and index. (An empty
 * one, `<w:del w:id="3" …/>`, has no content: read as an open tag, it held everything up to the
 * next `</w:del>`, another change's words and place.)
 */
function elements(xml: string, local: string): Array<{ attrs: string; body: string; at: number }> {
  const re = new RegExp(`<((?:[\\w.-]+:)?${local})(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</\\1>)`, 'g');
  const out: Array<{ attrs: string; body: string; at: number }> = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push({ attrs: m[2] ?? '', body: m[3] ?? '', at: m.index });
  return out;
}

/**
 * Where an index of document.xml lies, said so that it can be found in Word: the paragraph of
 * the body it stands in (counted as Word has them: every `w:p` not inside another one, empty
 * ones and those in tables too; the text read has them in this order, one blank line apart, those
 * of a table row on one line) and
 * its first words. The paragraphs are found once, when a warning first asks.
 */
function paragraphPlaces(doc: string): (at: number) => string | undefined {
  let paras: Array<{ start: number; end: number }> | undefined;
  const find = () => {
    const out: Array<{ start: number; end: number }> = [];
    const re = /<(\/?)(?:[\w.-]+:)?p(?=[\s>/])[^>]*?(\/?)>/g;
    let depth = 0;
    let start = 0;
    for (let m = re.exec(doc); m; m = re.exec(doc)) {
      if (m[2]) {
        if (depth === 0) out.push({ start: m.index, end: m.index + m[0].length });
      } else if (!m[1]) {
        if (depth++ === 0) start = m.index;
      } else if (depth > 0 && --depth === 0) out.push({ start, end: m.index + m[0].length });
    }
    return out;
  };
  // (the words a paragraph shows: not those of a text box in it, nor deleted ones)
  const shown = (i: number) => words(doc.slice(paras![i].start, paras![i].end).replace(/<((?:[\w.-]+:)?txbxContent)\b[\s\S]*?<\/\1>/g, ' '));
  return (at) => {
    paras ??= find();
    const i = paras.findIndex((p) => p.start <= at && at < p.end);
    if (i < 0) return undefined;
    const w = shown(i);
    if (w) return `paragraph ${i + 1} (${quote(w)})`;
    let j = i - 1;
    while (j >= 0 && !shown(j)) j--;
    return `paragraph ${i + 1} (no text shown${j >= 0 ? `; after paragraph ${j + 1}, ${quote(shown(j))}` : ''})`;
  };
}

/** The index of the first element `local` (any prefix) whose id attribute is `id`, or -1. */
function referenceAt(xml: string, locals: string, id: string): number {
  const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<(?:[\\w.-]+:)?(?:${locals})\\b[^>]*?\\s(?:[\\w.-]+:)?id\\s*=\\s*["']${esc}["']`).exec(xml);
  return m ? m.index : -1;
}

const idOf = (attrs: string) => /\s(?:[\w.-]+:)?id\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];

/**
 * The words of each text box mammoth does not read: a `wps:txbx` (DrawingML) is read only where
 * the `mc:AlternateContent` it stands in has an `mc:Fallback` holding a VML text box
 * (`w:txbxContent`); one in a plain `w:drawing`, or in alternate content without such a
 * fallback, is left out. Empty text boxes are not counted.
 */
function drawingOnlyTextBoxes(xml: string): Array<{ words: string; at: number }> {
  type Box = { words: string; at: number };
  type Frame = { local: string; start: number; lost: Box[]; fallbackHasBox: boolean };
  const stack: Frame[] = [];
  const lost: Box[] = [];
  /** Where a text box lost at this depth goes: the nearest mc:Choice's alternate content, else lost. */
  const give = (w: Box[]) => {
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].local === 'Choice' && stack[i - 1]?.local === 'AlternateContent') {
        for (const x of w) stack[i - 1].lost.push(x);
        return;
      }
    }
    for (const x of w) lost.push(x);
  };
  const re = /<(\/?)(?:([\w.-]+):)?([\w.-]+)\b[^>]*?(\/?)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, , local, selfClose] = m;
    if (local === 'txbxContent') for (const f of stack) if (f.local === 'Fallback') f.fallbackHasBox = true;
    if (selfClose) continue;
    if (!close) {
      stack.push({ local, start: m.index + m[0].length, lost: [], fallbackHasBox: false });
      continue;
    }
    // close the nearest open element of this name (a stray closing tag is passed over)
    let i = stack.length - 1;
    while (i >= 0 && stack[i].local !== local) i--;
    if (i < 0) continue;
    const f = stack[i];
    stack.length = i;
    if (local === 'Fallback' && f.fallbackHasBox && stack[i - 1]?.local === 'AlternateContent') stack[i - 1].fallbackHasBox = true;
    if (local === 'txbx') {
      const w = words(xml.slice(f.start, m.index));
      if (w) give([{ words: w, at: f.start }]);
    } else if (local === 'AlternateContent' && !f.fallbackHasBox && f.lost.length) give(f.lost);
  }
  return lost;
}

/**
 * The words of the table cells mammoth leaves out: a cell that continues a vertical merge
 * (`w:vMerge` without `w:val="restart"`) below a cell of the same grid column (mammoth then takes
 * it as part of the merged cell above and drops it, words and all; Word shows only the first
 * cell's words too). Such a cell holds text only when a program other than Word wrote it; empty
 * ones are not counted. Each with the index of its first paragraph.
 */
function mergedCellWords(doc: string): Array<{ words: string; at: number }> {
  const tags = xmlTags(doc);
  if (!tags || !/vMerge\b/.test(doc)) return [];
  type Frame = { local: string; start: number; end: number; cols?: Set<number>; col?: number; span?: number; cont?: boolean };
  const stack: Frame[] = [];
  const out: Array<{ words: string; at: number }> = [];
  for (const t of tags) {
    if (t.close) {
      let i = stack.length - 1;
      while (i >= 0 && stack[i].local !== t.local) i--;
      if (i < 0) continue;
      const f = stack[i];
      stack.length = i;
      if (f.local !== 'tc') continue;
      // (the grid column it stands in: mammoth drops a continuing cell only below one it has seen)
      let tr: Frame | undefined;
      let tbl: Frame | undefined;
      for (let j = stack.length - 1; j >= 0 && !tbl; j--) {
        if (!tr && stack[j].local === 'tr') tr = stack[j];
        else if (stack[j].local === 'tbl') tbl = stack[j];
      }
      if (!tr || !tbl) continue;
      const col = tr.col ?? 0;
      tr.col = col + (f.span ?? 1);
      if (f.cont && tbl.cols!.has(col)) {
        const body = doc.slice(f.end, t.at);
        const w = words(body);
        if (w) out.push({ words: w, at: f.end + Math.max(0, body.search(/<(?:[\w.-]+:)?p[\s>]/)) });
      } else tbl.cols!.add(col);
      continue;
    }
    const top = stack[stack.length - 1];
    const owner = stack[stack.length - 2];
    if (t.local === 'vMerge' && top?.local === 'tcPr' && owner?.local === 'tc') owner.cont = !/\s(?:[\w.-]+:)?val\s*=\s*["']restart["']/.test(t.attrs);
    else if (t.local === 'gridSpan' && top?.local === 'tcPr' && owner?.local === 'tc') owner.span = Math.max(1, Number(valOf(t.attrs)) || 1);
    if (t.selfClose) continue;
    stack.push({ local: t.local, start: t.at, end: t.at + t.length, ...(t.local === 'tbl' ? { cols: new Set<number>() } : {}) });
  }
  return out;
}

/**
 * Whether text is hidden by the styles of styles.xml (`w:vanish` in run properties), in Word's
 * order: a character style, else the paragraph's style (the default paragraph style for a
 * paragraph that names none), else the table's style (the default table style for a table that
 * names none), else the document defaults (`w:docDefaults`' `w:rPrDefault`); a style without its
 * own setting takes the one it is based on. By style id: true, false, or undefined when none of
 * them says; undefined when nothing in styles.xml hides text. (A style's paragraph-mark properties,
 * `w:pPr`'s `w:rPr`, and a table style's conditional ones, `w:tblStylePr`, hide no text of its own.)
 */
function hiddenStyles(styles: string): ((run: string | undefined, para: string | undefined, table: string | undefined) => boolean | undefined) | undefined {
  if (!/vanish\b/.test(styles)) return undefined;
  const vanishIn = (body: string): boolean | undefined => {
    const own = body.replace(/<((?:[\w.-]+:)?(?:pPr|tblStylePr))\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g, ' ');
    const rPr = elements(own, 'rPr')[0];
    const v = rPr ? elements(rPr.body, 'vanish')[0] : undefined;
    return v ? !/\s(?:[\w.-]+:)?val\s*=\s*["'](?:0|false|off)["']/.test(v.attrs) : undefined;
  };
  const own = new Map<string, { vanish?: boolean; basedOn?: string }>();
  const byDefault: { paragraph?: string; table?: string } = {};
  for (const e of elements(styles, 'style')) {
    const type = /\s(?:[\w.-]+:)?type\s*=\s*["'](character|paragraph|table)["']/.exec(e.attrs)?.[1] as 'character' | 'paragraph' | 'table' | undefined;
    if (!type) continue;
    const id = /\s(?:[\w.-]+:)?styleId\s*=\s*["']([^"']*)["']/.exec(e.attrs)?.[1];
    if (id === undefined) continue;
    if (type !== 'character' && /\s(?:[\w.-]+:)?default\s*=\s*["'](?:1|true|on)["']/.test(e.attrs)) byDefault[type] ??= id;
    own.set(id, { vanish: vanishIn(e.body), basedOn: valOf(elements(e.body, 'basedOn')[0]?.attrs ?? '') });
  }
  const defaults = elements(styles, 'rPrDefault')[0];
  const docDefault = defaults ? vanishIn(defaults.body) : undefined;
  if (!docDefault && ![...own.values()].some((s) => s.vanish)) return undefined;
  const is = (id: string | undefined, depth = 0): boolean | undefined => {
    const s = id === undefined || depth > 50 ? undefined : own.get(id);
    return !s ? undefined : s.vanish ?? is(s.basedOn, depth + 1);
  };
  return (run, para, table) => is(run) ?? is(para ?? byDefault.paragraph) ?? is(table ?? byDefault.table) ?? docDefault;
}

const valOf = (xml: string) => /\s(?:[\w.-]+:)?val\s*=\s*["']([^"']*)["']/.exec(xml)?.[1];

/** A list number in the format of a numbering level (`decimal`, `lowerLetter`, `upperRoman`, …; others as decimal; the .odt reader's too). */
export function listNumber(n: number, format: string | undefined): string {
  const letters = (k: number) => String.fromCharCode(97 + ((k - 1) % 26)).repeat(Math.floor((k - 1) / 26) + 1);
  const roman = (k: number) => {
    let out = '';
    for (const [v, r] of [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']] as const) for (; k >= v; k -= v) out += r;
    return out;
  };
  if (format === 'lowerLetter') return n > 0 ? letters(n) : String(n);
  if (format === 'upperLetter') return n > 0 ? letters(n).toUpperCase() : String(n);
  if (format === 'lowerRoman') return n > 0 && n < 4000 ? roman(n) : String(n);
  if (format === 'upperRoman') return n > 0 && n < 4000 ? roman(n).toUpperCase() : String(n);
  if (format === 'decimalZero') return n < 10 ? `0${n}` : String(n);
  return String(n);
}

/**
 * The paragraphs of document.xml numbered by a numbered list (`w:numPr` in their properties, not
 * in a tracked change's old ones; numbers or words, not bullets): mammoth's text leaves the
 * numbers out (`1.`, `a)`, `Vraag 3:`). Their count, and the first's number as Word shows it at the
 * start of its list (the levels' start values in their formats) and index. Numbering given by a
 * paragraph style is not counted.
 */
function listNumbers(doc: string, numbering: string): { n: number; first?: { number: string; at: number } } {
  if (!numbering || !/numPr\b/.test(doc)) return { n: 0 };
  const abstracts = new Map<string, Map<string, { format?: string; text?: string; start: number }>>();
  for (const a of elements(numbering, 'abstractNum')) {
    const id = /\s(?:[\w.-]+:)?abstractNumId\s*=\s*["']([^"']*)["']/.exec(a.attrs)?.[1];
    if (id === undefined) continue;
    const levels = new Map<string, { format?: string; text?: string; start: number }>();
    for (const l of elements(a.body, 'lvl')) {
      const at = (local: string) => valOf(elements(l.body, local)[0]?.attrs ?? '');
      levels.set(/\s(?:[\w.-]+:)?ilvl\s*=\s*["']([^"']*)["']/.exec(l.attrs)?.[1] ?? '0', { format: at('numFmt'), text: at('lvlText'), start: Number(at('start') ?? 1) || 0 });
    }
    abstracts.set(id, levels);
  }
  const nums = new Map<string, string>();
  for (const e of elements(numbering, 'num')) {
    const id = /\s(?:[\w.-]+:)?numId\s*=\s*["']([^"']*)["']/.exec(e.attrs)?.[1];
    const abs = valOf(elements(e.body, 'abstractNumId')[0]?.attrs ?? '');
    if (id !== undefined && abs !== undefined) nums.set(id, abs);
  }
  // (a tracked change's old paragraph properties blanked out, each index kept)
  const current = doc.replace(/<((?:[\w.-]+:)?pPrChange)\b[\s\S]*?<\/\1>/g, (m) => ' '.repeat(m.length));
  let n = 0;
  let first: { number: string; at: number } | undefined;
  for (const e of elements(current, 'numPr')) {
    const numId = valOf(elements(e.body, 'numId')[0]?.attrs ?? '');
    const ilvl = valOf(elements(e.body, 'ilvl')[0]?.attrs ?? '') ?? '0';
    const levels = numId === undefined ? undefined : abstracts.get(nums.get(numId) ?? '');
    const level = levels?.get(ilvl);
    if (!level || level.format === 'bullet') continue;
    const shown = (level.text ?? '').replace(/%([1-9])/g, (_, k: string) => {
      const l = levels!.get(String(Number(k) - 1));
      return l ? listNumber(l.start, l.format) : '';
    });
    if (!/[\p{L}\p{N}]/u.test(shown)) continue;
    n++;
    first ??= { number: shown.trim(), at: e.at };
  }
  return { n, first };
}

const quote = (s: string) => `"${s.length > 60 ? s.slice(0, 60) + '…' : s}"`;

async function reportLeftOut(bytes: Uint8Array, file: string, messages: ReadonlyArray<{ type: string; message: string }>, report: Report, main: string | undefined, prepared: Prepared | undefined, headers: readonly string[][] = [], checks?: CheckBoxes, related?: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const { unzipSync, strFromU8 } = await import('fflate');
  const part = /^word\/(footnotes|endnotes|comments|header\d*|footer\d*|numbering)\.xml$/i;
  // (the parts the main part names, when it names them: a file from Word Online may name them otherwise)
  const named = (kind: string, usual: string) => related?.get(kind)?.[0] ?? usual;
  const margin = new Set([...(related?.get('header') ?? []), ...(related?.get('footer') ?? [])]);
  const wanted = new Set([named('footnotes', ''), named('endnotes', ''), named('comments', ''), named('numbering', ''), ...margin]);
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (f) => part.test(f.name) || wanted.has(f.name) });
  } catch {
    return; // (mammoth read it; a zip fflate cannot open is not this check's to refuse)
  }
  const text = (name: string) => (parts[name] ? strFromU8(parts[name]) : '');
  // footnotes and endnotes (not the separators Word keeps among them)
  // (document.xml as mammoth read it: hidden words out, a carriage return a break)
  const doc = main ?? '';
  const placeOf = paragraphPlaces(doc);
  /** `, in paragraph N ("its first words")` of an index of document.xml, or '' when it is not in one. */
  const inPara = (at: number, what = 'in') => {
    const p = at >= 0 ? placeOf(at) : undefined;
    return p ? `, ${what} ${p}` : '';
  };
  const notes: Array<{ words: string; local: string; id: string | undefined }> = [];
  const counts: string[] = [];
  for (const [name, local] of [[named('footnotes', 'word/footnotes.xml'), 'footnote'], [named('endnotes', 'word/endnotes.xml'), 'endnote']] as const) {
    let n = 0;
    for (const e of elements(text(name), local)) {
      if (/\btype\s*=\s*["'](separator|continuationSeparator|continuationNotice)["']/.test(e.attrs)) continue;
      const w = words(e.body);
      if (w) notes.push({ words: w, local, id: idOf(e.attrs) }), n++;
    }
    if (n) counts.push(`${n} ${local}${n === 1 ? '' : 's'}`);
  }
  if (notes.length) {
    const first = notes[0];
    const mark = first.id === undefined ? -1 : referenceAt(doc, `${first.local}Reference`, first.id);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-notes-not-read',
      message: `${counts.join(' and ')} ${notes.length === 1 ? 'is' : 'are'} not read as text (the first: ${quote(first.words)}${inPara(mark, 'its mark in')})`,
      file,
      hint: 'if a note holds words to code, put them in the text itself',
    });
  }
  const comments = elements(text(named('comments', 'word/comments.xml')), 'comment').map((e) => ({ words: words(e.body), id: idOf(e.attrs) })).filter((c) => c.words);
  if (comments.length) {
    const id = comments[0].id;
    const anchor = id === undefined ? -1 : referenceAt(doc, 'commentRangeStart|commentReference', id);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-comments-not-read',
      message: `${comments.length} comment${comments.length === 1 ? ' is' : 's are'} not read as text (the first: ${quote(comments[0].words)}${inPara(anchor, 'on')})`,
      file,
      hint: 'if a comment holds words to code (or a coding), put them in the text; codings go in with --codings or as inline markers',
    });
  }
  const margins = Object.keys(parts)
    .filter((n) => (margin.size ? margin.has(n) : /^word\/(header|footer)\d*\.xml$/i.test(n)))
    .sort()
    // (a page number and other fields: their shown result is left aside)
    .map((n) =>
      words(
        text(n)
          .replace(/<((?:[\w.-]+:)?fldSimple)\b[^>]*>[\s\S]*?<\/\1>/g, ' ')
          .replace(/<(?:[\w.-]+:)?fldChar\b[^>]*fldCharType\s*=\s*["']separate["'][^>]*\/>[\s\S]*?<(?:[\w.-]+:)?fldChar\b[^>]*fldCharType\s*=\s*["']end["'][^>]*\/>/g, ' '),
      ),
    )
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const distinct = [...new Set(margins)];
  if (distinct.length) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-headers-not-read',
      message: `${distinct.length} header/footer text${distinct.length === 1 ? ' is' : 's are'} not read as text: ${distinct.slice(0, 4).map(quote).join(', ')}${distinct.length > 4 ? ', …' : ''}`,
      file,
      hint: 'if a header says something to keep (who, where, when), give it as a case attribute (--cases) or put it in the text',
    });
  }
  // tracked changes: mammoth reads insertions and leaves deletions out (the text as if all were accepted)
  const deleted = elements(doc, 'del').map((e) => ({ words: words(e.body, 'delText'), at: e.at })).filter((d) => d.words);
  const insertions = elements(doc, 'ins').filter((e) => words(e.body));
  const inserted = insertions.length;
  const insertedAt = inserted ? placeOf(insertions[0].at) : undefined;
  // (a move: mammoth reads its words where they were moved to, not where they stood: as accepted;
  // a deleted paragraph end: its paragraph read as one with the next, as accepted)
  const moved = elements(doc, 'moveFrom').map((e) => ({ words: words(e.body), at: e.at })).filter((m) => m.words);
  const joined = /<(?:[\w.-]+:)?del[\s/>]/.test(doc) ? elements(doc, 'pPr').filter((p) => elements(p.body.replace(/<((?:[\w.-]+:)?pPrChange)\b[\s\S]*?<\/\1>/g, ''), 'rPr').some((r) => elements(r.body, 'del').length)).length : 0;
  if (deleted.length || inserted || moved.length || joined) {
    const also =
      (moved.length ? `, ${moved.length} passage${moved.length === 1 ? '' : 's'} moved read at ${moved.length === 1 ? 'its' : 'their'} new place only (the first: ${quote(moved[0].words)}${inPara(moved[0].at, 'moved from')})` : '') +
      (joined ? `, ${joined} deleted paragraph end${joined === 1 ? '' : 's'} read as one paragraph with the next` : '');
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-tracked-changes',
      message: `this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: ${deleted.length} deletion${deleted.length === 1 ? '' : 's'} left out${deleted.length ? ` (the first: ${quote(deleted[0].words)}${inPara(deleted[0].at)})` : ''}, ${inserted} insertion${inserted === 1 ? '' : 's'} read${insertedAt ? ` (the first in ${insertedAt})` : ''}${also}`,
      file,
      hint: 'accept or reject the changes in Word or LibreOffice (Review) and save it again, so that the text read is the one you mean',
    });
  }
  const placeholders = prepared?.placeholders ?? [];
  if (placeholders.length) {
    const n = placeholders.length;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-placeholder-text-not-read',
      message: `${n} content control${n === 1 ? '' : 's'} ${n === 1 ? 'shows its' : 'show their'} placeholder text (left empty), not read as text (the first: ${quote(placeholders[0].words)}${inPara(placeholders[0].at)})`,
      file,
      hint: 'nothing to do if those fields were left empty; if one holds words to code, type them into the field in Word and save the file again',
    });
  }
  if (checks?.n) {
    const n = checks.n;
    // (the first: a content control's check box or a check box form field, whichever stands first)
    const at = doc.search(/<(?:[\w.-]+:)?checkbox\b|<(?:[\w.-]+:)?checkBox\b|FORMCHECKBOX/);
    report({
      severity: 'info',
      source: 'ingest',
      ruleId: 'docx-check-boxes-read',
      message: `${n} check box${n === 1 ? ' is' : 'es are'} read as Word shows ${n === 1 ? 'it' : 'them'}: ${checks.checked} ticked (${CHECKED}), ${n - checks.checked} not ticked (${UNCHECKED})${inPara(at, n === 1 ? 'in' : 'the first in')}`,
      file,
      hint: `nothing to do; a rule or keyword can look for ${CHECKED} and ${UNCHECKED} after a question or option`,
    });
  }
  const dropDowns = prepared?.dropDowns ?? [];
  if (dropDowns.length) {
    const n = dropDowns.length;
    report({
      severity: 'info',
      source: 'ingest',
      ruleId: 'docx-drop-downs-read',
      message: `${n} drop-down form field${n === 1 ? ' is' : 's are'} read as the entry ${n === 1 ? 'it shows' : 'they show'} (the first: ${quote(dropDowns[0].words)}${inPara(dropDowns[0].at)})`,
      file,
      hint: 'nothing to do; check the text with `qda segments FILE`',
    });
  }
  const rubies = prepared?.rubies ?? [];
  if (rubies.length) {
    const n = rubies.length;
    report({
      severity: 'info',
      source: 'ingest',
      ruleId: 'docx-ruby-read',
      message: `${n} ruby text${n === 1 ? '' : 's'} (small text over words: a reading, furigana) ${n === 1 ? 'is' : 'are'} read in parentheses after the words ${n === 1 ? 'it stands' : 'they stand'} over (the first: ${quote(rubies[0].words)}${inPara(rubies[0].at)})`,
      file,
      hint: 'nothing to do; if the ruby text is not to be coded, take it out in Word (Home → Phonetic Guide / Asian Layout → Remove) and save the file again',
    });
  }
  const chunks = prepared?.chunks ?? [];
  const chunksRead = chunks.filter((c) => c.read);
  const chunksNot = chunks.filter((c) => !c.read);
  if (chunksRead.length) {
    const n = chunksRead.length;
    report({
      severity: 'info',
      source: 'ingest',
      ruleId: 'docx-alt-chunks-read',
      message: `${n} part${n === 1 ? '' : 's'} imported whole into the document (altChunk: an HTML, text or Word file that Word shows in place) ${n === 1 ? 'is' : 'are'} read as paragraphs in ${n === 1 ? 'its' : 'their'} place (the first: "${chunksRead[0].part}", ${quote(chunksRead[0].words)})`,
      file,
      hint: 'nothing to do; check the text with `qda segments FILE` (opening the file in Word and saving it again makes the parts ordinary text)',
    });
  }
  if (chunksNot.length) {
    const n = chunksNot.length;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-alt-chunks-not-read',
      message: `${n} part${n === 1 ? '' : 's'} imported whole into the document (altChunk) ${n === 1 ? 'is' : 'are'} not read (the first: "${chunksNot[0].part || 'a missing part'}"${inPara(chunksNot[0].at, 'before')}): only an HTML, text or Word part is read; Word shows ${n === 1 ? 'it' : 'them'} in place`,
      file,
      hint: 'open the file in Word and save it again as .docx: Word then makes the imported parts ordinary text of the document',
    });
  }
  const hidden = prepared?.hidden ?? [];
  if (hidden.length) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-hidden-text-not-read',
      message: `${hidden.length} passage${hidden.length === 1 ? '' : 's'} of hidden text (formatted as Hidden: Word shows ${hidden.length === 1 ? 'it' : 'them'} only with hidden text shown, and does not print ${hidden.length === 1 ? 'it' : 'them'}) ${hidden.length === 1 ? 'is' : 'are'} not read as text (the first: ${quote(hidden[0].words)}${inPara(hidden[0].at)})`,
      file,
      hint: 'hidden text is mostly a note or an instruction, not speech; if it holds words to code, select it in Word (Show/Hide ¶ shows it), open Font, clear Hidden, and save the file again',
    });
  }
  const merged = mergedCellWords(doc);
  if (merged.length) {
    const n = merged.length;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-merged-cells-not-read',
      message: `${n} table cell${n === 1 ? '' : 's'} merged into the cell above (vertically merged) ${n === 1 ? 'holds' : 'hold'} text that is not read (the first: ${quote(merged[0].words)}${inPara(merged[0].at)}): a merged cell is read with the words of its first cell only`,
      file,
      hint: 'if those words are to be read, split the merged cell in Word (Table Layout → Split Cells) or move the words into the first cell of the merge, and save the file again',
    });
  }
  if (headers.length) {
    // (its place: the first table row of document.xml whose words are the header's)
    const want = headers[0].join(' ').replace(/\s+/g, ' ');
    let at = -1;
    for (const m of doc.matchAll(/<((?:[\w.-]+:)?tr)[\s>][\s\S]*?<\/\1>/g)) {
      if (words(m[0]) === want) {
        at = m.index + Math.max(0, m[0].search(/<(?:[\w.-]+:)?p[\s>]/));
        break;
      }
    }
    report(tableHeaderNote(headers, file, inPara(at)));
  }
  const listed = listNumbers(doc, text(named('numbering', 'word/numbering.xml')));
  if (listed.n) {
    const f = listed.first!;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-list-numbers-not-read',
      message: `${listed.n} paragraph${listed.n === 1 ? ' is' : 's are'} numbered by a numbered list (Word's numbering, not typed), and ${listed.n === 1 ? 'its number is' : 'their numbers are'} not part of the text read (the first: "${f.number}"${inPara(f.at, 'before')}): a question's number in a numbered list of questions is not in its turn`,
      file,
      hint: 'if the numbers identify the questions, make them text: in Word select the list, copy it, and paste it in its place as text only (Paste Special → Unformatted text), then save the file again',
    });
  }
  const boxes = drawingOnlyTextBoxes(doc);
  if (boxes.length) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-text-boxes-not-read',
      message: `${boxes.length} text box${boxes.length === 1 ? ' is' : 'es are'} not read as text (the first: ${quote(boxes[0].words)}${inPara(boxes[0].at)}): ${boxes.length === 1 ? 'it is' : 'they are'} stored only in the newer DrawingML form, without the older form (VML) that is read`,
      file,
      hint: 'copy the words of the text box into the text itself, or open the file in Word or LibreOffice and save it again as .docx (they store a text box in both forms)',
    });
  }
  // what mammoth itself passed over (an equation, a symbol in a font it cannot map), by kind
  // (mammoth's messages say no place: the first element of each kind is looked for in document.xml by its local name)
  const skipped = new Map<string, { n: number; at: number }>();
  for (const m of messages) {
    // (a style referenced but not defined loses no words: its paragraph or run is read)
    if (m.type !== 'warning' || /image/i.test(m.message) || /\bstyle with ID .* was referenced but not defined\b/i.test(m.message)) continue;
    const el = /^An unrecognised element was ignored: (?:\{([^}]*)\})?(.*)$/.exec(m.message);
    const name = el ? `${el[1] !== undefined ? (NS[el[1]] ?? el[1]) + ':' : ''}${el[2]}` : m.message;
    const what = el ? `${KIND[name] ?? 'element'} <${name}>` : name;
    const k = skipped.get(what);
    if (k) k.n++;
    else skipped.set(what, { n: 1, at: el && /^[\w.-]+$/.test(el[2]) ? doc.search(new RegExp(`<(?:[\\w.-]+:)?${el[2].replace(/\./g, '\\.')}[\\s/>]`)) : -1 });
  }
  if (skipped.size) {
    const n = [...skipped.values()].reduce((a, b) => a + b.n, 0);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'docx-elements-not-read',
      message: `${n} part${n === 1 ? '' : 's'} of the text could not be read and ${n === 1 ? 'is' : 'are'} left out: ${[...skipped].map(([w, k]) => `${w} ×${k.n}${inPara(k.at, k.n === 1 ? 'in' : 'the first in')}`).join(', ')}`,
      file,
      hint: 'if they hold words to code, type them as plain text in the document (an equation, a special symbol) and save it again',
    });
  }
}
