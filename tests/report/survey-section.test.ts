import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'parse5';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { mulberry32 } from '../../src/analysis/prng.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MINI = join(ROOT, 'tests/fixtures/report/mini');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const POPPLER = has('pdftotext');

/**
 * Our own questionnaire beside the mini interviews (groups coach and worker, codes relatie >
 * vertrouwen and overleg): groups coach (n = 9), worker (n = 7) and manager (n = 3, a small group);
 * dimension "relatie" = R1, R2, R3 (reversed) on 0–4, explained by the code relatie (and its
 * sub-code vertrouwen); dimension "verandering" = V1, V2 on −2…+2, whose code nobody coded;
 * overleg is coded but measured by no item. Missing: empty cells and 9.
 */
function makeData(): string {
  const rng = mulberry32(7);
  const pick = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const lines = ['respondent,groep,team,R1,R2,R3,V1,V2'];
  const groups = [...Array(9).fill('coach'), ...Array(7).fill('worker'), ...Array(3).fill('manager')] as string[];
  groups.forEach((g, i) => {
    const hi = g === 'coach';
    const r = [pick(hi ? 2 : 0, 4), pick(hi ? 1 : 0, 4), pick(0, hi ? 2 : 4), pick(-2, 2), pick(-1, 2)];
    lines.push([`P${String(i + 1).padStart(2, '0')}`, g, i % 2 ? 'noord' : 'zuid', ...r.map(String)].join(','));
  });
  const rows = lines.map((l) => l.split(','));
  rows[3][4] = ''; // coach P03 without R2
  rows[12][3] = '9'; // worker P12: "weet niet" on R1
  rows[12][5] = ''; // … and no R3: 1 of 3 answered, no dimension score
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

const SPEC = `group: groep
id: respondent
attributes: [team]
scale: 0..4
scales: {bipolair: -2..2}
missing: ["9"]
items:
  R1: {en: I trust my partners, nl: Ik vertrouw mijn partners}
  R2: {en: Partners keep their word, nl: Partners houden woord}
  R3: {label: {en: I check what partners do, nl: Ik controleer wat partners doen}, reversed: true}
  V1: {label: {en: Change in trust, nl: Verandering in vertrouwen}, scale: bipolair}
  V2: {label: {en: Change in meetings, nl: Verandering in overleg}, scale: bipolair}
dimensions:
  relatie: {label: {en: Relationship, nl: Relatie}, items: [R1-R3], code: relatie}
  verandering: {label: {en: Change, nl: Verandering}, items: [V1, V2], code: verandering}
`;

// --- a small DOM walker over parse5's tree ---
type Node = { nodeName: string; tagName?: string; attrs?: Array<{ name: string; value: string }>; childNodes?: Node[]; value?: string; content?: Node };
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const all = (n: Node, pred: (x: Node) => boolean, out: Node[] = []): Node[] => {
  for (const c of n.childNodes ?? []) {
    if (pred(c)) out.push(c);
    all(c, pred, out);
  }
  return out;
};
const text = (n: Node): string => (n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(text).join('')).replace(/\s+/g, ' ');
const byTag = (n: Node, tag: string) => all(n, (x) => x.tagName === tag);
const hasClass = (n: Node, c: string) => (attr(n, 'class') ?? '').split(/\s+/).includes(c);
/** A table as rows of cell texts (header row first). */
const cells = (t: Node) => byTag(t, 'tr').map((tr) => (tr.childNodes ?? []).filter((c) => c.tagName === 'td' || c.tagName === 'th').map((c) => text(c).trim()));
const num = (s: string, lang: 'en' | 'nl') => Number((lang === 'nl' ? s.replace(/\./g, '').replace(',', '.') : s).replace('−', '-'));

/** The survey module's own tables, as `qda survey --format json` writes them. */
async function surveyJson(dir: string, lang: 'en' | 'nl', extra: string[] = []) {
  const io = memoryIo(dir);
  expect(await main(['survey', 'data.csv', '--spec', 'spec.yaml', '--format', 'json', '--lang', lang, ...extra], io)).toBe(0);
  return JSON.parse(io.out()) as Array<{ title: string; rows: Array<Record<string, string | number | null>> }>;
}

async function report(dir: string, lang: 'en' | 'nl', extra: string[] = []) {
  const io = memoryIo(dir);
  const code = await main(['report', MINI, '--survey', 'data.csv', '--survey-spec', 'spec.yaml', '-o', `report-${lang}.html`, '--lang', lang, ...extra], io);
  return { code, io, html: code === 0 ? readFileSync(join(dir, `report-${lang}.html`), 'utf8') : '' };
}

describe('qda report --survey: a section per dimension, scores beside the coded interviews', () => {
  let dir: string;
  let html: string;
  let err: string;
  let section: Node;
  let blocks: Map<string, Node>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qda-report-survey-'));
    writeFileSync(join(dir, 'data.csv'), makeData());
    writeFileSync(join(dir, 'spec.yaml'), SPEC);
    const r = await report(dir, 'en');
    expect(r.code, r.io.err()).toBe(0);
    html = r.html;
    err = r.io.err();
    const doc = parse(html) as unknown as Node;
    section = all(doc, (x) => x.tagName === 'section' && attr(x, 'aria-labelledby') === 'survey')[0];
    blocks = new Map(all(section, (x) => x.tagName === 'div' && hasClass(x, 'survey-dim')).map((b) => [text(byTag(b, 'h3')[0]).trim(), b]));
  }, 120_000);

  it('adds the section to the page and its contents, and says so on stderr', () => {
    expect(section).toBeDefined();
    expect(text(byTag(section, 'h2')[0])).toBe('Questionnaire and interviews');
    expect(html).toContain('<a href="#survey">');
    expect([...blocks.keys()]).toEqual(['Relationship', 'Change']);
    // a line of links to the dimensions, saying which have no coded passages
    const links = all(section, (x) => x.tagName === 'a' && (attr(x, 'href') ?? '').startsWith('#survey-dim-'));
    expect(links.map((a) => [attr(a, 'href'), text(a)])).toEqual([['#survey-dim-relatie', 'Relationship'], ['#survey-dim-verandering', 'Change']]);
    for (const a of links) expect(all(section, (x) => attr(x, 'id') === attr(a, 'href')!.slice(1))).toHaveLength(1);
    expect(text(all(section, (x) => x.tagName === 'p' && text(x).startsWith('Dimensions:'))[0])).toBe('Dimensions: Relationship · Change (no coded passages)');
    expect(err).toMatch(/questionnaire: 2 dimensions, coach n = 9, manager n = 3, worker n = 7/);
    expect(err).not.toMatch(/not items of the spec/); // team is an attribute:
  });

  it("shows each dimension's scores with the numbers of the survey module's own table, and one computed here", async () => {
    const json = await surveyJson(dir, 'en');
    const dims = json.find((t) => t.title === 'Dimension scores per group')!;
    for (const [label, block] of blocks) {
      const want = dims.rows.find((r) => r.dimension === label)!;
      const table = byTag(block, 'table')[0];
      const rows = cells(table);
      expect(rows[0]).toEqual(['Group', 'n', 'Mean', 'SD', 'Median', `≥ ${label === 'Change' ? 0 : 2} (%)`]);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['coach', 'manager (n = 3, small group)', 'worker']);
      for (const [i, g] of ['coach', 'manager', 'worker'].entries()) {
        const row = rows[i + 1];
        expect(row.slice(1).map((c) => num(c, 'en')), `${label} ${g}`).toEqual(['n', 'mean', 'sd', 'median', 'share'].map((k) => Number(want[`${g}:${k}`])));
      }
    }
    // independent: the coaches' relationship score, R3 reversed (4 − value), at least 2 of 3 items answered
    const data = readFileSync(join(dir, 'data.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const scores = data
      .filter((r) => r[1] === 'coach')
      .map((r) => [r[3], r[4], r[5]].map((v, k) => (v === '' || v === '9' ? null : k === 2 ? 4 - Number(v) : Number(v))).filter((v): v is number => v !== null))
      .filter((v) => v.length >= 2)
      .map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length - 1));
    const coach = cells(byTag(blocks.get('Relationship')!, 'table')[0])[1];
    expect(Number(coach[1])).toBe(scores.length);
    expect(Number(coach[2])).toBeCloseTo(mean, 2);
    expect(Number(coach[3])).toBeCloseTo(sd, 2);
  });

  it('gives the differences with their Welch interval and the test with its method; the small group untested', async () => {
    const json = await surveyJson(dir, 'en');
    const diffs = json.find((t) => t.title === 'Differences between groups per dimension')!;
    for (const [label, block] of blocks) {
      const rows = cells(byTag(block, 'table')[1]);
      expect(rows[0]).toEqual(['Groups', 'Difference', '95% CI (Welch)', 'Test']);
      const want = diffs.rows.filter((r) => r.dimension === label);
      expect(rows.length - 1).toBe(want.length);
      for (const [i, w] of want.entries()) {
        const [groups, diff, ci, test] = rows[i + 1];
        expect(groups).toBe(`${String(w.groups).replace(' − ', ` (n = ${w.nA}) − `)} (n = ${w.nB})`);
        expect(num(diff, 'en')).toBe(Number(w.diff));
        if (String(w.groups).includes('manager')) {
          expect(ci).toBe('–');
          expect(test).toMatch(/^not tested: a group has fewer than 5 respondents \(n = 3; --test-small tests it\)$/);
          expect(w.note).toMatch(/not tested/);
        } else {
          const [lo, hi] = ci.split(' to ').map((x) => num(x, 'en'));
          expect(lo).toBeCloseTo(Number(w.lo), 2);
          expect(hi).toBeCloseTo(Number(w.hi), 2);
          expect(test).toContain(`Mann–Whitney U = ${w.u},`);
          expect(test).toContain(w.method === 'exact' ? '(exact)' : '(normal approximation');
          const p = /p = ([\d.]+)/.exec(test)![1];
          expect(Math.abs(Number(p) - Number(w.p))).toBeLessThanOrEqual(0.0005 + 1e-9); // 3 decimals in the text, 4 in the table
        }
      }
    }
  });

  it("states Cronbach's α per questionnaire and the sentence with every group's n", async () => {
    const json = await surveyJson(dir, 'en');
    const alpha = json.find((t) => t.title.startsWith('Reliability'))!;
    const sentences = json.find((t) => t.title === 'Results in sentences')!;
    for (const [label, block] of blocks) {
      const a = alpha.rows.find((r) => r.dimension === label)!;
      expect(text(block)).toContain(`Cronbach's α: –: ${Number(a.alpha).toFixed(3)} (${a.k} items, ${a.n} complete cases).`);
      const sentence = sentences.rows.find((r) => r.dimension === label)!.sentence as string;
      expect(text(all(block, (x) => x.tagName === 'p' && hasClass(x, 'skeleton'))[0]).trim()).toBe(sentence);
      expect(sentence).toMatch(/manager \(n = 3\)/);
      expect(sentence).toMatch(/not tested \(a group has fewer than 5 respondents\)/);
    }
  });

  it('puts the items chart beside the coded passages: counts per group and quotes whose source:line is right', async () => {
    const block = blocks.get('Relationship')!;
    const pair = all(block, (x) => hasClass(x, 'survey-pair'))[0];
    const svg = byTag(pair, 'svg')[0];
    expect(attr(svg, 'role')).toBe('img');
    // one bar per item and group, each with its mean in a <title>
    const bars = all(svg, (x) => x.tagName === 'rect' && (x.childNodes ?? []).some((c) => c.tagName === 'title'));
    expect(bars.length).toBe(3 * 3);
    const coded = all(pair, (x) => hasClass(x, 'survey-coded'))[0];
    expect(text(byTag(coded, 'h4')[0])).toBe('In the interviews');
    // expected from the codings themselves: eva's codings (the human coder) of relatie or vertrouwen
    const cio = memoryIo(dir);
    expect(await main(['code', MINI, '-o', 'codings.json'], cio)).toBe(0);
    const doc = await readCodings(join(dir, 'codings.json'));
    const groupOf = new Map(doc.sources.map((s) => [s.id, s.attributes?.group]));
    for (const g of ['coach', 'worker']) {
      const segs = new Set(doc.codings.filter((c) => c.coder === 'eva' && ['relatie', 'vertrouwen'].includes(c.code) && groupOf.get(c.sourceId) === g).map((c) => `${c.sourceId}#${c.segment}`));
      const who = new Set([...segs].map((s) => s.split('#')[0]));
      const line = byTag(coded, 'li').map((li) => text(li)).find((l) => l.startsWith(`${g}:`));
      if (segs.size) expect(line).toBe(`${g}: ${segs.size} passage${segs.size === 1 ? '' : 's'} from ${who.size} of 2 respondents`);
    }
    const quotes = all(coded, (x) => x.tagName === 'blockquote');
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      const [body, cite] = byTag(q, 'p').map((p) => text(p).trim());
      const m = /^([\w-]+):(\d+) · (\S+) · (coach|worker)$/.exec(cite);
      expect(m, cite).not.toBeNull();
      const src = readFileSync(join(MINI, 'interviews', `${m![1]}.txt`), 'utf8').split('\n');
      const words = body.replace(/^“|”$/g, '').replace(/…$/, '').split(/\s+/).slice(0, 4).join(' ');
      expect(src[Number(m![2]) - 1], `${cite}: "${words}"`).toContain(words);
    }
  });

  it('says where a dimension has scores but no codings, and where codings have no scores', () => {
    const change = blocks.get('Change')!;
    const flag = all(change, (x) => hasClass(x, 'flag'))[0];
    expect(text(flag)).toMatch(/No passage is coded with “verandering” or a sub-code: Change has questionnaire scores but no coded interview material\./);
    // its chart is diverging (bipolar scale) and still there
    expect(byTag(change, 'svg')).toHaveLength(1);
    const h = all(section, (x) => attr(x, 'id') === 'survey-codings-only')[0];
    expect(text(h)).toBe('Coded in the interviews, without questionnaire scores');
    const list = text(all(section, (x) => x.tagName === 'ul').find((u) => text(u).includes('no questionnaire dimension'))!);
    expect(list).toMatch(/(Meetings|Overleg): \d+ passages? \([^)]*\); no questionnaire dimension\./);
    // the joint table lists the three statuses
    const joint = cells(all(section, (x) => x.tagName === 'table').find((t) => text(t).includes('Status'))!);
    const status = joint.slice(1).map((r) => r[r.length - 1]);
    expect(status).toEqual(expect.arrayContaining(['scores and coded passages', 'scores, no coded passages', 'coded passages, no questionnaire scores']));
  });

  it('tests the small group when asked (--test-small), and speaks Dutch with --lang nl', async () => {
    const nl = await report(dir, 'nl', ['--test-small']);
    expect(nl.code, nl.io.err()).toBe(0);
    const d = parse(nl.html) as unknown as Node;
    const sec = all(d, (x) => x.tagName === 'section' && attr(x, 'aria-labelledby') === 'survey')[0];
    expect(text(byTag(sec, 'h2')[0])).toBe('Vragenlijst en interviews');
    const rel = all(sec, (x) => hasClass(x, 'survey-dim')).find((b) => text(byTag(b, 'h3')[0]).trim() === 'Relatie')!;
    const diff = cells(byTag(rel, 'table')[1]);
    expect(diff[0]).toEqual(['Groepen', 'Verschil', '95%-BI (Welch)', 'Toets']);
    const manager = diff.find((r) => r[0].startsWith('coach') && r[0].includes('manager'))!;
    expect(manager[3]).toMatch(/^Mann–Whitney U = \d+(,\d)?, p = 0,\d{3} \((exact|normale benadering)/);
    expect(manager[2]).toMatch(/^−?\d,\d\d tot −?\d,\d\d$/);
    const json = await surveyJson(dir, 'nl', ['--test-small']);
    const want = json.find((t) => t.title === 'Dimensiescores per groep')!.rows.find((r) => r.dimension === 'Relatie')!;
    expect(num(cells(byTag(rel, 'table')[0])[1][2], 'nl')).toBe(Number(want['coach:mean']));
    expect(text(rel)).toContain('In de interviews');
    expect(text(sec)).toMatch(/Kleine groep: manager \(n = 3\); toch getoetst/);
  });

  it('reads survey: from qda.yaml (paths relative to it) and guards its files as inputs', async () => {
    const proj = mkdtempSync(join(tmpdir(), 'qda-survey-proj-'));
    cpSync(MINI, proj, { recursive: true });
    writeFileSync(join(proj, 'data.csv'), makeData());
    writeFileSync(join(proj, 'spec.yaml'), SPEC);
    writeFileSync(join(proj, 'qda.yaml'), readFileSync(join(MINI, 'qda.yaml'), 'utf8') + 'survey: {data: data.csv, spec: spec.yaml}\n');
    const io = memoryIo(tmpdir());
    expect(await main(['report', proj, '-o', join(proj, 'out.html')], io)).toBe(0);
    expect(readFileSync(join(proj, 'out.html'), 'utf8')).toContain('<h2 id="survey">Vragenlijst en interviews</h2>');
    // the report may not be written over the questionnaire named in qda.yaml
    const before = readFileSync(join(proj, 'data.csv'));
    const bad = memoryIo(tmpdir());
    expect(await main(['report', proj, '-o', join(proj, 'data.csv')], bad)).toBe(2);
    expect(bad.err()).toMatch(/questionnaire data of qda\.yaml/);
    expect(readFileSync(join(proj, 'data.csv'))).toEqual(before);
    // a bad survey: setting names the file and the key
    writeFileSync(join(proj, 'qda.yaml'), readFileSync(join(MINI, 'qda.yaml'), 'utf8') + 'survey: data.csv\n');
    const e = memoryIo(tmpdir());
    expect(await main(['report', proj, '-o', join(proj, 'x.html')], e)).toBe(2);
    expect(e.err()).toMatch(/qda\.yaml.*"survey" must be a map with data:/s);
    expect(existsSync(join(proj, 'x.html'))).toBe(false);
  }, 120_000);

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const io = memoryIo(dir);
    expect(await main(['report', MINI, '--survey-spec', 'spec.yaml', '-o', 'none.html'], io)).toBe(2);
    expect(io.err()).toMatch(/--survey-spec needs --survey DATA/);
    writeFileSync(join(dir, 'bad.csv'), makeData().replace('P05,coach,zuid,', 'P05,coach,zuid,7'));
    const bad = memoryIo(dir);
    expect(await main(['report', MINI, '--survey', 'bad.csv', '--survey-spec', 'spec.yaml', '-o', 'none.html'], bad)).toBe(2);
    expect(bad.err()).toMatch(/bad\.csv.*P05.*R1/s);
    expect(existsSync(join(dir, 'none.html'))).toBe(false);
    const same = memoryIo(dir);
    expect(await main(['report', MINI, '--survey', 'data.csv', '--survey-spec', 'spec.yaml', '-o', 'data.csv'], same)).toBe(2);
    expect(same.err()).toMatch(/data\.csv/);
  }, 60_000);
});

describe.skipIf(!CHROMIUM || !POPPLER)('the report with a survey section in headless Chromium (skipped: needs chromium and pdftotext)', () => {
  it('prints the section: headings, the chart and the quotes on the page, nothing beyond its edge; a screenshot renders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-survey-print-'));
    writeFileSync(join(dir, 'data.csv'), makeData());
    writeFileSync(join(dir, 'spec.yaml'), SPEC);
    return (async () => {
      const r = await report(dir, 'en');
      expect(r.code, r.io.err()).toBe(0);
      // the survey section alone (the rest hidden), so the PDF holds only what is tested here
      const only = r.html.replace('</style>', 'main>section:not([aria-labelledby=survey]),nav,header{display:none}</style>');
      writeFileSync(join(dir, 'survey.html'), only);
      const profile = mkdtempSync(join(tmpdir(), 'qda-chromium-'));
      const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`];
      const pdf = join(dir, 'survey.pdf');
      const p = spawnSync(CHROMIUM!, [...flags, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, 'file://' + join(dir, 'survey.html')], { encoding: 'utf8', timeout: 120_000 });
      expect(p.status, p.stderr).toBe(0);
      const bbox = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
      const pages = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => ({
        width: Number(m[1]),
        words: [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((w) => ({ xMax: Number(w[2]), text: w[3] })),
      }));
      expect(pages.length).toBeGreaterThan(0);
      for (const pg of pages) for (const w of pg.words) expect(w.xMax, `"${w.text}" beyond the right edge`).toBeLessThanOrEqual(pg.width + 0.5);
      const words = pages.flatMap((pg) => pg.words.map((w) => w.text)).join(' ');
      for (const s of ['Relationship', 'Change', 'In the interviews', 'Mann–Whitney', 'Cronbach', 'passages', 'small group']) expect(words, s).toContain(s);
      // the chart's own text (an inline SVG is printed as text, not an image): legend with n, axis
      expect(words).toMatch(/coach \(n = 9\)/);
      expect(words).toMatch(/midpoint/);
      // a quote with its source:line
      expect(words).toMatch(/(coach|worker)-[ab]:\d+/);
      const png = join(dir, 'survey.png');
      const s = spawnSync(CHROMIUM!, [...flags, '--window-size=1280,2000', `--screenshot=${png}`, 'file://' + join(dir, 'survey.html')], { encoding: 'utf8', timeout: 120_000 });
      expect(s.status, s.stderr).toBe(0);
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(1280); // IHDR width
      expect(bytes.length).toBeGreaterThan(50_000); // charts, tables and quotes, not a blank page
    })();
  }, 240_000);
});
