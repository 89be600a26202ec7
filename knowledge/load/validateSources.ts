import type { z } from 'zod';
import type { learnPagesSchema, sectionSourcesSchema, SourceRefData } from '../schemas.js';
import {
  kbUrl,
  type ContentProblem,
  type EntrySectionSources,
  type KbArticle,
  type LearnPage,
  type SourceRef,
} from '../model.js';
import type { YamlSource } from './yamlSource.js';

/**
 * Source references (`section_sources` of entries, `sources` of tree resolutions): every reference
 * must exist in its registry (shared/sources, kb-articles.yaml, learn-pages.yaml), and a quote must
 * appear in the source file it names. See knowledge/content/README.md ("Source references").
 */

type LearnRows = z.infer<typeof learnPagesSchema>;
type SectionSourcesData = z.infer<typeof sectionSourcesSchema>;

export interface SourceRegistries {
  readonly kbArticles: ReadonlyMap<string, KbArticle>;
  /** False when kb-articles.yaml itself is broken: its own problems say so, do not repeat them. */
  readonly kbLoaded: boolean;
  readonly learnPages: ReadonlyMap<string, LearnPage>;
  readonly learnLoaded: boolean;
  /** Raw texts of shared/sources, when available; quotes are only checked then. */
  readonly sourceTexts?: ReadonlyMap<string, string>;
}

/** Where a reference stands: the line of item `i` of the list, or of one of its keys. */
export type RefLineOf = (i: number, key?: string) => number;

const SECTION_HEADINGS: Readonly<Record<keyof SectionSourcesData, string>> = {
  cause: 'Cause',
  fix: 'Fix',
  powershell: 'PowerShell',
  verify: 'Verify',
  links: 'Links',
};

/** Learn addresses are compared without locale (`/en-us/`), query, fragment or trailing slash, and lowercased. */
export function learnKey(url: string): string {
  return url
    .replace(/[?#].*$/, '')
    .replace(/^https:\/\/learn\.microsoft\.com\/[a-z]{2}-[a-z]{2}\//i, 'https://learn.microsoft.com/')
    .replace(/\/+$/, '')
    .toLowerCase();
}

const ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '"',
  rdquo: '"',
  lsquo: "'",
  rsquo: "'",
  ndash: '-',
  mdash: '-',
  hellip: '...',
};

/**
 * The form in which quotes are compared: HTML tags stripped (when the text is HTML) and entities
 * decoded, typographic quotes and dashes made plain, whitespace collapsed, lowercased.
 */
export function normaliseForQuote(text: string, isHtml = false): string {
  const stripped = isHtml ? text.replace(/<[^>]*>/g, ' ') : text;
  return stripped
    .replace(/&(#\d+|[a-z]+);/gi, (m, name: string) =>
      name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name.toLowerCase()] ?? m),
    )
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function looksLikeHtml(text: string): boolean {
  return /<\/?(?:p|div|a|strong|em|br|span|img)\b[^>]*>/i.test(text);
}

/** Reads learn-pages.yaml rows into a map keyed by {@link learnKey}; reports duplicates and locales. */
export function registerLearnPages(
  file: string,
  src: YamlSource,
  rows: LearnRows,
  problems: ContentProblem[],
): Map<string, LearnPage> {
  const pages = new Map<string, LearnPage>();
  rows.forEach((row, i) => {
    const key = learnKey(row.url);
    const line = src.lineOf([i, 'url']);
    if (/^https:\/\/learn\.microsoft\.com\/[a-z]{2}-[a-z]{2}\//i.test(row.url))
      problems.push({ file, line, message: `write Learn addresses without the locale: ${key}` });
    if (pages.has(key)) problems.push({ file, line, message: `${row.url} is listed twice` });
    pages.set(key, {
      url: row.url,
      title: row.title,
      summary: row.summary,
      ...(row.reference ? { reference: row.reference } : {}),
    });
  });
  return pages;
}

/** Checks and resolves source references against the registries, reporting each problem once. */
export class SourceRefChecker {
  private readonly normalised = new Map<string, string>();

  constructor(
    private readonly registries: SourceRegistries,
    private readonly problems: ContentProblem[],
  ) {}

  /** Checks a list of references and returns them resolved (titles and addresses filled in). */
  check(file: string, refs: readonly SourceRefData[], lineOf: RefLineOf): SourceRef[] {
    return refs.map((ref, i) => this.checkOne(file, ref, (key) => lineOf(i, key)));
  }

  private checkOne(file: string, ref: SourceRefData, lineOf: (key?: string) => number): SourceRef {
    const section = ref.section !== undefined ? { section: ref.section } : {};
    if (ref.kb !== undefined) {
      const article = this.registries.kbArticles.get(ref.kb);
      if (!article && this.registries.kbLoaded)
        this.problems.push({
          file,
          line: lineOf('kb'),
          message: `KB ${ref.kb} is not in kb-articles.yaml (never invent KB numbers)`,
        });
      return { kind: 'kb', number: ref.kb, title: article?.title ?? `KB ${ref.kb}`, url: kbUrl(ref.kb), ...section };
    }
    if (ref.learn !== undefined) {
      const page = this.registries.learnPages.get(learnKey(ref.learn));
      if (!page && this.registries.learnLoaded)
        this.problems.push({
          file,
          line: lineOf('learn'),
          message: `${ref.learn} is not in learn-pages.yaml: list the Learn page there with its title`,
        });
      return { kind: 'learn', url: page?.url ?? ref.learn, title: page?.title ?? ref.learn, ...section };
    }
    const source = ref.source ?? '';
    this.checkSource(file, source, ref.quote, lineOf);
    return {
      kind: 'source',
      file: source,
      section: ref.section ?? '',
      ...(ref.quote !== undefined ? { quote: ref.quote } : {}),
    };
  }

  private checkSource(file: string, source: string, quote: string | undefined, lineOf: (key?: string) => number): void {
    const texts = this.registries.sourceTexts;
    if (!texts) return;
    const text = texts.get(source);
    if (text === undefined) {
      this.problems.push({ file, line: lineOf('source'), message: `unknown source file ${source}` });
      return;
    }
    if (quote === undefined) return;
    if (!this.normalisedText(source, text).includes(normaliseForQuote(quote))) {
      this.problems.push({
        file,
        line: lineOf('quote'),
        message: `the quote "${quote.slice(0, 60)}" does not appear in ${source}`,
      });
    }
  }

  private normalisedText(name: string, text: string): string {
    let n = this.normalised.get(name);
    if (n === undefined) {
      n = normaliseForQuote(text, looksLikeHtml(text));
      this.normalised.set(name, n);
    }
    return n;
  }

  /** A Learn address linked in content must be registered, so that it is cited by its title. */
  learnLink(file: string, line: number, href: string): void {
    if (this.registries.learnLoaded && !this.registries.learnPages.has(learnKey(href))) {
      this.problems.push({
        file,
        line,
        message: `${href} is not in learn-pages.yaml: list the Learn page there with its title`,
      });
    }
  }

  /**
   * An entry's `section_sources`: one non-empty list per section present (and none for an absent
   * one). KB references must be in the entry's `kb` (users see them in Links) and source files in its
   * `sources`.
   */
  entrySections(
    file: string,
    src: YamlSource,
    data: SectionSourcesData,
    present: ReadonlySet<string>,
    entry: { readonly kb: readonly string[]; readonly sources: readonly string[] },
  ): EntrySectionSources {
    const out: Partial<Record<keyof SectionSourcesData, SourceRef[]>> = {};
    for (const key of Object.keys(SECTION_HEADINGS) as (keyof SectionSourcesData)[]) {
      const heading = SECTION_HEADINGS[key];
      const refs = data[key];
      if (refs === undefined) {
        if (present.has(heading))
          this.problems.push({
            file,
            line: src.lineOf(['section_sources']),
            message: `section_sources needs a "${key}" list for the ## ${heading} section`,
          });
        continue;
      }
      // A missing required section is reported by the section check; only an optional one is news here.
      if (!present.has(heading) && key === 'powershell')
        this.problems.push({
          file,
          line: src.lineOf(['section_sources', key]),
          message: `section_sources lists "${key}", but the entry has no ## ${heading} section`,
        });
      const at: RefLineOf = (i, k) => src.lineOf(['section_sources', key, i, ...(k ? [k] : [])]);
      refs.forEach((ref, i) => {
        if (ref.kb !== undefined && !entry.kb.includes(ref.kb))
          this.problems.push({
            file,
            line: at(i, 'kb'),
            message: `cites KB ${ref.kb}, but "kb" does not list it (users must see the article in Links)`,
          });
        if (ref.source !== undefined && !entry.sources.includes(ref.source))
          this.problems.push({
            file,
            line: at(i, 'source'),
            message: `cites ${ref.source}, but "sources" does not list it`,
          });
      });
      out[key] = this.check(file, refs, at);
    }
    return {
      cause: out.cause ?? [],
      fix: out.fix ?? [],
      verify: out.verify ?? [],
      links: out.links ?? [],
      ...(out.powershell ? { powershell: out.powershell } : {}),
    };
  }
}
