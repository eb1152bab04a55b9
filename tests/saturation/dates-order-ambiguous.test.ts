import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A date column where no day is above 12 (`03-04-2024`, `05-01-2024`, `12-02-2024`): each date
 * could be day-month or month-day. It was read day-first to order the sources, and only the
 * methods note (and an info of qda saturation) said so; if the dates were month-first, the
 * saturation curve was drawn in another order than the interviews were held without a warning.
 * Now a warning with the column, the count, the other reading and how to state the order
 * (`dates-order-ambiguous`), from qda saturation and in the report's warnings. A column with a day
 * above 12 is day-first beyond doubt: the info as before. Invented data.
 */
describe('dates that may be month-first', () => {
  it('qda saturation and qda report say them as a warning with the column and the count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-mdy-'));
    writeFileSync(join(dir, 'c.csv'), 'source,code,date\ns1,a,03-04-2024\ns2,b,05-01-2024\ns3,c,12-02-2024\n');
    writeFileSync(join(dir, 'ok.csv'), 'source,code,date\ns1,a,03-04-2024\ns2,b,15-01-2024\ns3,c,12-02-2024\n');
    let io = memoryIo(dir);
    expect(await main(['saturation', 'c.csv', '--format', 'json'], io)).toBe(0);
    expect(io.err()).toContain('c.csv: warning: the "date" column\'s 3 dates written as dd-mm-yyyy (03-04-2024 = 2024-04-03, 05-01-2024 = 2024-01-05, 12-02-2024 = 2024-02-12) could each be day-month or month-day (no day is above 12): read as day-month-year to order the sources; if they are month-first, 03-04-2024 is 2024-03-04');
    expect(io.err()).toContain('[analysis:dates-order-ambiguous]');
    expect(io.err()).toContain('hint: state the order by writing every "date" value as YYYY-MM-DD');
    io = memoryIo(dir);
    expect(await main(['saturation', 'ok.csv', '--format', 'json'], io)).toBe(0);
    expect(io.err()).not.toContain('dates-order-ambiguous');
    expect(io.err()).toContain('[analysis:dates-day-first]');
    io = memoryIo(dir);
    expect(await main(['report', 'c.csv', '-o', 'r.html'], io)).toBe(0);
    expect(io.err()).toContain('[analysis:dates-order-ambiguous]');
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('dates-order-ambiguous');
    // (with the file the dates are written in: the report's warning named none)
    expect(io.err()).toContain('c.csv: warning: the "date" column\'s 3 dates');
  });

  it('qda report names the cases table the dates come from (--cases)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-mdy-cases-'));
    writeFileSync(join(dir, 'c.csv'), 'source,code\ns1,a\ns2,b\ns3,c\n');
    writeFileSync(join(dir, 'gevallen.csv'), 'source,date\ns1,03-04-2024\ns2,05-01-2024\ns3,12-02-2024\n');
    const io = memoryIo(dir);
    expect(await main(['report', 'c.csv', '--cases', 'gevallen.csv', '-o', 'r.html'], io)).toBe(0);
    expect(io.err()).toContain('gevallen.csv: warning: the "date" column\'s 3 dates');
  });
});
