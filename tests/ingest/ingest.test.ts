import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readSource } from '../../src/ingest/read-source.js';
import { segmentSource, splitSentences } from '../../src/ingest/segment.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import { parseSubtitles } from '../../src/ingest/parse-subtitles.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';
import type { Corpus, Diagnostic, Segment, Source, Unit } from '../../src/model/types.js';
import { QdaInputError } from '../../src/model/errors.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const FIX = resolve(fileURLToPath(new URL('../fixtures/ingest', import.meta.url)));

async function read(file: string, extra: Partial<Parameters<typeof readCorpus>[1]> = {}) {
  const diags: Diagnostic[] = [];
  const r = await readCorpus([file], { cwd: FIX, report: (d) => diags.push(d), ...extra });
  return { ...r, diags };
}

const segsOf = (c: Corpus, id: string) => c.segments.filter((s) => s.sourceId === id);

/** The invariant every reader must keep. */
function checkOffsets(corpus: Corpus) {
  const byId = new Map(corpus.sources.map((s) => [s.id, s]));
  const seen = new Set<string>();
  let prev: Segment | undefined;
  for (const g of corpus.segments) {
    const s = byId.get(g.sourceId)!;
    expect(s, g.id).toBeDefined();
    expect(g.text, g.id).toBe(cpSlice(s.text, g.start, g.end));
    expect(g.start, g.id).toBeLessThan(g.end);
    expect(g.end, g.id).toBeLessThanOrEqual(s.length);
    expect(g.text.trim(), g.id).toBe(g.text);
    expect(g.id).toBe(`${g.sourceId}#${g.index}`);
    expect(seen.has(g.id)).toBe(false);
    seen.add(g.id);
    if (prev && prev.sourceId === g.sourceId) {
      expect(g.index).toBe(prev.index + 1);
      expect(g.start, `${g.id} after ${prev.id}`).toBeGreaterThanOrEqual(prev.end);
    } else expect(g.index).toBe(0);
    prev = g;
  }
  for (const s of corpus.sources) expect(s.length).toBe(cpLength(s.text));
}

/** A one-page PDF with a WinAnsi Helvetica text layer, built by hand. */
function makePdf(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c: string) => '\\' + c);
  const content = 'BT /F1 12 Tf 72 720 Td 14 TL ' + lines.map((l) => `(${esc(l)}) Tj T*`).join(' ') + ' ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => { offs.push(pdf.length); pdf += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const x = pdf.length;
  pdf += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('');
  pdf += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-ingest-'));
  // .docx written with the docx library
  const { Document, Packer, Paragraph, TextRun } = await import('docx');
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('Interviewer: Hoe werk je samen met de buurtsportcoach?')] }),
          new Paragraph({ children: [new TextRun('Ilse: We delen een ruimte. '), new TextRun({ text: 'Dat scheelt veel.', bold: true })] }),
          new Paragraph({ children: [new TextRun('Interviewer: Wat mis je nog?')] }),
          new Paragraph({ children: [new TextRun('Ilse: Tijd om samen te evalueren.')] }),
        ],
      },
    ],
  });
  writeFileSync(join(tmp, 'word.docx'), await Packer.toBuffer(doc));
  // .odt built by hand with fflate
  const { zipSync, strToU8 } = await import('fflate');
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:text>
<text:h text:outline-level="1">Gesprek buurtteam</text:h>
<text:p>Interviewer: Wie neemt de regie?</text:p>
<text:p>Bram: Dat wisselt<text:s text:c="3"/>per<text:tab/>casus. <text:span>Meestal wij &amp; de school.</text:span></text:p>
<text:p>Interviewer: Waarom?<text:line-break/>Kun je een voorbeeld geven?</text:p>
<text:p>Bram: Bij schoolverzuim ligt het voor de hand.</text:p>
</office:text></office:body></office:document-content>`;
  writeFileSync(
    join(tmp, 'writer.odt'),
    zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8(content) }, { mtime: new Date(2020, 0, 1) }),
  );
  // .xlsx written with exceljs
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Antwoorden');
  ws.addRow(['id', 'question', 'gemeente', 'answer']);
  ws.addRow(['A1', 'What helps?', 'Oost', 'Regular case meetings with the school.']);
  ws.addRow(['A2', 'What helps?', 'West', '@mention the social worker directly 👍']);
  ws.addRow(['A3', 'What hinders?', 'Oost', 'Privacy rules, or how we read them.']);
  writeFileSync(join(tmp, 'survey.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  writeFileSync(join(tmp, 'talk.pdf'), makePdf(['Interviewer: Hoe gaat het met de wijkagent?', 'Karin: Goed, we bellen wekelijks.', 'Interviewer: Altijd?', 'Karin: Meestal.']));
});

describe('every fixture keeps exact code-point offsets', () => {
  for (const unit of ['turn', 'sentence', 'paragraph'] as Unit[]) {
    it(`fixtures folder, unit ${unit}`, async () => {
      const { corpus } = await read('.', { unit });
      expect(corpus.sources.length).toBeGreaterThanOrEqual(15);
      checkOffsets(corpus);
      expect(corpus.segments.every((g) => g.unit === unit)).toBe(true);
    });
  }
  it('generated docx, odt and xlsx', async () => {
    for (const unit of ['turn', 'sentence'] as Unit[]) {
      const { corpus } = await readCorpus([tmp], { cwd: tmp, unit });
      expect(corpus.sources.map((s) => s.id)).toEqual(['survey', 'talk', 'word', 'writer']);
      checkOffsets(corpus);
    }
  });
  it('sha256 is the hash of the raw bytes; ids are file names without extension, made unique', async () => {
    const { corpus } = await read('.');
    const crlf = corpus.sources.filter((s) => s.path.includes('crlf'));
    expect(crlf.map((s) => s.id).sort()).toEqual(['crlf', 'crlf-2']);
    for (const s of corpus.sources) {
      expect(s.sha256).toBe(createHash('sha256').update(readFileSync(join(FIX, s.path))).digest('hex'));
    }
  });
});

describe('encodings', () => {
  const cases: Array<[string, string, string]> = [
    ['bom-utf8.txt', 'utf-8-bom', 'Café'],
    ['utf16le-bom.txt', 'utf-16le', 'één keer per week, ’s ochtends'],
    ['utf16be-bom.txt', 'utf-16be', 'Naïve? Maybe.'],
    ['cp1252.txt', 'windows-1252', 'Ruim €40.000 per jaar – zegt de wethouder. “Te veel”, vindt Mariëtte. Dat is ’t punt.'],
    ['crlf.txt', 'utf-8', '😊'],
  ];
  for (const [file, enc, needle] of cases) {
    it(`${file} → ${enc}`, async () => {
      const { corpus } = await read(file);
      const s = corpus.sources[0];
      expect(s.encoding).toBe(enc);
      expect(s.text.charCodeAt(0)).not.toBe(0xfeff);
      expect(s.text).toContain(needle);
      expect(corpus.segments.some((g) => g.text.includes(needle))).toBe(true);
    });
  }
  it('records CRLF without renormalising', async () => {
    const { corpus } = await read('crlf.txt');
    const s = corpus.sources[0];
    expect(s.newline).toBe('crlf');
    expect(s.text).toContain('\r\n');
    const r = segsOf(corpus, 'crlf')[1];
    expect(r.text).toBe('Sinds 2019. Daarvoor zat ik bij de gemeente,\r\nafdeling werk en inkomen.');
    // the emoji is one code point
    const last = segsOf(corpus, 'crlf')[3];
    expect(last.end - last.start).toBe(cpLength(last.text));
    expect(last.text.length).toBe(cpLength(last.text) + 1);
  });
  it('UTF-16 without BOM is detected from the NUL pattern', async () => {
    const d = await decodeBytes(new Uint8Array(Buffer.from('Interviewer: hallo\nR: dag\n', 'utf16le')), { file: 'x.txt' });
    expect(d).toEqual({ text: 'Interviewer: hallo\nR: dag\n', encoding: 'utf-16le', newline: 'lf' });
  });
  it('--encoding forces a decoder and refuses bytes that do not fit', async () => {
    const cp = new Uint8Array(readFileSync(join(FIX, 'cp1252.txt')));
    await expect(decodeBytes(cp, { file: 'cp1252.txt', encoding: 'utf-8' })).rejects.toMatchObject({ diagnostics: [{ ruleId: 'undecodable', file: 'cp1252.txt' }] });
    const d = await decodeBytes(new Uint8Array(Buffer.from('caf\u00e9', 'utf8')), { file: 'x', encoding: 'windows-1252' });
    expect(d.text).toBe('cafÃ©');
    await expect(decodeBytes(cp, { file: 'x', encoding: 'ebcdic' })).rejects.toMatchObject({ diagnostics: [{ ruleId: 'unknown-encoding' }] });
  });
});

describe('transcripts: turns, speakers, roles', () => {
  it('Name: turns continue over wrapped lines; labels are outside the span', async () => {
    const { corpus } = await read('crlf.txt');
    const segs = segsOf(corpus, 'crlf');
    expect(segs.map((g) => [g.speaker, g.role])).toEqual([
      ['Interviewer', 'interviewer'],
      ['R01', 'respondent'],
      ['Interviewer', 'interviewer'],
      ['R01', 'respondent'],
    ]);
    expect(segs.map((g) => g.line)).toEqual([1, 2, 5, 6]);
    expect(segs[0].start).toBe('Interviewer: '.length);
  });
  it('[Name] labels, with a preamble paragraph as other', async () => {
    const { corpus } = await read('bracket-speakers.txt');
    const segs = corpus.segments;
    expect(segs.map((g) => g.speaker)).toEqual([null, 'Interviewer', 'Tom', 'Interviewer', 'Tom']);
    expect(segs[0].role).toBe('other');
    expect(segs[2].text).toBe('Meestal begin ik rond tien uur met de mail. Daarna loop ik\neen rondje door de wijk, bijv. langs het skatepark.');
    expect(segs[4].text).toContain('Let op: dat is nieuw');
  });
  it('NAME: labels in capitals', async () => {
    const { corpus } = await read('caps-speakers.txt');
    expect(corpus.segments.map((g) => g.role)).toEqual(['interviewer', 'respondent', 'interviewer', 'respondent']);
    expect(corpus.sources[0].language).toBe('en');
  });
  it('sentence-like labels (Let op:, Zie ook:, Code:, URLs) are not speakers', async () => {
    const { corpus } = await read('false-labels.txt');
    expect([...new Set(corpus.segments.map((g) => g.speaker))]).toEqual(['Onderzoeker', 'Petra']);
    expect(corpus.segments).toHaveLength(4);
    expect(corpus.segments[1].text).toMatch(/^Dan bel ik eerst zelf\.[\s\S]*Let op: ik zeg dat vaak tegen nieuwe collega's\.$/);
  });
  it('leading time stamps: [hh:mm:ss], (mm:ss), bare hh:mm:ss', async () => {
    const { corpus } = await read('timestamps.txt');
    expect(corpus.segments.map((g) => [g.speaker, g.time?.start])).toEqual([
      ['Interviewer', 5],
      ['Yusuf', 9],
      ['Interviewer', 90],
      ['Yusuf', 102],
    ]);
    expect(corpus.segments[1].text).toBe('Via een project in de zomer. We organiseerden\neen voetbaltoernooi met de wijkagent.');
  });
  it('--interviewer and qda.yaml interviewers set the interviewer role', async () => {
    const { corpus } = await readCorpus(['zoom.vtt'], { cwd: FIX, interviewers: ['Anna de Vries'] });
    expect(corpus.segments.map((g) => g.role)).toEqual(['interviewer', 'respondent', 'interviewer']);
    const dir = mkdtempSync(join(tmpdir(), 'qda-proj-'));
    writeFileSync(join(dir, 'qda.yaml'), 'interviewers: [Mark]\nlanguage: en\n');
    writeFileSync(join(dir, 'a.vtt'), readFileSync(join(FIX, 'zoom.vtt')));
    const r = await readCorpus(['.'], { cwd: dir });
    expect(r.corpus.segments.map((g) => g.role)).toEqual(['respondent', 'interviewer', 'respondent']);
  });
  it('sentence unit splits within turns, not after abbreviations; records the turn', async () => {
    const { corpus } = await read('caps-speakers.txt', { unit: 'sentence' });
    expect(corpus.segments.map((g) => [g.turn, g.text])).toEqual([
      [0, 'Can you describe the last case you worked on together?'],
      [1, 'Yes.'],
      [1, 'A family with debts, three kids, and a landlord who\nwanted them out.'],
      [1, 'We sat down with the debt counsellor, e.g. to make a plan.'],
      [2, 'What made that work?'],
      [3, 'Trust, mostly!'],
      [3, 'And Mrs. Jansen from housing picked up the phone.'],
    ]);
  });
  it('markers and legacy "Code:" stay with the sentence they code', async () => {
    const { corpus } = await read('false-labels.txt', { unit: 'sentence' });
    const t = corpus.segments.map((g) => g.text);
    expect(t).toContain('Dan ga ik langs met dhr. Bakker van de schuldhulp, bijv. op vrijdag.');
    expect(t).toContain('Soms is het mis. {{outreach}}');
    expect(t).toContain('Dan stoppen we. Code: joint-visit');
  });
  it('markdown bold labels and a label alone on its line', () => {
    const text = '**Interviewer:** Hoe lang al?\n\n**Fatima:** Zes jaar.\n\nInterviewer:\nEn daarvoor?\n\nFatima:\nBij de GGD, afdeling jeugd.\n';
    const src: Source = { id: 'b', path: 'b.md', kind: 'transcript', format: 'md', case: 'b', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: cpLength(text) };
    expect(segmentSource(src, 'turn').map((g) => [g.speaker, g.role, g.text])).toEqual([
      ['Interviewer', 'interviewer', 'Hoe lang al?'],
      ['Fatima', 'respondent', 'Zes jaar.'],
      ['Interviewer', 'interviewer', 'En daarvoor?'],
      ['Fatima', 'respondent', 'Bij de GGD, afdeling jeugd.'],
    ]);
  });
  it('splitSentences on Dutch abbreviations and initials', () => {
    const text = 'Mevr. de Vries belde o.a. met J. Bakker. Hij zei: nee! Daarna, d.w.z. later, kwam het goed… Echt?';
    const parts = splitSentences(text, 0, text.length).map(([a, b]) => text.slice(a, b));
    expect(parts).toEqual(['Mevr. de Vries belde o.a. met J. Bakker.', 'Hij zei: nee!', 'Daarna, d.w.z. later, kwam het goed…', 'Echt?']);
  });
});

describe('subtitles', () => {
  it('Zoom VTT: Name: in the cue, consecutive cues merged, times first start .. last end', async () => {
    const { corpus } = await read('zoom.vtt');
    const s = corpus.sources[0];
    expect(s.text).toBe('Anna de Vries: Welkom, fijn dat je tijd hebt. Zullen we beginnen?\n\nMark: Ja hoor. Ik werk nu vier jaar als jongerenwerker.\n\nAnna de Vries: En wat doe je precies?');
    expect(corpus.segments.map((g) => [g.speaker, g.time])).toEqual([
      ['Anna de Vries', { start: 1, end: 7 }],
      ['Mark', { start: 7.2, end: 12 }],
      ['Anna de Vries', { start: 12.1, end: 15 }],
    ]);
  });
  it('Teams VTT: BOM, CRLF, GUID cue ids, <v Name>, entities', async () => {
    const { corpus } = await read('teams.vtt');
    expect(corpus.sources[0].encoding).toBe('utf-8-bom');
    expect(corpus.sources[0].newline).toBe('crlf');
    expect(corpus.segments.map((g) => [g.speaker, g.role, g.text])).toEqual([
      ['Interviewer', 'interviewer', 'How do you share information & decisions?'],
      ['Priya Shah', 'respondent', 'Mostly in the weekly meeting. Sometimes by phone <if urgent>.'],
    ]);
    expect(parseSubtitles(readFileSync(join(FIX, 'teams.vtt'), 'utf8'))[1].id).toBe('3f1c6e2a-8d4b-4a77-9c1e-2b0f8e6d1a11/13-0');
  });
  it('SRT with CRLF and multi-line cues', async () => {
    const { corpus } = await read('crlf.srt');
    expect(corpus.segments.map((g) => [g.speaker, g.text, g.time])).toEqual([
      ['Interviewer', 'Wie bel je als eerste?', { start: 1, end: 3 }],
      ['R03', 'De huisarts, meestal. Of de school.', { start: 3.5, end: 6 }],
    ]);
  });
  it('parser survives arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => Array.isArray(parseSubtitles(s))), { numRuns: 200 });
  });
});

describe('observation notes and documents', () => {
  it('front matter → meta and attributes; [hh:mm] stamps; blocks; participant turns', async () => {
    const { corpus } = await read('observation.md');
    const s = corpus.sources[0];
    expect(s.kind).toBe('observation');
    expect(s.attributes).toMatchObject({ setting: 'casuïstiekbespreking sociaal wijkteam Noord', date: '2024-03-12', observer: 'Sanne', participants: 'S1, S2, P1' });
    expect(s.meta?.participants).toEqual(['S1', 'S2', 'P1']);
    expect(corpus.segments.map((g) => [g.speaker, g.role, g.time?.start, g.meta?.block])).toEqual([
      [null, 'observer', 10 * 3600 + 15 * 60, 'description'],
      ['S1', 'respondent', undefined, 'description'],
      [null, 'observer', 10 * 3600 + 22 * 60, 'description'],
      [null, 'observer', undefined, 'interpretation'],
      [null, 'observer', undefined, 'interpretation'],
    ]);
    expect(corpus.segments[0].text).toBe('De voorzitter opent het overleg. S1 brengt een casus in over een\nalleenstaande moeder met schulden.');
    expect(corpus.segments[4].text).toBe('Mogelijk speelt mee dat S2 nieuw is in het team.');
  });
  it('a document with kind: document is read by paragraph, headings as their own paragraphs, no warning', async () => {
    const { corpus, diags } = await read('policy.md');
    expect(diags).toEqual([]);
    expect(corpus.sources[0].kind).toBe('document');
    expect(corpus.segments.map((g) => [g.text.slice(0, 20), g.role, g.meta?.heading])).toEqual([
      ['Integrale toegang', 'other', '1'],
      ['De gemeente kiest vo', 'other', undefined],
      ['Uitgangspunten', 'other', '2'],
      ['Eén huishouden, één ', 'other', undefined],
    ]);
  });
  it('text without speaker labels: paragraphs and a no-speaker-labels warning naming the file', async () => {
    const { corpus, diags } = await read('no-speakers.txt');
    expect(corpus.segments).toHaveLength(3);
    expect(diags.map((d) => [d.ruleId, d.file, d.severity])).toEqual([['no-speaker-labels', 'no-speakers.txt', 'warning']]);
    expect(diags[0].hint).toMatch(/Name: /);
  });
  it('an empty file gives no segments and a warning', async () => {
    const { corpus, diags } = await read('empty.txt');
    expect(corpus.segments).toEqual([]);
    expect(diags[0].ruleId).toBe('empty-source');
  });
});

describe('containers and tables', () => {
  it('.docx via mammoth: turns per paragraph', async () => {
    const { corpus } = await readCorpus(['word.docx'], { cwd: tmp });
    expect(corpus.sources[0]).toMatchObject({ format: 'docx', encoding: 'binary-container', kind: 'transcript' });
    expect(corpus.segments.map((g) => [g.speaker, g.text])).toEqual([
      ['Interviewer', 'Hoe werk je samen met de buurtsportcoach?'],
      ['Ilse', 'We delen een ruimte. Dat scheelt veel.'],
      ['Interviewer', 'Wat mis je nog?'],
      ['Ilse', 'Tijd om samen te evalueren.'],
    ]);
  });
  it('.odt by hand: spaces, tabs, line breaks, entities; heading skipped in a transcript', async () => {
    const { corpus } = await readCorpus(['writer.odt'], { cwd: tmp });
    expect(corpus.sources[0].text.startsWith('Gesprek buurtteam\n\nInterviewer: Wie neemt de regie?')).toBe(true);
    expect(corpus.segments.map((g) => [g.speaker, g.text])).toEqual([
      [null, 'Gesprek buurtteam'],
      ['Interviewer', 'Wie neemt de regie?'],
      ['Bram', 'Dat wisselt   per\tcasus. Meestal wij & de school.'],
      ['Interviewer', 'Waarom?\nKun je een voorbeeld geven?'],
      ['Bram', 'Bij schoolverzuim ligt het voor de hand.'],
    ]);
  });
  it('.pdf via unpdf: text layer read like a .txt transcript', async () => {
    const { corpus } = await readCorpus(['talk.pdf'], { cwd: tmp });
    expect(corpus.sources[0]).toMatchObject({ format: 'pdf', encoding: 'binary-container', kind: 'transcript' });
    expect(corpus.segments.map((g) => [g.speaker, g.role, g.text])).toEqual([
      ['Interviewer', 'interviewer', 'Hoe gaat het met de wijkagent?'],
      ['Karin', 'respondent', 'Goed, we bellen wekelijks.'],
      ['Interviewer', 'interviewer', 'Altijd?'],
      ['Karin', 'respondent', 'Meestal.'],
    ]);
  });
  it('.csv open answers: one segment per non-empty answer, respondent as speaker, question and attributes in meta', async () => {
    const { corpus } = await read('answers.csv');
    const s = corpus.sources[0];
    expect(s.kind).toBe('survey');
    expect(s.meta).toMatchObject({ textColumn: 'antwoord', respondentColumn: 'respondent', questionColumn: 'vraag' });
    expect(corpus.segments.map((g) => [g.speaker, g.role, g.meta?.question, g.meta?.team, g.text])).toEqual([
      ['R1', 'respondent', 'Wat helpt bij samenwerken?', 'Noord', 'Korte lijnen met de wijkagent.'],
      ['R2', 'respondent', 'Wat helpt bij samenwerken?', 'Zuid', '=SUM(A1) is geen antwoord, maar: duidelijke afspraken.'],
      ['R4', 'respondent', 'Wat helpt bij samenwerken?', 'Zuid', 'Dat we elkaar\necht kennen.'],
    ]);
  });
  it('.xlsx open answers via exceljs (astral characters keep offsets)', async () => {
    const { corpus } = await readCorpus(['survey.xlsx'], { cwd: tmp });
    expect(corpus.segments.map((g) => [g.speaker, g.meta?.question, g.meta?.gemeente])).toEqual([
      ['A1', 'What helps?', 'Oost'],
      ['A2', 'What helps?', 'West'],
      ['A3', 'What hinders?', 'Oost'],
    ]);
    expect(corpus.segments[2].start).toBe(cpLength('Regular case meetings with the school.\n\n@mention the social worker directly 👍\n\n'));
    checkOffsets(corpus);
  });
  it('a CSV in a folder is a source only if it has an answer column (cases.csv is skipped)', async () => {
    const { corpus } = await read('.');
    expect(corpus.sources.some((s) => s.id === 'cases')).toBe(false);
    expect(corpus.sources.some((s) => s.id === 'answers')).toBe(true);
  });
});

describe('cases and project', () => {
  it('cases.csv sets case ids and attributes; unknown rows warn', async () => {
    const { corpus, diags } = await read('.', { cases: 'cases.csv' });
    const byId = new Map(corpus.sources.map((s) => [s.id, s] as [string, Source]));
    expect(byId.get('crlf-2')).toMatchObject({ case: 'R01', attributes: { team: 'wijkcoaches', order: '1' } });
    expect(byId.get('crlf')?.case).toBe('crlf'); // crlf.txt in the table matches the .txt only
    expect(byId.get('bom-utf8')).toMatchObject({ case: 'R02', attributes: { team: 'jongerenwerkers' } });
    const w = diags.find((d) => d.ruleId === 'unknown-case-source');
    expect(w).toMatchObject({ file: 'cases.csv', line: 4 });
  });
  it('qda.yaml: sources, inline case attributes, language; YAML errors with line:col', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-proj-'));
    mkdirSync(join(dir, 'interviews'));
    writeFileSync(join(dir, 'interviews', 'r1.txt'), 'Interviewer: Vraag?\nR1: Antwoord.\n');
    writeFileSync(join(dir, 'qda.yaml'), 'sources: [interviews]\nlanguage: nl\ncases:\n  r1: { case: C1, team: Oost }\n');
    const { corpus } = await readCorpus([], { cwd: dir });
    expect(corpus.sources[0]).toMatchObject({ id: 'r1', case: 'C1', attributes: { team: 'Oost' }, language: 'nl' });
    writeFileSync(join(dir, 'qda.yaml'), 'sources: [interviews\nlanguage: nl\n');
    const io = memoryIo(dir);
    expect(await main(['segments', 'interviews'], io)).toBe(2);
    expect(io.err()).toMatch(/^qda\.yaml:\d+:\d+: error: .*\[ingest:bad-yaml\]/);
  });
});

describe('bad input: one clear message, exit 2, no stack trace', () => {
  const run = async (args: string[], cwd = FIX) => {
    const io = memoryIo(cwd);
    const code = await main(['segments', ...args], io);
    return { code, err: io.err(), out: io.out() };
  };
  const noStack = (err: string) => expect(err).not.toMatch(/\n\s+at .*:\d+:\d+/);

  it('missing file', async () => {
    const r = await run(['nope.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^nope\.txt: error: file or folder not found \[ingest:file-not-found\]\n  hint: check the path/);
    noStack(r.err);
  });
  it('folder with no readable sources', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-empty-'));
    writeFileSync(join(d, 'notes.rtf'), 'x');
    const r = await run(['.'], d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: this folder has no readable sources \(it holds 1 \.rtf\) \[ingest:no-sources\]\n  hint: put transcripts .*\.txt/);
    noStack(r.err);
  });
  it('binary file', async () => {
    writeFileSync(join(tmp, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 0xff]));
    const r = await run(['photo.txt'], tmp);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^photo\.txt: error: this looks like a binary file.*\[ingest:binary-file\]\n  hint: /);
    noStack(r.err);
  });
  it('unknown extension', async () => {
    writeFileSync(join(tmp, 'notes.rtf'), '{\\rtf1 Interviewer: hallo}');
    const r = await run(['notes.rtf'], tmp);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^notes\.rtf: error: cannot read ".rtf" files \[ingest:unknown-extension\]\n  did you mean: \.txt, \.md/);
    expect(r.err).toMatch(/hint: give a file with one of the extensions/);
    noStack(r.err);
  });
  it('undecodable file', async () => {
    writeFileSync(join(tmp, 'broken.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Interviewer: caf'), Buffer.from([0xe9, 0x21])]));
    const r = await run(['broken.txt'], tmp);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^broken\.txt:1:17: error: .*not valid UTF-8 \[ingest:undecodable\]\n  hint: .*--encoding windows-1252/);
    const forced = await run(['cp1252.txt', '--encoding', 'utf-8']);
    expect(forced.code).toBe(2);
    expect(forced.err).toMatch(/^cp1252\.txt:\d+:\d+: error: cannot decode the file as utf-8.*\[ingest:undecodable\]/);
    noStack(r.err + forced.err);
  });
  it('no speaker labels: a warning, not an error (exit 0)', async () => {
    const r = await run(['no-speakers.txt']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^no-speakers\.txt: warning: no speaker labels found.*\[ingest:no-speaker-labels\]\n  hint: /);
  });
  it('a bad file inside a folder is skipped with a warning, or stops the run with --strict', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-mixed-'));
    writeFileSync(join(d, 'good.txt'), 'Interviewer: Vraag?\nR: Antwoord.\n');
    writeFileSync(join(d, 'bad.txt'), Buffer.from([1, 2, 0, 0, 5, 6, 0, 7]));
    const r = await run(['.', '--format', 'json'], d);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^bad\.txt: warning: .*\[ingest:binary-file\]/);
    expect(JSON.parse(r.out).sources.map((s: Source) => s.id)).toEqual(['good']);
    const s = await run(['.', '--strict'], d);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/^bad\.txt: error: /);
  });
  it('readSource throws QdaInputError (not a raw Node error) for a folder given as a file', async () => {
    await expect(readSource('.', { cwd: FIX })).rejects.toBeInstanceOf(QdaInputError);
  });
});

describe('qda segments output', () => {
  it('json: sources without text, segments', async () => {
    const io = memoryIo(FIX);
    expect(await main(['segments', 'crlf.txt', 'zoom.vtt', '--format', 'json', '--cases', 'cases.csv'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.sources.map((s: Source) => s.id)).toEqual(['crlf', 'zoom']);
    expect(doc.sources[0].text).toBeUndefined();
    expect(doc.sources[0].case).toBe('R01');
    expect(doc.segments).toHaveLength(7);
  });
  it('csv: one row per segment, attribute columns, formulas neutralised', async () => {
    const io = memoryIo(FIX);
    expect(await main(['segments', 'answers.csv', 'bom-utf8.txt', '--format', 'csv', '--cases', 'cases.csv'], io)).toBe(0);
    const Papa = (await import('papaparse')).default;
    const rows = Papa.parse<Record<string, string>>(io.out(), { header: true, skipEmptyLines: true }).data;
    expect(Object.keys(rows[0])).toEqual(['segment', 'source', 'case', 'kind', 'order', 'team', 'index', 'turn', 'line', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text']);
    expect(rows).toHaveLength(5);
    expect(rows[1].text.startsWith("'=SUM(A1)")).toBe(true);
    expect(rows[3]).toMatchObject({ source: 'bom-utf8', case: 'R02', team: 'jongerenwerkers', speaker: 'Interviewer', role: 'interviewer' });
  });
  it('md: a table per source; -o writes a file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-out-'));
    const io = memoryIo(FIX);
    expect(await main(['segments', 'timestamps.txt', '-o', join(d, 'seg.md')], io)).toBe(0);
    const md = readFileSync(join(d, 'seg.md'), 'utf8');
    expect(md).toContain('## timestamps');
    expect(md).toContain('| 0 | Interviewer | interviewer | 24–50 | 00:00:05 | Hoe begon de samenwerking? |');
    expect(readdirSync(d)).toEqual(['seg.md']);
  });
});

describe('property: random transcripts keep offsets exact', () => {
  const word = fc.constantFrom('de', 'wijk', 'team', 'ok', 'bijv.', 'o.a.', 'Mevr.', 'J.', 'café', '😊', '𝔘', 'e.g.', 'Yes.', 'nee!', '{{trust}}', 'Let', 'op:', '[[samen]]{{x}}', '…', '”', '(10:15)');
  const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
  const label = fc.constantFrom('Interviewer: ', 'R1: ', '[Anna] ', 'MARK: ', '[00:01:02] Q: ', '', '  ', '> ');
  const line = fc.tuple(label, sentence).map(([l, s]) => l + s);
  const nl = fc.constantFrom('\n', '\r\n', '\n\n', '\r\n\r\n', '\n \n');
  const doc = fc.array(fc.tuple(line, nl), { minLength: 0, maxLength: 20 }).map((ls) => ls.map(([l, n]) => l + n).join(''));
  for (const kind of ['transcript', 'observation', 'document'] as const) {
    it(`${kind}: text === cpSlice(source.text, start, end), ordered, non-overlapping`, () => {
      fc.assert(
        fc.property(doc, fc.constantFrom<Unit>('turn', 'sentence', 'paragraph'), (text, unit) => {
          const src: Source = { id: 's', path: 's.txt', kind, format: 'txt', case: 's', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: cpLength(text) };
          const segs = segmentSource(src, unit);
          let end = 0;
          segs.forEach((g, i) => {
            if (g.text !== cpSlice(text, g.start, g.end)) throw new Error(`slice mismatch at ${i}`);
            if (g.start < end || g.end <= g.start || g.end > src.length) throw new Error(`order at ${i}`);
            if (g.text.trim() !== g.text) throw new Error(`untrimmed ${i}`);
            end = g.end;
          });
        }),
        { numRuns: 300 },
      );
    });
  }
});
