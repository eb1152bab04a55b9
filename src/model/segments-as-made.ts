/**
 * Arrays of segments whose ids are known without reading them: in each, the segment at position
 * k has index k and the id `${sourceId}#${k}`, one source for all (Segment is read-only). They are
 * the arrays `segmentSource` returns and those `unpackSegments` (pipeline/wire.ts) makes again on
 * a worker. A writer that knows this need not read or check the ids: each is a string made of
 * pieces, which reading copies into one.
 */
import type { Segment } from './types.js';

const AS_MADE = new WeakSet<readonly Segment[]>();

/** Was `segments` noted as made with the ids `${sourceId}#${k}` (see above)? */
export function idsAsMade(segments: readonly Segment[]): boolean {
  return AS_MADE.has(segments);
}

/** Note that `segments` was made so (only for arrays built that way, by construction). */
export function noteIdsAsMade(segments: readonly Segment[]): void {
  AS_MADE.add(segments);
}
