import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import type { Config } from '../../bot/config.js';
import type { CommandSpec } from '../../conversation/commands/commandSpec.js';
import { drawColorIcon, drawOutlineIcon } from './icons.js';
import { buildTeamsManifest, MANIFEST_VERSION } from './teamsManifest.js';

/** A fixed date inside the zip, so the same inputs give a byte-identical package. */
const ZIP_DATE = new Date('2026-01-01T00:00:00Z');

export type PackageResult =
  | { readonly ok: true; readonly zip: Buffer; readonly manifest: Record<string, unknown> }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * The bundled schema of {@link MANIFEST_VERSION}, read from the package's own files: validation never
 * goes to the network (the library would fetch `$schema` when no schema is given).
 */
function bundledSchema(): Parameters<typeof AppManifestUtils.validateAgainstSchema>[1] {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(root, 'build', 'json-schemas', 'teams', `v${MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
}

/** The manifest's schema problems (empty when valid). */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  type AppManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, bundledSchema());
}

/** Builds and validates the package in memory; nothing is written when the app id is missing or the manifest is invalid. */
export async function buildAppPackage(config: Config, specs: readonly CommandSpec[]): Promise<PackageResult> {
  if (config.microsoftAppId === '') {
    return {
      ok: false,
      problems: ['MicrosoftAppId is empty: the package needs the Azure Bot app id (bots[0].botId) to be uploaded'],
    };
  }
  const manifest = buildTeamsManifest({ botId: config.microsoftAppId, app: config.teamsApp, specs });
  const problems = await validateManifest(manifest);
  if (problems.length > 0) return { ok: false, problems };
  const zip = new JSZip();
  const options = { date: ZIP_DATE, createFolders: false };
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, options);
  zip.file('color.png', drawColorIcon(config.teamsApp.accentColor), options);
  zip.file('outline.png', drawOutlineIcon(), options);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  return { ok: true, zip: buffer, manifest };
}
