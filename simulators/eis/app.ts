// The ЄІС МВС simulator (the МВС's unified information system, its central subsystem): registration of a participant
// of electronic interaction — the signed application with its questionnaire, the service's decision within 5 working
// days, the Cabinet's users, the ОТД, the letter — and activation once the three parts of EIS-REG-01 exist. polihon's
// own reference contract, not an official one: see README.md beside this file.
import type { TestPki } from '../../core/pki.ts';
import { createFaultSet, type Simulator, type SimulatorContext } from '../../core/simulator.ts';
import { createBackgroundWork, createSimulatorApp, type Face } from '../kit/index.ts';
import { mountCabinet } from './cabinet/face.ts';
import { settleDue, type EisDeps } from './deps.ts';
import { mountEisControl } from './faces/control.ts';
import { mountRegistration } from './faces/registration.ts';
import { mountMessaging } from './messaging/faces.ts';
import type { MessagingStore } from './messaging/engine.ts';
import type { Admission, OtdAdmitting } from './public.ts';
import { createEisState } from './state.ts';

export type { EisDeps } from './deps.ts';

/** the registry's participant slot (simulators/trembita/registry.yaml), when the run names no other */
const PARTICIPANT_SUBSYSTEM = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

export const EIS_TITLE = { uk: 'ЄІС МВС (центральна підсистема)', en: 'ЄІС МВС (the МВС information system’s central subsystem)' };

export interface EisOptions {
  /** waits for every simulator's background work after a clock move (the host passes it) */
  settle?: () => Promise<void>;
  /**
   * The run's test CA: every signed document's certificate must chain to it at the virtual instant. Without it the
   * chain is not checked (the journal says `chain: unchecked`); conformance runs always give it.
   */
  pki?: TestPki;
  /** the service decides by itself (default true); false — only the scenario's `decide` action decides */
  automatic?: boolean;
  /** the automatic decision falls on this working day after receipt, at 10:00 Kyiv; default 2 */
  reviewWorkingDays?: number;
  /** the participant's X-Road subsystem: the recipient of notifications and the sender its messages may name */
  xroad?: { participant?: string };
  /**
   * In an mTLS run, the SHA-256 (hex) of the certificate the participant presents: what the `enrolled` action binds to
   * its subsystem in the ОТД, as the participant's own ОТД would. Without it the ОТД binds no certificate.
   */
  presented?: string;
  /** where the messaging engine keeps its records (a file survives a restart of the simulator); memory by default */
  messagingStore?: MessagingStore;
  /** deliveries to the participant in flight at once (first tries and resends together); default 8 */
  messagingMaxInFlight?: number;
}

export function createEisSimulator(ctx: SimulatorContext, options: EisOptions = {}): Simulator & OtdAdmitting {
  const name = 'eis';
  const faults = createFaultSet();
  const state = createEisState({
    calendar: ctx.calendar,
    rng: ctx.rng,
    ...(options.automatic === undefined ? {} : { automatic: options.automatic }),
    ...(options.reviewWorkingDays === undefined ? {} : { reviewWorkingDays: options.reviewWorkingDays }),
  });
  const subsystem = (options.xroad?.participant ?? PARTICIPANT_SUBSYSTEM).split('/').at(-1)!;
  const deps: EisDeps = { ctx, state, faults, pki: options.pki, participant: { subsystem, presented: options.presented }, now: () => ctx.clock.now() };
  const face: Face = { name, ctx, faults };
  const app = createSimulatorApp({ name, ctx });

  const background = createBackgroundWork();
  function reset(): void {
    state.reset();
    faults.clear();
    messaging.reset();
    cabinet.reset();
  }

  // a decision falls due on the virtual clock: journal it when the clock passes it, not when someone next asks
  ctx.clock.onChange(() => settleDue(deps));

  mountRegistration(app, deps, face);
  mountEisControl(app, deps, reset, options.settle);
  const messaging = mountMessaging(app, {
    ctx,
    faults,
    background,
    subsystem: options.xroad?.participant ?? PARTICIPANT_SUBSYSTEM,
    ...(options.messagingStore ? { store: options.messagingStore } : {}),
    ...(options.messagingMaxInFlight === undefined ? {} : { maxInFlight: options.messagingMaxInFlight }),
  });
  // the Electronic Cabinet (EIS-MODE-02, EIS-ACC-02): cabinet/face.ts
  const cabinet = mountCabinet(app, deps, { sent: () => messaging.engine.messages() });

  return {
    name,
    title: EIS_TITLE,
    handle: async (request) => app.fetch(request),
    reset,
    faults,
    idle: () => background.idle(),
    otdAdmits: (subsystem: string, certFingerprint: string): Admission => state.otdAdmits(subsystem, certFingerprint),
  };
}
