import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, loadKnowledge, loadKnowledgeOrThrow } from '../../knowledge/load/loadKnowledge.js';
import { formatProblem, type ContentProblem } from '../../knowledge/model.js';
import { freshApp } from '../support/harness.js';

/**
 * One failing fixture per validator rule: each case copies the valid content in
 * tests/fixtures/content-bad/base/ to a temporary folder, breaks one thing, and expects a problem
 * whose file and line point at the mistake and whose message names it.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE = path.resolve(HERE, '..', 'fixtures', 'content-bad', 'base');
/** Stand-ins for shared/sources, for the cases that check quotes. */
const SOURCES = path.resolve(HERE, '..', 'fixtures', 'content-bad', 'sources');

const ALPHA = 'entries/alpha-entry.md';
const BETA = 'entries/beta-entry.md';
const TREE = 'trees/alpha-tree.yaml';
const MATRIX = 'matrix.yaml';
const KB = 'kb-articles.yaml';
const CMDLETS = 'cmdlets.yaml';
const SYNONYMS = 'synonyms.yaml';
const LEARN = 'learn-pages.yaml';

/** Where the problem must point: a file of the content folder and a line in it. */
interface Where {
  readonly file: string;
  /** A 1-based line, or a text whose line (in the file after the edit) is the expected line. */
  readonly at: number | string;
  /** Take the last occurrence of `at` rather than the first (for appended duplicates). */
  readonly last?: boolean;
}

interface BadCase extends Where {
  readonly rule: string;
  /** Changes the content folder (usually one file, through {@link edit}). */
  readonly change: (dir: string) => void;
  /** What the message must say. */
  readonly message: RegExp;
  /** When true, the mistake must be the only problem reported (no knock-on problems). */
  readonly alone?: boolean;
  /** Load with the stand-in source texts (quotes are only checked when sources are available). */
  readonly withSources?: boolean;
}

const tempDirs: string[] = [];

/** A fresh copy of the valid base content in a temporary folder. */
function copyBase(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-bad-'));
  tempDirs.push(dir);
  fs.cpSync(BASE, dir, { recursive: true });
  return dir;
}

/** Replaces `from` (which must occur) by `to` in one file of the content folder. */
function edit(file: string, from: string, to: string): (dir: string) => void {
  return (dir) => {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    assert.ok(text.includes(from), `fixture drift: ${file} no longer contains ${JSON.stringify(from)}`);
    fs.writeFileSync(full, text.replace(from, to));
  };
}

/** Several changes in order. */
function all(...changes: ((dir: string) => void)[]): (dir: string) => void {
  return (dir) => changes.forEach((c) => c(dir));
}

/** 1-based line of the first (or last) occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string, last = false): number {
  const at = last ? text.lastIndexOf(needle) : text.indexOf(needle);
  assert.ok(at >= 0, `expected ${JSON.stringify(needle)} in the changed file`);
  return text.slice(0, at).split('\n').length;
}

function expectedLine(dir: string, where: Where): number {
  return typeof where.at === 'number'
    ? where.at
    : lineOf(fs.readFileSync(path.join(dir, where.file), 'utf8'), where.at, where.last);
}

/** The problem's file, relative to the content folder, with forward slashes. */
function contentPath(dir: string, problem: ContentProblem): string {
  return path.relative(dir, path.resolve(process.cwd(), problem.file)).split(path.sep).join('/');
}

function loadProblems(dir: string, withSources = false): readonly ContentProblem[] {
  const result = loadKnowledge(dir, withSources ? { sourcesDir: SOURCES } : {});
  assert.equal(result.ok, false, 'the broken content must not load');
  return result.problems;
}

function show(dir: string, problems: readonly ContentProblem[]): string {
  return problems.map((p) => `  ${contentPath(dir, p)}:${p.line}: ${p.message}`).join('\n');
}

/** Asserts that `problems` holds one pointing at `where` whose message matches `message`. */
function assertProblem(dir: string, problems: readonly ContentProblem[], where: Where, message: RegExp): void {
  const line = expectedLine(dir, where);
  const found = problems.some((p) => contentPath(dir, p) === where.file && p.line === line && message.test(p.message));
  assert.ok(found, `expected ${where.file}:${line}: ${message} among:\n${show(dir, problems)}`);
}

const TREE_LOOP_NODES = `  loop-a:
    kind: check
    text: Does the first check pass?
    choices:
      - label: "Yes"
        next: loop-b
      - label: "No"
        next: loop-b
  loop-b:
    kind: check
    text: Does the second check pass?
    choices:
      - label: "Yes"
        next: loop-a
      - label: "No"
        next: loop-a
`;

const CASES: readonly BadCase[] = [
  // ---- YAML ----
  {
    rule: 'YAML syntax error in a YAML file',
    file: KB,
    change: edit(KB, '  summary: Old clients read', '  summary: Note: old clients read'),
    at: '  summary: Note: old clients read',
    message: /^YAML: Nested mappings/,
  },
  {
    rule: 'YAML syntax error in entry front matter (tab indentation)',
    file: ALPHA,
    change: edit(ALPHA, '  - cannot add contacts', '\t- cannot add contacts'),
    at: '\t- cannot add contacts',
    message: /^YAML: Tabs/,
  },
  {
    rule: 'duplicate key in a YAML map (two tree nodes with the same id)',
    file: TREE,
    change: edit(TREE, '  handoff:\n    kind: handoff', '  rollback:\n    kind: handoff'),
    at: '  rollback:\n    kind: handoff',
    message: /YAML: .*unique/i,
  },
  // ---- entry front matter ----
  {
    rule: 'entry without front matter',
    file: ALPHA,
    change: edit(ALPHA, '---\nid: alpha-entry', 'id: alpha-entry'),
    at: 1,
    message: /front matter/,
    alone: true,
  },
  {
    rule: 'unknown front-matter key',
    file: ALPHA,
    change: edit(ALPHA, 'updated: 2026-11-21', 'updated: 2026-11-21\nauthor: someone'),
    at: 'author: someone',
    message: /unknown key author/,
    alone: true,
  },
  {
    rule: 'unknown key in a tree choice',
    file: TREE,
    change: edit(
      TREE,
      '      - label: It fails\n        next: handoff\n',
      '      - label: It fails\n        next: handoff\n        goto: rollback\n',
    ),
    at: '        goto: rollback',
    message: /unknown key goto/,
    alone: true,
  },
  {
    rule: 'missing required front-matter key',
    file: BETA,
    change: edit(
      BETA,
      'summary: Lync 2010 and Lync for Mac 2011 can read a Unified Contact Store contact list but cannot change it.\n',
      '',
    ),
    at: 2,
    message: /^summary: is required/,
    alone: true,
  },
  {
    rule: 'fewer than 3 symptoms',
    file: BETA,
    change: edit(BETA, '  - contact list cannot be edited in ucs mode\n', ''),
    // A list's problem points at its first item.
    at: '  - cannot edit contacts in lync for mac 2011',
    message: /^symptoms: needs at least 3/,
    alone: true,
  },
  {
    rule: 'updated that is not a date',
    file: BETA,
    change: edit(BETA, 'updated: 2026-11-21', 'updated: last week'),
    at: 'updated: last week',
    message: /^updated: .*YYYY-MM-DD|^updated: /,
    alone: true,
  },
  {
    rule: 'applies_to with an unknown topology id',
    file: BETA,
    change: edit(BETA, '  sfb: [lync-2013]', '  sfb: [lync-2010]'),
    at: '  sfb: [lync-2010]',
    message: /^applies_to\.sfb\.0: /,
    alone: true,
  },
  {
    rule: 'id that is not the file name',
    file: BETA,
    change: edit(BETA, 'id: beta-entry', 'id: beta-entries'),
    at: 'id: beta-entries',
    message: /id "beta-entries" must equal the file name "beta-entry"/,
    alone: true,
  },
  {
    // Ids must equal file names, so a duplicate id always shows up as an id/file-name mismatch.
    rule: 'duplicate entry id (an entry copied under another file name)',
    file: 'entries/gamma-entry.md',
    change: (dir) => fs.copyFileSync(path.join(dir, ALPHA), path.join(dir, 'entries', 'gamma-entry.md')),
    at: 'id: alpha-entry',
    message: /id "alpha-entry" must equal the file name "gamma-entry"/,
  },
  {
    rule: 'a file in entries/ that is not Markdown',
    file: 'entries/notes.txt',
    change: (dir) => fs.writeFileSync(path.join(dir, 'entries', 'notes.txt'), 'scratch\n'),
    at: 1,
    message: /unexpected file/,
    alone: true,
  },
  // ---- KB numbers and links ----
  {
    rule: 'bad KB number format in an entry',
    file: ALPHA,
    change: all(edit(ALPHA, 'kb: ["2811654"]', 'kb: ["KB2811654"]')),
    at: 'kb: ["KB2811654"]',
    message: /^kb\.0: must be a Microsoft KB number/,
  },
  {
    rule: 'bad KB number format in kb-articles.yaml',
    file: KB,
    change: edit(KB, '- number: "2757458"', '- number: "27574"'),
    at: '- number: "27574"',
    message: /^1\.number: must be a Microsoft KB number/,
  },
  {
    rule: 'KB number not in kb-articles.yaml',
    file: ALPHA,
    change: all(
      edit(ALPHA, 'kb: ["2811654"]', 'kb: ["2811654", "2566790"]'),
      edit(
        ALPHA,
        '## Links\n',
        '## Links\n- [KB 2566790: Skype for Business Online DNS configuration](https://support.microsoft.com/help/2566790)\n',
      ),
    ),
    at: 'kb: ["2811654", "2566790"]',
    message: /KB 2566790 is not in kb-articles\.yaml/,
    alone: true,
  },
  {
    rule: 'KB number cited but not linked in Links',
    file: BETA,
    change: edit(
      BETA,
      '- [KB 2757458: Users are unable to modify their contact lists in Lync 2010 and Lync for Mac 2011](https://support.microsoft.com/help/2757458)',
      '- [Rollback cmdlet reference](https://learn.microsoft.com/powershell/module/skypeforbusiness/invoke-csucsrollback)',
    ),
    at: '## Links',
    message: /KB 2757458 must be linked in Links as https:\/\/support\.microsoft\.com\/help\/2757458/,
    alone: true,
  },
  {
    rule: 'KB linked in the body but missing from "kb"',
    file: BETA,
    change: edit(
      BETA,
      'Lync 2010 and Lync for Mac 2011 only read',
      'As [KB 2811654](https://support.microsoft.com/help/2811654) explains, Lync 2010 and Lync for Mac 2011 only read',
    ),
    at: 'As [KB 2811654]',
    message: /links KB 2811654 but "kb" does not list it/,
    alone: true,
  },
  {
    rule: 'non-canonical KB link',
    file: ALPHA,
    change: edit(
      ALPHA,
      '(https://support.microsoft.com/help/2811654)',
      '(https://support.microsoft.com/en-us/kb/2811654)',
    ),
    at: 'https://support.microsoft.com/en-us/kb/2811654',
    message: /write KB links as https:\/\/support\.microsoft\.com\/help\/2811654/,
  },
  {
    rule: 'link that is not https',
    file: ALPHA,
    change: edit(
      ALPHA,
      '## Links\n',
      '## Links\n- [Plan to integrate](http://learn.microsoft.com/skypeforbusiness/deploy/integrate-with-exchange-server/integrate-with-exchange-server)\n',
    ),
    at: '- [Plan to integrate](http://',
    message: /link "http:\/\/learn\.microsoft\.com.*" must be a full https:\/\/ address/,
    alone: true,
  },
  // ---- entry body ----
  {
    rule: 'raw HTML in the body',
    file: ALPHA,
    change: edit(
      ALPHA,
      'Without the mailbox the list cannot be changed.',
      'Without the mailbox the list <b>cannot</b> be changed.',
    ),
    at: '<b>cannot</b>',
    message: /raw HTML is not allowed: <b>/,
  },
  {
    rule: 'HTML comment in the body',
    file: BETA,
    change: edit(BETA, '## Verify\n', '<!-- check this later -->\n\n## Verify\n'),
    at: '<!-- check this later -->',
    message: /raw HTML is not allowed: <!--/,
    alone: true,
  },
  {
    rule: 'first heading that differs from the title',
    file: ALPHA,
    change: edit(
      ALPHA,
      '# Contact list is read-only after the mailbox was disconnected\n',
      '# Contact list is read-only\n',
    ),
    at: '# Contact list is read-only\n',
    message: /the "# " heading must equal the title "Contact list is read-only after the mailbox was disconnected"/,
    alone: true,
  },
  {
    rule: 'body that does not start with the title heading',
    file: BETA,
    change: edit(
      BETA,
      '# Old clients cannot edit a contact list stored in Exchange\n',
      'Old clients cannot edit a contact list stored in Exchange.\n',
    ),
    at: 'Old clients cannot edit a contact list stored in Exchange.',
    message: /the body must start with "# "/,
    alone: true,
  },
  {
    rule: 'missing required section',
    file: BETA,
    change: edit(
      BETA,
      '## Verify\nThe change made in Lync 2013 shows in the old client after it signs in again.\n\n',
      '',
    ),
    at: '# Old clients cannot edit',
    message: /missing section "## Verify"/,
    alone: true,
  },
  {
    rule: 'empty required section',
    file: BETA,
    change: edit(BETA, 'The change made in Lync 2013 shows in the old client after it signs in again.\n', ''),
    at: '## Verify',
    message: /section "## Verify" is empty/,
    alone: true,
  },
  {
    rule: 'sections out of order',
    file: BETA,
    change: edit(
      BETA,
      '## Cause\nLync 2010 and Lync for Mac 2011 only read the Unified Contact Store.\n\n## Fix\n1. Edit the contact list from Lync 2013 or Outlook.\n2. Check the storage connection with Test-CsExStorageConnectivity.\n',
      '## Fix\n1. Edit the contact list from Lync 2013 or Outlook.\n2. Check the storage connection with Test-CsExStorageConnectivity.\n\n## Cause\nLync 2010 and Lync for Mac 2011 only read the Unified Contact Store.\n',
    ),
    at: '## Fix',
    message: /sections must come in the order Cause, Fix, PowerShell, Verify, Links/,
    alone: true,
  },
  {
    rule: 'unknown ## section',
    file: BETA,
    change: edit(BETA, '## Verify\n', '## Notes\nA note that belongs in another section.\n\n## Verify\n'),
    at: '## Notes',
    message: /unknown section "## Notes"/,
    alone: true,
  },
  {
    rule: 'section that appears twice',
    file: BETA,
    change: edit(BETA, '## Links\n', '## Verify\nAgain.\n\n## Links\n'),
    at: '## Verify\nAgain.',
    message: /section "## Verify" appears twice/,
  },
  {
    rule: 'a second "# " heading',
    file: BETA,
    change: edit(BETA, '## Verify\n', '# Another title\n\n## Verify\n'),
    at: '# Another title',
    message: /only one "# " heading/,
    alone: true,
  },
  {
    rule: 'Fix without a numbered list',
    file: BETA,
    change: edit(
      BETA,
      '1. Edit the contact list from Lync 2013 or Outlook.\n2. Check',
      '- Edit the contact list from Lync 2013 or Outlook.\n- Check',
    ),
    at: '## Fix',
    message: /the Fix section needs numbered steps/,
    alone: true,
  },
  // ---- cmdlets ----
  {
    rule: 'cmdlet not in cmdlets.yaml',
    file: BETA,
    change: edit(BETA, 'The change made in Lync 2013', 'Get-CsUser shows the user. The change made in Lync 2013'),
    at: 'Get-CsUser shows',
    message: /Get-CsUser is not in cmdlets\.yaml/,
    alone: true,
  },
  {
    rule: 'script not in cmdlets.yaml',
    file: BETA,
    change: edit(BETA, 'The change made in Lync 2013', 'Run Fix-Contacts.ps1 first. The change made in Lync 2013'),
    at: 'Run Fix-Contacts.ps1',
    message: /Fix-Contacts\.ps1 is not in cmdlets\.yaml/,
    alone: true,
  },
  {
    rule: 'cmdlet in front matter not in cmdlets.yaml',
    file: BETA,
    change: edit(BETA, 'errors: []', 'errors:\n  - "Get-CsUser : Management object not found"'),
    at: 'Get-CsUser',
    message: /Get-CsUser is not in cmdlets\.yaml/,
    alone: true,
  },
  {
    rule: 'cmdlet spelt differently from cmdlets.yaml',
    file: BETA,
    change: edit(BETA, 'with Test-CsExStorageConnectivity', 'with Test-CsExstorageConnectivity'),
    at: 'Test-CsExstorageConnectivity',
    message: /write Test-CsExStorageConnectivity exactly as documented/,
    alone: true,
  },
  {
    rule: 'cmdlet documented only by a KB article the entry does not cite',
    file: BETA,
    change: edit(
      BETA,
      'The change made in Lync 2013',
      'Invoke-CsUcsRollback is not needed. The change made in Lync 2013',
    ),
    at: 'Invoke-CsUcsRollback is not needed',
    message: /Invoke-CsUcsRollback is documented only in KB 2811654; cite that KB here/,
    alone: true,
  },
  {
    rule: 'cmdlet row whose KB is not in kb-articles.yaml',
    file: CMDLETS,
    change: edit(CMDLETS, 'documented_in: ["kb:2811654"]', 'documented_in: ["kb:2811654", "kb:2566790"]'),
    at: 'documented_in: ["kb:2811654", "kb:2566790"]',
    message: /kb:2566790 is not in kb-articles\.yaml/,
    alone: true,
  },
  {
    rule: 'cmdlet row without documented_in',
    file: CMDLETS,
    change: edit(CMDLETS, '  documented_in: [002_1b453819227b7a3f.txt]', '  documented_in: []'),
    at: '  documented_in: []',
    message: /must name where the cmdlet is documented/,
  },
  // ---- related ids and registries ----
  {
    rule: 'related id that does not exist',
    file: ALPHA,
    change: edit(ALPHA, 'related: [beta-entry]', 'related:\n  - beta-entry\n  - gamma-entry'),
    at: '  - gamma-entry',
    message: /related entry "gamma-entry" does not exist/,
    alone: true,
  },
  {
    rule: 'entry related to itself',
    file: ALPHA,
    change: edit(ALPHA, 'related: [beta-entry]', 'related: [beta-entry, alpha-entry]'),
    at: 'related: [beta-entry, alpha-entry]',
    message: /cannot be related to itself/,
    alone: true,
  },
  {
    rule: 'KB article cited by no entry',
    file: KB,
    change: (dir) =>
      fs.appendFileSync(
        path.join(dir, KB),
        '- number: "2435699"\n  title: Contacts in Skype for Business Online appear to be offline\n  summary: Contacts look offline or cannot be found.\n  cited_by: [004_67ee46a4b965056e.txt]\n',
      ),
    at: '- number: "2435699"',
    message: /KB 2435699 is cited by no entry/,
    alone: true,
  },
  {
    rule: 'duplicate KB row',
    file: KB,
    change: (dir) =>
      fs.appendFileSync(
        path.join(dir, KB),
        '- number: "2811654"\n  title: The same article again\n  summary: Listed twice by mistake.\n  cited_by: [004_67ee46a4b965056e.txt]\n',
      ),
    at: '- number: "2811654"\n  title: The same',
    message: /KB 2811654 is listed twice/,
    alone: true,
  },
  {
    rule: 'duplicate cmdlet row',
    file: CMDLETS,
    change: (dir) =>
      fs.appendFileSync(path.join(dir, CMDLETS), '- name: Invoke-CsUcsRollback\n  documented_in: ["kb:2811654"]\n'),
    at: '- name: Invoke-CsUcsRollback',
    last: true,
    message: /Invoke-CsUcsRollback is listed twice/,
    alone: true,
  },
  // ---- matrix ----
  {
    rule: 'matrix rule with an unknown topology id',
    file: MATRIX,
    change: edit(MATRIX, '      - exchange: [exchange-2010]\n', '      - exchange: [exchange-2010, exchange-2019]\n'),
    at: '      - exchange: [exchange-2010, exchange-2019]',
    message: /unknown exchange id "exchange-2019"/,
    alone: true,
  },
  {
    rule: 'matrix topology list with an unknown id',
    file: MATRIX,
    change: edit(
      MATRIX,
      '  - id: sfb-online\n    label: Skype for Business Online\n    aliases: [sfb online]\n',
      '  - id: sfb-online\n    label: Skype for Business Online\n    aliases: [sfb online]\n  - id: teams\n    label: Microsoft Teams\n',
    ),
    at: '  - id: teams',
    message: /unknown sfb id "teams"/,
  },
  {
    rule: 'matrix topology list missing a required id',
    file: MATRIX,
    change: edit(MATRIX, '  - id: exchange-2016\n    label: Exchange Server 2016\n    aliases: [ex2016]\n', ''),
    at: '  - id: exchange-2010',
    message: /exchange must list "exchange-2016"/,
  },
  {
    rule: 'matrix alias used by two topologies',
    file: MATRIX,
    change: edit(MATRIX, 'aliases: [ex2016]', 'aliases: [ex2016, ex2013]'),
    at: '  - id: exchange-2016',
    message: /alias "ex2013" is used by both exchange-2013 and exchange-2016/,
    alone: true,
  },
  {
    rule: 'matrix feature missing a pair',
    file: MATRIX,
    change: edit(
      MATRIX,
      '        sfb: [lync-2013, sfb-server, sfb-online]\n',
      '        sfb: [lync-2013, sfb-server]\n',
    ),
    // The rules list of the feature (its first rule).
    at: '      - exchange: [exchange-2010]\n        sfb: "*"\n        status: not-supported',
    message: /feature "ucs-contact-list" has no rule for exchange-online with sfb-online/,
  },
  {
    rule: 'matrix note that is not defined',
    file: MATRIX,
    change: edit(MATRIX, 'notes: [needs-exchange-2013]', 'notes: [needs-exchange-2013, needs-exchange-2016]'),
    at: 'notes: [needs-exchange-2013, needs-exchange-2016]',
    message: /note "needs-exchange-2016" is not defined under notes/,
    alone: true,
  },
  {
    rule: 'matrix feature that links an unknown entry',
    file: MATRIX,
    change: edit(MATRIX, 'entries: [alpha-entry, beta-entry]', 'entries: [alpha-entry, gamma-entry]'),
    at: 'entries: [alpha-entry, gamma-entry]',
    message: /entry "gamma-entry" does not exist/,
    alone: true,
  },
  {
    rule: 'duplicate matrix feature id',
    file: MATRIX,
    change: edit(MATRIX, '  - id: ucs-contact-list\n', '  - id: presence-in-outlook\n'),
    at: '  - id: presence-in-outlook\n    label: Contact',
    message: /duplicate feature id presence-in-outlook/,
    alone: true,
  },
  {
    rule: 'matrix rule with an unknown status',
    file: MATRIX,
    change: edit(MATRIX, '        status: not-supported\n', '        status: unsupported\n'),
    at: '        status: unsupported',
    message: /^features\.1\.rules\.0\.status: /,
    alone: true,
  },
  // ---- trees ----
  {
    rule: 'tree choice whose next is not a node',
    file: TREE,
    change: edit(
      TREE,
      '      - label: It fails\n        next: handoff\n',
      '      - label: It fails\n        next: handoff\n      - label: Not sure\n        next: ask-again\n',
    ),
    at: '        next: ask-again',
    message: /choice "Not sure" goes to "ask-again", which is not a node of this tree/,
    alone: true,
  },
  {
    rule: 'tree if_not_fixed that is not a node',
    file: TREE,
    change: edit(TREE, '    if_not_fixed: handoff', '    if_not_fixed: escalate'),
    at: '    if_not_fixed: escalate',
    message: /if_not_fixed goes to "escalate", which is not a node of this tree/,
    alone: true,
  },
  {
    rule: 'unreachable tree node',
    file: TREE,
    change: (dir) =>
      fs.appendFileSync(path.join(dir, TREE), '  orphan:\n    kind: handoff\n    text: Nobody comes here.\n'),
    // A node's problem points at its first line.
    at: '    kind: handoff\n    text: Nobody comes here.',
    message: /node "orphan" cannot be reached from start "which-exchange"/,
    alone: true,
  },
  {
    rule: 'tree cycle without an exit',
    file: TREE,
    change: all(
      edit(
        TREE,
        '      - label: It fails\n        next: handoff\n',
        '      - label: It fails\n        next: handoff\n      - label: Not sure\n        next: loop-a\n',
      ),
      (dir) => fs.appendFileSync(path.join(dir, TREE), TREE_LOOP_NODES),
    ),
    at: '    kind: check\n    text: Does the first check pass?',
    message: /node "loop-a" never reaches a resolution or handoff \(a cycle without an exit\)/,
  },
  {
    rule: 'tree "if not fixed" chain that loops',
    file: TREE,
    change: all(edit(TREE, '    if_not_fixed: handoff', '    if_not_fixed: rollback-again'), (dir) =>
      fs.appendFileSync(
        path.join(dir, TREE),
        '  rollback-again:\n    kind: resolution\n    text: Try the rollback from KB 2811654 once more.\n    if_not_fixed: rollback\n    sources: [{ kb: "2811654" }]\n',
      ),
    ),
    at: '    if_not_fixed: rollback-again',
    message: /"if not fixed" from "rollback" loops back to "rollback"/,
  },
  {
    rule: 'a choice that leads back to its own node',
    file: TREE,
    change: edit(
      TREE,
      '      - label: It fails\n        next: handoff\n',
      '      - label: It fails\n        next: handoff\n      - label: Run it again\n        next: storage-check\n',
    ),
    at: '        next: storage-check',
    last: true,
    message: /choice "Run it again" leads back to its own node/,
  },
  {
    rule: 'resolution without a KB or a cmdlet',
    file: TREE,
    change: all(
      edit(
        TREE,
        'Roll the contact list back as described in [KB 2811654](https://support.microsoft.com/help/2811654).',
        'Ask the user to try again later.',
      ),
      edit(TREE, '    entries: [alpha-entry]\n    if_not_fixed', '    if_not_fixed'),
    ),
    at: 'Ask the user to try again later.',
    message: /a resolution must end in a fix with a KB link or a cmdlet/,
    alone: true,
  },
  {
    rule: 'button label longer than 40 characters',
    file: TREE,
    change: edit(
      TREE,
      '      - label: It succeeds\n',
      '      - label: It succeeds and reports that the mailbox is fine\n',
    ),
    at: 'It succeeds and reports',
    message: /must be at most 40 characters/,
    alone: true,
  },
  {
    rule: 'two choices with the same label',
    file: TREE,
    change: edit(TREE, '      - label: It fails\n', '      - label: It succeeds\n'),
    at: '      - label: It succeeds\n        next: handoff',
    message: /two choices are labelled "It succeeds"/,
    alone: true,
  },
  {
    rule: 'unknown profile value',
    file: TREE,
    change: edit(TREE, '        value: exchange-2010\n', '        value: exchange-2007\n'),
    at: '        value: exchange-2007',
    message: /"exchange-2007" is not a exchange profile value/,
    alone: true,
  },
  {
    rule: 'choice value on a question without a profile',
    file: TREE,
    change: edit(TREE, '    profile: exchange\n', ''),
    at: '        value: exchange-2010',
    message: /a choice value is only meaningful on a question with a profile field/,
  },
  {
    rule: 'start node missing',
    file: TREE,
    change: edit(TREE, 'start: which-exchange', 'start: first-question'),
    at: 'start: first-question',
    message: /start node "first-question" does not exist/,
  },
  {
    rule: 'tree entry that does not exist',
    file: TREE,
    change: edit(TREE, 'entries: [alpha-entry, beta-entry]', 'entries: [alpha-entry, gamma-entry]'),
    at: 'entries: [alpha-entry, gamma-entry]',
    message: /entry "gamma-entry" does not exist/,
    alone: true,
  },
  {
    rule: 'resolution entry that does not exist',
    file: TREE,
    change: edit(TREE, '    entries: [alpha-entry]\n', '    entries: [alpha-entry, gamma-entry]\n'),
    at: '    entries: [alpha-entry, gamma-entry]',
    message: /entry "gamma-entry" does not exist/,
    alone: true,
  },
  {
    rule: 'tree cmdlet not in cmdlets.yaml',
    file: TREE,
    change: edit(TREE, '      Test-CsExStorageConnectivity -SipUri', '      Get-CsUser -Identity'),
    at: '    command: |',
    message: /Get-CsUser is not in cmdlets\.yaml/,
    alone: true,
  },
  {
    rule: 'tree id that is not the file name',
    file: TREE,
    change: edit(TREE, 'id: alpha-tree', 'id: beta-tree'),
    at: 'id: beta-tree',
    message: /id "beta-tree" must equal the file name "alpha-tree"/,
    alone: true,
  },
  {
    rule: 'tree node of an unknown kind',
    file: TREE,
    change: edit(TREE, '    kind: handoff\n', '    kind: escalate\n'),
    at: '    kind: escalate',
    message: /^nodes\.handoff\.kind: /,
  },
  // ---- source references (section_sources, resolution sources, learn-pages.yaml) ----
  {
    rule: 'entry without section_sources',
    file: BETA,
    change: edit(
      BETA,
      'section_sources:\n  cause: [{ kb: "2757458", section: More Information }]\n  fix: [{ kb: "2757458", section: Workaround }]\n  verify: [{ kb: "2757458" }]\n  links: [{ kb: "2757458" }]\n',
      '',
    ),
    at: 2,
    message: /^section_sources: is required/,
    alone: true,
  },
  {
    rule: 'section present without a section_sources list',
    file: ALPHA,
    change: edit(
      ALPHA,
      '  powershell: [{ kb: "2811654" }, { learn: "https://learn.microsoft.com/powershell/module/skypeforbusiness/invoke-csucsrollback" }]\n',
      '',
    ),
    at: '  cause:\n    - { source: 004',
    message: /section_sources needs a "powershell" list for the ## PowerShell section/,
    alone: true,
  },
  {
    rule: 'section_sources list for a section the entry does not have',
    file: BETA,
    change: edit(
      BETA,
      '  verify: [{ kb: "2757458" }]\n',
      '  verify: [{ kb: "2757458" }]\n  powershell: [{ kb: "2757458" }]\n',
    ),
    at: '  powershell: [{ kb: "2757458" }]',
    message: /section_sources lists "powershell", but the entry has no ## PowerShell section/,
    alone: true,
  },
  {
    rule: 'empty reference list',
    file: BETA,
    change: edit(BETA, '  verify: [{ kb: "2757458" }]', '  verify: []'),
    at: '  verify: []',
    message: /^section_sources\.verify: needs at least one reference/,
    alone: true,
  },
  {
    rule: 'reference naming two kinds at once',
    file: BETA,
    change: edit(
      BETA,
      '  verify: [{ kb: "2757458" }]',
      '  verify: [{ kb: "2757458", learn: "https://learn.microsoft.com/powershell/module/skypeforbusiness/invoke-csucsrollback" }]',
    ),
    at: '  verify: [{ kb: "2757458", learn:',
    message: /^section_sources\.verify\.0: a reference names exactly one of source, kb or learn/,
    alone: true,
  },
  {
    rule: 'source reference without a section',
    file: ALPHA,
    change: edit(ALPHA, '  verify: [{ kb: "2811654" }]', '  verify: [{ source: 004_67ee46a4b965056e.txt }]'),
    at: '  verify: [{ source: 004_67ee46a4b965056e.txt }]',
    message: /^section_sources\.verify\.0\.section: a source reference needs a section/,
    alone: true,
  },
  {
    rule: 'reference to a KB that is not in kb-articles.yaml',
    file: BETA,
    change: edit(BETA, '  verify: [{ kb: "2757458" }]', '  verify: [{ kb: "2757458" }, { kb: "9999999" }]'),
    at: '  verify: [{ kb: "2757458" }, { kb: "9999999" }]',
    message: /KB 9999999 is not in kb-articles\.yaml/,
  },
  {
    rule: 'reference to a KB the entry does not list in "kb"',
    file: BETA,
    change: edit(BETA, '  verify: [{ kb: "2757458" }]', '  verify: [{ kb: "2811654" }]'),
    at: '  verify: [{ kb: "2811654" }]',
    message: /cites KB 2811654, but "kb" does not list it/,
    alone: true,
  },
  {
    rule: 'reference to a source file the entry does not list in "sources"',
    file: BETA,
    change: edit(
      BETA,
      '  verify: [{ kb: "2757458" }]',
      '  verify: [{ source: 004_67ee46a4b965056e.txt, section: Summary }]',
    ),
    at: '  verify: [{ source: 004_67ee46a4b965056e.txt, section: Summary }]',
    message: /cites 004_67ee46a4b965056e\.txt, but "sources" does not list it/,
    alone: true,
  },
  {
    rule: 'reference to a Learn page that is not in learn-pages.yaml',
    file: BETA,
    change: edit(
      BETA,
      '  verify: [{ kb: "2757458" }]',
      '  verify: [{ learn: "https://learn.microsoft.com/powershell/module/skypeforbusiness/no-such-page" }]',
    ),
    at: '  verify: [{ learn:',
    message: /no-such-page is not in learn-pages\.yaml/,
    alone: true,
  },
  {
    rule: 'reference that is not a Learn address',
    file: BETA,
    change: edit(BETA, '  verify: [{ kb: "2757458" }]', '  verify: [{ learn: "https://example.com/page" }]'),
    at: '  verify: [{ learn:',
    message: /^section_sources\.verify\.0\.learn: must be a public Microsoft Learn address/,
    alone: true,
  },
  {
    rule: 'quote that does not appear in the source file',
    file: ALPHA,
    change: edit(
      ALPHA,
      'quote: "Lync contact list is empty or read-only"',
      'quote: "Lync contact list is always read-only"',
    ),
    at: 'quote: "Lync contact list is always read-only"',
    message: /the quote "Lync contact list is always read-only" does not appear in 004_67ee46a4b965056e\.txt/,
    alone: true,
    withSources: true,
  },
  {
    rule: 'reference to a source file that does not exist',
    file: ALPHA,
    change: all(
      edit(
        ALPHA,
        'sources: [004_67ee46a4b965056e.txt]',
        'sources: [004_67ee46a4b965056e.txt, 003_0a7a28e57b02eaeb.txt]',
      ),
      edit(
        ALPHA,
        '  verify: [{ kb: "2811654" }]',
        '  verify: [{ source: 003_0a7a28e57b02eaeb.txt, section: Overview }]',
      ),
    ),
    at: '  verify: [{ source: 003_0a7a28e57b02eaeb.txt',
    message: /unknown source file 003_0a7a28e57b02eaeb\.txt/,
    withSources: true,
  },
  {
    rule: 'resolution without sources',
    file: TREE,
    change: edit(TREE, '    sources: [{ kb: "2811654", section: Solution }]\n', ''),
    at: '    kind: resolution\n    text: Roll the contact list back',
    message: /^nodes\.rollback\.sources: is required/,
    alone: true,
  },
  {
    rule: 'resolution source that does not exist',
    file: TREE,
    change: edit(
      TREE,
      '    sources: [{ kb: "2811654", section: Solution }]',
      '    sources: [{ kb: "2811654", section: Solution }, { learn: "https://learn.microsoft.com/no-such-page" }]',
    ),
    at: '    sources: [{ kb: "2811654", section: Solution }, { learn:',
    message: /https:\/\/learn\.microsoft\.com\/no-such-page is not in learn-pages\.yaml/,
    alone: true,
  },
  {
    rule: 'Learn link in an entry that is not in learn-pages.yaml',
    file: BETA,
    change: edit(
      BETA,
      '(https://support.microsoft.com/help/2757458)',
      '(https://support.microsoft.com/help/2757458)\n- [Unlisted page](https://learn.microsoft.com/skypeforbusiness/unlisted)',
    ),
    at: '- [Unlisted page]',
    message: /https:\/\/learn\.microsoft\.com\/skypeforbusiness\/unlisted is not in learn-pages\.yaml/,
    alone: true,
  },
  {
    rule: 'Learn page listed with a locale',
    file: LEARN,
    change: edit(LEARN, 'https://learn.microsoft.com/powershell', 'https://learn.microsoft.com/en-us/powershell'),
    at: '- url: https://learn.microsoft.com/en-us/powershell',
    message: /write Learn addresses without the locale/,
    alone: true,
  },
  {
    rule: 'Learn page listed twice',
    file: LEARN,
    change: (dir) =>
      fs.appendFileSync(
        path.join(dir, LEARN),
        '- url: https://learn.microsoft.com/powershell/module/skypeforbusiness/Invoke-CsUcsRollback/\n  title: Invoke-CsUcsRollback again\n  summary: The same page.\n',
      ),
    at: 'Invoke-CsUcsRollback/',
    message: /is listed twice/,
    alone: true,
  },
  // ---- user-facing text ----
  {
    rule: 'internal name in an entry body ("the blog")',
    file: ALPHA,
    change: edit(
      ALPHA,
      'Reconnect the mailbox within 30 days.',
      'Reconnect the mailbox within 30 days, as the blog says.',
    ),
    at: 'as the blog says',
    message: /## Fix: users must not see "the blog", found "the blog"/,
    alone: true,
  },
  {
    rule: 'source file number in an entry summary',
    file: BETA,
    change: edit(
      BETA,
      'summary: Lync 2010 and Lync for Mac 2011',
      'summary: As source 004 says, Lync 2010 and Lync for Mac 2011',
    ),
    at: 'summary: As source 004 says',
    message: /summary: users must not see an internal source number, found "source 004"/,
    alone: true,
  },
  {
    rule: 'reader report in a tree node',
    file: TREE,
    change: edit(TREE, 'then hand off to the helpdesk.', 'then hand off to the helpdesk, as two readers did.'),
    at: 'as two readers did',
    message: /node handoff: users must not see "reader\(s\)", found "readers"/,
    alone: true,
  },
  {
    rule: '.txt file name in a matrix note',
    file: MATRIX,
    change: edit(
      MATRIX,
      '    text: Needs Exchange 2013 or later.',
      '    text: Needs Exchange 2013 or later (001_3c3d995e378cb668.txt).',
    ),
    at: '    text: Needs Exchange 2013 or later (001',
    message: /note needs-exchange-2013: users must not see a \.txt file name/,
    alone: true,
  },
  {
    rule: '"the author" in a KB summary',
    file: KB,
    change: edit(KB, '  summary: Old clients read', '  summary: The author says old clients read'),
    at: '  summary: The author says old clients read',
    message: /KB 2757458 summary: users must not see "the author"/,
    alone: true,
  },
  {
    rule: 'entry id in prose',
    file: BETA,
    change: edit(
      BETA,
      '1. Edit the contact list from Lync 2013 or Outlook.',
      '1. Edit the contact list from Lync 2013 or Outlook (see alpha-entry).',
    ),
    at: '(see alpha-entry)',
    message: /## Fix: the entry id "alpha-entry" is shown to users/,
    alone: true,
  },
  {
    rule: 'a bare address in user text (it becomes a live link)',
    file: BETA,
    change: edit(
      BETA,
      '1. Edit the contact list from Lync 2013 or Outlook.',
      '1. Edit the contact list from Lync 2013 or Outlook at https://fe.contoso.test/contacts.',
    ),
    at: 'https://fe.contoso.test/contacts',
    message: /## Fix: the bare address "https:\/\/fe\.contoso\.test\/contacts" becomes a live link/,
    alone: true,
  },
  {
    rule: 'Set-Mailbox named without the warning',
    file: BETA,
    change: all(
      edit(
        CMDLETS,
        '- name: Test-CsExStorageConnectivity',
        '- name: Set-Mailbox\n  documented_in: ["kb:2757458"]\n- name: Test-CsExStorageConnectivity',
      ),
      edit(
        BETA,
        '2. Check the storage connection',
        '2. Add the SIP address with Set-Mailbox.\n3. Check the storage connection',
      ),
    ),
    at: '2. Add the SIP address with Set-Mailbox.',
    message: /## Fix: names Set-Mailbox without the warning/,
    alone: true,
  },
  {
    rule: 'Set-Mailbox -EmailAddresses with a plain value (replaces every proxy address)',
    file: ALPHA,
    change: all(
      edit(
        CMDLETS,
        '- name: Test-CsExStorageConnectivity',
        '- name: Set-Mailbox\n  documented_in: ["kb:2811654"]\n- name: Test-CsExStorageConnectivity',
      ),
      edit(
        ALPHA,
        'Invoke-CsUcsRollback -Identity "sip:user@contoso.com"\n',
        'Invoke-CsUcsRollback -Identity "sip:user@contoso.com"\nSet-Mailbox -Identity user -EmailAddresses "SIP:user@contoso.com"\n',
      ),
    ),
    at: 'Set-Mailbox -Identity user -EmailAddresses "SIP:user@contoso.com"',
    message: /## PowerShell: -EmailAddresses without @\{Add=\.\.\.\} replaces every proxy address/,
  },
  {
    rule: 'check whose text does not end with a question',
    file: TREE,
    change: edit(
      TREE,
      '    text: Run the storage connectivity test. Does it succeed?',
      '    text: Run the storage connectivity test and note what it says.',
    ),
    at: '    text: Run the storage connectivity test and note',
    message: /node storage-check: a check must end with a question/,
    alone: true,
  },
  // ---- matrix: inferred cells and KB-backed cells ----
  {
    rule: 'inferred matrix rule without a note saying so',
    file: MATRIX,
    change: edit(
      MATRIX,
      '        status: supported\n        source: 001_3c3d995e378cb668.txt\n  - id: ucs-contact-list',
      '        status: supported\n        inferred: true\n        source: 001_3c3d995e378cb668.txt\n  - id: ucs-contact-list',
    ),
    at: '        inferred: true',
    message: /an inferred rule must carry a note that tells users the status is inferred/,
    alone: true,
  },
  {
    rule: 'matrix rule citing a KB that is not in kb-articles.yaml',
    file: MATRIX,
    change: edit(
      MATRIX,
      '        status: supported\n        source: 001_3c3d995e378cb668.txt\n  - id: ucs-contact-list',
      '        status: supported\n        source: 001_3c3d995e378cb668.txt\n        kb: "9999999"\n  - id: ucs-contact-list',
    ),
    at: '        kb: "9999999"',
    message: /KB 9999999 is not in kb-articles\.yaml/,
    alone: true,
  },
  // ---- synonyms ----
  {
    rule: 'synonym term in two groups',
    file: SYNONYMS,
    change: edit(SYNONYMS, '  - [sfb, skype for business, lync]', '  - [sfb, skype for business, lync, UCS]'),
    at: '  - [sfb, skype for business, lync, UCS]',
    message: /"UCS" is already in group 1/,
    alone: true,
  },
  {
    rule: 'synonym group with one spelling',
    file: SYNONYMS,
    change: (dir) => fs.appendFileSync(path.join(dir, SYNONYMS), '  - [owa]\n'),
    at: '  - [owa]',
    message: /a synonym group needs at least 2 spellings/,
    alone: true,
  },
];

describe('content validator (one failing fixture per rule)', () => {
  after(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the unchanged base fixture', () => {
    const result = loadKnowledge(copyBase());
    assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
    assert.equal(result.knowledge.entries.size, 2);
    assert.equal(result.knowledge.trees.size, 1);
  });

  it('accepts the unchanged base fixture checked against the stand-in sources (a quote across HTML tags and entities)', () => {
    const result = loadKnowledge(copyBase(), { sourcesDir: SOURCES });
    assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
    const alpha = result.knowledge.entries.get('alpha-entry');
    assert.deepEqual(alpha?.sectionSources.cause[0], {
      kind: 'source',
      file: '004_67ee46a4b965056e.txt',
      section: 'Exchange Unified Contact Store and the Lync contact list',
      quote: 'Lync contact list is empty or read-only',
    });
    assert.equal(
      alpha.sectionSources.powershell?.[1]?.kind === 'learn' ? alpha.sectionSources.powershell[1].title : '',
      'Invoke-CsUcsRollback',
    );
    const rollback = result.knowledge.trees.get('alpha-tree')?.nodes.get('rollback');
    assert.ok(
      rollback?.kind === 'resolution' &&
        rollback.sources[0]?.kind === 'kb' &&
        rollback.sources[0].title.startsWith('Lync contact list is empty'),
    );
  });

  it('accepts a cycle that has an exit', () => {
    const dir = copyBase();
    edit(
      TREE,
      '      - label: It fails\n        next: handoff\n',
      '      - label: It fails\n        next: handoff\n      - label: Not sure\n        next: recheck\n',
    )(dir);
    fs.appendFileSync(
      path.join(dir, TREE),
      '  recheck:\n    kind: check\n    text: Run the test once more. What now?\n    choices:\n      - label: Back to the first check\n        next: storage-check\n      - label: Give up\n        next: handoff\n',
    );
    const result = loadKnowledge(dir);
    assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  });

  for (const c of CASES) {
    it(`reports ${c.rule} at ${c.file}`, () => {
      const dir = copyBase();
      c.change(dir);
      const problems = loadProblems(dir, c.withSources);
      assertProblem(dir, problems, c, c.message);
      if (c.alone) assert.equal(problems.length, 1, `expected only this problem, got:\n${show(dir, problems)}`);
    });
  }

  describe('reporting', () => {
    /** Two mistakes in two files: a broken tree edge and an unknown front-matter key. */
    function twoMistakes(): string {
      const dir = copyBase();
      edit(TREE, '    if_not_fixed: handoff', '    if_not_fixed: escalate')(dir);
      edit(BETA, 'updated: 2026-11-21', 'updated: 2026-11-21\nowner: helpdesk')(dir);
      return dir;
    }

    it('reports every problem at once, sorted by file and line', () => {
      const dir = twoMistakes();
      const problems = loadProblems(dir);
      assert.equal(problems.length, 2, show(dir, problems));
      assertProblem(dir, problems, { file: BETA, at: 'owner: helpdesk' }, /unknown key owner/);
      assertProblem(dir, problems, { file: TREE, at: '    if_not_fixed: escalate' }, /if_not_fixed goes to "escalate"/);
      assert.deepEqual(
        problems.map((p) => contentPath(dir, p)),
        [BETA, TREE],
      );
    });

    it('loadKnowledgeOrThrow throws a ContentError listing every problem as file:line: message', () => {
      const dir = twoMistakes();
      const problems = loadProblems(dir);
      assert.throws(
        () => loadKnowledgeOrThrow(dir),
        (err: unknown) => {
          assert.ok(err instanceof ContentError);
          assert.equal(err.name, 'ContentError');
          assert.equal(err.problems.length, 2);
          assert.match(err.message, /Invalid content \(2 problems\)/);
          for (const p of problems)
            assert.ok(err.message.includes(formatProblem(p)), `${err.message}\nshould list ${formatProblem(p)}`);
          return true;
        },
      );
    });

    it('the bot refuses to start on invalid content', () => {
      const dir = twoMistakes();
      assert.throws(
        () => freshApp({ KNOWLEDGE_DIR: dir }),
        (err: unknown) => err instanceof ContentError && err.problems.length === 2,
      );
    });

    it('reports a missing registry file instead of crashing', () => {
      const dir = copyBase();
      fs.rmSync(path.join(dir, SYNONYMS));
      const problems = loadProblems(dir);
      assertProblem(dir, problems, { file: SYNONYMS, at: 1 }, /cannot read: ENOENT/);
    });
  });
});
