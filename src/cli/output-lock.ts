/**
 * A lock beside a file that a command holds while it may write it (`FILE.qda-lock`, holding the
 * process id and the command): two runs at once on one file stop the second (exit 2) instead of
 * each writing over the other. `qda review` holds it on its decisions file (each review held its
 * decisions in memory and wrote them whole: two at once each wrote over the other's decisions),
 * `qda code -o FILE` on its output (the guard of human codings of one run put the old file back
 * over the other's new output, whose "→ FILE" line was then untrue).
 *
 * A lock whose process is gone (killed, the machine off) is taken over, and that is said with its
 * process id and the command that left it.
 */
import * as fs from 'node:fs/promises';
import type { Diagnostic } from '../model/types.js';
import { inputError, type QdaInputError } from '../model/errors.js';
import { alive } from '../export/write-file-atomic.js';

export interface LockOptions {
  /** The command that takes it (`qda review`, `qda code`): written into the lock, named to the other. */
  readonly command: string;
  /** The error when a live process holds it (`pid`: its id, `by`: its command, when the lock names one). */
  readonly inUse: (pid: number | undefined, by: string | undefined) => QdaInputError;
  /** Where the lock of a process that is gone, taken over, is said. */
  readonly report: (d: Diagnostic) => void;
}

/** The lock's path beside `path`. */
export const lockPath = (path: string): string => `${path}.qda-lock`;

/**
 * Take the lock beside `path` (`shown`: how messages name it); returns its release (which
 * removes it only while it is still this process's). Where no lock can be made (no right to
 * write there) nothing is held: the write itself will say what is wrong.
 */
export async function lockBeside(path: string, shown: string, opts: LockOptions): Promise<() => Promise<void>> {
  const lock = lockPath(path);
  for (let tries = 0; ; tries++) {
    try {
      await fs.writeFile(lock, `${process.pid} ${opts.command}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return async () => {};
      const held = await fs.readFile(lock, 'utf8').catch(() => '');
      const m = /^\s*(\d+)[ \t]*([^\n]*)/.exec(held);
      const pid = m ? Number(m[1]) : undefined;
      const by = m?.[2].trim() || undefined;
      const live = !!pid && Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid);
      if (tries < 2 && !live) {
        await fs.rm(lock, { force: true });
        opts.report({
          severity: 'info',
          source: 'cli',
          ruleId: 'lock-taken-over',
          message: pid
            ? `${shown}.qda-lock was left by ${by ?? 'a qda run'} (process ${pid}) that is no longer running (stopped or killed before it finished): taken over (${shown} holds what that run saved last, if anything)`
            : `${shown}.qda-lock names no process (${held.trim() ? `"${held.trim().slice(0, 40)}"` : 'it is empty'}): taken over`,
          file: shown,
          hint: `if that run is in fact still running (on another computer sharing this folder), stop this one: both would write ${shown}`,
        });
        continue;
      }
      throw opts.inUse(live ? pid : undefined, by);
    }
  }
  return async () => {
    // (only our own lock: not one another run took over after ours was deleted by hand)
    const held = await fs.readFile(lock, 'utf8').catch(() => '');
    if (Number(/^\s*(\d+)/.exec(held)?.[1]) === process.pid) await fs.rm(lock, { force: true }).catch(() => {});
  };
}

/** The error of `qda code -o FILE` while another run writes FILE. */
export function outputInUse(shown: string, pid: number | undefined, by: string | undefined): QdaInputError {
  return inputError('cli', 'output-in-use', `another ${by ?? 'qda run'} (process ${pid ?? '?'}) is writing ${shown} now: two runs at once on one output would each write over the other's (and one keeping the file as it was would put the old one back over the other's new one); nothing was written`, {
    file: shown,
    hint: `wait until that run has finished, or write this one elsewhere (-o OTHER); if no qda run is writing it, delete ${shown}.qda-lock`,
  });
}
