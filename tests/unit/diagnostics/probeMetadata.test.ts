import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import nock from 'nock';
import { probeMetadata } from '../../../diagnostics/probeMetadata.js';
import { safeFetch, type SafeFetchOptions, type SafeFetchResult } from '../../../diagnostics/safeFetch.js';
import { EXPIRED_CERT, LEAF_CERT, LEAF_KEY, pemBody, SELF_SIGNED_CERT, SMALL_KEY_CERT, TEST_CA_CERT } from './certs.js';
import { errno, FakeDns, has, startTlsServer, texts, title, useRealSockets } from './helpers.js';

const SFB_URL = 'https://fe.contoso.test/metadata/json/1';
const EX_URL = 'https://autodiscover.contoso.test/autodiscover/metadata/json/1';
const SFB_ID = '00000004-0000-0ff1-ce00-000000000000';
const EX_ID = '00000002-0000-0ff1-ce00-000000000000';

/** Shaped like the Skype for Business document (keyValue, camel case). */
function sfbDocument(cert = pemBody(LEAF_CERT), extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: `${SFB_ID}@contoso.test`,
    keys: [{ keyValue: { type: 'x509Certificate', value: cert }, usage: 'signing' }],
    realm: 'contoso.test',
    serviceName: SFB_ID,
    ...extra,
  };
}

/** Shaped like the Exchange document (keyvalue, keyinfo.x5t, endpoints). */
function exchangeDocument(cert = pemBody(SELF_SIGNED_CERT), x5t?: string): Record<string, unknown> {
  const thumb = x5t ?? createHash('sha1').update(Buffer.from(cert, 'base64')).digest('base64url');
  return {
    id: '_70b34511-d105-4e2b-9675-39f53305bb01',
    version: '1.0',
    name: 'Exchange',
    realm: 'contoso.test',
    serviceName: EX_ID,
    issuer: `${EX_ID}@contoso.test`,
    allowedAudiences: [`${EX_ID}@contoso.test`],
    keys: [{ usage: 'signing', keyinfo: { x5t: thumb }, keyvalue: { type: 'x509Certificate', value: cert } }],
    endpoints: [{ location: EX_URL, protocol: 'OAuth2', usage: 'metadata' }],
  };
}

const dns = (): FakeDns =>
  new FakeDns({
    'fe.contoso.test': ['52.112.0.10'],
    'autodiscover.contoso.test': ['52.112.0.20'],
    'meta.contoso.test': ['169.254.169.254'],
    'internal.contoso.test': ['10.1.1.1'],
  });

describe('diagnostics/probeMetadata', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe('valid documents', () => {
    it('a Skype for Business document: issuer, realm, serviceName, x509 signing certificate', async () => {
      const scope = nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(200, sfbDocument(), { 'Content-Type': 'application/json; charset=utf-8' });
      const r = await probeMetadata(SFB_URL, { resolver: dns() });
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.ok, true);
      assert.equal(r.kind, 'sfb-metadata');
      assert.equal(r.status, 200);
      const doc = r.document;
      assert.ok(doc);
      assert.equal(doc.serviceName, SFB_ID);
      assert.equal(doc.service, 'Skype for Business / Lync');
      assert.equal(doc.realm, 'contoso.test');
      assert.equal(doc.issuer, `${SFB_ID}@contoso.test`);
      assert.equal(doc.certificates.length, 1);
      const [cert] = doc.certificates;
      assert.ok(cert);
      assert.equal(cert.bits, 2048);
      assert.equal(cert.expired, false);
      assert.ok(has(r.findings, 'ok', /x509 signing certificate "CN=autodiscover\.contoso\.test"/));
      assert.ok(has(r.findings, 'ok', /TLS certificate is trusted/));
      assert.match(
        r.summary,
        /Skype for Business \/ Lync metadata document .* reachable, trusted and well-formed \(realm contoso\.test\)/,
      );
      scope.done();
    });

    it('an Exchange document (lower-case keyvalue, matching x5t, self-signed auth certificate)', async () => {
      nock('https://autodiscover.contoso.test').get('/autodiscover/metadata/json/1').reply(200, exchangeDocument());
      const r = await probeMetadata(EX_URL, { resolver: dns() });
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.deepEqual(texts(r.findings, 'warn'), []);
      assert.equal(r.ok, true);
      assert.equal(r.kind, 'exchange-metadata');
      assert.ok(r.document);
      assert.equal(r.document.service, 'Exchange');
      assert.equal(r.document.certificates[0]?.selfSigned, true);
      assert.ok(has(r.findings, 'info', /self-signed.*normal for OAuth signing/));
    });

    it('tolerates a byte-order mark and a pasted cmdlet line', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(200, `\uFEFF${JSON.stringify(sfbDocument())}`);
      const r = await probeMetadata(
        `.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl "${SFB_URL}" -ApplicationType Lync`,
        { resolver: dns() },
      );
      assert.equal(r.ok, true, JSON.stringify(r.findings));
    });
  });

  describe('missing or bad input (no request made)', () => {
    const noFetch = (): Promise<SafeFetchResult> =>
      Promise.reject(new assert.AssertionError({ message: 'must not fetch' }));
    for (const input of [undefined, '', '   ']) {
      it(title(input), async () => {
        const r = await probeMetadata(input, { fetch: noFetch });
        assert.equal(r.ok, false);
        assert.ok(has(r.findings, 'fail', /No URL given/));
      });
    }
    it('http://', async () => {
      const r = await probeMetadata('http://fe.contoso.test/metadata/json/1', { fetch: noFetch });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /http:\/\//));
    });
    it('a typo in the path', async () => {
      const r = await probeMetadata('https://fe.contoso.test/metadata/jaon/1', { fetch: noFetch });
      assert.ok(has(r.findings, 'fail', /404/));
    });
    it('an IP literal', async () => {
      assert.equal((await probeMetadata('https://10.0.0.1/metadata/json/1', { fetch: noFetch })).ok, false);
    });
    it('the autodiscover URL instead of a metadata URL', async () => {
      const r = await probeMetadata('https://autodiscover.contoso.test/autodiscover/autodiscover.svc', {
        fetch: noFetch,
      });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /not a metadata document/));
    });
  });

  describe('HTTP status', () => {
    it('404: wrong path or not published', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(404, '<html><head><title>404 - File or directory not found.</title></head></html>');
      const r = await probeMetadata(SFB_URL, { resolver: dns() });
      assert.equal(r.ok, false);
      assert.equal(r.status, 404);
      assert.ok(
        has(
          r.findings,
          'fail',
          /404 Not Found.*path is wrong.*\/metadata\/json\/1 on the Front End pool FQDN.*not published/,
        ),
      );
      assert.ok(has(r.findings, 'info', /404 - File or directory not found/));
      assert.match(r.summary, /^Problem with/);
    });
    it('401: must be readable anonymously', async () => {
      nock('https://autodiscover.contoso.test')
        .get('/autodiscover/metadata/json/1')
        .reply(401, '', { 'WWW-Authenticate': 'Negotiate' });
      assert.ok(has((await probeMetadata(EX_URL, { resolver: dns() })).findings, 'fail', /anonymously/));
    });
    it('500: server error', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').reply(500, 'oops');
      assert.ok(has((await probeMetadata(SFB_URL, { resolver: dns() })).findings, 'fail', /HTTP 500/));
    });
    it('a redirect is followed but flagged', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(302, '', { Location: 'https://pool.contoso.test/metadata/json/1' });
      nock('https://pool.contoso.test').get('/metadata/json/1').reply(200, sfbDocument());
      const resolver = new FakeDns({ 'fe.contoso.test': ['52.112.0.10'], 'pool.contoso.test': ['52.112.0.11'] });
      const r = await probeMetadata(SFB_URL, { resolver });
      assert.ok(has(r.findings, 'warn', /redirects/));
      assert.equal(r.url, 'https://pool.contoso.test/metadata/json/1');
    });
  });

  describe('body and JSON shape', () => {
    const reply = async (
      body: string | Record<string, unknown> | unknown[],
      url = SFB_URL,
    ): Promise<Awaited<ReturnType<typeof probeMetadata>>> => {
      const u = new URL(url);
      nock(u.origin).get(u.pathname).reply(200, body);
      return probeMetadata(url, { resolver: dns() });
    };

    it('non-JSON text', async () => {
      const r = await reply('this is not json');
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /not JSON/));
    });
    it('an HTML page (sign-in or proxy page)', async () => {
      const r = await reply('<!DOCTYPE html><html><head><title>Sign in</title></head><body>...</body></html>');
      assert.ok(has(r.findings, 'fail', /HTML page \("Sign in"\)/));
    });
    it('an empty body', async () => {
      assert.ok(has((await reply('')).findings, 'fail', /empty/));
    });
    it('JSON that is not an object', async () => {
      assert.ok(has((await reply([1, 2, 3])).findings, 'fail', /not an object/));
    });
    it('an object without any metadata fields', async () => {
      const r = await reply({ hello: 'world' });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /serviceName is missing/));
      assert.ok(has(r.findings, 'fail', /issuer is missing/));
      assert.ok(has(r.findings, 'fail', /keys is missing or empty/));
      assert.ok(has(r.findings, 'warn', /realm is missing/));
    });
    it('keys without an x509 certificate', async () => {
      const r = await reply(
        sfbDocument(undefined, { keys: [{ keyValue: { type: 'rsa', value: 'abc' }, usage: 'signing' }] }),
      );
      assert.ok(has(r.findings, 'fail', /type "rsa", not x509Certificate/));
      assert.ok(has(r.findings, 'fail', /No usable x509 signing certificate/));
    });
    it('a usage or type that is not a string is shown as JSON', async () => {
      const r = await reply(
        sfbDocument(undefined, { keys: [{ keyValue: { type: ['x509Certificate'], value: 'abc' }, usage: { a: 1 } }] }),
      );
      assert.ok(has(r.findings, 'info', /Key 1 has usage "\{"a":1\}" \(expected "signing"\)/));
      assert.ok(has(r.findings, 'fail', /Key 1 is of type "\["x509Certificate"\]", not x509Certificate/));
    });
    it('a long non-string usage is shortened', async () => {
      const r = await reply(sfbDocument(undefined, { keys: [{ usage: { note: 'n'.repeat(200) } }] }));
      const text = texts(r.findings, 'info').find((t) => t.includes('has usage'));
      assert.ok(text !== undefined);
      assert.match(text, /has usage "\{"note":"n+\.\.\." \(expected "signing"\)/);
      assert.ok(text.length < 120, text);
    });
    it('a key without keyValue', async () => {
      assert.ok(
        has((await reply(sfbDocument(undefined, { keys: [{ usage: 'signing' }] }))).findings, 'fail', /no keyValue/),
      );
    });
    it('a certificate value that is not base64', async () => {
      assert.ok(has((await reply(sfbDocument('%%% not base64 %%%'))).findings, 'fail', /not base64/));
    });
    it('base64 that is not a certificate', async () => {
      assert.ok(
        has(
          (await reply(sfbDocument(Buffer.from('hello world').toString('base64')))).findings,
          'fail',
          /not an X\.509 certificate/,
        ),
      );
    });
    it('an empty certificate value', async () => {
      assert.ok(has((await reply(sfbDocument(''))).findings, 'fail', /no certificate value/));
    });
    it('an expired signing certificate', async () => {
      const r = await reply(sfbDocument(pemBody(EXPIRED_CERT)));
      assert.equal(r.document?.certificates[0]?.expired, true);
      assert.ok(has(r.findings, 'fail', /expired on 2020-01-01.*renew the OAuth certificate/));
    });
    it('a signing certificate not valid yet', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').reply(200, sfbDocument());
      const r = await probeMetadata(SFB_URL, { resolver: dns(), now: () => new Date('2001-01-01T00:00:00Z') });
      assert.ok(has(r.findings, 'warn', /not valid until/));
    });
    it('a key shorter than 2048 bits', async () => {
      const r = await reply(sfbDocument(pemBody(SMALL_KEY_CERT)));
      assert.equal(r.document?.certificates[0]?.bits, 1024);
      assert.ok(has(r.findings, 'fail', /1024 bits.*at least 2048/));
    });
    it('a subject without the SIP domain', async () => {
      const r = await reply(sfbDocument(undefined, { realm: 'fabrikam.test', issuer: `${SFB_ID}@fabrikam.test` }));
      assert.ok(has(r.findings, 'warn', /does not include the SIP domain fabrikam\.test/));
    });
    it('an Exchange x5t that does not match', async () => {
      const r = await reply(exchangeDocument(undefined, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA'), EX_URL);
      assert.ok(has(r.findings, 'warn', /x5t does not match/));
    });
    it('the wrong service behind the URL', async () => {
      const r = await reply(exchangeDocument(), SFB_URL);
      assert.equal(r.ok, false);
      assert.ok(
        has(
          r.findings,
          'fail',
          /should return the Skype for Business \/ Lync document, but it returns the Exchange one/,
        ),
      );
    });
    it('issuer not matching serviceName or realm', async () => {
      const r = await reply(sfbDocument(undefined, { issuer: `${EX_ID}@other.test` }));
      assert.ok(has(r.findings, 'warn', /issuer's id/));
      assert.ok(has(r.findings, 'warn', /issuer's realm/));
    });
    it('an issuer without @realm', async () => {
      assert.ok(
        has(
          (await reply(sfbDocument(undefined, { issuer: SFB_ID }))).findings,
          'fail',
          /issuer is missing or not in the form/,
        ),
      );
    });
  });

  describe('DNS, address policy, TLS and transport failures', () => {
    it('DNS name missing', async () => {
      const r = await probeMetadata('https://nofe.contoso.test/metadata/json/1', { resolver: dns() });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /does not exist in DNS.*Create the DNS record/));
    });
    it('cloud metadata address refused', async () => {
      const r = await probeMetadata('https://meta.contoso.test/metadata/json/1', { resolver: dns() });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /169\.254\.169\.254.*metadata/));
    });
    it('private address: not probed, explained, not ok', async () => {
      const r = await probeMetadata('https://internal.contoso.test/metadata/json/1', { resolver: dns() });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'warn', /inside your network.*browser on the other server/));
      assert.match(r.summary, /^Could not check/);
    });
    it('self-signed TLS certificate: named, tied to the trust-relationship error', async () => {
      nock('https://autodiscover.contoso.test')
        .get('/autodiscover/metadata/json/1')
        .replyWithError(errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'));
      const r = await probeMetadata(EX_URL, { resolver: dns() });
      assert.equal(r.ok, false);
      const fail = texts(r.findings, 'fail').join(' ');
      assert.match(fail, /the certificate is self-signed/);
      assert.match(fail, /Could not establish trust relationship for the SSL\/TLS secure channel/);
      assert.match(fail, /self-signed certificates are not valid/);
    });
    it('untrusted chain: mentions an internal CA the bot may not trust', async () => {
      nock('https://autodiscover.contoso.test')
        .get('/autodiscover/metadata/json/1')
        .replyWithError(errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE'));
      const r = await probeMetadata(EX_URL, { resolver: dns() });
      assert.ok(has(r.findings, 'fail', /chain is not trusted.*internal CA/));
    });
    it('certificate name mismatch', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').replyWithError(errno('ERR_TLS_CERT_ALTNAME_INVALID'));
      assert.ok(
        has((await probeMetadata(SFB_URL, { resolver: dns() })).findings, 'fail', /includes fe\.contoso\.test/),
      );
    });
    it('timeout', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').delay(500).reply(200, sfbDocument());
      const r = await probeMetadata(SFB_URL, { resolver: dns(), timeoutMs: 100 });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /not answering in time/));
    });
    it('connection refused', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').replyWithError(errno('ECONNREFUSED'));
      assert.ok(has((await probeMetadata(SFB_URL, { resolver: dns() })).findings, 'fail', /port 443 is open/));
    });
    it('oversize body', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(200, 'x'.repeat(300 * 1024), { 'Content-Length': String(300 * 1024) });
      assert.ok(has((await probeMetadata(SFB_URL, { resolver: dns() })).findings, 'fail', /few kilobytes/));
    });
    it('a redirect to a refused address', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(302, '', { Location: 'https://meta.contoso.test/metadata/json/1' });
      const r = await probeMetadata(SFB_URL, { resolver: dns() });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /Redirected to https:\/\/meta\.contoso\.test.*169\.254\.169\.254/));
    });
    it('an injected fetch that throws is reported, not thrown', async () => {
      const r = await probeMetadata(SFB_URL, { fetch: async () => Promise.reject(new Error('boom')) });
      assert.equal(r.ok, false);
      assert.ok(has(r.findings, 'fail', /boom/));
    });
    it('passes limits and trust settings to the fetch', async () => {
      let seen: SafeFetchOptions | undefined;
      await probeMetadata(SFB_URL, {
        fetch: (_url, options) => {
          seen = options;
          return Promise.resolve({ ok: false, stage: 'dns', message: 'x' });
        },
        allowPrivate: true,
        timeoutMs: 1234,
        ca: 'PEM',
      });
      assert.ok(seen);
      assert.equal(seen.allowPrivate, true);
      assert.equal(seen.timeoutMs, 1234);
      assert.equal(seen.ca, 'PEM');
    });
  });

  describe('against a local TLS server', () => {
    useRealSockets();
    it('reads a real document over a trusted connection', async () => {
      const server = await startTlsServer(LEAF_CERT, LEAF_KEY, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(sfbDocument()));
      });
      try {
        // The probe only allows 443/4443, so use an injected fetch that adds the lab port.
        const r = await probeMetadata(SFB_URL, {
          resolver: new FakeDns({ 'fe.contoso.test': ['127.0.0.1'] }),
          allowPrivate: true,
          ca: TEST_CA_CERT,
          fetch: (url, options) =>
            safeFetch(url.replace('fe.contoso.test', `fe.contoso.test:${server.port}`), {
              ...options,
              ports: [server.port],
            }),
        });
        assert.equal(r.ok, true, JSON.stringify(r.findings));
        assert.equal(r.document?.service, 'Skype for Business / Lync');
      } finally {
        await server.close();
      }
    });
  });
});
