import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readCodings } from '../../src/ingest/read-codings.js';

/**
 * Structural checks of the eight built-in codebooks in `codebooks/`, read with a real YAML
 * parser and, independently, with the package's own codebook parser and validator.
 */

const DIR = fileURLToPath(new URL('../../codebooks/', import.meta.url));

type L = { nl?: string[]; en?: string[] };
interface RawRule {
  keywords?: L;
  phrases?: L;
  regex?: string;
  near?: string | { a: unknown; b: unknown; distance?: number };
  exclude?: L;
  weight?: number;
  min?: number;
  lang?: string;
}
interface RawCode {
  id: string;
  parent?: string;
  name: { nl?: string; en?: string };
  definition?: { nl?: string; en?: string };
  include?: L;
  exclude?: L;
  indicators?: L;
  examples?: L;
  level?: number;
  evidences?: { codebook: string; level: number }[];
  rules?: RawRule[];
}
interface RawBook {
  id: string;
  name: { nl?: string; en?: string };
  reference?: string;
  description?: { nl?: string; en?: string };
  ladder?: boolean;
  codes: RawCode[];
}

const EXPECTED = [
  'coordination-collaboration',
  'empowerment',
  'frames',
  'hovik-hanssen',
  'kaats-opheij',
  'metcalfe',
  'randvoorwaarden',
  'theories-in-use',
];

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const books = new Map<string, RawBook>(files.map((f) => [f.replace(/\.yaml$/, ''), parse(readFileSync(join(DIR, f), 'utf8')) as RawBook]));

const childrenOf = (b: RawBook, parent: string | undefined) => b.codes.filter((c) => c.parent === parent);
const leaves = (b: RawBook) => b.codes.filter((c) => !b.codes.some((d) => d.parent === c.id));

describe('built-in codebooks: files', () => {
  it('exactly the eight SPEC §3 codebooks, each file named after its id', () => {
    expect([...books.keys()]).toEqual(EXPECTED);
    for (const [file, b] of books) expect(b.id).toBe(file);
  });
  it('codebooks/README.md describes every codebook', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const id of EXPECTED) expect(readme).toContain('`' + id + '`');
  });
});

describe.each(EXPECTED)('built-in codebook %s', (id) => {
  const b = () => books.get(id)!;

  it('has bilingual name, description and a reference', () => {
    expect(b().name.nl && b().name.en).toBeTruthy();
    expect(b().description?.nl && b().description?.en).toBeTruthy();
    expect(b().reference?.length ?? 0).toBeGreaterThan(10);
  });

  it('ids are unique and every parent exists; no cycles', () => {
    const ids = b().codes.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(b().codes.map((c) => [c.id, c]));
    for (const c of b().codes) {
      if (c.parent !== undefined) expect(byId.has(c.parent), `${c.id} → ${c.parent}`).toBe(true);
      const seen = new Set<string>();
      for (let p: RawCode | undefined = c; p; p = p.parent ? byId.get(p.parent) : undefined) {
        expect(seen.has(p.id), `cycle at ${c.id}`).toBe(false);
        seen.add(p.id);
      }
    }
  });

  it('every code has nl+en names and definitions; every leaf has criteria, indicators, examples and rules', () => {
    for (const c of b().codes) {
      expect(c.name.nl, c.id).toBeTruthy();
      expect(c.name.en, c.id).toBeTruthy();
      expect(c.definition?.nl, c.id).toBeTruthy();
      expect(c.definition?.en, c.id).toBeTruthy();
      for (const f of ['include', 'exclude', 'indicators', 'examples'] as const) {
        expect(c[f]?.nl?.length ?? 0, `${c.id}.${f}.nl`).toBeGreaterThan(0);
        expect(c[f]?.en?.length ?? 0, `${c.id}.${f}.en`).toBeGreaterThan(0);
      }
      expect(c.examples!.nl!.length, `${c.id} examples`).toBeLessThanOrEqual(2);
      expect(c.examples!.en!.length, `${c.id} examples`).toBeLessThanOrEqual(2);
    }
    for (const c of leaves(b())) expect(c.rules?.length ?? 0, `${c.id} has no rules`).toBeGreaterThan(0);
  });

  it('every rule has Dutch and English terms (or is a regex/near); terms are lower case; regexes compile', () => {
    for (const c of b().codes) {
      for (const r of c.rules ?? []) {
        if (r.regex !== undefined) {
          expect(() => new RegExp(r.regex!, 'iu')).not.toThrow();
          continue;
        }
        if (r.near !== undefined) {
          expect(typeof r.near === 'string' ? r.near : 'NEAR/1').toMatch(/^\S.* NEAR\/\d+ \S/);
          continue;
        }
        const t = r.keywords ?? r.phrases;
        expect(t?.nl?.length ?? 0, `${c.id}: nl terms`).toBeGreaterThan(0);
        expect(t?.en?.length ?? 0, `${c.id}: en terms`).toBeGreaterThan(0);
        for (const term of [...(t?.nl ?? []), ...(t?.en ?? [])]) {
          expect(term, `${c.id}: "${term}"`).toBe(term.toLowerCase());
          expect(term.trim(), `${c.id}: "${term}"`).toBe(term);
          // only a trailing wildcard per word
          for (const w of term.split(' ')) expect(w.slice(0, -1).includes('*'), `${c.id}: "${term}"`).toBe(false);
        }
        if (r.weight !== undefined) expect(r.weight).toBeGreaterThan(0), expect(r.weight).toBeLessThanOrEqual(1);
        if (r.min !== undefined) expect(Number.isInteger(r.min) && r.min >= 1).toBe(true);
      }
    }
  });

  it('ladders carry levels exactly 1..n in order; other codebooks carry none', () => {
    const levels = b().codes.map((c) => c.level);
    if (b().ladder) expect(levels).toEqual(b().codes.map((_, i) => i + 1));
    else expect(levels.every((l) => l === undefined)).toBe(true);
  });

  it('evidences point at existing ladder levels', () => {
    for (const c of b().codes) {
      for (const e of c.evidences ?? []) {
        const ladder = books.get(e.codebook);
        expect(ladder?.ladder, `${c.id} → ${e.codebook}`).toBe(true);
        expect(ladder!.codes.some((d) => d.level === e.level), `${c.id} → level ${e.level}`).toBe(true);
      }
    }
  });
});

describe('framework shapes (SPEC §3)', () => {
  it('hovik-hanssen: four steps in the framework order', () => {
    const b = books.get('hovik-hanssen')!;
    expect(b.ladder).toBe(true);
    expect(b.codes.map((c) => c.name.en)).toEqual(['Mediation', 'First-order coordination', 'Second-order coordination', 'Coordination']);
  });

  it('metcalfe: nine levels from independence to government strategy', () => {
    const b = books.get('metcalfe')!;
    expect(b.codes).toHaveLength(9);
    expect(b.codes[0].name.en).toMatch(/independent/i);
    expect(b.codes[8].name.en).toMatch(/government strategy/i);
  });

  it('coordination-collaboration: categories, dimensions and the exact leaf labels of SPEC §3', () => {
    const b = books.get('coordination-collaboration')!;
    const tree: Record<string, Record<string, string[]>> = {
      Collaboration: { Structures: ['New bonds', 'Connections'], Informing: ['Systems', 'Exchange', 'Combining'], Assisting: ['Supporting others', 'Helping'] },
      Coordination: {
        'Working according to agreement': ['Adjusting behavior to avoid externalities'],
        Communication: ['Opinion formation', 'Common discussions', 'Deliberating', 'Coordinating views'],
        'Working together': ['Joint-measure', 'Co-management'],
      },
      'Organizational culture': { Norms: ['Expectations', 'Behavior', 'Social obligation', 'Social pressure', 'Interaction', 'Response', 'Functioning'] },
    };
    const byId = new Map(b.codes.map((c) => [c.id, c]));
    expect(childrenOf(b, undefined).map((c) => c.name.en)).toEqual(Object.keys(tree));
    for (const top of childrenOf(b, undefined)) {
      const dims = childrenOf(b, top.id);
      expect(dims.map((d) => d.name.en)).toEqual(Object.keys(tree[top.name.en!]));
      for (const d of dims) {
        const ls = childrenOf(b, d.id);
        expect(ls.map((l) => l.name.en)).toEqual(tree[top.name.en!][d.name.en!]);
        // the coder writes the label itself: id = label in lower case
        for (const l of ls) expect(l.id).toBe(l.name.en!.toLowerCase());
      }
    }
    expect(leaves(b)).toHaveLength(21);
    expect(byId.get('joint-measure')?.parent).toBe('working together');
  });

  it('coordination-collaboration: communication evidences Hovik & Hanssen level 2, working according to agreement level 3, informing level 1; working together none', () => {
    const b = books.get('coordination-collaboration')!;
    const lvl = (id: string) => b.codes.find((c) => c.id === id)?.evidences?.find((e) => e.codebook === 'hovik-hanssen')?.level;
    expect(lvl('working according to agreement')).toBe(3);
    expect(lvl('communication')).toBe(2);
    expect(lvl('informing')).toBe(1);
    for (const leaf of ['opinion formation', 'common discussions', 'deliberating', 'coordinating views']) expect(lvl(leaf)).toBe(2);
    expect(lvl('adjusting behavior to avoid externalities')).toBe(3);
    // the study coded joint-measure and co-management often and still judged that no team reached
    // level 4: a coding of these leaves is not level-4 evidence (see codebooks/README.md)
    for (const id of ['working together', 'joint-measure', 'co-management']) expect(lvl(id)).toBeUndefined();
  });

  it('ladder code ids do not collide with code ids of other built-in codebooks (ladder evidence is matched by code id)', () => {
    for (const ladder of [...books.values()].filter((b) => b.ladder)) {
      const ids = new Set(ladder.codes.map((c) => c.id));
      for (const [other, b] of books) {
        if (other === ladder.id) continue;
        expect(b.codes.map((c) => c.id).filter((id) => ids.has(id)), `${ladder.id} vs ${other}`).toEqual([]);
      }
    }
  });

  it('kaats-opheij: five factors with 4+3+4+4+4 = 19 indicators', () => {
    const b = books.get('kaats-opheij')!;
    const tops = childrenOf(b, undefined);
    expect(tops.map((c) => c.id)).toEqual(['ambitie', 'belangen', 'relatie', 'proces', 'organisatie']);
    expect(tops.map((t) => childrenOf(b, t.id).length)).toEqual([4, 3, 4, 4, 4]);
    expect(leaves(b)).toHaveLength(19);
  });

  it('randvoorwaarden: 22 conditions, 9 for the process and 13 for the solutions', () => {
    const b = books.get('randvoorwaarden')!;
    const tops = childrenOf(b, undefined);
    expect(tops).toHaveLength(2);
    expect(tops.map((t) => childrenOf(b, t.id).length)).toEqual([9, 13]);
    expect(leaves(b)).toHaveLength(22);
  });

  it('frames: the four Schön & Rein levels plus re-framing and social reflexivity', () => {
    const en = books.get('frames')!.codes.map((c) => c.name.en!.toLowerCase());
    for (const want of ['metacultural frame', 'rhetorical frame', 'institutional action frame', 'policy action frame', 're-framing', 'social reflexivity']) {
      expect(en).toContain(want);
    }
  });

  it('theories-in-use: espoused theory vs theory-in-use, single- vs double-loop learning', () => {
    const en = books.get('theories-in-use')!.codes.map((c) => c.name.en!.toLowerCase());
    for (const want of ['espoused theory', 'theory-in-use', 'single-loop learning', 'double-loop learning']) expect(en).toContain(want);
  });

  it('empowerment: structural and psychological empowerment, collaboration process, results', () => {
    const tops = childrenOf(books.get('empowerment')!, undefined).map((c) => c.name.en);
    expect(tops).toEqual(['Structural empowerment', 'Psychological empowerment', 'Collaboration-process topics', 'Perceived and anticipated results']);
  });
});

const PARSER = fileURLToPath(new URL('../../src/codebook/parse-codebook.ts', import.meta.url));

describe.skipIf(!existsSync(PARSER))('built-in codebooks through the package parser and validator (skipped: needs src/codebook/parse-codebook.ts)', () => {
  it.each(EXPECTED)('%s: no errors and no warnings', async (id) => {
    const { parseCodebookWithDiagnostics } = await import('../../src/codebook/parse-codebook.js');
    const file = join(DIR, `${id}.yaml`);
    const r = parseCodebookWithDiagnostics(readFileSync(file, 'utf8'), { file });
    expect(r.diagnostics.map((d) => `${d.severity} ${d.path ?? ''} ${d.message}`)).toEqual([]);
    expect(r.book?.codes.length).toBe(books.get(id)!.codes.length);
  });
});

const STEM = fileURLToPath(new URL('../../src/coding/stem.ts', import.meta.url));

describe.skipIf(!existsSync(STEM))('rules with `min: 2` need two different words (skipped: needs src/coding/stem.ts)', () => {
  it('no two terms of a min>=2 keyword rule collapse to the same stem or sit inside each other', async () => {
    const { makeStemmer } = await import('../../src/coding/stem.js');
    const { fold } = await import('../../src/coding/tokenize.js');
    const st = { nl: makeStemmer('nl'), en: makeStemmer('en') };
    const key = (t: string, lang: 'nl' | 'en') =>
      t.split(/\s+/).map((w) => (fold(w).endsWith('*') ? fold(w) : st[lang](fold(w)))).join(' ');
    const bad: string[] = [];
    for (const [id, b] of books) {
      for (const c of b.codes) {
        for (const [j, r] of (c.rules ?? []).entries()) {
          if ((r.min ?? 1) < 2 || !r.keywords) continue;
          for (const lang of ['nl', 'en'] as const) {
            const ks = (r.keywords[lang] ?? []).map((t) => key(t, lang));
            ks.forEach((a, i) =>
              ks.forEach((k, m) => {
                if (i === m) return;
                const words = k.split(' ');
                const prefix = a.endsWith('*') && !a.includes(' ') && words.some((w) => w.startsWith(a.slice(0, -1)));
                if ((a === k && i < m) || prefix || (!a.includes(' ') && words.length > 1 && words.includes(a))) bad.push(`${id} ${c.id}/r${j + 1} ${lang}: ${a} ~ ${k}`);
              }),
            );
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

describe.skipIf(!existsSync(MAIN))('hovik-hanssen: level 4 needs genuinely joint action (invented text; skipped: needs src/cli/main.ts)', () => {
  it('a joint budget managed by several organisations is level 4; working with, consulting or negating is not', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { main } = await import('../../src/cli/main.js');
    const { memoryIo } = await import('../../src/cli/io.js');
    const dir = mkdtempSync(join(tmpdir(), 'qda-hh-'));
    const turns = [
      'De drie organisaties hebben een gezamenlijk budget en beslissen samen waaraan het wordt besteed.',
      'Het besluit is door beide partijen gezamenlijk getekend en samen gedragen.',
      'Ik werk veel samen met de wijkcoach en we zetten samen een traject in voor de klant.',
      'We hebben elke week casusoverleg met collega’s van het wijkteam.',
      'We hebben afgesproken wie wat doet, zodat we niet langs elkaar heen werken.',
      'Er is nog geen gezamenlijk budget, de organisaties beslissen niet samen.',
    ];
    writeFileSync(join(dir, 't.txt'), turns.map((t, i) => `Interviewer: Vraag ${i}?\n\nRespondent: ${t}\n`).join('\n'));
    const io = memoryIo(dir);
    expect(await main(['code', 't.txt', '-c', 'hovik-hanssen', '-o', 'c.json'], io)).toBe(0);
    const doc = (await readCodings(join(dir, 'c.json'))) as unknown as { codings: { code: string; segmentId: string }[]; segments: { id: string; text?: string; start: number }[] };
    const top = new Map<string, string[]>();
    for (const c of doc.codings) top.set(c.segmentId, [...(top.get(c.segmentId) ?? []), c.code]);
    const respondent = doc.segments.filter((_, i) => i % 2 === 1).map((s) => top.get(s.id) ?? []);
    expect(respondent.map((codes) => codes.includes('actual coordination'))).toEqual([true, true, false, false, false, false]);
    expect(respondent[3]).toContain('first-order coordination');
    expect(respondent[4]).toContain('second-order coordination');
  });
});

describe('built-in codebooks used together', () => {
  it('no two built-in codebooks define the same code id (codings name codes by id)', () => {
    const owners = new Map<string, string[]>();
    for (const [id, b] of books) for (const c of b.codes) owners.set(c.id, [...(owners.get(c.id) ?? []), id]);
    const shared = [...owners].filter(([, v]) => v.length > 1).map(([k, v]) => `${k}: ${v.join(', ')}`);
    expect(shared).toEqual([]);
  });
});
