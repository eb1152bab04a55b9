import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { QdaInputError, type Report } from '../../src/model/errors.js';
import type { Diagnostic } from '../../src/model/types.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe('readCorpus: folders with images, audio and broken PDFs', () => {
  it('a folder of only images says what it holds and that images need transcribing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-folders-'));
    mkdirSync(join(dir, 'scans'));
    writeFileSync(join(dir, 'scans/p1.png'), PNG);
    writeFileSync(join(dir, 'scans/p2.JPG'), PNG);
    writeFileSync(join(dir, 'scans/talk.m4a'), PNG);
    try {
      await readCorpus(['scans'], { cwd: dir });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(QdaInputError);
      const d = (e as QdaInputError).diagnostics[0];
      expect(d.message).toBe('this folder has no readable sources (it holds 1 .jpg, 1 .m4a, 1 .png)');
      expect(d.hint).toMatch(/transcribe them first/);
    }
  });
  it('images next to transcripts are reported as skipped; a broken PDF is a warning without pdf.js console noise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-folders-'));
    mkdirSync(join(dir, 'mix'));
    writeFileSync(join(dir, 'mix/photo.png'), PNG);
    writeFileSync(join(dir, 'mix/notes.yaml'), 'a: 1\n');
    writeFileSync(join(dir, 'mix/broken.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
    writeFileSync(join(dir, 'mix/int.txt'), 'Interviewer: Hoe gaat het?\nAnna: Goed.\n');
    const seen: Diagnostic[] = [];
    const report: Report = (d) => seen.push(d);
    const logged: unknown[] = [];
    const orig = console.log;
    const origWarn = console.warn;
    console.log = (...a: unknown[]) => logged.push(a);
    console.warn = (...a: unknown[]) => logged.push(a);
    try {
      const { corpus } = await readCorpus(['mix'], { cwd: dir, report });
      expect(corpus.sources.map((s) => s.id)).toEqual(['int']);
    } finally {
      console.log = orig;
      console.warn = origWarn;
    }
    // (`Anna:` seen once after a known interviewer, the file's only other label: its respondent)
    expect(seen.map((d) => d.ruleId).sort()).toEqual(['media-skipped', 'unreadable-document']);
    expect(seen.find((d) => d.ruleId === 'media-skipped')!.message).toMatch(/skipped 1 \.png file/);
    expect(logged).toEqual([]);
  });
});

describe('documents a folder holds in formats qda does not read', () => {
  it('an old .doc and an .rtf among the transcripts: read the rest, warn naming them and how to convert; .yaml and .json are not said; the files untouched', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-folder-docs-'));
    try {
      mkdirSync(join(d, 'int'));
      writeFileSync(join(d, 'int/a.txt'), 'Interviewer: Hoe gaat het?\nAnna: Goed.\n');
      writeFileSync(join(d, 'int/b.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
      writeFileSync(join(d, 'int/c.rtf'), '{\\rtf1 Interviewer: Hoe gaat het?}');
      writeFileSync(join(d, 'int/codes.yaml'), 'a: 1\n');
      writeFileSync(join(d, 'int/meta.json'), '{}');
      const before = readFileSync(join(d, 'int/b.doc'));
      const seen: Diagnostic[] = [];
      const { corpus } = await readCorpus(['int'], { cwd: d, report: (x) => seen.push(x) });
      expect(corpus.sources.map((s) => s.id)).toEqual(['a']);
      const w = seen.filter((x) => x.ruleId === 'documents-skipped');
      expect(w).toHaveLength(1);
      expect(w[0].message).toBe('skipped 1 .doc, 1 .rtf file(s) in a format qda does not read: int/b.doc, int/c.rtf');
      expect(w[0].file).toBe('int');
      expect(w[0].hint).toMatch(/save them as \.docx, \.odt or \.txt/);
      expect(seen.map((x) => x.message).join('\n')).not.toMatch(/yaml|json/);
      expect(Buffer.compare(readFileSync(join(d, 'int/b.doc')), before)).toBe(0);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('tables in a folder without a column named as answers', () => {
  const FORM = 'Tijdstempel,Groep,Leeftijd,Hoe kijkt u naar het overleg met de school?\n2024/05/01 09:00,noord,41,"We spreken elkaar elke week en dat werkt goed."\n2024/05/01 10:00,zuid,37,"Het overleg is te kort, er blijft veel liggen."\n2024/05/02 11:00,noord,52,"Goed, al zou ik vaker willen bellen."\n';
  const setup = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-folder-tables-'));
    mkdirSync(join(dir, 'd'));
    for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'd', n), t);
    return dir;
  };
  it('a form export (the answer column named by its question) is read from a folder as it is on its own', async () => {
    const dir = setup({ 'form.csv': FORM, 'r1.txt': 'Interviewer: Hoe gaat het?\nR: Goed.\nInterviewer: En verder?\nR: Prima.\n' });
    try {
      const seen: Diagnostic[] = [];
      const { corpus } = await readCorpus(['d'], { cwd: dir, report: (d) => void seen.push(d) });
      expect(corpus.sources.map((s) => s.id)).toEqual(['form', 'r1']);
      const alone = await readCorpus(['d/form.csv'], { cwd: dir });
      expect(corpus.segments.filter((g) => g.sourceId === 'form').map((g) => g.text)).toEqual(alone.corpus.segments.map((g) => g.text));
      expect(alone.corpus.segments).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a table of values and a case table not applied are each named with why and the fix (a codings table as info); an applied case table is not', async () => {
    const dir = setup({
      'waarden.csv': 'id,score,groep\n1,4,a\n2,5,b\n',
      'gecodeerd.csv': 'source,code\nr1,vertrouwen\n',
      'cases.csv': 'source,group\nr1,jeugd\n',
      'r1.txt': 'Interviewer: Hoe gaat het?\nR: Goed.\nInterviewer: En verder?\nR: Prima.\n',
    });
    try {
      const seen: Diagnostic[] = [];
      const { corpus } = await readCorpus(['d'], { cwd: dir, report: (d) => void seen.push(d) });
      expect(corpus.sources.map((s) => s.id)).toEqual(['r1']);
      const said = seen.filter((d) => d.ruleId === 'table-not-a-source' || d.ruleId === 'cases-table-not-applied');
      expect(said.map((d) => [d.ruleId, d.file, d.severity]).sort()).toEqual([
        ['cases-table-not-applied', 'd/cases.csv', 'warning'],
        ['table-not-a-source', 'd/gecodeerd.csv', 'info'],
        ['table-not-a-source', 'd/waarden.csv', 'warning'],
      ]);
      expect(said.find((d) => d.file === 'd/cases.csv')!.hint).toContain('--cases d/cases.csv');
      expect(said.find((d) => d.file === 'd/gecodeerd.csv')!.hint).toContain('--codings');
      const applied: Diagnostic[] = [];
      const r = await readCorpus(['d'], { cwd: dir, cases: 'd/cases.csv', report: (d) => void applied.push(d) });
      expect(r.corpus.sources.find((s) => s.id === 'r1')!.attributes).toMatchObject({ group: 'jeugd' });
      expect(applied.filter((d) => d.file === 'd/cases.csv' && d.ruleId === 'cases-table-not-applied')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the survey data a qda.yaml names, found in the input folder, is not said to be skipped (another table of values is)', async () => {
    const dir = setup({
      'scores.csv': 'respondent,groep,1A,1B\nw1,noord,2,3\nw2,zuid,4,1\n',
      'andere.csv': 'respondent,groep,1A,1B\nw1,noord,2,3\nw2,zuid,4,1\n',
      'r1.txt': 'Interviewer: Hoe gaat het?\nR: Goed.\nInterviewer: En verder?\nR: Prima.\n',
    });
    writeFileSync(join(dir, 'qda.yaml'), 'survey: {data: d/scores.csv}\n');
    try {
      const seen: Diagnostic[] = [];
      const { corpus } = await readCorpus(['d'], { cwd: dir, report: (d) => void seen.push(d) });
      expect(corpus.sources.map((s) => s.id)).toEqual(['r1']);
      expect(seen.filter((d) => d.ruleId === 'table-not-a-source').map((d) => d.file)).toEqual(['d/andere.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
