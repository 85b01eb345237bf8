// ЄІС МВС's registry line: what the rest of polihon knows of this simulator.
import { defineSimulator } from '../kit/entry.ts';
import { eisAdmission } from './admission.ts';
import { createEisSimulator, EIS_TITLE, type EisOptions } from './app.ts';
import { CABINET } from './cabinet/messages.ts';
import { EIS } from './messages.ts';
import { MESSAGING_ACTIONS } from './messaging/faces.ts';

// the registry types each line's options by it
export type { EisOptions };

export const EIS_SIMULATOR = defineSimulator<EisOptions>({
  title: EIS_TITLE,
  create: createEisSimulator,
  baseUrl: 'https://eis.polihon.test',
  actions: {
    decide: { method: 'POST', path: () => '/__polihon/decide', delivers: false, title: EIS.actionDecide },
    'joint-decision': { method: 'POST', path: () => '/__polihon/joint-decision', delivers: false, title: EIS.actionJointDecision },
    users: { method: 'POST', path: () => '/__polihon/users', delivers: false, title: EIS.actionUsers },
    deadline: { method: 'POST', path: () => '/__polihon/deadline', delivers: false, title: EIS.actionDeadline },
    enrolled: { method: 'POST', path: () => '/__polihon/enrolled', delivers: false, title: EIS.actionEnrolled },
    'cabinet-login': { method: 'POST', path: () => '/__polihon/cabinet/login', delivers: false, title: CABINET.actionLogin },
    // the system-to-system modes (simulators/eis/messaging/README.md)
    ...MESSAGING_ACTIONS,
  },
  // in an mTLS run, a system-to-system message's sender must be bound to the caller's certificate in the ОТД
  admission: eisAdmission,
  roles: ['eis-applicant', 'eis-subscriber'],
  served: [
    ['api', '/eis/v1'],
    ['openapi', '/eis/v1/openapi.yaml'],
    ['web', '/cabinet/'],
  ],
});
