// `polihon serve`: simulators over HTTP for local development, until Ctrl-C.
import { createRealClock, createVirtualClock } from '../../core/clock.ts';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createSimulatorHost } from '../../simulators/host.ts';
import { SIMULATORS } from '../../simulators/registry.ts';
import { serveSimulators } from '../../simulators/transport/http-server.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { fileSpillSink } from '../spill.ts';
import { join } from 'node:path';

export async function serveCommand(args: Args, out: Output, stop: Promise<void> = untilSignal()): Promise<number> {
  const known = Object.keys(SIMULATORS);
  const names = args.positionals.length ? args.positionals : known;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new PolihonError('E_USAGE', `unknown simulator${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { hint: `simulators: ${known.join(', ')}` });
  const port = args.values.port === undefined ? 7400 : Number(args.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PolihonError('E_USAGE', `--port must be 0..65535, got '${args.values.port}'`);
  const seed = args.values.seed === undefined ? 1 : Number(args.values.seed);
  const start = args.values.start ? Date.parse(args.values.start) : Date.now();
  if (!Number.isFinite(start)) throw new PolihonError('E_USAGE', `--start must be an ISO instant, got '${args.values.start}'`);
  const clock = args.values['real-clock'] ? createRealClock(() => Date.now()) : createVirtualClock(start);
  // older entries spill to a file, so a long-running dev server keeps both its memory and its whole journal
  const journal = createJournal({ clock, wallTime: () => Date.now(), storage: createSpillingStorage(fileSpillSink(join(PACKAGE_ROOT, '.polihon', `serve-journal-${process.pid}.jsonl`)), 20_000) });
  const endpoints: Record<string, string | undefined> = {};
  const host = createSimulatorHost({ clock, journal, seed, calendar: { martialLaw: true }, fetch: (i, init) => fetch(i, init), endpoints, simulators: names });
  const server = await serveSimulators(host, { host: args.values.host ?? '127.0.0.1', basePort: port });
  Object.assign(endpoints, server.urls);
  for (const [name, url] of Object.entries(server.urls)) out.stdout(`${name.padEnd(10)} ${url}   (control: ${url}/__polihon/health)\n`);
  out.stdout(`clock: ${clock.mode}${clock.mode === 'virtual' ? ` at ${new Date(clock.now()).toISOString()} (move it with POST /__polihon/clock)` : ''}; Ctrl-C stops\n`);
  await stop;
  await server.close();
  out.stdout('stopped\n');
  return EXIT.ok;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
