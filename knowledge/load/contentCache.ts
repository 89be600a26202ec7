/**
 * Parsing and validating the content (YAML, Markdown, schemas, cross-checks) is most of the bot's start-up.
 * Valid content is kept as a V8 snapshot, named by a hash of everything its result depends on: every byte
 * under the content folder (and the sources folder when one is checked), the loader's own code (so a
 * changed rule re-validates), the installed versions of the parsers it uses (yaml, zod, marked: an
 * in-place upgrade may parse differently), the Node version (the snapshot format follows V8) and the
 * working folder (file names in the content are relative to it). Any change is a new name, so stale
 * content is never served; an unreadable, corrupt or unwritable cache only means the full load runs.
 * `npm run kb:check` never reads it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { Knowledge } from '../model.js';
import { ContentError, loadKnowledge, type LoadOptions } from './loadKnowledge.js';

/** Where snapshots are kept, and who hears why one was not used. */
export interface CacheOptions extends LoadOptions {
  /** Where snapshots live; created when missing. */
  readonly cacheDir: string;
  /** Told why the cache was not used or not written (never fatal). */
  readonly onCacheProblem?: (message: string) => void;
  /** Where the parsers are resolved from, for their versions (tests: a fake install); this module by default. */
  readonly packagesFrom?: string;
}

const FORMAT = 'content-cache-1';
const PREFIX = 'content-';
const SUFFIX = '.v8';
const KEEP = 4;
/** The packages whose output the snapshot holds. */
const PARSERS = ['yaml', 'zod', 'marked'] as const;

/** The code whose behaviour the loaded result depends on: knowledge/ (minus its content) and core/. */
const CODE_DIRS = ((): string[] => {
  const knowledgeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  return [knowledgeDir, path.resolve(knowledgeDir, '..', 'core')];
})();

/** Loads content like {@link loadKnowledgeOrThrow}, from the snapshot when its hash matches. */
export function loadKnowledgeCachedOrThrow(dir: string, options: CacheOptions): Knowledge {
  const tell = options.onCacheProblem ?? ((): void => undefined);
  let file: string | undefined;
  try {
    const key = contentKey(dir, options.sourcesDir, options.packagesFrom);
    file = path.join(options.cacheDir, `${PREFIX}${key}${SUFFIX}`);
    const cached = readSnapshot(file);
    if (cached) return cached;
  } catch (err) {
    tell(`content cache not read: ${firstLine(err)}`);
  }
  const result = loadKnowledge(dir, options);
  if (!result.ok) throw new ContentError(result.problems);
  if (file) {
    try {
      writeSnapshot(file, result.knowledge);
    } catch (err) {
      tell(`content cache not written: ${firstLine(err)}`);
    }
  }
  return result.knowledge;
}

/** The hash that names a snapshot; exported for tests. */
export function contentKey(dir: string, sourcesDir?: string, packagesFrom: string = import.meta.url): string {
  const hash = crypto.createHash('sha256');
  // File names in the content are relative to the working folder.
  hash.update(`${FORMAT}\0${process.version}\0${process.cwd()}\0${parserVersions(packagesFrom)}\0`);
  const content = path.resolve(dir);
  for (const root of [content, ...(sourcesDir ? [path.resolve(sourcesDir)] : [])]) addTree(hash, root, () => true);
  for (const root of CODE_DIRS)
    addTree(hash, root, (p) => !p.startsWith(content) && /\.(js|ts|json)$/.test(p) && !p.endsWith('.map'));
  return hash.digest('hex').slice(0, 32);
}

/**
 * `yaml@2.9.1 zod@… marked@…` as installed where `from` (a file or file URL) resolves packages. Read from
 * disk each time: a package.json already required would show the version the process started with.
 */
export function parserVersions(from: string = import.meta.url): string {
  const require = createRequire(from);
  return PARSERS.map((name) => {
    const pkg = JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown };
    if (typeof pkg.version !== 'string') throw new Error(`${name}/package.json has no version`);
    return `${name}@${pkg.version}`;
  }).join(' ');
}

function addTree(hash: crypto.Hash, root: string, keep: (file: string) => boolean): void {
  if (!fs.existsSync(root)) return;
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .filter(keep)
    .sort();
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
}

function readSnapshot(file: string): Knowledge | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined; // not cached yet
  }
  const value: unknown = v8.deserialize(bytes);
  if (!isKnowledge(value)) throw new Error(`${path.basename(file)} does not hold content`);
  return Object.freeze({ ...value, loadedAt: new Date() });
}

/**
 * Written to a temporary name and renamed, so a reader sees the whole snapshot or none. The newest few
 * are kept (a test run loads several content folders), older ones deleted.
 */
function writeSnapshot(file: string, knowledge: Knowledge): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, v8.serialize(knowledge));
  fs.renameSync(temp, file);
  const snapshots = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of snapshots.slice(KEEP)) fs.rmSync(path.join(dir, name), { force: true });
}

function isKnowledge(value: unknown): value is Knowledge {
  if (typeof value !== 'object' || value === null) return false;
  const k = value as Record<string, unknown>;
  return (
    k.entries instanceof Map &&
    k.kbArticles instanceof Map &&
    k.cmdlets instanceof Map &&
    k.trees instanceof Map &&
    typeof k.matrix === 'object' &&
    k.matrix !== null &&
    typeof k.synonyms === 'object' &&
    k.synonyms !== null
  );
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
