/**
 * The bench's echo bot (the bare-stack ceiling) builds, starts as plain node, answers /healthz and
 * echoes a message to the connector named by the activity's serviceUrl, so the bench cannot rot.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bot/config.js';
import { ensureBuilt } from '../support/compiled.js';
import { freePort } from '../support/freePort.js';

const ECHO_ENTRY = path.join('dist', 'tests', 'bench', 'echoBot.js');

function post(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function getStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
      .on('error', () => resolve(undefined));
  });
}

describe('bench: the echo bot', function () {
  this.timeout(60000);
  let child: ChildProcess | undefined;
  let connector: http.Server | undefined;

  after(function () {
    child?.kill('SIGKILL');
    connector?.close();
  });

  it('starts, answers /healthz and echoes one message through a loopback connector', async function () {
    ensureBuilt();
    const posted: { path: string; text: unknown }[] = [];
    connector = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        posted.push({ path: req.url ?? '', text: (JSON.parse(raw) as { text?: unknown }).text });
        // Two calls: under the suite's nock interception writeHead does not return the response.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"r1"}');
      });
    });
    await new Promise<void>((resolve) => connector?.listen(0, '127.0.0.1', resolve));
    const connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;

    const port = await freePort();
    child = spawn(process.execPath, [ECHO_ENTRY], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: String(port) } });
    const base = `http://127.0.0.1:${port}`;
    let healthy: number | undefined;
    for (let i = 0; i < 150 && healthy !== 200; i++) {
      healthy = await getStatus(`${base}/healthz`);
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(healthy, 200);

    const status = await post(`${base}/api/messages`, {
      type: 'message',
      id: 'a1',
      text: 'hello bench',
      channelId: 'emulator',
      serviceUrl: connectorUrl,
      from: { id: 'u1' },
      recipient: { id: 'b1' },
      conversation: { id: 'c1' },
    });
    assert.equal(status, 200);
    assert.deepEqual(posted, [{ path: '/v3/conversations/c1/activities/a1', text: 'echo: hello bench' }]);
  });
});
