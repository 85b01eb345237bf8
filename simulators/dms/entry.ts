// ДМС's registry line: what the rest of polihon knows of this simulator.
import { defineSimulator } from '../kit/entry.ts';
import { SIM } from '../messages.ts';
import { createDmsSimulator, type DmsOptions } from './app.ts';

// the registry types each line's options by it
export type { DmsOptions };

export const DMS_SIMULATOR = defineSimulator<DmsOptions>({
  title: { uk: 'ДМС (з ЄДДР)', en: 'State Migration Service (with ЄДДР)' },
  create: createDmsSimulator,
  baseUrl: 'https://dms.polihon.test',
  // ЄДДР holds the scenario's people unless a person says `inEddr: false`
  seed: (people) => {
    const eddr = people.filter((p) => p.inEddr).map((p) => p.person);
    return eddr.length ? { eddr } : undefined;
  },
  actions: {
    'verification-request': { method: 'POST', path: () => '/__polihon/verification-requests', delivers: true, title: SIM.actionDmsVerification },
    'confirm-act': {
      method: 'POST',
      path: (w) => `/__polihon/acts/${encodeURIComponent(String(w.actId ?? ''))}/confirm`,
      delivers: false,
      title: SIM.actionDmsConfirm,
    },
  },
  roles: ['hromada-registry'],
  served: [
    ['api', '/dms/v1'],
    ['openapi', '/dms/v1/openapi.yaml'],
    ['web', '/dms/web/'],
  ],
});
