#!/usr/bin/env node
// Regenerates the three sample sources that cannot be written as plain UTF-8 text:
//   samples/interviews/wijkcoach-02.docx  (Word transcript, bold speaker labels)
//   samples/interviews/wijkcoach-03.txt   (Windows-1252 bytes, as a Dutch Word "save as text" gives)
//   samples/interviews/wijkcoach-05.vtt   (Microsoft Teams export with <v Name> voices)
// All text is invented for qdakit; persons, teams and the municipality are fictional.
// Output is deterministic (fixed zip times and document dates). Run: node scripts/make-samples.mjs
// (or `node scripts/make-samples.mjs DIR` to write the three files into DIR instead, as the tests do).
import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'samples', 'interviews');

function writeAtomic(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Parse "Label: text" lines (blank line between turns) into [label, text] pairs. */
function turns(block) {
  return block
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .map((p) => {
      const m = /^([^:]{1,40}):\s*(.*)$/s.exec(p);
      if (!m) throw new Error(`no speaker label in: ${p.slice(0, 60)}`);
      return [m[1], m[2]];
    });
}

// ---------------------------------------------------------------------------
// wijkcoach-02.docx — Joost, team Molenveld
// ---------------------------------------------------------------------------
const WIJKCOACH_02 = `
Interviewer: Dan gaan we beginnen. Joost, je bent wijkcoach in Molenveld. Kun je iets vertellen over je rol?

Joost: Ja. Ik ben drie jaar wijkcoach. Daarvoor heb ik bij de schuldhulpverlening van de gemeente gewerkt, dus mijn specialisme is eigenlijk geld. Eh, in het wijkteam ben ik een generalist, dat is de bedoeling, maar collega's komen toch vaak bij mij met de schuldenvragen.

Interviewer: En hoe zie je de rol van de jongerenwerkers?

Joost: Eerlijk gezegd weet ik niet zo goed wat ze doen. Ik zie ze in de wijk, ik zie de activiteiten op Facebook. Maar wat hun opdracht is, wie hun opdrachtgever is, waar ze op worden afgerekend… geen idee. En ik denk dat ze dat van ons ook niet weten. Dat is eigenlijk al het probleem.

Interviewer: Hoe merk je dat in het werk?

Joost: Vorige maand had ik een gezin, drie kinderen, de oudste zestien. Moeder zei: hij is veel bij het jongerenwerk. Dus ik bel Spoorwerk, ik krijg een algemeen nummer, ik word drie keer doorverbonden, en uiteindelijk krijg ik iemand die zegt: daar mag ik niks over zeggen. Punt. Nou, dan houdt het op, toch?

Interviewer: Wat had je verwacht?

Joost: Dat we in ieder geval konden afspreken om samen met die jongen te praten. Ik wil niet zijn dossier, ik wil weten of hij oké is. Maar er is blijkbaar geen route voor. Ik vind dat het convenant daar iets over moet zeggen, met een stroomschema of zo. Wie bel je, wat mag je vragen, binnen hoeveel dagen krijg je antwoord.

Interviewer: Dus je zou meer formele afspraken willen?

Joost: Ja. Ik weet dat collega's zeggen: het gaat om de relatie, om elkaar kennen. Prima, maar ik ben nieuw in Molenveld en ik ken niemand. Als het alleen op relaties draait, dan sta je als nieuwe medewerker dus buiten spel. Afspraken zijn er juist voor als je elkaar niet kent.

Interviewer: Hoe gaat de casuïstiekbespreking in Molenveld?

Joost: Die is, eh, eerlijk gezegd niet zo gestructureerd. We praten veel. Er wordt veel gedeeld, iedereen vertelt wat hij weet, maar aan het eind weet ik vaak niet wat er nou besloten is. Het jongerenwerk is er zelden bij. Ik denk één keer in de drie maanden.

Interviewer: En het delen van informatie?

Joost: Dat is ook een drama, sorry dat ik het zo zeg. We hebben een registratiesysteem dat niet met dat van Spoorwerk praat, en met de AVG durft niemand meer iets te mailen. Dus het gaat allemaal via de telefoon en dan staat er niks op papier. Als er dan iets misgaat, kan niemand terugvinden wie wat wist.

Interviewer: Welke belangen spelen er voor het wijkteam?

Joost: Wij worden gemeten op het aantal afgesloten trajecten. Dus eh, als ik een jongere erbij haal en dat duurt een half jaar, dan gaat mijn cijfer omlaag. Mijn teamleider zegt daar niks van, maar je voelt het wel.

Interviewer: Is er een gedeelde ambitie, denk je?

Joost: Ik neem aan van wel. Iedereen wil het beste voor de jongeren, toch? Maar het is nergens uitgeschreven, in ieder geval niet dat ik weet.

Interviewer: Hoe is het vertrouwen?

Joost: Ik heb niks tegen ze. Maar vertrouwen moet groeien, en daar heb je contact voor. Dat contact is er niet. Dus ja.

Interviewer: Kunnen jullie zonder elkaar?

Joost: Op dit moment? Ja, eigenlijk wel. Dat is ook een beetje treurig. Ik denk dat we elkaar nodig zouden moeten hebben, maar zo werkt het nu niet.

Interviewer: Wat zou je willen verbeteren?

Joost: Eén telefoonnummer per buurt. Een vaste jongerenwerker die je kan bellen. En een stroomschema voor het delen van informatie, dat de jurist van de gemeente en die van Spoorwerk samen maken. Dan hoef je niet elke keer opnieuw te onderhandelen.

Interviewer: Nog iets toe te voegen?

Joost: Nee. Sorry als ik negatief klink. Ik denk dat het beter kan, dat is het.
`;

// ---------------------------------------------------------------------------
// wijkcoach-03.txt — Mariëlle, team De Kolk (written as Windows-1252 bytes)
// ---------------------------------------------------------------------------
const WIJKCOACH_03 = `Interview wijkcoach team De Kolk – 3 december 2024 – locatie: café “De Zwaan”, Kolkstraat

Interviewer: Zullen we beginnen? De opname staat aan.

Mariëlle: Ja, prima. Sorry voor de herrie hier, ik wilde even de deur uit, op kantoor kan je niet praten.

Interviewer: Geen probleem. Kun je vertellen wat je rol is als wijkcoach?

Mariëlle: Vijftien jaar zit ik in dit vak, eerst als maatschappelijk werker en nu als wijkcoach in De Kolk. Ik heb veel gezinnen die al generaties in de wijk wonen. Mijn rol… ik zeg altijd: ik ben de huisarts van het sociaal domein. Ik zie alles, ik doe zelf een deel, en voor de rest verwijs ik door.

Interviewer: Hoe zie je het jongerenwerk daarin?

Mariëlle: Het jongerenwerk is voor mij een partner, maar ik moet eerlijk zijn: de samenwerking is er vooral omdat ik de mensen al zo lang ken. Ik ken de jongerenwerkers van De Kolk van toen ze zelf nog in het jongerencentrum hingen, haha. Die relatie is goud waard.

Interviewer: Hoe gaat het als de organisaties iets anders willen?

Mariëlle: Dan wordt het lastig. Kijk, de gemeente heeft een ‘productiegerichte’ manier van kijken. Hoeveel cliënten, hoeveel trajecten, hoeveel euro. Ik heb een maatwerkbudget van € 2.500 per gezin, en daar moet ik alles voor verantwoorden. Spoorwerk heeft weer een heel andere verantwoording. En dan zitten wij aan tafel en praten we over één jongen, maar eigenlijk zitten er twee boekhoudingen aan tafel.

Interviewer: Worden die verschillende belangen besproken?

Mariëlle: Nee. Nooit. Dat gebeurt boven ons, bij de managers, en daar zitten wij niet bij. Wij horen dan achteraf dat er “nieuwe afspraken” zijn. Vorig jaar kregen we een mail: vanaf nu alle jongeren onder de achttien eerst via het jongerenwerk. Zonder overleg. Niemand wist wat het betekende.

Interviewer: Wat deden jullie toen?

Mariëlle: We hebben het genegeerd, eerlijk gezegd. Iedereen ging door zoals hij het deed. Na drie maanden is het stilletjes weer ingetrokken.

Interviewer: Hoe verlopen de gezamenlijke overleggen?

Mariëlle: Te veel overleg, te weinig besluiten. Ik zit soms zes uur per week in overleggen. Casuïstiek, netwerkoverleg, teamoverleg, het jeugdoverleg met de wijkagent. En in al die overleggen zitten deels dezelfde mensen die hetzelfde verhaal vertellen. Dat is niet efficiënt.

Interviewer: Zijn er dingen die je samen met het jongerenwerk onderneemt?

Mariëlle: Ja, en dat is het mooie. Met Wesley, de jongerenwerker van De Kolk, doe ik één keer per maand een “wijkwandeling”. Dan lopen we samen door de buurt, gaan we bij de snackbar zitten, en zien de jongeren ons samen. Dan zien ze: die mevrouw van het wijkteam is oké, want Wesley vindt haar oké. Dat hebben we zelf bedacht, niemand heeft ons dat gevraagd.

Interviewer: En hoe is het vertrouwen?

Mariëlle: Tussen Wesley en mij? Honderd procent. Tussen het wijkteam en Spoorwerk als organisaties? Dat weet ik niet. Ik denk dat de managers elkaar nauwelijks kennen.

Interviewer: Wat zou je willen veranderen?

Mariëlle: Dat de managers een keer een dag meelopen. En dat er ruimte komt om dingen uit te proberen zonder dat alles eerst geëvalueerd en goedgekeurd moet worden. De beste ideeën komen van de werkvloer, maar niemand vraagt ernaar.

Interviewer: Kunnen jullie zonder elkaar?

Mariëlle: Technisch gezien wel. Maar dan doen we allebei half werk. Wil je nog koffie? Ik ga even bestellen… Nee? Oké.

Interviewer: Heb je nog ideeën die we nog niet besproken hebben?

Mariëlle: Eén: zet de jongerenwerker en de wijkcoach in hetzelfde gebouw. In De Kolk zitten ze aan de andere kant van de wijk. Twee: hou op met het veranderen van de structuur. Elke keer als het net loopt, wordt het weer omgegooid.
`;

// ---------------------------------------------------------------------------
// wijkcoach-05.vtt — Ruud, team Het Broek, Teams recording
// ---------------------------------------------------------------------------
const WIJKCOACH_05 = `
Lotte Brinkman: Oké, ik zie dat de opname loopt. Ruud, kun je me goed horen?

Ruud Kampstra: Ja, prima. Ik zit thuis, dus als de hond blaft, dan weet je het.

Lotte Brinkman: Haha, geen probleem. Kun je vertellen wat je rol als wijkcoach is?

Ruud Kampstra: Ik ben elf jaar wijkcoach, in Het Broek. Ik zit er sinds het begin, toen het nog het sociaal loket heette. Ik doe vooral de complexe gezinnen, waar meerdere hulpverleners bij zitten.

Ruud Kampstra: En ik ben ook aandachtsfunctionaris jeugd in ons team, dus de jongerenvragen komen vaak bij mij.

Lotte Brinkman: Hoe zie jij de rolverdeling met het jongerenwerk?

Ruud Kampstra: Helder, vind ik. Zij doen preventie, ze zijn er voordat er problemen zijn. Wij komen als er al wat aan de hand is. Alleen, eh, die grens is tegenwoordig heel vaag, want het jongerenwerk krijgt steeds zwaardere jongeren.

Lotte Brinkman: Hoe ga je om met een casus die niet in de standaard werkwijze past?

Ruud Kampstra: Dan bel ik mijn collega's, en meestal ook de jongerenwerker. We zoeken het samen uit. Ik vind dat je moet durven afwijken van het proces als de situatie daarom vraagt. Ik zeg altijd: het proces is er voor het gezin, niet andersom.

Lotte Brinkman: Hoe verloopt het delen van informatie?

Ruud Kampstra: Dat is in de coronatijd echt verslechterd. Toen zat iedereen thuis en hebben we elkaar eigenlijk een jaar niet gezien. Sindsdien is er veel via Teams, en dat werkt voor overleg, maar niet om elkaar te leren kennen. Ik merk dat ik de nieuwe jongerenwerkers in Het Broek gewoon niet ken.

Lotte Brinkman: En de casuïstiekbesprekingen?

Ruud Kampstra: Die zijn nu weer fysiek. Het jongerenwerk komt als ze worden uitgenodigd. Eerlijk gezegd vergeten we ze weleens uit te nodigen. Dat is slordig van ons.

Lotte Brinkman: Welke belangen spelen er?

Ruud Kampstra: Werkdruk, vooral. Wij hebben een wachtlijst in Het Broek, zes weken. Als ik dan ook nog tijd moet steken in afstemmen met het jongerenwerk, dan gaat dat ten koste van de gezinnen op de wachtlijst. Dat is de afweging die ik elke dag maak.

Lotte Brinkman: En de relatie, het vertrouwen?

Ruud Kampstra: Met de oudgedienden goed. We hebben samen dingen meegemaakt. Met de nieuwe mensen moet het nog groeien, en ik heb daar eerlijk gezegd de tijd niet voor.

Lotte Brinkman: Wat is volgens jou de gezamenlijke ambitie?

Ruud Kampstra: Dat jongeren in Het Broek een eerlijke kans krijgen. Dat zou iedereen zo zeggen. Alleen is het nooit samen uitgesproken, het is meer een gevoel.

Lotte Brinkman: Kunnen jullie zonder elkaar?

Ruud Kampstra: Nee. Maar ik denk dat we het nu te veel laten afhangen van toeval.

Lotte Brinkman: Wat zou je willen verbeteren?

Ruud Kampstra: Minder werkdruk, dat is het belangrijkste. En een vast moment waarop we elkaar fysiek zien, bijvoorbeeld een keer per maand lunchen met het jongerenwerk. Klinkt stom, maar dat werkt.

Lotte Brinkman: Dank je wel, Ruud. Ik stop de opname.
`;

async function makeDocx() {
  const { Document, Packer, Paragraph, TextRun, HeadingLevel } = await import('docx');
  const { unzipSync, zipSync, strToU8, strFromU8 } = await import('fflate');
  const children = [
    new Paragraph({ text: 'Transcript interview wijkcoach – team Molenveld', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ children: [new TextRun({ text: 'Datum: 26 november 2024. Locatie: spreekkamer wijkteam Molenveld. Duur: 41 minuten.', italics: true })] }),
  ];
  for (const [label, text] of turns(WIJKCOACH_02)) {
    children.push(new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)] }));
  }
  const doc = new Document({
    creator: 'qdakit samples',
    lastModifiedBy: 'qdakit samples',
    title: 'Interview wijkcoach Molenveld (fictief)',
    description: 'Invented sample transcript for qdakit',
    sections: [{ children }],
  });
  const raw = new Uint8Array(await Packer.toBuffer(doc));
  // Make the package reproducible: fixed document dates and fixed zip entry times.
  const files = unzipSync(raw);
  const fixed = '2024-11-26T10:00:00Z';
  if (files['docProps/core.xml']) {
    const core = strFromU8(files['docProps/core.xml']).replace(
      /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
      `$1${fixed}$2`,
    );
    files['docProps/core.xml'] = strToU8(core);
  }
  const mtime = new Date('2024-11-26T10:00:00Z');
  const entries = {};
  for (const name of Object.keys(files).sort()) entries[name] = [files[name], { mtime }];
  writeAtomic(join(outDir, 'wijkcoach-02.docx'), zipSync(entries, { level: 6 }));
}

async function makeCp1252() {
  const iconv = (await import('iconv-lite')).default;
  const text = WIJKCOACH_03.replace(/^\n/, '');
  const bytes = iconv.encode(text, 'win1252');
  const back = iconv.decode(bytes, 'win1252');
  if (back !== text) throw new Error('wijkcoach-03: text contains characters outside Windows-1252');
  writeAtomic(join(outDir, 'wijkcoach-03.txt'), bytes);
}

function stamp(ms) {
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const r = ms % 1000;
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)}.${p(r, 3)}`;
}

function makeVtt() {
  // Teams splits long turns into cues of at most ~14 words and gives each cue a GUID-like id.
  const lines = ['WEBVTT', ''];
  let t = 2_140;
  let n = 0;
  for (const [voice, text] of turns(WIJKCOACH_05)) {
    const words = text.split(/\s+/);
    for (let i = 0; i < words.length; i += 14) {
      const chunk = words.slice(i, i + 14).join(' ');
      const dur = 380 * Math.min(14, words.length - i) + 260;
      n += 1;
      lines.push(`7d3f1c2a-5b0e-4c1d-9a8e-2f6b${String(n).padStart(8, '0')}/${n}-0`);
      lines.push(`${stamp(t)} --> ${stamp(t + dur)}`);
      lines.push(`<v ${voice}>${chunk}</v>`);
      lines.push('');
      t += dur + 120;
    }
    t += 700;
  }
  writeAtomic(join(outDir, 'wijkcoach-05.vtt'), lines.join('\n'));
}

await makeDocx();
await makeCp1252();
makeVtt();
console.log(`wrote wijkcoach-02.docx, wijkcoach-03.txt (windows-1252), wijkcoach-05.vtt in ${outDir}`);
