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
