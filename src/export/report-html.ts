import type { CodingsDocument, Coding, Diagnostic, Lang, Table } from '../model/types.js';
import { isHumanCoder } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { computeMatrix } from '../analysis/matrix.js';
import { compareGroups, type CompareResult } from '../analysis/compare.js';
import { computeSaturation, dayFirstDiagnostic, type SaturationResult } from '../analysis/saturation.js';
import { groupLabel, saturationMethodsText } from '../analysis/saturation-text.js';
import { buildCodeTree, codeName, uniqueCodeNames, withUniqueNames } from '../analysis/hierarchy.js';
import { countWords, groupValue, groupingLabel, naturalCompare, prepareDoc, resolveGrouping, tr, type PreparedDoc } from '../analysis/prepare.js';
import { deeperNote, joinNames, resultsSkeleton, type GroupNouns, type ResultsSkeleton } from '../analysis/results-skeleton.js';
import { compareWithin, questionAttribute } from '../analysis/compare-within.js';
import { withinSkeleton, type WithinSkeleton } from '../analysis/results-skeleton-within.js';
import { hasMixedKinds, interviewDoc, isInterview, saidVsSeen, type SaidSeen } from '../analysis/results-skeleton-said-seen.js';
import { SourceText, codeLabelKeys, formatNum, slug } from '../analysis/appendix.js';
import { escapeHtml } from './escape.js';
import { formatDiagnostic } from '../model/errors.js';
import { nameCodeReferences } from '../codebook/localise.js';
import { computeContrast, hasLinks } from '../analysis/contrast.js';
import { computeFramework, type JudgementRow } from '../analysis/framework.js';
import { BASE_CSS, estimateTableWidth, renderHtmlTable, splitWideTable } from './render-table.js';
import { SMALL_GROUP, flagCompareTables, flagSmallShares } from './small-groups.js';
import { renderSaturationFigure } from './report-saturation.js';
import { renderHeatmapSvg } from './chart-heatmap.js';
import { roundPercent } from '../model/percent.js';

/**
 * The self-contained HTML report: inline CSS and SVG, no scripts, no external URLs.
 * Every number comes from the analysis functions (computeMatrix, compareGroups,
 * computeSaturation); the results skeleton is written from the same compareGroups result
 * as the comparison table.
 */

export const REPORT_SECTION_IDS = ['provenance', 'contents', 'sources', 'codebooks', 'matrix', 'comparison', 'said-observed', 'saturation', 'skeleton', 'quotes'] as const;
/** Sections present only when there is something to show: linked codings ("said vs. done"), the framework matrix, unreviewed suggestions beside human codings. */
export const REPORT_OPTIONAL_SECTION_IDS = ['warnings', 'said-done', 'framework', 'survey', 'suggestions'] as const;

export interface ReportInput {
  readonly doc: CodingsDocument;
  /** Full codebooks (for the tree with definitions, and ladders / `evidences`). */
  readonly codebooks: readonly Codebook[];
  readonly lang: Lang;
  /** Group attribute (default: group, else team, else source kind). */
  readonly by?: string;
  readonly title?: string;
  /** Options to show under provenance (no wall-clock time). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Quotes shown per code (default 25). */
  readonly maxQuotes?: number;
  /** Group nouns (qda.yaml `groups:`) for the skeleton and headings. */
  readonly groups?: GroupNouns;
  /**
   * Compare groups of all sources (default false: when interviews are mixed with observation
   * notes or documents, the comparison, skeleton and saturation use the interviews only, and the
   * notes are set against the interviews in "Said vs. observed").
   */
  readonly allKinds?: boolean;
  /** Random interview orders for the saturation band (default 1000; 0 = no band) and their seed (default 1). */
  readonly permutations?: number;
  readonly seed?: number;
  /** Only codings by these coders, everywhere (--coder). Default: tables count every coder; the
   * sentences and quotes count the human coders when there are any (suggestions get their own section). */
  readonly coders?: readonly string[];
  /** Codes meaning "not asked / no answer" (for the per-question sentences). */
  readonly notAsked?: readonly string[];
  /** The researcher's judgements for a framework matrix section (`qda report --framework`). */
  readonly framework?: { readonly rows: readonly JudgementRow[]; readonly file: string; readonly cols?: string; readonly ladder?: Codebook };
  /** Questionnaire scores for a survey section beside the coded interviews (`qda report --survey`). */
  readonly survey?: import('../analysis/survey.js').SurveyResult;
  /**
   * The warnings of the run that made the document (reading, coding, analysing): shown in a
   * section of their own, each with its file, place and fix, so that what was left out, merged or
   * resolved is said in the report itself, not only on a terminal that is gone.
   */
  readonly notices?: readonly Diagnostic[];
  /**
   * The file the sources' attributes were read from (--cases, the codings file, qda.yaml's cases),
   * named in a warning about their values; without it, the file of the first source the warning names.
   */
  readonly attributesFile?: string;
}

export interface ReportOutput {
  readonly html: string;
  /** The same page with these warnings in its warnings section (for warnings said after the page was made). */
  readonly withNotices: (notices: readonly Diagnostic[]) => string;
  readonly compare: CompareResult;
  readonly skeleton: ResultsSkeleton;
  readonly matrix: Table;
  readonly by: string;
  /** The grouping as a word of the output language ("groep" for `group` in Dutch). */
  readonly byLabel: string;
  /** Interviews vs observation notes (undefined without both). */
  readonly saidSeen?: SaidSeen;
  /** True when the comparison was restricted to interview sources. */
  readonly interviewsOnly: boolean;
  /** The sentence naming the groups compared (also in the report's comparison section). */
  readonly comparedNote: string;
  /** The saturation result and figure (undefined when it could not be computed). */
  readonly saturation?: SaturationResult;
  readonly saturationSvg?: string;
  /** The coders the sentences and quotes count. */
  readonly textCoders: readonly string[];
  /** The sources of the sentences' comparison that other coders coded and the coders the sentences count did not (in N; said in the report). */
  readonly textGaps?: PreparedDoc['coderGaps'];
  /** The per-question skeleton, when the codings carry a question (Y = respondents who answered it). */
  readonly withinSkeleton?: WithinSkeleton;
  /** Warnings made while making the report: the framework matrix's (judgements twice on a cell, unknown order names), the saturation order's (dates that may be month-first). */
  readonly frameworkDiagnostics?: readonly Diagnostic[];
}

const T = {
  en: {
    title: 'Qualitative analysis report',
    contents: 'Contents',
    provenance: 'Provenance',
    warnings: 'Warnings',
    sources: 'Sources per group',
    codebooks: 'Codebooks',
    matrix: 'Codes × cases',
    comparison: 'Comparison between groups',
    saidObserved: 'Said vs. observed',
    saidDone: 'Said vs. done',
    framework: 'Framework matrix',
    survey: 'Questionnaire and interviews',
    saturation: 'Saturation',
    skeleton: 'Results skeleton',
    quotes: 'Evidence per code',
  },
  nl: {
    title: 'Rapport kwalitatieve analyse',
    contents: 'Inhoud',
    provenance: 'Herkomst',
    warnings: 'Waarschuwingen',
    sources: 'Bronnen per groep',
    codebooks: 'Codeboeken',
    matrix: 'Codes × casussen',
    comparison: 'Vergelijking tussen groepen',
    saidObserved: 'Gezegd vs. gezien',
    saidDone: 'Gezegd vs. gedaan',
    framework: 'Raamwerkmatrix',
    survey: 'Vragenlijst en interviews',
    saturation: 'Saturatie',
    skeleton: 'Skelet van de resultaten',
    quotes: 'Bewijs per code',
  },
} as const;

const REPORT_CSS = `header,main,footer{display:block}
nav ol{columns:2;padding-left:1.2rem}
h1{font-size:1.7rem}h2{margin-top:2.2rem;border-bottom:2px solid #2166ac;padding-bottom:.2rem}h3{margin-top:1.4rem}
.prov dt{font-weight:bold}.prov dd{margin:0 0 .4rem 1rem;font-family:ui-monospace,Consolas,"DejaVu Sans Mono",monospace;font-size:.85rem;overflow-wrap:anywhere}
.tree ul{list-style:none;padding-left:1.2rem;border-left:1px solid #ccc}.tree li{margin:.2rem 0}.tree code{font-size:.8rem;color:#333}.tree .def{color:#333;font-size:.9rem}
.chart{overflow-x:auto;margin:1rem 0}.chart svg{max-width:100%;height:auto}
.scroll{overflow-x:auto;max-width:100%;margin:1rem 0}.scroll>.qda-table{margin:0}
.scroll .qda-table tbody th[scope=row],.scroll .qda-table thead tr:first-child th:first-child{position:sticky;left:0;z-index:1;background:#fff;box-shadow:1px 0 0 #bbb}
.scroll .qda-table thead tr:first-child th:first-child{background:#f0f0f0}
.scroll .qda-table tr.total th[scope=row]{background:#fff}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#333}
.quote{border-left:4px solid #2166ac;margin:.6rem 0;padding:.3rem .8rem;background:#f7f9fc}
.quote p{margin:.1rem 0}.quote .cite{font-size:.85rem;color:#333}
mark{background:#ffe066;color:#000;padding:0 .1em}
.skeleton li{margin:.15rem 0}p.skeleton{max-width:48rem}p.skeleton.sub{margin-left:1.2rem}
.muted{color:#444;font-size:.9rem}
p.gap{max-width:48rem;background:#fff8e6;border-left:4px solid #b35806;padding:.3rem .6rem}ul.warnings{list-style:none;padding-left:0}ul.warnings pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0;font-size:.8rem;background:#fff8e6;border-left:4px solid #b35806;padding:.3rem .6rem}
a{color:#0b4f94}
@page{size:A4 portrait;margin:12mm}
@page wide{size:A4 landscape;margin:12mm}
@media print{html{font-size:13px}nav{display:none}main>section{break-before:page}section.wide{page:wide}h2,h3,caption{break-after:avoid}.quote,.heat-block{break-inside:avoid}
.chart,.scroll{overflow:visible}.chart svg{max-width:100%}.scroll .qda-table th[scope=row],.scroll .qda-table thead th{position:static;box-shadow:none}
.qda-table th.long{min-width:12rem}a{color:#000;text-decoration:none}}`;

/**
 * Printable width of A4 portrait with 12 mm margins (700 CSS px at 96 per inch), expressed in
 * the screen widths that estimateTableWidth gives: print uses a 13px root font instead of 16px
 * (ratio 0.8125). Landscape holds 1030 px, i.e. 1268 screen px.
 */
const PORTRAIT_WIDTH_PX = 700 / 0.8125;
/** Tables wider than this (estimated, screen font) are split into column groups: the report's column on screen (72rem − padding), well within landscape A4. */
const SPLIT_WIDTH_PX = 1110;
/** Rows per block of the heat map: a block (34 px a row, plus its header) fits a landscape A4 page. */
const HEAT_ROWS_PER_BLOCK = 16;

function pickBy(doc: CodingsDocument, by?: string): string {
  if (by) return by;
  // (with interviews and documents mixed, the groups are those of the interviews: an attribute
  // that only the documents carry would leave the interviews' comparison without it)
  const pool = hasMixedKinds(doc) ? doc.sources.filter(isInterview) : doc.sources;
  const attrs = new Set(pool.flatMap((s) => Object.keys(s.attributes ?? {})));
  for (const a of ['group', 'groep', 'team']) if (attrs.has(a)) return a;
  return 'source-kind';
}

/** "Hovik & Hanssen, niveau 4": the codebook's short name (before a colon) and a ladder level. */
function codeQualifiers(books: readonly Codebook[], lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of books) {
    const full = (lang === 'nl' ? b.name?.nl ?? b.name?.en : b.name?.en ?? b.name?.nl) ?? b.id;
    const short = full.includes(':') ? full.split(':')[0].trim() : b.id;
    for (const c of b.codes) if (!(c.id in out)) out[c.id] = typeof c.level === 'number' ? `${short}, ${tr(lang, 'level', 'niveau')} ${c.level}` : short;
  }
  return out;
}

function stripXmlDecl(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

export async function renderReportHtml(input: ReportInput): Promise<ReportOutput> {
  const { lang } = input;
  // two codes with one name (from two codebooks) are shown qualified by their codebook
  const doc = uniqueCodeNames(input.doc);
  const codebooks = withUniqueNames(input.codebooks, doc);
  const L = T[lang];
  const by = pickBy(doc, input.by);
  const esc = escapeHtml;
  // heading ids from names can meet ("Trust" and "trust", two non-Latin code ids): each keeps its own
  const usedIds = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let k = 2; usedIds.has(id); k++) id = `${base}-${k}`;
    usedIds.add(id);
    return id;
  };
  // wide tables: split into column groups that fit a landscape page; a section holding a table
  // wider than a portrait page is printed in landscape
  const wideSections = new Set<string>();
  const tableBlock = (section: string, t: Table) => {
    const parts = splitWideTable(t, SPLIT_WIDTH_PX, lang);
    if (parts.some((x) => estimateTableWidth(x) > PORTRAIT_WIDTH_PX)) wideSections.add(section);
    return parts.map((x) => `<div class="scroll">${renderHtmlTable(x, { lang })}</div>`).join('\n');
  };
  const prep = prepareDoc(doc, { coders: input.coders });
  // which coders the tables count (all, or --coder) and which the sentences and quotes count: the
  // human coders when the document also holds unreviewed suggestions (rules, model)
  const humans = prep.allCoders.filter(isHumanCoder);
  const automatic = prep.allCoders.filter((c) => !isHumanCoder(c));
  const humansOnly = !input.coders?.length && humans.length > 0 && automatic.length > 0;
  const textCoders = input.coders?.length ? input.coders : humansOnly ? humans : undefined;
  const textPrep = humansOnly ? prepareDoc(doc, { coders: humans }) : prep;
  const grouping = resolveGrouping(by, prep.sources, { option: '--by', allow: ['source-kind', 'case', 'source'] });
  /** The grouping as a word of the output language ("groep", not "group", in Dutch). */
  const byLabel = groupingLabel(grouping, lang);

  // --- analysis (the numbers) ---
  const ladder = codebooks.find((b) => b.ladder) ?? undefined;
  const others = codebooks.filter((b) => b !== ladder);
  // groups of interviews only (observation notes and documents go to "said vs. observed")
  const interviewsOnly = !input.allKinds && by !== 'source-kind' && hasMixedKinds(doc);
  const cmpDoc = interviewsOnly ? interviewDoc(doc) : doc;
  const cmp = compareGroups(cmpDoc, { by, lang, ladder, codebooks: others, coders: input.coders });
  const cmpText = humansOnly ? compareGroups(cmpDoc, { by, lang, codebooks: others, coders: textCoders }) : cmp;
  const saidSeen = saidVsSeen(doc, { lang, codebooks: others, coders: input.coders });
  const skeleton = resultsSkeleton(cmpText, { lang, nouns: input.groups, qualifiers: codeQualifiers(input.codebooks, lang) });
  // codings that carry a question: the sentences per question, Y = respondents who answered it
  const qAttr = questionAttribute(cmpDoc);
  const within = qAttr ? withinSkeleton(compareWithin(cmpDoc, { by, within: qAttr, coders: textCoders, notAsked: input.notAsked, lang }), { lang, nouns: input.groups }) : undefined;
  const matrix = computeMatrix(doc, { cols: 'case', measure: 'segments', lang, coders: input.coders });
  const groupAttr = grouping.kind === 'attribute' ? grouping.name : undefined;
  let saturationHtml = '';
  let saturation: SaturationResult | undefined;
  const saturationDiagnostics: Diagnostic[] = [];
  let saturationSvg: string | undefined;
  try {
    // interviews only (computeSaturation's default kinds), one curve per interview group, with a permutation band
    saturation = computeSaturation(doc, { by: groupAttr, lang, permutations: input.permutations ?? 1000, seed: input.seed ?? 1, coders: input.coders });
    // (dates that may as well be month-first: said among the warnings, not only in the methods note)
    if (saturation.dayFirst) {
      // (with its file: the report's warnings named none, and the fix is in that file)
      const firstId = saturation.dayFirst.values[0]?.id;
      const d = dayFirstDiagnostic(saturation.dayFirst, input.attributesFile ?? doc.sources.find((x) => x.id === firstId)?.path);
      if (d.severity === 'warning') saturationDiagnostics.push(d);
    }
    // (the sources without a value under compare's label, "(no group)")
    const heading = (g: string) => (g === '' ? groupLabel('', lang, saturation!.by) : skeleton.groups.find((x) => x.group === g)?.heading ?? g);
    const fig = await renderSaturationFigure(saturation, { lang, id: 'saturation-chart', heading });
    saturationSvg = fig.svg;
    const sentences = saturationMethodsText(saturation, lang);
    const p = saturation.params;
    const caption = [
      tr(lang, 'Cumulative number of distinct codes per interview, in interview order', 'Cumulatief aantal verschillende codes per interview, in volgorde van afname'),
      fig.plotted.length ? tr(lang, `; one panel per ${byLabel}`, `; één paneel per ${byLabel}`) : '',
      p.permutations > 0 ? tr(lang, `. Grey band: 5th–95th percentile, dotted line: median over ${p.permutations} random orders of the interviews (seed ${p.seed})`, `. Grijze band: 5e–95e percentiel, gestippelde lijn: mediaan over ${p.permutations} willekeurige volgordes van de interviews (seed ${p.seed})`) : '',
      fig.omitted.length ? tr(lang, `. Not drawn (too few interviews): ${fig.omitted.map((o) => `${heading(o.group)} (${o.sources})`).join(', ')}`, `. Niet getekend (te weinig interviews): ${fig.omitted.map((o) => `${heading(o.group)} (${o.sources})`).join(', ')}`) : '',
      '.',
    ].join('');
    saturationHtml = `<figure class="chart">${stripXmlDecl(fig.svg)}<figcaption>${esc(caption)}</figcaption></figure>\n${sentences.map((s) => `<p>${esc(s)}</p>`).join('\n')}`;
  } catch (e) {
    saturationHtml = `<p>${esc(tr(lang, 'Saturation could not be computed: ', 'Saturatie kon niet worden berekend: '))}${esc((e as Error).message)}</p>`;
  }

  // --- provenance ---
  const prov = doc.provenance;
  const provItems: Array<[string, string]> = [
    [tr(lang, 'Tool', 'Programma'), `qdakit ${prov.version}${prov.command ? ` (${prov.command})` : ''}`],
    ...doc.codebooks.map((b): [string, string] => [
      `${tr(lang, 'Codebook', 'Codeboek')} ${b.id}${b.version ? ` ${b.version}` : ''}`,
      `sha256 ${b.sha256 ?? '–'}`,
    ]),
    [tr(lang, 'Options', 'Opties'), JSON.stringify({ ...(prov.options ?? {}), ...(input.options ?? {}), by })],
    [tr(lang, 'Coders', 'Codeurs'), prep.allCoders.join(', ') || '–'],
  ];
  const provenance = `<dl class="prov">${provItems.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;

  // --- sources per group ---
  const groups = cmp.groups.map((g) => g.group);
  const allGroups = [...new Set(prep.sources.map((s) => groupValue(s, grouping, lang)))].sort(naturalCompare);
  const rows = allGroups.map((g) => {
    const srcs = prep.sources.filter((s) => groupValue(s, grouping, lang) === g);
    const kinds = new Map<string, number>();
    for (const s of srcs) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    const words = srcs.reduce((n, s) => n + countWords(s.text), 0);
    const resp = new Set(srcs.flatMap((s) => prep.respondentsBySource.get(s.id) ?? [])).size;
    const compared = !interviewsOnly || srcs.some(isInterview);
    return { group: g, sources: srcs.length, respondents: resp, kinds: [...kinds].sort((a, b) => naturalCompare(a[0], b[0])).map(([k, n]) => `${k} ${n}`).join(', '), words, compared: compared ? tr(lang, 'yes', 'ja') : tr(lang, 'no (said vs. observed)', 'nee (gezegd vs. gezien)'), list: srcs.map((s) => s.id).join(', ') };
  });
  const totalRow = { group: tr(lang, 'Total', 'Totaal'), sources: prep.sources.length, respondents: rows.reduce((n, r) => n + r.respondents, 0), kinds: '', words: rows.reduce((n, r) => n + r.words, 0), compared: '', list: '' };
  const sourcesTable: Table = {
    title: tr(lang, `Sources per ${byLabel}`, `Bronnen per ${byLabel}`),
    columns: [
      { key: 'group', label: byLabel },
      { key: 'sources', label: tr(lang, 'Sources', 'Bronnen'), align: 'right' },
      { key: 'respondents', label: tr(lang, 'Respondents', 'Respondenten'), align: 'right' },
      { key: 'kinds', label: tr(lang, 'Kinds', 'Soorten') },
      { key: 'words', label: tr(lang, 'Words', 'Woorden'), align: 'right' },
      ...(interviewsOnly ? [{ key: 'compared', label: tr(lang, 'In the comparison', 'In de vergelijking') }] : []),
      { key: 'list', label: tr(lang, 'Source ids', 'Bronnen (id)') },
    ],
    rows: [...rows, totalRow],
    totalRows: [rows.length],
    ...(interviewsOnly
      ? { notes: [tr(lang, 'Groups are compared on interviews (transcripts, surveys) only; observation notes and documents are set against the interviews in "Said vs. observed".', 'Groepen worden alleen op interviews (transcripten, enquêtes) vergeleken; observatieverslagen en documenten staan tegenover de interviews in "Gezegd vs. gezien".')] }
      : {}),
  };

  // --- codebooks: trees with definitions ---
  const loc = (v: { nl?: string; en?: string } | undefined) => (lang === 'nl' ? v?.nl ?? v?.en : v?.en ?? v?.nl) ?? '';
  const bookHtml: string[] = [];
  const books = input.codebooks.length ? input.codebooks : [];
  for (const b of books) {
    const kids = new Map<string | undefined, typeof b.codes[number][]>();
    const ids = new Set(b.codes.map((c) => c.id));
    for (const c of b.codes) {
      const p = c.parent && ids.has(c.parent) ? c.parent : undefined;
      if (!kids.has(p)) kids.set(p, []);
      kids.get(p)!.push(c);
    }
    const ul = (parent: string | undefined, depth: number): string => {
      const list = kids.get(parent);
      if (!list?.length || depth > 12) return '';
      return `<ul>${list
        .map((c) => {
          const def = nameCodeReferences(loc(c.definition), b.codes, lang);
          const lvl = c.level !== undefined ? ` · ${tr(lang, 'level', 'niveau')} ${c.level}` : '';
          return `<li><strong>${esc(loc(c.name) || c.id)}</strong> <code>${esc(c.id)}</code>${esc(lvl)}${def ? `<div class="def">${esc(def)}</div>` : ''}${ul(c.id, depth + 1)}</li>`;
        })
        .join('')}</ul>`;
    };
    bookHtml.push(
      `<h3 id="${esc(uniqueId(`codebook-${slug(b.id)}`))}">${esc(loc(b.name) || b.id)}</h3>\n<p class="muted">${esc(`${b.id}${b.version ? ` ${b.version}` : ''}${b.reference ? ` — ${b.reference}` : ''}${b.ladder ? tr(lang, ' — ladder', ' — ladder') : ''}`)}</p>\n<div class="tree">${ul(undefined, 0)}</div>`,
    );
  }
  if (!books.length) {
    const tree = buildCodeTree(doc.codes, doc.codings.map((c) => c.code));
    bookHtml.push(`<ul>${tree.nodes.map((n) => `<li>${'· '.repeat(n.depth)}${esc(codeName(n.ref, n.id, lang))} <code>${esc(n.id)}</code></li>`).join('')}</ul>`);
  }

  // --- heat map (code × group, % of respondents); small groups flagged as in the comparison table ---
  // (a group without respondents has no share: its cells are empty, said beside the small groups)
  const smallGroups = cmp.groups.filter((g) => g.respondents > 0 && g.respondents < SMALL_GROUP);
  const noneGroups = cmp.groups.filter((g) => g.respondents === 0);
  const smallHeatNote = smallGroups.length
    ? tr(
        lang,
        ` † Small group: ${smallGroups.map((g) => `${g.group} (N = ${g.respondents})`).join(', ')}; with fewer than ${SMALL_GROUP} respondents a share is mostly 0% or 100%.`,
        ` † Kleine groep: ${smallGroups.map((g) => `${g.group} (N = ${g.respondents})`).join(', ')}; bij minder dan ${SMALL_GROUP} respondenten is een aandeel vooral 0% of 100%.`,
      )
    : '';
  const noneHeatNote = noneGroups.length
    ? tr(lang, ` ${noneGroups.map((g) => g.group).join(', ')}: no respondents (N = 0), cells empty.`, ` ${noneGroups.map((g) => g.group).join(', ')}: geen respondenten (N = 0), cellen leeg.`)
    : '';
  const shown = cmp.codes.filter((c) => c.groups.some((g) => g.respondents > 0));
  // a tall heat map is drawn in blocks of rows (one scale), so that each block fits a printed page
  const heatBlocks: string[] = [];
  const nBlocks = Math.ceil(shown.length / HEAT_ROWS_PER_BLOCK);
  for (let b = 0; b < nBlocks; b++) {
    const rows = shown.slice(b * HEAT_ROWS_PER_BLOCK, (b + 1) * HEAT_ROWS_PER_BLOCK);
    const part = nBlocks > 1 ? tr(lang, ` (part ${b + 1} of ${nBlocks})`, ` (deel ${b + 1} van ${nBlocks})`) : '';
    heatBlocks.push(
      stripXmlDecl(
        await renderHeatmapSvg({
          title: tr(lang, `Share of respondents per ${byLabel} (%)`, `Aandeel respondenten per ${byLabel} (%)`) + part,
          rows: rows.map((c) => `${'· '.repeat(c.depth)}${c.name}`),
          cols: cmp.groups.map((g) => (g.respondents < SMALL_GROUP ? `${g.group} †` : g.group)),
          values: rows.map((c) => c.groups.map((g) => (g.of ? roundPercent(g.share * 100, 0) : null))),
          max: 100,
          lang,
          id: b === 0 ? 'heatmap-groups' : `heatmap-groups-${b + 1}`,
          desc: tr(lang, `Heat map of ${rows.length} codes by ${groups.length} groups${part}; each cell prints the percentage of the group's respondents who mention the code.`, `Heatmap van ${rows.length} codes naar ${groups.length} groepen${part}; elke cel toont het percentage respondenten van de groep dat de code noemt.`),
        }),
      ),
    );
  }
  const heat = heatBlocks.map((svg) => `<div class="heat-block">${svg}</div>`).join('\n');
  // codes no respondent of any group mentions have no row in the heat map: say how many
  const notShown = cmp.codes.length - shown.length;
  const heatLeftOut = notShown > 0 && shown.length > 0
    ? tr(lang, ` ${notShown} code(s) that no respondent mentions are left out of the heat map (they are in the comparison table with 0).`, ` ${notShown} code(s) die geen respondent noemt staan niet in de heatmap (wel in de vergelijkingstabel, met 0).`)
    : '';

  // --- skeleton: a heading per group, one paragraph per category level ---
  const skel: string[] = [];
  if (within) {
    // per question: Y = respondents of the group who answered it
    for (const g of within.groups) {
      skel.push(`<h3 id="${esc(uniqueId(`skeleton-${slug(g.group)}`))}">${esc(g.heading)} (N = ${g.respondents})</h3>`);
      if (!g.questions.length) skel.push(`<p>${esc(tr(lang, '(no coded passages)', '(geen gecodeerde fragmenten)'))}</p>`);
      for (const q of g.questions) {
        skel.push(`<p class="skeleton"><strong>${esc(q.value)}.</strong> ${esc(q.intro)}</p>`);
        for (const p of q.paragraphs) skel.push(`<p class="skeleton sub">${esc(p.text)}</p>`);
      }
    }
  } else for (const g of skeleton.groups) {
    skel.push(`<h3 id="${esc(uniqueId(`skeleton-${slug(g.group)}`))}">${esc(g.heading)} (N = ${g.respondents})</h3>`);
    if (!g.paragraphs.length) skel.push(`<p>${esc(tr(lang, '(no coded passages)', '(geen gecodeerde fragmenten)'))}</p>`);
    for (const p of g.paragraphs) skel.push(`<p class="skeleton${p.parent ? ' sub' : ''}">${esc(p.text)}</p>`);
  }
  // (codes below the sentences' depth: counted in their parent's sentences, named here)
  const deep = deeperNote(within ?? skeleton);
  if (deep) skel.push(`<p class="muted">${esc(deep)}</p>`);
  if (skeleton.contrasts.length) {
    skel.push(`<h3 id="skeleton-contrasts">${esc(tr(lang, 'Differences between groups', 'Verschillen tussen groepen'))}</h3><ul class="skeleton">${skeleton.contrasts.map((c) => `<li>${esc(c.text)}</li>`).join('')}</ul>`);
  }

  // --- said vs. observed ---
  let saidHtml: string;
  if (saidSeen) {
    const seenMore = saidSeen.sentences.filter((x) => x.direction === 'seen');
    const saidMore = saidSeen.sentences.filter((x) => x.direction === 'said');
    const list = (items: typeof saidSeen.sentences) => `<ul class="skeleton">${items.map((x) => `<li>${esc(x.text)}</li>`).join('')}</ul>`;
    saidHtml = [
      `<p>${esc(tr(lang, `What ${saidSeen.interviews} interviewees say (espoused theory) set against what ${saidSeen.observations} observation notes show (theory-in-use; Argyris & Schön, 1978): per code the share of interviewees who mention it and the share of notes in which it was coded.`, `Wat ${saidSeen.interviews} geïnterviewden zeggen (beleden theorie, espoused theory) tegenover wat ${saidSeen.observations} observatieverslagen laten zien (theory-in-use; Argyris & Schön, 1978): per code het aandeel geïnterviewden dat de code noemt en het aandeel verslagen waarin de code is gecodeerd.`))}</p>`,
      seenMore.length ? `<h3 id="said-observed-seen">${esc(tr(lang, 'Observed more often than said', 'Vaker gezien dan gezegd'))}</h3>${list(seenMore)}` : '',
      saidMore.length ? `<h3 id="said-observed-said">${esc(tr(lang, 'Said more often than observed', 'Vaker gezegd dan gezien'))}</h3>${list(saidMore)}` : '',
      !seenMore.length && !saidMore.length ? `<p>${esc(tr(lang, 'No code differs notably between interviews and observation notes.', 'Geen code verschilt opvallend tussen interviews en observatieverslagen.'))}</p>` : '',
      tableBlock('said-observed', flagSmallShares(saidSeen.table, [{ key: 'saidShare', name: tr(lang, 'interviews', 'interviews'), n: saidSeen.interviews }, { key: 'seenShare', name: tr(lang, 'observation notes', 'observatieverslagen'), n: saidSeen.observations }], lang, { en: ['source', 'sources'], nl: ['bron', 'bronnen'] })),
    ].join('\n');
  } else {
    saidHtml = `<p>${esc(tr(lang, 'Needs both interviews and observation notes (source kind "observation"); this corpus does not have both.', 'Vraagt zowel interviews als observatieverslagen (soort bron "observatie"); dit corpus heeft niet allebei.'))}</p>`;
  }

  // --- quotes per code ---
  const st = new SourceText(prep.sourceById, codeLabelKeys(doc.codes));
  const maxQ = input.maxQuotes ?? 25;
  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));
  const quotesOf = (codings: typeof prep.codings, idPrefix: string): string[] => {
    const byCode = new Map<string, typeof prep.codings[number][]>();
    for (const pc of codings) {
      let l = byCode.get(pc.coding.code);
      if (!l) byCode.set(pc.coding.code, (l = []));
      l.push(pc);
    }
    const out: string[] = [];
    for (const n of tree.nodes) {
      const list = byCode.get(n.id);
      if (!list?.length) continue;
      const sorted = [...list].sort((a, b) => (isHumanCoder(a.coding.coder) ? 0 : 1) - (isHumanCoder(b.coding.coder) ? 0 : 1) || naturalCompare(a.source.id, b.source.id) || a.coding.start - b.coding.start || naturalCompare(a.coding.coder, b.coding.coder));
      out.push(`<h3 id="${esc(uniqueId(`${idPrefix}${slug(n.id)}`))}">${esc(codeName(n.ref, n.id, lang))} <code>${esc(n.id)}</code> <span class="muted">(${list.length} ${esc(tr(lang, 'codings', 'coderingen'))})</span></h3>`);
      for (const pc of sorted.slice(0, maxQ)) out.push(quoteBlock(pc.coding, pc.source.text, pc.segment?.speaker ?? null, st, lang, pc.segment?.text));
      // (qda run writes codings.csv beside the report; qda report writes the report alone, and
      // pointed to a codings.csv that was not there)
      if (sorted.length > maxQ) out.push(`<p class="muted">${esc(input.options?.command === 'qda run' ? tr(lang, `… and ${sorted.length - maxQ} more (see codings.csv).`, `… en nog ${sorted.length - maxQ} (zie codings.csv).`) : tr(lang, `… and ${sorted.length - maxQ} more, not shown (all of them: qda appendix --by code, or the codings table of qda code -o codings.csv).`, `… en nog ${sorted.length - maxQ}, niet getoond (allemaal: qda appendix --by code, of de tabel van qda code -o codings.csv).`))}</p>`);
    }
    return out;
  };
  const quoteHtml = quotesOf(textPrep.codings, 'code-');
  const suggestionCodings = humansOnly ? prep.codings.filter((pc) => !isHumanCoder(pc.coding.coder)) : [];
  const suggestionHtml = humansOnly ? quotesOf(suggestionCodings, 'suggestion-') : [];
  const codersText = (list: readonly string[]) => list.join(', ') || '–';
  const textCodersNote = humansOnly
    ? tr(
        lang,
        `Coders counted: ${codersText(humans)} (the human codings). The ${suggestionCodings.length} unreviewed suggestions (${codersText(automatic)}) are not counted here; they are listed under "Suggestions (not reviewed)".`,
        `Getelde codeurs: ${codersText(humans)} (de menselijke coderingen). De ${suggestionCodings.length} niet beoordeelde suggesties (${codersText(automatic)}) tellen hier niet mee; ze staan onder "Suggesties (niet beoordeeld)".`,
      )
    : tr(lang, `Coders counted: ${codersText(textPrep.coders)}.`, `Getelde codeurs: ${codersText(textPrep.coders)}.`);
  // (the counted coders without a coding in sources the others coded — the rules' suggestions
  // beside fewer human-coded sources: those are in the sentences' N as sources where nothing was
  // found, and give no quotes; said where the sentences and quotes are)
  const gapHtml = (notes: readonly string[]) => notes.map((n) => `\n<p class="gap">${esc(n)}</p>`).join('');
  const skeletonGaps = gapHtml(skeleton.gapNotes ?? []);
  const quoteGaps = gapHtml(
    textPrep.coderGaps.map((g) => {
      const list = `${g.sources.slice(0, 8).join(', ')}${g.sources.length > 8 ? tr(lang, `, and ${g.sources.length - 8} more`, ` en nog ${g.sources.length - 8}`) : ''}`;
      const who = g.coders ? joinNames(g.coders, lang) : g.coder;
      return tr(
        lang,
        `No quotes of ${who} from ${g.sources.length} source(s) that ${g.by.join(', ')} coded and ${g.coders ? 'none of them' : g.coder} did (${list}; ${g.coders ? 'they' : g.coder} coded ${g.coded}).${humansOnly ? ' The passages suggested there are under "Suggestions (not reviewed)".' : ''}`,
        `Geen citaten van ${who} uit ${g.sources.length} bron(nen) die ${g.by.join(', ')} codeerde(n) en ${g.coders ? 'geen van hen' : `${g.coder} niet`} (${list}; ${g.coders ? 'zij codeerden' : `${g.coder} codeerde`} er ${g.coded}).${humansOnly ? ' De passages die daar zijn voorgesteld staan onder "Suggesties (niet beoordeeld)".' : ''}`,
      );
    }),
  );

  // which groups the comparison holds, and why (a flat CSV carries no source kinds or segments)
  const flat = doc.segments.length === 0 && doc.sources.every((x) => !x.text);
  const count = (n: number, en: [string, string], nl: [string, string]) => `${n} ${tr(lang, en[n === 1 ? 0 : 1], nl[n === 1 ? 0 : 1])}`;
  const groupList = cmp.groups
    .map((g) => `${g.group || tr(lang, '(no value)', '(geen waarde)')} (${count(g.respondents, ['respondent', 'respondents'], ['respondent', 'respondenten'])}, ${count(g.sources, ['source', 'sources'], ['bron', 'bronnen'])})`)
    .join('; ');
  const comparedNote = [
    tr(lang, `Groups compared (by ${byLabel}): ${groupList || '–'}.`, `Vergeleken groepen (naar ${byLabel}): ${groupList || '–'}.`),
    flat && by === 'source-kind'
      ? tr(
          lang,
          ' The codings are a flat list (no segments, no source kinds, no group column): every source counts as an interview, so there is one group. Add a group column to the CSV, give --by ATTRIBUTE, or use the JSON document written by `qda code`.',
          ' De coderingen zijn een platte lijst (geen segmenten, geen soort bron, geen groepskolom): elke bron telt als interview, dus er is één groep. Voeg een kolom group toe aan de CSV, geef --by ATTRIBUUT, of gebruik het JSON-document van `qda code`.',
        )
      : flat
        ? tr(lang, ' The codings are a flat list (no segments, no source kinds): every source counts as an interview.', ' De coderingen zijn een platte lijst (geen segmenten, geen soort bron): elke bron telt als interview.')
        : '',
    cmp.groups.length === 1 && !flat ? tr(lang, ' There is only one group: the table shows its counts, nothing is compared.', ' Er is maar één groep: de tabel toont de aantallen, er wordt niets vergeleken.') : '',
  ].join('');
  // linked codings: what is said beside what is done, with the researcher's verdicts
  let saidDoneHtml = '';
  if (hasLinks(doc)) {
    const attrBy = by !== 'source-kind' && by !== 'case' && by !== 'source' ? by : undefined;
    const c = computeContrast(doc, { lang, maxQuote: 400, ...(attrBy ? { by: attrBy } : {}) });
    // (quotes side by side: printed landscape; the table is not split into column groups)
    wideSections.add('said-done');
    saidDoneHtml = [
      `<p class="muted">${esc(tr(lang, 'Each linked pair of codings (a marker {{code -> label relation: verdict}}), with the verdict written on the link; the count per verdict follows.', 'Elk gekoppeld paar coderingen (een markering {{code -> label relatie: oordeel}}), met het oordeel dat bij de koppeling staat; daarna het aantal per oordeel.'))}</p>`,
      `<div class="scroll">${renderHtmlTable({ ...c.pairsTable, title: undefined, caption: c.pairsTable.title }, { lang })}</div>`,
      `<div class="scroll">${renderHtmlTable(c.summaryTable, { lang })}</div>`,
    ].join('\n');
  }
  // questionnaire: scores per dimension and group, beside the coded passages (report-survey.ts)
  let surveyHtml = '';
  let surveyCss = '';
  if (input.survey) {
    const rs = await import('./report-survey.js');
    surveyCss = rs.SURVEY_CSS;
    const nouns = input.groups;
    surveyHtml = await rs.renderSurveySection(input.survey, doc, {
      lang,
      by,
      ...(input.coders ? { coders: input.coders } : {}),
      tableBlock: (t) => tableBlock('survey', t),
      groupNoun: (g) => {
        const x = nouns?.[g];
        return typeof x === 'string' ? x : x?.[lang];
      },
    });
  }
  // framework matrix: the researcher's judgements beside the coded evidence
  let frameworkHtml = '';
  let frameworkDiagnostics: readonly Diagnostic[] | undefined = saturationDiagnostics.length ? saturationDiagnostics : undefined;
  if (input.framework) {
    const f = computeFramework(doc, input.framework.rows, { file: input.framework.file, lang, ...(input.coders?.length ? { coders: input.coders } : {}), ...(input.framework.cols ? { cols: input.framework.cols } : {}), ...(input.framework.ladder ? { ladder: input.framework.ladder } : {}) });
    frameworkDiagnostics = [...saturationDiagnostics, ...f.diagnostics];
    wideSections.add('framework');
    frameworkHtml = [
      `<p class="muted">${esc(tr(lang, `Judgements from ${input.framework.file}; beside each, the coded segments behind it (count and source:line). ⚑ marks a judgement without coded evidence.`, `Oordelen uit ${input.framework.file}; ernaast de gecodeerde segmenten erachter (aantal en bron:regel). ⚑ markeert een oordeel zonder gecodeerd bewijs.`))}</p>`,
      ...f.tables.map((t) => `<div class="scroll">${renderHtmlTable(t, { lang })}</div>`),
    ].join('\n');
  }
  const title = input.title ?? L.title;
  const page = (notices: readonly Diagnostic[]): string => {
  const shown = [...notices, ...(frameworkDiagnostics ?? [])].filter((d) => d.severity !== 'error');
  const sectionsNav: Array<[string, string]> = [
    ['provenance', L.provenance],
    ...(shown.length ? ([['warnings', L.warnings]] as Array<[string, string]>) : []),
    ['sources', L.sources],
    ['codebooks', L.codebooks],
    ['matrix', L.matrix],
    ['comparison', L.comparison],
    ['said-observed', L.saidObserved],
    ...(saidDoneHtml ? ([['said-done', L.saidDone]] as Array<[string, string]>) : []),
    ...(frameworkHtml ? ([['framework', L.framework]] as Array<[string, string]>) : []),
    ...(surveyHtml ? ([['survey', L.survey]] as Array<[string, string]>) : []),
    ['saturation', L.saturation],
    ['skeleton', L.skeleton],
    ['quotes', L.quotes],
    ...(humansOnly ? ([['suggestions', tr(lang, 'Suggestions (not reviewed)', 'Suggesties (niet beoordeeld)')]] as Array<[string, string]>) : []),
  ];
  const section = (id: string, heading: string, body: string) => `<section aria-labelledby="${id}"${wideSections.has(id) ? ' class="wide"' : ''}>\n<h2 id="${id}">${esc(heading)}</h2>\n${body}\n</section>`;
  const ladderNote = cmp.ladder
    ? `<p>${esc(tr(lang, `Ladder: highest level of ${cmp.ladder.id} evidenced per case and ${byLabel}, with the number of evidence segments.`, `Ladder: hoogste niveau van ${cmp.ladder.id} met bewijs per casus en ${byLabel}, met het aantal segmenten als bewijs.`))}</p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${BASE_CSS}
${REPORT_CSS}${surveyCss ? '\n' + surveyCss : ''}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="muted">${esc(tr(lang, `${prep.sources.length} sources, ${doc.segments.length} segments, ${doc.codings.length} codings; groups by ${byLabel}.`, `${prep.sources.length} bronnen, ${doc.segments.length} segmenten, ${doc.codings.length} coderingen; groepen naar ${byLabel}.`))}${shown.length ? ` <a href="#warnings">${esc(tr(lang, `${shown.length} ${shown.length === 1 ? 'warning' : 'warnings'}`, `${shown.length} ${shown.length === 1 ? 'waarschuwing' : 'waarschuwingen'}`))}</a>${esc(tr(lang, ': what was left out, merged or resolved while reading and coding.', ': wat bij het lezen en coderen is weggelaten, samengevoegd of opgelost.'))}` : ''}</p>
</header>
<nav aria-labelledby="contents">
<h2 id="contents">${esc(L.contents)}</h2>
<ol>${sectionsNav.map(([id, h]) => `<li><a href="#${id}">${esc(h)}</a></li>`).join('')}</ol>
</nav>
<main>
${section('provenance', L.provenance, provenance)}
${shown.length ? section('warnings', L.warnings, warningsHtml(shown, lang)) : ''}
${section('sources', L.sources, tableBlock('sources', sourcesTable))}
${section('codebooks', L.codebooks, bookHtml.join('\n'))}
${section('matrix', L.matrix, `${tableBlock('matrix', matrix)}${heat ? `<figure class="chart">${heat}<figcaption>${esc(tr(lang, 'Heat map: share of respondents per group who mention each code (the numbers of the comparison table).', 'Heatmap: aandeel respondenten per groep dat elke code noemt (de getallen van de vergelijkingstabel).') + smallHeatNote + noneHeatNote + heatLeftOut)}</figcaption></figure>` : ''}`)}
${section('comparison', L.comparison, `<p id="compared-groups">${esc(comparedNote)}</p>${interviewsOnly ? `<p class="muted">${esc(tr(lang, 'Interview sources only (transcripts, surveys); observation notes and documents: see "Said vs. observed".', 'Alleen interviewbronnen (transcripten, enquêtes); observatieverslagen en documenten: zie "Gezegd vs. gezien".'))}</p>` : ''}${flagCompareTables(cmp, lang).map((t) => tableBlock('comparison', t)).join('\n')}${ladderNote}`)}
${section('said-observed', L.saidObserved, saidHtml)}
${saidDoneHtml ? section('said-done', L.saidDone, saidDoneHtml) : ''}
${frameworkHtml ? section('framework', L.framework, frameworkHtml) : ''}
${surveyHtml ? section('survey', L.survey, surveyHtml) : ''}
${section('saturation', L.saturation, saturationHtml)}
${section('skeleton', L.skeleton, `<p class="muted">${esc(within ? tr(lang, `Sentences per ${within.within}: X = respondents of the group who mention a code under that ${within.within}, Y = respondents of the group who answered it (not the group's size). ${textCodersNote}`, `Zinnen per ${within.within}: X = respondenten van de groep die een code noemen onder die ${within.within}, Y = respondenten van de groep die de vraag beantwoordden (niet de grootte van de groep). ${textCodersNote}`) : `${humansOnly ? tr(lang, 'Sentences computed from the comparison of the human codings (respondents who mention a code / respondents in the group); the comparison table above also counts the suggestions.', 'Zinnen berekend uit de vergelijking van de menselijke coderingen (respondenten die een code noemen / respondenten in de groep); de vergelijkingstabel hierboven telt ook de suggesties.') : tr(lang, 'Sentences computed from the comparison table above (respondents who mention a code / respondents in the group).', 'Zinnen berekend uit de vergelijkingstabel hierboven (respondenten die een code noemen / respondenten in de groep).')} ${textCodersNote}`)}</p>${skeletonGaps}\n${skel.join('\n')}`)}
${section('quotes', L.quotes, `<p class="muted">${esc(tr(lang, 'Per code its coded passages: source, speaker, line, offsets in code points [start, end), coder. Words matched by a rule are highlighted.', 'Per code de gecodeerde passages: bron, spreker, regel, posities in code points [begin, eind), codeur. Woorden waarop een regel aansloeg zijn gemarkeerd.') + (prep.sources.some((x) => !x.text) ? ' ' + tr(lang, 'Codings from a table without the source texts: the text of their row, with source and coder.', 'Coderingen uit een tabel zonder de brontekst: de tekst van hun rij, met bron en codeur.') : '') + ' ' + textCodersNote)}</p>${quoteGaps}\n${quoteHtml.join('\n')}`)}
${humansOnly ? section('suggestions', tr(lang, 'Suggestions (not reviewed)', 'Suggesties (niet beoordeeld)'), `<p class="muted">${esc(tr(lang, `Codes suggested by ${codersText(automatic)} that no person has reviewed (${suggestionCodings.length} codings). They are counted in the tables above that say so, but not in the sentences and quotes. Review them with \`qda review\`.`, `Codes voorgesteld door ${codersText(automatic)} die niemand heeft beoordeeld (${suggestionCodings.length} coderingen). Ze tellen mee in de tabellen hierboven die dat zeggen, maar niet in de zinnen en citaten. Beoordeel ze met \`qda review\`.`))}</p>\n${suggestionHtml.join('\n')}`) : ''}
</main>
<footer><p class="muted">${esc(`qdakit ${prov.version}`)}</p></footer>
</body>
</html>
`;
  return localiseTableNumbers(html, lang);
  };
  return { html: page(input.notices ?? []), withNotices: page, compare: cmp, skeleton, matrix, by, byLabel, saidSeen, interviewsOnly, comparedNote, saturation, saturationSvg, textCoders: textPrep.coders, ...(cmpText.coderGaps?.length ? { textGaps: cmpText.coderGaps } : {}), ...(within ? { withinSkeleton: within } : {}), ...(frameworkDiagnostics ? { frameworkDiagnostics } : {}) };
}

/**
 * The warnings section: per kind (its code) how many and the files, then each warning as the
 * terminal showed it (file:line: message [code], its hint), all of them; a kind with many is folded.
 */
function warningsHtml(ds: readonly Diagnostic[], lang: Lang): string {
  const esc = escapeHtml;
  const kinds = new Map<string, Diagnostic[]>();
  for (const d of ds) {
    const k = `${d.source}:${d.ruleId}`;
    const list = kinds.get(k);
    if (list) list.push(d);
    else kinds.set(k, [d]);
  }
  const rows = [...kinds].map(([k, list]) => {
    const files = [...new Set(list.map((d) => d.file).filter((f): f is string => !!f))];
    const shownFiles = files.slice(0, 3).join(', ') + (files.length > 3 ? tr(lang, `, and ${files.length - 3} more`, ` en nog ${files.length - 3}`) : '');
    return `<tr><th scope="row"><code>${esc(k)}</code></th><td class="num">${list.length}</td><td>${esc(shownFiles || '–')}</td></tr>`;
  });
  const intro = tr(
    lang,
    `${ds.length} ${ds.length === 1 ? 'warning' : 'warnings'} of the run that made this report (also printed on the terminal): each names the file and place, what was left out, merged or resolved, and how to fix it. The numbers in this report are as read; fix the sources and run again to change them.`,
    `${ds.length} ${ds.length === 1 ? 'waarschuwing' : 'waarschuwingen'} van de run die dit rapport maakte (ook in de terminal getoond): elke noemt het bestand en de plaats, wat is weggelaten, samengevoegd of opgelost, en hoe het te herstellen is. De getallen in dit rapport zijn zoals gelezen; herstel de bronnen en draai opnieuw om ze te veranderen.`,
  );
  const head = `<tr><th scope="col">${esc(tr(lang, 'Kind', 'Soort'))}</th><th scope="col">${esc(tr(lang, 'Number', 'Aantal'))}</th><th scope="col">${esc(tr(lang, 'Files', 'Bestanden'))}</th></tr>`;
  const details = [...kinds]
    .map(([k, list]) => `<details${ds.length <= 30 ? ' open' : ''}><summary><code>${esc(k)}</code> (${list.length})</summary>\n<ul class="warnings">${list.map((d) => `<li><pre>${esc(formatDiagnostic(d))}</pre></li>`).join('')}</ul></details>`)
    .join('\n');
  return `<p>${esc(intro)}</p>\n<div class="scroll"><table class="qda-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>\n${details}`;
}

/**
 * Tables for a text file read by people (md): in Dutch, non-integer numbers become text with a
 * decimal comma ("14,3"); integers and English tables stay as they are (csv/xlsx keep numbers).
 */
export function localiseTables(tables: readonly Table[], lang: Lang): Table[] {
  if (lang !== 'nl') return [...tables];
  return tables.map((t) => ({
    ...t,
    rows: t.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? formatNum(v, lang) : v]))),
  }));
}

/** Dutch output: decimal comma in the numeric (right-aligned) cells of rendered tables. */
export function localiseTableNumbers(html: string, lang: Lang): string {
  if (lang !== 'nl') return html;
  return html.replace(/(<t[dh]\b[^>]*class="num"[^>]*>)(-?\d+)\.(\d+)(%?)(<\/t[dh]>)/g, '$1$2,$3$4$5');
}

/** One quote: the coded span with matched words in <mark>, marker text left out, everything escaped. */
function quoteBlock(c: Coding, text: string, speaker: string | null, st: SourceText, lang: Lang, segmentText?: string): string {
  // a flat codings table carries no source text: the quote is the row's text, cited without line or offsets
  if (!text) {
    const cite = `${c.sourceId}${speaker ? `, ${speaker}` : ''}, ${tr(lang, 'coder', 'codeur')} ${c.coder}${c.memo ? ` — ${c.memo}` : ''}`;
    const body = escapeHtml((segmentText ?? '').replace(/\s+/g, ' ').trim());
    return `<blockquote class="quote"><p>${body || '…'}</p><p class="cite">${escapeHtml(cite)}</p></blockquote>`;
  }
  const om = new OffsetMap(text);
  const matches = (c.evidence?.matches ?? []).filter((m) => m.start >= c.start && m.end <= c.end && m.end > m.start).sort((a, b) => a.start - b.start);
  const marked: Array<[number, number]> = [];
  for (const m of matches) if (!marked.length || m.start >= marked[marked.length - 1][1]) marked.push([m.start, m.end]);
  // cut the visible parts of the span at the match edges; offsets stay those of the source
  const cuts = new Set<number>([c.start, c.end]);
  for (const [a, b] of marked) cuts.add(a).add(b);
  const parts: string[] = [];
  for (const [va, vb] of text ? st.visible(c.sourceId, c.start, c.end) : []) {
    const points = [...cuts].filter((x) => x > va && x < vb).sort((x, y) => x - y);
    let at = va;
    for (const x of [...points, vb]) {
      const inMark = marked.some(([a, b]) => at >= a && x <= b);
      const piece = escapeHtml(om.slice(at, x));
      parts.push(inMark && piece.trim() ? `<mark>${piece}</mark>` : piece);
      at = x;
    }
  }
  const body = parts.join('').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, ' ').trim();
  const line = text ? st.line(c.sourceId, c.start) : 0;
  const rule = c.evidence?.ruleId ? `, ${tr(lang, 'rule', 'regel')} ${c.evidence.ruleId}` : '';
  const cite = `${c.sourceId}${speaker ? `, ${speaker}` : ''}, ${tr(lang, 'line', 'regel')} ${line}, [${c.start}, ${c.end}), ${tr(lang, 'coder', 'codeur')} ${c.coder}${rule}${c.memo ? ` — ${c.memo}` : ''}`;
  return `<blockquote class="quote"><p>${body || '…'}</p><p class="cite">${escapeHtml(cite)}</p></blockquote>`;
}
