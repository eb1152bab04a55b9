import { fileURLToPath } from 'node:url';

/**
 * Render an SVG string to PNG bytes without a browser (@resvg/resvg-js), with
 * the bundled DejaVu Sans and no system fonts, so the output is the same on
 * every machine (resvg silently drops text when it finds no font). The font
 * path is resolved relative to this module, which works from src/ and dist/.
 */
export interface SvgToPngOptions {
  /** Zoom factor (default 2: print-quality for a ~720 px wide chart). */
  readonly scale?: number;
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
  return new Uint8Array(resvg.render().asPng());
}
