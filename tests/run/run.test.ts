import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { compareGroups } from '../../src/analysis/compare.js';
import { interviewDoc } from '../../src/analysis/results-skeleton-said-seen.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const FILES = [
  'codings.json', 'codings.csv', 'matrix-case.csv', 'matrix-group.csv', 'matrix-group.xlsx', 'compare-group.md', 'compare-group.xlsx',
  'saturation.svg', 'saturation.png', 'saturation.csv', 'agreement.md', 'appendix-codebook.md', 'appendix-codebook.docx',
  'labelschema.md', 'labelschema.docx', 'survey.md', 'survey.xlsx', 'report.html',
];

// end-to-end on the bundled samples (slow-ish: a few seconds)
describe.skipIf(!existsSync(join(SAMPLES, 'qda.yaml')))('qda run samples (skipped: samples absent)', () => {
  it('writes every listed file and a short summary on stdout only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qda-run-'));
    const io = memoryIo(ROOT);
    expect(await main(['run', 'samples', '-o', out], io)).toBe(0);
    for (const f of FILES) expect(statSync(join(out, f)).size, f).toBeGreaterThan(0);
    const s = io.out();
    // samples/qda.yaml says language: nl, so the summary is Dutch (numbers with a decimal comma)
    expect(s).toMatch(/19 bronnen, \d+ segmenten, \d+ coderingen \(anna \d+, human \d+, rules \d+\)/);
    expect(s).toMatch(/codeboeken: coordination-collaboration, kaats-opheij, hovik-hanssen; groepen naar groep \(interviews\)/);
    expect(s).toMatch(/saturatie: /);
    expect(s).toMatch(/overeenstemming: anna vs bram: \d+ eenheden, gepoold α = 0,\d{3}/);
    expect(s).toMatch(/topiclijst: \d+ van de \d+ beurten van de interviewer gekoppeld/);
    // samples/qda.yaml names the questionnaire (survey:): its section in the report, its tables beside it
    expect(s).toMatch(/vragenlijst: 6 dimensies \(5 met gecodeerde passages\), groepen wijkcoaches n = 12, jongerenwerkers n = 9, beleidsadviseurs n = 3/);
    expect(s).not.toMatch(/waarschuwing/);
    expect(s).not.toMatch(/\b(sources|segments|groups by|wrote|units|interviewer turns)\b/);
    expect(io.err()).toBe(''); // not a TTY: no progress
    const doc = await readCodings(join(out, 'codings.json'));
    expect(doc.codebooks.map((b: { id: string }) => b.id)).toEqual(['coordination-collaboration', 'kaats-opheij', 'hovik-hanssen']);
    expect([...readFileSync(join(out, 'saturation.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // saturation: one panel per interview group with a band over 1000 random orders (seed 1)
    const svg = readFileSync(join(out, 'saturation.svg'), 'utf8');
    expect(svg).toContain('Jongerenwerkers: cumulatief aantal codes (band: 1000 willekeurige volgordes, seed 1)');
    expect(svg.match(/<g class="band">/g)).toHaveLength(2); // beleid (1 interview) gets no panel
    expect(s).not.toMatch(/observatie \d/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/In 1000 willekeurige volgordes van de interviews \(seed 1\)|Over 1000 random interview orders \(seed 1\)/);
    expect(html).toContain('<html lang="nl">'); // qda.yaml says language: nl
    expect(html).toContain('<h2 id="survey">Vragenlijst en interviews</h2>');
    expect(readFileSync(join(out, 'survey.md'), 'utf8')).toMatch(/### Scores uit de vragenlijst naast de gecodeerde interviews, per dimensie/);
    expect(html).toMatch(/Ladder: /); // hovik-hanssen is a ladder codebook
    // the skeleton's sentences count the human codings (anna, human) and say so; their numbers are
    // those of the comparison of the human codings (interviews only, as the report compares)
    expect(s).toMatch(/zinnen en citaten tellen: anna, human \(de menselijke codeurs; suggesties in een eigen deel van het rapport\)/);
    expect(html).toMatch(/Getelde codeurs: anna, human \(de menselijke coderingen\)\. De \d+ niet beoordeelde suggesties \(rules\)/);
    expect(html).toContain('id="suggestions"');
    const m = html.match(/(?:(\d+) van de 7 (?:jongerenwerkers \(\d+%\)|respondenten \(jongerenwerker, \d+%\))|Alle (7) (?:jongerenwerkers|respondenten \(jongerenwerker\))) noemen [^.;]*Coördinatie \(coordination-collaboration\)/); // two codebooks name a code Coördinatie: qualified
    expect(m).not.toBeNull();
    const humanCmp = compareGroups(interviewDoc(doc), { by: 'group', coders: ['anna', 'human'], lang: 'nl' });
    const coord = humanCmp.codes.find((c) => c.code === 'coordination')!;
    expect(String(coord.groups.find((g) => g.group === 'jongerenwerker')!.respondents)).toBe(m![1] ?? m![2]);
    // the comparison table itself counts every coder (and says so)
    expect(readFileSync(join(out, 'compare-group.md'), 'utf8')).toMatch(/Codeurs: anna, human, rules\./);
  }, 60_000);

  it('refuses a missing input folder with exit code 2', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['run', 'no-such-folder', '-o', join(tmpdir(), 'x')], io)).toBe(2);
    expect(io.err()).toMatch(/not found/);
  });
});
