// Трембіта's registry line: what the rest of polihon knows of this simulator.
import { defineSimulator } from '../kit/entry.ts';
import { SIM } from '../messages.ts';
import { TREMBITA_ADMISSION } from './admission.ts';
import { createTrembitaSimulator, type TrembitaOptions, type TrembitaSimulator } from './app.ts';

// the registry types each line's options by it
export type { TrembitaOptions };

export const TREMBITA_SIMULATOR = defineSimulator<TrembitaOptions>({
  title: { uk: 'Трембіта (сервер безпеки)', en: 'Трембіта (security server)' },
  create: createTrembitaSimulator,
  baseUrl: 'https://trembita.polihon.test',
  actions: {
    // Трембіта's provider side calls the participant's own service (SOAP, r1 REST or UXP REST); the answer is judged
    // by the `delivery` assertion
    deliver: { method: 'POST', path: () => '/__polihon/deliver', delivers: true, flat: true, title: SIM.actionTrembitaDeliver },
    // members, subsystems, services and access rights changed for this scenario (see simulators/trembita/README.md)
    registry: { method: 'POST', path: () => '/__polihon/registry', delivers: false, title: SIM.actionTrembitaRegistry },
  },
  roles: ['trembita-consumer', 'trembita-provider', 'hromada-registry'],
  served: [
    ['soap', '/cgi-bin/consumer_proxy'],
    ['rest', '/r1/{instance}/{class}/{code}/{subsystem}/{service}'],
    ['openapi', '/r1/{instance}/{class}/{code}/{subsystem}/getOpenAPI?serviceCode={service}'],
    ['meta', '/listClients', '/wsdl?xRoadInstance=…&serviceCode=…'],
  ],
  // a run's participant takes the registry's participant slot under its own X-Road identity (conformance/world.ts)
  participantSlot: (sim) => (sim as TrembitaSimulator).participantSlot,
  // in an mTLS run, a message's client must be the subsystem of the caller's certificate (admission.ts)
  admission: TREMBITA_ADMISSION,
});
