import assert from 'node:assert/strict';
import { isRefusedAddress, type RefusedCategory } from '../../../diagnostics/addressPolicy.js';

describe('diagnostics/addressPolicy isRefusedAddress', () => {
  describe('public addresses are allowed', () => {
    for (const ip of [
      '8.8.8.8',
      '1.1.1.1',
      '20.190.128.10',
      '52.96.0.1',
      '11.0.0.1',
      '100.63.255.255',
      '100.128.0.1',
      '172.15.255.255',
      '172.32.0.1',
      '192.169.0.1',
      '2606:4700::1111',
      '2001:4860:4860::8888',
      '::ffff:8.8.8.8',
    ]) {
      it(ip, () => assert.deepEqual(isRefusedAddress(ip), { refused: false }));
    }
  });

  describe('special-purpose addresses are refused with a reason', () => {
    const cases: Array<[string, RefusedCategory, RegExp]> = [
      ['127.0.0.1', 'loopback', /loopback/],
      ['127.255.255.254', 'loopback', /loopback/],
      ['::1', 'loopback', /loopback/],
      ['10.1.2.3', 'private', /private.*10\.0\.0\.0\/8/],
      ['172.16.0.1', 'private', /172\.16\.0\.0\/12/],
      ['172.31.255.255', 'private', /172\.16\.0\.0\/12/],
      ['192.168.1.1', 'private', /192\.168/],
      ['fc00::1', 'private', /unique local/],
      ['fd12:3456:789a::1', 'private', /unique local/],
      ['169.254.1.1', 'link-local', /link-local/],
      ['169.254.169.254', 'metadata', /metadata/],
      ['fd00:ec2::254', 'metadata', /metadata/],
      ['fe80::1', 'link-local', /link-local/],
      ['fe80::1%eth0', 'link-local', /link-local/],
      ['0.0.0.0', 'unspecified', /unspecified/],
      ['0.1.2.3', 'unspecified', /this network/],
      ['::', 'unspecified', /unspecified/],
      ['100.64.0.1', 'shared', /carrier-grade NAT/],
      ['100.127.255.255', 'shared', /carrier-grade NAT/],
      ['224.0.0.251', 'multicast', /multicast/],
      ['239.255.255.250', 'multicast', /multicast/],
      ['ff02::1', 'multicast', /multicast/],
      ['255.255.255.255', 'broadcast', /broadcast/],
      ['240.0.0.1', 'reserved', /reserved/],
      ['192.0.2.10', 'reserved', /documentation/],
      ['2001:db8::1', 'reserved', /documentation/],
      ['::127.0.0.1', 'tunnel', /IPv4-compatible/],
      ['64:ff9b::7f00:1', 'tunnel', /NAT64/],
      ['2002:7f00:1::1', 'tunnel', /6to4/],
      ['2001:0:4136:e378::1', 'tunnel', /Teredo/],
    ];
    for (const [ip, category, reason] of cases) {
      it(`${ip} (${category})`, () => {
        const verdict = isRefusedAddress(ip);
        assert.equal(verdict.refused, true);
        assert.ok(verdict.refused);
        assert.equal(verdict.category, category);
        assert.match(verdict.reason, reason);
      });
    }
  });

  describe('IPv4-mapped IPv6 addresses are judged by the IPv4 address inside', () => {
    for (const [ip, category] of [
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::FFFF:10.0.0.1', 'private'],
      ['::ffff:169.254.169.254', 'metadata'],
    ] as const) {
      it(ip, () => {
        const verdict = isRefusedAddress(ip);
        assert.ok(verdict.refused);
        assert.equal(verdict.category, category);
        assert.match(verdict.reason, /IPv4-mapped/);
      });
    }
  });

  describe('anything that is not a plain IP address is refused (fail closed)', () => {
    for (const input of [
      '',
      'localhost',
      'example.com',
      ' 8.8.8.8',
      '8.8.8.8 ',
      '0x7f.1',
      '2130706433',
      '127.1',
      '017.0.0.1',
      '1.2.3.4.5',
      '256.1.1.1',
      'fe80::zz',
      '[::1]',
    ]) {
      it(JSON.stringify(input), () =>
        assert.deepEqual(isRefusedAddress(input), {
          refused: true,
          reason: 'not a valid IP address',
          category: 'invalid',
        }),
      );
    }
    it('a non-string', () => {
      assert.equal(isRefusedAddress(undefined as unknown as string).refused, true);
      assert.equal(isRefusedAddress(2130706433 as unknown as string).refused, true);
    });
  });
});
