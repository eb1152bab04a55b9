import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * "X van de Y" and the labelschema on the tables of study 001 (wijkcoaches and jongerenwerkers).
 *
 * The codings CSV is made HERE, at run time, from the study summary in ../shared (nothing of the
 * study is in the repository): every "label N" of the findings table (§6.1) becomes N respondents
 * of that group with that label under that question (the text before ":" in a clause), and the
 * verbatim labelschema rows (§7) are added as they are. X and Y are then counted independently in
 * this test, with plain loops over the rows, and compared with `qda compare --within question`.
 */
const STUDY = new URL('../../../shared/domain/study-001-wijkcoaches-jongerenwerkers.md', import.meta.url).pathname;
const HAVE = existsSync(STUDY);

// interview numbers as the appendices show them (§1): 12 WC ids, 8 JW ids
const IDS: Record<string, string[]> = {
  wijkcoach: ['1', '2', '3', '4', '5a', '5b', '6', '7', '8', '10', '15', '18'],
  jongerenwerker: ['9', '11', '12', '13', '14', '16', '17', '19'],
};

interface Row {
  group: string;
  fragment: string;
  question: string;
  code: string;
  sublabel: string;
  source: string;
  kenmerken: string;
  text: string;
  page: string;
}

/** "label N" items of one cell of the findings table, by question (the text before ":"). */
function questionsOfCell(cell: string, factor: string): Array<{ question: string; labels: Array<{ label: string; n: number }> }> {
  const out: Array<{ question: string; labels: Array<{ label: string; n: number }> }> = [];
  cell
    .split(/\.\s+(?=[A-Z])/)
    .map((c) => c.trim())
    .filter(Boolean)
    .forEach((clause, k) => {
      const colon = clause.indexOf(':');
      const question = colon > 0 ? `${factor}: ${clause.slice(0, colon).trim()}` : `${factor} ${k + 1}`;
      const rest = colon > 0 ? clause.slice(colon + 1) : clause;
      const labels: Array<{ label: string; n: number }> = [];
      for (const item of rest.split(/,\s*|;\s*|\s+\/\s+|\s+vs\s+/)) {
        const m = /(?:^|\s|\()(\d+)(?=\)|\s|$)/.exec(item.trim());
        if (!m) continue;
        const n = Number(m[1]);
        const label = item.replace(m[0], ' ').replace(/[()."]/g, '').replace(/\s+/g, ' ').trim();
        if (label && n > 0 && !labels.some((l) => l.label === label)) labels.push({ label, n });
      }
      if (labels.length) out.push({ question, labels });
    });
  return out;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function buildRows(md: string): Row[] {
  const rows: Row[] = [];
  const sec = md.slice(md.indexOf('### 6.1'), md.indexOf('## 7.'));
  for (const line of sec.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1].startsWith('**')) continue;
    const factor = cells[1].replace(/\*\*|\(.*?\)/g, '').trim();
    (['wijkcoach', 'jongerenwerker'] as const).forEach((group, gi) => {
      const ids = IDS[group];
      for (const q of questionsOfCell(cells[2 + gi], factor)) {
        let at = 0;
        const assigned = new Set<string>();
        for (const { label, n } of q.labels) {
          if (n > ids.length) continue;
          for (let t = 0; t < n; t++) {
            const source = ids[(at + t) % ids.length];
            assigned.add(source);
            rows.push({ group, fragment: factor, question: q.question, code: label, sublabel: '', source, kenmerken: '', text: `antwoord ${source} ${label}`, page: '' });
          }
          at += n;
        }
        // the first respondent without an answer to this question: "not asked"
        const notAsked = ids.find((id) => !assigned.has(id));
        if (notAsked) rows.push({ group, fragment: factor, question: q.question, code: 'Onbekend', sublabel: '', source: notAsked, kenmerken: '', text: '', page: '' });
      }
    });
  }
  // the verbatim labelschema rows (§7): Hoofdlabel | Sublabel | Sub-sub-label | Respondent | [Kenmerken] | Citaat | Pagina
  const verb = md.slice(md.indexOf('**Three verbatim-format examples**'), md.indexOf('**PDF-to-text mangling**'));
  let group = '';
  let hasKen = false;
  for (const line of verb.split('\n')) {
    if (!line.startsWith('|') || line.startsWith('|---')) continue;
    const c = line.split('|').slice(1, -1).map((x) => x.trim());
    if (c[0].startsWith('Hoofdlabel')) {
      group = c[0].includes('JW') ? 'jongerenwerker' : 'wijkcoach';
      hasKen = c.includes('Kenmerken');
      continue;
    }
    const [question, code, sub, source] = c;
    const ken = hasKen ? c[4] : '';
    const [quote, page] = hasKen ? [c[5], c[6]] : [c[4], c[5]];
    rows.push({ group, fragment: 'Labelschema', question, code, sublabel: sub, source, kenmerken: ken === '-' ? '' : ken, text: quote === '-' ? '' : quote, page: page === '-' ? '' : page });
  }
  return rows;
}

describe.skipIf(!HAVE)(HAVE ? 'study 001 labelschemas (from ../shared)' : `study 001 labelschemas (skipped: ${STUDY} is absent)`, () => {
  let dir: string;
  let rows: Row[];
  beforeAll(() => {
    rows = buildRows(readFileSync(STUDY, 'utf8'));
    dir = mkdtempSync(join(tmpdir(), 'qda-study001-'));
    const head = ['source', 'group', 'fragment', 'question', 'code', 'sublabel', 'kenmerken', 'text', 'page'];
    const lines = [head.join(','), ...rows.map((r) => head.map((h) => csvCell(r[h as keyof Row])).join(','))];
    writeFileSync(join(dir, 'labels.csv'), lines.join('\n') + '\n');
  });
  const run = async (...argv: string[]) => {
    const io = memoryIo(dir);
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err(), bytes: io.outBytes() };
  };

  it('the findings table gives enough questions to test on', () => {
    const qs = new Set(rows.map((r) => `${r.group}|${r.question}`));
    expect(qs.size).toBeGreaterThanOrEqual(30);
    expect(rows.some((r) => r.code === 'Onbekend')).toBe(true);
  });

  it('X and Y of every question, label and group equal an independent count', async () => {
    const r = await run('compare', 'labels.csv', '--by', 'group', '--within', 'question', '--not-asked', 'Onbekend', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const table = JSON.parse(r.out) as { rows: Array<Record<string, unknown>> };
    // independent count: plain loops over the rows we wrote
    const expected = new Map<string, { x: number; y: number }>();
    const answered = new Map<string, Set<string>>();
    for (const row of rows) {
      if (row.code === 'Onbekend') continue;
      const k = `${row.group}|${row.question}`;
      if (!answered.has(k)) answered.set(k, new Set());
      answered.get(k)!.add(row.source);
    }
    const withCode = new Map<string, Set<string>>();
    for (const row of rows) {
      const k = `${row.group}|${row.question}|${row.code}`;
      if (!withCode.has(k)) withCode.set(k, new Set());
      withCode.get(k)!.add(row.source);
    }
    for (const [k, set] of withCode) {
      const [group, question] = k.split('|');
      expected.set(k, { x: set.size, y: answered.get(`${group}|${question}`)?.size ?? 0 });
    }
    let checked = 0;
    for (const [k, e] of expected) {
      const [group, question, code] = k.split('|');
      const got = table.rows.find((x) => x.value === question && x.code === code)!;
      expect(got, k).toBeDefined();
      expect(got[`x:${group}`], `X ${k}`).toBe(e.x);
      if (code === 'Onbekend') expect(got[`y:${group}`]).toBeNull();
      else expect(got[`y:${group}`], `Y ${k}`).toBe(e.y);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // and the counts of the study: e.g. WC "Own role: supporting 6" → X = 6
    const own = table.rows.find((x) => x.value === 'Rollen: Own role' && x.code === 'supporting')!;
    expect(own['x:wijkcoach']).toBe(6);
    expect(own['text:wijkcoach']).toMatch(/^6 of \d+$/);
  });

  it('Dutch: "X van de Y" with Y the respondents who answered that question, not the group size', async () => {
    const r = await run('compare', 'labels.csv', '--by', 'group', '--within', 'question', '--not-asked', 'Onbekend', '--lang', 'nl');
    expect(r.code).toBe(0);
    // WC "Own role": supporting 6 + signalling 3 + overarching/regie 2 = 11 assignments over 12 ids → Y = 11, not 12
    expect(r.out).toMatch(/\| Rollen: Own role \| supporting \| supporting \|[^\n]*\| 6 \| 11 \| 54,5 \| 6 van de 11 \|/);
  });

  it('a labelschema CSV of both groups gives the appendix tables in the study’s shape (md and docx)', async () => {
    const r = await run('appendix', 'labels.csv', '--by', 'question', '--lang', 'nl');
    expect(r.code, r.err).toBe(0);
    const md = r.out;
    // one part per group, one table per fragment under it
    expect(md).toMatch(/^## jongerenwerker$/m);
    expect(md).toMatch(/^## wijkcoach$/m);
    expect(md).toMatch(/^### Rollen$/m);
    // WC tables: Kenmerken and Pagina; JW tables: without Kenmerken (as Bijlage 8)
    const wc = md.slice(md.indexOf('## wijkcoach'));
    const jw = md.slice(md.indexOf('## jongerenwerker'), md.indexOf('## wijkcoach'));
    expect(wc).toMatch(/\| Vraag \(hoofdlabel\) \| Label \| Sublabel \| Respondent \| Kenmerken \| Citaat \| Pagina \|/);
    expect(jw).toMatch(/\| Vraag \(hoofdlabel\) \| Label \| Sublabel \| Respondent \| Citaat \| Pagina \|/);
    expect(jw).not.toMatch(/Kenmerken/);
    // the verbatim rows come back cell for cell (question, label, sub-label, respondent, characteristics, anchor, page)
    const verbatim = rows.filter((x) => x.fragment === 'Labelschema');
    expect(verbatim.length).toBeGreaterThanOrEqual(4);
    for (const v of verbatim) {
      const part = v.group === 'wijkcoach' ? wc : jw;
      const anchor = v.text ? `“${v.text.replace(/^[“"]+|[”"]+$/g, '')}”` : '–';
      const cells = [v.question, v.code, v.sublabel, v.source, ...(v.group === 'wijkcoach' ? [v.kenmerken || '–'] : []), anchor, v.page || '–'];
      expect(part, v.question).toContain(`| ${cells.join(' | ')} |`);
    }
    // every question's respondents: the Y of that question plus those not asked, each under their label
    for (const g of ['wijkcoach', 'jongerenwerker']) {
      const own = rows.filter((x) => x.group === g && x.question === 'Rollen: Own role');
      if (!own.length) continue;
      const part = g === 'wijkcoach' ? wc : jw;
      const lines = part.slice(part.indexOf('| Rollen: Own role |')).split('\n');
      const end = lines.findIndex((l, i) => i > 0 && !l.startsWith('|  |'));
      expect(end).toBe(new Set(own.map((x) => `${x.code}|${x.source}`)).size);
    }
    // the verbatim WC table as the study prints it (its own column names, "-" for empty cells)
    const md7 = readFileSync(STUDY, 'utf8');
    const verbMd = md7.slice(md7.indexOf('**Three verbatim-format examples**'), md7.indexOf('**PDF-to-text mangling**'));
    const wcTable = verbMd.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|---')).map((l) => l.split('|').slice(1, -1).map((x) => x.trim()));
    const wcHeader = wcTable.findIndex((c) => c.includes('Kenmerken'));
    const wcRows = wcTable.slice(wcHeader, wcTable.findIndex((c, i) => i > wcHeader && c[0].startsWith('Hoofdlabel')));
    writeFileSync(join(dir, 'bijlage7.csv'), wcRows.map((c) => c.map(csvCell).join(',')).join('\n') + '\n');
    const b7 = await run('appendix', 'bijlage7.csv', '--by', 'question', '--lang', 'nl');
    expect(b7.code, b7.err).toBe(0);
    expect(b7.err).toMatch(/read as a labelschema/);
    for (const c of wcRows.slice(1)) {
      const [q, label, sub, resp, ken, quote, page] = c.map((x) => (x === '-' ? '' : x));
      const anchor = quote ? `“${quote.replace(/^[“"]+|[”"]+$/g, '')}”` : '–';
      expect(b7.out, q).toContain(`| ${q} | ${label} | ${sub} | ${resp} | ${ken || '–'} | ${anchor} | ${page || '–'} |`);
    }
    const d = await run('appendix', 'labels.csv', '--by', 'question', '--lang', 'nl', '-o', 'labelschema.docx');
    expect(d.code, d.err).toBe(0);
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(dir, 'labelschema.docx')) });
    expect(value).toMatch(/jongerenwerker/);
    expect(value).toMatch(/Kenmerken/);
    expect(value).toMatch(/Onbekend/);
  });
});
