import assert from 'node:assert/strict';
import { toMsaAddress } from '../../../diagnostics/msaAddress.js';
import { title } from './helpers.js';

function ok(input: unknown): { address: string; changed: boolean; explanation: string } {
  const result = toMsaAddress(input);
  assert.ok(result.ok, `expected ok for ${JSON.stringify(input)}: ${result.ok ? '' : result.reason}`);
  return result;
}

function notOk(input: unknown): string {
  const result = toMsaAddress(input);
  assert.equal(result.ok, false, `expected a refusal for ${JSON.stringify(input)}`);
  assert.ok(!result.ok);
  assert.ok(result.reason.length > 0);
  return result.reason;
}

describe('diagnostics/msaAddress toMsaAddress', () => {
  describe('custom-domain Microsoft accounts', () => {
    it("bob@contoso.com becomes bob(contoso.com)@msn.com (the guide's own example)", () => {
      const r = ok('bob@contoso.com');
      assert.equal(r.address, 'bob(contoso.com)@msn.com');
      assert.equal(r.changed, true);
      assert.match(r.explanation, /user\(domain name\)@msn\.com/);
      assert.match(r.explanation, /Add a Contact Not in My Organization/);
    });
    it('lower-cases the domain but keeps the user part', () => {
      assert.equal(ok('Bob.Smith@Contoso.COM').address, 'Bob.Smith(contoso.com)@msn.com');
    });
    it('handles sub-domains, plus addressing and multi-part TLDs', () => {
      assert.equal(ok('jane.doe@mail.fabrikam.co.uk').address, 'jane.doe(mail.fabrikam.co.uk)@msn.com');
      assert.equal(ok('a+skype@contoso.com').address, 'a+skype(contoso.com)@msn.com');
      assert.equal(ok('x_y-z@xn--bcher-kva.example').address, 'x_y-z(xn--bcher-kva.example)@msn.com');
    });
    it('ignores surrounding spaces, mailto: and angle brackets', () => {
      assert.equal(ok('  bob@contoso.com ').address, 'bob(contoso.com)@msn.com');
      assert.equal(ok('mailto:bob@contoso.com').address, 'bob(contoso.com)@msn.com');
      assert.equal(ok('<bob@contoso.com>').address, 'bob(contoso.com)@msn.com');
    });
    it('accepts a trailing dot on the domain', () => {
      assert.equal(ok('bob@contoso.com.').address, 'bob(contoso.com)@msn.com');
    });
    it('converts regional Microsoft domains but says to try them as is', () => {
      const r = ok('bob@hotmail.co.uk');
      assert.equal(r.address, 'bob(hotmail.co.uk)@msn.com');
      assert.match(r.explanation, /try bob@hotmail\.co\.uk as is/);
    });
  });

  describe('Microsoft account domains stay unchanged', () => {
    for (const domain of ['live.com', 'hotmail.com', 'outlook.com', 'msn.com']) {
      it(domain, () => {
        const r = ok(`someone@${domain}`);
        assert.equal(r.address, `someone@${domain}`);
        assert.equal(r.changed, false);
        assert.match(r.explanation, /as is/);
      });
    }
    it('normalises the case of the domain', () => {
      assert.equal(ok('Someone@HOTMAIL.COM').address, 'Someone@hotmail.com');
    });
  });

  describe('already converted addresses stay unchanged', () => {
    it('bob(contoso.com)@msn.com', () => {
      const r = ok('bob(contoso.com)@msn.com');
      assert.equal(r.address, 'bob(contoso.com)@msn.com');
      assert.equal(r.changed, false);
      assert.match(r.explanation, /already/);
    });
    it('normalises case', () => {
      assert.equal(ok('Bob(Contoso.COM)@MSN.com').address, 'Bob(contoso.com)@msn.com');
    });
    it('still validates the inner domain', () => {
      assert.match(notOk('bob(contoso)@msn.com'), /user\(domain\)@msn\.com form/);
    });
  });

  describe('missing input', () => {
    for (const input of [undefined, null, '', '   ', 42, {}]) {
      it(title(input), () => assert.match(notOk(input), /No address given/));
    }
  });

  describe('malformed input', () => {
    const cases: Array<[string, RegExp]> = [
      ['bob', /no @/],
      ['bob@', /nothing after the @/],
      ['@contoso.com', /nothing before the @/],
      ['bob@@contoso.com', /more than one @/],
      ['a@b@contoso.com', /more than one @/],
      ['bob smith@contoso.com', /spaces/],
      ['bob@contoso', /not a full domain name/],
      ['bob@-contoso.com', /not a valid domain name/],
      ['bob@contoso..com', /not a valid domain name/],
      ['bob@contoso.c', /top-level domain/],
      ['bob@192.168.1.1', /top-level domain/],
      ['.bob@contoso.com', /not a valid user name/],
      ['bob.@contoso.com', /not a valid user name/],
      ['bo..b@contoso.com', /not a valid user name/],
      ['bob(x)@contoso.com', /not a valid user name/],
      [`${'a'.repeat(65)}@contoso.com`, /longer than 64/],
      ['sip:bob@contoso.com', /SIP address/],
    ];
    for (const [input, reason] of cases) {
      it(input.length > 40 ? `${input.slice(0, 20)}…` : input, () => assert.match(notOk(input), reason));
    }
  });
});
