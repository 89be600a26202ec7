/**
 * The knowledge command line: `npm run kb:check` validates all content; `npm run kb -- search`
 * answers queries with the same index the bot uses (see knowledge/searchCli.ts).
 */
import path from 'node:path';
import fs from 'node:fs';
import { loadKnowledge } from '../knowledge/load/loadKnowledge.js';
import { formatProblem } from '../knowledge/model.js';
import { PROJECT_ROOT } from '../bot/config.js';
import { runSearchCli } from './searchCli.js';

/** Where the source documents live in a checkout: beside the repository, under shared/. */
export const DEFAULT_SOURCES_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'sources');
export const DEFAULT_CONTENT_DIR = path.join(PROJECT_ROOT, 'knowledge', 'content');

function usage(): never {
  process.stderr.write('usage: kb check [content-dir] | kb search [--json]  (queries on stdin, one per line)\n');
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'check') {
    const dir = rest[0]
      ? path.resolve(rest[0])
      : process.env.KNOWLEDGE_DIR
        ? path.resolve(PROJECT_ROOT, process.env.KNOWLEDGE_DIR)
        : DEFAULT_CONTENT_DIR;
    const sourcesDir = fs.existsSync(DEFAULT_SOURCES_DIR) ? DEFAULT_SOURCES_DIR : undefined;
    const result = loadKnowledge(dir, { sourcesDir });
    if (!result.ok) {
      for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write(
        `kb:check: ${result.problems.length} problem(s) in ${path.relative(process.cwd(), dir) || dir}\n`,
      );
      return 1;
    }
    const k = result.knowledge;
    const sourcesNote = sourcesDir
      ? 'cmdlets and KB citations checked against shared/sources'
      : 'shared/sources not found: source citations not re-checked';
    process.stdout.write(
      `kb:check: ok: ${k.entries.size} entries, ${k.trees.size} trees, ${k.matrix.features.length} matrix features, ${k.kbArticles.size} KB articles, ${k.cmdlets.size} cmdlets (${sourcesNote})\n`,
    );
    return 0;
  }
  if (command === 'search') return runSearchCli(rest, process.stdin, process.stdout);
  return usage();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kb: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
