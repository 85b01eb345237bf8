// Дія's registry line: what the rest of polihon knows of this simulator.
import { defineSimulator } from '../kit/entry.ts';
import { createDiiaSimulator, DIIA_TITLE, type DiiaOptions } from './app.ts';
import { DIIA } from './messages.ts';

// the registry types each line's options by it
export type { DiiaOptions };


export const DIIA_SIMULATOR = defineSimulator<DiiaOptions>({
  title: DIIA_TITLE,
  create: createDiiaSimulator,
  baseUrl: 'https://diia.polihon.test',
  actions: {
    officials: { method: 'POST', path: () => '/__polihon/officials', delivers: false, title: DIIA.actionOfficials },
    // forming may ask the participant's HR system; an HR system that does not answer is a refusal (hr-unavailable), not a harness error
    present: { method: 'POST', path: () => '/__polihon/present', delivers: false, title: DIIA.actionPresent },
    refresh: { method: 'POST', path: () => '/__polihon/refresh', delivers: false, title: DIIA.actionRefresh },
    revoke: { method: 'POST', path: () => '/__polihon/revoke', delivers: false, title: DIIA.actionRevoke },
    dismiss: { method: 'POST', path: () => '/__polihon/dismiss', delivers: false, title: DIIA.actionDismiss },
    // on consent the copy goes to the participant's copy-recipient service: `delivery` is what it answered
    consent: { method: 'POST', path: () => '/__polihon/consent', delivers: true, title: DIIA.actionConsent },
  },
  roles: ['credential-verifier', 'hr-system', 'copy-recipient'],
  served: [
    ['api', '/diia/v1'],
    ['openapi', '/diia/v1/openapi.yaml'],
    ['soap', '/diia/soap', '/diia/soap?wsdl'],
    ['web', '/phone/{presentationId}'],
  ],
});

