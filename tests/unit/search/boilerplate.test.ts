import assert from 'node:assert/strict';
import { stripBoilerplate } from '../../../knowledge/search/boilerplate.js';
import { sharedApp } from '../../support/harness.js';

/** The metadata block Microsoft's docs feedback form appends to a GitHub issue (values made up). */
const FEEDBACK_BLOCK = [
  '---',
  '#### Document Details',
  '',
  '⚠ *Do not edit this section. It is required for docs.microsoft.com ➟ GitHub issue linking.*',
  '',
  '* ID: 3f6a1c2e-9b7d-4e3a-8c51-2d0f7e4b9a10',
  '* Version Independent ID: 8c2d4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e5f',
  '* Content: [Example page title - Skype for Business](https://learn.microsoft.com/en-us/skypeforbusiness/example)',
  '* Content Source: [Skype/SfbServer/example.md](https://github.com/MicrosoftDocs/example/blob/live/example.md)',
  '* Product: **skype-for-business-itpro**',
  '* Technology: ****',
  '* GitHub Login: @someone',
  '* Microsoft Alias: **someone**',
].join('\n');

const BODY =
  'The article says the Skype meeting button shows in Outlook once the add-in is enabled, but for our users the ' +
  'button is not there after the upgrade. Is there a step missing?';

describe('search: boilerplate posts carry', () => {
  it('drops the docs feedback metadata, keeping the page title and the product', () => {
    const out = stripBoilerplate(`${BODY}\n\n${FEEDBACK_BLOCK}`);
    assert.ok(out.startsWith(BODY));
    assert.match(out, /^Example page title - Skype for Business$/m);
    assert.match(out, /^skype for business itpro$/m);
    for (const gone of ['Document Details', 'Do not edit', 'Version Independent', 'GitHub', 'Alias', '3f6a1c2e', '---'])
      assert.ok(!out.includes(gone), `${gone} left in:\n${out}`);
  });

  it('drops phone signatures and link addresses, keeps the link text and bare addresses', () => {
    const out = stripBoilerplate(
      'See [this page](https://example.com/a/b) and https://autodiscover.contoso.com/autodiscover/autodiscover.svc\nSent from my iPhone\nGet Outlook for Android',
    );
    assert.equal(out.trim(), 'See this page and https://autodiscover.contoso.com/autodiscover/autodiscover.svc');
  });

  it('leaves a post without boilerplate as written', () => {
    const post = `Hi,\n${BODY}\n- tried: reinstalling\n* ID card reader works\nThanks`;
    assert.equal(stripBoilerplate(post), post);
  });

  it("drops a ticket's fields and id and a signature under the sign-off, keeping the description", () => {
    const ticket = [
      'Ticket INC0048213',
      'Priority: 3 - Moderate',
      'Category: Software',
      'Requester: Jane Doe (Finance)',
      'Status: In Progress',
      'Short description: Outlook presence not showing',
      'Description: the status icons are grey in Outlook.',
      '',
      'Kind regards,',
      'John Smith',
      'Service Desk Analyst | Contoso Ltd',
      'Tel: +44 20 7946 0958',
      '',
      'Status: shows Unknown for everyone',
    ].join('\n');
    const out = stripBoilerplate(ticket);
    for (const gone of ['INC0048213', 'Priority', 'Software', 'Jane', 'In Progress', 'John', 'Contoso', '7946'])
      assert.ok(!out.includes(gone), `${gone} left in:\n${out}`);
    for (const kept of [
      'Short description: Outlook presence not showing',
      'Description: the status icons',
      'Kind regards,',
    ])
      assert.ok(out.includes(kept), `${kept} gone from:\n${out}`);
    // A status that is not a ticket's state is the user's words.
    assert.ok(out.includes('Status: shows Unknown for everyone'));
  });

  it('drops mail headers and "wrote:" lines, keeps the subject and the quoted text without its marks', () => {
    const thread = [
      'Still broken.',
      '',
      'From: John Smith <john.smith@contoso.com>',
      'Sent: Tuesday, March 3, 2020 10:14 AM',
      'To: Jane Doe <jane.doe@contoso.com>',
      'Subject: RE: FW: Outlook presence issue',
      '',
      '> On Mon, Mar 2, 2020 at 9:00 AM Jane Doe wrote:',
      '> > my presence is grey in Outlook',
    ].join('\n');
    assert.equal(stripBoilerplate(thread), 'Still broken.\n\nOutlook presence issue\n\nmy presence is grey in Outlook');
    // One line that starts like a header is the user's sentence.
    assert.equal(stripBoilerplate('To: fix it I re-ran the wizard'), 'To: fix it I re-ran the wizard');
  });

  it('a docs feedback issue is matched and decided as its text alone is', () => {
    const index = sharedApp().services.knowledge.index;
    const alone = index.search(BODY);
    const filed = index.search(`${BODY}\n\n${FEEDBACK_BLOCK}`);
    assert.equal(filed.hits[0]?.entry.id, alone.hits[0]?.entry.id);
    assert.equal(filed.hits[0]?.entry.id, 'outlook-addin-missing-or-disabled');
    assert.equal(filed.decision, alone.decision);
    assert.deepEqual(filed.features?.unmatchedNames, []);
  });

  it('a two-word piece of a post ("Is there a step missing?") does not rank the post', () => {
    const index = sharedApp().services.knowledge.index;
    const post = `${BODY}\nThe clients are a mix of Windows 10 and Windows 11.`;
    assert.equal(index.search(post).hits[0]?.entry.id, 'outlook-addin-missing-or-disabled');
  });
});
