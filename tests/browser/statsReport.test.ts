/**
 * The HTML report of `npm run stats` after a scripted day of traffic through the bot (answers,
 * feedback, did-you-means, questions without an answer, troubleshooters), opened in headless
 * Chromium: no console error, no request beyond the file itself, the charts drawn, and user text
 * shown as text. The screenshot goes to tests/browser/output/stats-report.png.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../bot/config.js';
import { analyticsMessages, messages } from '../../replies/messages.js';
import { YES_FIXED } from '../support/treeWalk.js';
import { TestChat, buttonsOf, freshApp, lastOf, type BotReply } from '../support/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.join(PROJECT_ROOT, 'tests', 'browser', 'output');
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

function launchChromium(): Promise<Browser> {
  assert.ok(
    fs.existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian's Chromium with "apt-get install -y chromium"`,
  );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function withButton(replies: readonly BotReply[], title: string): BotReply | undefined {
  return replies.find((r) => buttonsOf(r).some((b) => b.title === title));
}

/** A day of traffic: twelve users asking, rating, walking troubleshooters and giving up. */
async function scriptedDay(stateDir: string): Promise<void> {
  const app = freshApp({ STORAGE: 'file', STATE_DIR: stateDir });
  const tree = [...app.services.knowledge.current.trees.values()][0];
  assert.ok(tree);
  for (let u = 0; u < 12; u++) {
    const chat = new TestChat(app, { channelId: 'webchat' });
    const answer = withButton(
      await chat.say('conversation history not saved in outlook'),
      analyticsMessages.helpfulButton,
    );
    await chat.click(answer, u % 3 === 0 ? analyticsMessages.notHelpfulButton : analyticsMessages.helpfulButton);
    if (u % 2 === 0) {
      const clarify = withButton(await chat.say('UCS contacts'), messages.search.noneOfTheseButton);
      if (u % 4 === 0) await chat.click(clarify, messages.search.noneOfTheseButton);
    }
    if (u % 3 === 1)
      await chat.say(
        [
          'meeting recording missing in teams calendar',
          'teams meeting recording missing from calendar',
          'how do I bake bread <b>now</b>',
        ][u % 3 === 1 ? u % 2 : 2] ?? '',
      );
    if (u === 5) await chat.say('how do I bake bread <b>now</b> & <script>alert(1)</script>');
    let last = lastOf(await chat.say(`/troubleshoot ${tree.id}`));
    for (let i = 0; i < u % 4 && !buttonsOf(last).some((b) => b.title === YES_FIXED); i++)
      last = lastOf(await chat.click(last, (buttonsOf(last)[0] ?? { title: '?' }).title));
    if (buttonsOf(last).some((b) => b.title === YES_FIXED)) await chat.click(last, YES_FIXED);
    else if (u % 2 === 0) await chat.say('cancel');
  }
  await app.services.analytics?.flush();
}

describe('npm run stats: the HTML report in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  after(async () => browser?.close());

  it('renders without console errors and without any request beyond the file, charts drawn, user text escaped', async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    await scriptedDay(path.join(root, 'state'));
    const env = { ...process.env, STORAGE: 'file', STATE_DIR: path.join(root, 'state'), LOG_LEVEL: 'silent' };
    const { stdout } = await promisify(execFile)(TSX, ['tools/statsCli.ts', '--days', '1'], { cwd: PROJECT_ROOT, env });
    const report = /^Report: (.+)$/m.exec(stdout)?.[1];
    assert.ok(report, stdout);
    const file = path.resolve(PROJECT_ROOT, report);
    const url = pathToFileURL(file).href;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const others: string[] = [];
    await context.route('**/*', async (route) => {
      const requested = route.request().url();
      if (requested === url) await route.continue();
      else {
        others.push(requested);
        await route.abort('blockedbyclient');
      }
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    fs.mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'stats-report.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(others, []);
    assert.ok((await page.locator('svg rect').count()) > 0, 'bars drawn');
    const text = await page.locator('body').innerText();
    assert.match(text, /Questions\s*\n?\s*\d+/);
    assert.match(text, /not helpful [1-9]/, 'a gap says its questions were rated not helpful');
    assert.match(text, /none of these [1-9]/, 'a gap says "none of these" was pressed');
    assert.ok(text.includes('<script>alert(1)</script>'), 'the question is shown as text');
    assert.ok(text.includes('bread <b>now</b>'), 'markup in a question stays text');
    assert.equal(await page.locator('script').count(), 0, 'no script element from user text');
  });
});
