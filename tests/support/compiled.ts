/**
 * The compiled server, as `npm start` serves it: `npm run build` (tsc -p tsconfig.build.json, to
 * dist/) once per test process, then `node dist/bot/index.js`. The build is incremental, so a
 * second run with unchanged sources only checks them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bot/config.js';

/** The entry point `npm start` runs, relative to the project root. */
export const COMPILED_ENTRY = path.join('dist', 'bot', 'index.js');

let built = false;

/** Builds dist/ once per test process; throws with tsc's output when the build fails. */
export function ensureBuilt(): void {
  if (built) return;
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  built = true;
}
