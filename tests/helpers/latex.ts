/**
 * Compile a LaTeX fragment in a tiny document with a real TeX engine, when one is installed
 * (`.ci/run` installs texlive-latex-base and -recommended). Returns undefined when no engine is
 * on PATH, so that the caller can skip with a message; throws with the end of the log when the
 * fragment does not compile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function texEngine(): string | undefined {
  return ['pdflatex', 'lualatex'].find((e) => {
    try {
      execFileSync(e, ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

export const NO_TEX = 'no pdflatex/lualatex on PATH: LaTeX compile check skipped (.ci/run installs texlive; the structure is checked separately)';

export function compileLatex(fragment: string): boolean | undefined {
  const engine = texEngine();
  if (!engine) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'qda-tex-'));
  try {
    writeFileSync(join(dir, 'body.tex'), fragment);
    writeFileSync(
      join(dir, 'doc.tex'),
      '\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\usepackage{textcomp}\\usepackage{longtable,booktabs,array}\n' +
        '\\begin{document}\\input{body}\\end{document}\n',
    );
    try {
      execFileSync(engine, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
    } catch {
      const log = readFileSync(join(dir, 'doc.log'), 'utf8');
      throw new Error(`LaTeX did not compile:\n${log.split('\n').filter((l) => l.startsWith('!') || l.startsWith('l.')).slice(0, 10).join('\n')}`);
    }
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
