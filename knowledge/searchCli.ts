import type { Readable, Writable } from 'node:stream';
/** Placeholder replaced by the search issue. */
export async function runSearchCli(_args: readonly string[], _input: Readable, output: Writable): Promise<number> {
  output.write('search is not built yet\n');
  return 2;
}
