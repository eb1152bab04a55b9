/**
 * The quoted text of a selection in qda refi export, for a passage with a control character
 * XML 1.0 cannot hold (the form feed of a page break in a PDF's text): written as a space. It was
 * dropped, so "een\fpagina" was quoted "eenpagina" and qda refi import of qdakit's own .qdpx said
 * the selection did not match its quote (selection-mismatch, offsets unchecked).
 */
import { describe, expect, it } from 'vitest';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { codeWords, mkSource } from './helpers.js';

describe('refi export: a quote with a page break', () => {
  it('is written with a space, and the import finds it at its passage without a warning', async () => {
    const s = mkSource('nota', 'Anna: pagina een\fpagina twee en meer.\n', { kind: 'document' });
    const doc = { provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [{ id: 'pagina' }], sources: [s], segments: [], codings: [codeWords(s, 'pagina een\fpagina twee', 'pagina', 'fem')] };
    const project = buildRefiProject(doc);
    expect(project.xml).toContain('name="pagina een pagina twee"');
    const back = await parseRefiProject(await zipRefiProject(project), 'nota.qdpx');
    expect(back.diagnostics).toEqual([]);
    expect(back.doc.codings.map((c) => [c.start, c.end])).toEqual([[6, 28]]);
  });
});
