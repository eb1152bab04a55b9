/**
 * Fuzz: codings CSV / JSON and REFI-QDA .qdpx import. A document whose segments keep the
 * offset invariant and whose codings stay inside their source, or a clean QdaInputError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parseCodingsCsv, parseCodingsJson, readCodings } from '../../src/ingest/read-codings.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sampleDoc } from '../refi/helpers.js';
import { FUZZ, FUZZ_SLOW, checkCodingsDoc, corrupt, inputOrError } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-fuzz-cod-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cell = fc.oneof(
  fc.constantFrom('int-01', 'trust', 'human', 'rules', '0', '5', '-3', '1e309', 'NaN', '', ' ', '"', '""', 'a,b', 'x\ny', '=cmd|"/C calc"!A0', '😀', '\u0000', '0.5', '2.5', 'team-a'),
  fc.string({ maxLength: 8 }),
);
const header = fc.shuffledSubarray(['source', 'code', 'segment', 'coder', 'speaker', 'case', 'start', 'end', 'text', 'score', 'memo', 'team', 'date', 'Source', ''], { minLength: 0 });
const csvText = fc
  .tuple(header, fc.array(fc.array(cell, { maxLength: 16 }), { maxLength: 8 }), fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n'))
  .map(([h, rows, sep, nl]) => [h, ...rows].map((r) => r.map((c) => (/[",;\t\n]/.test(c) && Math.random() < 2 ? `"${c.replace(/"/g, '""')}"` : c)).join(sep)).join(nl));

describe('fuzz: codings files', () => {
  it('random codings CSV (parseCodingsCsv)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(csvText, fc.string({ unit: 'binary', maxLength: 200 })), (t) => {
        let doc;
        try {
          doc = parseCodingsCsv(t, 'c.csv');
        } catch (e) {
          return void inputOrError(() => { throw e; }, () => {}, 'c.csv');
        }
        checkCodingsDoc(doc);
      }),
      FUZZ,
    );
  });

  it('random and mutated codings JSON (parseCodingsJson, readCodings)', { timeout: 60_000 }, async () => {
    const valid = JSON.stringify(sampleDoc());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json({ maxDepth: 3 }),
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 127 })), { maxLength: 3 })).map(([cut, flips]) => new TextDecoder().decode(corrupt(new TextEncoder().encode(valid), cut, flips))),
          fc.record({ provenance: fc.anything({ maxDepth: 1 }), sources: fc.anything({ maxDepth: 2 }), segments: fc.anything({ maxDepth: 2 }), codings: fc.anything({ maxDepth: 2 }), codes: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
        ),
        async (t) => {
          await inputOrError(() => parseCodingsJson(t, 'c.json'), checkCodingsDoc, 'c.json');
          writeFileSync(join(dir, 'c.json'), t);
          await inputOrError(() => readCodings('c.json', { cwd: dir }), checkCodingsDoc, 'c.json');
        },
      ),
      FUZZ,
    );
  });
});

describe('fuzz: REFI-QDA import', () => {
  let qdpx: Uint8Array;
  beforeAll(async () => {
    qdpx = await zipRefiProject(buildRefiProject(sampleDoc()));
  });

  it('the undamaged project imports (sanity)', async () => {
    expect(await inputOrError(() => parseRefiProject(qdpx, 'p.qdpx'), (r) => checkCodingsDoc(r.doc), 'p.qdpx')).toBe('ok');
  });

  it('truncated and bit-flipped .qdpx', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (cut, flips) => {
          await inputOrError(() => parseRefiProject(corrupt(qdpx, cut, flips), 'p.qdpx'), (r) => checkCodingsDoc(r.doc), 'p.qdpx');
        },
      ),
      FUZZ,
    );
  });

  it('random zips with random project.qde / sources', { timeout: 60_000 }, async () => {
    const qdeFrag = fc.constantFrom(
      '<?xml version="1.0" encoding="utf-8"?>', '<Project xmlns="urn:QDA-XML:project:1.0" name="x">', '</Project>', '<Sources>', '</Sources>',
      '<TextSource guid="g1" name="s1" plainTextPath="internal://g1.txt">', '</TextSource>', '<PlainTextSelection guid="g2" startPosition="0" endPosition="5">',
      '<PlainTextSelection guid="g3" startPosition="9" endPosition="2">', '<PlainTextSelection guid="g4" startPosition="-1" endPosition="99999999999">', '</PlainTextSelection>',
      '<Coding guid="g5"><CodeRef targetGUID="c1"/></Coding>', '<CodeBook><Codes><Code guid="c1" name="trust" isCodable="true"/></Codes></CodeBook>',
      '<PlainTextContent>Hallo &amp; 😀 wereld</PlainTextContent>', '<Cases><Case guid="k" name="c"><SourceRef targetGUID="g1"/></Case></Cases>', '&#xD800;', '&#0;', '<', '>',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(qdeFrag, fc.string({ maxLength: 6 })), { maxLength: 25 }).map((a) => a.join('')),
        fc.dictionary(fc.constantFrom('sources/g1.txt', 'sources/other.txt', '../evil.txt', '/abs.txt', 'sources/', 'a\\..\\b.txt'), fc.uint8Array({ maxLength: 60 }), { maxKeys: 3 }),
        fc.boolean(),
        async (qde, extra, withQde) => {
          const files: Record<string, Uint8Array> = { ...extra };
          if (withQde) files['project.qde'] = strToU8(qde);
          await inputOrError(() => parseRefiProject(zipSync(files), 'r.qdpx'), (r) => checkCodingsDoc(r.doc), 'r.qdpx');
        },
      ),
      FUZZ,
    );
  });

  it('qda refi import of damaged archives: exit 0 or 2, no partial output', { timeout: 60_000 }, async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }), async (cut, flips) => {
        const work = join(dir, `imp${k++}`);
        require('node:fs').mkdirSync(work);
        writeFileSync(join(work, 'in.qdpx'), corrupt(qdpx, cut, flips));
        const io = memoryIo(work);
        const code = await main(['refi', 'import', 'in.qdpx', '-o', 'out'], io);
        expect([0, 2], io.err()).toContain(code);
        const listing = readdirSync(work, { recursive: true }) as string[];
        expect(listing.filter((f) => f.endsWith('.tmp'))).toEqual([]);
        if (code === 2) expect(listing).toEqual(['in.qdpx']);
      }),
      FUZZ_SLOW,
    );
  });
});
