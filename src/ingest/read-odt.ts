import { inputError, type Report } from '../model/errors.js';

type XNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Elements nested deeper than this are refused (a document has a few dozen levels at most). */
const MAX_XML_DEPTH = 1000;

/**
 * Text of an OpenDocument text file: unzip `content.xml` (fflate), parse it
 * (fast-xml-parser, preserveOrder) and walk text:p / text:h with nested
 * spans, `text:s` (text:c spaces), `text:tab` and `text:line-break`.
 * Paragraphs are joined by a blank line (as mammoth does for .docx).
 */
export async function readOdtText(bytes: Uint8Array, file: string, report?: Report): Promise<string> {
  const { unzipSync, strFromU8 } = await import('fflate');
  const { XMLParser } = await import('fast-xml-parser');
  let xml: string;
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === 'content.xml' });
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
  const notes: { n: number; first?: string; at?: number } = { n: 0 };
  const comments: { n: number; first?: string; at?: number } = { n: 0 };
  const inline = (nodes: XNode[]): string => {
    let s = '';
    for (const n of nodes) {
      for (const key of Object.keys(n)) {
        if (key === ':@') continue;
        const v = n[key];
        if (key === '#text') s += String(v);
        else if (key === 'text:s') s += ' '.repeat(Math.max(1, Number(n[':@']?.['text:c'] ?? 1) || 1));
        else if (key === 'text:tab') s += '\t';
        else if (key === 'text:line-break') s += '\n';
        else if (key === 'text:note' || key === 'office:annotation') {
          // footnotes and comments are not part of the text (their words would land inside a
          // sentence); counted, with the first's words, and said below
          // (its words: the note's body, the comment's paragraphs; not the citation mark, author or date)
          const parts: string[] = [];
          for (const c of Array.isArray(v) ? (v as XNode[]) : []) {
            for (const ck of Object.keys(c)) if (ck === 'text:note-body' || ck === 'text:p' || ck === 'text:list') parts.push(inline(c[ck] as XNode[]));
          }
          const words = parts.join(' ').replace(/\s+/g, ' ').trim();
          const k = key === 'text:note' ? notes : comments;
          k.n++;
          k.first ??= words;
          k.at ??= paragraphs.length + 1;
        }
        else if (Array.isArray(v)) s += inline(v as XNode[]);
      }
    }
    return s;
  };
  const walk = (nodes: XNode[]) => {
    for (const n of nodes) {
      for (const key of Object.keys(n)) {
        if (key === ':@') continue;
        const v = n[key];
        if (key === 'text:p' || key === 'text:h') paragraphs.push(inline(v as XNode[]));
        else if (Array.isArray(v)) walk(v as XNode[]);
      }
    }
  };
  walk(tree);
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
  return paragraphs.join('\n\n');
}
