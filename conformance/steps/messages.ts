// What the steps say in reports: default step titles, assertion names, failure messages, expected/actual texts and
// the errors a step throws. Participant data (services, ids, bodies) goes in as parameters, never into templates.
import type { TimeSpec } from '../../core/duration.ts';
import { defineMessages, msg, type Msg } from '../../core/i18n.ts';

export const S = defineMessages('steps', {
  // lists: carried messages can only nest one in another, so a list is a chain of pairs
  listSemi: { uk: '{a}; {b}', en: '{a}; {b}' },
  listComma: { uk: '{a}, {b}', en: '{a}, {b}' },
  none: { uk: 'жодного', en: 'none' },
  nothing: { uk: 'нічого', en: 'nothing' },

  // time phrases (core/duration.ts) as reports show them
  durZero: { uk: '0 с', en: '0s' },
  durD: { uk: '{n} д', en: '{n}d' },
  durH: { uk: '{n} год', en: '{n}h' },
  durM: { uk: '{n} хв', en: '{n}m' },
  durS: { uk: '{n} с', en: '{n}s' },
  durMs: { uk: '{n} мс', en: '{n}ms' },
  workingDays: { uk: '{n} {n:робочий день|робочі дні|робочих днів}', en: '{n} {n:working day|working days}' },
  sameDay: { uk: 'той самий день', en: 'same day' },
  nextWorkingDay: { uk: 'наступний робочий день', en: 'next working day' },
  nextWorkingDayAt: { uk: 'наступний робочий день, {at}', en: 'next working day {at}' },

  // default step titles (a scenario's own title wins)
  titleAdvance: { uk: 'годинник: перевести вперед на {by}', en: 'clock: advance {by}' },
  titleExpect: { uk: '{at} отримує {service} у строк: {within}', en: '{at} receives {service} within {within}' },
  titleExpectChannel: { uk: '{at} отримує {service} через {channel} у строк: {within}', en: '{at} receives {service} through {channel} within {within}' },
  titleFaultClear: { uk: '{at}: зняти несправності', en: '{at}: clear faults' },
  titleFault: { uk: '{at}: увімкнути несправність {kind} для {service}', en: '{at}: inject {kind} on {service}' },
  titleLoad: { uk: 'навантаження: {summary}', en: 'load: {summary}' },
  titleTrigger: { uk: 'учасник: {action}', en: 'participant: {action}' },
  titleCall: { uk: 'симулятор: {action}', en: 'simulator: {action}' },
  titleAssert: { uk: 'перевірка: {form}', en: 'assert {form}' },
  titleRepeat: {
    uk: 'повторити {times} {times:раз|рази|разів}: {n} {n:крок|кроки|кроків}',
    en: 'repeat {times} {times:time|times}: {n} {n:step|steps}',
  },
  repeatSummary: { uk: 'виконано {rounds} з {times} {times:повтору|повторів|повторів}', en: '{rounds} of {times} {times:round|rounds} run' },
  repeatChildLabel: { uk: 'крок {step}', en: 'step {step}' },
  repeatNoRunner: { uk: 'крок repeat виконує дочірні кроки лише в сценарії', en: 'a repeat step runs its child steps only inside a scenario' },
  formSameKyivDay: { uk: 'той самий день за Києвом', en: 'sameKyivDay' },
  formEquals: { uk: 'рівність значень', en: 'equals' },
  formJournalCount: { uk: 'кількість записів журналу', en: 'journalCount' },
  formParticipantAction: { uk: 'стан дії в учасника', en: 'participantAction' },
  formParticipantJournal: { uk: 'журнал учасника', en: 'participantJournal' },
  formParticipantRequest: { uk: 'запит, надісланий учасником', en: 'participantRequest' },
  formFields: { uk: 'дані повідомлення', en: 'fields' },
  fieldsLabel: { uk: 'поле {field}', en: 'field {field}' },
  fieldsAllLabel: { uk: 'кожне поле, яке відомо стенду', en: 'every field the harness knows' },
  fieldsOk: { uk: 'повідомлення каже те, що відомо стенду: {n} {n:поле|поля|полів} звірено за змістом', en: 'the message says what the harness knows: {n} {n:field|fields} compared by meaning' },
  fieldIsNot: { uk: 'поле {field}: {actual}, а стенду відомо {expected}', en: 'field {field} is {actual}; the harness knows {expected}' },
  fieldAbsent: { uk: 'поля {field} немає, а стенду відомо {expected}', en: 'field {field} is missing; the harness knows {expected}' },
  fieldExtraItem: { uk: '{field}: у списку є елемент, якого стенд не очікує: {actual}', en: '{field}: the list holds an item the harness does not expect: {actual}' },
  fieldMissingItem: { uk: '{field}: у списку немає того, що відомо стенду: {expected}', en: '{field}: the list lacks an item the harness knows: {expected}' },
  fieldNotListed: { uk: 'немає такого елемента', en: 'no such item' },
  fieldNoItem: { uk: 'немає жодного відповідного елемента', en: 'no item that says it' },
  fieldsNoMessage: { uk: 'немає повідомлення, яке можна звірити: {of} — не об’єкт JSON', en: 'no message to compare: {of} is not a JSON object' },
  formDelivery: { uk: 'відповідь учасника на доставку', en: 'delivery' },

  // the registries of step types and assert forms (a developer's mistake, found when polihon starts)
  duplicateName: { uk: '{what} «{name}» визначено двічі', en: '{what} \'{name}\' is defined twice' },
  unknownAssertForm: { uk: 'невідома форма перевірки «{form}»', en: 'unknown assert form \'{form}\'' },
  registryStepType: { uk: 'тип кроку', en: 'step type' },
  noClientCertificate: {
    uk: 'пропущено: на каналі немає клієнтського сертифіката — запустіть з --mtls або вкажіть certificate у профілі',
    en: 'skipped: no client certificate on the channel: run with --mtls or a profile certificate',
  },
  registryAssertForm: { uk: 'форма перевірки', en: 'assert form' },
  duplicateNameHint: { uk: 'кожна назва має бути одна в реєстрі: перейменуйте одне з визначень', en: 'each name is defined once in its registry: rename one of the definitions' },

  // trigger actions (what an officer makes the participant do)
  actRegistration: { uk: 'виконати реєстраційну дію', en: 'perform a registration action' },
  actSeedResident: { uk: 'внести мешканця, якого реєстр уже має', en: 'seed a resident the registry already holds' },
  actSeedOfficials: { uk: 'внести посадовців до кадрової системи', en: 'seed officials into the HR system' },
  actDismissOfficial: { uk: 'звільнити посадовця в кадровій системі', en: 'dismiss an official in the HR system' },
  actCopyRequest: { uk: 'запросити в Дії копію е-Посвідчення', en: 'ask Дія for a copy of the е-Посвідчення' },
  formCopiesHeld: { uk: 'копії, які зберігає учасник', en: 'copiesHeld' },
  copyHeldLabel: { uk: 'учасник зберігає копію запиту {requestId}', en: 'the participant keeps the copy of request {requestId}' },
  copyGoneLabel: { uk: 'учасник не зберігає копії запиту {requestId}', en: 'the participant keeps no copy of request {requestId}' },
  copyListed: { uk: 'у переліку копій учасника є ця копія (keepUntil {keepUntil})', en: 'the participant lists this copy (keepUntil {keepUntil})' },
  copyNotListed: { uk: 'у переліку копій учасника цієї копії немає', en: 'the participant lists no such copy' },
  actConsumerCall: { uk: 'викликати сервіс через Трембіту', en: 'call a service through Трембіта' },
  actConsumerMetadata: { uk: 'запитати сервіси метаданих Трембіти', en: 'ask Трембіта’s metadata services' },
  actVerify: { uk: 'перевірити е-Посвідчення за кодом', en: 'verify an е-Посвідчення by its code' },
  // ЄІС МВС participants
  actEisApply: { uk: 'подати заяву до ЄІС МВС', en: 'file the application to ЄІС МВС' },
  actEisRework: { uk: 'доопрацювати заяву за причинами', en: 'rework the application on its reasons' },
  actEisFileOtd: { uk: 'подати підписану ОТД', en: 'file the signed ОТД' },
  actEisActivate: { uk: 'попросити активувати доступ', en: 'ask for activation' },
  actEisLetter: { uk: 'прочитати лист із рекомендаціями', en: 'read the letter with recommendations' },
  actEisSend: { uk: 'надіслати свої повідомлення до ЄІС МВС', en: 'send its own notifications to ЄІС МВС' },
  actEisAsk: { uk: 'запитати сервіс ЄІС МВС', en: 'ask a ЄІС МВС service' },
  actEisReportOutage: { uk: 'повідомити про свій збій', en: 'report its own outage' },
  actEisRestart: { uk: 'перезапуститися як після збою', en: 'restart as after a crash' },
  triggerAnswered: { uk: 'драйвер відповів {status}', en: 'driver answered {status}' },
  triggerAnsweredRef: { uk: 'драйвер відповів {status}, посилання {ref}', en: 'driver answered {status}, ref {ref}' },

  // simulator actions
  callRefused: { uk: '{simulator} відхилив керівний виклик для {action}: HTTP {status}', en: '{simulator} refused the control call for {action}: HTTP {status}' },
  callRefusedHint: { uk: 'відповідь: {answer} — перевірте значення `with` кроку', en: "answer: {answer} — check the step's 'with' values" },
  callUndelivered: { uk: '{simulator} не зміг доставити {action} учаснику: {error}', en: '{simulator} could not deliver {action} to the participant: {error}' },
  noAnswer: { uk: 'немає відповіді', en: 'no answer' },
  callUndeliveredHint: {
    uk: 'учасник не працює або його адреса provider у профілі хибна; це проблема середовища, а не невідповідність',
    en: 'the participant is down or its provider endpoint in the profile is wrong; this is an environment problem, not a conformance failure',
  },
  callAnswersLabel: { uk: 'учасник відповідає {status}', en: 'participant answers {status}' },
  callAnswered: { uk: 'учасник відповів {status}', en: 'the participant answered {status}' },
  callAnsweredBody: { uk: 'учасник відповів {status}: {body}', en: 'the participant answered {status}: {body}' },
  callActionAnswersLabel: { uk: '{simulator} відповідає {status} на {action}', en: '{simulator} answers {status} to {action}' },
  callActionAnswered: { uk: '{simulator} відповів {status}: {body}', en: '{simulator} answered {status}: {body}' },

  // fault injection
  faultClearRefused: { uk: '{at} відмовився зняти несправності: HTTP {status}', en: '{at} refused to clear faults: HTTP {status}' },
  faultNeedsKind: { uk: 'кроку fault потрібен `kind` (або `clear: true`)', en: 'a fault step needs `kind` (or `clear: true`)' },
  faultRefused: { uk: '{at} відхилив несправність: HTTP {status} {body}', en: '{at} refused the fault: HTTP {status} {body}' },

  // expect
  what: { uk: '{service} до {at}', en: '{service} at {at}' },
  whatMatching: { uk: '{service} до {at} з {match}', en: '{service} at {at} matching {match}' },
  arrivesWithin: { uk: 'надходить у строк: {within}', en: 'arrives within {within}' },
  arrivedLate: { uk: '{what} надійшло {late}, {at}; строк — {deadline}', en: '{what} arrived {late}, at {at}; the deadline was {deadline}' },
  notArrived: { uk: '{what} не надійшло до {deadline} (ні в пільговий час після нього)', en: '{what} did not arrive by {deadline} (nor in the grace period after it)' },
  by: { uk: 'до {deadline}', en: 'by {deadline}' },
  arrivedAt: { uk: 'надійшло {at}', en: 'arrived at {at}' },
  acceptedLabel: { uk: 'симулятор прийняв', en: 'accepted by the simulator' },
  refusedLabel: { uk: 'симулятор відхилив', en: 'refused by the simulator' },
  simAnswered: { uk: '{at} відповів {status}', en: '{at} answered {status}' },
  simAnsweredProblem: { uk: '{at} відповів {status}: {problem}', en: '{at} answered {status}: {problem}' },
  cameThrough: { uk: 'надійшло через {channel}', en: 'came through {channel}' },
  gotThrough: { uk: '{at} отримав його через {channel}', en: '{at} got it through {channel}' },
  gotDirectlyNot: { uk: '{at} отримав його напряму, а не через {want}', en: '{at} got it directly, not through {want}' },
  gotThroughNot: { uk: '{at} отримав його через {channel}, а не через {want}', en: '{at} got it through {channel}, not through {want}' },
  trembitaServer: { uk: 'шлюз безпеки Трембіти', en: 'the Трембіта security server' },

  // assert
  notATime: { uk: "'{value}' — не момент часу", en: "'{value}' is not a time" },
  notATimeHint: { uk: 'пошліться на вихід кроку, наприклад ${steps.act.virtualTime}', en: 'refer to a step output such as ${steps.act.virtualTime}' },
  sameKyivDayLabel: { uk: 'той самий день за Києвом', en: 'same Kyiv day' },
  sameKyivDayMsg: { uk: '{a}, а мав бути той самий день за Києвом, що й {b}', en: '{a}, expected the same Kyiv day as {b}' },
  equalsLabel: { uk: 'рівність', en: 'equals' },
  countLabel: { uk: '{service} = {n}', en: '{service} = {n}' },
  countDistinctLabel: { uk: 'різних {field} у {service} = {n}', en: 'distinct {field} of {service} = {n}' },
  found: { uk: 'знайдено {n} ({refs})', en: 'found {n} ({refs})' },
  statusIs: { uk: 'статус {status}', en: 'status {status}' },
  statusNot: { uk: 'не {status}', en: 'not {status}' },
  participantShows: { uk: 'учасник показує {expected}', en: 'participant shows {expected}' },
  participantShowsAs: { uk: "учасник показує дію зі статусом '{status}'", en: "the participant shows the action as '{status}'" },
  deliveryNotOf: { uk: '`delivery.of` — не виходи кроку call з дією trembita.deliver', en: '`delivery.of` is not the outputs of a trembita.deliver call step' },
  deliveryNotOfHint: {
    uk: 'напишіть of: "${steps.<id>}", назвавши попередній крок `call` з дією trembita.deliver',
    en: 'write of: "${steps.<id>}" naming an earlier `call` step with action trembita.deliver',
  },
  noContentType: { uk: '(без типу вмісту)', en: '(no content type)' },
  answeredBody: { uk: '{status} {type}: {body}', en: '{status} {type}: {body}' },
  answeredEmpty: { uk: '{status} {type}, порожнє тіло', en: '{status} {type}, empty body' },
  diffItem: { uk: '{field}: {problem}', en: '{field}: {problem}' },
  diffSent: { uk: '{field}: {problem} (надіслано {sent})', en: '{field}: {problem} (sent {sent})' },
  diffGot: { uk: '{field}: {problem} (отримано {got})', en: '{field}: {problem} (got {got})' },
  diffSentGot: { uk: '{field}: {problem} (надіслано {sent}, отримано {got})', en: '{field}: {problem} (sent {sent}, got {got})' },
  problemMissing: { uk: 'відсутнє', en: 'missing' },
  problemChanged: { uk: 'змінене', en: 'changed' },
  problemExtra: { uk: 'зайве', en: 'extra' },
  /** kept to render reports of versions that still judged the order */
  problemOrder: { uk: 'інший порядок', en: 'order' },
  answeredSoapFault: { uk: 'учасник відповів SOAP Fault ({code}), а не відповіддю', en: 'the participant answered a SOAP Fault ({code}), not a response' },
  noHeader: { uk: 'не вдалося прочитати заголовок відповіді X-Road — учасник відповів {answered}', en: 'no X-Road response header could be read — the participant answered {answered}' },
  echoLabel: { uk: 'заголовок відповіді повторює заголовок запиту', en: 'the response header echoes the request header' },
  echoExpected: { uk: 'кожне поле заголовка запиту з тим самим значенням (порядок не важить)', en: 'every request header field with the same value (the order does not matter)' },
  echoed: { uk: 'повторено', en: 'echoed' },
  echoOk: { uk: 'кожне поле заголовка запиту повернулося з тим самим значенням', en: 'every header field of the request came back with the same value' },
  notEchoed: { uk: 'не повторено: {why}', en: 'not echoed: {why}' },
  soapFaultLabel: { uk: 'учасник відповідає SOAP Fault, а не помилкою транспорту', en: 'the participant answers a SOAP Fault, not a transport error' },
  businessFaultLabel: {
    uk: 'учасник відповідає бізнес-помилкою (елемент fault X-Road або SOAP Fault), а не помилкою транспорту',
    en: 'the participant answers a business fault (X-Road fault element or SOAP Fault), not a transport error',
  },
  soapFaultExpected: { uk: 'SOAP Fault, text/xml, HTTP 200 або 500', en: 'SOAP Fault, text/xml, HTTP 200 or 500' },
  businessFaultExpected: { uk: 'HTTP 200 з елементом fault у відповіді, або SOAP Fault', en: 'HTTP 200 with a fault element in the response, or a SOAP Fault' },
  businessFaultOk: { uk: 'звичайна відповідь з елементом fault (додаток D.2)', en: 'a normal response carrying the fault element (Annex D.2)' },
  soapFaultOk: { uk: 'SOAP Fault {code}', en: 'a SOAP Fault {code}' },
  participantAnswered: { uk: 'учасник відповів {answered}', en: 'the participant answered {answered}' },
  restErrorLabel: { uk: 'учасник відповідає тілом помилки REST, а не помилкою транспорту', en: 'the participant answers a REST error body, not a transport error' },
  restErrorExpected: { uk: '4xx з тілом помилки JSON', en: '4xx with a JSON error body' },
  restErrorOk: { uk: 'тіло помилки JSON з кодом {status}', en: 'a {status} JSON error body' },
  sentLabel: { uk: 'учасник надіслав {service} з {fields}', en: 'the participant sent {service} with {fields}' },
  sentCarries: { uk: 'запит #{seq} містить {expected}', en: 'request #{seq} carries {expected}' },
  sentFault: { uk: 'помилка шлюзу безпеки {code}', en: "the security server's fault {code}" },
  sentFaultText: { uk: 'помилка шлюзу безпеки {code}: {text}', en: "the security server's fault {code}: {text}" },
  fieldMissing: { uk: '{field} відсутнє', en: '{field} missing' },
  fieldInstead: { uk: '{field} {got} замість {want}', en: '{field} {got} instead of {want}' },
  sentEntry: { uk: '#{seq} ({why})', en: '#{seq} ({why})' },
  sentNone: { uk: 'учасник узагалі не надіслав запиту {service}', en: 'the participant sent no {service} request at all' },
  sentOther: { uk: 'немає запиту {service} з {expected}; учасник надіслав {list}', en: 'no {service} request with {expected}; the participant sent {list}' },

  // load
  thresholdLabel: { uk: 'поріг {expression}', en: 'threshold {expression}' },
  thresholdMsg: { uk: '{expression}: виміряно {observed}', en: '{expression}: observed {observed}' },
  loadSummary: {
    uk: '{n} {n:запит|запити|запитів}, {rps} зап/с, p95 {p95} мс, помилок: {errors}',
    en: '{n} requests, {rps} req/s, p95 {p95} ms, {errors} errors',
  },
  noProvider: { uk: 'у профілі учасника немає адреси provider, яку викликала б ДМС', en: 'the participant profile has no provider endpoint for ДМС to call' },
  noProviderHint: { uk: 'задайте endpoints.provider у polihon.sut.yaml', en: 'set endpoints.provider in polihon.sut.yaml' },

  // diiaShown: what a credential verifier showed the officer, held against what Дія answered
  formDiiaShown: { uk: 'показане посадовій особі проти відповіді Дії', en: 'diiaShown' },
  diiaNothingJudged: { uk: 'diiaShown має судити щось: verdict, not, message, diia, trembita, fields або backed', en: 'diiaShown must judge something: verdict, not, message, diia, trembita, fields or backed' },
  diiaNeedsPresentation: { uk: '{key} звіряє з відповіддю Дії на пред’явлення — потрібне presentation', en: "{key} compares with Дія's answer to a presentation — presentation is needed" },
  diiaVerdictLabel: { uk: 'показано {expected}', en: 'shown {expected}' },
  diiaVerdictNotLabel: { uk: 'не показано {verdict}', en: 'not shown {verdict}' },
  diiaVerdictShown: { uk: 'учасник показав вердикт {verdict}', en: 'the participant showed the verdict {verdict}' },
  diiaNoVerdict: { uk: 'учасник не показав вердикту: {pageText}', en: 'the participant showed no verdict: {pageText}' },
  diiaMessageLabel: { uk: 'показано повідомлення', en: 'a message is shown' },
  diiaMessageShown: { uk: 'показано: «{pageText}»', en: 'shown: “{pageText}”' },
  diiaMessageNone: { uk: 'повідомлення не показано (вердикт {verdict})', en: 'no message is shown (verdict {verdict})' },
  diiaAnswerLabel: { uk: 'Дія відповіла {answer} на перевірку цього пред’явлення', en: 'Дія answered {answer} to the verification of this presentation' },
  diiaAnswered: { uk: 'Дія відповіла {answer} (#{seq})', en: 'Дія answered {answer} (#{seq})' },
  diiaNotAsked: { uk: 'жодна перевірка цього пред’явлення не дійшла до Дії', en: 'no verification of this presentation reached Дія' },
  diiaTrembitaLabel: { uk: 'перевірка дійшла до Дії через Трембіту від {client}', en: 'the verification reached Дія through Трембіта from {client}' },
  diiaTrembitaOk: { uk: 'через Трембіту від {client}: {refs}', en: 'through Трембіта from {client}: {refs}' },
  diiaTrembitaNot: { uk: '#{seq} дійшла {channel}, X-Road-Client {client}', en: '#{seq} came {channel}, X-Road-Client {client}' },
  diiaFieldsLabel: { uk: 'показано десять полів, як їх дала Дія', en: 'the ten fields are shown as Дія gave them' },
  diiaFieldsOk: { uk: 'показані поля збігаються з відповіддю Дії (#{seq}): {n} {n:поле|поля|полів}', en: "the fields shown match Дія's answer (#{seq}): {n} {n:field|fields}" },
  diiaFieldsNoValid: { uk: 'Дія не відповідала «valid» на це пред’явлення — полів, з якими звірити, немає', en: 'Дія did not answer valid to this presentation — there are no fields to compare with' },
  diiaFieldsDiffer: { uk: 'показане відрізняється від відповіді Дії (#{seq}): {list}', en: "what is shown differs from Дія's answer (#{seq}): {list}" },
  diiaFieldMissing: { uk: '{field} не показано', en: '{field} not shown' },
  diiaFieldExtra: { uk: '{field} показано, хоча Дія його не дала', en: '{field} shown, though Дія did not give it' },
  diiaFieldDiffers: { uk: '{field}: {actual} замість {expected}', en: '{field}: {actual} instead of {expected}' },
  diiaBackedLabel: { uk: '«дійсне» — лише на підставі відповіді Дії', en: 'valid is shown only on Дія’s word' },
  diiaBackedNotValid: { uk: 'не показано «дійсне» (вердикт {verdict})', en: 'valid is not shown (verdict {verdict})' },
  diiaBackedOk: { uk: '«дійсне» з полями, які дала Дія (#{seq})', en: 'valid with the fields Дія gave (#{seq})' },
});

/** Items joined by '; ' (or ', '), as one carried message. */
export function joinMsgs(items: readonly (Msg | string)[], sep: 'semi' | 'comma' = 'semi'): Msg | string {
  if (items.length === 0) return '';
  const ref = sep === 'semi' ? S.listSemi : S.listComma;
  return items.slice(1).reduce<Msg | string>((a, b) => msg(ref, { a, b }), items[0]!);
}

/** A time phrase in the reader's language ('3 working days' / '3 робочі дні'). */
export function timeSpecMsg(spec: TimeSpec): Msg {
  switch (spec.kind) {
    case 'duration': {
      if (spec.ms === 0) return msg(S.durZero);
      const units = [
        [86_400_000, S.durD],
        [3_600_000, S.durH],
        [60_000, S.durM],
        [1000, S.durS],
      ] as const;
      for (const [ms, ref] of units) if (spec.ms % ms === 0) return msg(ref, { n: spec.ms / ms });
      return msg(S.durMs, { n: spec.ms });
    }
    case 'working-days':
      return msg(S.workingDays, { n: spec.n });
    case 'same-day':
      return msg(S.sameDay);
    case 'next-working-day':
      return spec.at === undefined ? msg(S.nextWorkingDay) : msg(S.nextWorkingDayAt, { at: spec.at });
  }
}
