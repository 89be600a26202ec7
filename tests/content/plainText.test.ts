/**
 * The terminal renders plain text: no Markdown escape or HTML entity of the Markdown channels may
 * leak into it, from any entry part, tree step, matrix note or runtime message.
 */
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../replies/render.js';
import { ENTRY_PARTS, entryReply } from '../../replies/entryCard.js';
import { messages } from '../../replies/messages.js';
import { quoteUserText } from '../../replies/quote.js';
import { sharedApp } from '../support/harness.js';

const knowledge = sharedApp().services.knowledge.current;
/** An HTML entity, or a backslash before punctuation (a Markdown escape). */
const LEAK = /&(?:lt|gt|amp|quot|#\d+);|\\[!-/:-@[-`{-~]/;

/** Renders for the terminal with code left out (code shows its text as written, backslashes included). */
function assertPlain(markdown: string, where: string): void {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, 'CODE').replace(/`[^`\n]*`/g, 'CODE');
  for (const line of renderMarkdown(withoutCode, 'terminal').split('\n'))
    assert.doesNotMatch(line, LEAK, `${where}: "${line.slice(0, 160)}"`);
}

describe('plain-text rendering (terminal) leaks no Markdown escapes or HTML entities', function () {
  it('every part of every entry', function () {
    for (const entry of knowledge.entries.values())
      for (const part of ENTRY_PARTS) assertPlain(entryReply(entry, part).markdown, `${entry.id} ${part}`);
  });

  it('every step of every troubleshooter, and the matrix notes', function () {
    for (const tree of knowledge.trees.values())
      for (const node of tree.nodes.values()) assertPlain(node.text, `${tree.id}/${node.id}`);
    for (const note of knowledge.matrix.notes) assertPlain(note.text, `matrix note ${note.id}`);
  });

  it('runtime messages, and user text quoted in them', function () {
    for (const s of Object.values(messages)) if (typeof s === 'string') assertPlain(s, 'messages');
    assertPlain(`You said "${quoteUserText('a<b & c > d (x) [y](e.test) *z* #h ~s~ |p|')}".`, 'quoted user text');
    assert.equal(
      renderMarkdown(quoteUserText('a\\(b)'), 'terminal'),
      'a\\(b)',
      'a backslash the user typed shows once',
    );
  });
});
