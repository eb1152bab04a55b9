import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { QDAKIT_SOURCE_VARS, buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { refiGuid } from '../../src/export/refi-guid.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { sampleDoc } from './helpers.js';
import { readCodings } from '../../src/ingest/read-codings.js';

/**
 * QA: after `qda refi export` + `qda refi import`, `compare --by group` gave observatie N=18
 * (observation notes were no longer observations, one segment per line) and wijkcoach N=9
 * (the interviewer "Lotte Brinkman" configured in qda.yaml became a respondent). The source
 * kind, format, language, unit and speaker labels by role now travel as qdakit-* variables and
 * the imported texts are segmented again with the normal segmenter.
 */

const ROOT = join(__dirname, '../..');
const SAMPLES = join(ROOT, 'samples');

describe.skipIf(!existsSync(join(SAMPLES, 'qda.yaml')))('refi round trip of the samples keeps the structure (skipped: needs samples/qda.yaml)', () => {
  let tmp: string;
  let orig: CodingsDocument;
  let back: CodingsDocument;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'qda-refi-rt-'));
    const io = memoryIo(SAMPLES);
    expect(await main(['code', 'interviews', 'observations', 'documents', '--config', 'qda.yaml', '-o', join(tmp, 'codings.json')], io)).toBe(0);
    expect(await main(['refi', 'export', join(tmp, 'codings.json'), '-o', join(tmp, 's.qdpx'), '--lang', 'en'], memoryIo(tmp))).toBe(0);
    const imp = memoryIo(tmp);
    expect(await main(['refi', 'import', 's.qdpx', '-o', 'imported'], imp)).toBe(0);
    expect(imp.err()).toBe('');
    orig = await readCodings(join(tmp, 'codings.json'));
    back = await readCodings(join(tmp, 'imported/codings.json'));
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('compare --by group gives the same table (N per group, respondents per code) before and after', async () => {
    const table = async (file: string) => {
      const io = memoryIo(tmp);
      expect(await main(['compare', file, '--by', 'group', '-f', 'csv', '--lang', 'en'], io)).toBe(0);
      return io.out();
    };
    const before = await table('codings.json');
    const after = await table('imported/codings.json');
    expect(before).toMatch(/observatie: respondents \(N=3\)/);
    expect(before).toMatch(/wijkcoach: respondents \(N=7\)/);
    // (the two "Coordination" codes come back with their own names, told apart by their codebook:
    // its id after the import, which does not know the codebook's own name)
    expect(after).toBe(before.replace('Coordination (Hovik & Hanssen)', 'Coordination (hovik-hanssen)'));
  });

  it('kinds, formats, interviewer names and turns are restored; qdakit-* variables are not attributes', () => {
    const kinds = (d: CodingsDocument) => d.sources.map((s) => `${s.id}:${s.kind}:${s.format}`).sort();
    expect(kinds(back)).toEqual(kinds(orig));
    expect(back.sources.filter((s) => s.kind === 'observation').length).toBe(3);
    const seg = (d: CodingsDocument, id: string) => d.segments.filter((g) => g.sourceId === id).map((g) => `${g.speaker}|${g.role}|${g.unit}|${g.text}`);
    for (const s of orig.sources) expect(seg(back, s.id)).toEqual(seg(orig, s.id).map((x) => x.replace(/\r\n/g, '\n')));
    const lotte = back.segments.filter((g) => g.speaker === 'Lotte Brinkman');
    expect(lotte.length).toBeGreaterThan(0);
    expect(lotte.every((g) => g.role === 'interviewer')).toBe(true);
    for (const s of back.sources) expect(Object.keys(s.attributes).filter((k) => k.startsWith('qdakit-'))).toEqual([]);
    expect(readFileSync(join(tmp, 'imported/cases.csv'), 'utf8')).not.toContain('qdakit-');
  });
});

describe('refi import of a project without qdakit variables', () => {
  it('segments by speaker turns with the default interviewer labels, kind transcript', async () => {
    const doc = sampleDoc();
    const project = buildRefiProject(doc, { name: 'plain' });
    expect(project.xml).toContain('name="qdakit-kind"');
    // as another tool would write it: no qdakit-* variables
    let xml = project.xml.replace(/ *<Variable [^>]*name="qdakit-[^"]*"[^>]*\/>\n/g, '');
    for (const v of QDAKIT_SOURCE_VARS) xml = xml.replace(new RegExp(` *<VariableValue><VariableRef targetGUID="${refiGuid('variable', v)}"/>.*\n`, 'g'), '');
    expect(xml).not.toContain('qdakit-kind');
    const plain = await parseRefiProject(await zipRefiProject({ ...project, xml }), 'plain.qdpx');
    const withVars = await parseRefiProject(await zipRefiProject(project), 'vars.qdpx');
    for (const imp of [plain, withVars]) {
      expect(imp.doc.sources.every((s) => s.kind === 'transcript')).toBe(true);
      const roles = imp.doc.segments.map((g) => `${g.speaker}:${g.role}`);
      expect(roles).toContain('Interviewer:interviewer');
      expect(imp.doc.segments.every((g) => g.unit === 'turn')).toBe(true);
    }
  });
});
