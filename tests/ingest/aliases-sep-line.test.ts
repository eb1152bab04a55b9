/**
 * An alias file that starts with Excel's `sep=;` line (or a blank line): its first row is line 2,
 * but an error in it named line 1 (the sep= line). Fails on the old code. Invented labels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAliasFile } from '../../src/ingest/read-aliases.js';
import { QdaInputError } from '../../src/model/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-aliases-sep-'));
  writeFileSync(join(dir, 'sep.csv'), 'sep=;\nallignment\nsystemen;systems\n');
  writeFileSync(join(dir, 'ok.csv'), 'sep=;\nallignment;aligning\nsystemen;systems\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an alias file below a sep= line', () => {
  it('names the first row by its own line', async () => {
    const e = await readAliasFile('sep.csv', { cwd: dir }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QdaInputError);
    expect((e as QdaInputError).diagnostics[0]).toMatchObject({ ruleId: 'bad-alias-line', line: 2 });
    expect((e as QdaInputError).diagnostics[0].message).toContain('line 2 of the alias file');
    expect((await readAliasFile('ok.csv', { cwd: dir })).map((x) => [x.label, x.line])).toEqual([
      ['allignment', 2],
      ['systemen', 3],
    ]);
  });
});
