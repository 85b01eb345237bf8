// XCH-03 judged for completeness: every message the participant exchanged in the listed services — both directions,
// every kind — has an entry in its own journal (`GET {driver}/journal`, contracts §5) with the hash of the exact body
// bytes, the message's id, its direction, the counterpart and the time. The participant's entry is found by its hash;
// each field that is wrong or missing is its own failure, with expected and actual. Entries polihon did not see are
// no failure (the participant may journal more, e.g. the answers it received).
import type { JournalEntry } from '../../core/journal.ts';
import { msg, type Msg } from '../../core/i18n.ts';
import { DMS_XROAD_CLIENT } from '../../simulators/dms/public.ts';
import { expectDriverOk } from '../driver.ts';
import { check, sleep, type StepContext, type StepOutput } from '../steps/types.ts';
import { J } from './messages.ts';

/**
 * How far the entry's `time` may lie from the virtual instant polihon's journal recorded the message at. Under the
 * virtual clock the instant a message is sent and the instant it is received are the same or, through Трембіта, a
 * hop apart; a minute admits either (and a time written to the second) while a message journalled at another
 * checkpoint of the scenario — an hour or a day off — still fails.
 */
export const JOURNAL_TIME_TOLERANCE_MS = 60_000;

/** Failing checks named one by one; the rest are summed up in one more (the journal refs list them all). */
const NAMED = 12;

type Field = 'messageId' | 'direction' | 'counterpart' | 'time';
const FIELDS: Field[] = ['messageId', 'direction', 'counterpart', 'time'];

interface Theirs {
  index: number;
  raw: Record<string, unknown>;
  sha256: string;
}

interface Expected {
  entry: JournalEntry;
  direction: 'out' | 'in';
  /** what the counterpart may be called: polihon's name for the party, its X-Road subsystem id */
  counterparts: string[];
}

export async function judgeParticipantJournal(ctx: StepContext, services: string[]): Promise<StepOutput> {
  // the last message of the step before may still be on its way back through Трембіта (journalled on its answer)
  if (ctx.settle) await ctx.settle();
  else await sleep(ctx.settleMs, ctx.signal);
  const ours = ctx.journal
    .entries({
      predicate: (e) =>
        e.kind === 'request' &&
        services.includes(e.service) &&
        (e.from === 'participant' || e.to === 'participant') &&
        // a request ДМС sent malformed on purpose may carry no id to journal it by; its refusal is judged elsewhere
        e.data?.malformed === undefined,
    })
    .map(expected);
  const res = expectDriverOk(await ctx.driver.call('GET', '/journal'), 'GET /journal', { object: true, fields: { entries: 'array' } });
  const theirs: Theirs[] = ((res.body as { entries: unknown[] }).entries ?? [])
    .map((raw, index) => ({ index, raw: (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown> }))
    .map((t) => ({ ...t, sha256: typeof t.raw.sha256 === 'string' ? t.raw.sha256.trim().toLowerCase() : '' }));

  if (ours.length === 0) {
    return { assertions: [check(msg(J.label), false, ctx.covers, { msg: msg(J.nothing, { services: services.join(', ') }) })], journalRefs: [] };
  }

  const used = new Set<number>();
  const failures: { seq: number; label: Msg; expected: string; actual: string; why: Msg }[] = [];
  for (const exp of ours) {
    const e = exp.entry;
    const name = describe(e);
    const candidates = theirs.filter((t) => !used.has(t.index) && t.sha256 === e.bodySha256);
    if (candidates.length === 0) {
      failures.push({ seq: e.seq, label: msg(J.entryLabel, { name }), expected: `sha256 ${e.bodySha256}`, actual: '—', why: msg(J.missing, { name, sha: e.bodySha256.slice(0, 12) }) });
      continue;
    }
    // the entry that is right in the most fields, then the nearest in time: the participant's own record of this message
    const scored = candidates.map((t) => ({ t, wrong: FIELDS.filter((f) => !fieldOk(f, t.raw, exp)), off: timeOff(t.raw, e) }));
    scored.sort((a, b) => a.wrong.length - b.wrong.length || a.off - b.off || a.t.index - b.t.index);
    const best = scored[0]!;
    used.add(best.t.index);
    for (const f of best.wrong) {
      failures.push({
        seq: e.seq,
        label: msg(J.fieldLabel, { name, field: f }),
        expected: expectedText(f, exp),
        actual: shown(best.t.raw[f]),
        why: best.t.raw[f] === undefined ? msg(J.fieldMissing, { name, field: f, index: best.t.index }) : msg(J.fieldWrong, { name, field: f, index: best.t.index }),
      });
    }
  }

  const refs = [...new Set(failures.map((f) => f.seq))];
  if (failures.length === 0) {
    return {
      assertions: [check(msg(J.label), true, ctx.covers, { msg: msg(J.all, { n: ours.length }), journalRefs: ours.map((x) => x.entry.seq) })],
      journalRefs: ours.map((x) => x.entry.seq),
    };
  }
  const assertions = failures
    .slice(0, NAMED)
    .map((f) => check(f.label, false, ctx.covers, { expected: f.expected, actual: f.actual, msg: f.why, journalRefs: [f.seq] }));
  if (failures.length > NAMED) {
    const rest = failures.slice(NAMED);
    assertions.push(
      check(msg(J.moreLabel), false, ctx.covers, {
        msg: msg(J.more, { n: rest.length, m: new Set(rest.map((f) => f.seq)).size }),
        journalRefs: [...new Set(rest.map((f) => f.seq))],
      }),
    );
  }
  return { assertions, journalRefs: refs };
}

function expected(entry: JournalEntry): Expected {
  const out = entry.from === 'participant';
  const other = out ? entry.to : entry.from;
  const counterparts = [other.replace(/^(SUBSYSTEM|MEMBER):/, '')];
  if (other === 'dms') counterparts.push(DMS_XROAD_CLIENT);
  return { entry, direction: out ? 'out' : 'in', counterparts };
}

function fieldOk(field: Field, raw: Record<string, unknown>, exp: Expected): boolean {
  const v = raw[field];
  switch (field) {
    case 'messageId':
      // a message polihon knows no id of (a body it could not read) is judged by the other fields
      return exp.entry.messageId === undefined || v === exp.entry.messageId;
    case 'direction':
      return v === exp.direction;
    case 'counterpart':
      return typeof v === 'string' && exp.counterparts.some((c) => sameParty(v, c));
    case 'time':
      return timeOff(raw, exp.entry) <= JOURNAL_TIME_TOLERANCE_MS;
  }
}

/** polihon's name of a party ('dms') in any letter case; an X-Road id exactly (ids are case-sensitive), with or without `SUBSYSTEM:`. */
function sameParty(given: string, name: string): boolean {
  const g = given.trim().replace(/^SUBSYSTEM:/, '');
  return name.includes('/') ? g === name : g.toLowerCase() === name.toLowerCase();
}

/** An ISO 8601 instant with its zone (Z or an offset), as epoch ms; NaN for anything else. */
function instant(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v.trim())) return NaN;
  return Date.parse(v.trim());
}

function timeOff(raw: Record<string, unknown>, e: JournalEntry): number {
  const ms = instant(raw.time);
  return Number.isFinite(ms) ? Math.abs(ms - e.virtualMs) : Infinity;
}

function expectedText(field: Field, exp: Expected): string {
  switch (field) {
    case 'messageId':
      return String(exp.entry.messageId);
    case 'direction':
      return exp.direction;
    case 'counterpart':
      return exp.counterparts.join(' | ');
    case 'time':
      return `${exp.entry.virtualTime} ± ${JOURNAL_TIME_TOLERANCE_MS / 1000}s`;
  }
}

function shown(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** '#12 dms.act.submit RTG-…-000001' */
function describe(e: JournalEntry): string {
  const id = e.messageId ?? String(e.data?.actId ?? e.data?.requestId ?? '');
  return `#${e.seq} ${e.service}${id ? ` ${id}` : ''}`;
}
