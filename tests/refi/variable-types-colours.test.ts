/**
 * What a REFI-QDA project says of its variables and code colours, kept or said:
 * - a variable's type (Integer, Float, Boolean, Date, DateTime) was dropped on import (cases.csv
 *   holds text) and qda refi export wrote every variable as Text: QualCoder's numeric "leeftijd"
 *   came back as a text attribute, without a word. Now the import keeps the types in the sources'
 *   meta (`variableTypes`) and the export writes them back, with values of their type; a value
 *   that does not fit its type makes the variable Text, said (`variable-type-not-kept`).
 * - a code colour a qdakit codebook cannot hold (`red`, `#FF000080`, ` #00ff00 `) was copied into
 *   codebook.yaml as it stood, which qdakit then refused (schema error on every later command).
 *   Now spaces are left out, a transparency is left out and said (`refi-color-alpha`), anything
 *   else is not read and said (`refi-color-not-read`); the .qdc reader does the same.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { parseQdc } from '../../src/codebook/parse-qdc.js';
import { validateCodebook } from '../../src/codebook/validate-codebook.js';
import type { CodingsDocument, Diagnostic } from '../../src/model/types.js';

const XSD = readFileSync(join(__dirname, '../../schemas/refi-qda/Project.xsd'), 'utf8');
const TEXT = 'Interviewer: Hoe gaat het?\nRespondent: Goed, we werken samen.\n';
const S1 = '00000000-0000-4000-8000-000000000001';
const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function project(opts: { colours?: string[]; values?: string } = {}): Uint8Array {
  const colours = opts.colours ?? [];
  const codes = colours.map((c, i) => `<Code guid="${guid(100 + i)}" name="Code ${i}" isCodable="true" color="${c}"/>`).join('\n');
  const start = TEXT.indexOf('Goed');
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="typed" origin="handmade">
<Users><User guid="${guid(2)}" name="anna"/></Users>
<CodeBook><Codes>
<Code guid="${guid(3)}" name="Samenwerking" isCodable="true"/>
${codes}
</Codes></CodeBook>
<Variables>
<Variable guid="${guid(10)}" name="leeftijd" typeOfVariable="Integer"/>
<Variable guid="${guid(11)}" name="ervaring" typeOfVariable="Float"/>
<Variable guid="${guid(12)}" name="interviewdatum" typeOfVariable="Date"/>
<Variable guid="${guid(13)}" name="vrijwilliger" typeOfVariable="Boolean"/>
<Variable guid="${guid(14)}" name="wijk" typeOfVariable="Text"/>
</Variables>
<Sources>
<TextSource guid="${S1}" name="r1" plainTextPath="internal://${S1}.txt">
<PlainTextSelection guid="${guid(20)}" startPosition="${start}" endPosition="${TEXT.length - 1}" creatingUser="${guid(2)}">
<Coding guid="${guid(21)}" creatingUser="${guid(2)}"><CodeRef targetGUID="${guid(3)}"/></Coding>
</PlainTextSelection>
${opts.values ?? `<VariableValue><VariableRef targetGUID="${guid(10)}"/><IntegerValue>42</IntegerValue></VariableValue>
<VariableValue><VariableRef targetGUID="${guid(11)}"/><FloatValue>3.5</FloatValue></VariableValue>
<VariableValue><VariableRef targetGUID="${guid(12)}"/><DateValue>2024-03-05</DateValue></VariableValue>
<VariableValue><VariableRef targetGUID="${guid(13)}"/><BooleanValue>true</BooleanValue></VariableValue>
<VariableValue><VariableRef targetGUID="${guid(14)}"/><TextValue>Noord</TextValue></VariableValue>`}
</TextSource>
</Sources>
</Project>`;
  return zipSync({ 'project.qde': strToU8(qde), [`sources/${S1}.txt`]: strToU8(TEXT) });
}

const asDoc = (r: Awaited<ReturnType<typeof parseRefiProject>>): CodingsDocument => r.doc;

describe('REFI-QDA variable types', () => {
  it('come back from import and export: Integer, Float, Date, Boolean with values of their type; Text stays Text', async () => {
    const r = await parseRefiProject(project(), 'typed.qdpx');
    expect(r.doc.sources[0].attributes).toMatchObject({ leeftijd: '42', ervaring: '3.5', interviewdatum: '2024-03-05', vrijwilliger: 'true', wijk: 'Noord' });
    expect(r.doc.sources[0].meta?.variableTypes).toEqual({ leeftijd: 'Integer', ervaring: 'Float', interviewdatum: 'Date', vrijwilliger: 'Boolean' });
    const diags: Diagnostic[] = [];
    const p = buildRefiProject(asDoc(r), { lang: 'en', report: (d) => diags.push(d) });
    const type = (n: string) => new RegExp(`<Variable guid="[^"]+" name="${n}" typeOfVariable="(\\w+)"`).exec(p.xml)?.[1];
    expect([type('leeftijd'), type('ervaring'), type('interviewdatum'), type('vrijwilliger'), type('wijk')]).toEqual(['Integer', 'Float', 'Date', 'Boolean', 'Text']);
    expect(p.xml).toContain('<IntegerValue>42</IntegerValue>');
    expect(p.xml).toContain('<FloatValue>3.5</FloatValue>');
    expect(p.xml).toContain('<DateValue>2024-03-05</DateValue>');
    expect(p.xml).toContain('<BooleanValue>true</BooleanValue>');
    expect(p.xml).toContain('<TextValue>Noord</TextValue>');
    expect(diags.map((d) => d.ruleId)).not.toContain('variable-type-not-kept');
    const v = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(v.errors).toEqual([]);
    // and again: the round trip keeps them
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const back = await parseRefiProject(zipSync(files), 'back.qdpx');
    expect(back.doc.sources[0].meta?.variableTypes).toEqual({ leeftijd: 'Integer', ervaring: 'Float', interviewdatum: 'Date', vrijwilliger: 'Boolean' });
  });

  it('a value that does not fit its type (edited in cases.csv: "3,5") makes the variable Text, said', async () => {
    const r = await parseRefiProject(project(), 'typed.qdpx');
    const doc = asDoc(r);
    const s = doc.sources[0];
    const edited: CodingsDocument = { ...doc, sources: [{ ...s, attributes: { ...s.attributes, ervaring: '3,5' } }] };
    const diags: Diagnostic[] = [];
    const p = buildRefiProject(edited, { lang: 'en', report: (d) => diags.push(d) });
    expect(p.xml).toMatch(/name="ervaring" typeOfVariable="Text"/);
    expect(p.xml).toContain('<TextValue>3,5</TextValue>');
    expect(p.xml).toMatch(/name="leeftijd" typeOfVariable="Integer"/);
    const said = diags.find((d) => d.ruleId === 'variable-type-not-kept');
    expect(said?.severity).toBe('warning');
    expect(said?.message).toContain('1 variable is written as Text, not with the type it came with');
    expect(said?.message).toContain('"ervaring": Float, but source "r1" has "3,5"');
  });
});

describe('REFI-QDA code colours', () => {
  it('a colour a codebook cannot hold is said and left out; one with transparency is read without it; spaces are left out; codebook.yaml stays valid', async () => {
    const r = await parseRefiProject(project({ colours: ['red', '#FF000080', ' #00ff00 ', '#abc'] }), 'colours.qdpx');
    const colour = (name: string) => r.codebook.codes.find((c) => c.name.en === name)?.color;
    expect([colour('Code 0'), colour('Code 1'), colour('Code 2'), colour('Code 3')]).toEqual([undefined, '#FF0000', '#00ff00', '#abc']);
    const ids = r.diagnostics.map((d) => d.ruleId);
    expect(ids).toContain('refi-color-not-read');
    expect(ids).toContain('refi-color-alpha');
    const notRead = r.diagnostics.find((d) => d.ruleId === 'refi-color-not-read')!;
    expect(notRead.message).toContain('1 code colour is not #RRGGBB or #RGB');
    expect(notRead.message).toContain('"Code 0" "red"');
    expect(notRead.line).toBeGreaterThan(0);
    expect(r.diagnostics.find((d) => d.ruleId === 'refi-color-alpha')!.message).toContain('"Code 1" "#FF000080"');
    expect(validateCodebook(r.codebook).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('the .qdc reader reads a colour with spaces or transparency alike, and says the transparency', () => {
    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="${guid(1)}" name="A" isCodable="true" color=" #00ff00 "/>
<Code guid="${guid(2)}" name="B" isCodable="true" color="#FF000080"/>
</Codes></CodeBook>`;
    const r = parseQdc(qdc, { file: 'c.qdc' });
    expect(r.book!.codes.map((c) => c.color)).toEqual(['#00ff00', '#FF0000']);
    expect(r.diagnostics.map((d) => d.ruleId)).toContain('qdc-color-alpha');
    expect(r.diagnostics.map((d) => d.ruleId)).not.toContain('qdc-color-not-read');
  });
});
