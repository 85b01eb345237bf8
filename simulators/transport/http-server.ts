// Serves each simulator of a host on its own HTTP(S) port with @hono/node-server: loopback by default, closed
// gracefully. With `tls`, HTTPS, optionally asking for client certificates (mTLS); the caller's certificate
// reaches the simulator in the x-polihon-client-cert* headers (core/pki.ts), which are stripped from what the
// network sends, over plain HTTP too, so a caller cannot forge them. With `controlApi: 'participant'` these ports
// answer only what a participant may call of the control API; serveControlPort serves all of it, on a port of its
// own behind a bearer token (control-port.ts).
import type { AddressInfo } from 'node:net';
import { ServerResponse, type createServer as createHttpServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import { createAdaptorServer, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { PolihonError } from '../../core/errors.ts';
import { isConnectionReset } from '../kit/index.ts';
import type { SimulatorHost } from '../host.ts';
import { createAdmissionGuard, type AdmissionOptions } from './admission.ts';
import { createControlGuard, createControlHandler, type ControlAttempt } from './control-port.ts';
import { httpsServerOptions, serverFactory, type TlsServeOptions } from './tls.ts';

export type { TlsServeOptions } from './tls.ts';
export type { AdmissionOptions, AdmissionRefused } from './admission.ts';

export interface ServeOptions {
  /** interface to listen on; loopback unless the user asks for more */
  host?: string;
  /** first port; each further simulator takes the next one. 0 (default) = an ephemeral port each */
  basePort?: number;
  /** how long close() lets calls in flight finish before it drops their connections (real ms) */
  closeGraceMs?: number;
  /** serve HTTPS with this certificate; see TlsServeOptions for client certificates */
  tls?: TlsServeOptions;
  /**
   * The control API (/__polihon/*) on these ports. 'all' (default) serves it, for tests and benches that drive the
   * simulators over HTTP. 'participant' serves only what a participant may call — GET /__polihon/clock and
   * GET /__polihon/health — and answers anything else under /__polihon with 404, journalled (from: 'participant',
   * service polihon.control, outcome refused): what `run` and `serve` give a participant.
   */
  controlApi?: 'all' | 'participant';
  /** with controlApi 'participant': told of each refused call, after it is journalled */
  onControlRefused?: (attempt: ControlAttempt) => void;
  /** with controlApi 'participant': the refusal's hint (where the control API is instead) */
  controlRefusedHint?: string;
  /**
   * Admission by client certificate (transport/admission.ts): every call but the participant's clock and health
   * reads must present a certificate of the test CA that its simulator's rule admits. Needs `tls` with
   * requestClientCert and rejectUnauthorized false, so the refusal can say why.
   */
  admission?: AdmissionOptions;
}

export interface ServedSimulators {
  /** base URL per simulator name, e.g. { dms: 'http://127.0.0.1:40123' } (https: with `tls`) */
  urls: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Serves every simulator of `host`; fills `host.endpoints[name]` with its URL where the caller left it unset.
 * Example: const { urls, close } = await serveSimulators(host, { basePort: 0 }).
 */
export async function serveSimulators(host: SimulatorHost, options: ServeOptions = {}): Promise<ServedSimulators> {
  const hostname = options.host ?? '127.0.0.1';
  const basePort = options.basePort ?? 0;
  const grace = options.closeGraceMs ?? 2000;
  const servers: (Server | HttpsServer)[] = [];
  const scheme = options.tls ? 'https' : 'http';
  const transport = transportFor(options.tls);
  // 'all' adds nothing to a request's way: the guard is only there when asked for
  const guard =
    options.controlApi === 'participant'
      ? createControlGuard({
          journal: host.journal,
          ...(options.onControlRefused ? { onRefused: options.onControlRefused } : {}),
          ...(options.controlRefusedHint ? { hint: options.controlRefusedHint } : {}),
        })
      : undefined;
  const admit = options.admission ? createAdmissionGuard(host.journal, options.admission) : undefined;
  const urls: Record<string, string> = {};
  try {
    let i = 0;
    for (const [name, sim] of Object.entries(host.simulators)) {
      const port = basePort === 0 ? 0 : basePort + i++;
      const server = createAdaptorServer({
        hostname,
        // keep the global Request/Response of this process untouched (msw and tests share it)
        overrideGlobalObjects: false,
        ...transport,
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          const refused = guard?.(name, request);
          if (refused) return refused;
          const turnedAway = await admit?.(name, request);
          if (turnedAway) return env.outgoing instanceof ServerResponse ? writeAnswer(turnedAway, env.outgoing) : turnedAway;
          const res = await sim.handle(request);
          if (isConnectionReset(res)) {
            env.incoming.socket?.destroy();
            return new Response(null, { status: 500 });
          }
          return env.outgoing instanceof ServerResponse ? writeAnswer(res, env.outgoing) : res;
        },
      }) as Server | HttpsServer;
      await listen(server, port, hostname, `the ${name} simulator`);
      servers.push(server);
      const { port: actual } = server.address() as AddressInfo;
      urls[name] = baseUrl(scheme, hostname, actual);
      if (host.endpoints[name] === undefined) host.endpoints[name] = urls[name];
    }
  } catch (err) {
    await Promise.all(servers.map((s) => closeServer(s, 0)));
    throw err;
  }
  return {
    urls,
    close: () => Promise.all(servers.map((s) => closeServer(s, grace))).then(() => undefined),
  };
}

export interface ControlPortOptions {
  /** interface to listen on; loopback unless the user asks for more */
  host?: string;
  /** 0 (default) = an ephemeral port */
  port?: number;
  /** the bearer token every call must carry (newControlToken()) */
  token: string;
  tls?: TlsServeOptions;
  closeGraceMs?: number;
}

export interface ServedControlPort {
  /** base URL; a simulator's control API is at `${url}/${simulator}/__polihon/…` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the whole control API of every simulator of `host` on one port of its own, behind a bearer token; every call
 * is journalled (control-port.ts). Example: await serveControlPort(host, { port: 0, token: newControlToken() }).
 */
export async function serveControlPort(host: SimulatorHost, options: ControlPortOptions): Promise<ServedControlPort> {
  const hostname = options.host ?? '127.0.0.1';
  const handle = createControlHandler(host, options.token);
  const server = createAdaptorServer({ hostname, overrideGlobalObjects: false, ...transportFor(options.tls), fetch: (request: Request) => handle(request) }) as Server | HttpsServer;
  await listen(server, options.port ?? 0, hostname, 'the control API');
  const { port } = server.address() as AddressInfo;
  return { url: baseUrl(options.tls ? 'https' : 'http', hostname, port), close: () => closeServer(server, options.closeGraceMs ?? 2000) };
}

/**
 * Writes a simulator's answer in one go: its body read whole (every simulator answers with a finished body), then
 * head and body in a single socket write. @hono/node-server cannot take its own fast path for a Response of this
 * process's global class (it keeps globals untouched, see above) and reads the body back chunk by chunk through a
 * stream reader; this is what it does otherwise — its default content type, content-length, set-cookie kept apart.
 */
async function writeAnswer(res: Response, outgoing: ServerResponse): Promise<Response> {
  const headers: OutgoingHttpHeaders = {};
  res.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (res.body === null) {
    outgoing.writeHead(res.status, headers).end();
    return RESPONSE_ALREADY_SENT;
  }
  const body = Buffer.from(await res.arrayBuffer());
  headers['content-type'] ??= 'text/plain; charset=UTF-8';
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = body.byteLength;
  outgoing.writeHead(res.status, headers).end(body);
  return RESPONSE_ALREADY_SENT;
}

function transportFor(tls: TlsServeOptions | undefined) {
  return tls
    ? { createServer: serverFactory(true) as unknown as typeof createHttpsServer, serverOptions: httpsServerOptions(tls) }
    : { createServer: serverFactory(false) as unknown as typeof createHttpServer };
}

function baseUrl(scheme: string, hostname: string, port: number): string {
  return `${scheme}://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
}

function listen(server: Server | HttpsServer, port: number, hostname: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new PolihonError('E_PORT', `${what} could not listen on ${hostname}:${port}: ${err.code ?? err.message}`, {
          cause: err,
          hint: err.code === 'EADDRINUSE' ? 'Another process holds the port: pick another base port, or 0 for free ones.' : 'Check the host name and port.',
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, hostname, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Stops accepting, lets calls in flight finish for `grace` ms, then drops what is left (a `timeout` fault). */
function closeServer(server: Server | HttpsServer, grace: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => server.closeAllConnections(), grace);
    // a keep-alive connection becomes idle only when its call finishes: sweep until the last one is gone
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
