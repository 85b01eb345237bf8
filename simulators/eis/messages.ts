// What the ЄІС МВС simulator tells people, in Ukrainian and English: its harness actions, its refusal codes (problem
// titles), the reasons of a rework by field, the parts of EIS-REG-01 a refused activation names, and the letter.
import { defineMessages } from '../../core/i18n.ts';

export const EIS = defineMessages('eis', {
  actionDecide: { uk: 'служба ЄІС МВС ухвалює рішення щодо заяви', en: 'the ЄІС МВС service decides on an application' },
  actionJointDecision: { uk: 'укладено спільне рішення про електронну взаємодію', en: 'a joint decision on interaction is recorded' },
  actionUsers: { uk: 'користувачі суб’єкта в Електронному кабінеті', en: 'the participant’s users in the Electronic Cabinet' },
  actionDeadline: { uk: 'строк рішення щодо заяви (5 робочих днів)', en: 'the decision deadline of an application (5 working days)' },
  actionEnrolled: {
    uk: 'суб’єкта зареєстровано й активовано до сценарію: його ОТД прив’язує підсистему до сертифіката, який він пред’являє',
    en: 'the participant was registered and activated before the scenario: its ОТД binds its subsystem to the certificate it presents',
  },

  // refusal codes (problem titles)
  'not-an-object': { uk: 'Тіло запиту не є об’єктом JSON', en: 'The request body is not a JSON object' },
  'missing-questionnaire': { uk: 'До заяви не додано анкету', en: 'The application has no questionnaire' },
  'invalid-document': { uk: 'Документ не відповідає контракту', en: 'The document does not match the contract' },
  'missing-signature': { uk: 'Документ не підписано', en: 'The document is not signed' },
  'invalid-certificate': { uk: 'Сертифікат підпису не читається', en: 'The signing certificate cannot be read' },
  'untrusted-certificate': { uk: 'Сертифікат не видано довіреним (тестовим) ЦСК', en: 'The certificate is not issued by the trusted (test) CA' },
  'wrong-certificate-kind': { uk: 'Підписано не сертифікатом суб’єкта', en: 'Not signed with a participant certificate' },
  'bad-signature': { uk: 'Підпис недійсний', en: 'The signature is not valid' },
  'edrpou-mismatch': { uk: 'Сертифікат належить іншому ЄДРПОУ', en: 'The certificate belongs to another ЄДРПОУ' },
  'stale-document': { uk: 'Документ підписано надто давно або в майбутньому', en: 'The document was signed too long ago or in the future' },
  'replayed-document': { uk: 'Цей підписаний документ уже подавали', en: 'This signed document was filed already' },
  'application-open': { uk: 'Заява цього суб’єкта вже розглядається', en: 'An application of this participant is under review already' },
  'already-registered': { uk: 'Суб’єкта вже зареєстровано', en: 'The participant is registered already' },
  'unknown-application': { uk: 'Заяву не знайдено', en: 'No such application' },
  'not-in-rework': { uk: 'Заява не повернута на доопрацювання', en: 'The application is not returned for rework' },
  'unknown-participant': { uk: 'Суб’єкт не подавав заяви', en: 'The participant has filed no application' },
  'not-registered': { uk: 'Суб’єкта ще не зареєстровано', en: 'The participant is not registered yet' },
  'activation-refused': { uk: 'Активацію відхилено: бракує складових реєстрації', en: 'Activation refused: parts of registration are missing' },
  'already-active': { uk: 'Суб’єкта вже активовано', en: 'The participant is active already' },
  'invalid-decision': { uk: 'Рішення не можна ухвалити', en: 'The decision cannot be made' },

  // reasons by field
  reasonMissing: { uk: 'Поле «{field}» анкети не заповнено', en: 'The questionnaire field “{field}” is not filled in' },
  reasonInvalid: { uk: 'Поле «{field}» заповнено некоректно: {expected}', en: 'The field “{field}” is not correct: {expected}' },
  reasonUnknown: { uk: 'Поле «{field}» не передбачене анкетою', en: 'The questionnaire has no field “{field}”' },
  expectEdrpou: { uk: '8 цифр коду ЄДРПОУ', en: 'the 8 digits of an ЄДРПОУ code' },
  expectText: { uk: 'текст від 1 до {max} символів', en: 'a text of 1 to {max} characters' },
  expectEmail: { uk: 'адреса електронної пошти', en: 'an e-mail address' },
  expectPhone: { uk: 'номер у форматі +380XXXXXXXXX', en: 'a number in the form +380XXXXXXXXX' },
  expectSubsystems: { uk: 'від 1 до 20 різних кодів підсистем (латиниця, цифри, _ . -)', en: '1 to 20 distinct subsystem codes (Latin letters, digits, _ . -)' },
  expectSubsystem: { uk: 'код підсистеми (латиниця, цифри, _ . -, до 64 символів)', en: 'a subsystem code (Latin letters, digits, _ . -, up to 64 characters)' },
  expectUsers: { uk: 'від 1 до 50 користувачів', en: '1 to 50 users' },
  expectRole: { uk: 'administrator або operator', en: 'administrator or operator' },
  expectObject: { uk: 'об’єкт', en: 'an object' },

  // the parts of EIS-REG-01
  'part-joint-decision': { uk: 'немає спільного рішення про електронну інформаційну взаємодію', en: 'no joint decision on electronic interaction' },
  'part-registration': { uk: 'суб’єкта не зареєстровано службою ЄІС МВС', en: 'the participant is not registered by the ЄІС МВС service' },
  'part-otd': { uk: 'суб’єкт не подав заповнену й підписану ОТД', en: 'the participant has not filed a filled-in, signed ОТД' },

  // the letter of EIS-REG-04
  letterSubject: { uk: 'Рекомендації щодо інтеграції з ЄІС МВС', en: 'Recommendations on integration with ЄІС МВС' },
  letterBody: {
    uk: '{organisation} (ЄДРПОУ {edrpou}) зареєстровано суб’єктом електронної інформаційної взаємодії ЄІС МВС.',
    en: '{organisation} (ЄДРПОУ {edrpou}) is registered as a participant of electronic interaction with ЄІС МВС.',
  },
  letterOtd: {
    uk: 'Заповніть і підпишіть організаційно-технічну документацію (ОТД): для кожної підсистеми — сертифікати та сервіси.',
    en: 'Fill in and sign the organisational-technical documentation (ОТД): for each subsystem, its certificates and services.',
  },
  letterCertificates: {
    uk: 'Отримайте сертифікати підсистем у тестовому ЦСК (polihon pki issue) і вкажіть їхні відбитки SHA-256 в ОТД.',
    en: 'Obtain the subsystems’ certificates from the test CA (polihon pki issue) and give their SHA-256 fingerprints in the ОТД.',
  },
  letterJoint: { uk: 'Укладіть спільне рішення про електронну інформаційну взаємодію.', en: 'Conclude the joint decision on electronic interaction.' },
  letterActivation: {
    uk: 'Коли всі три складові будуть наявні, подайте запит на активацію (POST /eis/v1/activation).',
    en: 'Once all three parts exist, ask for activation (POST /eis/v1/activation).',
  },
  letterModes: {
    uk: 'Режими обміну: запит–відповідь, повідомлення, повідомлення з підтвердженням; обмін лише з mTLS.',
    en: 'Exchange modes: request–response, notification, notification with acknowledgement; exchange only over mTLS.',
  },
});
