/**
 * Every user-facing string lives in replies/messages.ts. This test reads the source of the parts
 * that talk to users (conversation/, dialogs/, replies/) with the TypeScript compiler and fails on
 * any string or template literal that reads like prose (a blank and a word of three letters or more),
 * naming its file and line. Literals that are not said to users are not prose here: import paths,
 * object keys, literals in type positions, the arguments of log calls and of thrown errors, regular
 * expressions, and slash commands (the text a button sends, a spec's usage line and examples). What
 * is left and legitimate is in {@link ALLOWED}, each with its reason. Single words ("Troubleshooters")
 * are not caught: a heuristic guard, not a proof.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../../bot/config.js';

/** A literal that reads like prose: where it is, what it says, and the names it sits inside. */
export interface ProseLiteral {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** Names of the enclosing declarations and properties, outermost first. */
  readonly within: readonly string[];
}

/** A legitimate exception: a literal in `file` (or a file under it, when it ends in `/`) inside `within`. */
interface Allowed {
  readonly file: string;
  readonly within: string;
  readonly reason: string;
}

export const ALLOWED: readonly Allowed[] = [
  {
    file: 'conversation/router.ts',
    within: 'GLOBAL_WORDS',
    reason: 'what users type ("start over", "never mind"), matched and never said',
  },
  {
    file: 'conversation/router.ts',
    within: 'SMALL_TALK',
    reason: 'what users type ("thank you", "good morning"), matched and never said',
  },
  {
    file: 'dialogs/choiceRecognizer.ts',
    within: 'YES',
    reason: 'typed answers read as yes ("they are"), matched and never said',
  },
  {
    file: 'dialogs/choiceRecognizer.ts',
    within: 'NO',
    reason: 'typed answers read as no ("it is not"), matched and never said',
  },
  {
    file: 'conversation/activityGuard.ts',
    within: 'requiredProblem',
    reason:
      'the HTTP 400 body (bot/server.ts) for a client that posts a malformed activity: a protocol error, not a chat reply',
  },
  {
    file: 'conversation/activityGuard.ts',
    within: 'problem',
    reason: 'the HTTP 400 body (bot/server.ts) for a body that is not an activity: a protocol error, not a chat reply',
  },
  {
    file: 'replies/matrixCard.ts',
    within: 'shortLabel',
    reason: 'a pattern matched in matrix.yaml topology labels (content) to shorten them for buttons',
  },
];

/** Calls whose arguments go to the log, never to a user. */
const LOG_CALLS = new Set(['debug', 'info', 'warn', 'error', 'trace', 'log', 'audit']);
/** A blank and a word of three letters or more: a sentence, a phrase, a title. */
const isProse = (text: string): boolean => /\s/.test(text) && /[A-Za-z]{3,}/.test(text);
/** A slash command: what a button sends back, or a command's usage line and examples. */
const SLASH_COMMAND = /^\/[a-z][a-z0-9-]*(?:\s|$)/;

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** True when the literal is not something the bot says: a path, a key, a type, a log or error text, a pattern. */
function isExempt(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent))
    return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent)) && parent.name === node) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  for (let at: ts.Node = node; !ts.isSourceFile(at); at = at.parent) {
    if (ts.isTypeNode(at)) return true;
    const up = at.parent;
    if (ts.isCallExpression(up) && up.arguments.includes(at as ts.Expression)) {
      if (up.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
      const name = calleeName(up.expression);
      if (name !== undefined && LOG_CALLS.has(name)) return true;
    }
    if (ts.isNewExpression(up) && up.arguments?.includes(at as ts.Expression)) {
      const name = calleeName(up.expression);
      if (name !== undefined && (name.endsWith('Error') || name === 'RegExp')) return true;
    }
  }
  return false;
}

/** The name a declaration or an object property gives, if the node is one. */
function declaredName(at: ts.Node): string | undefined {
  if (
    ts.isVariableDeclaration(at) ||
    ts.isFunctionDeclaration(at) ||
    ts.isMethodDeclaration(at) ||
    ts.isClassDeclaration(at) ||
    ts.isPropertyDeclaration(at) ||
    ts.isPropertyAssignment(at) ||
    ts.isGetAccessorDeclaration(at)
  ) {
    const name = at.name;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) return name.text;
  }
  return undefined;
}

/** The names a node sits inside: variables, functions, methods, classes and object properties. */
function namesAround(node: ts.Node): string[] {
  const names: string[] = [];
  for (let at = node.parent; !ts.isSourceFile(at); at = at.parent) {
    const name = declaredName(at);
    if (name !== undefined) names.unshift(name);
  }
  return names;
}

/** The literal parts of a string or template literal (a template's text between its placeholders). */
function literalParts(node: ts.Node): string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return undefined;
}

/** Every prose-like literal of one source text. */
export function findProse(file: string, source: string): ProseLiteral[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ProseLiteral[] = [];
  const visit = (node: ts.Node): void => {
    const parts = literalParts(node);
    if (parts) {
      if (parts.some(isProse) && !SLASH_COMMAND.test(parts[0] ?? '') && !isExempt(node)) {
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        found.push({ file, line: line + 1, text: parts.join('${…}'), within: namesAround(node) });
      }
      if (!ts.isTemplateExpression(node)) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** True when an allow-list entry covers the literal. */
export function allows(entry: Allowed, literal: ProseLiteral): boolean {
  const inFile = entry.file.endsWith('/') ? literal.file.startsWith(entry.file) : literal.file === entry.file;
  return inFile && literal.within.includes(entry.within);
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(rel);
      return entry.isFile() && entry.name.endsWith('.ts') ? [rel] : [];
    })
    .sort();
}

const SCANNED = ['conversation', 'dialogs', 'replies'].flatMap(sourceFiles).filter((f) => f !== 'replies/messages.ts');
const literals = SCANNED.flatMap((file) => findProse(file, fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')));

describe('messages: every user-facing string in replies/messages.ts', function () {
  it('no prose literal outside replies/messages.ts in conversation/, dialogs/ and replies/', function () {
    const stray = literals.filter((l) => !ALLOWED.some((a) => allows(a, l)));
    assert.equal(
      stray.length,
      0,
      `Move these strings into replies/messages.ts (or, if no user ever reads them, allow them in ALLOWED with a reason):\n${stray
        .map((l) => `  ${l.file}:${l.line}: ${JSON.stringify(l.text)}`)
        .join('\n')}`,
    );
  });

  it('every allow-list entry is still needed, and says why', function () {
    for (const entry of ALLOWED) {
      assert.ok(entry.reason.length >= 20, `${entry.file} ${entry.within}: give a reason`);
      assert.ok(
        literals.some((l) => allows(entry, l)),
        `${entry.file} ${entry.within}: allows nothing any more; remove it`,
      );
    }
  });

  it('scans the files that talk to users', function () {
    assert.ok(SCANNED.includes('dialogs/treeDialog.ts') && SCANNED.includes('conversation/commands/kb.ts'));
    assert.ok(SCANNED.includes('replies/entryCard.ts') && !SCANNED.includes('replies/messages.ts'));
  });
});

describe('messages: the prose finder', function () {
  const find = (source: string): string[] => findProse('x.ts', source).map((l) => `${l.line}: ${l.text}`);

  it('finds a reply string, a button label and a template, with their lines', function () {
    const source = [
      "import { reply } from './reply.js';",
      "const r = reply('Sorry, that did not work.');",
      "const b = button('Start it again', '/troubleshoot');",
      'const t = `Starting **${title}** again`;',
    ].join('\n');
    assert.deepEqual(find(source), ['2: Sorry, that did not work.', '3: Start it again', '4: Starting **${…}** again']);
  });

  it('finds prose nested in a placeholder of another template', function () {
    assert.deepEqual(find("const t = `${a ? ' (from your profile)' : ''}`;"), ['1:  (from your profile)']);
  });

  it('names what the literal sits inside', function () {
    const [found] = findProse(
      'x.ts',
      "export const spec = { run: () => ({ replies: [reply('Reload refused now.')] }) };",
    );
    assert.deepEqual(found?.within, ['spec', 'run', 'replies']);
  });

  it('leaves alone what no user reads', function () {
    const source = [
      "import data from './some folder/with spaces.js';",
      "type Mode = 'answer with words';",
      "const keys = { 'what can you do': 1 };",
      "const v = keys['what can you do'];",
      "logger.info('tree started again', { tree });",
      "this.deps.services.logger.warn('activity refused by guard');",
      "audit?.('refused: not an admin');",
      "throw new Error('Command failed to run');",
      "const p = new RegExp('not sure|no idea');",
      "const c = button(label, '/troubleshoot ucs-contact-list');",
      "const u = { usage: '/kb <number|id|text> [part]' };",
      "const w = 'Troubleshooters';",
    ].join('\n');
    assert.deepEqual(find(source), []);
  });

  it('an allow-list entry covers its file and declaration only', function () {
    const source = "const GLOBAL_WORDS = new Map([['start over', 1]]);\nconst other = 'start over now';";
    const found = findProse('conversation/router.ts', source);
    const entry = { file: 'conversation/router.ts', within: 'GLOBAL_WORDS', reason: 'typed by users' };
    assert.deepEqual(
      found.map((l) => allows(entry, l)),
      [true, false],
    );
    assert.equal(allows({ ...entry, file: 'dialogs/' }, found[0] as ProseLiteral), false);
    assert.equal(allows({ ...entry, file: 'conversation/' }, found[0] as ProseLiteral), true);
  });
});
