/**
 * `npm run webchat:vendor [-- <version>]`: copies the UMD bundle of `botframework-webchat` (its
 * `dist/webchat.js` and that file's licence notices) from the package published on the npm registry
 * into web/vendor/botframework-webchat/, with VENDOR.json recording the version, the tarball's
 * integrity as the registry states it and the bundle's SHA-256. `-- --check` downloads the recorded
 * version again and fails unless the committed files are byte-identical.
 *
 * Why a copy and not a dependency: the bundle is self-contained (React, Adaptive Cards, Direct Line
 * client and all), but installing the package pulls in 427 packages and about 463 MB that nothing
 * here imports. The bot serves this one file; the test suite checks it against VENDOR.json.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../bot/config.js';

const PACKAGE = 'botframework-webchat';
const FILES = ['dist/webchat.js', 'dist/webchat.js.LICENSE.txt'] as const;
export const VENDOR_DIR = path.join(PROJECT_ROOT, 'web', 'vendor', PACKAGE);

export interface VendorRecord {
  readonly package: string;
  readonly version: string;
  readonly license: string;
  /** The registry's integrity string of the package tarball (what npm checks on install). */
  readonly tarballIntegrity: string;
  /** SHA-256 (hex) of each copied file, by its name in the vendor folder. */
  readonly sha256: Readonly<Record<string, string>>;
  readonly bytes: Readonly<Record<string, number>>;
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Downloads `PACKAGE@version` with `npm pack` (npm verifies the tarball) and unpacks it in a temp folder. */
function download(version: string): { dir: string; integrity: string; license: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'webchat-vendor-'));
  const out = execFileSync('npm', ['pack', `${PACKAGE}@${version}`, '--json', '--pack-destination', tmp], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [packed] = JSON.parse(out) as { filename: string; integrity: string; version: string }[];
  if (!packed) throw new Error('npm pack printed nothing');
  execFileSync('tar', ['-xzf', path.join(tmp, packed.filename), '-C', tmp]);
  const pkg = JSON.parse(fs.readFileSync(path.join(tmp, 'package', 'package.json'), 'utf8')) as { license?: string };
  return { dir: path.join(tmp, 'package'), integrity: packed.integrity, license: pkg.license ?? 'unknown' };
}

function main(args: readonly string[]): void {
  const check = args.includes('--check');
  const recordFile = path.join(VENDOR_DIR, 'VENDOR.json');
  const recorded = fs.existsSync(recordFile)
    ? (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as VendorRecord)
    : undefined;
  const version = args.find((a) => !a.startsWith('--')) ?? recorded?.version ?? '4.18.1';
  const { dir, integrity, license } = download(version);
  const sums: Record<string, string> = {};
  const bytes: Record<string, number> = {};
  for (const file of FILES) {
    const name = path.basename(file);
    const source = path.join(dir, file);
    if (check) {
      const same = fs.readFileSync(source).equals(fs.readFileSync(path.join(VENDOR_DIR, name)));
      if (!same) throw new Error(`web/vendor/${PACKAGE}/${name} differs from ${PACKAGE}@${version}'s ${file}`);
    } else fs.copyFileSync(source, path.join(VENDOR_DIR, name));
    sums[name] = sha256(source);
    bytes[name] = fs.statSync(source).size;
  }
  const record: VendorRecord = { package: PACKAGE, version, license, tarballIntegrity: integrity, sha256: sums, bytes };
  if (check) {
    if (recorded?.tarballIntegrity !== integrity) throw new Error('VENDOR.json records another tarball integrity');
    process.stdout.write(`web/vendor/${PACKAGE} is byte-identical to ${PACKAGE}@${version} (${integrity})\n`);
  } else {
    fs.writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`copied ${FILES.join(', ')} of ${PACKAGE}@${version} (${integrity})\n`);
  }
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
