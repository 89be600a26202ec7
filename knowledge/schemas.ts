import { z } from 'zod';

/** Shapes of the content files. Semantic checks (references, coverage, cmdlets) live in the validators. */

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const kebabId = z.string().regex(ID, 'must be kebab-case (lowercase letters, digits and dashes)');
export const kbNumber = z.string().regex(/^\d{6,7}$/, 'must be a Microsoft KB number of 6 or 7 digits, as a string');
export const sourceFile = z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, 'must be a file name from shared/sources (e.g. 000_6de0937aa6629092.txt)');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const EXCHANGE_IDS = ['exchange-2010', 'exchange-2013', 'exchange-2016', 'exchange-online'] as const;
export const SFB_IDS = ['lync-2013', 'sfb-server', 'sfb-online'] as const;

export const entryFrontMatterSchema = z
  .object({
    id: kebabId,
    title: nonEmpty.max(120, 'must be at most 120 characters'),
    summary: nonEmpty.max(400, 'must be one or two sentences (at most 400 characters)'),
    tags: z.array(nonEmpty),
    symptoms: z.array(nonEmpty).min(3, 'needs at least 3 ways people describe the problem'),
    errors: z.array(nonEmpty),
    applies_to: z
      .object({
        exchange: z.array(z.enum(EXCHANGE_IDS)),
        sfb: z.array(z.enum(SFB_IDS)),
        clients: z.array(nonEmpty).optional(),
      })
      .strict(),
    kb: z.array(kbNumber),
    sources: z.array(sourceFile),
    related: z.array(kebabId),
    updated: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), z.date()]),
  })
  .strict();
export type EntryFrontMatter = z.infer<typeof entryFrontMatterSchema>;

export const kbArticlesSchema = z.array(
  z
    .object({
      number: kbNumber,
      title: nonEmpty,
      summary: nonEmpty,
      cited_by: z.array(sourceFile),
      reference: z.string().optional(),
    })
    .strict(),
);

export const cmdletsSchema = z.array(
  z
    .object({
      name: z.string().regex(/^(?:[A-Z][a-z]+-[A-Za-z0-9]+|[A-Za-z0-9-]+\.ps1)$/, 'must be a Verb-Noun cmdlet or a .ps1 script name'),
      documented_in: z.array(z.union([sourceFile, z.string().regex(/^kb:\d{6,7}$/, 'must be a source file name or kb:<number>')])).min(1, 'must name where the cmdlet is documented'),
    })
    .strict(),
);

const topologySchema = z.object({ id: kebabId, label: nonEmpty, aliases: z.array(nonEmpty).default([]) }).strict();
const idList = z.union([z.literal('*'), z.array(kebabId).min(1)]);

export const matrixSchema = z
  .object({
    exchange: z.array(topologySchema).min(1),
    sfb: z.array(topologySchema).min(1),
    notes: z.array(z.object({ id: kebabId, text: nonEmpty, source: z.string().optional() }).strict()).default([]),
    features: z
      .array(
        z
          .object({
            id: kebabId,
            label: nonEmpty,
            entries: z.array(kebabId).default([]),
            rules: z
              .array(
                z
                  .object({
                    exchange: idList,
                    sfb: idList,
                    status: z.enum(['supported', 'not-supported', 'partial']),
                    notes: z.array(kebabId).default([]),
                    note: z.string().optional(),
                    source: sourceFile,
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const MAX_LABEL = 40;
const label = nonEmpty.max(MAX_LABEL, `must be at most ${MAX_LABEL} characters (Teams buttons)`);
const choiceSchema = z
  .object({
    label,
    next: kebabId,
    value: z.union([nonEmpty, z.array(nonEmpty)]).optional(),
  })
  .strict();

const nodeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('question'), text: nonEmpty, profile: z.enum(['exchange', 'sfb', 'client']).optional(), choices: z.array(choiceSchema).min(2, 'a question needs at least 2 choices') }).strict(),
  z.object({ kind: z.literal('check'), text: nonEmpty, command: z.string().optional(), choices: z.array(choiceSchema).min(2, 'a check needs at least 2 choices') }).strict(),
  z.object({ kind: z.literal('resolution'), text: nonEmpty, entries: z.array(kebabId).default([]), if_not_fixed: kebabId.optional() }).strict(),
  z.object({ kind: z.literal('handoff'), text: nonEmpty }).strict(),
]);

export const treeSchema = z
  .object({
    id: kebabId,
    title: nonEmpty.max(60, 'must be at most 60 characters'),
    summary: nonEmpty,
    triggers: z.array(nonEmpty).min(3, 'needs at least 3 trigger phrases'),
    entries: z.array(kebabId).default([]),
    sources: z.array(sourceFile).default([]),
    start: kebabId,
    nodes: z.record(kebabId, nodeSchema),
  })
  .strict();

export const synonymsSchema = z
  .object({
    groups: z.array(z.array(nonEmpty).min(2, 'a synonym group needs at least 2 spellings')),
  })
  .strict();
