// Waits until a health URL answers 2xx, or the deadline passes, or the process dies, or the run is interrupted.
import { connect } from 'node:net';
import { PolihonError } from '../../core/errors.ts';

/**
 * What a failed fetch says underneath "fetch failed": the socket error and the address it was about.
 * Example: fetch('http://127.0.0.1:1') rejected -> 'connection refused on 127.0.0.1:1'
 */
export function fetchFailure(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; address?: string; port?: number; message?: string; hostname?: string } };
  const c = e.cause;
  if (!c?.code) return e.message ?? String(err);
  const where = c.address ? `${c.address.includes(':') ? `[${c.address}]` : c.address}${c.port ? `:${c.port}` : ''}` : c.hostname ?? '';
  const what: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name not resolved',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed',
  };
  return `${what[c.code] ?? c.code}${where ? ` on ${where}` : ''}`;
}

/**
 * fetch refuses some ports outright ("bad port": 1, 7, 9, 25, … of the Fetch standard) without connecting; a plain
 * TCP connect then says what is really there, and whether the port itself is the problem.
 */
async function blockedPortFailure(url: string): Promise<string> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const where = `${u.hostname}:${port}`;
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (text: string) => (socket.destroy(), resolve(text));
    socket.once('connect', () => done(`something listens on ${where}, but fetch will not use port ${port} (a blocked "bad port"): move the participant to another port`));
    socket.once('timeout', () => done(`connection timed out on ${where}`));
    socket.once('error', (err) => done(fetchFailure({ message: err.message, cause: err })));
  });
}

export async function waitHealthy(
  url: string,
  timeoutMs: number,
  isDead: () => string | undefined = () => undefined,
  signal?: AbortSignal,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < until) {
    if (signal?.aborted) throw new PolihonError('E_INTERRUPTED', 'interrupted while waiting for the participant to be ready');
    const dead = isDead();
    if (dead) throw new PolihonError('E_SUT_START', `the participant exited before it was ready: ${dead}`, { hint: 'see its output above; run its command by hand to check it starts' });
    try {
      const timeout = AbortSignal.timeout(1_000);
      const res = await fetch(url, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as { cause?: { message?: string } }).cause?.message === 'bad port' ? await blockedPortFailure(url) : fetchFailure(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new PolihonError('E_SUT_START', `the participant's health URL ${url} did not answer 2xx within ${timeoutMs} ms (last: ${lastError})`, {
    hint: 'is the participant running? check launch.health (or endpoints.driver) and launch.url in the profile, or raise launch.readyTimeout',
  });
}
