import { describe, it, expect } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProject, readProject } from '../../src/ingest/read-project.js';
import { QdaInputError } from '../../src/model/errors.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MINI = join(ROOT, 'tests/fixtures/report/mini');

/** A copy of the mini fixture with its codebook in a sub-folder and extra settings in qda.yaml. */
function project(extra: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-proj-'));
  cpSync(join(MINI, 'interviews'), join(dir, 'interviews'), { recursive: true });
  cpSync(join(MINI, 'cases.csv'), join(dir, 'cases.csv'));
  mkdirSync(join(dir, 'books'));
  cpSync(join(MINI, 'codebook.yaml'), join(dir, 'books', 'mini.yaml'));
  cpSync(join(MINI, 'topics.yaml'), join(dir, 'gids.yaml'));
  writeFileSync(join(dir, 'qda.yaml'), `sources: [interviews]\ncases: cases.csv\ncodebooks: [books/mini.yaml, kaats-opheij]\nlanguage: nl\ninterviewers: [Interviewer]\n${extra}`);
  return dir;
}

describe('qda.yaml: groups, guide and codebook paths', () => {
  it('reads group nouns (full form and plain plural), the guide relative to the project folder', async () => {
    const warnings: string[] = [];
    const cfg = await parseProject(
      'guide: gids/topics.yaml\ngroups:\n  wijkcoach: {nl: wijkcoaches, en: neighbourhood coaches, singular: {nl: wijkcoach, en: neighbourhood coach}}\n  team: teams\n',
      'qda.yaml',
      '/p/proj',
      (d) => warnings.push(d.message),
    );
    expect(warnings).toEqual([]); // `groups` and `guide` are known keys
    expect(cfg.guide).toBe('/p/proj/gids/topics.yaml');
    expect(cfg.groups).toEqual({
      wijkcoach: { nl: 'wijkcoaches', en: 'neighbourhood coaches', singular: { nl: 'wijkcoach', en: 'neighbourhood coach' } },
      team: { nl: 'teams', en: 'teams' },
    });
  });

  it('refuses a malformed groups setting with file, line and a hint', async () => {
    for (const bad of ['groups: [a, b]\n', 'groups:\n  wijkcoach: {nl: [x]}\n', 'groups:\n  wijkcoach: {fr: coaches}\n', 'groups:\n  wijkcoach: {nl: a, singular: {de: b}}\n']) {
      const err = await parseProject(bad, 'qda.yaml', '/p').catch((e) => e);
      expect(err, bad).toBeInstanceOf(QdaInputError);
      expect(err.diagnostics[0]).toMatchObject({ file: 'qda.yaml', ruleId: 'bad-project', line: expect.any(Number) });
      expect(err.diagnostics[0].hint).toMatch(/groups: \{ wijkcoach:/);
    }
  });

  it('makes codebook files absolute against the project folder; built-in ids and unknown names stay as written', async () => {
    const dir = project('');
    const cfg = (await readProject(dir))!;
    expect(cfg.codebooks).toEqual([join(dir, 'books', 'mini.yaml'), 'kaats-opheij']);
    const other = (await parseProject('codebooks: [nope.yaml, hovik-hanssen]\n', 'qda.yaml', dir))!;
    expect(other.codebooks).toEqual(['nope.yaml', 'hovik-hanssen']);
  });

  it('qda code (from another folder, --config) and qda run read the same codebook file', async () => {
    const dir = project('');
    const io = memoryIo(ROOT); // cwd is not the project folder
    expect(await main(['code', join(dir, 'interviews'), '--config', join(dir, 'qda.yaml'), '-o', join(dir, 'codings.json')], io)).toBe(0);
    const doc = await readCodings(join(dir, 'codings.json'));
    expect(doc.codebooks.map((b: { id: string }) => b.id)).toEqual(['mini-book', 'kaats-opheij']);
    const io2 = memoryIo(ROOT);
    expect(await main(['run', dir, '-o', join(dir, 'out')], io2)).toBe(0);
    expect(io2.out()).toMatch(/(codebooks|codeboeken): mini-book, kaats-opheij/);
  }, 60_000);

  it('group nouns reach the skeleton and its headings; run and appendix --by question use `guide:`', async () => {
    const dir = project('guide: gids.yaml\ngroups:\n  coach: {nl: coaches, en: coaches, singular: {nl: coach, en: coach}}\n  worker: {nl: jongerenwerkers, en: youth workers, singular: {nl: jongerenwerker, en: youth worker}}\n');
    const io = memoryIo(ROOT);
    expect(await main(['run', dir, '-o', join(dir, 'out')], io)).toBe(0);
    expect(io.out()).toMatch(/(guide: \d+ of \d+ interviewer turns matched to|topiclijst: \d+ van de \d+ beurten van de interviewer gekoppeld aan) .*gids\.yaml/);
    const sk = readFileSync(join(dir, 'out', 'results-skeleton.md'), 'utf8');
    expect(sk).toMatch(/^## Coaches \(N = 2\)$/m);
    expect(sk).toMatch(/^## Jongerenwerkers \(N = 2\)$/m);
    expect(sk).toMatch(/Beide coaches noemen [^.]*Relatie/);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain('<h3 id="skeleton-coach">Coaches (N = 2)</h3>');
    // appendix --by question without --guide: the guide of qda.yaml beside the codings
    const io2 = memoryIo(dir);
    expect(await main(['appendix', join(dir, 'out', 'codings.json'), '--by', 'question', '-o', join(dir, 'ls.md')], io2)).toBe(0);
    // (in Dutch: qda.yaml says language: nl, and the appendix follows it)
    expect(readFileSync(join(dir, 'ls.md'), 'utf8')).toMatch(/labelschema per interviewvraag \(Mini topiclijst\)[\s\S]*\d+ van de \d+ beurten van de interviewer zijn aan een vraag gekoppeld/);
    // and without any guide: the hint names the qda.yaml setting
    const bare = project('');
    const io3 = memoryIo(bare);
    expect(await main(['appendix', join(dir, 'out', 'codings.json'), '--by', 'question'], io3)).toBe(2);
    expect(io3.err()).toMatch(/guide: topics\.yaml/);
  }, 60_000);
});
