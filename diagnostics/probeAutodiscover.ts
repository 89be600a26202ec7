import { lookup as dnsLookup, resolveSrv as dnsResolveSrv } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isRefusedAddress } from './addressPolicy.js';
import { hasFailure, type Finding } from './finding.js';
import { safeFetch, type Resolver, type SafeFetchOptions, type SafeFetchResult } from './safeFetch.js';

/** One SRV answer. */
export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** DNS used by {@link probeAutodiscover}; injectable so tests never touch real DNS. */
export interface AutodiscoverResolver extends Resolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

/** Dependencies and limits of {@link probeAutodiscover}; all optional. */
export interface ProbeAutodiscoverDeps {
  /** Defaults to node:dns/promises. Its `lookup` is also used by the HTTPS fetch. */
  resolver?: AutodiscoverResolver;
  /** Defaults to {@link safeFetch}; tests inject a stub. */
  fetch?: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>;
  allowPrivate?: boolean;
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM). */
  ca?: string | readonly string[];
}

/** Result of {@link probeAutodiscover}. */
export interface AutodiscoverReport {
  /** True when autodiscover answered over HTTPS and nothing failed. */
  ok: boolean;
  /** The domain probed, once validated. */
  domain?: string;
  findings: Finding[];
  summary: string;
  /** SRV answers for _autodiscover._tcp.<domain>, best first. */
  srv?: SrvRecord[];
  /** Addresses of autodiscover.<domain>. */
  addresses?: string[];
  /** The autodiscover.svc URL that was fetched. */
  probedUrl?: string;
  status?: number;
}

const defaultResolver: AutodiscoverResolver = {
  lookup: async (host) => dnsLookup(host, { all: true, verbatim: true }),
  resolveSrv: async (name) => dnsResolveSrv(name),
};

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Validates the domain; returns it normalised, or undefined after adding a failure. */
function validateDomain(input: unknown, findings: Finding[]): string | undefined {
  if (typeof input !== 'string' || input.trim() === '') {
    findings.push({ level: 'fail', text: 'No domain given. Enter the SMTP domain, e.g. contoso.com.' });
    return undefined;
  }
  let domain = input.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(domain) || domain.includes('/')) {
    let hint = '';
    try {
      hint = ` (for this URL probably ${new URL(domain.includes('://') ? domain : `https://${domain}`).hostname.replace(/^autodiscover\./, '')})`;
    } catch {
      // No hint for an unparseable URL.
    }
    findings.push({
      level: 'fail',
      text: `Give just the domain${hint}, not a URL; the probe builds the autodiscover names itself.`,
    });
    return undefined;
  }
  if (domain.includes('@')) {
    // Autodiscover is keyed on the SMTP domain of the address, so an email address is a fine start.
    const parts = domain.split('@');
    if (parts.length !== 2 || parts[0] === '') {
      findings.push({ level: 'fail', text: `"${input.trim()}" is neither a domain nor an email address.` });
      return undefined;
    }
    domain = parts[1] ?? '';
    findings.push({ level: 'info', text: `Using the domain of the email address: ${domain}.` });
  }
  domain = domain.replace(/\.$/, '');
  if (isIP(domain.replace(/^\[|\]$/g, '')) !== 0) {
    findings.push({
      level: 'fail',
      text: 'That is an IP address; autodiscover is found through the SMTP domain name, e.g. contoso.com.',
    });
    return undefined;
  }
  if (domain.startsWith('_autodiscover._tcp.')) domain = domain.slice('_autodiscover._tcp.'.length);
  if (domain.startsWith('autodiscover.')) {
    domain = domain.slice('autodiscover.'.length);
    findings.push({
      level: 'info',
      text: `Probing the domain ${domain} (the autodiscover. prefix is added by the probe).`,
    });
  }
  const labels = domain.split('.');
  if (
    domain.length > 253 ||
    labels.length < 2 ||
    labels.some((l) => !LABEL.test(l)) ||
    !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels[labels.length - 1] ?? '')
  ) {
    findings.push({
      level: 'fail',
      text: `"${domain}" is not a valid domain name (expected something like contoso.com).`,
    });
    return undefined;
  }
  return domain;
}

/** Whether a certificate name (possibly a one-label wildcard) covers the host. */
function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p === host) return true;
  if (!p.startsWith('*.')) return false;
  const rest = host.split('.').slice(1).join('.');
  return rest !== '' && p.slice(2) === rest;
}

async function lookupSrv(resolver: AutodiscoverResolver, domain: string, findings: Finding[]): Promise<SrvRecord[]> {
  const name = `_autodiscover._tcp.${domain}`;
  try {
    const records = (await resolver.resolveSrv(name)).filter(
      (r) => typeof r.name === 'string' && r.name !== '' && Number.isInteger(r.port),
    );
    if (records.length === 0) {
      findings.push({
        level: 'info',
        text: `No ${name} SRV record. It is optional when autodiscover.${domain} resolves.`,
      });
      return [];
    }
    records.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    const list = records.map((r) => `${r.name.replace(/\.$/, '')}:${r.port}`).join(', ');
    findings.push({ level: 'ok', text: `SRV ${name} points to ${list}.` });
    for (const r of records) {
      if (r.port !== 443)
        findings.push({
          level: 'warn',
          text: `The SRV record for ${r.name} uses port ${r.port}; autodiscover is normally on 443.`,
        });
    }
    return records;
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && NOT_FOUND.has(code)) {
      findings.push({
        level: 'info',
        text: `No ${name} SRV record. It is optional when autodiscover.${domain} resolves.`,
      });
    } else {
      findings.push({
        level: 'warn',
        text: `The SRV lookup for ${name} failed (${code ?? (error instanceof Error ? error.message : 'error')}).`,
      });
    }
    return [];
  }
}

interface HostCheck {
  /** Addresses found. */
  addresses: string[];
  /** Whether the HTTPS probe may go there. */
  probe: boolean;
}

async function lookupHost(
  resolver: AutodiscoverResolver,
  host: string,
  allowPrivate: boolean,
  findings: Finding[],
): Promise<HostCheck> {
  let answers: Array<{ address: string; family: number }>;
  try {
    answers = await resolver.lookup(host);
  } catch (error) {
    const code = errorCode(error);
    const missing = code !== undefined && NOT_FOUND.has(code);
    findings.push({
      level: 'warn',
      text: missing
        ? `${host} does not resolve (no A/AAAA or CNAME record).`
        : `Looking up ${host} failed (${code ?? 'error'}).`,
    });
    return { addresses: [], probe: false };
  }
  const addresses = answers.map((a) => a.address);
  if (addresses.length === 0) {
    findings.push({ level: 'warn', text: `${host} has no A/AAAA record.` });
    return { addresses, probe: false };
  }
  findings.push({ level: 'ok', text: `${host} resolves to ${addresses.join(', ')}.` });
  for (const address of addresses) {
    const verdict = isRefusedAddress(address);
    if (!verdict.refused) continue;
    if (allowPrivate && verdict.category !== 'invalid') {
      findings.push({
        level: 'info',
        text: `${address} is ${verdict.reason}; probing it because private addresses are allowed.`,
      });
      continue;
    }
    if (verdict.category === 'private' || verdict.category === 'shared') {
      findings.push({
        level: 'warn',
        text: `${host} resolves to ${address}, ${verdict.reason}. That is normal for autodiscover published only inside your network, but the bot does not probe internal addresses. Test from the Skype for Business server: browse to https://${host}/autodiscover/autodiscover.svc.`,
      });
    } else {
      findings.push({
        level: 'fail',
        text: `${host} resolves to ${address}, ${verdict.reason}. That cannot be the Exchange server; fix the DNS record.`,
      });
    }
    return { addresses, probe: false };
  }
  return { addresses, probe: true };
}

function statusFindings(status: number, headers: Record<string, string>, findings: Finding[]): void {
  if (status === 401) {
    const schemes = headers['www-authenticate'];
    findings.push({
      level: 'ok',
      text: `autodiscover.svc is reachable and asks for authentication (HTTP 401${schemes ? `, ${schemes}` : ''}), as expected for an anonymous request.`,
    });
  } else if (status >= 200 && status < 300) {
    findings.push({ level: 'ok', text: `autodiscover.svc is reachable (HTTP ${status}).` });
  } else if (status === 404) {
    findings.push({
      level: 'fail',
      text: 'HTTP 404: there is no autodiscover service at this name. The record may point to a server that is not Exchange, or a reverse proxy does not publish /autodiscover.',
    });
  } else if (status === 403) {
    findings.push({
      level: 'warn',
      text: 'HTTP 403: the server refuses the request (SSL settings, IP restrictions or a proxy rule on /autodiscover).',
    });
  } else if (status >= 500) {
    findings.push({
      level: 'fail',
      text: `HTTP ${status}: the autodiscover service failed on the server (check the Autodiscover web application in IIS on the Exchange server).`,
    });
  } else {
    findings.push({ level: 'warn', text: `HTTP ${status}: unexpected answer from autodiscover.svc.` });
  }
}

function fetchFailureFindings(
  result: Extract<SafeFetchResult, { ok: false }>,
  host: string,
  findings: Finding[],
): void {
  switch (result.code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH': {
      const names = result.tls?.peerSan?.join(', ');
      findings.push({
        level: 'fail',
        text:
          `The certificate names${names ? ` (${names})` : ''} do not include ${host}. Add ${host} to the certificate's subject alternative names ` +
          '(check on Exchange with Get-ExchangeCertificate | Select-Object Subject,Services,CertificateDomains | fl) and assign it to IIS.',
      });
      return;
    }
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      findings.push({
        level: 'fail',
        text: `${result.message} Skype for Business and clients will not trust it; use a certificate from a CA they trust.`,
      });
      return;
    default:
      break;
  }
  if (result.stage === 'tls') {
    findings.push({
      level: 'fail',
      text: `${result.message} If this is your internal CA, the bot may simply not trust it; Skype for Business servers and clients must.`,
    });
  } else if (result.stage === 'refused' && (result.category === 'private' || result.category === 'shared')) {
    findings.push({ level: 'warn', text: `${result.message} The bot does not probe internal addresses.` });
  } else {
    findings.push({ level: 'fail', text: result.message });
  }
}

/**
 * Probes Exchange autodiscover for a domain the way Skype for Business and its clients find it:
 * the `_autodiscover._tcp.<domain>` SRV record, the `autodiscover.<domain>` A/AAAA record
 * (internal-only addresses are reported, not probed, unless allowed), and an HTTPS request to
 * `/autodiscover/autodiscover.svc` (401 counts as reachable) whose certificate must name the host.
 *
 * @param domain - the SMTP domain (an email address is accepted too); URLs and IPs are refused.
 * @param deps - see {@link ProbeAutodiscoverDeps}.
 * @returns findings and a one-line summary; never throws.
 */
export async function probeAutodiscover(
  domain: unknown,
  deps: ProbeAutodiscoverDeps = {},
): Promise<AutodiscoverReport> {
  const findings: Finding[] = [];
  const name = validateDomain(domain, findings);
  if (name === undefined) return { ok: false, findings, summary: 'Enter a valid SMTP domain, e.g. contoso.com.' };
  const report: AutodiscoverReport = { ok: false, domain: name, findings, summary: '' };
  const probe: Probe = {
    resolver: deps.resolver ?? defaultResolver,
    allowPrivate: deps.allowPrivate === true,
    deps,
    report,
    findings,
  };
  try {
    await findAndProbe(name, probe);
  } catch (error) {
    // Only an injected resolver or fetch can get here; report it rather than throw.
    findings.push({
      level: 'fail',
      text: `The probe failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  // ok means "checked and fine": an internal-only name that could not be probed is not ok.
  report.ok = !hasFailure(findings) && report.status !== undefined;
  const first = findings.find((f) => f.level === 'fail') ?? findings.find((f) => f.level === 'warn');
  report.summary = report.ok
    ? `Autodiscover for ${name} answers at ${report.probedUrl ?? ''}.`
    : `Autodiscover for ${name} ${hasFailure(findings) ? 'has a problem' : 'could not be fully checked'}: ${first?.text ?? 'see the findings'}`;
  return report;
}

/** One probe run: its settings, and the report whose findings every step adds to. */
interface Probe {
  resolver: AutodiscoverResolver;
  allowPrivate: boolean;
  deps: ProbeAutodiscoverDeps;
  report: AutodiscoverReport;
  findings: Finding[];
}

/** Where the HTTPS probe goes. */
interface Endpoint {
  host: string;
  port: number;
}

/** DNS first (SRV, then autodiscover.<domain>), then HTTPS to the host found, if any may be probed. */
async function findAndProbe(name: string, probe: Probe): Promise<void> {
  const { resolver, findings, report } = probe;
  const srv = await lookupSrv(resolver, name, findings);
  report.srv = srv;
  const adHost = `autodiscover.${name}`;
  const host = await lookupHost(resolver, adHost, probe.allowPrivate, findings);
  report.addresses = host.addresses;
  const endpoint = chooseEndpoint(adHost, host, srv, findings);
  if (host.addresses.length === 0 && srv.length === 0) {
    findings.push({
      level: 'fail',
      text: `Autodiscover cannot be found for ${name}: create a DNS record for ${adHost} pointing to the Exchange server (and optionally an SRV record _autodiscover._tcp.${name} pointing to it on port 443).`,
    });
  }
  if (endpoint !== undefined) await probeEndpoint(endpoint, probe);
}

/** autodiscover.<domain> when it may be probed, else the best SRV target, else nothing. */
function chooseEndpoint(
  adHost: string,
  host: HostCheck,
  srv: readonly SrvRecord[],
  findings: Finding[],
): Endpoint | undefined {
  if (host.probe) return { host: adHost, port: 443 };
  const best = srv[0];
  if (best === undefined) return undefined;
  const endpoint = { host: best.name.replace(/\.$/, '').toLowerCase(), port: best.port };
  findings.push({ level: 'info', text: `Probing the SRV target ${endpoint.host}:${endpoint.port} instead.` });
  return endpoint;
}

/** HTTPS to autodiscover.svc through the safe fetch: connection, certificate and status findings. */
async function probeEndpoint(endpoint: Endpoint, probe: Probe): Promise<void> {
  const { deps, findings, report } = probe;
  const url = `https://${endpoint.host}${endpoint.port === 443 ? '' : `:${endpoint.port}`}/autodiscover/autodiscover.svc`;
  report.probedUrl = url;
  const options: SafeFetchOptions = {
    resolver: probe.resolver,
    allowPrivate: probe.allowPrivate,
    ports: [443, endpoint.port],
    accept: 'text/xml, application/soap+xml, */*;q=0.5',
  };
  if (deps.timeoutMs !== undefined) options.timeoutMs = deps.timeoutMs;
  if (deps.ca !== undefined) options.ca = deps.ca;
  const result = await (deps.fetch ?? safeFetch)(url, options);
  if (!result.ok) {
    fetchFailureFindings(result, endpoint.host, findings);
    return;
  }
  report.status = result.status;
  findings.push({ level: 'ok', text: `HTTPS connection to ${endpoint.host} (${result.address}) succeeded.` });
  if (result.redirects.length > 0)
    findings.push({ level: 'info', text: `Redirected: ${result.redirects.join(' -> ')}.` });
  certificateFindings(result, new URL(result.finalUrl).hostname, findings);
  statusFindings(result.status, result.headers, findings);
  if (!hasFailure(findings)) {
    findings.push({
      level: 'info',
      text: `Skype for Business should use: Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "${url}"`,
    });
  }
}

function certificateFindings(result: Extract<SafeFetchResult, { ok: true }>, host: string, findings: Finding[]): void {
  const { tls } = result;
  if (!tls.authorized) {
    findings.push({ level: 'fail', text: `The certificate is not trusted: ${tls.error ?? 'unknown reason'}.` });
  }
  if (tls.peerSan === undefined) {
    if (tls.authorized)
      findings.push({
        level: 'ok',
        text: `The certificate is trusted and valid for ${host} (checked during the TLS handshake).`,
      });
    return;
  }
  const covering = tls.peerSan.find((n) => nameCovers(n, host));
  if (covering !== undefined) {
    findings.push({
      level: 'ok',
      text: `The certificate names include ${host}${covering !== host ? ` (as ${covering})` : ''}: ${tls.peerSan.join(', ')}.`,
    });
  } else {
    findings.push({
      level: 'fail',
      text: `The certificate names (${tls.peerSan.join(', ') || 'none'}) do not include ${host}. Add it to the certificate's subject alternative names (Get-ExchangeCertificate | Select-Object Subject,Services,CertificateDomains | fl shows them).`,
    });
  }
}
