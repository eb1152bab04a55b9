/** Regressions from a QA pass over `qda code` (project codebooks, --explain, code-id collisions, streaming CSV). */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

import { ROOT, book, haveSamples, project } from './qa-project.js';

describe('qda code --format csv -o FILE (streamed)', () => {
  it('equals the whole-document CSV, with attribute columns that only a later source has (front matter, cases)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qa-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'book.yaml'), book);
    writeFileSync(join(dir, 'src/a.txt'), 'Interviewer: Hoe?\n\nRespondent: "=samenwerking", zei ze. {{samen}}\n');
    writeFileSync(join(dir, 'src/b.txt'), 'Interviewer: En?\n\nRespondent: Geen samenwerking.\n');
    writeFileSync(join(dir, 'src/z-notes.md'), '---\nsetting: overleg\nobserver: Eva\n---\n\nEva: De samenwerking was stroef.\n');
    writeFileSync(join(dir, 'cases.csv'), 'source,team\nb,B\n');
    const whole = memoryIo(dir);
    expect(await main(['code', 'src', '-c', 'book.yaml', '--cases', 'cases.csv', '--speakers', 'all', '--format', 'csv'], whole)).toBe(0);
    const streamed = memoryIo(dir);
    expect(await main(['code', 'src', '-c', 'book.yaml', '--cases', 'cases.csv', '--speakers', 'all', '-o', 'out/c.csv'], streamed)).toBe(0);
    const csv = readFileSync(join(dir, 'out/c.csv'), 'utf8');
    expect(csv).toBe(whole.out());
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['setting', 'team']));
    expect(rows.find((r) => r.source === 'z-notes')?.setting).toBe('overleg');
    expect(rows.find((r) => r.source === 'b')?.team).toBe('B');
    expect(rows.find((r) => r.source === 'a')?.setting).toBe('');
    // no spool or temp file left beside the output
    expect(readdirSync(join(dir, 'out'))).toEqual(['c.csv']);
  });

  it('no codings: the header only, as the whole-document CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qa-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe?\n\nRespondent: Goed.\n');
    const whole = memoryIo(dir);
    expect(await main(['code', 'a.txt', '-c', 'book.yaml', '--format', 'csv'], whole)).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['code', 'a.txt', '-c', 'book.yaml', '-o', 'c.csv'], io)).toBe(0);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(whole.out());
  });
});

describe('qda code --format csv -o FILE (streamed), several languages', () => {
  it('Dutch, English and undetermined sources: the same rows as the whole-document CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qa-'));
    writeFileSync(
      join(dir, 'book.yaml'),
      `id: bi
name: {nl: Twee, en: Two}
codes:
  - id: samen
    name: {nl: Samenwerking, en: Collaboration}
    rules:
      - keywords: {nl: [samenwerking, werken samen], en: [collaboration, work together]}
`,
    );
    writeFileSync(join(dir, 'nl.txt'), 'Interviewer: Hoe is de samenwerking met de gemeente?\n\nRespondent: De samenwerking is goed, we werken samen en het is eigenlijk wel een fijne manier van werken voor ons.\n');
    writeFileSync(join(dir, 'en.txt'), 'Interviewer: How is the collaboration with the municipality?\n\nRespondent: The collaboration is good, we work together and it is actually a nice way of working for all of us.\n');
    writeFileSync(join(dir, 'x.txt'), 'Interviewer: ?\n\nRespondent: collaboration samenwerking\n');
    const whole = memoryIo(dir);
    expect(await main(['code', '.', '-c', 'book.yaml', '--format', 'csv'], whole)).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['code', '.', '-c', 'book.yaml', '-o', 'c.csv'], io)).toBe(0);
    const csv = readFileSync(join(dir, 'c.csv'), 'utf8');
    expect(csv).toBe(whole.out());
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['en', 'nl', 'x']));
  });
});
