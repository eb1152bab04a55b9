/**
 * The environment of the benchmarks' runs. NODE_EXTRA_CA_CERTS (set on some managed machines
 * and build boxes, not on a researcher's laptop) makes every node process read and parse that
 * certificate bundle when it starts, before any of qda's code runs (36 ms a start on the machine
 * this was written on: 2 % of the realistic run, and none of it qda's). The runs go without it,
 * the cost is measured and said (`certsNote`); --env-as-is keeps it.
 */
import { spawnSync } from 'node:child_process';

export const envAsIs = process.argv.includes('--env-as-is');
export const runEnv = { ...process.env };
if (runEnv.NODE_EXTRA_CA_CERTS && !envAsIs) delete runEnv.NODE_EXTRA_CA_CERTS;

/** A line on NODE_EXTRA_CA_CERTS and what it costs a node start here (medians of 9 of `node -e 0`), or undefined when it is not set. */
export function certsNote() {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const time = (env) => {
    const xs = [];
    for (let i = 0; i < 9; i++) {
      const t0 = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
      xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return xs.sort((a, b) => a - b)[4];
  };
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const a = time(process.env);
  const b = time(without);
  const cost = `+${(a - b).toFixed(0)} ms (node -e 0: ${a.toFixed(0)} ms with it, ${b.toFixed(0)} ms without; medians of 9)`;
  return envAsIs
    ? `# NODE_EXTRA_CA_CERTS is set: every node start here reads that certificate bundle first, ${cost}; kept in the runs below (--env-as-is)`
    : `# NODE_EXTRA_CA_CERTS is set on this machine: every node start reads that certificate bundle first, ${cost}; the runs below go without it, as on a machine without that setting (--env-as-is keeps it)`;
}
