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
  needsSkipped: { uk: 'крок використовує результати кроку {step}, а його пропущено', en: 'it uses the outputs of step {step}, which was skipped' },
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
  seedRefused: { uk: 'симулятор {simulator} відхилив дані сценарію: HTTP {status} {body}', en: "the {simulator} simulator refused the scenario's seed data: HTTP {status} {body}" },
  resetRefused: { uk: 'учасник відхилив POST /driver/reset: HTTP {status}', en: 'the participant refused POST /driver/reset: HTTP {status}' },
  resetRefusedHint: { uk: 'див. docs/uk/contracts.md §5', en: 'see docs/en/contracts.md §5' },
});

// input files polihon refuses to read, and a test driver that answers something other than JSON
export const INPUT = defineMessages('input', {
  notFound: { uk: '{file} не існує', en: '{file} does not exist' },
  notAFile: { uk: '{file} — не звичайний файл, а {kind}', en: '{file} is not a regular file but a {kind}' },
  notAFileHint: {
    uk: 'дайте файл YAML; теку зі сценаріями дають командам validate і run як шлях, а не як --sut',
    en: 'give a YAML file; a folder of scenarios is given to validate and run as a path, not as --sut',
  },
  unreadable: { uk: 'не вдалося прочитати {file}: {reason}', en: 'cannot read {file}: {reason}' },
  tooBig: {
    uk: '{file} має {size} байт; polihon читає щонайбільше {limit} байт (1 МіБ) з одного файлу',
    en: '{file} is {size} bytes; polihon reads at most {limit} bytes (1 MiB) from one file',
  },
  tooBigHint: {
    uk: 'розділіть його на кілька файлів; такий великий сценарій чи профіль майже напевно згенеровано помилково',
    en: 'split it into several files; a scenario or profile this big is almost certainly generated by mistake',
  },
  nulByte: {
    uk: 'файл містить байт NUL (0x00): це двійковий файл, а не текст YAML',
    en: 'the file contains a NUL byte (0x00): it is binary, not YAML text',
  },
  badUtf8: {
    uk: 'файл не в UTF-8: байт 0x{byte} не може бути частиною символу UTF-8',
    en: 'the file is not UTF-8: byte 0x{byte} cannot be part of a UTF-8 character',
  },
  textHint: {
    uk: 'збережіть файл як текст UTF-8; файл у Windows-1251 перекодуйте, напр. iconv -f cp1251 -t utf-8',
    en: 'save the file as UTF-8 text; convert a Windows-1251 file, e.g. iconv -f cp1251 -t utf-8',
  },
  empty: { uk: 'файл порожній: у ньому немає документа YAML', en: 'the file is empty: it holds no YAML document' },
  emptyHint: {
    uk: 'сценарій починається з id:, title:, role:, covers:, clock: і steps: — приклади в scenarios/dms',
    en: 'a scenario starts with id:, title:, role:, covers:, clock: and steps: — see scenarios/dms for examples',
  },
  notYaml: { uk: '{file} — не коректний YAML', en: '{file} is not valid YAML' },
  syntaxHint: { uk: 'перевірте відступи й лапки в цьому рядку', en: 'check the indentation and quoting on this line' },
  duplicateKey: {
    uk: "ключ '{key}' повторюється в цьому відображенні (уперше в рядку {line})",
    en: "key '{key}' appears twice in this mapping (first on line {line})",
  },
  duplicateKeyHint: { uk: 'кожен ключ може бути у відображенні лише раз', en: 'each key may appear once in a mapping' },
  aliasBomb: {
    uk: 'псевдоніми YAML (*ім’я) розгортаються в надто багато копій: {n} {n:псевдонім|псевдоніми|псевдонімів}, вкладені один в одний (документ типу «billion laughs»)',
    en: 'YAML aliases (*name) expand into too many copies: {n} {n:alias|aliases} nested in one another (a "billion laughs" document)',
  },
  aliasBombHint: {
    uk: 'якорі (&ім’я) і псевдоніми годяться для повторного використання, але не копії копій; розпишіть повторювані частини',
    en: 'anchors (&name) and aliases are fine for reuse, but not copies of copies; write the repeated parts out',
  },
  tooDeep: {
    uk: 'вкладеність глибша за {limit} рівнів',
    en: 'nested deeper than {limit} levels',
  },
  tooDeepHint: {
    uk: 'сценарію досить кількох рівнів; такий файл згенеровано помилково або пошкоджено',
    en: 'a scenario needs a handful of levels; this file is generated by mistake or broken',
  },
  tooManyNodes: {
    uk: 'понад {limit} вузлів YAML (ключів, значень, елементів списків)',
    en: 'more than {limit} YAML nodes (keys, values, list items)',
  },
  tooManyNodesHint: {
    uk: 'розділіть файл; polihon відмовляється від такого великого входу, щоб перевірка лишалася швидкою',
    en: 'split the file; polihon refuses input this large so that validation stays fast',
  },
  moreIssues: {
    uk: '… і ще {n} {n:проблема|проблеми|проблем}, не показано',
    en: '… and {n} more {n:problem|problems}, not shown',
  },
  moreIssuesHint: {
    uk: 'показано перші {limit}; виправте їх і запустіть validate знову',
    en: 'the first {limit} are shown; fix them and run validate again',
  },
  problems: {
    uk: '{n} {n:проблема|проблеми|проблем}',
    en: '{n} {n:problem|problems}',
  },
  earlierSteps: {
    uk: 'крок може посилатися лише на попередні кроки: {ids}',
    en: 'steps can refer only to earlier steps: {ids}',
  },
  andMore: { uk: '… (ще {n})', en: '… ({n} more)' },
});

export const DRIVER = defineMessages('driver', {
  notJson: {
    uk: 'тестовий драйвер учасника відповів на {what} HTTP {status} ({type}), але це не JSON: {start}',
    en: "the participant's test driver answered {what} with HTTP {status} ({type}) that is not JSON: {start}",
  },
  notObject: {
    uk: 'тестовий драйвер учасника відповів на {what} JSON, що не є об’єктом: {start}',
    en: "the participant's test driver answered {what} with JSON that is not an object: {start}",
  },
  wrongShape: {
    uk: 'тестовий драйвер учасника відповів на {what} JSON, у якому {field} не є {kind}: {start}',
    en: "the participant's test driver answered {what} with JSON whose {field} is not a {kind}: {start}",
  },
  empty: {
    uk: 'тестовий драйвер учасника відповів на {what} HTTP {status} з порожнім тілом, а не JSON',
    en: "the participant's test driver answered {what} with HTTP {status} and an empty body, not JSON",
  },
  contractHint: {
    uk: 'тестовий драйвер відповідає об’єктами JSON (application/json, docs/uk/contracts.md §5); інша відповідь — помилка драйвера, а не невідповідність учасника',
    en: 'the test driver answers JSON objects (application/json, docs/en/contracts.md §5); anything else is a driver error, not a conformance failure',
  },
  noContentType: { uk: 'без Content-Type', en: 'no content type' },
});

// --- the participant and the control API (issue 9 item 10): what the report says of refused control calls ---
export const CTL = defineMessages('control', {
  called: {
    uk: 'учасник звернувся до керувального API: {call} на {simulator}, {n} {n:раз|рази|разів}; відмовлено (404), на висновки це не вплинуло',
    en: 'the participant called the control API: {call} at {simulator}, {n} {n:time|times}; refused (404), the verdicts are not affected',
  },
  more: {
    uk: '…і ще {n} {n:інше звернення|інші звернення|інших звернень} учасника до керувального API (усі в журналі)',
    en: '… and {n} other {n:call|calls} of the participant to the control API (all in the journal)',
  },
});

/** How a generated case is named in titles and reports: built-in day kinds and weekdays (the scenario's own values go as written). */
export const CASE = defineMessages('cases', {
  monday: { uk: 'понеділок', en: 'Monday' },
  tuesday: { uk: 'вівторок', en: 'Tuesday' },
  wednesday: { uk: 'середа', en: 'Wednesday' },
  thursday: { uk: 'четвер', en: 'Thursday' },
  friday: { uk: 'п’ятниця', en: 'Friday' },
  saturday: { uk: 'субота', en: 'Saturday' },
  sunday: { uk: 'неділя', en: 'Sunday' },
  holiday: { uk: 'святковий день', en: 'public holiday' },
  transferred: { uk: 'перенесений вихідний', en: 'transferred day off' },
  eveOfHoliday: { uk: 'напередодні свята', en: 'eve of a holiday' },
  summerTimeStart: { uk: 'перехід на літній час', en: 'summer time starts' },
  summerTimeEnd: { uk: 'перехід на зимовий час', en: 'summer time ends' },
  clock: { uk: '{weekday} {date} {time}', en: '{weekday} {date} {time}' },
  titled: { uk: '{title} — {case}', en: '{title} — {case}' },
});

// mTLS runs (conformance/mtls.ts): the participant's certificate, and its calls the simulators refused
export const MTLS = defineMessages('mtls', {
  certMissing: { uk: 'файл {what} профілю ({path}) не прочитано: {error}', en: "the profile's {what} file ({path}) could not be read: {error}" },
  certUnusable: { uk: 'сертифікат профілю ({path}) не придатний: {error}', en: "the profile's certificate ({path}) is not usable: {error}" },
  keyMismatch: { uk: 'ключ {key} не від сертифіката {cert}', en: 'the key {key} is not the key of the certificate {cert}' },
  certHint: {
    uk: 'certificate: { cert, key } — PEM-файли відносно профілю (polihon pki issue --subsystem … --out <тека>), або certificate: issue',
    en: 'certificate: { cert, key } — PEM files relative to the profile (polihon pki issue --subsystem … --out <dir>), or certificate: issue',
  },
  writeFailed: { uk: 'не вдалося записати сертифікати прогону в {dir}: {error}', en: "could not write the run's certificates to {dir}: {error}" },
  refused: {
    uk: '{simulator} відмовив у допуску за сертифікатом {n} раз(и) ({code}, {requirement}): {reason}',
    en: '{simulator} refused admission by certificate {n} time(s) ({code}, {requirement}): {reason}',
  },
});
