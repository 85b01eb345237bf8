// `expect` on its own: the optional `channel` adds one assertion, with the step's covers, that the message came by
// the channel the rule asks for; without it nothing about the channel is judged.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { render } from '../../core/i18n.ts';
import { createJournal, type Channel } from '../../core/journal.ts';
import { expectStep } from './expect.ts';
import type { StepContext } from './types.ts';

function context(channel: Channel): StepContext {
  const clock = createVirtualClock(Date.parse('2026-04-14T07:00:00Z'));
  const journal = createJournal({ clock, wallTime: () => 0 });
  const request = journal.append({ kind: 'request', channel, from: 'participant', to: 'dms', service: 'dms.act.submit', body: '{}', data: { actId: 'A-1' } });
  journal.append({ kind: 'response', channel, from: 'dms', to: 'participant', service: 'dms.act.submit', status: 201, links: [request.seq], body: '{}' });
  return {
    scenarioId: 's',
    stepId: 'x',
    covers: ['DMS-09'],
    clock,
    journal,
    calendar: { martialLaw: true },
    host: {} as StepContext['host'],
    driver: {} as StepContext['driver'],
    settleMs: 10,
    resolve: (v) => v,
    signal: new AbortController().signal,
    control: async () => ({ status: 200, body: {} }),
  };
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
