/**
 * The web chat page as served: its security headers, no inline script, the vendored Web Chat bundle
 * byte-identical to what VENDOR.json records, the starter buttons naming real troubleshooters; and
 * the parts of the Direct Line that need no server (tokens, rate limiter, secret, configuration).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadConfig, ConfigError, PROJECT_ROOT } from '../../bot/config.js';
import { createLogger } from '../../core/logger.js';
import { TokenSigner } from '../../bot/directline/token.js';
import { createRateLimiter } from '../../bot/directline/rateLimit.js';
import { resolveSecret } from '../../bot/directline/secret.js';
import { request } from '../support/httpBot.js';
import { startWebChatBot, tempSecretFile, type WebChatBot } from './directlineKit.js';

const VENDOR = path.join(PROJECT_ROOT, 'web', 'vendor', 'botframework-webchat');
const record = JSON.parse(fs.readFileSync(path.join(VENDOR, 'VENDOR.json'), 'utf8')) as {
  version: string;
  sha256: Record<string, string>;
};
/** One GET with the body as bytes (the shared helper decodes it as text). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

describe('web chat page', function () {
  let bot: WebChatBot;
  before(async () => (bot = await startWebChatBot({ env: { TEAMS_APP_NAME: 'Help <desk> & "co"' } })));
  after(() => bot.close());

  it('serves / with a strict CSP: scripts from this origin only, a fresh style nonce per answer', async () => {
    const [a, b] = [await request('GET', `${bot.baseUrl}/`), await request('GET', `${bot.baseUrl}/`)];
    assert.equal(a.status, 200);
    const csp = String(a.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(String(b.headers['content-security-policy']))?.[1]);
    assert.ok(a.text.includes(`content="${nonce}"`), 'the page carries its nonce for Web Chat');
    assert.equal(a.headers['x-content-type-options'], 'nosniff');
    assert.equal(a.headers['cache-control'], 'no-store');
  });

  it('has no inline script and loads nothing from another origin', async () => {
    const html = (await request('GET', `${bot.baseUrl}/`)).text;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 2);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs ?? '', /\ssrc="\/webchat\//);
      assert.equal(body?.trim(), '');
    }
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /(?:src|href)="(?:https?:)?\/\//, 'every address is this origin');
    assert.ok(html.includes(`/webchat/vendor/webchat-${record.version}.js`));
  });

  it('escapes the configured product name into the header', async () => {
    const html = (await request('GET', `${bot.baseUrl}/`)).text;
    assert.ok(html.includes('<h1>Help &#60;desk&#62; &#38; &#34;co&#34;</h1>'));
  });

  it('offers starter buttons for troubleshooters that exist, and the controls a user needs', async () => {
    const html = (await request('GET', `${bot.baseUrl}/`)).text;
    const commands = [...html.matchAll(/data-command="\/troubleshoot ([a-z0-9-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(commands, ['presence-missing-in-outlook', 'skype-meeting-insert-error', 'ucs-contact-list']);
    const trees = [...bot.app.services.knowledge.current.trees.keys()];
    for (const id of commands) assert.ok(trees.includes(id), `${id} is a troubleshooter`);
    assert.match(html, /<button type="button" id="new-conversation">New conversation<\/button>/);
    assert.match(html, /<a id="download-transcript"[^>]*>Download transcript<\/a>/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1" \/>/);
  });

  it('serves the vendored Web Chat bundle byte-identical to VENDOR.json, gzipped when asked, cached for good', async () => {
    const file = fs.readFileSync(path.join(VENDOR, 'webchat.js'));
    assert.equal(sha256(file), record.sha256['webchat.js']);
    const url = `${bot.baseUrl}/webchat/vendor/webchat-${record.version}.js`;
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.status, 200);
    assert.equal(sha256(Buffer.from(await plain.arrayBuffer())), record.sha256['webchat.js']);
    assert.match(String(plain.headers.get('cache-control')), /immutable/);
    await new Promise((r) => setTimeout(r, 1500)); // the gzip form is made in the background
    const zipped = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.body.length < file.length / 3, `gzip: ${zipped.body.length} bytes`);
    assert.equal(sha256(zlib.gunzipSync(zipped.body)), record.sha256['webchat.js']);
    const etag = String(plain.headers.get('etag'));
    const again = await request('GET', url, undefined, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('answers 404 for any other file under /webchat/', async () => {
    for (const p of ['/webchat/../package.json', '/webchat/vendor/VENDOR.json', '/webchat/nothing.js'])
      assert.equal((await request('GET', `${bot.baseUrl}${p}`)).status, 404, p);
  });
});

describe('Direct Line parts', function () {
  const SECRET = 'a-secret-that-is-long-enough-for-hs256-signing';

  it('signs tokens that only the same secret verifies, with the algorithm fixed', () => {
    let now = 1_000_000_000_000;
    const signer = new TokenSigner(SECRET, 60, () => now);
    const token = signer.issue('conv', 'dl_user');
    assert.deepEqual(signer.verify(token), {
      ok: true,
      claims: { conversationId: 'conv', userId: 'dl_user', expiresAt: now / 1000 + 60 },
    });
    assert.deepEqual(new TokenSigner(`${SECRET}x`, 60, () => now).verify(token), { ok: false, reason: 'signature' });
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload ?? ''}.`;
    assert.equal(signer.verify(none).ok, false);
    assert.deepEqual(signer.verifyHeader(undefined), { ok: false, reason: 'missing' });
    assert.deepEqual(signer.verify('x'.repeat(5000)), { ok: false, reason: 'malformed' });
    now += 60_000;
    assert.deepEqual(signer.verify(token), { ok: false, reason: 'expired' });
    assert.throws(() => new TokenSigner('short', 60), /at least 32/);
  });

  it('limits each key to its budget a minute, refilling over time, with bounded memory', () => {
    let now = 0;
    const limiter = createRateLimiter(3, { now: () => now, maxKeys: 2 });
    assert.deepEqual(
      [1, 2, 3, 4].map(() => limiter.take('a')),
      [true, true, true, false],
    );
    assert.equal(limiter.retryAfterSeconds('a'), 20);
    assert.equal(limiter.take('b'), true, 'keys are independent');
    now += 20_000;
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('c'), true, 'a full table forgets old buckets instead of refusing newcomers');
  });

  it('generates the secret once, readable by the owner only, and prefers DIRECTLINE_SECRET', () => {
    const logger = createLogger('silent');
    const file = tempSecretFile();
    const first = resolveSecret('', file, logger);
    assert.ok(first.length >= 32);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(resolveSecret('', file, logger), first);
    const other = tempSecretFile();
    assert.equal(resolveSecret(SECRET, other, logger), SECRET);
    assert.equal(fs.existsSync(other), false);
    fs.writeFileSync(other, 'short\n');
    assert.throws(() => resolveSecret('', other, logger), /no usable secret/);
  });

  it('reads the web chat keys with their limits', () => {
    const config = loadConfig({});
    assert.deepEqual(config.webChat, {
      enabled: true,
      secret: '',
      tokenTtlSeconds: 1800,
      conversationTtlSeconds: 86400,
      maxActivities: 500,
      conversationsPerMinute: 10,
      messagesPerMinute: 30,
      pollsPerMinute: 300,
    });
    assert.equal(loadConfig({ WEBCHAT_ENABLED: 'false' }).webChat.enabled, false);
    assert.throws(
      () =>
        loadConfig({ DIRECTLINE_SECRET: 'short', DIRECTLINE_MAX_ACTIVITIES: '5', DIRECTLINE_TOKEN_TTL_SECONDS: 'x' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 3 &&
        /DIRECTLINE_SECRET must be at least 32 characters/.test(err.message),
    );
  });
});
