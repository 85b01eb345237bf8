// The simulators polihon knows, by the short name used in URLs, YAML and the journal: one line each. Everything
// outside a simulator's folder that asks which simulators exist or what they offer (the msw base URLs, a run's
// seeding, `call` actions, the CLI's names and what `serve` lists) reads it here.
import type { SimulatorAction, SimulatorEntry } from './kit/entry.ts';
import { DIIA_SIMULATOR, type DiiaOptions } from './diia/entry.ts';
import { DMS_SIMULATOR, type DmsOptions } from './dms/entry.ts';
import { EIS_SIMULATOR, type EisOptions } from './eis/entry.ts';
import { HROMADA_SIMULATOR, type HromadaOptions } from './hromada/entry.ts';
import { TREMBITA_SIMULATOR, type TrembitaOptions } from './trembita/entry.ts';

export type { ParticipantSlot, ScenarioPerson, ServedKind, SimulatorAction, SimulatorEntry } from './kit/entry.ts';

/** Options per simulator, keyed like SIMULATORS. */
export interface SimulatorOptionsByName {
  dms?: DmsOptions;
  hromada?: HromadaOptions;
  trembita?: TrembitaOptions;
  diia?: DiiaOptions;
  eis?: EisOptions;
}

export const SIMULATORS = {
  dms: DMS_SIMULATOR,
  hromada: HROMADA_SIMULATOR,
  trembita: TREMBITA_SIMULATOR,
  diia: DIIA_SIMULATOR,
  eis: EIS_SIMULATOR,
} as const satisfies { [K in keyof SimulatorOptionsByName]-?: SimulatorEntry<NonNullable<SimulatorOptionsByName[K]>> };

export type SimulatorName = keyof typeof SIMULATORS;

export function isSimulatorName(name: string): name is SimulatorName {
  return Object.hasOwn(SIMULATORS, name);
}

/** Every simulator's base URL, by name (msw's defaults). */
export function simulatorBaseUrls(): Record<SimulatorName, string> {
  return Object.fromEntries(Object.entries(SIMULATORS).map(([name, e]) => [name, e.baseUrl])) as Record<SimulatorName, string>;
}

/** Every `call` action, as a scenario names it: `<simulator>.<action>` → the simulator and its action. */
export function simulatorActions(): Record<string, SimulatorAction & { simulator: SimulatorName }> {
  const out: Record<string, SimulatorAction & { simulator: SimulatorName }> = {};
  for (const [simulator, entry] of Object.entries(SIMULATORS) as [SimulatorName, SimulatorEntry][]) {
    for (const [action, spec] of Object.entries(entry.actions)) out[`${simulator}.${action}`] = { ...spec, simulator };
  }
  return out;
}
