// Entry point of the reference HR management system: `node bin/run.mjs participants/hr-system/main.ts`.
// Env: PORT (7341; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, its X-Road identity XROAD_INSTANCE,
// XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM (shown by /driver/health).
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, SERVICE_BASE, startHrSystem } from './server.ts';
import { run, startUp } from '../kit/main.ts';

const s = startUp('hr-system', 7341, parseFaults);
await run(
  'hr-system',
  s.fail,
  () => startHrSystem({ port: s.port, host: s.host, faults: s.faults, identity: s.identity(DEFAULT_IDENTITY) }),
  (r) => `${r.url} (service ${r.url}${SERVICE_BASE}/officials/{rnokpp}, driver ${r.url}/driver)`,
);
