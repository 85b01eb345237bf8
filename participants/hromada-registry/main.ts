// Entry point of the reference hromada registry: `node bin/run.mjs participants/hromada-registry/main.ts`.
// Env: PORT (7301; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, HROMADA_KATOTTG; its X-Road identity
// XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE (= its ЄДРПОУ), XROAD_SUBSYSTEM, the officer HROMADA_USER_ID,
// ДМС's subsystem DMS_XROAD_ID; and optionally TREMBITA_URL / DMS_URL / CLOCK_URL for use without a driver reset.
import { parseFaults } from './config.ts';
import { DEFAULT_KATOTTG, isValidEdrpou } from './identifiers.ts';
import { startRegistry } from './server.ts';
import { stopOnSignals } from '../kit/server.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`hromada-registry: ${message}\n`);
  process.exit(code);
}

const env = process.env;
const faults = parseFaults(env.PARTICIPANT_FAULTS);
if (!faults.ok) fail(faults.message, 2);

const portText = env.PORT?.trim() || '7301';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`PORT must be a number 0..65535, got '${portText}'`, 2);

const katottg = env.HROMADA_KATOTTG?.trim() || DEFAULT_KATOTTG;
if (!/^UA\d{17}$/.test(katottg)) fail(`HROMADA_KATOTTG must be a КАТОТТГ code UA + 17 digits, got '${katottg}'`, 2);

for (const name of ['DMS_URL', 'TREMBITA_URL', 'CLOCK_URL'] as const) {
  const v = env[name];
  if (v && !/^https?:\/\/./.test(v)) fail(`${name} must be an http(s) URL, got '${v}'`, 2);
}

// X-Road identifier parts may not hold : ; / \ % or controls (PR-MESS); the member code is the body's ЄДРПОУ
const PART = /^[^:;/\\%\s\u0000-\u001f]+$/;
const identity: Record<string, string> = {};
for (const [name, key] of [
  ['XROAD_INSTANCE', 'instance'],
  ['XROAD_MEMBER_CLASS', 'memberClass'],
  ['XROAD_MEMBER_CODE', 'memberCode'],
  ['XROAD_SUBSYSTEM', 'subsystem'],
] as const) {
  const v = env[name]?.trim();
  if (!v) continue;
  if (!PART.test(v)) fail(`${name} must be one X-Road identifier part (no : ; / \\ % or spaces), got '${v}'`, 2);
  identity[key] = v;
}
if (identity.memberCode !== undefined && !isValidEdrpou(identity.memberCode)) {
  fail(`XROAD_MEMBER_CODE must be the body's ЄДРПОУ, 8 digits with a valid check digit, got '${identity.memberCode}'`, 2);
}
const dmsXRoad = env.DMS_XROAD_ID?.trim();
if (dmsXRoad && !(dmsXRoad.split('/').length === 4 && dmsXRoad.split('/').every((p) => PART.test(p)))) {
  fail(`DMS_XROAD_ID must be ДМС's subsystem INSTANCE/CLASS/MEMBER/SUBSYSTEM, got '${dmsXRoad}'`, 2);
}
const userId = env.HROMADA_USER_ID?.trim();
if (userId && !/^[A-Z]{2}\S{1,62}$/.test(userId)) fail(`HROMADA_USER_ID must be a country-prefixed user id such as UA3109402560, got '${userId}'`, 2);

let running;
try {
  running = await startRegistry({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faults.faults,
    katottg,
    identity,
    ...(dmsXRoad ? { dmsXRoad } : {}),
    ...(userId ? { userId } : {}),
    ...(env.DMS_URL ? { dms: env.DMS_URL } : {}),
    ...(env.TREMBITA_URL ? { trembita: env.TREMBITA_URL } : {}),
    ...(env.CLOCK_URL ? { clock: env.CLOCK_URL } : {}),
  });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`hromada-registry listening on ${running.url} (X-Road client ${running.client})\n`);
if (running.faults.size) process.stderr.write(`hromada-registry: fault switches on: ${[...running.faults].join(', ')}\n`);

stopOnSignals('hromada-registry', () => running.close());
