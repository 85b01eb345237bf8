// The step contract: each step type is one file with a strict zod schema for its own fields and a `run`
// that returns judged assertions. Steps signal a participant breach with a failed assertion and a harness
// problem by throwing a PolihonError — the two never mix (STYLE: inferno's typed signals).
import { z } from 'zod';
import type { CalendarOptions } from '../../core/calendar.ts';
import { parseTimeSpec } from '../../core/duration.ts';
import type { Clock } from '../../core/clock.ts';
import { render, type Bi, type Msg } from '../../core/i18n.ts';
import type { Journal } from '../../core/journal.ts';
import type { AssertionResult } from '../../core/results.ts';
import type { DriverClient } from '../driver.ts';
import type { SimulatorHost } from '../../simulators/host.ts';

export const localized = z.union([z.string().min(1), z.strictObject({ uk: z.string().min(1), en: z.string().min(1) })]);
export const requirementIdList = z.array(z.string().regex(/^[A-Z]+(-[A-Z]+)?-\d{2}$/, 'a requirement id such as DMS-02'));

/** Fields every step may carry, whatever its type. */
export const commonStepFields = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').optional(),
  title: localized.optional(),
  covers: requirementIdList.optional(),
  /** run even when an earlier step failed (clean-up, late diagnostics) */
  always: z.boolean().optional(),
  /** only in the generated cases whose dimensions have one of these values (the scenario's `cases`) */
  when: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)).optional(),
};

export interface StepOutput {
  assertions: AssertionResult[];
  /** values later steps can refer to as ${steps.<id>.<name>} */
  outputs?: Record<string, unknown>;
  journalRefs?: number[];
  /** what the step did, when no assertion speaks for it (a catalog message; the runner keeps its English too) */
  msg?: Msg;
}

export interface StepContext {
  scenarioId: string;
  stepId: string;
  covers: string[];
  clock: Clock;
  journal: Journal;
  calendar: CalendarOptions;
  host: SimulatorHost;
  driver: DriverClient;
  /** real milliseconds the participant gets to react at each virtual checkpoint */
  settleMs: number;
  /**
   * Waits until the participant is quiet at the clock's current time (conformance/settle.ts); `hinted` when its driver
   * answers `GET /wake`, with its next wake-up. Absent (unit tests): the steps wait `settleMs`.
   */
  settle?(): Promise<{ hinted: boolean; nextWake?: number }>;
  /** resolves ${...} references against scenario data and earlier step outputs */
  resolve<T = unknown>(value: T): unknown;
  signal: AbortSignal;
  /** calls a simulator's control API in-process: control('dms', 'POST', '/__polihon/acts/x/confirm', body) */
  control(simulator: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export interface StepDefinition<S extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  /** the step's own fields (without `type` and the common fields) */
  fields: z.ZodRawShape;
  /** the default title, for a step the scenario gave none (both languages, from the catalog) */
  describe(step: S): Bi;
  /** cross-field checks at load time (the schema checks fields one by one); returns a problem or undefined */
  check?(step: S): { field?: string; message: string; hint?: string } | undefined;
  run(step: S, ctx: StepContext): Promise<StepOutput>;
}

/** A zod string that must be one of the time phrases of core/duration.ts ('3 working days', '5m', 'same day'). */
export const timeSpecText = z.string().refine(
  (s) => {
    try {
      parseTimeSpec(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a time spec; use e.g. 'same day', '3 working days', '5m', '181s', 'next working day 09:00'" },
);

export function defineStep<S extends Record<string, unknown>>(def: StepDefinition<S>): StepDefinition<S> {
  return def;
}

/** What a check may say beside its outcome: the same fields as the assertion it becomes. */
export type CheckDetails = Pick<AssertionResult, 'msg' | 'expected' | 'actual' | 'expectedMsg' | 'actualMsg' | 'journalRefs'>;

/** A default step title from a catalog message, in both languages. */
export const title = (m: Msg): Bi => ({ uk: render(m, 'uk'), en: render(m, 'en') });

/**
 * One assertion result. Its name and texts are carried as catalog messages; their English renderings fill the
 * plain fields (`name`, `message`, `expected`/`actual`) that report.json readers of schema 1.0 know.
 */
export function check(label: Msg, ok: boolean, covers: string[], details: CheckDetails = {}): AssertionResult {
  const { msg: m, expectedMsg, actualMsg, ...rest } = details;
  return {
    name: render(label, 'en'),
    label,
    outcome: ok ? 'pass' : 'fail',
    covers,
    ...(m ? { message: render(m, 'en'), msg: m } : {}),
    ...rest,
    ...(expectedMsg ? { expectedMsg, ...('expected' in rest ? {} : { expected: render(expectedMsg, 'en') }) } : {}),
    ...(actualMsg ? { actualMsg, ...('actual' in rest ? {} : { actual: render(actualMsg, 'en') }) } : {}),
  };
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    // the listener is removed when the timer fires, or a long scenario piles up listeners on its signal
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
