import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Lang, LocalisedText } from '../model/types.js';
import { inputError } from '../model/errors.js';
import type { Guide, GuidePart, GuideQuestion } from '../analysis/guide.js';
import { displayPath } from './read-source.js';
import { refuseSpecialFile } from './regular-file.js';

/**
 * Read an interview guide (`topics.yaml`): `parts:` → `questions:` with `id`, optional
 * `number`, `label` and `code`, and `text` (a string or `{nl, en}`). Errors name the file,
 * line and column and say how to fix them.
 */
export async function readGuide(path: string, opts: { cwd: string }): Promise<Guide> {
  const full = resolve(opts.cwd, path);
  const file = displayPath(opts.cwd, full);
  let text: string;
  await refuseSpecialFile(full, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch {
    throw inputError('ingest', 'file-not-found', 'interview guide not found', { file, hint: 'give the path of a topics.yaml with --guide' });
  }
  // decoded as every input is (a Windows-1252 guide: its questions were read with U+FFFD for é, ë, …)
  const { decodeBytes } = await import('./decode.js');
  try {
    ({ text } = await decodeBytes(bytes, { file }));
  } catch (e) {
    const { withNulPlace } = await import('./nul-place.js');
    throw withNulPlace(e, bytes, file, 'interview guide');
  }
  return parseGuide(text.replace(/^\uFEFF/, ''), file);
}

export async function parseGuide(text: string, file: string): Promise<Guide> {
  const YAML = await import('yaml');
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const p = lc.linePos(e.pos[0]);
    throw inputError('ingest', 'guide-yaml', `the interview guide is not valid YAML: ${e.message.split('\n')[0]}`, {
      file,
      line: p.line,
      column: p.col,
      hint: 'check the indentation and quoting near this line (a text with a colon needs quotes)',
    });
  }
  const where = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const r = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
    if (!r) return {};
    const p = lc.linePos(r[0]);
    return { line: p.line, column: p.col };
  };
  const fail = (path: (string | number)[], rule: string, message: string, hint: string): never => {
    throw inputError('ingest', rule, message, { file, ...where(path), path: '/' + path.join('/'), hint });
  };
  const { yamlToJs } = await import('./yaml-js.js');
  const raw = yamlToJs(doc, text, file, { what: 'the interview guide' });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    fail([], 'guide-shape', 'the interview guide must be a mapping with `parts:`', 'start with `parts:` and list parts with `questions:`');
  }
  const r = raw as Record<string, unknown>;
  // a number as written (`number: 1.10`, `id: 01`, `label: 2.0`): YAML reads 1.1, 1 and 2, so that
  // question 1.10 was "1.1" (one with question 1.1) and matched no codings value "1.10"
  const asWritten = (v: unknown, path: (string | number)[]): string => {
    if (typeof v !== 'number') return String(v);
    const node = doc.getIn(path, true) as { source?: unknown } | undefined;
    return node && typeof node === 'object' && typeof node.source === 'string' && node.source.trim() !== '' ? node.source.trim() : String(v);
  };
  const loc = (v: unknown, path: (string | number)[], what: string): LocalisedText | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return { nl: asWritten(v, path), en: asWritten(v, path) };
    if (typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const out: { nl?: string; en?: string } = {};
      for (const [k, x] of Object.entries(o)) {
        if (k !== 'nl' && k !== 'en') fail([...path, k], 'guide-language', `unknown language "${k}" in ${what}`, 'use `nl:` and/or `en:`');
        if (typeof x !== 'string' && typeof x !== 'number') fail([...path, k], 'guide-text', `${what} must be text`, 'write the text after the language key');
        out[k as Lang] = asWritten(x, [...path, k]);
      }
      return out;
    }
    return fail(path, 'guide-text', `${what} must be text or {nl: …, en: …}`, 'e.g. `text: {nl: Hoe gaat het?, en: How is it going?}`');
  };
  if (!Array.isArray(r.parts) || r.parts.length === 0) {
    fail(r.parts === undefined ? [] : ['parts'], 'guide-no-parts', 'the interview guide has no `parts:` list', 'add `parts:` with at least one part that has `questions:`');
  }
  const ids = new Set<string>();
  const parts: GuidePart[] = (r.parts as unknown[]).map((p, pi) => {
    if (!p || typeof p !== 'object' || Array.isArray(p)) return fail(['parts', pi], 'guide-part', `part ${pi + 1} must be a mapping`, 'give it `id:`, `title:` and `questions:`');
    const po = p as Record<string, unknown>;
    const pid = po.id === undefined ? `part-${pi + 1}` : asWritten(po.id, ['parts', pi, 'id']);
    if (!Array.isArray(po.questions) || po.questions.length === 0) {
      fail(['parts', pi], 'guide-no-questions', `part "${pid}" has no questions`, 'add `questions:` with `id:` and `text:` per question');
    }
    const questions: GuideQuestion[] = (po.questions as unknown[]).map((q, qi) => {
      const path = ['parts', pi, 'questions', qi];
      if (!q || typeof q !== 'object' || Array.isArray(q)) return fail(path, 'guide-question', `question ${qi + 1} of part "${pid}" must be a mapping`, 'give it `id:` and `text:`');
      const qo = q as Record<string, unknown>;
      if (qo.id === undefined || qo.id === null || String(qo.id).trim() === '') fail(path, 'guide-question-id', `question ${qi + 1} of part "${pid}" has no id`, 'add a stable `id:`, e.g. q01-rol');
      const id = asWritten(qo.id, [...path, 'id']);
      if (ids.has(id)) fail([...path, 'id'], 'guide-duplicate-id', `question id "${id}" is used twice`, 'give every question its own id');
      ids.add(id);
      const t = loc(qo.text, [...path, 'text'], `the text of question "${id}"`);
      if (!t || (!t.nl && !t.en)) fail(path, 'guide-question-text', `question "${id}" has no text`, 'add `text:` (the question as asked), e.g. `text: {nl: …, en: …}`');
      return {
        id,
        ...(qo.number !== undefined ? { number: asWritten(qo.number, [...path, 'number']) } : {}),
        ...(qo.label !== undefined ? { label: loc(qo.label, [...path, 'label'], `the label of question "${id}"`) } : {}),
        text: t!,
        ...(qo.code !== undefined && qo.code !== null ? { code: asWritten(qo.code, [...path, 'code']) } : {}),
      };
    });
    return { id: pid, ...(po.title !== undefined ? { title: loc(po.title, ['parts', pi, 'title'], `the title of part "${pid}"`) } : {}), questions };
  });
  const language = r.language === 'nl' || r.language === 'en' ? (r.language as Lang) : undefined;
  const guide: Guide = {
    id: r.id === undefined ? 'guide' : String(r.id),
    ...(r.title !== undefined ? { title: loc(r.title, ['title'], 'the guide title') } : {}),
    ...(language ? { language } : {}),
    parts,
    file,
  };
  // two questions with one number or label: said of the guide (a codings value "1" names both)
  const { guideNamedTwice } = await import('../analysis/guide.js');
  const pathOf = new Map<string, (string | number)[]>();
  parts.forEach((p, pi) => p.questions.forEach((q, qi) => pathOf.set(q.id, ['parts', pi, 'questions', qi])));
  const warnings = guideNamedTwice(guide, (id, field) => {
    const path = pathOf.get(id);
    return path ? (where([...path, field]).line ?? where(path).line) : undefined;
  });
  return warnings.length ? { ...guide, warnings } : guide;
}
