/**
 * The manifest `qda run -o DIR` (and the other folder writers) keep in DIR: written by
 * cli/output-folder.ts, read by ingest/read-corpus-stream.ts so that a folder's own outputs are
 * never read back as sources.
 */
export const OUTPUT_MANIFEST = '.qda-manifest.json';

/** One file qdakit wrote in the folder: its sha256 and the command that wrote it. */
export interface OutputManifestEntry {
  readonly sha256: string;
  readonly command: string;
}

/**
 * The manifest's entries (name relative to the folder, with / → entry), or what is wrong with
 * it (e.g. "is not valid JSON (Unexpected end of JSON input)"), to be said with its path: a
 * manifest that cannot be read cannot vouch for any file, and neither reader may guess.
 */
export function parseOutputManifest(text: string): { files: Record<string, OutputManifestEntry> } | { problem: string } {
  let js: unknown;
  try {
    js = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { problem: `is not valid JSON (${(e as Error).message})` };
  }
  const o = js as { qdakit?: unknown; files?: unknown } | null;
  if (!o || typeof o !== 'object' || Array.isArray(o) || o.qdakit !== 'output-folder') return { problem: 'is not a qdakit output manifest (no "qdakit": "output-folder")' };
  if (!o.files || typeof o.files !== 'object' || Array.isArray(o.files)) return { problem: 'has no "files" object' };
  const files: Record<string, OutputManifestEntry> = {};
  for (const [name, v] of Object.entries(o.files as Record<string, unknown>)) {
    const e = v as { sha256?: unknown; command?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.sha256 !== 'string' || (e.command !== undefined && typeof e.command !== 'string') || !name || name.split('/').some((p) => p === '' || p === '..' || p === '.')) {
      return { problem: `has an entry that is not a file name with its "sha256" and "command" (${JSON.stringify(name).slice(0, 80)})` };
    }
    files[name] = { sha256: e.sha256, command: typeof e.command === 'string' ? e.command : '' };
  }
  return { files };
}
