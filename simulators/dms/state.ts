// The ДМС state machine: acts from intake to confirmation, cancellations, ЄДДР datasets and verification requests.
// No I/O and no clock: every transition takes `now` and returns what happened as values for app.ts to journal.
import { kyivDate, workingDayDeadline, type CalendarOptions } from '../../core/calendar.ts';
import {
  type Act,
  type ActKind,
  type EddrPerson,
  type FieldIssue,
  type Person,
  type VerificationAnswer,
  type VerificationPerson,
  unzrKey,
} from './schemas.ts';

export type ActStatus = 'received' | 'confirmed';
export type ActChannel = 'direct' | 'web' | 'trembita';

export interface Confirmation {
  id: string;
  confirmedAt: string;
  kind: 'entry' | 'cancellation';
}

export interface ActRecord {
  act: Act;
  /** canonical JSON of the act, to tell a safe retry from a conflicting reuse of actId */
  content: string;
  dmsActId: string;
  status: ActStatus;
  receivedAt: string;
  channel: ActChannel;
  confirmation?: Confirmation;
  /** actId of the cancellation that cancels this act, once submitted */
  cancelledBy?: string;
  /** the journal seq of the request that brought it, so later events can link to it */
  requestSeq?: number;
}

/** An act as the contract shows it (GET /acts/{actId}); the 201/202/200 answers are built from it. */
export interface ActView {
  actId: string;
  dmsActId: string;
  kind: ActKind;
  status: ActStatus;
  receivedAt: string;
  confirmation?: Confirmation;
  cancelledBy?: string;
}

export interface Dataset {
  datasetId: string;
  formedAt: string;
  actId: string;
  dmsActId: string;
  kind: ActKind;
  confirmationId: string;
  reason: 'in-eddr' | 'first-entry';
  person: Person;
  address?: Act['address'];
  cancelsActId?: string;
}

export type DmsEvent =
  | { type: 'act.confirmed'; record: ActRecord }
  | { type: 'dataset.formed'; dataset: Dataset; record: ActRecord }
  | { type: 'dataset.skipped'; record: ActRecord; reason: 'person-not-in-eddr' };

export type SubmitOutcome =
  | { type: 'retry'; record: ActRecord }
  | { type: 'act-id-conflict'; record: ActRecord }
  | { type: 'duplicate'; of: ActRecord }
  | { type: 'invalid'; issues: FieldIssue[] }
  | { type: 'accepted'; record: ActRecord; events: DmsEvent[] };

export type ConfirmOutcome =
  | { type: 'unknown' }
  | { type: 'already-confirmed'; record: ActRecord }
  | { type: 'confirmed'; record: ActRecord; events: DmsEvent[] };

export interface VerificationRecord {
  requestId: string;
  person: VerificationPerson;
  sentAt: string;
  answerBy: string;
  answerByMs: number;
  /** sent broken on purpose: how (no answer is due to it) */
  malformed?: string;
  /** set once the registry has answered */
  answer?: VerificationAnswer & { receivedAt: string; onTime: boolean };
  delivery?: { status: number; error?: string };
}

export type AnswerOutcome =
  | { type: 'unknown' }
  | { type: 'already-answered'; record: VerificationRecord }
  | { type: 'answered'; record: VerificationRecord };

export interface DmsStateOptions {
  /** persons ЄДДР holds at the start (and after each reset) */
  eddr?: readonly EddrPerson[];
  calendar: CalendarOptions;
}

export interface SubmitInput {
  act: Act;
  now: number;
  channel: ActChannel;
  /** a `withhold` fault: keep the act `received`, no confirmation, no dataset, until confirm() */
  withhold?: boolean;
  requestSeq?: number;
}

/** Key-sorted JSON, so two bodies with the same content compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * An act's content by meaning, for telling a safe retry from a conflicting reuse of its actId: the instant
 * whatever its offset, the УНЗР whatever its dash (contract: `^\d{8}-?\d{5}$`), and key order ignored by
 * canonicalJson. A registry that rebuilds a retry's body in another allowed shape still retries the same act.
 */
function contentKey(act: Act): string {
  const { performedAt, person, ...rest } = act;
  const at = Date.parse(performedAt);
  return canonicalJson({
    ...rest,
    performedAt: Number.isFinite(at) ? new Date(at).toISOString() : performedAt,
    person: { ...person, ...(person.unzr === undefined ? {} : { unzr: unzrKey(person.unzr) }) },
  });
}

function personKeys(p: { rnokpp?: string | undefined; unzr?: string | undefined }): string[] {
  return [...(p.rnokpp ? [`r:${p.rnokpp}`] : []), ...(p.unzr ? [`u:${unzrKey(p.unzr)}`] : [])];
}

function addressKey(a: Act['address']): string {
  return a ? `${a.katottg}|${a.text.toLowerCase().replace(/\s+/g, ' ').trim()}` : '-';
}

/** What makes two acts "the same action" (contracts §1): kind, person, address, Kyiv day; plus the act cancelled. */
function duplicateKeys(act: Act): string[] {
  const rest = `${act.kind}|${addressKey(act.address)}|${kyivDate(Date.parse(act.performedAt))}|${act.cancelsActId ?? ''}`;
  return personKeys(act.person).map((p) => `${p}|${rest}`);
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}

export type DmsState = ReturnType<typeof createDmsState>;

export function createDmsState(options: DmsStateOptions) {
  let acts = new Map<string, ActRecord>();
  let byDuplicateKey = new Map<string, string>();
  let eddr = new Set<string>();
  let datasets: Dataset[] = [];
  let verifications = new Map<string, VerificationRecord>();
  let counters = { act: 0, confirmation: 0, dataset: 0, verification: 0 };

  function reset(): void {
    acts = new Map();
    byDuplicateKey = new Map();
    eddr = new Set();
    datasets = [];
    verifications = new Map();
    counters = { act: 0, confirmation: 0, dataset: 0, verification: 0 };
    for (const p of options.eddr ?? []) seedEddr([p]);
  }

  function seedEddr(persons: readonly EddrPerson[]): number {
    let added = 0;
    for (const p of persons) {
      for (const k of personKeys(p)) {
        if (!eddr.has(k)) added += 1;
        eddr.add(k);
      }
    }
    return added;
  }

  function inEddr(p: { rnokpp?: string | undefined; unzr?: string | undefined }): boolean {
    return personKeys(p).some((k) => eddr.has(k));
  }

  /** Whether the act stands: not cancelled by a cancellation that is itself received or confirmed. */
  function isLive(r: ActRecord): boolean {
    return r.cancelledBy === undefined;
  }

  function cancellationIssues(act: Act): FieldIssue[] {
    if (act.kind !== 'cancellation' || act.cancelsActId === undefined) return [];
    const target = acts.get(act.cancelsActId);
    const issue = (code: string, message: string, uk: string): FieldIssue[] => [{ field: 'cancelsActId', code, message, uk }];
    if (!target) {
      return issue('cancels-unknown', `no act ${act.cancelsActId} is known to ДМС`, `Акт ${act.cancelsActId} не знайдено`);
    }
    if (target.act.registrationBody.edrpou !== act.registrationBody.edrpou) {
      return issue(
        'cancels-other-body',
        `act ${act.cancelsActId} was performed by another registration body`,
        `Акт ${act.cancelsActId} вчинив інший орган реєстрації`,
      );
    }
    if (target.act.kind === 'cancellation') {
      return issue('cancels-cancellation', `act ${act.cancelsActId} is itself a cancellation`, 'Скасування не можна скасувати');
    }
    if (target.cancelledBy !== undefined) {
      return issue(
        'cancels-already-cancelled',
        `act ${act.cancelsActId} is already cancelled by ${target.cancelledBy}`,
        `Акт ${act.cancelsActId} уже скасовано (${target.cancelledBy})`,
      );
    }
    const mine = new Set(personKeys(act.person));
    if (!personKeys(target.act.person).some((k) => mine.has(k))) {
      return issue(
        'cancels-other-person',
        `act ${act.cancelsActId} is about another person`,
        `Акт ${act.cancelsActId} стосується іншої особи`,
      );
    }
    return [];
  }

  function confirmRecord(record: ActRecord, now: number): DmsEvent[] {
    counters.confirmation += 1;
    record.status = 'confirmed';
    record.confirmation = {
      id: `CNF-${pad(counters.confirmation)}`,
      confirmedAt: new Date(now).toISOString(),
      kind: record.act.kind === 'cancellation' ? 'cancellation' : 'entry',
    };
    const events: DmsEvent[] = [{ type: 'act.confirmed', record }];
    const { act } = record;
    const present = inEddr(act.person);
    if (!present && !act.firstEntry) {
      events.push({ type: 'dataset.skipped', record, reason: 'person-not-in-eddr' });
      return events;
    }
    if (!present) seedEddr([act.person]);
    counters.dataset += 1;
    const dataset: Dataset = {
      datasetId: `EDDR-${pad(counters.dataset)}`,
      formedAt: new Date(now).toISOString(),
      actId: act.actId,
      dmsActId: record.dmsActId,
      kind: act.kind,
      confirmationId: record.confirmation.id,
      reason: present ? 'in-eddr' : 'first-entry',
      person: act.person,
      ...(act.address ? { address: act.address } : {}),
      ...(act.cancelsActId ? { cancelsActId: act.cancelsActId } : {}),
    };
    datasets.push(dataset);
    events.push({ type: 'dataset.formed', dataset, record });
    return events;
  }

  reset();

  return {
    reset,
    seedEddr,
    inEddr,

    /**
     * Takes an act whose content is already valid: a safe retry, a conflicting reuse of its actId, a duplicate
     * of another live act, a cancellation that cannot apply, or a new act (confirmed at once unless withheld).
     */
    submit(input: SubmitInput): SubmitOutcome {
      const { act, now } = input;
      const content = contentKey(act);
      const earlier = acts.get(act.actId);
      if (earlier) return earlier.content === content ? { type: 'retry', record: earlier } : { type: 'act-id-conflict', record: earlier };
      for (const key of duplicateKeys(act)) {
        const otherId = byDuplicateKey.get(key);
        const other = otherId === undefined ? undefined : acts.get(otherId);
        if (other && isLive(other)) return { type: 'duplicate', of: other };
      }
      const issues = cancellationIssues(act);
      if (issues.length > 0) return { type: 'invalid', issues };

      counters.act += 1;
      const record: ActRecord = {
        act,
        content,
        dmsActId: `DMS-${pad(counters.act)}`,
        status: 'received',
        receivedAt: new Date(now).toISOString(),
        channel: input.channel,
        ...(input.requestSeq === undefined ? {} : { requestSeq: input.requestSeq }),
      };
      acts.set(act.actId, record);
      for (const key of duplicateKeys(act)) byDuplicateKey.set(key, act.actId);
      if (act.cancelsActId !== undefined) {
        const target = acts.get(act.cancelsActId);
        if (target) target.cancelledBy = act.actId;
      }
      const events = input.withhold ? [] : confirmRecord(record, now);
      return { type: 'accepted', record, events };
    },

    /** Gives a withheld confirmation now; a dataset follows as for any confirmation. */
    confirm(actId: string, now: number): ConfirmOutcome {
      const record = acts.get(actId);
      if (!record) return { type: 'unknown' };
      if (record.status === 'confirmed') return { type: 'already-confirmed', record };
      return { type: 'confirmed', record, events: confirmRecord(record, now) };
    },

    /** Cancellation checks that need the acts ДМС holds, for an act whose content is otherwise invalid. */
    cancellationIssues,

    /** Records the journal seq of the request that brought an act (known only after the exchange is journalled). */
    linkRequest(actId: string, seq: number): void {
      const r = acts.get(actId);
      if (r) r.requestSeq = seq;
    },

    getAct: (actId: string): ActRecord | undefined => acts.get(actId),
    acts: (): ActRecord[] => [...acts.values()],
    datasets: (): Dataset[] => [...datasets],

    /** Opens a verification request sent now; the registry owes an answer by the end of the 3rd working day. */
    openVerification(person: VerificationPerson, now: number): VerificationRecord {
      counters.verification += 1;
      const answerByMs = workingDayDeadline(now, 3, options.calendar);
      const record: VerificationRecord = {
        requestId: `VR-${pad(counters.verification)}`,
        person,
        sentAt: new Date(now).toISOString(),
        answerBy: new Date(answerByMs).toISOString(),
        answerByMs,
      };
      verifications.set(record.requestId, record);
      return record;
    },

    recordDelivery(requestId: string, delivery: { status: number; error?: string }): void {
      const r = verifications.get(requestId);
      if (r) r.delivery = delivery;
    },

    /** Takes the registry's answer; on time when it reaches ДМС by answerBy, whatever answeredAt claims. */
    answerVerification(requestId: string, answer: VerificationAnswer, now: number): AnswerOutcome {
      const record = verifications.get(requestId);
      if (!record) return { type: 'unknown' };
      if (record.answer) return { type: 'already-answered', record };
      record.answer = { ...answer, receivedAt: new Date(now).toISOString(), onTime: now <= record.answerByMs };
      return { type: 'answered', record };
    },

    getVerification: (requestId: string): VerificationRecord | undefined => verifications.get(requestId),
    verifications: (): VerificationRecord[] => [...verifications.values()],
  };
}

export function actView(r: ActRecord): ActView {
  return {
    actId: r.act.actId,
    dmsActId: r.dmsActId,
    kind: r.act.kind,
    status: r.status,
    receivedAt: r.receivedAt,
    ...(r.confirmation ? { confirmation: r.confirmation } : {}),
    ...(r.cancelledBy ? { cancelledBy: r.cancelledBy } : {}),
  };
}
