/**
 * Every path of every guided troubleshooter, driven through the whole bot (the harness's TestChat):
 * `/troubleshoot <tree>`, then the hero-card buttons clicked one by one up to the first fix or
 * handoff. At a fix both answers are tried: "Yes, it is fixed" ends the dialog, "No, still broken"
 * moves one level on (the fix's if_not_fixed) or hands off with a summary. Every fix shown must carry
 * a KB link or a cmdlet; every handoff a summary with symptom, answers and KB articles.
 */
import assert from 'node:assert/strict';
import {
  NOT_FIXED,
  YES_FIXED,
  arriveAt,
  assertFixIsActionable,
  assertHandoffSummary,
  assertPromptOf,
  dialogEnded,
  enumeratePaths,
  pathName,
  pathsToUnreachedResolutions,
  walkPath,
  type PathStep,
  type TreePath,
} from '../support/treeWalk.js';
import { TestChat, allText, lastOf, sharedApp, textOf } from '../support/harness.js';

// The app is built while the tests are generated: its trees are what the paths are made from.
const app = sharedApp();
const trees = [...app.services.knowledge.current.trees.values()];
const entries = app.services.knowledge.current.entries;

/** Teams for even paths, Web Chat for odd ones: both renderings carry the fixes and buttons. */
const channelFor = (i: number): string => (i % 2 === 0 ? 'msteams' : 'webchat');

describe('tree paths (every path of every troubleshooter, through the whole bot)', function () {
  it('has troubleshooters to walk', function () {
    assert.ok(trees.length >= 7, `expected the 7 troubleshooters, found ${trees.map((t) => t.id).join(', ')}`);
  });

  for (const tree of trees) {
    const primary = enumeratePaths(tree);
    // Fixes only reachable after an earlier fix failed (none today, but a content change may add some).
    const extra = pathsToUnreachedResolutions(tree, primary);
    const paths: TreePath[] = [...primary, ...extra];

    describe(`${tree.id} (${paths.length} paths)`, function () {
      it("exercises every fix, every fix's not-fixed target and every handoff", function () {
        const resolutions = [...tree.nodes.values()].filter((n) => n.kind === 'resolution').map((n) => n.id);
        const handoffs = [...tree.nodes.values()].filter((n) => n.kind === 'handoff').map((n) => n.id);
        const ends = new Set(paths.map((p) => p.end.id));
        const reachedAfterNo = new Set(
          paths.flatMap((p) =>
            p.end.kind === 'resolution' && p.end.ifNotFixed
              ? [arriveAt(tree, p.end.ifNotFixed, p.profile).node.id]
              : [],
          ),
        );
        for (const r of resolutions) assert.ok(ends.has(r), `${tree.id}: no generated path shows the fix ${r}`);
        for (const h of handoffs)
          assert.ok(ends.has(h) || reachedAfterNo.has(h), `${tree.id}: no generated test reaches the handoff ${h}`);
      });

      paths.forEach((path, i) => {
        const channelId = channelFor(i);
        const name = pathName(path);

        if (path.end.kind === 'handoff') {
          it(`hands off: ${name} [${channelId}]`, async function () {
            const { conversation } = await walkPath(path, new TestChat(app, { channelId }));
            assert.equal(await dialogEnded(conversation), true, 'the handoff ends the troubleshooter');
          });
          return;
        }

        const end = path.end;
        it(`fixed: ${name} › ${YES_FIXED} [${channelId}]`, async function () {
          const { conversation, replies } = await walkPath(path, new TestChat(app, { channelId }));
          const after = await conversation.click(lastOf(replies), YES_FIXED);
          assert.equal(after.length, 1, `one reply to "${YES_FIXED}": ${after.map(textOf).join(' // ')}`);
          assert.match(textOf(after[0]), /glad/i);
          assert.equal(await dialogEnded(conversation), true, 'a fixed problem ends the troubleshooter');
        });

        it(`not fixed: ${name} › ${NOT_FIXED} → ${end.ifNotFixed ?? 'handoff'} [${channelId}]`, async function () {
          const { conversation, replies } = await walkPath(path, new TestChat(app, { channelId }));
          const after = await conversation.click(lastOf(replies), NOT_FIXED);
          const last = lastOf(after, 'an answer to "No"');
          const noStep: PathStep = { nodeId: end.id, kind: 'resolution', label: NOT_FIXED, auto: false };
          if (!end.ifNotFixed) {
            assertHandoffSummary(
              last,
              {
                tree,
                steps: [...path.steps, noStep],
                shown: path.shownResolutions,
                entries,
                reason: "The fixes I know for this didn't solve it.",
              },
              name,
            );
            assert.equal(await dialogEnded(conversation), true, 'the handoff ends the troubleshooter');
            return;
          }
          const arrival = arriveAt(tree, end.ifNotFixed, path.profile);
          // "Next most likely cause" announces a next step; a handoff gives its own reason instead.
          if (arrival.node.kind === 'handoff') assert.doesNotMatch(allText(after), /next most likely cause/);
          else assert.match(textOf(after[0]), /Let's check the next most likely cause\./);
          const skips = after.filter((r) => textOf(r).includes('Your profile says'));
          assert.deepEqual(
            skips.map((r) => arrival.auto.some((s) => textOf(r).includes(`**${s.label}**`))),
            arrival.auto.map(() => true),
            `${name}: the profile answers ${arrival.auto.map((s) => s.nodeId).join(', ') || 'nothing'} on the way`,
          );
          if (arrival.node.kind === 'handoff') {
            assertHandoffSummary(
              last,
              {
                tree,
                steps: [...path.steps, noStep, ...arrival.auto],
                shown: path.shownResolutions,
                entries,
                reason: arrival.node.text,
              },
              name,
            );
            assert.equal(await dialogEnded(conversation), true, 'the handoff ends the troubleshooter');
            return;
          }
          assertPromptOf(last, arrival.node, `${name} › ${NOT_FIXED}`);
          if (arrival.node.kind === 'resolution') assertFixIsActionable(last, arrival.node, `${name} › ${NOT_FIXED}`);
          assert.equal(await dialogEnded(conversation), false, 'the troubleshooter goes on');
        });
      });
    });
  }
});
