import type { Lang } from '../model/types.js';
import type { MarkerAccounting } from '../coding/human-codings.js';

/**
 * The accounting of the markers' code labels (issue 14), one line, in the run's language:
 * found = read + resolved by spelling + by alias + unknown + without a label + read as text, summed over the
 * sources; nothing when no marker was found. `prefix` starts the line (e.g. `qda code: `).
 */
export function markerSummary(a: MarkerAccounting, opts: { lang?: Lang; prefix?: string } = {}): string {
  if (!a.found) return '';
  const nl = opts.lang === 'nl';
  const parts = nl
    ? [`${a.read} gelezen`, `${a.bySpelling} herkend aan de spelling`, `${a.byAlias} via een alias`, `${a.unknown} onbekend (bewaard als ongecategoriseerde codes)`]
    : [`${a.read} read`, `${a.bySpelling} resolved by spelling`, `${a.byAlias} by alias`, `${a.unknown} unknown (kept as uncategorised codes)`];
  if (a.empty) parts.push(nl ? `${a.empty} zonder label (niets gecodeerd)` : `${a.empty} without a label (nothing coded)`);
  if (a.asText) parts.push(nl ? `${a.asText} tussen aanhalingstekens zonder code gelezen als tekst (een sjabloonveld; niets gecodeerd)` : `${a.asText} inside quotation marks naming no code read as text (a template field; nothing coded)`);
  const extra: string[] = [];
  if (a.onInterviewer) extra.push(nl ? `${a.onInterviewer} op beurten van de interviewer (bewaard; niet in de maten per respondent)` : `${a.onInterviewer} on interviewer turns (kept; not in respondent measures)`);
  if (a.outside) extra.push(nl ? `${a.outside} buiten elke beurt (bewaard zonder segment)` : `${a.outside} outside every turn (kept without a segment)`);
  const head = nl ? `markeringen: ${a.found} codelabel${a.found === 1 ? '' : 's'} gevonden` : `markers: ${a.found} code label${a.found === 1 ? '' : 's'} found`;
  return `${opts.prefix ?? ''}${head}: ${parts.join(', ')}${extra.length ? `; ${extra.join('; ')}` : ''}\n`;
}
