// `expect` on its own: the optional `channel` adds one assertion, with the step's covers, that the message came by
// the channel the rule asks for; without it nothing about the channel is judged.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { render } from '../../core/i18n.ts';
import { createJournal, type Channel } from '../../core/journal.ts';
import { expectStep } from './expect.ts';
import { createStepContext } from './test-context.ts';
import type { StepContext } from './types.ts';

function context(channel: Channel): StepContext {
  const clock = createVirtualClock(Date.parse('2026-04-14T07:00:00Z'));
  const journal = createJournal({ clock, wallTime: () => 0 });
  const request = journal.append({ kind: 'request', channel, from: 'participant', to: 'dms', service: 'dms.act.submit', body: '{}', data: { actId: 'A-1' } });
  journal.append({ kind: 'response', channel, from: 'dms', to: 'participant', service: 'dms.act.submit', status: 201, links: [request.seq], body: '{}' });
  return createStepContext({ clock, journal, covers: ['DMS-09'] });
}

const step = (extra: Record<string, unknown> = {}) => ({ at: 'dms', service: 'dms.act.submit', within: '1 working day', ...extra }) as never;

describe('expect channel', () => {
  it('passes a message that came through the channel asked for, with the step’s covers', async () => {
    const out = await expectStep.run(step({ channel: 'trembita' }), context('trembita'));
    expect(out.assertions.map((a) => [a.name, a.outcome, a.covers])).toEqual([
      ['arrives within 1 working day', 'pass', ['DMS-09']],
      ['came through trembita', 'pass', ['DMS-09']],
    ]);
    expect(out.outputs).toMatchObject({ channel: 'trembita' });
  });

  it('fails a message that came directly, saying so', async () => {
    const out = await expectStep.run(step({ channel: 'trembita', accepted: true }), context('direct'));
    const [arrived, accepted, channel] = out.assertions;
    expect([arrived!.outcome, accepted!.outcome]).toEqual(['pass', 'pass']);
    expect(channel).toMatchObject({ name: 'came through trembita', outcome: 'fail', expected: 'trembita', actual: 'direct', covers: ['DMS-09'] });
    expect(channel!.message).toBe('dms got it directly, not through the Трембіта security server');
    // the result carries the message, so a Ukrainian report says it in Ukrainian
    expect(render(channel!.msg!, 'uk')).toBe('dms отримав його напряму, а не через шлюз безпеки Трембіти');
    expect(render(arrived!.label!, 'uk')).toBe('надходить у строк: 1 робочий день');
    expect(arrived).toMatchObject({ expected: 'by 2026-04-15 23:59:59 Kyiv', expectedMsg: { key: 'steps.by' } });
    expect(render(arrived!.expectedMsg!, 'uk')).toBe('до 2026-04-15 23:59:59 за Києвом');
  });

  it('judges no channel when the step names none', async () => {
    const out = await expectStep.run(step(), context('web'));
    expect(out.assertions.map((a) => a.name)).toEqual(['arrives within 1 working day']);
  });
});

describe('expect walks the clock', () => {
  /** A participant that acts once the clock reaches `sendAt`; `announce` says whether it tells the runner when. */
  function participant(sendAt: number, announce: boolean) {
    const clock = createVirtualClock(Date.parse('2026-03-10T08:00:00Z')); // Tue 10:00 Kyiv
    const journal = createJournal({ clock, wallTime: () => 0 });
    const stops: string[] = [];
    const settle = async () => {
      stops.push(new Date(clock.now()).toISOString());
      if (clock.now() >= sendAt && journal.count() === 0) journal.append({ kind: 'request', channel: 'trembita', from: 'participant', to: 'dms', service: 'dms.act.submit', body: '{}' });
      return announce ? { hinted: true, ...(journal.count() === 0 ? { nextWake: sendAt } : {}) } : { hinted: false };
    };
    const ctx = createStepContext({ covers: ['DMS-02'], clock, journal, settle });
    return { ctx, stops };
  }

  it('stops at the wake-up the participant announced, and judges the message sent there', async () => {
    const { ctx, stops } = participant(Date.parse('2026-03-10T11:30:00Z'), true);
    const out = await expectStep.run(step(), ctx);
    expect(stops).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T11:30:00.000Z']);
    expect(out.outputs).toMatchObject({ virtualTime: '2026-03-10T11:30:00.000Z' });
  });

  it('without announcements, every full hour: a send planned for 13:30 Kyiv happens at 14:00, the same day', async () => {
    const { ctx, stops } = participant(Date.parse('2026-03-10T11:30:00Z'), false);
    const out = await expectStep.run(step(), ctx);
    expect(stops).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T09:00:00.000Z', '2026-03-10T10:00:00.000Z', '2026-03-10T11:00:00.000Z', '2026-03-10T12:00:00.000Z']);
    expect(out.outputs).toMatchObject({ virtualTime: '2026-03-10T12:00:00.000Z' });
  });

  it('a participant that announces nothing and says it is done: the day ends, the next morning, the deadline', async () => {
    const { ctx, stops } = participant(Infinity, true);
    await expectStep.run(step(), ctx);
    expect(stops.slice(0, 4)).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T21:59:59.999Z', '2026-03-11T07:00:00.000Z', '2026-03-11T21:59:59.999Z']);
  });
});
