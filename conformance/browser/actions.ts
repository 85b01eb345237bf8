// The actions of a `ui` step, one at a time on the step's browser session. Each is bounded by its timeout and judged
// as one assertion: what the participant's page did not do in time is a `fail` (with a screenshot), what the harness
// or the scenario got wrong is a thrown PolihonError (an `error`).
import type { Locator } from 'playwright-core';
import { parseTimeSpec } from '../../core/duration.ts';
import { PolihonError } from '../../core/errors.ts';
import { msg, type Msg } from '../../core/i18n.ts';
import type { AssertionResult } from '../../core/results.ts';
import { check, type StepArtefact, type UiRunContext } from '../steps/types.ts';
import { firstLine } from './chromium.ts';
import { UIM } from './messages.ts';
import type { UiSession } from './session.ts';

type State = 'visible' | 'hidden' | 'attached' | 'detached';

/** One action as the scenario wrote it, its `${…}` resolved: exactly one key (the schema sees to it). */
export interface UiAction {
  open?: string | { url: string; timeout?: string };
  fill?: { into: string; value: string | number; timeout?: string };
  click?: string | { selector: string; timeout?: string };
  press?: { key: string; in: string; timeout?: string };
  camera?: string | { show: string; timeout?: string };
  waitFor?: string | { selector: string; state?: State; attribute?: string; timeout?: string };
  read?: { selector: string; as: string; attribute?: string; timeout?: string };
  screenshot?: string | { name: string; fullPage?: boolean };
}

export interface ActionEnv {
  session: UiSession;
  ui: UiRunContext;
  covers: string[];
  /** an action's limit when it gives none */
  defaultMs: number;
  /** the step's outputs, which `read` adds to */
  outputs: Record<string, unknown>;
  signal: AbortSignal;
  /** the action's place in the step, from 0 */
  index: number;
}

export interface ActionDone {
  assertion: AssertionResult;
  artefacts: StepArtefact[];
}

/** A selector as the scenario named it and the CSS behind it. */
interface Target {
  shown: string;
  css: string;
}

/** A participant failure inside an action: the page did not do what was asked. */
class PageFailure extends Error {
  constructor(readonly said: Msg) {
    super(said.key);
  }
}

const LOOPBACK = /^(localhost|\[::1\]|127\.\d+\.\d+\.\d+)$/;

export async function runUiAction(a: UiAction, env: ActionEnv): Promise<ActionDone> {
  const [kind, value] = Object.entries(a)[0] as [keyof UiAction, unknown];
  const ms = timeoutOf(value, env.defaultMs);
  const label = labelOf(a, env);
  const page = env.session.page;
  try {
    const done = await perform(a, env, ms);
    return { assertion: check(label, true, env.covers, { msg: done.said }), artefacts: done.artefacts };
  } catch (err) {
    if (env.signal.aborted) throw err;
    const said = err instanceof PageFailure ? err.said : err instanceof PolihonError ? undefined : msg(UIM.actionFailed, { action: kind, url: page.url(), error: firstLine(err) });
    if (!said) throw err;
    // what the page showed when it failed, for the reader
    const shot = await env.session.screenshot(env.ui.masked, env.defaultMs).catch(() => undefined);
    const artefacts: StepArtefact[] = shot ? [{ kind: 'image', name: `failure-${env.index + 1}-${kind}`, mediaType: 'image/png', bytes: shot, masked: env.ui.masked }] : [];
    return { assertion: check(label, false, env.covers, { msg: said }), artefacts };
  }
}

async function perform(a: UiAction, env: ActionEnv, ms: number): Promise<{ said: Msg; artefacts: StepArtefact[] }> {
  const { session, ui } = env;
  const page = session.page;
  const none: StepArtefact[] = [];
  if (a.open !== undefined) {
    const url = pageUrl(typeof a.open === 'string' ? a.open : a.open.url, ui);
    await session.allowCamera(new URL(url).origin);
    let answer;
    try {
      answer = await page.goto(url, { timeout: ms, waitUntil: 'load' });
    } catch (err) {
      if (isTimeout(err)) throw new PageFailure(msg(UIM.actionFailed, { action: 'open', url, error: firstLine(err) }));
      throw new PolihonError('E_SUT_UNREACHABLE', msg(UIM.uiUnreachable, { url, error: firstLine(err) }), { hint: msg(UIM.uiUnreachableHint) });
    }
    const status = answer?.status() ?? 0;
    if (status >= 400) throw new PageFailure(msg(UIM.pageStatus, { url, status }));
    return { said: msg(UIM.opened, { url, status }), artefacts: none };
  }
  if (a.fill !== undefined) {
    const el = await visible(target(a.fill.into, ui), env, ms);
    await el.fill(String(a.fill.value), { timeout: ms });
    return { said: msg(UIM.done, { url: page.url() }), artefacts: none };
  }
  if (a.click !== undefined) {
    const el = await visible(target(typeof a.click === 'string' ? a.click : a.click.selector, ui), env, ms);
    await el.click({ timeout: ms });
    return { said: msg(UIM.done, { url: page.url() }), artefacts: none };
  }
  if (a.press !== undefined) {
    const el = await visible(target(a.press.in, ui), env, ms);
    await el.press(a.press.key, { timeout: ms });
    return { said: msg(UIM.done, { url: page.url() }), artefacts: none };
  }
  if (a.camera !== undefined) {
    const url = typeof a.camera === 'string' ? a.camera : a.camera.show;
    if (!isLoopback(url)) throw new PolihonError('E_SCENARIO_INVALID', msg(UIM.notLoopback, { url }), { hint: msg(UIM.cameraPageHint) });
    let frame;
    try {
      frame = await session.renderFrame(url, ms);
    } catch (err) {
      throw new PolihonError('E_INTERNAL', msg(UIM.cameraPage, { url, error: firstLine(err) }), { hint: msg(UIM.cameraPageHint) });
    }
    if (frame.status >= 400) throw new PolihonError('E_SCENARIO_INVALID', msg(UIM.cameraPage, { url, error: `HTTP ${frame.status}` }), { hint: msg(UIM.cameraPageHint) });
    await session.setCamera(frame.jpeg);
    return { said: msg(UIM.cameraReady, { url }), artefacts: none };
  }
  if (a.waitFor !== undefined) {
    const w = typeof a.waitFor === 'string' ? { selector: a.waitFor } : a.waitFor;
    const t = target(w.selector, ui);
    const state = w.state ?? 'visible';
    await reach(t, state, env, ms);
    if (w.attribute !== undefined) {
      const attribute = w.attribute;
      try {
        await page.waitForFunction(([css, name]) => document.querySelector(css)?.hasAttribute(name) === true, [t.css, attribute] as const, { timeout: ms });
      } catch (err) {
        if (isTimeout(err)) throw new PageFailure(msg(UIM.noAttribute, { selector: t.shown, url: page.url(), attribute }));
        throw err;
      }
    }
    return { said: msg(UIM.done, { url: page.url() }), artefacts: none };
  }
  if (a.read !== undefined) {
    const r = a.read;
    const t = target(r.selector, ui);
    const el = await visible(t, env, ms);
    const text = (await el.innerText({ timeout: ms })).trim();
    env.outputs[r.as] = text;
    if (r.attribute === undefined) return { said: msg(UIM.read, { selector: t.shown, pageText: text }), artefacts: none };
    const value = await el.getAttribute(r.attribute, { timeout: ms });
    if (value === null) throw new PageFailure(msg(UIM.noAttribute, { selector: t.shown, url: page.url(), attribute: r.attribute }));
    env.outputs[`${r.as}Attribute`] = value;
    return { said: msg(UIM.readAttribute, { selector: t.shown, pageText: text, attribute: r.attribute, value }), artefacts: none };
  }
  if (a.screenshot !== undefined) {
    const s = typeof a.screenshot === 'string' ? { name: a.screenshot } : a.screenshot;
    const bytes = await session.screenshot(env.ui.masked, ms, s.fullPage ?? false);
    return { said: msg(UIM.shot, { file: s.name }), artefacts: [{ kind: 'image', name: s.name, mediaType: 'image/png', bytes, masked: env.ui.masked }] };
  }
  throw new PolihonError('E_INTERNAL', `unknown ui action ${Object.keys(a).join(', ')}`);
}

/** Playwright's TimeoutError, known by its name: the module stays unloaded until a browser is launched. */
const isTimeout = (err: unknown) => err instanceof Error && err.name === 'TimeoutError';

/** The element once it is visible: a `fail` naming the selector and the page when it is not within `ms`. */
async function visible(t: Target, env: ActionEnv, ms: number): Promise<Locator> {
  return reach(t, 'visible', env, ms);
}

async function reach(t: Target, state: State, env: ActionEnv, ms: number): Promise<Locator> {
  const el = env.session.page.locator(t.css);
  try {
    await el.waitFor({ state, timeout: ms });
  } catch (err) {
    if (isTimeout(err)) throw new PageFailure(msg(UIM.notFound, { selector: t.shown, css: t.css, url: env.session.page.url(), ms, state }));
    throw err;
  }
  return el;
}

function target(ref: string, ui: UiRunContext): Target {
  if (ref.startsWith('css:')) return { shown: ref, css: ref.slice(4) };
  const css = ui.selectors[ref];
  if (css === undefined) throw new PolihonError('E_PROFILE_INVALID', msg(UIM.undeclared, { name: ref }), { hint: msg(UIM.undeclaredHint, { name: ref, known: Object.keys(ui.selectors).join(', ') || msg(UIM.none) }) });
  return { shown: ref, css };
}

/** A page of the participant's web UI: a path under endpoints.ui, or a full URL that stays on loopback. */
function pageUrl(text: string, ui: UiRunContext): string {
  if (/^https?:\/\//i.test(text)) {
    if (!isLoopback(text)) throw new PolihonError('E_SCENARIO_INVALID', msg(UIM.notLoopback, { url: text }));
    return text;
  }
  if (!ui.endpoint) throw new PolihonError('E_PROFILE_INVALID', msg(UIM.noUiEndpoint, { url: text }), { hint: msg(UIM.noUiEndpointHint) });
  return `${ui.endpoint.replace(/\/+$/, '')}/${text.replace(/^\/+/, '')}`;
}

/** Whether a URL stays on this machine: the harness and its tests talk only to loopback. */
export function isLoopback(text: string): boolean {
  try {
    return LOOPBACK.test(new URL(text).hostname);
  } catch {
    return false;
  }
}

function timeoutOf(value: unknown, fallback: number): number {
  const text = value && typeof value === 'object' && 'timeout' in value ? (value as { timeout?: unknown }).timeout : undefined;
  if (typeof text !== 'string') return fallback;
  const spec = parseTimeSpec(text);
  return spec.kind === 'duration' ? spec.ms : fallback;
}

/** The assertion's name: what the action does, with the selector as the scenario named it. */
function labelOf(a: UiAction, env: ActionEnv): Msg {
  if (a.open !== undefined) return msg(UIM.actOpen, { url: typeof a.open === 'string' ? a.open : a.open.url });
  if (a.fill !== undefined) return msg(UIM.actFill, { selector: a.fill.into });
  if (a.click !== undefined) return msg(UIM.actClick, { selector: typeof a.click === 'string' ? a.click : a.click.selector });
  if (a.press !== undefined) return msg(UIM.actPress, { key: a.press.key, selector: a.press.in });
  if (a.camera !== undefined) return msg(UIM.actCamera, { url: typeof a.camera === 'string' ? a.camera : a.camera.show });
  if (a.waitFor !== undefined) {
    const w = typeof a.waitFor === 'string' ? { selector: a.waitFor } : a.waitFor;
    return msg(UIM.actWaitFor, { selector: w.selector, state: w.state ?? 'visible' });
  }
  if (a.read !== undefined) return msg(UIM.actRead, { selector: a.read.selector, as: a.read.as });
  const s = a.screenshot;
  return msg(UIM.actScreenshot, { name: typeof s === 'string' ? s : (s?.name ?? String(env.index + 1)) });
}
