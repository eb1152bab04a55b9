/**
 * Control characters XML cannot hold (a form feed from a PDF's page break, a stray BEL) in memos, code
 * names, source names and values: written as their visible symbols and said with where and how many.
 * Before, escapeXml dropped them from the .qdpx without a word.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { CodingsDocument, Diagnostic } from '../../src/model/types.js';
import { codeWords, mkSource } from './helpers.js';

const XSD = readFileSync(join(__dirname, '../../schemas/refi-qda/Project.xsd'), 'utf8');

function doc(): CodingsDocument {
  const s = mkSource('gesprek\u0001a', 'Anna: Het is te\u000Cduur.\n', { case: 'team\u0002', attributes: { plek: 'kan\u0007toor' }, meta: { memos: ['Rumoerig\u000B.'] } });
  return {
    provenance: { tool: 'qdakit', version: '0' },
    codebooks: [],
    codes: [{ id: 'cost', name: { en: 'Kost\u000Cen' } }],
    sources: [s],
    segments: [],
    codings: [codeWords(s, 'Het is te\u000Cduur.', 'cost', 'fem', { memo: 'Let\u0007 op\u0007.' })],
  };
}

describe('refi export: control characters in memos and names', () => {
  it('are written as their symbols and said (where, how many), valid against Project.xsd; import reads the symbols', async () => {
    const diags: Diagnostic[] = [];
    const p = buildRefiProject(doc(), { lang: 'en', report: (d) => diags.push(d) });
    const said = diags.filter((d) => d.ruleId === 'control-characters');
    expect(said).toHaveLength(1);
    expect(said[0].message).toContain(
      '9 control character(s) that XML cannot hold (not even as &#…;) are written as their visible symbols (U+000C as ␌, U+0007 as ␇, …; U+FFFE, U+FFFF and half a surrogate pair as �): 1 in the name of code "cost"; 1 in the name of case "team␂"; 1 in the value of "plek" of case "team␂"; 1 in the name of source "gesprek␁a"; 1 in the memo of source "gesprek␁a"; and in 3 more place(s)',
    );
    expect(p.xml).toContain('name="Kost␌en"');
    expect(p.xml).toContain('<Description>Let␇ op␇.</Description>');
    expect(p.xml).toContain('<TextValue>kan␇toor</TextValue>');
    // the source text keeps its form feed
    expect(p.files[0].text).toBe('Anna: Het is te\u000Cduur.\n');
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const back = await parseRefiProject(zipSync(files), 'ctl.qdpx');
    expect(back.doc.codings[0].memo).toBe('Let␇ op␇.');
    expect(back.codebook.codes[0].name.en).toBe('Kost␌en');
    expect(back.doc.sources[0].meta?.memos).toEqual(['Rumoerig␋.']);
  });

  it('half a surrogate pair (a JSON "\\ud800" in a memo) is written as � and said (UTF-8 cannot hold it: was U+FFFD without a word)', () => {
    const diags: Diagnostic[] = [];
    const d = doc();
    const s = mkSource('g', 'Anna: Ja.\n');
    const p = buildRefiProject({ ...d, codes: [{ id: 'cost' }], sources: [s], codings: [codeWords(s, 'Ja.', 'cost', 'fem', { memo: 'Half \ud83d en heel 😀.' })] }, { report: (x) => diags.push(x) });
    expect(p.xml).toContain('<Description>Half \ufffd en heel 😀.</Description>');
    const said = diags.filter((x) => x.ruleId === 'control-characters');
    expect(said.map((x) => x.message.split(': ').slice(1).join(': '))).toEqual(['1 in the memo of coding g:cost:fem:6; qda refi import reads the symbols back as they are. The source texts (sources/*.txt) keep theirs']);
  });

  it('says nothing when there are none', () => {
    const diags: Diagnostic[] = [];
    const d = doc();
    buildRefiProject({ ...d, codes: [{ id: 'cost' }], sources: [mkSource('g', 'Anna: Ja.\n')], codings: [] }, { report: (x) => diags.push(x) });
    expect(diags.filter((x) => x.ruleId === 'control-characters')).toEqual([]);
  });
});
