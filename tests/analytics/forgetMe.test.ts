/**
 * `/forget-me` leaves nothing of the user behind: after a profile, answers, feedback, an unanswered
 * question and a troubleshooter, no file of the state store or the analytics store holds the
 * user's id or their hash, while another user's records stay.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyticsMessages } from '../../replies/messages.js';
import { TestChat, buttonsOf, freshApp, lastOf, textOf } from '../support/harness.js';

/** Every file under `dir`, with its name and content. */
function filesUnder(dir: string): { name: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((d) => {
    if (!d.isFile()) return [];
    const file = path.join(d.parentPath, d.name);
    return [{ name: path.relative(dir, file), text: fs.readFileSync(file, 'utf8') }];
  });
}

function holding(dir: string, needle: string): string[] {
  return filesUnder(dir)
    .filter((f) => f.name.includes(needle) || f.text.includes(needle) || f.text.includes(encodeURIComponent(needle)))
    .map((f) => f.name);
}

describe('/forget-me', function () {
  it('deletes the profile, the conversation state and the analytics rows, says so, and keeps other users', async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forget-'));
    const app = freshApp({ STORAGE: 'file', STATE_DIR: path.join(root, 'state') });
    const analytics = app.services.analytics;
    assert.ok(analytics);
    const me = new TestChat(app, { channelId: 'webchat', user: { id: 'user-forget-me-42', name: 'Fay' } });
    const other = new TestChat(app, { channelId: 'webchat', user: { id: 'user-stays-7', name: 'Sam' } });
    await me.say('/profile exchange exchange-2016');
    const answer = (await me.say('conversation history not saved in outlook')).find((r) =>
      buttonsOf(r).some((b) => b.title === analyticsMessages.notHelpfulButton),
    );
    await me.click(answer, analyticsMessages.notHelpfulButton);
    await me.say('how do I bake bread');
    await me.say('/troubleshoot');
    await other.say('how do I bake bread');
    await other.say('/profile exchange exchange-2016');
    await analytics.flush();
    const myHash = await analytics.userHash(me.user.id);
    const otherHash = await analytics.userHash(other.user.id);
    assert.ok(holding(root, me.user.id).length > 0, 'the state holds the user before');
    assert.ok(holding(root, myHash).length > 0, 'the analytics hold the user before');

    const said = textOf(lastOf(await me.say('/forget-me')));
    await analytics.flush();
    assert.match(said, new RegExp(`${analyticsMessages.forgetWhat.profile.slice(0, 12)}[^\\n]*: 1`));
    assert.match(said, /usage records[^\n]*: [1-9]/);
    assert.deepEqual(holding(root, me.user.id), [], 'no file names or holds the user id');
    assert.deepEqual(holding(root, myHash), [], 'no analytics row of the user');
    assert.ok(holding(root, otherHash).length > 0, "the other user's rows stay");
    const otherProfile = `webchat/users/${other.user.id}/`;
    assert.ok((await app.storage.read([otherProfile]))[otherProfile], "the other user's profile stays");
    const myProfile = `webchat/users/${me.user.id}/`;
    assert.equal((await app.storage.read([myProfile]))[myProfile], undefined);
  });

  it('runs the forgetters it is given and lists what they deleted', async function () {
    const seen: string[] = [];
    const app = freshApp({}, { forgetters: [(id) => (seen.push(id), Promise.resolve({ what: 'tickets', count: 2 }))] });
    const chat = new TestChat(app, { channelId: 'webchat' });
    const said = textOf(lastOf(await chat.say('/forget-me')));
    assert.deepEqual(seen, [chat.user.id]);
    assert.match(said, /tickets: 2/);
  });
});
