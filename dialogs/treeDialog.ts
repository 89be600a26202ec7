import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './dialogKit.js';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import type { KnowledgeEntry, QuestionNode, Tree, TreeNode, TreeChoice } from '../knowledge/model.js';
import { kbUrl } from '../knowledge/model.js';
import type { Logger } from '../core/logger.js';
import type { EventInput } from '../analytics/events.js';
import { sendReply, button, reply, type Reply, type ReplyButton } from '../replies/reply.js';
import { shorten } from '../replies/entryCard.js';
import { recognizeChoice } from './choiceRecognizer.js';
import { isProfileValue, profileValues, type UserProfile } from './profile.js';
import type { ProfileField } from '../knowledge/model.js';
import { quoteUserText } from '../replies/quote.js';
import { messages } from '../replies/messages.js';
import type { StepChoice } from '../replies/buttonValue.js';

export const TREE_DIALOG = 'treeDialog';

export interface TreeDialogOptions {
  readonly treeId: string;
}

/** One answer in the walk, kept for "back" and for the handoff summary. */
interface Step {
  readonly nodeId: string;
  readonly question: string;
  readonly answer: string;
  readonly kind: TreeNode['kind'];
  /** True when the user's profile answered this question and the bot went on without asking. */
  readonly fromProfile?: boolean;
}

/** The dialog's persisted state: plain JSON, so a conversation resumes after a restart. */
export interface TreeState {
  treeId: string;
  nodeId: string;
  steps: Step[];
  misses: number;
  shownEntries: string[];
}

/** Choice ids of the two answers to "Did this fix it?", as a button's step names them. */
const FIXED = 'fixed';
const NOT_FIXED_ID = 'not-fixed';
const MAX_MISSES = 3;

/** True when saved dialog state has the shape this dialog writes (state from another version may not). */
export function isTreeState(value: unknown): value is TreeState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.treeId === 'string' &&
    typeof s.nodeId === 'string' &&
    Array.isArray(s.steps) &&
    typeof s.misses === 'number' &&
    Array.isArray(s.shownEntries)
  );
}

/** What the dialog reads of a turn: the input the bot read once, and what the router asked of it. */
export interface TreeTurn {
  readonly text: string;
  /** The step a clicked button answers, when it names one. */
  readonly step?: StepChoice;
  /** Go back one step, start the troubleshooter over, or hand off with the progress so far. */
  readonly request?: 'back' | 'restart' | 'handoff';
}

export interface TreeDialogDeps {
  /** The turn as the bot read it (never activity.text again). */
  readonly readTurn: (context: TurnContext) => TreeTurn;
  readonly knowledge: KnowledgeStore;
  readonly profile: StatePropertyAccessor<UserProfile>;
  readonly logger: Logger;
  /**
   * Answers a free-text question asked in the middle of a tree (without starting another tree).
   * Returns true when it found an answer.
   */
  readonly answerAside: (text: string) => Reply | undefined;
  /** Notes an analytics event of the turn (started, step reached, resolved, handed off). */
  readonly record?: (context: TurnContext, event: EventInput) => void;
  /**
   * Called when a walk ends in a handoff (no fix left, a handoff step, or `/handoff` mid-walk): opens
   * the helpdesk ticket; the line it returns (the ticket's number) ends the handoff message.
   */
  readonly onHandoff?: (context: TurnContext, handoff: TreeHandoff) => Promise<string | undefined>;
}

/** A walk handed to a person: the troubleshooter, everything done so far, and why. */
export interface TreeHandoff {
  readonly evidence: HandoffEvidence;
  readonly reason: string;
  /** True when the user asked for it (`/handoff`) before the walk was over. */
  readonly asked: boolean;
}

/** What a walk did: the parts of the ready-to-paste summary. */
export interface HandoffEvidence {
  readonly treeId: string;
  readonly title: string;
  readonly answers: readonly { readonly question: string; readonly answer: string; readonly fromProfile: boolean }[];
  readonly checks: readonly { readonly question: string; readonly answer: string }[];
  readonly fixesTried: readonly string[];
  readonly entries: readonly { readonly id: string; readonly title: string }[];
  readonly kbs: readonly { readonly number: string; readonly url: string }[];
}

/**
 * Walks any decision tree from knowledge/content/trees: one node per turn, choices as buttons,
 * typed answers recognised, deployment questions answered from the user's profile, "back" to undo,
 * a fix at every resolution with "Did this fix it?", and a handoff summary when it does not.
 */
export class TreeDialog extends Dialog<TreeDialogOptions> {
  constructor(private readonly deps: TreeDialogDeps) {
    super(TREE_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: TreeDialogOptions): Promise<DialogTurnResult> {
    const tree = options ? this.deps.knowledge.current.trees.get(options.treeId) : undefined;
    if (!tree) {
      await this.send(dc.context, reply(messages.tree.unknown(quoteUserText(options?.treeId ?? '', 60))));
      return dc.endDialog();
    }
    const state: TreeState = { treeId: tree.id, nodeId: tree.start, steps: [], misses: 0, shownEntries: [] };
    activeInstance(dc).state = state;
    this.deps.logger.info('tree started', { tree: tree.id, conversationId: dc.context.activity.conversation.id });
    this.deps.record?.(dc.context, { type: 'treeStarted', tree: tree.id });
    await this.send(dc.context, reply(messages.tree.intro(tree.title, tree.summary)));
    return this.enter(dc, state, tree);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state: unknown = dc.activeDialog?.state;
    const tree = isTreeState(state) ? this.deps.knowledge.current.trees.get(state.treeId) : undefined;
    const node = tree && isTreeState(state) ? tree.nodes.get(state.nodeId) : undefined;
    if (!tree || !isTreeState(state) || !node) {
      // Content was reloaded under us (the node is gone) or the saved state is from another version.
      await this.send(dc.context, reply(messages.tree.stoppedChanged));
      return dc.endDialog();
    }
    const turn = this.deps.readTurn(dc.context);
    switch (turn.request) {
      case 'back':
        return this.back(dc, state, tree);
      case 'restart':
        return this.restart(dc, tree);
      case 'handoff':
        return this.handoff(dc, state, tree, messages.tree.handoffReason.asked, true);
      case undefined:
        break;
    }
    const labels = choiceLabels(node).map((c) => c.label);
    const picked = turn.step ? this.pickedByButton(turn.step, state, node) : recognizeChoice(turn.text, labels);
    if (picked === 'stale') return this.staleClick(dc, state, tree, node, turn.step);
    if (picked < 0) return this.unrecognised(dc, state, tree, node, turn.text);
    state.misses = 0;

    if (node.kind === 'resolution') {
      if (picked === 0) {
        this.deps.logger.info('tree resolved', {
          tree: tree.id,
          node: node.id,
          conversationId: dc.context.activity.conversation.id,
        });
        this.deps.record?.(dc.context, { type: 'treeResolved', tree: tree.id, node: node.id });
        await this.send(dc.context, reply(messages.tree.glad));
        return dc.endDialog({ resolved: true });
      }
      state.steps.push({
        nodeId: node.id,
        question: messages.tree.didThisFix,
        answer: messages.tree.notFixedButton,
        kind: node.kind,
      });
      const next = node.ifNotFixed ?? undefined;
      if (!next) return this.handoff(dc, state, tree, messages.tree.handoffReason.fixesExhausted);
      state.nodeId = next;
      return this.enter(dc, state, tree, messages.tree.nextCause);
    }
    if (node.kind === 'question' || node.kind === 'check') {
      const choice = node.choices[picked] as TreeChoice;
      state.steps.push({ nodeId: node.id, question: node.text, answer: choice.label, kind: node.kind });
      if (node.kind === 'question' && node.profile) await this.remember(dc.context, node.profile, choice.values);
      state.nodeId = choice.next;
      return this.enter(dc, state, tree);
    }
    return dc.endDialog();
  }

  /** The choice a clicked button names, or `stale` when it answers another step than the current one. */
  private pickedByButton(step: StepChoice, state: TreeState, node: TreeNode): number | 'stale' {
    if (step.tree !== state.treeId || step.node !== state.nodeId) return 'stale';
    if (node.kind === 'resolution') return step.choice === FIXED ? 0 : step.choice === NOT_FIXED_ID ? 1 : 'stale';
    if (node.kind === 'question' || node.kind === 'check') {
      const i = node.choices.findIndex((c) => c.label === step.choice);
      return i >= 0 ? i : 'stale';
    }
    return 'stale';
  }

  /** A button of an earlier step (or of another troubleshooter) was clicked: say so, show where we are. */
  private async staleClick(
    dc: DialogContext,
    state: TreeState,
    tree: Tree,
    node: TreeNode,
    step: StepChoice | undefined,
  ): Promise<DialogTurnResult> {
    const other = step && step.tree !== state.treeId ? this.deps.knowledge.current.trees.get(step.tree) : undefined;
    const lead = other ? messages.tree.staleOtherTree(other.title, tree.title) : messages.tree.staleEarlierStep;
    await this.send(dc.context, this.prompt(tree, node, lead));
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as TreeState;
    const tree = this.deps.knowledge.current.trees.get(state.treeId);
    const node = tree?.nodes.get(state.nodeId);
    if (tree && node) await this.send(context, this.prompt(tree, node, messages.tree.backTo(tree.title)));
  }

  /**
   * Shows a node, or passes through it when the profile already answers it. `lead` introduces the
   * node shown; it is left out when the walk ends in a handoff (which gives its own reason).
   */
  private async enter(dc: DialogContext, state: TreeState, tree: Tree, lead?: string): Promise<DialogTurnResult> {
    const profile = await this.deps.profile.get(dc.context, {});
    const arrival = arriveAt(tree, state.nodeId, profile);
    if (lead && arrival.node?.kind !== 'handoff') await this.send(dc.context, reply(lead));
    for (const skip of arrival.skipped) {
      state.steps.push({
        nodeId: skip.node.id,
        question: skip.node.text,
        answer: skip.choice.label,
        kind: skip.node.kind,
        fromProfile: true,
      });
      await this.send(dc.context, reply(messages.tree.fromProfile(skip.node.text, skip.choice.label)));
    }
    const node = arrival.node;
    if (!node) return this.handoff(dc, state, tree, messages.tree.handoffReason.lost);
    state.nodeId = node.id;
    if (node.kind === 'handoff') return this.handoff(dc, state, tree, node.text);
    if (node.kind === 'resolution') {
      for (const id of node.entries) if (!state.shownEntries.includes(id)) state.shownEntries.push(id);
    }
    this.deps.record?.(dc.context, { type: 'treeStep', tree: tree.id, node: node.id });
    await this.send(dc.context, this.prompt(tree, node));
    return Dialog.EndOfTurn;
  }

  private prompt(tree: Tree, node: TreeNode, lead?: string): Reply {
    return stepReply(tree, node, this.deps.knowledge, lead);
  }

  private async unrecognised(
    dc: DialogContext,
    state: TreeState,
    tree: Tree,
    node: TreeNode,
    text: string,
  ): Promise<DialogTurnResult> {
    // A real question in the middle of a tree: answer it, then offer to carry on.
    const aside = text.split(/\s+/).length >= 4 ? this.deps.answerAside(text) : undefined;
    if (aside) {
      await this.send(dc.context, aside);
      await this.send(dc.context, this.prompt(tree, node, messages.tree.carryOn(tree.title)));
      return Dialog.EndOfTurn;
    }
    state.misses++;
    if (state.misses >= MAX_MISSES) {
      const again = this.prompt(tree, node, messages.tree.stillNotCaughtLead);
      await this.send(
        dc.context,
        reply(again.markdown, [...(again.buttons ?? []), button(messages.handoffButton, '/handoff')], again.card),
      );
      return Dialog.EndOfTurn;
    }
    await this.send(dc.context, this.prompt(tree, node, messages.tree.notRecognised(quoteUserText(text, 60))));
    return Dialog.EndOfTurn;
  }

  private async back(dc: DialogContext, state: TreeState, tree: Tree): Promise<DialogTurnResult> {
    // Undo answers the profile gave automatically too, back to the last one the user gave.
    let last = state.steps.pop();
    while (last?.fromProfile && state.steps.length > 0) last = state.steps.pop();
    const target = last ? tree.nodes.get(last.nodeId) : undefined;
    if (!last || !target) {
      if (last) state.steps.push(last);
      await this.send(dc.context, this.prompt(tree, tree.nodes.get(state.nodeId) as TreeNode, messages.tree.firstStep));
      return Dialog.EndOfTurn;
    }
    state.nodeId = target.id;
    await this.send(dc.context, this.prompt(tree, target, messages.tree.goingBack));
    return Dialog.EndOfTurn;
  }

  /** `start over` inside a troubleshooter: the same troubleshooter again, from its first question. */
  private async restart(dc: DialogContext, tree: Tree): Promise<DialogTurnResult> {
    const was = activeInstance(dc).state as TreeState;
    const state: TreeState = { treeId: tree.id, nodeId: tree.start, steps: [], misses: 0, shownEntries: [] };
    activeInstance(dc).state = state;
    this.deps.logger.info('tree restarted', { tree: tree.id, conversationId: dc.context.activity.conversation.id });
    this.deps.record?.(dc.context, { type: 'treeAbandoned', tree: tree.id, node: was.nodeId, reason: 'replaced' });
    this.deps.record?.(dc.context, { type: 'treeStarted', tree: tree.id });
    return this.enter(dc, state, tree, messages.tree.restarting(tree.title));
  }

  private async handoff(
    dc: DialogContext,
    state: TreeState,
    tree: Tree,
    reason: string,
    asked = false,
  ): Promise<DialogTurnResult> {
    this.deps.logger.info('tree handed off', {
      tree: tree.id,
      node: state.nodeId,
      conversationId: dc.context.activity.conversation.id,
    });
    this.deps.record?.(dc.context, { type: 'handoff', source: 'tree', tree: tree.id, node: state.nodeId });
    const evidence = handoffEvidence(tree, state, this.deps.knowledge);
    const notice = await this.deps.onHandoff?.(dc.context, { evidence, reason, asked });
    await this.send(dc.context, handoffReply(tree, state, this.deps.knowledge, reason, notice));
    return dc.endDialog({ resolved: false });
  }

  /** Remembers what a profile answer says ("Exchange 2013 or 2016" keeps both values). */
  private async remember(context: TurnContext, field: ProfileField, values: readonly string[]): Promise<void> {
    if (values.length === 0 || !values.every((v) => isProfileValue(field, v))) return;
    const profile = await this.deps.profile.get(context, {});
    await this.deps.profile.set(context, { ...profile, [field]: [...values] });
  }

  private async send(context: TurnContext, r: Reply): Promise<void> {
    await sendReply(context, r);
  }
}

/** Choice ids of a fix's two answers, and the labels of any step's choices. */
function choiceLabels(node: TreeNode): { readonly id: string; readonly label: string }[] {
  if (node.kind === 'question' || node.kind === 'check')
    return node.choices.map((c) => ({ id: c.label, label: c.label }));
  if (node.kind === 'resolution')
    return [
      { id: FIXED, label: messages.tree.fixedButton },
      { id: NOT_FIXED_ID, label: messages.tree.notFixedButton },
    ];
  return [];
}

/** The label of the choice a step's button names, if the step has it. */
export function choiceLabel(node: TreeNode, choice: string): string | undefined {
  return choiceLabels(node).find((c) => c.id === choice)?.label;
}

/** A step's Markdown without its lead: the question, the check with its cmdlet, or the fix. */
function stepBody(node: TreeNode, knowledge: KnowledgeStore): { body: string; entries: KnowledgeEntry[] } {
  switch (node.kind) {
    case 'question':
    case 'handoff':
      return { body: node.text, entries: [] };
    case 'check':
      // The check's text ends in its own question (kb:check requires it), so none is added here.
      return { body: messages.tree.check(node.text, node.command), entries: [] };
    case 'resolution': {
      const entries = node.entries.map((id) => knowledge.current.entries.get(id)).filter((e) => e !== undefined);
      const kbLinks = [...new Set(entries.flatMap((e) => e.kb))].map((n) => messages.kbLink(n, kbUrl(n)));
      const body = messages.tree.fix(
        node.text,
        entries.map((e) => e.title),
        kbLinks,
      );
      return { body, entries };
    }
    default: {
      const never: never = node;
      throw new Error(`unknown node ${String(never)}`);
    }
  }
}

/**
 * One step of a troubleshooter as a reply: `lead` first (what became of the last answer), then the
 * step, with its choices as buttons that name the step (a fix adds buttons to its entries).
 */
export function stepReply(tree: Tree, node: TreeNode, knowledge: KnowledgeStore, lead?: string): Reply {
  const { body, entries } = stepBody(node, knowledge);
  const markdown = lead ? `${lead}\n\n${body}` : body;
  if (node.kind === 'handoff') return reply(markdown);
  const buttons: ReplyButton[] = [
    ...choiceLabels(node).map((c) => button(c.label, c.label, { tree: tree.id, node: node.id, choice: c.id })),
    ...entries.slice(0, 2).map((e) => button(shorten(messages.tree.detailsButton(e.title), 40), `/kb ${e.id}`)),
  ];
  return reply(markdown, buttons, {
    kind: 'treeStep',
    treeTitle: tree.title,
    ...(lead ? { lead } : {}),
    body,
  });
}

/** The dialog's instance on the stack; the dialog context pushes it before calling the dialog. */
function activeInstance(dc: DialogContext): DialogInstance {
  const instance = dc.activeDialog;
  if (!instance) throw new Error('TreeDialog ran without an active dialog instance');
  return instance;
}

/** The end of a walk without a fix: why, and the ready-to-paste summary (a handoff card). */
export function handoffReply(
  tree: Tree,
  state: TreeState,
  knowledge: KnowledgeStore,
  reason: string,
  ticketNotice?: string,
): Reply {
  const summary = messages.tree.handoff(reason, handoffSummary(tree, state, knowledge));
  const body = ticketNotice !== undefined ? `${summary}\n\n${ticketNotice}` : summary;
  return reply(body, [], { kind: 'handoff', treeTitle: tree.title, body });
}

/** A ready-to-paste summary: symptom, answers given, checks done, entries and KB links shown. */
export function handoffSummary(tree: Tree, state: TreeState, knowledge: KnowledgeStore): string {
  const evidence = handoffEvidence(tree, state, knowledge);
  return messages.tree.summary({ ...evidence, entryIds: evidence.entries.map((e) => e.id) });
}

/** Everything a walk did so far, as data: answers, checks, fixes tried, entries and KB articles shown. */
export function handoffEvidence(tree: Tree, state: TreeState, knowledge: KnowledgeStore): HandoffEvidence {
  const entries = state.shownEntries.map((id) => knowledge.current.entries.get(id)).filter((e) => e !== undefined);
  return {
    treeId: tree.id,
    title: tree.title,
    answers: state.steps
      .filter((s) => s.kind === 'question')
      .map((s) => ({ question: s.question, answer: s.answer, fromProfile: s.fromProfile === true })),
    checks: state.steps.filter((s) => s.kind === 'check').map((s) => ({ question: s.question, answer: s.answer })),
    fixesTried: state.steps
      .filter((s) => s.kind === 'resolution')
      .map((s) => tree.nodes.get(s.nodeId)?.text.split('\n')[0] ?? s.nodeId),
    entries: entries.map((e) => ({ id: e.id, title: e.title })),
    kbs: [...new Set(entries.flatMap((e) => e.kb))].map((n) => ({ number: n, url: kbUrl(n) })),
  };
}

/** Where a walk lands from `nodeId`: the profile questions it passes through, and the node it stops at. */
export interface Arrival {
  readonly skipped: readonly { readonly node: QuestionNode; readonly choice: TreeChoice }[];
  /** The node to show or hand off at; undefined when the walk leaves the tree (content changed). */
  readonly node: TreeNode | undefined;
}

/**
 * Follows profile questions the user's profile already answers: a question is answered when one of
 * its choices allows every value the profile holds for its field. Pure; bounded by the tree's size.
 */
export function arriveAt(tree: Tree, nodeId: string, profile: UserProfile): Arrival {
  const skipped: { node: QuestionNode; choice: TreeChoice }[] = [];
  let id = nodeId;
  for (let hops = 0; hops <= tree.nodes.size; hops++) {
    const node = tree.nodes.get(id);
    if (node?.kind !== 'question' || !node.profile) return { skipped, node };
    const known = profileValues(profile, node.profile);
    const choice = known.length > 0 ? node.choices.find((c) => known.every((v) => c.values.includes(v))) : undefined;
    if (!choice) return { skipped, node };
    skipped.push({ node, choice });
    id = choice.next;
  }
  return { skipped, node: undefined };
}
