import { escapeXml } from './escape.js';

/**
 * Shared bits of the SVG charts: deterministic number printing, escaping,
 * text-width estimates, dash patterns and marker shapes that stay distinct in
 * black-and-white print. Fonts: "DejaVu Sans" (bundled for PNG rendering).
 */

export const CHART_FONT = 'DejaVu Sans, sans-serif';

/** Round to 2 decimals and print without trailing zeros (byte-stable). */
export function n2(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export function esc(s: string): string {
  return escapeXml(s);
}

/** Rough width of a text in px for DejaVu Sans (average glyph ≈ 0.6 em). */
export function textWidth(s: string, fontSize: number): number {
  return [...s].length * fontSize * 0.6;
}

export function truncate(s: string, max: number): string {
  const cps = [...s];
  return cps.length <= max ? s : cps.slice(0, max - 1).join('') + '…';
}

/**
 * Labels shortened to at most `max` characters each, so that labels that differ stay different:
 * where two shortened labels would read alike ("Collaboration between organisations…" for
 * "… first" and "… second"), they keep their start and their end around the ellipsis, and when
 * even that reads alike, a number. Charts put the whole label in a <title> (hover, screen readers).
 */
export function distinctLabels(labels: readonly string[], max: number): string[] {
  const out = labels.map((l) => truncate(l, max));
  const clash = () => {
    const seen = new Map<string, number>();
    labels.forEach((l, i) => {
      if (out[i] !== l) seen.set(out[i], (seen.get(out[i]) ?? 0) + 1);
    });
    const shown = new Map<string, Set<string>>();
    labels.forEach((l, i) => (shown.get(out[i]) ?? shown.set(out[i], new Set()).get(out[i])!).add(l));
    return labels.map((l, i) => out[i] !== l && (shown.get(out[i])?.size ?? 0) > 1);
  };
  let bad = clash();
  for (let tail = Math.max(4, Math.floor(max / 3)); bad.some(Boolean) && tail <= max - 4; tail += 3) {
    labels.forEach((l, i) => {
      if (!bad[i]) return;
      const cps = [...l];
      out[i] = cps.slice(0, max - 1 - tail).join('') + '…' + cps.slice(-tail).join('');
    });
    bad = clash();
  }
  if (bad.some(Boolean)) {
    let k = 0;
    labels.forEach((l, i) => {
      if (!bad[i]) return;
      const suffix = ` (${++k})`;
      out[i] = truncate(l, max - suffix.length) + suffix;
    });
  }
  return out;
}

/**
 * A chart's title that fits `maxWidth` px: wrapped at spaces onto as many lines as it needs (a
 * word longer than a whole line is broken inside), never run off the chart's edge, where an SVG
 * viewer and the PNG cut it ("Groep noord-oost … : cumulatief aantal co"). `extra`: the px the
 * lines after the first take, to move what is drawn below them down. One line: the text as before.
 */
export function wrappedTitle(title: string, x: number, y: number, maxWidth: number, fontSize = 15): { svg: string; extra: number } {
  const open = `<text x="${n2(x)}" y="${n2(y)}" font-size="${fontSize}" font-weight="bold">`;
  // (bold DejaVu Sans: about 0.62 em a character)
  const perLine = Math.max(12, Math.floor(maxWidth / (fontSize * 0.62)));
  if ([...title].length <= perLine) return { svg: `${open}${esc(title)}</text>\n`, extra: 0 };
  const lines = labelLines(title, perLine, Infinity);
  const lineH = Math.round(fontSize * 1.25);
  const spans = lines.map((l, i) => `<tspan x="${n2(x)}"${i ? ` dy="${lineH}"` : ''}>${esc(l)}</tspan>`).join('');
  return { svg: `${open}${spans}</text>\n`, extra: (lines.length - 1) * lineH };
}

/**
 * A label on up to `maxLines` lines of at most `perLine` characters, wrapped at spaces (a word
 * longer than a line broken inside); what does not fit ends the last line with "…" (the whole
 * label then belongs in a <title>).
 */
export function labelLines(label: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    let w = [...word];
    while (w.length > perLine) {
      if (cur) lines.push(cur);
      cur = '';
      lines.push(w.slice(0, perLine).join(''));
      w = w.slice(perLine);
    }
    if (!w.length) continue;
    const piece = w.join('');
    if (cur && [...cur].length + 1 + w.length > perLine) {
      lines.push(cur);
      cur = piece;
    } else cur = cur ? `${cur} ${piece}` : piece;
  }
  if (cur) lines.push(cur);
  if (lines.length <= maxLines) return lines.length ? lines : [''];
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(lines.slice(maxLines - 1).join(' '), perLine);
  return kept;
}

/** A text element's content: the shown label, and the whole label as its <title> when shortened. */
export function labelContent(shown: string, full: string): string {
  return shown === full ? esc(shown) : `<title>${esc(full)}</title>${esc(shown)}`;
}

/** Dash patterns for lines (first solid). */
export const DASHES = ['', '7 4', '2 3', '9 3 2 3', '4 4', '12 4', '1 2', '6 2 2 2 2 2'];

/** Marker shapes drawn around (x, y). */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'circle-open', 'square-open', 'triangle-open'] as const;

export function marker(kind: string, x: number, y: number, size = 3.5, colour = '#000'): string {
  const s = size;
  const open = kind.endsWith('-open');
  const fill = open ? '#fff' : colour;
  const base = kind.replace('-open', '');
  const common = `fill="${fill}" stroke="${colour}" stroke-width="1.2"`;
  switch (base) {
    case 'square':
      return `<rect x="${n2(x - s)}" y="${n2(y - s)}" width="${n2(2 * s)}" height="${n2(2 * s)}" ${common}/>`;
    case 'triangle':
      return `<path d="M${n2(x)},${n2(y - s * 1.2)}L${n2(x + s * 1.1)},${n2(y + s * 0.8)}L${n2(x - s * 1.1)},${n2(y + s * 0.8)}Z" ${common}/>`;
    case 'diamond':
      return `<path d="M${n2(x)},${n2(y - s * 1.3)}L${n2(x + s * 1.1)},${n2(y)}L${n2(x)},${n2(y + s * 1.3)}L${n2(x - s * 1.1)},${n2(y)}Z" ${common}/>`;
    case 'cross':
      return `<path d="M${n2(x - s)},${n2(y - s)}L${n2(x + s)},${n2(y + s)}M${n2(x - s)},${n2(y + s)}L${n2(x + s)},${n2(y - s)}" fill="none" stroke="${colour}" stroke-width="1.5"/>`;
    default:
      return `<circle cx="${n2(x)}" cy="${n2(y)}" r="${n2(s)}" ${common}/>`;
  }
}

/** The SVG root with accessible title/desc (ids unique per chart via `id`). */
export function svgOpen(width: number, height: number, id: string, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${CHART_FONT}" font-size="12">\n` +
    `<title id="${id}-title">${esc(title)}</title>\n<desc id="${id}-desc">${esc(desc)}</desc>\n` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>\n`
  );
}

/** Integer ticks for a count axis (no fractional ticks). */
export function integerTicks(ticks: number[]): number[] {
  return ticks.filter((t) => Number.isInteger(t));
}

/** A safe id fragment. */
export function slugId(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}
