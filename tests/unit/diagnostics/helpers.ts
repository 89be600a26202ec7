import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { AutodiscoverResolver, SrvRecord } from '../../../diagnostics/probeAutodiscover.js';
import type { Finding } from '../../../diagnostics/finding.js';

/** An Error with a Node-style code. nock 14 only propagates real Error objects from replyWithError. */
export function errno(code: string, message = code): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = code;
  return error;
}

type Answer = string[] | NodeJS.ErrnoException | 'hang';

/** A fake DNS: host → addresses (or an error), SRV name → records (or an error). Records every call. */
export class FakeDns implements AutodiscoverResolver {
  readonly calls: string[] = [];
  constructor(
    private readonly hosts: Record<string, Answer> = {},
    private readonly srv: Record<string, SrvRecord[] | NodeJS.ErrnoException> = {},
  ) {}

  async lookup(host: string): Promise<Array<{ address: string; family: number }>> {
    this.calls.push(`lookup ${host}`);
    const answer = this.hosts[host] ?? errno('ENOTFOUND', `getaddrinfo ENOTFOUND ${host}`);
    if (answer === 'hang') return new Promise(() => undefined);
    if (answer instanceof Error) throw answer;
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }

  resolveSrv(name: string): Promise<SrvRecord[]> {
    this.calls.push(`srv ${name}`);
    const answer = this.srv[name] ?? errno('ENOTFOUND', `querySrv ENOTFOUND ${name}`);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

/** A local HTTPS server on 127.0.0.1 with the given certificate. */
export async function startTlsServer(
  cert: string,
  key: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = https.createServer({ cert, key }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Mocha hooks for tests against a local TLS server: nock's interceptor hides the real socket (and
 * so the peer certificate), so it is switched off for the block. Only 127.0.0.1 is reachable anyway:
 * every test injects a resolver that answers 127.0.0.1.
 */
export function useRealSockets(): void {
  before(() => {
    if (nock.isActive()) nock.restore();
  });
  after(() => {
    if (!nock.isActive()) nock.activate();
  });
}

/** A test title for any input: JSON, and `undefined` (which JSON.stringify turns into no string at all). */
export function title(input: unknown): string {
  return input === undefined ? 'undefined' : JSON.stringify(input);
}

/** Texts of findings at a level. */
export function texts(findings: readonly Finding[], level?: Finding['level']): string[] {
  return findings.filter((f) => level === undefined || f.level === level).map((f) => f.text);
}

/** True when some finding at `level` matches `pattern`. */
export function has(findings: readonly Finding[], level: Finding['level'], pattern: RegExp): boolean {
  return findings.some((f) => f.level === level && pattern.test(f.text));
}
