import assert from 'node:assert/strict';
import { checkUrl } from '../../../diagnostics/checkUrl.js';
import { has, texts, title } from './helpers.js';

const SVC = 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc';
const SET_OAUTH = `Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "${SVC}"`;

describe('diagnostics/checkUrl', () => {
  describe('missing input', () => {
    for (const input of [undefined, null, '', '   ', 7]) {
      it(title(input), () => {
        const r = checkUrl(input);
        assert.equal(r.kind, 'unknown');
        assert.ok(has(r.findings, 'fail', /No URL given/));
        assert.equal(r.corrected, undefined);
      });
    }
  });

  describe('autodiscover URLs for Set-CsOAuthConfiguration', () => {
    it('accepts the .svc form and gives the exact cmdlet line', () => {
      const r = checkUrl(SVC);
      assert.equal(r.kind, 'autodiscover');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.deepEqual(texts(r.findings, 'warn'), []);
      assert.ok(has(r.findings, 'ok', /uses https/));
      assert.ok(has(r.findings, 'ok', /autodiscover\.svc/));
      assert.equal(r.url, SVC);
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('is case-insensitive on the path and writes the canonical form', () => {
      const r = checkUrl('https://Autodiscover.Contoso.com/Autodiscover/Autodiscover.svc');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('fails .xml, explains why (service location vs XML file, code=50043) and corrects to .svc', () => {
      const r = checkUrl('https://autodiscover.litwareinc.com/autodiscover/autodiscover.xml');
      assert.equal(r.kind, 'autodiscover');
      const fail = texts(r.findings, 'fail').join(' ');
      assert.match(fail, /autodiscover\.svc/);
      assert.match(fail, /XML file/);
      assert.match(fail, /code=50043/);
      assert.match(fail, /Test-CsExStorageConnectivity/);
      assert.equal(
        r.corrected,
        'Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https://autodiscover.litwareinc.com/autodiscover/autodiscover.svc"',
      );
    });
    it('extracts the URL from a pasted Set-CsOAuthConfiguration line (with -Identity global)', () => {
      const r = checkUrl(
        'Set-CsOAuthConfiguration -Identity global -ExchangeAutodiscoverUrl https://autodiscover.jdskype.net/autodiscover/autodiscover.xml',
      );
      assert.ok(has(r.findings, 'info', /-ExchangeAutodiscoverUrl/));
      assert.ok(has(r.findings, 'fail', /autodiscover\.xml/));
      assert.equal(
        r.corrected,
        'Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https://autodiscover.jdskype.net/autodiscover/autodiscover.svc"',
      );
    });
    it('accepts -Param:value syntax', () => {
      const r = checkUrl(`Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl:${SVC}`);
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('fails an incomplete path on an autodiscover host', () => {
      for (const url of [
        'https://autodiscover.contoso.com',
        'https://autodiscover.contoso.com/',
        'https://autodiscover.contoso.com/autodiscover',
      ]) {
        const r = checkUrl(url);
        assert.equal(r.kind, 'autodiscover', url);
        assert.ok(has(r.findings, 'fail', /incomplete/), url);
        assert.equal(r.corrected, SET_OAUTH, url);
      }
    });
    it('warns about a path that goes on after autodiscover.svc and trims it', () => {
      const r = checkUrl(`${SVC}/wssecurity`);
      assert.ok(has(r.findings, 'warn', /goes on after autodiscover\.svc/));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('warns about a trailing slash', () => {
      const r = checkUrl(`${SVC}/`);
      assert.ok(has(r.findings, 'warn', /ends with a "\/"/));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('notes a server name instead of the autodiscover.<domain> name', () => {
      const r = checkUrl('https://exch01.contoso.com/autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'info', /well-known autodiscover/));
      assert.equal(
        r.corrected,
        'Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https://exch01.contoso.com/autodiscover/autodiscover.svc"',
      );
    });
    it('points out the EWS URL is not autodiscover', () => {
      const r = checkUrl('https://mail.contoso.com/EWS/Exchange.asmx');
      assert.equal(r.kind, 'unknown');
      assert.ok(has(r.findings, 'fail', /Exchange Web Services/));
      assert.equal(r.corrected, undefined);
    });
  });

  describe('Set-ClientAccessServer -AutoDiscoverServiceInternalUri', () => {
    it('.xml is right there (inferred from the pasted parameter)', () => {
      const line =
        'Get-ClientAccessServer | Set-ClientAccessServer -AutoDiscoverServiceInternalUri "https://autodiscover.litwareinc.com/autodiscover/autodiscover.xml"';
      const r = checkUrl(line);
      assert.equal(r.kind, 'autodiscover');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.ok(has(r.findings, 'info', /autodiscover\.svc instead of autodiscover\.xml/));
      assert.equal(r.corrected, line);
    });
    it('.svc gets a warning when the target is the client access server', () => {
      const r = checkUrl(SVC, { target: 'client-access-server' });
      assert.ok(has(r.findings, 'warn', /normally points to .*autodiscover\.xml/));
      assert.equal(
        r.corrected,
        'Get-ClientAccessServer | Set-ClientAccessServer -AutoDiscoverServiceInternalUri "https://autodiscover.contoso.com/autodiscover/autodiscover.xml"',
      );
    });
  });

  describe('metadata URLs', () => {
    it('recognises the Skype for Business document and the Exchange-side script', () => {
      const r = checkUrl('https://fe.jdskype.net/metadata/json/1');
      assert.equal(r.kind, 'sfb-metadata');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.ok(has(r.findings, 'info', /Configure-EnterprisePartnerApplication\.ps1/));
      assert.equal(
        r.corrected,
        '.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl "https://fe.jdskype.net/metadata/json/1" -ApplicationType Lync',
      );
    });
    it('recognises the Exchange document and New-CsPartnerApplication', () => {
      const r = checkUrl('https://autodiscover.jdskype.net/autodiscover/metadata/json/1');
      assert.equal(r.kind, 'exchange-metadata');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.ok(has(r.findings, 'info', /New-CsPartnerApplication/));
      assert.equal(
        r.corrected,
        'New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Full -MetadataUrl "https://autodiscover.jdskype.net/autodiscover/metadata/json/1"',
      );
    });
    it('catches the "jaon" typo behind a 404', () => {
      const r = checkUrl('https://pool.contoso.com/metadata/jaon/1');
      assert.equal(r.kind, 'sfb-metadata');
      assert.ok(has(r.findings, 'fail', /not exactly \/metadata\/json\/1.*404/));
      assert.match(r.corrected ?? '', /metadata\/json\/1"/);
    });
    it('catches a truncated Exchange metadata path', () => {
      const r = checkUrl('https://autodiscover.contoso.com/autodiscover/metadata/json');
      assert.equal(r.kind, 'exchange-metadata');
      assert.ok(has(r.findings, 'fail', /autodiscover\/metadata\/json\/1/));
    });
    it('handles the mangled script line from the blog post (glued parameter, prime mark, stray quote)', () => {
      const r = checkUrl(
        '.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrlhttps://fe.jdskype.net/metadata/json/1\u2032 -ApplicationType Lync"',
      );
      assert.equal(r.kind, 'sfb-metadata');
      assert.ok(has(r.findings, 'fail', /no space between -AuthMetaDataUrl/));
      assert.ok(has(r.findings, 'warn', /quotes .* do not pair up/));
      assert.equal(
        r.corrected,
        '.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl "https://fe.jdskype.net/metadata/json/1" -ApplicationType Lync',
      );
    });
    it("handles the reader's variant with an opening curly quote and a closing prime", () => {
      const r = checkUrl(
        '.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl \u2018https://fe.jdskype.net/metadata/json/1\u2032 -ApplicationType Lync"',
      );
      assert.equal(r.kind, 'sfb-metadata');
      assert.ok(has(r.findings, 'warn', /">>" prompt/));
      assert.equal(texts(r.findings, 'fail').length, 0);
    });
    it('accepts typographic double quotes around the URL', () => {
      const r = checkUrl(
        'New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Full -MetadataUrl \u201Chttps://autodiscover.tecnoputer.com.br/autodiscover/metadata/json/1\u201D',
      );
      assert.equal(r.kind, 'exchange-metadata');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.deepEqual(texts(r.findings, 'warn'), []);
    });
    it('fails a URL of the wrong kind for the pasted parameter', () => {
      const r = checkUrl(
        'New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Full -MetadataUrl "https://fe.contoso.com/metadata/json/1"',
      );
      assert.ok(has(r.findings, 'fail', /-MetadataUrl expects the Exchange metadata URL/));
      const svc = checkUrl(
        'Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https://autodiscover.contoso.com/autodiscover/metadata/json/1"',
      );
      assert.ok(has(svc.findings, 'fail', /-ExchangeAutodiscoverUrl expects the Exchange autodiscover service URL/));
    });
  });

  describe('scheme, credentials, spaces and other paste damage', () => {
    it('fails http:// and corrects to https://', () => {
      const r = checkUrl('http://autodiscover.contoso.com/autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /uses http:\/\//));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('fails a missing scheme and corrects it', () => {
      const r = checkUrl('autodiscover.contoso.com/autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /no https:\/\//));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('refuses non-web schemes', () => {
      for (const input of [
        'ftp://autodiscover.contoso.com/autodiscover/autodiscover.svc',
        'sip:user@contoso.com',
        'mailto:bob@contoso.com',
      ]) {
        const r = checkUrl(input);
        assert.equal(r.kind, 'unknown', input);
        assert.ok(has(r.findings, 'fail', /not a web address/), input);
        assert.equal(r.corrected, undefined, input);
      }
    });
    it('fails credentials in the URL and drops them', () => {
      const r = checkUrl('https://admin:Secret1@autodiscover.contoso.com/autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /user name or password/));
      assert.equal(r.corrected, SET_OAUTH);
      assert.ok(!JSON.stringify(r).includes('Secret1'));
    });
    it('fails spaces and checks the URL without them', () => {
      const r = checkUrl('https://autodiscover.contoso.com/autodiscover/ autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /contains spaces/));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('fails an encoded space', () => {
      assert.ok(
        has(checkUrl('https://autodiscover.contoso.com/autodiscover/%20autodiscover.svc').findings, 'fail', /%20/),
      );
    });
    it('fails backslashes', () => {
      const r = checkUrl('https:\\\\autodiscover.contoso.com\\autodiscover\\autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /backslashes/));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('warns about a query string and drops it', () => {
      const r = checkUrl(`${SVC}?x=1#top`);
      assert.ok(has(r.findings, 'warn', /query string/));
      assert.equal(r.corrected, SET_OAUTH);
    });
    it('drops trailing punctuation and surrounding quotes', () => {
      assert.equal(checkUrl(`"${SVC}".`).corrected, SET_OAUTH);
      assert.equal(checkUrl(`<${SVC}>`).corrected, SET_OAUTH);
    });
    it('reports an unparseable URL', () => {
      const r = checkUrl('https://exa mple..com:99999/x');
      assert.ok(has(r.findings, 'fail', /not a valid URL|spaces/));
    });
  });

  describe('host sanity', () => {
    it('fails an IPv4 literal without a corrected command', () => {
      const r = checkUrl('https://10.0.0.5/autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /IP address/));
      assert.equal(r.corrected, undefined);
    });
    it('fails an IPv6 literal', () => {
      assert.ok(has(checkUrl('https://[2001:db8::1]/metadata/json/1').findings, 'fail', /IP address/));
    });
    it('fails localhost', () => {
      const r = checkUrl('https://localhost/metadata/json/1');
      assert.ok(has(r.findings, 'fail', /localhost/));
      assert.equal(r.corrected, undefined);
    });
    it('fails a single-label name', () => {
      const r = checkUrl('https://exch/autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'fail', /single-label/));
      assert.equal(r.corrected, undefined);
    });
    it('fails an invalid host name', () => {
      assert.ok(
        has(
          checkUrl('https://auto_discover.contoso.com/autodiscover/autodiscover.svc').findings,
          'fail',
          /not a valid DNS host name/,
        ),
      );
    });
    it('notes an internal-only name', () => {
      const r = checkUrl('https://fe.contoso.local/metadata/json/1');
      assert.ok(has(r.findings, 'info', /internal-only/));
      assert.equal(texts(r.findings, 'fail').length, 0);
    });
    it('warns about a trailing dot on the host', () => {
      const r = checkUrl('https://autodiscover.contoso.com./autodiscover/autodiscover.svc');
      assert.ok(has(r.findings, 'warn', /ends with a dot/));
      assert.equal(r.corrected, SET_OAUTH);
    });
  });

  describe('ports', () => {
    it('warns about port 444 (the sources use the default port) and drops it', () => {
      const r = checkUrl('https://autodiscover.contoso.com:444/autodiscover/metadata/json/1');
      assert.ok(has(r.findings, 'warn', /444/));
      assert.equal(r.url, 'https://autodiscover.contoso.com/autodiscover/metadata/json/1');
    });
    it('warns about 4443 (Skype for Business external web site) and drops it', () => {
      const r = checkUrl('https://fe.contoso.com:4443/metadata/json/1');
      assert.ok(has(r.findings, 'warn', /4443/));
      assert.equal(r.url, 'https://fe.contoso.com/metadata/json/1');
    });
    it('warns about other ports and keeps them', () => {
      const r = checkUrl('https://fe.contoso.com:8443/metadata/json/1');
      assert.ok(has(r.findings, 'warn', /port 8443/));
      assert.equal(r.url, 'https://fe.contoso.com:8443/metadata/json/1');
    });
    it('says nothing about an explicit :443', () => {
      const r = checkUrl('https://autodiscover.contoso.com:443/autodiscover/autodiscover.svc');
      assert.deepEqual(texts(r.findings, 'warn'), []);
      assert.equal(r.corrected, SET_OAUTH);
    });
  });

  it('warns about an unknown path without guessing a command', () => {
    const r = checkUrl('https://www.contoso.com/owa/');
    assert.equal(r.kind, 'unknown');
    assert.ok(has(r.findings, 'warn', /not one of the known forms/));
    assert.equal(r.corrected, undefined);
  });
});
