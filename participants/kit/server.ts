// HTTP plumbing shared by the reference participants: listen on loopback, answer broken HTTP with a plain 400,
// close once, stop cleanly on SIGTERM/SIGINT. Imports nothing of polihon.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  port: number;
  host: string;
  url: string;
  /** stops accepting, drops open connections; idempotent */
  close(): Promise<void>;
}

/** Starts `server` on host:port (0 = any free port); `beforeClose` releases the participant's own resources. */
export async function listen(server: Server, host: string, port: number, beforeClose?: () => void): Promise<Listening> {
  // a malformed request line never reaches the handler: answer it plainly and keep serving
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    port: bound,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        beforeClose?.();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Stops on SIGTERM/SIGINT: closes, then exits; gives up waiting after 3 s. */
export function stopOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${name}: ${signal}, stopping\n`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    void close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
