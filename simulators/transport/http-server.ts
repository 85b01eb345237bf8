// Serves each simulator of a host on its own HTTP port with @hono/node-server: loopback by default, closed gracefully.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { PolihonError } from '../../core/errors.ts';
import { isConnectionReset } from '../control.ts';
import type { SimulatorHost } from '../host.ts';

export interface ServeOptions {
  /** interface to listen on; loopback unless the user asks for more */
  host?: string;
  /** first port; each further simulator takes the next one. 0 (default) = an ephemeral port each */
  basePort?: number;
  /** how long close() lets calls in flight finish before it drops their connections (real ms) */
  closeGraceMs?: number;
}

export interface ServedSimulators {
  /** base URL per simulator name, e.g. { dms: 'http://127.0.0.1:40123' } */
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
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  try {
    let i = 0;
    for (const [name, sim] of Object.entries(host.simulators)) {
      const port = basePort === 0 ? 0 : basePort + i++;
      const server = createAdaptorServer({
        hostname,
        // keep the global Request/Response of this process untouched (msw and tests share it)
        overrideGlobalObjects: false,
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          const res = await sim.handle(request);
          if (isConnectionReset(res)) {
            env.incoming.socket?.destroy();
            return new Response(null, { status: 500 });
          }
          return res;
        },
      }) as Server;
      await listen(server, port, hostname, name);
      servers.push(server);
      const { port: actual } = server.address() as AddressInfo;
      urls[name] = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${actual}`;
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

function listen(server: Server, port: number, hostname: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new PolihonError('E_PORT', `the ${name} simulator could not listen on ${hostname}:${port}: ${err.code ?? err.message}`, {
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
function closeServer(server: Server, grace: number): Promise<void> {
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
