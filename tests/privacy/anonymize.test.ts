import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { isValidBsn, isValidIban, findPatterns } from '../../src/privacy/patterns.js';
import { findHeuristicNames, findSpeakerLabels, isRoleLabel } from '../../src/privacy/names.js';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { makeOffsetMapper, remapCodings } from '../../src/privacy/remap.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';
import type { CodingsDocument, Coding, Source } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const fixtures = join(__dirname, '../fixtures/privacy');

/** Independent 11-proef. */
function elfproef(s: string): boolean {
  const d = s.padStart(9, '0').split('').map(Number);
  const sum = d.slice(0, 8).reduce((a, x, i) => a + x * (9 - i), 0) - d[8];
  return sum % 11 === 0 && !/^0+$/.test(s);
}

describe('patterns', () => {
  it('BSN: the 11-proef, 8 digits read with a leading zero', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('12345672')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
    for (let n = 100000000; n < 100000000 + 3000; n += 7) expect(isValidBsn(String(n))).toBe(elfproef(String(n)));
  });

  it('IBAN mod 97', () => {
    expect(isValidIban('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(isValidIban('NL91 ABNA 0417 1643 01')).toBe(false);
  });

  it('finds Dutch phone formats, e-mail, postcodes and only valid BSNs', () => {
    const phones = ['06-12345678', '06 1234 5678', '0612345678', '+31 6 1234 5678', '+31612345678', '0031 6 12345678', '020-1234567', '053 123 4567', '(053) 123 45 67', '+31 (0)20 123 4567'];
    for (const p of phones) {
      const f = findPatterns(`bel ${p} maar`);
      expect(f.map((x) => [x.kind, x.original]), p).toEqual([['phone', p]]);
    }
    // a hyphen with spaces around it, an en dash, a slash (session 19: these were left in the output)
    for (const p of ['06 - 12345678', '06 - 12 34 56 78', '06–12345678', '06 / 1234 5678', '053 - 489 12 34', '+31 - 6 - 1234 5678']) {
      expect(findPatterns(`bel ${p}.`).map((x) => [x.kind, x.original]), p).toEqual([['phone', p]]);
    }
    for (const notPhone of ['06-12-2023', '1234567', '2024', 'versie 0.12.3456', '2019 - 2020 - 2021', '01/02/2020']) expect(findPatterns(`x ${notPhone} y`).filter((f) => f.kind === 'phone'), notPhone).toEqual([]);
    expect(findPatterns('post 7511 AB en 1234AB, niet 2024 in').filter((f) => f.kind === 'postcode').map((f) => f.original)).toEqual(['7511 AB', '1234AB']);
    expect(findPatterns('bsn 111222333 en 123456789 en 12345672').filter((f) => f.kind === 'bsn').map((f) => f.original)).toEqual(['111222333', '12345672']);
    expect(findPatterns('mail a.b-c@sub.example.nl.').map((f) => f.original)).toEqual(['a.b-c@sub.example.nl']);
    expect(findPatterns('rekening NL91 ABNA 0417 1643 00.').map((f) => f.kind)).toEqual(['iban']);
  });
});

describe('names', () => {
  it('speaker labels and role labels', () => {
    const labels = findSpeakerLabels('Interviewer: ja\n[Anna de Boer]: nee\nJAN: ok\nR1: x\n[10:15] begin\n<v Bram>hoi</v>').map((l) => l.label);
    expect(labels).toEqual(['Interviewer', 'Anna de Boer', 'JAN', 'R1', 'Bram']);
    expect(labels.filter((l) => !isRoleLabel(l))).toEqual(['Anna de Boer', 'JAN', 'Bram']);
    expect(['Interviewer', 'I', 'R2', 'Respondent 3', 'Spreker 1', 'Speaker 2', 'P4', 'Onderzoeker'].every(isRoleLabel)).toBe(true);
  });

  it('heuristics: titles, initials, tussenvoegsels; not weekdays, months, places, organisations or sentence starts', () => {
    const text =
      'Op Maandag sprak ik met mevrouw De Vries en dhr. J.P. van der Linden. Daarna belde Pieter van den Berg. ' +
      'De Gemeente Enschede en het Wmo-loket waren er ook. In Januari komt Mr Smith. Gisteren zei mijn collega Femke dat het goed ging. ' +
      'Het Sociaal Domein heeft een Nieuwe Aanpak.';
    const found = findHeuristicNames(text).map((f) => f.original);
    for (const n of ['De Vries', 'J.P. van der Linden', 'Pieter van den Berg', 'Smith', 'Femke']) expect(found, n).toContain(n);
    for (const n of ['Maandag', 'Gemeente', 'Enschede', 'Wmo', 'Januari', 'Gisteren', 'Daarna', 'Sociaal Domein']) expect(found.some((f) => f.includes(n)), n).toBe(false);
  });
});

describe('names: line breaks and job-title labels', () => {
  it('a capitalised word at a line end and the next line\'s speaker label are not one name', () => {
    const text = 'Interview, kantoor wijkteam aan de Lijsterbeslaan\n\nInterviewer: Fijn dat je er bent.\nRuud Kampstra\nVan Dijk: ja';
    const found = findHeuristicNames(text);
    expect(found.some((f) => /\n/.test(f.original)), JSON.stringify(found)).toBe(false);
    expect(found.some((f) => f.original.includes('Interviewer'))).toBe(false);
    expect(found.map((f) => f.original)).toContain('Ruud Kampstra');
  });
  it('job titles used as speaker labels are roles, not names', () => {
    expect(['Jongerenwerker', 'Wijkcoach', 'Wijkcoach 2', 'Beleidsadviseur', 'Onderzoekster', 'Geïnterviewde', 'Youth worker'].every(isRoleLabel)).toBe(true);
    expect(['Sanne', 'Mohamed El Amrani', 'Jongen'].some(isRoleLabel)).toBe(false);
  });
});

describe('offset mapping', () => {
  it('carries spans through edits (code points, emoji before)', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Anna de Boer' }] });
    const text = '😀 Anna de Boer zegt: bel 06-12345678. Anna de Boer!';
    const r = p.apply(text);
    expect(r.text).toBe('😀 R1 zegt: bel [telefoon]. R1!');
    const map = makeOffsetMapper(r.edits);
    const span = (s: string) => {
      const u = text.indexOf(s);
      return [cpLength(text.slice(0, u)), cpLength(text.slice(0, u)) + cpLength(s)];
    };
    const [s, e] = span('Anna de Boer zegt: bel 06-12345678.');
    expect(cpSlice(r.text, map(s, 'start'), map(e, 'end'))).toBe('R1 zegt: bel [telefoon].');
    // a span cutting through a name grows to cover the whole pseudonym
    const [s2] = span('de Boer zegt');
    expect(cpSlice(r.text, map(s2, 'start'), map(s2 + 12, 'end'))).toBe('R1 zegt');
  });
});

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-anon-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sha(path: string) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)).map((x) => `${e.name}/${x}`) : [e.name]));
}

function mkSource(id: string, path: string, text: string): Source {
  return { id, path, kind: 'transcript', format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: text.includes('\r\n') ? 'crlf' : 'lf', sha256: '', text, length: cpLength(text) };
}

describe('qda anonymize (CLI)', () => {
  it('replaces every planted identifier, consistently, keeps codings aligned and leaves the inputs untouched', async () => {
    const work = join(tmp, 'study');
    cpSync(join(fixtures, 'corpus'), join(work, 'corpus'), { recursive: true });
    cpSync(join(fixtures, 'names.csv'), join(work, 'names.csv'));
    const f1 = join(work, 'corpus/nl/interview-01.txt');
    const f2 = join(work, 'corpus/interview-02.txt');
    const t1 = readFileSync(f1, 'utf8');
    const t2 = readFileSync(f2, 'utf8');
    // codings over words that contain identifiers
    const s1 = mkSource('interview-01', 'corpus/nl/interview-01.txt', t1);
    const s2 = mkSource('interview-02', 'corpus/interview-02.txt', t2);
    const code = (s: Source, words: string, c: string, memo?: string): Coding => {
      const u = s.text.indexOf(words);
      expect(u, words).toBeGreaterThanOrEqual(0);
      const start = cpLength(s.text.slice(0, u));
      return { id: `${s.id}:${c}:${start}`, sourceId: s.id, code: c, coder: 'human', start, end: start + cpLength(words), ...(memo ? { memo } : {}) };
    };
    const codings = [
      code(s1, 'Vooral met mijn collega Petra Jansen en met mevrouw Bakker van het wijkteam.', 'collab', 'Karin noemt Petra Jansen'),
      code(s1, 'Zijn BSN is 111222333, het dossiernummer 123456789.', 'privacy'),
      code(s2, 'John Williams called me, +31 6 1234 5678.', 'contact'),
      code(s1, 'Ik werk sinds maandag', 'start'), // no identifiers inside
    ];
    const doc: CodingsDocument = { provenance: { tool: 'qdakit', version: '0.1.0' }, codebooks: [], codes: [], sources: [s1, s2], segments: [], codings };
    writeFileSync(join(work, 'codings.json'), JSON.stringify(doc));
    const before = new Map(walk(join(work, 'corpus')).map((f) => [f, sha(join(work, 'corpus', f))]));

    const io = memoryIo(work);
    const code0 = await main(['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--key', 'key.csv', '--codings', 'codings.json'], io);
    expect(io.err()).toBe('');
    expect(code0).toBe(0);
    // inputs byte-identical
    for (const [f, h] of before) expect(sha(join(work, 'corpus', f)), f).toBe(h);
    // paths relative to the input folder (not mirrored from the current folder)
    expect(walk(join(work, 'anon')).sort()).toEqual(['anonymize-report.csv', 'codings.json', 'interview-02.txt', 'nl/interview-01.txt']);

    const a1 = readFileSync(join(work, 'anon/nl/interview-01.txt'), 'utf8');
    const a2 = readFileSync(join(work, 'anon/interview-02.txt'), 'utf8');
    const planted = ['Karin', 'Petra Jansen', 'Bakker', 'Pieter van den Berg', 'karin.smit@gemeente-voorbeeld.nl', '06-12345678', '7511 AB', '111222333', '020-1234567', '053 123 4567', 'Smith', 'John Williams', '+31 6 1234 5678', '(053) 123 45 67', '0031 6 12345678', 'p.jansen@example.com', '1234AB', '06 1234 5678', '012345672'];
    for (const p of planted) expect(a1.includes(p) || a2.includes(p), p).toBe(false);
    // kept: role labels, invalid BSN, non-names
    for (const k of ['Interviewer:', '123456789', 'Gemeente Enschede', 'Wmo-loket', 'maandag', 'mevrouw R', 'dochter belde']) expect(a1, k).toContain(k);
    expect(a2).toContain('Mr R');
    expect(a2).toContain('\r\n'); // newlines preserved
    expect(a2.split('\r\n').length).toBe(t2.split('\r\n').length);
    // consistent: Petra Jansen has the same pseudonym in both files
    const key = readFileSync(join(work, 'key.csv'), 'utf8');
    const petra = /^Petra Jansen,(R\d+),person$/m.exec(key)![1];
    expect(a1).toContain(`collega ${petra} en`);
    expect(a2).toContain(`reach ${petra} at`);
    const karin = /^Karin,(R\d+),person$/m.exec(key)![1];
    expect(a1).toContain(`${karin}: Ja hoor.`);
    expect(a1).toContain(`Dank u wel, ${karin}.`);
    expect(a1).toContain('[telefoon]');
    expect(a2).toContain('[phone]');
    // files in path order: interview-02 comes first, so its address is email1
    expect(a2).toContain('e-mail email1@example.org.');
    expect(a1).toContain('mailen op email2@example.org of');

    // the report in the shared output folder lists every replacement with place and rule, but no originals
    const shared = readFileSync(join(work, 'anon/anonymize-report.csv'), 'utf8').trim().split('\n');
    expect(shared[0]).toBe('file,line,column,replacement,kind,rule');
    expect(shared).toContain('nl/interview-01.txt,7,67,[BSN],bsn,bsn-11-proef');
    for (const p of ['111222333', 'Petra Jansen', 'Bakker', 'Karin']) expect(shared.join('\n')).not.toContain(p);
    // the full report (with the originals, to review the heuristics) lies beside the key, outside the output
    const report = readFileSync(join(work, 'key-report.csv'), 'utf8').trim().split('\n');
    expect(report[0]).toBe('file,line,column,original,replacement,kind,rule');
    expect(report).toContain('nl/interview-01.txt,7,67,111222333,[BSN],bsn,bsn-11-proef');
    expect(report.some((r) => r.includes('Pieter van den Berg') && r.endsWith('heuristic-capitalised'))).toBe(true);
    expect(report.some((r) => r.includes(',Bakker,') && r.endsWith('heuristic-title'))).toBe(true);
    expect(report.some((r) => r.includes('Petra Jansen') && r.endsWith('names-list'))).toBe(true);

    // codings aligned: the coded text after = the pseudonymised coded text before
    const out = await readCodings(join(work, 'anon/codings.json'));
    const p = new Pseudonymiser({ key: key.trim().split('\n').slice(1).map((l) => { const [original, pseudonym, kind] = l.split(','); return { original, pseudonym, kind: kind as 'person' }; }), heuristics: false });
    for (const c of out.codings) {
      const src = out.sources.find((s) => s.id === c.sourceId)!;
      const orig = doc.codings.find((x) => x.id === c.id)!;
      const before = cpSlice(doc.sources.find((s) => s.id === c.sourceId)!.text, orig.start, orig.end);
      const after = cpSlice(src.text, c.start, c.end);
      expect(after).toBe(p.apply(before, c.sourceId === 'interview-02' ? 'en' : 'nl').text);
      expect(src.text).toBe(c.sourceId === 'interview-02' ? a2 : a1);
    }
    expect(out.codings[0].memo).toBe(`${karin} noemt ${petra}`);
    expect(out.sources[0].path).toBe('anon/nl/interview-01.txt');

    // a second run with the key file gives the same output
    const io2 = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'anon2', '--names', 'names.csv', '--key', 'key.csv'], io2)).toBe(0);
    expect(readFileSync(join(work, 'anon2/nl/interview-01.txt'), 'utf8')).toBe(a1);
    expect(readFileSync(join(work, 'key.csv'), 'utf8')).toBe(key);
  });

  it('refuses to write into or over the inputs', async () => {
    const work = join(tmp, 'refuse');
    cpSync(join(fixtures, 'corpus'), join(work, 'corpus'), { recursive: true });
    for (const args of [
      ['anonymize', 'corpus', '-o', 'corpus'],
      ['anonymize', 'corpus', '-o', 'corpus/anon'],
      ['anonymize', 'corpus/nl/interview-01.txt', '-o', '.'],
      ['anonymize', 'corpus', '-o', '.'],
    ]) {
      const io = memoryIo(work);
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toContain('out-overlaps-input');
    }
    expect(existsSync(join(work, 'corpus/anon'))).toBe(false);
    const io = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'out', '--key', 'out/key.csv'], io)).toBe(2);
    expect(io.err()).toContain('key-in-output');
  });

  it('writes paths relative to the common base folder of the inputs', async () => {
    const work = join(tmp, 'layout');
    cpSync(join(fixtures, 'corpus'), join(work, 'study/corpus'), { recursive: true });
    cpSync(join(fixtures, 'corpus'), join(work, 'study/more'), { recursive: true });
    const run = async (args: string[]) => {
      const io = memoryIo(work);
      expect(await main(['anonymize', ...args, '--no-heuristics'], io), io.err()).toBe(0);
    };
    // one folder: the folder itself is the base
    await run(['study/corpus/nl', '-o', 'one']);
    expect(walk(join(work, 'one')).sort()).toEqual(['anonymize-report.csv', 'interview-01.txt']);
    // several folders: their common parent, so the folder names stay
    await run(['study/corpus', 'study/more/nl', '-o', 'two']);
    expect(walk(join(work, 'two')).sort()).toEqual(['anonymize-report.csv', 'corpus/interview-02.txt', 'corpus/nl/interview-01.txt', 'more/nl/interview-01.txt']);
    // files: their common folder
    await run(['study/corpus/nl/interview-01.txt', 'study/corpus/interview-02.txt', '-o', 'three']);
    expect(walk(join(work, 'three')).sort()).toEqual(['anonymize-report.csv', 'interview-02.txt', 'nl/interview-01.txt']);
    // absolute input paths give the same layout (nothing mirrored from the current folder)
    await run([join(work, 'study/corpus'), '-o', 'four']);
    expect(walk(join(work, 'four')).sort()).toEqual(['anonymize-report.csv', 'interview-02.txt', 'nl/interview-01.txt']);
  });

  it('--no-heuristics replaces only listed names, labels and patterns', async () => {
    const work = join(tmp, 'noheur');
    cpSync(join(fixtures, 'corpus'), join(work, 'corpus'), { recursive: true });
    const io = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'anon', '--no-heuristics'], io)).toBe(0);
    const a1 = readFileSync(join(work, 'anon/nl/interview-01.txt'), 'utf8');
    expect(a1).toContain('Pieter van den Berg');
    expect(a1).not.toContain('Karin');
    expect(a1).not.toContain('111222333');
    expect(readFileSync(join(work, 'anon/anonymize-report.csv'), 'utf8')).not.toContain('heuristic');
  });

  it('the report beside the key is never written over an input (a names list called key-report.csv)', async () => {
    const work = join(tmp, 'keyreport');
    cpSync(join(fixtures, 'corpus'), join(work, 'corpus'), { recursive: true });
    const names = 'name,pseudonym\nPetra Jansen,R7\n';
    writeFileSync(join(work, 'key-report.csv'), names);
    const io = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'anon', '--key', 'key.csv', '--names', 'key-report.csv'], io)).toBe(2);
    expect(io.err()).toContain('key-report.csv');
    expect(io.err()).toContain('key-report-is-input');
    expect(readFileSync(join(work, 'key-report.csv'), 'utf8')).toBe(names);
    expect(existsSync(join(work, 'anon'))).toBe(false);
    expect(existsSync(join(work, 'key.csv'))).toBe(false);
  });

  it('a key file\'s own columns (notes, a cell past the header) are written back with it, not dropped', async () => {
    const work = join(tmp, 'keycols');
    cpSync(join(fixtures, 'corpus'), join(work, 'corpus'), { recursive: true });
    writeFileSync(join(work, 'key.csv'), 'original,pseudonym,kind,rol\nPetra Jansen,R7,person,wijkcoach team Noord\nKarin,R8,person\nOnbekend Persoon,R9,person,,zie logboek 12 mei\n');
    const io = memoryIo(work);
    expect(await main(['anonymize', 'corpus', '-o', 'anon', '--key', 'key.csv'], io), io.err()).toBe(0);
    const rows = readFileSync(join(work, 'key.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('original,pseudonym,kind,rol,');
    expect(rows).toContain('Petra Jansen,R7,person,wijkcoach team Noord,');
    expect(rows).toContain('Onbekend Persoon,R9,person,,zie logboek 12 mei');
    // names found in this run are added with empty cells in those columns
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows.slice(4)) expect(r).toMatch(/,,$/);
    // and a second run keeps them again, byte for byte
    const before = readFileSync(join(work, 'key.csv'), 'utf8');
    expect(await main(['anonymize', 'corpus', '-o', 'anon2', '--key', 'key.csv'], memoryIo(work))).toBe(0);
    expect(readFileSync(join(work, 'key.csv'), 'utf8')).toBe(before);
  });
});

describe('remapCodings', () => {
  it('moves segments and evidence matches too', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Bram' }] });
    const text = 'Bram: wij vertrouwen Bram.';
    const r = p.apply(text);
    const s = mkSource('s', 's.txt', text);
    const doc: CodingsDocument = {
      provenance: { tool: 'qdakit', version: '0' },
      codebooks: [],
      codes: [],
      sources: [s],
      segments: [{ id: 's#0', sourceId: 's', index: 0, unit: 'turn', speaker: 'Bram', role: 'respondent', start: 6, end: 26, text: 'wij vertrouwen Bram.' }],
      codings: [{ id: 'c', sourceId: 's', code: 'trust', coder: 'rules', start: 6, end: 26, evidence: { matches: [{ start: 10, end: 20, term: 'vertrouwen' }] } }],
    };
    const out = remapCodings(doc, new Map([['s', { text: r.text, edits: r.edits }]]), (x) => p.apply(x).text);
    expect(out.segments[0]).toMatchObject({ speaker: 'R1', text: 'wij vertrouwen R1.', start: 4, end: 22 });
    expect(out.codings[0].evidence!.matches![0]).toEqual({ start: 8, end: 18, term: 'vertrouwen' });
  });
});
