// What the Дія simulator tells people, in Ukrainian and English: the titles of its harness actions and the meaning of
// each refusal code (problem titles; the phone page and reference verifiers show the Ukrainian ones).
import { defineMessages } from '../../core/i18n.ts';

/** How judge-hr.ts says what it found of the participant's HR answer (role hr-system). */
export const DIIA_HR = defineMessages('diia.hr', {
  formTitle: { uk: 'кадрова відповідь учасника Дії', en: 'hrAnswer' },
  answeredLabel: { uk: 'кадрова система відповіла Дії', en: 'the HR system answered Дія' },
  completeLabel: { uk: 'запис має все, що потрібно е-Посвідченню', en: 'the record holds everything the е-Посвідчення needs' },
  recordLabel: { uk: 'запис — той, що внесено до кадрової системи', en: 'the record is the one seeded into the HR system' },
  notAsked: { uk: 'Дія не запитувала запис {rnokpp} у цьому сценарії', en: 'Дія did not ask for the record of {rnokpp} in this scenario' },
  noAnswer: { uk: 'відповіді не було: {error}', en: 'no answer came: {error}' },
  answered: { uk: 'відповідь {status}', en: 'answered {status}' },
  answeredBadly: { uk: 'відповідь {status} замість запису чи unknown-official: {body}', en: 'answered {status} instead of a record or unknown-official: {body}' },
  noRecord: {
    uk: 'запису {rnokpp} не надійшло — чи відповіла кадрова система, судить окрема перевірка (DIIA-03)',
    en: 'no record of {rnokpp} came — whether the HR system answered is judged on its own (DIIA-03)',
  },
  complete: { uk: 'усі {n} потрібних полів є', en: 'all {n} needed fields are there' },
  incomplete: { uk: 'бракує полів: {fields}', en: 'fields missing: {fields}' },
  recordSame: { uk: '{n} {n:поле збігається|поля збігаються|полів збігаються} із внесеним записом', en: '{n} {n:field matches|fields match} the seeded record' },
  recordDiffers: { uk: 'не те, що внесено (відповідь ≠ запис): {diffs}', en: 'not what was seeded (answer ≠ record): {diffs}' },
});

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
