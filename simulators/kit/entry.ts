// What a simulator tells the rest of polihon about itself: one registry line (simulators/registry.ts) points at
// one of these, and the msw transport, the scenario runner, `call` actions and the CLI read it from there.
import type { MessageRef } from '../../core/i18n.ts';
import type { Simulator, SimulatorFactory } from '../../core/simulator.ts';
import type { AdmissionRule } from './admission.ts';

/** Something the harness can make a simulator do in a scenario (`call: { action: '<simulator>.<name>' }`). */
export interface SimulatorAction {
  method: 'GET' | 'POST';
  /** the control-API path, from the step's `with:` */
  path: (w: Record<string, unknown>) => string;
  /** it sends something to the participant: an answer of status 0 means the participant was not reached */
  delivers: boolean;
  /** the control call's answer is the delivery itself, not `{ delivery }` */
  flat?: boolean;
  title: MessageRef;
}

/** A person of the scenario (`people:`), as the harness made it, for a simulator to seed. */
export interface ScenarioPerson {
  name: string;
  /** the person as the contracts spell one (contracts §1) */
  person: unknown;
  /** held by ЄДДР at the start (`inEddr`, default true) */
  inEddr: boolean;
}

/**
 * A register of parties a run's participant is admitted to under its own identity (Трембіта's registry: members,
 * subsystems, rights). The harness reads it and changes it in-process — what GET and POST /__polihon/registry do,
 * without a round trip or the services view.
 */
export interface ParticipantSlot {
  /** the register's instance and configuration, as GET /__polihon/registry shows them (a copy) */
  read(): { instance: string; config: unknown };
  /** applies a change as POST /__polihon/registry does: the whole register validated again; refused, nothing changed */
  change(patch: unknown): Promise<{ ok: true } | { ok: false; status: number; body: unknown }>;
}

/** What a simulator serves below its base URL, by kind, for `polihon serve` to list. */
export type ServedKind = 'api' | 'openapi' | 'web' | 'soap' | 'rest' | 'meta';

export interface SimulatorEntry<O = unknown> {
  title: { uk: string; en: string };
  create: SimulatorFactory<O>;
  /** where it answers in-process (msw, a run's in-process calls): a stable, never resolvable host */
  baseUrl: string;
  /** the body of POST /__polihon/seed for a scenario's people, or undefined when it takes nothing from them */
  seed?: (people: readonly ScenarioPerson[]) => unknown;
  /** what a scenario's `call` step can ask of it, by action name (the step says `<simulator>.<name>`) */
  actions: Readonly<Record<string, SimulatorAction>>;
  /** the participant roles whose scenarios meet this simulator as a counterpart */
  roles: readonly string[];
  served: readonly (readonly [ServedKind, ...string[]])[];
  /** the simulator's register a run's participant takes its place in, when it keeps one (the simulator as created) */
  participantSlot?: (simulator: Simulator) => ParticipantSlot;
  /** who may call it in an mTLS run, beyond a valid certificate of the test CA (kit/admission.ts; default: same subsystem) */
  admission?: AdmissionRule | ((simulator: Simulator) => AdmissionRule);
}

/** Checks an entry's shape at compile time and keeps its literal type. */
export function defineSimulator<O>(entry: SimulatorEntry<O>): SimulatorEntry<O> {
  return entry;
}

/** A registry line's admission rule for the simulator as created (a rule may read the simulator's own register). */
export function admissionOf(entry: Pick<SimulatorEntry, 'admission'>, simulator: Simulator): AdmissionRule | undefined {
  return typeof entry.admission === 'function' ? entry.admission(simulator) : entry.admission;
}
