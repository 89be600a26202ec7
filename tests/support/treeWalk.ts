/**
 * Test kit for the guided troubleshooters: enumerates every path of a tree (with the profile
 * answers the dialog would remember on the way), drives the whole bot through any harness Chat
 * (a TestChat, or a chat over HTTP) by clicking hero-card buttons, and checks fixes and handoff summaries.
 */
import assert from 'node:assert/strict';
import type { Tree, TreeNode, KnowledgeEntry, ResolutionNode, HandoffNode } from '../../knowledge/model.js';
import { PROFILE_VALUES, type ProfileField } from '../../knowledge/model.js';
import { buttonsOf, lastOf, textOf, type BotReply, type Chat, type TestChat } from './harness.js';

export const YES_FIXED = 'Yes, it is fixed';
export const NOT_FIXED = 'No, still broken';
export const KB_LINK = 'https://support.microsoft.com/help/';

/** Approved PowerShell verbs that the content uses, followed by a capitalised noun. */
const CMDLET =
  /(?<![\w-])(?:Add|Clear|Connect|Disable|Enable|Export|Get|Grant|Import|Install|Invoke|Move|New|Register|Remove|Reset|Restart|Set|Start|Stop|Sync|Test|Update)-[A-Z][A-Za-z0-9]+/;

/** True when the text names a KB article link or a PowerShell cmdlet. */
export function hasKbLinkOrCmdlet(text: string): boolean {
  return text.includes(KB_LINK) || CMDLET.test(text);
}

// ---------------------------------------------------------------------------------------------
// Path enumeration
// ---------------------------------------------------------------------------------------------

/** The values the profile holds per field (a broad answer such as "Exchange 2013 or 2016" holds two). */
export type Profile = Partial<Record<ProfileField, readonly string[]>>;

/** One answer in a walk: a user's button (or "No, still broken" at a resolution), or a profile skip. */
export interface PathStep {
  readonly nodeId: string;
  readonly kind: 'question' | 'check' | 'resolution';
  readonly label: string;
  /** True when the profile answered this question and the bot went on without asking. */
  readonly auto: boolean;
}

export interface TreePath {
  readonly tree: Tree;
  readonly steps: readonly PathStep[];
  /** The node the walk stops at: a resolution (answered by the test) or a handoff. */
  readonly end: ResolutionNode | HandoffNode;
  /** The profile as the bot will have remembered it when the walk reaches `end`. */
  readonly profile: Profile;
  /** Every resolution shown on the way, in order (end included when it is one). */
  readonly shownResolutions: readonly string[];
}

function nodeOf(tree: Tree, id: string): TreeNode {
  const node = tree.nodes.get(id);
  if (!node) throw new Error(`${tree.id}: no node ${id}`);
  return node;
}

/** What the dialog remembers when the user picks a choice of a profile question. */
function rememberChoice(node: TreeNode, label: string, profile: Profile): Profile {
  if (node.kind !== 'question' || !node.profile) return profile;
  const choice = node.choices.find((c) => c.label === label);
  if (!choice || choice.values.length === 0) return profile;
  const field = node.profile;
  if (!choice.values.every((v) => v === 'unknown' || PROFILE_VALUES[field].includes(v))) return profile;
  return { ...profile, [field]: choice.values };
}

export interface Arrival {
  /** Profile skips on the way, in order. */
  readonly auto: readonly PathStep[];
  /** The node shown (question, check, resolution) or handed off at. */
  readonly node: TreeNode;
}

/** Models TreeDialog.enter: passes through profile questions the profile already answers. */
export function arriveAt(tree: Tree, nodeId: string, profile: Profile): Arrival {
  const auto: PathStep[] = [];
  let id = nodeId;
  for (let hops = 0; hops <= tree.nodes.size; hops++) {
    const node = nodeOf(tree, id);
    if (node.kind === 'question' && node.profile) {
      // A profile question is answered when one choice allows every value remembered for its field.
      const known = profile[node.profile] ?? [];
      const choice = known.length > 0 ? node.choices.find((c) => known.every((v) => c.values.includes(v))) : undefined;
      if (choice) {
        auto.push({ nodeId: node.id, kind: 'question', label: choice.label, auto: true });
        id = choice.next;
        continue;
      }
    }
    return { auto, node };
  }
  throw new Error(`${tree.id}: profile answers loop from ${nodeId}`);
}

interface Frontier {
  readonly steps: PathStep[];
  readonly profile: Profile;
  readonly shown: string[];
  readonly visited: ReadonlySet<string>;
}

function continueFrom(tree: Tree, arrival: Arrival, from: Frontier): { frontier: Frontier; node: TreeNode } {
  const steps = [...from.steps, ...arrival.auto];
  const shown = arrival.node.kind === 'resolution' ? [...from.shown, arrival.node.id] : from.shown;
  const visited = new Set(from.visited);
  for (const s of arrival.auto) visited.add(s.nodeId);
  visited.add(arrival.node.id);
  return { frontier: { steps, profile: from.profile, shown, visited }, node: arrival.node };
}

/**
 * Every path of a tree from its start to the first resolution or handoff, answering every choice
 * (profile questions included, with the answers the dialog remembers on the way). A question or
 * check seen twice on one path ends that branch (a loop without a resolution on it).
 */
export function enumeratePaths(tree: Tree): TreePath[] {
  const paths: TreePath[] = [];
  const empty: Frontier = { steps: [], profile: {}, shown: [], visited: new Set() };
  const walk = (frontier: Frontier, node: TreeNode): void => {
    if (node.kind === 'resolution' || node.kind === 'handoff') {
      paths.push({
        tree,
        steps: frontier.steps,
        end: node,
        profile: frontier.profile,
        shownResolutions: frontier.shown,
      });
      return;
    }
    for (const choice of node.choices) {
      const step: PathStep = { nodeId: node.id, kind: node.kind, label: choice.label, auto: false };
      const profile = rememberChoice(node, choice.label, frontier.profile);
      const arrival = arriveAt(tree, choice.next, profile);
      if (
        frontier.visited.has(arrival.node.id) &&
        arrival.node.kind !== 'resolution' &&
        arrival.node.kind !== 'handoff'
      )
        continue;
      const next = continueFrom(tree, arrival, { ...frontier, steps: [...frontier.steps, step], profile });
      walk(next.frontier, next.node);
    }
  };
  const start = continueFrom(tree, arriveAt(tree, tree.start, {}), empty);
  walk(start.frontier, start.node);
  return paths;
}

/**
 * For each resolution that no first-resolution path reaches (it is only reachable through an
 * earlier fix that did not help), the shortest walk to it: answers and "No, still broken" included.
 */
export function pathsToUnreachedResolutions(tree: Tree, primary: readonly TreePath[]): TreePath[] {
  const reached = new Set(primary.map((p) => p.end.id));
  const missing = [...tree.nodes.values()]
    .filter((n) => n.kind === 'resolution' && !reached.has(n.id))
    .map((n) => n.id);
  if (missing.length === 0) return [];
  // Breadth-first over (node, profile) so the first time a resolution is met is the shortest walk.
  const found = new Map<string, TreePath>();
  const seen = new Set<string>();
  const start = continueFrom(tree, arriveAt(tree, tree.start, {}), {
    steps: [],
    profile: {},
    shown: [],
    visited: new Set(),
  });
  const queue: { frontier: Frontier; node: TreeNode }[] = [start];
  while (queue.length > 0 && found.size < missing.length) {
    const { frontier, node } = queue.shift() as { frontier: Frontier; node: TreeNode };
    const key = `${node.id}|${JSON.stringify(frontier.profile)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (node.kind === 'handoff') continue;
    if (node.kind === 'resolution') {
      if (missing.includes(node.id) && !found.has(node.id))
        found.set(node.id, {
          tree,
          steps: frontier.steps,
          end: node,
          profile: frontier.profile,
          shownResolutions: frontier.shown,
        });
      if (!node.ifNotFixed) continue;
      const step: PathStep = { nodeId: node.id, kind: 'resolution', label: NOT_FIXED, auto: false };
      queue.push(
        continueFrom(tree, arriveAt(tree, node.ifNotFixed, frontier.profile), {
          ...frontier,
          steps: [...frontier.steps, step],
        }),
      );
      continue;
    }
    for (const choice of node.choices) {
      const step: PathStep = { nodeId: node.id, kind: node.kind, label: choice.label, auto: false };
      const profile = rememberChoice(node, choice.label, frontier.profile);
      queue.push(
        continueFrom(tree, arriveAt(tree, choice.next, profile), {
          ...frontier,
          steps: [...frontier.steps, step],
          profile,
        }),
      );
    }
  }
  for (const id of missing) if (!found.has(id)) throw new Error(`${tree.id}: resolution ${id} is unreachable`);
  return [...found.values()];
}

/** A short readable name for a path: the labels clicked and where it ends. */
export function pathName(path: TreePath): string {
  const labels = path.steps.map((s) => (s.auto ? `(${s.label})` : s.label));
  return `${labels.join(' › ') || '(start)'} → ${path.end.id}`;
}

// ---------------------------------------------------------------------------------------------
// Assertions on what the bot shows
// ---------------------------------------------------------------------------------------------

/** Words only, for comparing rendered Markdown with content text. */
export function words(text: string): string {
  return text
    .replace(/&lt;|&gt;|&amp;/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** The first few words of a node's text, to recognise its prompt. */
function opening(node: TreeNode): string {
  return words(node.text).split(' ').slice(0, 8).join(' ');
}

/** Asserts the activity is the prompt of this node: its text, its kind's framing and its buttons. */
export function assertPromptOf(activity: BotReply | undefined, node: TreeNode, where: string): void {
  const text = textOf(activity);
  assert.ok(
    words(text).includes(opening(node)),
    `${where}: expected the prompt of ${node.id} ("${opening(node)}…"), got: ${text.slice(0, 400)}`,
  );
  const titles = buttonsOf(activity).map((b) => b.title);
  switch (node.kind) {
    case 'question':
    case 'check':
      assert.deepEqual(
        titles,
        node.choices.map((c) => c.label),
        `${where}: buttons of ${node.id}`,
      );
      if (node.kind === 'check') assert.match(text, /Check:/, `${where}: a check is framed as a check`);
      return;
    case 'resolution':
      assert.deepEqual(titles.slice(0, 2), [YES_FIXED, NOT_FIXED], `${where}: a fix asks whether it worked`);
      assert.match(text, /Did this fix it\?/, `${where}: ${node.id}`);
      return;
    case 'handoff':
      assert.fail(`${where}: a handoff node has no prompt (${node.id})`);
  }
}

/** Asserts a shown fix carries a KB link or a cmdlet. */
export function assertFixIsActionable(activity: BotReply | undefined, node: TreeNode, where: string): void {
  const text = textOf(activity);
  assert.ok(
    hasKbLinkOrCmdlet(text),
    `${where}: the fix ${node.id} has neither a KB link (${KB_LINK}…) nor a cmdlet: ${text.slice(0, 600)}`,
  );
}

/** The KB numbers of the entries of these resolutions, as the handoff summary lists them. */
export function expectedKbs(
  tree: Tree,
  resolutionIds: readonly string[],
  entries: ReadonlyMap<string, KnowledgeEntry>,
): string[] {
  const ids: string[] = [];
  for (const r of resolutionIds) {
    const node = tree.nodes.get(r);
    if (node?.kind !== 'resolution') continue;
    for (const e of node.entries) if (!ids.includes(e)) ids.push(e);
  }
  return [...new Set(ids.flatMap((id) => entries.get(id)?.kb ?? []))];
}

export interface SummaryExpectation {
  readonly tree: Tree;
  /** The steps answered before the handoff (auto profile answers included). */
  readonly steps: readonly PathStep[];
  /** Resolutions shown before the handoff. */
  readonly shown: readonly string[];
  readonly entries: ReadonlyMap<string, KnowledgeEntry>;
  /** The reason that leads the handoff message (the handoff node's text, or the "fixes I know" line). */
  readonly reason?: string;
}

/** Asserts a handoff message: reason, and a summary with symptom, answers, checks, fixes and KBs. */
export function assertHandoffSummary(activity: BotReply | undefined, e: SummaryExpectation, where: string): void {
  const text = textOf(activity);
  for (const part of ['Symptom:', 'Answers:', 'KB articles:'])
    assert.ok(text.includes(part), `${where}: the handoff summary has no "${part}": ${text.slice(0, 600)}`);
  assert.ok(text.includes(`Symptom: ${e.tree.title}`), `${where}: the symptom names the tree`);
  assert.match(text, /helpdesk/i, `${where}: says who to pass it to`);
  if (e.reason)
    assert.ok(
      words(text).includes(words(e.reason).split(' ').slice(0, 8).join(' ')),
      `${where}: the handoff gives its reason`,
    );
  for (const s of e.steps) {
    if (s.kind === 'resolution') continue;
    const line = s.auto ? `→ ${s.label} (from your profile)` : `→ ${s.label}`;
    assert.ok(text.includes(line), `${where}: the summary lists the answer "${line}" of ${s.nodeId}: ${text}`);
  }
  const notFixed = e.steps.filter((s) => s.kind === 'resolution').length;
  assert.equal(text.split('→ not fixed').length - 1, notFixed, `${where}: one "not fixed" line per fix tried`);
  const kbs = expectedKbs(e.tree, e.shown, e.entries);
  if (kbs.length === 0) assert.ok(text.includes('KB articles: (none)'), `${where}: no KB articles shown`);
  for (const kb of kbs)
    assert.ok(text.includes(`KB ${kb} ${KB_LINK}${kb}`), `${where}: the summary lists KB ${kb}: ${text}`);
}

// ---------------------------------------------------------------------------------------------
// Walking a path through the bot
// ---------------------------------------------------------------------------------------------

export interface WalkResult<C extends Chat> {
  readonly conversation: C;
  /** The bot's replies to the last answer: the end node's prompt, or the handoff. */
  readonly replies: BotReply[];
}

/**
 * Starts the tree with `/troubleshoot <id>` and clicks through the path, checking each prompt
 * (profile skips included) and each fix shown on the way. Stops with the end node shown.
 */
export async function walkPath<C extends Chat>(path: TreePath, conversation: C): Promise<WalkResult<C>> {
  const { tree } = path;
  const name = `${tree.id}: ${pathName(path)}`;
  let replies = await conversation.say(`/troubleshoot ${tree.id}`);
  assert.ok(
    textOf(replies[0]).includes(tree.title),
    `${name}: the tree starts with its title, got ${textOf(replies[0]).slice(0, 200)}`,
  );
  let autoSeen = 0;
  for (const [i, step] of path.steps.entries()) {
    const where = `${name} (step ${i + 1}, ${step.nodeId})`;
    if (step.auto) {
      const said = replies.filter((r) => textOf(r).includes('Your profile says')).map(textOf);
      assert.ok(
        said[autoSeen]?.includes(`**${step.label}**`),
        `${where}: expected "Your profile says **${step.label}**", got ${JSON.stringify(said)}`,
      );
      autoSeen++;
      continue;
    }
    const prompt = lastOf(replies, `${where}: a prompt`);
    const node = nodeOf(tree, step.nodeId);
    assertPromptOf(prompt, node, where);
    if (node.kind === 'resolution') assertFixIsActionable(prompt, node, where);
    replies = await conversation.click(prompt, step.label);
    autoSeen = 0;
    if (step.kind === 'resolution')
      assert.ok(
        replies.some((r) => textOf(r).includes("Let's check the next most likely cause.")),
        `${where}: "No" moves on to the next cause`,
      );
  }
  const where = `${name} (end)`;
  const last = lastOf(replies, `${where}: the end`);
  if (path.end.kind === 'handoff') {
    assertHandoffSummary(
      last,
      { tree, steps: path.steps, shown: path.shownResolutions, entries: conversation.entries, reason: path.end.text },
      where,
    );
  } else {
    assertPromptOf(last, path.end, where);
    assertFixIsActionable(last, path.end, where);
  }
  return { conversation, replies };
}

/** True when the chat has no troubleshooter waiting (the saved dialog stack is empty). */
export async function dialogEnded(chat: TestChat): Promise<boolean> {
  const saved = await chat.savedProgress();
  assert.ok(saved, `no saved conversation state for ${chat.channelId}/${chat.conversationId}`);
  return (saved.dialogState?.dialogStack?.length ?? 0) === 0;
}
