import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import nock from 'nock';
import { safeFetch, type SafeFetchResult } from '../../../diagnostics/safeFetch.js';
import {
  EXPIRED_CERT,
  EXPIRED_KEY,
  LEAF_CERT,
  LEAF_KEY,
  SELF_SIGNED_CERT,
  SELF_SIGNED_KEY,
  TEST_CA_CERT,
} from './certs.js';
import { errno, FakeDns, startTlsServer, useRealSockets } from './helpers.js';

const FE = 'https://fe.contoso.test';
const PUBLIC = '52.112.0.10';

function okResult(result: SafeFetchResult): Extract<SafeFetchResult, { ok: true }> {
  assert.ok(result.ok, `expected a response, got ${JSON.stringify(result)}`);
  return result;
}

function failed(result: SafeFetchResult, stage: string): Extract<SafeFetchResult, { ok: false }> {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  assert.ok(!result.ok);
  assert.equal(result.stage, stage, result.message);
  return result;
}

describe('diagnostics/safeFetch', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe('with nock', () => {
    const dns = (): FakeDns =>
      new FakeDns({
        'fe.contoso.test': [PUBLIC],
        'other.contoso.test': ['52.112.0.11'],
        'evil.contoso.test': ['169.254.169.254'],
      });

    it('fetches a JSON document and reports status, headers, body, final URL and the pinned address', async () => {
      const scope = nock(FE)
        .get('/metadata/json/1')
        .reply(200, { issuer: 'x' }, { 'Content-Type': 'application/json' });
      const resolver = dns();
      const r = okResult(await safeFetch(`${FE}/metadata/json/1`, { resolver }));
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(r.body), { issuer: 'x' });
      assert.equal(r.finalUrl, `${FE}/metadata/json/1`);
      assert.equal(r.address, PUBLIC);
      assert.deepEqual(r.redirects, []);
      assert.equal(r.tls.authorized, true);
      assert.equal(r.tls.selfSigned, false);
      assert.deepEqual(resolver.calls, ['lookup fe.contoso.test']);
      scope.done();
    });

    it('returns non-2xx statuses as responses, not failures', async () => {
      nock(FE).get('/nope').reply(404, 'Not Found');
      const r = okResult(await safeFetch(`${FE}/nope`, { resolver: dns() }));
      assert.equal(r.status, 404);
      assert.equal(r.body, 'Not Found');
    });

    it('never sends credentials, cookies or an Authorization header; strips userinfo', async () => {
      const scope = nock(FE, { badheaders: ['authorization', 'cookie', 'proxy-authorization'] })
        .matchHeader('user-agent', /troubleshooter/)
        .get('/x')
        .reply(200, 'ok');
      const r = okResult(await safeFetch('https://admin:Secret1@fe.contoso.test/x', { resolver: dns() }));
      assert.equal(r.finalUrl, `${FE}/x`);
      assert.ok(!JSON.stringify(r).includes('Secret1'));
      scope.done();
    });

    it('still lets nock intercept although the connection is pinned with a lookup function', async () => {
      const scope = nock(FE).get('/pinned').reply(200, 'intercepted');
      assert.equal(okResult(await safeFetch(`${FE}/pinned`, { resolver: dns() })).body, 'intercepted');
      scope.done();
    });

    describe('url stage', () => {
      for (const [input, pattern] of [
        ['', /No URL/],
        ['not a url', /not a valid URL/],
        ['http://fe.contoso.test/metadata/json/1', /Only https/],
        ['ftp://fe.contoso.test/', /Only https/],
        ['https://fe.contoso.test:8443/metadata/json/1', /Port 8443 is not allowed/],
        ['https://fe.contoso.test:22/', /Port 22/],
      ] as const) {
        it(JSON.stringify(input), async () => {
          const resolver = dns();
          assert.match(failed(await safeFetch(input, { resolver }), 'url').message, pattern);
          assert.deepEqual(resolver.calls, [], 'no DNS lookup for a refused URL');
        });
      }
      it('accepts an extra port when allowed', async () => {
        nock('https://fe.contoso.test:8443').get('/x').reply(200, 'ok');
        assert.equal(
          okResult(await safeFetch('https://fe.contoso.test:8443/x', { resolver: dns(), ports: [443, 8443] })).status,
          200,
        );
      });
    });

    describe('dns stage', () => {
      it('name not found', async () => {
        const r = failed(await safeFetch('https://missing.contoso.test/', { resolver: new FakeDns() }), 'dns');
        assert.equal(r.code, 'ENOTFOUND');
        assert.match(r.message, /does not exist in DNS/);
      });
      it('no addresses', async () => {
        const r = failed(await safeFetch(`${FE}/`, { resolver: new FakeDns({ 'fe.contoso.test': [] }) }), 'dns');
        assert.match(r.message, /no A or AAAA record/);
      });
      it('server failure', async () => {
        const r = failed(
          await safeFetch(`${FE}/`, { resolver: new FakeDns({ 'fe.contoso.test': errno('EAI_AGAIN') }) }),
          'dns',
        );
        assert.equal(r.code, 'EAI_AGAIN');
      });
      it('a resolver that hangs runs into the deadline', async () => {
        const r = failed(
          await safeFetch(`${FE}/`, { resolver: new FakeDns({ 'fe.contoso.test': 'hang' }), timeoutMs: 50 }),
          'timeout',
        );
        assert.match(r.message, /Resolving fe\.contoso\.test/);
      });
    });

    describe('refused stage (address policy)', () => {
      for (const [address, pattern] of [
        ['10.0.0.5', /private/],
        ['127.0.0.1', /loopback/],
        ['169.254.169.254', /metadata/],
        ['::1', /loopback/],
        ['::ffff:127.0.0.1', /loopback/],
        ['fd00::1', /unique local/],
        ['100.64.1.1', /carrier-grade/],
        ['0.0.0.0', /unspecified/],
      ] as const) {
        it(address, async () => {
          const r = failed(
            await safeFetch(`${FE}/metadata/json/1`, { resolver: new FakeDns({ 'fe.contoso.test': [address] }) }),
            'refused',
          );
          assert.match(r.message, pattern);
          assert.match(r.message, new RegExp(`resolves to ${address.replace(/[.:]/g, '\\$&')}`));
        });
      }
      it('refuses when any of several answers is refused', async () => {
        const r = failed(
          await safeFetch(`${FE}/`, { resolver: new FakeDns({ 'fe.contoso.test': [PUBLIC, '192.168.1.10'] }) }),
          'refused',
        );
        assert.equal(r.category, 'private');
      });
      it('refuses IP literals in the URL without asking DNS', async () => {
        const resolver = dns();
        failed(await safeFetch('https://127.0.0.1/', { resolver }), 'refused');
        failed(await safeFetch('https://[::1]/', { resolver }), 'refused');
        assert.equal(
          failed(await safeFetch('https://169.254.169.254/latest/meta-data/', { resolver }), 'refused').category,
          'metadata',
        );
        assert.deepEqual(resolver.calls, []);
      });
      it('allows private addresses with allowPrivate (lab use)', async () => {
        nock(FE).get('/x').reply(200, 'lab');
        const r = okResult(
          await safeFetch(`${FE}/x`, {
            resolver: new FakeDns({ 'fe.contoso.test': ['10.0.0.5'] }),
            allowPrivate: true,
          }),
        );
        assert.equal(r.address, '10.0.0.5');
      });
      it('still refuses a resolver answer that is not an IP address, even with allowPrivate', async () => {
        failed(
          await safeFetch(`${FE}/x`, {
            resolver: new FakeDns({ 'fe.contoso.test': ['fe.internal'] }),
            allowPrivate: true,
          }),
          'dns',
        );
      });
    });

    describe('tls stage, in plain words', () => {
      for (const [code, words] of [
        ['DEPTH_ZERO_SELF_SIGNED_CERT', /the certificate is self-signed/],
        ['SELF_SIGNED_CERT_IN_CHAIN', /the chain is not trusted/],
        ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /the chain is not trusted/],
        ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /the chain is not trusted/],
        ['CERT_HAS_EXPIRED', /the certificate has expired/],
        ['ERR_TLS_CERT_ALTNAME_INVALID', /does not include this host name/],
        ['ERR_SSL_WRONG_VERSION_NUMBER', /did not answer with TLS/],
      ] as const) {
        it(code, async () => {
          nock(FE)
            .get('/metadata/json/1')
            .replyWithError(errno(code, `openssl says ${code}`));
          const r = failed(await safeFetch(`${FE}/metadata/json/1`, { resolver: dns() }), 'tls');
          assert.equal(r.code, code);
          assert.match(r.message, words);
          assert.ok(!r.message.includes('openssl says'), 'plain words, not the raw error');
        });
      }
    });

    describe('connect stage', () => {
      for (const [code, words] of [
        ['ECONNREFUSED', /refused/],
        ['ECONNRESET', /reset/],
        ['EHOSTUNREACH', /unreachable/],
      ] as const) {
        it(code, async () => {
          nock(FE).get('/').replyWithError(errno(code));
          const r = failed(await safeFetch(`${FE}/`, { resolver: dns() }), 'connect');
          assert.equal(r.code, code);
          assert.match(r.message, words);
          assert.match(r.message, new RegExp(PUBLIC.replace(/\./g, '\\.')));
        });
      }
    });

    describe('http stage', () => {
      it('a malformed HTTP response', async () => {
        nock(FE).get('/').replyWithError(errno('HPE_INVALID_CONSTANT'));
        const r = failed(await safeFetch(`${FE}/`, { resolver: dns() }), 'http');
        assert.equal(r.code, 'HPE_INVALID_CONSTANT');
        assert.match(r.message, /malformed HTTP response/);
      });
    });

    describe('timeout stage', () => {
      it('a slow response runs into the deadline', async () => {
        nock(FE).get('/slow').delay(500).reply(200, 'late');
        const started = Date.now();
        const r = failed(await safeFetch(`${FE}/slow`, { resolver: dns(), timeoutMs: 100 }), 'timeout');
        assert.equal(r.code, 'ETIMEDOUT');
        assert.ok(Date.now() - started < 450, 'gave up at the deadline');
      });
      it('a deadline used up by DNS stops before connecting', async () => {
        const scope = nock(FE).get('/x').reply(200, 'never');
        const r = failed(await safeFetch(`${FE}/x`, { resolver: dns(), timeoutMs: 0 }), 'timeout');
        assert.equal(r.code, 'ETIMEDOUT');
        assert.match(r.message, /within 0 ms/);
        assert.equal(scope.isDone(), false, 'no request was sent');
      });
      it('a connect timeout reported by the socket is a timeout', async () => {
        nock(FE).get('/').replyWithError(errno('ETIMEDOUT'));
        const r = failed(await safeFetch(`${FE}/`, { resolver: dns() }), 'timeout');
        assert.match(r.message, /Connecting to fe\.contoso\.test timed out/);
      });
      it('a response within the deadline is fine', async () => {
        nock(FE).get('/ok').delay(20).reply(200, 'on time');
        assert.equal(okResult(await safeFetch(`${FE}/ok`, { resolver: dns(), timeoutMs: 1000 })).body, 'on time');
      });
    });

    describe('too-large stage', () => {
      it('declared Content-Length over the cap', async () => {
        nock(FE).get('/big').reply(200, 'x'.repeat(2048), { 'Content-Length': '2048' });
        const r = failed(await safeFetch(`${FE}/big`, { resolver: dns(), maxBytes: 1024 }), 'too-large');
        assert.match(r.message, /2048 bytes/);
      });
      it('a streamed body without Content-Length stops at the cap', async () => {
        nock(FE)
          .get('/stream')
          .reply(200, () => Readable.from([Buffer.alloc(200 * 1024, 97), Buffer.alloc(200 * 1024, 98)]));
        const r = failed(await safeFetch(`${FE}/stream`, { resolver: dns() }), 'too-large');
        assert.match(r.message, /stopped reading/);
      });
      it('a body exactly at the cap is fine', async () => {
        nock(FE).get('/exact').reply(200, 'y'.repeat(1024));
        assert.equal(okResult(await safeFetch(`${FE}/exact`, { resolver: dns(), maxBytes: 1024 })).body.length, 1024);
      });
    });

    describe('redirects', () => {
      it('follows a redirect, re-resolving and re-checking the new host', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'https://other.contoso.test/b' });
        nock('https://other.contoso.test').get('/b').reply(200, 'there');
        const resolver = dns();
        const r = okResult(await safeFetch(`${FE}/a`, { resolver }));
        assert.equal(r.body, 'there');
        assert.equal(r.finalUrl, 'https://other.contoso.test/b');
        assert.equal(r.address, '52.112.0.11');
        assert.deepEqual(r.redirects, ['https://other.contoso.test/b']);
        assert.deepEqual(resolver.calls, ['lookup fe.contoso.test', 'lookup other.contoso.test']);
      });
      it('follows a relative Location and sends no cookie the server set', async () => {
        nock(FE).get('/a').reply(301, '', { Location: '/b', 'Set-Cookie': 'session=abc' });
        nock(FE, { badheaders: ['cookie'] })
          .get('/b')
          .reply(200, 'b');
        assert.equal(okResult(await safeFetch(`${FE}/a`, { resolver: dns() })).finalUrl, `${FE}/b`);
      });
      it('refuses a redirect to a refused address (cloud metadata)', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'https://evil.contoso.test/latest/meta-data/' });
        const r = failed(await safeFetch(`${FE}/a`, { resolver: dns() }), 'refused');
        assert.match(r.message, /Redirected to https:\/\/evil\.contoso\.test/);
        assert.match(r.message, /169\.254\.169\.254/);
        assert.equal(r.url, 'https://evil.contoso.test/latest/meta-data/');
      });
      it('refuses a redirect to an IP literal of a private address', async () => {
        nock(FE).get('/a').reply(307, '', { Location: 'https://10.0.0.1/' });
        failed(await safeFetch(`${FE}/a`, { resolver: dns() }), 'refused');
      });
      it('re-resolves a redirect target and reports a name that does not exist with its URL', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'https://missing.contoso.test/b' });
        const r = failed(await safeFetch(`${FE}/a`, { resolver: dns() }), 'dns');
        assert.equal(r.code, 'ENOTFOUND');
        assert.equal(r.url, 'https://missing.contoso.test/b');
      });
      it('refuses a redirect to an invalid location', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'https://[oops/' });
        const r = failed(await safeFetch(`${FE}/a`, { resolver: dns() }), 'redirect');
        assert.match(r.message, /invalid location "https:\/\/\[oops\/"/);
        assert.equal(r.url, `${FE}/a`);
      });
      it('refuses a redirect to http', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'http://fe.contoso.test/a' });
        assert.match(failed(await safeFetch(`${FE}/a`, { resolver: dns() }), 'redirect').message, /not https/);
      });
      it('refuses a redirect to a port that is not allowed', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'https://fe.contoso.test:8080/a' });
        assert.match(failed(await safeFetch(`${FE}/a`, { resolver: dns() }), 'redirect').message, /Port 8080/);
      });
      it('stops after maxRedirects', async () => {
        nock(FE).get('/loop').times(5).reply(302, '', { Location: '/loop' });
        assert.match(
          failed(await safeFetch(`${FE}/loop`, { resolver: dns(), maxRedirects: 2 }), 'redirect').message,
          /More than 2 redirects/,
        );
      });
      it('strips credentials from a redirect target', async () => {
        nock(FE).get('/a').reply(302, '', { Location: 'https://user:pw@other.contoso.test/b' });
        nock('https://other.contoso.test', { badheaders: ['authorization'] })
          .get('/b')
          .reply(200, 'b');
        assert.equal(
          okResult(await safeFetch(`${FE}/a`, { resolver: dns() })).finalUrl,
          'https://other.contoso.test/b',
        );
      });
      it('returns a redirect without Location as a response', async () => {
        nock(FE).get('/a').reply(302, '');
        assert.equal(okResult(await safeFetch(`${FE}/a`, { resolver: dns() })).status, 302);
      });
    });
  });

  describe('against a local TLS server (real sockets, pinned to 127.0.0.1)', () => {
    useRealSockets();
    const lab = (): FakeDns =>
      new FakeDns({
        'autodiscover.contoso.test': ['127.0.0.1'],
        'other.contoso.test': ['127.0.0.1'],
        'selfsigned.contoso.test': ['127.0.0.1'],
      });

    it('connects to the validated address for a name that exists nowhere else and reads the certificate', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => res.end('{"ok":true}'));
      try {
        const resolver = lab();
        const r = okResult(
          await safeFetch(`https://autodiscover.contoso.test:${server.port}/x`, {
            resolver,
            allowPrivate: true,
            ports: [server.port],
            ca: TEST_CA_CERT,
          }),
        );
        assert.equal(r.body, '{"ok":true}');
        assert.equal(r.address, '127.0.0.1');
        assert.equal(r.tls.authorized, true);
        assert.equal(r.tls.peerSubject, 'autodiscover.contoso.test');
        assert.deepEqual(r.tls.peerSan, ['autodiscover.contoso.test', 'fe.contoso.test', 'mail.contoso.test']);
        assert.equal(r.tls.selfSigned, false);
        // One lookup through the injected resolver; the socket used the pinned answer, not DNS.
        assert.deepEqual(resolver.calls, ['lookup autodiscover.contoso.test']);
      } finally {
        await server.close();
      }
    });

    it('refuses 127.0.0.1 without allowPrivate, before connecting', async () => {
      let hits = 0;
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => {
        hits++;
        res.end();
      });
      try {
        failed(
          await safeFetch(`https://autodiscover.contoso.test:${server.port}/x`, {
            resolver: lab(),
            ports: [server.port],
            ca: TEST_CA_CERT,
          }),
          'refused',
        );
        assert.equal(hits, 0);
      } finally {
        await server.close();
      }
    });

    it('names an untrusted chain', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => res.end());
      try {
        const r = failed(
          await safeFetch(`https://autodiscover.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
          }),
          'tls',
        );
        assert.equal(r.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
        assert.match(r.message, /the chain is not trusted/);
      } finally {
        await server.close();
      }
    });

    it('names a self-signed certificate', async () => {
      const server = await startTlsServer(SELF_SIGNED_CERT, SELF_SIGNED_KEY, (_req, res) => res.end());
      try {
        const r = failed(
          await safeFetch(`https://selfsigned.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
          }),
          'tls',
        );
        assert.equal(r.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        assert.match(r.message, /the certificate is self-signed/);
      } finally {
        await server.close();
      }
    });

    it('names a host missing from the certificate and lists the names it has', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => res.end());
      try {
        const r = failed(
          await safeFetch(`https://other.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
            ca: TEST_CA_CERT,
          }),
          'tls',
        );
        assert.equal(r.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
        assert.deepEqual(r.tls?.peerSan, ['autodiscover.contoso.test', 'fe.contoso.test', 'mail.contoso.test']);
      } finally {
        await server.close();
      }
    });

    it('names an expired certificate', async () => {
      const server = await startTlsServer(EXPIRED_CERT, EXPIRED_KEY, (_req, res) => res.end());
      try {
        const r = failed(
          await safeFetch(`https://autodiscover.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
            ca: TEST_CA_CERT,
          }),
          'tls',
        );
        assert.equal(r.code, 'CERT_HAS_EXPIRED');
        assert.match(r.message, /expired/);
      } finally {
        await server.close();
      }
    });

    it('with allowUntrusted, reads the response and says why the certificate is not trusted', async () => {
      const server = await startTlsServer(SELF_SIGNED_CERT, SELF_SIGNED_KEY, (_req, res) => res.end('body'));
      try {
        const r = okResult(
          await safeFetch(`https://selfsigned.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
            allowUntrusted: true,
          }),
        );
        assert.equal(r.body, 'body');
        assert.equal(r.tls.authorized, false);
        assert.equal(r.tls.selfSigned, true);
        assert.equal(r.tls.error, 'the certificate is self-signed');
        assert.deepEqual(r.tls.peerSan, ['selfsigned.contoso.test']);
      } finally {
        await server.close();
      }
    });

    it('the deadline covers a body that never finishes', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      });
      try {
        const r = failed(
          await safeFetch(`https://autodiscover.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
            ca: TEST_CA_CERT,
            timeoutMs: 200,
          }),
          'timeout',
        );
        assert.equal(r.code, 'ETIMEDOUT');
      } finally {
        await server.close();
      }
    });

    it('stops reading a streamed body at the cap', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 120);
        let sent = 0;
        const pump = (): void => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent < 64) res.once('drain', pump);
          else res.end();
        };
        pump();
      });
      try {
        failed(
          await safeFetch(`https://autodiscover.contoso.test:${server.port}/`, {
            resolver: lab(),
            allowPrivate: true,
            ports: [server.port],
            ca: TEST_CA_CERT,
            maxBytes: 100 * 1024,
          }),
          'too-large',
        );
      } finally {
        await server.close();
      }
    });

    it('a closed port is a connect failure', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => res.end());
      const { port } = server;
      await server.close();
      const r = failed(
        await safeFetch(`https://autodiscover.contoso.test:${port}/`, {
          resolver: lab(),
          allowPrivate: true,
          ports: [port],
          ca: TEST_CA_CERT,
        }),
        'connect',
      );
      assert.equal(r.code, 'ECONNREFUSED');
    });
  });
});
