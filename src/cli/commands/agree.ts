import type { Io } from '../io.js';
import { emitTables } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, fileStem, readCodingsChecked, strList } from './analysis-common.js';

/** `qda agree CODINGS... [--unit segment|source] [--coders A,B]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, Array.isArray(opts.codings) ? opts.codings : [opts.codings]);
  checkTableOut(opts.format, opts.out, io);
  const files = strList(opts.codings) ?? [];
  const docs = [];
  for (const f of files) docs.push(await readCodingsChecked(f, io));
  if (files.length > 1) await warnTurnVsSegment(files, io);
  // names from the file names, made unique
  const stems = files.map(fileStem);
  const names = stems.map((s, i) => (stems.indexOf(s) !== i || stems.lastIndexOf(s) !== i ? `${s}(${i + 1})` : s));
  const { computeAgreement } = await import('../../analysis/agreement.js');
  const r = computeAgreement(docs.length === 1 ? docs[0] : docs, {
    unit: (opts.unit as 'segment' | 'source') ?? 'segment',
    coders: strList(opts.coders),
    names,
    files,
    lang,
  });
  const { formatDiagnostic } = await import('../../model/errors.js');
  for (const d of r.diagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
  await emitTables(io, r.tables, { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}

/**
 * How a file numbers the passages it codes: a codings document and a CSV with a `segment` column
 * count segments from 0; a CSV with only a `turn` column counts turns from 1 (as `qda code
 * --codings` reads it). Both are read as one segment number, so turn 3 of one file would be
 * compared with segment 3 of the other: the passage after it. Said, with the files and the fix.
 */
async function warnTurnVsSegment(files: readonly string[], io: Io): Promise<void> {
  const { open } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const numbering = async (file: string): Promise<'turn' | 'segment' | 'none'> => {
    const fh = await open(resolve(io.cwd, file), 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      // (a table in UTF-16 with its byte order mark, Excel's "Unicode text", is read as the codings reader reads it)
      const b = buf.subarray(0, bytesRead & ~1);
      const head = (b[0] === 0xff && b[1] === 0xfe ? new TextDecoder('utf-16le').decode(b) : b[0] === 0xfe && b[1] === 0xff ? new TextDecoder('utf-16be').decode(b) : buf.subarray(0, bytesRead).toString('utf8')).replace(/^\uFEFF/, '');
      if (/^\s*[{[]/.test(head)) return 'segment';
      // (the header's line: below Excel's `sep=;` line or a title, as the codings reader finds it; the
      // first line was taken, and such a file numbered "none": turn 3 of the other file was compared
      // with segment 3 of this one without a word)
      const lines = head.split(/\r?\n/, 7).map((l) => l.toLowerCase().split(/[,;\t]/).map((h) => h.trim().replace(/^"|"$/g, '').trim()));
      const cols = lines.find((c) => c.includes('code') || c.includes('label') || c.includes('source') || c.includes('bron')) ?? lines[0];
      if (cols.includes('segment') || cols.includes('segment_index')) return 'segment';
      return cols.includes('turn') ? 'turn' : 'none';
    } finally {
      await fh.close();
    }
  };
  const kinds = await Promise.all(files.map(numbering));
  const turn = files.filter((_, i) => kinds[i] === 'turn');
  const seg = files.filter((_, i) => kinds[i] === 'segment');
  if (!turn.length || !seg.length) return;
  const { formatDiagnostic } = await import('../../model/errors.js');
  io.stderr.write(
    formatDiagnostic({
      severity: 'warning',
      source: 'cli',
      ruleId: 'turn-vs-segment',
      message: `${turn.join(', ')} number${turn.length === 1 ? 's' : ''} the passages by "turn" (from 1 in \`qda code --codings\`), ${seg.join(', ')} by segment (from 0); they are compared number for number, so if the turns count from 1 every coding is compared with the passage before it`,
      file: turn[0],
      hint: 'number every file the same way: rename the turn column to "segment" and subtract 1 if turns count from 1, or compare documents written by `qda code --codings FILE` (which places turns on segments)',
    }) + '\n',
  );
}
