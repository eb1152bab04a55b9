import { createHash } from 'node:crypto';

/** Namespace of qdakit's deterministic REFI-QDA GUIDs (a fixed random UUID). */
export const REFI_NAMESPACE = '6c1a3f0e-8d2b-4e57-9a41-2f0d7b6c5e13';

/**
 * A deterministic GUID (RFC 4122 name-based, version 5: sha1 of namespace + name,
 * version nibble 5, variant bits 10). The same kind + id always gives the same
 * GUID, so repeated exports of a project are byte-identical and tools can match
 * codes across exports (the Taguette pattern).
 */
export function refiGuid(kind: string, id: string): string {
  const ns = Buffer.from(REFI_NAMESPACE.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(`${kind}:${id}`, 'utf8').digest();
  const b = Buffer.from(h.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The GUID pattern of the REFI-QDA schemas (optionally in braces). */
export const GUID_PATTERN = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;
