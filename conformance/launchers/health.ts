// Waits until a health URL answers 2xx, or the deadline passes, or the process dies.
import { PolihonError } from '../../core/errors.ts';

export async function waitHealthy(
  url: string,
  timeoutMs: number,
  isDead: () => string | undefined = () => undefined,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < until) {
    const dead = isDead();
    if (dead) throw new PolihonError('E_SUT_START', `the participant exited before it was ready: ${dead}`, { hint: 'see its output above; run its command by hand to check it starts' });
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new PolihonError('E_SUT_START', `the participant's health URL ${url} did not answer 2xx within ${timeoutMs} ms (last: ${lastError})`, {
    hint: 'check launch.health in the profile, or raise launch.readyTimeout',
  });
}
