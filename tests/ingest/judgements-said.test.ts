/**
 * A judgements file (qda matrix --framework, framework: in qda.yaml) was decoded and parsed without
 * a report: a Windows-1252 byte in a UTF-8 file or a quote inside a value was read without a word.
 * Now said, as in every other table. (Found by hunttable.) Our own words.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJudgements } from '../../src/ingest/read-judgements.js';
import type { Diagnostic } from '../../src/model/types.js';

describe('a judgements file read with a report', () => {
  it('says a quote inside a value and a byte that is not UTF-8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-judgements-said-'));
    writeFileSync(join(dir, 'j.csv'), Buffer.concat([Buffer.from('case,dimension,judgement\nR1,relatie,"goed "genoeg""\nR2,ambitie,h'), Buffer.from([0xe9]), Buffer.from('el goed\nR3,proces,caf\u00e9\n')]));
    const said: Diagnostic[] = [];
    const j = await readJudgements('j.csv', { cwd: dir, report: (d) => void said.push(d) });
    expect(j.rows.length).toBe(3);
    expect(said.map((d) => d.ruleId)).toEqual(expect.arrayContaining(['quote-inside-value', 'invalid-utf8']));
  });
});
