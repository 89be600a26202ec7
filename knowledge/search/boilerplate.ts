/**
 * Text that posts carry but nobody wrote about the problem: the metadata block that Microsoft's docs
 * feedback form appends to every GitHub issue (page ids, the source file, the author's login), the
 * "Sent from my iPhone" lines of mail clients, and the addresses behind Markdown links. Read as words,
 * it drowns the problem: a docs issue about the Skype meeting add-in named nine things no entry says
 * ("Document", "GitHub", "Version"...) and was answered "I don't know"; a phone's signature named a
 * mobile product the bot does not cover. Removed before the post is searched and its scope judged.
 * Kept: the docs page's title (it names the topic) and its product or service (scope evidence).
 * Pure and linear in the text's length.
 */

/** Lines of the docs feedback block that carry no words of the problem. */
const FEEDBACK_NOISE = [
  /^[ \t]*#{1,6}[ \t]*Document Details[ \t]*$/gim,
  /^.*Do not edit this section.*$/gim,
  /^[ \t]*[*-][ \t]*(?:ID|Version Independent ID|Content Source|GitHub Login|Microsoft Alias|Technology|Sub-?service|Author|ms\.[\w.-]+)[ \t]*:.*$/gim,
  /^[ \t]*-{3,}[ \t]*$/gm,
];

/** `* Content: [title](url)`: the docs page the issue is about; its title stays. */
const FEEDBACK_CONTENT = /^[ \t]*[*-][ \t]*Content[ \t]*:[ \t]*\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)[ \t]*$/gim;
/** `* Product: **skype-for-business-itpro**`, `* Service: **exchange**`: the value stays, as words. */
const FEEDBACK_PRODUCT = /^[ \t]*[*-][ \t]*(?:Product|Service)[ \t]*:[ \t]*\**([\w .-]{0,80}?)\**[ \t]*$/gim;

/** Mail clients' signatures ("Sent from my iPhone", "Get Outlook for Android"). */
const MOBILE_SIGNATURE =
  /^[ \t]*(?:Sent from my [\w ]{1,40}|Sent from (?:Mail|Outlook) for [\w ]{1,20}|Get Outlook for (?:iOS|Android))[ \t]*$/gim;

/** A Markdown link `[text](address)`: the text is what the writer said. */
const MARKDOWN_LINK = /\[([^\]\n]{1,300})\]\((?:https?:\/\/|\/)[^)\s]{0,2000}\)/g;

/** The post without the boilerplate above; everything else is left as written. */
export function stripBoilerplate(text: string): string {
  let out = text
    .replace(FEEDBACK_CONTENT, '$1')
    .replace(FEEDBACK_PRODUCT, (_, value: string) => value.replace(/-/g, ' '))
    .replace(MOBILE_SIGNATURE, '')
    .replace(MARKDOWN_LINK, '$1');
  for (const pattern of FEEDBACK_NOISE) out = out.replace(pattern, '');
  return out;
}
