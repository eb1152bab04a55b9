import type { Finding } from './patterns.js';
import { isLabelShaped } from '../ingest/parse-blocks.js';

/**
 * Person-name detection (pure): speaker labels, known names (list, key file,
 * labels) and capitalised-name heuristics for Dutch and English. Every
 * heuristic hit is a Finding with a `heuristic-*` rule so it can be reviewed.
 */

/** Tussenvoegsels and foreign particles that may sit inside a name. */
export const TUSSENVOEGSELS = ['van der', 'van den', 'van de', "van 't", 'van het', "in 't", 'in de', 'op de', 'uit de', 'van', 'de', 'der', 'den', 'ten', 'ter', 'te', "'t", 'von', 'la', 'le', 'du', 'da', 'del', 'di'];

/** Speaker labels that are roles, not names (kept as they are). */
export function isRoleLabel(label: string): boolean {
  const s = label.trim().toLowerCase();
  return (
    /^(?:interviewer|interviewster|interviewee|geïnterviewde|geinterviewde|int|i|iv|onderzoeker|onderzoekster|researcher|moderator|gespreksleider|gespreksleidster|facilitator|vraagsteller|respondent|resp|r|deelnemer|participant|spreker|speaker|observer|observator|observant|notulist|vraag|antwoord|question|answer|q|a|p|s|b|d|t|o|m|v|man|vrouw|allen|iedereen|all|everyone|unknown|onbekend|[a-z]{1,2})[ \-_]?\d*$/.test(s) ||
    // header fields of a transcript ("Datum: 26 november", "Locatie: …") are no speakers
    /^(?:datum|date|locatie|location|plaats|place|tijd|time|duur|duration|onderwerp|subject|titel|title|opmerking|opmerkingen|note|notes|bron|source)$/.test(s) ||
    // job titles and roles used as speaker labels in the social domain ("Jongerenwerker:", "Wijkcoach 2:")
    /^(?:jongerenwerker|wijkcoach|wijkagent|leerplichtambtenaar|beleidsadviseur|beleidsmedewerker|klantmanager|casemanager|consulent|teamleider|manager|coördinator|coordinator|voorzitter|medewerker|professional|docent|leerkracht|mentor|ouder|moeder|vader|jongere|cliënt|client|youth worker|social worker|case manager|team leader|chair|teacher|parent|mother|father|young person)[ \-_]?\d*$/.test(s)
  );
}

// (a label may end in a role or name in brackets: "Interviewer (Kees):", "Kees (wijkcoach):")
const LABEL_LINE = /^[ \t]*(?:\[([^\]\n]{1,40})\]|([\p{Lu}][\p{L}\p{N}'’.\-]*(?:[ \t]+[\p{L}\p{N}'’.\-]+){0,4}(?:[ \t]*\([^()\n:]{1,40}\))?))[ \t]*:(?!\d)/gmu;
const VTT_VOICE = /<v(?:\.[^ >]*)?[ \t]+([^>\n]{1,40})>/gu;

/** Speaker labels used in a text (`Name:`, `[Name]:`/`[Name]`, `NAME:`, WebVTT `<v Name>`), with positions of the label text. */
export function findSpeakerLabels(text: string): Array<{ label: string; start: number; end: number }> {
  const out: Array<{ label: string; start: number; end: number }> = [];
  for (const m of text.matchAll(LABEL_LINE)) {
    const label = (m[1] ?? m[2]).trim();
    if (/\d{1,2}:\d{2}/.test(label) || /^\d/.test(label)) continue;
    // (a line's words before a colon that are no label: "Dus ik zei tegen haar: kom maar", "Toen zei
    // Kees: …", an observation's "Besluit: …", "Aanwezig: …" were taken for names, replaced by a
    // pseudonym wherever they stood, and their words lost from the text)
    if (m[2] !== undefined && !nameLikeLabel(label)) continue;
    const off = m.index! + m[0].indexOf(label);
    out.push({ label, start: off, end: off + label.length });
  }
  for (const m of text.matchAll(VTT_VOICE)) {
    const label = m[1].trim();
    const off = m.index! + m[0].indexOf(label);
    out.push({ label, start: off, end: off + label.length });
  }
  return out;
}

/**
 * A colon label that may be a name: shaped like a speaker label as qda reads them (isLabelShaped:
 * at most four words, the later ones capitalised, numbers or particles; no note heading such as
 * Besluit, Aanwezig, Datum), or capitalised words with tussenvoegsels between them (Maria dos
 * Santos, Ahmed el Amrani), and not a single common word (Kortom, Dus).
 */
function nameLikeLabel(label: string): boolean {
  const words = label.replace(/\([^()]*\)/g, ' ').trim().split(/\s+/);
  if (words.length === 1 && (isNonName(words[0]) || DISCOURSE.has(words[0].toLowerCase()))) return false;
  if (isLabelShaped(label)) return true;
  if (words.length < 3 || words.length > 4 || !/^(?:IJ|\p{Lu})/u.test(words[words.length - 1])) return false;
  return words.slice(1, -1).every((w) => /^(?:IJ|\p{Lu})/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()));
}

/** Words that open a sentence with a colon after them ("Kortom: …", "Daarna: …"), no names. */
const DISCOURSE = new Set('kortom daarom daarnaast bovendien verder tenslotte eerst daarna vervolgens samengevat eindconclusie overigens voorts anyway first then finally however besides overall briefly'.split(' '));

/** Particles inside names besides the tussenvoegsels (Ahmed el Amrani, Maria dos Santos, Omar bin Laden). */
const NAME_PARTICLES = new Set([...TUSSENVOEGSELS.flatMap((t) => t.split(' ')), 'el', 'al', 'bin', 'ben', 'ibn', 'abu', 'bint', 'dos', 'das', 'do', 'della', 'dei', 'y', 'zu', 'af', 'av']);

const WEEKDAYS = 'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday friday saturday sunday';
const MONTHS = 'januari februari maart april mei juni juli augustus september oktober november december january february march may june july august october';
const PLACES =
  'enschede hengelo almelo oldenzaal deventer zwolle amsterdam rotterdam utrecht haag groningen eindhoven arnhem nijmegen twente overijssel gelderland holland nederland netherlands nederlands nederlandse dutch europa europe brussel brussels londen london duitsland germany belgië belgium';
const ORGS =
  'gemeente gemeentes provincie ministerie rijk rijksoverheid raad college stichting universiteit hogeschool ziekenhuis huisarts politie ggd uwv svb wmo jeugdwet participatiewet zvw wlz vng cjg wijkteam wijkteams team teams sociaal sociale domein dienst afdeling bureau project programma beleid nota visie rapport centrum jeugd zorg welzijn jeugdzorg corona covid google zoom whatsapp excel word microsoft teams bv nv inc ltd school kerk veilig thuis jeugdbescherming raad kinderbescherming buurtteam jongerenwerk wijkcoach';
const COMMON =
  'ik wij we ze zij hij jij je u mijn onze ons hun haar zijn het de een en of in op bij met voor na over van naar uit door om tot aan tussen onder boven achter naast zonder tegen sinds via per binnen buiten als dan toen daarna ook nou zo dus maar want omdat wat wie waar hoe waarom welke dat dit die deze er hier daar ja nee oké ok goed natuurlijk inderdaad eigenlijk misschien soms vaak altijd nooit gisteren vandaag morgen volgens graag dank bedankt hallo hoi dag doei goedemorgen goedemiddag goedenavond welkom hee hey beste geachte groeten vriendelijke met meneer mevrouw dhr mevr mw ' +
  'the a an and but so then when if what who where how why yes no well okay ok i you he she they it my our their his her this that these those there here yesterday today tomorrow also of on at with for from to by after before thanks thank hello hi hey bye goodbye morning welcome dear regards mr mrs ms dr';
const STOP = new Set(`${WEEKDAYS} ${MONTHS} ${PLACES} ${ORGS} ${COMMON}`.split(/\s+/));

/** Capitalised words that are not names (weekdays, months, a few places, organisation words, function words). */
export function isNonName(token: string): boolean {
  const base = token.toLowerCase().replace(/[’']s$/, '').split('-')[0];
  return STOP.has(base);
}

/** Whitespace between the tokens of a name found by a heuristic: never a line break (a name does not continue into the next line's speaker label). */
const HS = '[^\\S\\r\\n]';
const tvSource = (t: string) => t.replace(/'/g, "['’]").replace(/ /g, `${HS}+`);
const TV = TUSSENVOEGSELS.map(tvSource).join('|');
/** Tussenvoegsels with an optional capital first letter (after a title: "mevrouw De Vries"). */
const TV_ANY = TUSSENVOEGSELS.map((t) => (/^[a-z]/.test(t) ? `[${t[0]}${t[0].toUpperCase()}]${tvSource(t.slice(1))}` : tvSource(t))).join('|');
// (a Dutch name may begin with two capitals, IJ: IJsbrand, IJzerman; it was no name to the heuristics)
const CAP = "(?:IJ|\\p{Lu})[\\p{Ll}'’]+(?:-(?:IJ|\\p{Lu})[\\p{Ll}'’]+)?";
const TVI = `(?:(?:${TV})${HS}+)`;
/**
 * Between a given name and the rest of the name: spaces, or one line break of a wrapped line
 * ("mijn collega Piet⏎Bakker weet ervan": Bakker stayed in the output), but never into a line
 * that begins with a speaker label ("Piet⏎Bakker: …").
 */
const LABEL_AHEAD = `${CAP}(?:${HS}+[\\p{L}\\p{N}'’.\\-]+){0,4}${HS}*:(?!\\d)`;
const JOIN = `(?:${HS}+|${HS}*\\r?\\n${HS}*(?!${LABEL_AHEAD}))`;
// First [tv] Last (up to four capitalised tokens), tussenvoegsels matched in lower case only (mid-name)
const SEQ = new RegExp(`(?<![\\p{L}\\p{N}_])(${CAP})((?:${JOIN}${TVI}*${CAP})(?:${HS}+${TVI}*${CAP}){0,2})(?![\\p{L}\\p{N}_])`, 'gu');
const TITLE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:[Dd]hr\\.?|[Mm]evr\\.?|[Mm]w\\.?|[Mm]eneer|[Mm]evrouw|[Mm]r\\.?|[Mm]rs\\.?|[Mm]s\\.?|[Dd]r\\.?|[Mm]ister|[Mm]iss)${HS}+((?:\\p{Lu}\\.){0,3}${HS}*(?:(?:${TV_ANY})${HS}+)*${CAP}(?:${JOIN}${TVI}*${CAP})?)(?![\\p{L}\\p{N}_])`,
  'gu',
);
const INITIALS = new RegExp(`(?<![\\p{L}\\p{N}_.])((?:\\p{Lu}\\.){1,3}${HS}?(?:(?:${TV_ANY})${HS}+)*${CAP})(?![\\p{L}\\p{N}_])`, 'gu');
const CUE = new RegExp(
  `(?<![\\p{L}])(?:${['collega', 'heet', 'genaamd', 'buurman', 'buurvrouw', 'wethouder', 'zoon', 'dochter', 'zus', 'broer', 'partner', 'colleague', 'named', 'called', 'hallo', 'hoi', 'dag', 'doei', 'beste', 'hey', 'hi', 'hello', 'dear'].map((w) => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`).join('|')})${HS}+(${CAP}(?:${JOIN}${TVI}*${CAP})?)(?![\\p{L}\\p{N}_])`,
  'gu',
);

function tokens(name: string): string[] {
  return name.split(/\s+/).filter(Boolean);
}

/** Capitalised-name heuristics. `known` names are skipped (they are matched by the known-name matcher). */
export function findHeuristicNames(text: string): Finding[] {
  const out: Finding[] = [];
  const push = (start: number, original: string, rule: string) => {
    original = original.replace(/\s+$/, '');
    if (!original) return;
    out.push({ start, end: start + original.length, original, kind: 'person', rule });
  };
  for (const m of text.matchAll(TITLE)) {
    const name = m[1];
    const caps = tokens(name).filter((t) => /^\p{Lu}\p{Ll}/u.test(t));
    if (caps.length && caps.every((t) => isNonName(t))) continue;
    push(m.index! + m[0].lastIndexOf(name), name, 'heuristic-title');
  }
  for (const m of text.matchAll(INITIALS)) {
    const last = tokens(m[1]).pop()!;
    if (isNonName(last)) continue;
    push(m.index!, m[1], 'heuristic-initials');
  }
  for (const m of text.matchAll(CUE)) {
    const name = m[1];
    const ts = tokens(name).filter((t) => /^\p{Lu}/u.test(t));
    if (!/^\p{Lu}/u.test(name) || ts.some((t) => isNonName(t))) continue;
    push(m.index! + m[0].lastIndexOf(name), name, 'heuristic-cue');
  }
  // sequences of capitalised words: split at non-names, keep runs of >= 2 capitalised tokens
  for (const m of text.matchAll(SEQ)) {
    const whole = m[0];
    const parts: Array<{ t: string; at: number }> = [];
    const re = /\S+/g;
    let t: RegExpExecArray | null;
    while ((t = re.exec(whole))) parts.push({ t: t[0], at: t.index });
    let run: Array<{ t: string; at: number }> = [];
    const flush = () => {
      // trim tussenvoegsels at the ends
      while (run.length && !/^\p{Lu}/u.test(run[run.length - 1].t)) run.pop();
      while (run.length && !/^\p{Lu}/u.test(run[0].t)) run.shift();
      const caps = run.filter((p) => /^\p{Lu}/u.test(p.t)).length;
      if (caps >= 2) {
        const s = run[0].at;
        const e = run[run.length - 1].at + run[run.length - 1].t.length;
        push(m.index! + s, whole.slice(s, e), 'heuristic-capitalised');
      }
      run = [];
    };
    for (const p of parts) {
      if (/^\p{Lu}/u.test(p.t) && isNonName(p.t)) flush();
      else run.push(p);
    }
    flush();
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const TV_SET = new Set(TUSSENVOEGSELS.flatMap((t) => t.split(' ')));

/**
 * Apostrophes and hyphens as one: a word processor writes O’Brien, van ’t Hof and Jan‑Willem
 * (curly apostrophe, non-breaking hyphen) where a names list typed in a spreadsheet has O'Brien;
 * the name was left in the output.
 */
export const foldMarks = (s: string): string => s.replace(/[’‘ʼ`´]/g, "'").replace(/[‐‑]/g, '-').replace(/ĳ/g, 'ij').replace(/Ĳ/g, 'IJ');
/**
 * (The Dutch ij as one letter, ĳ/Ĳ, as a PDF or an old word processor writes it: "Ĳsbrand" for
 * IJsbrand was another name to the matcher, and one of the two forms stayed in the output.)
 */
const markClasses = (src: string): string =>
  src
    .replace(/['’‘ʼ`´]/g, "['’‘ʼ`´]")
    .replace(/[-‐‑]/g, '[-‐‑]')
    .replace(/ij|IJ|Ij/g, (m) => `(?:${m}|${m === 'ij' ? 'ĳ' : 'Ĳ'})`);

/** Regex source matching a name as written, its Title-case and UPPER-case forms; tussenvoegsels in either case; any apostrophe or hyphen for one. */
export function namePattern(name: string): string {
  return markClasses(namePatternAsWritten(foldMarks(name)));
}

/** A word in Title Case, each part after a hyphen or apostrophe too, IJ as one letter: JAN-WILLEM → Jan-Willem, O'BRIEN → O'Brien, IJSBRAND → IJsbrand. */
function properCase(t: string): string {
  return t.toLowerCase().replace(/(^|[-'’])(ij|\p{Ll})/gu, (_, sep: string, l: string) => sep + (l === 'ij' ? 'IJ' : l.toUpperCase()));
}

function namePatternAsWritten(name: string): string {
  const ts = tokens(name);
  const parts = ts.map((t, i) => {
    const lower = t.toLowerCase();
    if (TV_SET.has(lower) && i > 0 && i < ts.length - 1) return `(?:${escapeRe(lower)}|${escapeRe(lower[0].toUpperCase() + lower.slice(1))}|${escapeRe(t.toUpperCase())})`;
    if (TV_SET.has(lower) && i === 0 && ts.length > 1) return `(?:${escapeRe(lower)}|${escapeRe(lower[0].toUpperCase() + lower.slice(1))}|${escapeRe(t.toUpperCase())})`;
    const title = /^ij/i.test(t) ? 'IJ' + t.slice(2) : t[0].toUpperCase() + t.slice(1);
    // (a name known in CAPITALS, from a speaker label "JAN DE BOER:", in Title Case too: "Jan de Boer"
    // in the text was left, and "Jan" alone with it)
    const variants = [...new Set([t, title, properCase(t), t.toUpperCase()])];
    return `(?:${variants.map(escapeRe).join('|')})`;
  });
  return parts.join('\\s+');
}

/**
 * The parts of a full name a text also uses alone for the same person: the given name, the
 * surname, and the surname with its tussenvoegsel ("Jan de Vries" → Jan, Vries, de Vries). Parts
 * that are common words, places or months (`isNonName`), tussenvoegsels or shorter than 3 letters
 * are left out. A single-word name has no parts.
 */
export function nameParts(name: string): string[] {
  const ts = tokens(name);
  if (ts.length < 2) return [];
  const word = (t: string) => t.length >= 3 && /^\p{Lu}/u.test(t) && !TV_SET.has(t.toLowerCase()) && !isNonName(t);
  const out: string[] = [];
  if (word(ts[0])) out.push(ts[0]);
  const last = ts[ts.length - 1];
  if (word(last)) out.push(last);
  const tv = ts.findIndex((t, i) => i > 0 && TV_SET.has(t.toLowerCase()));
  if (tv > 0 && tv < ts.length - 1 && word(last)) out.push(ts.slice(tv).join(' '));
  return out;
}

/**
 * A matcher for a set of names (longest first). A name with the Dutch possessive -s glued on
 * ("Sannes vader", "Pieters fiets", "de Jansens") is matched too, without the s (the s stays:
 * "R1s vader"); it was left in the output, as "Sannes" is no word the name matched.
 */
export function compileNames(names: readonly string[]): RegExp | undefined {
  const list = [...new Set(names.map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (!list.length) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}_@])(?:${list.map(namePattern).join('|')})(?=[sS](?![\\p{L}\\p{N}_]|@)|(?![\\p{L}\\p{N}_]|@))`, 'gu');
}

// (foldHidden: the text as a reader sees it; the tokeniser's, one copy for the coder and the names)
export { foldHidden } from '../coding/tokenize.js';
import { foldHidden } from '../coding/tokenize.js';

const canonName = (s: string) => foldMarks(s.trim().replace(/\s+/g, ' ').toLowerCase());

/**
 * How often each name occurs in the texts as the known-name matcher finds it (as written, in
 * Title Case and in CAPITALS; tussenvoegsels in either case), by the name as given. A name found
 * only inside a longer name of the list ("Jan" in "Jan de Vries") counts too.
 */
export function countNames(names: readonly string[], texts: readonly string[]): Map<string, number> {
  const out = new Map<string, number>(names.map((n) => [n, 0]));
  const byCanon = new Map<string, string[]>();
  for (const n of names) byCanon.set(canonName(n), [...(byCanon.get(canonName(n)) ?? []), n]);
  const all = compileNames(names);
  if (!all) return out;
  // (as a reader sees them: a name with a soft hyphen or broken at a line end is replaced too)
  texts = texts.map((t) => foldHidden(t)?.text ?? t);
  for (const t of texts) {
    for (const m of t.matchAll(all)) for (const n of byCanon.get(canonName(m[0])) ?? []) out.set(n, out.get(n)! + 1);
  }
  // (one name inside a longer one: the matcher takes the longest)
  for (const n of names) {
    if (out.get(n) || canonName(n).length < 2) continue;
    const one = compileNames([n])!;
    let k = 0;
    for (const t of texts) for (const _ of t.matchAll(one)) k++;
    out.set(n, k);
  }
  return out;
}

/**
 * Forms of the names in a letter case the known-name matcher does not replace ("petra jansen",
 * "PETRA Jansen" for Petra Jansen): UTF-16 index, the form as written and the name it is a form of.
 */
export function otherCaseForms(names: readonly string[], text: string): Array<{ name: string; index: number; form: string }> {
  const list = [...new Set(names.map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (!list.length) return [];
  const byCanon = new Map(list.map((n) => [canonName(n), n]));
  const exact = new Map(list.map((n) => [canonName(n), new RegExp(`^(?:${namePattern(n)})$`, 'u')]));
  const loose = new RegExp(`(?<![\\p{L}\\p{N}_@])(?:${list.map((n) => tokens(foldMarks(n)).map((t) => markClasses(escapeRe(t))).join('\\s+')).join('|')})(?![\\p{L}\\p{N}_]|@)`, 'giu');
  const out: Array<{ name: string; index: number; form: string }> = [];
  for (const m of text.matchAll(loose)) {
    const c = canonName(m[0]);
    const name = byCanon.get(c);
    if (name && !exact.get(c)!.test(m[0])) out.push({ name, index: m.index!, form: m[0] });
  }
  return out;
}

/**
 * A text in lower case without its accents (NFD, combining marks removed), of the same length in
 * UTF-16 units, so that an index in it is the index in the text: a combining mark becomes a NUL
 * placeholder, a letter whose folded form has another length stays as it is (lower case).
 */
function foldSameLength(text: string): string {
  const lower = text.toLowerCase();
  const base = lower.length === text.length ? lower : text.replace(/[\s\S]/gu, (ch) => (ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch));
  return base.replace(/[^\x00-\x7f]/gu, (ch) => {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '');
    return f.length === ch.length ? f : f.length === 0 ? '\u0000'.repeat(ch.length) : ch;
  });
}

/**
 * Forms of the names that differ from them in accents or diacritics, and perhaps letter case too
 * ("Jose Martin" or "jose martin" for José Martín, "Zoe" for Zoë, "Zoë" for Zoe): the known-name
 * matcher does not replace them. Compared without accents (NFD, combining marks removed) and
 * letter case; a form that is a listed name in another letter case only is left to
 * `otherCaseForms`. UTF-16 index, the form as written and the name it is a form of.
 */
export function otherAccentForms(names: readonly string[], text: string): Array<{ name: string; index: number; form: string }> {
  const list = [...new Set(names.map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n.length >= 2))];
  if (!list.length) return [];
  const canon = new Set(list.map((n) => canonName(n)));
  const byFold = new Map<string, string>();
  for (const n of list) {
    const f = tokens(n).map((t) => foldSameLength(t).replace(/\u0000/g, '')).join(' ');
    if (f && !byFold.has(f)) byFold.set(f, n);
  }
  const folds = [...byFold.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const folded = foldSameLength(text);
  // (a letter may carry marks: each is followed by their placeholders)
  const letters = (w: string) => Array.from(w, (ch) => `${escapeRe(ch)}\\u0000*`).join('');
  const re = new RegExp(`(?<![\\p{L}\\p{N}_@])(?:${folds.map((f) => f.split(' ').map(letters).join('\\s+')).join('|')})(?![\\p{L}\\p{N}_]|@)`, 'gu');
  const out: Array<{ name: string; index: number; form: string }> = [];
  for (const m of folded.matchAll(re)) {
    const form = text.slice(m.index!, m.index! + m[0].length);
    if (canon.has(canonName(form))) continue;
    const name = byFold.get(m[0].replace(/\u0000/g, '').replace(/\s+/g, ' '))!;
    out.push({ name, index: m.index!, form });
  }
  return out;
}
