#!/usr/bin/env node
/**
 * Deterministic generated Dutch-like interview corpus (for benchmarks and load tests).
 * Never real text: words are built from syllables with a seeded PRNG.
 *
 *   node scripts/gen-corpus.mjs --mb 10 [--out DIR] [--file-kb 512] [--seed 1] [--astral] [--single-line]
 *
 * Writes interview-00001.txt … into DIR (default: a new folder under the OS temp dir)
 * and prints the folder. `generateCorpus(opts)` does the same from code and returns
 * { dir, files, bytes }.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function prng(seed = 1) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYL = ['sa', 'men', 'wer', 'king', 'o', 'ver', 'leg', 'af', 'spraak', 'ge', 'meen', 'te', 'wijk', 'coach', 'be', 'leid', 'zorg', 'jon', 'ren', 'steu', 'ning', 'vrij', 'wil', 'lig', 'heid', 'lijk', 'ont', 'moe', 'tin', 'gen', 'ge', 'richt', 'ke', 'ten', 'bu', 'ren', 'hulp', 'ver', 'le', 'ning', 'ca', 'fé', 'ruï', 'ne'];
const STOP = 'de het een en van ik je dat die in is niet op te met voor zijn er maar ook als dan wel nog wat we ze dus gewoon eigenlijk'.split(' ');
const SPEAKERS = ['Interviewer', 'Respondent'];

/** One transcript text of about `bytes` UTF-8 bytes. */
export function generateTranscript(rnd, bytes, { astral = false, singleLine = false } = {}) {
  const vocab = [];
  for (let i = 0; i < 4000; i++) {
    let w = '';
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) w += SYL[Math.floor(rnd() * SYL.length)];
    vocab.push(w);
  }
  const parts = [];
  let size = 0;
  let turn = 0;
  while (size < bytes) {
    const sentences = 1 + Math.floor(rnd() * 5);
    let body = '';
    for (let s = 0; s < sentences; s++) {
      const n = 5 + Math.floor(rnd() * 18);
      const words = [];
      for (let i = 0; i < n; i++) words.push(rnd() < 0.4 ? STOP[Math.floor(rnd() * STOP.length)] : vocab[Math.floor(Math.pow(rnd(), 2) * vocab.length)]);
      if (astral && rnd() < 0.05) words.push('😀');
      let sent = words.join(' ');
      sent = sent[0].toUpperCase() + sent.slice(1) + (rnd() < 0.15 ? '?' : '.');
      // wrapped lines inside a turn now and then
      body += (s ? (!singleLine && rnd() < 0.2 ? '\n' : ' ') : '') + sent;
    }
    const line = `${SPEAKERS[turn % 2]}: ${body}`;
    parts.push(line);
    size += Buffer.byteLength(line) + 2;
    turn++;
  }
  return parts.join(singleLine ? ' ' : '\n\n') + '\n';
}

export function generateCorpus({ mb = 10, out, fileKb = 512, seed = 1, astral = false, singleLine = false } = {}) {
  const dir = out ?? mkdtempSync(join(tmpdir(), 'qda-corpus-'));
  mkdirSync(dir, { recursive: true });
  const rnd = prng(seed);
  const total = Math.round(mb * 1024 * 1024);
  const per = singleLine ? total : fileKb * 1024;
  const files = [];
  let bytes = 0;
  for (let i = 1; bytes < total; i++) {
    const text = generateTranscript(rnd, Math.min(per, total - bytes), { astral, singleLine });
    const f = join(dir, `interview-${String(i).padStart(5, '0')}.txt`);
    writeFileSync(f, text);
    files.push(f);
    bytes += Buffer.byteLength(text);
  }
  return { dir, files, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : def;
  };
  const r = generateCorpus({
    mb: Number(arg('mb', 10)),
    out: arg('out'),
    fileKb: Number(arg('file-kb', 512)),
    seed: Number(arg('seed', 1)),
    astral: process.argv.includes('--astral'),
    singleLine: process.argv.includes('--single-line'),
  });
  console.log(r.dir);
  console.error(`${r.files.length} files, ${(r.bytes / 1048576).toFixed(1)} MB`);
}
