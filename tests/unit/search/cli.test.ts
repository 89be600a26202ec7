import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../bot/config.js';

/**
 * `npm run kb -- search [--json]`: the command line other tools depend on. One query per stdin
 * line; with --json one JSON object per query, in order, with a fixed set of keys.
 */

const QUERIES = [
  'Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=50043,',
  'presence not showing in outlook',
  'how to bake bread',
];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runKbSearch(args: readonly string[], input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // npm may print config warnings on stderr; only stdout is the CLI's output.
    const child = spawn('npm', ['run', '--silent', 'kb', '--', 'search', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, KNOWLEDGE_DIR: path.join(PROJECT_ROOT, 'knowledge', 'content'), LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

describe('search: kb search CLI', function () {
  this.timeout(30_000);

  it('--json prints one line per query, in order, with query, decision and results', async () => {
    // A blank line in the middle is skipped, not answered.
    const run = await runKbSearch(['--json'], `${QUERIES[0]}\n${QUERIES[1]}\n\n${QUERIES[2]}\n`);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 3, run.stdout);

    lines.forEach((line, i) => {
      const parsed: unknown = JSON.parse(line);
      assert.ok(isRecord(parsed), line);
      assert.deepEqual(Object.keys(parsed).sort(), ['decision', 'query', 'results']);
      assert.equal(parsed.query, QUERIES[i]);
      assert.ok(['answer', 'clarify', 'none'].includes(String(parsed.decision)), `decision ${String(parsed.decision)}`);
      const results = parsed.results;
      assert.ok(Array.isArray(results), 'results is an array');
      assert.ok(results.length <= 5, `${results.length} results`);

      let previous = Number.POSITIVE_INFINITY;
      for (const r of results as unknown[]) {
        assert.ok(isRecord(r), JSON.stringify(r));
        assert.deepEqual(Object.keys(r).sort(), ['id', 'kb', 'matched', 'score', 'text', 'title']);
        assert.equal(typeof r.id, 'string');
        assert.equal(typeof r.title, 'string');
        assert.equal(typeof r.score, 'number');
        const score = r.score as number;
        assert.ok(score >= 0 && score <= 1, `score ${score} of ${String(r.id)}`);
        assert.ok(score <= previous, `scores must not increase: ${score} after ${previous} (${String(r.id)})`);
        previous = score;
        assert.ok(
          Array.isArray(r.kb) && r.kb.every((k: unknown) => typeof k === 'string' && /^\d+$/.test(k)),
          `kb ${JSON.stringify(r.kb)}`,
        );
        assert.ok(
          Array.isArray(r.matched) && r.matched.every((m: unknown) => typeof m === 'string'),
          `matched ${JSON.stringify(r.matched)}`,
        );
        assert.equal(typeof r.text, 'string');
        const text = r.text as string;
        assert.ok(
          text.startsWith(`# ${String(r.title)}`),
          `text of ${String(r.id)} starts with ${JSON.stringify(text.slice(0, 40))}`,
        );
        assert.ok(
          text.includes('\n## Cause') && text.includes('\n## Fix'),
          `text of ${String(r.id)} is the full entry`,
        );
      }
    });

    const [first, second] = lines.map((l) => JSON.parse(l) as { results: { id: string }[] });
    assert.equal(first?.results[0]?.id, 'exstorage-error-50043');
    assert.equal(second?.results[0]?.id, 'presence-missing-in-outlook');
  });

  it('without --json prints a readable table per query', async () => {
    const run = await runKbSearch([], `${QUERIES[1]}\n`);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0] ?? '', /^(ANSWER|CLARIFY|NONE)\s+presence not showing in outlook$/);
    assert.match(lines[1] ?? '', /^\s+1\.\s+\d\.\d{3}\s+presence-missing-in-outlook\b/);
    assert.throws(() => JSON.parse(lines[0] ?? ''));
  });

  it('refuses unknown options with exit code 2', async () => {
    const run = await runKbSearch(['--jsn'], 'x\n');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option --jsn/);
    assert.equal(run.stdout, '');
  });
});
