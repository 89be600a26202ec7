/* global process */
// Test-only preload for the compiled bot (node --expose-gc --import this): answers heap figures and the
// CommonJS modules loaded so far over the IPC channel, so the production server needs no debug endpoint.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.channel?.unref();
process.on('message', (message) => {
  if (message === 'modules') {
    process.send?.({ modules: Object.keys(require.cache) });
    return;
  }
  if (message !== 'heap') return;
  globalThis.gc?.();
  globalThis.gc?.();
  process.send?.({ heapUsed: process.memoryUsage().heapUsed });
});
