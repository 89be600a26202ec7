import crypto from 'node:crypto';

/** What a Direct Line token vouches for: one conversation and the user who started it. */
export interface TokenClaims {
  /** The conversation id (`conv`). */
  readonly conversationId: string;
  /** The user id (`user`, the claim Web Chat reads to learn its own user id). */
  readonly userId: string;
  /** Expiry, seconds since the epoch (`exp`). */
  readonly expiresAt: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'signature' | 'expired' };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const MAX_TOKEN_LENGTH = 2048;

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function sign(secret: Buffer, input: string): Buffer {
  return crypto.createHmac('sha256', secret).update(input).digest();
}

/**
 * Signs and checks the tokens of the local Direct Line: compact JWTs (HS256, the algorithm fixed
 * here and never read from the token), so Web Chat can read the `user` claim as it does from the
 * Direct Line service's tokens. Nothing is stored per token: the signature and `exp` are the check.
 */
export class TokenSigner {
  private readonly secret: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 32) throw new Error('The Direct Line secret must be at least 32 characters');
    this.secret = Buffer.from(secret, 'utf8');
  }

  /** Lifetime of a new token in seconds (`expires_in`). */
  get expiresIn(): number {
    return this.ttlSeconds;
  }

  /** A new token for the conversation and user, valid for the configured lifetime from now. */
  issue(conversationId: string, userId: string): string {
    const iat = Math.floor(this.now() / 1000);
    const payload = base64url(JSON.stringify({ conv: conversationId, user: userId, iat, exp: iat + this.ttlSeconds }));
    const input = `${HEADER}.${payload}`;
    return `${input}.${sign(this.secret, input).toString('base64url')}`;
  }

  /** Checks an `Authorization` header value (`Bearer <token>`). */
  verifyHeader(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec((authorization ?? '').trim());
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    return this.verify(match[1]);
  }

  /** Checks a token: its shape, its signature (constant time), then its expiry. */
  verify(token: string): TokenCheck {
    const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
    const [header, payload, signature] = parts;
    if (parts.length !== 3 || header !== HEADER || !payload || !signature) return { ok: false, reason: 'malformed' };
    const expected = sign(this.secret, `${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return { ok: false, reason: 'signature' };
    const claims = parseClaims(payload);
    if (!claims) return { ok: false, reason: 'malformed' };
    if (claims.expiresAt <= Math.floor(this.now() / 1000)) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }
}

function parseClaims(payload: string): TokenClaims | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { conv, user, exp } = parsed as Record<string, unknown>;
  if (typeof conv !== 'string' || typeof user !== 'string' || typeof exp !== 'number') return undefined;
  return { conversationId: conv, userId: user, expiresAt: exp };
}

/** A new random secret for signing tokens (48 random bytes, base64url). */
export function generateSecret(): string {
  return crypto.randomBytes(48).toString('base64url');
}
