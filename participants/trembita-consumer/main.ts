// Entry point of the reference Трембіта consumer: `node bin/run.mjs participants/trembita-consumer/main.ts`.
// Env: PORT (7321; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, its X-Road client identity
// XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM, the officer CONSUMER_USER_ID, and
// TREMBITA_URL (its security server before any POST /driver/reset); in an mTLS run POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY
// (presented on every https: call) and POLIHON_CA (trusted), participants/kit/https.ts.
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startConsumer } from './server.ts';
import { stopOnSignals } from '../kit/server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`trembita-consumer: ${message}\n`);
  process.exit(code);
}

const env = process.env;
const faults = parseFaults(env.PARTICIPANT_FAULTS);
if (!faults.ok) fail(faults.message, 2);

const portText = env.PORT?.trim() || '7321';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);
const trembita = env.TREMBITA_URL?.trim();
if (trembita && !/^https?:\/\/./.test(trembita)) fail(`TREMBITA_URL must be an http(s) URL, got '${trembita}'`, 2);

const identity = {
  instance: env.XROAD_INSTANCE?.trim() || DEFAULT_IDENTITY.instance,
  memberClass: env.XROAD_MEMBER_CLASS?.trim() || DEFAULT_IDENTITY.memberClass,
  memberCode: env.XROAD_MEMBER_CODE?.trim() || DEFAULT_IDENTITY.memberCode,
  subsystem: env.XROAD_SUBSYSTEM?.trim() || DEFAULT_IDENTITY.subsystem,
};

let running;
try {
  running = await startConsumer({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faults.faults,
    identity,
    ...(trembita ? { trembita } : {}),
    ...(env.CONSUMER_USER_ID?.trim() ? { userId: env.CONSUMER_USER_ID.trim() } : {}),
  });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`trembita-consumer listening on ${running.url}\n`);
if (running.faults.size) process.stderr.write(`trembita-consumer: fault switches on: ${[...running.faults].join(', ')}\n`);

stopOnSignals('trembita-consumer', () => running.close());
