import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { resolveLang } from '../../src/cli/lang.js';
import { nameCodeReferences } from '../../src/codebook/localise.js';
import { attributeLabel } from '../../src/analysis/prepare.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** study/qda.yaml (language: nl) with study/data/codings.csv; other/ has no project file. */
function layout(): { dir: string; codings: string } {
  const dir = mkdtempSync(join(tmpdir(), 'qda-lang-'));
  mkdirSync(join(dir, 'study', 'data'), { recursive: true });
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(dir, 'study', 'qda.yaml'), 'language: nl\n');
  const rows = ['source,code,coder,team', 'a,trust,anna,north', 'b,trust,anna,north', 'c,trust,anna,south', 'c,meeting,anna,south', 'd,meeting,anna,south', 'e,trust,anna,south'];
  writeFileSync(join(dir, 'study', 'data', 'codings.csv'), rows.join('\n') + '\n');
  return { dir, codings: join(dir, 'study', 'data', 'codings.csv') };
}

describe('one language per run: --lang, else QDA_LANG, else the nearest qda.yaml, else English', () => {
  let dir: string;
  let codings: string;
  beforeAll(() => ({ dir, codings } = layout()));

  it('resolves in that order, from any folder', async () => {
    const other = join(dir, 'other');
    expect(await resolveLang(memoryIo(other), {}, [codings])).toBe('nl'); // qda.yaml two folders above the input
    expect(await resolveLang(memoryIo(other, { QDA_LANG: 'en_GB.UTF-8' }), {}, [codings])).toBe('en');
    expect(await resolveLang(memoryIo(other, { QDA_LANG: 'en' }), { lang: 'nl' }, [codings])).toBe('nl');
    expect(await resolveLang(memoryIo(other), { lang: 'en' }, [codings])).toBe('en');
    expect(await resolveLang(memoryIo(other), {}, [])).toBe('en'); // nothing above other/
    expect(await resolveLang(memoryIo(join(dir, 'study', 'data')), {}, [])).toBe('nl'); // the current folder's project
    expect(await resolveLang(memoryIo(other, { QDA_LANG: 'nl_NL' }), {}, [])).toBe('nl');
    await expect(resolveLang(memoryIo(other), { lang: 'de' })).rejects.toThrow(/unknown language "de"/);
  });

  it('every table command follows it: Dutch headings, "groep"-style attribute words and decimal commas in CLI tables', async () => {
    const io = memoryIo(join(dir, 'other'));
    expect(await main(['compare', codings, '--by', 'team'], io)).toBe(0);
    const md = io.out();
    expect(md).toMatch(/^### Vergelijking naar team/m);
    expect(md).toContain('| Naam |');
    expect(md).toMatch(/\| 66,7 \|/); // 2 of 3 respondents in south
    expect(md).not.toMatch(/\| \d+\.\d+ \|/);
    const en = memoryIo(join(dir, 'other'), { QDA_LANG: 'en' });
    expect(await main(['compare', codings, '--by', 'team'], en)).toBe(0);
    expect(en.out()).toMatch(/^### Comparison by team/m);
    expect(en.out()).toMatch(/\| 66\.7 \|/);
    // csv keeps numbers as numbers whatever the language
    const csv = memoryIo(join(dir, 'other'));
    expect(await main(['compare', codings, '--by', 'team', '--format', 'csv'], csv)).toBe(0);
    expect(csv.out()).toMatch(/,66\.\d+,/);
    for (const args of [['matrix', codings, '--cols', 'team'], ['saturation', codings], ['agree', codings]]) {
      const x = memoryIo(join(dir, 'other'));
      const code = await main(args, x);
      if (code === 0) expect(x.out(), args.join(' ')).toMatch(/Codes|Code|Saturatie|Overeenstemming|Niet|codes|coderingen/);
      expect(x.out() + x.err(), args.join(' ')).not.toMatch(/\b(Name|Total|Measure|Columns|Coders)\b/);
    }
  });

  it('from the repository root on samples/: the samples’ qda.yaml (language: nl) applies', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['matrix', 'samples/codings/anna.csv', '--cols', 'source'], io)).toBe(0);
    expect(io.out()).toContain('| Naam |');
    const cb = memoryIo(join(ROOT, 'samples'));
    expect(await main(['codebook', 'list'], cb)).toBe(0);
    expect(cb.out()).toContain('naam');
  });

  it('the tour from the repository root: `qda code samples -o codings.json`, then `qda matrix codings.json` follows samples/qda.yaml (recorded in the document)', async () => {
    const { cpSync, readFileSync } = await import('node:fs');
    const work = mkdtempSync(join(tmpdir(), 'qda-lang-tour-'));
    mkdirSync(join(work, 'samples'));
    writeFileSync(join(work, 'samples', 'qda.yaml'), 'language: nl\ncodebooks: [coordination-collaboration]\n');
    cpSync(join(ROOT, 'samples', 'interviews'), join(work, 'samples', 'interviews'), { recursive: true });
    const code = memoryIo(work);
    expect(await main(['code', 'samples', '-o', 'codings.json'], code)).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'codings.json'), 'utf8')).provenance.options.language).toBe('nl');
    expect(await resolveLang(memoryIo(work), {}, ['codings.json'])).toBe('nl');
    const m = memoryIo(work);
    expect(await main(['matrix', 'codings.json', '--cols', 'source'], m)).toBe(0);
    expect(m.out()).toContain('| Naam |');
    // QDA_LANG and --lang still come first; a qda.yaml beside the document too
    expect(await resolveLang(memoryIo(work, { QDA_LANG: 'en' }), {}, ['codings.json'])).toBe('en');
    writeFileSync(join(work, 'qda.yaml'), 'language: en\n');
    expect(await resolveLang(memoryIo(work), {}, ['codings.json'])).toBe('en');
    // a document made without a project language: English
    const bare = mkdtempSync(join(tmpdir(), 'qda-lang-bare-'));
    writeFileSync(join(bare, 'other.json'), JSON.stringify({ provenance: { tool: 'qdakit', command: 'qda code', options: { unit: 'turn' } } }));
    expect(await resolveLang(memoryIo(bare), {}, ['other.json'])).toBe('en');
    cpSync(join(work, 'codings.json'), join(bare, 'nl.json'));
    expect(await resolveLang(memoryIo(bare), {}, ['nl.json'])).toBe('nl');
  });

  it('--lang help says where the default comes from', async () => {
    const io = memoryIo(ROOT);
    await main(['matrix', '--help'], io);
    expect(io.out().replace(/\s+/g, ' ')).toMatch(/--lang <lang> output language: nl\|en \(default: \$QDA_LANG, else language: of the nearest qda\.yaml, else the one a codings document was made in, else en\)/);
  });

  it('names cross-references to other codes, and common attributes, in the output language', () => {
    const codes = [
      { id: 'new bonds', name: { nl: 'Nieuwe banden', en: 'New bonds' } },
      { id: 'informing', name: { nl: 'Informeren', en: 'Informing' } },
    ];
    expect(nameCodeReferences('Een relatie die pas ontstaat (zie new bonds).', codes, 'nl')).toBe('Een relatie die pas ontstaat (zie Nieuwe banden).');
    expect(nameCodeReferences('Alleen gegevens (zie informeren en new bonds).', codes, 'nl')).toBe('Alleen gegevens (zie Informeren en Nieuwe banden).');
    expect(nameCodeReferences('Just data (see informeren).', codes, 'en')).toBe('Just data (see Informing).');
    expect(nameCodeReferences('Iets anders (zie hoofdstuk 3).', codes, 'nl')).toBe('Iets anders (zie hoofdstuk 3).');
    expect(attributeLabel('group', 'nl')).toBe('groep');
    expect(attributeLabel('Groep', 'en')).toBe('Group');
    expect(attributeLabel('wijk', 'en')).toBe('neighbourhood');
    expect(attributeLabel('postcode', 'nl')).toBe('postcode');
  });
});
