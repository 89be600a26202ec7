import { EXCHANGE_IDS, PROFILE_FIELDS, SFB_IDS } from './model.js';
import { z } from 'zod';

/** Shapes of the content files. Semantic checks (references, coverage, cmdlets) live in the validators. */

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const kebabId = z.string().regex(ID, 'must be kebab-case (lowercase letters, digits and dashes)');
export const kbNumber = z.string().regex(/^\d{6,7}$/, 'must be a Microsoft KB number of 6 or 7 digits, as a string');
export const sourceFile = z
  .string()
  .regex(/^\d{3}_[0-9a-f]{16}\.txt$/, 'must be a file name from shared/sources (e.g. 000_6de0937aa6629092.txt)');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const learnUrl = z
  .string()
  .regex(
    /^https:\/\/learn\.microsoft\.com\/\S+$/,
    'must be a public Microsoft Learn address (https://learn.microsoft.com/...)',
  );

/**
 * Where a piece of content comes from: a section of a file in shared/sources (optionally with a
 * short verbatim quote that kb:check finds in that file), a KB article of kb-articles.yaml, or a
 * Microsoft Learn page of learn-pages.yaml. Exactly one of source, kb and learn.
 */
export const sourceRefSchema = z
  .object({
    source: sourceFile.optional(),
    section: nonEmpty.max(120, 'a section locator is short (a heading or "comment 21, answer")').optional(),
    quote: nonEmpty.max(240, 'a quote is a short verbatim phrase (at most 240 characters)').optional(),
    kb: kbNumber.optional(),
    learn: learnUrl.optional(),
  })
  .strict()
  .superRefine((ref, ctx) => {
    const kinds = (['source', 'kb', 'learn'] as const).filter((k) => ref[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a reference names exactly one of source, kb or learn' });
    if (ref.source !== undefined && ref.section === undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['section'],
        message: 'a source reference needs a section (heading or short locator)',
      });
    if (ref.quote !== undefined && ref.source === undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['quote'],
        message: 'a quote is checked against a source file: use it with source',
      });
  });
export type SourceRefData = z.infer<typeof sourceRefSchema>;
const refList = z.array(sourceRefSchema).min(1, 'needs at least one reference (source, kb or learn)');

/** Per-section references of an entry: one list for each section the entry has. */
export const sectionSourcesSchema = z
  .object({ cause: refList, fix: refList, powershell: refList.optional(), verify: refList, links: refList })
  .strict();

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
    section_sources: sectionSourcesSchema,
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

export const learnPagesSchema = z.array(
  z
    .object({
      url: learnUrl,
      title: nonEmpty,
      summary: nonEmpty,
      reference: z.string().optional(),
    })
    .strict(),
);

export const cmdletsSchema = z.array(
  z
    .object({
      name: z
        .string()
        .regex(/^(?:[A-Z][a-z]+-[A-Za-z0-9]+|[A-Za-z0-9-]+\.ps1)$/, 'must be a Verb-Noun cmdlet or a .ps1 script name'),
      documented_in: z
        .array(z.union([sourceFile, z.string().regex(/^kb:\d{6,7}$/, 'must be a source file name or kb:<number>')]))
        .min(1, 'must name where the cmdlet is documented'),
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
                    kb: kbNumber.optional(),
                    inferred: z.literal(true).optional(),
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
  z
    .object({
      kind: z.literal('question'),
      text: nonEmpty,
      profile: z.enum(PROFILE_FIELDS).optional(),
      choices: z.array(choiceSchema).min(2, 'a question needs at least 2 choices'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('check'),
      text: nonEmpty,
      command: z.string().optional(),
      choices: z.array(choiceSchema).min(2, 'a check needs at least 2 choices'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('resolution'),
      text: nonEmpty,
      entries: z.array(kebabId).default([]),
      if_not_fixed: kebabId.optional(),
      sources: refList,
    })
    .strict(),
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
