import { isIP } from 'node:net';
import type { Finding } from './finding.js';

/** What a pasted URL is: the Exchange autodiscover service, or one of the two OAuth metadata documents. */
export type UrlKind = 'autodiscover' | 'sfb-metadata' | 'exchange-metadata' | 'unknown';

/** What the URL is meant for; decides whether `autodiscover.xml` or `autodiscover.svc` is right. */
export type UrlTarget = 'oauth-configuration' | 'client-access-server';

/** Result of {@link checkUrl}. */
export interface UrlReport {
  kind: UrlKind;
  findings: Finding[];
  /** The URL as checked, after removing quotes, credentials and the like; absent when nothing usable was found. */
  url?: string;
  /** The exact command line to run with the corrected URL, when the URL is recognised and its host is usable. */
  corrected?: string;
}

/** Options of {@link checkUrl}. */
export interface CheckUrlOptions {
  /**
   * What the URL is for. Defaults to `oauth-configuration` (Set-CsOAuthConfiguration), the value
   * Skype for Business needs; a pasted `-AutoDiscoverServiceInternalUri` switches to `client-access-server`.
   */
  target?: UrlTarget;
}

const AUTODISCOVER_SVC = '/autodiscover/autodiscover.svc';
const AUTODISCOVER_XML = '/autodiscover/autodiscover.xml';
const SFB_METADATA = '/metadata/json/1';
const EXCHANGE_METADATA = '/autodiscover/metadata/json/1';

// Straight, typographic and prime marks: all turn up when commands are copied from blogs and Word.
const QUOTES = `"'\`\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033\u00B4`;
const QUOTE_CLASS = `[${QUOTES.replace(/[\\\]^-]/g, '\\$&')}]`;
// PowerShell itself accepts these as quotes; anything else in QUOTES is a literal character to it.
const POWERSHELL_QUOTES = `"'\u2018\u2019\u201A\u201B\u201C\u201D\u201E`;

/** Cmdlet parameters whose value is one of these URLs, and what that says about the intent. */
const PARAMETERS: ReadonlyArray<{ name: string; expects: UrlKind; target?: UrlTarget }> = [
  { name: 'ExchangeAutodiscoverUrl', expects: 'autodiscover', target: 'oauth-configuration' },
  { name: 'AutoDiscoverServiceInternalUri', expects: 'autodiscover', target: 'client-access-server' },
  { name: 'AuthMetaDataUrl', expects: 'sfb-metadata' },
  { name: 'MetadataUrl', expects: 'exchange-metadata' },
];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const INTERNAL_TLDS = new Set(['local', 'lan', 'internal', 'corp', 'intranet', 'localdomain', 'home', 'private']);

/** The cmdlet line each kind of URL is used with (names exactly as in the Microsoft documentation). */
function commandFor(kind: UrlKind, url: string, target: UrlTarget): string | undefined {
  switch (kind) {
    case 'autodiscover':
      return target === 'client-access-server'
        ? `Get-ClientAccessServer | Set-ClientAccessServer -AutoDiscoverServiceInternalUri "${url}"`
        : `Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "${url}"`;
    case 'sfb-metadata':
      return `.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl "${url}" -ApplicationType Lync`;
    case 'exchange-metadata':
      return `New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Full -MetadataUrl "${url}"`;
    case 'unknown':
      return undefined;
  }
}

interface Extracted {
  value: string;
  parameter?: (typeof PARAMETERS)[number];
}

/** Pulls the URL out of a pasted cmdlet line, noting quoting mistakes PowerShell would trip over. */
function extract(raw: string, findings: Finding[]): Extracted {
  const names = PARAMETERS.map((p) => p.name).join('|');
  const spaced = new RegExp(`-(${names})(?![a-z])(?::|\\s+)\\s*(.*)$`, 'is').exec(raw);
  // Also catch the value glued to the name (-AuthMetaDataUrlhttps://...), a copy-paste slip seen in the wild.
  const glued = spaced ? null : new RegExp(`-(${names})(https?:.*)$`, 'is').exec(raw);
  const match = spaced ?? glued;
  if (!match) return { value: stripQuotes(raw) };
  const [, name = '', rest = ''] = match;
  const parameter = PARAMETERS.find((p) => p.name.toLowerCase() === name.toLowerCase());
  const shown = parameter?.name ?? name;
  findings.push({ level: 'info', text: `Checking the URL given to -${shown} in the pasted command.` });
  if (glued) {
    findings.push({
      level: 'fail',
      text: `There is no space between -${shown} and the URL; PowerShell reads them as one word. Put a space after the parameter name.`,
    });
  }
  const unbalanced = countQuotes(raw) % 2 === 1;
  const oddMarks = /[\u2032\u2033\u00B4`]/.test(raw);
  if (unbalanced || oddMarks) {
    findings.push({
      level: 'warn',
      text: 'The quotes in the pasted command do not pair up (or include prime/accent marks that PowerShell does not treat as quotes), so PowerShell keeps waiting for a closing quote (the ">>" prompt). Retype the quotes as plain double quotes.',
    });
  }
  let value: string;
  const first = rest.charAt(0);
  if (first !== '' && QUOTES.includes(first)) {
    const end = rest.slice(1).search(new RegExp(QUOTE_CLASS));
    value = end === -1 ? rest.slice(1) : rest.slice(1, end + 1);
  } else {
    value = rest.split(/\s/)[0] ?? '';
  }
  return parameter ? { value: stripQuotes(value), parameter } : { value: stripQuotes(value) };
}

function countQuotes(s: string): number {
  let n = 0;
  for (const ch of s) if (POWERSHELL_QUOTES.includes(ch) || ch === '\u2032') n++;
  return n;
}

/** Removes quotes and angle brackets around the URL, and sentence punctuation after it. */
function stripQuotes(s: string): string {
  let out = s.trim();
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out
      .replace(new RegExp(`^${QUOTE_CLASS}+|${QUOTE_CLASS}+$`, 'g'), '')
      .replace(/^<(.*)>$/s, '$1')
      .replace(/[.,;]+$/, '')
      .trim();
  }
  return out;
}

interface Classified {
  kind: UrlKind;
  canonical?: string;
}

/** What the path classifiers look at; `findings` collects what each of them says. */
interface PathCheck {
  /** The path as written. */
  original: string;
  /** Lower case, trailing slashes removed. */
  path: string;
  host: string;
  trailing: boolean;
  target: UrlTarget;
  expects: UrlKind | undefined;
  findings: Finding[];
}

function noteTrailing(c: PathCheck): void {
  if (c.trailing)
    c.findings.push({ level: 'warn', text: 'The path ends with a "/"; drop it so the URL names the exact document.' });
}

function classifySvc(c: PathCheck): Classified | undefined {
  if (c.path !== AUTODISCOVER_SVC && !c.path.startsWith(`${AUTODISCOVER_SVC}/`)) return undefined;
  if (c.path !== AUTODISCOVER_SVC)
    c.findings.push({
      level: 'warn',
      text: `The path goes on after autodiscover.svc ("${c.original}"); the URL should end at ${AUTODISCOVER_SVC}.`,
    });
  else noteTrailing(c);
  if (c.target === 'client-access-server') {
    c.findings.push({
      level: 'warn',
      text: 'Set-ClientAccessServer -AutoDiscoverServiceInternalUri normally points to .../autodiscover/autodiscover.xml; the .svc form is what Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl needs on the Skype for Business side.',
    });
    return { kind: 'autodiscover', canonical: AUTODISCOVER_XML };
  }
  c.findings.push({
    level: 'ok',
    text: `The path ends in ${AUTODISCOVER_SVC}, the autodiscover service location Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl needs.`,
  });
  return { kind: 'autodiscover', canonical: AUTODISCOVER_SVC };
}

function classifyXml(c: PathCheck): Classified | undefined {
  if (c.path !== AUTODISCOVER_XML) return undefined;
  noteTrailing(c);
  if (c.target === 'client-access-server') {
    c.findings.push({
      level: 'ok',
      text: `The path ends in ${AUTODISCOVER_XML}, the usual form of Exchange's AutoDiscoverServiceInternalUri.`,
    });
    return { kind: 'autodiscover', canonical: AUTODISCOVER_XML };
  }
  c.findings.push({
    level: 'fail',
    text:
      "The URL ends in autodiscover.xml. That is right for Exchange's own AutoDiscoverServiceInternalUri (Get-ClientAccessServer shows it), but " +
      'Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl must point to the service location, autodiscover.svc, not to the XML file the service uses. ' +
      'With .xml (or any wrong value) Test-CsExStorageConnectivity fails with "ExCreateItem exchange operation failed, code=50043". ' +
      'This is easy to miss when copying the value over from Get-ClientAccessServer.',
  });
  return { kind: 'autodiscover', canonical: AUTODISCOVER_SVC };
}

function classifyMetadata(c: PathCheck): Classified | undefined {
  if (c.path === EXCHANGE_METADATA) {
    noteTrailing(c);
    c.findings.push({ level: 'ok', text: `The path is ${EXCHANGE_METADATA}: the Exchange OAuth metadata document.` });
    return { kind: 'exchange-metadata', canonical: EXCHANGE_METADATA };
  }
  if (c.path === SFB_METADATA) {
    noteTrailing(c);
    c.findings.push({
      level: 'ok',
      text: `The path is ${SFB_METADATA}: the Skype for Business OAuth metadata document.`,
    });
    return { kind: 'sfb-metadata', canonical: SFB_METADATA };
  }
  // Near misses such as /metadata/jaon/1 or /metadata/json: a real-world cause of 404s.
  const near = /^(\/autodiscover)?\/metadata(?:\/([^/]*))?(?:\/([^/]*))?$/.exec(c.path);
  if (!near) return undefined;
  const exchange = near[1] !== undefined;
  const canonical = exchange ? EXCHANGE_METADATA : SFB_METADATA;
  c.findings.push({
    level: 'fail',
    text: `The path "${c.original}" is not exactly ${canonical}; a typo here gives HTTP 404. Use ${canonical}.`,
  });
  return { kind: exchange ? 'exchange-metadata' : 'sfb-metadata', canonical };
}

function classifyIncomplete(c: PathCheck): Classified | undefined {
  if (!['', '/autodiscover', '/autodiscover/autodiscover'].includes(c.path)) return undefined;
  if (!c.host.startsWith('autodiscover.') && c.expects !== 'autodiscover') return undefined;
  const canonical = c.target === 'client-access-server' ? AUTODISCOVER_XML : AUTODISCOVER_SVC;
  c.findings.push({
    level: 'fail',
    text: `The path is incomplete ("${c.original}"); the autodiscover URL must end in ${canonical}.`,
  });
  return { kind: 'autodiscover', canonical };
}

function classifyEws(c: PathCheck): Classified | undefined {
  if (c.path !== '/ews/exchange.asmx') return undefined;
  c.findings.push({
    level: 'fail',
    text: 'That is the Exchange Web Services (EWS) URL, not autodiscover. Skype for Business finds EWS through autodiscover: give it https://autodiscover.<your domain>/autodiscover/autodiscover.svc.',
  });
  return { kind: 'unknown' };
}

/** Tried in order; the first that recognises the path names it. */
const CLASSIFIERS: ReadonlyArray<(c: PathCheck) => Classified | undefined> = [
  classifySvc,
  classifyXml,
  classifyMetadata,
  classifyIncomplete,
  classifyEws,
];

/** Names the URL by its path, with findings about the path; `canonical` is the right path for that kind. */
function classify(url: URL, target: UrlTarget, expects: UrlKind | undefined, findings: Finding[]): Classified {
  const original = url.pathname;
  const check: PathCheck = {
    original,
    trailing: original.length > 1 && original.endsWith('/'),
    path: original.toLowerCase().replace(/\/+$/, ''),
    host: url.hostname.toLowerCase(),
    target,
    expects,
    findings,
  };
  for (const classifier of CLASSIFIERS) {
    const classified = classifier(check);
    if (classified) return classified;
  }
  findings.push({
    level: 'warn',
    text: `The path "${original}" is not one of the known forms: ${AUTODISCOVER_SVC} (autodiscover), ${SFB_METADATA} (Skype for Business metadata) or ${EXCHANGE_METADATA} (Exchange metadata).`,
  });
  return { kind: 'unknown' };
}

/** Host name checks; returns false when the host cannot be used at all (no corrected command then). */
function checkHost(url: URL, findings: Finding[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) !== 0) {
    findings.push({
      level: 'fail',
      text: `The host is an IP address (${host}). Use the server's DNS name: certificates are issued to names, and the other server checks the name in the certificate, so an IP address fails the TLS trust check.`,
    });
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    findings.push({
      level: 'fail',
      text: 'The host is localhost, which means "this machine" to whoever opens the URL. Use the fully qualified name of the Exchange or Front End server.',
    });
    return false;
  }
  if (host.endsWith('.')) {
    findings.push({
      level: 'warn',
      text: 'The host name ends with a dot; drop it (certificate names do not carry it).',
    });
  }
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.length < 2) {
    findings.push({
      level: 'fail',
      text: `"${host}" is a single-label (short) name. Use the fully qualified name (e.g. ${host}.contoso.com): the other server must resolve it and the certificate must contain it.`,
    });
    return false;
  }
  if (labels.some((l) => !LABEL.test(l))) {
    findings.push({
      level: 'fail',
      text: `"${host}" is not a valid DNS host name (only letters, digits and hyphens between dots).`,
    });
    return false;
  }
  const tld = labels[labels.length - 1] ?? '';
  if (INTERNAL_TLDS.has(tld)) {
    findings.push({
      level: 'info',
      text: `"${host}" is an internal-only name (.${tld}). That can work between on-premises servers, but public certificate authorities do not issue certificates for it and it cannot be checked from outside your network.`,
    });
  } else {
    findings.push({ level: 'ok', text: `The host name ${host} is a fully qualified DNS name.` });
  }
  return true;
}

/** Port checks; returns the port to keep in the corrected URL ('' for the default). */
function checkPort(url: URL, findings: Finding[]): string {
  if (url.port === '') return '';
  if (url.port === '444') {
    findings.push({
      level: 'warn',
      text: 'The URL names port 444. The sources only use the default https port (443) for these URLs: leave the port out unless you know it is needed.',
    });
    return '';
  }
  if (url.port === '4443') {
    findings.push({
      level: 'warn',
      text: 'The URL names port 4443. The sources only use the default https port (443) for these URLs: leave the port out unless you know it is needed.',
    });
    return '';
  }
  findings.push({
    level: 'warn',
    text: `The URL uses port ${url.port}. Autodiscover and metadata documents are published on the default HTTPS port 443; another port usually means the wrong site or an unusual proxy.`,
  });
  return url.port;
}

/**
 * Checks, without any network access, an autodiscover or OAuth metadata URL someone pasted (or a
 * whole cmdlet line containing one): https, no credentials or spaces, a usable host name and port,
 * and the exact path for its purpose (`.svc`, not `.xml`, for Set-CsOAuthConfiguration).
 *
 * @param input - the pasted text; anything that is not a string is reported, not thrown.
 * @param options - see {@link CheckUrlOptions}.
 * @returns the kind of URL, findings, and the corrected command line when one can be given.
 */
export function checkUrl(input: unknown, options: CheckUrlOptions = {}): UrlReport {
  const findings: Finding[] = [];
  if (typeof input !== 'string' || input.trim() === '') {
    findings.push({ level: 'fail', text: 'No URL given. Paste the URL (or the whole command line) to check.' });
    return { kind: 'unknown', findings };
  }
  const { value, parameter } = extract(input.trim(), findings);
  const target: UrlTarget = options.target ?? parameter?.target ?? 'oauth-configuration';
  const text = withScheme(removeTypingSlips(value, findings), findings);
  const url = text === undefined ? undefined : parseUrl(text, findings);
  if (url === undefined) return { kind: 'unknown', findings };

  const hostUsable = checkHost(url, findings);
  const port = checkPort(url, findings);
  const classified = classify(url, target, parameter?.expects, findings);
  crossCheck({ url, kind: classified.kind, parameter, hostUsable, findings });
  addUsage(classified.kind, target, findings);
  return report({ url, port, classified, target, hostUsable, findings });
}

/** Spaces (from a line break when copying), encoded spaces and backslashes: reported and removed. */
function removeTypingSlips(value: string, findings: Finding[]): string {
  let text = value;
  if (/\s/.test(text)) {
    findings.push({
      level: 'fail',
      text: 'The URL contains spaces. A URL cannot contain spaces; they usually come from a line break when copying. Checked it with the spaces removed.',
    });
    text = text.replace(/\s+/g, '');
  }
  if (/%20/i.test(text)) {
    findings.push({ level: 'fail', text: 'The URL contains an encoded space (%20); remove it.' });
    text = text.replace(/%20/gi, '');
  }
  if (text.includes('\\')) {
    findings.push({ level: 'fail', text: 'The URL contains backslashes; URLs use forward slashes (/).' });
    text = text.replace(/\\/g, '/');
  }
  return text;
}

/** The text as an https:// URL (a missing scheme or http is reported and fixed); undefined for another scheme. */
function withScheme(text: string, findings: Finding[]): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // "mailto:", "sip:" and the like are not web addresses; "host:443/path" and "https:/host" are slips.
    const other = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(text)?.[1]?.toLowerCase();
    if (other !== undefined && other !== 'http' && other !== 'https') {
      findings.push({
        level: 'fail',
        text: `"${other}:" is not a web address; expected a URL starting with https://.`,
      });
      return undefined;
    }
    findings.push({
      level: 'fail',
      text: 'The URL has no https:// at the start; the cmdlets need the full URL. Checked it as https://.',
    });
    return `https://${text.replace(/^(?:https?:)?\/*/i, '')}`;
  }
  if (scheme === 'http') {
    findings.push({
      level: 'fail',
      text: 'The URL uses http://. Autodiscover for Skype for Business and the OAuth metadata documents must be fetched over https://.',
    });
    return `https://${text.slice('http://'.length)}`;
  }
  if (scheme !== 'https') {
    findings.push({
      level: 'fail',
      text: `"${scheme}://" is not a web address; expected a URL starting with https://.`,
    });
    return undefined;
  }
  findings.push({ level: 'ok', text: 'The URL uses https.' });
  return text;
}

/** Parses the URL; credentials are reported and removed, a query or fragment reported. */
function parseUrl(text: string, findings: Finding[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    findings.push({ level: 'fail', text: `"${text}" is not a valid URL.` });
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    findings.push({
      level: 'fail',
      text: 'The URL contains a user name or password (user:password@host). Never put credentials in these URLs; they are removed from the corrected URL.',
    });
    url.username = '';
    url.password = '';
  }
  if (url.search !== '' || url.hash !== '') {
    findings.push({
      level: 'warn',
      text: 'The URL has a query string or fragment (after ? or #); these documents take none. Removed from the corrected URL.',
    });
  }
  return url;
}

/** Whether the URL fits the parameter it was given to, and whether an autodiscover host has the usual name. */
function crossCheck(c: {
  url: URL;
  kind: UrlKind;
  parameter: Extracted['parameter'];
  hostUsable: boolean;
  findings: Finding[];
}): void {
  const { url, kind, parameter, findings } = c;
  if (parameter && kind !== 'unknown' && kind !== parameter.expects) {
    findings.push({
      level: 'fail',
      text: `-${parameter.name} expects ${describe(parameter.expects)}, but this URL is ${describe(kind)}.`,
    });
  }
  if (kind === 'autodiscover' && !url.hostname.toLowerCase().startsWith('autodiscover.') && c.hostUsable) {
    findings.push({
      level: 'info',
      text: `The host is ${url.hostname}, not the well-known autodiscover.<SMTP domain> name. A server name works only if it resolves and is in the certificate; autodiscover.<domain> (with a DNS record pointing to Exchange) is the usual choice.`,
    });
  }
}

/** The report: the URL as checked (with the canonical path when known) and the command line when the host is usable. */
function report(r: {
  url: URL;
  port: string;
  classified: Classified;
  target: UrlTarget;
  hostUsable: boolean;
  findings: Finding[];
}): UrlReport {
  const { kind, canonical } = r.classified;
  const origin = `https://${r.url.hostname.replace(/\.$/, '').toLowerCase()}${r.port === '' ? '' : `:${r.port}`}`;
  const canonicalUrl = canonical !== undefined ? `${origin}${canonical}` : undefined;
  const result: UrlReport = { kind, findings: r.findings, url: canonicalUrl ?? `${origin}${r.url.pathname}` };
  if (r.hostUsable && canonicalUrl !== undefined) {
    const command = commandFor(kind, canonicalUrl, r.target);
    if (command !== undefined) result.corrected = command;
  }
  return result;
}

function describe(kind: UrlKind): string {
  switch (kind) {
    case 'autodiscover':
      return 'the Exchange autodiscover service URL';
    case 'sfb-metadata':
      return 'the Skype for Business metadata URL (https://<Front End pool FQDN>/metadata/json/1)';
    case 'exchange-metadata':
      return 'the Exchange metadata URL (https://<autodiscover host>/autodiscover/metadata/json/1)';
    case 'unknown':
      return 'not a recognised URL';
  }
}

/** Says where each kind of URL is used, so the user knows which server and shell the command is for. */
function addUsage(kind: UrlKind, target: UrlTarget, findings: Finding[]): void {
  switch (kind) {
    case 'autodiscover':
      if (target === 'client-access-server') {
        findings.push({
          level: 'info',
          text: "This is Exchange's own internal autodiscover URI (check with Get-ClientAccessServer | Select-Object Name, AutoDiscoverServiceInternalUri | Format-List). Skype for Business needs the same host with autodiscover.svc instead of autodiscover.xml, set with Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl.",
        });
        break;
      }
      findings.push({
        level: 'info',
        text: 'This URL tells Skype for Business where Exchange autodiscover is: set it in the Skype for Business Server Management Shell with Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl (check with Get-CsOAuthConfiguration).',
      });
      break;
    case 'sfb-metadata':
      findings.push({
        level: 'info',
        text: 'This is the Skype for Business Server OAuth metadata document, on the Front End pool FQDN. It is used on the Exchange server: run Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl from the Exchange Scripts folder, then iisreset. Opening it in a browser on the Exchange server should offer a file named "1".',
      });
      break;
    case 'exchange-metadata':
      findings.push({
        level: 'info',
        text: 'This is the Exchange OAuth metadata document. It is used on the Skype for Business side: New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Full -MetadataUrl, in the Skype for Business Server Management Shell.',
      });
      break;
    case 'unknown':
      break;
  }
}
