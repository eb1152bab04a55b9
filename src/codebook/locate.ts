import { isMap, isSeq, isScalar, isPair, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import { OffsetMap } from '../model/codepoints.js';

export interface Place {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Maps a JSON pointer (`/codes/3/rules/0`) to a 1-based line and column (code points). */
export type Locator = (path: string, opts?: { key?: boolean }) => Place | undefined;

export function pointerSegments(path: string): string[] {
  if (!path || path === '/') return [];
  return path
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function placeAt(text: string, lineStarts: readonly number[], offset: number): Place {
  // bisection over line starts (UTF-16 offsets)
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  // code points through one OffsetMap per text (counting the prefix at every call was quadratic:
  // a 10 MB codebook with 75,000 errors, or a one-line JSON codebook)
  const map = offsetMapOf(text);
  const cp = map.toCp(offset);
  return { line: lo + 1, column: cp - map.toCp(lineStarts[lo]) + 1, offset: cp };
}

let lastText: string | undefined;
let lastMap: OffsetMap | undefined;
function offsetMapOf(text: string): OffsetMap {
  if (lastMap === undefined || lastText !== text) {
    lastText = text;
    lastMap = new OffsetMap(text);
  }
  return lastMap;
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** A locator over a parsed YAML (or JSON, which YAML reads too) document. */
export function yamlLocator(doc: Document, lc: LineCounter, text: string): Locator {
  return (path, opts = {}) => {
    let node: unknown = doc.contents;
    let last: { range?: [number, number, number] | null } | undefined = node as YamlNode;
    const segs = pointerSegments(path);
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) break;
        const isLast = i === segs.length - 1;
        if (isLast && opts.key && isScalar(pair.key)) {
          last = pair.key;
          break;
        }
        node = pair.value;
        last = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined) break;
        node = item;
        last = item as YamlNode;
      } else break;
    }
    const range = last?.range;
    if (!range) return undefined;
    return placeAt(text, lc.lineStarts, range[0]);
  };
}
