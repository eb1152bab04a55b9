/**
 * An alias file for `qda code --aliases FILE`: a CSV with the columns `label,code`
 * (a header row is optional; `,` `;` or tab; any encoding qdakit reads), one line
 * per label a researcher wrote in their markers and the code it stands for:
 *
 *     label,code
 *     allignment,aligning
 *     systemen,systems
 *
 * Reading only: the entries are checked against the codes in use by
 * `checkAliasEntries` (coding/label-resolver.ts).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inputError, type Report } from '../model/errors.js';
import { decodeBytes } from './decode.js';
import { parseCsvRecords } from './csv-records.js';
import type { AliasEntry } from '../coding/label-resolver.js';
import { refuseSpecialFile } from './regular-file.js';

const HEADER_LABEL = new Set(['label', 'alias', 'labels', 'aliases', 'as written', 'geschreven']);
const HEADER_CODE = new Set(['code', 'code id', 'code_id', 'id', 'codes']);

export async function readAliasFile(file: string, opts: { cwd: string; /** said while decoding and parsing: mixed encodings, a quote inside a value, … (were not said: an alias garbled by a Windows-1252 byte never matched) */ report?: Report }): Promise<AliasEntry[]> {
  let bytes: Uint8Array;
  await refuseSpecialFile(resolve(opts.cwd, file), file, 'cli');
  try {
    bytes = await readFile(resolve(opts.cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError('cli', 'aliases-unreadable', code === 'ENOENT' ? `alias file not found: ${file}` : `cannot read the alias file ${file}: ${(e as Error).message}`, {
      file,
      hint: 'give a CSV with two columns, label,code (one line per label as written in the markers and the code id it stands for)',
    });
  }
  const { text } = await decodeBytes(bytes, { file, ...(opts.report ? { report: opts.report } : {}) });
  const { header, records, lines, headerLine } = parseCsvRecords(text, file, opts.report ? { report: opts.report } : {});
  const rows = [header, ...records];
  // (the first row's own line: below Excel's sep= line, or blank lines, it is not line 1)
  const rowLines = [headerLine, ...lines];
  const isHeader = header.length >= 2 && HEADER_LABEL.has(header[0].trim().toLowerCase()) && HEADER_CODE.has(header[1].trim().toLowerCase());
  const out: AliasEntry[] = [];
  rows.forEach((r, i) => {
    if (i === 0 && isHeader) return;
    if (r.every((f) => f.trim() === '')) return;
    if (r.length < 2 || !r[0].trim() || !r[1].trim()) {
      throw inputError('cli', 'bad-alias-line', `line ${rowLines[i]} of the alias file needs a label and a code: ${JSON.stringify(r.join(','))}`, {
        file,
        line: rowLines[i],
        hint: 'write one alias per line as label,code (e.g. allignment,aligning); quote a label that contains a comma',
      });
    }
    if (r.slice(2).some((f) => f.trim() !== '')) {
      throw inputError('cli', 'bad-alias-line', `line ${rowLines[i]} of the alias file has more than two columns: ${JSON.stringify(r.join(','))}`, {
        file,
        line: rowLines[i],
        hint: 'write one alias per line as label,code; quote a label that contains a comma ("a, b",code)',
      });
    }
    out.push({ label: r[0].trim(), code: r[1].trim(), line: rowLines[i] });
  });
  return out;
}
