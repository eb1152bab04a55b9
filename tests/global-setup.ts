/**
 * The tests' temporary files go to one folder per run, removed when the run ends: each test makes
 * its own folders with mkdtemp(tmpdir()), and a full run left ≈ 700 of them (and ≈ 1.5 GB) in the
 * system's temporary folder. TMPDIR (TMP and TEMP on Windows) points into the run's folder for the
 * test workers and what they start. QDA_KEEP_TEST_TMP=1 keeps it (its path is printed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'qdakit-tests-'));
  const before = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  process.env.TMPDIR = process.env.TMP = process.env.TEMP = root;
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (process.env.QDA_KEEP_TEST_TMP) console.log(`the tests' temporary files are kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
}
