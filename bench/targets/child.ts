// What every benchmark target process shares: stop when the parent closes our stdin (so no server outlives a
// crashed bench) or on SIGTERM/SIGINT, closing the server first.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function onParentGone(close: () => Promise<void> | void): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.resolve(close())
      .catch(() => undefined)
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Serves a bare node:http target: listens on an ephemeral loopback port, prints {"url": ...} for the bench, and stops
 * with the parent (`beforeClose` releases the target's own resources first).
 */
export function serveChild(server: Server, beforeClose?: () => void): void {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  });
  onParentGone(
    () =>
      new Promise<void>((resolve) => {
        beforeClose?.();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
}
