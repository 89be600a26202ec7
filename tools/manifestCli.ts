import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, loadDotEnv, PROJECT_ROOT } from '../bot/config.js';
import { createCommandSpecs } from '../conversation/commands/index.js';
import { buildAppPackage } from './manifest/appPackage.js';

/** `npm run manifest [-- --out <file>]`: writes manifest/build/appPackage.zip, or says in one line why it cannot. */
async function main(): Promise<number> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig(process.env, { packagingOnly: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const specs = createCommandSpecs(() => {
    throw new Error('the manifest reads command specs only');
  });
  const result = await buildAppPackage(config, specs);
  if (!result.ok) {
    console.error(`No package written: ${result.problems.join('; ')}`);
    return 1;
  }
  const outIndex = process.argv.indexOf('--out');
  const outArg = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  const out = outArg ? path.resolve(outArg) : path.join(PROJECT_ROOT, 'manifest', 'build', 'appPackage.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, result.zip);
  console.log(
    `Wrote ${path.relative(process.cwd(), out)} (${result.zip.length} bytes, manifest ${String(result.manifest.manifestVersion)})`,
  );
  if (config.teamsApp.websiteUrl.includes('example.com'))
    console.log(
      'Note: the developer URLs are placeholders; set TEAMS_DEVELOPER_URL, TEAMS_PRIVACY_URL and TEAMS_TERMS_URL before publishing.',
    );
  return 0;
}

process.exitCode = await main();
