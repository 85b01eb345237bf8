// Entry point of the reference Трембіта provider: `node bin/run.mjs participants/trembita-provider/main.ts`.
// Env: PORT (7311; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, and its X-Road identity
// XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM.
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startProvider } from './server.ts';
import { stopOnSignals } from '../kit/server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`trembita-provider: ${message}\n`);
  process.exit(code);
}

const env = process.env;
const faults = parseFaults(env.PARTICIPANT_FAULTS);
if (!faults.ok) fail(faults.message, 2);

const portText = env.PORT?.trim() || '7311';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);

const identity = {
  instance: env.XROAD_INSTANCE?.trim() || DEFAULT_IDENTITY.instance,
  memberClass: env.XROAD_MEMBER_CLASS?.trim() || DEFAULT_IDENTITY.memberClass,
  memberCode: env.XROAD_MEMBER_CODE?.trim() || DEFAULT_IDENTITY.memberCode,
  subsystem: env.XROAD_SUBSYSTEM?.trim() || DEFAULT_IDENTITY.subsystem,
};

let running;
try {
  running = await startProvider({ port, host: env.HOST?.trim() || '127.0.0.1', faults: faults.faults, identity });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`trembita-provider listening on ${running.url}\n`);
if (running.faults.size) process.stderr.write(`trembita-provider: fault switches on: ${[...running.faults].join(', ')}\n`);

stopOnSignals('trembita-provider', () => running.close());
