import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run --silent chat` with `input` piped to stdin, and waits for it to exit. */
function runChat(input: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'chat'], {
      cwd: PROJECT_ROOT,
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      // A developer's LOG_LEVEL must not change what the terminal prints.
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm run chat', () => {
  it('answers scripted stdin: welcome, /help, and a suggestion for /hepl, then exits 0', async function () {
    this.timeout(30_000);
    const { code, stdout, stderr } = await runChat('/help\n/hepl\n');
    const context = `stdout:\n${stdout}\nstderr:\n${stderr}`;
    assert.equal(code, 0, context);
    // Welcome first, addressed to the terminal user.
    assert.match(stdout, /^Hi operator! I help fix Skype for Business/, context);
    // Each scripted line is echoed, then answered in plain text.
    assert.ok(stdout.includes('> /help\n'), context);
    assert.ok(stdout.includes('I troubleshoot Skype for Business / Lync ↔ Exchange / Outlook integration.'), context);
    assert.ok(stdout.includes('/help [command]: '), context);
    assert.ok(stdout.includes('> /hepl\n'), context);
    assert.ok(stdout.includes('Did you mean /help?'), context);
    // Buttons are numbered; the terminal shows no Markdown markers.
    assert.match(stdout, /\[1\] Troubleshooters/, context);
    assert.doesNotMatch(stdout, /\*\*|`/, context);
    assert.ok(stdout.indexOf('> /help\n') < stdout.indexOf('> /hepl\n'), 'replies come in order');
  });

  it('is the local operator: admin commands run, and numbered buttons carry their step', async function () {
    this.timeout(30_000);
    const { code, stdout } = await runChat('/stats\n/troubleshoot presence-missing-in-outlook\n1\n');
    assert.equal(code, 0);
    assert.match(stdout, /Entries: \d+/);
    assert.match(stdout, /Is the Skype for Business client running and signed in/);
  });

  it('never prints an escape sequence, BEL or bidi override, whatever was typed', async function () {
    this.timeout(30_000);
    const { code, stdout } = await runChat('\u001b[2J\u001b]0;owned\u0007 hello \u202eevil\n/msa \u001b[31m@x.com\n');
    assert.equal(code, 0);
    // eslint-disable-next-line no-control-regex -- the test looks for raw control characters on purpose
    assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('npm start', () => {
  it('refuses a network interface without auth, in one line naming the opt-in key, and exits 1', async function () {
    this.timeout(30_000);
    const result = await new Promise<RunResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, HOST: '0.0.0.0', MicrosoftAppId: '', LOG_LEVEL: 'silent', PORT: '39781' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(result.code, 1, result.stderr);
    const reason = result.stderr.split('\n').filter((l) => l.includes('ALLOW_UNAUTHENTICATED_NETWORK'));
    assert.equal(reason.length, 1, result.stderr);
    assert.match(reason[0] ?? '', /HOST=0\.0\.0\.0 with an empty MicrosoftAppId/);
  });
});
