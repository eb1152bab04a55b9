/** qdakit as a library. */
export * from './model/types.js';
export * from './model/errors.js';
export * from './model/codepoints.js';
export { VERSION } from './version.js';
export { renderTables, renderTable, type TableFormat } from './export/render-table.js';
export { writeFileAtomic } from './export/write-file-atomic.js';
