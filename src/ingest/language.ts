import type { Lang } from '../model/types.js';

const NL = new Set('de het een en van ik je jij we wij zij ze niet dat die dit is zijn was waren met voor op aan er maar ook als dan wel nog heel bij naar om uit hoe wat wie waar omdat want dus toch gewoon echt zo heb hebben heeft kan kunnen moet moeten wordt worden gaat gaan zou zou mijn onze ons hun geen meer'.split(' '));
const EN = new Set('the a an and of i you we they he she it not that this is are was were with for on at to but also if then well still very by from how what who where because so just really have has had can could must should will would my our their no more do does did been being'.split(' '));

/** Guess Dutch vs English by counting stop words in (the first 20,000 characters of) a text. */
export function guessLanguage(text: string): Lang | undefined {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  let nl = 0;
  let en = 0;
  // (the runs of letters and apostrophes: split between them, cheaper than matching each)
  for (const w of sample.toLowerCase().split(/[^\p{L}']+/u)) {
    if (NL.has(w)) nl++;
    if (EN.has(w)) en++;
  }
  if (nl + en < 3) return undefined;
  return nl >= en ? 'nl' : 'en';
}
