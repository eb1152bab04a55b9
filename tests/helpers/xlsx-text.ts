/**
 * The text cells of an XLSX as a spreadsheet sees them, read from its XML (exceljs does not read
 * `quotePrefix`): per sheet, each shared-string cell with its text and whether its cell format
 * has quotePrefix (shown as typed, never taken for a formula), and whether any cell is a formula.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';

export interface XlsxTextCell {
  readonly sheet: string;
  readonly ref: string;
  readonly text: string;
  readonly quotePrefix: boolean;
}

export function xlsxTextCells(bytes: Uint8Array): { cells: XlsxTextCell[]; formulas: number } {
  const files = unzipSync(bytes);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n, jpath) => ['si', 'xf', 'c', 'row'].includes(n) || jpath === 'sst.si.r', textNodeName: '#text', parseTagValue: false, trimValues: false });
  const sst = parser.parse(strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array()))?.sst?.si ?? [];
  const textOf = (si: Record<string, unknown>): string => {
    const t = (x: unknown): string => (typeof x === 'string' ? x : x && typeof x === 'object' ? String((x as Record<string, unknown>)['#text'] ?? '') : '');
    if ('t' in si) return t(si.t);
    return ((si.r as Array<Record<string, unknown>>) ?? []).map((r) => t(r.t)).join('');
  };
  const xfs: Array<Record<string, string>> = parser.parse(strFromU8(files['xl/styles.xml'])).styleSheet.cellXfs.xf;
  const cells: XlsxTextCell[] = [];
  let formulas = 0;
  for (const name of Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const ws = parser.parse(strFromU8(files[name])).worksheet;
    for (const row of ws.sheetData?.row ?? []) {
      for (const c of row.c ?? []) {
        if (c.f !== undefined) formulas++;
        if (c.t !== 's') continue;
        const text = textOf(sst[Number(c.v)]);
        cells.push({ sheet: name, ref: c.r, text, quotePrefix: xfs[Number(c.s ?? 0)]?.quotePrefix === '1' });
      }
    }
  }
  return { cells, formulas };
}
