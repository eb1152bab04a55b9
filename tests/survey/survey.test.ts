import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeSurvey, expandItemRef } from '../../src/analysis/survey.js';
import { surveySentences, surveyTables } from '../../src/analysis/survey-tables.js';
import { parseSurveySpec, readSurveyTable } from '../../src/ingest/read-survey.js';
import { renderSurveyCharts } from '../../src/export/chart-survey.js';
import { svgToPng } from '../../src/export/svg-to-png.js';
import { mulberry32 } from '../../src/analysis/prng.js';
import { QdaInputError } from '../../src/model/errors.js';

const RSCRIPT = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));
const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Our own questionnaire: two groups (coaches n = 6, partners n = 9); dimension "steun" = Q1, Q2 and
 * Q3 (reversed) on 0–4; dimension "vergelijking" = Q4, Q5 on −2…+2 (bipolar); Q6 in no dimension.
 * Missing: empty cells and the code 9 ("weet niet").
 */
function makeData(): string {
  const rng = mulberry32(42);
  const pick = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const lines = ['respondent,groep,Q1,Q2,Q3,Q4,Q5,Q6,opmerking'];
  for (let i = 1; i <= 15; i++) {
    const g = i <= 6 ? 'coaches' : 'partners';
    const hi = g === 'coaches';
    const q = [pick(hi ? 2 : 0, 4), pick(hi ? 2 : 0, 4), pick(0, hi ? 2 : 4), pick(hi ? 0 : -2, 2), pick(-1, 2), pick(0, 4)];
    lines.push([`R${String(i).padStart(2, '0')}`, g, ...q.map(String), 'x'].join(','));
  }
  // missing values: an empty cell, a "weet niet" code, a respondent with only one of three steun items
  const rows = lines.map((l) => l.split(','));
  rows[2][3] = '';
  rows[8][4] = '9';
  rows[11][2] = '';
  rows[11][3] = '9';
  rows[13][6] = '9';
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

const SPEC = `group: groep
id: respondent
groups: {coaches: {nl: coaches, en: coaches}, partners: {nl: partners, en: partners}}
scale: 0..4
scales: {bipolair: -2..2}
missing: [9]
reversed: [Q3]
items:
  Q1: Steun van uitvoerenden
  Q2: {label: {nl: Steun van management, en: Support from management}}
  Q3: Ik sta er alleen voor
  Q4: {label: Beter dan elders, scale: bipolair}
  Q5: {label: Sneller dan elders, scale: bipolair}
  Q6: Los item
dimensions:
  steun: {label: {nl: Steun, en: Support}, items: [Q1, Q2, Q3], code: steun}
  vergelijking: {label: Vergelijking, items: [Q4, Q5]}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-'));
  writeFileSync(join(dir, 'data.csv'), makeData());
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
});

async function run(...argv: string[]) {
  const io = memoryIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function load(csv = makeData(), spec = SPEC, opts: Partial<Parameters<typeof computeSurvey>[2]> = {}) {
  const f = join(dir, `d-${Math.abs(hash(csv))}.csv`);
  writeFileSync(f, csv);
  const table = await readSurveyTable([f], { cwd: dir });
  return computeSurvey(table, await parseSurveySpec(spec, 'spec.yaml'), { lang: 'en', ...opts });
}
function hash(s: string) {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/** The dimension scores computed here, independently of the library: reverse Q3, mean of answered items, ≥ half answered. */
function scoresByHand(csv: string) {
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
  const val = (s: string) => (s === '' || s === '9' ? null : Number(s));
  const out: Record<string, { steun: number[]; verg: number[] }> = { coaches: { steun: [], verg: [] }, partners: { steun: [], verg: [] } };
  for (const r of rows) {
    const q = r.slice(2, 8).map(val);
    const steun = [q[0], q[1], q[2] === null ? null : 4 - q[2]].filter((v): v is number => v !== null);
    if (steun.length >= 2) out[r[1]].steun.push(steun.reduce((a, b) => a + b, 0) / steun.length);
    const verg = [q[3], q[4]].filter((v): v is number => v !== null);
    if (verg.length >= 1) out[r[1]].verg.push(verg.reduce((a, b) => a + b, 0) / verg.length);
  }
  return out;
}
const meanOf = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sdOf = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + (v - meanOf(x)) ** 2, 0) / (x.length - 1));

describe('computeSurvey on generated data', () => {
  it('dimension scores: reversed item reversed, missing values left out, ≥ half the items answered', async () => {
    const res = await load();
    const hand = scoresByHand(makeData());
    const steun = res.dimensions.find((d) => d.id === 'steun')!;
    for (const g of ['coaches', 'partners'] as const) {
      expect(steun.stats[g].n).toBe(hand[g].steun.length);
      expect(steun.stats[g].mean!).toBeCloseTo(meanOf(hand[g].steun), 12);
      expect(steun.stats[g].sd!).toBeCloseTo(sdOf(hand[g].steun), 12);
    }
    // respondent R11 answered one of three steun items: no score (6 + 9 − 1 = 14 scores)
    expect(steun.stats.coaches.n + steun.stats.partners.n).toBe(14);
    const verg = res.dimensions.find((d) => d.id === 'vergelijking')!;
    expect(verg.scale).toEqual({ min: -2, max: 2, midpoint: 0, name: 'bipolair' });
    expect(verg.stats.partners.mean!).toBeCloseTo(meanOf(hand.partners.verg), 12);
    // Q6 is in no dimension; the comment column is not an item (warned)
    expect(res.looseItems.map((r) => r.key)).toEqual(['Los item']);
    expect(res.diagnostics.map((d) => d.message).join('\n')).toMatch(/not items of the spec \(not used\): opmerking/);
  });

  it('items are described as answered (not reversed), with the share at or above the midpoint', async () => {
    const res = await load();
    const q3 = res.dimensions[0].rows.find((r) => r.key === 'Ik sta er alleen voor')!;
    expect(q3.reversed).toBe(true);
    expect(q3.label).toBe('Ik sta er alleen voor (reversed)');
    const raw = makeData().trim().split('\n').slice(1).map((l) => l.split(',')).filter((r) => r[1] === 'coaches').map((r) => r[4]).filter((v) => v !== '' && v !== '9').map(Number);
    expect(q3.stats.coaches.mean!).toBeCloseTo(meanOf(raw), 12);
    expect(q3.stats.coaches.atOrAbove!).toBeCloseTo(raw.filter((v) => v >= 2).length / raw.length, 12);
  });

  it('two groups of at least 5: Welch interval, Mann–Whitney and a seeded permutation test', async () => {
    const res = await load(undefined, undefined, { permutations: 2000, seed: 3 });
    const c = res.comparisons.find((x) => x.subject === 'dimension' && x.dimension === 'steun')!;
    expect(c.a).toBe('coaches');
    expect(c.untested).toBeUndefined();
    expect(c.welch!.lo).not.toBeNull();
    expect(c.mannWhitney!.method).toBe('normal'); // the scores have ties
    expect(c.permutation!.permutations).toBe(2000);
    const again = await load(undefined, undefined, { permutations: 2000, seed: 3 });
    expect(again.comparisons.find((x) => x.dimension === 'steun' && x.subject === 'dimension')!.permutation!.p).toBe(c.permutation!.p);
  });

  it('fewer than 5 in a group: means with their n, no test, and the sentence says "(n = 4)"', async () => {
    const lines = makeData().trim().split('\n');
    const small = [lines[0], ...lines.slice(1, 5), ...lines.slice(7)].join('\n') + '\n';
    const res = await load(small);
    const c = res.comparisons.find((x) => x.subject === 'dimension' && x.dimension === 'vergelijking')!;
    expect(c.untested).toBe('small');
    expect(c.mannWhitney).toBeUndefined();
    const s = surveySentences(res, 'en').find((x) => x.dimension === 'vergelijking')!.text;
    expect(s).toMatch(/coaches \(n = 4\) /);
    expect(s).toMatch(/not tested \(a group has fewer than 5 respondents\)/);
    const nl = surveySentences(res, 'nl').find((x) => x.dimension === 'vergelijking')!.text;
    expect(nl).toMatch(/coaches \(n = 4\) .*niet getoetst/);
    // unless asked
    const tested = await load(small, SPEC, { testSmall: true });
    expect(tested.comparisons.find((x) => x.subject === 'dimension' && x.dimension === 'vergelijking')!.mannWhitney).toBeDefined();
  });

  it("Cronbach's α per dimension on complete cases, reversed item reversed", async () => {
    const res = await load();
    const rows = makeData().trim().split('\n').slice(1).map((l) => l.split(','));
    const complete = rows.map((r) => [r[2], r[3], r[4]]).filter((q) => q.every((v) => v !== '' && v !== '9')).map((q) => [Number(q[0]), Number(q[1]), 4 - Number(q[2])]);
    const v = (x: number[]) => sdOf(x) ** 2;
    const alpha = (3 / 2) * (1 - [0, 1, 2].reduce((s, i) => s + v(complete.map((r) => r[i])), 0) / v(complete.map((r) => r[0] + r[1] + r[2])));
    const a = res.dimensions[0].alpha[0];
    expect(a.n).toBe(complete.length);
    expect(a.alpha!).toBeCloseTo(alpha, 12);
  });

  it('a group column with one value: the comparison is skipped with a message', async () => {
    const one = makeData().replace(/partners/g, 'coaches');
    const res = await load(one);
    expect(res.compared).toBe(false);
    expect(res.comparisons).toHaveLength(0);
    expect(res.diagnostics.find((d) => d.ruleId === 'one-group')!.message).toMatch(/"groep" has one value \(coaches\): the comparison between groups is skipped/);
    expect(surveyTables(res, 'en').map((t) => t.title)).not.toContain('Differences between groups per dimension');
  });

  it('spec items missing from the data: one warning listing them', async () => {
    const res = await load(undefined, SPEC.replace('items: [Q1, Q2, Q3], code', 'items: [Q1, Q2, Q3, Q7, Q8], code'));
    expect(res.diagnostics.find((d) => d.ruleId === 'items-not-in-data')!.message).toMatch(/no column for: Q7, Q8$/);
  });

  it('item references: ranges and whole questions', () => {
    expect(expandItemRef('11A-11D')).toEqual(['11A', '11B', '11C', '11D']);
    expect(expandItemRef('9A–9C')).toEqual(['9A', '9B', '9C']);
    expect(expandItemRef('Q08-Q10')).toEqual(['Q08', 'Q09', 'Q10']);
    expect(expandItemRef('4H')).toEqual(['4H']);
  });
});

describe('bad values', () => {
  const bad = () => makeData().replace(/^R05,coaches,(\d)/m, 'R05,coaches,5').replace(/^(R09,partners,\d,)\d/m, '$1x');

  it('outside the scale or not numeric: exit 2 naming file, line, row, respondent and column; nothing written', async () => {
    writeFileSync(join(dir, 'bad.csv'), bad());
    const before = readFileSync(join(dir, 'bad.csv'));
    const r = await run('survey', 'bad.csv', '--spec', 'spec.yaml', '-o', 'out.md');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.csv:6: error: row 5 \(respondent R05\), column "Q1": 5 is outside the scale 0–4/);
    expect(r.err).toMatch(/bad\.csv:10: error: row 9 \(respondent R09\), column "Q2": "x" is not a number/);
    expect(r.err).toMatch(/--lenient/);
    expect(existsSync(join(dir, 'out.md'))).toBe(false);
    expect(readFileSync(join(dir, 'bad.csv')).equals(before)).toBe(true);
  });

  it('--lenient: counted as missing, one warning per column', async () => {
    writeFileSync(join(dir, 'bad.csv'), bad());
    const r = await run('survey', 'bad.csv', '--spec', 'spec.yaml', '--lenient', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/column "Q1": 1 value outside the scale 0–4 counted as missing \(--lenient\): bad\.csv:6/);
    expect(r.err).toMatch(/column "Q2": 1 value not numeric counted as missing/);
    const tables = JSON.parse(r.out);
    const items = tables.find((t: { title: string }) => t.title === 'Items per group');
    const q1 = items.rows.find((x: Record<string, unknown>) => x.item === 'Steun van uitvoerenden');
    expect(q1['coaches:n']).toBe(5);
  });

  it('XLSX: the message names the cell', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('antwoorden');
    for (const line of bad().trim().split('\n')) ws.addRow(line.split(',').map((v, i) => (i >= 2 && i <= 7 && /^-?\d+$/.test(v) ? Number(v) : v)));
    await wb.xlsx.writeFile(join(dir, 'bad.xlsx'));
    const r = await run('survey', 'bad.xlsx', '--spec', 'spec.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.xlsx:6: error: row 5 \(respondent R05\), column "Q1" \(cell C6\): 5 is outside the scale 0–4/);
    // the good workbook gives the numbers of the CSV
    const good = new ExcelJS.Workbook();
    const gs = good.addWorksheet('antwoorden');
    for (const line of makeData().trim().split('\n')) gs.addRow(line.split(',').map((v, i) => (i >= 2 && i <= 7 && /^-?\d+$/.test(v) ? Number(v) : v)));
    await good.xlsx.writeFile(join(dir, 'good.xlsx'));
    const a = await run('survey', 'good.xlsx', '--spec', 'spec.yaml', '--format', 'json');
    const b = await run('survey', 'data.csv', '--spec', 'spec.yaml', '--format', 'json');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
  });

  it('a spec error names the line; an unknown scale name is refused', async () => {
    writeFileSync(join(dir, 'badspec.yaml'), SPEC.replace('scale: bipolair}', 'scale: bipolar}'));
    const r = await run('survey', 'data.csv', '--spec', 'badspec.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/badspec\.yaml:12:\d+ \(\/items\/Q4\/scale\): error: unknown scale "bipolar"/);
  });

  it('a dimension mixing scales is refused', async () => {
    await expect(load(undefined, SPEC.replace('items: [Q4, Q5]', 'items: [Q1, Q4]'))).rejects.toThrow(/dimension "vergelijking" mixes scales: Q1 on 0–4, Q4 on −2…\+2/);
  });

  it('no group column: exit 2 with the columns', async () => {
    await expect(load(undefined, SPEC.replace('group: groep', 'group: team'))).rejects.toBeInstanceOf(QdaInputError);
  });
});

describe('qda survey (command)', () => {
  it('writes every table in every format, Dutch with a decimal comma in markdown', async () => {
    const md = await run('survey', 'data.csv', '--spec', 'spec.yaml', '--lang', 'nl');
    expect(md.code).toBe(0);
    expect(md.out).toContain('### Dimensiescores per groep');
    expect(md.out).toContain('### Verschillen tussen groepen per dimensie');
    expect(md.out).toContain('### Betrouwbaarheid per dimensie (Cronbachs α)');
    expect(md.out).toMatch(/\| Steun \| Q1, Q2, Q3\\\* \| 0–4 \(midden 2\) \| 6 \| \d,\d+ \|/); // (the * escaped: Markdown shows Q3*; the dimensions' scales differ: a column Schaal)
    for (const f of ['csv', 'html', 'latex', 'json']) {
      const r = await run('survey', 'data.csv', '--spec', 'spec.yaml', '--format', f);
      expect(r.code, f).toBe(0);
    }
    for (const f of ['xlsx', 'docx']) {
      const r = await run('survey', 'data.csv', '--spec', 'spec.yaml', '-o', `t.${f}`);
      expect(r.code, f).toBe(0);
      expect([...readFileSync(join(dir, `t.${f}`)).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    }
  });

  it('refuses an output that is its input', async () => {
    const before = readFileSync(join(dir, 'data.csv'));
    const r = await run('survey', 'data.csv', '--spec', 'spec.yaml', '-o', 'data.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is the input data\.csv/);
    expect(readFileSync(join(dir, 'data.csv')).equals(before)).toBe(true);
  });

  it('--charts DIR: SVG parsed as XML and PNG rendered, per dimension and an overview', async () => {
    const r = await run('survey', 'data.csv', '--spec', 'spec.yaml', '--charts', 'figs', '--format', 'json');
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'figs')).sort();
    expect(files).toEqual(expect.arrayContaining(['survey-steun.svg', 'survey-steun.png', 'survey-vergelijking.svg', 'survey-dimensions.svg', 'survey-dimensions-bipolar.svg']));
    const svg = readFileSync(join(dir, 'figs', 'survey-steun.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('coaches (n = 6)');
    expect(svg).toContain('partners (n = 9)');
    expect(svg).toMatch(/class="midpoint"[^>]*stroke-dasharray/);
    const png = readFileSync(join(dir, 'figs', 'survey-steun.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // a second run rewrites its own charts; a file of the user in the folder is never overwritten
    expect((await run('survey', 'data.csv', '--spec', 'spec.yaml', '--charts', 'figs', '--format', 'json')).code).toBe(0);
  });
});

describe('charts', () => {
  it('paired bars: one bar per group and item, widths proportional to the means; diverging bars for the bipolar scale', async () => {
    const res = await load();
    const charts = await renderSurveyCharts(res, 'en');
    const steun = charts.find((c) => c.name === 'survey-steun')!;
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(steun.svg);
    const rects = ([] as Array<Record<string, string>>).concat(parsed.svg.g.find((g: Record<string, string>) => g['@_class'] === 'bars').rect);
    expect(rects).toHaveLength(3 * 2);
    const row = res.dimensions[0].rows[0];
    const w = (i: number) => Number(rects[i]['@_width']);
    // bars from 0: width ∝ mean (coaches and partners of the first item)
    expect(w(0) / w(1)).toBeCloseTo(row.stats.coaches.mean! / row.stats.partners.mean!, 2);
    const verg = charts.find((c) => c.name === 'survey-vergelijking')!;
    expect(verg.svg).toMatch(/bars from the midpoint 0/);
    const vp = new XMLParser({ ignoreAttributes: false }).parse(verg.svg);
    const mid = Number(([] as Array<Record<string, string>>).concat(vp.svg.line).find((l) => l['@_class'] === 'midpoint')!['@_x1']);
    const vr = ([] as Array<Record<string, string>>).concat(vp.svg.g.find((g: Record<string, string>) => g['@_class'] === 'bars').rect);
    const vrow = res.dimensions[1].rows;
    let k = 0;
    for (const r of vrow) for (const g of ['coaches', 'partners']) {
      const m = r.stats[g].mean!;
      const x = Number(vr[k]['@_x']);
      const width = Number(vr[k]['@_width']);
      if (m < 0) expect(x + width).toBeCloseTo(mid, 1);
      else expect(x).toBeCloseTo(mid, 1);
      k++;
    }
    const png = await svgToPng(verg.svg);
    expect(png.length).toBeGreaterThan(2000);
  });
});

describe.skipIf(!RSCRIPT)('the same numbers from R, reading the CSV itself (read.csv, t.test, wilcox.test, α by its formula) (skipped: Rscript is not installed; apt-get install r-base-core)', () => {
  it('dimension "steun": means, SDs, medians, Welch CI, Mann–Whitney W and p, α', async () => {
    const res = await load();
    const code = `
      d <- read.csv('${join(dir, 'data.csv')}', na.strings = c('', '9'), check.names = FALSE)
      d$Q3 <- 4 - d$Q3
      it <- d[, c('Q1', 'Q2', 'Q3')]
      s <- rowMeans(it, na.rm = TRUE); s[rowSums(!is.na(it)) < 2] <- NA
      a <- s[d$groep == 'coaches' & !is.na(s)]; b <- s[d$groep == 'partners' & !is.na(s)]
      t <- t.test(a, b); w <- suppressWarnings(wilcox.test(a, b))
      cc <- it[complete.cases(it), ]; k <- 3
      al <- k / (k - 1) * (1 - sum(apply(cc, 2, var)) / var(rowSums(cc)))
      cat(sprintf('%.15g', c(mean(a), sd(a), median(a), mean(b), sd(b), median(b), t$conf.int, w$statistic, w$p.value, al)), sep = '\\n')`;
    const out = spawnSync(RSCRIPT!, ['--vanilla', '-e', code], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const v = out.stdout.trim().split('\n').map(Number);
    const d = res.dimensions.find((x) => x.id === 'steun')!;
    expect(d.stats.coaches.mean!).toBeCloseTo(v[0], 12);
    expect(d.stats.coaches.sd!).toBeCloseTo(v[1], 12);
    expect(d.stats.coaches.median!).toBeCloseTo(v[2], 12);
    expect(d.stats.partners.mean!).toBeCloseTo(v[3], 12);
    expect(d.stats.partners.sd!).toBeCloseTo(v[4], 12);
    expect(d.stats.partners.median!).toBeCloseTo(v[5], 12);
    const c = res.comparisons.find((x) => x.subject === 'dimension' && x.dimension === 'steun')!;
    expect(c.welch!.lo!).toBeCloseTo(v[6], 9);
    expect(c.welch!.hi!).toBeCloseTo(v[7], 9);
    expect(c.mannWhitney!.u).toBeCloseTo(v[8], 10);
    expect(c.mannWhitney!.p).toBeCloseTo(v[9], 10);
    expect(d.alpha[0].alpha!).toBeCloseTo(v[10], 12);
  });

  it('item Q4 (bipolar): Welch CI and Mann–Whitney p', async () => {
    const res = await load();
    const out = spawnSync(RSCRIPT!, ['--vanilla', '-e', `d <- read.csv('${join(dir, 'data.csv')}', na.strings = c('', '9')); a <- na.omit(d$Q4[d$groep == 'coaches']); b <- na.omit(d$Q4[d$groep == 'partners']); t <- t.test(a, b); w <- suppressWarnings(wilcox.test(a, b)); cat(sprintf('%.15g', c(t$conf.int, w$p.value)), sep = '\\n')`], { encoding: 'utf8' });
    const v = out.stdout.trim().split('\n').map(Number);
    const c = res.comparisons.find((x) => x.subject === 'item' && x.item === 'Beter dan elders')!;
    expect(c.welch!.lo!).toBeCloseTo(v[0], 9);
    expect(c.welch!.hi!).toBeCloseTo(v[1], 9);
    expect(c.mannWhitney!.p).toBeCloseTo(v[2], 10);
  });
});

describe('the sample questionnaire (samples/survey)', () => {
  it('runs end to end in Dutch and English', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['survey', 'samples/survey/vragenlijst.csv', '--spec', 'samples/survey/vragenlijst.yaml', '--lang', 'nl'], io)).toBe(0);
    expect(io.out()).toMatch(/Informatie delen: wijkcoaches \(n = 12\) \d,\d\d, jongerenwerkers \(n = 9\) \d,\d\d, beleidsadviseurs \(n = 3\)/);
    expect(io.out()).toMatch(/niet getoetst \(een groep heeft minder dan 5 respondenten\)/);
    const en = memoryIo(ROOT);
    expect(await main(['survey', 'samples/survey/vragenlijst.csv', '--spec', 'samples/survey/vragenlijst.yaml', '--lang', 'en', '--format', 'json'], en)).toBe(0);
    const tables = JSON.parse(en.out());
    const items = tables.find((t: { title: string }) => t.title === 'Items per group');
    // mirrored items with other numbers are one row: wijkteam 4A = jongerenwerk 5A
    expect(items.rows.find((r: Record<string, string>) => r.item === 'Agreements are recorded').columns).toBe('wijkteam 4A, jongerenwerk 5A');
  });
});

describe('README', () => {
  it("the spec example of the questionnaire section parses", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const sec = readme.slice(readme.indexOf('### Questionnaires beside the interviews'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(sec)![1];
    const spec = await parseSurveySpec(yaml, 'README.md');
    expect(spec.instruments!.map((i) => i.id)).toEqual(['coaches', 'organisaties']);
    expect(spec.instruments![1].items!['10A'].scale).toEqual({ min: -2, max: 2, midpoint: 0, name: 'bipolair' });
    expect(spec.items!['4O'].reversed).toBe(true);
    expect(spec.dimensions!.map((d) => d.id)).toEqual(['toegang', 'doelen']);
  });
});
