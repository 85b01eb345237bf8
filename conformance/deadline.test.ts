import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { parseTimeSpec } from '../core/duration.ts';
import { createJournal } from '../core/journal.ts';
import { render } from '../core/i18n.ts';
import { checkpoints, dayCheckpoints, kyivStamp, kyivStampMsg, lateness, latenessMsg, nextCheckpoint, waitForEntry } from './deadline.ts';

const martial = { martialLaw: true };
const at = (iso: string) => Date.parse(iso);
const stamps = (ms: number[]) => ms.map(kyivStamp);

describe('deadline checkpoints', () => {
  it('3 working days from a Friday afternoon: the end of every day and each working morning, then the end of Wednesday', () => {
    const c = checkpoints(parseTimeSpec('3 working days'), at('2026-03-13T13:00:00Z'), martial);
    expect(stamps(c.before)).toEqual([
      '2026-03-13 15:00:00 Kyiv',
      '2026-03-13 23:59:59 Kyiv',
      '2026-03-14 23:59:59 Kyiv',
      '2026-03-15 23:59:59 Kyiv',
      '2026-03-16 09:00:00 Kyiv',
      '2026-03-16 23:59:59 Kyiv',
      '2026-03-17 09:00:00 Kyiv',
      '2026-03-17 23:59:59 Kyiv',
      '2026-03-18 09:00:00 Kyiv',
      '2026-03-18 23:59:59 Kyiv',
    ]);
    expect(stamps(c.grace)).toEqual(['2026-03-19 09:00:00 Kyiv', '2026-03-19 23:59:59 Kyiv', '2026-03-20 09:00:00 Kyiv', '2026-03-20 23:59:59 Kyiv']);
  });

  it('in peace time a holiday Monday is skipped (24 August 2026)', () => {
    const c = checkpoints(parseTimeSpec('1 working day'), at('2026-08-21T12:00:00Z'), { martialLaw: false });
    expect(kyivStamp(c.deadline)).toBe('2026-08-25 23:59:59 Kyiv');
  });

  it('the next checkpoint: a fixed one, or earlier the announced wake-up, or for a participant that announces none the next hour', () => {
    const from = at('2026-03-10T08:00:00Z'); // 10:00 Kyiv
    const c = checkpoints(parseTimeSpec('1 working day'), from, martial);
    expect(stamps(c.before)).toEqual(['2026-03-10 10:00:00 Kyiv', '2026-03-10 23:59:59 Kyiv', '2026-03-11 09:00:00 Kyiv', '2026-03-11 23:59:59 Kyiv']);
    expect(kyivStamp(nextCheckpoint(from, c.before, c.deadline)!)).toBe('2026-03-10 23:59:59 Kyiv');
    expect(kyivStamp(nextCheckpoint(from, c.before, c.deadline, { hourly: true })!)).toBe('2026-03-10 11:00:00 Kyiv');
    expect(kyivStamp(nextCheckpoint(from, c.before, c.deadline, { wake: at('2026-03-10T11:30:00Z') })!)).toBe('2026-03-10 13:30:00 Kyiv');
    // a wake-up after the next fixed checkpoint waits for it; one in the past is no checkpoint
    expect(kyivStamp(nextCheckpoint(from, c.before, c.deadline, { wake: at('2026-03-11T05:00:00Z') })!)).toBe('2026-03-10 23:59:59 Kyiv');
    expect(nextCheckpoint(from, c.before, c.deadline, { wake: from - 1 })).toBe(c.before[1]);
    expect(nextCheckpoint(c.deadline, c.before, c.deadline, { hourly: true })).toBeUndefined();
    // a wake-up a millisecond away is taken a minute away: the run cannot be held at one instant
    expect(nextCheckpoint(from, c.before, c.deadline, { wake: from + 1 })).toBe(from + 60_000);
  });

  it('on the way of an advance: every day end and working morning strictly between', () => {
    expect(stamps(dayCheckpoints(at('2026-03-13T13:00:00Z'), at('2026-03-16T07:00:00Z'), martial))).toEqual([
      '2026-03-13 23:59:59 Kyiv',
      '2026-03-14 23:59:59 Kyiv',
      '2026-03-15 23:59:59 Kyiv',
    ]);
    expect(dayCheckpoints(at('2026-03-10T08:00:00Z'), at('2026-03-10T08:01:00Z'), martial)).toEqual([]);
  });

  it('same day and durations have no intermediate checkpoints but the day ends', () => {
    expect(stamps(checkpoints(parseTimeSpec('same day'), at('2026-03-10T08:00:00Z'), martial).before)).toEqual(['2026-03-10 10:00:00 Kyiv', '2026-03-10 23:59:59 Kyiv']);
    expect(checkpoints(parseTimeSpec('5m'), at('2026-03-10T08:00:00Z'), martial).before).toEqual([at('2026-03-10T08:00:00Z'), at('2026-03-10T08:05:00Z')]);
  });

  it('says how late, in working days', () => {
    expect(lateness(at('2026-03-19T07:00:00Z'), at('2026-03-18T21:59:59.999Z'), martial)).toBe('1 working day late');
    expect(lateness(at('2026-03-23T07:00:00Z'), at('2026-03-18T21:59:59.999Z'), martial)).toBe('3 working days late');
    expect(render(latenessMsg(at('2026-03-23T07:00:00Z'), at('2026-03-18T21:59:59.999Z'), martial), 'uk')).toBe('із запізненням на 3 робочі дні');
    expect(render(latenessMsg(at('2026-03-19T07:00:00Z'), at('2026-03-18T21:59:59.999Z'), martial), 'en')).toBe('1 working day late');
    expect(render(kyivStampMsg(at('2026-03-18T21:59:59.999Z')), 'uk')).toBe('2026-03-18 23:59:59 за Києвом');
  });
});

describe('waitForEntry', () => {
  const make = () => createJournal({ clock: createVirtualClock(0), wallTime: () => 0 });
  const entry = { kind: 'request', channel: 'direct', from: 'participant', to: 'dms', service: 's' } as const;

  it('finds an entry already there, or one that arrives, or gives up after the interval', async () => {
    const j = make();
    j.append(entry);
    expect((await waitForEntry(j, (e) => e.service === 's', 10))?.seq).toBe(1);
    setTimeout(() => j.append({ ...entry, service: 'later' }), 5);
    expect((await waitForEntry(j, (e) => e.service === 'later', 1_000))?.seq).toBe(2);
    const t0 = Date.now();
    expect(await waitForEntry(j, (e) => e.service === 'never', 50)).toBeUndefined();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });
});
