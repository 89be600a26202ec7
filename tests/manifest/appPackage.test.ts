import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { ConfigError, loadConfig, PROJECT_ROOT, type Config } from '../../bot/config.js';
import { createCommandSpecs } from '../../conversation/commands/index.js';
import { buildAppPackage, validateManifest } from '../../tools/manifest/appPackage.js';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from '../../tools/manifest/icons.js';
import {
  BOT_SCOPES,
  buildTeamsManifest,
  MANIFEST_VERSION,
  MAX_LISTED_COMMANDS,
  NOT_IN_TEAMS_MENU,
} from '../../tools/manifest/teamsManifest.js';

const APP_ID = '0b3c5d7e-1f2a-4b6c-8d9e-0a1b2c3d4e5f';
const specs = createCommandSpecs(() => {
  throw new Error('not used');
});
const withAppId = (extra: Record<string, string> = {}): Config =>
  loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', ...extra });

async function unpack(zip: Buffer): Promise<{ names: string[]; file: (name: string) => Promise<Buffer> }> {
  const archive = await JSZip.loadAsync(zip);
  return {
    names: Object.keys(archive.files).sort(),
    file: async (name) => {
      const entry = archive.file(name);
      assert.ok(entry, `${name} is in the package`);
      return entry.async('nodebuffer');
    },
  };
}

describe('Teams app package', () => {
  it(`holds manifest.json, color.png and outline.png, and the manifest validates against schema v${MANIFEST_VERSION}`, async () => {
    const result = await buildAppPackage(withAppId(), specs);
    assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'));
    const files = await unpack(result.zip);
    assert.deepEqual(files.names, ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse((await files.file('manifest.json')).toString('utf8')) as Record<string, unknown>;
    assert.deepEqual(await validateManifest(manifest), []);
    assert.equal(manifest.manifestVersion, MANIFEST_VERSION);
    assert.equal(manifest.id, APP_ID);
  });

  it('uses the app id as botId of the bot and of the messaging extension, and TEAMS_APP_ID as the app id when set', () => {
    const teamsAppId = '9f8e7d6c-5b4a-4321-8765-43210fedcba9';
    const manifest = buildTeamsManifest({
      botId: APP_ID,
      app: withAppId({ TEAMS_APP_ID: teamsAppId }).teamsApp,
      specs,
    });
    assert.equal(manifest.id, teamsAppId);
    const [bot] = manifest.bots as { botId: string; scopes: string[] }[];
    assert.ok(bot);
    assert.equal(bot.botId, APP_ID);
    assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
    const [extension] = manifest.composeExtensions as { botId: string; commands: { type: string }[] }[];
    assert.ok(extension);
    assert.equal(extension.botId, APP_ID);
    assert.deepEqual(
      extension.commands.map((c) => c.type),
      ['query'],
    );
  });

  it('lists per scope exactly the registry commands that are not admin-only (less the named few), within the limits', () => {
    const manifest = buildTeamsManifest({ botId: APP_ID, app: withAppId().teamsApp, specs });
    const lists = (
      manifest.bots as { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[]
    )[0]?.commandLists;
    assert.ok(lists);
    assert.deepEqual(
      lists.map((l) => l.scopes),
      BOT_SCOPES.map((s) => [s]),
    );
    const expected = specs.filter(
      (s) =>
        !s.requiresAdmin && s.requiresHelpdesk !== true && s.hidden !== true && !NOT_IN_TEAMS_MENU.includes(s.name),
    );
    for (const list of lists) {
      assert.deepEqual(
        list.commands.map((c) => c.title),
        expected.map((s) => `/${s.name}`),
      );
      assert.deepEqual(
        list.commands.map((c) => c.description),
        expected.map((s) => s.summary),
      );
      assert.ok(list.commands.length <= MAX_LISTED_COMMANDS);
      for (const c of list.commands) assert.ok(c.title.length <= 128 && c.description.length <= 4000, c.title);
    }
    const admin = specs.filter((s) => s.requiresAdmin).map((s) => `/${s.name}`);
    assert.ok(admin.length > 0);
    for (const title of admin) assert.ok(!lists.some((l) => l.commands.some((c) => c.title === title)), title);
    const helpdesk = specs.filter((s) => s.requiresHelpdesk === true).map((s) => `/${s.name}`);
    assert.deepEqual(helpdesk, ['/tickets', '/ticket']);
    for (const title of helpdesk) assert.ok(!lists.some((l) => l.commands.some((c) => c.title === title)), title);
    for (const name of NOT_IN_TEAMS_MENU)
      assert.ok(
        specs.some((s) => s.name === name && !s.requiresAdmin),
        name,
      );
  });

  it('draws a 192×192 opaque colour icon in the accent colour and a 32×32 white-on-transparent outline', async () => {
    const result = await buildAppPackage(withAppId({ TEAMS_ACCENT_COLOR: 'C0392B' }), specs);
    assert.ok(result.ok);
    const files = await unpack(result.zip);
    const color = PNG.sync.read(await files.file('color.png'));
    assert.equal(color.width, COLOR_ICON_SIZE);
    assert.equal(color.height, COLOR_ICON_SIZE);
    const outline = PNG.sync.read(await files.file('outline.png'));
    assert.equal(outline.width, OUTLINE_ICON_SIZE);
    assert.equal(outline.height, OUTLINE_ICON_SIZE);
    const pixels = (png: PNG): number[][] =>
      Array.from({ length: png.width * png.height }, (_, i) => [...png.data.subarray(i * 4, i * 4 + 4)]);
    assert.ok(
      pixels(color).every((p) => p[3] === 255),
      'colour icon is opaque',
    );
    assert.deepEqual(pixels(color)[0], [0xc0, 0x39, 0x2b, 255], 'the corner is the accent colour');
    const outlinePixels = pixels(outline);
    assert.ok(
      outlinePixels.every((p) => p[0] === 255 && p[1] === 255 && p[2] === 255),
      'outline is white only',
    );
    assert.equal(outlinePixels[0]?.[3], 0, 'the corner is transparent');
    assert.ok(
      outlinePixels.some((p) => p[3] === 255),
      'the glyph is drawn',
    );
    assert.ok(outlinePixels.filter((p) => p[3] === 0).length > outlinePixels.length / 3, 'mostly transparent');
  });

  it('is byte-identical when built twice from the same inputs', async () => {
    const a = await buildAppPackage(withAppId(), specs);
    const b = await buildAppPackage(withAppId(), specs);
    assert.ok(a.ok && b.ok);
    assert.ok(a.zip.equals(b.zip));
  });

  it('is never built without an app id, and an invalid manifest is reported, not packaged', async () => {
    const none = await buildAppPackage(loadConfig({}), specs);
    assert.ok(!none.ok);
    assert.match(none.problems.join(' '), /MicrosoftAppId/);
    const config = withAppId();
    const broken: Config = {
      ...config,
      teamsApp: { ...config.teamsApp, version: 'not-a-version', shortName: 'x'.repeat(40) },
    };
    const invalid = await buildAppPackage(broken, specs);
    assert.ok(!invalid.ok);
    assert.ok(invalid.problems.length > 0);
  });

  it('names the key when a listing value breaks a manifest limit', () => {
    const cases: Record<string, string> = {
      TEAMS_APP_NAME: 'A name far longer than thirty characters',
      TEAMS_APP_DESCRIPTION: 'd'.repeat(81),
      TEAMS_DEVELOPER_URL: 'http://insecure.example.com/',
      TEAMS_ACCENT_COLOR: 'blue',
      TEAMS_APP_VERSION: '1.0',
      TEAMS_APP_ID: 'not-a-guid',
      TEAMS_VALID_DOMAINS: 'https://bot.example.com/path',
    };
    for (const [key, value] of Object.entries(cases)) {
      assert.throws(
        () => withAppId({ [key]: value }),
        (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.includes(key)),
        key,
      );
    }
    assert.equal(withAppId({ TEAMS_ACCENT_COLOR: '#a1b2c3' }).teamsApp.accentColor, '#A1B2C3');
  });
});

describe('npm run manifest', function () {
  this.timeout(30_000);
  const run = promisify(execFile);
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const cli = path.join(PROJECT_ROOT, 'tools', 'manifestCli.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: os.tmpdir() };

  it('writes a valid package with an app id alone (the package never carries the secret)', async () => {
    const out = path.join(dir, 'ok.zip');
    const env = { ...baseEnv, MicrosoftAppId: APP_ID };
    const { stdout } = await run(tsx, [cli, '--out', out], { env, cwd: dir });
    assert.match(stdout, /Wrote .*ok\.zip/);
    const files = await unpack(fs.readFileSync(out));
    assert.deepEqual(files.names, ['color.png', 'manifest.json', 'outline.png']);
  });

  it('stops with one line naming MicrosoftAppId and writes nothing without one', async () => {
    const out = path.join(dir, 'none.zip');
    await assert.rejects(
      run(tsx, [cli, '--out', out], { env: baseEnv, cwd: dir }),
      (e: { code?: number; stderr?: string }) => {
        assert.equal(e.code, 1);
        assert.equal(e.stderr?.trim().split('\n').length, 1);
        assert.match(e.stderr ?? '', /MicrosoftAppId/);
        return true;
      },
    );
    assert.ok(!fs.existsSync(out));
  });
});
