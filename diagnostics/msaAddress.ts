/** Result of {@link toMsaAddress}. */
export type MsaAddressResult =
  | {
      ok: true;
      /** What to type in Lync's IM Address field (or in "Find someone or a room"). */
      address: string;
      /** False when the address is used as is (Microsoft domains, or already converted). */
      changed: boolean;
      explanation: string;
    }
  | { ok: false; reason: string };

/**
 * Microsoft account domains that Lync users can type as is. The provisioning guide for Lync-Skype
 * connectivity names @live.com, @hotmail.com and @outlook.com; msn.com is the domain the converted
 * form itself uses, so wrapping it again would be wrong.
 */
const NATIVE_DOMAINS: readonly string[] = ['live.com', 'hotmail.com', 'outlook.com', 'msn.com'];

// RFC 5322 "atext" plus dots; parentheses are excluded because the converted form uses them.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const CONVERTED = /^([^()@\s]+)\(([^()@\s]+)\)@msn\.com$/i;

/** Why a domain is not a usable public domain name, or undefined when it is. */
function domainProblem(domain: string): string | undefined {
  if (domain.length === 0) return 'there is nothing after the @';
  if (domain.length > 253) return 'the domain is longer than 253 characters';
  const labels = domain.split('.');
  if (labels.length < 2) return `"${domain}" is not a full domain name (expected something like contoso.com)`;
  if (labels.some((l) => !LABEL.test(l))) return `"${domain}" is not a valid domain name`;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return `"${domain}" does not end in a valid top-level domain`;
  return undefined;
}

function localProblem(local: string): string | undefined {
  if (local.length === 0) return 'there is nothing before the @';
  if (local.length > 64) return 'the part before the @ is longer than 64 characters';
  if (!LOCAL_PART.test(local)) return `"${local}" is not a valid user name part of an email address`;
  return undefined;
}

/**
 * The address a Lync / Skype for Business user types to add a Skype contact whose Microsoft account
 * (MSA) uses a custom domain: `bob@contoso.com` becomes `bob(contoso.com)@msn.com` (Lync-Skype
 * connectivity provisioning guide, "user(domain name)@msn.com"). Microsoft account domains
 * (live.com, hotmail.com, outlook.com, msn.com) and already-converted addresses are returned unchanged.
 *
 * @param email - the Skype user's Microsoft account, as the user typed it.
 * @returns the address and a one-line explanation, or `{ ok: false, reason }` for malformed input.
 */
export function toMsaAddress(email: unknown): MsaAddressResult {
  if (typeof email !== 'string' || email.trim() === '') {
    return { ok: false, reason: "No address given: enter the Skype user's Microsoft account, e.g. bob@contoso.com." };
  }
  // People paste from mail clients and chat; a mailto: prefix or angle brackets are harmless.
  const input = email
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .replace(/^mailto:/i, '')
    .trim();
  if (/^sip:/i.test(input)) {
    return {
      ok: false,
      reason:
        'That is a SIP address (a Lync/Skype for Business user). A Skype contact is added by the Microsoft account email address, without "sip:".',
    };
  }
  if (/\s/.test(input)) return { ok: false, reason: 'An email address cannot contain spaces.' };
  const converted = CONVERTED.exec(input);
  return converted ? alreadyConverted(converted[1] ?? '', converted[2] ?? '') : fromEmail(input);
}

/** An address already in the user(domain)@msn.com form: checked and returned as is. */
function alreadyConverted(user: string, domain: string): MsaAddressResult {
  const problem = localProblem(user) ?? domainProblem(domain.toLowerCase());
  if (problem) return { ok: false, reason: `It looks like the user(domain)@msn.com form, but ${problem}.` };
  const address = `${user}(${domain.toLowerCase()})@msn.com`;
  return {
    ok: true,
    address,
    changed: false,
    explanation: `${address} is already in the user(domain name)@msn.com form Lync needs for a custom-domain Microsoft account.`,
  };
}

/** A plain email address: Microsoft account domains as is, any other domain converted. */
function fromEmail(input: string): MsaAddressResult {
  const parts = input.split('@');
  if (parts.length === 1)
    return {
      ok: false,
      reason: `"${input}" has no @: enter the full Microsoft account email address, e.g. bob@contoso.com.`,
    };
  if (parts.length > 2) return { ok: false, reason: `"${input}" has more than one @.` };
  const [local = '', rawDomain = ''] = parts;
  const domain = rawDomain.toLowerCase().replace(/\.$/, '');
  const problem = localProblem(local) ?? domainProblem(domain);
  if (problem) return { ok: false, reason: `Not a valid email address: ${problem}.` };

  if (NATIVE_DOMAINS.includes(domain)) {
    const address = `${local}@${domain}`;
    return {
      ok: true,
      address,
      changed: false,
      explanation: `${domain} is a Microsoft account domain, so type ${address} as is; the user(domain)@msn.com form is only for Microsoft accounts on other domains.`,
    };
  }

  const address = `${local}(${domain})@msn.com`;
  const regional = /^(?:hotmail|live|outlook|msn)\./.test(domain)
    ? ` The guide only names live.com, hotmail.com and outlook.com as exempt; if ${domain} is a regional Microsoft domain and this form is not found, try ${local}@${domain} as is.`
    : '';
  return {
    ok: true,
    address,
    changed: true,
    explanation:
      `${local}@${domain} is a Microsoft account on a custom domain, so in Lync (Add a Contact > Add a Contact Not in My Organization > Skype, IM Address) ` +
      `type it as user(domain name)@msn.com: ${address}.${regional}`,
  };
}
