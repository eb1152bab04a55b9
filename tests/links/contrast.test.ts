import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeContrast } from '../../src/analysis/contrast.js';
import { linkedDoc } from './fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-contrast-'));
  writeFileSync(join(dir, 'codings.json'), JSON.stringify(linkedDoc()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Independent count from the fixture's codings: verdict per (case of the linking coding) for links from in-use to espoused. */
function expectedSummary(): Map<string, Map<string, number>> {
  const doc = linkedDoc();
  const caseOf = new Map(doc.sources.map((s) => [s.id, s.case]));
  const m = new Map<string, Map<string, number>>();
  for (const c of doc.codings) {
    if (c.code !== 'in-use') continue;
    for (const l of c.links ?? []) {
      const k = caseOf.get(c.sourceId)!;
      const row = m.get(k) ?? m.set(k, new Map()).get(k)!;
      row.set(l.verdict ?? '', (row.get(l.verdict ?? '') ?? 0) + 1);
    }
  }
  return m;
}

describe('qda contrast', () => {
  it('one row per linked pair with both quotes and places; the dangling link is a row, not dropped', () => {
    const r = computeContrast(linkedDoc(), { from: 'in-use', to: 'espoused' });
    expect(r.pairs.map((p) => [p.fromPlace, p.relation, p.verdict, p.toPlace, p.dangling])).toEqual([
      ['int-03:2', 'enacts', 'inconsistent', 'beleid-01:1', false],
      ['int-03:3', 'contradicts', '', 'beleid-01:2', false],
      ['int-03:3', 'enacts', 'inconsistent', 'beleid-01:2', false],
      ['int-03:4', 'enacts', 'align-wish', 'beleid-01:1', false],
      ['int-03:4', 'enacts', 'consistent', '', true],
    ]);
    expect(r.pairs[0].fromQuote).toBe('Eigenlijk heeft elk gezin drie contactpersonen.');
    expect(r.pairs[0].toQuote).toBe('Elk gezin krijgt één plan en één vaste contactpersoon.');
    expect(r.pairs[4].toQuote).toBe('(no coding labelled #e9)');
    // the link espoused e2 → in-use p2 runs the other way: shown left-to-right as in-use ← espoused
    const both = computeContrast(linkedDoc(), { from: 'in-use', to: 'espoused', relation: 'contradicts' });
    expect(both.pairs.map((p) => [p.fromCode, p.toCode, p.reversed])).toEqual([['in-use', 'espoused', true]]);
  });

  it('summary per case, cell by cell equal to an independent count, via the CLI as CSV', async () => {
    const r = await run(['contrast', 'codings.json', '--from', 'in-use', '--to', 'espoused', '--relation', 'enacts', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('dangling-link');
    expect(r.err).toMatch(/interviews\/int-03\.txt:4/);
    const blocks = r.out.trim().split('\n\n');
    expect(blocks.length).toBe(2);
    const summary = Papa.parse<Record<string, string>>(blocks[1], { header: true }).data;
    const exp = expectedSummary();
    const verdictCols = Object.keys(summary[0]).filter((k) => !['Case', 'Pairs', 'of which dangling'].includes(k));
    expect([...verdictCols].sort()).toEqual([...new Set([...exp.values()].flatMap((m) => [...m.keys()]))].sort());
    for (const row of summary.filter((x) => x.Case !== 'Total')) {
      // (a case of the sources without a linked pair has a row of 0)
      const e = exp.get(row.Case) ?? new Map<string, number>();
      for (const v of verdictCols) expect(Number(row[v]), `${row.Case} ${v}`).toBe(e.get(v) ?? 0);
      expect(Number(row.Pairs)).toBe([...e.values()].reduce((a, b) => a + b, 0));
    }
    const total = summary.find((x) => x.Case === 'Total')!;
    expect(Number(total['of which dangling'])).toBe(1);
    // verdicts in the order the relation lists them
    expect(verdictCols).toEqual(['consistent', 'inconsistent', 'align-wish']);
  });

  it('md, html, xlsx, docx and json outputs; --by team groups the summary', async () => {
    for (const f of ['md', 'html', 'json', 'latex']) {
      const r = await run(['contrast', 'codings.json', '--from', 'in-use', '--to', 'espoused', '--by', 'team', '--format', f]);
      expect(r.code, f).toBe(0);
      expect(r.out, f).toContain('Eigenlijk heeft elk gezin drie contactpersonen.');
    }
    for (const f of ['xlsx', 'docx']) {
      const r = await run(['contrast', 'codings.json', '--from', 'in-use', '--to', 'espoused', '-o', `c.${f}`]);
      expect(r.code, f).toBe(0);
      expect(readFileSync(join(dir, `c.${f}`)).subarray(0, 2).toString()).toBe('PK');
    }
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(dir, 'c.docx')) });
    expect(value).toContain('We bespreken signalen pas als het escaleert.');
    const j = JSON.parse((await run(['contrast', 'codings.json', '--by', 'team', '--lang', 'nl', '--format', 'json'])).out);
    expect(j[0].title).toBe('Gezegd vs. gedaan');
    expect(j[1].rows.map((x: Record<string, unknown>) => x.group)).toEqual(['noord', 'Totaal']);
  });

  it('bad input: unknown code (did you mean), no links at all; exit 2', async () => {
    const r = await run(['contrast', 'codings.json', '--from', 'in-us']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--from: no code "in-us"');
    expect(r.err).toContain('did you mean "in-use"?');
    const doc = linkedDoc();
    writeFileSync(join(dir, 'plain.json'), JSON.stringify({ ...doc, codings: doc.codings.map(({ ref: _r, links: _l, ...c }) => c) }));
    const n = await run(['contrast', 'plain.json']);
    expect(n.code).toBe(2);
    expect(n.err).toContain('no links between codings');
    expect(n.err).toContain('qda compare CODINGS --by source-kind');
  });

  it('a CSV with the link columns and the codebook for relation names gives the same pairs', async () => {
    const { codingsTable } = await import('../../src/export/codings-csv.js');
    const { renderTables } = await import('../../src/export/render-table.js');
    writeFileSync(join(dir, 'codings.csv'), (await renderTables([codingsTable(linkedDoc())], 'csv')) as string);
    const r = await run(['contrast', 'codings.csv', '--from', 'in-use', '--to', 'espoused', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // (a flat CSV carries no source texts: places are source ids)
    const fromJson = computeContrast(linkedDoc(), { from: 'in-use', to: 'espoused' }).pairs.map((p) => `${p.relation} ${p.verdict} ${p.dangling}`).sort();
    expect(j[0].rows.map((x: Record<string, unknown>) => `${String(x.relation).replace('← ', '')} ${x.verdict} ${String(x.to).startsWith('—')}`).sort()).toEqual(fromJson);
  });
});

describe('qda contrast: a cycle of links', () => {
  it('the fixture cycle e2 → p2 → e2 is shown as two rows and named in a note (allowed, said so)', () => {
    const r = computeContrast(linkedDoc());
    const rows = r.pairs.filter((p) => p.target === 'e2' || p.target === 'p2');
    expect(rows.length).toBe(2);
    expect(r.pairsTable.notes!.join(' ')).toMatch(/The links form 1 cycle\(s\) \(e\.g\. #(e2 → #p2 → #e2|p2 → #e2 → #p2)\); that is allowed: each link is one row, none is followed round\./);
  });
  it('no cycle, no note', () => {
    const doc = linkedDoc();
    const noCycle = { ...doc, codings: doc.codings.map((c) => (c.ref === 'e2' ? { ...c, links: [] } : c)) };
    expect(computeContrast(noCycle).pairsTable.notes!.join(' ')).not.toMatch(/cycle/);
  });
});

describe('qda contrast: cases and groups without a linked pair', () => {
  // a source of team "zuid" without links: its group (and case) had no row in the counts per
  // group, as if it were not in the study; now a row of 0, said in a note
  const withZuid = () => {
    const doc = linkedDoc();
    const s = doc.sources[0];
    const zuid = { ...s, id: 'int-09', path: 'interviews/int-09.txt', case: 'team-zuid', attributes: { team: 'zuid' } };
    return { ...doc, sources: [...doc.sources, zuid] };
  };
  it('--by team: a row of 0 for the team without pairs, said (en)', () => {
    const r = computeContrast(withZuid(), { by: 'team', lang: 'en' });
    const rows = r.summaryTable.rows;
    expect(rows.map((x) => x.group)).toEqual(['noord', 'zuid', 'Total']);
    expect(rows[1].total).toBe(0);
    expect(r.summaryTable.notes).toContain('1 value(s) of team of the sources have no linked pair (a row of 0): zuid.');
  });
  it('per case, with --from/--to: the note says "among those shown" (nl)', () => {
    const r = computeContrast(withZuid(), { from: 'in-use', to: 'espoused', lang: 'nl' });
    expect(r.summaryTable.rows.map((x) => x.group)).toContain('team-zuid');
    expect(r.summaryTable.notes!.join('\n')).toMatch(/casus\(sen\) van de bronnen hebben geen gekoppeld paar onder de getoonde \(een rij met 0\): .*team-zuid/);
  });
});
