// The exchange journal (XCH-03): every message exchanged with ДМС, with the SHA-256 of its exact body and the
// simulator time; and the forms GET /driver/journal shows it in, which three switches change.
import { iso, type FaultName, type JournalEntry } from './model.ts';
import type { SimClock } from './time.ts';
import type { ActKind } from './validate.ts';
import { variantTime } from './variants.ts';

export class ExchangeJournal {
  private entries: JournalEntry[] = [];

  constructor(
    private readonly clock: SimClock,
    private readonly has: (name: FaultName) => boolean,
    /** ДМС's X-Road subsystem, as journal-unusual names the counterpart */
    private readonly dmsXRoad: string,
  ) {}

  clear(): void {
    this.entries = [];
  }

  /**
   * Appends to the exchange journal, unless a journal fault leaves the entry out (journal-some-kinds keeps declaration
   * acts only); returns the entry so its time can be set once the answer says when ДМС took the message.
   */
  record(entry: JournalEntry, actKind?: ActKind): JournalEntry | undefined {
    if (this.has('journal-some-kinds') && !(entry.service === 'dms.act.submit' && actKind === 'declaration')) return undefined;
    this.entries.push(entry);
    return entry;
  }

  /**
   * The time of an outgoing entry is when ДМС took the message (the answer's X-Polihon-Time): the registry's own
   * reading may lag a clock move it has not seen yet, and the journal must not date a message to a checkpoint before.
   */
  received(entry: JournalEntry | undefined, header: string | null): void {
    const ms = header ? Date.parse(header) : NaN;
    if (entry && Number.isFinite(ms)) entry.time = iso(ms);
  }

  timeFor(header: string | null): string {
    const now = this.clock.now();
    if (now !== null) return iso(now);
    return header ?? new Date(0).toISOString();
  }

  /** The journal as the driver shows it (contracts §5); two switches change its form, one breaking it, one not. */
  view(): Record<string, unknown>[] {
    if (this.has('journal-hash-only')) return this.entries.map((e) => ({ sha256: e.sha256 }));
    if (this.has('journal-unusual')) return this.entries.map((e) => unusualEntry(e, this.dmsXRoad));
    return this.entries.map((e) => ({ ...e }));
  }
}

/**
 * journal-unusual: the same facts in another form the contract allows — ДМС named by its X-Road subsystem, the hash in
 * capitals, the time in Kyiv local time with its offset, the keys in another order, and fields of its own besides.
 */
function unusualEntry(e: JournalEntry, dmsXRoad: string): Record<string, unknown> {
  return {
    sha256: e.sha256.toUpperCase(),
    recordedBy: 'hromada-registry',
    time: variantTime(Date.parse(e.time), (n) => n === 'offset-times'),
    service: e.service,
    counterpart: e.counterpart === 'dms' ? dmsXRoad : e.counterpart,
    direction: e.direction,
    bytesHashed: 'body',
    messageId: e.messageId,
  };
}
