import fs from 'node:fs';
import path from 'node:path';
import type { ZodIssue, ZodTypeAny, output } from 'zod';
import type { ContentProblem } from '../model.js';
import { parseYamlSource, type YamlSource } from './yamlSource.js';

/** A YAML file read, parsed and shape-checked: its name for messages, its source map, its data. */
export interface YamlFile<T> {
  /** Path relative to the working directory, for `file:line` messages. */
  readonly file: string;
  readonly src: YamlSource;
  readonly data: T;
}

/**
 * What every loading step shares: the content folder, the one problems collector, and readers that
 * report what they cannot read instead of throwing, so one run lists every problem.
 */
export interface LoadContext {
  readonly dir: string;
  readonly problems: ContentProblem[];
  /** Raw texts of shared/sources by file name, when that folder is available. */
  readonly sourceTexts: ReadonlyMap<string, string> | undefined;
  /** A path relative to the working directory, for messages. */
  rel(file: string): string;
  /** A file's text with LF line ends, or undefined (and a problem) when it cannot be read. */
  readText(file: string): string | undefined;
  /** Reads `name` in the content folder against `schema`; undefined when unreadable or invalid. */
  readYaml<S extends ZodTypeAny>(name: string, schema: S): YamlFile<output<S>> | undefined;
  /** The files of a subfolder with extension `ext`; anything else there is reported. */
  listFiles(subdir: string, ext: string): string[];
  /** Shape-checks parsed YAML; each zod issue becomes a problem at its line. */
  parseWith<S extends ZodTypeAny>(file: string, src: YamlSource, schema: S): output<S> | undefined;
}

export function createLoadContext(dir: string, sourcesDir: string | undefined): LoadContext {
  const problems: ContentProblem[] = [];
  const rel = (file: string): string => path.relative(process.cwd(), file) || file;
  const readText = (file: string): string | undefined => {
    try {
      return fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    } catch (err) {
      problems.push({
        file: rel(file),
        line: 1,
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      });
      return undefined;
    }
  };
  const parseWith = <S extends ZodTypeAny>(file: string, src: YamlSource, schema: S): output<S> | undefined => {
    problems.push(...src.problems);
    if (src.value === undefined) return undefined;
    const result = schema.safeParse(src.value);
    if (result.success) return result.data as output<S>;
    for (const issue of result.error.issues) problems.push(zodProblem(file, src, issue));
    return undefined;
  };
  return {
    dir,
    problems,
    sourceTexts: readSources(sourcesDir),
    rel,
    readText,
    parseWith,
    readYaml: (name, schema) => {
      const full = path.join(dir, name);
      const text = readText(full);
      if (text === undefined) return undefined;
      const src = parseYamlSource(rel(full), text);
      const data = parseWith(rel(full), src, schema);
      return data === undefined ? undefined : { file: rel(full), src, data };
    },
    listFiles: (subdir, ext) => listFiles(path.join(dir, subdir), ext, problems, rel),
  };
}

function listFiles(dir: string, ext: string, problems: ContentProblem[], rel: (f: string) => string): string[] {
  try {
    const names = fs
      .readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .sort();
    for (const n of names) {
      if (!n.endsWith(ext) && n !== 'README.md')
        problems.push({
          file: rel(path.join(dir, n)),
          line: 1,
          message: `unexpected file: this folder holds only *${ext} files`,
        });
    }
    return names.filter((n) => n.endsWith(ext) && n !== 'README.md');
  } catch (err) {
    problems.push({
      file: rel(dir),
      line: 1,
      message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    });
    return [];
  }
}

function readSources(dir: string | undefined): Map<string, string> | undefined {
  if (!dir || !fs.existsSync(dir)) return undefined;
  const texts = new Map<string, string>();
  for (const name of fs.readdirSync(dir)) {
    if (/^\d{3}_[0-9a-f]{16}\.txt$/.test(name)) texts.set(name, fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return texts;
}

/** A zod issue as a problem at the line of the value (or of the stray key) it is about. */
export function zodProblem(file: string, source: YamlSource, issue: ZodIssue): ContentProblem {
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  let message = issue.message;
  let at: readonly (string | number)[] = issue.path;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    // Point at the stray key itself, not at the object that holds it.
    if (issue.keys[0] !== undefined) at = [...issue.path, issue.keys[0]];
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') message = 'is required';
  return { file, line: source.lineOf(at), message: `${where}${message}` };
}

/** Line (1-based) of character `index` in `text`, shifted by `firstLine - 1`. */
export function lineAtIndex(text: string, index: number, firstLine = 1): number {
  if (index < 0) return firstLine;
  let line = firstLine;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
