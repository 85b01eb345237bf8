// What the runner, its deadlines and the participant's driver client say in reports: skip reasons, scenario
// errors, timeouts, crashes, driver failures. Names of things (paths, codes, exit reasons) are parameters.
import { defineMessages } from '../core/i18n.ts';

export const D = defineMessages('deadline', {
  kyivStamp: { uk: '{date} {time} за Києвом', en: '{date} {time} Kyiv' },
  daysLate: { uk: 'із запізненням на {n} {n:робочий день|робочі дні|робочих днів}', en: '{n} {n:working day|working days} late' },
  lateSameDay: { uk: 'із запізненням у день строку', en: 'late on the deadline day' },
});

export const DRV = defineMessages('driver', {
  timedOut: { uk: 'тестовий драйвер учасника не відповів на {method} {url} за {ms} мс', en: "the participant's test driver did not answer {method} {url} within {ms} ms" },
  timedOutHint: {
    uk: 'учасник зависає на цьому виклику драйвера; перегляньте його журнали (зависання — це помилка, а не невідповідність)',
    en: 'the participant hangs on this driver call; check its logs (a hang is reported as error, not as a conformance failure)',
  },
  unreachable: { uk: 'не вдається зв’язатися з тестовим драйвером учасника: {method} {url}: {reason}', en: "cannot reach the participant's test driver at {method} {url}: {reason}" },
  unreachableHint: {
    uk: 'чи працює учасник і чи вказує endpoints.driver у профілі на нього?',
    en: 'is the participant running, and does endpoints.driver in the profile point at it?',
  },
  refused: { uk: 'тестовий драйвер учасника відхилив {what}: HTTP {status}', en: "the participant's test driver refused {what}: HTTP {status}" },
  refusedHint: {
    uk: 'його відповідь: {answer}; див. контракт тестового драйвера в docs/uk/contracts.md §5',
    en: 'its answer was {answer}; see the test-driver contract in docs/en/contracts.md §5',
  },
});

export const X = defineMessages('expressions', {
  nothing: { uk: '${{path}} ні на що не посилається', en: '${{path}} refers to nothing' },
  nothingHint: {
    uk: 'посилання називають дані сценарію (people.<ім’я>…) або попередній крок (steps.<id>.<вихід>)',
    en: 'references name scenario data (people.<name>…) or an earlier step (steps.<id>.<output>)',
  },
});

export const R = defineMessages('runner', {
  skipped: { uk: 'пропущено: {reason}', en: 'skipped: {reason}' },
  stepFailed: { uk: 'крок {step} виявив невідповідність', en: '{step} failed' },
  stepErrored: { uk: 'крок {step} завершився помилкою', en: '{step} errored' },
  scenarioStep: { uk: '{step}: {message}', en: '{step}: {message}' },
  outcomeFail: { uk: 'невідповідність', en: 'fail' },
  outcomeError: { uk: 'помилка', en: 'error' },
  timedOut: { uk: 'сценарію забракло реального часу ({ms} мс) на цьому кроці', en: 'the scenario ran out of real time ({ms} ms) in this step' },
  exitedCode: { uk: 'завершився з кодом {code}', en: 'exited with code {code}' },
  exitedSignal: { uk: 'завершився за сигналом {signal}', en: 'exited with signal {signal}' },
  spawnFailed: { uk: 'не запустився: {reason}', en: 'spawn failed: {reason}' },
  participantExit: { uk: 'учасник {reason}', en: 'the participant {reason}' },
  participantExitStep: { uk: 'учасник {reason} (крок повідомив: {message})', en: 'the participant {reason} (step said: {message})' },
  lastOutput: { uk: 'останній вивід:\n{log}', en: 'last output:\n{log}' },
  didNotStart: { uk: 'учасник не запустився', en: 'the participant did not start' },
  notRunNoParticipant: { uk: 'не виконано: учасника не вдалося запустити чи досягти (див. перший сценарій)', en: 'not run: the participant could not be started or reached (see the first scenario)' },
  interrupted: { uk: 'запуск перервано ({reason}) під час цього сценарію', en: 'the run was interrupted ({reason}) in this scenario' },
  /** an error from outside the catalog: its code's title in the reader's language, then the text as it came */
  foreign: { uk: '{title}: {text}', en: '{title}: {text}' },
  badIdentityPart: { uk: "identity.{key} '{value}' не може бути частиною ідентифікатора X-Road", en: "identity.{key} '{value}' is not an X-Road identifier part" },
  badIdentityPartHint: {
    uk: 'частини ідентифікаторів X-Road не можуть містити : ; / \\ %, пробілів і керівних символів',
    en: 'X-Road identifier parts may not contain : ; / \\ % whitespace or control characters',
  },
  noSlot: { uk: 'реєстр Трембіти не має місця учасника {client}, щоб дати йому ідентифікатор учасника', en: "Трембіта's registry has no participant slot {client} to give the participant's identity" },
  noSlotHint: { uk: 'simulators/trembita/registry.yaml має зберігати підсистему учасника', en: 'simulators/trembita/registry.yaml must keep the participant subsystem' },
  noSimulator: { uk: "у цьому запуску немає симулятора '{simulator}'", en: "no simulator named '{simulator}' in this run" },
  simulatorsHint: { uk: 'симулятори: {list}', en: 'simulators: {list}' },
  registryHidden: { uk: 'Трембіта не показала свій реєстр: HTTP {status}', en: 'Трембіта did not show its registry: HTTP {status}' },
  wrongInstance: {
    uk: 'ідентифікатор профілю належить до екземпляра {instance}; Трембіта polihon — тестовий екземпляр {registry}',
    en: "the profile's identity is on instance {instance}; polihon's Трембіта is the test instance {registry}",
  },
  wrongInstanceHint: {
    uk: 'identity.instance: {registry} у профілі учасника (тестова підсистема учасника)',
    en: "identity.instance: {registry} in the participant profile (the participant's test subsystem)",
  },
  cannotRegister: { uk: 'Трембіта не може зареєструвати ідентифікатор профілю {client}: {detail}', en: "Трембіта cannot register the profile's identity {client}: {detail}" },
  cannotRegisterHint: {
    uk: 'identity.memberCode — код ЄДРПОУ органу (8 цифр, правильна контрольна цифра); instance, class і subsystem — частини ідентифікатора X-Road',
    en: 'identity.memberCode is the body’s ЄДРПОУ (8 digits, valid check digit); instance, class and subsystem are X-Road identifier parts',
  },
  seedRefused: { uk: 'ДМС відхилила дані сценарію: HTTP {status} {body}', en: "ДМС refused the scenario's seed data: HTTP {status} {body}" },
  resetRefused: { uk: 'учасник відхилив POST /driver/reset: HTTP {status}', en: 'the participant refused POST /driver/reset: HTTP {status}' },
  resetRefusedHint: { uk: 'див. docs/uk/contracts.md §5', en: 'see docs/en/contracts.md §5' },
});
