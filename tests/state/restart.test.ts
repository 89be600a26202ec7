/**
 * A troubleshooter survives a restart with `npm start` defaults (no STORAGE set: the file store):
 * the real server process (the compiled dist/bot/index.js, as `npm start` runs it), driven over HTTP with
 * expectReplies, stopped with SIGTERM and later with kill -9 between clicks, restarted on the same
 * folder; each next click goes on at the step where the user was.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bot/config.js';
import { HttpUser, type Reply } from './support/botServer.js';
import { tempDir } from './support/stores.js';
import { COMPILED_ENTRY } from '../support/compiled.js';
import {
  compiledBots,
  firstButtonOf,
  referenceWalk,
  replyTexts,
  startProcess,
  stop,
} from '../proof/support/botProcess.js';
import { freePort } from '../support/freePort.js';

const TREE = 'presence-missing-in-outlook';

function firstButton(replies: readonly Reply[]): string {
  const title = firstButtonOf(replies);
  assert.ok(title, 'a button to click');
  return title;
}

describe('a restart with npm start defaults', function () {
  this.timeout(120_000);
  const running = compiledBots();

  it('keeps the troubleshooter: SIGTERM, restart, click; kill -9, restart, click; each goes on', async function () {
    // What the same clicks say on a bot that never stops.
    const [refStart, refStep1, refStep2] = await referenceWalk(TREE, 3);
    assert.ok(refStart && refStep1 && refStep2, 'the tree has two steps by its first buttons');

    const dir = tempDir('state-restart');
    const port = await freePort();
    const user = new HttpUser('restart');

    let bot = await startProcess(dir, port);
    running.push(bot);
    const started = await user.say(bot.baseUrl, `/troubleshoot ${TREE}`);
    assert.deepEqual(replyTexts(started), replyTexts(refStart));
    const graceful = await stop(bot, 'SIGTERM');
    assert.equal(graceful.code, 0, bot.output());

    bot = await startProcess(dir, port);
    running.push(bot);
    const step1 = await user.click(bot.baseUrl, started, firstButton(started));
    assert.deepEqual(replyTexts(step1), replyTexts(refStep1), 'after SIGTERM the click goes on at the same step');
    const killed = await stop(bot, 'SIGKILL');
    assert.equal(killed.signal, 'SIGKILL');

    bot = await startProcess(dir, port);
    running.push(bot);
    const step2 = await user.click(bot.baseUrl, step1, firstButton(step1));
    assert.deepEqual(replyTexts(step2), replyTexts(refStep2), 'after kill -9 the click goes on at the same step');
    await stop(bot, 'SIGTERM');

    const files = (fs.readdirSync(path.join(dir, 'v1'), { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.json'),
    );
    assert.ok(files.length >= 1, 'the state is in files under STATE_DIR');
  });

  it('refuses to start, in one line, when STATE_DIR cannot be written', async function () {
    const dir = tempDir('state-blocked');
    // A file where the folder should be: nothing can be created under it, even as root.
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'x');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STATE_DIR: blocked,
      PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
    };
    Reflect.deleteProperty(env, 'STORAGE');
    const child = spawn(process.execPath, [COMPILED_ENTRY], { cwd: PROJECT_ROOT, env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    const lines = stderr.split('\n').filter((l) => l.startsWith('Refusing to start.'));
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0] ?? '', /STATE_DIR .*not-a-folder cannot be used/);
  });
});
