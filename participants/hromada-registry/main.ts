// Entry point of the reference hromada registry: `npx tsx participants/hromada-registry/main.ts`.
// Env: PORT (7301; 0 = ephemeral), HOST (127.0.0.1), PARTICIPANT_FAULTS, HROMADA_KATOTTG, and optionally
// DMS_URL / CLOCK_URL for use without a driver reset.
import { parseFaults } from './config.ts';
import { DEFAULT_KATOTTG } from './identifiers.ts';
import { startRegistry } from './server.ts';

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

for (const name of ['DMS_URL', 'CLOCK_URL'] as const) {
  const v = env[name];
  if (v && !/^https?:\/\/./.test(v)) fail(`${name} must be an http(s) URL, got '${v}'`, 2);
}

let running;
try {
  running = await startRegistry({
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faults.faults,
    katottg,
    ...(env.DMS_URL ? { dms: env.DMS_URL } : {}),
    ...(env.CLOCK_URL ? { clock: env.CLOCK_URL } : {}),
  });
} catch (err) {
  fail(`cannot start: ${(err as Error).message}`, 3);
}

process.stdout.write(`hromada-registry listening on ${running.url}\n`);
if (running.faults.size) process.stderr.write(`hromada-registry: fault switches on: ${[...running.faults].join(', ')}\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`hromada-registry: ${signal}, stopping\n`);
  const force = setTimeout(() => process.exit(0), 3000);
  force.unref();
  void running.close().then(() => process.exit(0));
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
