import type { KnowledgeEntry } from '../model.js';
import type { TextNormaliser } from './textNormaliser.js';

/**
 * Error signatures: the verbatim messages and the codes of each entry's errors, found in a post as
 * whole words. A post is checked against the few entries that share a rare word with it (each
 * signature is filed under its rarest word, which any post containing it must contain as a whole
 * word), not against every entry, so the cost follows the post, not the size of the content.
 */

export interface Signature {
  /** Folded error text or code, matched as a substring of the cleaned query. */
  readonly text: string;
  readonly kind: 'code' | 'message';
  readonly original: string;
}

/** An entry one of whose signatures the post contains (or, for a fragment, that contains the post). */
export interface SignatureHit {
  readonly entry: KnowledgeEntry;
  readonly kind: 'code' | 'message';
  readonly original: string;
  readonly length: number;
}

const CODE = /\b(?:code|error|hresult|status)\s*[=:]\s*-?[0-9a-fx]+\b|\b0x[0-9a-f]{6,8}\b|\bc[0-9a-f]{7}\b/gi;

/**
 * The form signatures are compared in: cleaned, punctuation other than joiners dropped, and
 * "code 5", "code = 5" and "code=5" all written "code=5".
 */
export function signatureForm(cleaned: string): string {
  return cleaned
    .replace(/\b(code|error|hresult|status)\s*[=:]?\s*(-?(?:0x)?[0-9a-f]*\d[0-9a-f]*)\b/g, '$1=$2')
    .replace(/[^a-z0-9=./:\\ -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when `needle` occurs in `haystack` as whole words ("code=5" is not inside "code=50043"). */
export function containsWhole(haystack: string, needle: string): boolean {
  // An empty needle is found everywhere and nowhere whole; without this the loop below never ends.
  if (needle === '') return false;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if ((before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9]/.test(after)))
      return true;
    from = at + 1;
  }
}

/** Error signatures of an entry: verbatim messages (long enough to be specific) and error codes. */
export function signaturesOf(entry: KnowledgeEntry, normaliser: TextNormaliser): Signature[] {
  const out: Signature[] = [];
  for (const error of entry.errors) {
    const text = signatureForm(normaliser.clean(error)).replace(/[.!]+$/, '');
    if (text.length >= 24) out.push({ text, kind: 'message', original: error });
    for (const m of error.matchAll(CODE)) {
      const code = signatureForm(normaliser.clean(m[0]));
      out.push({ text: code, kind: 'code', original: m[0] });
    }
  }
  return out;
}

/**
 * The words of a signature form: its runs of letters and digits. When `needle` occurs in `haystack`
 * as whole words (see {@link containsWhole}), every word of the needle is a whole word of the haystack.
 */
function wordsOf(form: string): string[] {
  return form.split(/[^a-z0-9]+/).filter((w) => w !== '');
}

function fileUnder(index: Map<string, number[]>, word: string, doc: number): void {
  const list = index.get(word);
  if (!list) index.set(word, [doc]);
  else if (list[list.length - 1] !== doc) list.push(doc);
}

export class SignatureIndex {
  /** Rarest word of each signature → the entries (ascending) with a signature filed under it. */
  private readonly byRareWord = new Map<string, number[]>();
  /** Every word of each message signature → the entries (ascending) whose messages contain it. */
  private readonly byMessageWord = new Map<string, number[]>();
  /** Entries with a signature that has no word at all (only punctuation): checked for every post. */
  private readonly always: number[] = [];
  /** Entries with a message signature, for a fragment without words. */
  private readonly withMessages: number[] = [];

  constructor(private readonly docs: readonly { entry: KnowledgeEntry; signatures: readonly Signature[] }[]) {
    const frequency = new Map<string, number>();
    for (const doc of docs)
      for (const s of doc.signatures)
        for (const w of new Set(wordsOf(s.text))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
    docs.forEach((doc, i) => {
      for (const s of doc.signatures) {
        const words = wordsOf(s.text);
        const rarest = words.reduce<string | undefined>(
          (best, w) =>
            best === undefined ||
            (frequency.get(w) ?? 0) < (frequency.get(best) ?? 0) ||
            ((frequency.get(w) ?? 0) === (frequency.get(best) ?? 0) && w.length > best.length)
              ? w
              : best,
          undefined,
        );
        if (rarest === undefined) {
          if (this.always[this.always.length - 1] !== i) this.always.push(i);
        } else fileUnder(this.byRareWord, rarest, i);
        if (s.kind === 'message') {
          for (const w of words) fileUnder(this.byMessageWord, w, i);
          if (this.withMessages[this.withMessages.length - 1] !== i) this.withMessages.push(i);
        }
      }
    });
  }

  /**
   * The entries whose signatures `form` (a post in {@link signatureForm}) contains, each with its most
   * specific one; when `fragment`, also the entries one of whose messages contains the whole form.
   * In entry order, as a scan of every entry would find them.
   */
  match(form: string, fragment: boolean): SignatureHit[] {
    const words = new Set(wordsOf(form));
    const candidates = new Set<number>(this.always);
    for (const w of words) for (const i of this.byRareWord.get(w) ?? []) candidates.add(i);
    if (fragment) for (const i of this.containing(words)) candidates.add(i);
    const found: SignatureHit[] = [];
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const doc = this.docs[i];
      if (!doc) continue;
      // The most specific (longest) signature of the entry that the text contains, as whole words.
      const sig = doc.signatures
        .filter((s) => containsWhole(form, s.text))
        .sort(
          (a, b) => Number(b.kind === 'message') - Number(a.kind === 'message') || b.text.length - a.text.length,
        )[0];
      if (sig) found.push({ entry: doc.entry, kind: sig.kind, original: sig.original, length: sig.text.length });
      else if (fragment) {
        const whole = doc.signatures.find((s) => s.kind === 'message' && containsWhole(s.text, form));
        if (whole) found.push({ entry: doc.entry, kind: 'message', original: whole.original, length: form.length });
      }
    }
    return found;
  }

  /** Entries whose messages contain every word of a fragment: those filed under its rarest word. */
  private containing(words: ReadonlySet<string>): readonly number[] {
    if (words.size === 0) return this.withMessages;
    let best: readonly number[] | undefined;
    for (const w of words) {
      const list = this.byMessageWord.get(w);
      if (!list) return [];
      if (!best || list.length < best.length) best = list;
    }
    return best ?? [];
  }
}
