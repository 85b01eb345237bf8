// The simulators polihon knows, by the short name used in URLs, YAML and the journal.
import type { SimulatorFactory } from '../core/simulator.ts';
import { createDmsSimulator, type DmsOptions } from './dms/app.ts';
import { createHromadaSimulator, type HromadaOptions } from './hromada/app.ts';
import { createTrembitaSimulator, type TrembitaOptions } from './trembita/app.ts';

export interface SimulatorEntry<O = unknown> {
  title: { uk: string; en: string };
  create: SimulatorFactory<O>;
}

/** Options per simulator, keyed like SIMULATORS. */
export interface SimulatorOptionsByName {
  dms?: DmsOptions;
  hromada?: HromadaOptions;
  trembita?: TrembitaOptions;
}

export const SIMULATORS = {
  dms: { title: { uk: 'ДМС (з ЄДДР)', en: 'State Migration Service (with ЄДДР)' }, create: createDmsSimulator },
  hromada: { title: { uk: 'Реєстр територіальної громади', en: 'Hromada registry' }, create: createHromadaSimulator },
  trembita: { title: { uk: 'Трембіта (сервер безпеки)', en: 'Трембіта (security server)' }, create: createTrembitaSimulator },
} as const satisfies { [K in keyof SimulatorOptionsByName]-?: SimulatorEntry<NonNullable<SimulatorOptionsByName[K]>> };

export type SimulatorName = keyof typeof SIMULATORS;

export function isSimulatorName(name: string): name is SimulatorName {
  return Object.hasOwn(SIMULATORS, name);
}
