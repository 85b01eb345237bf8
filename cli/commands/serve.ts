// `polihon serve`: simulators over HTTP (or HTTPS with --tls) for local development, until Ctrl-C. The simulators'
// ports are what a participant gets in a run (published faces, GET clock and health); the control API is on a port
// of its own, loopback by default, behind a token made at each start, and every call to it is journalled.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces, hostname as machineName } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { createRealClock, createVirtualClock } from '../../core/clock.ts';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { t, type Lang, type MessageRef } from '../../core/i18n.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { fileStore, MESSAGING_FILE } from '../../simulators/eis/public.ts';
import { createSimulatorHost, type SimulatorHost } from '../../simulators/host.ts';
import { isSimulatorName, SIMULATORS, type ServedKind } from '../../simulators/registry.ts';
import { newControlToken } from '../../simulators/transport/control-port.ts';
import { serveControlPort, serveSimulators, type TlsServeOptions } from '../../simulators/transport/http-server.ts';
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import type { Args } from '../main.ts';
import { langOfArgs, M } from '../messages.ts';
import type { Output } from '../output.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { DEFAULT_PKI_DIR, loadOrCreatePki } from '../pki-cache.ts';
import { fileSpillSink } from '../spill.ts';
import { suggest } from '../suggest.ts';

/** The words for what a simulator serves (its registry line lists the paths by kind). */
const SERVED_KIND: Record<ServedKind, MessageRef> = {
  api: M.serveApi,
  openapi: M.serveOpenapi,
  web: M.serveWeb,
  soap: M.serveSoap,
  rest: M.serveRest,
  meta: M.serveMeta,
};

/** `pkiDir`: where the workspace's test CA is cached (tests pass a temporary one). */
export async function serveCommand(args: Args, out: Output, stop: Promise<void> = untilSignal(), pkiDir: string = DEFAULT_PKI_DIR): Promise<number> {
  const lang = langOfArgs(args);
  const known = Object.keys(SIMULATORS);
  const names = args.positionals.length ? args.positionals : known;
  const unknown = names.find((n) => !known.includes(n));
  if (unknown !== undefined) {
    const near = suggest(unknown, known);
    throw new PolihonError('E_USAGE', t(M.unknownSimulator, lang, { name: unknown }) + (near ? `: ${t(M.didYouMean, lang, { name: near })}` : ''), {
      hint: t(M.knownSimulators, lang, { list: known.join(', ') }),
    });
  }
  const port = args.values.port === undefined ? 7400 : Number(args.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PolihonError('E_USAGE', t(M.badPort, lang, { value: args.values.port ?? '' }));
  const seed = args.values.seed === undefined ? 1 : Number(args.values.seed);
  if (!Number.isInteger(seed)) throw new PolihonError('E_USAGE', t(M.badSeed, lang, { value: args.values.seed ?? '' }));
  const start = args.values.start ? Date.parse(args.values.start) : Date.now();
  if (!Number.isFinite(start)) throw new PolihonError('E_USAGE', t(M.badStart, lang, { value: args.values.start ?? '' }));
  const clock = args.values['real-clock'] ? createRealClock(() => Date.now()) : createVirtualClock(start);
  // older entries spill to a file, so a long-running dev server keeps both its memory and its whole journal
  const journal = createJournal({ clock, wallTime: () => Date.now(), storage: createSpillingStorage(fileSpillSink(join(PACKAGE_ROOT, '.polihon', `serve-journal-${process.pid}.jsonl`)), 20_000) });
  const provider = args.values.provider === undefined ? undefined : providerUrl(args.values.provider, lang);
  const endpoints: Record<string, string | undefined> = provider ? { 'participant.provider': provider } : {};
  // what must outlive this process — ЄІС МВС's messages still owed a try, its duplicate table — in the data dir
  const messagingFile = names.includes('eis') ? resolve(args.values['data-dir'] ?? DEFAULT_DATA_DIR, MESSAGING_FILE) : undefined;
  let host: SimulatorHost;
  try {
    // outbound calls over a keep-alive node:http pool (https: and anything unusual through fetch)
    host = createSimulatorHost({
      clock,
      journal,
      seed,
      calendar: { martialLaw: true },
      fetch: createOutboundFetch(),
      endpoints,
      simulators: names,
      ...(messagingFile ? { options: { eis: { messagingStore: fileStore(messagingFile) } } } : {}),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (messagingFile && typeof code === 'string') throw new PolihonError('E_USAGE', t(M.badDataDir, lang, { file: messagingFile, reason: (err as Error).message }), { cause: err });
    throw err;
  }
  const hostName = args.values.host ?? '127.0.0.1';
  const controlHost = args.values['control-host'] ?? '127.0.0.1';
  const controlPort = args.values['control-port'] === undefined ? (port === 0 ? 0 : port + names.length) : Number(args.values['control-port']);
  if (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535) {
    throw new PolihonError('E_USAGE', t(M.badControlPort, lang, { value: args.values['control-port'] ?? '' }));
  }
  const clientCa = args.values['client-ca'] === undefined ? undefined : readClientCa(args.values['client-ca'], Boolean(args.values.tls), lang);
  const tls = args.values.tls ? await tlsFor([hostName, controlHost], pkiDir, out, lang, clientCa) : undefined;
  if (!isLoopback(hostName)) out.stderr(t(M.serveBeyondLoopback, lang, { host: hostName }) + '\n');
  if (!isLoopback(controlHost)) out.stderr(t(M.serveControlBeyondLoopback, lang, { host: controlHost, plain: tls ? '' : t(M.serveTokenInClear, lang) }) + '\n');
  const token = newControlToken();
  const clash = (err: unknown) =>
    err instanceof PolihonError && err.code === 'E_PORT' && (err.cause as { code?: string } | undefined)?.code === 'EADDRINUSE'
      ? new PolihonError('E_PORT', err.message, { cause: err, hint: t(M.portClashHint, lang, { next: port === 0 ? 0 : Math.min(port + 100, 65000), n: names.length + 1 }) })
      : err;
  let control: Awaited<ReturnType<typeof serveControlPort>>;
  try {
    control = await serveControlPort(host, { host: controlHost, port: controlPort, token, ...(tls ? { tls: tls.options } : {}) });
  } catch (err) {
    throw clash(err);
  }
  // a developer used to the control API on the simulators' ports is told, once per call, where it went
  const told = new Set<string>();
  let server: Awaited<ReturnType<typeof serveSimulators>>;
  try {
    server = await serveSimulators(host, {
      host: hostName,
      basePort: port,
      ...(tls ? { tls: tls.options } : {}),
      controlApi: 'participant',
      controlRefusedHint: `The control API is on its own port: ${control.url}/{simulator}/__polihon/…, with Authorization: Bearer <the token polihon serve printed>.`,
      onControlRefused: (a) => {
        const call = `${a.method} ${a.path}`;
        if (told.has(`${a.simulator} ${call}`)) return;
        told.add(`${a.simulator} ${call}`);
        out.stderr(t(M.serveRefused, lang, { simulator: a.simulator, call, url: `${control.url}/${a.simulator}${a.path}` }) + '\n');
      },
    });
  } catch (err) {
    await control.close();
    throw clash(err);
  }
  Object.assign(endpoints, server.urls);
  out.stdout(describeUrls(server.urls, control.url, token, lang));
  if (tls) {
    out.stdout(t(M.serveTls, lang, { ca: tls.caCertPath }) + '\n');
    out.stdout((clientCa ? t(M.serveTlsClientsRequired, lang, { ca: clientCa.file }) : t(M.serveTlsClients, lang)) + '\n');
  }
  if (messagingFile) out.stdout(t(M.serveDataDir, lang, { file: messagingFile }) + '\n');
  if (provider) out.stdout(t(M.serveProvider, lang, { url: provider }) + '\n');
  const first = Object.keys(server.urls)[0] ?? names[0]!;
  out.stdout((clock.mode === 'virtual' ? t(M.serveClockVirtual, lang, { now: new Date(clock.now()).toISOString(), control: control.url, simulator: first }) : t(M.serveClockReal, lang)) + '\n');
  await stop;
  await Promise.all([server.close(), control.close()]);
  out.stdout(t(M.serveStopped, lang) + '\n');
  return EXIT.ok;
}

/** Where `serve` keeps what outlives it, relative to the working directory as the test CA's `.polihon/pki` is. */
export const DEFAULT_DATA_DIR = join('.polihon', 'serve');

/** --provider: the participant's base URL, http: or https:, without a trailing slash. */
function providerUrl(value: string, lang: Lang): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PolihonError('E_USAGE', t(M.badProvider, lang, { value }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PolihonError('E_USAGE', t(M.badProvider, lang, { value }));
  return value.replace(/\/+$/, '');
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** The CA that client certificates must chain to (--client-ca), read and checked before anything listens. */
function readClientCa(file: string, tls: boolean, lang: Lang): { file: string; pem: string } {
  if (!tls) throw new PolihonError('E_USAGE', t(M.clientCaNeedsTls, lang));
  try {
    const pem = readFileSync(file, 'utf8');
    if (!new X509Certificate(pem).ca) throw new Error('not a CA certificate');
    return { file, pem };
  } catch (err) {
    throw new PolihonError('E_USAGE', t(M.clientCaUnreadable, lang, { file, reason: err instanceof Error ? err.message : String(err) }), { hint: t(M.clientCaHint, lang) });
  }
}

/**
 * Every URL a developer may want, one block per simulator and one for the control port; the first line of each is
 * `name  baseURL`.
 */
function describeUrls(urls: Record<string, string>, control: string, token: string, lang: Lang): string {
  const lines: string[] = [];
  for (const [name, url] of Object.entries(urls)) {
    lines.push(`${name.padEnd(10)} ${url}`);
    const own = isSimulatorName(name) ? SIMULATORS[name].served.map(([kind, ...paths]) => [SERVED_KIND[kind], ...paths] as const) : [];
    const served: (readonly [MessageRef, ...string[]])[] = [...own, [M.serveReadable, '/__polihon/clock', '/__polihon/health']];
    for (const [label, ...paths] of served) lines.push(`  ${t(label, lang).padEnd(17)} ${paths.map((p) => url + p).join('  ')}`);
    lines.push(`  ${t(M.serveControl, lang).padEnd(17)} ${control}/${name}/__polihon/journal  ${control}/${name}/__polihon/clock`);
  }
  lines.push(`${'control'.padEnd(10)} ${control}`);
  lines.push(`  ${t(M.serveToken, lang).padEnd(17)} Authorization: Bearer ${token}`);
  lines.push(t(M.serveControlPaths, lang, { control, simulator: '{simulator}' }));
  return lines.join('\n') + '\n';
}

/**
 * A security-server certificate from the workspace's cached CA for the names clients will use (of the simulators'
 * and the control port's hosts). Client certificates are asked for; with --client-ca one of that CA is required.
 */
async function tlsFor(
  hosts: string[],
  pkiDir: string,
  out: Output,
  lang: Lang,
  clientCa: { pem: string } | undefined,
): Promise<{ options: TlsServeOptions; caCertPath: string }> {
  const cached = await loadOrCreatePki(pkiDir, Date.now(), lang);
  if (cached.message) out.stderr(`${cached.message}\n`);
  const dnsNames = new Set(['localhost']);
  const ipAddresses = new Set(['127.0.0.1', '::1']);
  for (const host of hosts) {
    if (host === '0.0.0.0' || host === '::') {
      // every interface: every address this machine has, and its name
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ipAddresses.add(a.address.replace(/%.*$/, ''));
      dnsNames.add(machineName());
    } else if (isIP(host)) {
      ipAddresses.add(host);
    } else {
      dnsNames.add(host);
    }
  }
  const pair = await cached.pki.issue({ kind: 'security-server', commonName: `polihon serve (${hosts[0]})`, dnsNames: [...dnsNames], ipAddresses: [...ipAddresses] });
  return {
    options: clientCa
      ? { ...pair, caPem: clientCa.pem, requestClientCert: true, rejectUnauthorized: true }
      : { ...pair, caPem: cached.pki.ca.certPem, requestClientCert: true, rejectUnauthorized: false },
    caCertPath: cached.caCertPath,
  };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
