import { serializeDecisions, type DecisionsDocument } from '../review/decisions.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Write the decisions file durably (temp file + fsync + rename). */
export async function writeDecisions(path: string, doc: DecisionsDocument): Promise<void> {
  await writeFileAtomic(path, serializeDecisions(doc));
}
