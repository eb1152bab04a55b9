/**
 * qda anonymize leaks nothing (issue 13, item 4): .docx, .odt and .pdf sources are written out
 * pseudonymised as .txt (or the command stops); a codings document never keeps the original text
 * of a source; speakers, memos, evidence, attributes and front matter (observer, participants),
 * ids, file names and paths go through the same key; at the end everything written is read back
 * and searched for every original of the key: one left → the output is deleted, exit 2.
 * Fixtures are made up here (invented names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let work: string;
const NAMES = ['Joost', 'Hendrikje Walstra', 'Lotte Vermeer', 'Bas Kuipers', 'Mirjam', 'Okke Bruinsma'];
const OTHER = ['okke.bruinsma@voorbeeld.example', '06-98765432'];

function pdf(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c: string) => '\\' + c);
  const content = 'BT /F1 12 Tf 72 720 Td 14 TL ' + lines.map((l) => `(${esc(l)}) Tj T*`).join(' ') + ' ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const x = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : out.push(relative(dir, join(d, e.name)));
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}
const hashes = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qda-anon-leak-'));
  const c = join(work, 'corpus');
  mkdirSync(c);
  // a .docx whose speaker is only named in it (and in its file name)
  const { Document, Packer, Paragraph, TextRun } = await import('docx');
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('Interviewer: Hoe verloopt het overleg met het wijkteam?')] }),
          new Paragraph({ children: [new TextRun('Joost: Ik bel elke week met mijn collega Hendrikje Walstra, dat overleg helpt.')] }),
          new Paragraph({ children: [new TextRun('Interviewer: En met de school?')] }),
          new Paragraph({ children: [new TextRun('Joost: Daar spreek ik Mirjam, meestal over afspraken.')] }),
        ],
      },
    ],
  });
  writeFileSync(join(c, 'gesprek-joost.docx'), await Packer.toBuffer(doc));
  // an .odt and a .pdf
  const { zipSync, strToU8 } = await import('fflate');
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:text>
<text:p>Interviewer: Met wie heeft u overleg?</text:p>
<text:p>Okke Bruinsma: Met Bas Kuipers, hij is bereikbaar via okke.bruinsma@voorbeeld.example of 06-98765432.</text:p>
</office:text></office:body></office:document-content>`;
  writeFileSync(join(c, 'gesprek-b.odt'), zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8(content) }, { mtime: new Date(2020, 0, 1) }));
  writeFileSync(join(c, 'gesprek-c.pdf'), pdf(['Interviewer: Hoe gaat het overleg?', 'Mirjam: Goed, met Joost maken we afspraken.']));
  // observation notes: the observer and participants are named only in the front matter
  writeFileSync(
    join(c, 'observatie-1.md'),
    '---\nobserver: Lotte Vermeer\nparticipants: [Bas Kuipers, W2]\nsetting: casusoverleg\n---\n\n# Observatie casusoverleg\n\nW2: Wie maakt de afspraken met de school?\n\nBas Kuipers: Dat doe ik, na het overleg.\n',
  );
  writeFileSync(join(work, 'book.yaml'), 'id: test-boek\nname: { nl: Testboek }\ncodes:\n  - id: overleg\n    name: { nl: Overleg }\n    rules:\n      - keywords: {nl: [overleg*]}\n  - id: afspraken\n    name: { nl: Afspraken }\n    rules:\n      - keywords: {nl: [afspra*]}\n');
  const io = memoryIo(work);
  expect(await main(['code', 'corpus', '-c', 'book.yaml', '-o', 'cj.json'], io), io.err()).toBe(0);
  // the codings document holds every original (that is what must not leak)
  const cj = readFileSync(join(work, 'cj.json'), 'utf8');
  for (const n of ['Joost', 'Hendrikje Walstra', 'Lotte Vermeer', 'Bas Kuipers', 'okke.bruinsma@voorbeeld.example']) expect(cj, n).toContain(n);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('qda anonymize: nothing of the originals in what it writes', () => {
  it('.docx/.odt/.pdf are written as pseudonymised .txt; texts, codings, speakers, front matter, ids and file names all use the key', async () => {
    const inputs = hashes(join(work, 'corpus'));
    const io = memoryIo(work);
    const code = await main(['anonymize', 'corpus', '-o', 'anon', '--key', 'key.csv', '--codings', 'cj.json'], io);
    expect(code, io.err()).toBe(0);
    expect(hashes(join(work, 'corpus'))).toEqual(inputs);
    expect(io.out()).toContain('(3 .docx/.odt/.pdf written as .txt)');
    const key = readFileSync(join(work, 'key.csv'), 'utf8');
    const pseudo = (n: string) => new RegExp(`^${n},(R\\d+),person$`, 'm').exec(key)?.[1];
    for (const n of ['Joost', 'Hendrikje Walstra', 'Lotte Vermeer', 'Bas Kuipers', 'Mirjam']) expect(pseudo(n), n).toBeDefined();
    const joost = pseudo('Joost')!;
    const written = files(join(work, 'anon'));
    expect(written).toEqual(['anonymize-report.csv', 'codings.json', `gesprek-${joost}.txt`, 'gesprek-b.txt', 'gesprek-c.txt', 'observatie-1.md'].sort());
    for (const f of written) {
      const text = readFileSync(join(work, 'anon', f), 'utf8');
      for (const n of [...NAMES, ...OTHER]) {
        expect(text.includes(n), `${n} in ${f}`).toBe(false);
        expect(text.toLowerCase().includes(n.toLowerCase()), `${n} (any case) in ${f}`).toBe(false);
      }
    }
    expect(readFileSync(join(work, `anon/gesprek-${joost}.txt`), 'utf8')).toContain(`${joost}: Ik bel elke week met mijn collega ${pseudo('Hendrikje Walstra')}, dat overleg helpt.`);
    expect(readFileSync(join(work, 'anon/observatie-1.md'), 'utf8')).toContain(`observer: ${pseudo('Lotte Vermeer')}\nparticipants: [${pseudo('Bas Kuipers')}, W2]`);
    const { readCodings } = await import('../../src/ingest/read-codings.js');
    const out = await readCodings('anon/codings.json', { cwd: work });
    const src = out.sources.find((s) => s.id === `gesprek-${joost}`)!;
    expect(src.path).toBe(`anon/gesprek-${joost}.txt`);
    expect(src.text).toBe(readFileSync(join(work, `anon/gesprek-${joost}.txt`), 'utf8'));
    expect(out.segments.filter((g) => g.sourceId === src.id).map((g) => g.speaker)).toContain(joost);
    const obs = out.sources.find((s) => s.id === 'observatie-1')!;
    expect(obs.attributes.observer).toBe(pseudo('Lotte Vermeer'));
    // every coding still points at text that is there, and every id resolves
    const ids = new Set(out.segments.map((g) => g.id));
    expect(out.codings.length).toBeGreaterThan(3);
    for (const c of out.codings) {
      expect(out.sources.some((s) => s.id === c.sourceId)).toBe(true);
      if (c.segmentId) expect(ids.has(c.segmentId)).toBe(true);
    }
    // the shared report has no originals; the full one lies beside the key
    expect(readFileSync(join(work, 'anon/anonymize-report.csv'), 'utf8').split('\n')[0]).toBe('file,line,column,replacement,kind,rule');
    expect(readFileSync(join(work, 'key-report.csv'), 'utf8')).toContain('Hendrikje Walstra');
  });

  it('a spreadsheet source (.xlsx) stops the command before anything is written, naming it', async () => {
    const dir = join(work, 'with-xlsx');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoi.\nJoost: Hallo.\n');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['id', 'answer']);
    writeFileSync(join(dir, 'enquete.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const io = memoryIo(work);
    expect(await main(['anonymize', 'with-xlsx', '-o', 'anon-x'], io)).toBe(2);
    expect(io.err()).toMatch(/^with-xlsx\/enquete\.xlsx: error: cannot pseudonymise with-xlsx\/enquete\.xlsx: spreadsheets are not rewritten, and nothing was written \[cli:cannot-pseudonymise\]/m);
    expect(existsSync(join(work, 'anon-x'))).toBe(false);
  });

  it('a damaged .docx stops the command (exit 2, naming it); nothing written', async () => {
    const dir = join(work, 'with-bad-docx');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoi.\nJoost: Hallo.\n');
    writeFileSync(join(dir, 'kapot.docx'), 'PK\u0003\u0004 not really a zip');
    const io = memoryIo(work);
    expect(await main(['anonymize', 'with-bad-docx', '-o', 'anon-bad'], io)).toBe(2);
    expect(io.err()).toContain('kapot.docx');
    expect(existsSync(join(work, 'anon-bad'))).toBe(false);
  });

  it('an original that cannot be replaced (a code named after a person) is found at the end: output deleted, key untouched, exit 2 with the place', async () => {
    const { readCodings } = await import('../../src/ingest/read-codings.js');
    const { codingsDocumentText } = await import('../../src/export/codings-document.js');
    const doc = await readCodings('cj.json', { cwd: work });
    const named = { ...doc, codes: [...doc.codes, { id: 'Joost', name: { nl: 'Joost' } }], codings: [{ ...doc.codings[0], code: 'Joost' }, ...doc.codings.slice(1)] };
    writeFileSync(join(work, 'cj-named.json'), codingsDocumentText(named as typeof doc));
    writeFileSync(join(work, 'key2.csv'), 'original,pseudonym,kind\nMirjam,R40,person\n');
    const keyBefore = readFileSync(join(work, 'key2.csv'));
    const io = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'anon-leak', '--key', 'key2.csv', '--codings', 'cj-named.json'], io)).toBe(2);
    expect(io.err()).toMatch(/^anon-leak: error: after pseudonymising, an original remains in what was written \(\d+ places?: codings\.json:\d+:\d+: the original of R\d+ \(person\)/m);
    expect(io.err()).toContain('the output was deleted');
    expect(io.err()).not.toContain('Joost');
    expect(files(join(work, 'anon-leak'))).toEqual([]);
    expect(readFileSync(join(work, 'key2.csv'))).toEqual(keyBefore);
    expect(existsSync(join(work, 'key2-report.csv'))).toBe(false);
  });
});
