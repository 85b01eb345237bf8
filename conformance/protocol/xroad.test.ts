// The X-Road header rules over a scenario's journal: a correct exchange passes all three; each broken rule fails
// only its own assertion, naming the offending messages; a retry under a fresh X-Road-Id is fine.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { render } from '../../core/i18n.ts';
import { createJournal, type Channel, type Journal } from '../../core/journal.ts';
import { assertStep } from '../steps/assert.ts';
import { createStepContext } from '../steps/test-context.ts';
import type { StepContext } from '../steps/types.ts';

type Call = { kind: string; channel?: Channel; userId?: string; xroadId?: string; duplicate?: boolean };

function context(calls: Call[]): StepContext {
  const clock = createVirtualClock(Date.parse('2026-04-14T07:00:00Z'));
  const journal: Journal = createJournal({ clock, wallTime: () => 0 });
  calls.forEach((c, i) => {
    const channel = c.channel ?? 'trembita';
    journal.append({ kind: 'request', channel, from: 'participant', to: 'dms', service: 'dms.act.submit', body: '{}', data: { kind: c.kind } });
    if (channel !== 'trembita') return;
    const messageId = c.xroadId ?? `id-${i}`;
    journal.append({
      kind: 'request',
      channel,
      from: 'participant',
      to: 'SUBSYSTEM:SEVDEIR-TEST/GOV/37508470/DMS_prod',
      service: 'trembita.rest',
      messageId,
      body: '{}',
      data: { side: 'consumer', protocol: 'r1', messageId, duplicate: c.duplicate ?? false, ...(c.userId === '' ? {} : { userId: c.userId ?? 'UA1234567890' }) },
    });
  });
  return createStepContext({ clock, journal, covers: ['DMS-09'], settleMs: 1 });
}

const judge = async (calls: Call[]) => (await assertStep.run({ that: { participantXRoad: { to: 'dms' } } } as never, context(calls))).assertions;
const outcomes = (a: Awaited<ReturnType<typeof judge>>) => a.map((x) => x.outcome);

describe('participantXRoad', () => {
  it('passes every kind through Трембіта with a user id and fresh ids, a retry under a new id included', async () => {
    const a = await judge([{ kind: 'declaration' }, { kind: 'declaration' }, { kind: 'cancellation' }]);
    expect(a.map((x) => [x.name, x.outcome, x.covers])).toEqual([
      ['every message the participant sends dms goes through Трембіта', 'pass', ['DMS-09']],
      ['every call through Трембіта carries X-Road-UserId', 'pass', ['DMS-09']],
      ['every call through Трембіта carries a fresh X-Road-Id', 'pass', ['DMS-09']],
    ]);
    expect(render(a[0]!.msg!, 'uk')).toBe('3 повідомлення до dms, усі через Трембіту');
  });

  it('fails the channel when only one kind goes straight to ДМС, naming it', async () => {
    const a = await judge([{ kind: 'declaration' }, { kind: 'cancellation', channel: 'direct' }]);
    expect(outcomes(a)).toEqual(['fail', 'pass', 'pass']);
    expect(a[0]!.message).toMatch(/past Трембіта \(straight to dms\): #\d+ dms\.act\.submit cancellation/);
  });

  it('fails the user id rule on a call without X-Road-UserId', async () => {
    const a = await judge([{ kind: 'declaration' }, { kind: 'removal', userId: '' }]);
    expect(outcomes(a)).toEqual(['pass', 'fail', 'pass']);
    expect(render(a[1]!.actualMsg!, 'uk')).toBe('1 порушення');
  });

  it('fails the fresh id rule on an X-Road-Id used twice, within the scenario or flagged by Трембіта', async () => {
    expect(outcomes(await judge([{ kind: 'declaration', xroadId: 'same' }, { kind: 'declaration', xroadId: 'same' }]))).toEqual(['pass', 'pass', 'fail']);
    expect(outcomes(await judge([{ kind: 'declaration', duplicate: true }]))).toEqual(['pass', 'pass', 'fail']);
  });

  it('fails the channel, not the header rules, when nothing was sent at all', async () => {
    const a = await judge([]);
    expect(outcomes(a)).toEqual(['fail', 'pass', 'pass']);
    expect(a[0]!.message).toBe('the participant sent dms no message, so there is no channel to judge');
  });
});

// participantChannel: the channel rule alone, over the calls of named services of one provider (XCH-05)
const MVS = 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod';
const CHECK = 'SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1';

function consumerContext(calls: { channel: Channel; serviceId: string }[]): StepContext {
  const clock = createVirtualClock(Date.parse('2026-04-23T08:00:00Z'));
  const journal: Journal = createJournal({ clock, wallTime: () => 0 });
  calls.forEach((c, i) => {
    const service = c.channel === 'trembita' ? 'trembita.soap' : 'trembita.direct';
    journal.append({ kind: 'request', channel: c.channel, from: 'participant', to: MVS, service, messageId: `id-${i}`, body: '<x/>', data: { serviceId: c.serviceId, messageId: `id-${i}` } });
  });
  return createStepContext({ clock, journal, covers: ['XCH-05'], settleMs: 1 });
}

const channelOf = async (calls: { channel: Channel; serviceId: string }[], services?: string[]) =>
  (await assertStep.run({ that: { participantChannel: { to: MVS, ...(services ? { services } : {}) } } } as never, consumerContext(calls))).assertions;

describe('participantChannel', () => {
  it('passes when every call of the services went through Трембіта; metadata queries of the provider do not count', async () => {
    const a = await channelOf([{ channel: 'trembita', serviceId: `${MVS.replace('SUBSYSTEM', 'SERVICE')}/allowedMethods` }, { channel: 'trembita', serviceId: CHECK }], [CHECK]);
    expect(a.map((x) => [x.outcome, x.covers])).toEqual([['pass', ['XCH-05']]]);
    expect(a[0]!.message).toBe(`1 message to ${MVS}, all through Трембіта`);
  });

  it('fails naming each direct call, in both languages, with its journal entry', async () => {
    const a = await channelOf([{ channel: 'trembita', serviceId: CHECK }, { channel: 'direct', serviceId: CHECK }], [CHECK.replace('SERVICE:', '')]);
    expect(a[0]!.outcome).toBe('fail');
    expect(a[0]!.message).toBe(`past Трембіта (straight to ${MVS}): #2 direct ${CHECK} id-1`);
    expect(render(a[0]!.msg!, 'uk')).toBe(`повз Трембіту (напряму до ${MVS}): #2 direct ${CHECK} id-1`);
    expect(a[0]!.journalRefs).toEqual([2]);
  });

  it('fails when the participant made no call of the services at all — only a metadata query', async () => {
    const a = await channelOf([{ channel: 'trembita', serviceId: `${MVS.replace('SUBSYSTEM', 'SERVICE')}/allowedMethods` }], [CHECK]);
    expect(a[0]!.outcome).toBe('fail');
    expect(a[0]!.message).toBe(`the participant sent ${MVS} no message, so there is no channel to judge`);
  });
});
