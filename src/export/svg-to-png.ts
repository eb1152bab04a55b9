import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../model/types.js';

/**
 * Render an SVG string to PNG bytes without a browser (@resvg/resvg-js), with
 * the bundled DejaVu Sans and no system fonts, so the output is the same on
 * every machine (resvg silently drops text when it finds no font). The font
 * path is resolved relative to this module, which works from src/ and dist/.
 * A letter the font does not have (Chinese, Japanese, Korean, many scripts of India) is
 * drawn as an empty box: such letters are said (`report`), with the texts they are in.
 */
export interface SvgToPngOptions {
  /** Zoom factor (default 2: print-quality for a ~720 px wide chart). */
  readonly scale?: number;
  /** Where a warning about letters the font cannot draw goes, naming `file`. */
  readonly report?: (d: Diagnostic) => void;
  readonly file?: string;
}

export function chartFontPath(): string {
  return fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url));
}

export async function svgToPng(svg: string, opts: SvgToPngOptions = {}): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: '#ffffff',
    font: { fontFiles: [chartFontPath()], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  const png = new Uint8Array(resvg.render().asPng());
  if (opts.report) {
    const missing = lettersNotInFont(svg);
    if (missing.letters.length) {
      opts.report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'png-letters-not-drawn',
        message: `the PNG chart's font (DejaVu Sans) has no letter for ${missing.letters.slice(0, 12).join(' ')}${missing.letters.length > 12 ? ' …' : ''}: ${missing.letters.length === 1 ? 'it is' : 'they are'} drawn as empty boxes in ${missing.texts.slice(0, 4).map((t) => `"${t}"`).join(', ')}${missing.texts.length > 4 ? `, and ${missing.texts.length - 4} more text(s)` : ''}`,
        ...(opts.file ? { file: opts.file } : {}),
        hint: 'use the SVG chart beside it (a browser or word processor draws it with your fonts), or name the group, code or item in letters the font has',
      });
    }
  }
  return png;
}

/** The text of an SVG's `<text>` elements (markup taken out, entities read). */
function svgTexts(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    const t = m[1]
      .replace(/<[^>]*>/g, '')
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
    if (t.trim()) out.push(t);
  }
  return out;
}

/** The letters of an SVG's texts that the chart font has no glyph for (each once), and the texts that hold them. */
export function lettersNotInFont(svg: string): { letters: string[]; texts: string[] } {
  const has = fontCoverage();
  const letters = new Set<string>();
  const texts: string[] = [];
  for (const t of svgTexts(svg)) {
    let hit = false;
    for (const ch of t) {
      const cp = ch.codePointAt(0)!;
      // (white space, controls and the invisible format characters draw nothing: no glyph needed)
      if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || /\p{Cf}/u.test(ch) || has(cp)) continue;
      letters.add(ch);
      hit = true;
    }
    if (hit) texts.push(t);
  }
  return { letters: [...letters], texts };
}

let coverage: ((cp: number) => boolean) | undefined;

/**
 * Which code points the chart font maps to a glyph: its `cmap` table (format 12 where the font
 * has one, else format 4), read once. (A table of a few hundred lines of the font's own data; no
 * font library is loaded for it.)
 */
function fontCoverage(): (cp: number) => boolean {
  if (coverage) return coverage;
  const b = readFileSync(chartFontPath());
  const u16 = (o: number) => b.readUInt16BE(o);
  const u32 = (o: number) => b.readUInt32BE(o);
  let cmap = -1;
  for (let i = 0, n = u16(4); i < n; i++) if (b.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'cmap') cmap = u32(12 + 16 * i + 8);
  if (cmap < 0) throw new Error(`the chart font ${chartFontPath()} has no cmap table`);
  let f4 = -1;
  let f12 = -1;
  for (let i = 0, n = u16(cmap + 2); i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const at = cmap + u32(rec + 4);
    const platform = u16(rec);
    const format = u16(at);
    if (format === 12 && (platform === 3 || platform === 0)) f12 = at;
    if (format === 4 && (platform === 3 || platform === 0) && f4 < 0) f4 = at;
  }
  const ranges: Array<[number, number]> = [];
  if (f12 >= 0) {
    for (let g = 0, n = u32(f12 + 12); g < n; g++) ranges.push([u32(f12 + 16 + 12 * g), u32(f12 + 20 + 12 * g)]);
  } else if (f4 >= 0) {
    const seg = u16(f4 + 6) / 2;
    const ends = f4 + 14;
    const starts = ends + 2 * seg + 2;
    const deltas = starts + 2 * seg;
    const rangeOffsets = deltas + 2 * seg;
    for (let i = 0; i < seg; i++) {
      const start = u16(starts + 2 * i);
      const end = u16(ends + 2 * i);
      const delta = u16(deltas + 2 * i);
      const ro = u16(rangeOffsets + 2 * i);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let gid: number;
        if (ro === 0) gid = (c + delta) & 0xffff;
        else {
          const g = u16(rangeOffsets + 2 * i + ro + 2 * (c - start));
          gid = g === 0 ? 0 : (g + delta) & 0xffff;
        }
        if (gid !== 0) ranges.push([c, c]);
      }
    }
  } else throw new Error(`the chart font ${chartFontPath()} has no Unicode cmap`);
  ranges.sort((a, b) => a[0] - b[0]);
  coverage = (cp) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < ranges[mid][0]) hi = mid - 1;
      else if (cp > ranges[mid][1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
  return coverage;
}
