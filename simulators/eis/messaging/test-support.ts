// Test support for the messaging tests: the ЄІС МВС messaging part mounted on a bare simulator app, and a small fake
// participant on loopback that receives notifications, keeps what it processed in a file (so a restart forgets
// nothing) and answers a duplicate with the identical ack. Not used by the simulator itself.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createFaultSet, type FaultSet, type SimulatorContext } from '../../../core/simulator.ts';
import { createBackgroundWork, createSimulatorApp } from '../../kit/index.ts';
import { mountMessaging, type MessagingHandle } from './faces.ts';
import type { MessagingStore } from './engine.ts';

export const PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
export const OTHER = 'SEVDEIR-TEST/GOV/12345678/OTHER_prod';
export const MIN = 60_000;

export interface MessagingWorld {
  handle: MessagingHandle;
  faults: FaultSet;
  background: ReturnType<typeof createBackgroundWork>;
  call: (method: string, path: string, body?: unknown) => Promise<{ status: number; text: string; body: Record<string, unknown>; headers: Headers }>;
}

/** The messaging part on a simulator app of its own, in-process; `store` makes it one instance of a restartable pair. */
export function messagingWorld(ctx: SimulatorContext, store?: MessagingStore): MessagingWorld {
  const app = createSimulatorApp({ name: 'eis', ctx });
  const background = createBackgroundWork();
  const faults = createFaultSet();
  const handle = mountMessaging(app, { ctx, faults, background, subsystem: PARTICIPANT, isRegistered: (s) => s === OTHER, settings: { ackTimeoutMs: 5 * MIN, maxTries: 3 }, ...(store ? { store } : {}) });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.fetch(new Request(`http://eis.polihon.test${path}`, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }) }));
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON
    }
    return { status: res.status, text, body: parsed, headers: res.headers };
  };
  return { handle, faults, background, call };
}

export interface Notification {
  messageId: string;
  envelopeId: string;
  mode: string;
  to: string;
  try: number;
}

export interface ReceiverOptions {
  /** where it keeps what it processed (message id → the ack it answered) */
  file: string;
  subsystem?: string;
  /** 'sync': the ack in the answer (default); 'none': 202 and no ack (the test acks on /eis/v1/acks) */
  ack?: 'sync' | 'none';
  /** called after each message is processed and kept, with the count processed so far (this process's file included) */
  onProcessed?: (count: number, kill: () => void) => void;
  /** HTTP status to answer everything with instead (a broken participant) */
  failWith?: number;
}

export interface FakeReceiver {
  url: string;
  /** every notification received, duplicates included */
  received: Notification[];
  /** message ids as its file says it processed them, in order (a message twice here was processed twice) */
  processed(): string[];
  /** goes down at once: the current request gets no answer, every connection is dropped until restart */
  kill(): void;
  /** up again, with what its file remembers */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A participant receiving ЄІС МВС's notifications on 127.0.0.1, deduplicating by message id in `file`. */
export async function fakeReceiver(options: ReceiverOptions): Promise<FakeReceiver> {
  const subsystem = options.subsystem ?? PARTICIPANT;
  mkdirSync(dirname(options.file), { recursive: true });
  appendFileSync(options.file, '');
  const acks = new Map<string, string>();
  const order: string[] = [];
  const load = () => {
    acks.clear();
    order.length = 0;
    for (const line of readFileSync(options.file, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as { messageId: string; ack: string };
      acks.set(r.messageId, r.ack);
      order.push(r.messageId);
    }
  };
  load();
  const received: Notification[] = [];
  let server: Server;
  let port = 0;
  let dead = false;

  // the port stays bound while it is down (every connection dropped at once), so no other test can take it meanwhile
  const kill = () => {
    dead = true;
    server.closeAllConnections();
  };

  const answer = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };

  const start = async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (dead) return void req.socket.destroy();
        if (options.failWith) return answer(res, options.failWith, '{}');
        let n: Notification;
        try {
          n = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Notification;
        } catch {
          return answer(res, 400, '{"error":"not JSON"}');
        }
        received.push(n);
        const known = acks.get(n.messageId);
        if (known !== undefined) return answer(res, options.ack === 'none' ? 202 : 200, options.ack === 'none' ? '{}' : known);
        // processed, and kept before the ack goes: a crash after this line loses the ack, never the work
        const ack = JSON.stringify({ messageId: n.messageId, envelopeId: n.envelopeId, code: 100, from: subsystem });
        appendFileSync(options.file, `${JSON.stringify({ messageId: n.messageId, ack })}\n`);
        acks.set(n.messageId, ack);
        order.push(n.messageId);
        options.onProcessed?.(order.length, kill);
        if (dead) return void req.socket.destroy();
        answer(res, options.ack === 'none' ? 202 : 200, options.ack === 'none' ? '{}' : ack);
      });
    });
    server.on('connection', (socket) => void (dead && socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    processed: () => {
      load();
      return [...order];
    },
    kill,
    async restart() {
      load();
      dead = false;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
