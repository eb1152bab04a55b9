/**
 * The legacy `Code: label` markers as students' thesis appendices hold them (text
 * copied from a PDF, or one paragraph per turn): every quirk on its own fixture,
 * in Dutch and English (our own sentences), and the accounting of what became of
 * each label.
 */
import { describe, it, expect } from 'vitest';
import { findMarkers } from '../../src/coding/markers.js';
import { extractHumanCodings } from '../../src/coding/human-codings.js';
import { LabelResolver, checkAliasEntries } from '../../src/coding/label-resolver.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { CodeRef } from '../../src/model/types.js';
import { corpusOf, source } from './helpers.js';

const codes: CodeRef[] = [
  { id: 'joint-measure', name: { en: 'joint-measure', nl: 'Gezamenlijke maatregel' } },
  { id: 'co-management', name: { en: 'co-management' } },
  { id: 'common discussions', name: { en: 'Common discussions', nl: 'Gezamenlijke gesprekken' } },
  { id: 'systems', name: { en: 'Systems', nl: 'Systemen' } },
  { id: 'exchange', name: { en: 'Exchange', nl: 'Uitwisseling' } },
  { id: 'connections', name: { en: 'Connections', nl: 'Verbindingen' } },
  { id: 'social obligation', name: { en: 'Social obligation', nl: 'Sociale verplichting' } },
  { id: 'interaction', name: { en: 'Interaction', nl: 'Interactie' } },
  { id: 'adjusting behavior to avoid externalities', name: { en: 'Adjusting behavior to avoid externalities' } },
  { id: 'aligning', name: { en: 'aligning' } },
  { id: 'norms', name: { en: 'Norms', nl: 'Normen' } },
];

/** Read the labels of a text with the codes above as the known labels. */
function labels(text: string, extra: CodeRef[] = []): string[][] {
  const r = new LabelResolver([...codes, ...extra]);
  const rank = (l: string) => {
    const x = r.resolve(l);
    return x.how === 'unknown' ? 0 : x.how === 'near' ? 1 : 2;
  };
  return findMarkers(text, { rank, maxWords: r.maxWords }).map((m) => [...m.labels]);
}

/** extractHumanCodings on one transcript; codings as [code, coded text]. */
function code(text: string, opts: { codes?: CodeRef[]; aliases?: Parameters<typeof extractHumanCodings>[2] } = {}) {
  const corpus = corpusOf([source('t', text)]);
  const r = extractHumanCodings(corpus, opts.codes ?? codes, opts.aliases ?? {});
  return { ...r, pairs: r.codings.map((c) => [c.code, cpSlice(text, c.start, c.end)]), corpus };
}

describe('legacy markers: where the label is', () => {
  it('on the same line, or on the next line after blank lines and a lone page number', () => {
    const t = 'Interviewer: Hoe gaat dat?\n\nRespondent: We plannen het samen. Code: \n\n \n\n12 \n\njoint-measure En dan verder.';
    expect(labels(t)).toEqual([['joint-measure']]);
    const r = code(t);
    expect(r.pairs).toEqual([['joint-measure', 'We plannen het samen.']]);
  });

  it('in any case: capitalised and upper-case labels, and the keyword as CODE: or Codes:', () => {
    expect(labels('Text. Code: Social obligation More text. CODE: JOINT-MEASURE\nCodes: Interaction')).toEqual([['Social obligation'], ['JOINT-MEASURE'], ['Interaction']]);
    expect(code('Respondent: Zo werkt het. Code: Social Obligation').pairs).toEqual([['social obligation', 'Zo werkt het.']]);
    // a lower-case keyword, and labels in quotes or brackets; not inside a word (`pincode:`)
    expect(labels('Samen. code: joint-measure. Apart. Code : "systems", [exchange] En verder. De pincode: 1234.')).toEqual([['joint-measure'], ['systems', 'exchange']]);
  });

  it('several after one passage: `Code: a Code: b` and `Code: a, b` code the same text', () => {
    const t = 'Respondent: We delen de dossiers. Code: systems Code: exchange\n\nRespondent: We bellen elkaar. Code: exchange, connections';
    expect(labels(t)).toEqual([['systems'], ['exchange'], ['exchange', 'connections']]);
    const r = code(t);
    expect(r.pairs).toEqual([
      ['systems', 'We delen de dossiers.'],
      ['exchange', 'We delen de dossiers.'],
      ['exchange', 'We bellen elkaar.'],
      ['connections', 'We bellen elkaar.'],
    ]);
  });

  it('as long as the longest code name (no four-word cut), also broken by a line wrap', () => {
    expect(labels('We adapt. Code: adjusting behaviour to avoid externalities\nNext.')).toEqual([['adjusting behaviour to avoid externalities']]);
    expect(labels('We adapt. Code: adjusting behaviour to \n\navoid externalities \n\nNext line.')).toEqual([['adjusting behaviour to avoid externalities']]);
  });

  it('a label broken by a wrap is joined when the joined form names a code (`joint` ⏎ `measure`, `co-` ⏎ `management`)', () => {
    expect(labels('Samen. Code: joint \n\nmeasure \n\nVerder.')).toEqual([['joint measure']]);
    expect(labels('Samen. Code: co-\n\nmanagement En toen.')).toEqual([['co-management']]);
    expect(labels('Samen. Code: common \n\ndiscussion Nog een keer.')).toEqual([['common discussion']]);
    // not joined when the joined form names nothing and speech goes on
    expect(labels('Samen. Code: exchange \n\nmeasure dat doen we ook.')).toEqual([['exchange']]);
  });

  it('where a label ends before ordinary text: the longest label that names a code', () => {
    expect(labels('Klaar. Code: interaction Weet je wat ik bedoel?')).toEqual([['interaction']]);
    expect(labels('Klaar. Code: interaction en dan gaan we verder met het gesprek vandaag')).toEqual([['interaction']]);
    expect(labels('Done. Code: common discussions  Then we stop.')).toEqual([['common discussions']]);
  });

  it('a label that names no code runs to the line end, punctuation or a capital; lower-case speech after it is a guess, reported', () => {
    expect(labels('Klaar. Code: idea sharing\nVerder.')).toEqual([['idea sharing']]);
    expect(labels('Klaar. Code: idea sharing. Verder.')).toEqual([['idea sharing']]);
    expect(labels('Klaar. Code: idea sharing Dan gaan we door.')).toEqual([['idea sharing']]);
    const r = code('Respondent: Klaar. Code: ideeën delen en dan gaan we gewoon weer verder met van alles');
    expect(r.pairs).toEqual([['ideeën', 'Klaar.']]);
    expect(r.diagnostics.find((d) => d.ruleId === 'marker-label-end')?.message).toMatch(/is a guess.*read as "ideeën"/);
  });

  it('an unknown label seen whole elsewhere tells where it ends before lower-case speech', () => {
    const r = code('Respondent: Eerst dit. Code: idea sharing\n\nRespondent: Dan dat. Code: idea sharing en dan nog meer tekst die doorloopt tot hier');
    expect(r.pairs).toEqual([
      ['idea-sharing', 'Eerst dit.'],
      ['idea-sharing', 'Dan dat.'],
    ]);
    expect(r.diagnostics.some((d) => d.ruleId === 'marker-label-end')).toBe(false);
  });

  it('a marker without a label is reported (file, line), counted, and codes nothing', () => {
    const r = code('Interviewer: Vraag?\n\nRespondent: Een antwoord. Code: \n\nInterviewer: Volgende vraag?');
    expect(r.codings).toEqual([]);
    const d = r.diagnostics.find((x) => x.ruleId === 'marker-without-label')!;
    expect(d).toMatchObject({ file: 't.txt', line: 3, severity: 'warning' });
    expect(r.markers).toMatchObject({ found: 1, empty: 1, read: 0 });
  });
});

describe('legacy markers: resolving labels', () => {
  it('case, hyphen/space, plural and stem (en, nl), British/American spelling, Dutch names', () => {
    const r = new LabelResolver(codes);
    const of = (l: string) => {
      const x = r.resolve(l);
      return [x.code, x.how];
    };
    expect(of('Joint Measure')).toEqual(['joint-measure', 'exact']);
    expect(of('common discussion')).toEqual(['common discussions', 'spelling']);
    expect(of('system')).toEqual(['systems', 'spelling']);
    expect(of('systemen')).toEqual(['systems', 'exact']);
    expect(of('systeem')).toEqual(['systems', 'spelling']);
    expect(of('exchanging')).toEqual(['exchange', 'spelling']);
    expect(of('adjusting behaviour to avoid externalities')).toEqual(['adjusting behavior to avoid externalities', 'spelling']);
    expect(of('Gezamenlijke maatregelen')).toEqual(['joint-measure', 'spelling']);
  });

  it('an unambiguous near miss (edit distance ≤ 2, ≤ 1 for short labels and on stems) resolves; short words and ties do not', () => {
    const r = new LabelResolver(codes);
    expect(r.resolve('Alining')).toMatchObject({ code: 'aligning', how: 'near' });
    expect(r.resolve('allignment')).toMatchObject({ code: 'aligning', how: 'near' });
    expect(r.resolve('connecties')).toMatchObject({ code: 'connections', how: 'near' });
    expect(r.resolve('form')).toMatchObject({ how: 'unknown' }); // not "norms": too short for a guess
    // a code of another codebook (interaction, of coordination-collaboration) is not another code
    // whose stem is two edits away ("interact" / "interest" of Interests): it was read as belangen
    const ko = new LabelResolver([{ id: 'belangen', name: { nl: 'Belangen', en: 'Interests' } }, { id: 'relatie', name: { nl: 'Relatie', en: 'Relationship' } }]);
    expect(ko.resolve('interaction')).toMatchObject({ how: 'unknown' });
    expect(ko.resolve('interest')).toMatchObject({ code: 'belangen' });
    expect(ko.resolve('Intrests')).toMatchObject({ code: 'belangen', how: 'near' });
    const tie = new LabelResolver([{ id: 'planning' }, { id: 'planting' }]);
    expect(tie.resolve('planing')).toMatchObject({ how: 'unknown', ambiguous: true, nearest: ['planning', 'planting'] });
  });

  it('aliases: an alias file comes before the codes\' names, codebook aliases after them', () => {
    const r = new LabelResolver(codes, [
      { label: 'afstemming', code: 'aligning', origin: 'codebook' },
      { label: 'interactie', code: 'aligning', origin: 'codebook' },
      { label: 'systeem', code: 'exchange', origin: 'file' },
    ]);
    expect(r.resolve('Afstemming')).toMatchObject({ code: 'aligning', how: 'alias' });
    expect(r.resolve('interactie')).toMatchObject({ code: 'interaction', how: 'exact' });
    expect(r.resolve('systeem')).toMatchObject({ code: 'exchange', how: 'alias' });
  });

  it('each distinct resolution is reported once per file with its count and lines', () => {
    const t = 'Respondent: A. Code: Alining\n\nRespondent: B. Code: Alining\n\nRespondent: C. Code: system\n\nRespondent: D. Code: aligning';
    const r = code(t);
    expect(r.pairs.map((p) => p[0])).toEqual(['aligning', 'aligning', 'systems', 'aligning']);
    const infos = r.diagnostics.filter((d) => d.ruleId === 'label-resolved');
    expect(infos.map((d) => d.message)).toEqual([
      'read "Alining" as code "aligning" (by a near miss (a small spelling difference); 2×, lines 1, 3)',
      'read "system" as code "systems" (by spelling (case, plural, stem, British/American); 1×, line 5)',
    ]);
    expect(r.markers).toMatchObject({ found: 4, read: 1, bySpelling: 3, byAlias: 0, unknown: 0 });
  });

  it('unknown labels: kept as uncategorised codes with file, lines, nearest codes and the alias fix; variants grouped in one warning', () => {
    const t = [
      'Respondent: Een. Code: customisation',
      'Respondent: Twee. Code: customization',
      'Respondent: Drie. Code: Customizing',
      'Respondent: Vier. Code: joint-measur',
      'Respondent: Vijf. Code: sharing ideas',
    ].join('\n\n');
    const r = code(t);
    expect(r.pairs.map((p) => p[0])).toEqual(['customisation', 'customization', 'customizing', 'joint-measure', 'sharing-ideas']);
    const group = r.diagnostics.filter((d) => d.ruleId === 'unknown-code-variants');
    expect(group).toHaveLength(1);
    expect(group[0].message).toMatch(/^3 unknown labels look like one code: customisation \(t\.txt:1\), customization \(t\.txt:3\), Customizing \(t\.txt:5\)/);
    expect(group[0].hint).toMatch(/aliases: \["customization", "Customizing"\]/);
    const single = r.diagnostics.filter((d) => d.ruleId === 'unknown-code');
    expect(single).toHaveLength(1);
    expect(single[0]).toMatchObject({ line: 9, actual: 'sharing ideas' });
    expect(r.extraCodes.map((c) => c.id)).toEqual(['customisation', 'customization', 'customizing', 'sharing-ideas']);
    expect(r.markers).toMatchObject({ found: 5, read: 0, bySpelling: 1, unknown: 4 });
  });

  it('an unknown label near a code names it and the alias line in the hint', () => {
    const r = code('Respondent: Een. Code: connectiviteit');
    const d = r.diagnostics.find((x) => x.ruleId === 'unknown-code')!;
    expect(d.message).toMatch(/kept as an uncategorised human code "connectiviteit"/);
    const near = code('Respondent: Een. Code: interactions terms', { codes: [{ id: 'interaction terms' }, { id: 'interactive terms' }] });
    expect(near.diagnostics.find((x) => x.ruleId === 'unknown-code')?.message).toMatch(/fits "interaction terms" and "interactive terms" equally well/);
  });
});

describe('legacy markers: interviewer turns and the accounting', () => {
  it('a coding on an interviewer turn is kept, counted and warned about', () => {
    const t = 'Interviewer: Dus jullie delen alles? Code: exchange\n\nRespondent: Ja, via het dossier. Code: systems';
    const r = code(t);
    expect(r.pairs).toEqual([
      ['exchange', 'Dus jullie delen alles?'],
      ['systems', 'Ja, via het dossier.'],
    ]);
    expect(r.markers).toMatchObject({ found: 2, read: 2, onInterviewer: 1 });
    const d = r.diagnostics.find((x) => x.ruleId === 'codes-on-interviewer-turns')!;
    expect(d.message).toMatch(/^1 marker label is on interviewer turns \(line 1\); kept .* left out of every respondent measure/);
  });

  it('found = read + resolved + unknown + empty, over curly and legacy markers', () => {
    const t = 'Respondent: a {{exchange}} b {{onbekend, systems}} c. Code: Systeem Code: \n\nRespondent: d. Code: huh';
    const r = code(t);
    const m = r.markers;
    expect(m.found).toBe(m.read + m.bySpelling + m.byAlias + m.unknown + m.empty);
    expect(m).toMatchObject({ found: 6, read: 2, bySpelling: 1, unknown: 2, empty: 1 });
  });
});

describe('alias files (checkAliasEntries)', () => {
  it('maps labels to codes by id or name; a label mapped to two codes and an unknown code are errors with the line; shadowing warns', () => {
    const r = checkAliasEntries(
      [
        { label: 'allignment', code: 'aligning', line: 2 },
        { label: 'systeem', code: 'Uitwisseling', line: 3 },
        { label: 'allignment', code: 'aligning', line: 4 },
        { label: 'allignment', code: 'norms', line: 5 },
        { label: 'kaas', code: 'cheese', line: 6 },
        { label: 'Interactie', code: 'norms', line: 7 },
      ],
      codes,
      'a.csv',
    );
    expect(r.aliases).toEqual([
      { label: 'allignment', code: 'aligning', origin: 'file' },
      { label: 'systeem', code: 'exchange', origin: 'file' },
      { label: 'Interactie', code: 'norms', origin: 'file' },
    ]);
    expect(r.errors.map((e) => [e.ruleId, e.line])).toEqual([
      ['alias-two-codes', 5],
      ['alias-unknown-code', 6],
    ]);
    expect(r.errors[0].message).toBe('label "allignment" is mapped to two codes: "aligning" (line 2) and "norms"');
    expect(r.warnings.map((w) => [w.ruleId, w.line])).toEqual([['alias-shadows-code', 7]]);
  });
});
