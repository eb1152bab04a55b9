import { LineCounter, isAlias, visit, type Document } from 'yaml';
import { inputError } from '../model/errors.js';

/** Aliases a YAML file may expand (as for codebooks): a few are normal, an alias bomb has millions. */
export const MAX_YAML_ALIASES = 100;

/**
 * `doc.toJS()` for a YAML file a user gave (qda.yaml, front matter, an interview guide, a
 * survey spec): an alias bomb (`&a [*b, *b, …]` nested) is refused with exit 2, naming the
 * file and the first alias, instead of escaping as an internal error. `lineOffset` is added
 * to line numbers (front matter starts after the `---` line).
 */
export function yamlToJs(doc: Document, text: string, file: string, opts: { what: string; ruleId?: string; lineOffset?: number }): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    let pos: number | undefined;
    visit(doc, {
      Alias(_, node) {
        if (isAlias(node) && node.range) {
          pos = node.range[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (pos === undefined) throw err;
    const lc = new LineCounter();
    let o = -1;
    do {
      lc.addNewLine(o + 1);
      o = text.indexOf('\n', o + 1);
    } while (o !== -1);
    const p = lc.linePos(pos);
    const why = (err as Error).message.split('\n')[0];
    throw inputError('ingest', opts.ruleId ?? 'yaml-aliases', `refused: ${opts.what} expands its YAML aliases (&anchor / *alias) too often to be read safely (${why})`, {
      file,
      line: p.line + (opts.lineOffset ?? 0),
      column: p.col,
      hint: `write the values out instead of repeating aliases (at most ${MAX_YAML_ALIASES} alias uses); a file built this way is a known "billion laughs" attack, check where it came from`,
    });
  }
}
