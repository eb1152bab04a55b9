import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { separatorEvidence, surveyNumber } from '../../src/analysis/survey.js';

/**
 * Survey answers on a scale that reaches the thousands (minutes per week, 0..5000) written with a
 * thousands separator, as a Dutch or English Excel shows them: `1.250` and `1,250` were read 1.25
 * (a mean of 1.6 minutes without a word), `1 250` stopped as "not a number". Now read as 1250
 * where the scale or the column says so, and said per column with the cells
 * (`thousands-separator-read`). On a small scale `2,500` is still 2.5. All data invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-thousands-'));
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nitems:\n  minuten: {label: Minuten per week, scale: 0..5000}\n  tevreden: {label: Tevreden, scale: 1..5}\n');
  writeFileSync(join(dir, 'data.csv'), 'groep;minuten;tevreden\na;1.250;2,500\na;900;4\nb;1 250;3\nb;2.000;5\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('survey: numbers with a thousands separator', () => {
  it('are read as whole numbers on a scale that holds them, and said with their cells', async () => {
    const r = await qdaLeavingInputs(dir, ['survey', 'data.csv', '--spec', 'spec.yaml', '-f', 'csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('data.csv:2: warning: column "minuten": 3 values written with a thousands separator are read as whole numbers ("1.250" = 1250, "1 250" = 1250, "2.000" = 2000): data.csv:2, data.csv:4, data.csv:5 [analysis:thousands-separator-read]');
    // means: a 1075 (1250, 900), b 1625 (1250, 2000); the small scale's 2,500 is 2.5
    expect(r.out).toMatch(/Minuten per week[^\n]*1075[^\n]*1625/);
    expect(r.out).toMatch(/Tevreden[^\n]*3\.25/);
    expect(r.err).not.toContain('"tevreden"');
  });

  it('surveyNumber: the column and the scale decide', () => {
    const big = { min: 0, max: 5000, midpoint: 2500 };
    const small = { min: 1, max: 5, midpoint: 3 };
    const none = separatorEvidence([]);
    expect(surveyNumber('1.250', big, none)).toEqual({ n: 1250, grouped: true });
    expect(surveyNumber('1,250', small, none)).toEqual({ n: 1.25 });
    expect(surveyNumber('0.125', big, none)).toEqual({ n: 0.125 });
    expect(surveyNumber('1.250.000', big, none)).toEqual({ n: 1250000, grouped: true });
    expect(surveyNumber('1.250,5', big, none)).toEqual({ n: 1250.5, grouped: true });
    expect(surveyNumber('1\u00a0250', big, none)).toEqual({ n: 1250, grouped: true });
    // a column that writes decimals with that separator elsewhere (2.5): 1.250 is 1.25
    expect(surveyNumber('1.250', big, separatorEvidence(['2.5', '1.250']))).toEqual({ n: 1.25 });
    expect(surveyNumber('1.2.3', big, none)).toBeUndefined();
  });
});

describe('survey: a totals row typed under the respondents', () => {
  it('is said with its line (it was a respondent of its own without a word)', async () => {
    const { readSurveyTable } = await import('../../src/ingest/read-survey.js');
    writeFileSync(join(dir, 'totals.csv'), 'respondent;groep;q1\nr1;a;3\nr2;b;2\nGemiddelde;a;2,5\n');
    const diags: import('../../src/model/types.js').Diagnostic[] = [];
    const t = await readSurveyTable(['totals.csv'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows).toHaveLength(3);
    const d = diags.find((x) => x.ruleId === 'totals-row-read');
    expect(d).toMatchObject({ file: 'totals.csv', line: 4 });
    expect(d!.message).toContain('a row under the respondents looks like a totals or averages row (line 4 ("Gemiddelde"))');
    // (a respondent whose id only starts alike is no totals row)
    writeFileSync(join(dir, 'ids.csv'), 'respondent;groep;q1\nr1;a;3\nMeander;b;2\n');
    const more: import('../../src/model/types.js').Diagnostic[] = [];
    await readSurveyTable(['ids.csv'], { cwd: dir, report: (x) => more.push(x) });
    expect(more.some((x) => x.ruleId === 'totals-row-read')).toBe(false);
  });
});
