// The Трембіта simulator: a security-server pair on instance SEVDEIR-TEST. Its consumer side takes the participant's
// calls (X-Road SOAP 4.x, r1 REST, UXP /restapi) and routes them to built-in services, other polihon simulators or the
// participant's own endpoint; its provider side delivers calls to the participant's services on the harness's word.
// The built-in services also answer at their own address, around the security server, journalled as 'direct' (XCH-05).
// Faults, headers, hashes and metadata as a real security server has them (protocol-facts §1–§4; README for the API).
//
// This file only mounts the faces (faces/*.ts) over one explicit state (state.ts); README, "Layout", maps them.
import type { Simulator, SimulatorContext } from '../../core/simulator.ts';
import type { ParticipantSlot } from '../kit/entry.ts';
import { createSimulatorApp, mountControl } from '../kit/index.ts';
import { mountConsumerRest } from './faces/consumer-rest.ts';
import { mountConsumerSoap } from './faces/consumer-soap.ts';
import { mountDelivery } from './faces/delivery.ts';
import { mountDirect } from './faces/direct.ts';
import { mountMetadata } from './faces/metadata.ts';
import { changeRegistry, mountParticipant } from './faces/participant.ts';
import { BuiltinSeedSchema } from './services.ts';
import { createTrembitaState, resetState, type TrembitaOptions } from './state.ts';

export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  loadDefaultRegistry,
  REGISTRY_YAML_URL,
  seededUuid,
  TREMBITA_FAULT_TARGETS,
  TREMBITA_SERVICES,
  type TrembitaOptions,
} from './state.ts';

/** Трембіта as created: a simulator with the participant slot of its registry (the registry line hands it out). */
export interface TrembitaSimulator extends Simulator {
  readonly participantSlot: ParticipantSlot;
}

export function createTrembitaSimulator(ctx: SimulatorContext, options: TrembitaOptions = {}): TrembitaSimulator {
  const s = createTrembitaState(ctx, options);
  const app = createSimulatorApp({ name: s.name, ctx });
  const reset = () => resetState(s);

  // hono tries routes in the order they are added: the named paths first, SOAP (every other path) last
  mountMetadata(app, s);
  mountConsumerRest(app, s);
  mountControl(app, {
    name: s.name,
    ctx,
    faults: s.faults,
    reset,
    ...(options.settle ? { settle: options.settle } : {}),
    seed: { schema: BuiltinSeedSchema, apply: (d) => ({ added: s.builtinData.seed(d) }) },
  });
  mountParticipant(app, s);
  mountDelivery(app, s);
  mountDirect(app, s);
  mountConsumerSoap(app, s);

  return {
    name: s.name,
    title: { uk: 'Трембіта (сервер безпеки)', en: 'Трембіта (security server)' },
    handle: async (request) => app.fetch(request),
    reset,
    faults: s.faults,
    idle: () => s.background.idle(),
    participantSlot: {
      // a JSON copy, as the control API's answer was: nothing the harness does with it reaches the live registry
      read: () => JSON.parse(JSON.stringify({ instance: s.registry.instance, config: s.registry.config })) as { instance: string; config: unknown },
      change: async (patch) => {
        const changed = changeRegistry(s, patch);
        return changed.ok ? changed : { ok: false, status: changed.response.status, body: await changed.response.json() };
      },
    },
  };
}
