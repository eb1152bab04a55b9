import { serializeDecisions, type DecisionsDocument } from './decisions.js';
import { writeFileAtomic } from '../export/write-file-atomic.js';

/** Write the decisions file durably (temp file + fsync + rename). */
export async function writeDecisions(path: string, doc: DecisionsDocument): Promise<void> {
  await writeFileAtomic(path, serializeDecisions(doc));
}
