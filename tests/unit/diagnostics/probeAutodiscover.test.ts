import assert from 'node:assert/strict';
import nock from 'nock';
import { probeAutodiscover } from '../../../diagnostics/probeAutodiscover.js';
import type { SafeFetchOptions, SafeFetchResult } from '../../../diagnostics/safeFetch.js';
import { LEAF_CERT, LEAF_KEY, TEST_CA_CERT } from './certs.js';
import { errno, FakeDns, has, startTlsServer, texts, title, useRealSockets } from './helpers.js';

const AD = 'https://autodiscover.contoso.test';
const SVC_PATH = '/autodiscover/autodiscover.svc';
const SRV_NAME = '_autodiscover._tcp.contoso.test';
const srv443 = { [SRV_NAME]: [{ name: 'autodiscover.contoso.test', port: 443, priority: 0, weight: 0 }] };

/** A stub fetch answering 401 with the given certificate names. */
function stubFetch(
  peerSan: string[] | undefined,
  status = 401,
): { fetch: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (url) => {
      urls.push(url);
      return Promise.resolve({
        ok: true,
        status,
        headers: {},
        body: '',
        finalUrl: url,
        address: '52.112.0.20',
        redirects: [],
        tls: { authorized: true, selfSigned: false, ...(peerSan ? { peerSan } : {}) },
      });
    },
  };
}

const noFetch = (): Promise<SafeFetchResult> =>
  Promise.reject(new assert.AssertionError({ message: 'must not fetch' }));

describe('diagnostics/probeAutodiscover', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe('healthy autodiscover', () => {
    it('SRV and A present, 401 from autodiscover.svc counts as reachable', async () => {
      const scope = nock(AD).get(SVC_PATH).reply(401, '', { 'WWW-Authenticate': 'Negotiate' });
      const resolver = new FakeDns({ 'autodiscover.contoso.test': ['52.112.0.20'] }, srv443);
      const r = await probeAutodiscover('contoso.test', { resolver });
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.ok, true);
      assert.equal(r.domain, 'contoso.test');
      assert.equal(r.status, 401);
      assert.equal(r.probedUrl, `${AD}${SVC_PATH}`);
      assert.deepEqual(r.addresses, ['52.112.0.20']);
      assert.equal(r.srv?.[0]?.name, 'autodiscover.contoso.test');
      assert.ok(
        has(r.findings, 'ok', /SRV _autodiscover\._tcp\.contoso\.test points to autodiscover\.contoso\.test:443/),
      );
      assert.ok(has(r.findings, 'ok', /asks for authentication \(HTTP 401, Negotiate\)/));
      assert.ok(has(r.findings, 'ok', /trusted and valid for autodiscover\.contoso\.test/));
      assert.ok(
        has(
          r.findings,
          'info',
          /Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https:\/\/autodiscover\.contoso\.test\/autodiscover\/autodiscover\.svc"/,
        ),
      );
      assert.match(r.summary, /answers at/);
      assert.deepEqual(resolver.calls.slice(0, 2), [`srv ${SRV_NAME}`, 'lookup autodiscover.contoso.test']);
      scope.done();
    });

    it('no SRV record is fine when autodiscover.<domain> resolves', async () => {
      nock(AD).get(SVC_PATH).reply(200, 'service page');
      const r = await probeAutodiscover('contoso.test', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': ['52.112.0.20'] }),
      });
      assert.equal(r.ok, true);
      assert.ok(has(r.findings, 'info', /No _autodiscover\._tcp\.contoso\.test SRV record.*optional/));
      assert.deepEqual(r.srv, []);
    });

    it('falls back to the SRV target when autodiscover.<domain> does not resolve', async () => {
      nock('https://mail.contoso.test').get(SVC_PATH).reply(401);
      const resolver = new FakeDns(
        { 'mail.contoso.test': ['52.112.0.30'] },
        { [SRV_NAME]: [{ name: 'mail.contoso.test.', port: 443, priority: 0, weight: 0 }] },
      );
      const r = await probeAutodiscover('contoso.test', { resolver });
      assert.equal(r.ok, true, JSON.stringify(r.findings));
      assert.equal(r.probedUrl, `https://mail.contoso.test${SVC_PATH}`);
      assert.ok(has(r.findings, 'warn', /autodiscover\.contoso\.test does not resolve/));
      assert.ok(has(r.findings, 'info', /Probing the SRV target mail\.contoso\.test:443/));
    });

    it('orders SRV answers by priority and weight and flags a port other than 443', async () => {
      const resolver = new FakeDns(
        {},
        {
          [SRV_NAME]: [
            { name: 'b.contoso.test', port: 443, priority: 10, weight: 0 },
            { name: 'a.contoso.test', port: 8443, priority: 0, weight: 5 },
          ],
        },
      );
      const stub = stubFetch(['a.contoso.test']);
      const r = await probeAutodiscover('contoso.test', { resolver, fetch: stub.fetch });
      assert.equal(r.srv?.[0]?.name, 'a.contoso.test');
      assert.ok(has(r.findings, 'warn', /port 8443/));
      assert.deepEqual(stub.urls, [`https://a.contoso.test:8443${SVC_PATH}`]);
    });
  });

  describe('certificate names', () => {
    const resolver = (): FakeDns => new FakeDns({ 'autodiscover.contoso.test': ['52.112.0.20'] }, srv443);
    it('SAN includes the host', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: resolver(),
        fetch: stubFetch(['mail.contoso.test', 'autodiscover.contoso.test']).fetch,
      });
      assert.ok(
        has(
          r.findings,
          'ok',
          /certificate names include autodiscover\.contoso\.test: mail\.contoso\.test, autodiscover\.contoso\.test/,
        ),
      );
      assert.equal(r.ok, true);
    });
    it('a one-label wildcard covers it', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: resolver(),
        fetch: stubFetch(['*.contoso.test']).fetch,
      });
      assert.ok(has(r.findings, 'ok', /\(as \*\.contoso\.test\)/));
    });
    it('a wildcard for another level does not', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: resolver(),
        fetch: stubFetch(['*.test', '*.mail.contoso.test']).fetch,
      });
      assert.ok(has(r.findings, 'fail', /do not include autodiscover\.contoso\.test/));
    });
    it('SAN without the host fails and says how to check on Exchange', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: resolver(),
        fetch: stubFetch(['mail.contoso.test']).fetch,
      });
      assert.equal(r.ok, false);
      assert.ok(
        has(
          r.findings,
          'fail',
          /do not include autodiscover\.contoso\.test.*Get-ExchangeCertificate \| Select-Object Subject,Services,CertificateDomains \| fl/,
        ),
      );
    });
    it('a TLS name mismatch from the handshake fails the same way', async () => {
      nock(AD)
        .get(SVC_PATH)
        .replyWithError(errno('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"));
      const r = await probeAutodiscover('contoso.test', { resolver: resolver() });
      assert.ok(has(r.findings, 'fail', /do not include autodiscover\.contoso\.test.*Get-ExchangeCertificate/));
    });
    it('a self-signed certificate fails', async () => {
      nock(AD).get(SVC_PATH).replyWithError(errno('DEPTH_ZERO_SELF_SIGNED_CERT'));
      assert.ok(
        has(
          (await probeAutodiscover('contoso.test', { resolver: resolver() })).findings,
          'fail',
          /self-signed.*will not trust it/,
        ),
      );
    });
    it('an untrusted chain fails with a note about internal CAs', async () => {
      nock(AD).get(SVC_PATH).replyWithError(errno('SELF_SIGNED_CERT_IN_CHAIN'));
      assert.ok(
        has(
          (await probeAutodiscover('contoso.test', { resolver: resolver() })).findings,
          'fail',
          /chain is not trusted.*internal CA/,
        ),
      );
    });
  });

  describe('HTTP answers', () => {
    const resolver = (): FakeDns => new FakeDns({ 'autodiscover.contoso.test': ['52.112.0.20'] });
    for (const [status, level, pattern] of [
      [404, 'fail', /no autodiscover service/],
      [403, 'warn', /refuses/],
      [503, 'fail', /failed on the server/],
      [418, 'warn', /unexpected/],
    ] as const) {
      it(String(status), async () => {
        nock(AD).get(SVC_PATH).reply(status, '');
        const r = await probeAutodiscover('contoso.test', { resolver: resolver() });
        assert.ok(has(r.findings, level, pattern), JSON.stringify(r.findings));
        assert.equal(r.status, status);
      });
    }
    it('timeout', async () => {
      nock(AD).get(SVC_PATH).delay(500).reply(401);
      const r = await probeAutodiscover('contoso.test', { resolver: resolver(), timeoutMs: 100 });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /within the time limit/));
    });
    it('a redirect to the cloud metadata address is refused', async () => {
      nock(AD).get(SVC_PATH).reply(302, '', { Location: 'https://imds.contoso.test/latest/meta-data/' });
      const dns = new FakeDns({
        'autodiscover.contoso.test': ['52.112.0.20'],
        'imds.contoso.test': ['169.254.169.254'],
      });
      const r = await probeAutodiscover('contoso.test', { resolver: dns });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /Redirected.*169\.254\.169\.254/));
    });
  });

  describe('DNS problems', () => {
    it('neither SRV nor A record: fail, nothing fetched', async () => {
      const r = await probeAutodiscover('contoso.test', { resolver: new FakeDns(), fetch: noFetch });
      assert.equal(r.ok, false);
      assert.ok(
        has(
          r.findings,
          'fail',
          /cannot be found.*create a DNS record for autodiscover\.contoso\.test.*_autodiscover\._tcp\.contoso\.test/,
        ),
      );
    });
    it('private address: explained, not probed, not ok', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': ['10.0.0.25'] }),
        fetch: noFetch,
      });
      assert.equal(r.ok, false);
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.ok(
        has(
          r.findings,
          'warn',
          /10\.0\.0\.25, a private address.*does not probe internal addresses.*browse to https:\/\/autodiscover\.contoso\.test\/autodiscover\/autodiscover\.svc/,
        ),
      );
      assert.match(r.summary, /could not be fully checked/);
    });
    it('169.254.169.254 is refused as a failure', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': ['169.254.169.254'] }),
        fetch: noFetch,
      });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /169\.254\.169\.254, the cloud instance metadata address/));
    });
    it('loopback is refused as a failure', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': ['127.0.0.1'] }),
        fetch: noFetch,
      });
      assert.ok(has(r.findings, 'fail', /loopback/));
    });
    it('private address with allowPrivate is probed', async () => {
      nock(AD).get(SVC_PATH).reply(401);
      const r = await probeAutodiscover('contoso.test', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': ['10.0.0.25'] }),
        allowPrivate: true,
      });
      assert.equal(r.ok, true, JSON.stringify(r.findings));
      assert.ok(has(r.findings, 'info', /private addresses are allowed/));
    });
    it('private A record but a public SRV target: probes the SRV target', async () => {
      const stub = stubFetch(['mail.contoso.test']);
      const resolver = new FakeDns(
        { 'autodiscover.contoso.test': ['192.168.0.101'] },
        { [SRV_NAME]: [{ name: 'mail.contoso.test', port: 443, priority: 0, weight: 0 }] },
      );
      const r = await probeAutodiscover('contoso.test', { resolver, fetch: stub.fetch });
      assert.deepEqual(stub.urls, [`https://mail.contoso.test${SVC_PATH}`]);
      assert.equal(r.ok, true);
    });
    it('SRV lookup failure other than "not found" is a warning', async () => {
      const resolver = new FakeDns(
        { 'autodiscover.contoso.test': ['52.112.0.20'] },
        { [SRV_NAME]: errno('ESERVFAIL') },
      );
      const r = await probeAutodiscover('contoso.test', { resolver, fetch: stubFetch(undefined).fetch });
      assert.ok(has(r.findings, 'warn', /SRV lookup .* failed \(ESERVFAIL\)/));
    });
    it('an A lookup with no addresses', async () => {
      const r = await probeAutodiscover('contoso.test', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': [] }),
        fetch: noFetch,
      });
      assert.ok(has(r.findings, 'warn', /no A\/AAAA record/));
    });
    it('a resolver that throws something odd is reported, not thrown', async () => {
      const resolver = {
        lookup: async () => Promise.reject(new Error('resolver exploded')),
        resolveSrv: async () => Promise.reject(new Error('srv exploded')),
      };
      const r = await probeAutodiscover('contoso.test', { resolver, fetch: noFetch });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'warn', /srv exploded/));
    });
  });

  describe('domain validation (nothing is resolved for bad input)', () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /No domain given/],
      ['', /No domain given/],
      [
        'https://autodiscover.contoso.com/autodiscover/autodiscover.svc',
        /just the domain \(for this URL probably contoso\.com\), not a URL/,
      ],
      ['contoso.com/owa', /not a URL/],
      ['10.0.0.1', /IP address/],
      ['[2001:db8::1]', /IP address/],
      ['contoso', /not a valid domain name/],
      ['cont oso.com', /not a valid domain name/],
      ['contoso..com', /not a valid domain name/],
      ['-contoso.com', /not a valid domain name/],
      ['a@b@contoso.com', /neither a domain nor an email address/],
      [42, /No domain given/],
    ];
    for (const [input, pattern] of cases) {
      it(title(input), async () => {
        const resolver = new FakeDns();
        const r = await probeAutodiscover(input, { resolver, fetch: noFetch });
        assert.equal(r.ok, false);
        assert.ok(has(r.findings, 'fail', pattern), JSON.stringify(r.findings));
        assert.deepEqual(resolver.calls, []);
      });
    }
    it('accepts an email address and uses its domain', async () => {
      const resolver = new FakeDns({ 'autodiscover.contoso.test': ['52.112.0.20'] });
      const r = await probeAutodiscover('Jeff@Contoso.test', { resolver, fetch: stubFetch(undefined).fetch });
      assert.equal(r.domain, 'contoso.test');
      assert.ok(has(r.findings, 'info', /domain of the email address/));
    });
    it('strips an autodiscover. prefix and a trailing dot', async () => {
      const r = await probeAutodiscover('autodiscover.contoso.test.', {
        resolver: new FakeDns({ 'autodiscover.contoso.test': ['52.112.0.20'] }),
        fetch: stubFetch(undefined).fetch,
      });
      assert.equal(r.domain, 'contoso.test');
    });
  });

  describe('against a local TLS server', () => {
    useRealSockets();
    it('follows the SRV record to the server, gets 401 and checks the certificate names', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => {
        res.writeHead(401, { 'www-authenticate': 'Negotiate' });
        res.end();
      });
      try {
        const resolver = new FakeDns(
          { 'mail.contoso.test': ['127.0.0.1'] },
          { [SRV_NAME]: [{ name: 'mail.contoso.test', port: server.port, priority: 0, weight: 0 }] },
        );
        const r = await probeAutodiscover('contoso.test', { resolver, allowPrivate: true, ca: TEST_CA_CERT });
        assert.equal(r.ok, true, JSON.stringify(r.findings));
        assert.equal(r.status, 401);
        assert.ok(has(r.findings, 'ok', /certificate names include mail\.contoso\.test/));
      } finally {
        await server.close();
      }
    });
    it('reports the names of a certificate that does not cover the SRV target', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => res.end());
      try {
        const resolver = new FakeDns(
          { 'exch.contoso.test': ['127.0.0.1'] },
          { [SRV_NAME]: [{ name: 'exch.contoso.test', port: server.port, priority: 0, weight: 0 }] },
        );
        const r = await probeAutodiscover('contoso.test', { resolver, allowPrivate: true, ca: TEST_CA_CERT });
        assert.equal(r.ok, false);
        assert.ok(
          has(
            r.findings,
            'fail',
            /\(autodiscover\.contoso\.test, fe\.contoso\.test, mail\.contoso\.test\) do not include exch\.contoso\.test/,
          ),
        );
      } finally {
        await server.close();
      }
    });
  });
});
