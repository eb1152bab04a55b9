import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { formatDiagnostic } from '../../src/model/errors.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * Keywords that can never match, in a codebook that validate called ok: a sign alone ("€"). A
 * term copied from a PDF with a ligature ("ﬁnanciering", "ĳs") was one too, and said so; words
 * are now folded to their letters (a ligature in a text too), so it matches and nothing is said.
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
  it('are warnings with their place and the fix; the others (a ligature too) are not', () => {
    const r = parseCodebookWithDiagnostics(BOOK, { file: 'kw.yaml' });
    const w = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('kw.yaml:6:19 (/codes/0/rules/0/keywords): warning: keywords: term "€" has no letter or digit, and texts are matched word by word (letters and digits): it never matches [codebook:term-without-letters]');
  });

  it('qda code finds no sign, and finds the ligature terms in a text that has their letters (and in one that has the ligatures)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-kw-'));
    writeFileSync(join(dir, 'kw.yaml'), BOOK);
    writeFileSync(join(dir, 't.txt'), 'Interviewer: Vraag?\nRespondent: De financiering van €5 en ijs, en het budget.\nInterviewer: Nog iets?\nRespondent: De ﬁnanciering.\n');
    const before = readFileSync(join(dir, 'kw.yaml'));
    const io = memoryIo(dir);
    const code = await main(['code', 't.txt', '-c', 'kw.yaml', '-f', 'csv'], io);
    expect(code, io.err()).toBe(0);
    const evidence = io.out().split('\n').filter((l) => l.includes(',rules,')).map((l) => /matched: ([^;]+);/.exec(l)?.[1]);
    expect(evidence).toEqual(['financiering, budget', 'ijs', 'ﬁnanciering']);
    expect(io.err()).not.toContain('ligature');
    expect(readFileSync(join(dir, 'kw.yaml')).equals(before)).toBe(true);
  });
});
