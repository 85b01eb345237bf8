// The journal judged for completeness (XCH-03): a correct journal passes whatever form it takes (key order, hash case,
// offsets, extra fields, ДМС named by its X-Road subsystem); a message left out, or an entry without its id, direction,
// counterpart or time, fails on exactly that entry and field; messages the harness did not see are no failure.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal, type Journal } from '../../core/journal.ts';
import { assertStep } from '../steps/assert.ts';
import { createStepContext } from '../steps/test-context.ts';
import type { StepContext } from '../steps/types.ts';

const T0 = Date.parse('2026-04-14T07:00:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ACT = '{"actId":"RTG-1","kind":"declaration"}';
const REQUEST = '{"requestId":"VR-000001","question":"residence"}';
const SERVICES = ['dms.act.submit', 'dms.act.status', 'dms.verification.request'];

type Entry = Record<string, unknown>;

/** A scenario's journal: an act and two status polls the participant sent, a request ДМС sent it, a malformed one. */
function exchanged(): Journal {
  const clock = createVirtualClock(T0);
  const journal = createJournal({ clock, wallTime: () => 0 });
  journal.append({ kind: 'request', channel: 'trembita', from: 'participant', to: 'dms', service: 'dms.act.submit', messageId: 'RTG-1', body: ACT });
  journal.append({ kind: 'response', channel: 'trembita', from: 'dms', to: 'participant', service: 'dms.act.submit', body: '{"status":"received"}' });
  journal.append({ kind: 'request', channel: 'trembita', from: 'participant', to: 'dms', service: 'dms.act.status', messageId: 'RTG-1', body: '' });
  clock.advance(3_600_000);
  journal.append({ kind: 'request', channel: 'trembita', from: 'participant', to: 'dms', service: 'dms.act.status', messageId: 'RTG-1', body: '' });
  journal.append({ kind: 'request', channel: 'trembita', from: 'dms', to: 'participant', service: 'dms.verification.request', messageId: 'VR-000001', body: REQUEST });
  journal.append({ kind: 'request', channel: 'trembita', from: 'dms', to: 'participant', service: 'dms.verification.request', messageId: 'VR-000002', body: '{"requestId":', data: { malformed: 'not-json' } });
  return journal;
}

/** The participant's own journal of the same exchange, as the contract's example form has it. */
function correct(): Entry[] {
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    { messageId: 'RTG-1', direction: 'out', counterpart: 'dms', service: 'dms.act.submit', time: at(T0), sha256: sha(ACT) },
    { messageId: 'RTG-1', direction: 'out', counterpart: 'dms', service: 'dms.act.status', time: at(T0), sha256: sha('') },
    { messageId: 'RTG-1', direction: 'out', counterpart: 'dms', service: 'dms.act.status', time: at(T0 + 3_600_000), sha256: sha('') },
    { messageId: 'VR-000001', direction: 'in', counterpart: 'dms', service: 'dms.verification.request', time: at(T0 + 3_600_000), sha256: sha(REQUEST) },
  ];
}

function context(entries: Entry[], journal = exchanged()): StepContext {
  return createStepContext({
    journal,
    covers: ['XCH-03'],
    settleMs: 1,
    driver: { baseUrl: 'http://driver.test', call: async () => ({ status: 200, body: { entries }, json: true, contentType: 'application/json' }) },
  });
}

const judge = async (entries: Entry[], journal?: Journal) =>
  (await assertStep.run({ that: { participantJournal: { services: SERVICES } } } as never, context(entries, journal))).assertions;
const failures = (a: Awaited<ReturnType<typeof judge>>) => a.filter((x) => x.outcome === 'fail').map((x) => [x.name, x.expected, x.actual]);

describe('participantJournal', () => {
  it('passes a journal that has every message both ways with its id, direction, counterpart and time; extra entries do not count', async () => {
    const extra = { messageId: 'CONF-1', direction: 'in', counterpart: 'dms', service: 'dms.act.confirmation', time: new Date(T0).toISOString(), sha256: sha('{}') };
    const a = await judge([...correct(), extra]);
    expect(a.map((x) => [x.outcome, x.message])).toEqual([['pass', "4 exchanged messages, each in the participant's journal with the same SHA-256, id, direction, counterpart and time"]]);
  });

  it('takes another form of the same facts: key order, hash case, offsets, extra fields, ДМС by its X-Road subsystem', async () => {
    const unusual = correct().map((e) => {
      const ms = Date.parse(String(e.time));
      const kyiv = `${new Date(ms + 3 * 3_600_000).toISOString().slice(0, -1)}+03:00`;
      return { note: 'mine', sha256: String(e.sha256).toUpperCase(), time: kyiv, counterpart: 'SEVDEIR-TEST/GOV/37508470/DMS_prod', service: e.service, direction: e.direction, messageId: e.messageId };
    });
    expect(failures(await judge(unusual))).toEqual([]);
  });

  it('fails a message left out, naming it: a poll journalled once for two sent, the later one missing', async () => {
    const j = correct();
    const a = await judge([j[0]!, j[1]!, j[3]!]);
    expect(failures(a)).toEqual([[`#4 dms.act.status RTG-1 is in the participant's journal`, `sha256 ${sha('')}`, '—']]);
    expect(a[0]!.journalRefs).toEqual([4]);
  });

  it('fails each field an entry lacks or gets wrong, with expected and actual', async () => {
    const j = correct();
    j[0] = { sha256: j[0]!.sha256 };
    j[3] = { ...j[3], messageId: 'X-ROAD-ID', direction: 'out', counterpart: 'hromada', time: new Date(T0 + 3_600_000 + 61_000).toISOString() };
    expect(failures(await judge(j))).toEqual([
      ["#1 dms.act.submit RTG-1: messageId in the participant's journal", 'RTG-1', '—'],
      ["#1 dms.act.submit RTG-1: direction in the participant's journal", 'out', '—'],
      ["#1 dms.act.submit RTG-1: counterpart in the participant's journal", 'dms | SEVDEIR-TEST/GOV/37508470/DMS_prod', '—'],
      ["#1 dms.act.submit RTG-1: time in the participant's journal", '2026-04-14T07:00:00.000Z ± 60s', '—'],
      ["#5 dms.verification.request VR-000001: messageId in the participant's journal", 'VR-000001', 'X-ROAD-ID'],
      ["#5 dms.verification.request VR-000001: direction in the participant's journal", 'in', 'out'],
      ["#5 dms.verification.request VR-000001: counterpart in the participant's journal", 'dms | SEVDEIR-TEST/GOV/37508470/DMS_prod', 'hromada'],
      ["#5 dms.verification.request VR-000001: time in the participant's journal", '2026-04-14T08:00:00.000Z ± 60s', '2026-04-14T08:01:01.000Z'],
    ]);
  });

  it('allows a time a minute off either way, and no time without its zone', async () => {
    const j = correct();
    j[0] = { ...j[0], time: new Date(T0 - 60_000).toISOString() };
    j[3] = { ...j[3], time: '2026-04-14T11:00:30+03:00' };
    expect(failures(await judge(j))).toEqual([]);
    j[0] = { ...j[0], time: '2026-04-14T07:00:00' };
    expect(failures(await judge(j)).map(([name]) => name)).toEqual(["#1 dms.act.submit RTG-1: time in the participant's journal"]);
  });

  it('names at most twelve faults and sums up the rest', async () => {
    const clock = createVirtualClock(T0);
    const journal = createJournal({ clock, wallTime: () => 0 });
    for (let i = 0; i < 20; i++) journal.append({ kind: 'request', channel: 'trembita', from: 'participant', to: 'dms', service: 'dms.act.status', messageId: 'RTG-1', body: '' });
    const a = await judge([], journal);
    expect(a).toHaveLength(13);
    expect(a[12]!.message).toBe('8 more faults in the entries for 8 messages (see the journal references)');
    expect(a[12]!.journalRefs).toHaveLength(8);
  });

  it('fails when nothing was exchanged in those services yet', async () => {
    const a = await judge(correct(), createJournal({ clock: createVirtualClock(T0), wallTime: () => 0 }));
    expect(a.map((x) => [x.outcome, x.message])).toEqual([
      ['fail', 'no exchanged messages in dms.act.submit, dms.act.status, dms.verification.request to check — the scenario must exchange something before this step'],
    ]);
  });
});
