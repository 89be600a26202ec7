/* global process */
// Test-only preload for the compiled bot (node --expose-gc --import this): answers heap figures over
// the IPC channel, so the production server needs no debug endpoint.
process.channel?.unref();
process.on('message', (message) => {
  if (message !== 'heap') return;
  globalThis.gc?.();
  globalThis.gc?.();
  process.send?.({ heapUsed: process.memoryUsage().heapUsed });
});
