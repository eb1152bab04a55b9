/**
 * PDFs written by hand for the tests (Helvetica, WinAnsi), with what a hostile or scanned PDF holds:
 * a page showing only an image, text drawn anywhere on the page in any order.
 */
/** A PDF of these pages (content streams, with annotation dictionaries or not; null: a page showing only an image, as a scan does), Helvetica, WinAnsi. */
export function makePdf(pages: ReadonlyArray<string | null | { readonly content: string; readonly annots: readonly string[] }>): Buffer {
  const objs: string[] = ['', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>', '<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream'];
  const kids: number[] = [];
  for (const p of pages) {
    const content = p === null ? 'q 500 0 0 700 50 50 cm /Im1 Do Q' : typeof p === 'string' ? p : p.content;
    // (annotations: their dictionaries, as written)
    const annots = p !== null && typeof p !== 'string' ? p.annots.map((a) => objs.push(a)) : [];
    objs.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${objs.length} 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >>${annots.length ? ` /Annots [${annots.map((k) => `${k} 0 R`).join(' ')}]` : ''} >>`);
    kids.push(objs.length);
  }
  objs[0] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let pdf = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const x = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('');
  pdf += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
const esc = (s: string) => s.replace(/[\\()]/g, (c) => '\\' + c);
/** Lines from the top down, 14 points apart, at x. */
export const lines = (ls: string[], x = 72, y = 720) => `BT /F1 11 Tf ${x} ${y} Td 14 TL ` + ls.map((l) => `(${esc(l)}) Tj T*`).join(' ') + ' ET';
export const at = (x: number, y: number, s: string) => `BT /F1 11 Tf ${x} ${y} Td (${esc(s)}) Tj ET`;

