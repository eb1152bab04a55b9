import type { Cell, Column, CodingsDocument, Lang, Source, Table } from '../model/types.js';
import { OffsetMap, cpLength } from '../model/codepoints.js';
import { inputError } from '../model/errors.js';
import { buildCodeTree, indentedName, sharedCodeIdsNote } from './hierarchy.js';
import { codingGroupValue, countWords, groupValue, groupingLabel, isPerCoding, joinNames, naturalCompare, prepareDoc, resolveGrouping, surveyRowValues, tr, type Grouping, type PreparedDoc } from './prepare.js';
import { percentOf } from '../model/percent.js';

export type MatrixMeasure = 'segments' | 'uses' | 'sources' | 'respondents' | 'words' | 'coverage';

export interface MatrixOptions {
  /** `source`, `case`, `source-kind` or a case attribute (team, group, …). Default `case`. */
  readonly cols?: string;
  /** `code` (every code, children under parents) or `category` (top-level codes only). */
  readonly rows?: 'code' | 'category';
  readonly measure?: MatrixMeasure;
  readonly coders?: readonly string[];
  readonly lang?: Lang;
  /**
   * `--measure coverage`: what a share is of. `respondents` (default): the characters of the
   * respondents' turns (no interviewer turns, speaker labels, time stamps or front matter), which
   * the codings that count can cover; `all`: every character of the sources.
   */
  readonly coverageOf?: 'respondents' | 'all';
}

const RESERVED = new Set(['code', 'label', 'total']);
export const colKey = (v: string): string => (RESERVED.has(v) ? `col:${v}` : v);

/**
 * Code × column matrix (pure). Cells count DISTINCT units: a parent row counts
 * the union of its own codings and its descendants' (a segment coded with two
 * children counts once for the parent), never a sum of the child rows. The total
 * column and total row are distinct counts too (for `words` and `coverage`:
 * the union of coded spans).
 */
export function computeMatrix(doc: CodingsDocument, opts: MatrixOptions = {}): Table {
  const lang = opts.lang ?? 'en';
  const measure = opts.measure ?? 'segments';
  const rowsBy = opts.rows ?? 'code';
  const prep = prepareDoc(doc, { coders: opts.coders });
  const grouping = resolveGrouping(opts.cols ?? 'case', prep.sources, { option: '--cols' }, prep.codings.map((pc) => pc.coding));
  const perCoding = isPerCoding(prep, grouping);
  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));

  // rows
  const rowNodes = rowsBy === 'category' ? tree.nodes.filter((n) => n.depth === 0) : tree.nodes;
  const rowIndex = new Map<string, number>();
  rowNodes.forEach((n, i) => rowIndex.set(n.id, i));
  const rowsOfCode = new Map<string, number[]>();
  for (const n of tree.nodes) {
    const rs = rowsBy === 'category' ? [rowIndex.get(n.root)!] : n.selfAndAncestors.map((id) => rowIndex.get(id)!);
    rowsOfCode.set(n.id, rs);
  }

  // columns: by the source's value, or (an attribute of the codings themselves) by each coding's value
  const colOfSource = new Map<string, number>();
  const colValues = columnValues(prep, grouping, lang, perCoding);
  const colIndex = new Map(colValues.map((v, i) => [v, i]));
  for (const s of prep.sources) colOfSource.set(s.id, colIndex.get(groupValue(s, grouping, lang)) ?? -1);
  const colOf = perCoding ? (pc: PreparedDoc['codings'][number]) => colIndex.get(codingGroupValue(pc, grouping, lang))! : (pc: PreparedDoc['codings'][number]) => colOfSource.get(pc.source.id)!;
  const nr = rowNodes.length;
  const nc = colValues.length;

  const values = new Float64Array(nr * nc);
  const rowTot = new Float64Array(nr);
  const colTot = new Float64Array(nc);
  let grand = 0;
  const notes: string[] = [];

  if (measure === 'uses') {
    // code applications: every coding counts (twice in one segment counts twice); a parent row
    // counts its own codings and its descendants' (each coding once)
    for (const pc of prep.codings) {
      const c = colOf(pc);
      for (const r of rowsOfCode.get(pc.coding.code)!) {
        values[r * nc + c]++;
        rowTot[r]++;
      }
      colTot[c]++;
      grand++;
    }
  } else if (measure === 'segments' || measure === 'sources' || measure === 'respondents') {
    const intern = new Map<string, number>();
    const id = (k: string) => {
      let v = intern.get(k);
      if (v === undefined) intern.set(k, (v = intern.size));
      return v;
    };
    const cell = new Map<number, Set<number>>();
    const rowSets = new Map<number, Set<number>>();
    const colSets = new Map<number, Set<number>>();
    const all = new Set<number>();
    const addTo = (m: Map<number, Set<number>>, k: number, v: number) => {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      s.add(v);
    };
    for (const pc of prep.codings) {
      const key = id(measure === 'segments' ? pc.segmentKey : measure === 'sources' ? pc.source.id : pc.respondent);
      const c = colOf(pc);
      for (const r of rowsOfCode.get(pc.coding.code)!) {
        addTo(cell, r * nc + c, key);
        addTo(rowSets, r, key);
      }
      addTo(colSets, c, key);
      all.add(key);
    }
    for (const [k, s] of cell) values[k] = s.size;
    for (const [k, s] of rowSets) rowTot[k] = s.size;
    for (const [k, s] of colSets) colTot[k] = s.size;
    grand = all.size;
  } else {
    // words / coverage: union of coded spans per source
    const spans = new Map<number, Map<string, number[]>>(); // cell → source → flat [s,e,…]
    const rowSpans = new Map<number, Map<string, number[]>>();
    const colSpans = new Map<number, Map<string, number[]>>();
    const segOnly = new Map<number, Set<string>>(); // fallback: distinct segment texts (no source text)
    const rowSegOnly = new Map<number, Set<string>>();
    const colSegOnly = new Map<number, Set<string>>();
    const push = (m: Map<number, Map<string, number[]>>, k: number, src: string, s: number, e: number) => {
      let bySrc = m.get(k);
      if (!bySrc) m.set(k, (bySrc = new Map()));
      let arr = bySrc.get(src);
      if (!arr) bySrc.set(src, (arr = []));
      arr.push(s, e);
    };
    const addTo = (m: Map<number, Set<string>>, k: number, v: string) => {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      s.add(v);
    };
    let noText = 0;
    const colSources = colValues.map(() => new Set<string>());
    for (const pc of prep.codings) {
      const c = colOf(pc);
      colSources[c].add(pc.source.id);
      const { start, end } = pc.coding;
      const hasText = pc.source.text.length > 0 && end > start;
      if (!hasText) {
        if (measure === 'words' && pc.segment?.text) {
          for (const r of rowsOfCode.get(pc.coding.code)!) {
            addTo(segOnly, r * nc + c, pc.segment.id);
            addTo(rowSegOnly, r, pc.segment.id);
          }
          addTo(colSegOnly, c, pc.segment.id);
        } else noText++;
        continue;
      }
      for (const r of rowsOfCode.get(pc.coding.code)!) {
        push(spans, r * nc + c, pc.source.id, start, end);
        push(rowSpans, r, pc.source.id, start, end);
      }
      push(colSpans, c, pc.source.id, start, end);
    }
    if (noText > 0 && noText === prep.codings.length) {
      throw inputError('analysis', 'no-texts', `--measure ${measure} needs the coded text, and these codings carry none (a flat CSV without start/end and source texts)`, {
        hint: 'give the codings document written by `qda code … -o codings.json`, or use --measure segments|sources|respondents',
      });
    }
    const maps = new Map<string, OffsetMap>();
    const offsetMap = (src: string) => {
      let m = maps.get(src);
      if (!m) maps.set(src, (m = new OffsetMap(prep.sourceById.get(src)!.text)));
      return m;
    };
    const segWords = (ids: Set<string> | undefined) => {
      let n = 0;
      for (const sid of ids ?? []) n += countWords(prep.segmentById.get(sid)?.text ?? '');
      return n;
    };
    // coverage of the respondents' text: per source with segments, the merged spans of its
    // respondents' segments (the denominator, and the part of a coded span that is counted)
    const ofRespondents = measure === 'coverage' && (opts.coverageOf ?? 'respondents') === 'respondents';
    // (words: only the words of a coded span in the respondents' turns, as coverage counts; a span
    // reaching into an interviewer turn, a marker around a question and its answer, counted the question's words)
    const withSegments = ofRespondents || measure === 'words' ? new Set(doc.segments.map((g) => g.sourceId)) : undefined;
    const respSpans = new Map<string, Array<[number, number]>>();
    const respondentSpans = (src: string): Array<[number, number]> | undefined => {
      if (!withSegments?.has(src)) return undefined;
      let iv = respSpans.get(src);
      if (!iv) respSpans.set(src, (iv = mergeIntervals((prep.segmentsBySource.get(src) ?? []).flatMap((g) => [g.start, g.end]))));
      return iv;
    };
    const measureSpans = (bySrc: Map<string, number[]> | undefined): number => {
      let total = 0;
      for (const [src, flat] of bySrc ?? []) {
        const merged = mergeIntervals(flat);
        if (measure !== 'coverage') {
          const iv = respondentSpans(src);
          for (const [s, e] of iv ? overlapSpans(merged, iv) : merged) total += countWords(offsetMap(src).slice(s, e));
        } else {
          const iv = respondentSpans(src);
          total += iv ? overlapLength(merged, iv) : merged.reduce((k, [s, e]) => k + e - s, 0);
        }
      }
      return total;
    };
    const wholeText = new Set<string>(); // sources counted by their whole text although respondents' text was asked
    const srcLen = (s: Source): number => {
      const iv = ofRespondents ? respondentSpans(s.id) : undefined;
      if (iv) return iv.reduce((k, [a, b]) => k + b - a, 0);
      if (ofRespondents && s.text.length > 0) wholeText.add(s.id);
      return s.length || cpLength(s.text);
    };
    const colLen = new Float64Array(nc);
    if (perCoding) colSources.forEach((set, c) => set.forEach((id) => (colLen[c] += srcLen(prep.sourceById.get(id)!))));
    else for (const s of prep.sources) colLen[colOfSource.get(s.id)!] += srcLen(s);
    const allLen = colLen.reduce((a, b) => a + b, 0);
    const pct = (x: number, of: number): number | null => percentOf(x, of, 2);
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        const k = r * nc + c;
        const v = measureSpans(spans.get(k)) + (measure === 'words' ? segWords(segOnly.get(k)) : 0);
        values[k] = measure === 'coverage' ? pct(v, colLen[c]) ?? NaN : v;
      }
      const v = measureSpans(rowSpans.get(r)) + (measure === 'words' ? segWords(rowSegOnly.get(r)) : 0);
      rowTot[r] = measure === 'coverage' ? pct(v, allLen) ?? NaN : v;
    }
    let g = 0;
    for (let c = 0; c < nc; c++) {
      const v = measureSpans(colSpans.get(c)) + (measure === 'words' ? segWords(colSegOnly.get(c)) : 0);
      g += v;
      colTot[c] = measure === 'coverage' ? pct(v, colLen[c]) ?? NaN : v;
    }
    grand = measure === 'coverage' ? pct(g, allLen) ?? NaN : g;
    if (measure === 'coverage') {
      // a share of nothing is no share: the cells stay empty, and the note says why
      const empty = colValues.filter((_, c) => !(colLen[c] > 0));
      if (empty.length) {
        const list = empty.map((v) => `"${v}"`).join(', ');
        notes.push(
          ofRespondents
            ? tr(
                lang,
                `Empty column${empty.length > 1 ? 's' : ''} ${list}: ${empty.length > 1 ? 'their' : 'its'} sources hold no text of respondents (0 characters; only interviewer turns, or no text), so coverage has no denominator there.`,
                `Lege kolom${empty.length > 1 ? 'men' : ''} ${list}: de bronnen ervan bevatten geen tekst van respondenten (0 tekens; alleen beurten van de interviewer, of geen tekst), dus de dekking heeft daar geen noemer.`,
              )
            : tr(
                lang,
                `Empty column${empty.length > 1 ? 's' : ''} ${list}: ${empty.length > 1 ? 'their' : 'its'} sources hold no text (0 code points), so coverage has no denominator there.`,
                `Lege kolom${empty.length > 1 ? 'men' : ''} ${list}: de bronnen ervan bevatten geen tekst (0 tekens), dus de dekking heeft daar geen noemer.`,
              ),
        );
      }
      if (wholeText.size) {
        const ids = [...wholeText].sort(naturalCompare);
        const list = `${ids.slice(0, 8).join(', ')}${ids.length > 8 ? tr(lang, `, and ${ids.length - 8} more`, ` en nog ${ids.length - 8}`) : ''}`;
        notes.push(
          tr(
            lang,
            `${ids.length} source(s) have no segments in the codings document, so their turns are unknown: their coverage is of their whole text (${list}). Code them again with qda code to count the respondents' turns only.`,
            `${ids.length} bron(nen) hebben geen segmenten in het coderingsdocument, dus hun beurten zijn onbekend: hun dekking is van hun hele tekst (${list}). Codeer ze opnieuw met qda code om alleen de beurten van respondenten te tellen.`,
          ),
        );
      }
    }
    if (noText > 0) {
      notes.push(
        tr(lang, `${noText} codings have no source text or span and are not counted in this measure.`, `${noText} coderingen hebben geen brontekst of fragment en tellen in deze maat niet mee.`),
      );
    }
  }

  // table
  const columns: Column[] = [
    { key: 'code', label: 'Code' },
    { key: 'label', label: tr(lang, 'Name', 'Naam') },
    ...colValues.map((v) => ({ key: colKey(v), label: v, align: 'right' as const, heat: true })),
    { key: 'total', label: tr(lang, 'Total', 'Totaal'), align: 'right' },
  ];
  const num = (x: number): Cell => (Number.isNaN(x) ? null : x);
  const rows: Array<Record<string, Cell>> = rowNodes.map((n, r) => {
    const row: Record<string, Cell> = { code: n.id, label: rowsBy === 'category' ? indentedName({ ...n, depth: 0 }, lang) : indentedName(n, lang) };
    colValues.forEach((v, c) => (row[colKey(v)] = num(values[r * nc + c])));
    row.total = num(rowTot[r]);
    return row;
  });
  const totalRows: number[] = [];
  const totalRow: Record<string, Cell> = { code: '', label: tr(lang, 'Total (any code)', 'Totaal (elke code)') };
  colValues.forEach((v, c) => (totalRow[colKey(v)] = num(colTot[c])));
  totalRow.total = num(grand);
  totalRows.push(rows.length);
  rows.push(totalRow);

  // denominators: N sources / respondents / segments per column
  const hasTexts = prep.sources.some((s) => s.text.length > 0);
  if (measure === 'sources' || measure === 'respondents' || (measure === 'segments' && doc.segments.length > 0 && hasTexts)) {
    const nRow: Record<string, Cell> = {
      code: '',
      label:
        measure === 'sources'
          ? tr(lang, 'N sources', 'N bronnen')
          : measure === 'respondents'
            ? tr(lang, 'N respondents', 'N respondenten')
            : tr(lang, 'N segments', 'N segmenten'),
    };
    const per: Array<Set<string>> = colValues.map(() => new Set());
    if (perCoding) {
      // a source belongs to every value its codings carry: N = those with a coding under the value
      for (const pc of prep.codings) {
        const set = per[colOf(pc)];
        if (measure === 'sources') set.add(pc.source.id);
        else if (measure === 'respondents') set.add(pc.respondent);
        else set.add(pc.segmentKey);
      }
      // (and the answers of questionnaire tables, coded or not, under their rows' values)
      for (const r of surveyRowValues(prep, grouping, lang)) {
        const set = per[colIndex.get(r.value)!];
        set.add(measure === 'sources' ? r.source : measure === 'respondents' ? r.respondent : r.segment);
      }
    } else {
      for (const s of prep.sources) {
        const set = per[colOfSource.get(s.id)!];
        if (measure === 'sources') set.add(s.id);
        else if (measure === 'respondents') for (const r of prep.respondentsBySource.get(s.id) ?? []) set.add(r);
        else for (const g of prep.segmentsBySource.get(s.id) ?? []) set.add(g.id);
      }
    }
    const union = new Set<string>();
    // (coded units in no segment of the document: a source the document does not hold, a segment
    // id its source lacks; they are in the cells but in no N, so that N is unknown: left empty)
    const outside = measure === 'segments' && !perCoding ? unitsOutsideSegments(prep) : undefined;
    const unknownCols = new Set<number>();
    for (const o of outside ?? []) unknownCols.add(colOfSource.get(o.source)!);
    colValues.forEach((v, c) => {
      nRow[colKey(v)] = unknownCols.has(c) ? null : per[c].size;
      for (const x of per[c]) union.add(x);
    });
    nRow.total = unknownCols.size ? null : union.size;
    if (outside?.length) notes.push(outsideSegmentsNote(outside, colValues.filter((_, c) => unknownCols.has(c)), union.size, lang));
    totalRows.push(rows.length);
    rows.push(nRow);
    // bounded: one note
    if (measure === 'respondents') notes.push(...mixedCaseNotes(prep, lang));
    // bounded: one note per chosen coder
    notes.push(...coderGapNotes(prep, lang));
    // bounded: one note
    if (measure === 'respondents' && !perCoding && grouping.kind === 'attribute') {
      const groupOfSource = new Map(prep.sources.map((s) => [s.id, groupValue(s, grouping, lang)]));
      // bounded: one note each
      notes.push(...mixedKindNotes(prep, groupOfSource, lang, { notesOnlyGroups: true }), ...respondentInGroupsNotes(prep, groupOfSource, grouping.name, lang));
    }
    if (!hasTexts) {
      notes.push(tr(lang, 'The codings carry no source texts (a flat file): N counts only the sources and respondents that occur in it.', 'De coderingen bevatten geen bronteksten (een plat bestand): N telt alleen de bronnen en respondenten die erin voorkomen.'));
    }
  } else if (measure === 'segments') {
    // (a flat file holds only coded segments: the number of segments per column is not known, and
    // its row was left out without a word, while the codings document shows it)
    notes.push(
      tr(
        lang,
        'N segments is not shown: the codings carry no source texts nor their uncoded segments (a flat file). The codings document (JSON) of the same coding has it.',
        'N segmenten staat er niet: de coderingen bevatten geen bronteksten en niet hun ongecodeerde segmenten (een plat bestand). Het coderingsdocument (JSON) van dezelfde codering heeft het.',
      ),
    );
  }

  if (perCoding) {
    notes.push(
      tr(
        lang,
        `"${groupingLabel(grouping, 'en')}" is an attribute of each coding (it varies within sources): each coding is counted under its own value, and N per column counts those with at least one coding under that value.`,
        `"${groupingLabel(grouping, 'nl')}" is een kenmerk van elke codering (het verschilt binnen bronnen): elke codering telt onder haar eigen waarde, en N per kolom telt wie ten minste één codering onder die waarde heeft.`,
      ),
    );
  }
  // bounded: a few notes
  notes.push(...strayNotes(prep, lang));
  // bounded: a few notes
  notes.unshift(...matrixNotes(measure, rowsBy, grouping, prep, lang, opts.coverageOf ?? 'respondents'));
  // bounded: a few notes
  notes.push(...sharedCodeIdsNote(doc.codes, lang));
  return {
    title: tr(lang, `Codes × ${groupingLabel(grouping, lang)}: ${measureName(measure, lang)}`, `Codes × ${groupingLabel(grouping, lang)}: ${measureName(measure, lang)}`),
    columns,
    rows,
    totalRows,
    notes,
  };
}

function columnValues(prep: PreparedDoc, g: Grouping, lang: Lang, perCoding: boolean): string[] {
  const set = new Set<string>();
  if (perCoding) {
    for (const pc of prep.codings) set.add(codingGroupValue(pc, g, lang));
    for (const r of surveyRowValues(prep, g, lang)) set.add(r.value);
  } else for (const s of prep.sources) set.add(groupValue(s, g, lang));
  return [...set].sort(naturalCompare);
}

/** Interview-like sources: their respondents are people asked (transcripts, questionnaire answers). */
export const ASKED: ReadonlySet<string> = new Set(['transcript', 'survey']);

/** Counts of source kinds in words: "3 observation notes, 1 document" ("3 observatieverslagen, 1 document"). */
export function kindCounts(kinds: ReadonlyMap<string, number>, lang: Lang): string {
  const words: Record<string, [string, string, string, string]> = {
    observation: ['observation note', 'observation notes', 'observatieverslag', 'observatieverslagen'],
    document: ['document', 'documents', 'document', 'documenten'],
  };
  return [...kinds]
    .sort((a, b) => naturalCompare(a[0], b[0]))
    .map(([k, n]) => {
      const w = words[k];
      return `${n} ${w ? w[(lang === 'nl' ? 2 : 0) + (n === 1 ? 0 : 1)] : k}`;
    })
    .join(', ');
}

/**
 * A group whose N mixes interviews with observation notes or documents counts those notes and
 * documents as respondents: a note names them per group (they are not left out in silence, nor
 * counted in silence). Only for a grouping by source (a per-coding attribute counts who has codings).
 */
export function mixedKindNotes(prep: PreparedDoc, groupOfSource: ReadonlyMap<string, string>, lang: Lang, opts: { notesOnlyGroups?: boolean } = {}): string[] {
  const by = new Map<string, { asked: number; other: Source[] }>();
  for (const s of prep.sources) {
    if (!(prep.respondentsBySource.get(s.id)?.length)) continue;
    const g = groupOfSource.get(s.id)!;
    const e = by.get(g) ?? by.set(g, { asked: 0, other: [] }).get(g)!;
    if (ASKED.has(s.kind)) e.asked++;
    else e.other.push(s);
  }
  const mixed = [...by].filter(([, e]) => e.asked > 0 && e.other.length > 0).sort((a, b) => naturalCompare(a[0], b[0]));
  const kindName = (k: string) => (lang === 'nl' ? ({ observation: 'observatie', document: 'document' } as Record<string, string>)[k] ?? k : k);
  const notes: string[] = [];
  // (groups of notes or documents only, beside groups of interviews: their N counts notes, not
  // people; compare leaves them out of its difference and says so itself)
  const whole = opts.notesOnlyGroups && [...by.values()].some((e) => e.asked > 0) ? [...by].filter(([, e]) => e.asked === 0 && e.other.length > 0).sort((a, b) => naturalCompare(a[0], b[0])) : [];
  if (whole.length) {
    const kinds = (e: { other: Source[] }) => {
      const n = new Map<string, number>();
      for (const s of e.other) n.set(s.kind, (n.get(s.kind) ?? 0) + 1);
      return kindCounts(n, lang);
    };
    const list = whole.map(([g, e]) => `${g} (${kinds(e)})`).join(', ');
    notes.push(
      tr(
        lang,
        `${whole.length === 1 ? 'A group' : `${whole.length} groups`} of observation notes or documents only, beside groups of interviews: ${list}. Their N counts each note or document as one respondent: read their cells as notes or documents that mention the code, not as people.`,
        `${whole.length === 1 ? 'Een groep' : `${whole.length} groepen`} van alleen observatieverslagen of documenten, naast groepen van interviews: ${list}. Hun N telt elk verslag of document als één respondent: lees hun cellen als verslagen of documenten die de code noemen, niet als personen.`,
      ),
    );
  }
  if (!mixed.length) return notes;
  const items = mixed.flatMap(([g, e]) => e.other.map((s) => `${g}: ${s.case} (${kindName(s.kind)})`));
  const list = `${items.slice(0, 12).join('; ')}${items.length > 12 ? tr(lang, `; and ${items.length - 12} more`, `; en nog ${items.length - 12}`) : ''}`;
  const n = mixed.reduce((k, [, e]) => k + e.other.length, 0);
  return [
    ...notes,
    tr(
      lang,
      `N of ${mixed.length === 1 ? 'a group' : `${mixed.length} groups`} counts ${n} observation note(s) or document(s) beside the interviews, each as one respondent: ${list}. To count interviews only, give them a group of their own, or compare with --by source-kind.`,
      `N van ${mixed.length === 1 ? 'een groep' : `${mixed.length} groepen`} telt naast de interviews ${n} observatieverslag(en) of document(en) mee, elk als één respondent: ${list}. Geef ze een eigen groep om alleen interviews te tellen, of vergelijk met --by source-kind.`,
    ),
  ];
}

/**
 * The chosen coders (--coder) without a coding in sources other coders coded (prep.coderGaps): each
 * such source is in N, and an interview adding no codes in saturation, as if the coder had found
 * nothing there; if the coder never coded it, the numbers are too low. Named with the sources.
 */
export function coderGapNotes(prep: Pick<PreparedDoc, 'coderGaps'>, lang: Lang): string[] {
  return prep.coderGaps.map((g) => {
    const list = `${g.sources.slice(0, 8).join(', ')}${g.sources.length > 8 ? tr(lang, `, and ${g.sources.length - 8} more`, ` en nog ${g.sources.length - 8}`) : ''}`;
    if (g.coders?.length) {
      // several coders counted together: the sources none of them coded
      const en = joinNames(g.coders, 'en');
      const nl = joinNames(g.coders, 'nl');
      return tr(
        lang,
        `Coders ${en} (counted together) have no coding in ${g.sources.length} source(s) that other coders (${g.by.join(', ')}) coded (${list}; they coded ${g.coded}): they are counted as sources where they found nothing to code (in N, and as interviews without new codes). If they did not code them, leave them out (code them, or count only the sources they coded).`,
        `Codeurs ${nl} (samen geteld) hebben geen codering in ${g.sources.length} bron(nen) die andere codeurs (${g.by.join(', ')}) codeerden (${list}; zij codeerden er ${g.coded}): ze tellen als bronnen waarin zij niets te coderen vonden (in N, en als interviews zonder nieuwe codes). Hebben zij ze niet gecodeerd, laat ze dan weg (codeer ze, of tel alleen de bronnen die zij codeerden).`,
      );
    }
    return tr(
      lang,
      `Coder ${g.coder} has no coding in ${g.sources.length} source(s) that other coders coded (${list}; ${g.coder} coded ${g.coded}): they are counted as sources where ${g.coder} found nothing to code (in N, and as interviews without new codes). If ${g.coder} did not code them, leave them out (code them, or count only the sources ${g.coder} coded).`,
      `Codeur ${g.coder} heeft geen codering in ${g.sources.length} bron(nen) die andere codeurs codeerden (${list}; ${g.coder} codeerde er ${g.coded}): ze tellen als bronnen waarin ${g.coder} niets te coderen vond (in N, en als interviews zonder nieuwe codes). Heeft ${g.coder} ze niet gecodeerd, laat ze dan weg (codeer ze, of tel alleen de bronnen die ${g.coder} codeerde).`,
    );
  });
}

/**
 * Cases interviewed alone and in a group conversation whose respondent of the interview alone no
 * speaker of the group conversation matches by name (prep.mixedCases): N counts them apart, which
 * is one person twice if they are the same. Named with the sources and the speakers.
 */
export function mixedCaseNotes(prep: PreparedDoc, lang: Lang): string[] {
  const m = prep.mixedCases;
  if (!m.length) return [];
  const items = m.slice(0, 6).map((x) => {
    const who = x.unmatched.map((u) => (u ? `"${u}"` : tr(lang, 'no speaker label', 'geen sprekerslabel'))).join(', ');
    return tr(lang, `${x.case}: ${x.alone.join(', ')} (${who}) beside ${x.group.join(', ')} (${x.speakers.join(', ')})`, `${x.case}: ${x.alone.join(', ')} (${who}) naast ${x.group.join(', ')} (${x.speakers.join(', ')})`);
  });
  const more = m.length > 6 ? tr(lang, `; and ${m.length - 6} more`, `; en nog ${m.length - 6}`) : '';
  return [
    tr(
      lang,
      `${m.length} case(s) have an interview with one respondent and a group conversation, and the respondent of the first is not named like any speaker of the second, so N counts them as different people: ${items.join('; ')}${more}. If they are one person, label their turns with the same name in both sources; if not, give the sources their own cases.`,
      `${m.length} case(s) hebben een interview met één respondent en een groepsgesprek, en de respondent van het eerste heet niet zoals een spreker van het tweede, dus N telt hen als verschillende personen: ${items.join('; ')}${more}. Is het één persoon, geef hun beurten dan in beide bronnen dezelfde naam; zo niet, geef de bronnen een eigen case.`,
    ),
  ];
}

/**
 * Respondents (a case, or a speaker of a group conversation) whose sources carry different values
 * of the grouping attribute (one case interviewed twice, its sources given two teams): they are in
 * the N of each of those groups, and in the Total once. Named with their sources per value, unless
 * `skip` (the respondents another note already names, with their codings per group). Only for a
 * grouping by a source attribute (a per-coding attribute counts who has codings under each value).
 */
export function respondentInGroupsNotes(prep: PreparedDoc, groupOfSource: ReadonlyMap<string, string>, attr: string, lang: Lang, skip: ReadonlySet<string> = new Set()): string[] {
  const by = new Map<string, Map<string, string[]>>();
  for (const s of prep.sources) {
    const g = groupOfSource.get(s.id);
    if (g === undefined) continue;
    for (const r of prep.respondentsBySource.get(s.id) ?? []) {
      const m = by.get(r) ?? by.set(r, new Map()).get(r)!;
      (m.get(g) ?? m.set(g, []).get(g)!).push(s.id);
    }
  }
  const multi = [...by].filter(([r, m]) => m.size > 1 && !skip.has(r)).sort((a, b) => naturalCompare(a[0], b[0]));
  if (!multi.length) return [];
  const items = multi.slice(0, 8).map(([r, m]) => `${r}: ${[...m].map(([g, ids]) => `${g} (${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ', …' : ''})`).join(', ')}`);
  const more = multi.length > 8 ? tr(lang, `; and ${multi.length - 8} more`, `; en nog ${multi.length - 8}`) : '';
  return [
    tr(
      lang,
      `${multi.length} respondent(s) have sources with different values of "${attr}" and are counted in the N of each of those groups (once in a total): ${items.join('; ')}${more}. If a respondent belongs to one group, give their sources one value; if the sources are different people, give each its own case.`,
      `${multi.length} respondent(en) hebben bronnen met verschillende waarden van "${attr}" en tellen mee in de N van elk van die groepen (één keer in een totaal): ${items.join('; ')}${more}. Hoort een respondent bij één groep, geef de bronnen dan één waarde; zijn het verschillende mensen, geef elke bron dan een eigen case.`,
    ),
  ];
}

/** A note naming the sources not counted as respondents (all their codings lie on interviewer rows). */
export function strayNotes(prep: PreparedDoc, lang: Lang): string[] {
  const notes: string[] = [];
  // a source whose every turn is the interviewer's (a respondent's label read as an interviewer's,
  // such as "I:" for Ingrid) stays in N as one respondent with nothing that can be coded: said
  const withSegments = new Set(prep.doc.segments.map((g) => g.sourceId));
  const stray = new Set(prep.strays.map((s) => s.source));
  const silent = prep.sources.filter((s) => withSegments.has(s.id) && !stray.has(s.id) && (prep.segmentsBySource.get(s.id)?.length ?? 0) === 0).map((s) => s.id);
  if (silent.length) {
    const list = `${silent.slice(0, 10).join(', ')}${silent.length > 10 ? ', …' : ''}`;
    notes.push(
      tr(
        lang,
        `${silent.length} source(s) have only interviewer turns, so nothing in them is counted, yet each counts in N as a respondent: ${list}. If a respondent's label was read as an interviewer's, code again with --interviewer NAME.`,
        `${silent.length} bron(nen) hebben alleen beurten van de interviewer, dus er telt niets in mee, maar elk telt in N als respondent: ${list}. Is het label van een respondent als interviewer gelezen, codeer dan opnieuw met --interviewer NAAM.`,
      ),
    );
  }
  if (!prep.strays.length) return notes;
  const list = prep.strays.map((s) => `${s.source} (${s.codings.slice(0, 5).join(', ')}${s.codings.length > 5 ? tr(lang, `, and ${s.codings.length - 5} more`, `, en nog ${s.codings.length - 5}`) : ''})`).join('; ');
  return [
    ...notes,
    tr(
      lang,
      `Not counted as respondents: ${prep.strays.length} id(s) that occur only on interviewer rows: ${list}.`,
      `Niet als respondent geteld: ${prep.strays.length} id('s) die alleen op rijen van de interviewer voorkomen: ${list}.`,
    ),
  ];
}

interface OutsideUnits {
  readonly source: string;
  /** The source is not among the document's sources (read from its codings only). */
  readonly notInDocument: boolean;
  readonly units: Set<string>;
  codings: number;
  /** Segment ids the codings name that the source does not have. */
  readonly missingIds: Set<string>;
}

/**
 * Coded units that lie in no segment of the document (while it has segments): codings of a source
 * the document does not hold, of a segment id their source lacks, or of a span in no segment. The
 * segments matrix counts them in its cells while its N counts the document's segments.
 */
export function unitsOutsideSegments(prep: PreparedDoc): OutsideUnits[] {
  if (!prep.doc.segments.length) return [];
  const inDoc = new Set(prep.doc.sources.map((s) => s.id));
  const by = new Map<string, OutsideUnits>();
  for (const pc of prep.codings) {
    if (pc.segment) continue;
    const id = pc.source.id;
    const e = by.get(id) ?? by.set(id, { source: id, notInDocument: !inDoc.has(id), units: new Set(), codings: 0, missingIds: new Set() }).get(id)!;
    e.units.add(pc.segmentKey);
    e.codings++;
    if (pc.coding.segmentId !== undefined) e.missingIds.add(pc.coding.segmentId);
  }
  return [...by.values()].sort((a, b) => naturalCompare(a.source, b.source));
}

function outsideSegmentsNote(outside: readonly OutsideUnits[], cols: readonly string[], known: number, lang: Lang): string {
  const units = outside.reduce((k, o) => k + o.units.size, 0);
  const items = outside.slice(0, 8).map((o) => {
    const ids = [...o.missingIds].slice(0, 3).map((x) => `"${x}"`).join(', ') + (o.missingIds.size > 3 ? ', …' : '');
    const n = `${o.codings} ${tr(lang, o.codings === 1 ? 'coding' : 'codings', o.codings === 1 ? 'codering' : 'coderingen')}, ${o.units.size} ${tr(lang, o.units.size === 1 ? 'unit' : 'units', o.units.size === 1 ? 'eenheid' : 'eenheden')}`;
    const why = o.notInDocument
      ? tr(lang, "the source is not among the document's sources", 'de bron staat niet tussen de bronnen van het document')
      : o.missingIds.size
        ? tr(lang, `segment ${ids}, which the source does not have`, `segment ${ids}, dat de bron niet heeft`)
        : tr(lang, 'a span in no segment of the source', 'een fragment in geen segment van de bron');
    return `${o.source} (${n}; ${why})`;
  });
  const more = outside.length > 8 ? tr(lang, `; and ${outside.length - 8} more`, `; en nog ${outside.length - 8}`) : '';
  const colList = cols.map((c) => `"${c}"`).join(', ');
  return tr(
    lang,
    `N segments is left empty for ${colList} and the total: ${units} coded unit(s) lie in no segment of the document, so how many segments there are is unknown (the cells count them; the known segments number ${known}): ${items.join('; ')}${more}. Add the missing source (code it again with qda code), or correct the source or segment id of these codings.`,
    `N segmenten is leeg gelaten voor ${colList} en het totaal: ${units} gecodeerde eenhe(i)d(en) liggen in geen segment van het document, dus hoeveel segmenten er zijn is onbekend (de cellen tellen ze mee; de bekende segmenten zijn er ${known}): ${items.join('; ')}${more}. Voeg de ontbrekende bron toe (codeer opnieuw met qda code), of verbeter de bron of het segment-id van deze coderingen.`,
  );
}

export function measureName(m: MatrixMeasure, lang: Lang): string {
  const names: Record<MatrixMeasure, [string, string]> = {
    segments: ['coded segments', 'gecodeerde segmenten'],
    uses: ['code uses', 'codetoepassingen'],
    sources: ['sources', 'bronnen'],
    respondents: ['respondents', 'respondenten'],
    words: ['words coded', 'gecodeerde woorden'],
    coverage: ['coverage (%)', 'dekking (%)'],
  };
  return tr(lang, ...names[m]);
}

function matrixNotes(measure: MatrixMeasure, rowsBy: 'code' | 'category', g: Grouping, prep: PreparedDoc, lang: Lang, coverageOf: 'respondents' | 'all'): string[] {
  const unit: Record<MatrixMeasure, [string, string]> = {
    segments: [
      'Cell = number of distinct segments coded with the code (a segment coded twice counts once).',
      'Cel = aantal verschillende segmenten met de code (een segment dat twee keer is gecodeerd telt één keer).',
    ],
    uses: [
      'Cell = number of code applications: every coding counts, also when a segment has the same code twice; a parent row counts its own and its descendants\' codings.',
      'Cel = aantal toepassingen van de code: elke codering telt, ook als een segment dezelfde code twee keer heeft; een bovenliggende code telt haar eigen coderingen en die van haar subcodes.',
    ],
    sources: ['Cell = number of distinct sources in which the code occurs.', 'Cel = aantal verschillende bronnen waarin de code voorkomt.'],
    respondents: [
      'Cell = number of distinct respondents who mention the code (respondent = case; in a multi-speaker source each speaker). Read with the N row: "x of N respondents".',
      'Cel = aantal verschillende respondenten dat de code noemt (respondent = casus; in een bron met meer sprekers elke spreker). Lees met de rij N: "x van de N respondenten".',
    ],
    words: ["Cell = words in the coded spans (overlapping spans counted once), in the respondents' turns (a span reaching into an interviewer turn counts only its words in the respondent's).", 'Cel = woorden in de gecodeerde fragmenten (overlappende fragmenten één keer geteld), in de beurten van respondenten (van een fragment dat in een beurt van de interviewer doorloopt tellen alleen de woorden in die van de respondent).'],
    coverage:
      coverageOf === 'all'
        ? [
            "Cell = coded characters (code points) / all characters of the column's sources, in %: interviewer turns, speaker labels and time stamps are in the denominator, while codings on interviewer turns do not count, so no code reaches 100 %; overlapping spans counted once. For the share of what the respondents said: --coverage-of respondents.",
            'Cel = gecodeerde tekens / alle tekens van de bronnen in de kolom, in %: beurten van de interviewer, sprekerslabels en tijden zitten in de noemer, terwijl coderingen op beurten van de interviewer niet meetellen, dus geen code haalt 100 %; overlappende fragmenten één keer geteld. Voor het aandeel van wat de respondenten zeiden: --coverage-of respondents.',
          ]
        : [
            "Cell = coded characters (code points) of the respondents' turns / all characters of the respondents' turns in the column's sources, in %: interviewer turns, speaker labels and time stamps are not counted; overlapping spans counted once. For the share of the whole text: --coverage-of all.",
            'Cel = gecodeerde tekens van de beurten van respondenten / alle tekens van de beurten van respondenten in de bronnen van de kolom, in %: beurten van de interviewer, sprekerslabels en tijden tellen niet mee; overlappende fragmenten één keer geteld. Voor het aandeel van de hele tekst: --coverage-of all.',
          ],
  };
  const notes = [
    tr(lang, `Measure: ${measureName(measure, 'en')}. Columns: ${groupingLabel(g, 'en')}.`, `Maat: ${measureName(measure, 'nl')}. Kolommen: ${groupingLabel(g, 'nl')}.`),
    tr(lang, ...unit[measure]),
    measure === 'uses'
      ? tr(lang, rowsBy === 'category' ? 'Rows are top-level codes (categories); each counts the codings of its own and of all its descendants.' : "Roll-up: a parent row counts its own codings and its descendants' codings.", rowsBy === 'category' ? 'Rijen zijn hoofdcodes (categorieën); elke rij telt de coderingen van zichzelf en van alle subcodes.' : 'Hiërarchie: een bovenliggende code telt haar eigen coderingen én die van haar subcodes.')
      : rowsBy === 'category'
      ? tr(lang, 'Rows are top-level codes (categories); each counts its own codings and all its descendants\' (distinct units, not a sum).', 'Rijen zijn hoofdcodes (categorieën); elke rij telt de eigen coderingen én die van alle subcodes mee, elke eenheid één keer (geen optelsom).')
      : tr(lang, "Roll-up: a parent row counts its own codings and its descendants' (distinct units, not a sum of the child rows).", 'Hiërarchie: een bovenliggende code telt haar eigen coderingen én die van haar subcodes mee; elke eenheid telt één keer (het is geen optelsom van de rijen eronder).'),
    tr(lang, `Coders: ${prep.coders.join(', ') || '–'}. Codings on interviewer turns are not counted${prep.setAside.interviewer ? ` (${prep.setAside.interviewer} set aside)` : ''}.`, `Codeurs: ${prep.coders.join(', ') || '–'}. Coderingen op beurten van de interviewer tellen niet mee${prep.setAside.interviewer ? ` (${prep.setAside.interviewer} terzijde gelegd)` : ''}.`),
  ];
  return notes;
}

/** Total length of the overlap of two lists of sorted disjoint [s,e) intervals. */
export function overlapLength(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): number {
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e > s) n += e - s;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return n;
}

/** The overlap of two lists of sorted disjoint [s,e) intervals, as intervals. */
export function overlapSpans(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e > s) out.push([s, e]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** Merge a flat [s0,e0,s1,e1,…] list into sorted disjoint [s,e) intervals. */
export function mergeIntervals(flat: readonly number[]): Array<[number, number]> {
  const n = flat.length / 2;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1]);
  const out: Array<[number, number]> = [];
  for (const i of idx) {
    const s = flat[2 * i];
    const e = flat[2 * i + 1];
    if (e <= s) continue;
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
