#!/usr/bin/env node
/**
 * Auto-coding throughput (uses the BUILT dist/): a generated Dutch-like corpus
 * (deterministic PRNG) and a synthetic 2,000-rule codebook (1,800 stemmed
 * keywords, 100 wildcards, 100 two-word phrases), coded at turn level on one
 * thread. Reports MB/s of transcript text (UTF-8 bytes).
 * Usage: node scripts/bench-coding.mjs [MB=20] [RULES=2000]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MB = Number(process.argv[2] ?? 20);
const RULES = Number(process.argv[3] ?? 2000);
const { compileCodebook } = await import(join(root, 'dist/coding/compile-codebook.js'));
const { applyCodebook } = await import(join(root, 'dist/coding/apply-codebook.js'));

let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
// const syl = ['sa', 'men', 'wer', 'king', 'over', 'leg', 'af', 'spraak', 'ge', 'meen', 'te', 'wijk', 'coach', 'team', 'be', 'leid', 'zorg', 'jon', 'ge', 'ren', 'ond', 'er', 'steu', 'ning', 'ië', 'ën', 'vrij', 'wil', 'lig', 'ers', 'heid', 'lijk'];
// words from letters with Dutch-like frequencies (syllable concatenation would turn every
// word into an accidental compound of others)
const letters = 'eeeeeeennnnnaaaaatttrrrrooooiiiidddsssllggvvhhkkmmuubbppwjzcfëï';
const word = () => {
  let w = '';
  const n = 3 + Math.floor(rnd() * 9);
  for (let i = 0; i < n; i++) w += letters[Math.floor(rnd() * letters.length)];
  return w;
};
const vocab = Array.from({ length: 30000 }, word);
const stop = 'de het een en van ik je dat die in is niet op te met voor zijn er maar ook als dan wel nog wat we ze'.split(' ');
const zipf = () => vocab[Math.floor(Math.pow(rnd(), 2.2) * vocab.length)];
const anyWord = () => vocab[Math.floor(rnd() * vocab.length)];

// codebook
const codes = [];
for (let r = 0; r < RULES; r++) {
  const k = r % 20;
  let terms;
  if (r % 20 === 19) terms = [`${anyWord()} ${anyWord()}`];
  else if (r % 20 === 18) terms = [`${anyWord().slice(0, 7)}*`];
  else terms = [anyWord()];
  codes.push({ id: `c${r}`, name: { nl: `c${r}`, en: `c${r}` }, rules: [{ kind: 'keywords', id: `c${r}/r1`, terms: { nl: terms } }] });
  void k;
}
const book = { id: 'bench', name: { nl: 'bench', en: 'bench' }, language: 'nl', codes };

// corpus: sources of ~200 KB, turns of 40–120 words
const sources = [];
const segments = [];
let bytes = 0;
let si = 0;
const target = MB * 1024 * 1024;
while (bytes < target) {
  const id = `s${si++}`;
  let text = '';
  let index = 0;
  while (text.length < 200_000) {
    const n = 40 + Math.floor(rnd() * 80);
    const words = [];
    for (let i = 0; i < n; i++) words.push(rnd() < 0.45 ? stop[Math.floor(rnd() * stop.length)] : zipf());
    const speaker = index % 2 ? 'Interviewer' : 'Respondent';
    const label = `${speaker}: `;
    const body = words.join(' ') + '.';
    const start = text.length + label.length;
    text += label + body;
    segments.push({ id: `${id}#${index}`, sourceId: id, index, unit: 'turn', speaker, role: index % 2 ? 'interviewer' : 'respondent', start, end: start + body.length, text: body, turn: index });
    text += '\n\n';
    index++;
  }
  bytes += Buffer.byteLength(text);
  sources.push({ id, path: `${id}.txt`, kind: 'transcript', format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', language: 'nl', text, length: text.length });
}
const corpus = { sources, segments };
const t0 = performance.now();
const compiled = compileCodebook(book, 'nl');
const t1 = performance.now();
const codings = applyCodebook(corpus, compiled, { speakers: 'all' });
const t2 = performance.now();
const mb = bytes / 1024 / 1024;
console.log(`corpus ${mb.toFixed(1)} MB, ${segments.length} turns, ${RULES} rules (${compiled.terms.length} terms)`);
console.log(`compile ${(t1 - t0).toFixed(0)} ms; code ${(t2 - t1).toFixed(0)} ms → ${(mb / ((t2 - t1) / 1000)).toFixed(1)} MB/s single thread; ${codings.length} codings`);
console.log(`heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`);
