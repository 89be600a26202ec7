/**
 * The import rules of ARCHITECTURE.md, checked on every source file: each part imports only the
 * parts below it (no arrow back), and only the listed files touch the Bot Framework SDK, so a move
 * to its successor touches those files only.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bot/config.js';

/** Each part and the parts it may import (itself included). */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  knowledge: ['knowledge', 'core'],
  diagnostics: ['diagnostics', 'core'],
  tickets: ['tickets', 'core'],
  replies: ['replies', 'knowledge', 'diagnostics', 'tickets', 'core'],
  analytics: ['analytics', 'knowledge', 'core'],
  dialogs: ['dialogs', 'analytics', 'replies', 'knowledge', 'core'],
  conversation: ['conversation', 'dialogs', 'analytics', 'replies', 'knowledge', 'diagnostics', 'tickets', 'core'],
  bot: ['bot', 'conversation', 'dialogs', 'analytics', 'replies', 'knowledge', 'diagnostics', 'tickets', 'core'],
  tools: [
    'tools',
    'bot',
    'conversation',
    'dialogs',
    'analytics',
    'replies',
    'knowledge',
    'diagnostics',
    'tickets',
    'core',
  ],
};

/** The files that may import the Bot Framework SDK (botbuilder, botbuilder-dialogs, botframework-*). */
export const SDK_SEAM: readonly string[] = [
  'bot/adapter.ts',
  'bot/app.ts',
  'bot/channels/terminalAdapter.ts',
  'bot/directline/localChannelAdapter.ts',
  'bot/helpdeskOutbox.ts',
  'bot/server.ts',
  'bot/state/turnRunner.ts',
  'bot/storage.ts',
  'conversation/activityGuard.ts',
  'conversation/answerFeedback.ts',
  'conversation/caller.ts',
  'conversation/freeTextAnswers.ts',
  'conversation/handoffDesk.ts',
  'conversation/stateFootprint.ts',
  'conversation/troubleshootingBot.ts',
  'conversation/turnInput.ts',
  'conversation/userConversationState.ts',
  'dialogs/dialogKit.ts',
  'dialogs/treeDialog.ts',
  'replies/reply.ts',
];

const SDK = /^(?:botbuilder(?:-[a-z-]+)?|botframework-[a-z-]+)(?:\/|$)/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'content' && entry.name !== 'node_modules') out.push(...sourceFiles(rel));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
}

const files = Object.keys(ALLOWED_IMPORTS).flatMap(sourceFiles);

describe('architecture: import rules', function () {
  it('finds the source files of every part', function () {
    for (const part of Object.keys(ALLOWED_IMPORTS))
      assert.ok(
        files.some((f) => f.startsWith(`${part}/`)),
        `no files in ${part}/`,
      );
  });

  for (const file of files) {
    const part = file.split('/')[0] ?? '';
    it(`${file} imports only what ${part}/ may`, function () {
      const wrong: string[] = [];
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
          const targetPart = target.split('/')[0] ?? '';
          if (!(ALLOWED_IMPORTS[part] ?? []).includes(targetPart)) wrong.push(`${spec} (${targetPart}/)`);
        } else if (SDK.test(spec) && !SDK_SEAM.includes(file)) {
          wrong.push(`${spec} (the SDK, outside its seam)`);
        }
      }
      assert.deepEqual(
        wrong,
        [],
        `${file} imports ${wrong.join(', ')}; ${part}/ may import ${(ALLOWED_IMPORTS[part] ?? []).join(', ')} (see ARCHITECTURE.md)`,
      );
    });
  }

  it('lists in the SDK seam only files that exist and use the SDK', function () {
    for (const file of SDK_SEAM) {
      assert.ok(files.includes(file), `${file} is listed but does not exist`);
      assert.ok(
        importsOf(file).some((s) => SDK.test(s)),
        `${file} is listed but no longer imports the SDK: remove it from the seam`,
      );
    }
  });
});
