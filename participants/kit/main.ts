// The start-up a participant's main.ts shares: the environment read (PORT, HOST, PARTICIPANT_FAULTS, the X-Road
// identity, an http(s) URL), exit 2 for a bad setting and 3 for a start that fails, the banner and the stop on
// SIGTERM/SIGINT. Imports nothing of polihon.
import type { ParsedFaults } from './fault-switches.ts';
import { stopOnSignals } from './server.ts';
import type { Identity } from './http.ts';

export interface StartUp<N extends string> {
  /** writes `name: message` to stderr and exits with `code` */
  fail(message: string, code: number): never;
  env: NodeJS.ProcessEnv;
  port: number;
  host: string;
  faults: Set<N>;
  /** XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM over `defaults` */
  identity(defaults: Identity): Identity;
  /** an optional env variable that must be an http(s) URL when set (exit 2 otherwise) */
  url(name: string): string | undefined;
}

/** Reads what every participant reads. Example: const s = startUp('hr-system', 7341, parseFaults). */
export function startUp<N extends string>(name: string, defaultPort: number, parseFaults: (input: string | undefined) => ParsedFaults<N>, env: NodeJS.ProcessEnv = process.env): StartUp<N> {
  const fail = (message: string, code: number): never => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(code);
  };
  const faults = parseFaults(env.PARTICIPANT_FAULTS);
  if (!faults.ok) fail(faults.message, 2);
  const portText = env.PORT?.trim() || String(defaultPort);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);
  return {
    fail,
    env,
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: (faults as { faults: Set<N> }).faults,
    identity: (defaults) => ({
      instance: env.XROAD_INSTANCE?.trim() || defaults.instance,
      memberClass: env.XROAD_MEMBER_CLASS?.trim() || defaults.memberClass,
      memberCode: env.XROAD_MEMBER_CODE?.trim() || defaults.memberCode,
      subsystem: env.XROAD_SUBSYSTEM?.trim() || defaults.subsystem,
    }),
    url: (variable) => {
      const value = env[variable]?.trim();
      if (value && !/^https?:\/\/./.test(value)) fail(`${variable} must be an http(s) URL, got '${value}'`, 2);
      return value || undefined;
    },
  };
}

/**
 * Starts the participant (exit 3 when it cannot), prints where it listens and which fault switches are on, and
 * stops it on SIGTERM/SIGINT.
 */
export async function run<R extends { url: string; faults: ReadonlySet<string>; close(): Promise<void> }>(
  name: string,
  fail: (message: string, code: number) => never,
  start: () => Promise<R>,
  where: (running: R) => string = (r) => r.url,
): Promise<R> {
  let running: R;
  try {
    running = await start();
  } catch (err) {
    fail(`cannot start: ${(err as Error).message}`, 3);
  }
  process.stdout.write(`${name} listening on ${where(running)}\n`);
  if (running.faults.size) process.stderr.write(`${name}: fault switches on: ${[...running.faults].join(', ')}\n`);
  stopOnSignals(name, () => running.close());
  return running;
}
