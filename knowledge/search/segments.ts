/**
 * Long posts, read the way a helpdesk engineer reads them: real posts ramble (context, then the
 * problem, then a pasted error, then thanks), so the post is split into sentences and pasted lines,
 * each piece is given a kind, and the search scores the problem pieces on their own as well as the
 * whole post. Pure and bounded: the cost grows with the text's length only.
 */

export type SegmentKind = 'error' | 'problem' | 'question' | 'context' | 'pleasantry';

export interface Segment {
  readonly text: string;
  readonly kind: SegmentKind;
}

/** One way of reading the query: the whole post, its problem digest, or one problem piece. */
export interface QueryView {
  readonly kind: 'whole' | 'digest' | 'segment';
  readonly text: string;
  /** How much a match on this view counts against a match on the whole post (0..1]. */
  readonly weight: number;
}

/** A post with fewer pieces than this is read whole only. */
const MIN_SEGMENTS_TO_SPLIT = 3;
/** At most this many single pieces are scored on their own, besides the whole post and the digest. */
const MAX_SEGMENT_VIEWS = 4;
/** Pieces and digests are cut to these lengths: a view is a question, not a screenful. */
const MAX_SEGMENT_CHARS = 400;
const MAX_DIGEST_CHARS = 1500;
/** Only the start of a very long paste is split (the problem is stated early; the rest is output). */
const MAX_SPLIT_CHARS = 6000;
/** Matches on a part of the post count a little less than the same match on the whole post. */
const DIGEST_WEIGHT = 0.97;
const SEGMENT_WEIGHT = 0.92;

/** Lines of pasted output: PowerShell prompts and errors, stack frames, log fields, codes. */
const PASTE_LINE =
  /^\s*(?:PS [A-Z]:\\|\[PS\]|At line:|At [A-Z]:\\|\+\s|[A-Z][\w-]+-[A-Z][\w]+\s*:|VERBOSE:|WARNING:|Log Name:|Source:|Event ID:|Description:|Exception|[\w.]+Exception\b|\s*at [\w.<>]+\()/;
const ERROR_CUE =
  /\b(?:error|exception|failed|failure|fault|hresult|denied|code\s*[=:]\s*-?\w+|0x[0-9a-f]{4,}|could not|couldn't|cannot|can't|unable to|invalid|timed out)\b/i;
const PROBLEM_CUE =
  /\b(?:not|no longer|never|cannot|can't|couldn't|unable|fail(?:s|ed|ing|ure)?|errors?|missing|blank|empty|gr[ae]yed|disabled|wrong|stuck|stopped|disappear(?:s|ed)?|gone|broken|issues?|problems?|only|won't|doesn't|don't|isn't|aren't|didn't|wasn't|prompted|unavailable|read-only|read only)\b/i;
const QUESTION_START =
  /^(?:how|why|what|where|when|which|who|is there|are there|can i|can we|can you|could|should|do i|do we|does|did|is it|would|any idea|anyone)\b/i;
const PLEASANTRY =
  /^(?:hi|hello|hey|dear|thanks|thank you|many thanks|regards|kind regards|best regards|cheers|best|greetings|good (?:morning|afternoon|evening)|any (?:ideas|help|pointers|suggestions)|appreciate|great (?:post|article|blog|series))\b/i;

/** Splits a post into sentences and pasted lines (pasted lines stay whole, consecutive ones together). */
export function splitPost(text: string): Segment[] {
  const segments: Segment[] = [];
  let paste: string[] = [];
  const flush = (): void => {
    if (paste.length > 0) segments.push({ text: paste.join('\n'), kind: 'error' });
    paste = [];
  };
  for (const line of text.slice(0, MAX_SPLIT_CHARS).split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (PASTE_LINE.test(line)) {
      paste.push(line);
      continue;
    }
    flush();
    for (const sentence of sentencesOf(line)) segments.push({ text: sentence, kind: kindOf(sentence) });
  }
  flush();
  return segments;
}

/** Sentences of one line: split after . ! ? when a capital, quote or bracket follows. */
function sentencesOf(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+(?=["'([A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A label that announces the problem ("The issue:", "Here is the problem:"): what follows it is read
 * on its own words, the label's "issue" is no evidence that the sentence states one.
 */
const PROBLEM_LABEL =
  /^(?:(?:the|my|our)\s+(?:issue|problem)(?:\s+is)?|(?:issue|problem)|here(?:'s|\s+is)\s+(?:the|my|our)\s+(?:issue|problem))\s*:\s*/i;

function kindOf(labelled: string): SegmentKind {
  const sentence = labelled.replace(PROBLEM_LABEL, '');
  const words = sentence.split(/\s+/).length;
  if (PLEASANTRY.test(sentence) && words <= 12 && !PROBLEM_CUE.test(sentence)) return 'pleasantry';
  if (/[:"“'].{12,}/.test(sentence) && ERROR_CUE.test(sentence)) return 'error';
  if (/\?\s*$/.test(sentence) || QUESTION_START.test(sentence)) return 'question';
  if (PROBLEM_CUE.test(sentence)) return 'problem';
  return 'context';
}

/**
 * The views a query is scored on: always the whole text; for a post of several pieces also its
 * problem digest (problem, error and question pieces and the context that names the products, in
 * order, without other context and pleasantries)
 * and its longest problem pieces one by one.
 */
export function viewsOf(text: string): QueryView[] {
  const views: QueryView[] = [{ kind: 'whole', text, weight: 1 }];
  const segments = splitPost(text);
  if (segments.length < MIN_SEGMENTS_TO_SPLIT) return views;
  const isSignal = (s: Segment): boolean => s.kind === 'error' || s.kind === 'problem' || s.kind === 'question';
  const signal = segments.filter(isSignal);
  if (signal.length === 0) return views;
  // Context that names the products ("Lync 2013 is installed on the computer") is part of the problem.
  const digest = segments
    .filter((s) => isSignal(s) || (s.kind === 'context' && PRODUCT_NAME.test(s.text)))
    .map((s) => s.text)
    .join('\n')
    .slice(0, MAX_DIGEST_CHARS);
  if (digest.length < text.length) views.push({ kind: 'digest', text: digest, weight: DIGEST_WEIGHT });
  if (signal.length < 2) return views;
  const pieces = [...signal]
    .sort((a, b) => rankOf(b) - rankOf(a) || b.text.length - a.text.length)
    .slice(0, MAX_SEGMENT_VIEWS);
  for (const piece of pieces)
    views.push({ kind: 'segment', text: piece.text.slice(0, MAX_SEGMENT_CHARS), weight: SEGMENT_WEIGHT });
  return views;
}

/** The domain's products by name, as posts write them. */
const PRODUCT_NAME = /\b(?:lync|skype|sfb|s4b|exchange|outlook|owa)\b/i;

function rankOf(segment: Segment): number {
  return segment.kind === 'error' ? 3 : segment.kind === 'problem' ? 2 : 1;
}

/** The shape of a post, for the decision: is it a question, a paste, a rambling story? */
export interface PostShape {
  readonly segments: number;
  readonly question: boolean;
  readonly paste: boolean;
}

export function shapeOf(text: string): PostShape {
  const segments = splitPost(text);
  return {
    segments: segments.length,
    question: segments.some((s) => s.kind === 'question'),
    paste: segments.some((s) => s.kind === 'error' && s.text.includes('\n')) || PASTE_LINE.test(text),
  };
}
