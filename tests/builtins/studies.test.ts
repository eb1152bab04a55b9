import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import type { Codebook, CodeDef } from '../../src/codebook/types.js';

/**
 * The built-in codebooks checked against the studies they come from (structure, not rules):
 * the frame levels' hierarchy and the codes the findings of study 002 use, the verdict
 * relations of theories-in-use, the labels and questionnaire item numbers of study 003
 * (Bijlage 6), and the number and status of each condition of study 004 (Bijlage A).
 */

const BOOKS = fileURLToPath(new URL('../../codebooks/', import.meta.url));
const DOMAIN = fileURLToPath(new URL('../../../shared/domain/', import.meta.url));
const haveDomain = existsSync(join(DOMAIN, 'study-003-wijkcoaches-empowerment.md'));
const book = (id: string): Codebook => parseCodebook(readFileSync(join(BOOKS, `${id}.yaml`), 'utf8'), { file: `${id}.yaml` });
const code = (b: Codebook, id: string): CodeDef => {
  const c = b.codes.find((x) => x.id === id);
  if (!c) throw new Error(`${b.id} has no code ${id}`);
  return c;
};
const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
/** Names, aliases and the label a code has in the study's table (meta `label-in-bijlage`). */
const labelsOf = (c: CodeDef): string[] => {
  const aliases = (c as CodeDef & { aliases?: { nl?: readonly string[]; en?: readonly string[] } | readonly string[] }).aliases;
  const al = Array.isArray(aliases) ? aliases : [...((aliases as { nl?: string[] } | undefined)?.nl ?? []), ...((aliases as { en?: string[] } | undefined)?.en ?? [])];
  const lab = c.meta?.['label-in-bijlage'];
  return [c.name.nl ?? '', c.name.en ?? '', ...al, ...(typeof lab === 'string' ? [lab] : [])].map(norm);
};
/** Rows of the markdown table that follows a heading. */
function tableAfter(md: string, heading: string): string[][] {
  const at = md.indexOf(heading);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const lines = md.slice(at).split('\n').slice(1);
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('|')) break;
    rows.push(l.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows.slice(2); // header and separator
}

describe('frames: the levels as study 002 gives them, and the codes its findings use', () => {
  const b = book('frames');
  it('metacultural → rhetorical and institutional (action) frames; institutional → policy action frame', () => {
    expect(code(b, 'rhetorical frame').parent).toBe('metacultural frame');
    expect(code(b, 'institutional action frame').parent).toBe('metacultural frame');
    expect(code(b, 'policy action frame').parent).toBe('institutional action frame');
    expect(code(b, 'metacultural frame').parent).toBe('frame-levels');
  });
  it('both policy frames (a, b) under the policy action frame, the client frame, and making frames explicit', () => {
    expect(code(b, 'policy frame a').parent).toBe('policy action frame');
    expect(code(b, 'policy frame b').parent).toBe('policy action frame');
    expect(code(b, 'policy frame a').name.nl).toMatch(/^Beleidsframe a/);
    expect(code(b, 'policy frame b').name.nl).toMatch(/^Beleidsframe b/);
    expect(code(b, 'client frame').name.nl).toBe('Frame van de cliënt');
    expect(code(b, 'frame explication').name.nl).toBe('Frames expliciet maken');
  });
});

describe('theories-in-use: the verdict relations', () => {
  const b = book('theories-in-use');
  it('enacts runs from theory-in-use to espoused theory, with the verdicts =, partly, ≠ and a wish to align', () => {
    const enacts = b.relations!.find((r) => r.id === 'enacts')!;
    expect(enacts.from).toEqual(['theory-in-use']);
    expect(enacts.to).toEqual(['espoused theory']);
    expect(enacts.verdicts!.map((v) => v.id)).toEqual(['consistent', 'partly-consistent', 'inconsistent', 'alignment-wish']);
    for (const v of enacts.verdicts!) expect(v.name.nl && v.name.en, v.id).toBeTruthy();
    expect(b.relations!.map((r) => r.id)).toEqual(['enacts', 'contradicts', 'supports', 'leads-to']);
  });
});

describe.skipIf(!haveDomain)(`empowerment and randvoorwaarden against their studies${haveDomain ? '' : ' (skipped: ../shared/domain/ is not present)'}`, () => {
  /** Study 003's ids (§3.1) → the codebook's ids. */
  const IDS: Record<string, string> = {
    SE: 'structurele-empowerment', 'SE.BEV-EXT': 'bevoegdheden-extern', 'SE.BEV-EXT.MAND': 'mandatering', 'SE.BEV-EXT.TOEG': 'toegang', 'SE.BEV-INT': 'bevoegdheden-intern',
    'SE.BEV-INT.MEDE': 'medezeggenschap', 'SE.INFO-EXT': 'informatie-extern', 'SE.INFO-INT': 'informatie-intern', 'SE.TIJD': 'tijd', 'SE.VERTR': 'extern-vertrouwen', 'SE.STEUN': 'externe-steun',
    PE: 'psychologische-empowerment', 'PE.MOT': 'motivatie', 'PE.MOT.DOEL': 'doelcongruentie-persoonlijk', 'PE.MOT.BELANG': 'belang-werk', 'PE.COMP': 'specifieke-competenties',
    'PE.EFF': 'persoonlijke-effectiviteit', 'PE.ZELF': 'zelfsturing', SP: 'samenwerkingsproces', 'SP.SIGN': 'probleemsignalering', 'SP.PVA': 'samenwerking-plan-van-aanpak',
    'SP.VERSCH': 'verschillen-van-mening', 'SP.DOEL': 'doelcongruentie-samenwerking', 'SP.SGER': 'samenwerkingsgerichtheid', 'SP.TYP': 'typering-werkprocessen', RES: 'resultaten',
    'RES.PVA': 'karakterisering-plan-van-aanpak', 'RES.SANC': 'sancties', 'RES.VERW': 'verwachtingen-resultaten', 'RES.VERGL': 'vergelijking-traditionele-aanpak',
  };
  const md003 = haveDomain ? readFileSync(join(DOMAIN, 'study-003-wijkcoaches-empowerment.md'), 'utf8') : '';
  const rows003 = haveDomain ? tableAfter(md003, '### 3.1 The same four tables as one normalised codebook') : [];
  const items = (cell: string): string[] =>
    cell
      .replace(/\([^)]*\)/g, '')
      .split(/,|\sen\s/)
      .map((x) => x.trim().replace(/[–—]/g, '-'))
      .filter((x) => x && x !== '–' && x !== '-');
  const emp = book('empowerment');

  it('every dimension and indicator of Bijlage 6 is a code, with the same parent', () => {
    expect(rows003.length).toBe(Object.keys(IDS).length);
    for (const [sid, parent] of rows003.map((r) => [r[0], r[1]])) {
      const c = code(emp, IDS[sid]);
      expect(c.parent ?? '–', sid).toBe(parent === '–' ? '–' : IDS[parent]);
    }
  });

  it("the study's labels are kept: each is the code's name, an alias, or its label in the annex", () => {
    for (const r of rows003) {
      const label = norm(r[2].replace(/\[[^\]]*\]/g, '').replace(/^\([^)]*\)\s*/, ''));
      expect(labelsOf(code(emp, IDS[r[0]])), r[0]).toContain(label);
    }
  });

  it('the item numbers per questionnaire are meta.items, cell by cell', () => {
    for (const r of rows003) {
      const c = code(emp, IDS[r[0]]);
      const want = { coaches: items(r[4]), organisaties: items(r[5]) };
      if (!want.coaches.length && !want.organisaties.length) {
        expect(c.meta?.items, r[0]).toBeUndefined();
        continue;
      }
      const got = c.meta!.items as { coaches: string[]; organisaties: string[] };
      expect(got.coaches, `${r[0]} coaches`).toEqual(want.coaches);
      expect(got.organisaties, `${r[0]} organisaties`).toEqual(want.organisaties);
    }
  });

  it('randvoorwaarden: each condition of Bijlage A has its number, its title and its status (in parentheses or not)', () => {
    const md004 = readFileSync(join(DOMAIN, 'study-004-arnhem-startfoto.md'), 'utf8');
    const rows = [...tableAfter(md004, '**A. Voor het oplossingenproces'), ...tableAfter(md004, '**B. Voor de oplossingen zelf')];
    expect(rows.length).toBe(22);
    const rv = book('randvoorwaarden');
    for (const [nr, title, , paren] of rows) {
      const c = rv.codes.find((x) => x.meta?.nummer === nr);
      expect(c, nr).toBeDefined();
      expect(c!.meta!['tussen-haakjes'], nr).toBe(paren === 'yes');
      const bare = title.replace(/^\((.*)\)$/, '$1');
      expect(labelsOf(c!), nr).toContain(norm(bare));
    }
  });
});
