/**
 * The PNG charts are drawn with the bundled DejaVu Sans only (the same on every machine): a
 * letter it has no glyph for (a group, code or questionnaire item in Chinese, Japanese, Korean)
 * came out as an empty box without a word. Now such letters are said, with the texts they are in.
 */
import { describe, it, expect } from 'vitest';
import { lettersNotInFont, svgToPng } from '../../src/export/svg-to-png.js';
import type { Diagnostic } from '../../src/model/types.js';

const svg = (texts: string[]) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">${texts.map((t, i) => `<text x="10" y="${20 + 20 * i}">${t}</text>`).join('')}</svg>`;

describe('letters the PNG chart font cannot draw', () => {
  it('Latin with diacritics, Greek, Cyrillic, Arabic, dashes, quotes, maths and entities are in the font; CJK is not', () => {
    expect(lettersNotInFont(svg(['Coördinatie – ≥ 50% € ‘x’ “y” … ĳ', 'Ελλάδα Привет عربى', 'kort &amp; &lt;b&gt; &#233;']))).toEqual({ letters: [], texts: [] });
    expect(lettersNotInFont(svg(['groep 协调', 'ok', '<tspan>中</tspan>&#x6587;']))).toEqual({ letters: ['协', '调', '中', '文'], texts: ['groep 协调', '中文'] });
  });

  it('svgToPng says so (file, letters, texts) and still writes the PNG; nothing said for a chart it can draw', async () => {
    const said: Diagnostic[] = [];
    const png = await svgToPng(svg(['邻里教练: 7 interviews', 'wijkcoach']), { report: (d) => said.push(d), file: 'out/saturation.png' });
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', ruleId: 'png-letters-not-drawn', file: 'out/saturation.png' });
    expect(said[0].message).toBe('the PNG chart\'s font (DejaVu Sans) has no letter for 邻 里 教 练: they are drawn as empty boxes in "邻里教练: 7 interviews"');
    const quiet: Diagnostic[] = [];
    await svgToPng(svg(['Coördinatie – wijkcoaches']), { report: (d) => quiet.push(d) });
    expect(quiet).toEqual([]);
  });
});
