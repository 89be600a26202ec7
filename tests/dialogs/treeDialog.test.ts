/**
 * TreeDialog on its own, with botbuilder's DialogTestClient: a small fixture tree built here (a
 * plain question, a profile question, a check, two fixes and two handoff nodes), the dialog's
 * dependencies injected as bot/app.ts injects them, and transcripts of rows (what the user sends,
 * what the dialog must say and which buttons it must show, and the dialog's status) run by one
 * runner. The whole bot's tree behaviour is tested in treeBehaviour.test.ts and treePaths.test.ts.
 */
import assert from 'node:assert/strict';
import { AutoSaveStateMiddleware, MemoryStorage, UserState, type Activity, type TurnContext } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { createLogger } from '../../core/logger.js';
import { KnowledgeStore, thresholdsOf } from '../../knowledge/knowledgeStore.js';
import type { Tree, TreeNode } from '../../knowledge/model.js';
import { TreeDialog, type TreeTurn } from '../../dialogs/treeDialog.js';
import { USER_PROFILE, type UserProfile } from '../../dialogs/profile.js';
import { dialogRequestOf, setDialogRequest, turnInputOf } from '../../conversation/turnInput.js';
import { routeMessage } from '../../conversation/router.js';
import { reply, type Reply } from '../../replies/reply.js';
import type { ButtonValue } from '../../replies/buttonValue.js';
import { allText, buttonsOf, sharedApp, testConfig } from '../support/harness.js';

// ---- the fixture tree ----------------------------------------------------------------------------

const TREE_ID = 'fixture-presence';
const TITLE = 'Presence missing (fixture)';
/** A real entry, so the fix shows its KB articles and a details button. */
const ENTRY = 'ucs-contact-list-read-only';

const NODES: readonly TreeNode[] = [
  {
    kind: 'question',
    id: 'where',
    line: 1,
    text: 'Where is the presence light missing?',
    choices: [
      { label: 'Outlook desktop app', next: 'client', values: [] },
      { label: 'Outlook on the web', next: 'owa-admin', values: [] },
    ],
  },
  {
    kind: 'question',
    id: 'client',
    line: 2,
    profile: 'client',
    text: 'Which client do you use?',
    choices: [
      { label: 'Skype for Business for Windows', next: 'signed-in', values: ['sfb-windows'] },
      { label: 'Lync for Mac 2011', next: 'mac-admin', values: ['lync-mac-2011'] },
    ],
  },
  {
    kind: 'check',
    id: 'signed-in',
    line: 3,
    command: 'Test-CsExStorageConnectivity -SipUri "sip:user@contoso.com"',
    text: 'Look at the status at the top of the client. Is it signed in?',
    choices: [
      { label: 'Yes, signed in', next: 'enable-addin', values: [] },
      { label: 'No, not signed in', next: 'sign-in', values: [] },
    ],
  },
  {
    kind: 'resolution',
    id: 'enable-addin',
    line: 4,
    text: 'Enable the Skype Meeting add-in in Outlook.',
    entries: [ENTRY],
    ifNotFixed: 'sign-in',
    sources: [],
  },
  {
    kind: 'resolution',
    id: 'sign-in',
    line: 5,
    text: 'Sign out of the client and sign in again.',
    entries: [],
    sources: [],
  },
  { kind: 'handoff', id: 'owa-admin', line: 6, text: 'Outlook on the web presence is set up by your Exchange admin.' },
  { kind: 'handoff', id: 'mac-admin', line: 7, text: 'Lync for Mac 2011 needs your admin.' },
];

const FIXTURE: Tree = {
  id: TREE_ID,
  title: TITLE,
  summary: 'A fixture tree for the dialog tests.',
  triggers: [],
  entries: [ENTRY],
  sources: [],
  start: 'where',
  nodes: new Map(NODES.map((n) => [n.id, n])),
  file: 'treeDialog.test.ts',
};

/** The real content with the fixture as its only tree (the entries stay real). */
function fixtureKnowledge(): KnowledgeStore {
  const real = sharedApp().services.knowledge.current;
  return new KnowledgeStore(
    { ...real, trees: new Map([[TREE_ID, FIXTURE]]) },
    '/nonexistent',
    thresholdsOf(testConfig()),
  );
}

// ---- the dialog and its dependencies --------------------------------------------------------------

/** The one answer the injected aside knows: a question asked in the middle of the tree. */
const ASIDE_QUESTION = 'when does support for Skype for Business Server end';
const ASIDE_ANSWER = 'Aside: the support dates are on the lifecycle page.';

/**
 * What the bot does before the dialog continues: reads the input once and, for the words the
 * router gives to the active dialog (back, start over) and `/handoff`, hands the dialog its
 * request. The dialog then reads the turn through readTurn, as bot/app.ts wires it.
 */
const routeForDialog = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const input = turnInputOf(context);
    const route = routeMessage({
      text: input.text,
      ...(input.step ? { step: input.step } : {}),
      hasActiveDialog: true,
    });
    if (route.kind === 'back') setDialogRequest(context, 'back');
    if (route.kind === 'restart') setDialogRequest(context, 'restart');
    if (route.kind === 'command' && route.name === 'handoff') setDialogRequest(context, 'handoff');
    await next();
  },
};

function newClient(): DialogTestClient {
  const userState = new UserState(new MemoryStorage());
  const dialog = new TreeDialog({
    knowledge: fixtureKnowledge(),
    profile: userState.createProperty<UserProfile>(USER_PROFILE),
    logger: createLogger('silent'),
    readTurn: (context): TreeTurn => {
      const request = dialogRequestOf(context);
      return { ...turnInputOf(context), ...(request ? { request } : {}) };
    },
    answerAside: (text): Reply | undefined => (text === ASIDE_QUESTION ? reply(ASIDE_ANSWER) : undefined),
  });
  return new DialogTestClient('msteams', dialog, { treeId: TREE_ID }, [
    routeForDialog,
    new AutoSaveStateMiddleware(userState),
  ]);
}

// ---- transcripts ---------------------------------------------------------------------------------

/** A typed message, or the value of a clicked button (sent as Teams sends a messageBack). */
type Send = string | ButtonValue;

interface Row {
  readonly send: Send;
  /** Fragments the turn's replies must contain, in this order. */
  readonly says: readonly string[];
  /** Fragments no reply of the turn may contain. */
  readonly never?: readonly string[];
  /** The titles of the last reply's buttons, exactly (none when empty). */
  readonly buttons?: readonly string[];
  readonly status: DialogTurnStatus;
  /** What the dialog ended with, when it ends. */
  readonly result?: { readonly resolved: boolean };
}

interface Transcript {
  readonly name: string;
  readonly rows: readonly Row[];
}

/** The value of a fixture button: the text it sends, and the step and choice it answers. */
const step = (node: string, choice: string, text = choice): ButtonValue => ({
  text,
  step: { tree: TREE_ID, node, choice },
});

const WHERE_BUTTONS = ['Outlook desktop app', 'Outlook on the web'];
const CLIENT_BUTTONS = ['Skype for Business for Windows', 'Lync for Mac 2011'];
const CHECK_BUTTONS = ['Yes, signed in', 'No, not signed in'];
const FIX_BUTTONS = ['Yes, it is fixed', 'No, still broken'];
const { waiting, complete } = { waiting: DialogTurnStatus.waiting, complete: DialogTurnStatus.complete };

const TRANSCRIPTS: readonly Transcript[] = [
  {
    name: 'answers of every kind, a miss, an aside, back, a stale click, start over and a handoff',
    rows: [
      {
        send: 'hi',
        says: [`**${TITLE}**`, 'one thing at a time', 'Where is the presence light missing?'],
        buttons: WHERE_BUTTONS,
        status: waiting,
      },
      // A question's button.
      {
        send: step('where', 'Outlook desktop app'),
        says: ['Which client do you use?'],
        buttons: CLIENT_BUTTONS,
        status: waiting,
      },
      // A typed answer with a typo matches a label; the profile question remembers it.
      {
        send: 'skype for busness for windows',
        says: ['**Check:** Look at the status', 'Test-CsExStorageConnectivity'],
        buttons: CHECK_BUTTONS,
        status: waiting,
      },
      // An answer that is none of the labels: the step is asked again.
      {
        send: 'purple',
        says: ['Sorry, I didn\'t recognise "purple" as one of the answers.', 'Is it signed in?'],
        buttons: CHECK_BUTTONS,
        status: waiting,
      },
      // A real question mid-way is answered aside, then the step is shown again.
      {
        send: ASIDE_QUESTION,
        says: [ASIDE_ANSWER, `To carry on with **${TITLE}**`, 'Is it signed in?'],
        never: ["didn't recognise"],
        buttons: CHECK_BUTTONS,
        status: waiting,
      },
      {
        send: 'back',
        says: ['Going back one step.', 'Which client do you use?'],
        buttons: CLIENT_BUTTONS,
        status: waiting,
      },
      // The first question's button again: that step is answered already.
      {
        send: step('where', 'Outlook on the web'),
        says: ['That button answers an earlier step', 'Which client do you use?'],
        never: ['Exchange admin'],
        buttons: CLIENT_BUTTONS,
        status: waiting,
      },
      // A number picks a choice too.
      { send: '1', says: ['Is it signed in?'], buttons: CHECK_BUTTONS, status: waiting },
      // A check's button leads to a fix, with the entry's KB articles and details.
      {
        send: step('signed-in', 'Yes, signed in'),
        says: ['**Fix:** Enable the Skype Meeting add-in', 'KB 2811654', 'Did this fix it?'],
        buttons: [...FIX_BUTTONS, 'Details: Contact list is empty or…'],
        status: waiting,
      },
      // A typed "no" at a fix moves on to the next cause.
      {
        send: 'no',
        says: ["Let's check the next most likely cause.", '**Fix:** Sign out of the client'],
        buttons: FIX_BUTTONS,
        status: waiting,
      },
      {
        send: 'start over',
        says: [`Starting **${TITLE}** again from the first question.`, 'Where is the presence light missing?'],
        buttons: WHERE_BUTTONS,
        status: waiting,
      },
      // The profile now answers the client question: the walk goes on without asking it.
      {
        send: step('where', 'Outlook desktop app'),
        says: ['Your profile says **Skype for Business for Windows**', 'Is it signed in?'],
        buttons: CHECK_BUTTONS,
        status: waiting,
      },
      {
        send: '/handoff',
        says: [
          'You asked to hand this over to a person.',
          `Symptom: ${TITLE}`,
          '- Where is the presence light missing? → Outlook desktop app',
          '→ Skype for Business for Windows (from your profile)',
        ],
        buttons: [],
        status: complete,
        result: { resolved: false },
      },
    ],
  },
  {
    name: 'a fix that works ends the dialog resolved',
    rows: [
      { send: 'hi', says: ['Where is the presence light missing?'], buttons: WHERE_BUTTONS, status: waiting },
      { send: 'Outlook desktop', says: ['Which client do you use?'], buttons: CLIENT_BUTTONS, status: waiting },
      { send: step('client', 'Skype for Business for Windows'), says: ['Is it signed in?'], status: waiting },
      { send: 'no, not signed in', says: ['**Fix:** Sign out of the client'], buttons: FIX_BUTTONS, status: waiting },
      {
        send: step('sign-in', 'fixed', 'Yes, it is fixed'),
        says: ['Great, glad that fixed it.'],
        buttons: [],
        status: complete,
        result: { resolved: true },
      },
    ],
  },
  {
    name: 'a handoff node ends the dialog with a summary',
    rows: [
      { send: 'hi', says: ['Where is the presence light missing?'], status: waiting },
      {
        send: step('where', 'Outlook on the web'),
        says: [
          'Outlook on the web presence is set up by your Exchange admin.',
          'Please pass this to your helpdesk',
          '- Where is the presence light missing? → Outlook on the web',
          'Checks done:\n- (none)',
        ],
        buttons: [],
        status: complete,
        result: { resolved: false },
      },
    ],
  },
  {
    name: 'the last fix not working hands off with the fixes tried',
    rows: [
      { send: 'hi', says: ['Where is the presence light missing?'], status: waiting },
      { send: '1', says: ['Which client do you use?'], status: waiting },
      { send: '1', says: ['Is it signed in?'], status: waiting },
      { send: '2', says: ['**Fix:** Sign out of the client'], status: waiting },
      {
        send: step('sign-in', 'not-fixed', 'No, still broken'),
        says: [
          "The fixes I know for this didn't solve it.",
          '- Look at the status at the top of the client. Is it signed in? → No, not signed in',
          'Sign out of the client and sign in again. → not fixed',
        ],
        buttons: [],
        status: complete,
        result: { resolved: false },
      },
    ],
  },
];

// ---- the runner ----------------------------------------------------------------------------------

/** The activity a row sends: typed text, or a button's text with its value (a messageBack). */
function activityOf(send: Send): Partial<Activity> {
  return typeof send === 'string' ? { type: 'message', text: send } : { type: 'message', text: send.text, value: send };
}

/** Sends a row and returns every reply of the turn. */
async function turn(client: DialogTestClient, send: Send): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  // sendActivity answers the turn's first reply (typed any); getNextReply the others, then undefined.
  let next: Partial<Activity> | undefined = (await client.sendActivity(activityOf(send))) as
    Partial<Activity> | undefined;
  while (next) {
    replies.push(next);
    next = client.getNextReply();
  }
  return replies;
}

function assertRow(row: Row, replies: readonly Partial<Activity>[], client: DialogTestClient, where: string): void {
  const text = allText(replies);
  let from = 0;
  for (const fragment of row.says) {
    const at = text.indexOf(fragment, from);
    assert.ok(at >= 0, `${where}: expected "${fragment}" (in order) in:\n${text}`);
    from = at + fragment.length;
  }
  for (const fragment of row.never ?? []) assert.ok(!text.includes(fragment), `${where}: "${fragment}" in:\n${text}`);
  if (row.buttons)
    assert.deepEqual(
      buttonsOf(replies[replies.length - 1]).map((b) => b.title),
      row.buttons,
      `${where}: buttons`,
    );
  assert.equal(client.dialogTurnResult.status, row.status, `${where}: status`);
  if (row.result) assert.deepEqual(client.dialogTurnResult.result, row.result, `${where}: result`);
}

describe('TreeDialog (DialogTestClient, transcript tables)', function () {
  for (const transcript of TRANSCRIPTS) {
    it(transcript.name, async function () {
      const client = newClient();
      for (const [i, row] of transcript.rows.entries()) {
        const where = `row ${i + 1} (${JSON.stringify(row.send)})`;
        assertRow(row, await turn(client, row.send), client, where);
      }
    });
  }
});
