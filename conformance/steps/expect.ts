// `expect`: wait for the participant to send something to a simulator, within a deadline in virtual time,
// and judge it: arrived in time, (optionally) accepted by the simulator as a valid message, and (optionally) came
// by the channel the rules ask for — through Трембіта (DMS-09), straight, or through a web form.
import { z } from 'zod';
import { msg } from '../../core/i18n.ts';
import { CLOCK_RANGE_HINT, resolveWithinRange } from '../../core/clock-range.ts';
import { parseTimeSpec } from '../../core/duration.ts';
import { PolihonError } from '../../core/errors.ts';
import type { JournalEntry } from '../../core/journal.ts';
import type { AssertionResult } from '../../core/results.ts';
import { checkpoints, kyivStampMsg, latenessMsg, nextCheckpoint, waitForEntry } from '../deadline.ts';
import { knownPeople, matches } from '../oracle/equal.ts';
import { S, timeSpecMsg } from './messages.ts';
import { check, defineStep, stateKey, timeSpecText, title, type StepContext } from './types.ts';

/** The channels a message can reach a simulator by, as its journal entry records them. */
export const EXPECT_CHANNELS = ['trembita', 'direct', 'web'] as const;
type ExpectChannel = (typeof EXPECT_CHANNELS)[number];

type ExpectStep = { at: string; service: string; match?: Record<string, unknown>; within: string; accepted?: boolean; channel?: ExpectChannel };

/** journal seqs already matched by an earlier expect in this scenario, so one message is not counted twice */
const CONSUMED = stateKey('expect.consumed', () => new Set<number>());

export const expectStep = defineStep<ExpectStep>({
  type: 'expect',
  fields: {
    at: z.string().min(1),
    service: z.string().min(1),
    match: z.record(z.string(), z.unknown()).optional(),
    within: timeSpecText,
    accepted: z.boolean().optional(),
    /** when given: one more assertion, with the step's covers, that the message came through this channel */
    channel: z.enum(EXPECT_CHANNELS).optional(),
  },
  describe: (s) => {
    const within = timeSpecMsg(parseTimeSpec(s.within));
    return title(s.channel ? msg(S.titleExpectChannel, { at: s.at, service: s.service, channel: s.channel, within }) : msg(S.titleExpect, { at: s.at, service: s.service, within }));
  },
  async run(step, ctx) {
    const spec = parseTimeSpec(step.within);
    const start = ctx.clock.now();
    const reach = resolveWithinRange(spec, start, ctx.calendar);
    if (!reach.ok) throw new PolihonError('E_SCENARIO_INVALID', reach.problem, { hint: CLOCK_RANGE_HINT });
    const match = (ctx.resolve(step.match ?? {}) ?? {}) as Record<string, unknown>;
    const people = knownPeople(scopePeople(ctx));
    const used = ctx.state.get(CONSUMED);
    const isIt = (e: JournalEntry) =>
      e.kind === 'request' &&
      e.to === step.at &&
      e.service === step.service &&
      !used.has(e.seq) &&
      matches(e.data as Record<string, unknown> | undefined, match, { people });

    const plan = checkpoints(spec, start, ctx.calendar);
    const entry = await walk(ctx, plan.before, plan.deadline, isIt, true);
    const covers = ctx.covers;
    const deadline = kyivStampMsg(plan.deadline);
    const what = Object.keys(match).length ? msg(S.whatMatching, { service: step.service, at: step.at, match: JSON.stringify(match) }) : msg(S.what, { service: step.service, at: step.at });
    const within = msg(S.arrivesWithin, { within: timeSpecMsg(spec) });
    if (!entry) {
      const late = await walk(ctx, plan.grace, plan.grace[plan.grace.length - 1] ?? plan.deadline, isIt, false);
      return {
        assertions: [
          check(within, false, covers, {
            msg: late
              ? msg(S.arrivedLate, { what, late: latenessMsg(late.virtualMs, plan.deadline, ctx.calendar), at: kyivStampMsg(late.virtualMs), deadline })
              : msg(S.notArrived, { what, deadline }),
            expectedMsg: msg(S.by, { deadline }),
            actualMsg: late ? kyivStampMsg(late.virtualMs) : msg(S.nothing),
            ...(late ? { journalRefs: [late.seq] } : {}),
          }),
        ],
        journalRefs: late ? [late.seq] : [],
      };
    }
    used.add(entry.seq);
    const assertions: AssertionResult[] = [
      check(within, entry.virtualMs <= plan.deadline, covers, {
        msg: msg(S.arrivedAt, { at: kyivStampMsg(entry.virtualMs) }),
        expectedMsg: msg(S.by, { deadline }),
        actualMsg: kyivStampMsg(entry.virtualMs),
        journalRefs: [entry.seq],
      }),
    ];
    const response = responseTo(ctx, entry);
    if (step.accepted !== undefined) {
      const status = response?.status ?? 0;
      const ok = status >= 200 && status < 300;
      const refused = status >= 400 && status < 500;
      assertions.push(
        check(msg(step.accepted ? S.acceptedLabel : S.refusedLabel), step.accepted ? ok : refused, covers, {
          msg: ok ? msg(S.simAnswered, { at: step.at, status }) : msg(S.simAnsweredProblem, { at: step.at, status, problem: problemText(response?.body) }),
          expected: step.accepted ? '2xx' : '4xx',
          actual: status,
          journalRefs: response ? [entry.seq, response.seq] : [entry.seq],
        }),
      );
    }
    if (step.channel !== undefined) {
      assertions.push(
        check(msg(S.cameThrough, { channel: step.channel }), entry.channel === step.channel, covers, {
          msg:
            entry.channel === step.channel
              ? msg(S.gotThrough, { at: step.at, channel: entry.channel })
              : msg(entry.channel === 'direct' ? S.gotDirectlyNot : S.gotThroughNot, {
                  at: step.at,
                  channel: entry.channel,
                  want: step.channel === 'trembita' ? msg(S.trembitaServer) : step.channel,
                }),
          expected: step.channel,
          actual: entry.channel,
          journalRefs: [entry.seq],
        }),
      );
    }
    return {
      assertions,
      journalRefs: response ? [entry.seq, response.seq] : [entry.seq],
      outputs: {
        channel: entry.channel,
        seq: entry.seq,
        virtualTime: entry.virtualTime,
        virtualMs: entry.virtualMs,
        data: entry.data ?? {},
        /** the message as sent, parsed: what the data oracle (`assert … fields`) judges */
        body: parseJson(entry.body),
        status: response?.status,
        response: parseJson(response?.body),
      },
    };
  },
});

/**
 * Walks the clock through the checkpoints up to `end`, letting the participant settle at each, until `find` has it.
 * `hourly`: a participant that announces no wake-ups still sees every hour pass (a false alarm costs more than time);
 * the grace walk after the deadline, a diagnostic, keeps to its fixed checkpoints and announced wake-ups.
 */
async function walk(ctx: StepContext, fixed: number[], end: number, isIt: (e: JournalEntry) => boolean, hourly: boolean): Promise<JournalEntry | undefined> {
  const find = () => ctx.journal.entries({ predicate: isIt })[0];
  if (!ctx.settle) {
    // no settle detection (unit tests): a fixed window at each fixed checkpoint, as before
    for (const t of fixed) {
      if (t > ctx.clock.now()) ctx.clock.set(t);
      const e = await waitForEntry(ctx.journal, isIt, ctx.settleMs, ctx.signal);
      if (e) return e;
    }
    return undefined;
  }
  let settled = await ctx.settle();
  for (;;) {
    const e = find();
    if (e || ctx.signal.aborted) return e;
    const next = nextCheckpoint(ctx.clock.now(), fixed, end, { hourly: hourly && !settled.hinted, wake: settled.nextWake });
    if (next === undefined) return undefined;
    ctx.clock.set(next);
    settled = await ctx.settle();
  }
}

function responseTo(ctx: StepContext, request: JournalEntry): JournalEntry | undefined {
  return ctx.journal.entries({ predicate: (e) => e.kind === 'response' && (e.links ?? []).includes(request.seq) })[0];
}

function parseJson(body: string | undefined): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function problemText(body: string | undefined): string {
  const p = parseJson(body) as { detail?: string; title?: string; errors?: { field: string; message: string }[] } | undefined;
  if (!p || typeof p !== 'object') return String(body ?? '').slice(0, 200);
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
  return [p.title, p.detail, fields].filter(Boolean).join(' — ');
}

/** The scenario's seeded persons (`${people}`), so a message may name one by either identifier the contract allows. */
export function scopePeople(ctx: StepContext): unknown {
  try {
    return ctx.resolve('${people}');
  } catch {
    // a scope without people (a step run outside a scenario) names no one
    return undefined;
  }
}
