/**
 * `Code:` inside a web address (`https://wiki.example.org/Code:samenwerking`) was read as a legacy
 * marker (found by huntcode): the words before the link ("Kijk op https://wiki.example.org/") were
 * coded `samenwerking` and counted as a marker read, without a word. It is part of the address.
 */
import { describe, it, expect } from 'vitest';
import { findMarkers } from '../../src/coding/markers.js';

describe('legacy markers: not inside a web address', () => {
  it('reads no marker in a link, and still the thesis form beside it', () => {
    for (const url of ['https://wiki.example.org/Code:samenwerking', 'https://zoek.example.nl/?q=code:overleg', 'https://example.nl/pagina#Code:regie']) {
      const text = `Kijk op ${url} voor info.`;
      expect(findMarkers(text), url).toEqual([]);
    }
    const both = findMarkers('We overleggen elke week, zie https://wiki.example.org/Code:x. Code: samenwerking');
    expect(both).toHaveLength(1);
    expect(both[0].kind).toBe('legacy');
  });
});
