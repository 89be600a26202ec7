/** What only the file store promises: safe names, atomic writes, damaged and left-over files, shared locks. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bot/config.js';
import { FileStorage } from '../../bot/state/fileStorage.js';
import { isConflictError } from '../../bot/state/stateStorage.js';
import { createLogger } from '../../core/logger.js';
import { ODD_KEYS, TTL_MS, TestClock, tempDir } from './support/stores.js';

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

const WRITER_KEYS = Array.from({ length: 8 }, (_, i) => `msteams/conversations/a:${i};messageid=1/private/`);

describe('file store', function () {
  this.timeout(60_000);

  it('names each file by the hash of its key: inside the folder, lowercase hex, no key text', async function () {
    const dir = tempDir('state-names');
    const store = new FileStorage({ dir, ttlMs: TTL_MS });
    for (const key of ODD_KEYS) await store.write({ [key]: { key } });
    const files = filesUnder(dir);
    assert.equal(files.length, ODD_KEYS.length);
    for (const f of files) assert.match(f, /^v1\/[0-9a-f]{2}\/[0-9a-f]{64}\.json$/);
    // The file holds the key, so a read checks it is the right one.
    const key = ODD_KEYS[0] ?? '';
    const onDisk = JSON.parse(fs.readFileSync(store.fileOf(key), 'utf8')) as { key: string };
    assert.equal(onDisk.key, key);
  });

  it('reads a damaged file as absent, moves it aside, logs it, and writes over it', async function () {
    const dir = tempDir('state-damaged');
    const lines: string[] = [];
    const store = new FileStorage({ dir, ttlMs: TTL_MS, logger: createLogger('warn', (l) => lines.push(l)) });
    const key = 'msteams/conversations/a:1;messageid=2/private/';
    await store.write({ [key]: { n: 1, text: 'x'.repeat(10_000) } });
    const file = store.fileOf(key);
    // Cut short, as a copy tool or a disk fault might leave it.
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    assert.deepEqual(await store.read([key]), {});
    assert.ok(fs.existsSync(`${file}.corrupt`), 'moved aside for inspection');
    assert.equal(fs.existsSync(file), false);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /state file damaged/);
    await store.write({ [key]: { n: 2 } });
    assert.equal((await store.read([key]))[key]?.n, 2);
  });

  it('reads a file that holds another key (copied or renamed by hand) as absent', async function () {
    const dir = tempDir('state-wrongkey');
    const store = new FileStorage({ dir, ttlMs: TTL_MS });
    await store.write({ a: { n: 1 } });
    fs.mkdirSync(path.dirname(store.fileOf('b')), { recursive: true });
    fs.copyFileSync(store.fileOf('a'), store.fileOf('b'));
    assert.deepEqual(await store.read(['b']), {});
    assert.equal((await store.read(['a'])).a?.n, 1);
  });

  it('survives kill -9 in the middle of writes: every file whole, every item one consistent version', async function () {
    for (let run = 0; run < 3; run++) {
      const dir = tempDir('state-kill');
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/state/fixtures/stateWriter.ts', dir], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (chunk.includes('ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 50 + run * 70));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const clock = new TestClock();
      const store = new FileStorage({ dir, ttlMs: TTL_MS, now: clock.now });
      const items = await store.read(WRITER_KEYS);
      assert.equal(Object.keys(items).length, WRITER_KEYS.length, 'every key written in round 0 is still there');
      for (const [i, key] of WRITER_KEYS.entries()) {
        const item = items[key];
        assert.ok(item);
        assert.equal(item.i, i);
        assert.equal(item.check, Number(item.round) * 31 + i, 'fields of one version, never mixed');
        assert.equal(item.text, `${String(item.round)}:`.padEnd(200_000, 'x'));
      }
      assert.equal(filesUnder(dir).filter((f) => f.endsWith('.corrupt')).length, 0, 'no file was read as damaged');
      // What the killed process left: at most its temporary files, deleted by prune once an hour old.
      const temps = filesUnder(dir).filter((f) => f.endsWith('.tmp'));
      for (const t of temps) {
        const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
        fs.utimesSync(path.join(dir, t), old, old);
      }
      assert.equal(await store.prune(), temps.length);
      assert.deepEqual(
        filesUnder(dir).filter((f) => !f.endsWith('.json')),
        [],
      );
    }
  });

  it('keeps a temporary file younger than an hour (it may be a write in progress)', async function () {
    const dir = tempDir('state-young-temp');
    const store = new FileStorage({ dir, ttlMs: TTL_MS });
    await store.write({ a: { n: 1 } });
    const temp = `${store.fileOf('a')}.999.1.tmp`;
    fs.writeFileSync(temp, '{"v":1,"key":"a","eT');
    assert.equal(await store.prune(), 0);
    assert.ok(fs.existsSync(temp));
    assert.equal((await store.read(['a'])).a?.n, 1);
  });

  it('checks eTags across two stores on one folder in one process (a test restart, two apps)', async function () {
    const dir = tempDir('state-two');
    const a = new FileStorage({ dir, ttlMs: TTL_MS });
    const b = new FileStorage({ dir, ttlMs: TTL_MS });
    await a.write({ k: { n: 0 } });
    const read = (await a.read(['k'])).k;
    const results = await Promise.allSettled([
      a.write({ k: { n: 1, eTag: read?.eTag } }),
      b.write({ k: { n: 2, eTag: read?.eTag } }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.some((r) => r.status === 'rejected' && isConflictError(r.reason)));
  });

  it('creates the folder again if it is removed while the bot runs', async function () {
    const dir = tempDir('state-removed');
    const store = new FileStorage({ dir, ttlMs: TTL_MS });
    await store.write({ a: { n: 1 } });
    fs.rmSync(dir, { recursive: true, force: true });
    await store.write({ a: { n: 2 } });
    assert.equal((await store.read(['a'])).a?.n, 2);
  });
});
