/**
 * Drives the REAL program in a pseudo-terminal (tmux): keys in, screen out.
 * Needs tmux and the built dist/ (npm test runs tsc first).
 */
import { describe, expect, it, afterEach } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { parseCodingsJson } from '../../src/ingest/read-codings.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'tests/fixtures/review');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasDist = existsSync(join(root, 'dist/cli/main.js'));
const why = !hasTmux ? 'SKIPPED: tmux is not installed (apt-get install tmux)' : !hasDist ? 'SKIPPED: dist/ is not built (run npx tsc -p . first)' : '';
if (why) console.warn(`tests/review/pty.test.ts ${why}`);

let n = 0;
const sockets: string[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) spawnSync('tmux', ['-L', s, 'kill-server']);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(inline: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-review-'));
  dirs.push(dir);
  for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(dir, f));
  // b: Windows-1252 with CRLF line ends
  writeFileSync(join(dir, 'gesprek-b.txt'), iconv.encode(readFileSync(join(fixtures, 'gesprek-b.txt'), 'utf8'), 'windows-1252'));
  if (inline) writeFileSync(join(dir, 'qda.yaml'), 'codingsStore: inline\n');
  return dir;
}

function session(dir: string, command: string, o: { width?: number; height?: number; lang?: 'nl' | 'en' } = {}) {
  const sock = `qda-review-${process.pid}-${++n}`;
  sockets.push(sock);
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', sock, ...args], { encoding: 'utf8' });
  const env = `env NO_COLOR=1 QDA_LANG=${o.lang ?? 'en'}`;
  tmux('new-session', '-d', '-x', String(o.width ?? 100), '-y', String(o.height ?? 30), '-c', dir, command.startsWith('exec ') ? `exec ${env} ${command.slice(5)}` : `${env} ${command}`);
  const screen = (history = false) => {
    try {
      return history ? tmux('capture-pane', '-p', '-J', '-S', '-') : tmux('capture-pane', '-p');
    } catch {
      return '';
    }
  };
  const waitFor = async (text: string | RegExp, ms = 15000) => {
    const until = Date.now() + ms;
    for (;;) {
      const s = screen();
      if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
      if (Date.now() > until) throw new Error(`timed out waiting for ${text}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const keys = (...k: string[]) => tmux('send-keys', ...k);
  const type = (t: string) => tmux('send-keys', '-l', t);
  const panePid = () => Number(tmux('list-panes', '-F', '#{pane_pid}').trim());
  return { screen, waitFor, keys, type, panePid, kill: () => void spawnSync('tmux', ['-L', sock, 'kill-server']) };
}

const qda = `node ${JSON.stringify(join(root, 'bin/qda.js'))}`;
const A = readFileSync(join(fixtures, 'gesprek-a.txt'), 'utf8');
const B = readFileSync(join(fixtures, 'gesprek-b.txt'), 'utf8');
const bracket = (text: string, span: string, marker: string) => {
  expect(text).toContain(span);
  return text.replace(span, `[[${span}]]${marker}`);
};
const seg1 = "Ik vertrouw de collega's van het wijkteam wel, we kennen elkaar al jaren.";
const seg3 = 'De afspraken over de overdracht zijn niet altijd duidelijk, dan is er weer overleg nodig.';
const segB = 'Het vertrouwen in de intern begeleider is groot, échte afspraken maken we samen.';

describe.skipIf(!!why)(`qda review in a pseudo-terminal (tmux)${why ? ` — ${why}` : ''}`, () => {
  it('accept, reject, change (type to filter), undo, next source, quit: codings saved inline, sources otherwise byte-identical', async () => {
    const dir = project(true);
    const t = session(dir, `${qda} review gesprek-a.txt gesprek-b.txt -c codebook.yaml --order source; echo EXIT=$?; sleep 30`);
    await t.waitFor('suggestion 1/7');
    expect(t.screen()).toContain('Ik [vertrouw] de collega');
    expect(t.screen()).toContain('a accept · r reject · c change');
    t.keys('a');
    await t.waitFor('suggestion 2/7');
    t.keys('r');
    await t.waitFor('suggestion 3/7');
    t.keys('c');
    await t.waitFor('Change code to');
    t.type('confl');
    await t.waitFor('▸ Conflict (conflict)');
    t.keys('Enter');
    await t.waitFor('suggestion 4/7');
    t.keys('a');
    await t.waitFor('suggestion 5/7');
    t.keys('u');
    await t.waitFor('undone: accept overleg');
    expect(t.screen()).toContain('suggestion 4/7');
    t.keys(']');
    await t.waitFor('gesprek-b.txt');
    t.keys('a');
    await t.waitFor(/suggestion 7\/7/);
    t.keys('q');
    const end = await t.waitFor('EXIT=0');
    expect(end).toMatch(/qda review: 4 decisions in total/);
    expect(end).not.toContain('\u001b');

    const doc = JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8'));
    expect(doc.decisions.map((d: { segment: string; decision: string; code: string }) => `${d.segment} ${d.decision} ${d.code}`)).toEqual([
      'gesprek-a#1 accept vertrouwen',
      'gesprek-a#3 reject afspraken',
      'gesprek-a#3 change conflict',
      'gesprek-b#1 accept afspraken',
    ]);
    expect(doc.codings).toEqual([]);
    // each decision records its passage (rejections too), so that a resumed review on an edited source can place it
    expect(doc.decisions.map((d: { text?: string }) => d.text)).toEqual([seg1, seg3, seg3, segB]);
    // the sources: exactly the markers inserted, every other byte as before
    let a = bracket(A, seg1, '{{vertrouwen}}');
    a = bracket(a, seg3, '{{conflict}}');
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toBe(a);
    const b = iconv.encode(bracket(B, segB, '{{afspraken}}'), 'windows-1252');
    expect(Buffer.compare(readFileSync(join(dir, 'gesprek-b.txt')), b)).toBe(0);
    // the markers read back as human codings with the right spans
    const coded = parseCodingsJson(execFileSync('node', [join(root, 'bin/qda.js'), 'code', 'gesprek-a.txt', 'gesprek-b.txt', '-c', 'codebook.yaml'], { cwd: dir, encoding: 'utf8' }), 'stdout');
    const human = coded.codings.filter((c: { coder: string }) => c.coder === 'human').map((c: { segmentId: string; code: string; start: number; end: number; sourceId: string }) => {
      const src = coded.sources.find((s: { id: string }) => s.id === c.sourceId);
      return `${c.segmentId} ${c.code} ${Array.from(src.text as string).slice(c.start, c.end).join('')}`;
    });
    expect(human).toEqual([`gesprek-a#1 vertrouwen ${seg1}`, `gesprek-a#3 conflict ${seg3}`, `gesprek-b#1 afspraken ${segB}`]);
  }, 90000);

  it('killed mid-review (SIGKILL): every earlier decision is kept, files are whole, a restart resumes', async () => {
    const dir = project(true);
    const t = session(dir, `exec ${qda} review gesprek-a.txt gesprek-b.txt -c codebook.yaml --order source`);
    await t.waitFor('suggestion 1/7');
    t.keys('a');
    await t.waitFor('suggestion 2/7');
    t.keys('r');
    await t.waitFor('suggestion 3/7');
    t.keys('s');
    await t.waitFor('Split');
    t.type('weer overleg');
    t.keys('Enter');
    await t.waitFor('suggestion 4/7');
    const killed = t.panePid();
    process.kill(killed, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    t.kill();

    const doc = JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8'));
    expect(doc.decisions.map((d: { decision: string; code: string }) => `${d.decision} ${d.code}`)).toEqual(['accept vertrouwen', 'reject afspraken', 'split overleg']);
    // (the rejection's passage, like its offsets, follows the marker the split put into it)
    expect(doc.decisions.map((d: { text?: string }) => d.text)).toEqual([seg1, seg3.replace('weer overleg', '[[weer overleg]]{{overleg}}'), 'weer overleg']);
    let a = bracket(A, seg1, '{{vertrouwen}}');
    a = bracket(a, 'weer overleg', '{{overleg}}');
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toBe(a);
    expect(Buffer.compare(readFileSync(join(dir, 'gesprek-b.txt')), iconv.encode(B, 'windows-1252'))).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // every decision's span is in the source text as it is now, within its segment (the rejection
    // made after the first marker went in was stored in the text as read, before that marker: a
    // resumed review then said it no longer stood on its segment)
    const segs = new Map(
      execFileSync(process.execPath, [join(root, 'bin/qda.js'), 'segments', 'gesprek-a.txt', '--format', 'csv'], { cwd: dir, encoding: 'utf8' })
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .map((c) => [c[0], [Number(c[9]), Number(c[10])]] as const),
    );
    for (const d of doc.decisions as Array<{ segment: string; start: number; end: number }>) {
      const [s0, s1] = segs.get(d.segment)!;
      expect(d.start >= s0 && d.end <= s1, `${d.segment} ${d.start}–${d.end} in ${s0}–${s1}`).toBe(true);
    }

    // resume: the 3 decided suggestions are not asked again
    const t2 = session(dir, `${qda} review gesprek-a.txt gesprek-b.txt -c codebook.yaml --order source; echo EXIT=$?; sleep 30`);
    // (the lock the killed review left is taken over, and said with its process id before the screen opens: was without a word)
    await t2.waitFor('Enter: start the review');
    expect(t2.screen(true)).toContain(`qda-decisions.json: info: qda-decisions.json.qda-lock was left by qda review (process ${killed}) that is no longer running (stopped or killed before it finished): taken over`);
    t2.keys('Enter');
    await t2.waitFor('suggestion 1/4');
    t2.keys('q');
    await t2.waitFor('EXIT=0');
  }, 90000);

  it('file store: decisions land in the decisions file, sources untouched; kill -9 keeps them', async () => {
    const dir = project(false);
    const t = session(dir, `exec ${qda} review gesprek-a.txt gesprek-b.txt -c codebook.yaml --order confidence`);
    await t.waitFor('suggestion 1/7');
    t.keys('a');
    await t.waitFor('suggestion 2/7');
    t.keys('m');
    t.type('twijfel');
    t.keys('Enter');
    await t.waitFor('memo: twijfel');
    t.keys('r');
    await t.waitFor('suggestion 3/7');
    process.kill(t.panePid(), 'SIGKILL');
    t.kill();
    const doc = JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8'));
    expect(doc.decisions.map((d: { decision: string; score: number; memo?: string }) => `${d.decision} ${d.score} ${d.memo ?? ''}`)).toEqual(['accept 0.95 ', 'reject 0.95 twijfel']);
    // (the rejection records its passage too)
    for (const d of doc.decisions as Array<{ source: string; start: number; end: number; text?: string }>) expect(d.text).toBe(Array.from(d.source === 'gesprek-a' ? A : B).slice(d.start, d.end).join(''));
    expect(doc.codings).toHaveLength(1);
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toBe(A);
  }, 90000);
  // a second codebook with a code named like one of the first ("Overleg"), a Dutch name to find from the English screen,
  // a very long name; and a source whose marker names no code (a warning about the sources)
  const second = [
    'id: tweede',
    'name: {nl: "Tweede boek: een test", en: "Second book: a test"}',
    'language: nl',
    'codes:',
    '  - id: procesaandacht',
    '    name: {nl: Aandacht voor de kwaliteit van het proces en van de gemaakte afspraken, en: Attention to the quality of the process and of the agreements made}',
    '    rules:',
    '      - keywords: {nl: [gemeente]}',
    '  - id: rollen',
    '    name: {nl: Rolverdeling, en: Division of roles}',
    '    aliases: {en: [who does what]}',
    '  - id: overleg-b',
    '    name: {nl: Overleg, en: Consultation}',
    '',
  ].join('\n');
  for (const lang of ['en', 'nl'] as const) {
    it(`80×24 (${lang}): warnings before the screen opens and not again after it, the score in view, the code filter by both languages and aliases, shared names qualified`, async () => {
      const dir = project(false);
      writeFileSync(join(dir, 'tweede.yaml'), second);
      writeFileSync(join(dir, 'gesprek-c.txt'), 'Interviewer: En verder?\nRespondent: Niets bijzonders. {{onbekende-code-xyz}}\n');
      const nl = lang === 'nl';
      const browse = nl ? /q stop\s*$/m : /q quit\s*$/m;
      const t = session(dir, `${qda} review gesprek-a.txt gesprek-b.txt gesprek-c.txt -c codebook.yaml -c tweede.yaml --only procesaandacht; echo EXIT=$?; sleep 30`, { width: 80, height: 24, lang });
      // the warning, then a prompt: the full screen waits until the researcher has read it
      const before = await t.waitFor(nl ? /1 melding hierboven/ : /1 message above/);
      expect(before).toContain('onbekende-code-xyz');
      expect(before).not.toContain(nl ? 'suggestie 1/' : 'suggestion 1/');
      t.keys('Enter');
      const first = await t.waitFor(nl ? 'suggestie 1/' : 'suggestion 1/');
      // the score stays in view; the long name gives way
      const suggested = first.split('\n').find((l) => l.startsWith(nl ? 'Voorgesteld: ' : 'Suggested: '))!;
      expect(suggested).toMatch(/… \(procesaandacht\) · rules · score [01]([.,]\d+)?\s*$/);
      // type to filter: a Dutch name from the English screen, an English name from the Dutch one, an alias, diacritics folded
      t.keys('c');
      await t.waitFor(nl ? 'Code wijzigen in' : 'Change code to');
      t.type(nl ? 'división' : 'rolv');
      await t.waitFor(nl ? '▸ Rolverdeling (rollen)' : '▸ Division of roles (rollen)');
      t.keys('Escape');
      await t.waitFor(browse);
      t.keys('c');
      await t.waitFor(nl ? 'Code wijzigen in' : 'Change code to');
      t.type('who does');
      await t.waitFor(nl ? '▸ Rolverdeling (rollen)' : '▸ Division of roles (rollen)');
      t.keys('Escape');
      await t.waitFor(browse);
      // two codes of different codebooks with one name: qualified by their codebook, as in tables
      t.keys('c');
      await t.waitFor(nl ? 'Code wijzigen in' : 'Change code to');
      t.type(nl ? 'overleg' : 'consult');
      const list = await t.waitFor(nl ? /Code wijzigen in: overleg▏[^]*Overleg \(Tweede boek\) \(overleg-b\)/ : /Change code to: consult▏[^]*Consultation \(Second book\) \(overleg-b\)/);
      expect(list).toContain(nl ? 'Overleg (review-test) (overleg)' : 'Consultation (review-test) (overleg)');
      t.keys('Escape');
      await t.waitFor(browse);
      t.keys('a');
      t.keys('q');
      const end = await t.waitFor('EXIT=0');
      expect(end).toMatch(nl ? /qda review: 1 beslissing/ : /qda review: 1 decision/);
      // the warning was printed once (before the screen opened), not again after quitting
      const all = t.screen(true);
      expect(all.split('onbekende-code-xyz').length - 1).toBe(before.split('onbekende-code-xyz').length - 1);
      expect(all.indexOf('onbekende-code-xyz')).toBeLessThan(all.indexOf(nl ? 'qda review: 1 beslissing' : 'qda review: 1 decision'));
    }, 90000);
  }
});
