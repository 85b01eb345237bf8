// What the Дія simulator tells people, in Ukrainian and English: the titles of its harness actions and the meaning of
// each refusal code (problem titles; the phone page and reference verifiers show the Ukrainian ones).
import { defineMessages } from '../../core/i18n.ts';

export const DIIA = defineMessages('diia', {
  actionOfficials: { uk: 'Дія отримує дані посадовців (симульована кадрова система)', en: 'Дія is given the officials (simulated HR system)' },
  actionPresent: { uk: 'посадовець показує е-Посвідчення в Дії', en: 'the official shows the е-Посвідчення in Дія' },
  actionRefresh: { uk: 'посадовець оновлює код е-Посвідчення', en: 'the official refreshes the е-Посвідчення’s code' },
  actionRevoke: { uk: 'фізичне посвідчення посадовця відкликано', en: 'the official’s physical credential is revoked' },
  actionDismiss: { uk: 'кадрова система: посадовця звільнено', en: 'the HR system: the official is dismissed' },
  actionConsent: { uk: 'особа відповідає на запит копії е-Посвідчення', en: 'the person answers a request for a copy of the е-Посвідчення' },

  'no-identifier': { uk: 'Не передано код е-Посвідчення', en: 'No е-Посвідчення code given' },
  'malformed-code': { uk: 'Код має неправильний формат', en: 'The code is malformed' },
  'unknown-code': { uk: 'Код не знайдено', en: 'No such code' },
  'code-used': { uk: 'Код уже використано', en: 'The code has been used already' },
  'wrong-document-type': { uk: 'Це не е-Посвідчення', en: 'Not an е-Посвідчення' },
  'code-expired': { uk: 'Термін дії коду минув', en: 'The code has expired' },
  'credential-revoked': { uk: 'Посвідчення відкликано', en: 'The credential has been revoked' },
  'credential-expired': { uk: 'Строк дії посвідчення минув', en: 'The credential has expired' },
  'hr-data-missing': { uk: 'Кадрова система не має потрібних даних', en: 'The HR system lacks the needed data' },
  'diia-unavailable': { uk: 'Дія тимчасово недоступна', en: 'Дія is unavailable' },
  'not-authenticated': { uk: 'Потрібна електронна ідентифікація в Дії', en: 'Electronic identification in Дія is needed' },
  'no-credential': { uk: 'Кадрова система не містить службового посвідчення', en: 'The HR system holds no service credential' },
  'no-chip': { uk: 'Посвідчення без безконтактного чипа', en: 'The credential has no contactless chip' },
  'hr-unavailable': { uk: 'Кадрова система недоступна, е-Посвідчення не сформовано', en: 'The HR system is unavailable: no е-Посвідчення formed' },
  dismissed: { uk: 'Посадовця звільнено', en: 'The official has been dismissed' },
  valid: { uk: 'Посвідчення дійсне', en: 'The credential is valid' },
});
