import type { Cell, Column, CodeRef, CodingsDocument, Diagnostic, Lang, Table } from '../model/types.js';
import { inputError } from '../model/errors.js';
import { BinaryAgreement } from './agreement-stats.js';
import { buildCodeTree, codeName } from './hierarchy.js';
import { didYouMean, naturalCompare, prepareDoc, tr } from './prepare.js';
import { pushAll } from '../model/arrays.js';
import { roundPercent } from '../model/percent.js';

export * from './agreement-stats.js';

export type AgreementUnit = 'segment' | 'source';

export interface AgreementOptions {
  readonly unit?: AgreementUnit;
  /** Coders to compare, in this order (with two coders the second is the reference for P/R/F1). */
  readonly coders?: readonly string[];
  /** Names for the documents (e.g. file names), used when documents share a coder name. */
  readonly names?: readonly string[];
  /** The files the documents were read from, in order: the warnings name the file of the coder they are about. */
  readonly files?: readonly string[];
  readonly lang?: Lang;
}

export interface AgreementStats {
  /** Units rated by every coder. */
  readonly units: number;
  /** Units rated by at least two coders (α uses these). */
  readonly pairable: number;
  /** Per coder: units rated "present", among the units rated by every coder. */
  readonly present: readonly number[];
  readonly percentAgreement: number | null;
  readonly cohenKappa: number | null;
  readonly krippendorffAlpha: number | null;
  readonly brennanPrediger: number | null;
  readonly fleissKappa: number | null;
  readonly gwetAC1: number | null;
  readonly precision?: number | null;
  readonly recall?: number | null;
  readonly f1?: number | null;
}

export interface CodeAgreement extends AgreementStats {
  readonly code: string;
  readonly name: string;
}

export interface AgreementResult {
  readonly unit: AgreementUnit;
  readonly coders: readonly string[];
  /** With two coders: the second, against whom P/R/F1 of the first are computed. */
  readonly reference?: string;
  /** All units (segments or sources) considered. */
  readonly units: number;
  readonly codes: readonly CodeAgreement[];
  /** Pooled over all code × unit decisions. */
  readonly pooled: AgreementStats;
  /** Unweighted mean over codes of each statistic (codes where it is defined). */
  readonly mean: Omit<AgreementStats, 'units' | 'pairable' | 'present'>;
  readonly tables: readonly Table[];
  /** What the reader must know (coders whose units can never meet). */
  readonly diagnostics: readonly Diagnostic[];
}

const MAX_CODERS = 30;

/**
 * Intercoder agreement on binary present/absent decisions per code and unit (pure).
 *
 * Units: for `segment`, every segment coded by any coder PLUS every non-interviewer
 * segment of the documents, so agreement on absence counts; a coding without a
 * segment is placed in the segment containing its start, else its span is its
 * own unit. For `source`, every source. Absent is a rating: a coder rates every unit
 * of every source that the coder's document lists (its sources, and any source a
 * row of its CSV names), whether or not the coder coded anything there; a unit is
 * unrated by a coder only when the coder's file does not contain its source (one
 * file per coder, covering different sources). α allows such missing values; κ,
 * Fleiss, percent agreement and Brennan–Prediger use units rated by every coder.
 * Codings on interviewer turns never count.
 */
export function computeAgreement(input: CodingsDocument | readonly CodingsDocument[], opts: AgreementOptions = {}): AgreementResult {
  const lang = opts.lang ?? 'en';
  const unit = opts.unit ?? 'segment';
  const docs: readonly CodingsDocument[] = Array.isArray(input) ? (input as readonly CodingsDocument[]) : [input as CodingsDocument];
  const multi = docs.length > 1;
  const names = docs.map((_, i) => opts.names?.[i] ?? `file${i + 1}`);

  // coder streams: (label, document, coder)
  const preps = docs.map((d) => prepareDoc(d));
  const streams: Array<{ label: string; doc: number; coder: string }> = [];
  const seen = new Map<string, number>();
  preps.forEach((p, i) => p.allCoders.forEach((c) => seen.set(c, (seen.get(c) ?? 0) + 1)));
  preps.forEach((p, i) => {
    for (const c of p.allCoders) {
      const clash = multi && (seen.get(c) ?? 0) > 1;
      const label = !clash ? c : p.allCoders.length === 1 ? names[i] : `${names[i]}:${c}`;
      streams.push({ label, doc: i, coder: c });
    }
  });
  let selected = streams;
  if (opts.coders && opts.coders.length) {
    const labels = streams.map((s) => s.label);
    selected = opts.coders.map((want) => {
      const s = streams.find((x) => x.label === want) ?? streams.find((x) => x.coder === want);
      if (!s) {
        throw inputError('analysis', 'unknown-coder', `no coder "${want}" in the codings`, {
          expected: didYouMean(want, labels),
          hint: `coders found: ${labels.join(', ') || '(none)'}; choose with --coders A,B`,
        });
      }
      return s;
    });
    if (new Set(selected.map((s) => s.label)).size !== selected.length) {
      throw inputError('analysis', 'duplicate-coder', `--coders names the same coder twice: ${opts.coders.join(',')}`, { hint: 'give two or more different coders' });
    }
  }
  if (selected.length < 2) {
    throw inputError('analysis', 'too-few-coders', `agreement needs at least two coders; found ${selected.length === 0 ? 'none' : `only ${selected.map((s) => `"${s.label}"`).join(', ')}`}`, {
      hint: 'give one file per coder (qda agree anna.json bart.json), or one file whose codings carry a coder column with two or more coders',
    });
  }
  if (selected.length > MAX_CODERS) {
    throw inputError('analysis', 'too-many-coders', `at most ${MAX_CODERS} coders can be compared at once (got ${selected.length})`, { hint: 'choose coders with --coders A,B,C' });
  }
  const m = selected.length;
  const coders = selected.map((s) => s.label);

  // units
  const unitIdx = new Map<string, number>();
  const unitSource: string[] = [];
  const addUnit = (key: string, src: string) => {
    let u = unitIdx.get(key);
    if (u === undefined) {
      unitIdx.set(key, (u = unitSource.length));
      unitSource.push(src);
    }
    return u;
  };
  const usedDocs = new Set(selected.map((s) => s.doc));
  for (const i of usedDocs) {
    const p = preps[i];
    if (unit === 'source') for (const s of p.sources) addUnit(s.id, s.id);
    else for (const [src, segs] of p.segmentsBySource) for (const g of segs) addUnit(g.id, src);
  }
  // coverage: coder j rates source s
  const covers = new Map<string, number>(); // source → coder mask
  const cover = (src: string, j: number) => covers.set(src, (covers.get(src) ?? 0) | (1 << j));
  // per source: mask of the coders with a coding there
  const codedIn = new Map<string, number>();
  // per code: unit → mask of coders saying present
  const coded = new Map<string, Map<number, number>>();
  const codeRefs: CodeRef[] = [];
  let interviewer = 0;
  // per source and coder: whether the coder's units there are segments (1) or spans of text (2)
  const kinds = new Map<string, number[]>();
  selected.forEach((s, j) => {
    const p = preps[s.doc];
    // absent is a rating: a coder rates every unit of every source that the coder's document lists
    // (or that its CSV names on any row), so coding nothing there says "absent"
    for (const src of p.sources) cover(src.id, j);
    pushAll(codeRefs, p.doc.codes);
    for (const pc of p.codings) {
      if (pc.coding.coder !== s.coder) continue;
      cover(pc.source.id, j);
      codedIn.set(pc.source.id, (codedIn.get(pc.source.id) ?? 0) | (1 << j));
      if (unit === 'segment') {
        const k = kinds.get(pc.source.id) ?? kinds.set(pc.source.id, new Array<number>(m).fill(0)).get(pc.source.id)!;
        k[j] |= pc.segment || pc.coding.segmentId !== undefined ? 1 : pc.coding.end > pc.coding.start ? 2 : 4;
      }
      const u = addUnit(unit === 'source' ? pc.source.id : pc.segmentKey, pc.source.id);
      let byUnit = coded.get(pc.coding.code);
      if (!byUnit) coded.set(pc.coding.code, (byUnit = new Map()));
      byUnit.set(u, (byUnit.get(u) ?? 0) | (1 << j));
    }
    interviewer += p.doc.codings.filter((c) => c.coder === s.coder).length - p.codings.filter((c) => c.coding.coder === s.coder).length;
  });
  const nUnits = unitSource.length;
  const raterMask = new Int32Array(nUnits);
  const maskCount = new Map<number, number>();
  for (let u = 0; u < nUnits; u++) {
    const mask = covers.get(unitSource[u]) ?? 0;
    raterMask[u] = mask;
    maskCount.set(mask, (maskCount.get(mask) ?? 0) + 1);
  }
  const pop = (x: number) => {
    let n = 0;
    while (x) {
      x &= x - 1;
      n++;
    }
    return n;
  };

  const tree = buildCodeTree(codeRefs, coded.keys());
  const codeIds = tree.nodes.filter((n) => coded.has(n.id)).map((n) => n.id);
  const fullMask = (1 << m) - 1;
  const pooledAcc = new BinaryAgreement(m);
  const codes: CodeAgreement[] = codeIds.map((code) => {
    const acc = new BinaryAgreement(m);
    for (const [mask, count] of maskCount) acc.add(pop(mask), 0, count);
    for (const [u, ones] of coded.get(code)!) {
      const mask = raterMask[u];
      const k = pop(mask);
      acc.add(k, 0, -1);
      acc.add(k, pop(ones & mask), 1, (ones & 1) !== 0, (ones & 2) !== 0);
      if (mask === fullMask) for (let j = 0; j < m; j++) if (ones & (1 << j)) acc.present[j]++;
    }
    pooledAcc.merge(acc);
    return { code, name: codeName(tree.byId.get(code)?.ref, code, lang), ...statsOf(acc) };
  });
  const pooled = statsOf(pooledAcc);
  const meanOf = (k: keyof AgreementStats) => {
    const vals = codes.map((c) => c[k]).filter((v): v is number => typeof v === 'number');
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  };
  const mean = {
    percentAgreement: meanOf('percentAgreement'),
    cohenKappa: meanOf('cohenKappa'),
    krippendorffAlpha: meanOf('krippendorffAlpha'),
    brennanPrediger: meanOf('brennanPrediger'),
    fleissKappa: meanOf('fleissKappa'),
    gwetAC1: meanOf('gwetAC1'),
    ...(m === 2 ? { precision: meanOf('precision'), recall: meanOf('recall'), f1: meanOf('f1') } : {}),
  };
  const result = { unit, coders, reference: m === 2 ? coders[1] : undefined, units: nUnits, codes, pooled, mean };
  const table = agreementTable(result, lang, interviewer, docs.length, names);
  const partial = partialSourcesNote(covers, fullMask, coders, lang);
  // a flat file (a codings CSV) lists the segments some coder coded and no other: the segments no
  // coder coded, where every coder agrees on absence, are no units (N 129 against 227 from the
  // codings document of the same coding, % 94.9 against 97.1): said in a note
  // (one document with the texts beside them gives every segment of its sources: no note)
  const flat = unit === 'segment' && [...usedDocs].every((i) => preps[i].sources.every((s) => !s.text));
  const flatNote = flat
    ? tr(
        lang,
        'The codings carry no source texts (a flat file): only the segments some coder coded are units; segments no coder coded (where all agree on absence) are not counted, so N is smaller and % and AC1 lower than from the codings document of qda code (codings.json), which holds every segment.',
        'De coderingen bevatten geen bronteksten (een plat bestand): alleen de segmenten die een codeur codeerde zijn eenheden; segmenten die geen codeur codeerde (waar allen het eens zijn over afwezigheid) tellen niet mee, dus N is kleiner en % en AC1 lager dan uit het coderingsdocument van qda code (codings.json), dat elk segment bevat.',
      )
    : undefined;
  // each warning names the file of the first coder it is about (with one file: that file)
  const fileOf = (j: number | undefined): Partial<Diagnostic> => {
    const f = j === undefined ? undefined : opts.files?.[selected[j].doc];
    return f ? { file: f } : {};
  };
  const withFile = (d: (Diagnostic & { coder?: number }) | undefined): Diagnostic | undefined => {
    if (!d) return undefined;
    const { coder, ...rest } = d;
    return { ...rest, ...fileOf(coder) };
  };
  const diagnostics = [coderOverFiles(selected, covers, coders, opts.files), unit === 'segment' ? segmentsDiffer(selected, preps, coders, opts.files) : undefined, unit === 'segment' ? segmentsNotInText(selected, preps, coders, opts.files) : undefined, unitsApart(kinds, selected, preps, coders), withoutPlace(kinds, selected, preps, coders), codesWrittenApart(coded, coders), codedNothingWhereOthersDid(covers, codedIn, coders)]
    .map(withFile)
    .filter((d): d is Diagnostic => d !== undefined);
  const extra = [partial, flatNote].filter((n): n is string => n !== undefined);
  return { ...result, tables: [extra.length ? { ...table, notes: [...(table.notes ?? []), ...extra] } : table], diagnostics };
}

/**
 * Sources where one coder codes segments (a segment number, or a document's segments) and another
 * only spans of text (start/end) that no segment of the source holds: their units are never the
 * same, so each coding of either counts as a disagreement (κ near or below 0, without a word).
 */
function unitsApart(
  kinds: ReadonlyMap<string, readonly number[]>,
  selected: ReadonlyArray<{ label: string; doc: number; coder: string }>,
  preps: ReadonlyArray<ReturnType<typeof prepareDoc>>,
  coders: readonly string[],
): (Diagnostic & { coder: number }) | undefined {
  const apart: Array<{ src: string; seg: number; span: number }> = [];
  for (const [src, k] of kinds) {
    const seg = k.findIndex((x) => (x & 1) !== 0);
    const span = k.findIndex((x, j) => j !== seg && (x & 2) !== 0);
    if (seg >= 0 && span >= 0) apart.push({ src, seg, span });
  }
  if (!apart.length) return undefined;
  apart.sort((a, b) => naturalCompare(a.src, b.src));
  const f = apart[0];
  const example = (j: number, kind: 'segment' | 'span') => {
    const pc = preps[selected[j].doc].codings.find((x) => x.source.id === f.src && x.coding.coder === selected[j].coder && (kind === 'segment' ? x.segment !== undefined || x.coding.segmentId !== undefined : x.segment === undefined && x.coding.segmentId === undefined && x.coding.end > x.coding.start));
    return pc ? `"${pc.segmentKey}"` : '';
  };
  return {
    coder: f.span,
    severity: 'warning',
    source: 'analysis',
    ruleId: 'units-never-meet',
    message: `in ${apart.length} source(s) one coder codes segments and another spans of text that no segment of the source holds, so their units are never the same and every coding of either counts as a disagreement: ${apart
      .slice(0, 5)
      .map((a) => `"${a.src}" (${coders[a.seg]}: segments, ${coders[a.span]}: spans)`)
      .join(', ')}${apart.length > 5 ? `, … (${apart.length} in all)` : ''}; e.g. ${coders[f.seg]}'s unit ${example(f.seg, 'segment')} and ${coders[f.span]}'s ${example(f.span, 'span')} in "${f.src}"`,
    hint: 'give both coders the same unit: a segment column in both files, or start and end in both; or compare against the codings document from qda code (its segments hold the spans); or compare whole sources with --unit source',
  };
}

/**
 * Documents of different coders that segment a source differently (one coded by turn, the other by
 * sentence; a source edited between the runs): a segment id names other text in each (r1#3 an
 * answer in one, the interviewer's question in the other), so units are matched by id across
 * different text and the codings of the same words are compared as different units, each a
 * disagreement. Said with the sources, the first segment that differs in each file and the fix.
 */
function segmentsDiffer(
  selected: ReadonlyArray<{ label: string; doc: number; coder: string }>,
  preps: ReadonlyArray<ReturnType<typeof prepareDoc>>,
  coders: readonly string[],
  files: readonly string[] | undefined,
): (Diagnostic & { coder: number }) | undefined {
  const docs = [...new Set(selected.map((s) => s.doc))];
  if (docs.length < 2) return undefined;
  // per document: source → its segments in order (every role), when it has any
  const segsOf = (i: number) => {
    const m = new Map<string, Array<{ id: string; start: number; end: number; role?: string }>>();
    for (const g of preps[i].doc.segments) (m.get(g.sourceId) ?? m.set(g.sourceId, []).get(g.sourceId)!).push({ id: g.id, start: g.start, end: g.end, role: g.role });
    for (const l of m.values()) l.sort((a, b) => a.start - b.start || a.end - b.end);
    return m;
  };
  const maps = new Map(docs.map((i) => [i, segsOf(i)]));
  const fileOf = (i: number) => files?.[i] ?? `file ${i + 1}`;
  const apart: Array<{ src: string; a: number; b: number; how: string }> = [];
  const [ref, ...rest] = docs;
  const show = (g: { id: string; start: number; end: number; role?: string } | undefined) => (g ? `${g.start}–${g.end}${g.role === 'interviewer' ? ', interviewer' : ''}` : 'absent');
  for (const other of rest) {
    const A = maps.get(ref)!;
    const B = maps.get(other)!;
    for (const [src, la] of A) {
      const lb = B.get(src);
      // (a flat file's segments are the ones its rows name, without text: not a segmentation)
      if (!lb || !preps[ref].sourceById.get(src)?.text || !preps[other].sourceById.get(src)?.text) continue;
      const byIdB = new Map(lb.map((g) => [g.id, g]));
      const byIdA = new Map(la.map((g) => [g.id, g]));
      let how: string | undefined;
      for (const g of la) {
        const h = byIdB.get(g.id);
        if (!h || h.start !== g.start || h.end !== g.end) {
          how = `segment "${g.id}" is ${show(g)} in ${fileOf(ref)}, ${show(h)} in ${fileOf(other)}`;
          break;
        }
      }
      if (!how) {
        const extra = lb.find((g) => !byIdA.has(g.id));
        if (extra) how = `segment "${extra.id}" is absent in ${fileOf(ref)}, ${show(extra)} in ${fileOf(other)}`;
        else if (la.length !== lb.length) how = `${la.length} segments in ${fileOf(ref)}, ${lb.length} in ${fileOf(other)}`;
      }
      if (how) apart.push({ src, a: ref, b: other, how: `${la.length} vs ${lb.length} segments; ${how}` });
    }
  }
  if (!apart.length) return undefined;
  apart.sort((x, y) => naturalCompare(x.src, y.src));
  const coderOfDoc = (i: number) => selected.findIndex((s) => s.doc === i);
  const who = (i: number) => selected.filter((s) => s.doc === i).map((s) => coders[selected.indexOf(s)]).join(', ');
  const f = apart[0];
  return {
    coder: coderOfDoc(f.b),
    severity: 'warning',
    source: 'analysis',
    ruleId: 'segments-differ',
    message: `${apart.length} source(s) are segmented differently in the coders' files (${fileOf(f.a)}: ${who(f.a)}; ${fileOf(f.b)}: ${who(f.b)}), so a segment id names other text in each and the codings of the same words are compared as different units, each a disagreement: ${apart
      .slice(0, 5)
      .map((a) => `"${a.src}" (${a.how})`)
      .join('; ')}${apart.length > 5 ? `; … (${apart.length} in all)` : ''}`,
    hint: 'code the sources with one --unit (turn, sentence, paragraph) and the same texts for every coder, or put every coder\'s codings in one document (qda code SOURCES --codings a.csv --codings b.csv); or compare whole sources with --unit source',
  };
}

/**
 * A codings table (a CSV without the texts) that names segments of a source another coder's file
 * holds with its text and its segments (a codings document), but none of those segments: a
 * mistyped id (`wijkcoach-01#999`), a quote or another program's segment in the segment column.
 * Each such coding was a unit of its own, where every other coder counted as finding nothing (a
 * disagreement), without a word. Said with the count, the first ids and the segments the text has.
 */
function segmentsNotInText(
  selected: ReadonlyArray<{ label: string; doc: number; coder: string }>,
  preps: ReadonlyArray<ReturnType<typeof prepareDoc>>,
  coders: readonly string[],
  files: readonly string[] | undefined,
): (Diagnostic & { coder: number }) | undefined {
  // per source: the segment ids of the first file that holds its text (every role's)
  const withText = new Map<string, { doc: number; ids: Set<string>; first?: string }>();
  for (const i of new Set(selected.map((s) => s.doc))) {
    const p = preps[i];
    const mine = new Map<string, Set<string>>();
    for (const g of p.doc.segments) {
      if (withText.has(g.sourceId) || !p.sourceById.get(g.sourceId)?.text) continue;
      (mine.get(g.sourceId) ?? mine.set(g.sourceId, new Set()).get(g.sourceId)!).add(g.id);
    }
    for (const [src, ids] of mine) withText.set(src, { doc: i, ids, first: ids.values().next().value });
  }
  if (!withText.size) return undefined;
  const missing: Array<{ j: number; src: string; key: string }> = [];
  selected.forEach((s, j) => {
    const p = preps[s.doc];
    for (const pc of p.codings) {
      if (pc.coding.coder !== s.coder || p.sourceById.get(pc.source.id)?.text) continue;
      if (!pc.segment && pc.coding.segmentId === undefined) continue;
      const ref = withText.get(pc.source.id);
      if (ref && ref.doc !== s.doc && !ref.ids.has(pc.segmentKey)) missing.push({ j, src: pc.source.id, key: pc.segmentKey });
    }
  });
  if (!missing.length) return undefined;
  const f = missing[0];
  const ref = withText.get(f.src)!;
  const fileOf = (i: number) => files?.[i] ?? `file ${i + 1}`;
  const keys = [...new Set(missing.map((x) => `"${x.key}"`))];
  const sources = new Set(missing.map((x) => x.src));
  return {
    coder: f.j,
    severity: 'warning',
    source: 'analysis',
    ruleId: 'segment-not-in-text',
    message: `${missing.length} coding(s) of ${coders[f.j]} in ${sources.size} source(s) name a segment that the source's text in ${fileOf(ref.doc)} does not have: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? `, … (${keys.length} in all)` : ''} (in "${f.src}", whose ${ref.ids.size} segments are ${ref.first ? `"${ref.first}" and on` : 'others'}); each is a unit of its own, which the other coders count as not coded (a disagreement)`,
    hint: `write the segment ids as the codings document has them (qda segments SOURCES, or the segment column of codings.csv from qda code), or give start and end instead; or compare whole sources with --unit source`,
  };
}

/** The identity of a source id up to capitals, Unicode normalisation, invisible characters and spaces. */
const foldId = (s: string) => s.normalize('NFC').replace(/[\u00AD\u200B\u2060\uFEFF]/g, '').replace(/\s+/gu, ' ').trim().toLocaleLowerCase();

/**
 * Sources that not every coder rates (in some coders' files only): their units leave κ and % (α
 * keeps those with two ratings). Named, and ids that differ only in capitals, accents written
 * apart or spaces are pointed out: one respondent written two ways would never be compared.
 */
function partialSourcesNote(covers: ReadonlyMap<string, number>, fullMask: number, coders: readonly string[], lang: Lang): string | undefined {
  const partial = [...covers].filter(([, mask]) => mask !== fullMask).sort((a, b) => naturalCompare(a[0], b[0]));
  if (!partial.length) return undefined;
  const who = (mask: number) => coders.filter((_, j) => mask & (1 << j)).join(', ');
  const list = partial.slice(0, 12).map(([src, mask]) => `${src} (${who(mask)})`).join('; ') + (partial.length > 12 ? tr(lang, `; and ${partial.length - 12} more`, `; en nog ${partial.length - 12}`) : '');
  // (a file name's extension too: "r1.txt" in one coder's file, "r1" in the other's)
  const foldSource = (x: string) => foldId(x).replace(/\.(?:txt|md|docx?|odt|rtf|pdf|html?|vtt|srt|sbv|csv|xlsx)$/i, '');
  const byFold = new Map<string, string[]>();
  for (const [src] of covers) (byFold.get(foldSource(src)) ?? byFold.set(foldSource(src), []).get(foldSource(src))!).push(src);
  const alike = [...byFold.values()].filter((l) => l.length > 1 && l.some((src) => covers.get(src) !== fullMask));
  const alikeText = alike.length
    ? tr(
        lang,
        ` Written alike but not the same (capitals, accents, spaces or a file extension), so never compared: ${alike.map((l) => l.map((x) => `"${x}"`).join(' vs ')).join('; ')}; write the id the same way in every file.`,
        ` Bijna gelijk geschreven maar niet hetzelfde (hoofdletters, accenten, spaties of een bestandsextensie), dus nooit vergeleken: ${alike.map((l) => l.map((x) => `"${x}"`).join(' vs ')).join('; ')}; schrijf de id in elk bestand hetzelfde.`,
      )
    : '';
  return tr(
    lang,
    `${partial.length} source(s) are not rated by every coder (not in every coder's file); their units count only where two coders rate them (α): ${list}.${alikeText}`,
    `${partial.length} bron(nen) worden niet door alle codeurs beoordeeld (niet in het bestand van elke codeur); hun eenheden tellen alleen waar twee codeurs ze beoordelen (α): ${list}.${alikeText}`,
  );
}

/**
 * A coder with codings in some sources and none in others that the other coders coded, while the
 * coder's file holds them (one file with several coders, or a document listing every source): there
 * the coder rates every code absent, so each of the others' codings counts as a disagreement. Right
 * when the coder read them and found nothing; wrong when the coder never coded them (anna coding 2
 * of 19 sources beside the rules: κ 0.18 on her sources, 0.03 with the 17 others). Named, per coder.
 */
function codedNothingWhereOthersDid(covers: ReadonlyMap<string, number>, codedIn: ReadonlyMap<string, number>, coders: readonly string[]): (Diagnostic & { coder: number }) | undefined {
  const per: Array<{ j: number; none: string[]; own: number }> = [];
  coders.forEach((_, j) => {
    const bit = 1 << j;
    let own = 0;
    const none: string[] = [];
    for (const [src, mask] of codedIn) {
      if (mask & bit) own++;
      else if ((covers.get(src) ?? 0) & bit) none.push(src);
    }
    if (own && none.length) per.push({ j, none: none.sort(naturalCompare), own });
  });
  if (!per.length) return undefined;
  const first = per[0];
  return {
    coder: first.j,
    severity: 'warning',
    source: 'analysis',
    ruleId: 'coder-coded-nothing-there',
    message: `${per
      .slice(0, 5)
      .map(
        ({ j, none, own }) =>
          `${coders[j]} has codings in ${own} source(s) and none in ${none.length} that another coder coded (${none.slice(0, 5).join(', ')}${none.length > 5 ? `, and ${none.length - 5} more` : ''})`,
      )
      .join('; ')}${per.length > 5 ? `; and ${per.length - 5} more coder(s)` : ''}; these sources are in the coder's file, so there the coder counts as rating every code absent and each of the other coders' codings there is a disagreement`,
    hint: `if ${coders[first.j]} read those sources and found nothing to code, nothing to do; if not, give ${coders[first.j]}'s codings in a file of their own that holds only the sources ${coders[first.j]} coded (qda agree ${coders[first.j]}.csv other.csv): a source not in a coder's file is not rated by that coder`,
  };
}

/**
 * One coder name in two files, written the same or differently only in capitals, accents written
 * apart or spaces ("anna" in a1.csv, "Anna" in a2.csv): each file is a coder of its own, so they
 * are compared as two coders; when they rate no source in common (one coder's codings split over
 * two files) neither is ever compared with the other, and κ and % count only the units every coder
 * rates (none). Said with both files (was a table of "anna vs Anna vs bert" with 0 units, without a
 * word). The same name in two files that share sources (each file's coder "human") is not said.
 */
function coderOverFiles(
  selected: ReadonlyArray<{ label: string; doc: number; coder: string }>,
  covers: ReadonlyMap<string, number>,
  coders: readonly string[],
  files: readonly string[] | undefined,
): (Diagnostic & { coder: number }) | undefined {
  const byFold = new Map<string, number[]>();
  selected.forEach((s, j) => (byFold.get(foldId(s.coder)) ?? byFold.set(foldId(s.coder), []).get(foldId(s.coder))!).push(j));
  const fileOf = (j: number) => files?.[selected[j].doc] ?? `file ${selected[j].doc + 1}`;
  const parts: string[] = [];
  let at: number | undefined;
  for (const js of byFold.values()) {
    if (new Set(js.map((j) => selected[j].doc)).size < 2) continue;
    const mask = js.reduce((m, j) => m | (1 << j), 0);
    // sources that two or more of them rate
    let shared = 0;
    for (const m of covers.values()) {
      const both = m & mask;
      if (both & (both - 1)) shared++;
    }
    const written = new Set(js.map((j) => selected[j].coder)).size > 1;
    if (!written && shared) continue;
    parts.push(`${js.map((j) => `"${selected[j].coder}" in ${fileOf(j)}${coders[j] !== selected[j].coder ? ` (shown as "${coders[j]}")` : ''}`).join(' and ')}: ${shared ? `${shared} source(s) rated by both` : 'no source rated by both'}`);
    at ??= js[1];
  }
  if (at === undefined) return undefined;
  return {
    coder: at,
    severity: 'warning',
    source: 'analysis',
    ruleId: 'coder-over-files',
    message: `${parts.length} coder name(s) stand in more than one file (the same name, or written differently only in capitals, accents or spaces) and are compared as different coders, one per file: ${parts.slice(0, 5).join('; ')}${parts.length > 5 ? '; …' : ''}`,
    hint: "if they are one coder's codings split over files, join the rows into one file; if they are different coders, give them names that differ in visible letters",
  };
}

/**
 * Codes that the coders write differently only in capitals, accents written apart or spaces
 * ("Trust" by one, "trust" by the other): compared as two codes, so neither agrees (they were two
 * rows of the table, each at κ 0, without a word).
 */
function codesWrittenApart(coded: ReadonlyMap<string, ReadonlyMap<number, number>>, coders: readonly string[]): (Diagnostic & { coder: number }) | undefined {
  const byFold = new Map<string, string[]>();
  // (accents off and `-`, `_` and spaces alike too: `coordinatie` and `coördinatie`, `een-loket` and
  // `één-loket` are the ids one code got from a REFI-QDA import before session 20 and from a .qdc or
  // a later import, or from two spellings of a name)
  const fold = (code: string) => foldId(code).normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s_-]+/g, '-');
  for (const code of coded.keys()) (byFold.get(fold(code)) ?? byFold.set(fold(code), []).get(fold(code))!).push(code);
  const who = (code: string) => {
    let mask = 0;
    for (const m of coded.get(code)!.values()) mask |= m;
    return coders.filter((_, j) => mask & (1 << j));
  };
  // (only spellings that different coders use: one coder's two spellings are that coder's matter)
  const apart = [...byFold.values()].filter((l) => l.length > 1 && new Set(l.map((c) => who(c).join(','))).size > 1);
  if (!apart.length) return undefined;
  // (the file of a coder of the first code's second spelling)
  const second = apart[0][1];
  return {
    coder: coders.indexOf(who(second)[0]),
    severity: 'warning',
    source: 'analysis',
    ruleId: 'codes-written-apart',
    message: `${apart.length} code(s) are written differently by the coders (capitals, accents or spaces) and compared as different codes, so they never agree: ${apart
      .slice(0, 8)
      .map((l) => l.map((c) => `"${c}" (${who(c).join(', ')})`).join(' vs '))
      .join('; ')}${apart.length > 8 ? '; …' : ''}`,
    hint: `write each code the same way in every file (or code again with one codebook)${apart.some((l) => new Set(l.map(foldId)).size > 1) ? '; the ids of a REFI-QDA project imported by an earlier qdakit have no accents ("coordinatie" for Coördinatie): import it again, or rename them in its codings.json' : ''}`,
  };
}

/**
 * Codings with no place in their source (no segment, and no span: a codings CSV with only source
 * and code) in a source another coder coded too: each is a unit of its own, so no two coders'
 * codings there can ever agree at --unit segment (two coders with the very same codes got κ < 0).
 */
function withoutPlace(
  kinds: ReadonlyMap<string, readonly number[]>,
  selected: ReadonlyArray<{ label: string; doc: number; coder: string }>,
  preps: ReadonlyArray<ReturnType<typeof prepareDoc>>,
  coders: readonly string[],
): (Diagnostic & { coder: number }) | undefined {
  const hit: string[] = [];
  const who = new Set<number>();
  for (const [src, k] of kinds) {
    const own = k.map((x, j) => ((x & 4) !== 0 ? j : -1)).filter((j) => j >= 0);
    if (!own.length || k.filter((x) => x !== 0).length < 2) continue;
    hit.push(src);
    for (const j of own) who.add(j);
  }
  if (!hit.length) return undefined;
  hit.sort(naturalCompare);
  let n = 0;
  const inHit = new Set(hit);
  for (const j of who) n += preps[selected[j].doc].codings.filter((pc) => pc.coding.coder === selected[j].coder && inHit.has(pc.source.id) && !pc.segment && pc.coding.segmentId === undefined && !(pc.coding.end > pc.coding.start)).length;
  return {
    coder: [...who][0],
    severity: 'warning',
    source: 'analysis',
    ruleId: 'codings-without-place',
    message: `${n} coding(s) of ${[...who].map((j) => coders[j]).join(', ')} have no place in their source (no segment, start or end), in ${hit.length} source(s) that another coder coded too: ${hit.slice(0, 5).map((x) => `"${x}"`).join(', ')}${hit.length > 5 ? `, … (${hit.length} in all)` : ''}; each is a unit of its own, so at --unit segment none of them can agree with another coder's coding (each counts as a disagreement)`,
    hint: 'compare whole sources with --unit source, or give the codings a segment (or start and end) in every file',
  };
}

function statsOf(acc: BinaryAgreement): AgreementStats {
  const pr = acc.precisionRecall();
  return {
    units: acc.complete,
    pairable: acc.pairable,
    present: [...acc.present],
    percentAgreement: acc.percentAgreement(),
    cohenKappa: acc.cohenKappa(),
    krippendorffAlpha: acc.krippendorffAlpha(),
    brennanPrediger: acc.brennanPrediger(2),
    fleissKappa: acc.fleissKappa(),
    gwetAC1: acc.gwetAC1(),
    ...(pr ? { precision: pr.precision, recall: pr.recall, f1: pr.f1 } : {}),
  };
}

const r4 = (x: number | null | undefined): Cell => (x === null || x === undefined ? null : Math.round(x * 10000) / 10000);
const p1 = (x: number | null | undefined): Cell => (x === null || x === undefined ? null : roundPercent(100 * x, 1));

function agreementTable(r: Omit<AgreementResult, 'tables' | 'diagnostics'>, lang: Lang, interviewer: number, nDocs: number, names: readonly string[]): Table {
  const two = r.coders.length === 2;
  const columns: Column[] = [
    { key: 'code', label: 'Code' },
    { key: 'label', label: tr(lang, 'Name', 'Naam') },
    { key: 'units', label: tr(lang, 'Units', 'Eenheden'), align: 'right' },
    ...r.coders.map((c, j) => ({ key: `present:${j}`, label: tr(lang, `Coded by ${c}`, `Gecodeerd door ${c}`), align: 'right' as const })),
    { key: 'percent', label: two ? tr(lang, 'Agreement %', 'Overeenstemming %') : tr(lang, 'Mean pairwise agreement %', 'Gemiddelde paarsgewijze overeenstemming %'), align: 'right' },
    ...(two ? [{ key: 'cohen', label: "Cohen's κ", align: 'right' as const }] : []),
    { key: 'alpha', label: "Krippendorff's α", align: 'right' },
    { key: 'bp', label: 'Brennan–Prediger κn', align: 'right' },
    { key: 'fleiss', label: two ? "Fleiss' κ (= Scott's π)" : "Fleiss' κ", align: 'right' },
    { key: 'ac1', label: "Gwet's AC1", align: 'right' },
    ...(two
      ? [
          { key: 'precision', label: tr(lang, 'Precision', 'Precisie'), align: 'right' as const },
          { key: 'recall', label: 'Recall', align: 'right' as const },
          { key: 'f1', label: 'F1', align: 'right' as const },
        ]
      : []),
  ];
  const row = (code: string, label: string, s: Partial<AgreementStats>): Record<string, Cell> => {
    const out: Record<string, Cell> = { code, label, units: s.units ?? null };
    r.coders.forEach((_, j) => (out[`present:${j}`] = s.present ? s.present[j] : null));
    out.percent = p1(s.percentAgreement);
    if (two) out.cohen = r4(s.cohenKappa);
    out.alpha = r4(s.krippendorffAlpha);
    out.bp = r4(s.brennanPrediger);
    out.fleiss = r4(s.fleissKappa);
    out.ac1 = r4(s.gwetAC1);
    if (two) {
      out.precision = r4(s.precision);
      out.recall = r4(s.recall);
      out.f1 = r4(s.f1);
    }
    return out;
  };
  const rows = r.codes.map((c) => row(c.code, c.name, c));
  const totalRows = [rows.length, rows.length + 1];
  rows.push(row('', tr(lang, 'Pooled (all code × unit decisions)', 'Gepoold (alle beslissingen code × eenheid)'), r.pooled));
  rows.push(row('', tr(lang, `Mean over ${r.codes.length} codes`, `Gemiddelde over ${r.codes.length} codes`), { ...r.mean, units: null as unknown as number }));
  const unitName = r.unit === 'segment' ? tr(lang, 'segment', 'segment') : tr(lang, 'source', 'bron');
  const notes = [
    tr(lang, `Unit: ${unitName}; N = ${r.units} units (${r.pooled.units / Math.max(1, r.codes.length) || 0} rated by all coders); ${r.coders.length} coders: ${r.coders.join(', ')}${nDocs > 1 ? ` (from ${names.join(', ')})` : ''}.`,
      `Eenheid: ${unitName}; N = ${r.units} eenheden (${r.pooled.units / Math.max(1, r.codes.length) || 0} door alle codeurs beoordeeld); ${r.coders.length} codeurs: ${r.coders.join(', ')}${nDocs > 1 ? ` (uit ${names.join(', ')})` : ''}.`),
    r.unit === 'segment'
      ? tr(lang, 'Units = every segment coded by any coder plus every respondent segment of the documents, so that agreeing on absence counts. Per code, each coder rates each unit present/absent.', 'Eenheden = elk segment dat een codeur codeerde plus elk segment van respondenten in de documenten, zodat overeenstemming over afwezigheid meetelt. Per code beoordeelt elke codeur elke eenheid als aanwezig/afwezig.')
      : tr(lang, 'Units = sources. Per code, each coder rates each source present/absent (code occurs anywhere in it).', 'Eenheden = bronnen. Per code beoordeelt elke codeur elke bron als aanwezig/afwezig (de code komt er ergens in voor).'),
    tr(lang, `Absent is a rating: each coder rates every unit of every source in that coder's ${nDocs > 1 ? 'own file' : 'file'} (listed sources, and sources named on any row), so a source in which a coder coded nothing counts as "absent" for every code; a rating is missing only for sources that are not in a coder's file. Krippendorff's α uses all units with ≥ 2 ratings; the other coefficients use units rated by every coder. Brennan–Prediger with q = 2 (present/absent).`,
      `Afwezig is ook een oordeel: elke codeur beoordeelt elke eenheid van elke bron in ${nDocs > 1 ? 'het eigen bestand' : 'het bestand'} (opgesomde bronnen, en bronnen die op een rij genoemd worden), dus een bron waarin een codeur niets codeerde telt als "afwezig" voor elke code; een oordeel ontbreekt alleen voor bronnen die niet in het bestand van een codeur staan. Krippendorffs α gebruikt alle eenheden met ≥ 2 beoordelingen; de andere coëfficiënten de eenheden die alle codeurs beoordeelden. Brennan–Prediger met q = 2 (aanwezig/afwezig).`),
    tr(lang, 'Pooled = all code × unit decisions taken together as one binary rating task; Mean = unweighted mean of the per-code values where defined. Empty cell = undefined (e.g. no variation).',
      'Gepoold = alle beslissingen code × eenheid samen als één binaire taak; Gemiddelde = ongewogen gemiddelde van de waarden per code, waar gedefinieerd. Lege cel = niet gedefinieerd (bijv. geen variatie).'),
  ];
  if (two) notes.push(tr(lang, `Precision, recall and F1 of ${r.coders[0]} against ${r.coders[1]} as reference.`, `Precisie, recall en F1 van ${r.coders[0]} met ${r.coders[1]} als referentie.`));
  else {
    notes.push(tr(lang, "Cohen's κ is defined for two coders; with more coders read Fleiss' κ and Krippendorff's α.", "Cohens κ geldt voor twee codeurs; lees bij meer codeurs Fleiss' κ en Krippendorffs α."));
    notes.push(tr(lang, `Mean pairwise agreement = per unit, the share of the ${r.coders.length * (r.coders.length - 1) / 2} coder pairs that agree, averaged over the units rated by every coder.`, `Gemiddelde paarsgewijze overeenstemming = per eenheid het aandeel van de ${r.coders.length * (r.coders.length - 1) / 2} paren codeurs dat overeenstemt, gemiddeld over de eenheden die alle codeurs beoordeelden.`));
  }
  if (interviewer > 0) notes.push(tr(lang, `${interviewer} codings on interviewer turns were set aside.`, `${interviewer} coderingen op beurten van de interviewer zijn terzijde gelegd.`));
  return {
    title: tr(lang, `Intercoder agreement (${r.coders.join(' vs ')}, unit: ${unitName})`, `Overeenstemming tussen codeurs (${r.coders.join(' tegen ')}, eenheid: ${unitName})`),
    columns,
    rows,
    totalRows,
    notes,
  };
}
