/** A tiny project for the `qda code` QA tests: dir/proj/{qda.yaml, books/mini.yaml, interviews/int1.txt}. */
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const haveSamples = existsSync(join(ROOT, 'samples/qda.yaml'));

export const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: samen
    name: {nl: Samenwerking, en: Collaboration}
    rules:
      - keywords: {nl: [samenwerking]}
`;

/** dir/proj/{qda.yaml, books/mini.yaml, interviews/*.txt}: qda.yaml lists sources and codebooks relative to proj. */
export function project(qda = 'sources: [interviews]\ncodebooks: [books/mini.yaml, kaats-opheij]\nlanguage: nl\n') {
  const dir = mkdtempSync(join(tmpdir(), 'qda-qa-'));
  mkdirSync(join(dir, 'proj/books'), { recursive: true });
  mkdirSync(join(dir, 'proj/interviews'), { recursive: true });
  writeFileSync(join(dir, 'proj/books/mini.yaml'), book);
  writeFileSync(join(dir, 'proj/interviews/int1.txt'), 'Interviewer: Hoe gaat het?\n\nRespondent: De samenwerking is goed. {{samen}}\n');
  writeFileSync(join(dir, 'proj/qda.yaml'), qda);
  return dir;
}
