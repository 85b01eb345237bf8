// `polihon serve`: simulators over HTTP (or HTTPS with --tls) for local development, until Ctrl-C.
import { networkInterfaces, hostname as machineName } from 'node:os';
import { isIP } from 'node:net';
import { createRealClock, createVirtualClock } from '../../core/clock.ts';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createSimulatorHost } from '../../simulators/host.ts';
import { SIMULATORS } from '../../simulators/registry.ts';
import { serveSimulators, type TlsServeOptions } from '../../simulators/transport/http-server.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { DEFAULT_PKI_DIR, loadOrCreatePki } from '../pki-cache.ts';
import { fileSpillSink } from '../spill.ts';
import { join } from 'node:path';

/** `pkiDir`: where the workspace's test CA is cached (tests pass a temporary one). */
export async function serveCommand(args: Args, out: Output, stop: Promise<void> = untilSignal(), pkiDir: string = DEFAULT_PKI_DIR): Promise<number> {
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
  const hostName = args.values.host ?? '127.0.0.1';
  const tls = args.values.tls ? await tlsFor(hostName, pkiDir, out) : undefined;
  const server = await serveSimulators(host, { host: hostName, basePort: port, ...(tls ? { tls: tls.options } : {}) });
  Object.assign(endpoints, server.urls);
  for (const [name, url] of Object.entries(server.urls)) out.stdout(`${name.padEnd(10)} ${url}   (control: ${url}/__polihon/health)\n`);
  if (tls) {
    out.stdout(`TLS: trust the test CA ${tls.caCertPath} (curl --cacert ${tls.caCertPath}; Node: NODE_EXTRA_CA_CERTS=${tls.caCertPath})\n`);
    out.stdout('     client certificates are asked for, not required; simulators see them (verified or not) in x-polihon-client-cert-* headers\n');
  }
  out.stdout(`clock: ${clock.mode}${clock.mode === 'virtual' ? ` at ${new Date(clock.now()).toISOString()} (move it with POST /__polihon/clock)` : ''}; Ctrl-C stops\n`);
  await stop;
  await server.close();
  out.stdout('stopped\n');
  return EXIT.ok;
}

/** A security-server certificate from the workspace's cached CA for the names clients will use. */
async function tlsFor(host: string, pkiDir: string, out: Output): Promise<{ options: TlsServeOptions; caCertPath: string }> {
  const cached = await loadOrCreatePki(pkiDir, Date.now());
  if (cached.message) out.stderr(`${cached.message}\n`);
  const dnsNames = new Set(['localhost']);
  const ipAddresses = new Set(['127.0.0.1', '::1']);
  if (host === '0.0.0.0' || host === '::') {
    // every interface: every address this machine has, and its name
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ipAddresses.add(a.address.replace(/%.*$/, ''));
    dnsNames.add(machineName());
  } else if (isIP(host)) {
    ipAddresses.add(host);
  } else {
    dnsNames.add(host);
  }
  const pair = await cached.pki.issue({ kind: 'security-server', commonName: `polihon serve (${host})`, dnsNames: [...dnsNames], ipAddresses: [...ipAddresses] });
  return {
    options: { ...pair, caPem: cached.pki.ca.certPem, requestClientCert: true, rejectUnauthorized: false },
    caCertPath: cached.caCertPath,
  };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
