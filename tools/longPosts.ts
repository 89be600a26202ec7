/**
 * Long-post augmentation for `npm run fit` (tools/fitDecision.ts). The fitting sets' in-domain questions
 * are short and clean, but real posts ramble: a greeting, a line about the environment, the problem, what
 * was tried, thanks. Each fitting question can also be presented wrapped in such a post, built only from
 * the generic, content-free parts below (none names a feature, a symptom or a fix; the environment lines
 * name a product version, as posts do). The wrapping is deterministic: the parts are chosen by a hash of
 * the question's id and the variant number, so a fit is reproducible.
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
  'We are running Skype for Business Server 2015 on-premises with Exchange 2016.',
  'Our environment is Lync Server 2013 and Exchange Server 2013, all on-premises.',
  'Setup: Skype for Business 2016 client, Exchange Online, Windows 10 clients.',
  'We have Lync 2010 clients and Exchange 2010 SP3 in a single forest.',
  'Environment is Skype for Business Server 2019 with Exchange 2019 and Outlook 2019.',
  'We moved to Office 365 last year; Skype for Business Online and Exchange Online, Outlook 2016.',
  'Hybrid setup here: Exchange 2016 on-premises, some users already in Exchange Online, Skype for Business Server 2015.',
  'Lync Server 2013 CU10, Exchange 2013 CU21, Outlook 2013 on Windows 7.',
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

/**
 * The question wrapped as a helpdesk post, variant `n` (0-based). Deterministic in (id, n); the question's
 * own text is kept whole. About half of the variants carry a "what I tried" line and an intro before the
 * question.
 */
export function wrapAsPost(id: string, text: string, n: number): string {
  const seed = `${id}#${String(n)}`;
  const intro = pick(INTROS, `${seed}#intro`);
  const tried = hashOf(`${seed}#tried?`) % 2 === 0 ? pick(TRIED, `${seed}#tried`) : '';
  const lines = [
    pick(GREETINGS, `${seed}#greeting`),
    pick(ENVIRONMENTS, `${seed}#environment`),
    intro === '' ? text : `${intro} ${text}`,
    tried,
    pick(THANKS, `${seed}#thanks`),
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
