/**
 * How many codings of each human coder a codings file holds that no inline marker makes (added
 * by hand, read from a codings file, decided in qda review: the ones a later run cannot make again
 * from the sources), read fast and piece by piece (a byte scan, not a parse): a JSON or JSON Lines
 * document by its `"coder": "…"` keys (qdakit writes none for the rules' codings) and a `"marker"`
 * key in the same record, a CSV by its `coder` and `evidence` columns (`marker: …`; quoted cells
 * with commas, line breaks and doubled quotes read as CSV). For the guard that an output about to be written over
 * holds no human codings the new run does not make (cli/commands/code.ts). Undefined: not a
 * codings file this scan reads (another kind of file: the other guards speak for it).
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { AUTOMATIC_CODERS, isHumanCoder } from '../model/types.js';

/**
 * Human codings per coder, and (where the file gives them: not the byte scan of a large JSON
 * document) per coder, source and code (`detail`, by codingKey): a coding changed by hand (another
 * code) leaves the count per coder as it was, but not these.
 */
export class HumanCounts extends Map<string, number> {
  detail: Map<string, number> | undefined = new Map();
  /**
   * Per coder, source, code and place as the file writes it (spanKey: the segment, start and end
   * cells of a CSV or workbook row, the `segment`, `start` and `end` of a JSON record): a coding
   * moved by hand (its start or end changed) leaves `detail` as it was, but not these. Undefined
   * where the file gives no place (the byte scan; a table without segment, start and end columns).
   */
  spans: Map<string, number> | undefined = new Map();
}

/** The key of a human coding's place in HumanCounts.spans (the file's own cells, not read as numbers: the same file kind is compared). */
export const spanKey = (coder: string, source: string, code: string, segment: string, start: string, end: string): string => `${coder}\u0000${source}\u0000${code}\u0000${segment}\u0000${start}\u0000${end}`;

/** The key of a human coding in HumanCounts.detail. */
export const codingKey = (coder: string, source: string, code: string): string => `${coder}\u0000${source}\u0000${code}`;

/** `named`: the name whose extension says the format (default `path`). */
export async function humanCodingCounts(path: string, named = path, opts: { /** JSON up to this size is parsed (default PARSE_MAX_BYTES; tests) */ parseMaxBytes?: number } = {}): Promise<HumanCounts | undefined> {
  if (/\.(json|jsonl|ndjson)$/i.test(named)) {
    // (a document of up to PARSE_MAX_BYTES is parsed, as the codings reader reads it: a coding
    // added by hand without "coder" and without rule is coder "human", which the byte scan, by
    // the "coder" keys, does not see)
    if ((await stat(path)).size <= (opts.parseMaxBytes ?? PARSE_MAX_BYTES)) {
      const parsed = await parsedJsonCounts(path);
      if (parsed) return parsed;
    }
    return jsonCounts(path);
  }
  if (/\.csv$/i.test(named)) return csvCounts(path);
  if (/\.xlsx$/i.test(named)) return xlsxCounts(path);
  return undefined;
}

/** JSON documents up to this size are parsed for the count (larger ones: the byte scan). */
const PARSE_MAX_BYTES = 64 * 1024 * 1024;

/** A coding record as the codings reader takes it: its coder ("human" for one with neither coder nor rule), or undefined for a marker's coding or no coding. */
function recordCoder(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return undefined;
  const o = r as Record<string, unknown>;
  if (typeof o.code !== 'string') return undefined;
  const ev = o.evidence && typeof o.evidence === 'object' ? (o.evidence as Record<string, unknown>) : undefined;
  if (o.marker !== undefined || ev?.marker !== undefined) return undefined;
  if (typeof o.coder === 'string' && o.coder.trim()) return o.coder.trim();
  if (o.coder === undefined && (o.rule !== undefined || ev?.ruleId !== undefined || ev?.rule !== undefined)) return 'rules';
  return o.coder === undefined || o.coder === '' ? 'human' : undefined;
}

/** The codings of a parsed JSON document (`codings` arrays at any depth: the document's, each source's) or JSON Lines record. */
function countParsed(v: unknown, m: Map<string, number>, depth = 0): void {
  if (!v || typeof v !== 'object' || depth > 4) return;
  if (Array.isArray(v)) return;
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  // (a JSON Lines coding record: it names its source)
  if (depth === 0 && typeof o.code === 'string' && (o.source !== undefined || o.sourceId !== undefined)) {
    const c = recordCoder(o);
    if (c) add(m, c, str(o.source) ?? str(o.sourceId), o.code, jsonPlace(o));
    return;
  }
  for (const [k, x] of Object.entries(o)) {
    if ((k === 'codings' || k === 'otherCodings') && Array.isArray(x)) {
      for (const r of x) {
        const c = recordCoder(r);
        const rec = r as Record<string, unknown>;
        // (a source's codings: its id; a document's or other codings: their own)
        if (c) add(m, c, str(rec.source) ?? str(rec.sourceId) ?? (depth > 0 ? str(o.id) : undefined), rec.code as string, jsonPlace(rec));
      }
    } else if (k === 'sources' && Array.isArray(x)) for (const s of x) countParsed(s, m, depth + 1);
  }
}

/** A JSON coding record's place: its segment, start and end as written (absent: ''). */
function jsonPlace(r: Record<string, unknown>): [string, string, string] {
  const cell = (x: unknown) => (x === undefined || x === null ? '' : typeof x === 'string' ? x : JSON.stringify(x));
  return [cell(r.segment ?? r.segmentId), cell(r.start), cell(r.end)];
}

/** Undefined when the file is neither one JSON value nor JSON Lines. */
async function parsedJsonCounts(path: string): Promise<HumanCounts | undefined> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const m = new HumanCounts();
  try {
    countParsed(JSON.parse(text), m);
    return m;
  } catch {
    // JSON Lines: a value on each line
  }
  try {
    m.clear();
    m.detail = new Map();
    m.spans = new Map();
    for (const line of text.split('\n')) if (line.trim()) countParsed(JSON.parse(line), m);
    return m;
  } catch {
    return undefined;
  }
}

/**
 * An XLSX workbook (the codings sheet of `qda code -o FILE.xlsx`, edited in Excel): the rows of
 * every sheet with a coder or code column, read as the codings CSV (an empty coder with a code is
 * "human", a marker's evidence is not counted). Undefined when no sheet has such a column; throws
 * when the file is no workbook exceljs reads.
 */
async function xlsxCounts(path: string): Promise<HumanCounts | undefined> {
  const { default: ExcelJS } = await import('exceljs');
  // (a cell's words as shown: a hyperlink whose text has formatting gave exceljs's rich-text object,
  // and the guard's message named the coding "[object Object] on source "[object Object]"")
  const { plainText } = await import('./read-table.js');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  const m = new HumanCounts();
  let any = false;
  for (const ws of wb.worksheets) {
    const names: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c, j) => void (names[j] = plainText(c).trim().toLowerCase()));
    const col = names.indexOf('coder');
    const cd = names.indexOf('code');
    const ev = names.indexOf('evidence');
    const so = names.indexOf('source');
    const [sg, st, en] = ['segment', 'start', 'end'].map((n) => names.indexOf(n));
    if (col < 0 && cd < 0) continue;
    any = true;
    // (a sheet without start and end columns gives no place)
    if (st < 0 || en < 0) m.spans = undefined;
    ws.eachRow({ includeEmpty: false }, (r, i) => {
      if (i === 1) return;
      const cell = (j: number) => (j < 0 ? '' : plainText(r.getCell(j)).trim());
      const who = cell(col) || (cell(cd) ? 'human' : '');
      if (who && !cell(ev).startsWith('marker:')) add(m, who, so < 0 ? undefined : cell(so), cd < 0 ? undefined : cell(cd), [cell(sg), cell(st), cell(en)]);
    });
  }
  return any ? m : undefined;
}

const dec = new TextDecoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');
/** A cell's text: UTF-8, else Windows-1252 (a CSV saved by Excel in a Western locale), as the codings reader decodes it. */
function cellText(b: Uint8Array): string {
  try {
    return strictUtf8.decode(b);
  } catch {
    return cp1252.decode(b);
  }
}

function add(m: Map<string, number>, coder: string, source?: string, code?: string, place?: readonly [string, string, string]): void {
  if (!coder || !isHumanCoder(coder)) return;
  m.set(coder, (m.get(coder) ?? 0) + 1);
  if (m instanceof HumanCounts && m.detail) {
    if (source === undefined || code === undefined) m.detail = undefined;
    else {
      const k = codingKey(coder, source, code);
      m.detail.set(k, (m.detail.get(k) ?? 0) + 1);
    }
  }
  if (m instanceof HumanCounts && m.spans) {
    if (source === undefined || code === undefined || !place) m.spans = undefined;
    else {
      const k = spanKey(coder, source, code, ...place);
      m.spans.set(k, (m.spans.get(k) ?? 0) + 1);
    }
  }
}

async function jsonCounts(path: string): Promise<HumanCounts> {
  const m = new HumanCounts();
  // (the byte scan reads the coders only)
  m.detail = undefined;
  m.spans = undefined;
  const key = Buffer.from('"coder"');
  const space = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const b = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let from = 0;
    // (cut: where a key starts whose value goes on in the next piece)
    let cut = -1;
    for (let i = b.indexOf(key, from); i >= 0; i = b.indexOf(key, from)) {
      // "coder" : "name" (white space around the colon, as an editor writes it)
      let j = i + key.length;
      while (j < b.length && space(b[j])) j++;
      if (j < b.length && b[j] === 58) {
        j++;
        while (j < b.length && space(b[j])) j++;
      }
      if (j >= b.length) {
        cut = i;
        break;
      }
      if (b[j - 1] === 58 || space(b[j - 1])) {
        if (b[j] === 34) {
          let e = j + 1;
          while (e < b.length && b[e] !== 34) e += b[e] === 92 ? 2 : 1;
          if (e >= b.length) {
            cut = i;
            break;
          }
          // (the rest of the record, to its closing brace: a "marker" key in it makes it a marker's coding)
          const rest = recordRest(b, e + 1);
          if (rest === undefined) {
            cut = i;
            break;
          }
          if (!rest.marker) add(m, JSON.parse(dec.decode(b.subarray(j, e + 1))) as string);
          from = e + 1;
          continue;
        }
      }
      from = j;
    }
    carry = Buffer.from(b.subarray(cut >= 0 ? cut : Math.max(from, b.length - key.length)));
  }
  return m;
}

/** From p (inside a JSON object, after a value) to the object's closing brace: whether a "marker" key is in it; undefined when the piece ends first. */
function recordRest(b: Buffer, p: number): { marker: boolean } | undefined {
  let depth = 0;
  let marker = false;
  for (let i = p; i < b.length; i++) {
    const c = b[i];
    if (c === 34) {
      let e = i + 1;
      while (e < b.length && b[e] !== 34) e += b[e] === 92 ? 2 : 1;
      if (e >= b.length) return undefined;
      // (a key: the string is followed by a colon)
      if (e - i === 7 && b.toString('latin1', i + 1, e) === 'marker') {
        let k = e + 1;
        while (k < b.length && (b[k] === 32 || b[k] === 9 || b[k] === 10 || b[k] === 13)) k++;
        if (b[k] === 58) marker = true;
      }
      i = e;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (depth === 0) return { marker };
      depth--;
    }
  }
  return undefined;
}

/**
 * A CSV's bytes in pieces, as UTF-8: a table in UTF-16 (with its byte order mark: Excel's "Unicode
 * text", tab-separated, which the codings reader reads) is decoded whole first; its bytes read as
 * UTF-8 held no coder column, and the guard took it for no codings table and let it be written over.
 */
async function* utf8Pieces(path: string): AsyncIterable<Buffer> {
  const fh = await open(path, 'r');
  let bom: Buffer;
  try {
    bom = Buffer.alloc(2);
    await fh.read(bom, 0, 2, 0);
  } finally {
    await fh.close();
  }
  if ((bom[0] === 0xff && bom[1] === 0xfe) || (bom[0] === 0xfe && bom[1] === 0xff)) {
    const all = await readFile(path);
    const bytes = all.subarray(0, all.length & ~1);
    if (bom[0] === 0xfe) bytes.swap16();
    yield Buffer.from(new TextDecoder('utf-16le').decode(bytes), 'utf8');
    return;
  }
  yield* createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
}

async function csvCounts(path: string): Promise<HumanCounts | undefined> {
  const m = new HumanCounts();
  let cols: Cols | undefined;
  let carry = Buffer.alloc(0);
  for await (const chunk of utf8Pieces(path)) {
    const b = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let p = 0;
    for (;;) {
      // one row from p: its cells up to the coder column read byte by byte (short ones), the rest
      // skipped with indexOf (the long quoted texts); undefined when the row goes on in the next piece
      if (!cols) {
        const h = headerRow(b, p);
        if (!h) break;
        cols = h.cols;
        // (a table with neither coder nor code column is no codings table)
        if (cols.coder < 0 && cols.code < 0) return undefined;
        // (a table without start and end columns gives no place)
        if (cols.start < 0 || cols.end < 0) m.spans = undefined;
        p = h.next;
        continue;
      }
      const end = row(b, p, cols, m);
      if (end === undefined) break;
      p = end.next;
    }
    carry = Buffer.from(b.subarray(p));
  }
  // (a last row without a line end)
  if (carry.length && cols) row(Buffer.concat([carry, Buffer.from('\n')]), 0, cols, m);
  return cols ? m : undefined;
}

/**
 * The columns the scan reads (-1: not in the table) and the cell separator. As the codings CSV
 * reader reads them: a row with an empty coder cell (or a table without a coder column) whose
 * code cell is not empty is a coding of coder "human" (a row added by hand in a spreadsheet).
 */
interface Cols {
  readonly coder: number;
  readonly evidence: number;
  readonly code: number;
  readonly source: number;
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  /** `,`, or `;` or a tab (a spreadsheet's CSV in a locale with the decimal comma). */
  readonly sep: number;
}

/** The columns of the header row from p, and where the next row starts. */
function headerRow(b: Buffer, p: number, declared?: string): { cols: Cols; next: number } | undefined {
  const nl = b.indexOf(10, p);
  if (nl < 0) return undefined;
  const line = dec.decode(b.subarray(p, nl)).replace(/\r$/, '').replace(/^\ufeff/, '');
  // Excel's "sep=;" first line, as the codings reader reads it: the header is the line after it
  // (the scan took "sep=;" for the header, found no coder or code column, and a table of codings
  // added by hand was written over as no codings table)
  const sepLine = declared === undefined ? /^(?:"sep=([,;\t|])"|sep=([,;\t|]))[,;\t|]*$/i.exec(line) : null;
  if (sepLine) return headerRow(b, nl + 1, sepLine[1] ?? sepLine[2]);
  const count = (c: string) => line.split(c).length - 1;
  const sep = declared ?? [',', ';', '\t'].reduce((a, c) => (count(c) > count(a) ? c : a), ',');
  const names = line.split(sep).map((c) => c.trim().replace(/^"|"$/g, '').trim().toLowerCase());
  return { cols: { coder: names.indexOf('coder'), evidence: names.indexOf('evidence'), code: names.indexOf('code'), source: names.indexOf('source'), segment: names.indexOf('segment'), start: names.indexOf('start'), end: names.indexOf('end'), sep: sep.charCodeAt(0) }, next: nl + 1 };
}

// (the automatic coders, isHumanCoder's, as bytes: most rows are theirs and are not decoded)
const AUTOMATIC = AUTOMATIC_CODERS.map((c) => Buffer.from(c));
const MARKER = Buffer.from('marker:');
/** A cell with more than white space. */
const filled = (x: Buffer | undefined): x is Buffer => !!x && x.length > 0 && dec.decode(x).trim().length > 0;

/** Read the row from p: count its coder cell (cell `col`; "human" when empty and the code cell is not) into m unless its evidence (cell `ev`) is a marker's; where the next row starts. */
function row(b: Buffer, p: number, cols: Cols, m: Map<string, number>): { next: number } | undefined {
  const { coder: col, evidence: ev, code: cd, source: so, segment: sg, start: st, end: en, sep } = cols;
  let field = 0;
  let i = p;
  // (the cells' bytes, not decoded: most rows are the rules' or a marker's, and need no text;
  // a quoted cell with a doubled quote in it is made whole)
  let coder: Buffer | undefined;
  let evidence: Buffer | undefined;
  let code: Buffer | undefined;
  let source: Buffer | undefined;
  const place: Array<Buffer | undefined> = [undefined, undefined, undefined];
  const automatic = () => !!coder && coder.length > 0 && AUTOMATIC.some((a) => coder!.equals(a));
  // (counted once the row is whole: a row cut by the end of the piece is read again from its start)
  const done = (next: number) => {
    const who = filled(coder) ? cellText(coder).trim() : filled(code) ? 'human' : undefined;
    if (who && !automatic() && !(evidence && evidence.subarray(0, MARKER.length).equals(MARKER))) add(m, who, so < 0 ? undefined : source ? cellText(source).trim() : '', cd < 0 ? undefined : code ? cellText(code).trim() : '', place.map((x) => (x ? cellText(x).trim() : '')) as [string, string, string]);
    return { next };
  };
  const last = Math.max(col, ev, cd, so, sg, st, en);
  // the cells up to the coder's and the evidence's
  while (field <= last) {
    const keep = field === col || field === ev || field === cd || field === so || field === sg || field === st || field === en;
    let value: Buffer | undefined;
    if (b[i] === 34) {
      let e = i + 1;
      const parts: Buffer[] = [];
      for (;;) {
        const q = b.indexOf(34, e);
        if (q < 0) return undefined;
        if (keep) parts.push(b.subarray(e, q));
        if (b[q + 1] === 34) {
          if (keep) parts.push(b.subarray(q, q + 1));
          e = q + 2;
          continue;
        }
        if (q + 1 >= b.length) return undefined;
        i = q + 1;
        break;
      }
      if (keep) value = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    } else {
      let e = i;
      while (e < b.length && b[e] !== sep && b[e] !== 10 && b[e] !== 13) e++;
      if (e >= b.length) return undefined;
      if (keep) value = b.subarray(i, e);
      i = e;
    }
    if (field === col) coder = value;
    if (field === ev) evidence = value;
    if (field === cd) code = value;
    if (field === so) source = value;
    if (field === sg) place[0] = value;
    if (field === st) place[1] = value;
    if (field === en) place[2] = value;
    // (i at the comma or line end after the cell)
    if (b[i] === 13) i++;
    if (b[i] === 10) return done(i + 1);
    if (i >= b.length) return undefined;
    if (b[i] !== sep) {
      // (text after a closing quote: not CSV as qdakit writes it; skip to the line end)
      const nl = b.indexOf(10, i);
      return nl < 0 ? undefined : done(nl + 1);
    }
    i++;
    field++;
    // (an automatic coding, most rows, or a row without coder and code: its evidence is not needed)
    if (field > col && (automatic() || (!filled(coder) && field > cd && !filled(code)))) break;
  }
  // the rest of the row: to its line end, over quoted cells (which may hold line ends)
  for (;;) {
    const nl = b.indexOf(10, i);
    if (nl < 0) return undefined;
    const q = b.indexOf(34, i);
    if (q < 0 || nl < q) return done(nl + 1);
    let e = q + 1;
    for (;;) {
      const c = b.indexOf(34, e);
      if (c < 0) return undefined;
      if (b[c + 1] === 34) {
        e = c + 2;
        continue;
      }
      if (c + 1 >= b.length) return undefined;
      i = c + 1;
      break;
    }
  }
}
