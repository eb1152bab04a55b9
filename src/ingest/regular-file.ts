import { stat } from 'node:fs/promises';
import { inputError } from '../model/errors.js';

/**
 * What a path is when it is neither a regular file nor a folder (a named pipe, a device, a
 * socket), for messages; undefined for a regular file, a folder or a path that is not there.
 * Follows symbolic links (`interview.txt → /dev/zero` is a device).
 */
export async function specialFileKind(full: string): Promise<string | undefined> {
  const st = await stat(full).catch(() => undefined);
  if (!st || st.isFile() || st.isDirectory()) return undefined;
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Refuse a named pipe, device or socket given as an input, before it is opened: reading a
 * pipe with no writer blocks forever, and a device like /dev/zero never ends (it filled the
 * memory until the process aborted). Exit 2 naming the file.
 */
export async function refuseSpecialFile(full: string, shown: string, source = 'ingest'): Promise<void> {
  const kind = await specialFileKind(full);
  if (!kind) return;
  throw inputError(source, 'not-a-regular-file', `this is ${kind}, not a regular file; qdakit reads its inputs only from regular files (a pipe may block for ever, a device may never end)`, {
    file: shown,
    hint: 'save the data to a file first (e.g. `cat … > interview.txt`) and give that file',
  });
}
