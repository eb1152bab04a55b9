/**
 * Finding inline human-coding markers in a text (pure). Two syntaxes:
 *
 * - qdakit markers: `{{code-id}}`, `{{code-a, code-b}}`, `{{code @anna}}`,
 *   `{{code | memo}}`, and `[[exact words]]{{code}}` for an exact span.
 * - the legacy thesis form `… coded text. Code: label …`: the label is the run of
 *   words after `Code:` that starts with a lower-case letter or digit; it ends at
 *   the first word that starts with a capital (the next sentence), at
 *   punctuation other than `-`, at a line end, or at another `Code:`. When a set
 *   of known labels is given, the longest known label that is a word-prefix of
 *   the run wins (`Code: interaction en dan …` → `interaction`).
 *
 * All offsets are UTF-16 indices into the text given.
 */

export interface Marker {
  readonly kind: 'curly' | 'legacy';
  /** Marker text span (UTF-16, half-open). For `[[…]]{{…}}` it starts at `{{`. */
  readonly start: number;
  readonly end: number;
  /** The marker as written. */
  readonly text: string;
  /** Code labels as written (ids or names). */
  readonly labels: readonly string[];
  readonly coder?: string;
  readonly memo?: string;
  /** For `[[…]]{{…}}`: the bracketed span (inside the brackets). */
  readonly exact?: readonly [number, number];
  /** For `[[…]]{{…}}`: the `[[` and `]]` positions, to mask them. */
  readonly brackets?: readonly [number, number];
}

const CURLY = /\{\{([^{}\n]*)\}\}/g;
const LEGACY = /(?<![\p{L}\p{N}])Code:[ \t]+/gu;
const LABEL_WORD = /^[\p{Ll}\p{N}][\p{L}\p{N}'’]*(?:-[\p{L}\p{N}'’]+)*/u;
const MAX_LABEL_WORDS = 4;

/** Normalised key for comparing labels: lower case, `_`/spaces → `-`. */
export function labelKey(label: string): string {
  return label.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** Quick test before the full scan. */
export function mayHaveMarkers(text: string): boolean {
  return text.includes('{{') || text.includes('Code:');
}

export function findMarkers(text: string, knownLabels?: ReadonlySet<string>): Marker[] {
  const out: Marker[] = [];
  if (text.includes('{{')) {
    CURLY.lastIndex = 0;
    for (let m = CURLY.exec(text); m; m = CURLY.exec(text)) {
      let body = m[1];
      let memo: string | undefined;
      const bar = body.indexOf('|');
      if (bar >= 0) {
        memo = body.slice(bar + 1).trim() || undefined;
        body = body.slice(0, bar);
      }
      let coder: string | undefined;
      body = body.replace(/@([^\s,@]+)/g, (_, name: string) => {
        coder = name;
        return '';
      });
      const labels = body.split(',').map((s) => s.trim()).filter(Boolean);
      let exact: [number, number] | undefined;
      let brackets: [number, number] | undefined;
      if (text.startsWith(']]', m.index - 2)) {
        const open = text.lastIndexOf('[[', m.index - 2);
        const prevClose = text.lastIndexOf(']]', m.index - 3);
        if (open >= 0 && prevClose < open) {
          exact = [open + 2, m.index - 2];
          brackets = [open, m.index - 2];
        }
      }
      out.push({
        kind: 'curly',
        start: m.index,
        end: m.index + m[0].length,
        text: m[0],
        labels,
        ...(coder ? { coder } : {}),
        ...(memo ? { memo } : {}),
        ...(exact ? { exact, brackets } : {}),
      });
    }
  }
  if (text.includes('Code:')) {
    LEGACY.lastIndex = 0;
    for (let m = LEGACY.exec(text); m; m = LEGACY.exec(text)) {
      const labelStart = m.index + m[0].length;
      // collect candidate words
      const words: Array<{ end: number; text: string }> = [];
      let pos = labelStart;
      while (words.length < MAX_LABEL_WORDS) {
        const w = LABEL_WORD.exec(text.slice(pos, pos + 80));
        if (!w) break;
        if (w[0] === 'code' && text.startsWith('Code:', pos)) break;
        words.push({ end: pos + w[0].length, text: w[0] });
        pos += w[0].length;
        // only a single space or tab continues a label
        const sp = /^[ \t]+/.exec(text.slice(pos, pos + 8));
        if (!sp) break;
        const next = text.slice(pos + sp[0].length, pos + sp[0].length + 6);
        if (!/^[\p{Ll}\p{N}]/u.test(next) || next.startsWith('Code:')) break;
        pos += sp[0].length;
      }
      if (!words.length) continue;
      let n = words.length;
      if (knownLabels && knownLabels.size) {
        for (let k = words.length; k >= 1; k--) {
          const label = text.slice(labelStart, words[k - 1].end);
          if (knownLabels.has(labelKey(label))) {
            n = k;
            break;
          }
          if (k === 1) n = unknownLength(words);
        }
      } else n = unknownLength(words);
      const end = words[n - 1].end;
      const label = text.slice(labelStart, end);
      out.push({ kind: 'legacy', start: m.index, end, text: text.slice(m.index, end), labels: [label] });
      LEGACY.lastIndex = end;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Without a known label: a label runs to the end of the lower-case run only
 * when that run ends the line/turn or is followed by a capital (a sentence
 * start); otherwise (lower-case speech continues) only the first word is taken.
 */
function unknownLength(words: ReadonlyArray<{ end: number; text: string }>): number {
  return words.length;
}

/** UTF-16 ranges to hide from auto-coding: marker texts and `[[`/`]]` brackets. */
export function markerMask(markers: readonly Marker[]): Array<[number, number]> {
  const mask: Array<[number, number]> = [];
  for (const m of markers) {
    mask.push([m.start, m.end]);
    if (m.brackets) {
      mask.push([m.brackets[0], m.brackets[0] + 2]);
      mask.push([m.brackets[1], m.brackets[1] + 2]);
    }
  }
  return mask;
}
