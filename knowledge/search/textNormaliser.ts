import type { Synonyms } from '../model.js';
import { editDistance, foldText } from '../../core/text.js';

/** Words that carry no meaning for matching. */
const STOPWORDS = new Set(
  `a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being am do does did doing have has had having
i me my mine myself we us our ours ourselves you your yours yourself he him his himself she her hers herself it its itself they them their theirs themselves
this that these those there here what which who whom whose when where why how everyone everybody nobody
can cannot could should would will shall may might must not no nor so too very just also only still even yet again ever
get gets got getting please thanks thank hi hello hey help anyone someone somebody any some all each every other another such same
one two three let lets know knows trying try tried want wants need needs issue issues problem problems question questions seem seems
im ive dont doesnt didnt cant isnt arent wasnt werent wont hasnt havent thats theres whats ok okay like use using used way after before
since while during through between over under up down out off than more most much many few lot lots really able unable well`.split(
    /\s+/,
  ),
);

/** Stopwords of four letters or more, for recognising a mistyped one ("olny", "cnanot"). */
const LONG_STOPWORDS = [...STOPWORDS].filter((w) => w.length >= 4);

/**
 * True when `word` is a stopword with one typo (a swapped, missing, extra or wrong letter): it carries
 * no meaning either, and must not count as an unknown word against a match.
 */
export function isMistypedStopword(word: string): boolean {
  if (word.length < 4 || word.length > 8 || !/^[a-z]+$/.test(word)) return false;
  return LONG_STOPWORDS.some(
    (s) => Math.abs(s.length - word.length) <= 1 && s[0] === word[0] && editDistance(s, word) <= 1,
  );
}

/** PowerShell and .NET noise in pasted errors: position lines, category lines, stack frames. */
const NOISE_LINES = [
  /^\s*\+\s*(CategoryInfo|PSComputerName)\b.*$/gim,
  /^\s*\+\s*[~\s]+$/gm,
  /^\s*At line:\d+.*$/gim,
  /^\s*At [A-Za-z]:\\.*$/gm,
  /^\s*at [\w.<>`$]+\(.*\).*$/gm,
  /^\s*---\s*End of (inner exception )?stack trace.*$/gim,
  /^\s*PS [A-Z]:\\[^>]*>\s*/gm,
];

/** Removes PowerShell/stack-trace noise, keeping the message lines. */
export function stripPowerShellNoise(text: string): string {
  // The FullyQualifiedErrorId value names the failing cmdlet and reason: keep it, drop the label.
  let out = text.replace(/^\s*\+?\s*FullyQualifiedErrorId\s*:\s*/gim, '');
  for (const pattern of NOISE_LINES) out = out.replace(pattern, ' ');
  return out;
}

/** Light English stemming: enough to fold plurals and -ing/-ed forms, never below 3 letters. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return trimDouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return trimDouble(word.slice(0, -2));
  if (word.endsWith('es') && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

function trimDouble(word: string): string {
  return /([^aeiouls])\1$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * Turns text into matching tokens: folded, noise removed, split on anything but letters, digits
 * and a few joiners (so `code=50043`, `autodiscover.svc`, `metadata/json/1` survive), stopwords
 * dropped, stemmed, and each synonym group's canonical token added where a variant occurs.
 */
export class TextNormaliser {
  private readonly phraseVariants: {
    readonly pattern: RegExp;
    readonly canonical: string;
    /** The phrase's first word: a text without it as a whole word cannot contain the phrase. */
    readonly first: string | undefined;
  }[] = [];
  private readonly wordVariants = new Map<string, string>();

  constructor(synonyms: Synonyms) {
    for (const group of synonyms.groups) {
      const canonical = group[0];
      if (!canonical) continue;
      for (const variant of group) {
        const folded = foldText(variant).trim();
        if (/\s|-/.test(folded)) {
          this.phraseVariants.push({
            pattern: new RegExp(
              `(?<![\\w])${escapeRegExp(folded).replace(/(?:\\ |\\-|\s)+/g, '[\\s-]+')}(?![\\w])`,
              'g',
            ),
            canonical: canonicalToken(canonical),
            first: /^[a-z0-9]+(?=[\s-])/.exec(folded)?.[0],
          });
        } else {
          this.wordVariants.set(stem(folded), canonicalToken(canonical));
        }
      }
    }
    // Longest phrases first, so "skype for business online" wins over "skype for business".
    this.phraseVariants.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
  }

  /** True when `token` (a stemmed word) is a spelling of a synonym group, so it carries a known meaning. */
  isVariant(token: string): boolean {
    return this.wordVariants.has(token);
  }

  /** Folded text with noise removed, for substring checks (error signatures). */
  clean(text: string): string {
    return foldText(stripPowerShellNoise(text)).replace(/\s+/g, ' ').trim();
  }

  /** Tokens of `text`, synonyms expanded (variants kept, canonical tokens appended). */
  tokens(text: string): string[] {
    const cleaned = readPossessivePic(this.clean(text));
    const extra: string[] = [];
    let rest = cleaned;
    // A phrase starts where no letter or digit precedes it and its first word ends at a blank or
    // dash, so that word is a whole word of the text (replacing a found phrase by a blank never
    // makes new words): phrases whose first word the text lacks are not tried.
    const words = new Set(cleaned.split(/[^a-z0-9]+/));
    for (const { pattern, canonical, first } of this.phraseVariants) {
      if (first !== undefined && !words.has(first)) continue;
      if (pattern.test(rest)) {
        extra.push(canonical);
        pattern.lastIndex = 0;
        rest = rest.replace(pattern, ' ');
      }
      pattern.lastIndex = 0;
    }
    const out: string[] = [];
    for (const raw of cleaned.split(/[^a-z0-9=._/:-]+/)) {
      for (const piece of splitToken(raw)) {
        if (piece.length < 2 || STOPWORDS.has(piece)) continue;
        const s = stem(piece);
        out.push(s);
        const canonical = this.wordVariants.get(s);
        if (canonical && canonical !== s) out.push(canonical);
      }
    }
    return [...out, ...extra];
  }
}

/**
 * "my pic", "her profile pic": a picture, not Public IM Connectivity (PIC), whose abbreviation the
 * content uses and nobody puts after a possessive.
 */
const POSSESSIVE_PIC = /(?<![a-z0-9])(my|his|her|their|your|our|profile|contact|display)\s+pics?(?![a-z0-9])/g;

function readPossessivePic(cleaned: string): string {
  return cleaned.includes('pic') ? cleaned.replace(POSSESSIVE_PIC, '$1 photo') : cleaned;
}

/** Keeps code-like tokens whole (`code=50043`, `autodiscover.svc`) and also yields their parts. */
function splitToken(raw: string): string[] {
  const token = raw.replace(/^[-.:/=_]+|[-.:/=_]+$/g, '');
  if (token === '') return [];
  if (!/[=._/:-]/.test(token)) return [token];
  const parts = token.split(/[=._/:-]+/).filter((p) => p !== '');
  // Whole form only where it is a signature-like token (has a letter and a joiner, short).
  return token.length <= 40 ? [token, ...parts] : parts;
}

function canonicalToken(canonical: string): string {
  return `syn:${foldText(canonical).replace(/\s+/g, '-')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
