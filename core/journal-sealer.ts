// The main thread's side of the journal's sealing thread (core/journal-worker.ts). Sealing — masking, commitments, the
// chained hash — is most of what journalling costs, and nothing on a message's path needs it; a served simulator under
// load spends a third of its main thread on it. So a busy journal hands batches of entries to a worker thread and takes
// their hashes back: as messages when the main thread is free, and synchronously — Atomics.wait on a shared counter
// the worker bumps, then receiveMessageOnPort — when a read needs every entry sealed now (core/journal.ts).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Entries to seal, in order, each with its salt; `head` is the hash to chain the first one to, when it changed. */
export interface SealBatch {
  entries: object[];
  salts: string[];
  head?: string;
}

/** The hashes of the batch's first `hashes.length` entries; `error` when sealing the next one threw. */
export interface SealResult {
  hashes: string[];
  error?: string;
}

// the shared Int32Array's slots: the count of entries sealed so far, and the thread's state
export const SEALED = 0;
export const STATE = 1;
export const STATE_READY = 1;
export const STATE_FAILED = 2;

export interface SealingThread {
  /** started and listening: batches sent before would wait for its start, so the journal seals itself until then */
  ready(): boolean;
  /** failed or gone: the journal takes back what it sent and seals it itself */
  failed(): boolean;
  /** hands a batch over; throws (DataCloneError) when an entry cannot be copied to another thread */
  send(batch: SealBatch): void;
  /** the next result that has come back, without waiting */
  receive(): SealResult | undefined;
  /**
   * Blocks until `total` entries have been sealed in all, or the thread failed, or nothing moved for `stallMs`.
   * True when they have.
   */
  waitFor(total: number, stallMs: number): boolean;
  /** results arriving while the main thread is free */
  onResult(listener: (result: SealResult) => void): void;
  /** what to do when the thread dies by itself (a crash, not a sealing error) */
  onExit(listener: () => void): void;
  /** keeps the process alive while batches are out, so a process ending normally loses none */
  hold(on: boolean): void;
  close(): void;
}

/** The worker: compiled JavaScript beside this file, or the TypeScript source through tsx's require hook. */
function workerSource(): { url: URL } | { code: string } | undefined {
  // `import.meta` whole: scripts/build.mjs defines `import.meta.url` as the *source's* URL in build/, so the compiled
  // file would look for the .ts worker; the object's own url is the file actually running
  const meta = import.meta;
  const here = meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./journal-worker.js', here) };
  // Node 20 applies no module hooks (`--import tsx`) in a worker thread, inherited or given; tsx's CommonJS hook
  // works there, in the thread itself (tests, the bench: tsx is a development dependency)
  try {
    const tsx = createRequire(here).resolve('tsx/cjs/api');
    const file = fileURLToPath(new URL('./journal-worker.ts', here));
    return { code: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});` };
  } catch {
    return undefined;
  }
}

/** Starts the thread; undefined when it cannot be started here (the journal then seals on its own thread). */
export function startSealingThread(): SealingThread | undefined {
  const source = workerSource();
  if (!source) return undefined;
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker('url' in source ? source.url : source.code, {
      eval: 'code' in source,
      workerData: { port: port2, state },
      transferList: [port2 as unknown as MessagePort],
      // the worker writes nothing; its errors come back as results or as the 'error' event
      stdout: false,
      stderr: false,
    });
  } catch {
    port1.close();
    return undefined;
  }
  worker.unref();
  port1.unref();
  let gone = false;
  const exitListeners: (() => void)[] = [];
  const die = () => {
    if (gone) return;
    gone = true;
    for (const l of exitListeners) l();
  };
  // a crash (or a file that does not load) is not a sealing error: the journal takes its entries back
  worker.on('error', die);
  worker.on('exit', die);
  return {
    ready: () => !gone && Atomics.load(state, STATE) === STATE_READY,
    failed: () => gone || Atomics.load(state, STATE) === STATE_FAILED,
    send: (batch) => port1.postMessage(batch),
    receive: () => (receiveMessageOnPort(port1)?.message as SealResult | undefined),
    waitFor(total, stallMs) {
      for (;;) {
        const sealed = Atomics.load(state, SEALED);
        if (sealed >= total) return true;
        if (gone || Atomics.load(state, STATE) === STATE_FAILED) return false;
        if (Atomics.wait(state, SEALED, sealed, stallMs) === 'timed-out' && Atomics.load(state, SEALED) === sealed) return false;
      }
    },
    onResult(listener) {
      port1.on('message', listener);
      // a listener refs the port; it is held only while batches are out (hold)
      port1.unref();
    },
    onExit: (listener) => void exitListeners.push(listener),
    hold: (on) => void (on ? port1.ref() : port1.unref()),
    close() {
      gone = true;
      port1.close();
      void worker.terminate();
    },
  };
}
