import assert from 'node:assert/strict';
import { checkSipAddress } from '../../../diagnostics/sipAddress.js';
import { has, texts, title } from './helpers.js';

describe('diagnostics/sipAddress checkSipAddress', () => {
  describe('good input', () => {
    it('sip:user@contoso.com (SIP URI)', () => {
      const r = checkSipAddress('sip:user@contoso.com');
      assert.equal(r.kind, 'sip-uri');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.address, 'user@contoso.com');
      assert.equal(r.corrected, 'SIP:user@contoso.com');
      assert.ok(has(r.findings, 'ok', /well-formed/));
    });
    it('SIP:user@contoso.com (proxy address)', () => {
      const r = checkSipAddress('SIP:user@contoso.com', { as: 'proxy-address' });
      assert.equal(r.kind, 'proxy-address');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.corrected, 'SIP:user@contoso.com');
    });
    it('user@contoso.com (bare)', () => {
      const r = checkSipAddress('user@contoso.com');
      assert.equal(r.kind, 'bare');
      assert.deepEqual(texts(r.findings, 'fail'), []);
      assert.equal(r.corrected, 'SIP:user@contoso.com');
    });
    it('explains that the prefix case only marks primary/secondary, which matters for SMTP', () => {
      for (const input of ['sip:user@contoso.com', 'SIP:user@contoso.com']) {
        assert.ok(has(checkSipAddress(input).findings, 'info', /primary.*SMTP.*SIP: and sip: both work/), input);
      }
    });
    it('says how to add it: EAC custom address of type SIP, and Set-Mailbox in the shell', () => {
      const r = checkSipAddress('sip:samdrey@sammyservices.onmicrosoft.com');
      assert.ok(
        has(
          r.findings,
          'info',
          /Exchange admin center \(EAC\).*custom address.*SIP.*Add or Remove Email Addresses for a Mailbox/,
        ),
      );
      assert.ok(
        has(r.findings, 'info', /custom address of type SIP with the value samdrey@sammyservices\.onmicrosoft\.com/),
      );
      assert.ok(has(r.findings, 'info', /Insert Skype Meeting/));
    });
    it('lower-cases the domain, trims spaces, quotes and angle brackets', () => {
      assert.equal(checkSipAddress('  "sip:Jeff@JDSkype.NET" ').corrected, 'SIP:Jeff@jdskype.net');
      assert.equal(checkSipAddress('<sip:jeff@jdskype.net>').corrected, 'SIP:jeff@jdskype.net');
    });
    it('confirms a match with the sign-in address (case-insensitive, prefix ignored)', () => {
      const r = checkSipAddress('SIP:Jeff@jdskype.net', { signInAddress: 'sip:jeff@JDSKYPE.net' });
      assert.ok(has(r.findings, 'ok', /matches the Skype for Business sign-in address/));
      assert.deepEqual(texts(r.findings, 'fail'), []);
    });
    it('reminds that it must equal the sign-in address when none is given', () => {
      assert.ok(has(checkSipAddress('user@contoso.com').findings, 'info', /exactly the address the user signs in/));
    });
    it('drops URI parameters with a warning', () => {
      const r = checkSipAddress('sip:user@contoso.com;transport=tls');
      assert.ok(has(r.findings, 'warn', /;transport=tls/));
      assert.equal(r.corrected, 'SIP:user@contoso.com');
    });
  });

  describe('missing input', () => {
    for (const input of [undefined, null, '', '  ', 12]) {
      it(title(input), () => {
        const r = checkSipAddress(input);
        assert.equal(r.kind, 'unknown');
        assert.ok(has(r.findings, 'fail', /No SIP address given/));
        assert.equal(r.corrected, undefined);
      });
    }
  });

  describe('format problems', () => {
    it('missing SIP: prefix when given as a proxy address', () => {
      const r = checkSipAddress('user@contoso.com', { as: 'proxy-address' });
      assert.ok(has(r.findings, 'fail', /SIP: prefix is missing.*SMTP/));
      assert.equal(r.corrected, 'SIP:user@contoso.com');
    });
    it('a space after the colon (as printed in the documentation)', () => {
      const r = checkSipAddress('sip: user@contoso.com');
      assert.ok(has(r.findings, 'fail', /space around the colon/));
      assert.equal(r.corrected, 'SIP:user@contoso.com');
    });
    it('spaces inside the address', () => {
      const r = checkSipAddress('sip:jeff schertz@contoso.com');
      assert.ok(has(r.findings, 'fail', /contains spaces/));
    });
    it('two @ signs', () => {
      const r = checkSipAddress('sip:user@contoso.com@contoso.com');
      assert.ok(has(r.findings, 'fail', /2 @ signs/));
      assert.equal(r.corrected, undefined);
    });
    it('no @', () => {
      const r = checkSipAddress('sip:user');
      assert.ok(has(r.findings, 'fail', /no @/));
      assert.equal(r.corrected, undefined);
    });
    it('nothing before the @', () => {
      assert.ok(has(checkSipAddress('sip:@contoso.com').findings, 'fail', /nothing before the @/));
    });
    it('bad domains', () => {
      const cases: Array<[string, RegExp]> = [
        ['sip:user@', /no domain/],
        ['sip:user@contoso', /not a full domain name/],
        ['sip:user@contoso..com', /not a valid domain name/],
        ['sip:user@-contoso.com', /not a valid domain name/],
        ['sip:user@contoso.c0m', /top-level domain/],
        ['sip:user@10.0.0.1', /IP address/],
        ['sip:user@[2001:db8::1]', /IP address/],
      ];
      for (const [input, pattern] of cases) {
        const r = checkSipAddress(input);
        assert.ok(has(r.findings, 'fail', pattern), `${input}: ${JSON.stringify(r.findings)}`);
        assert.equal(r.corrected, undefined, input);
      }
    });
    it('characters that do not belong in the user part', () => {
      assert.ok(has(checkSipAddress('sip:us"er@contoso.com').findings, 'fail', /do not belong/));
      assert.ok(has(checkSipAddress('sip:us(er)@contoso.com').findings, 'fail', /do not belong/));
    });
    it('dots at the edges of the user part are a warning', () => {
      assert.ok(has(checkSipAddress('sip:.user@contoso.com').findings, 'warn', /dot/));
    });
    it('an internal-only SIP domain is a warning', () => {
      assert.ok(has(checkSipAddress('sip:user@contoso.local').findings, 'warn', /internal-only/));
    });
    it('an SMTP proxy address is not a SIP address', () => {
      const r = checkSipAddress('smtp:user@contoso.com');
      assert.ok(has(r.findings, 'fail', /SMTP \(email\) proxy address/));
      assert.equal(r.corrected, 'SIP:user@contoso.com');
    });
    it('other proxy types are not SIP', () => {
      assert.ok(has(checkSipAddress('X500:/o=Contoso/cn=user').findings, 'fail', /not a SIP address prefix/));
      assert.ok(has(checkSipAddress('tel:+15551234567').findings, 'fail', /not a SIP address prefix/));
    });
    it('a sign-in address that differs', () => {
      const r = checkSipAddress('SIP:sammykrosoft@e2010domain.com', {
        signInAddress: 'samdrey@sammyservices.onmicrosoft.com',
      });
      assert.ok(
        has(
          r.findings,
          'fail',
          /does not match the Skype for Business sign-in address \(samdrey@sammyservices\.onmicrosoft\.com\)/,
        ),
      );
    });
  });
});
