// Messages the simulators' registry shows people: the names of the actions a scenario's `call` step can ask of a
// simulator. Each simulator's own messages (problem+json texts) stay in English beside it, as the contracts say.
import { defineMessages } from '../core/i18n.ts';

export const SIM = defineMessages('simulators', {
  actionDmsVerification: { uk: 'ДМС надсилає учаснику запит на верифікацію', en: 'ДМС sends the participant a verification request' },
  actionDmsConfirm: { uk: 'ДМС підтверджує акт', en: 'ДМС confirms the act' },
  actionHromadaSend: { uk: 'реєстр громади надсилає акт', en: 'the hromada registry sends an act' },
  actionTrembitaDeliver: { uk: 'Трембіта доставляє запит до сервісу учасника', en: 'Трембіта delivers a request to the participant’s service' },
  actionTrembitaRegistry: { uk: 'змінити реєстр Трембіти для сценарію', en: 'change Трембіта’s registry for this scenario' },
});
