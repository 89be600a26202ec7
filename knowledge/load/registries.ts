import type { output } from 'zod';
import { cmdletsSchema, kbArticlesSchema, learnPagesSchema, synonymsSchema } from '../schemas.js';
import { kbUrl, type CmdletRecord, type KbArticle, type LearnPage, type Synonyms } from '../model.js';
import { findCmdletNames } from './cmdletNames.js';
import { registerLearnPages, SourceRefChecker } from './validateSources.js';
import type { LoadContext, YamlFile } from './loadContext.js';

/** Checks that every cmdlet named in `text` is registered and, if only KB-documented, cited. */
export type CmdletChecker = (
  file: string,
  text: string,
  lineOfIndex: (index: number) => number,
  citedKbs: readonly string[],
) => void;

/** The registries entries, trees and the matrix are checked against. */
export interface Registries {
  readonly kbArticles: ReadonlyMap<string, KbArticle>;
  /** The KB registry file, when it loaded (its own problems are reported once, not per citation). */
  readonly kbYaml: YamlFile<output<typeof kbArticlesSchema>> | undefined;
  readonly learnPages: ReadonlyMap<string, LearnPage>;
  readonly learnYaml: YamlFile<output<typeof learnPagesSchema>> | undefined;
  readonly cmdlets: ReadonlyMap<string, CmdletRecord>;
  readonly refs: SourceRefChecker;
  readonly checkCmdlets: CmdletChecker;
}

/** Loads kb-articles.yaml, learn-pages.yaml and cmdlets.yaml, each checked against the sources. */
export function loadRegistries(ctx: LoadContext): Registries {
  const kbYaml = ctx.readYaml('kb-articles.yaml', kbArticlesSchema);
  const kbArticles = kbYaml ? kbRegistry(ctx, kbYaml) : new Map<string, KbArticle>();
  const learnYaml = ctx.readYaml('learn-pages.yaml', learnPagesSchema);
  const learnPages = learnYaml
    ? registerLearnPages(learnYaml.file, learnYaml.src, learnYaml.data, ctx.problems)
    : new Map<string, LearnPage>();
  const refs = new SourceRefChecker(
    {
      kbArticles,
      kbLoaded: kbYaml !== undefined,
      learnPages,
      learnLoaded: learnYaml !== undefined,
      ...(ctx.sourceTexts ? { sourceTexts: ctx.sourceTexts } : {}),
    },
    ctx.problems,
  );
  const cmdletYaml = ctx.readYaml('cmdlets.yaml', cmdletsSchema);
  const cmdlets = cmdletYaml ? cmdletRegistry(ctx, cmdletYaml, kbArticles) : new Map<string, CmdletRecord>();
  return { kbArticles, kbYaml, learnPages, learnYaml, cmdlets, refs, checkCmdlets: cmdletChecker(ctx, cmdlets) };
}

function kbRegistry(
  ctx: LoadContext,
  { file, src, data: rows }: YamlFile<output<typeof kbArticlesSchema>>,
): Map<string, KbArticle> {
  const kbArticles = new Map<string, KbArticle>();
  rows.forEach((row, i) => {
    if (kbArticles.has(row.number))
      ctx.problems.push({ file, line: src.lineOf([i, 'number']), message: `KB ${row.number} is listed twice` });
    kbArticles.set(row.number, {
      number: row.number,
      title: row.title,
      summary: row.summary,
      citedBy: row.cited_by,
      url: kbUrl(row.number),
      ...(row.reference ? { reference: row.reference } : {}),
    });
    if (!ctx.sourceTexts) return;
    for (const [j, cited] of row.cited_by.entries()) {
      const text = ctx.sourceTexts.get(cited);
      const line = src.lineOf([i, 'cited_by', j]);
      if (text === undefined) ctx.problems.push({ file, line, message: `unknown source file ${cited}` });
      else if (!text.includes(row.number))
        ctx.problems.push({ file, line, message: `${cited} does not mention KB ${row.number}` });
    }
  });
  return kbArticles;
}

function cmdletRegistry(
  ctx: LoadContext,
  { file, src, data: rows }: YamlFile<output<typeof cmdletsSchema>>,
  kbArticles: ReadonlyMap<string, KbArticle>,
): Map<string, CmdletRecord> {
  const cmdlets = new Map<string, CmdletRecord>();
  rows.forEach((row, i) => {
    const key = row.name.toLowerCase();
    if (cmdlets.has(key))
      ctx.problems.push({ file, line: src.lineOf([i, 'name']), message: `${row.name} is listed twice` });
    cmdlets.set(key, { name: row.name, documentedIn: row.documented_in });
    row.documented_in.forEach((where, j) => {
      const line = src.lineOf([i, 'documented_in', j]);
      if (where.startsWith('kb:')) {
        if (!kbArticles.has(where.slice(3)))
          ctx.problems.push({ file, line, message: `${where} is not in kb-articles.yaml` });
        return;
      }
      const text = ctx.sourceTexts?.get(where);
      if (!ctx.sourceTexts) return;
      if (text === undefined) ctx.problems.push({ file, line, message: `unknown source file ${where}` });
      else if (!text.toLowerCase().includes(row.name.toLowerCase()))
        ctx.problems.push({ file, line, message: `${row.name} does not appear in ${where}` });
    });
  });
  return cmdlets;
}

function cmdletChecker(ctx: LoadContext, cmdlets: ReadonlyMap<string, CmdletRecord>): CmdletChecker {
  return (file, text, lineOfIndex, citedKbs) => {
    for (const name of findCmdletNames(text)) {
      const record = cmdlets.get(name.toLowerCase());
      const line = lineOfIndex(text.indexOf(name));
      if (!record) {
        ctx.problems.push({
          file,
          line,
          message: `${name} is not in cmdlets.yaml: name only cmdlets that the sources or a cited KB article document`,
        });
        continue;
      }
      if (record.name !== name)
        ctx.problems.push({ file, line, message: `write ${record.name} exactly as documented (found ${name})` });
      const inSource = record.documentedIn.some((d) => !d.startsWith('kb:'));
      const viaKb = record.documentedIn.filter((d) => d.startsWith('kb:')).map((d) => d.slice(3));
      if (!inSource && !viaKb.some((kb) => citedKbs.includes(kb))) {
        ctx.problems.push({
          file,
          line,
          message: `${name} is documented only in ${viaKb.map((k) => `KB ${k}`).join(', ')}; cite that KB here`,
        });
      }
    }
  };
}

/** synonyms.yaml: each spelling in one group only; stored lowercase. */
export function loadSynonyms(ctx: LoadContext): Synonyms {
  const yaml = ctx.readYaml('synonyms.yaml', synonymsSchema);
  if (!yaml) return { groups: [] };
  const seen = new Map<string, number>();
  yaml.data.groups.forEach((group, i) =>
    group.forEach((term, j) => {
      const key = term.toLowerCase();
      if (seen.has(key))
        ctx.problems.push({
          file: yaml.file,
          line: yaml.src.lineOf(['groups', i, j]),
          message: `"${term}" is already in group ${(seen.get(key) ?? 0) + 1}`,
        });
      seen.set(key, i);
    }),
  );
  return { groups: yaml.data.groups.map((g) => g.map((t) => t.toLowerCase())) };
}
