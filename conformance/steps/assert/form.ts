// The assertion contract: each `assert` form (`that: { <name>: … }`) is one file with its strict zod schema, its
// name in both languages and its judge. The `assert` step resolves `${…}` in the form's value before the judge
// sees it; a judge returns judged assertions like any step. Protocol judgement that belongs to a simulator lives
// with the protocol (conformance/protocol/) and the form file only delegates to it.
import type { z } from 'zod';
import type { MessageRef } from '../../../core/i18n.ts';
import type { check, StepContext, StepOutput } from '../types.ts';

export interface AssertForm<T = unknown> {
  /** the key under `that` in a scenario, e.g. `sameKyivDay` */
  name: string;
  /** how reports name the form, in both languages (the default step title is built from it) */
  title: MessageRef;
  /** the form's own value, strict: unknown keys are refused at load time */
  schema: z.ZodType<T>;
  /** cross-field checks at load time, on the value as written; returns a problem or undefined */
  check?(spec: T): { message: string; hint?: string } | undefined;
  /** judges the resolved value */
  judge(spec: T, ctx: StepContext): StepOutput | Promise<StepOutput>;
}

export function defineAssertForm<S extends z.ZodType>(form: AssertForm<z.infer<S>> & { schema: S }): AssertForm<z.infer<S>> {
  return form;
}

/** A step output of one assertion, its journal refs the step's. */
export const one = (a: ReturnType<typeof check>): StepOutput => ({ assertions: [a], journalRefs: a.journalRefs ?? [] });
