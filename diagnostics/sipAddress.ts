import { isIP } from 'node:net';
import type { Finding } from './finding.js';

/** How the address was written: `sip:` URI, `SIP:` proxy address, bare user@domain, or not recognisable. */
export type SipInputKind = 'sip-uri' | 'proxy-address' | 'bare' | 'unknown';

/** Result of {@link checkSipAddress}. */
export interface SipAddressReport {
  kind: SipInputKind;
  findings: Finding[];
  /** The address without prefix, domain in lower case (`user@contoso.com`), when one could be read. */
  address?: string;
  /** The custom address to put on the mailbox (`SIP:user@contoso.com`), when the address is usable. */
  corrected?: string;
}

/** Options of {@link checkSipAddress}. */
export interface CheckSipAddressOptions {
  /** `proxy-address` when the text is meant as a mailbox proxy address, so a missing `SIP:` prefix is an error. */
  as?: 'proxy-address' | 'any';
  /** The user's Skype for Business sign-in (SIP) address; the mailbox's SIP: address must equal it. */
  signInAddress?: string;
}

const USER = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const INTERNAL_TLDS = new Set(['local', 'lan', 'internal', 'corp', 'intranet', 'localdomain', 'home', 'private']);

/** Why a domain cannot be a SIP domain, or undefined when it can. */
function domainProblem(domain: string): string | undefined {
  if (domain === '') return 'there is no domain after the @';
  if (isIP(domain.replace(/^\[|\]$/g, '')) !== 0)
    return `the domain is an IP address (${domain}); a SIP address uses the SIP domain name, e.g. contoso.com`;
  const labels = domain.split('.');
  if (labels.length < 2) return `"${domain}" is not a full domain name (expected something like contoso.com)`;
  if (labels.some((l) => !LABEL.test(l)))
    return `"${domain}" is not a valid domain name (only letters, digits and hyphens between dots)`;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels[labels.length - 1] ?? ''))
    return `"${domain}" does not end in a valid top-level domain`;
  return undefined;
}

/** Strips a `sip:` prefix and lower-cases, for comparing two SIP addresses. */
function comparable(address: string): string {
  return address
    .trim()
    .replace(/^sip:\s*/i, '')
    .toLowerCase();
}

/**
 * Checks a SIP address as someone typed it (`sip:user@contoso.com`, `SIP:user@contoso.com` or
 * `user@contoso.com`) for use as the mailbox's SIP: custom address, which presence in Outlook,
 * "Insert Skype Meeting" and IM in Outlook Web App depend on, and says how to add it.
 *
 * @param input - the address; anything that is not a string is reported, not thrown.
 * @param options - see {@link CheckSipAddressOptions}.
 * @returns findings, the bare address and the `SIP:` proxy address to add.
 */
export function checkSipAddress(input: unknown, options: CheckSipAddressOptions = {}): SipAddressReport {
  const findings: Finding[] = [];
  if (typeof input !== 'string' || input.trim() === '') {
    findings.push({
      level: 'fail',
      text: 'No SIP address given. Enter it like sip:user@contoso.com or SIP:user@contoso.com.',
    });
    return { kind: 'unknown', findings };
  }
  const unquoted = input.trim().replace(/^["'\u201C\u201D\u2018\u2019<]+|["'\u201C\u201D\u2018\u2019>]+$/g, '');
  const prefixed = readPrefix(unquoted, options, findings);
  if (prefixed === undefined) return { kind: 'unknown', findings };
  const { kind } = prefixed;
  const parts = splitAddress(removeSpacesAndParameters(prefixed.text, findings), findings);
  if (parts === undefined) return { kind, findings };
  const { user, domain } = parts;
  const userUsable = checkUser(user, findings);
  const domainUsable = checkDomain(domain, findings);
  const address = `${user}@${domain}`;
  if (!userUsable || !domainUsable) return { kind, findings, address };

  findings.push({ level: 'ok', text: `${address} is a well-formed SIP address.` });
  const corrected = `SIP:${address}`;
  compareWithSignIn(address, options.signInAddress, findings);
  addHowToAdd(address, corrected, findings);
  return { kind, findings, address, corrected };
}

/** The text after its prefix and what the prefix says; undefined when the text is not an address at all. */
function readPrefix(
  text: string,
  options: CheckSipAddressOptions,
  findings: Finding[],
): { kind: SipInputKind; text: string } | undefined {
  const prefix = /^([a-z][a-z0-9]*)(\s*):(\s*)/i.exec(text);
  if (prefix && /^(sip|smtp|x500|x400|eum|sips)$/i.test(prefix[1] ?? ''))
    return readAddressType(prefix, text, findings);
  if (prefix && !text.includes('@')) {
    findings.push({
      level: 'fail',
      text: `"${prefix[1] ?? ''}:" is not a SIP address prefix; expected sip:user@contoso.com.`,
    });
    return undefined;
  }
  if (options.as === 'proxy-address') {
    findings.push({
      level: 'fail',
      text: 'The SIP: prefix is missing. As a proxy address, user@contoso.com without a prefix is taken as an SMTP (email) address; the mailbox needs SIP:user@contoso.com.',
    });
  }
  return { kind: 'bare', text };
}

/** A proxy-address type prefix (sip:, SIP:, smtp:, x500: ...): only SIP is right; no space around the colon. */
function readAddressType(
  prefix: RegExpExecArray,
  text: string,
  findings: Finding[],
): { kind: SipInputKind; text: string } {
  const [whole, name = '', before = '', after = ''] = prefix;
  const lower = name.toLowerCase();
  let kind: SipInputKind = 'bare';
  if (lower === 'smtp') {
    findings.push({
      level: 'fail',
      text: `That is an SMTP (email) proxy address. The mailbox needs a separate address of type SIP: SIP:${text.slice(whole.length)}, with the Skype for Business sign-in address (which may differ from the email address).`,
    });
  } else if (lower !== 'sip') {
    findings.push({
      level: 'fail',
      text: `"${name}:" is not a SIP address prefix; the mailbox's custom address must be of type SIP (SIP:user@contoso.com).`,
    });
  } else {
    kind = name === 'sip' ? 'sip-uri' : 'proxy-address';
    findings.push({
      level: 'info',
      text:
        `Written with "${name}:". In proxyAddresses an upper-case prefix marks the primary address of a type, which matters for SMTP (the reply address); ` +
        'for the SIP: entry the case does not change how Outlook and Outlook Web App find the Skype for Business account, so SIP: and sip: both work.',
    });
  }
  if (before !== '' || after !== '') {
    findings.push({
      level: 'fail',
      text: `There is a space around the colon after "${name}". Write it with no space: ${name}:user@contoso.com (documentation sometimes prints "sip: user@contoso.com", but the space is not part of the address).`,
    });
  }
  return { kind, text: text.slice(whole.length) };
}

/** Spaces are reported and removed; URI parameters (;transport=tls) are not part of the stored address. */
function removeSpacesAndParameters(value: string, findings: Finding[]): string {
  let text = value;
  if (/\s/.test(text)) {
    findings.push({
      level: 'fail',
      text: 'The address contains spaces; a SIP address cannot. Checked it with the spaces removed.',
    });
    text = text.replace(/\s+/g, '');
  }
  const params = text.indexOf(';');
  if (params !== -1) {
    findings.push({
      level: 'warn',
      text: `Ignored "${text.slice(params)}": URI parameters are not part of the address stored on the mailbox.`,
    });
    text = text.slice(0, params);
  }
  return text;
}

/** User and lower-case domain, or undefined when there is not exactly one @. */
function splitAddress(text: string, findings: Finding[]): { user: string; domain: string } | undefined {
  const at = text.split('@');
  if (at.length === 1) {
    findings.push({
      level: 'fail',
      text: `"${text}" has no @. A SIP address looks like an email address: user@contoso.com.`,
    });
    return undefined;
  }
  if (at.length > 2) {
    findings.push({ level: 'fail', text: `"${text}" has ${at.length - 1} @ signs; a SIP address has exactly one.` });
    return undefined;
  }
  const [user = '', rawDomain = ''] = at;
  return { user, domain: rawDomain.toLowerCase() };
}

/** Whether the user part can be used; odd dots are only a warning. */
function checkUser(user: string, findings: Finding[]): boolean {
  if (user === '') {
    findings.push({ level: 'fail', text: 'There is nothing before the @.' });
    return false;
  }
  if (!USER.test(user)) {
    findings.push({ level: 'fail', text: `"${user}" contains characters that do not belong in a SIP user name.` });
    return false;
  }
  if (user.startsWith('.') || user.endsWith('.') || user.includes('..')) {
    findings.push({
      level: 'warn',
      text: `"${user}" starts or ends with a dot or has two dots in a row; check it against the sign-in address.`,
    });
  }
  return true;
}

/** Whether the domain can be a SIP domain; an internal-only one is only a warning. */
function checkDomain(domain: string, findings: Finding[]): boolean {
  const problem = domainProblem(domain);
  if (problem) {
    findings.push({ level: 'fail', text: `Bad domain: ${problem}.` });
    return false;
  }
  if (INTERNAL_TLDS.has(domain.split('.').pop() ?? '')) {
    findings.push({
      level: 'warn',
      text: `${domain} is an internal-only domain; it works inside the organisation but cannot be used with Exchange Online, federation or public certificates.`,
    });
  }
  return true;
}

/** The mailbox's SIP: address must be the sign-in address; without one given, says so. */
function compareWithSignIn(address: string, signInAddress: string | undefined, findings: Finding[]): void {
  if (signInAddress === undefined) {
    findings.push({
      level: 'info',
      text: 'It must be exactly the address the user signs in to Skype for Business with; that may differ from the email address (for example email on contoso.com, SIP on contoso.onmicrosoft.com).',
    });
  } else if (comparable(signInAddress) === address.toLowerCase()) {
    findings.push({ level: 'ok', text: 'It matches the Skype for Business sign-in address.' });
  } else {
    findings.push({
      level: 'fail',
      text: `It does not match the Skype for Business sign-in address (${signInAddress.trim()}). The mailbox's SIP: address must be exactly the address the user signs in to Skype for Business with.`,
    });
  }
}

/** How to add the address in the Exchange admin center, and what depends on it. */
function addHowToAdd(address: string, corrected: string, findings: Finding[]): void {
  findings.push(
    {
      level: 'info',
      text:
        `To add it in the Exchange admin center (EAC): open the mailbox, go to email address, add (+) a custom address with email address type SIP and address ${address} ` +
        '(see "Add or Remove Email Addresses for a Mailbox"). In the graphical tools the type (SIP) and the address are entered separately.',
    },
    {
      level: 'info',
      text: `In the Exchange admin center, open the mailbox's email addresses and add a custom address of type SIP with the value ${corrected.replace(/^sip:/i, '')} (source 000; see "Add or Remove Email Addresses for a Mailbox" linked from source 004).`,
    },
    {
      level: 'info',
      text:
        'The SIP: entry routes no mail; it links the mailbox (proxyAddresses) to the Skype for Business account. Presence in Outlook and "Insert Skype Meeting" (through the Skype for Business add-in for Outlook) and IM in Outlook Web App rely on it. ' +
        'With Lync Server and directory synchronization it is normally already there.',
    },
  );
}
