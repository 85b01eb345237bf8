// Entry point of the reference ЄІС МВС participant: `node bin/run.mjs participants/eis-subscriber/main.ts`.
// Env: PORT (7351; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, DATA_DIR (where processed messages are kept),
// EIS_URL (ЄІС МВС before any POST /driver/reset), its identity XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE,
// XROAD_SUBSYSTEM; in an mTLS run POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY (presented, and signing) and POLIHON_CA.
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startParticipant } from './server.ts';
import { clientTlsFromEnv } from '../kit/https.ts';
import { stopOnSignals } from '../kit/server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`eis-subscriber: ${message}\n`);
  process.exit(code);
}

const env = process.env;
const faults = parseFaults(env.PARTICIPANT_FAULTS);
if (!faults.ok) fail(faults.message, 2);
const portText = env.PORT?.trim() || '7351';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);
const eis = env.EIS_URL?.trim();
if (eis && !/^https?:\/\/./.test(eis)) fail(`EIS_URL must be an http(s) URL, got '${eis}'`, 2);
let tls;
try {
  tls = clientTlsFromEnv();
} catch (err) {
  fail((err as Error).message, 3);
}

let running;
try {
  running = await startParticipant({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faults.faults,
    identity: {
      instance: env.XROAD_INSTANCE?.trim() || DEFAULT_IDENTITY.instance,
      memberClass: env.XROAD_MEMBER_CLASS?.trim() || DEFAULT_IDENTITY.memberClass,
      memberCode: env.XROAD_MEMBER_CODE?.trim() || DEFAULT_IDENTITY.memberCode,
      subsystem: env.XROAD_SUBSYSTEM?.trim() || DEFAULT_IDENTITY.subsystem,
    },
    ...(eis ? { eis } : {}),
    ...(env.DATA_DIR?.trim() ? { dataDir: env.DATA_DIR.trim() } : {}),
    ...(tls ? { tls } : {}),
  });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`eis-subscriber listening on ${running.url} (data in ${running.dataDir})\n`);
if (running.faults.size) process.stderr.write(`eis-subscriber: fault switches on: ${[...running.faults].join(', ')}\n`);

stopOnSignals('eis-subscriber', () => running.close());
