import type { CodingsDocument, Diagnostic } from '../model/types.js';

/**
 * A codings document that holds the warnings of the run that made it (`warnings`: a source read in
 * part, a code kept aside, a label read otherwise): their number and kinds, said again by every
 * command that reads it, since they hold for its numbers too (they were said once, by qda code).
 */
export function documentWarnings(doc: CodingsDocument, file: string): Diagnostic | undefined {
  const ws = (doc.warnings ?? []).filter((d) => d.severity !== 'error');
  if (!ws.length) return undefined;
  const kinds = new Map<string, number>();
  for (const d of ws) kinds.set(d.ruleId, (kinds.get(d.ruleId) ?? 0) + 1);
  const list = [...kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = list.slice(0, 6).map(([k, n]) => `${k} ${n}`).join(', ') + (list.length > 6 ? `, and ${list.length - 6} more kinds` : '');
  return {
    severity: 'info',
    source: 'analysis',
    ruleId: 'document-warnings',
    message: `the document was made with ${ws.length} warning${ws.length === 1 ? '' : 's'} of ${doc.provenance.command ?? 'qda code'} (${shown}): what they say (a passage read otherwise, a code kept aside, a source left out) holds for these numbers too`,
    file,
    path: '/warnings',
    hint: 'read them in the document ("warnings", each with its file, place and fix) or in the report (qda report on the document: section Warnings); fix the sources and code again to change them',
  };
}
