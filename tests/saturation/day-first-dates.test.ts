import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeSaturation, dayFirstToIso } from '../../src/analysis/saturation.js';
import { saturationMethodsText } from '../../src/analysis/saturation-text.js';
import { docFrom } from './helpers.js';

/**
 * Dates written day first (d-m-yyyy, dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy: the Dutch and European
 * convention) order the sources as dates, and that reading is said. Before: sorted as text
 * ("01-03-2024" before "15-01-2024"), without a word. A column of them with a value that is no
 * such date cannot be ordered: refused with the values.
 */

const dated = (dates: Record<string, string>) => docFrom(Object.entries(dates).map(([id, date], i) => [id, [`c${i}`], { date }] as const));

describe('day-first dates in the saturation order', () => {
  it('reads each form as day-month-year and orders by the day', () => {
    expect(dayFirstToIso('1-3-2024')).toBe('2024-03-01');
    expect(dayFirstToIso('01/03/2024')).toBe('2024-03-01');
    expect(dayFirstToIso('01.03.2024')).toBe('2024-03-01');
    expect(dayFirstToIso('31-04-2024')).toBeNull();
    expect(dayFirstToIso('03/15/2024')).toBeNull();
    expect(dayFirstToIso('01-03/2024')).toBeNull();
    const res = computeSaturation(dated({ s1: '01-03-2024', s2: '15-01-2024', s3: '20.02.2024', s4: '2/12/2024', s5: '2024-06-01' }));
    expect(res.order).toEqual({ attribute: 'date', type: 'date' });
    expect(res.overall.points.map((p) => p.sourceId)).toEqual(['s2', 's3', 's1', 's5', 's4']);
    // shown as written
    expect(res.overall.points[0].orderValue).toBe('15-01-2024');
    expect(res.dayFirst?.values.map((v) => v.read)).toEqual(['2024-03-01', '2024-01-15', '2024-02-20', '2024-12-02']);
    expect(saturationMethodsText(res, 'nl').join(' ')).toContain('geordend op "date" (gelezen als dag-maand-jaar)');
  });

  it('the same day written two ways is one value (a tie, named as written)', () => {
    const res = computeSaturation(dated({ s1: '01-03-2024', s2: '2024-03-01', s3: '05-03-2024' }));
    expect(res.orderIssues?.ties).toEqual([{ value: '01-03-2024 = 2024-03-01', ids: ['s1', 's2'] }]);
  });

  it('ISO dates alone stay as they are; numbers stay numbers', () => {
    expect(computeSaturation(dated({ s1: '2024-03-01', s2: '2024-01-15' })).dayFirst).toBeUndefined();
    expect(computeSaturation(docFrom([['s1', ['a'], { order: '10' }], ['s2', ['b'], { order: '9' }]])).order.type).toBe('numeric');
  });

  it('a month-first date or text among them is refused with the values', () => {
    expect(() => computeSaturation(dated({ s1: '01-03-2024', s2: '03/15/2024', s3: '20-02-2024' }), { file: 'c.csv' })).toThrow(/the "date" values mix date forms that cannot be put in order: s2: "03\/15\/2024" is not a day-month-year date/);
    expect(() => computeSaturation(dated({ s1: '01-03-2024', s2: 'voorjaar 2024', s3: '20-02-2024' }))).toThrow(/s2: "voorjaar 2024"/);
  });

  it('CLI: says once that it read them so (file, column); exits 2 on a mix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-dmy-'));
    writeFileSync(join(dir, 'c.csv'), 'source,code,date\ns1,a,01-03-2024\ns2,b,15-01-2024\ns3,c,20-02-2024\n');
    writeFileSync(join(dir, 'bad.csv'), 'source,code,date\ns1,a,01-03-2024\ns2,b,03/15/2024\ns3,c,20-02-2024\n');
    let io = memoryIo(dir);
    expect(await main(['saturation', 'c.csv', '--format', 'json'], io)).toBe(0);
    const [, curve] = JSON.parse(io.out());
    expect(curve.rows.map((r: { source: string }) => r.source)).toEqual(['s2', 's3', 's1']);
    expect(io.err().match(/dates-day-first/g)).toHaveLength(1);
    expect(io.err()).toContain('c.csv: info: the "date" column\'s dates written as dd-mm-yyyy were read as day-month-year');
    io = memoryIo(dir);
    expect(await main(['saturation', 'bad.csv'], io)).toBe(2);
    expect(io.err()).toContain('bad.csv: error: the "date" values mix date forms that cannot be put in order: s2: "03/15/2024"');
    expect(io.err()).toMatch(/hint: write every "date" value as YYYY-MM-DD/);
  });
});
