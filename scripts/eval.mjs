#!/usr/bin/env node
/**
 * Coding quality on the Enschede development transcripts (run with `npm run eval`,
 * uses the BUILT dist/). Everything at the respondent-turn level, micro-F1 over
 * the leaf codes of `coordination-collaboration` (the codes with rules):
 *  (a) the legacy inline codes (`… text. Code: label`) read back per turn equal the gold CSV;
 *  (a') the same for the thesis-text forms (`thesis-text/raw`: copied from the PDF, and
 *      `thesis-text/joined`: one paragraph per turn): markers read per form vs the gold, with
 *      the built-in codebook plus the gold's labels it lacks (the coder's own codes), and
 *      with the built-in codebook alone (the rest must be reported as unknown);
 *  (b) two-fold, A→B and B→A (train on one transcript, measure on the other): per code
 *      and micro P/R/F1 for the rules, the learned suggestions (`--learn-from` the
 *      training transcript's coded document, whose source is NOT among the inputs),
 *      and both together (union), with two calibration baselines trained the same
 *      way: the most frequent code on every turn, and word naive Bayes;
 *  (c) the simulated review (`qda review --simulate`): a reviewer replays gold codings (accepts
 *      or rejects each suggestion, adds the gold codes nothing suggested), the suggester retrains
 *      after each decision, and a turn reviewed to the end counts as coded completely (the codes
 *      not kept there are negatives); F1 on a fixed set of turns never
 *      reviewed after 0, 10, 20, 30, 50, 100 decisions: within a new transcript (first
 *      half reviewed, second half measured) and across transcripts (one reviewed,
 *      the other measured).
 * The rules are measured honestly per direction: every revision of the shipped rules that was
 * made by looking at one transcript's errors is recorded in scripts/eval-revisions.json (with
 * the text before it), and each transcript is coded with the shipped rules minus the revisions
 * made on it (A→B: the rules revised on A only; B→A: revised on B only; codebooks/README.md).
 * The shipped rules themselves (revised on both) are printed too, marked in-sample.
 * Usage: node scripts/eval.mjs [DATA_DIR] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const dataDir = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, '..', 'shared', 'data', 'enschede-interviews'));
if (!existsSync(join(dataDir, 'participant_A.txt'))) {
  console.log(`eval: skipped: development data not found at ${dataDir}`);
  process.exit(0);
}
const { foldRules } = await import('./eval-folds.mjs');
const dist = (p) => import(join(root, 'dist', p));
const { readCorpus } = await dist('ingest/read-corpus.js');
const { readCodebook } = await dist('ingest/read-codebook.js');
const { codeCorpus, codebookCodeRefs, ruleFeatures } = await dist('coding/code-corpus.js');
const { extractHumanCodings } = await dist('coding/human-codings.js');
const { labelKey } = await dist('coding/markers.js');
const { trainingSet, Suggester, withoutMarkers } = await dist('coding/suggest.js');
const { makeFeaturizer } = await dist('coding/learn.js');
const { simulateReview } = await dist('review/learning.js');

const { parseCodebook } = await dist('codebook/parse-codebook.js');

const parts = ['A', 'B'];
const book = await readCodebook('coordination-collaboration', { cwd: root });
/** The shipped rules without the revisions made on `on` (scripts/eval-folds.mjs). */
const rulesWithout = foldRules(root, parseCodebook);
/** The rules used when learning from / revising on `train` and measuring on the other transcript. */
const foldBook = { A: rulesWithout('B'), B: rulesWithout('A') };
const definitionsBook = rulesWithout('AB');
const codes = codebookCodeRefs(book);
const leafIds = new Set(book.codes.filter((c) => (c.rules ?? []).length).map((c) => labelKey(c.id)));
const idOf = new Map(book.codes.map((c) => [labelKey(c.id), c.id]));
const corpora = {};
for (const p of parts) {
  const { corpus } = await readCorpus([join(dataDir, `participant_${p}.txt`)], { cwd: dataDir, unit: 'turn', report: () => {} });
  corpora[p] = corpus;
}
const turnOf = (s) => (s.turn ?? s.index) + 1;
const respondent = (p) => corpora[p].segments.filter((s) => s.role !== 'interviewer');

/** gold: part → turn → Set(label key) */
const gold = {};
for (const p of parts) {
  const m = new Map();
  for (const l of readFileSync(join(dataDir, `participant_${p}.gold.csv`), 'utf8').trim().split(/\r?\n/).slice(1)) {
    const f = l.split(',');
    const t = Number(f[2]);
    (m.get(t) ?? m.set(t, new Set()).get(t)).add(labelKey(f.slice(4).join(',')));
  }
  gold[p] = m;
}

/** codings → turn → Set(label key) */
const perTurn = (p, codings) => {
  const byId = new Map(corpora[p].segments.map((s) => [s.id, s]));
  const out = new Map();
  for (const c of codings) {
    const s = c.segmentId && byId.get(c.segmentId);
    if (!s) continue;
    const t = turnOf(s);
    (out.get(t) ?? out.set(t, new Set()).get(t)).add(labelKey(c.code));
  }
  return out;
};

function table(p, predicted, codeSet = leafIds) {
  const per = new Map([...codeSet].sort().map((c) => [c, { tp: 0, fp: 0, fn: 0, tn: 0 }]));
  const tot = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const s of respondent(p)) {
    const t = turnOf(s);
    const g = gold[p].get(t) ?? new Set();
    const pr = predicted.get(t) ?? new Set();
    for (const c of codeSet) {
      const x = per.get(c);
      const k = g.has(c) ? (pr.has(c) ? 'tp' : 'fn') : pr.has(c) ? 'fp' : 'tn';
      x[k]++;
      tot[k]++;
    }
  }
  return { per, micro: metrics(tot), n: respondent(p).length };
}
function metrics({ tp, fp, fn, tn }) {
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  const F = P + R ? (2 * P * R) / (P + R) : 0;
  const n = tp + fp + fn + tn;
  const po = (tp + tn) / n;
  const pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
  const k = pe === 1 ? 1 : (po - pe) / (1 - pe);
  const r = (v) => Math.round(v * 1000) / 1000;
  return { tp, fp, fn, P: r(P), R: r(R), F1: r(F), kappa: r(k) };
}

// (a) legacy inline codes
const recon = [];
for (const p of parts) {
  const h = perTurn(p, extractHumanCodings(corpora[p], codes).codings);
  const g = gold[p];
  const turns = new Set([...g.keys(), ...h.keys()]);
  const diff = [];
  for (const t of turns) {
    const a = [...(g.get(t) ?? [])].sort().join('|');
    const b = [...(h.get(t) ?? [])].sort().join('|');
    if (a !== b) diff.push({ turn: t, gold: a, read: b });
  }
  recon.push({ part: p, turns: turns.size, equal: turns.size - diff.length, diff });
}

// (a') the thesis-text forms
const { parseBlocks } = await dist('ingest/parse-blocks.js');
const thesis = [];
for (const form of ['raw', 'joined']) {
  for (const p of parts) {
    const file = join(dataDir, 'thesis-text', form, `participant_${p}.txt`);
    if (!existsSync(file)) continue;
    const rows = readFileSync(join(dataDir, `participant_${p}.gold.csv`), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    // the interviewer: the speaker of the file who is not in the gold (no names written here)
    const goldSpeakers = new Set(rows.map((r) => r[3]));
    const interviewers = parseBlocks(readFileSync(file, 'utf8'), 'transcript').speakers.filter((x) => !goldSpeakers.has(x));
    const { corpus: c } = await readCorpus([file], { cwd: dataDir, unit: 'turn', interviewers, report: () => {} });
    const turnNo = new Map(c.segments.map((s) => [s.id, (s.turn ?? s.index) + 1]));
    const own = codes.slice();
    const knownKeys = new Set(own.flatMap((x) => [x.id, x.name?.en, x.name?.nl].filter(Boolean).map(labelKey)));
    for (const r of rows) {
      const code = r.slice(4).join(',');
      if (!knownKeys.has(labelKey(code))) (knownKeys.add(labelKey(code)), own.push({ id: code }));
    }
    const want = rows.map((r) => `${r[2]}|${labelKey(r.slice(4).join(','))}`).sort();
    const withOwn = extractHumanCodings(c, own);
    const got = withOwn.codings.map((x) => `${turnNo.get(x.segmentId)}|${labelKey(x.code)}`).sort();
    const missing = want.filter((w) => {
      const i = got.indexOf(w);
      if (i < 0) return true;
      got.splice(i, 1);
      return false;
    });
    const alone = extractHumanCodings(c, codes);
    const turnsRight = alone.codings.map((x) => turnNo.get(x.segmentId)).sort((a, b) => a - b).join(',') === rows.map((r) => Number(r[2])).sort((a, b) => a - b).join(',');
    thesis.push({ form, source: `participant_${p}`, gold: rows.length, turns: c.segments.length, withOwnCodes: { ...withOwn.markers, equal: want.length - missing.length, missing, extra: got }, builtinOnly: { ...alone.markers, turnsRight } });
  }
}

// the coded document of each transcript, as `qda code participant_X.txt -o X.json` writes it
// (with the rules of a fold: docOf(bookKey, part); bookKey 'A' = revised on A only, 'B', or 'shipped')
const books = { ...foldBook, shipped: book, definitions: definitionsBook };
const docCache = new Map();
// Mechanisms of the engine that were found by looking at both transcripts' errors are switched
// off in the folds (as revisions made on both are) and measured separately, in-sample:
// `clarifications` (no automatic codes on a respondent's "what do you mean?").
const IN_SAMPLE_MECHANISMS = { clarifications: 'keep' };
function docOf(bookKey, p, mech = IN_SAMPLE_MECHANISMS) {
  const k = `${bookKey}|${p}|${JSON.stringify(mech)}`;
  if (!docCache.has(k)) docCache.set(k, codeCorpus(corpora[p], [books[bookKey]], { unit: 'turn', version: 'eval', command: 'qda code', ...mech }));
  return docCache.get(k);
}
const ruleTable = (bookKey, p, mech) => table(p, perTurn(p, docOf(bookKey, p, mech).codings.filter((c) => c.coder === 'rules')));
const featurize = makeFeaturizer(false);

/**
 * Word naive Bayes (binarised multinomial: each word counted once per turn, Laplace
 * smoothing; one model per code, code vs not-code), trained on `train`'s respondent turns.
 */
function naiveBayes(train, test) {
  const rows = respondent(train).map((s) => ({ f: new Set(featurize(withoutMarkers(s.text), 'nl')), g: gold[train].get(turnOf(s)) ?? new Set() }));
  const vocab = new Set(rows.flatMap((r) => [...r.f]));
  const V = vocab.size;
  const out = new Map();
  for (const c of leafIds) {
    const pos = rows.filter((r) => r.g.has(c));
    const neg = rows.filter((r) => !r.g.has(c));
    if (!pos.length) continue;
    const counts = (set) => {
      const m = new Map();
      let total = 0;
      for (const r of set) for (const w of r.f) {
        m.set(w, (m.get(w) ?? 0) + 1);
        total++;
      }
      return { m, total };
    };
    const cp = counts(pos);
    const cn = counts(neg);
    for (const s of respondent(test)) {
      let a = Math.log(pos.length / rows.length);
      let b = Math.log(neg.length / rows.length);
      for (const w of new Set(featurize(withoutMarkers(s.text), 'nl'))) {
        if (!vocab.has(w)) continue;
        a += Math.log(((cp.m.get(w) ?? 0) + 1) / (cp.total + V));
        b += Math.log(((cn.m.get(w) ?? 0) + 1) / (cn.total + V));
      }
      if (a > b) {
        const t = turnOf(s);
        (out.get(t) ?? out.set(t, new Set()).get(t)).add(c);
      }
    }
  }
  return out;
}

function mostFrequent(train, test) {
  const n = new Map();
  for (const s of respondent(train)) for (const c of gold[train].get(turnOf(s)) ?? []) if (leafIds.has(c)) n.set(c, (n.get(c) ?? 0) + 1);
  const top = [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const out = new Map();
  if (top) for (const s of respondent(test)) out.set(turnOf(s), new Set([top]));
  return { code: top, pred: out };
}

// (b) two-fold
const folds = [];
for (const [train, test] of [['A', 'B'], ['B', 'A']]) {
  const learned = codeCorpus(corpora[test], [foldBook[train]], { unit: 'turn', version: 'eval', inline: false, learnFrom: { doc: docOf(train, train), file: `participant_${train}.json` }, ...IN_SAMPLE_MECHANISMS });
  const rules = perTurn(test, learned.codings.filter((c) => c.coder === 'rules'));
  const model = perTurn(test, learned.codings.filter((c) => c.coder === 'model'));
  const both = perTurn(test, learned.codings.filter((c) => c.coder === 'rules' || c.coder === 'model'));
  const mf = mostFrequent(train, test);
  const opts = learned.provenance.options.suggestions;
  folds.push({
    train,
    test,
    threshold: opts.threshold,
    thresholdReason: opts.thresholdReason,
    rules: table(test, rules),
    learned: table(test, model),
    both: table(test, both),
    mostFrequent: { code: mf.code, ...table(test, mf.pred) },
    naiveBayes: table(test, naiveBayes(train, test)),
    definitions: ruleTable('definitions', test),
    shipped: ruleTable('shipped', test),
    withMechanisms: ruleTable(train, test, {}),
    shippedWithMechanisms: ruleTable('shipped', test, {}),
  });
}

// (c) simulated review. The reviewer follows the gold codings turn by turn; after every decision
// the suggester retrains. The rules of every transcript involved are those not revised on the
// transcript measured (`test`). Two designs, both measured on a FIXED set of turns never reviewed:
//  - within a new transcript: the first half of `test`'s respondent turns is reviewed, the second
//    half is measured (the suggester starts from the codebook, and from `train`'s coded document
//    when `train` is given);
//  - across transcripts: all of `train` is reviewed (decisions instead of a coded document, the
//    suggester starting from the codebook alone), and all of `test` is measured.
function simulate({ train, test, design, order = 'source', learn = true }) {
  const key = test === 'A' ? 'B' : 'A';
  const rulesOf = (p) => docOf(key, p).codings.filter((c) => c.coder === 'rules');
  const own = respondent(test);
  const reviewedFrom = design === 'within' ? own.slice(0, Math.floor(own.length / 2)) : respondent(train);
  const held = design === 'within' ? own.slice(Math.floor(own.length / 2)) : own;
  const segs = design === 'within' ? own : [...reviewedFrom, ...held];
  const parts = design === 'within' ? [test] : [train, test];
  const feats = new Map(parts.flatMap((p) => [...ruleFeatures(rulesOf(p))]));
  let examples = [];
  if (design === 'within' && train) {
    const ts = trainingSet(docOf(key, train), corpora[test], codes, { file: `participant_${train}.json` });
    const trainFeats = ruleFeatures(rulesOf(train));
    examples = ts.examples.map((e, i) => ({ ...e, extra: trainFeats.get(ts.segments[i].id) }));
  }
  const suggester = new Suggester(segs, { books: [foldBook[key]], examples, ruleFeatures: feats, langOf: () => 'nl', context: parts.flatMap((p) => corpora[p].segments) });
  const g = new Map();
  const rules = new Map();
  for (const p of parts) {
    for (const s of respondent(p)) {
      const set = new Set([...(gold[p].get(turnOf(s)) ?? [])].filter((c) => leafIds.has(c)).map((c) => idOf.get(c)));
      if (set.size) g.set(s.id, set);
    }
    for (const c of rulesOf(p)) if (c.segmentId) (rules.get(c.segmentId) ?? rules.set(c.segmentId, new Set()).get(c.segmentId)).add(c.code);
  }
  const leafCodes = [...leafIds].map((c) => idOf.get(c)).sort();
  const curve = simulateReview({ segments: segs, suggester, gold: g, codes: leafCodes, threshold: 0.5, order, rules, checkpoints: [0, 10, 20, 30, 50, 100], learn, heldOut: new Set(held.map((s) => s.id)) });
  return { reviewable: reviewedFrom.length, measured: held.length, curve };
}
const reviews = [];
for (const [train, test] of [['A', 'B'], ['B', 'A']]) {
  reviews.push({ design: 'within', train, test, order: 'source', ...simulate({ train, test, design: 'within' }), static: simulate({ train, test, design: 'within', learn: false }).curve });
  reviews.push({ design: 'within', train: null, test, order: 'source', ...simulate({ train: null, test, design: 'within' }), static: simulate({ train: null, test, design: 'within', learn: false }).curve });
  reviews.push({ design: 'within', train: null, test, order: 'uncertain', ...simulate({ train: null, test, design: 'within', order: 'uncertain' }) });
  reviews.push({ design: 'across', train, test, order: 'source', ...simulate({ train, test, design: 'across' }), static: simulate({ train, test, design: 'across', learn: false }).curve });
}

if (asJson) {
  const plain = (t) => ({ micro: t.micro, perCode: Object.fromEntries(t.per) });
  console.log(JSON.stringify({ reconstruction: recon, thesisText: thesis, folds: folds.map((f) => ({ ...f, definitions: plain(f.definitions), shipped: plain(f.shipped), withMechanisms: plain(f.withMechanisms), shippedWithMechanisms: plain(f.shippedWithMechanisms), rules: plain(f.rules), learned: plain(f.learned), both: plain(f.both), mostFrequent: { code: f.mostFrequent.code, ...plain(f.mostFrequent) }, naiveBayes: plain(f.naiveBayes) })), reviews }, null, 2));
} else {
  console.log('(a) legacy inline codes read back vs gold (per turn):');
  for (const r of recon) console.log(`  participant_${r.part}: ${r.equal}/${r.turns} coded turns identical${r.diff.length ? '  DIFF ' + JSON.stringify(r.diff) : ''}`);
  console.log("(a') thesis-text forms: markers read vs gold (with the coder's own codes | built-in codebook only):");
  for (const t of thesis) {
    const w = t.withOwnCodes;
    const b = t.builtinOnly;
    console.log(
      `  ${t.form.padEnd(6)} ${t.source}: ${t.turns} turns; ${w.equal}/${t.gold} markers in the right turn with the right code (read ${w.read}, by spelling ${w.bySpelling}, unknown ${w.unknown}, without label ${w.empty}, on interviewer turns ${w.onInterviewer})` +
        ` | built-in only: found ${b.found}, read ${b.read}, by spelling ${b.bySpelling}, unknown ${b.unknown} (reported), turns ${b.turnsRight ? 'right' : 'WRONG'}` +
        (w.missing.length || w.extra.length ? `  DIFF missing ${JSON.stringify(w.missing)} extra ${JSON.stringify(w.extra)}` : ''),
    );
  }
  const f3 = (x) => x.toFixed(3).padStart(6);
  for (const f of folds) {
    console.log(`\n(b) ${f.train}→${f.test}: rules revised on participant_${f.train} only, learned from participant_${f.train}'s coded document, measured on participant_${f.test} (${f.rules.n} respondent turns; learned threshold ${f.thresholdReason})`);
    console.log('code'.padEnd(26) + 'gold' + '  rules P     R    F1' + '  learned P   R    F1' + '   both P     R    F1');
    for (const c of [...leafIds].sort()) {
      const g = f.rules.per.get(c);
      const goldN = g.tp + g.fn;
      const cells = [f.rules, f.learned, f.both].map((t) => {
        const x = t.per.get(c);
        const m = metrics(x);
        return x.tp + x.fp + x.fn ? `${f3(m.P)}${f3(m.R)}${f3(m.F1)}` : '     —     —     —';
      });
      const x = f.rules.per.get(c);
      if (goldN + x.fp + f.learned.per.get(c).fp + f.both.per.get(c).fp === 0) continue;
      console.log(c.slice(0, 25).padEnd(26) + String(goldN).padStart(4) + '  ' + cells.join('  '));
    }
    const line = (name, t) => console.log(`  ${name.padEnd(34)} P ${f3(t.micro.P)}  R ${f3(t.micro.R)}  F1 ${f3(t.micro.F1)}  κ ${f3(t.micro.kappa)}  (tp ${t.micro.tp}, fp ${t.micro.fp}, fn ${t.micro.fn})`);
    console.log(`  micro over the ${leafIds.size} leaf codes:`);
    line('rules', f.rules);
    line('learned', f.learned);
    line('rules + learned', f.both);
    line(`baseline: most frequent (${f.mostFrequent.code})`, f.mostFrequent);
    line('baseline: word naive Bayes', f.naiveBayes);
    line('rules from the definitions (unrevised)', f.definitions);
    line('shipped rules (IN-SAMPLE: revised on A and B)', f.shipped);
    line('rules + clarifying questions skipped (IN-SAMPLE: seen on A and B)', f.withMechanisms);
    line('shipped rules as qda code runs them (IN-SAMPLE)', f.shippedWithMechanisms);
  }
  console.log('\n(c) simulated review (qda review --simulate): micro-F1 on a fixed set of turns that are never reviewed');
  for (const r of reviews) {
    const what = r.design === 'within'
      ? `within participant_${r.test}: first ${r.reviewable} turns reviewed, last ${r.measured} measured; suggester from the codebook${r.train ? ` + participant_${r.train}'s coded document` : ' alone'}, order ${r.order}`
      : `across: all ${r.reviewable} turns of participant_${r.train} reviewed (suggester from the codebook alone), all ${r.measured} of participant_${r.test} measured`;
    console.log(`  ${what}:`);
    r.curve.forEach((p) => {
      const st = r.static?.find((q) => q.decisions === p.decisions);
      console.log(`    after ${String(p.decisions).padStart(3)} decisions (${String(p.reviewed).padStart(2)} turns reviewed): learned F1 ${f3(p.model.f1)} (P ${p.model.precision.toFixed(2)} R ${p.model.recall.toFixed(2)}), rules + learned F1 ${f3(p.both.f1)}${st ? `; without retraining ${f3(st.model.f1)} / ${f3(st.both.f1)}` : ''}; accepted ${Math.round(p.accepted * 100)}%`);
    });
  }
  // the targets of issue 17 beside what was measured (out of sample only)
  const at = (r, n) => r.curve.filter((p) => p.decisions <= n).at(-1);
  const fold = (t) => folds.find((f) => f.train === t);
  console.log('\nsummary (out of sample; issue 17 targets in brackets):');
  console.log(`  rules              A→B ${f3(fold('A').rules.micro.F1)}  B→A ${f3(fold('B').rules.micro.F1)}   [≥ 0.40 both]`);
  console.log(`  rules + learned    A→B ${f3(fold('A').both.micro.F1)}  B→A ${f3(fold('B').both.micro.F1)}   [≥ 0.45]`);
  console.log(`  learned            A→B ${f3(fold('A').learned.micro.F1)}  B→A ${f3(fold('B').learned.micro.F1)}`);
  console.log(`  baselines          most frequent ${f3(fold('A').mostFrequent.micro.F1)} / ${f3(fold('B').mostFrequent.micro.F1)}, word naive Bayes ${f3(fold('A').naiveBayes.micro.F1)} / ${f3(fold('B').naiveBayes.micro.F1)}`);
  for (const r of reviews.filter((x) => x.order === 'source' && (x.design === 'across' || x.train))) {
    const p = at(r, 50);
    const st = r.static?.filter((q) => q.decisions <= p.decisions).at(-1);
    console.log(`  review ${r.design === 'within' ? `within ${r.test} (from ${r.train})` : `${r.train} reviewed → ${r.test}`}: rules + learned F1 ${f3(r.curve[0].both.f1)} → ${f3(p.both.f1)} after ${p.decisions} decisions${st ? ` (same decisions without retraining ${f3(st.both.f1)})` : ''}   [≥ 0.55 after 50]`);
  }
}
const ok = recon.every((r) => r.diff.length === 0) && thesis.every((t) => !t.withOwnCodes.missing.length && !t.withOwnCodes.extra.length && t.builtinOnly.turnsRight && t.builtinOnly.found === t.gold);
process.exitCode = ok ? 0 : 1;
