// Entry point of the reference credential verifier: `node bin/run.mjs participants/credential-verifier/main.ts`.
// Env: PORT (7331; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, its X-Road client identity XROAD_INSTANCE,
// XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM, the officer OFFICER_RNOKPP, and TREMBITA_URL (its security
// server before any POST /driver/reset).
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startVerifier } from './server.ts';
import { stopOnSignals } from '../kit/server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`credential-verifier: ${message}\n`);
  process.exit(code);
}

const env = process.env;
const faults = parseFaults(env.PARTICIPANT_FAULTS);
if (!faults.ok) fail(faults.message, 2);

const portText = env.PORT?.trim() || '7331';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);
const trembita = env.TREMBITA_URL?.trim();
if (trembita && !/^https?:\/\/./.test(trembita)) fail(`TREMBITA_URL must be an http(s) URL, got '${trembita}'`, 2);
const officer = env.OFFICER_RNOKPP?.trim();
if (officer && !/^(UA)?\d{10}$/i.test(officer)) fail(`OFFICER_RNOKPP must be 10 digits, got '${officer}'`, 2);

let running;
try {
  running = await startVerifier({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faults.faults,
    identity: {
      instance: env.XROAD_INSTANCE?.trim() || DEFAULT_IDENTITY.instance,
      memberClass: env.XROAD_MEMBER_CLASS?.trim() || DEFAULT_IDENTITY.memberClass,
      memberCode: env.XROAD_MEMBER_CODE?.trim() || DEFAULT_IDENTITY.memberCode,
      subsystem: env.XROAD_SUBSYSTEM?.trim() || DEFAULT_IDENTITY.subsystem,
    },
    ...(trembita ? { trembita } : {}),
    ...(officer ? { officer } : {}),
  });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`credential-verifier listening on ${running.url} (page ${running.url}/, driver ${running.url}/driver)\n`);
if (running.faults.size) process.stderr.write(`credential-verifier: fault switches on: ${[...running.faults].join(', ')}\n`);

stopOnSignals('credential-verifier', () => running.close());
