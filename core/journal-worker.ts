// The journal's sealing thread, started by core/journal-sealer.ts: it seals the entries the main thread hands it —
// masking, salted commitments, the chained SHA-256, the same `sealOne` the main thread runs when it seals itself — and
// hands back each entry's hash. The chain's head lives here while batches are in flight; every batch sent when none is
// in flight carries the head to start from, so sealing can move between the threads without a gap in the chain.
import { workerData, type MessagePort } from 'node:worker_threads';
import { sealOne, type JournalEntry } from './journal.ts';
import { SEALED, STATE, STATE_FAILED, STATE_READY, type SealBatch, type SealResult } from './journal-sealer.ts';

const { port, state } = workerData as { port: MessagePort; state: Int32Array };
let head = '';

port.on('message', (batch: SealBatch) => {
  if (batch.head !== undefined) head = batch.head;
  const hashes: string[] = [];
  let error: string | undefined;
  for (let i = 0; i < batch.entries.length; i++) {
    try {
      head = sealOne(batch.entries[i] as JournalEntry, head, batch.salts[i]!);
    } catch (e) {
      // the main thread seals this entry and the rest itself, so the error surfaces there, where it is a harness error
      error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      break;
    }
    hashes.push(head);
  }
  const result: SealResult = error === undefined ? { hashes } : { hashes, error };
  port.postMessage(result);
  if (error !== undefined) Atomics.store(state, STATE, STATE_FAILED);
  // after the message, so a main thread that sees the count can take the message at once
  Atomics.add(state, SEALED, hashes.length);
  Atomics.notify(state, SEALED);
});
Atomics.store(state, STATE, STATE_READY);
