/**
 * Offline Bot Framework channel auth: our own RSA key served as the Bot Connector's OpenID
 * metadata/JWKS (nock), tokens signed RS256 with node:crypto, and a fake AAD token endpoint for the
 * bot's outbound calls. The connector caches keys per process, so install the metadata mock once.
 */
import crypto from 'node:crypto';
import nock from 'nock';

export const OPENID_HOST = 'https://login.botframework.com';
export const OPENID_PATH = '/v1/.well-known/openidconfiguration';
export const JWKS_PATH = '/v1/.well-known/keys';
export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const AAD_HOST = 'https://login.microsoftonline.com';
export const AAD_TOKEN_PATH = '/botframework.com/oauth2/v2.0/token';
export const FAKE_ACCESS_TOKEN = 'fake-outbound-access-token';

export interface TestSigningKey {
  readonly kid: string;
  readonly privateKey: crypto.KeyObject;
  readonly jwk: { kty: string; use: string; kid: string; n: string; e: string; endorsements: string[] };
}

/** A fresh RSA key pair and its JWK, endorsed for the given channels. */
export function createSigningKey(endorsements: readonly string[]): TestSigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = publicKey.export({ format: 'jwk' });
  if (typeof pub.n !== 'string' || typeof pub.e !== 'string') throw new Error('RSA JWK without n/e');
  const kid = `test-key-${crypto.randomUUID()}`;
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n: pub.n, e: pub.e, endorsements: [...endorsements] } };
}

/** Serves the OpenID configuration and the JWKS holding `key` for the rest of the process. */
export function mockOpenIdMetadata(key: TestSigningKey): nock.Scope {
  return nock(OPENID_HOST)
    .persist()
    .get(OPENID_PATH)
    .reply(200, {
      issuer: CHANNEL_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${OPENID_HOST}${JWKS_PATH}`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    })
    .get(JWKS_PATH)
    .reply(200, { keys: [key.jwk] });
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface ChannelTokenClaims {
  readonly appId: string;
  readonly serviceUrl: string;
  readonly issuer?: string;
  /** Seconds from now; negative for an expired token. */
  readonly expiresIn?: number;
}

/** Signs a token like the Bot Connector's: RS256, iss api.botframework.com, aud = app id, serviceurl. */
export function signChannelToken(key: TestSigningKey, claims: ChannelTokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid };
  const payload = {
    serviceurl: claims.serviceUrl,
    nbf: now - 60,
    iat: now - 60,
    exp: now + (claims.expiresIn ?? 3600),
    iss: claims.issuer ?? CHANNEL_ISSUER,
    aud: claims.appId,
  };
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const signature = crypto.sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

let processKey: TestSigningKey | undefined;

/**
 * The one signing key of this process. The connector caches the JWKS per metadata URL and refetches
 * at most once an hour, so every test in the process must sign with the same key.
 */
export function processSigningKey(): TestSigningKey {
  processKey ??= createSigningKey(['emulator', 'msteams', 'webchat', 'directline']);
  return processKey;
}

/** The form fields of one client-credentials request the bot made. */
export type TokenRequest = Readonly<Record<string, string>>;

/**
 * The AAD client-credentials endpoint the bot calls before replying; answers a fake access token
 * and records each request's form fields.
 */
export function mockOutboundToken(): { scope: nock.Scope; requests: TokenRequest[] } {
  const requests: TokenRequest[] = [];
  const scope = nock(AAD_HOST)
    .persist()
    .post(AAD_TOKEN_PATH)
    .query(true) // MSAL adds ?client-request-id=<uuid>
    .reply(200, (_uri, body) => {
      requests.push(Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : '')));
      return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: FAKE_ACCESS_TOKEN };
    });
  return { scope, requests };
}
