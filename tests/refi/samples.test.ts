import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readRefiProject } from '../../src/ingest/read-refi.js';
import { cpSlice } from '../../src/model/codepoints.js';

const root = join(__dirname, '../..');
const samples = join(root, 'samples');

describe.skipIf(!existsSync(join(samples, 'interviews')))('qda refi export on the bundled samples (skipped: needs samples/interviews)', () => {
  it('codes the sources, writes a valid project and imports the same codings back', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'qda-refi-samples-'));
    try {
      const out = join(tmp, 'samples.qdpx');
      const io = memoryIo(samples);
      const code = await main(['refi', 'export', 'interviews', '-c', 'coordination-collaboration', '-o', out], io);
      expect(io.err().split('\n').filter((l) => l.includes('error:'))).toEqual([]);
      expect(code).toBe(0);
      const m = /(\d+) sources, (\d+) codes, (\d+) codings/.exec(io.out())!;
      expect(Number(m[3])).toBeGreaterThan(10);
      const files = unzipSync(readFileSync(out));
      const xsd = readFileSync(join(root, 'schemas/refi-qda/Project.xsd'), 'utf8');
      const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: strFromU8(files['project.qde']) }], schema: [xsd], maxMemoryPages: 4096 });
      expect(r.errors).toEqual([]);
      for (const [name, bytes] of Object.entries(files)) if (name.startsWith('sources/')) expect(strFromU8(bytes)).not.toContain('\r');
      const imp = await readRefiProject(out);
      expect(imp.doc.sources.length).toBe(Number(m[1]));
      expect(imp.doc.codings.length).toBe(Number(m[3]));
      // every imported selection matches its quoted text
      expect(imp.diagnostics.filter((d) => d.ruleId === 'selection-mismatch' || d.ruleId === 'offset-shift').map((d) => d.message)).toEqual([]);
      for (const c of imp.doc.codings.slice(0, 50)) {
        const s = imp.doc.sources.find((x) => x.id === c.sourceId)!;
        expect(cpSlice(s.text, c.start, c.end).length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('without -c, `qda refi export samples` codes as `qda code samples` does: the codebooks, cases and language of samples/qda.yaml, every hand coding kept, no warnings (one note)', { timeout: 120_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'qda-refi-samples-'));
    try {
      const root = join(samples, '..');
      const code = memoryIo(root);
      expect(await main(['code', 'samples', '-o', join(tmp, 'c.json')], code)).toBe(0);
      const m0 = /(\d+) sources, (\d+) segments, (\d+) codings/.exec(code.err())!;
      const io = memoryIo(root);
      expect(await main(['refi', 'export', 'samples', '-o', join(tmp, 's.qdpx')], io)).toBe(0);
      // no warning; one note: the two "Coördinatie" codes (of two codebooks) told apart by name
      expect(io.err()).not.toMatch(/warning|error/);
      expect(io.err()).toContain('info: 2 codes share a name with another code');
      expect(io.err()).toContain('"Coördinatie" (actual coordination) as "Coördinatie (Hovik & Hanssen)"');
      const m = /(\d+) sources, (\d+) codes, (\d+) codings, \d+ users, (\d+) cases, (\d+) notes/.exec(io.out())!;
      expect([m[1], m[3]]).toEqual([m0[1], m0[3]]);
      expect(Number(m[4])).toBe(Number(m[1])); // every source has its case (samples/cases.csv via qda.yaml)
      expect(Number(m[5])).toBeGreaterThan(0);
      const qde = strFromU8(unzipSync(readFileSync(join(tmp, 's.qdpx')))['project.qde']);
      const names = [...qde.matchAll(/<Code [^>]*name="([^"]*)"/g)].map((x) => x[1]);
      expect(names).toContain('Samenwerking'); // language: nl
      expect(new Set(names).size).toBe(names.length);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
