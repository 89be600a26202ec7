import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import type { Tree, TreeNode, TreeChoice } from '../knowledge/model.js';
import { kbUrl } from '../knowledge/model.js';
import type { Logger } from '../bot/logger.js';
import { sendReply, button, reply, type Reply, type ReplyButton } from '../bot/cards/reply.js';
import { shorten } from '../bot/cards/entryCard.js';
import { recognizeChoice } from './choiceRecognizer.js';
import { PROFILE_VALUES, type UserProfile, type ProfileField } from './profile.js';
import { quoteUserText } from '../knowledge/render.js';

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
}

/** The dialog's persisted state: plain JSON, so a conversation resumes after a restart. */
export interface TreeState {
  treeId: string;
  nodeId: string;
  steps: Step[];
  misses: number;
  shownEntries: string[];
}

const YES_FIXED = 'Yes, it is fixed';
const NOT_FIXED = 'No, still broken';
const MAX_MISSES = 3;

export interface TreeDialogDeps {
  readonly knowledge: KnowledgeStore;
  readonly profile: StatePropertyAccessor<UserProfile>;
  readonly logger: Logger;
  /**
   * Answers a free-text question asked in the middle of a tree (without starting another tree).
   * Returns true when it found an answer.
   */
  readonly answerAside: (context: TurnContext, text: string) => Promise<boolean>;
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
      await dc.context.sendActivity(`I don't have a troubleshooter called "${quoteUserText(options?.treeId ?? '', 60)}". Type \`/troubleshoot\` to see them.`);
      return dc.endDialog();
    }
    const state: TreeState = { treeId: tree.id, nodeId: tree.start, steps: [], misses: 0, shownEntries: [] };
    dc.activeDialog!.state = state;
    this.deps.logger.info('tree started', { tree: tree.id, conversationId: dc.context.activity.conversation?.id });
    await this.send(dc.context, reply(`**${tree.title}**: ${tree.summary}\n\nI'll ask one thing at a time. Type **back** to change an answer or **cancel** to stop.`));
    return this.enter(dc, state, tree);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as TreeState | undefined;
    const tree = state ? this.deps.knowledge.current.trees.get(state.treeId) : undefined;
    const node = tree && state ? tree.nodes.get(state.nodeId) : undefined;
    if (!tree || !state || !node) {
      // Content was reloaded under us and the node is gone: end cleanly rather than crash.
      await dc.context.sendActivity('This troubleshooter changed since we started, so I have stopped it. Type `/troubleshoot` to start again.');
      return dc.endDialog();
    }
    const text = (dc.context.activity.text ?? '').trim();
    if (/^(back|go back|previous)$/i.test(text)) return this.back(dc, state, tree);

    const labels = this.labelsOf(node);
    const picked = recognizeChoice(text, labels);
    if (picked < 0) return this.unrecognised(dc, state, tree, node, text);
    state.misses = 0;

    if (node.kind === 'resolution') {
      if (labels[picked] === YES_FIXED) {
        this.deps.logger.info('tree resolved', { tree: tree.id, node: node.id, conversationId: dc.context.activity.conversation?.id });
        await this.send(dc.context, reply('Great, glad that fixed it. Describe another problem any time.'));
        return dc.endDialog({ resolved: true });
      }
      state.steps.push({ nodeId: node.id, question: 'Did this fix it?', answer: NOT_FIXED, kind: node.kind });
      const next = node.ifNotFixed ?? undefined;
      if (next) {
        await this.send(dc.context, reply("Let's check the next most likely cause."));
        state.nodeId = next;
        return this.enter(dc, state, tree);
      }
      return this.handoff(dc, state, tree, "The fixes I know for this didn't solve it.");
    }
    if (node.kind === 'question' || node.kind === 'check') {
      const choice = node.choices[picked] as TreeChoice;
      state.steps.push({ nodeId: node.id, question: node.text, answer: choice.label, kind: node.kind });
      if (node.kind === 'question' && node.profile && choice.values.length === 1) await this.remember(dc.context, node.profile, choice.values[0] as string);
      state.nodeId = choice.next;
      return this.enter(dc, state, tree);
    }
    return dc.endDialog();
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as TreeState;
    const tree = this.deps.knowledge.current.trees.get(state.treeId);
    const node = tree?.nodes.get(state.nodeId);
    if (tree && node) await this.send(context, this.prompt(tree, node, `Back to **${tree.title}**:`));
  }

  /** Shows a node, or passes through it when the profile already answers it. */
  private async enter(dc: DialogContext, state: TreeState, tree: Tree): Promise<DialogTurnResult> {
    // Bounded: profile answers can chain, but a tree has finitely many nodes.
    for (let hops = 0; hops <= tree.nodes.size; hops++) {
      const node = tree.nodes.get(state.nodeId);
      if (!node) return dc.endDialog();
      if (node.kind === 'handoff') return this.handoff(dc, state, tree, node.text);
      if (node.kind === 'question' && node.profile) {
        const profile = await this.deps.profile.get(dc.context, {});
        const known = profile[node.profile];
        const choice = known ? node.choices.find((c) => c.values.includes(known)) : undefined;
        if (choice) {
          state.steps.push({ nodeId: node.id, question: node.text, answer: `${choice.label} (from your profile)`, kind: node.kind });
          await this.send(dc.context, reply(`_${node.text}_ Your profile says **${choice.label}**, so I'll go on from there (\`/profile\` to change it).`));
          state.nodeId = choice.next;
          continue;
        }
      }
      if (node.kind === 'resolution') {
        for (const id of node.entries) if (!state.shownEntries.includes(id)) state.shownEntries.push(id);
      }
      await this.send(dc.context, this.prompt(tree, node));
      return Dialog.EndOfTurn;
    }
    return this.handoff(dc, state, tree, 'I got lost in this troubleshooter.');
  }

  private prompt(tree: Tree, node: TreeNode, lead?: string): Reply {
    const head = lead ? `${lead}\n\n` : '';
    switch (node.kind) {
      case 'question':
        return reply(`${head}${node.text}`, node.choices.map((c) => button(c.label)));
      case 'check':
        return reply(`${head}**Check:** ${node.text}${node.command ? `\n\n\`\`\`powershell\n${node.command}\n\`\`\`` : ''}\n\nWhat did you see?`, node.choices.map((c) => button(c.label)));
      case 'resolution': {
        const entries = node.entries.map((id) => this.deps.knowledge.current.entries.get(id)).filter((e) => e !== undefined);
        const kbs = [...new Set(entries.flatMap((e) => e.kb))];
        const refs = entries.length > 0 ? `\n\n**More detail:** ${entries.map((e) => e.title).join('; ')}` : '';
        const kbLine = kbs.length > 0 ? `\n\n**KB:** ${kbs.map((n) => `[KB ${n}](${kbUrl(n)})`).join(', ')}` : '';
        const buttons: ReplyButton[] = [button(YES_FIXED), button(NOT_FIXED), ...entries.slice(0, 2).map((e) => button(shorten(`Details: ${e.title}`, 40), `/kb ${e.id}`))];
        return reply(`${head}**Fix:** ${node.text}${refs}${kbLine}\n\nDid this fix it?`, buttons);
      }
      case 'handoff':
        return reply(`${head}${node.text}`);
      default: {
        const never: never = node;
        throw new Error(`unknown node ${String(never)}`);
      }
    }
  }

  private labelsOf(node: TreeNode): string[] {
    if (node.kind === 'question' || node.kind === 'check') return node.choices.map((c) => c.label);
    if (node.kind === 'resolution') return [YES_FIXED, NOT_FIXED];
    return [];
  }

  private async unrecognised(dc: DialogContext, state: TreeState, tree: Tree, node: TreeNode, text: string): Promise<DialogTurnResult> {
    // A real question in the middle of a tree: answer it, then offer to carry on.
    if (text.split(/\s+/).length >= 4 && (await this.deps.answerAside(dc.context, text))) {
      await this.send(dc.context, this.prompt(tree, node, `To carry on with **${tree.title}**, answer below (or type **cancel**):`));
      return Dialog.EndOfTurn;
    }
    state.misses++;
    if (state.misses >= MAX_MISSES) {
      await this.send(dc.context, reply("I still didn't catch that. Pick one of the buttons, type its number, or ask for a person with `/handoff`.", [...this.labelsOf(node).map((l) => button(l)), button('Hand off to helpdesk', '/handoff')]));
      return Dialog.EndOfTurn;
    }
    await this.send(dc.context, this.prompt(tree, node, `Sorry, I didn't recognise "${quoteUserText(text, 60)}" as one of the answers.`));
    return Dialog.EndOfTurn;
  }

  private async back(dc: DialogContext, state: TreeState, tree: Tree): Promise<DialogTurnResult> {
    // Undo answers the profile gave automatically too, back to the last one the user typed.
    let last = state.steps.pop();
    while (last && last.answer.endsWith('(from your profile)') && state.steps.length > 0) last = state.steps.pop();
    if (!last) {
      await this.send(dc.context, this.prompt(tree, tree.nodes.get(state.nodeId) as TreeNode, 'This is the first step.'));
      return Dialog.EndOfTurn;
    }
    state.nodeId = last.nodeId;
    const node = tree.nodes.get(last.nodeId) as TreeNode;
    await this.send(dc.context, this.prompt(tree, node, 'Going back one step.'));
    return Dialog.EndOfTurn;
  }

  private async handoff(dc: DialogContext, state: TreeState, tree: Tree, reason: string): Promise<DialogTurnResult> {
    this.deps.logger.info('tree handed off', { tree: tree.id, node: state.nodeId, conversationId: dc.context.activity.conversation?.id });
    await this.send(dc.context, reply(`${reason}\n\nPlease pass this to your helpdesk or Skype/Exchange admin:\n\n${handoffSummary(tree, state, this.deps.knowledge)}`));
    return dc.endDialog({ resolved: false });
  }

  private async remember(context: TurnContext, field: ProfileField, value: string): Promise<void> {
    if (value !== 'unknown' && !PROFILE_VALUES[field].includes(value)) return;
    const profile = await this.deps.profile.get(context, {});
    await this.deps.profile.set(context, { ...profile, [field]: value });
  }

  private async send(context: TurnContext, r: Reply): Promise<void> {
    await sendReply(context, r);
  }
}

/** A ready-to-paste summary: symptom, answers given, checks done, entries and KB links shown. */
export function handoffSummary(tree: Tree, state: TreeState, knowledge: KnowledgeStore): string {
  const answers = state.steps.filter((s) => s.kind === 'question').map((s) => `- ${s.question} → ${s.answer}`);
  const checks = state.steps.filter((s) => s.kind === 'check').map((s) => `- ${s.question} → ${s.answer}`);
  const fixes = state.steps.filter((s) => s.kind === 'resolution').map((s) => `- ${tree.nodes.get(s.nodeId)?.text.split('\n')[0] ?? s.nodeId} → not fixed`);
  const entries = state.shownEntries.map((id) => knowledge.current.entries.get(id)).filter((e) => e !== undefined);
  const kbs = [...new Set(entries.flatMap((e) => e.kb))].map((n) => `KB ${n} ${kbUrl(n)}`);
  return [
    '```text',
    `Symptom: ${tree.title}`,
    'Answers:',
    ...(answers.length > 0 ? answers : ['- (none)']),
    'Checks done:',
    ...(checks.length > 0 ? checks : ['- (none)']),
    'Fixes tried:',
    ...(fixes.length > 0 ? fixes : ['- (none)']),
    `Entries shown: ${entries.map((e) => e.id).join(', ') || '(none)'}`,
    `KB articles: ${kbs.join(', ') || '(none)'}`,
    '```',
  ].join('\n');
}
