import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

// An invented codebook and invented interviews (nothing from the studies).
const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: overleg
    name: {nl: Overleg, en: Consultation}
    definition: {nl: "Collega's bespreken samen een casus.", en: Colleagues discuss a case together.}
    indicators: {nl: [casusoverleg, intervisie], en: [case meeting]}
    rules:
      - keywords: {nl: [casusoverleg, intervisie], en: [case meeting]}
  - id: geld
    name: {nl: Financiën, en: Money}
    definition: {nl: Budget en subsidie voor de inzet., en: Budget and subsidy.}
    rules:
      - keywords: {nl: [subsidie*, budget*], en: [budget*]}
`;

const coded = (n: number) =>
  [
    'Interviewer: Hoe werken jullie samen?',
    `Respondent: Elke dinsdag hebben we een koffiemoment waar we lastige gezinnen bespreken. {{overleg}}`,
    'Interviewer: En het geld?',
    `Respondent: Voor het project vragen we ieder jaar subsidie aan bij de provincie. {{geld}}`,
    'Interviewer: Wat doe je in je vrije tijd?',
    `Respondent: Ik wandel graag in het bos met de hond${n}.`,
    'Interviewer: Nog iets?',
    `Respondent: Op het koffiemoment bespreken we ook de zorgen van collega's. {{overleg}}`,
  ].join('\n\n') + '\n';

const fresh = [
  'Interviewer: Vertel eens.',
  'Respondent: Het koffiemoment op dinsdag helpt ons om gezinnen te bespreken.',
  'Interviewer: Nog meer?',
  'Respondent: De tuin bij het kantoor is erg mooi in de zomer.',
  'Interviewer: En het budget?',
  'Respondent: Het budget komt uit een subsidie van de gemeente.',
].join('\n\n') + '\n';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-learn-'));
  writeFileSync(join(dir, 'book.yaml'), book);
  mkdirSync(join(dir, 'coded'));
  mkdirSync(join(dir, 'new'));
  writeFileSync(join(dir, 'coded', 'eerste.txt'), coded(1));
  writeFileSync(join(dir, 'coded', 'tweede.txt'), coded(2));
  writeFileSync(join(dir, 'new', 'derde.txt'), fresh);
  return dir;
}

async function run(dir: string, args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

type Doc = { codings: Array<{ coder: string; code: string; segmentId?: string; sourceId: string; evidence?: { because?: string } }>; provenance: { options: Record<string, unknown> } };

describe('qda code --learn-from', () => {
  it('learns from a coded document whose sources are NOT among the inputs: suggestions appear, the quality table is not empty', async () => {
    const dir = project();
    expect((await run(dir, ['code', 'coded', '-c', 'book.yaml', '-o', 'coded.json'])).code).toBe(0);
    const r = await run(dir, ['code', 'new/derde.txt', '-c', 'book.yaml', '--learn-from', 'coded.json', '-o', 'out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/trained on 8 segments of 2 coded source\(s\) in coded\.json \(6 of 6 human codings used\)/);
    // the held-out table has rows with counts
    expect(r.err).toMatch(/\(micro\)\s+\d+\s+\d+\s+\d+/);
    expect(r.err).not.toMatch(/\(micro\)\s+0\s+0\s+0\s/);
    const doc = (await readCodings(join(dir, 'out.json'))) as unknown as Doc;
    const model = doc.codings.filter((c) => c.coder === 'model');
    // the turn about the Tuesday coffee moment gets "overleg" although no rule matches it
    expect(model.some((c) => c.code === 'overleg' && c.segmentId === 'derde#1')).toBe(true);
    expect(doc.codings.filter((c) => c.coder === 'rules' && c.code === 'overleg')).toHaveLength(0);
    expect(model.find((c) => c.code === 'overleg')!.evidence!.because).toMatch(/koffiemoment \(learned from codings\)/);
    expect(model.some((c) => c.segmentId === 'derde#3')).toBe(false);
    expect(doc.provenance.options).toMatchObject({ suggestions: { learnedFrom: { file: 'coded.json', segments: 8, textFrom: 'document' } } });
  });

  it('learns from a codings CSV with a text column', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'hand.csv'),
      'source,segment,code,text\n' +
        'a,1,overleg,Op het koffiemoment bespreken we de gezinnen\n' +
        'a,3,overleg,Het koffiemoment is op dinsdag en we bespreken zorgen\n' +
        'a,5,geld,We vragen subsidie aan voor het project\n',
    );
    const r = await run(dir, ['code', 'new/derde.txt', '-c', 'book.yaml', '--learn-from', 'hand.csv', '--min-score', '0.01', '-o', 'out.json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/trained on 3 segments of 1 coded source\(s\) in hand\.csv/);
    const z = await run(dir, ['code', 'new/derde.txt', '-c', 'book.yaml', '--suggest', '--min-score', '0.01', '-o', 'zero.json']);
    expect(z.code).toBe(0);
    const score = async (f: string) => ((await readCodings(join(dir, f))) as unknown as Doc & { codings: Array<{ score?: number }> }).codings.find((c) => c.coder === 'model' && c.code === 'overleg' && c.segmentId === 'derde#1')?.score ?? 0;
    // the coffee moment was coded "overleg" twice: that raises the code on the new turn about it
    expect(await score('out.json')).toBeGreaterThan((await score('zero.json')) + 0.1);
  });

  it('gives no suggestion for what the researcher already coded when the coded sources are among the inputs', async () => {
    const dir = project();
    expect((await run(dir, ['code', 'coded', '-c', 'book.yaml', '-o', 'coded.json'])).code).toBe(0);
    const r = await run(dir, ['code', 'coded', 'new', '-c', 'book.yaml', '--learn-from', 'coded.json', '-o', 'out.json']);
    expect(r.code).toBe(0);
    const doc = (await readCodings(join(dir, 'out.json'))) as unknown as Doc;
    const human = new Set(doc.codings.filter((c) => c.coder === 'human').map((c) => `${c.segmentId} ${c.code}`));
    expect(human.size).toBe(6);
    const model = doc.codings.filter((c) => c.coder === 'model');
    expect(model.length).toBeGreaterThan(0);
    expect(model.filter((c) => human.has(`${c.segmentId} ${c.code}`))).toEqual([]);
  });

  it('exits 2 when the document has no human codings, saying how to fix it, and writes nothing', async () => {
    const dir = project();
    expect((await run(dir, ['code', 'new', '-c', 'book.yaml', '-o', 'rules-only.json'])).code).toBe(0);
    const r = await run(dir, ['code', 'new', '-c', 'book.yaml', '--learn-from', 'rules-only.json', '-o', 'out.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rules-only\.json.*has no human codings to learn from \(its \d+ codings are all suggestions/);
    expect(r.err).toMatch(/--suggest/);
    expect(() => readFileSync(join(dir, 'out.json'))).toThrow();
  });

  it('exits 2 when a codings CSV has no text and its sources are not among the inputs', async () => {
    const dir = project();
    writeFileSync(join(dir, 'bare.csv'), 'source,segment,code\nelsewhere,1,overleg\nelsewhere,3,geld\n');
    const before = readFileSync(join(dir, 'bare.csv'));
    const r = await run(dir, ['code', 'new', '-c', 'book.yaml', '--learn-from', 'bare.csv', '-o', 'out.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bare\.csv.*2 human codings but no text to learn from/);
    expect(r.err).toMatch(/text column/);
    expect(readFileSync(join(dir, 'bare.csv'))).toEqual(before);
  });

  it('--suggest ranks segments from the codebook alone and --explain says which words and codebook parts carried it', async () => {
    const dir = project();
    const r = await run(dir, ['code', 'new/derde.txt', '-c', 'book.yaml', '--suggest', '--explain', '-o', 'out.json']);
    expect(r.code).toBe(0);
    const doc = (await readCodings(join(dir, 'out.json'))) as unknown as Doc;
    const geld = doc.codings.filter((c) => c.coder === 'model' && c.code === 'geld');
    expect(geld.map((c) => c.segmentId)).toEqual(['derde#5']);
    expect(r.out).toMatch(/because rule=geld \(the codebook rules coded it\) \+3\.50; (budget|subsidie) \(codebook: rule terms/);
    expect(r.out).toMatch(/learned suggestions per code, most likely first:\n(.*\n)*  geld: new\/derde\.txt:11 \(0\.\d\d\)/);
    expect(doc.provenance.options).toMatchObject({ suggest: true, suggestions: { learnedFrom: 'codebook only' } });
  });
});
