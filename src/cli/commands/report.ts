import type { Io } from '../io.js';
import { inputError } from '../../model/errors.js';

export async function run(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw inputError('cli', 'not-implemented', 'qda report is not implemented yet');
}
