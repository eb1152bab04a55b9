/**
 * A coder written with a space after the @ (`{{hulp @ anna}}`) is no coder: the marker names an
 * unknown code "hulp @ anna", which was said (unknown-code) without saying why; the hint now says
 * to write the coder right after the @, with the marker as it should read. (Found by huntcode.)
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('a coder written with a space after the @', () => {
  it('the unknown-code hint says how to write it; a marker without that is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-coder-space-'));
    writeFileSync(join(dir, 'a.txt'), 'Anna: We helpen elkaar. {{hulp @ anna}}\n\nAnna: Ook hier. {{steun}}\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'a.txt', '-o', 'c.json'], io), io.err()).toBe(0);
    expect(io.err()).toContain('hint: a coder is written right after the @, without a space ("{{hulp @anna}}"); a lone @ names no coder;');
    expect(io.err().match(/without a space/g)).toHaveLength(1);
  });
});
