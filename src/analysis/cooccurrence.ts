import type { Cell, Column, CodingsDocument, Lang, Table } from '../model/types.js';
import { buildCodeTree, indentedName } from './hierarchy.js';
import { prepareDoc, tr, turnKeyOf } from './prepare.js';

export type CooccurrenceWithin = 'segment' | 'turn' | 'source';

export interface CooccurrenceOptions {
  readonly within?: CooccurrenceWithin;
  readonly coders?: readonly string[];
  readonly lang?: Lang;
}

export interface CooccurrenceResult {
  /** Codes in table order. */
  readonly codes: readonly string[];
  /** n_i: units coded with code i. */
  readonly n: readonly number[];
  /** n_ij: units coded with both codes (symmetric; diagonal = n_i). Row-major, codes × codes. */
  readonly counts: Float64Array;
  /** c_ij = n_ij / (n_i + n_j − n_ij). */
  readonly coefficient: Float64Array;
  readonly units: number;
  readonly tables: readonly [Table, Table];
}

/**
 * Code co-occurrence (pure). A unit is a segment, a turn or a whole source; a code
 * occurs in a unit when any included coder coded it there (no hierarchy roll-up:
 * rows are the codes as coded). The coefficient is ATLAS.ti's c-coefficient
 * c = n12 / (n1 + n2 − n12), which on units is the Jaccard index |A∩B| / |A∪B|.
 */
export function computeCooccurrence(doc: CodingsDocument, opts: CooccurrenceOptions = {}): CooccurrenceResult {
  const lang = opts.lang ?? 'en';
  const within = opts.within ?? 'segment';
  const prep = prepareDoc(doc, { coders: opts.coders });
  const used = new Set(prep.codings.map((c) => c.coding.code));
  const tree = buildCodeTree(doc.codes, used);
  const nodes = tree.nodes.filter((n) => used.has(n.id));
  const codeIdx = new Map(nodes.map((n, i) => [n.id, i]));
  const k = nodes.length;

  const unitCodes = new Map<string, Set<number>>();
  for (const pc of prep.codings) {
    const key = within === 'segment' ? pc.segmentKey : within === 'turn' ? turnKeyOf(pc) : pc.source.id;
    let s = unitCodes.get(key);
    if (!s) unitCodes.set(key, (s = new Set()));
    s.add(codeIdx.get(pc.coding.code)!);
  }
  const counts = new Float64Array(k * k);
  for (const set of unitCodes.values()) {
    const arr = [...set];
    for (let a = 0; a < arr.length; a++) {
      const i = arr[a];
      counts[i * k + i]++;
      for (let b = a + 1; b < arr.length; b++) {
        const j = arr[b];
        counts[i * k + j]++;
        counts[j * k + i]++;
      }
    }
  }
  const n = nodes.map((_, i) => counts[i * k + i]);
  const coefficient = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const nij = counts[i * k + j];
      const denom = n[i] + n[j] - nij;
      coefficient[i * k + j] = denom > 0 ? nij / denom : 0;
    }
  }

  const unitName = { segment: tr(lang, 'segment', 'segment'), turn: tr(lang, 'turn', 'beurt'), source: tr(lang, 'source', 'bron') }[within];
  const columns: Column[] = [
    { key: 'code', label: 'Code' },
    { key: 'label', label: tr(lang, 'Name', 'Naam') },
    { key: 'n', label: tr(lang, `n (${unitName}s)`, `n (${within === 'segment' ? 'segmenten' : within === 'turn' ? 'beurten' : 'bronnen'})`), align: 'right' },
    ...nodes.map((nd) => ({ key: nd.id === 'code' || nd.id === 'label' || nd.id === 'n' ? `code:${nd.id}` : nd.id, label: nd.id, align: 'right' as const, heat: true })),
  ];
  const valueKeys = columns.slice(3).map((c) => c.key);
  const build = (vals: Float64Array, round: boolean): Array<Record<string, Cell>> =>
    nodes.map((nd, i) => {
      const row: Record<string, Cell> = { code: nd.id, label: indentedName(nd, lang), n: n[i] };
      valueKeys.forEach((key, j) => (row[key] = i === j ? null : round ? Math.round(vals[i * k + j] * 10000) / 10000 : vals[i * k + j]));
      return row;
    });
  // codings with no place in their source (a CSV of source and code only) are units of their own:
  // they co-occur with nothing within a segment or turn (a 0 that says nothing), so say how many
  const placeless = within === 'source' ? 0 : prep.codings.filter((pc) => !pc.segment && pc.coding.segmentId === undefined && !(pc.coding.end > pc.coding.start)).length;
  // the codebook's codes with no coding (a parent coded only through its subcodes, a code never
  // used) have no row or column: said with their ids, not left out in silence
  const absent = tree.nodes.filter((nd) => !used.has(nd.id)).map((nd) => nd.id);
  const absentList = `${absent.slice(0, 12).join(', ')}${absent.length > 12 ? tr(lang, `, and ${absent.length - 12} more`, `, en nog ${absent.length - 12}`) : ''}`;
  const common = [
    ...(absent.length
      ? [
          tr(
            lang,
            `${absent.length} code(s) of the codebook have no coding here (counted as coded, without their subcodes) and are no row or column: ${absentList}.`,
            `${absent.length} code(s) uit het codeboek hebben hier geen codering (geteld zoals gecodeerd, zonder hun subcodes) en zijn geen rij of kolom: ${absentList}.`,
          ),
        ]
      : []),
    ...(placeless
      ? [
          tr(
            lang,
            `${placeless} coding(s) have no place in their source (no segment, start or end): each is a unit of its own, so within a ${unitName} they co-occur with no other code (their 0s say nothing); use --within source to count them by source.`,
            `${placeless} codering(en) hebben geen plaats in hun bron (geen segment, begin of eind): elk is een eenheid op zich, dus binnen ${within === 'segment' ? 'een segment' : 'een beurt'} komen ze met geen andere code samen voor (hun nullen zeggen niets); gebruik --within source om ze per bron te tellen.`,
          ),
        ]
      : []),
    tr(lang, `Unit: ${unitName}; ${unitCodes.size} coded units. Two codes co-occur when both were applied to the same ${unitName} (by any included coder: ${prep.coders.join(', ') || '–'}).`,
      `Eenheid: ${unitName}; ${unitCodes.size} gecodeerde eenheden. Twee codes komen samen voor als ze op ${within === 'segment' ? 'hetzelfde segment' : within === 'turn' ? 'dezelfde beurt' : 'dezelfde bron'} zijn toegepast (door een van de codeurs: ${prep.coders.join(', ') || '–'}).`),
    tr(lang, 'The diagonal is left empty; column n gives the units coded with the row code. Codes as coded, no roll-up to parents.', 'De diagonaal is leeg; kolom n geeft het aantal eenheden met de code van de rij. Codes zoals gecodeerd, zonder optelling naar bovenliggende codes.'),
  ];
  const countTable: Table = {
    title: tr(lang, `Code co-occurrence (counts, within ${unitName})`, `Samen voorkomen van codes (aantallen, binnen ${unitName})`),
    columns,
    rows: build(counts, false),
    notes: [tr(lang, 'Cell = n12, the number of units coded with both codes.', 'Cel = n12, het aantal eenheden met beide codes.'), ...common],
  };
  const coefTable: Table = {
    title: tr(lang, `Code co-occurrence (c-coefficient, within ${unitName})`, `Samen voorkomen van codes (c-coëfficiënt, binnen ${unitName})`),
    columns,
    rows: build(coefficient, true),
    notes: [
      tr(lang, 'Cell = c-coefficient (as in ATLAS.ti) c = n12 / (n1 + n2 − n12), equal to the Jaccard index of the two codes\' unit sets; 0 = never together, 1 = always together.',
        'Cel = c-coëfficiënt (zoals in ATLAS.ti): c = n12 / (n1 + n2 − n12), gelijk aan de Jaccard-index van de eenheden van beide codes; 0 = nooit samen, 1 = altijd samen.'),
      ...common,
    ],
  };
  return { codes: nodes.map((x) => x.id), n, counts, coefficient, units: unitCodes.size, tables: [countTable, coefTable] };
}
