/**
 * The web chat page in a real browser: Debian's Chromium driven by playwright-core (never a
 * downloaded browser). A phone-sized window loads the page from the bot, sees the welcome, types a
 * symptom, walks the troubleshooter to a fix with a KB link, reloads and sees the history, downloads
 * the transcript, starts a new conversation; axe-core checks accessibility. Every request is
 * intercepted: anything that is not the bot's own loopback origin is aborted and fails the test, as
 * does any console error. Screenshots of each step go to tests/browser/output/ (git-ignored).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../bot/config.js';
import { startWebChatBot, type WebChatBot } from '../http/directlineKit.js';
import { offlineOnly, request, messageActivity, uniqueId } from '../support/httpBot.js';
import nock from 'nock';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.join(PROJECT_ROOT, 'tests', 'browser', 'output');
const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const PHONE = { width: 360, height: 740 };
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const KB_LINK = 'https://support.microsoft.com/help/2436962';
const APP_ID = '00000000-0000-4000-8000-000000000001';

/** What a page did that the tests check: requests, their transferred bytes, console errors. */
interface Watch {
  readonly requests: string[];
  readonly foreign: string[];
  readonly consoleErrors: string[];
  transferred: number;
}

function launchChromium(): Promise<Browser> {
  assert.ok(
    fs.existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian's Chromium with "apt-get install -y chromium" (.ci/run does)`,
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

/** A context that lets only the bot's origin through (and blob:/data: of the page itself). */
async function watchedContext(browser: Browser, origin: string, watch: Watch): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true, locale: 'en-US' });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    watch.requests.push(url);
    const local = url === origin || url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`);
    if (local || url.startsWith('data:')) await route.continue();
    else {
      watch.foreign.push(url);
      await route.abort('blockedbyclient');
    }
  });
  context.on('requestfinished', (request) => {
    void request.sizes().then(
      (s) => (watch.transferred += s.responseBodySize + s.responseHeadersSize),
      () => undefined,
    );
  });
  return context;
}

function watchPage(page: Page, watch: Watch): void {
  page.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watch.consoleErrors.push(`page error: ${e.message}`));
}

function newWatch(): Watch {
  return { requests: [], foreign: [], consoleErrors: [], transferred: 0 };
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}

/** The bot's message bubbles' texts, in order. */
function transcriptTexts(page: Page): Promise<string[]> {
  return page.locator('.webchat__basic-transcript__activity').allInnerTexts();
}

async function runAxe(page: Page): Promise<{ id: string; impact: string; help: string; nodes: number }[]> {
  // DevTools evaluation is not subject to the page's CSP, so axe runs without loosening it.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<{ id: string; impact: string; help: string; nodes: number }[]>(
    `axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`,
  );
}

describe('web chat in Chromium (phone size, everything on loopback)', function () {
  this.timeout(180_000);
  let bot: WebChatBot;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const watch = newWatch();
  const figures: Record<string, number> = {};

  before(async function () {
    bot = await startWebChatBot();
    browser = await launchChromium();
    context = await watchedContext(browser, bot.baseUrl, watch);
    page = await context.newPage();
    watchPage(page, watch);
  });

  after(async function () {
    await browser.close();
    await bot.close();
    if (Object.keys(figures).length > 0) {
      fs.mkdirSync(OUTPUT, { recursive: true });
      fs.writeFileSync(path.join(OUTPUT, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    }
  });

  it('loads the page and shows the welcome once, with no horizontal scrolling at 360 px', async function () {
    const started = Date.now();
    await page.goto(`${bot.baseUrl}/`);
    await page.getByText('I help fix', { exact: false }).first().waitFor({ timeout: 30_000 });
    figures.msToWelcome = Date.now() - started;
    await page.waitForLoadState('networkidle').catch(() => undefined);
    figures.bytesTransferredOnLoad = watch.transferred;
    await shot(page, '01-welcome');
    assert.equal(await page.locator('h1').innerText(), bot.config.teamsApp.shortName);
    assert.equal((await transcriptTexts(page)).filter((t) => t.includes('I help fix')).length, 1);
    const widths = await page.evaluate<{ scroll: number; client: number }>(
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    );
    assert.ok(widths.scroll <= widths.client, `page scrolls sideways: ${widths.scroll} > ${widths.client}`);
    const csp = (await page.request.get(`${bot.baseUrl}/`)).headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
  });

  it('has no serious or critical accessibility violations (axe-core)', async function () {
    const violations = await runAxe(page);
    figures.axeViolationsMinorOrModerate = violations.filter((v) => !['serious', 'critical'].includes(v.impact)).length;
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(severe, [], JSON.stringify(severe, null, 2));
  });

  it('answers a typed symptom with its troubleshooter', async function () {
    await page.locator(SEND_BOX).click();
    await page.keyboard.type('presence status not showing in outlook');
    const sent = Date.now();
    await page.keyboard.press('Enter');
    await page.getByText('Where is the presence light missing?').first().waitFor({ timeout: 30_000 });
    figures.msToFirstAnswer = Date.now() - sent;
    await shot(page, '02-troubleshooter-started');
  });

  it('walks the troubleshooter to a fix with a KB link', async function () {
    await page.getByRole('button', { name: 'Outlook desktop app', exact: true }).last().click();
    await page.getByRole('button', { name: 'No, or not running', exact: true }).last().waitFor({ timeout: 30_000 });
    await shot(page, '03-question');
    await page.getByRole('button', { name: 'No, or not running', exact: true }).last().click();
    const kb = page.locator(`a[href="${KB_LINK}"]`).last();
    await kb.waitFor({ timeout: 30_000 });
    assert.match(await kb.innerText(), /KB 2436962/);
    await page.getByText('Did this fix it?').last().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800);
    await kb.scrollIntoViewIfNeeded();
    await shot(page, '04-fix-with-kb-link');
  });

  it('shows the same history after a reload, the welcome still once', async function () {
    const before = await transcriptTexts(page);
    await page.reload();
    await page.locator(`a[href="${KB_LINK}"]`).last().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    const after = await transcriptTexts(page);
    await shot(page, '05-after-reload');
    const strip = (texts: string[]): string[] => texts.map((t) => t.replace(/\n[^\n]*(ago|Just now)[^\n]*$/i, ''));
    assert.deepEqual(strip(after).slice(0, before.length), strip(before));
    assert.equal(after.filter((t) => t.includes('I help fix')).length, 1);
    assert.ok(after.some((t) => t.includes('presence status not showing in outlook')));
  });

  it('downloads the transcript as text', async function () {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download transcript' }).click();
    const file = await (await download).path();
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /You:\npresence status not showing in outlook/);
    assert.match(text, /You:\nOutlook desktop app/);
    assert.match(text, /KB 2436962/);
  });

  it('starts a new conversation and a guided troubleshooter with the keyboard alone', async function () {
    /** Presses Tab and says what has the focus. */
    const tab = async (): Promise<string> => {
      await page.keyboard.press('Tab');
      return page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
    };
    await page.reload();
    await page.locator(`a[href="${KB_LINK}"]`).last().waitFor({ timeout: 30_000 });
    assert.equal(await tab(), 'Skip to the chat');
    assert.equal(await tab(), 'New conversation');
    await page.keyboard.press('Enter');
    await page.locator(`a[href="${KB_LINK}"]`).first().waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText('I help fix', { exact: false }).first().waitFor({ timeout: 30_000 });
    // From the top of the reloaded page (the new conversation is the one kept): header, then the starters.
    await page.reload();
    await page.getByText('I help fix', { exact: false }).first().waitFor({ timeout: 30_000 });
    const order = [await tab(), await tab(), await tab(), await tab(), await tab()];
    assert.deepEqual(order, [
      'Skip to the chat',
      'New conversation',
      'Download transcript',
      'Presence missing in Outlook',
      'Error inserting a Skype meeting',
    ]);
    await page.keyboard.press('Enter');
    await page
      .getByText('Error inserting Skype meeting details', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, '06-new-conversation-starter');
    const texts = await transcriptTexts(page);
    assert.equal(texts.filter((t) => t.includes('I help fix')).length, 1);
    assert.equal(texts.filter((t) => t.includes('presence status not showing')).length, 0);
    assert.ok(
      texts.some((t) => t.includes('Error inserting a Skype meeting')),
      'the starter shows its label as sent',
    );
  });

  it('sent nothing beyond the bot on loopback and logged no console error', function () {
    assert.ok(watch.requests.length > 5, 'requests were recorded');
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.consoleErrors, []);
  });
});

describe('web chat in Chromium with MicrosoftAppId set', function () {
  this.timeout(120_000);
  let bot: WebChatBot;
  let browser: Browser;
  const watch = newWatch();

  before(async function () {
    offlineOnly();
    bot = await startWebChatBot({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' },
    });
    browser = await launchChromium();
  });

  after(async function () {
    await browser.close();
    await bot.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('answers in the page while /api/messages still refuses a request without a token', async function () {
    const context = await watchedContext(browser, bot.baseUrl, watch);
    const page = await context.newPage();
    watchPage(page, watch);
    await page.goto(`${bot.baseUrl}/`);
    await page.getByText('I help fix', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.locator(SEND_BOX).fill('my contact list is read-only');
    await page.keyboard.press('Enter');
    await page.getByText('Unified Contact Store', { exact: false }).first().waitFor({ timeout: 30_000 });
    await shot(page, '07-app-id-mode');
    const activity = messageActivity('hello', { conversationId: uniqueId('c') });
    const refused = await request('POST', `${bot.baseUrl}/api/messages`, JSON.stringify(activity));
    assert.equal(refused.status, 401);
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.consoleErrors, []);
  });
});
