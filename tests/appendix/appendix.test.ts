import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MINI = join(ROOT, 'tests/fixtures/report/mini');

describe('qda appendix', () => {
  let dir: string;
  let codings: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qda-appendix-'));
    expect(await main(['run', MINI, '-o', join(dir, 'run')], memoryIo(ROOT))).toBe(0);
    codings = join(dir, 'run', 'codings.json');
  }, 60_000);

  it('by code (md): a table per top-level category with definition, criteria, counts and human quotes first', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['appendix', codings, '--by', 'code', '--lang', 'en', '--quotes', '1', '--coder', 'rules,eva'], io)).toBe(0);
    const md = io.out();
    expect(md).toMatch(/^# Appendix: codebook/);
    expect(md).toContain('## Relationship');
    expect(md).toContain('## Meetings');
    // Trust: 3 segments (coach-a twice, coach-b, worker-a) → rules + eva on the same turns
    const trust = md.split('\n').find((l) => l.includes('· Trust'))!;
    expect(trust).toContain("Trust in each other's professionalism.");
    // inclusion/exclusion criteria come from the full codebook (qda run has it; a custom codebook
    // cannot be re-read from a codings document)
    const runMd = readFileSync(join(dir, 'run', 'appendix-codebook.md'), 'utf8');
    expect(runMd).toMatch(/Wel: uitspraken over betrouwbaarheid — Niet: vertrouwen van jongeren/);
    expect(trust).toMatch(/\| 4 \| 3 \|/); // 4 segments, 3 respondents
    expect(trust).toMatch(/“Ik vertrouw de meeste wijkcoaches wel, maar niet allemaal even erg\.” \(worker-a, Wendy, line 7\)/);
    expect(md).toMatch(/Coders: eva, rules\./);
  });

  it('by code, default: the human codings, saying so, and the unreviewed suggestions in a section of their own', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['appendix', codings, '--by', 'code', '--lang', 'en', '--quotes', '1'], io)).toBe(0);
    const md = io.out();
    const main1 = md.slice(0, md.indexOf('## Suggestions (not reviewed)'));
    const sugg = md.slice(md.indexOf('## Suggestions (not reviewed)'));
    expect(main1).toMatch(/Coders: eva\./);
    expect(main1).toMatch(/Counts and quotes above are the human codings \(eva\)\. The \d+ suggestions by rules that no person has reviewed are in the last section/);
    expect(sugg).toMatch(/Coders: rules \(automatic, not reviewed\)/);
    expect(sugg).toMatch(/\| · Trust \(vertrouwen\) \|/);
  });

  it('by question (docx) is read back by mammoth with questions, codes and quote anchors', async () => {
    const io = memoryIo(ROOT);
    const out = join(dir, 'labelschema.docx');
    expect(await main(['appendix', codings, '--by', 'question', '--guide', join(MINI, 'topics.yaml'), '-o', out, '--lang', 'nl'], io)).toBe(0);
    const mammoth = await import('mammoth');
    const text = (await mammoth.extractRawText({ buffer: readFileSync(out) })).value;
    for (const s of ['labelschema', '1. Vertrouwen', '2. Overleg', 'Relatie', 'Vertrouwen', 'C1', 'coach, F', '“Ik vertrouw (…) hun woord.”', '(geen gecodeerde antwoorden)']) expect(text).toContain(s);
  });

  it('by code (docx) contains the codes and quotes', async () => {
    const out = join(dir, 'codebook.docx');
    expect(await main(['appendix', codings, '-o', out, '--lang', 'nl'], memoryIo(ROOT))).toBe(0);
    const mammoth = await import('mammoth');
    const html = (await mammoth.convertToHtml({ buffer: readFileSync(out) })).value;
    expect(html).toContain('<table>');
    for (const s of ['Vertrouwen (vertrouwen)', 'Overleg', 'Vertrouwen moet groeien', 'coach-b, Bart, regel 3']) expect(html).toContain(s);
  });

  it('html is self-contained and escaped; latex uses longtable/booktabs and escapes', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['appendix', codings, '--format', 'html', '--quotes', '5', '--coder', 'rules,eva'], io)).toBe(0);
    const html = io.out();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
    const io2 = memoryIo(ROOT);
    expect(await main(['appendix', codings, '--format', 'latex', '--quotes', '5', '--coder', 'rules,eva'], io2)).toBe(0);
    const tex = io2.out();
    expect(tex).toContain('\\begin{longtable}');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('zo \\& niet');
    expect(tex).toContain('\\textless{}script\\textgreater{}');
  });

  it('bad input: missing guide, unknown format, docx to the terminal, bad --quotes, broken guide', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['appendix', codings, '--by', 'question'], /needs the interview guide[\s\S]*--guide topics\.yaml/],
      [['appendix', codings, '--format', 'pdf'], /unknown appendix format "pdf"/],
      [['appendix', codings, '--format', 'docx'], /binary format[\s\S]*-o FILE/],
      [['appendix', codings, '--quotes', 'two'], /--quotes must be a whole number/],
      [['appendix', codings, '--by', 'question', '--guide', join(MINI, 'qda.yaml')], /no `parts:` list/],
    ];
    for (const [args, re] of cases) {
      const io = memoryIo(ROOT);
      expect(await main(args, io)).toBe(2);
      expect(io.err()).toMatch(re);
    }
  });
});
