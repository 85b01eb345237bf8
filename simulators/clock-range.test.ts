// POST /__polihon/clock with moves the calendar cannot count: 422 invalid-clock saying the range, the clock unmoved.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CLOCK_RANGE, MAX_WORKING_DAYS, resolveWithinRange } from '../core/clock-range.ts';
import { createFaultSet } from '../core/simulator.ts';
import { mountControl } from './kit/index.ts';
import { createTestContext, jsonRequest, T0 } from './testing.ts';

function setup() {
  const ctx = createTestContext();
  const app = new Hono();
  mountControl(app, { name: 'echo', ctx, faults: createFaultSet(), reset: () => undefined });
  const move = async (body: unknown) => {
    const res = await app.fetch(jsonRequest('http://echo.test/__polihon/clock', body));
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
  };
  return { ctx, move };
}

describe('clock moves past the calendar', () => {
  it('are 422 invalid-clock naming the range, and leave the clock where it was', async () => {
    const { ctx, move } = setup();
    for (const [body, field] of [
      [{ advance: 9_007_199_254_740_991 }, 'advance'],
      [{ advance: '99999999 days' }, 'advance'],
      [{ advance: '3000000 days' }, 'advance'],
      [{ set: '9999-06-01T00:00:00Z' }, 'set'],
      [{ set: '9999-12-31T23:00:00Z' }, 'set'],
    ] as const) {
      const r = await move(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.type).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({
        code: 'invalid-clock',
        detail: expect.stringContaining("the clock would leave the calendar's range (0001-01-01 – 9998-12-31 (Kyiv))"),
        errors: [{ field, message: 'outside 0001-01-01 – 9998-12-31 (Kyiv)' }],
        hint: expect.stringContaining('move the clock by less'),
      });
      expect(ctx.clock.now()).toBe(T0);
    }
  });

  it('refuses a count of working days that would walk the calendar for seconds, at once', async () => {
    const { ctx, move } = setup();
    const r = await move({ advance: '2000000 working days' });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'invalid-clock', detail: `one clock move counts at most ${MAX_WORKING_DAYS} working days, not 2000000` });
    expect(ctx.clock.now()).toBe(T0);
    // a long but countable move still works
    expect((await move({ advance: '250 working days' })).status).toBe(200);
  });

  it('invalid dates, negative and non-integer values stay 422, never 500', async () => {
    const { ctx, move } = setup();
    for (const body of [{ set: '2026-02-30T00:00:00Z' }, { set: 'tomorrow' }, { advance: -5 }, { advance: '-5s' }, { advance: 1.5 }, { advance: 1e300 }, { advance: null }, { set: 12 }]) {
      const r = await move(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.code).toBe('invalid-clock');
    }
    expect(ctx.clock.now()).toBe(T0);
  });

  it('reaches the last day of the range, and not a millisecond past it', async () => {
    const { ctx, move } = setup();
    expect((await move({ set: new Date(CLOCK_RANGE.toMs).toISOString() })).status).toBe(200);
    expect(ctx.clock.now()).toBe(CLOCK_RANGE.toMs);
    expect((await move({ advance: 1 })).status).toBe(422);
    expect(ctx.clock.now()).toBe(CLOCK_RANGE.toMs);
    expect(resolveWithinRange({ kind: 'next-working-day' }, CLOCK_RANGE.toMs)).toMatchObject({ ok: false });
  });
});
