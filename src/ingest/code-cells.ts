/**
 * A code cell of a codings table that names several codes (`samenwerking; vertrouwen`, `a, b`, two
 * lines in one cell): it was kept as one code of that whole name, in no codebook, and the codes it
 * names went uncounted. Read as one coding of each code it names when each is a known code (a code
 * of the codebooks, or one the file names on a row of its own), and said
 * (`several-codes-in-cell`); kept as one code and said when some part is no known code.
 */
import type { Coding, Diagnostic } from '../model/types.js';
import { carryPlace, codingPlace } from './coding-places.js';

/** The codes a code cell names when it names several (split at `;`, `,`, `|` and line breaks); undefined for one. */
export function codeCellParts(cell: string): string[] | undefined {
  if (!/[;,|\r\n]/.test(cell)) return undefined;
  const parts = cell
    .split(/[;,|\r\n]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length >= 2 ? parts : undefined;
}

/**
 * The codings with each coding whose code names several known codes (`known(part)`; the whole code
 * not `isCode`) replaced by one coding of each (its place carried), and what is said: those split,
 * and those kept whole because some part is not known (with the parts that are not).
 * `what` names the known codes in the message ("codes of the codebooks", "codes of this file").
 */
export function splitCodeCells(
  codings: readonly Coding[],
  isCode: (code: string) => boolean,
  known: (part: string) => boolean,
  at: { readonly file?: string; readonly source: Diagnostic['source']; readonly what: string; /** say a cell kept whole only when some part of it is known (a code name with a comma of one's own is no mistake) */ readonly keptIfPartKnown?: boolean },
): { codings: Coding[]; said?: Diagnostic; kept?: Diagnostic; split: Set<string> } {
  const verdict = new Map<string, { parts: string[]; unknown: string[] } | null>();
  const of = (code: string) => {
    let v = verdict.get(code);
    if (v === undefined) {
      const parts = isCode(code) ? undefined : codeCellParts(code);
      v = parts ? { parts, unknown: parts.filter((p) => !known(p)) } : null;
      verdict.set(code, v);
    }
    return v;
  };
  let any = false;
  for (const c of codings) if (of(c.code)) any = true;
  if (!any) return { codings: codings as Coding[], split: new Set() };
  const ids = new Set(codings.map((c) => c.id));
  const out: Coding[] = [];
  const split = new Map<string, { n: number; lines: number[] }>();
  const kept = new Map<string, { n: number; lines: number[]; unknown: string[] }>();
  const lineOf = (c: Coding) => codingPlace(c)?.line;
  for (const c of codings) {
    const v = of(c.code);
    if (!v) {
      out.push(c);
      continue;
    }
    const line = lineOf(c);
    if (v.unknown.length) {
      if (at.keptIfPartKnown && v.unknown.length === v.parts.length) {
        out.push(c);
        continue;
      }
      const k = kept.get(c.code) ?? kept.set(c.code, { n: 0, lines: [], unknown: v.unknown }).get(c.code)!;
      k.n++;
      if (line !== undefined) k.lines.push(line);
      out.push(c);
      continue;
    }
    const s = split.get(c.code) ?? split.set(c.code, { n: 0, lines: [] }).get(c.code)!;
    s.n++;
    if (line !== undefined) s.lines.push(line);
    for (const part of v.parts) {
      let id = c.id.includes(`:${c.code}:`) ? c.id.replace(`:${c.code}:`, `:${part}:`) : `${c.id}:${part}`;
      for (let k = 2; ids.has(id); k++) id = `${id.replace(/#\d+$/, '')}#${k}`;
      ids.add(id);
      out.push(carryPlace(c, { ...c, id, code: part }));
    }
  }
  const where = (lines: number[], n: number) => (lines.length ? `line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 6).join(', ')}${lines.length > 6 ? ', …' : ''}` : `${n} coding${n === 1 ? '' : 's'}`);
  const firstLine = (m: Map<string, { lines: number[] }>) => [...m.values()].flatMap((x) => x.lines).sort((a, b) => a - b)[0];
  let said: Diagnostic | undefined;
  let kept1: Diagnostic | undefined;
  if (split.size) {
    const rows = [...split.values()].reduce((a, x) => a + x.n, 0);
    const line = firstLine(split);
    said = {
      severity: 'warning',
      source: at.source,
      ruleId: 'several-codes-in-cell',
      message: `${rows} coding${rows === 1 ? '' : 's'} name${rows === 1 ? 's' : ''} several ${at.what} in one code cell: ${[...split]
        .slice(0, 6)
        .map(([code, x]) => `"${code.replace(/\r?\n/g, '⏎')}" (${where(x.lines, x.n)})`)
        .join(', ')}${split.size > 6 ? ', …' : ''}; each is read as one coding of each code it names, as one row per code would be (it was one code of that whole name, in no codebook)`,
      ...(at.file ? { file: at.file } : {}),
      ...(line !== undefined ? { line } : {}),
      hint: 'nothing to do if each code was meant; to silence this, write one code a row (the same source and segment on each)',
    };
  }
  if (kept.size) {
    const rows = [...kept.values()].reduce((a, x) => a + x.n, 0);
    const line = firstLine(kept);
    kept1 = {
      severity: 'warning',
      source: at.source,
      ruleId: 'several-codes-in-cell',
      message: `${rows} coding${rows === 1 ? '' : 's'} seem${rows === 1 ? 's' : ''} to name several codes in one code cell, but not each part is one of the ${at.what}: ${[...kept]
        .slice(0, 6)
        .map(([code, x]) => `"${code.replace(/\r?\n/g, '⏎')}" (${where(x.lines, x.n)}; no code: ${x.unknown.map((u) => `"${u}"`).join(', ')})`)
        .join(', ')}${kept.size > 6 ? ', …' : ''}; each cell is kept as one code of that whole name`,
      ...(at.file ? { file: at.file } : {}),
      ...(line !== undefined ? { line } : {}),
      hint: 'write one code a row (the same source and segment on each), with each code as the codebook has it; if the whole is the name of one code, add it to the codebook',
    };
  }
  return { codings: out, ...(said ? { said } : {}), ...(kept1 ? { kept: kept1 } : {}), split: new Set(split.keys()) };
}
