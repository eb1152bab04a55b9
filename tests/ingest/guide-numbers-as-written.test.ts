/**
 * An interview guide's question numbers and ids as written: `number: 1.10` was read by YAML as
 * 1.1 (the same number as question 1.1, and no codings value "1.10" named it), `id: 01` as "1".
 * Now read as written. Fails on the old code. Invented questions.
 */
import { describe, expect, it } from 'vitest';
import { parseGuide } from '../../src/ingest/read-guide.js';

describe('interview guide numbers', () => {
  it('are read as written (1.10 is not 1.1; 01 is not 1)', async () => {
    const g = await parseGuide('parts:\n  - id: 1\n    questions:\n      - {id: 01, number: 1.1, text: Hoe gaat het?}\n      - {id: q2, number: 1.10, label: 2.0, text: En verder?}\n', 'gids.yaml');
    const qs = g.parts[0].questions;
    expect(qs.map((q) => [q.id, q.number])).toEqual([
      ['01', '1.1'],
      ['q2', '1.10'],
    ]);
    expect(qs[1].label).toEqual({ nl: '2.0', en: '2.0' });
    expect(g.warnings ?? []).toEqual([]);
  });
});
