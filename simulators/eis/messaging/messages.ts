// What the ЄІС МВС messaging part tells people, in Ukrainian and English: the titles of its harness actions.
import { defineMessages } from '../../../core/i18n.ts';

export const MESSAGING = defineMessages('eisMessaging', {
  actionNotify: { uk: 'ЄІС МВС надсилає учаснику повідомлення (одне або серію)', en: 'ЄІС МВС sends the participant a notification (one or a burst)' },
  actionMessages: { uk: 'стан повідомлень ЄІС МВС і лічильники доставки', en: 'the state of ЄІС МВС’s messages and the delivery counters' },
  actionOutage: { uk: 'ЄІС МВС повідомляє учасника про збій', en: 'ЄІС МВС notifies the participant of an outage' },
  actionAsk: { uk: 'ЄІС МВС запитує сервіс учасника (мета і правова підстава; лише погоджені поля у відповіді)', en: 'ЄІС МВС asks the participant’s service (purpose and legal ground; only the agreed fields in the answer)' },
  actionDocuments: { uk: 'ЄІС МВС отримує статуси документів для сценарію', en: 'ЄІС МВС is given document statuses for the scenario' },
});
