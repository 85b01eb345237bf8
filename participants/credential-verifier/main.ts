// Entry point of the reference credential verifier: `node bin/run.mjs participants/credential-verifier/main.ts`.
// Env: PORT (7331; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, its X-Road client identity XROAD_INSTANCE,
// XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM, the officer OFFICER_RNOKPP, and TREMBITA_URL (its security
// server before any POST /driver/reset).
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startVerifier } from './server.ts';
import { run, startUp } from '../kit/main.ts';

const s = startUp('credential-verifier', 7331, parseFaults);
const trembita = s.url('TREMBITA_URL');
const officer = s.env.OFFICER_RNOKPP?.trim();
if (officer && !/^(UA)?\d{10}$/i.test(officer)) s.fail(`OFFICER_RNOKPP must be 10 digits, got '${officer}'`, 2);

await run(
  'credential-verifier',
  s.fail,
  () =>
    startVerifier({
      port: s.port,
      host: s.host,
      faults: s.faults,
      identity: s.identity(DEFAULT_IDENTITY),
      ...(trembita ? { trembita } : {}),
      ...(officer ? { officer } : {}),
    }),
  (r) => `${r.url} (page ${r.url}/, driver ${r.url}/driver)`,
);
