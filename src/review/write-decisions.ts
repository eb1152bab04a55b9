import { serializeDecisions, type DecisionsDocument } from './decisions.js';
import { writeFileAtomic, type AtomicWriteOptions } from '../export/write-file-atomic.js';

/** Write the decisions file durably (temp file + fsync + rename; `write`: e.g. a WriteTransaction's, to undo it with a source). */
export async function writeDecisions(
  path: string,
  doc: DecisionsDocument,
  write: (path: string, data: string, opts: AtomicWriteOptions) => Promise<void> = writeFileAtomic,
  shown?: string,
): Promise<void> {
  await write(path, serializeDecisions(doc), shown ? { shown } : {});
}
