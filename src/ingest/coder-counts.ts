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
import { AUTOMATIC_CODERS, isHumanCoder } from '../model/types.js';

/** `named`: the name whose extension says the format (default `path`). */
export async function humanCodingCounts(path: string, named = path): Promise<Map<string, number> | undefined> {
  if (/\.(json|jsonl|ndjson)$/i.test(named)) return jsonCounts(path);
  if (/\.csv$/i.test(named)) return csvCounts(path);
  return undefined;
}

const dec = new TextDecoder();

function add(m: Map<string, number>, coder: string): void {
  if (coder && isHumanCoder(coder)) m.set(coder, (m.get(coder) ?? 0) + 1);
}

async function jsonCounts(path: string): Promise<Map<string, number>> {
  const m = new Map<string, number>();
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

async function csvCounts(path: string): Promise<Map<string, number> | undefined> {
  const m = new Map<string, number>();
  let col = -1;
  let ev = -1;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const b = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let p = 0;
    for (;;) {
      // one row from p: its cells up to the coder column read byte by byte (short ones), the rest
      // skipped with indexOf (the long quoted texts); undefined when the row goes on in the next piece
      const end = col < 0 ? headerRow(b, p) : row(b, p, col, ev, m);
      if (end === undefined) break;
      if (col < 0) {
        const names = end.cells.map((h) => h.replace(/^\ufeff/, '').trim().toLowerCase());
        col = names.indexOf('coder');
        ev = names.indexOf('evidence');
        if (col < 0) return undefined;
      }
      p = end.next;
    }
    carry = Buffer.from(b.subarray(p));
  }
  // (a last row without a line end)
  if (carry.length && col >= 0) row(Buffer.concat([carry, Buffer.from('\n')]), 0, col, ev, m);
  return col < 0 ? undefined : m;
}

/** The cells of the header row from p, and where the next row starts. */
function headerRow(b: Buffer, p: number): { cells: string[]; next: number } | undefined {
  const nl = b.indexOf(10, p);
  if (nl < 0) return undefined;
  return { cells: dec.decode(b.subarray(p, nl)).replace(/\r$/, '').split(',').map((c) => c.replace(/^"|"$/g, '')), next: nl + 1 };
}

// (the automatic coders, isHumanCoder's, as bytes: most rows are theirs and are not decoded)
const AUTOMATIC = AUTOMATIC_CODERS.map((c) => Buffer.from(c));
const MARKER = Buffer.from('marker:');

/** Read the row from p: count its coder cell (cell `col`) into m unless its evidence (cell `ev`) is a marker's; where the next row starts. */
function row(b: Buffer, p: number, col: number, ev: number, m: Map<string, number>): { cells: string[]; next: number } | undefined {
  let field = 0;
  let i = p;
  // (the cells' bytes, not decoded: most rows are the rules' or a marker's, and need no text;
  // a quoted cell with a doubled quote in it is made whole)
  let coder: Buffer | undefined;
  let evidence: Buffer | undefined;
  // (counted once the row is whole: a row cut by the end of the piece is read again from its start)
  const done = (next: number) => {
    if (coder && coder.length && !AUTOMATIC.some((a) => coder!.equals(a)) && !(evidence && evidence.subarray(0, MARKER.length).equals(MARKER))) add(m, dec.decode(coder));
    return { cells: [], next };
  };
  const last = Math.max(col, ev);
  // the cells up to the coder's and the evidence's
  while (field <= last) {
    const keep = field === col || field === ev;
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
      while (e < b.length && b[e] !== 44 && b[e] !== 10 && b[e] !== 13) e++;
      if (e >= b.length) return undefined;
      if (keep) value = b.subarray(i, e);
      i = e;
    }
    if (field === col) coder = value;
    if (field === ev) evidence = value;
    // (i at the comma or line end after the cell)
    if (b[i] === 13) i++;
    if (b[i] === 10) return done(i + 1);
    if (i >= b.length) return undefined;
    if (b[i] !== 44) {
      // (text after a closing quote: not CSV as qdakit writes it; skip to the line end)
      const nl = b.indexOf(10, i);
      return nl < 0 ? undefined : done(nl + 1);
    }
    i++;
    field++;
    // (an automatic coding, most rows: its evidence is not needed)
    if (field > col && (coder === undefined || coder.length === 0 || AUTOMATIC.some((a) => coder!.equals(a)))) break;
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
