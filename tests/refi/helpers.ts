import type { CodingsDocument, Coding, Source } from '../../src/model/types.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';

export function mkSource(id: string, text: string, extra: Partial<Source> = {}): Source {
  return {
    id,
    path: `interviews/${id}.txt`,
    kind: 'transcript',
    format: 'txt',
    case: id,
    attributes: {},
    encoding: 'utf-8',
    newline: text.includes('\r\n') ? 'crlf' : 'lf',
    sha256: '',
    text,
    length: cpLength(text),
    ...extra,
  };
}

/** A coding over the first occurrence of `words` in the source. */
export function codeWords(src: Source, words: string, code: string, coder: string, extra: Partial<Coding> = {}): Coding {
  const u = src.text.indexOf(words);
  if (u < 0) throw new Error(`"${words}" not in ${src.id}`);
  const start = cpLength(src.text.slice(0, u));
  const end = start + cpLength(words);
  if (cpSlice(src.text, start, end) !== words) throw new Error('bad test offsets');
  return { id: `${src.id}:${code}:${coder}:${start}`, sourceId: src.id, code, coder, start, end, ...extra };
}

/** A small study: a CRLF transcript with an emoji, an LF transcript, a hierarchy, two coders, a memo, case attributes. */
export function sampleDoc(): CodingsDocument {
  const a = mkSource(
    'int-01',
    'Interviewer: Hoe gaat de samenwerking?\r\nAnna: Goed 😀, we vertrouwen elkaar.\r\nWe hebben één overleg per week.\r\nInterviewer: En de kosten?\r\nAnna: Te duur — echt te duur.\r\n',
    { case: 'team-a', attributes: { team: 'A', date: '2024-03-05', role: 'coordinator' } },
  );
  const b = mkSource('int-02', 'Interviewer: Wat werkt?\nBram: Het "wijkoverleg" & de <korte> lijnen.\nBram: Geld is het probleem.\n', {
    case: 'team-b',
    attributes: { team: 'B', date: '2024-03-07' },
  });
  const codings: Coding[] = [
    codeWords(a, 'we vertrouwen elkaar', 'trust', 'rules'),
    codeWords(a, 'we vertrouwen elkaar', 'trust', 'anna-coder'),
    codeWords(a, 'één overleg per week', 'joint-meeting', 'human', { memo: 'Wekelijks overleg: structuur.' }),
    codeWords(a, 'Te duur — echt te duur.', 'cost', 'human'),
    codeWords(b, 'Het "wijkoverleg" & de <korte> lijnen.', 'joint-meeting', 'rules'),
    codeWords(b, 'Geld is het probleem.', 'cost', 'human'),
  ];
  return {
    provenance: { tool: 'qdakit', version: '0.1.0' },
    codebooks: [{ id: 'test' }],
    codes: [
      { id: 'relation', name: { en: 'Relation', nl: 'Relatie' } },
      { id: 'trust', parent: 'relation', name: { en: 'Trust', nl: 'Vertrouwen' }, definition: { en: 'Trust in each other.' } },
      { id: 'joint-meeting', parent: 'relation', name: { en: 'Working together: meetings' } },
      { id: 'cost', name: { en: 'Cost' } },
    ],
    sources: [a, b],
    segments: [],
    codings,
  };
}
