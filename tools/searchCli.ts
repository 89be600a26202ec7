import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadConfig, loadDotEnv } from '../bot/config.js';
import { loadKnowledgeOrThrow } from '../knowledge/load/loadKnowledge.js';
import { KnowledgeIndex, type SearchResult } from '../knowledge/search/knowledgeIndex.js';
import { thresholdsOf } from '../knowledge/knowledgeStore.js';
import type { Knowledge } from '../knowledge/model.js';

/** The JSON line of one query: the CLI's public shape, which other tools depend on. */
export function toJsonLine(result: SearchResult): string {
  return JSON.stringify({
    query: result.query,
    decision: result.decision,
    results: result.hits.map((h) => ({
      id: h.entry.id,
      title: h.entry.title,
      score: h.score,
      kb: h.entry.kb,
      matched: h.matched,
      text: h.entry.markdown,
    })),
  });
}

function toTable(result: SearchResult): string {
  const lines = [`${result.decision.toUpperCase().padEnd(7)} ${result.query}`];
  for (const [i, h] of result.hits.entries()) {
    lines.push(
      `  ${i + 1}. ${h.score.toFixed(3)}  ${h.entry.id.padEnd(40)} ${h.entry.kb.map((k) => `KB${k}`).join(' ')}`,
    );
    if (h.matched.length > 0) lines.push(`              ${h.matched.join(' | ').slice(0, 140)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Loads the content and builds the same index the bot builds, from the same configuration. */
export function loadSearchFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): {
  knowledge: Knowledge;
  index: KnowledgeIndex;
} {
  const config = loadConfig(env);
  const knowledge = loadKnowledgeOrThrow(config.knowledgeDir);
  return { knowledge, index: new KnowledgeIndex(knowledge, thresholdsOf(config)) };
}

/** The bot's index, built from the configured content. */
export function createIndexFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): KnowledgeIndex {
  return loadSearchFromEnv(env).index;
}

/** `kb search [--json]`: one query per stdin line, one result per stdout line, in order. */
export async function runSearchCli(args: readonly string[], input: Readable, output: Writable): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(`kb search: unknown option ${unknown.join(' ')}; usage: kb search [--json] < queries.txt\n`);
    return 2;
  }
  loadDotEnv();
  const index = createIndexFromEnv();
  const rl = readline.createInterface({ input, terminal: false });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const result = index.search(line);
    output.write(json ? `${toJsonLine(result)}\n` : toTable(result));
  }
  return 0;
}
