/**
 * splitParagraphs and splitSentences as they were before they were made faster (issue 16:
 * speed), kept as the reference the faster ones are tested equal to
 * (tests/ingest/sentence-speed-equivalence.test.ts). Not used by the program.
 */
/** Trim whitespace of a UTF-16 range; undefined when empty. */
function trimRange(text: string, a: number, z: number): [number, number] | undefined {
  while (a < z && /\s/.test(text[a])) a++;
  while (z > a && /\s/.test(text[z - 1])) z--;
  return z > a ? [a, z] : undefined;
}

/** Split a UTF-16 range at blank lines (trimmed, non-empty parts). */
export function splitParagraphsRef(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /\r?\n[ \t]*(?:\r?\n[ \t]*)+/g;
  const part = text.slice(from, to);
  let last = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    const r = trimRange(text, from + last, from + m.index);
    if (r) out.push(r);
    last = m.index + m[0].length;
  }
  const r = trimRange(text, from + last, to);
  if (r) out.push(r);
  return out;
}

/** Abbreviations (lower case, without the final dot) that do not end a sentence. */
const ABBREVIATIONS = new Set([
  'bijv', 'bv', 'vb', 'bijvb', 'evt', 'ca', 'circa', 'incl', 'excl', 'zgn', 'resp', 'jl', 'vlg', 'blz', 'nr', 'nrs', 'no', 'art', 'afd', 'gem',
  'mevr', 'mw', 'dhr', 'hr', 'mr', 'mrs', 'ms', 'dr', 'drs', 'ir', 'ing', 'prof', 'st', 'sr', 'jr', 'vs', 'fig', 'tel', 'p', 'pp', 'vgl', 'cf',
  'ong', 'enz', 'etc', 'e', 'i', 'o', 'a', 'm', 'd', 'z', 'n', 't', 'approx', 'dept', 'inc', 'ltd', 'eds', 'vol',
  'feb', 'mrt', 'apr', 'aug', 'sept', 'okt', 'oct', 'nov',
]);

/** Words whose final dot only ends a sentence before a capital when it is not one of these (enz./etc. usually end one). */
const ENDS_OK = new Set(['enz', 'etc']);

/**
 * Split a UTF-16 range (no blank lines inside) into sentences. A boundary is
 * `.`, `!`, `?` or `…` (plus closing quotes/brackets) followed by white space
 * and not by a lower-case letter; a dot after an abbreviation (bijv., o.a.,
 * Mevr., dhr., e.g., i.e.) or an initial (J. de Vries) is not a boundary.
 * Inline coding markers (`{{…}}`) and legacy `Code: …` lines right after a
 * sentence stay with that sentence.
 */
export function splitSentencesRef(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const part = text.slice(from, to);
  const re = /[.!?…]+["'”’»)\]]*(?=\s)/gu;
  let start = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    const punctEnd = m.index + m[0].length;
    // next non-space
    let k = punctEnd;
    while (k < part.length && /\s/.test(part[k])) k++;
    if (k >= part.length) break;
    const next = part[k];
    if (/\p{Ll}/u.test(next)) continue;
    if (m[0][0] === '.' && m[0].replace(/["'”’»)\]]+$/, '') === '.') {
      // single dot: abbreviation or initial?
      let w = m.index;
      while (w > 0 && !/\s/.test(part[w - 1]) && part[w - 1] !== '(') w--;
      const word = part.slice(w, m.index);
      const lw = word.toLowerCase();
      if (ABBREVIATIONS.has(lw) && !ENDS_OK.has(lw)) continue;
      if (/^\p{Lu}$/u.test(word)) continue; // initial
      if (/^(\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(word)) continue; // o.a, d.w.z, e.g, i.e, m.b.t
    }
    let end = punctEnd;
    // attach following markers {{…}} and a legacy "Code: …" line
    let j = k;
    for (;;) {
      if (part.startsWith('{{', j)) {
        const close = part.indexOf('}}', j);
        if (close === -1) break;
        end = close + 2;
        j = end;
        while (j < part.length && /[ \t]/.test(part[j])) j++;
        continue;
      }
      if (/^codes?[ \t]?:[ \t]/i.test(part.slice(j, j + 8))) {
        let e = j;
        while (e < part.length && part[e] !== '\n' && part[e] !== '\r') e++;
        end = e;
      }
      break;
    }
    const r = trimRange(text, from + start, from + end);
    if (r) out.push(r);
    start = end;
    re.lastIndex = Math.max(re.lastIndex, end);
  }
  const r = trimRange(text, from + start, to);
  if (r) out.push(r);
  return out;
}
