import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
// Default import on purpose: HTTP test doubles patch https.request on the module object, which a
// named ESM import of a builtin would not see.
import https from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { isRefusedAddress, type RefusedCategory } from './addressPolicy.js';

/** Resolves a host name to addresses; injectable so tests and probes never touch real DNS. */
export interface Resolver {
  lookup(host: string): Promise<Array<{ address: string; family: number }>>;
}

/** Options of {@link safeFetch}. */
export interface SafeFetchOptions {
  /** Defaults to node:dns/promises `lookup` (all addresses). */
  resolver?: Resolver;
  /** Allow loopback/private/link-local targets (lab use only). Default false. */
  allowPrivate?: boolean;
  /** Redirects followed at most. Default 3. */
  maxRedirects?: number;
  /** Deadline for the whole fetch: DNS, connect, TLS, redirects and body. Default 5000 ms. */
  timeoutMs?: number;
  /** Largest body read, in bytes. Default 256 KiB. */
  maxBytes?: number;
  /** Ports a URL may use. Default 443 and 4443 (the Skype for Business external web site). */
  ports?: readonly number[];
  /** Extra trusted CA certificates (PEM), e.g. an internal enterprise CA both servers trust. */
  ca?: string | readonly string[];
  /**
   * Read the response even when the certificate is not trusted; the result's `tls` says why.
   * Default false: an untrusted certificate ends the fetch with stage `tls`.
   */
  allowUntrusted?: boolean;
  /** Accept header. Default `application/json, *\/*;q=0.5`. */
  accept?: string;
}

/** TLS facts about the connection that produced the response. */
export interface TlsInfo {
  /** The certificate chain and name were verified against the trusted CAs. */
  authorized: boolean;
  /** Why it was not authorized, in plain words. */
  error?: string;
  /** Subject common name of the server certificate. */
  peerSubject?: string;
  /** DNS names in the certificate's subject alternative name. */
  peerSan?: string[];
  /** The server certificate is its own issuer. */
  selfSigned: boolean;
}

/** Where a fetch stopped. */
export type SafeFetchStage =
  'url' | 'dns' | 'refused' | 'connect' | 'tls' | 'timeout' | 'too-large' | 'redirect' | 'http';

/** Result of {@link safeFetch}: any HTTP status is a successful fetch; failures say at which stage. */
export type SafeFetchResult =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: string;
      /** The URL that answered, after redirects, without credentials. */
      finalUrl: string;
      /** The IP address the final request was pinned to. */
      address: string;
      tls: TlsInfo;
      /** Redirects followed, in order. */
      redirects: string[];
    }
  | {
      ok: false;
      stage: SafeFetchStage;
      message: string;
      /** System or TLS error code, e.g. ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT. */
      code?: string;
      /** The URL being fetched when it stopped (differs from the input after a redirect). */
      url?: string;
      /** Names in the rejected certificate, when the TLS error carried it. */
      tls?: Pick<TlsInfo, 'peerSubject' | 'peerSan'>;
      /** For stage `refused`: what kind of address it was. */
      category?: RefusedCategory;
    };

type Failure = Extract<SafeFetchResult, { ok: false }>;

const DEFAULTS = { maxRedirects: 3, timeoutMs: 5000, maxBytes: 256 * 1024, ports: [443, 4443] as readonly number[] };
const USER_AGENT = 'sfb-exchange-troubleshooter-probe/1';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** TLS error codes in plain words. */
const TLS_ERRORS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the chain is not trusted: it ends in a self-signed root certificate that is not trusted here',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the chain is not trusted: the issuer of the certificate is unknown here (private CA, or the server does not send the intermediate certificate)',
  UNABLE_TO_GET_ISSUER_CERT: 'the chain is not trusted: the issuing certificate could not be found',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the chain is not trusted: the issuing CA is not trusted here (private CA, or a missing intermediate certificate)',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet (check the server clock and the certificate dates)',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  CERT_CHAIN_TOO_LONG: 'the certificate chain is too long',
  INVALID_CA: 'the chain is not trusted: an issuing certificate is not a valid CA',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not include this host name (subject alternative names)',
  HOSTNAME_MISMATCH: 'the certificate does not include this host name',
  EPROTO: 'the TLS handshake failed (protocol mismatch, or not a TLS service on this port)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (plain HTTP on an HTTPS port?)',
};

const CONNECT_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused (nothing listening on that port, or a firewall rejects it)',
  ECONNRESET: 'the connection was reset by the server or a firewall',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
};

/** Plain words for a TLS error code, or undefined when the code is not a TLS one. */
function tlsWords(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return TLS_ERRORS[code] ?? (/^ERR_(TLS|SSL)_|^ERR_OSSL_/.test(code) ? 'the TLS handshake failed' : undefined);
}

function failure(
  stage: SafeFetchStage,
  message: string,
  extra: Partial<Omit<Failure, 'ok' | 'stage' | 'message'>> = {},
): Failure {
  const result: Failure = { ok: false, stage, message };
  if (extra.code !== undefined) result.code = extra.code;
  if (extra.url !== undefined) result.url = extra.url;
  if (extra.tls !== undefined) result.tls = extra.tls;
  if (extra.category !== undefined) result.category = extra.category;
  return result;
}

const defaultResolver: Resolver = {
  lookup: async (host) => dnsLookup(host, { all: true, verbatim: true }),
};

interface Target {
  url: URL;
  host: string;
  port: number;
}

/** Parses and checks a URL: https, no credentials sent, allowed port. */
function parseTarget(input: string, ports: readonly number[]): Target | Failure {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return failure('url', `"${input}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:') return failure('url', `Only https:// URLs are fetched (got ${url.protocol}//).`);
  // Never send credentials a user pasted into the URL.
  url.username = '';
  url.password = '';
  url.hash = '';
  const port = url.port === '' ? 443 : Number(url.port);
  if (!ports.includes(port))
    return failure('url', `Port ${port} is not allowed for probes (allowed: ${ports.join(', ')}).`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return failure('url', 'The URL has no host name.');
  return { url, host, port };
}

function isFailure(value: object): value is Failure {
  return 'ok' in value && value.ok === false;
}

/** Resolves and applies the address policy; returns the address to pin to. */
async function pickAddress(
  target: Target,
  resolver: Resolver,
  allowPrivate: boolean,
): Promise<{ address: string; family: 4 | 6 } | Failure> {
  let addresses: Array<{ address: string; family: number }>;
  const literal = isIP(target.host);
  if (literal !== 0) {
    addresses = [{ address: target.host, family: literal }];
  } else {
    try {
      addresses = await resolver.lookup(target.host);
    } catch (error) {
      const code = errorCode(error);
      const words =
        code === 'ENOTFOUND' || code === 'ENODATA'
          ? 'the name does not exist in DNS'
          : code === 'EAI_AGAIN'
            ? 'DNS did not answer in time'
            : 'the DNS lookup failed';
      return failure('dns', `Could not resolve ${target.host}: ${words}.`, code === undefined ? {} : { code });
    }
  }
  if (addresses.length === 0) return failure('dns', `${target.host} has no A or AAAA record.`, { code: 'ENODATA' });
  if (!allowPrivate) {
    // Refuse if any answer is refused: a mixed answer is how DNS tricks aim probes at internal hosts.
    for (const a of addresses) {
      const verdict = isRefusedAddress(a.address);
      if (verdict.refused) {
        const what = literal !== 0 ? target.host : `${target.host} resolves to ${a.address}, which`;
        return failure('refused', `${what} is ${verdict.reason}; probes do not connect to such addresses.`, {
          category: verdict.category,
        });
      }
    }
  } else {
    const bad = addresses.find((a) => isIP(a.address) === 0);
    if (bad) return failure('dns', `The resolver returned "${bad.address}", which is not an IP address.`);
  }
  const first = addresses[0];
  if (first === undefined) return failure('dns', `${target.host} has no address.`);
  return { address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A lookup that always answers with the validated address, so the socket cannot re-resolve (DNS rebinding). */
function pinnedLookup(host: string, address: string, family: 4 | 6): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    if (hostname.replace(/^\[|\]$/g, '').toLowerCase() !== host.toLowerCase()) {
      const error: NodeJS.ErrnoException = new Error(
        `Refusing to resolve ${hostname}: the connection is pinned to ${host}.`,
      );
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
      return;
    }
    if (options.all === true) {
      const all: LookupAddress[] = [{ address, family }];
      callback(null, all);
    } else {
      callback(null, address, family);
    }
  };
}

/** The certificate fields read here; a certificate carried by an error, or from a closing socket, may lack any. */
type CertFields = Partial<Pick<PeerCertificate, 'subject' | 'issuer' | 'subjectaltname'>>;

function sanNames(cert: CertFields): string[] | undefined {
  if (typeof cert.subjectaltname !== 'string') return undefined;
  return cert.subjectaltname
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
}

function commonName(cert: CertFields): string | undefined {
  const cn: unknown = cert.subject?.CN;
  if (typeof cn === 'string') return cn;
  if (Array.isArray(cn) && typeof cn[0] === 'string') return cn[0];
  return undefined;
}

function isSelfSigned(cert: CertFields): boolean {
  return (
    cert.subject !== undefined &&
    cert.issuer !== undefined &&
    JSON.stringify(cert.subject) === JSON.stringify(cert.issuer)
  );
}

/** The subject and SAN names of a certificate, only those it has. */
function certNames(cert: CertFields): Pick<TlsInfo, 'peerSubject' | 'peerSan'> {
  const names: Pick<TlsInfo, 'peerSubject' | 'peerSan'> = {};
  const cn = commonName(cert);
  const san = sanNames(cert);
  if (cn !== undefined) names.peerSubject = cn;
  if (san !== undefined) names.peerSan = san;
  return names;
}

/** A non-empty certificate object, or undefined: Node returns null once the socket is destroyed and {} without one. */
function asCertificate(value: unknown): CertFields | undefined {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0 ? value : undefined;
}

/** Why Node did not trust the certificate, in plain words; `code` for the self-signed check. */
function untrustedReason(tls: Partial<TLSSocket>): { words: string; code: string | undefined } {
  const reason = tls.authorizationError;
  const code =
    reason instanceof Error ? (errorCode(reason) ?? reason.message) : typeof reason === 'string' ? reason : undefined;
  const words =
    tlsWords(code) ??
    (code !== undefined ? `the certificate is not trusted (${code})` : 'the certificate could not be verified');
  return { words, code };
}

/** Certificate facts from the socket; the mock sockets of HTTP test doubles have no certificate. */
function tlsInfo(socket: unknown, verified: boolean): TlsInfo {
  const tls = socket as Partial<TLSSocket> | null;
  const info: TlsInfo = { authorized: verified, selfSigned: false };
  const getPeer = tls?.getPeerCertificate;
  const cert = typeof getPeer === 'function' ? asCertificate(getPeer.call(tls, true)) : undefined;
  if (cert !== undefined) {
    Object.assign(info, certNames(cert));
    info.selfSigned = isSelfSigned(cert);
  }
  if (!verified && tls) {
    // Only reached with allowUntrusted: Node kept the connection and recorded why it is not trusted.
    info.authorized = tls.authorized === true;
    if (!info.authorized) {
      const { words, code } = untrustedReason(tls);
      info.error = words;
      if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') info.selfSigned = true;
    }
  }
  return info;
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

type Hop =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; tls: TlsInfo }
  | { kind: 'redirect'; status: number; location: string }
  | Failure;

interface HopOptions {
  target: Target;
  address: string;
  family: 4 | 6;
  remainingMs: number;
  maxBytes: number;
  ca: string | readonly string[] | undefined;
  allowUntrusted: boolean;
  accept: string;
}

/** The request options of one hop: pinned address, fixed headers, no pooled socket. */
function requestOptions(o: HopOptions): https.RequestOptions {
  const caList = o.ca === undefined ? undefined : typeof o.ca === 'string' ? [o.ca] : [...o.ca];
  return {
    protocol: 'https:',
    hostname: o.target.host,
    port: o.target.port,
    path: `${o.target.url.pathname}${o.target.url.search}`,
    method: 'GET',
    // Fixed header set: no Authorization, no Cookie, nothing from the user.
    headers: { accept: o.accept, 'user-agent': USER_AGENT, connection: 'close' },
    // A fresh agent per request: a pooled socket could still be connected to an earlier address.
    agent: false,
    lookup: pinnedLookup(o.target.host, o.address, o.family),
    family: o.family,
    ...(isIP(o.target.host) === 0 ? { servername: o.target.host } : {}),
    rejectUnauthorized: !o.allowUntrusted,
    ...(caList !== undefined ? { ca: caList } : {}),
  };
}

/** One hop in flight: settles once, and can tear the request down. */
interface HopContext {
  readonly o: HopOptions;
  /** The URL of this hop, for failures. */
  readonly where: string;
  /** Settles the hop; later calls are ignored. */
  finish(hop: Hop): void;
  /** Settles the hop, then destroys the request (a deadline, a cap or a redirect ends it). */
  stop(hop: Hop): void;
}

/** Starts the hop's deadline: the hop settles with a timeout unless it settled before. */
function startHop(o: HopOptions, req: ClientRequest, resolve: (hop: Hop) => void): HopContext {
  let settled = false;
  const where = o.target.url.href;
  const finish = (hop: Hop): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolve(hop);
  };
  const stop = (hop: Hop): void => {
    finish(hop);
    req.destroy();
  };
  const timer = setTimeout(
    () =>
      stop(
        failure('timeout', `No complete answer from ${o.target.host} within the time limit.`, {
          code: 'ETIMEDOUT',
          url: where,
        }),
      ),
    Math.max(1, o.remainingMs),
  );
  return { o, where, finish, stop };
}

/** A request error (DNS is pinned, so TLS, timeout, malformed HTTP or connect) as a failure in plain words. */
function requestFailure(error: unknown, hop: HopContext): Failure {
  const { o, where } = hop;
  const code = errorCode(error);
  const tlsText = tlsWords(code);
  if (tlsText !== undefined) {
    const cert = typeof error === 'object' && error !== null && 'cert' in error ? asCertificate(error.cert) : undefined;
    const names = cert === undefined ? {} : certNames(cert);
    return failure('tls', `TLS with ${o.target.host} failed: ${tlsText}.`, {
      url: where,
      ...(code !== undefined ? { code } : {}),
      ...(Object.keys(names).length > 0 ? { tls: names } : {}),
    });
  }
  if (code === 'ETIMEDOUT')
    return failure('timeout', `Connecting to ${o.target.host} timed out.`, { code, url: where });
  if (code?.startsWith('HPE_'))
    return failure('http', `${o.target.host} sent a malformed HTTP response (${code}).`, { code, url: where });
  const words = code !== undefined ? CONNECT_ERRORS[code] : undefined;
  return failure(
    'connect',
    `Could not connect to ${o.target.host} (${o.address}) on port ${o.target.port}: ${words ?? errorMessage(error)}.`,
    { url: where, ...(code !== undefined ? { code } : {}) },
  );
}

/** The response head: a redirect ends the hop, a declared size over the cap too; otherwise the body is read. */
function onResponse(res: IncomingMessage, hop: HopContext): void {
  const { o, where } = hop;
  const status = res.statusCode ?? 0;
  const headers = flattenHeaders(res);
  const location = headers.location;
  if (REDIRECTS.has(status) && location !== undefined && location !== '') {
    res.resume();
    hop.stop({ kind: 'redirect', status, location });
    return;
  }
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > o.maxBytes) {
    hop.stop(
      failure('too-large', `The response is ${declared} bytes, more than the ${o.maxBytes} bytes a probe reads.`, {
        url: where,
      }),
    );
    return;
  }
  // Read the certificate now: once the socket closes it is gone.
  const tls = tlsInfo(res.socket, !o.allowUntrusted);
  readBody(res, hop, (body) => ({ kind: 'response', status, headers, body, tls }));
}

/** Reads the body up to the cap, whatever the server declared; stops reading past it. */
function readBody(res: IncomingMessage, hop: HopContext, done: (body: string) => Hop): void {
  const { o, where } = hop;
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > o.maxBytes) {
      hop.stop(
        failure('too-large', `The response is larger than the ${o.maxBytes} bytes a probe reads; stopped reading.`, {
          url: where,
        }),
      );
      return;
    }
    chunks.push(chunk);
  });
  res.on('end', () => hop.finish(done(Buffer.concat(chunks).toString('utf8'))));
  res.on('error', (error: unknown) => {
    const code = errorCode(error);
    hop.finish(
      failure('http', `The response from ${o.target.host} broke off: ${errorMessage(error)}.`, {
        url: where,
        ...(code !== undefined ? { code } : {}),
      }),
    );
  });
  res.on('aborted', () => hop.finish(failure('http', `The response from ${o.target.host} broke off.`, { url: where })));
}

/** One GET request pinned to `address`; never rejects. */
function fetchOnce(o: HopOptions): Promise<Hop> {
  return new Promise<Hop>((resolve) => {
    const req = https.request(requestOptions(o));
    const hop = startHop(o, req, resolve);
    req.on('error', (error: unknown) => hop.finish(requestFailure(error, hop)));
    req.on('response', (res) => onResponse(res, hop));
    req.end();
  });
}

/** {@link SafeFetchOptions} with the defaults applied and the deadline fixed. */
interface FetchSettings {
  resolver: Resolver;
  allowPrivate: boolean;
  maxRedirects: number;
  timeoutMs: number;
  deadline: number;
  maxBytes: number;
  ports: readonly number[];
  ca: string | readonly string[] | undefined;
  allowUntrusted: boolean;
  accept: string;
}

function settingsOf(options: SafeFetchOptions): FetchSettings {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  return {
    resolver: options.resolver ?? defaultResolver,
    allowPrivate: options.allowPrivate === true,
    maxRedirects: options.maxRedirects ?? DEFAULTS.maxRedirects,
    timeoutMs,
    deadline: Date.now() + timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULTS.maxBytes,
    ports: options.ports ?? DEFAULTS.ports,
    ca: options.ca,
    allowUntrusted: options.allowUntrusted === true,
    accept: options.accept ?? 'application/json, */*;q=0.5',
  };
}

/**
 * Fetches a URL a chat user typed, for diagnostic probes, without letting it reach internal
 * systems: https only; the host is resolved first and every address checked with
 * {@link isRefusedAddress} (unless `allowPrivate`); the connection is pinned to the checked address
 * so it cannot be re-resolved (DNS rebinding); redirects are re-checked the same way; one deadline
 * covers everything; the body is capped; no credentials, cookies or Authorization header are sent.
 *
 * @param url - the URL to fetch.
 * @param options - see {@link SafeFetchOptions}.
 * @returns the response (any status), or where and why the fetch stopped. Never throws.
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const settings = settingsOf(options);
  if (typeof url !== 'string' || url.trim() === '') return failure('url', 'No URL given.');
  const redirects: string[] = [];
  let current = url.trim();
  for (;;) {
    const step = await fetchStep(current, redirects, settings);
    // A string is the next URL to fetch, already checked like the first; anything else is the result.
    if (typeof step !== 'string') return step;
    current = step;
    redirects.push(current);
  }
}

/**
 * One URL of a fetch: check it, resolve and check its addresses, fetch it pinned to the checked
 * address. Returns the result, or the redirect target to fetch next.
 */
async function fetchStep(current: string, redirects: string[], s: FetchSettings): Promise<SafeFetchResult | string> {
  const redirected = redirects.length > 0;
  const target = parseTarget(current, s.ports);
  if (isFailure(target))
    return redirected
      ? failure('redirect', `Redirected to ${current}, which is not allowed: ${target.message}`, { url: current })
      : target;

  const picked = await withDeadline(pickAddress(target, s.resolver, s.allowPrivate), s.deadline, target.host);
  if (isFailure(picked)) {
    if (redirected && picked.stage === 'refused')
      return { ...picked, message: `Redirected to ${target.url.href}: ${picked.message}`, url: target.url.href };
    return redirected ? { ...picked, url: target.url.href } : picked;
  }

  const remainingMs = s.deadline - Date.now();
  if (remainingMs <= 0)
    return failure('timeout', `No complete answer from ${target.host} within ${s.timeoutMs} ms.`, {
      code: 'ETIMEDOUT',
      url: target.url.href,
    });
  const { maxBytes, ca, allowUntrusted, accept } = s;
  const { address, family } = picked;
  const result = await fetchOnce({ target, address, family, remainingMs, maxBytes, ca, allowUntrusted, accept });
  if (isFailure(result)) return result;
  if (result.kind === 'redirect') return redirectTarget(target, result.location, redirects.length, s.maxRedirects);
  return {
    ok: true,
    status: result.status,
    headers: result.headers,
    body: result.body,
    finalUrl: target.url.href,
    address,
    tls: result.tls,
    redirects,
  };
}

/** Where a redirect leads, without credentials; refuses one too many, an invalid location and anything but https. */
function redirectTarget(from: Target, location: string, followed: number, maxRedirects: number): Failure | string {
  if (followed >= maxRedirects) {
    return failure('redirect', `More than ${maxRedirects} redirects (last one from ${from.url.href} to ${location}).`, {
      url: from.url.href,
    });
  }
  let next: URL;
  try {
    next = new URL(location, from.url);
  } catch {
    return failure('redirect', `${from.url.href} redirected to an invalid location "${location}".`, {
      url: from.url.href,
    });
  }
  if (next.protocol !== 'https:') {
    return failure(
      'redirect',
      `${from.url.href} redirected to ${next.protocol}//${next.host}${next.pathname}, which is not https.`,
      { url: from.url.href },
    );
  }
  next.username = '';
  next.password = '';
  return next.href;
}

/** Races a resolver call against the deadline, so a hanging injected resolver cannot stall a probe. */
async function withDeadline<T extends object>(
  work: Promise<T | Failure>,
  deadline: number,
  host: string,
): Promise<T | Failure> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Failure>((resolve) => {
    timer = setTimeout(
      () => resolve(failure('timeout', `Resolving ${host} took too long.`, { code: 'ETIMEDOUT' })),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
