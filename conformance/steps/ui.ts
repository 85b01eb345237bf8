// `ui`: Chromium drives the participant's own web UI, as its user would — open a page, type, click, hold a code up to
// the camera, wait for the answer, read it, keep a screenshot. Elements are named as the profile's `ui.selectors`
// declare them (or `css:<selector>`), so a scenario reads the same for every participant. Each action is an
// assertion: an element that never comes is the participant's failure, named with its selector and the page's URL,
// with a screenshot; a missing browser is the harness's error (E_BROWSER), or a skip when the run says so.
// docs/decisions/0009-ui-step.md says why it is built this way.
import { z } from 'zod';
import { parseTimeSpec } from '../../core/duration.ts';
import { PolihonError, type PolihonIssue } from '../../core/errors.ts';
import { msg, render, type Msg } from '../../core/i18n.ts';
import type { AssertionResult } from '../../core/results.ts';
import { UIM } from '../browser/messages.ts';
import { isLoopback, runUiAction, type UiAction } from '../browser/actions.ts';
import { openUiSession } from '../browser/session.ts';
import { UI_SELECTOR_NAME } from '../browser/selector-name.ts';
import type { SutProfile } from '../sut-profile.ts';
import { check, defineStep, title, type RunnableStep, type StepArtefact, type UiRunContext } from './types.ts';

/** How long an action waits when neither it nor its step says: long enough for a page to answer, short enough to tell. */
export const UI_DEFAULT_TIMEOUT_MS = 10_000;
const UI_MAX_TIMEOUT_MS = 120_000;
/** More than a page's worth of work belongs in several steps, each with its screenshot. */
const UI_MAX_ACTIONS = 50;

const timeout = z.string().refine(
  (s) => {
    try {
      const spec = parseTimeSpec(s);
      return spec.kind === 'duration' && spec.ms > 0 && spec.ms <= UI_MAX_TIMEOUT_MS;
    } catch {
      return false;
    }
  },
  { message: "a duration up to 2m, such as '10s' or '500ms'" },
);
const selector = z
  .string()
  .refine((s) => UI_SELECTOR_NAME.test(s) || (s.startsWith('css:') && s.length > 4), "a selector name the profile's ui.selectors declare, or css:<selector>");
const outputName = z.string().regex(/^[A-Za-z][\w-]*$/, 'a name: a letter, then letters, digits, _ or -');
const state = z.enum(['visible', 'hidden', 'attached', 'detached']);

/** One action: exactly one key. The strict object names an unknown key; the refinement, two keys at once. */
const action = z
  .strictObject({
    /** a page of the web UI: a path under the profile's endpoints.ui, or a full loopback URL */
    open: z.union([z.string().min(1), z.strictObject({ url: z.string().min(1), timeout: timeout.optional() })]).optional(),
    fill: z.strictObject({ into: selector, value: z.union([z.string(), z.number()]), timeout: timeout.optional() }).optional(),
    click: z.union([selector, z.strictObject({ selector, timeout: timeout.optional() })]).optional(),
    press: z.strictObject({ key: z.string().min(1), in: selector, timeout: timeout.optional() }).optional(),
    /** what the camera sees from now on: a page (a simulator's), rendered at 640×480 */
    camera: z.union([z.string().min(1), z.strictObject({ show: z.string().min(1), timeout: timeout.optional() })]).optional(),
    waitFor: z
      .union([selector, z.strictObject({ selector, state: state.optional(), attribute: z.string().min(1).optional(), timeout: timeout.optional() })])
      .optional(),
    read: z.strictObject({ selector, as: outputName, attribute: z.string().min(1).optional(), timeout: timeout.optional() }).optional(),
    screenshot: z.union([outputName, z.strictObject({ name: outputName, fullPage: z.boolean().optional() })]).optional(),
  })
  .refine((a) => Object.keys(a).length === 1, { message: 'an action has exactly one of: open, fill, click, press, camera, waitFor, read, screenshot' });

type UiStep = { actions: UiAction[]; timeout?: string };

/** The selector names an action uses (not `css:` ones). */
function namesIn(a: UiAction): string[] {
  const refs = [
    a.fill?.into,
    typeof a.click === 'string' ? a.click : a.click?.selector,
    a.press?.in,
    typeof a.waitFor === 'string' ? a.waitFor : a.waitFor?.selector,
    a.read?.selector,
  ];
  return refs.filter((r): r is string => r !== undefined && !r.startsWith('css:'));
}

const opensRelative = (a: UiAction) => {
  const url = typeof a.open === 'string' ? a.open : a.open?.url;
  return url !== undefined && !/^https?:\/\//i.test(url);
};

/** What the profile lacks for one `ui` step: a selector name it does not declare, endpoints.ui for a relative `open`. */
export function uiProblems(step: UiStep, ui: Pick<UiRunContext, 'endpoint' | 'selectors'>): { msg: Msg; hint: Msg }[] {
  const out: { msg: Msg; hint: Msg }[] = [];
  const known = Object.keys(ui.selectors);
  for (const name of new Set(step.actions.flatMap(namesIn))) {
    if (!Object.hasOwn(ui.selectors, name)) out.push({ msg: msg(UIM.undeclared, { name }), hint: msg(UIM.undeclaredHint, { name, known: known.length ? known.join(', ') : msg(UIM.none) }) });
  }
  const relative = step.actions.find(opensRelative);
  if (relative && !ui.endpoint) {
    const url = typeof relative.open === 'string' ? relative.open : (relative.open?.url ?? '');
    out.push({ msg: msg(UIM.noUiEndpoint, { url }), hint: msg(UIM.noUiEndpointHint) });
  }
  return out;
}

/**
 * Every `ui` step of the scenarios (children of structural steps too) checked against the profile before anything
 * runs: E_PROFILE_INVALID listing each problem at its step.
 */
export function checkUiSteps(scenarios: readonly { steps: readonly RunnableStep[] }[], profile: SutProfile): void {
  const issues: PolihonIssue[] = [];
  const ui = { selectors: profile.ui?.selectors ?? {}, ...(profile.endpoints.ui ? { endpoint: profile.endpoints.ui } : {}) };
  const walk = (steps: readonly RunnableStep[]) => {
    for (const s of steps) {
      if (s.type === uiStep.type) {
        for (const p of uiProblems(s.fields as unknown as UiStep, ui)) issues.push({ where: s.where, message: renderEn(p.msg), hint: renderEn(p.hint) });
      }
      if (s.children) walk(s.children);
    }
  };
  for (const sc of scenarios) walk(sc.steps);
  if (issues.length) {
    throw new PolihonError('E_PROFILE_INVALID', `${issues.length} problem${issues.length > 1 ? 's' : ''}: ui steps name what the profile does not give`, { where: profile.file, details: issues });
  }
}

const renderEn = (m: Msg) => render(m, 'en');

export const uiStep = defineStep<UiStep>({
  type: 'ui',
  fields: {
    actions: z.array(action).min(1).max(UI_MAX_ACTIONS),
    /** each action's limit when it gives none (default 10s) */
    timeout: timeout.optional(),
  },
  describe: (s) => title(msg(UIM.title, { n: s.actions.length })),
  check(s) {
    // a full URL written out must stay on loopback; one made of references is checked when it is resolved
    for (const [i, a] of s.actions.entries()) {
      const url = typeof a.open === 'string' ? a.open : (a.open?.url ?? (typeof a.camera === 'string' ? a.camera : a.camera?.show));
      if (url && !url.includes('${') && /^https?:\/\//i.test(url) && !isLoopback(url)) {
        return { field: 'actions', message: `action ${i + 1}: ${renderEn(msg(UIM.notLoopback, { url }))}` };
      }
    }
    return undefined;
  },
  async run(step, ctx) {
    const ui = ctx.ui;
    if (!ui) throw new PolihonError('E_INTERNAL', msg(UIM.noContext));
    if (ui.skip) {
      const said = msg(UIM.skipped, { why: ui.skip });
      return { assertions: [{ ...check(msg(UIM.skippedLabel), true, ctx.covers, { msg: said }), outcome: 'skip' }], msg: said };
    }
    const problem = uiProblems(step, ui)[0];
    if (problem) throw new PolihonError('E_PROFILE_INVALID', problem.msg, { hint: problem.hint });
    const actions = ctx.resolve(step.actions) as UiAction[];
    const defaultMs = step.timeout ? msOf(step.timeout) : UI_DEFAULT_TIMEOUT_MS;
    const assertions: AssertionResult[] = [];
    const artefacts: StepArtefact[] = [];
    const outputs: Record<string, unknown> = {};
    const session = await openUiSession(ctx.signal, ui.simulatorsSpki);
    let url = '';
    try {
      for (const [i, a] of actions.entries()) {
        const done = await runUiAction(a, { session, ui, covers: ctx.covers, defaultMs, outputs, signal: ctx.signal, index: i });
        assertions.push(done.assertion);
        artefacts.push(...done.artefacts);
        if (done.assertion.outcome === 'fail') break;
      }
      url = session.page.url();
    } finally {
      await session.close();
    }
    // where the page ended up (after redirects), for later steps
    outputs.url = url;
    return { assertions, outputs, artefacts };
  },
});

export function msOf(text: string): number {
  const spec = parseTimeSpec(text);
  return spec.kind === 'duration' ? spec.ms : UI_DEFAULT_TIMEOUT_MS;
}
