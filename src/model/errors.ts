import type { Diagnostic } from './types.js';

/** Bad input (a file, an option, a codebook): the CLI prints the diagnostics and exits 2. */
export class QdaInputError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? (diagnostics as readonly Diagnostic[]) : [diagnostics as Diagnostic];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'QdaInputError';
    this.diagnostics = list;
  }
}

/** Shorthand for a single error diagnostic thrown as input error. */
export function inputError(
  source: string,
  ruleId: string,
  message: string,
  extra: Partial<Omit<Diagnostic, 'severity' | 'source' | 'ruleId' | 'message'>> = {},
): QdaInputError {
  return new QdaInputError({ severity: 'error', source, ruleId, message, ...extra });
}

/**
 * `file:line:col: severity: message [source:ruleId]` and, when present, a `  hint: …` line.
 * Matches the style of compilers so that editors can jump to the place.
 */
export function formatDiagnostic(d: Diagnostic): string {
  let place = d.file ?? '';
  if (d.file && d.line !== undefined) place += `:${d.line}` + (d.column !== undefined ? `:${d.column}` : '');
  if (d.path) place += place ? ` (${d.path})` : d.path;
  const head = `${place ? place + ': ' : ''}${d.severity}: ${d.message} [${d.source}:${d.ruleId}]`;
  const lines = [head];
  if (d.expected && d.expected.length) lines.push(`  did you mean: ${d.expected.join(', ')}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** A sink for warnings; library functions take one instead of logging. */
export type Report = (d: Diagnostic) => void;

export const ignoreReport: Report = () => {};
