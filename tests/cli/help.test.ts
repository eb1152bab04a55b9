import { describe, it, expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const COMMANDS = [
  ['run'], ['segments'], ['codebook', 'list'], ['codebook', 'show'], ['codebook', 'validate'], ['codebook', 'export'], ['codebook', 'import'],
  ['code'], ['matrix'], ['compare'], ['survey'], ['contrast'], ['agree'], ['saturation'], ['appendix'], ['report'], ['anonymize'], ['refi', 'export'], ['refi', 'import'], ['review'],
];

describe('--help of every command', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s shows usage and at least one example', async (_name, argv) => {
    const io = memoryIo(process.cwd());
    const code = await main([...(argv as string[]), '--help'], io);
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^Usage: qda /);
    expect(out).toMatch(/\nExamples:\n {2}qda /);
  });
});
