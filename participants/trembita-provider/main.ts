// Entry point of the reference Трембіта provider: `node bin/run.mjs participants/trembita-provider/main.ts`.
// Env: PORT (7311; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, and its X-Road identity
// XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM.
import { parseFaults } from './config.ts';
import { DEFAULT_IDENTITY, startProvider } from './server.ts';
import { run, startUp } from '../kit/main.ts';

const s = startUp('trembita-provider', 7311, parseFaults);
await run('trembita-provider', s.fail, () => startProvider({ port: s.port, host: s.host, faults: s.faults, identity: s.identity(DEFAULT_IDENTITY) }));
