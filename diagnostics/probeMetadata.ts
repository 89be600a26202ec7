import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkUrl, type UrlKind } from './checkUrl.js';
import { isRefusedAddress } from './addressPolicy.js';
import { hasFailure, type Finding } from './finding.js';
import { safeFetch, type Resolver, type SafeFetchOptions, type SafeFetchResult } from './safeFetch.js';

/** Dependencies and limits of {@link probeMetadata}; all optional. */
export interface ProbeMetadataDeps {
  /** Defaults to {@link safeFetch}; tests inject a stub. */
  fetch?: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>;
  resolver?: Resolver;
  allowPrivate?: boolean;
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM), e.g. the internal CA both servers trust. */
  ca?: string | readonly string[];
  /** Clock for certificate validity; defaults to now. */
  now?: () => Date;
}

/** A signing certificate read from the document. */
export interface SigningCertificate {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  expired: boolean;
  selfSigned: boolean;
  /** RSA modulus length, when RSA. */
  bits?: number;
}

/** What the metadata document says, as far as it could be read. */
export interface MetadataDocument {
  issuer?: string;
  realm?: string;
  serviceName?: string;
  /** The product the serviceName stands for. */
  service?: string;
  certificates: SigningCertificate[];
}

/** Result of {@link probeMetadata}. */
export interface MetadataReport {
  /** True when the document was fetched and nothing failed. */
  ok: boolean;
  kind: UrlKind;
  findings: Finding[];
  /** One sentence for the top of the answer. */
  summary: string;
  /** The URL fetched, when it got that far. */
  url?: string;
  status?: number;
  document?: MetadataDocument;
}

/** Well-known first-party service principals that publish OAuth metadata. */
const SERVICES: Readonly<Record<string, string>> = {
  '00000002-0000-0ff1-ce00-000000000000': 'Exchange',
  '00000003-0000-0ff1-ce00-000000000000': 'SharePoint',
  '00000004-0000-0ff1-ce00-000000000000': 'Skype for Business / Lync',
};
const EXPECTED_SERVICE: Partial<Record<UrlKind, string>> = {
  'sfb-metadata': '00000004-0000-0ff1-ce00-000000000000',
  'exchange-metadata': '00000002-0000-0ff1-ce00-000000000000',
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUST_ERROR =
  'New-CsPartnerApplication and Configure-EnterprisePartnerApplication.ps1 fail the same way ("Could not establish trust relationship for the SSL/TLS secure channel"). ' +
  'The web site needs a certificate from a certification authority both Exchange and Skype for Business trust; self-signed certificates are not valid for this integration.';

/** Reads a property regardless of case: Skype for Business writes keyValue, Exchange keyvalue. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Text a user can read from an HTML error page: its title, short and without markup. */
function htmlTitle(body: string): string | undefined {
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1];
  return title?.replace(/\s+/g, ' ').trim() || undefined;
}

/** Findings for a fetch that did not get a response. */
function fetchFailure(result: Extract<SafeFetchResult, { ok: false }>, host: string, findings: Finding[]): void {
  switch (result.stage) {
    case 'url':
    case 'redirect':
      findings.push({ level: 'fail', text: result.message });
      return;
    case 'dns':
      findings.push({
        level: 'fail',
        text: `${result.message} Create the DNS record (for Exchange usually autodiscover.<domain>, pointing to the Exchange server) or check the Front End pool FQDN.`,
      });
      return;
    case 'refused':
      if (result.category === 'private' || result.category === 'shared') {
        findings.push({
          level: 'warn',
          text: `${result.message} That is normal for a name only published inside your network; the bot cannot check it from here. Open the URL in a browser on the other server instead: it should offer a file named "1" with the JSON document.`,
        });
      } else {
        findings.push({
          level: 'fail',
          text: `${result.message} A metadata URL must point to the Exchange or Front End server, not to ${host}'s local or special-purpose address.`,
        });
      }
      return;
    case 'connect':
      findings.push({
        level: 'fail',
        text: `${result.message} Check that the server is up and that port 443 is open from the other server.`,
      });
      return;
    case 'tls': {
      const selfSigned = result.code === 'DEPTH_ZERO_SELF_SIGNED_CERT';
      const altName = result.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || result.code === 'HOSTNAME_MISMATCH';
      let text = `${result.message} ${TRUST_ERROR}`;
      if (altName) {
        const names = result.tls?.peerSan?.join(', ');
        text = `${result.message}${names ? ` The certificate is for: ${names}.` : ''} Use a certificate that includes ${host}, or the name the certificate has.`;
      } else if (!selfSigned) {
        text +=
          ' If the certificate comes from your internal CA, this may only mean the bot does not trust that CA; the servers must trust it.';
      }
      findings.push({ level: 'fail', text });
      return;
    }
    case 'timeout':
      findings.push({ level: 'fail', text: `${result.message} The server or a firewall is not answering in time.` });
      return;
    case 'too-large':
      findings.push({
        level: 'fail',
        text: `${result.message} A metadata document is a few kilobytes; this is something else.`,
      });
      return;
    case 'http':
      findings.push({ level: 'fail', text: result.message });
      return;
  }
}

/** Findings for the HTTP status; returns true when the body is worth parsing. */
function statusFindings(status: number, kind: UrlKind, findings: Finding[]): boolean {
  if (status === 200) {
    findings.push({ level: 'ok', text: 'The server answered 200 OK.' });
    return true;
  }
  if (status === 404) {
    const where =
      kind === 'exchange-metadata'
        ? '/autodiscover/metadata/json/1 on the Exchange autodiscover name'
        : kind === 'sfb-metadata'
          ? '/metadata/json/1 on the Front End pool FQDN'
          : '/metadata/json/1 (Skype for Business Front End pool) or /autodiscover/metadata/json/1 (Exchange)';
    findings.push({
      level: 'fail',
      text:
        `HTTP 404 Not Found: either the path is wrong (it must be exactly ${where}; watch for typos such as "jaon") or the document is not published at this name - ` +
        'the name may lead to another web site or server (a reverse proxy, load balancer or DNS record pointing elsewhere).',
    });
    return false;
  }
  if (status === 401 || status === 403) {
    findings.push({
      level: 'fail',
      text: `HTTP ${status}: the server asks for authentication or refuses access. The metadata document must be readable anonymously by the other server; a proxy or authentication rule in front of it blocks the partner application setup.`,
    });
    return false;
  }
  if (status >= 500) {
    findings.push({
      level: 'fail',
      text: `HTTP ${status}: the server failed to produce the document. Check the web services on that server (and run iisreset after Configure-EnterprisePartnerApplication.ps1).`,
    });
    return false;
  }
  if (status >= 300 && status < 400) {
    findings.push({ level: 'fail', text: `HTTP ${status}: a redirect without a usable Location header.` });
    return false;
  }
  findings.push({ level: 'warn', text: `HTTP ${status}: unexpected for a metadata document (expected 200).` });
  return status >= 200 && status < 300;
}

/** base64url SHA-1 of the DER certificate: the form of keyinfo.x5t. */
function x5t(der: Buffer): string {
  return createHash('sha1').update(der).digest('base64url');
}

/** One document check: the kind of URL, the clock, the findings every step adds to and the document read so far. */
interface DocumentCheck {
  kind: UrlKind;
  now: Date;
  findings: Finding[];
  doc: MetadataDocument;
}

/** One entry of keys[]: its label in findings, its certificate value and the keyinfo.x5t it claims. */
interface KeyInput {
  label: string;
  value: unknown;
  expectedX5t: unknown;
}

/** What a field holds, for a finding that says it is not what it should be; objects as short JSON, not [object Object]. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** The certificate of a key, or undefined after a failure: a non-empty base64 X.509 certificate. */
function decodeCertificate(key: KeyInput, findings: Finding[]): { cert: X509Certificate; der: Buffer } | undefined {
  const { label, value } = key;
  if (!nonEmptyString(value)) {
    findings.push({ level: 'fail', text: `${label} has no certificate value (keys[].keyValue.value).` });
    return undefined;
  }
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    findings.push({ level: 'fail', text: `${label}: the certificate value is not base64.` });
    return undefined;
  }
  const der = Buffer.from(compact, 'base64');
  try {
    return { cert: new X509Certificate(der), der };
  } catch {
    findings.push({ level: 'fail', text: `${label}: the value is not an X.509 certificate.` });
    return undefined;
  }
}

function describeCertificate(cert: X509Certificate, now: Date): SigningCertificate {
  const validTo = new Date(cert.validTo);
  const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength;
  const info: SigningCertificate = {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    expired: validTo.getTime() < now.getTime(),
    selfSigned: cert.subject === cert.issuer,
  };
  if (bits !== undefined) info.bits = bits;
  return info;
}

/** A key's signing certificate, with findings on its validity, key size, thumbprint and subject. */
function readCertificate(key: KeyInput, check: DocumentCheck): SigningCertificate | undefined {
  const { label } = key;
  const { kind, now, findings } = check;
  const decoded = decodeCertificate(key, findings);
  if (decoded === undefined) return undefined;
  const { cert, der } = decoded;
  const info = describeCertificate(cert, now);

  findings.push({
    level: 'ok',
    text: `${label}: x509 signing certificate "${info.subject}", valid until ${info.validTo.slice(0, 10)}.`,
  });
  if (info.expired) {
    findings.push({
      level: 'fail',
      text: `${label}: the signing certificate expired on ${info.validTo.slice(0, 10)}. Tokens signed with it are rejected; renew the OAuth certificate (Exchange: the Microsoft Exchange Server Auth Certificate; Skype for Business: the OAuthTokenIssuer certificate) and let the partner refresh the metadata.`,
    });
  } else if (new Date(info.validFrom).getTime() > now.getTime()) {
    findings.push({
      level: 'warn',
      text: `${label}: the signing certificate is not valid until ${info.validFrom.slice(0, 10)}.`,
    });
  }
  if (info.bits !== undefined && info.bits < 2048) {
    findings.push({
      level: kind === 'sfb-metadata' ? 'fail' : 'warn',
      text: `${label}: the key is ${info.bits} bits; the server-to-server authentication certificate must be at least 2048 bits.`,
    });
  }
  if (nonEmptyString(key.expectedX5t) && key.expectedX5t !== x5t(der)) {
    findings.push({ level: 'warn', text: `${label}: keyinfo.x5t does not match the certificate's thumbprint.` });
  }
  const realm = check.doc.realm;
  if (
    kind === 'sfb-metadata' &&
    realm !== undefined &&
    realm.includes('.') &&
    !cert.subject.toLowerCase().includes(realm.toLowerCase())
  ) {
    findings.push({
      level: 'warn',
      text: `${label}: the certificate subject does not include the SIP domain ${realm}; the Skype for Business OAuthTokenIssuer certificate should have the SIP domain in its Subject.`,
    });
  }
  return info;
}

/** The body as a JSON object, or undefined after saying what it is instead (empty, HTML, not JSON, not an object). */
function parseDocument(body: string, findings: Finding[]): Record<string, unknown> | undefined {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') {
    findings.push({ level: 'fail', text: 'The response is empty; expected the JSON metadata document.' });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (text.startsWith('<')) {
      const title = htmlTitle(text);
      findings.push({
        level: 'fail',
        text: `The response is an HTML page${title ? ` ("${title}")` : ''}, not the JSON metadata document: probably a sign-in page, an error page from a proxy, or the default page of another web site.`,
      });
    } else {
      findings.push({ level: 'fail', text: 'The response is not JSON, so it is not an OAuth metadata document.' });
    }
    return undefined;
  }
  if (!isRecord(parsed)) {
    findings.push({
      level: 'fail',
      text: 'The response is JSON but not an object; an OAuth metadata document is an object with issuer, keys, realm and serviceName.',
    });
    return undefined;
  }
  findings.push({ level: 'ok', text: 'The response is JSON.' });
  return parsed;
}

function checkServiceName(parsed: Record<string, unknown>, check: DocumentCheck): void {
  const { doc, findings } = check;
  const serviceName = field(parsed, 'serviceName');
  if (!nonEmptyString(serviceName) || !GUID.test(serviceName)) {
    findings.push({ level: 'fail', text: 'serviceName is missing or not a GUID.' });
    return;
  }
  doc.serviceName = serviceName.toLowerCase();
  doc.service = SERVICES[doc.serviceName] ?? 'unknown';
  findings.push({ level: 'ok', text: `serviceName ${doc.serviceName} (${doc.service}).` });
  const expected = EXPECTED_SERVICE[check.kind];
  if (expected !== undefined && expected !== doc.serviceName) {
    findings.push({
      level: 'fail',
      text: `This URL should return the ${SERVICES[expected] ?? ''} document, but it returns the ${doc.service} one: the name points to the wrong server or site.`,
    });
  }
}

function checkRealm(parsed: Record<string, unknown>, check: DocumentCheck): void {
  const realm = field(parsed, 'realm');
  if (typeof realm === 'string' && realm.trim() !== '') {
    check.doc.realm = realm;
    check.findings.push({ level: 'ok', text: `realm "${realm}".` });
  } else {
    check.findings.push({ level: 'warn', text: 'realm is missing or empty.' });
  }
}

/** issuer is <serviceName>@<realm>; both halves are compared with the fields read before. */
function checkIssuer(parsed: Record<string, unknown>, check: DocumentCheck): void {
  const { doc, findings } = check;
  const issuer = field(parsed, 'issuer');
  const issuerParts = nonEmptyString(issuer) ? /^([^@]+)@(.+)$/.exec(issuer) : null;
  if (!nonEmptyString(issuer) || !issuerParts) {
    findings.push({ level: 'fail', text: 'issuer is missing or not in the form <serviceName>@<realm>.' });
    return;
  }
  doc.issuer = issuer;
  findings.push({ level: 'ok', text: `issuer "${issuer}".` });
  const [, id = '', issuerRealm = ''] = issuerParts;
  if (doc.serviceName !== undefined && id.toLowerCase() !== doc.serviceName) {
    findings.push({ level: 'warn', text: `The issuer's id (${id}) differs from serviceName (${doc.serviceName}).` });
  }
  if (doc.realm !== undefined && issuerRealm.toLowerCase() !== doc.realm.toLowerCase()) {
    findings.push({ level: 'warn', text: `The issuer's realm (${issuerRealm}) differs from realm (${doc.realm}).` });
  }
}

/** One entry of keys[]: an object with an x509Certificate keyValue; its certificate joins the document. */
function checkKey(key: unknown, index: number, check: DocumentCheck): void {
  const { findings } = check;
  const label = `Key ${index + 1}`;
  if (!isRecord(key)) {
    findings.push({ level: 'fail', text: `${label} is not an object.` });
    return;
  }
  const usage = field(key, 'usage');
  if (usage !== undefined && usage !== 'signing')
    findings.push({ level: 'info', text: `${label} has usage "${shown(usage)}" (expected "signing").` });
  const keyValue = field(key, 'keyValue');
  if (!isRecord(keyValue)) {
    findings.push({ level: 'fail', text: `${label} has no keyValue object.` });
    return;
  }
  const type = field(keyValue, 'type');
  if (typeof type !== 'string' || type.toLowerCase() !== 'x509certificate') {
    findings.push({ level: 'fail', text: `${label} is of type "${shown(type)}", not x509Certificate.` });
    return;
  }
  const keyInfo = field(key, 'keyinfo');
  const expectedX5t = isRecord(keyInfo) ? field(keyInfo, 'x5t') : undefined;
  const cert = readCertificate({ label, value: field(keyValue, 'value'), expectedX5t }, check);
  if (cert) check.doc.certificates.push(cert);
}

function checkKeys(parsed: Record<string, unknown>, check: DocumentCheck): void {
  const { doc, findings } = check;
  const keys = field(parsed, 'keys');
  if (!Array.isArray(keys) || keys.length === 0) {
    findings.push({
      level: 'fail',
      text: 'keys is missing or empty: the document carries no signing certificate, so the partner cannot validate tokens.',
    });
    return;
  }
  keys.forEach((key: unknown, index) => checkKey(key, index, check));
  if (doc.certificates.length === 0) {
    findings.push({ level: 'fail', text: 'No usable x509 signing certificate in keys.' });
  } else if (doc.certificates.every((c) => c.selfSigned)) {
    findings.push({
      level: 'info',
      text: "The signing certificate is self-signed. That is normal for OAuth signing (Exchange creates a self-signed Microsoft Exchange Server Auth Certificate); it is the web site's TLS certificate that must come from a trusted CA.",
    });
  }
}

/** Checks the JSON shape of an OAuth metadata document; returns what it says, once it parses as an object. */
function checkDocument(body: string, kind: UrlKind, now: Date, findings: Finding[]): MetadataDocument | undefined {
  const parsed = parseDocument(body, findings);
  if (parsed === undefined) return undefined;
  const check: DocumentCheck = { kind, now, findings, doc: { certificates: [] } };
  // Realm before issuer: the issuer is compared with both serviceName and realm.
  checkServiceName(parsed, check);
  checkRealm(parsed, check);
  checkIssuer(parsed, check);
  checkKeys(parsed, check);
  return check.doc;
}

/**
 * Fetches an OAuth metadata document (`https://<Front End pool>/metadata/json/1` for Skype for
 * Business, `https://<autodiscover host>/autodiscover/metadata/json/1` for Exchange) through
 * {@link safeFetch} and reports DNS, TLS trust, HTTP status and the document's shape: issuer, realm,
 * serviceName and x509 signing certificates (expiry, key size).
 *
 * @param url - the metadata URL as the user typed it (or a cmdlet line containing it).
 * @param deps - see {@link ProbeMetadataDeps}.
 * @returns findings and a one-line summary; never throws.
 */
export async function probeMetadata(url: unknown, deps: ProbeMetadataDeps = {}): Promise<MetadataReport> {
  const offline = checkUrl(url);
  const { kind } = offline;
  const findings: Finding[] = offline.findings.filter((f) => f.level === 'fail' || f.level === 'warn');
  if (hasFailure(findings) || offline.url === undefined) {
    refusedLiteral(url, deps, findings);
    return { ok: false, kind, findings, summary: 'The URL has problems to fix before it can be probed.' };
  }
  if (kind === 'autodiscover') {
    findings.push({
      level: 'fail',
      text: 'That is the autodiscover service URL, not a metadata document. The Exchange metadata URL is https://<autodiscover host>/autodiscover/metadata/json/1.',
    });
    return { ok: false, kind, findings, summary: 'Not a metadata URL.' };
  }
  const target = offline.url;
  const host = new URL(target).hostname;
  let result: SafeFetchResult;
  try {
    result = await (deps.fetch ?? safeFetch)(target, fetchOptions(deps));
  } catch (error) {
    // safeFetch never throws; an injected fetch might.
    findings.push({
      level: 'fail',
      text: `The probe failed: ${error instanceof Error ? error.message : String(error)}`,
    });
    return { ok: false, kind, findings, summary: 'The probe failed.', url: target };
  }
  if (!result.ok) {
    fetchFailure(result, host, findings);
    return { ok: false, kind, findings, summary: summarize(false, findings, target), url: target };
  }
  connectionFindings(result, host, findings);
  return responseReport(result, kind, deps.now?.() ?? new Date(), findings);
}

/** An IP literal is refused by the URL check already; says also why the probe would never go there. */
function refusedLiteral(url: unknown, deps: ProbeMetadataDeps, findings: Finding[]): void {
  const host = hostOf(url);
  if (!host || isIP(host) === 0 || deps.allowPrivate) return;
  const verdict = isRefusedAddress(host);
  if (verdict.refused)
    findings.push({
      level: 'fail',
      text: `Refused: ${host} is ${verdict.reason}; probes never connect to such addresses.`,
    });
}

/** The probe's limits and trust settings for the safe fetch; only those given. */
function fetchOptions(deps: ProbeMetadataDeps): SafeFetchOptions {
  const options: SafeFetchOptions = { accept: 'application/json' };
  if (deps.resolver) options.resolver = deps.resolver;
  if (deps.allowPrivate !== undefined) options.allowPrivate = deps.allowPrivate;
  if (deps.timeoutMs !== undefined) options.timeoutMs = deps.timeoutMs;
  if (deps.ca !== undefined) options.ca = deps.ca;
  return options;
}

/** The connection that answered: address, TLS trust, redirects. */
function connectionFindings(result: Extract<SafeFetchResult, { ok: true }>, host: string, findings: Finding[]): void {
  findings.push({ level: 'ok', text: `${host} resolved to ${result.address} and accepted an HTTPS connection.` });
  if (result.tls.authorized) {
    findings.push({ level: 'ok', text: 'The TLS certificate is trusted and valid for this name.' });
  } else {
    findings.push({
      level: 'fail',
      text: `The TLS certificate is not trusted: ${result.tls.error ?? 'unknown reason'}. ${TRUST_ERROR}`,
    });
  }
  if (result.redirects.length > 0) {
    findings.push({
      level: 'warn',
      text: `The URL redirects (${result.redirects.join(' -> ')}). Give the cmdlet the final URL; a partner application fetches the metadata directly.`,
    });
  }
}

/** Status, then the document when the status says there is one (or the title of an error page). */
function responseReport(
  result: Extract<SafeFetchResult, { ok: true }>,
  kind: UrlKind,
  now: Date,
  findings: Finding[],
): MetadataReport {
  const report: MetadataReport = {
    ok: false,
    kind,
    findings,
    summary: '',
    url: result.finalUrl,
    status: result.status,
  };
  if (statusFindings(result.status, kind, findings)) {
    const contentType = result.headers['content-type'] ?? '';
    if (contentType !== '' && !/json/i.test(contentType) && !/^\s*[{[]/.test(result.body)) {
      findings.push({ level: 'info', text: `Content-Type is ${contentType}.` });
    }
    const doc = checkDocument(result.body, kind, now, findings);
    if (doc) report.document = doc;
  } else if (result.body.trim().startsWith('<')) {
    const title = htmlTitle(result.body);
    if (title) findings.push({ level: 'info', text: `The error page says: "${title}".` });
  }
  report.ok = !hasFailure(findings);
  report.summary = summarize(report.ok, findings, result.finalUrl, report.document);
  return report;
}

function summarize(ok: boolean, findings: readonly Finding[], url: string, doc?: MetadataDocument): string {
  if (ok) {
    const what =
      doc?.service !== undefined && doc.service !== 'unknown'
        ? `${doc.service} metadata document`
        : 'metadata document';
    return `The ${what} at ${url} is reachable, trusted and well-formed${doc?.realm ? ` (realm ${doc.realm})` : ''}.`;
  }
  const first = findings.find((f) => f.level === 'fail') ?? findings.find((f) => f.level === 'warn');
  return `${hasFailure(findings) ? 'Problem with' : 'Could not check'} ${url}: ${first?.text ?? 'see the findings'}`;
}

/** The host of a typed URL (IPv6 brackets removed), or undefined when it does not parse. */
function hostOf(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const match = /https?:\/\/[^\s"']+/i.exec(input);
  try {
    return match ? new URL(match[0]).hostname.replace(/^\[|\]$/g, '') : undefined;
  } catch {
    return undefined;
  }
}
