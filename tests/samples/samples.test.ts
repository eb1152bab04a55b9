// Checks on the bundled sample corpus in samples/: that it has what the README and the
// issues promise (counts, groups, formats and their quirks), that its metadata is consistent
// (cases.csv, qda.yaml, topics.yaml, the two coders' CSVs), that human codings only use codes
// of the built-in codebooks, and that the generated files are exactly what the script makes.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, extname, basename, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import Papa from 'papaparse';
import YAML from 'yaml';
import { unzipSync, strFromU8 } from 'fflate';
import iconv from 'iconv-lite';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Corpus } from '../../src/model/types.js';

const root = resolve(__dirname, '..', '..');
const S = join(root, 'samples');
const SOURCE_EXT = new Set(['.txt', '.md', '.docx', '.odt', '.vtt', '.srt']);
const stem = (f: string) => basename(f, extname(f));
const list = (dir: string) =>
  readdirSync(join(S, dir))
    .filter((f) => !f.startsWith('.') && SOURCE_EXT.has(extname(f)))
    .sort();

type Row = Record<string, string>;
function readCsv(file: string): Row[] {
  const r = Papa.parse<Row>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  expect(r.errors, `${file} parses as CSV`).toEqual([]);
  return r.data;
}

/** Same normalisation a reader of codes uses: lower case, runs of spaces/underscores → '-'. */
const key = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '-');

const project = YAML.parse(readFileSync(join(S, 'qda.yaml'), 'utf8')) as {
  sources: string[];
  cases: string;
  codebooks: string[];
  language: string;
  interviewers: string[];
};
const interviews = list('interviews');
const observations = list('observations');
const documents = list('documents');
const cases = readCsv(join(S, 'cases.csv'));

/** Labels (ids and names) of the project's built-in codebooks, or the ids that are missing. */
function codebookLabels(): { labels: Set<string>; missing: string[] } {
  const labels = new Set<string>();
  const missing: string[] = [];
  for (const id of project.codebooks) {
    const file = join(root, 'codebooks', `${id}.yaml`);
    if (!existsSync(file)) {
      missing.push(id);
      continue;
    }
    const book = YAML.parse(readFileSync(file, 'utf8')) as { codes: Array<{ id: string; name?: { nl?: string; en?: string } }> };
    for (const c of book.codes) {
      labels.add(key(c.id));
      for (const n of [c.name?.nl, c.name?.en]) if (n) labels.add(key(n));
    }
  }
  return { labels, missing };
}
const books = codebookLabels();
const booksMissing = books.missing.length > 0;
if (booksMissing) console.warn(`samples test: built-in codebook(s) ${books.missing.join(', ')} not (yet) in codebooks/; code-id checks are skipped`);

/** Text of a UTF-8 sample (the only kind that carries inline markers). */
const utf8 = (dir: string, f: string) => readFileSync(join(S, dir, f), 'utf8');

/** Inline markers `{{a, b @coder | memo}}` and legacy `Code: label` in a text. */
function markers(text: string): Array<{ index: number; labels: string[]; coder?: string }> {
  const out: Array<{ index: number; labels: string[]; coder?: string }> = [];
  for (const m of text.matchAll(/\{\{([^{}\n]*)\}\}/g)) {
    let body = m[1].split('|')[0];
    let coder: string | undefined;
    body = body.replace(/@(\S+)/g, (_, c: string) => ((coder = c), ''));
    out.push({ index: m.index!, labels: body.split(',').map((s) => s.trim()).filter(Boolean), ...(coder ? { coder } : {}) });
  }
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])Code:[ \t]+([a-z][a-z -]*[a-z])/gu)) out.push({ index: m.index!, labels: [m[1]] });
  return out;
}

describe('sample corpus: contents', () => {
  it('has at least 12 interviews in at least two groups, 3 observations and 1 document', () => {
    expect(interviews.length).toBeGreaterThanOrEqual(12);
    expect(observations).toHaveLength(3);
    expect(documents).toHaveLength(1);
    const groups = new Map<string, number>();
    for (const f of interviews) {
      const row = cases.find((r) => r.source === stem(f));
      groups.set(row?.group ?? '?', (groups.get(row?.group ?? '?') ?? 0) + 1);
    }
    const big = [...groups].filter(([, n]) => n >= 5);
    expect(big.length, `groups: ${JSON.stringify([...groups])}`).toBeGreaterThanOrEqual(2);
  });

  it('has Dutch and English interviews (language column) and every interview lies in 400–1,200 words', () => {
    const langs = new Set(interviews.map((f) => cases.find((r) => r.source === stem(f))?.language));
    expect([...langs].sort()).toEqual(['en', 'nl']);
    const english = interviews.filter((f) => cases.find((r) => r.source === stem(f))?.language === 'en');
    expect(english.length).toBeGreaterThanOrEqual(3);
    for (const f of interviews.filter((x) => !x.endsWith('.docx'))) {
      let text = f === 'wijkcoach-03.txt' ? iconv.decode(readFileSync(join(S, 'interviews', f)), 'win1252') : utf8('interviews', f);
      if (f.endsWith('.vtt')) text = [...text.matchAll(/<v [^>]+>(.*)<\/v>/g)].map((m) => m[1]).join(' ');
      const words = text.split(/\s+/).filter(Boolean).length;
      expect(words, f).toBeGreaterThanOrEqual(400);
      expect(words, f).toBeLessThanOrEqual(1200);
    }
  });

  it('lists every source in cases.csv, and every cases.csv row names an existing source', () => {
    const files = [...interviews, ...observations, ...documents].map(stem).sort();
    const rows = cases.map((r) => r.source).sort();
    expect(rows).toEqual(files);
    expect(new Set(cases.map((r) => r.case)).size).toBe(cases.length);
    for (const r of cases) {
      expect(r.date, r.source).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['wijkcoach', 'jongerenwerker', 'beleid', 'observatie', 'document']).toContain(r.group);
    }
  });

  it('numbers the interviews 1..n in an order that differs from the file names', () => {
    const rows = cases.filter((r) => r.order !== '');
    const orders = rows.map((r) => Number(r.order)).sort((a, b) => a - b);
    expect(orders).toEqual(Array.from({ length: interviews.length }, (_, i) => i + 1));
    const byOrder = [...rows].sort((a, b) => Number(a.order) - Number(b.order)).map((r) => r.source);
    expect(byOrder).not.toEqual([...byOrder].sort());
    // interview order follows the interview dates
    const dates = [...rows].sort((a, b) => Number(a.order) - Number(b.order)).map((r) => r.date);
    expect(dates).toEqual([...dates].sort());
  });
});

describe('sample corpus: realistic mess', () => {
  it('wijkcoach-03.txt is Windows-1252: not valid UTF-8, has bytes 0x80–0x9F, decodes to é/ë/€/curly quotes', () => {
    const buf = readFileSync(join(S, 'interviews', 'wijkcoach-03.txt'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(buf)).toThrow();
    const c1 = [...buf].filter((b) => b >= 0x80 && b <= 0x9f);
    expect(c1.length).toBeGreaterThan(3);
    expect(new Set(c1)).toContain(0x80); // €
    const text = iconv.decode(buf, 'win1252');
    for (const s of ['Mariëlle:', 'café', '€ 2.500', '“', '”', '’', '–', '…']) expect(text, s).toContain(s);
  });

  it('wijkcoach-04.txt has CRLF line endings only', () => {
    const buf = readFileSync(join(S, 'interviews', 'wijkcoach-04.txt'));
    const s = buf.toString('utf8');
    const crlf = s.match(/\r\n/g)?.length ?? 0;
    const lf = s.match(/\n/g)?.length ?? 0;
    expect(crlf).toBeGreaterThan(10);
    expect(crlf).toBe(lf);
  });

  it('wijkcoach-05.vtt is a Teams WebVTT export with <v Name> voices and increasing cue times', () => {
    const s = utf8('interviews', 'wijkcoach-05.vtt');
    expect(s.startsWith('WEBVTT')).toBe(true);
    const voices = new Set([...s.matchAll(/<v ([^>]+)>/g)].map((m) => m[1]));
    expect([...voices].sort()).toEqual(['Lotte Brinkman', 'Ruud Kampstra']);
    expect(project.interviewers).toContain('Lotte Brinkman');
    const secs = (t: string) => t.split(':').reduce((a, x) => a * 60 + Number(x), 0);
    const cues = [...s.matchAll(/^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$/gm)].map((m) => [secs(m[1]), secs(m[2])]);
    expect(cues.length).toBeGreaterThan(20);
    for (let i = 0; i < cues.length; i++) {
      expect(cues[i][1]).toBeGreaterThan(cues[i][0]);
      if (i) expect(cues[i][0]).toBeGreaterThanOrEqual(cues[i - 1][1]);
    }
  });

  it('wijkcoach-02.docx is a zip (OOXML) with bold speaker labels in word/document.xml', () => {
    const buf = readFileSync(join(S, 'interviews', 'wijkcoach-02.docx'));
    expect([...buf.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const files = unzipSync(new Uint8Array(buf));
    expect(Object.keys(files)).toContain('word/document.xml');
    const xml = strFromU8(files['word/document.xml']);
    expect(xml).toContain('Joost: ');
    expect(xml).toContain('<w:b/>');
  });

  it('covers the speaker-label styles: Name:, [Name], NAME: with [hh:mm:ss], role labels, I:/R:', () => {
    expect(utf8('interviews', 'wijkcoach-06.txt')).toMatch(/^\[Femke\] /m);
    expect(utf8('interviews', 'jongerenwerker-01.txt')).toMatch(/^\[\d\d:\d\d:\d\d\] MO: /m);
    expect(utf8('interviews', 'jongerenwerker-05.txt')).toMatch(/^Jongerenwerker: /m);
    expect(utf8('interviews', 'wijkcoach-07.txt')).toMatch(/^I: [\s\S]*^R: /m);
  });

  it('observation notes have front matter (setting, date, observer, participants), [hh:mm] stamps and Beschrijving/Interpretatie blocks', () => {
    for (const f of observations) {
      const s = utf8('observations', f);
      const fm = /^---\n([\s\S]*?)\n---\n/.exec(s);
      expect(fm, f).not.toBeNull();
      const meta = YAML.parse(fm![1]) as Record<string, unknown>;
      for (const k of ['setting', 'date', 'observer', 'participants']) expect(meta, `${f} ${k}`).toHaveProperty(k);
      expect(Array.isArray(meta.participants)).toBe(true);
      for (const p of meta.participants as string[]) expect(p).toMatch(/^[A-Z]\d$/);
      expect(s).toMatch(/^\[\d\d:\d\d\] /m);
      expect(s).toContain('## Beschrijving');
      expect(s).toContain('## Interpretatie');
    }
  });

  it('the committed script outputs are exactly what scripts/make-samples.mjs generates (deterministic)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-samples-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'make-samples.mjs'), dir], { cwd: root, stdio: 'pipe' });
      for (const f of ['wijkcoach-02.docx', 'wijkcoach-03.txt', 'wijkcoach-05.vtt']) {
        expect(Buffer.compare(readFileSync(join(dir, f)), readFileSync(join(S, 'interviews', f))), f).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sample corpus: project file and interview guide', () => {
  it('qda.yaml names the three source folders, cases.csv and three built-in codebooks', () => {
    expect(project.sources).toEqual(['interviews', 'observations', 'documents']);
    expect(project.cases).toBe('cases.csv');
    expect(project.codebooks).toEqual(['coordination-collaboration', 'kaats-opheij', 'hovik-hanssen']);
    expect(project.language).toBe('nl');
  });

  it('topics.yaml has parts with uniquely numbered questions in Dutch and English', () => {
    const guide = YAML.parse(readFileSync(join(S, 'topics.yaml'), 'utf8')) as {
      parts: Array<{ id: string; questions: Array<{ id: string; number: string; text: { nl: string; en: string }; code?: string }> }>;
    };
    expect(guide.parts.length).toBeGreaterThanOrEqual(4);
    const qs = guide.parts.flatMap((p) => p.questions);
    expect(qs.length).toBeGreaterThanOrEqual(12);
    expect(new Set(qs.map((q) => q.id)).size).toBe(qs.length);
    expect(new Set(qs.map((q) => q.number)).size).toBe(qs.length);
    for (const q of qs) {
      expect(q.text.nl, q.id).toMatch(/\?$/);
      expect(q.text.en, q.id).toMatch(/\?$/);
    }
  });

  it.skipIf(booksMissing)('topics.yaml tags questions only with codes of the built-in codebooks (skipped when a built-in codebook is missing)', () => {
    const guide = YAML.parse(readFileSync(join(S, 'topics.yaml'), 'utf8')) as { parts: Array<{ questions: Array<{ id: string; code?: string }> }> };
    for (const q of guide.parts.flatMap((p) => p.questions)) if (q.code) expect(books.labels, `${q.id}: ${q.code}`).toContain(key(q.code));
  });
});

describe('sample corpus: human codings', () => {
  it('carries inline markers (with @anna, memos, exact spans) and a legacy "Code:" transcript', () => {
    const all = interviews.filter((f) => f !== 'wijkcoach-03.txt' && !f.endsWith('.docx')).map((f) => utf8('interviews', f)).join('\n');
    expect(all).toMatch(/\]\]\{\{[^}]+@anna\}\}/);
    expect(all).toMatch(/\{\{[^}]+\|[^}]+\}\}/);
    expect(all).toMatch(/\{\{[^}@]+\}\}/);
    expect(utf8('interviews', 'jongerenwerker-02.txt').match(/Code: /g)!.length).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(booksMissing)('uses only codes that exist in the built-in codebooks (inline markers, legacy labels, codings CSVs; skipped when a built-in codebook is missing)', () => {
    const used: string[] = [];
    for (const f of interviews.filter((x) => x !== 'wijkcoach-03.txt' && !x.endsWith('.docx'))) {
      for (const m of markers(utf8('interviews', f))) used.push(...m.labels.map((l) => `${f}: ${l}`));
    }
    for (const c of ['anna.csv', 'bram.csv']) for (const r of readCsv(join(S, 'codings', c))) used.push(`${c}: ${r.code}`);
    expect(used.length).toBeGreaterThan(40);
    const unknown = used.filter((u) => !books.labels.has(key(u.slice(u.indexOf(': ') + 2))));
    expect(unknown).toEqual([]);
  });

  describe('two coders on the same two transcripts', () => {
    let corpus: Corpus;
    beforeAll(async () => {
      ({ corpus } = await readCorpus(['samples/interviews/wijkcoach-01.txt', 'samples/interviews/jongerenwerker-03.txt'], {
        cwd: root,
        config: 'samples/qda.yaml',
        report: () => {},
      }));
    });
    const anna = readCsv(join(S, 'codings', 'anna.csv'));
    const bram = readCsv(join(S, 'codings', 'bram.csv'));

    it('anna.csv and bram.csv cover the same two sources and point at respondent turns of the named speaker', () => {
      const srcs = (rows: Row[]) => [...new Set(rows.map((r) => r.source))].sort();
      expect(srcs(anna)).toEqual(['jongerenwerker-03', 'wijkcoach-01']);
      expect(srcs(bram)).toEqual(srcs(anna));
      for (const r of [...anna, ...bram]) {
        const seg = corpus.segments.find((s) => s.id === `${r.source}#${r.segment}`);
        expect(seg, `${r.source}#${r.segment}`).toBeDefined();
        expect(seg!.role).toBe('respondent');
        expect(seg!.speaker).toBe(r.speaker);
      }
    });

    it('anna.csv holds exactly the @anna inline markers, per turn', () => {
      const fromMarkers = new Set<string>();
      for (const src of corpus.sources) {
        for (const m of markers(src.text)) {
          if (m.coder !== 'anna') continue;
          const cp = [...src.text.slice(0, m.index)].length;
          const seg = corpus.segments.find((s) => s.sourceId === src.id && s.start <= cp && cp < s.end);
          expect(seg, `${src.id} marker at ${cp}`).toBeDefined();
          for (const l of m.labels) fromMarkers.add(`${src.id}#${seg!.index} ${key(l)}`);
        }
      }
      expect([...fromMarkers].sort()).toEqual(anna.map((r) => `${r.source}#${r.segment} ${key(r.code)}`).sort());
    });

    it('the coders agree on most but not all turn × code pairs', () => {
      const a = new Set(anna.map((r) => `${r.source}#${r.segment} ${r.code}`));
      const b = new Set(bram.map((r) => `${r.source}#${r.segment} ${r.code}`));
      const both = [...a].filter((x) => b.has(x)).length;
      expect(both / a.size).toBeGreaterThan(0.6);
      expect(both).toBeLessThan(Math.min(a.size, b.size));
    });
  });
});

describe('sample corpus: read by qdakit', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    ({ corpus } = await readCorpus(['samples'], { cwd: root, config: 'samples/qda.yaml', report: () => {} }));
  });

  it('reads every source with its case and group, and records the encodings and line endings', () => {
    expect(corpus.sources.map((s) => s.id).sort()).toEqual(cases.map((r) => r.source).sort());
    for (const s of corpus.sources) {
      const row = cases.find((r) => r.source === s.id)!;
      expect(s.case, s.id).toBe(row.case);
      expect(s.attributes.group, s.id).toBe(row.group);
    }
    const byId = new Map(corpus.sources.map((s) => [s.id, s]));
    expect(byId.get('wijkcoach-03')!.encoding).toBe('windows-1252');
    expect(byId.get('wijkcoach-04')!.newline).toBe('crlf');
    expect(byId.get('beleidsnotitie-samenwerking-sociaal-domein')!.kind).toBe('document');
    for (const o of observations) expect(byId.get(stem(o))!.kind).toBe('observation');
  });

  it('finds an interviewer and a respondent in every interview, and offsets slice the source text', () => {
    for (const f of interviews) {
      const src = corpus.sources.find((s) => s.id === stem(f))!;
      const segs = corpus.segments.filter((g) => g.sourceId === src.id);
      expect(segs.some((g) => g.role === 'interviewer'), f).toBe(true);
      expect(segs.filter((g) => g.role === 'respondent').length, f).toBeGreaterThanOrEqual(8);
      const cps = [...src.text];
      for (const g of segs) expect(cps.slice(g.start, g.end).join(''), g.id).toBe(g.text);
    }
  });
});

const SHARED = resolve(root, '..', 'shared');
describe.skipIf(!existsSync(SHARED))('sample corpus: invented text (needs ../shared)', () => {
  it('shares no run of 8 words with the study summaries or the shared data', () => {
    const words = (s: string) => s.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}']+/gu) ?? [];
    const shingles = new Set<string>();
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    for (const f of [...walk(join(SHARED, 'domain')), ...walk(join(SHARED, 'data'))].filter((x) => /\.(md|txt|csv)$/.test(x))) {
      const w = words(readFileSync(f, 'utf8'));
      for (let i = 0; i + 8 <= w.length; i++) shingles.add(w.slice(i, i + 8).join(' '));
    }
    const hits: string[] = [];
    const texts = [
      ...interviews.filter((f) => f !== 'wijkcoach-03.txt' && !f.endsWith('.docx')).map((f) => utf8('interviews', f)),
      ...observations.map((f) => utf8('observations', f)),
      ...documents.map((f) => utf8('documents', f)),
      readFileSync(join(root, 'scripts', 'make-samples.mjs'), 'utf8'),
    ];
    for (const t of texts) {
      const w = words(t);
      for (let i = 0; i + 8 <= w.length; i++) if (shingles.has(w.slice(i, i + 8).join(' '))) hits.push(w.slice(i, i + 8).join(' '));
    }
    expect(hits).toEqual([]);
  });
});
