import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * The report compares interview groups only by default (observation notes and documents go to
 * "Said vs. observed"). A codings document from a flat CSV has no source kinds and no segments:
 * the report must still be written and say which groups it compared, and why.
 */

const note = (html: string) => /<p id="compared-groups">([^<]*)<\/p>/.exec(html)?.[1] ?? '';

describe('qda report on a flat CSV of codings', () => {
  it('without a group column: one group of all sources, and the report says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-report-flat-'));
    writeFileSync(join(dir, 'codings.csv'), 'source,code\nint-a,trust\nint-b,trust\nint-c,cost\n');
    const io = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-o', 'r.html', '--lang', 'en'], io)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(note(html)).toMatch(/^Groups compared \(by source kind\): transcript \(3 respondents, 3 sources\)\./);
    expect(note(html)).toMatch(/flat list .* one group\. Add a group column to the CSV, give --by ATTRIBUTE/);
    expect(io.err()).toContain('report written: r.html (groups compared by source kind: transcript)');
    expect(html).toContain('id="skeleton"');
  });

  it('with a group column: the groups of that column, in Dutch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-report-flat-'));
    writeFileSync(join(dir, 'codings.csv'), 'source,code,group\nint-a,trust,wijkcoach\nint-b,trust,jongerenwerker\nint-c,cost,jongerenwerker\n');
    const io = memoryIo(dir);
    expect(await main(['report', 'codings.csv', '-o', 'r.html', '--lang', 'nl'], io)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(note(html)).toMatch(/^Vergeleken groepen \(naar groep\): jongerenwerker \(2 respondenten, 2 bronnen\); wijkcoach \(1 respondent, 1 bron\)\./);
    expect(note(html)).toContain('platte lijst');
    expect(io.err()).toContain('groepen vergeleken naar groep: jongerenwerker, wijkcoach');
  });
});
