import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../core/logger.js';
import { generateSecret } from './token.js';

/**
 * The secret that signs Direct Line tokens: `DIRECTLINE_SECRET` when set; otherwise the one in `file`,
 * generated (48 random bytes, readable by the owner only) on the first start, so tokens, and with
 * them the page's conversations, stay valid across restarts.
 */
export function resolveSecret(configured: string, file: string, logger: Logger): string {
  if (configured !== '') return configured;
  try {
    const kept = fs.readFileSync(file, 'utf8').trim();
    if (kept.length < 32) throw new Error(`${file} holds no usable secret (fewer than 32 characters): delete it`);
    return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = generateSecret();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': two processes starting at once must not both write; the second reads the first's.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecret('', file, logger);
    throw err;
  }
  logger.info('generated the web chat token secret', { file });
  return secret;
}
