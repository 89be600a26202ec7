/**
 * Long-post augmentation for `npm run fit` (tools/fitDecision.ts). The fitting sets' in-domain questions
 * are short and clean, but real posts ramble: a greeting, a line about the environment, the problem, what
 * was tried, thanks. Each fitting question can also be presented wrapped in such a post, built only from
 * the generic, content-free parts below. None names a feature, a symptom, a fix or a product: what a post
 * names is the scope evidence the model weighs, so it must come from the question itself. (Product names
 * in every wrapper made every long post, in domain or not, name both products, and taught the model that
 * naming them means nothing.) Each part is present in only some variants, so the posts are of mixed
 * length, as real posts are. The wrapping is deterministic: the parts are chosen by a hash of the
 * question's id and the variant number, so a fit is reproducible.
 *
 * The same wrapper is applied to in-domain and out-of-domain questions alike, so that length and the
 * wrapper's own words are no evidence either way.
 */

const GREETINGS = [
  'Hi all,',
  'Hello,',
  'Hi everyone, hoping someone can help.',
  'Good morning,',
  'Hi team,',
  'Hello, first time posting here.',
] as const;

const ENVIRONMENTS = [
  'We are about 300 users, all on Windows 10 desktops.',
  'Everything is on-premises here, in a single forest.',
  'Our users are on Windows 11 laptops with Microsoft 365 Apps.',
  'We are a small company with one IT person, which is me.',
  'Most of our staff work from home a few days a week.',
  'This is a hybrid environment, part of it moved to the cloud last year.',
  'We have two sites, and both see the same thing.',
  'The clients are a mix of Windows 10 and Windows 11.',
] as const;

const TRIED = [
  'I have already restarted the PC and it is still the same.',
  'We rebooted the servers over the weekend, no change.',
  'A colleague in the same office sees the same thing.',
  'It started a few weeks ago and nobody here knows why.',
  'I searched the forums but could not find anything that matches.',
] as const;

const THANKS = [
  'Thanks in advance.',
  'Any help appreciated!',
  'Thanks,',
  'Many thanks for any pointers.',
  'Cheers',
  'Thank you for your time.',
] as const;

const INTROS = ['', 'Here is the problem:', 'The issue:', 'What we see:'] as const;

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
export function hashOf(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 16777619) >>> 0;
  return h;
}

function pick<T>(items: readonly T[], seed: string): T {
  const item = items[hashOf(seed) % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** How many wrapped variants a question gets: 2 or 3, chosen by its id. */
export function variantCount(id: string): number {
  return 2 + (hashOf(`${id}#count`) % 2);
}

/** Whether the part named `part` is in variant `seed`, in about `percent` of the variants. */
function has(seed: string, part: string, percent: number): boolean {
  return hashOf(`${seed}#${part}?`) % 100 < percent;
}

/**
 * The question wrapped as a helpdesk post, variant `n` (0-based). Deterministic in (id, n); the question's
 * own text is kept whole. Each part (greeting, environment, intro, what was tried, thanks) is in some of
 * the variants only; every variant has at least one besides the question.
 */
export function wrapAsPost(id: string, text: string, n: number): string {
  const seed = `${id}#${String(n)}`;
  const intro = has(seed, 'intro', 50) ? pick(INTROS, `${seed}#intro`) : '';
  const greeting = has(seed, 'greeting', 60) ? pick(GREETINGS, `${seed}#greeting`) : '';
  const environment = has(seed, 'environment', 50) ? pick(ENVIRONMENTS, `${seed}#environment`) : '';
  const tried = has(seed, 'tried', 40) ? pick(TRIED, `${seed}#tried`) : '';
  const thanks = pick(THANKS, `${seed}#thanks`);
  const lines = [
    greeting,
    environment,
    intro === '' ? text : `${intro} ${text}`,
    tried,
    // The thanks line when nothing else was added, or in about half of the variants.
    greeting === '' && environment === '' && tried === '' ? thanks : has(seed, 'thanks', 50) ? thanks : '',
  ];
  return lines.filter((l) => l !== '').join('\n');
}

/**
 * Whether an out-of-domain question is wrapped too: a seeded share of them (`share` in 0..1), chosen by a
 * hash of the id. In-domain questions are always wrapped.
 */
export function wrapsOutOfDomain(id: string, share: number): boolean {
  return (hashOf(`${id}#ood`) % 1000) / 1000 < share;
}
