// The registry's books for one run: the register of residents, the actions it performed and their acts still on the
// way, the verification requests it owes an answer; what a completed action changes in the register. A reset starts
// them afresh. RegistryContext is what the parts acting on them (acts.ts, verification.ts) are given.
import { randomBytes } from 'node:crypto';
import type { ExchangeJournal } from './journal.ts';
import type { Link } from './link.ts';
import { sameIds, type Action, type Entry, type FaultName, type Outgoing, type PendingAnswer, type RegistryConfig } from './model.ts';
import { kyivMidnight, type IsoDate, type SimClock } from './time.ts';
import type { Address, ResidentInput } from './validate.ts';
import type { VariantName } from './variants.ts';

export interface RegistryContext {
  readonly config: RegistryConfig;
  readonly clock: SimClock;
  readonly state: RegistryState;
  readonly journal: ExchangeJournal;
  readonly link: Link;
  has(name: FaultName): boolean;
  /** Whether a correct-but-unusual variant switch is on (variants.ts). */
  readonly variant: (name: VariantName) => boolean;
  /** Something may be due: start the work loop and what is due now. */
  kick(): void;
  /** A transient failure: the same message again after a backoff. */
  retryLater(out: Outgoing, reason: string): void;
}

export class RegistryState {
  private suffix = randomBytes(3).toString('hex');
  private seq = 0;
  readonly actions = new Map<string, Action>();
  /** actions whose act is not yet through to ДМС, in the order they were performed */
  outbox: Action[] = [];
  residents: Entry[] = [];
  /** found-after-removal: the registrations removal actions took away, still answered as held */
  removedEntries: Entry[] = [];
  readonly answers = new Map<string, PendingAnswer>();
  /** second-person-wrong: the address of each Kyiv day's first act that carried one */
  readonly dayAddress = new Map<IsoDate, unknown>();

  clear(): void {
    this.suffix = randomBytes(3).toString('hex');
    this.seq = 0;
    this.actions.clear();
    this.outbox = [];
    this.residents = [];
    this.removedEntries = [];
    this.answers.clear();
    this.dayAddress.clear();
  }

  nextActId(): string {
    this.seq += 1;
    return `RTG-${this.suffix}-${String(this.seq).padStart(6, '0')}`;
  }

  /** The driver's ref of the action just given nextActId(). */
  currentRef(): string {
    return `A${this.seq}-${this.suffix}`;
  }

  addResidents(inputs: ResidentInput[], clock: SimClock): { actId: string }[] {
    return inputs.map((r) => {
      this.seq += 1;
      const since = typeof r.since === 'string' ? kyivMidnight(r.since) : (r.since ?? clock.now() ?? kyivMidnight('2000-01-01'));
      const entry: Entry = {
        actId: r.actId ?? `RTG-${this.suffix}-R${String(this.seq).padStart(6, '0')}`,
        kind: r.kind ?? 'declaration',
        performedAt: since,
        person: r.person,
        address: r.address,
      };
      this.residents.push(entry);
      return { actId: entry.actId };
    });
  }

  /** What a completed action changes in the hromada register. */
  applyEffect(a: Action): void {
    if (a.cancelled) return;
    if (a.kind === 'declaration' || a.kind === 'registration') {
      const address = a.address as Address;
      const removed = this.residents.filter(
        (e) => sameIds(e.person, a.person) && e.address.katottg === address.katottg && e.address.text === address.text,
      );
      const added: Entry = { actId: a.actId, kind: a.kind, performedAt: a.performedAt, person: a.person, address };
      this.residents = this.residents.filter((e) => !removed.includes(e));
      this.residents.push(added);
      a.effect = { added: [added], removed };
    } else if (a.kind === 'removal') {
      const removed = this.residents.filter(
        (e) =>
          sameIds(e.person, a.person) &&
          (!a.address || (e.address.katottg === a.address.katottg && e.address.text === a.address.text)),
      );
      this.residents = this.residents.filter((e) => !removed.includes(e));
      this.removedEntries.push(...removed);
      a.effect = { added: [], removed };
    } else if (a.target) {
      const t = a.target;
      t.cancelled = true;
      const undo = t.effect ?? { added: [], removed: [] };
      this.residents = this.residents.filter((e) => !undo.added.includes(e)).concat(undo.removed);
      a.effect = { added: undo.removed, removed: undo.added };
      t.effect = undefined;
    }
  }
}
