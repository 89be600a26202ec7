/**
 * Azurite (the Azure Storage emulator, a devDependency) for the Blob tests and the bench: started
 * once per process from node_modules on a free loopback port, in memory, stopped when the process
 * exits. When it cannot start, callers skip with the reason printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../bot/config.js';
import { freePort } from '../../support/freePort.js';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const READY_TIMEOUT_MS = 20_000;

export interface Azurite {
  readonly port: number;
  readonly connectionString: string;
  readonly pid: number;
}

export type AzuriteStart =
  { readonly ok: true; readonly azurite: Azurite } | { readonly ok: false; readonly reason: string };

let started: Promise<AzuriteStart> | undefined;
let child: ChildProcess | undefined;

/** The process's Azurite, started on first use. */
export function azurite(): Promise<AzuriteStart> {
  started ??= start();
  return started;
}

/** Stops Azurite now (the bench; the tests leave it to process exit). */
export async function stopAzurite(): Promise<void> {
  const running = child;
  child = undefined;
  started = undefined;
  if (!running || running.exitCode !== null) return;
  // Referenced again while we wait, or an otherwise idle process would exit before the child does.
  running.ref();
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => running.kill('SIGKILL'), 3_000);
    running.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    running.kill('SIGTERM');
  });
}

process.on('exit', () => child?.kill('SIGKILL'));

async function start(): Promise<AzuriteStart> {
  const main = path.join(PROJECT_ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  if (!fs.existsSync(main)) return { ok: false, reason: `Azurite is not installed (${main} missing): run npm install` };
  const port = await freePort();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  const log = fs.openSync(path.join(workDir, 'azurite.log'), 'w');
  const proc = spawn(
    process.execPath,
    [
      main,
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
    ],
    // A log file, not pipes: nothing of the child keeps this process's event loop alive.
    { cwd: workDir, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  proc.unref();
  child = proc;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      return { ok: false, reason: `Azurite exited with ${proc.exitCode}: ${tail(path.join(workDir, 'azurite.log'))}` };
    if (await answers(port)) {
      const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
      return { ok: true, azurite: { port, connectionString, pid: proc.pid ?? 0 } };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  proc.kill('SIGKILL');
  return { ok: false, reason: `Azurite did not answer on 127.0.0.1:${port} within ${READY_TIMEOUT_MS / 1000} s` };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/${ACCOUNT}?comp=list`, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}
