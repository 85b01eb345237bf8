// Entry point of the reference Трембіта consumer: `node bin/run.mjs participants/trembita-consumer/main.ts`.
// Env: PORT (7321; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, its X-Road client identity
// XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM, the officer CONSUMER_USER_ID, and
// TREMBITA_URL (its security server before any POST /driver/reset); in an mTLS run POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY
// (presented on every https: call) and POLIHON_CA (trusted), participants/kit/https.ts.
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startConsumer } from './server.ts';
import { run, startUp } from '../kit/main.ts';

const s = startUp('trembita-consumer', 7321, parseFaults);
const trembita = s.url('TREMBITA_URL');
const userId = s.env.CONSUMER_USER_ID?.trim();

await run('trembita-consumer', s.fail, () =>
  startConsumer({ port: s.port, host: s.host, faults: s.faults, identity: s.identity(DEFAULT_IDENTITY), ...(trembita ? { trembita } : {}), ...(userId ? { userId } : {}) }),
);
