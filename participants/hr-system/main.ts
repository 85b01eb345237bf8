// Entry point of the reference HR management system: `node bin/run.mjs participants/hr-system/main.ts`.
// Env: PORT (7341; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, its X-Road identity XROAD_INSTANCE,
// XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM (shown by /driver/health).
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, SERVICE_BASE, startHrSystem } from './server.ts';
import { stopOnSignals } from '../kit/server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`hr-system: ${message}\n`);
  process.exit(code);
}

const env = process.env;
const faults = parseFaults(env.PARTICIPANT_FAULTS);
if (!faults.ok) fail(faults.message, 2);

const portText = env.PORT?.trim() || '7341';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);

let running;
try {
  running = await startHrSystem({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faults.faults,
    identity: {
      instance: env.XROAD_INSTANCE?.trim() || DEFAULT_IDENTITY.instance,
      memberClass: env.XROAD_MEMBER_CLASS?.trim() || DEFAULT_IDENTITY.memberClass,
      memberCode: env.XROAD_MEMBER_CODE?.trim() || DEFAULT_IDENTITY.memberCode,
      subsystem: env.XROAD_SUBSYSTEM?.trim() || DEFAULT_IDENTITY.subsystem,
    },
  });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`hr-system listening on ${running.url} (service ${running.url}${SERVICE_BASE}/officials/{rnokpp}, driver ${running.url}/driver)\n`);
if (running.faults.size) process.stderr.write(`hr-system: fault switches on: ${[...running.faults].join(', ')}\n`);

stopOnSignals('hr-system', () => running.close());
