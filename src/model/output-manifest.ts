/**
 * The manifest `qda run -o DIR` (and the other folder writers) keep in DIR: written by
 * cli/output-folder.ts, read by ingest/read-corpus-stream.ts so that a folder's own outputs are
 * never read back as sources.
 */
export const OUTPUT_MANIFEST = '.qda-manifest.json';
