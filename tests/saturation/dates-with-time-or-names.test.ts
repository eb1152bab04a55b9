import { describe, it, expect } from 'vitest';
import { computeSaturation, dayFirstToIso } from '../../src/analysis/saturation.js';
import { saturationMethodsText } from '../../src/analysis/saturation-text.js';
import { docFrom } from './helpers.js';

/**
 * Dates of the saturation order as a Dutch Excel writes a date and time into a CSV (`1-3-2024
 * 14:30`) were ordered as text (`1-3-2024 14:30` before `15-1-2024 9:00`) without a word: now read
 * as day-month-year with their time. Dates with a two-digit year (`1-3-24`) or a month's name
 * (`1 maart 2024`) cannot be ordered safely: they were ordered as text, by the day's digits, and
 * the methods note said only "ordered by date"; now it names them and the fix (YYYY-MM-DD).
 */
const dated = (dates: Record<string, string>) => docFrom(Object.entries(dates).map(([id, date], i) => [id, [`c${i}`], { date }] as const));

describe('saturation order: dates with a time, a two-digit year or a month name', () => {
  it('a day-first date with a time is read with its time', () => {
    expect(dayFirstToIso('1-3-2024 14:30')).toBe('2024-03-01 14:30');
    expect(dayFirstToIso('01-03-2024 9:05:07')).toBe('2024-03-01 09:05:07');
    expect(dayFirstToIso('01-03-2024 25:00')).toBeNull();
    const res = computeSaturation(dated({ s1: '1-3-2024 14:30', s2: '15-1-2024 9:00', s3: '1-3-2024 09:15', s4: '20-2-2024 10:00' }));
    expect(res.order.type).toBe('date');
    expect(res.overall.points.map((p) => p.sourceId)).toEqual(['s2', 's4', 's3', 's1']);
  });

  it('a two-digit year or a month name: named in the methods note with the fix', () => {
    for (const dates of [{ s1: '1-3-24', s2: '15-1-24', s3: '20-2-24' }, { s1: '1 maart 2024', s2: '15 januari 2024', s3: '20 februari 2024' }]) {
      const res = computeSaturation(dated(dates));
      expect(res.orderIssues?.notDate?.map((x) => x.id)).toEqual(['s1', 's2', 's3']);
      expect(saturationMethodsText(res, 'en').join(' ')).toContain('values that are not dates written as YYYY-MM-DD (s1: "' + dates.s1 + '"');
    }
  });

  it('words that are no dates are not named as dates', () => {
    expect(computeSaturation(docFrom([['s1', ['a'], { date: 'voorjaar' }], ['s2', ['b'], { date: 'najaar' }]])).orderIssues?.notDate).toBeUndefined();
  });
});
