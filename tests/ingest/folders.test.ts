import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
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
