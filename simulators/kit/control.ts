// The control API under /__polihon/ that only the harness uses: health, reset, clock, journal, faults, seed.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { kyivDate } from '../../core/calendar.ts';
import { CLOCK_RANGE, CLOCK_RANGE_HINT, clockRangeProblem, resolveWithinRange } from '../../core/clock-range.ts';
import { parseTimeSpec, TimeSpecError } from '../../core/duration.ts';
import { json, problem } from '../../core/problem.ts';
import type { FaultSet, SimulatorContext } from '../../core/simulator.ts';
import { parseBody, readJson } from './body.ts';

const FaultSpecSchema = z.strictObject({
  service: z.string().min(1).max(100),
  kind: z.enum(['latency', 'timeout', 'reset', 'malformed', 'error', 'withhold', 'duplicate', 'outage']),
  ms: z.number().int().min(0).max(600_000).optional(),
  status: z.number().int().min(100).max(599).optional(),
  message: z.string().max(1000).optional(),
  count: z.number().int().min(1).optional(),
});

const ClockMoveSchema = z.union([
  z.strictObject({ advance: z.union([z.string().min(1), z.number().int().min(0)]) }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

export interface SeedHandler<S extends z.ZodType = z.ZodType> {
  schema: S;
  apply(data: z.infer<S>): unknown;
}

export interface ControlOptions<S extends z.ZodType = z.ZodType> {
  name: string;
  ctx: SimulatorContext;
  faults: FaultSet;
  reset(): void;
  seed?: SeedHandler<S>;
  /**
   * Waits for background work caused by a clock move (answers now due) before the clock call returns, so the
   * harness sees their effects. The host passes one that waits for every simulator.
   */
  settle?: () => Promise<void>;
}

/** The clock as the control API and participants see it (contracts §3). */
function clockView(ctx: SimulatorContext) {
  const now = ctx.clock.now();
  return {
    now: new Date(now).toISOString(),
    epochMs: now,
    mode: ctx.clock.mode,
    martialLaw: ctx.calendar.martialLaw,
    kyivDate: kyivDate(now),
  };
}

/** A clock move past what the calendar can count: refused, and the clock stays where it was. */
function outOfRange(field: 'advance' | 'set', detail: string): Response {
  return problem({
    code: 'invalid-clock',
    title: 'The clock cannot go there',
    status: 422,
    detail,
    errors: [{ field, message: `outside ${CLOCK_RANGE.text}` }],
    hint: CLOCK_RANGE_HINT,
  });
}

/** Mounts the shared control API under /__polihon/ on `app`. Simulator-specific control routes go beside it. */
export function mountControl<S extends z.ZodType>(app: Hono, options: ControlOptions<S>): void {
  const { ctx, name } = options;
  const control = new Hono();

  control.get('/health', (c) => c.json({ ok: true, simulator: name }));

  control.post('/reset', () => {
    options.reset();
    return new Response(null, { status: 204 });
  });

  control.get('/clock', (c) => c.json(clockView(ctx)));
  control.post('/clock', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const move = parseBody(ClockMoveSchema, read.value, 'invalid-clock', 'Clock move must be { advance } or { set }');
    if (!move.ok) return move.response;
    const now = ctx.clock.now();
    let target: number;
    let field: 'advance' | 'set';
    try {
      if ('set' in move.value) {
        field = 'set';
        target = Date.parse(move.value.set);
      } else {
        field = 'advance';
        const adv = move.value.advance;
        const reached = resolveWithinRange(typeof adv === 'number' ? { kind: 'duration', ms: adv } : parseTimeSpec(adv), now, ctx.calendar);
        target = reached.ok ? reached.ms : NaN;
        if (!reached.ok) return outOfRange(field, reached.problem);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return problem({
        code: 'invalid-clock',
        title: 'Not a time',
        status: 422,
        detail: message,
        errors: [{ field: 'advance', message }],
        ...(err instanceof TimeSpecError ? { hint: err.hint } : {}),
      });
    }
    const beyond = clockRangeProblem(target);
    if (beyond) return outOfRange(field, beyond);
    if (target < now) {
      return problem({
        code: 'clock-backwards',
        title: 'The clock cannot go back',
        status: 409,
        detail: `now is ${new Date(now).toISOString()}, asked for ${new Date(target).toISOString()}`,
        errors: [{ field, message: 'earlier than now' }],
        hint: 'A participant may already have seen the later time; start a new run for an earlier start.',
      });
    }
    ctx.clock.advance(target - now);
    await options.settle?.();
    return c.json(clockView(ctx));
  });

  control.get('/journal', (c) => {
    const sinceText = c.req.query('since');
    const since = sinceText === undefined ? undefined : Number(sinceText);
    if (since !== undefined && !(Number.isSafeInteger(since) && since >= 0)) {
      return problem({
        code: 'invalid-query',
        title: 'Bad journal query',
        status: 400,
        detail: `since must be a non-negative integer seq, got ${JSON.stringify(sinceText)}`,
        errors: [{ field: 'since', message: 'not a non-negative integer' }],
      });
    }
    const filter = {
      ...(since === undefined ? {} : { sinceSeq: since }),
      ...pick(c, ['service', 'kind', 'from', 'to', 'channel', 'messageId']),
    };
    const entries = ctx.journal.entries(filter);
    return c.json({ head: ctx.journal.head(), count: entries.length, total: ctx.journal.count(), entries });
  });

  control.post('/faults', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const spec = parseBody(FaultSpecSchema, read.value, 'invalid-fault', 'Not a fault spec');
    if (!spec.ok) return spec.response;
    return json(options.faults.add(spec.value), 201);
  });
  control.get('/faults', (c) => c.json({ faults: options.faults.list() }));
  control.delete('/faults', () => {
    options.faults.clear();
    return new Response(null, { status: 204 });
  });

  control.post('/seed', async (c) => {
    if (!options.seed) {
      return problem({ code: 'no-seed', title: 'Nothing to seed', status: 404, detail: `${name} takes no seed data` });
    }
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const data = parseBody(options.seed.schema, read.value, 'invalid-seed', 'Seed data does not match');
    if (!data.ok) return data.response;
    const result = options.seed.apply(data.value);
    return json(result ?? { ok: true }, 200);
  });

  app.route('/__polihon', control);
}

function pick(c: Context, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = c.req.query(k);
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
