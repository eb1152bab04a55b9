import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { formatDiagnostic } from '../../src/model/errors.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * Keywords that can never match, in a codebook that validate called ok: a sign alone ("€"), and a
 * term copied from a PDF with a ligature ("ﬁnanciering", "ĳs"), which transcripts write as
 * separate letters (qda code matched neither, without a word).
 */
const BOOK = `id: kw
language: nl
codes:
  - id: geld
    rules:
      - keywords: ["€", ﬁnanciering, budget]
  - id: ijs
    rules:
      - keywords: [ĳs]
`;

describe('codebook: keywords that never match a word', () => {
  it('are warnings with their place and the fix; the others are not', () => {
    const r = parseCodebookWithDiagnostics(BOOK, { file: 'kw.yaml' });
    const w = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    expect(w).toHaveLength(3);
    expect(w[0]).toContain('kw.yaml:6:19 (/codes/0/rules/0/keywords): warning: keywords: term "€" has no letter or digit, and texts are matched word by word (letters and digits): it never matches [codebook:term-without-letters]');
    expect(w[1]).toContain('kw.yaml:6:19 (/codes/0/rules/0/keywords): warning: keywords: term "ﬁnanciering" is written with the ligature "ﬁ" (copied from a PDF?), which a text writes as separate letters ("financiering"): it never matches them [codebook:ligature-in-term]');
    expect(w[1]).toContain('hint: write it with separate letters: financiering');
    expect(w[2]).toContain('keywords: term "ĳs" is written with the ligature "ĳ" (copied from a PDF?), which a text writes as separate letters ("ijs")');
  });

  it('qda code indeed finds none of them in a text that has the words (the warning is true)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-kw-'));
    writeFileSync(join(dir, 'kw.yaml'), BOOK);
    writeFileSync(join(dir, 't.txt'), 'Interviewer: Vraag?\nRespondent: De financiering van €5 en ijs, en het budget.\n');
    const before = readFileSync(join(dir, 'kw.yaml'));
    const io = memoryIo(dir);
    const code = await main(['code', 't.txt', '-c', 'kw.yaml', '-f', 'csv'], io);
    expect(code, io.err()).toBe(0);
    const evidence = io.out().split('\n').filter((l) => l.includes(',rules,')).map((l) => /matched: ([^;]+);/.exec(l)?.[1]);
    expect(evidence).toEqual(['budget']);
    expect(io.err()).toContain('[codebook:ligature-in-term]');
    expect(readFileSync(join(dir, 'kw.yaml')).equals(before)).toBe(true);
  });
});
