/**
 * An attribute named with other capitals on some sources (`Team:` in an observation note's front
 * matter, `team` in the cases table of the interviews): matrix and compare put the note under
 * "(no team)" (saturation read it case-insensitively), without a word. Now every grouping reads them as one
 * attribute and the reader says so (attribute-names-differ-in-case). Our own texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let tmp: string;
let dir: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-attr-case-'));
  dir = writeProject(tmp, 'p', {
    'int/a.txt': 'Interviewer: Hoe gaat de samenwerking?\nAnn: We werken goed samen {{samen}} met de wijkcoach.\n',
    'int/b.txt': 'Interviewer: Hoe gaat de samenwerking?\nBo: Samenwerken {{samen}} is lastig.\n',
    'obs/o1.md': '---\nTeam: Noord\ndate: 2025-01-01\n---\n# Observatie\n\nW1 en J1 werken samen {{samen}} aan een casus.\n',
    'obs/o2.md': '---\nteam: Zuid\n---\n# Observatie\n\nJ2 werkt samen {{samen}}.\n',
    'cases.csv': 'source,team\na,Noord\nb,Zuid\n',
  });
  const r = await qdaLeavingInputs(dir, ['code', '.', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
  expect(r.code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('an attribute name written with other capitals on some sources', () => {
  it('matrix --cols team counts the note under its team (was "(no team)") and it is said', async () => {
    const r = await qdaLeavingInputs(dir, ['matrix', 'c.json', '--cols', 'team', '--measure', 'sources', '--format', 'csv', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('Code,Name,Noord,Zuid,Total');
    expect(r.out).toContain('samen,samen,2,2,4');
    expect(r.err).toContain('c.json: warning: 1 attribute name is written with different capitals on different sources: "team" on 3 sources (a, b, o2) and "Team" on 1 source (o1); a grouping by the name (--by team, --cols team) reads them as one attribute');
    expect(r.err).toContain('[ingest:attribute-names-differ-in-case]');
  });

  it('compare --by Team reads them as one attribute too', async () => {
    const c = await qdaLeavingInputs(dir, ['compare', 'c.json', '--by', 'Team', '--format', 'json', '--lang', 'en']);
    const t = JSON.parse(c.out);
    const table = Array.isArray(t) ? t[0] : t.tables?.[0] ?? t;
    expect(table.notes[0]).toBe('Groups (2): Noord (N=2 respondents), Zuid (N=2 respondents). Coders: human.');
    expect(c.out).not.toContain('(no team)');
  });
});
