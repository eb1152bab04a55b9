import type { Io } from '../io.js';
import { inputError } from '../../model/errors.js';

const todo = async (_opts: Record<string, unknown>, _io: Io): Promise<number> => {
  throw inputError('cli', 'not-implemented', 'qda refi is not implemented yet');
};
export const runExport = todo;
export const runImport = todo;
