#!/usr/bin/env node
/**
 * Coding quality on the Enschede development transcripts (run with `npm run eval`,
 * uses the BUILT dist/). Three measurements, all at the turn level:
 *  (a) the legacy inline codes (`… text. Code: label`) read back per turn equal the gold CSV;
 *  (a') the same for the thesis-text forms (`thesis-text/raw`: copied from the PDF, and
 *      `thesis-text/joined`: one paragraph per turn): markers read per form vs the gold, with
 *      the built-in codebook plus the gold's labels it lacks (the coder's own codes), and
 *      with the built-in codebook alone (the rest must be reported as unknown);
 *  (b) auto-coding with the built-in `coordination-collaboration` rules vs the human codes:
 *      per code and overall precision, recall, F1 and Cohen's kappa over turn × code presence
 *      on respondent turns;
 *  (c) `--learn-from`: trained on one transcript's human codes, tested on the other.
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
const dist = (p) => import(join(root, 'dist', p));
const { readCorpus } = await dist('ingest/read-corpus.js');
const { readCodebook } = await dist('ingest/read-codebook.js');
const { codeCorpus, codebookCodeRefs, learnAndSuggest, ruleFeatures } = await dist('coding/code-corpus.js');
const { extractHumanCodings } = await dist('coding/human-codings.js');
const { labelKey } = await dist('coding/markers.js');

const parts = ['A', 'B'];
const files = parts.map((p) => join(dataDir, `participant_${p}.txt`));
const warnings = [];
const { corpus } = await readCorpus(files, { cwd: dataDir, unit: 'turn', report: (d) => warnings.push(d) });
const book = await readCodebook('coordination-collaboration', { cwd: root });
const codes = codebookCodeRefs(book);
const leafIds = new Set(book.codes.filter((c) => (c.rules ?? []).length).map((c) => labelKey(c.id)));

/** gold: source → turn (1-based) → Set(label key) */
function readGold() {
  const gold = new Map();
  for (const p of parts) {
    const src = corpus.sources.find((s) => s.path.endsWith(`participant_${p}.txt`));
    const lines = readFileSync(join(dataDir, `participant_${p}.gold.csv`), 'utf8').trim().split(/\r?\n/).slice(1);
    const m = new Map();
    for (const l of lines) {
      const f = l.split(',');
      const turn = Number(f[2]);
      const code = labelKey(f.slice(4).join(','));
      (m.get(turn) ?? m.set(turn, new Set()).get(turn)).add(code);
    }
    gold.set(src.id, m);
  }
  return gold;
}
const gold = readGold();
const turnOf = new Map(corpus.segments.map((s) => [s.id, (s.turn ?? s.index) + 1]));
const perTurn = (codings, keep = () => true) => {
  const out = new Map();
  for (const c of codings) {
    if (!c.segmentId || !keep(c)) continue;
    const m = out.get(c.sourceId) ?? out.set(c.sourceId, new Map()).get(c.sourceId);
    const t = turnOf.get(c.segmentId);
    (m.get(t) ?? m.set(t, new Set()).get(t)).add(labelKey(c.code));
  }
  return out;
};

// (a) legacy inline codes
const human = extractHumanCodings(corpus, codes);
const humanTurns = perTurn(human.codings);
const recon = [];
for (const [src, g] of gold) {
  const h = humanTurns.get(src) ?? new Map();
  let same = 0;
  let diff = [];
  const turns = new Set([...g.keys(), ...h.keys()]);
  for (const t of turns) {
    const a = [...(g.get(t) ?? [])].sort().join('|');
    const b = [...(h.get(t) ?? [])].sort().join('|');
    if (a === b) same++;
    else diff.push({ turn: t, gold: a, read: b });
  }
  recon.push({ source: src, turnsWithCodes: turns.size, equal: same, differences: diff, goldRows: [...g.values()].reduce((n, s) => n + s.size, 0) });
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
    const missing = want.filter((w) => { const i = got.indexOf(w); if (i < 0) return true; got.splice(i, 1); return false; });
    const alone = extractHumanCodings(c, codes);
    const turnsRight = alone.codings.map((x) => turnNo.get(x.segmentId)).sort((a, b) => a - b).join(',') === rows.map((r) => Number(r[2])).sort((a, b) => a - b).join(',');
    thesis.push({ form, source: `participant_${p}`, gold: rows.length, turns: c.segments.length, withOwnCodes: { ...withOwn.markers, equal: want.length - missing.length, missing, extra: got }, builtinOnly: { ...alone.markers, turnsRight } });
  }
}

// metrics
function table(predicted, sourcesIn, codeSet) {
  const respondentTurns = corpus.segments.filter((s) => sourcesIn.includes(s.sourceId) && s.role !== 'interviewer');
  const per = new Map();
  const cell = (c) => per.get(c) ?? per.set(c, { tp: 0, fp: 0, fn: 0, tn: 0 }).get(c);
  for (const s of respondentTurns) {
    const t = turnOf.get(s.id);
    const g = gold.get(s.sourceId)?.get(t) ?? new Set();
    const p = predicted.get(s.sourceId)?.get(t) ?? new Set();
    for (const c of codeSet) {
      const x = cell(c);
      const gi = g.has(c);
      const pi = p.has(c);
      if (gi && pi) x.tp++;
      else if (pi) x.fp++;
      else if (gi) x.fn++;
      else x.tn++;
    }
  }
  const rows = [];
  const tot = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const [c, x] of [...per].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const k of Object.keys(tot)) tot[k] += x[k];
    if (x.tp + x.fp + x.fn === 0) continue;
    rows.push({ code: c, ...metrics(x) });
  }
  return { rows, overall: { code: '(micro, all codes)', ...metrics(tot) }, n: respondentTurns.length };
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
function print(title, t) {
  if (asJson) return;
  console.log(`\n${title} (respondent turns: ${t.n})`);
  console.log('code'.padEnd(28) + 'tp'.padStart(4) + 'fp'.padStart(5) + 'fn'.padStart(5) + 'P'.padStart(7) + 'R'.padStart(7) + 'F1'.padStart(7) + 'kappa'.padStart(8));
  for (const r of [...t.rows, t.overall]) {
    console.log(r.code.slice(0, 27).padEnd(28) + String(r.tp).padStart(4) + String(r.fp).padStart(5) + String(r.fn).padStart(5) + r.P.toFixed(3).padStart(7) + r.R.toFixed(3).padStart(7) + r.F1.toFixed(3).padStart(7) + r.kappa.toFixed(3).padStart(8));
  }
}

// (b) rules
const doc = codeCorpus(corpus, [book], { unit: 'turn', version: 'eval', inline: false });
const rulesTurns = perTurn(doc.codings, (c) => c.coder === 'rules');
const allSources = corpus.sources.map((s) => s.id);
const goldCodes = new Set([...gold.values()].flatMap((m) => [...m.values()].flatMap((s) => [...s])));
const rulesAll = table(rulesTurns, allSources, new Set([...leafIds, ...goldCodes]));
const rulesScheme = table(rulesTurns, allSources, leafIds);

// (c) learn-from: train on one, test on the other
const learn = [];
for (const [train, test] of [[0, 1], [1, 0]]) {
  const trainId = corpus.sources[train].id;
  const testId = corpus.sources[test].id;
  // as `qda code --learn-from`: threshold and L2 chosen on the training transcript, rules' codes as features
  const res = learnAndSuggest(corpus, human.codings.filter((c) => c.sourceId === trainId), { ruleFeatures: ruleFeatures(doc.codings) });
  const pred = perTurn(res.codings);
  const learned = new Set(res.quality.perCode.map((q) => labelKey(q.code)));
  const codeSet = new Set([...goldCodes]);
  learn.push({ train: trainId, test: testId, learnedCodes: learned.size, table: table(pred, [testId], codeSet), heldOut: res.quality.micro, threshold: res.quality.chosenThreshold ?? res.quality.threshold });
}

if (asJson) {
  console.log(JSON.stringify({ reconstruction: recon, thesisText: thesis, rules: { schemeCodes: rulesScheme, allGoldCodes: rulesAll }, learn }, null, 2));
} else {
  console.log('(a) legacy inline codes read back vs gold (per turn):');
  for (const r of recon) {
    console.log(`  ${r.source}: ${r.equal}/${r.turnsWithCodes} coded turns identical (${r.goldRows} gold rows)${r.differences.length ? '  DIFF ' + JSON.stringify(r.differences) : ''}`);
  }
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
  print('(b) rules coordination-collaboration vs human, codes of the scheme', rulesScheme);
  console.log(`    with the coder's inductive codes too: P ${rulesAll.overall.P} R ${rulesAll.overall.R} F1 ${rulesAll.overall.F1} kappa ${rulesAll.overall.kappa}`);
  for (const l of learn) {
    print(`(c) --learn-from ${l.train} → tested on ${l.test} (${l.learnedCodes} codes learnable)`, l.table);
    console.log(`    threshold ${l.threshold} chosen on ${l.train} by cross-validated F1 (CV estimate there: P ${l.heldOut.precision} R ${l.heldOut.recall} F1 ${l.heldOut.f1})`);
  }
}
const ok = recon.every((r) => r.differences.length === 0) && thesis.every((t) => !t.withOwnCodes.missing.length && !t.withOwnCodes.extra.length && t.builtinOnly.turnsRight && t.builtinOnly.found === t.gold);
process.exitCode = ok ? 0 : 1;
