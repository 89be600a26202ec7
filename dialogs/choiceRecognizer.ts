import { editDistance, foldText } from '../core/text.js';

// "ok" and "done" are left out on purpose: they often mean "I'll try that", not "fixed".
const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'sure',
  'correct',
  'right',
  'true',
  'affirmative',
  'it is',
  'they are',
  'i do',
]);
const NO = new Set([
  'no',
  'n',
  'nope',
  'nah',
  'false',
  'negative',
  'it is not',
  'they are not',
  'i do not',
  'not really',
]);
/** Longest typed answer whose first word may stand for yes or no. */
const MAX_SENTENCE_ANSWER = 80;
/** Hedges: never a yes or a no; they pick a "Not sure"-like choice when there is one. */
const UNSURE = /^(not sure|unsure|no idea|i don'?t know|dont know|don'?t know|not really sure|no clue|maybe|dunno)$/;

/** An answer or a label as compared: folded, final punctuation and extra blanks dropped. */
function fold(text: string): string {
  return foldText(text)
    .replace(/[.!?,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Recognises a typed answer among button labels: the number, the label itself (any case), a
 * small typo of it, the start of it, or yes/no synonyms when the labels begin with Yes/No.
 *
 * @returns the index of the recognised choice, or -1.
 */
export function recognizeChoice(text: string, labels: readonly string[]): number {
  const answer = fold(text);
  if (answer === '') return -1;
  if (/^\d{1,2}$/.test(answer)) {
    const n = Number(answer);
    return n >= 1 && n <= labels.length ? n - 1 : -1;
  }
  const folded = labels.map(fold);
  const exact = folded.indexOf(answer);
  if (exact >= 0) return exact;

  if (UNSURE.test(answer)) return folded.findIndex((l) => /not sure|don'?t know|unknown|unsure/.test(l));

  // "yes, it is running" is a yes; a pasted error that happens to start with "No" is not an answer.
  const firstWord = answer.length <= MAX_SENTENCE_ANSWER ? (answer.slice(0, 16).split(' ')[0] ?? '') : '';
  const yesNo = (set: Set<string>, word: string): number =>
    set.has(answer) || set.has(firstWord)
      ? folded.findIndex((l) => l === word || l.startsWith(`${word},`) || l.startsWith(`${word} `))
      : -1;
  const yes = yesNo(YES, 'yes');
  const no = yesNo(NO, 'no');
  if (yes >= 0 && no < 0) return yes;
  if (no >= 0 && yes < 0) return no;
  // "no" wins over "not sure"-style overlaps only when it is the whole answer.
  if (yes >= 0 && no >= 0) return NO.has(answer) ? no : YES.has(answer) ? yes : -1;

  // A small typo of a whole label ("exchnage 2010"), or an unambiguous start of one. The distance
  // is at least the difference in length, so a paste is rejected by its length before any work.
  const allowed = (label: string): number => Math.max(1, Math.floor(label.length / 6));
  const close = folded
    .flatMap((label, i) =>
      Math.abs(answer.length - label.length) <= allowed(label) ? [{ i, d: editDistance(answer, label), label }] : [],
    )
    .filter((c) => c.d <= allowed(c.label))
    .sort((a, b) => a.d - b.d);
  if (close.length === 1 || (close.length > 1 && (close[0]?.d ?? 0) < (close[1]?.d ?? 0))) return close[0]?.i ?? -1;
  if (answer.length >= 3) {
    const starts = folded.map((label, i) => (label.startsWith(answer) ? i : -1)).filter((i) => i >= 0);
    if (starts.length === 1) return starts[0] ?? -1;
  }
  return -1;
}
