import type { TimeSpan } from '../model/types.js';
import { cpLength } from '../model/codepoints.js';
import type { Block } from './parse-blocks.js';

export interface Cue {
  readonly id?: string;
  /** Seconds. */
  readonly start: number;
  readonly end: number;
  readonly speaker: string | null;
  readonly text: string;
  /** 1-based line of the timestamp line in the file. */
  readonly line: number;
}

const TIME = String.raw`((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})`;
const TIMING = new RegExp(String.raw`^\s*${TIME}\s*-->\s*${TIME}`);

function seconds(s: string): number {
  const [main, frac = '0'] = s.split(/[.,]/);
  const p = main.split(':').map(Number);
  const sec = p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : p[0] * 60 + p[1];
  return Math.round((sec + Number(`0.${frac}`)) * 1000) / 1000;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '', rlm: '' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * Parse WebVTT or SRT text (BOM and CRLF tolerated): cues with times, the
 * speaker from `<v Name>` or a leading `Name:`, tags stripped and the basic
 * entities decoded. Cue ids (numbers, Teams `GUID/12-0`) are kept; NOTE,
 * STYLE and REGION blocks are skipped.
 */
export function parseSubtitles(raw: string): Cue[] {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const cues: Cue[] = [];
  let i = 0;
  while (i < lines.length) {
    // gather a block of non-blank lines
    while (i < lines.length && lines[i].trim() === '') i++;
    const blockStart = i;
    while (i < lines.length && lines[i].trim() !== '') i++;
    const block = lines.slice(blockStart, i);
    if (block.length === 0) continue;
    const t = block.findIndex((l) => TIMING.test(l));
    if (t === -1 || t > 1) continue; // header (WEBVTT …), NOTE, STYLE, REGION
    const m = TIMING.exec(block[t])!;
    const id = t === 1 ? block[0].trim() : undefined;
    let speaker: string | null = null;
    const parts: string[] = [];
    for (const l of block.slice(t + 1)) {
      const v = /<v(?:\.[^\s>]+)*\s+([^>]+)>/.exec(l);
      if (v && speaker === null) speaker = decodeEntities(v[1].trim());
      const clean = decodeEntities(l.replace(/<[^>]*>/g, '')).trim();
      if (clean) parts.push(clean);
    }
    let body = parts.join(' ');
    if (speaker === null) {
      const n = /^([\p{Lu}][\p{L}\p{M}\p{N} .'’\-()]{0,39}?)\s*:\s+/u.exec(body);
      if (n && n[1].trim().split(/\s+/).length <= 4) {
        speaker = n[1].trim();
        body = body.slice(n[0].length);
      }
    }
    cues.push({ ...(id ? { id } : {}), start: seconds(m[1]), end: seconds(m[2]), speaker, text: body, line: blockStart + t + 1 });
  }
  return cues;
}

/**
 * The readable transcript derived from cues, which becomes Source.text of a
 * subtitle file: consecutive cues of one speaker merge into one turn, written
 * as a line `Name: text` (or `text` without a speaker), turns separated by a
 * blank line, LF newlines. Blocks index that derived text; time = first cue
 * start .. last cue end.
 */
export function subtitlesToTranscript(cues: readonly Cue[]): { text: string; blocks: Block[] } {
  interface Turn {
    speaker: string | null;
    texts: string[];
    time: TimeSpan;
  }
  const turns: Turn[] = [];
  for (const c of cues) {
    if (!c.text) continue;
    const last = turns[turns.length - 1];
    if (last && c.speaker !== null && last.speaker === c.speaker) {
      last.texts.push(c.text);
      last.time = { start: last.time.start, end: c.end };
    } else turns.push({ speaker: c.speaker, texts: [c.text], time: { start: c.start, end: c.end } });
  }
  let text = '';
  let cp = 0;
  const blocks: Block[] = [];
  for (const t of turns) {
    if (text) {
      text += '\n\n';
      cp += 2;
    }
    const prefix = t.speaker !== null ? `${t.speaker}: ` : '';
    const body = t.texts.join(' ');
    const start = cp + cpLength(prefix);
    const end = start + cpLength(body);
    text += prefix + body;
    cp = end;
    blocks.push({ start, end, speaker: t.speaker, time: t.time });
  }
  return { text, blocks };
}
