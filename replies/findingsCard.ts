import type { Finding } from '../diagnostics/finding.js';
import { quoteUserText } from './quote.js';
import { messages } from './messages.js';

/** Findings as a Markdown list; finding texts are ours but may quote user input, so they are escaped. */
export function findingsMarkdown(findings: readonly Finding[]): string {
  return findings.map((f) => `- ${messages.findingMark[f.level]} ${quoteUserText(f.text, 600)}`).join('\n');
}
