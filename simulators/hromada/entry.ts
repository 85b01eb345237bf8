// The hromada registry's registry line: what the rest of polihon knows of this simulator.
import { defineSimulator } from '../kit/entry.ts';
import { SIM } from '../messages.ts';
import { createHromadaSimulator, type HromadaOptions } from './app.ts';

// the registry types each line's options by it
export type { HromadaOptions };

export const HROMADA_SIMULATOR = defineSimulator<HromadaOptions>({
  title: { uk: 'Реєстр територіальної громади', en: 'Hromada registry' },
  create: createHromadaSimulator,
  baseUrl: 'https://hromada.polihon.test',
  actions: {
    'send-act': { method: 'POST', path: () => '/__polihon/acts', delivers: true, title: SIM.actionHromadaSend },
  },
  // the counterpart of a participant on the ДМС side; no bundled scenario plays that role yet
  roles: [],
  served: [
    ['api', '/hromada/v1'],
    ['openapi', '/hromada/v1/openapi.yaml'],
  ],
});
