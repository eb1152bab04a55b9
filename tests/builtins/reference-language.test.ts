import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * `reference` is one text shown under "Bron:" in Dutch and "Reference:" in English output, so it
 * holds citations only (titles in their own language); explanations (who elaborated or
 * operationalised the scheme, where titles come from) belong in the bilingual `description`.
 * QA found "Elaborated with de Poorter (2014) …" under "Bron:" in the Dutch appendix.
 */

const DIR = fileURLToPath(new URL('../../codebooks/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

// English (or Dutch) prose that explains rather than cites
const PROSE = /\b(elaborated|operational|operationalisation|operationalization|building on|based on|after a|from a|written for|titles|in a study|study of|update|uitgewerkt|naar een|geschreven)\b/i;

describe('built-in codebooks: reference is citations only, explanations are bilingual', () => {
  it('eight codebooks are checked', () => expect(files.length).toBe(8));
  for (const f of files) {
    it(`${f}: no explanatory prose in reference; description in both languages`, () => {
      const raw = parse(readFileSync(join(DIR, f), 'utf8')) as { reference?: string; description?: { nl?: string; en?: string } };
      expect(typeof raw.reference).toBe('string');
      expect(raw.reference!).not.toMatch(PROSE);
      expect(raw.description?.nl?.length ?? 0).toBeGreaterThan(20);
      expect(raw.description?.en?.length ?? 0).toBeGreaterThan(20);
    });
  }

  it('kaats-opheij in Dutch: the de Poorter elaboration is said in Dutch, "Bron:" carries the citations', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['codebook', 'export', 'kaats-opheij', '--format', 'md', '--lang', 'nl'], io)).toBe(0);
    const md = io.out();
    const bron = md.split('\n').find((l) => l.includes('Bron:'))!;
    expect(bron).toContain('Kaats, E. & Opheij, W. (2012)');
    expect(bron).toContain('de Poorter (2014)');
    expect(bron).not.toMatch(/Elaborated|study of/);
    expect(md).toContain('uitgewerkt met de Poorter (2014)');
  });
});
