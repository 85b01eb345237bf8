import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './command.ts';
import { fetchFailure, waitHealthy } from './health.ts';

describe('waitHealthy', () => {
  it('names the cause of an unreachable participant: connection refused and where', async () => {
    const port = await freePort();
    const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(fetchFailure(err)).toBe(`connection refused on 127.0.0.1:${port}`);
    await expect(waitHealthy(`http://127.0.0.1:${port}/driver/health`, 300)).rejects.toThrow(`(last: connection refused on 127.0.0.1:${port})`);
  });

  it('looks under fetch\'s "bad port" refusal: port 1 refused, or something listening that fetch will not use', async () => {
    await expect(waitHealthy('http://127.0.0.1:1/driver/health', 200)).rejects.toThrow(/\(last: connection refused on 127\.0\.0\.1:1\)/);
  });

  it('stops waiting when the run is interrupted', async () => {
    const port = await freePort();
    const c = new AbortController();
    setTimeout(() => c.abort('SIGINT'), 150);
    const err = await waitHealthy(`http://127.0.0.1:${port}/`, 30_000, undefined, c.signal).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_INTERRUPTED' });
  });

  it('a port that listens but does not speak HTTP is not "refused"', async () => {
    const srv = createServer((s) => s.destroy());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    try {
      await expect(waitHealthy(`http://127.0.0.1:${port}/`, 300)).rejects.toThrow(/last: (?!connection refused)/);
    } finally {
      srv.close();
    }
  });
});
