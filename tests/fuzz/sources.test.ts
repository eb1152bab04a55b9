/**
 * Fuzz: every source reader gets random or damaged input. Each run ends in a corpus
 * that keeps the offset invariant (segment.text === cpSlice(source.text, start, end))
 * or in a QdaInputError naming file + rule + message; nothing else, and no hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { zipSync, strToU8 } from 'fflate';
import { readSource } from '../../src/ingest/read-source.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { FUZZ, FUZZ_SLOW, checkCorpus, corrupt, inputOrError } from './helpers.js';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-fuzz-src-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write bytes as a file with the extension, read it with readCorpus (turn, sentence and paragraph units). */
async function readAll(bytes: Uint8Array, ext: string): Promise<string> {
  const name = `f${n++}.${ext}`;
  writeFileSync(join(dir, name), bytes);
  let rule = 'ok';
  for (const unit of ['turn', 'sentence', 'paragraph'] as const) {
    rule = await inputOrError(() => readCorpus([name], { cwd: dir, unit }), (r) => checkCorpus(r.corpus), name);
    if (rule !== 'ok') break;
  }
  return rule;
}

const TEXT_EXT = ['txt', 'md', 'vtt', 'srt', 'csv', 'tsv'] as const;
const BIN_EXT = ['docx', 'odt', 'xlsx', 'pdf'] as const;

/** Transcript-shaped text from fragments that exercise labels, stamps, markers, front matter, CRLF, astral chars. */
const fragment = fc.constantFrom(
  'Interviewer: ', 'Respondent: ', '[Anna] ', 'ANNA: ', '**Bram:** ', 'Jan de Vries: ', 'S1: ', '> ', '# Kop\n', '## Beschrijving\n',
  '[10:15] ', '(00:01:02) ', '00:00:01.000 --> 00:00:04.000\n', 'WEBVTT\n\n', '<v Anna>', '</v>', '1\n', '---\n', 'kind: observation\n',
  'observer: Els\n', 'Hoe gaat het?', ' Goed, bijv. met dhr. Jansen. ', 'Dat is zo! ', 'e.g. this. ', '{{samenwerking}}', '[[precies dit]]{{code-a @anna | memo}}',
  'Code: vertrouwen', '😀', '\u202e', '\u0000', '\ud800', '\udc00', 'é', 'e\u0301', '\t', ' ', '\n', '\r\n', '\r', '\n\n', '"', ',', ';', 'text,case\n',
  '…', '“', 'ß', 'İ', '\ufeff',
);
const transcript = fc.array(fc.oneof(fragment, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 60 }).map((a) => a.join(''));

describe('fuzz: source readers', () => {
  it('random bytes into every text reader', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...TEXT_EXT), async (bytes, ext) => {
        await readAll(bytes, ext);
      }),
      FUZZ,
    );
  });

  it('random bytes into the container readers (docx, odt, xlsx, pdf)', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...BIN_EXT), async (bytes, ext) => {
        expect(await readAll(bytes, ext)).not.toBe('ok');
      }),
      FUZZ_SLOW,
    );
  });

  it('transcript-shaped text in UTF-8, UTF-8+BOM, UTF-16 LE/BE with and without BOM, cp1252', { timeout: 60_000 }, async () => {
    const encodings = ['utf8', 'utf8bom', 'utf16le', 'utf16lebom', 'utf16be', 'utf16bebom', 'cp1252'] as const;
    await fc.assert(
      fc.asyncProperty(transcript, fc.constantFrom(...encodings), fc.constantFrom('txt', 'md', 'vtt', 'srt'), async (text, enc, ext) => {
        let bytes: Uint8Array;
        if (enc === 'cp1252') bytes = iconv.encode(text, 'win1252');
        else if (enc.startsWith('utf8')) bytes = Buffer.concat([enc === 'utf8bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
        else {
          const le = Buffer.from(text, 'utf16le');
          const body = enc.startsWith('utf16be') ? Buffer.from(le).swap16() : le;
          const bom = enc === 'utf16lebom' ? Buffer.from([0xff, 0xfe]) : enc === 'utf16bebom' ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0);
          bytes = Buffer.concat([bom, body]);
        }
        await readAll(bytes, ext);
      }),
      FUZZ,
    );
  });

  it('decodeBytes: valid and invalid UTF-8, forced encodings', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(undefined, 'utf-8', 'utf-16le', 'utf-16be', 'cp1252', 'klingon'), async (bytes, encoding) => {
        await inputOrError(
          () => decodeBytes(bytes, { file: 'x.txt', encoding }),
          (d) => {
            expect(typeof d.text).toBe('string');
            expect(d.text.charCodeAt(0)).not.toBe(0xfeff);
          },
        );
      }),
      FUZZ,
    );
  });

  it('segmentSource keeps the offset invariant and line numbers on arbitrary text (pure)', { timeout: 30_000 }, async () => {
    const { LineIndex, OffsetMap, cpLength } = await import('../../src/model/codepoints.js');
    fc.assert(
      fc.property(transcript, fc.constantFrom('transcript', 'observation', 'document', 'survey'), fc.constantFrom('turn', 'sentence', 'paragraph'), (text, kind, unit) => {
        const src = { id: 's', path: 's.txt', kind, format: 'txt', case: 's', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: cpLength(text) } as const;
        const segs = segmentSource(src as never, unit as never);
        checkCorpus({ sources: [src as never], segments: segs });
        const li = new LineIndex(text);
        const map = new OffsetMap(text);
        for (const g of segs) expect(g.line).toBe(li.toPoint(map.toUtf16(g.start)).line);
      }),
      { ...FUZZ, numRuns: 300 },
    );
  });
});

describe('fuzz: damaged containers', () => {
  let docx: Uint8Array;
  let xlsx: Uint8Array;
  let odt: Uint8Array;
  beforeAll(async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const doc = new Document({ sections: [{ children: ['Interviewer: Hoe gaat het?', 'Anna: Goed, we werken samen.', 'Interviewer: En verder?', 'Anna: Prima 😀.'].map((t) => new Paragraph(t)) }] });
    docx = new Uint8Array(await Packer.toBuffer(doc));
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('a');
    ws.addRow(['respondent', 'text']);
    ws.addRow(['r1', 'Het werkt goed samen.']);
    ws.addRow(['r2', '=1+1 en verder niets']);
    xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Interviewer: Hoe gaat het?</text:p><text:p>Anna: Goed<text:s text:c="2"/>zo.</text:p><text:p>Interviewer: Dank.</text:p><text:p>Anna: Graag.</text:p></office:text></office:body></office:document-content>`;
    odt = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8(content) });
  });

  it('the undamaged containers read fine (sanity)', async () => {
    expect(await readAll(docx, 'docx')).toBe('ok');
    expect(await readAll(xlsx, 'xlsx')).toBe('ok');
    expect(await readAll(odt, 'odt')).toBe('ok');
  });

  for (const kind of ['docx', 'xlsx', 'odt'] as const) {
    it(`truncated and bit-flipped .${kind}`, { timeout: 90_000 }, async () => {
      const valid = kind === 'docx' ? docx : kind === 'xlsx' ? xlsx : odt;
      await fc.assert(
        fc.asyncProperty(
          // half the runs keep the full length and only flip bytes
          fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
          fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
          async (cut, flips) => {
            await readAll(corrupt(valid, cut, flips), kind);
          },
        ),
        FUZZ_SLOW,
      );
    });
  }
});

describe('fuzz: a failing read never leaves an output file', () => {
  it('qda segments on random bytes with -o writes a complete file or nothing', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('txt', 'docx', 'vtt', 'csv'), async (bytes, ext) => {
        const name = `cli${n++}.${ext}`;
        writeFileSync(join(dir, name), bytes);
        const out = `out-${n}.json`;
        const io = memoryIo(dir);
        const code = await main(['segments', name, '--format', 'json', '-o', out], io);
        expect([0, 2]).toContain(code);
        if (code === 2) {
          expect(existsSync(join(dir, out))).toBe(false);
          expect(io.err()).toMatch(/\[ingest:[\w-]+\]/);
        } else {
          expect(() => JSON.parse(require('node:fs').readFileSync(join(dir, out), 'utf8'))).not.toThrow();
        }
        expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      }),
      FUZZ_SLOW,
    );
  });
});

void readSource;
