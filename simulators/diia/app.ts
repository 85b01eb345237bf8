// The Дія simulator: the app that shows a civil servant's е-Посвідчення, and the verification service behind it (REST
// and SOAP through Трембіта). HR data come from Дія's own simulated HR system or from the participant's hr-system;
// copies go to the participant's copy-recipient service after the person's consent. polihon's own contract: see
// README.md beside this file.
import { PolihonError } from '../../core/errors.ts';
import type { XRoadId } from '../../core/identifiers/xroad-id.ts';
import { createFaultSet, type Simulator, type SimulatorContext } from '../../core/simulator.ts';
import { createBackgroundWork, createSimulatorApp, type Face } from '../kit/index.ts';
import type { DiiaDeps } from './actions.ts';
import { mountDiiaControl } from './faces/control.ts';
import { phoneDeps } from './faces/phone.ts';
import { mountRest } from './faces/rest.ts';
import { mountSoap } from './faces/soap.ts';
import { mountPhone } from './phone/face.ts';
import { subsystemId } from './outbound.ts';
import { DIIA_XROAD_CLIENT } from './public.ts';
import { createDiiaState } from './state.ts';

export type { DiiaDeps } from './actions.ts';

export const DIIA_TITLE = { uk: 'Дія (е-Посвідчення)', en: 'Diia (civil servant’s e-credential)' };

/** The registry's participant slot (simulators/trembita/registry.yaml): the participant's subsystem by default. */
export const PARTICIPANT_XROAD_CLIENT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

export interface DiiaOptions {
  /** waits for every simulator's background work after a clock move (the host passes it) */
  settle?: () => Promise<void>;
  /**
   * How Дія reaches the participant's services (HR records, copies): `trembita` — X-Road REST r1 through Трембіта as
   * DIIA_prod (DIIA-16); `direct` — endpoints['participant.rest'] else ['participant.provider']. Default: `trembita`
   * when endpoints.trembita is set (read at each call), else `direct`.
   */
  routeVia?: 'trembita' | 'direct';
  /** X-Road subsystems on Трембіта: Дія's own (the client of its calls) and the participant's */
  xroad?: { client?: string; participant?: string };
}

export function createDiiaSimulator(ctx: SimulatorContext, options: DiiaOptions = {}): Simulator {
  const name = 'diia';
  const faults = createFaultSet();
  const state = createDiiaState(ctx.rng);
  const background = createBackgroundWork();
  const deps: DiiaDeps = {
    ctx,
    state,
    faults,
    background,
    xroad: {
      client: subsystemOption('xroad.client', options.xroad?.client ?? DIIA_XROAD_CLIENT),
      participant: subsystemOption('xroad.participant', options.xroad?.participant ?? PARTICIPANT_XROAD_CLIENT),
    },
    routeOf: () => options.routeVia ?? (ctx.endpoints.trembita ? 'trembita' : 'direct'),
    now: () => ctx.clock.now(),
  };
  const face: Face = { name, ctx, faults };
  const app = createSimulatorApp({ name, ctx });

  function reset(): void {
    state.reset();
    faults.clear();
  }

  mountRest(app, deps, face);
  mountSoap(app, deps, face);
  // the person's own screen, not a Трембіта service: not journalled (a refresh is, through actions.ts)
  mountPhone(app, phoneDeps(deps));
  mountDiiaControl(app, deps, reset, options.settle);

  return {
    name,
    title: DIIA_TITLE,
    handle: async (request) => app.fetch(request),
    reset,
    faults,
    idle: () => background.idle(),
  };
}

/** An X-Road subsystem id given as an option, checked at creation. */
function subsystemOption(field: string, text: string): XRoadId {
  const id = subsystemId(text);
  if (!id) throw new PolihonError('E_USAGE', `Дія option ${field} must be a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM, got '${text}'`);
  return id;
}
