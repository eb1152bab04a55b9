import type { Io } from '../io.js';
import type { Codebook } from '../../codebook/types.js';
import type { CodingsDocument, Corpus, Lang, Segment } from '../../model/types.js';
import type { Suggester } from '../../coding/suggest.js';
import type { SimulationOrder } from '../../review/learning.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { maxOf } from '../../model/arrays.js';

export interface SimulateInput {
  readonly file: string;
  readonly corpus: Corpus;
  readonly books: readonly Codebook[];
  readonly coded: CodingsDocument;
  readonly eligible: readonly Segment[];
  readonly suggester: Suggester;
  readonly threshold: number;
  readonly order: SimulationOrder;
  readonly lang: Lang;
  readonly learnedFrom?: string;
  readonly trainedOn: number;
  /** Share (0–1) of each source's last turns never reviewed and measured at every point. */
  readonly heldOut?: number;
}

/**
 * `qda review --simulate GOLD`: replay a reviewer who follows the gold codings (no terminal,
 * nothing written) and print the learning curve: F1 on the turns not reviewed yet after
 * 0, 10, 20, 50, … decisions. Exit 2 when the gold file codes none of the inputs.
 */
export async function simulate(io: Io, x: SimulateInput): Promise<number> {
  const { readCodings } = await import('../../ingest/read-codings.js');
  const { mapImportedCodings } = await import('../../coding/human-codings.js');
  const { codebookPrior } = await import('../../coding/learn.js');
  const { simulateReview, CHECKPOINTS } = await import('../../review/learning.js');
  const goldDoc = await readCodings(x.file, { cwd: io.cwd, report: (d) => io.stderr.write(formatDiagnostic(d) + '\n') });
  const turnNumbers = (await import('../../ingest/read-codings.js')).numbersTurns(goldDoc);
  const human = goldDoc.codings.filter((c) => c.coder !== 'rules' && c.coder !== 'model');
  const mapped = mapImportedCodings({ ...goldDoc, codings: human }, x.corpus, x.coded.codes, { file: x.file, turnNumbers });
  const measured = new Set(codebookPrior(x.books).codes.map((c) => c.code));
  const eligibleIds = new Set(x.eligible.map((s) => s.id));
  const gold = new Map<string, Set<string>>();
  let onInputs = 0;
  for (const c of mapped.codings) {
    if (!c.segmentId || !eligibleIds.has(c.segmentId)) continue;
    onInputs++;
    if (!measured.has(c.code)) continue;
    (gold.get(c.segmentId) ?? gold.set(c.segmentId, new Set()).get(c.segmentId)!).add(c.code);
  }
  if (!onInputs) {
    throw inputError('cli', 'simulate-no-gold', `${x.file} has no human codings of the inputs' respondent turns to replay`, {
      file: x.file,
      hint: 'give the gold codings of the same sources (source column = file name without extension, and turn or segment), e.g. qda review interview-3.txt -c BOOK --simulate interview-3.gold.csv',
    });
  }
  // the sources under simulation: only those the gold file codes
  const goldSources = new Set(mapped.codings.filter((c) => c.segmentId).map((c) => c.sourceId));
  const segments = x.eligible.filter((s) => goldSources.has(s.sourceId));
  const rules = new Map<string, Set<string>>();
  for (const c of x.coded.codings) if (c.coder === 'rules' && c.segmentId) (rules.get(c.segmentId) ?? rules.set(c.segmentId, new Set()).get(c.segmentId)!).add(c.code);
  const codes = [...measured].filter((c) => x.suggester.codes.includes(c)).sort();
  // --held-out: the last share of each source's turns is never reviewed; every point is measured on them
  let heldOut: Set<string> | undefined;
  if (x.heldOut !== undefined) {
    heldOut = new Set();
    const bySource = new Map<string, Segment[]>();
    for (const s of segments) (bySource.get(s.sourceId) ?? bySource.set(s.sourceId, []).get(s.sourceId)!).push(s);
    for (const list of bySource.values()) {
      const k = Math.min(list.length - 1, Math.max(1, Math.round(list.length * x.heldOut)));
      for (const s of list.slice(list.length - k)) heldOut.add(s.id);
    }
  }
  const curve = simulateReview({ segments, suggester: x.suggester, gold, codes, threshold: x.threshold, order: x.order, rules, checkpoints: CHECKPOINTS, ...(heldOut ? { heldOut } : {}) });
  const nl = x.lang === 'nl';
  const from = x.learnedFrom ? (nl ? `de codeboeken en ${x.trainedOn} gecodeerde segmenten uit ${x.learnedFrom}` : `the codebooks and ${x.trainedOn} coded segments of ${x.learnedFrom}`) : nl ? 'alleen de codeboeken' : 'the codebooks alone';
  const lines = [
    nl
      ? `qda review --simulate ${x.file}: ${segments.length} beurten, ${codes.length} codes, volgorde ${x.order}, drempel ${x.threshold}; het model begint bij ${from} en leert van elke beslissing; een beurt waarvan alle suggesties beslist zijn en de ontbrekende codes toegevoegd, telt als volledig gecodeerd (er wordt niets opgeslagen)`
      : `qda review --simulate ${x.file}: ${segments.length} turns, ${codes.length} codes, order ${x.order}, threshold ${x.threshold}; the model starts from ${from} and learns from every decision; a turn whose suggestions are all decided and whose missing codes are added counts as coded completely (nothing is saved)`,
    heldOut
      ? nl
        ? `micro-P/R/F1 op dezelfde ${heldOut.size} beurten aan het eind van elke bron (--held-out ${x.heldOut}), die nooit beoordeeld worden; beoordeeld worden de ${segments.length - heldOut.size} beurten ervoor:`
        : `micro P/R/F1 on the same ${heldOut.size} turns at the end of each source (--held-out ${x.heldOut}), never reviewed; the ${segments.length - heldOut.size} turns before them are reviewed:`
      : nl
        ? 'micro-P/R/F1 op de beurten die nog niet beoordeeld zijn:'
        : 'micro P/R/F1 on the turns not reviewed yet:',
  ];
  const head = nl
    ? ['beslissingen', 'beoordeeld', 'over', 'model P', 'R', 'F1', 'regels+model P', 'R', 'F1', 'geaccepteerd']
    : ['decisions', 'reviewed', 'left', 'learned P', 'R', 'F1', 'rules+learned P', 'R', 'F1', 'accepted'];
  const rows = curve
    .filter((p) => p.remaining > 0)
    .map((p) => [String(p.decisions), String(p.reviewed), String(p.remaining), p.model.precision.toFixed(3), p.model.recall.toFixed(3), p.model.f1.toFixed(3), p.both.precision.toFixed(3), p.both.recall.toFixed(3), p.both.f1.toFixed(3), `${Math.round(p.accepted * 100)}%`]);
  const w = head.map((h, i) => Math.max(h.length, maxOf(rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((c, i) => c.padStart(w[i])).join('  ');
  lines.push(fmt(head), ...rows.map(fmt));
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}
