import { foldText } from '../../core/text.js';
import { stem } from './textNormaliser.js';

/**
 * The specific things a post names: proper names (SharePoint, Scheduling Assistant, Teams Rooms),
 * codes and numbers (event IDs, error numbers, versions). A best entry that never mentions what the
 * post is specifically about is probably the wrong entry, however many common words they share, so
 * the decision counts the post's specifics that the best entry does not contain.
 */

/** Only the start of a long post is read for names (the problem is stated early). */
const MAX_CHARS = 4000;
const MAX_SPECIFICS = 12;

/** Capitalised words that are not names, wherever they stand (days, months and mail prefixes among them). */
const NOT_NAMES = new Set(
  `i a an the this that these those it its we you they he she my our your their is are was were be been
  if when then but and or so not no yes please thanks thank hi hello hey dear regards cheers also however
  after before while since because although once now today yesterday there here what which who how why where
  can cannot could would should will may might must do does did has have had all any some each every other
  note important example error warning information description unknown null none true false ok
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march april june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec am pm utc gmt re fw fwd`.split(/\s+/),
);

/**
 * Proper names and product terms of a post: capitalised words that do not start a sentence, words
 * with inner capitals (SharePoint, iPhone), and upper-case abbreviations (ABS, MFA), folded.
 */
export function namesOf(text: string, capitalisedWords = true): string[] {
  const out = new Set<string>();
  const sample = text.slice(0, MAX_CHARS);
  for (const m of sample.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*/g)) {
    const word = m[0];
    const at = m.index;
    const before = sample.slice(Math.max(0, at - 3), at);
    const sentenceStart = at === 0 || /(?:[.!?:;>\n]\s*|^\s*)$/.test(before) || /[\n]\s*$/.test(before);
    // "Hi John," and "Thanks Jane": a person greeted or thanked is not what the post is about.
    const greeted = /\b(?:hi|hello|hey|dear|thanks|cheers)[ \t,]{1,3}$/i.test(sample.slice(Math.max(0, at - 10), at));
    // One inner capital is a product name (SharePoint, iPhone); more is a pasted identifier
    // (UnsupportedStoreException), which the signatures and the ranking read instead.
    const humps = (word.slice(1).match(/[A-Z][a-z]/g) ?? []).length;
    const inner = humps === 1 && (/^[a-z]+[A-Z]/.test(word) || /^[A-Z][a-z]+[A-Z][a-z]+$/.test(word));
    const abbreviation = /^[A-Z]{2,6}s?$/.test(word);
    // Languages that capitalise every noun (German) only show names by inner capitals and abbreviations.
    const capitalised = capitalisedWords && /^[A-Z][a-z]{2,}$/.test(word) && !sentenceStart && !greeted;
    if (!(inner || abbreviation || capitalised)) continue;
    const folded = foldText(word);
    if (folded.length < 2 || NOT_NAMES.has(folded)) continue;
    out.add(folded);
    if (out.size >= MAX_SPECIFICS) break;
  }
  return [...out];
}

/** Codes and numbers of three or more digits (event IDs, HTTP and error codes, versions, KB numbers). */
export function numbersOf(text: string): string[] {
  const found = text.slice(0, MAX_CHARS).match(/\b0x[0-9a-f]{4,8}\b|\b\d{3,}\b/gi) ?? [];
  return [...new Set(found.map((n) => n.toLowerCase()))].slice(0, MAX_SPECIFICS);
}

/** The words an entry contains anywhere (folded, and their stems), for checking a post's specifics. */
export function wordsOfEntry(texts: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts)
    for (const w of foldText(text).split(/[^a-z0-9]+/)) {
      if (w === '') continue;
      words.add(w);
      words.add(stem(w));
    }
  return words;
}

/** The specifics of a post that an entry's words do not contain. */
export function unmatchedIn(specifics: readonly string[], entryWords: ReadonlySet<string>): string[] {
  return specifics.filter((s) => {
    const parts = s.split(/[^a-z0-9]+/).filter((p) => p !== '');
    return !parts.every((p) => entryWords.has(p) || entryWords.has(stem(p)));
  });
}
