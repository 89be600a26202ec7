/**
 * Text that posts carry but nobody wrote about the problem: the metadata block that Microsoft's docs
 * feedback form appends to every GitHub issue (page ids, the source file, the author's login), a
 * helpdesk ticket's fields (priority, category, requester), the headers and sign-offs of a mail
 * thread (From/Sent/To, "On ... wrote:", the name, title, company and phone under "Kind regards"),
 * the "Sent from my iPhone" lines of mail clients, and the addresses behind Markdown links. Read as
 * words, it drowns the problem: a docs issue about the Skype meeting add-in named nine things no entry
 * says ("Document", "GitHub", "Version"...) and was answered "I don't know"; a ticket's signature named
 * a person, a company and a phone number; a phone's signature named a mobile product the bot does not
 * cover. Removed before the post is searched and its scope judged. Kept: the docs page's title and
 * product, a ticket's description, a mail's subject (without its label), and quoted mail text
 * (without the quote marks): an earlier message of a thread often states the problem.
 * Pure and linear in the text's length: each line is tested once against anchored patterns whose
 * repeats cannot overlap (a link's text and address exclude brackets), so no input backtracks.
 */

/** Lines of the docs feedback block that carry no words of the problem. */
const FEEDBACK_NOISE = [
  /^[ \t]*#{1,6}[ \t]*Document Details[ \t]*$/i,
  /Do not edit this section/i,
  /^[ \t]*[*-][ \t]*(?:ID|Version Independent ID|Content Source|GitHub Login|Microsoft Alias|Technology|Sub-?service|Author|ms\.[\w.-]{1,40})[ \t]*:/i,
  /^[ \t]*-{3,}[ \t]*$/,
];

/** `* Content: [title](url)`: the docs page the issue is about; its title stays. */
const FEEDBACK_CONTENT = /^[ \t]*[*-][ \t]*Content[ \t]*:[ \t]*\[([^[\]]{0,300})\]\([^()[\]\s]{0,2000}\)[ \t]*$/i;
/** `* Product: **skype-for-business-itpro**`, `* Service: **exchange**`: the value stays, as words. */
const FEEDBACK_PRODUCT = /^[ \t]*[*-][ \t]*(?:Product|Service)[ \t]*:[ \t]*\**([\w.-]{1,80})\**[ \t]*$/i;

/** Mail clients' signatures ("Sent from my iPhone", "Get Outlook for Android"). */
const MOBILE_SIGNATURE =
  /^[ \t]*(?:Sent from my [\w ]{1,40}|Sent from (?:Mail|Outlook) for [\w ]{1,20}|Get Outlook for (?:iOS|Android))[ \t]*$/i;

/** A Markdown link `[text](address)`: the text is what the writer said. */
const MARKDOWN_LINK = /\[([^[\]]{1,300})\]\((?:https?:\/\/|\/)[^()[\]\s]{0,2000}\)/g;

/** A mail header line of a quoted message (Outlook's and others'); two or more in a row are a header. */
const MAIL_HEADER = /^[ \t]*(?:From|Sent|To|Cc|Bcc|Date|Subject)[ \t]*:/i;
const MAIL_SUBJECT = /^[ \t]*Subject[ \t]*:[ \t]*(?:(?:RE|FW|FWD|AW|WG|R|I)[ \t]*:[ \t]*){0,5}(.*)$/i;
/** "On Mon, 2 Mar 2020 at 09:00, Jane wrote:", "-----Original Message-----". */
const MAIL_SEPARATOR = /^[ \t]*(?:On .{5,160} wrote:|-{2,}[ \t]*Original Message[ \t]*-{2,})[ \t]*$/i;
const QUOTE_MARKS = /^[ \t]*(?:>[ \t]?){1,10}/;

/** A sign-off line; the short lines under it, up to a blank line, are a signature. */
const SIGN_OFF =
  /^[ \t]*(?:(?:kind|best|warm|many|with)[ \t]+)?(?:regards|thanks|thank you|cheers|sincerely|br|best|greetings|mfg|saluti|cordiali saluti|grazie|danke|gru(?:ss|ß)e?|viele gr(?:ü|ue)(?:ss|ß)e)[ \t]*[,.!]?[ \t]*$/i;
/** The "-- " line that starts a mail signature. */
const SIGNATURE_DELIMITER = /^--[ \t]?$/;
/** A signature's line: short, not a question. */
const SIGNATURE_LINE = /^[^?]{1,70}$/;
const SIGNATURE_MAX_LINES = 6;
/** A phone or fax line anywhere. */
const PHONE_LINE =
  /^[ \t]*(?:tel|phone|mobile|mob|cell|fax|direct|office|m|t|p)[ \t]*[:.]?[ \t]*\+?[\d \t()./-]{7,24}$/i;

/** Ticket fields that say nothing of the problem (who, when, how urgent, which queue). */
const TICKET_FIELD =
  /^[ \t]*(?:priority|severity|impact|urgency|category|sub-?category|requester|requested by|requested for|caller|reported by|opened by|opened|created|updated|assigned to|assignment group|assignee|due date|location|department|site|contact type|configuration item|sla|state)[ \t]*:/i;
const TICKET_STATUS =
  /^[ \t]*status[ \t]*:[ \t]*(?:new|open|in progress|pending|on hold|assigned|resolved|closed)[ \t]*$/i;
const TICKET_ID =
  /^[ \t]*(?:ticket|incident|case|request|ref|reference)[ \t]*(?:#|no\.?|number|id)?[ \t]*[:#]?[ \t]*[A-Z]{0,6}-?\d{3,12}[ \t]*$/i;

/** Lines that are dropped whole wherever they stand. */
const DROPPED = [
  ...FEEDBACK_NOISE,
  MOBILE_SIGNATURE,
  MAIL_SEPARATOR,
  PHONE_LINE,
  TICKET_FIELD,
  TICKET_STATUS,
  TICKET_ID,
];

/** How every dropped line begins: a `key:` field, a Markdown mark, or one of a few words. */
const BOILERPLATE_START =
  /^(?:[#*-]|(?:sent|get|on|ticket|incident|case|request|ref|reference|tel|phone|mobile|mob|cell|fax|direct|office|m|t|p)\b)/i;

/**
 * A cheap test that a line (without its leading blanks) may be dropped, so that ordinary lines cost one
 * short test instead of a dozen: a post of 20,000 one-letter lines is read in about a millisecond.
 */
function couldBeBoilerplate(start: string): boolean {
  const colon = start.indexOf(':');
  return (colon > 0 && colon <= 40) || BOILERPLATE_START.test(start) || start.includes('Do not edit');
}

/** The post without the boilerplate above; everything else is left as written. */
export function stripBoilerplate(text: string): string {
  // Each test below runs only where a cheap look says it can match (one-letter lines cost little).
  const lines = text.split(/\r?\n/).map((line) => (line.includes('>') ? line.replace(QUOTE_MARKS, '') : line));
  const header = lines.map((line) => line.includes(':') && MAIL_HEADER.test(line));
  const out: string[] = [];
  let signature = 0;
  for (const [i, line] of lines.entries()) {
    if (signature > 0) {
      if (line.trim() !== '' && SIGNATURE_LINE.test(line)) {
        signature--;
        continue;
      }
      signature = 0;
    }
    if (header[i] && (header[i - 1] === true || header[i + 1] === true)) {
      const subject = MAIL_SUBJECT.exec(line);
      if (subject?.[1]) out.push(subject[1]);
      continue;
    }
    const start = line.trimStart();
    if (start === '') {
      out.push(line);
      continue;
    }
    if (couldBeBoilerplate(start) && DROPPED.some((pattern) => pattern.test(line))) continue;
    const title = FEEDBACK_CONTENT.exec(line);
    const product = title ? null : FEEDBACK_PRODUCT.exec(line);
    if (title || product) {
      out.push(title ? (title[1] ?? '') : (product?.[1] ?? '').replace(/-/g, ' '));
      continue;
    }
    if (SIGNATURE_DELIMITER.test(line)) {
      signature = SIGNATURE_MAX_LINES;
      continue;
    }
    if (start.length <= 40 && SIGN_OFF.test(line)) signature = SIGNATURE_MAX_LINES;
    out.push(line.includes('](') ? line.replace(MARKDOWN_LINK, '$1') : line);
  }
  return out.join('\n');
}
