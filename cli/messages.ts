// Everything the `polihon` command says to a person — help, notes, errors — in Ukrainian and English.
import { defineMessages, type Lang } from '../core/i18n.ts';

export const M = defineMessages('cli', {
  // --- help ---
  tagline: {
    uk: 'polihon — симулятори та стенд перевірки відповідності для інтеграцій з українськими державними реєстрами',
    en: 'polihon — simulators and conformance harness for Ukrainian e-government integrations',
  },
  usage: { uk: 'Використання', en: 'Usage' },
  commands: { uk: 'Команди', en: 'Commands' },
  options: { uk: 'Параметри', en: 'Options' },
  commonOptions: { uk: 'Для кожної команди', en: 'Every command' },
  moreHelp: { uk: 'polihon <команда> --help — параметри команди', en: 'polihon <command> --help shows the options of a command' },
  exitCodes: {
    uk: 'Коди виходу: 0 усе пройдено · 1 невідповідності · 2 хибні вхідні дані · 3 помилка стенда чи середовища · 99 не витримано порогів навантаження',
    en: 'Exit codes: 0 all pass · 1 conformance failures · 2 invalid input · 3 harness/environment error · 99 load thresholds failed',
  },
  defaultIs: { uk: 'типово {value}', en: 'default {value}' },

  // --- commands ---
  cmdRun: { uk: 'запустити сценарії проти учасника, записати звіти', en: 'run scenarios against a participant, write reports' },
  cmdDemo: { uk: 'кожен вбудований еталонний учасник проти сценаріїв своїх ролей', en: 'every bundled reference participant against the scenarios of its roles' },
  cmdValidate: { uk: 'перевірити сценарії (і профіль), нічого не запускаючи', en: 'check scenarios (and a profile) without running' },
  cmdRequirements: { uk: 'каталог вимог і що з нього покривають сценарії', en: 'the requirement catalog and what the scenarios cover' },
  cmdServe: { uk: 'симулятори по HTTP (HTTPS з --tls; ЦС у .polihon/pki) до Ctrl-C', en: 'serve simulators over HTTP (HTTPS with --tls, CA in .polihon/pki) until Ctrl-C' },
  cmdLoad: { uk: 'профіль навантаження вбудованим рушієм (лише loopback), звіти навантаження', en: 'run a load profile with the embedded engine (loopback only), write load reports' },
  cmdParticipants: { uk: 'вбудовані еталонні учасники, їхні ролі та перемикачі несправностей', en: 'the bundled reference participants, their roles and fault switches' },
  cmdHelp: { uk: 'ця довідка', en: 'this help' },

  argPaths: { uk: '[шляхи…]', en: '[paths…]' },
  argProfile: { uk: '<профіль.yaml>', en: '<profile.yaml>' },
  argSimulators: { uk: '[симулятори…]', en: '[simulators…]' },
  argName: { uk: '<назва>', en: '<name>' },
  argFile: { uk: '<файл>', en: '<file>' },
  argRole: { uk: '<роль>', en: '<role>' },

  // --- options ---
  optSut: { uk: 'профіль учасника (polihon.sut.yaml)', en: "the participant's profile (polihon.sut.yaml)" },
  optSutValidate: { uk: 'перевірити також цей профіль учасника', en: "also check this participant's profile" },
  optSutLoad: { uk: 'учасник, якого запустити й навантажити (його профіль)', en: 'the participant to start and load (its profile)' },
  optReports: { uk: 'куди писати звіти', en: 'where reports go' },
  optSettle: { uk: 'вікно тиші (мс) на кожній віртуальній контрольній точці для учасника без GET /wake (10..60000)', en: 'quiet window (ms) at each virtual checkpoint for a participant without GET /wake (10..60000)' },
  optParticipant: { uk: 'лише цей вбудований учасник ({names})', en: 'only this bundled participant ({names})' },
  optParticipantFaults: {
    uk: 'перемикачі несправностей учасника через кому (самоперевірка; список: polihon participants); також env PARTICIPANT_FAULTS',
    en: "the participant's fault switches, comma-separated (self-test; list: polihon participants); also env PARTICIPANT_FAULTS",
  },
  optReporter: {
    uk: 'які звіти писати, за назвами: console, json, html, junit, journal (типово — усі); через кому або кілька разів',
    en: 'the reporters to run, by name: console, json, html, junit, journal (default: all of them); comma-separated or repeated',
  },
  optReporterLoad: {
    uk: 'які звіти навантаження писати, за назвами: json, html, junit (типово — усі); через кому або кілька разів',
    en: 'the load reporters to run, by name: json, html, junit (default: all of them); comma-separated or repeated',
  },
  optUnmasked: { uk: 'показувати персональні дані у звітах (вони синтетичні, але типово замасковані)', en: 'show personal data in reports (it is synthetic, but masked by default)' },
  optNoBrowser: {
    uk: 'пропустити кроки ui (браузер) — вони стануть skip; так само POLIHON_NO_BROWSER=1, а POLIHON_NO_BROWSER=missing — лише коли Chromium немає',
    en: 'skip ui (browser) steps — they become skip; POLIHON_NO_BROWSER=1 does the same, POLIHON_NO_BROWSER=missing only when there is no Chromium',
  },
  optLang: { uk: 'мова виводу: uk або en (типово: env POLIHON_LANG, далі LANG/LC_ALL, далі en)', en: 'language of the output: uk or en (default: env POLIHON_LANG, else LANG/LC_ALL, else en)' },
  optNoColor: { uk: 'без кольорів', en: 'plain output, no colour' },
  optHelp: { uk: 'довідка цієї команди', en: "this command's help" },
  optVersion: { uk: 'версія polihon', en: "polihon's version" },
  optRole: { uk: 'лише вимоги цієї ролі ({roles})', en: 'only the requirements of this role ({roles})' },
  optPort: { uk: 'перший порт; наступні симулятори — на наступних (0 — вільні)', en: 'the first port; further simulators take the next ones (0: free ports)' },
  optHost: { uk: 'адреса для прослуховування (0.0.0.0 — усі інтерфейси)', en: 'address to listen on (0.0.0.0: every interface)' },
  optSeed: { uk: 'зерно синтетичних даних', en: 'seed of the synthetic data' },
  optRunSeed: {
    uk: 'зерно, з яким вибираються згенеровані випадки (сценарії з `cases`): ті самі зерно, сценарії й прапорці — ті самі випадки (типово — нове випадкове, його друкує підсумок)',
    en: 'the seed the generated cases (scenarios with `cases`) are drawn with: the same seed, scenarios and flags give the same cases (default: a new random one, printed in the summary)',
  },
  optDemoSeed: {
    uk: 'зерно, з яким вибираються згенеровані випадки (сценарії з `cases`); без нього огляд щоразу показує ті самі випадки',
    en: 'the seed the generated cases (scenarios with `cases`) are drawn with; without it the tour shows the same cases every time',
  },
  optThorough: {
    uk: 'повна вибірка для сертифікації: кожна пара значень будь-яких двох вимірів у якомусь випадку (типово — кожне значення хоча б раз)',
    en: 'the certification sample: every pair of values of any two dimensions in some case (default: every value at least once)',
  },
  optStart: { uk: 'віртуальний годинник починає з цього моменту (ISO)', en: 'the virtual clock starts at this instant (ISO)' },
  optRealClock: { uk: 'справжній годинник замість віртуального', en: 'the real clock instead of a virtual one' },
  optTls: { uk: 'HTTPS із сертифікатом тестового ЦС робочої теки', en: "HTTPS with a certificate of the workspace's test CA" },
  optControlPort: {
    uk: 'порт керувального API (з токеном); типово — наступний після симуляторів (0 — вільний)',
    en: 'the control API’s port (behind a token); default: the one after the simulators’ (0: a free port)',
  },
  optControlHost: { uk: 'адреса керувального API (типово лише цей комп’ютер)', en: 'address of the control API (default: this machine only)' },
  optDataDir: {
    uk: 'тека для того, що симулятори зберігають між запусками (записи обміну ЄІС МВС); типово .polihon/serve',
    en: 'folder for what the simulators keep between starts (ЄІС МВС messaging records); default .polihon/serve',
  },
  optProvider: {
    uk: 'базова URL учасника: сюди ЄІС МВС доставляє сповіщення, Трембіта — запити до його сервісу',
    en: "the participant's base URL: where ЄІС МВС delivers notifications and Трембіта its service's requests",
  },
  optClientCa: {
    uk: 'з --tls: пускати лише клієнтів із сертифікатом цього ЦС (PEM); інших TLS відхиляє',
    en: 'with --tls: let in only clients with a certificate of this CA (PEM); TLS refuses the rest',
  },
  optPlan: { uk: 'перевірити профіль і показати розклад, нічого не запускаючи', en: 'validate and print the timeline, run nothing' },
  optEmit: { uk: 'записати сценарій k6 і параметри (з k6-operator — також TestRun і ConfigMap) замість запуску', en: 'write the k6 script + options (and the TestRun + ConfigMap) instead of running' },
  optOut: { uk: 'куди пише --emit', en: 'where --emit writes' },
  optParallelism: { uk: 'кількість виконавців k6 operator', en: 'k6 operator runners' },
  optNamespace: { uk: 'простір імен Kubernetes для TestRun', en: 'Kubernetes namespace of the TestRun' },
  optRunnerCpu: { uk: 'CPU виконавця k6 operator', en: 'CPU of a k6 operator runner' },
  optRunnerMemory: { uk: "пам'ять виконавця k6 operator", en: 'memory of a k6 operator runner' },
  optEnv: { uk: 'змінна середовища для виконавців (можна кілька разів)', en: 'environment variable for the runners (repeatable)' },
  optMaxDuration: { uk: 'обрізати запуск коротше (кожен запуск обмежено 15 хв)', en: 'cut the run shorter (every run is capped at 15m)' },
  optMaxRequests: { uk: 'зупинитися після n запитів (типово maxRequests профілю, не більше 1000000)', en: "stop after n requests (default: the profile's maxRequests, at most 1000000)" },
  optSoak: { uk: "тримати темп профілю стільки часу (до 10 хв) і звітувати пам'ять та її нахил", en: "hold the profile's rate for this long (at most 10m) and report memory and its slope" },
  optServe: { uk: 'симулятор ДМС, з’єднаний з --sut, для зовнішнього запуску k6 за записаним сценарієм', en: 'serve the ДМС simulator wired to --sut for an external k6 run of the emitted script' },

  // --- usage errors ---
  unknownCommand: { uk: "невідома команда '{name}'", en: "unknown command '{name}'" },
  didYouMean: { uk: "можливо, '{name}'?", en: "did you mean '{name}'?" },
  knownCommands: { uk: 'команди: {list} (polihon --help)', en: 'commands: {list} (polihon --help)' },
  unknownOption: { uk: "polihon {command} не знає параметра '{option}'", en: "polihon {command} has no option '{option}'" },
  unknownReporter: { uk: "невідомий звіт '{name}'", en: "unknown reporter '{name}'" },
  knownReporters: { uk: 'звіти polihon {command}: {list}', en: 'reporters of polihon {command}: {list}' },
  commandOptions: { uk: 'параметри polihon {command}: {list}', en: 'options of polihon {command}: {list}' },
  optionNeedsValue: { uk: 'параметр {option} потребує значення', en: 'option {option} needs a value' },
  optionTakesNoValue: { uk: 'параметр {option} не приймає значення', en: 'option {option} takes no value' },
  noPositionals: { uk: "polihon {command} не приймає аргументів, отримано '{arg}'", en: "polihon {command} takes no arguments, got '{arg}'" },
  badLang: { uk: "--lang приймає uk або en, отримано '{value}'", en: "--lang takes uk or en, got '{value}'" },
  unknownFault: {
    uk: "{n:невідомий перемикач|невідомі перемикачі|невідомі перемикачі} несправностей {names} для {participant} (у {from})",
    en: "unknown fault {n:switch|switches} {names} for {participant} (in {from})",
  },
  knownFaults: { uk: 'перемикачі {participant}: {list} (polihon participants)', en: 'switches of {participant}: {list} (polihon participants)' },
  participantsTitle: { uk: 'Вбудовані еталонні учасники (polihon demo --participant <назва>)', en: 'Bundled reference participants (polihon demo --participant <name>)' },
  participantRoles: { uk: 'ролі: {roles}', en: 'roles: {roles}' },
  participantProfile: { uk: 'профіль: {path}', en: 'profile: {path}' },
  faultSwitches: {
    uk: 'перемикачі несправностей (--participant-faults a,b або env PARTICIPANT_FAULTS); кожен порушує вказані вимоги:',
    en: 'fault switches (--participant-faults a,b or env PARTICIPANT_FAULTS); each breaks the requirements shown:',
  },
  noRule: { uk: 'стенд', en: 'harness' },
  mustPass: { uk: 'пройти', en: 'pass' },
  // --- run / demo / validate / requirements ---
  runNeedsSut: { uk: 'polihon run потребує --sut <polihon.sut.yaml>', en: 'polihon run needs --sut <polihon.sut.yaml>' },
  runNeedsSutHint: {
    uk: 'опишіть свого учасника у профілі (docs/uk/participant-profile.md) або спробуйте `polihon demo`',
    en: 'describe your participant in a profile (docs/en/participant-profile.md), or try `polihon demo`',
  },
  noSuchParticipant: { uk: "немає вбудованого учасника '{name}'", en: "no bundled participant '{name}'" },
  bundledParticipants: { uk: 'вбудовані: {list} (polihon participants)', en: 'bundled: {list} (polihon participants)' },
  faultsNeedParticipant: {
    uk: '--participant-faults потребує --participant: у кожного еталонного учасника свої перемикачі',
    en: '--participant-faults needs --participant: each reference participant has its own switches',
  },
  faultsNeedParticipantHint: {
    uk: 'напр. polihon demo --participant hromada-registry --participant-faults send-next-day (учасники: {list})',
    en: 'e.g. polihon demo --participant hromada-registry --participant-faults send-next-day (participants: {list})',
  },
  noParticipantForRoles: { uk: 'жоден вбудований учасник не грає ролей сценаріїв у {paths}', en: 'no bundled participant plays the roles of the scenarios under {paths}' },
  demoHeader: {
    uk: 'polihon demo: {n} {n:сценарій|сценарії|сценаріїв} проти вбудованого еталонного {name} ({roles})',
    en: 'polihon demo: {n} {n:scenario|scenarios} against the bundled reference {name} ({roles})',
  },
  otherRolesNote: {
    uk: 'примітка: {n} {n:сценарій|сценарії|сценаріїв} для ролей, яких цей учасник не грає ({roles}), — не запускаються',
    en: 'note: {n} {n:scenario is|scenarios are} for roles this participant does not play ({roles}) and not run',
  },
  noScenarioForRoles: { uk: 'жоден сценарій не для ролей учасника ({roles})', en: "none of the scenarios is for the participant's roles ({roles})" },
  noScenarioForRolesHint: { uk: 'перевірте `roles` у профілі та `role` у сценаріях', en: 'check `roles` in the profile and `role` in the scenarios' },
  badSettle: { uk: "--settle — кількість мілісекунд від 10 до 60000, отримано '{value}'", en: "--settle must be a number of milliseconds between 10 and 60000, got '{value}'" },
  validated: {
    uk: 'гаразд: {n} {n:сценарій|сценарії|сценаріїв}, {steps} {steps:крок|кроки|кроків}{profile}',
    en: 'ok: {n} {n:scenario|scenarios}, {steps} {steps:step|steps}{profile}',
  },
  validatedProfile: { uk: ', профіль {path}', en: ', profile {path}' },
  unknownRole: { uk: "невідома роль '{role}'", en: "unknown role '{role}'" },
  knownRoles: { uk: 'ролі: {list}', en: 'roles: {list}' },
  interrupted: {
    uk: 'перервано ({signal}): зупиняю учасника й записую звіти того, що виконано; ще раз Ctrl-C — вийти негайно',
    en: 'interrupted ({signal}): stopping the participant and writing the reports of what ran; Ctrl-C again quits at once',
  },
  interruptedAgain: { uk: 'перервано вдруге: учасника вбито, вихід без звітів', en: 'interrupted again: the participant killed, quitting without reports' },
  unreachable: { uk: 'учасник недосяжний: {cause}', en: 'the participant cannot be reached: {cause}' },
  unreachableHint: {
    uk: 'підказка: чи він запущений? перевірте endpoints і launch у профілі {profile}; сценарії цього запуску завершено як error',
    en: 'hint: is it running? check endpoints and launch in the profile {profile}; the scenarios of this run end as error',
  },
  // --- serve ---
  unknownSimulator: { uk: "невідомий симулятор '{name}'", en: "unknown simulator '{name}'" },
  knownSimulators: { uk: 'симулятори: {list}', en: 'simulators: {list}' },
  badPort: { uk: "--port — число 0..65535, отримано '{value}'", en: "--port must be 0..65535, got '{value}'" },
  badControlPort: { uk: "--control-port — число 0..65535, отримано '{value}'", en: "--control-port must be 0..65535, got '{value}'" },
  badProvider: { uk: "--provider — URL http: чи https:, отримано '{value}'", en: "--provider must be an http: or https: URL, got '{value}'" },
  badDataDir: { uk: "--data-dir: не вдалося прочитати записи обміну ЄІС МВС у '{file}': {reason}", en: "--data-dir: the ЄІС МВС messaging records in '{file}' could not be read: {reason}" },
  badSeed: { uk: "--seed — ціле число, отримано '{value}'", en: "--seed must be a whole number, got '{value}'" },
  badCaseSeed: { uk: "--seed — ціле число від 0 до 4294967295, отримано '{value}'", en: "--seed must be a whole number from 0 to 4294967295, got '{value}'" },
  badStart: { uk: "--start — момент ISO, отримано '{value}'", en: "--start must be an ISO instant, got '{value}'" },
  portClashHint: {
    uk: 'порт зайнятий іншим процесом: оберіть інший перший порт, напр. --port {next}, або --port 0 для вільних (симулятори й керувальний API займають {n} {n:порт|порти|портів} поспіль від --port)',
    en: 'another process holds the port: pick another first port, e.g. --port {next}, or --port 0 for free ones (the simulators and the control API take {n} consecutive {n:port|ports} from --port)',
  },
  serveApi: { uk: 'API', en: 'API' },
  serveOpenapi: { uk: 'OpenAPI', en: 'OpenAPI' },
  serveWeb: { uk: 'вебформа', en: 'web form' },
  serveSoap: { uk: 'SOAP (X-Road)', en: 'SOAP (X-Road)' },
  serveRest: { uk: 'REST (X-Road r1)', en: 'REST (X-Road r1)' },
  serveMeta: { uk: 'метадані', en: 'metadata' },
  serveControl: { uk: 'керування', en: 'control' },
  serveReadable: { uk: 'годинник, стан', en: 'clock, health' },
  serveControlPaths: {
    uk: 'керувальний API кожного симулятора — лише на порту керування, з токеном ({control}/{simulator}/__polihon/): health, clock (GET, POST — рухати час), journal, faults, seed, reset; кожен виклик записано до журналу. На портах симуляторів — лише GET clock і health',
    en: "each simulator's control API is on the control port only, behind the token ({control}/{simulator}/__polihon/): health, clock (GET; POST moves it), journal, faults, seed, reset; every call is journalled. The simulators' own ports answer only GET clock and health",
  },
  serveToken: { uk: 'токен', en: 'token' },
  serveBeyondLoopback: {
    uk: 'увага: --host {host} відкриває симулятори не лише цьому комп’ютеру — будь-хто в мережі може звертатися до них і читати годинник; для розробки лишайте 127.0.0.1',
    en: 'warning: --host {host} opens the simulators beyond this machine: anyone on the network can call them and read the clock; keep 127.0.0.1 for development',
  },
  serveControlBeyondLoopback: {
    uk: 'увага: --control-host {host} відкриває керувальний API не лише цьому комп’ютеру — захищає його лише токен{plain}',
    en: 'warning: --control-host {host} opens the control API beyond this machine: only the token guards it{plain}',
  },
  serveTokenInClear: { uk: ', а без --tls токен іде мережею відкритим текстом', en: ', and without --tls the token crosses the network in clear' },
  serveRefused: {
    uk: 'відмовлено на порту {simulator}: {call} — керувальний API на {url} (з токеном)',
    en: "refused on {simulator}'s port: {call}; the control API is at {url} (with the token)",
  },
  clientCaNeedsTls: { uk: '--client-ca діє лише з --tls', en: '--client-ca works only with --tls' },
  clientCaUnreadable: { uk: "--client-ca: не вдається прочитати сертифікат ЦС із '{file}': {reason}", en: "--client-ca: cannot read a CA certificate from '{file}': {reason}" },
  clientCaHint: { uk: 'файл PEM із сертифікатом ЦС, напр. .polihon/pki/ca.pem', en: 'a PEM file holding the CA certificate, e.g. .polihon/pki/ca.pem' },
  serveTls: {
    uk: 'TLS: довіртеся тестовому ЦС {ca} (curl --cacert {ca}; Node: NODE_EXTRA_CA_CERTS={ca})',
    en: 'TLS: trust the test CA {ca} (curl --cacert {ca}; Node: NODE_EXTRA_CA_CERTS={ca})',
  },
  serveTlsClients: {
    uk: "     клієнтські сертифікати запитуються, але не обов'язкові; симулятори бачать їх (перевірені чи ні) у заголовках x-polihon-client-cert-*",
    en: '     client certificates are asked for, not required; simulators see them (verified or not) in x-polihon-client-cert-* headers',
  },
  serveTlsClientsRequired: {
    uk: "     клієнтський сертифікат ЦС {ca} обов'язковий (і для порту керування): без нього TLS-з'єднання відхиляється",
    en: '     a client certificate of the CA {ca} is required (on the control port too): without one the TLS handshake is refused',
  },
  serveClockVirtual: { uk: 'годинник: віртуальний, {now} (рухати: POST {control}/{simulator}/__polihon/clock); Ctrl-C — зупинити', en: 'clock: virtual at {now} (move it with POST {control}/{simulator}/__polihon/clock); Ctrl-C stops' },
  serveClockReal: { uk: 'годинник: справжній; Ctrl-C — зупинити', en: 'clock: real; Ctrl-C stops' },
  serveStopped: { uk: 'зупинено', en: 'stopped' },
  serveDataDir: {
    uk: 'записи обміну ЄІС МВС: {file} (перезапуск із тією ж --data-dir продовжує повторні надсилання)',
    en: 'ЄІС МВС messaging records: {file} (a restart with the same --data-dir resumes the resends)',
  },
  serveProvider: { uk: 'учасник: {url}', en: 'participant: {url}' },
  loadInterrupted: {
    uk: 'перервано ({signal}): показано виміряне до зупинки, без висновку щодо порогів',
    en: 'interrupted ({signal}): the numbers until the stop, no verdict on the thresholds',
  },
  // --- load ---
  badDuration: { uk: "--{name} — тривалість на кшталт 90s чи 5m, отримано '{value}'", en: "--{name} must be a duration such as 90s or 5m, got '{value}'" },
  durationRange: { uk: "--{name} — від 1s до {max}, отримано '{value}'", en: "--{name} must be between 1s and {max}, got '{value}'" },
  durationRangeHint: { uk: 'кожен запуск навантаження обмежено', en: 'every load run is bounded' },
  badInt: { uk: "--{name} — ціле число {min}..{max}, отримано '{value}'", en: "--{name} must be a whole number {min}..{max}, got '{value}'" },
  soakRamping: {
    uk: '--soak довго тримає один темп; у профілю ramping-arrival-rate його немає',
    en: '--soak holds one rate for a long time; a ramping-arrival-rate profile has none to hold',
  },
  soakRampingHint: { uk: 'для soak візьміть профіль constant-arrival-rate або constant-vus', en: 'use a constant-arrival-rate or constant-vus profile for a soak' },
  loadOneFile: { uk: 'polihon load приймає один файл профілю', en: 'polihon load takes one profile file' },
  loadOneFileHint: {
    uk: 'напр. polihon load load/profiles/dms-verification.yaml --sut participants/hromada-registry/polihon.sut.yaml',
    en: 'e.g. polihon load load/profiles/dms-verification.yaml --sut participants/hromada-registry/polihon.sut.yaml',
  },
  loadEngine: {
    uk: 'рушій: вбудований (polihon {version}) — k6 тут не запускається (AGPL; docs/decisions/0004-load-engines.md)',
    en: 'engine: embedded (polihon {version}) — k6 is not run here (AGPL; docs/decisions/0004-load-engines.md)',
  },
  loadCallNeedsSut: {
    uk: "виклик профілю '{call}' іде до учасника: дайте його профіль через --sut",
    en: "the profile's call '{call}' goes to a participant: give its profile with --sut",
  },
  loadCallNeedsSutHint: { uk: 'напр. --sut participants/hromada-registry/polihon.sut.yaml', en: 'e.g. --sut participants/hromada-registry/polihon.sut.yaml' },
  loadNoProvider: { uk: 'у профілі учасника немає endpoints.provider, куди міг би звертатися ДМС', en: 'the participant profile has no endpoints.provider for ДМС to call' },
  loadResetRefused: { uk: 'учасник відмовив на POST /driver/reset: HTTP {status}', en: 'the participant refused POST /driver/reset: HTTP {status}' },
  loadTarget: { uk: 'ціль: {target}', en: 'target: {target}' },
  loadTick: {
    uk: '  {s}s  {done} виконано · {dropped} відкинуто · {errors} помилок',
    en: '  {s}s  {done} done · {dropped} dropped · {errors} errors',
  },
  loadSutExited: { uk: 'учасник {reason}', en: 'the participant {reason}' },
  loadNote: { uk: 'примітка: {message}', en: 'note: {message}' },
  loadReports: { uk: 'звіти: {dir}', en: 'reports: {dir}' },
  loadServeHttp: {
    uk: '--serve — для викликів симулятора (call: dms.verification-request); профілю http сервер від polihon не потрібен',
    en: '--serve is for simulator calls (call: dms.verification-request); an http profile needs no server from polihon',
  },
  loadServing: {
    uk: 'симулятор ДМС для k6: POLIHON_DMS_URL={url} POLIHON_CONTROL_TOKEN={token} k6 run reports/k6/{name}.k6.js',
    en: 'serving the ДМС simulator for k6: POLIHON_DMS_URL={url} POLIHON_CONTROL_TOKEN={token} k6 run reports/k6/{name}.k6.js',
  },
  loadServingStops: { uk: 'зупиняється на Ctrl-C або через {duration}', en: 'stops on Ctrl-C or after {duration}' },
  badEmit: { uk: "--emit приймає k6 або k6-operator, отримано '{value}'", en: "--emit takes k6 or k6-operator, got '{value}'" },
  badEnv: { uk: "--env приймає NAME=value, отримано '{value}'", en: "--env takes NAME=value, got '{value}'" },
  emitted: {
    uk: 'рушій: нічого не запущено — записано профіль для {target}:',
    en: 'engine: none run — wrote the profile for {target}:',
  },
  emittedK6: { uk: 'k6', en: 'k6' },
  emittedOperator: { uk: 'k6 operator', en: 'the k6 operator' },
  nextKubectl: { uk: 'далі: kubectl apply -f {file}', en: 'next: kubectl apply -f {file}' },
  nextK6: { uk: 'далі (де встановлено k6): k6 run {file}', en: 'next (where k6 is installed): k6 run {file}' },
  // --- the workspace's test CA (serve --tls) ---
  pkiCreated: { uk: 'створено тестовий ЦС цієї робочої теки: {path}', en: 'made a test CA for this workspace: {path}' },
  pkiReplaced: {
    uk: 'замінено кешований тестовий ЦС у {dir}, бо {why}; клієнти, що довіряли старому ca.pem, мають завантажити {path} знову',
    en: 'replaced the cached test CA in {dir} because {why}; clients that trusted the old ca.pem must load {path} again',
  },
  pkiMissing: { uk: '{name} бракує', en: '{name} is missing' },
  pkiUnreadable: { uk: '{name} не читається ({error})', en: '{name} could not be read ({error})' },
  pkiAnd: { uk: ' і ', en: ' and ' },
  pkiExpired: { uk: 'його строк скінчився {at}', en: 'it expired on {at}' },
  pkiExpires: { uk: 'його строк спливає {at}', en: 'it expires on {at}' },
  pkiNotYet: { uk: 'він чинний лише з {at}', en: 'it is not valid until {at}' },
  pkiUnusable: { uk: 'він непридатний: {error}', en: 'it is unusable: {error}' },
  pkiWriteFailed: { uk: 'не вдалося записати тестовий ЦС до {dir}: {error}', en: 'could not write the test CA to {dir}: {error}' },
  pkiWriteHint: {
    uk: 'polihon тримає тестовий ЦС у .polihon/pki теки, де його запущено: запускайте там, де можна писати.',
    en: 'polihon keeps its test CA under .polihon/pki of the directory it runs in: run it where you may write.',
  },
  helpHint: { uk: 'polihon {command} --help', en: 'polihon {command} --help' },
  // --- the compiled sources (scripts/build.mjs, said by bin/ before a command runs) ---
  builtAll: {
    uk: 'polihon: вихідні коди TypeScript скомпільовано до {dir} ({n} {n:файл|файли|файлів}, {seconds} с) — так буває після встановлення чи оновлення',
    en: 'polihon: compiled the TypeScript sources to {dir} ({n} {n:file|files}, {seconds} s), as after an install or an update',
  },
  builtChanged: {
    uk: 'polihon: змінені вихідні коди перекомпільовано до {dir} ({n} {n:файл|файли|файлів}, {seconds} с)',
    en: 'polihon: recompiled the changed sources to {dir} ({n} {n:file|files}, {seconds} s)',
  },
  buildFailed: {
    uk: 'polihon: не вдалося скомпілювати вихідні коди TypeScript до {dir}: {why}',
    en: 'polihon: the TypeScript sources could not be compiled to {dir}: {why}',
  },
  // --- journal verify (issue 9 leftovers) ---
  cmdJournal: {
    uk: 'перевірити journal.jsonl запуску (замаскований теж): хеш кожного запису й ланцюг',
    en: "verify a run's journal.jsonl (masked or not): every entry hash and the chain",
  },
  argJournal: { uk: 'verify <journal.jsonl>', en: 'verify <journal.jsonl>' },
  jvUsage: { uk: 'polihon journal приймає verify <journal.jsonl>', en: 'polihon journal takes verify <journal.jsonl>' },
  jvUsageHint: { uk: 'напр. polihon journal verify reports/latest/journal.jsonl', en: 'e.g. polihon journal verify reports/latest/journal.jsonl' },
  jvUnreadable: { uk: "не вдається прочитати журнал '{file}': {reason}", en: "cannot read the journal '{file}': {reason}" },
  jvUnreadableHint: {
    uk: 'дайте journal.jsonl, який запуск записав поруч із report.json (reports/<запуск>/journal.jsonl)',
    en: 'give the journal.jsonl a run wrote beside its report.json (reports/<run>/journal.jsonl)',
  },
  jvEmpty: { uk: "'{file}' порожній: у ньому немає жодного запису журналу", en: "'{file}' is empty: it holds no journal entry" },
  jvEmptyHint: {
    uk: 'запуск, який нічим не обмінявся, пише порожній журнал; він нічого не доводить. Чи це той файл?',
    en: 'a run that exchanged nothing writes an empty journal, which proves nothing; is this the file you meant?',
  },
  jvNotJournal: {
    uk: "'{file}' — не журнал: жоден із {n} {n:рядка|рядків|рядків} не є записом журналу (рядок {line}: {why})",
    en: "'{file}' is not a journal: none of its {n} {n:line|lines} is a journal entry (line {line}: {why})",
  },
  jvIntact: {
    uk: 'журнал цілий: {ok}/{n} {n:запис|записи|записів}, ланцюг не розірвано, голова {head}',
    en: 'journal intact: {ok}/{n} {n:entry|entries}, chain unbroken, head {head}',
  },
  jvMasked: {
    uk: '  замаскований: хеш кожного запису обчислено з самого файлу; {bodies} з {withBody} тіл збігаються з bodySha256, решта ховали персональні дані — їхні зобов’язання входять до хешів записів',
    en: '  masked: every entry hash recomputed from the file alone; {bodies} of {withBody} bodies re-hash to bodySha256, the others hid personal data and their commitments are inside the entry hashes',
  },
  jvUnmasked: {
    uk: '  незамаскований: кожен запис знову запечатано з його salt і обчислено його хеш (правилами маскування цієї версії polihon); {bodies} з {withBody} тіл збігаються з bodySha256',
    en: "  unmasked: every entry re-sealed with its salt and hashed (with this polihon version's masking rules); {bodies} of {withBody} bodies re-hash to bodySha256",
  },
  jvReportMatches: {
    uk: '  report.json поруч: {n} {n:запис|записи|записів}, та сама голова — наприкінці нічого не відрізано',
    en: '  report.json beside it: {n} {n:entry|entries}, the same head, so no entry is missing at the end',
  },
  jvNoReport: {
    uk: '  ланцюг не покаже записів, відрізаних у кінці: порівняйте голову з journal.head у report.json запуску',
    en: "  the chain cannot show entries cut from the end: compare the head with journal.head in the run's report.json",
  },
  jvBroken: {
    uk: 'журнал пошкоджено: {bad} {bad:проблема|проблеми|проблем} у {n} {n:записі|записах|записах} ({ok} перевірено)',
    en: 'journal broken: {bad} {bad:problem|problems} in {n} {n:entry|entries} ({ok} verified)',
  },
  jvLine: { uk: '  рядок {line}{seq}: {what}', en: '  line {line}{seq}: {what}' },
  jvSeq: { uk: ' (seq {seq})', en: ' (seq {seq})' },
  jvHash: {
    uk: 'хеш не збігається: запис дає {actual}, а його hash — {stated}; вміст змінено після запечатування',
    en: 'hash mismatch: the entry hashes to {actual}, its hash says {stated}; its content changed after it was sealed',
  },
  jvHashLegacy: { uk: 'хеш не збігається: запис не дає свого hash {stated}', en: 'hash mismatch: the entry does not hash to its hash {stated}' },
  jvBody: { uk: 'тіло не збігається: воно не дає свого bodySha256 {stated}', en: 'body mismatch: the body does not hash to its bodySha256 {stated}' },
  jvNoSeal: {
    uk: 'не перевірити: замаскований запис давнішого формату (без salt); перевіряється лише його незамаскований журнал',
    en: 'cannot be verified: a masked entry of the older form (no salt); only its unmasked journal verifies',
  },
  jvChain: {
    uk: 'ланцюг розірвано: prevHash {prev} — не hash {expected} попереднього запису (рядок {before}); запис тут вилучено, вставлено чи переставлено',
    en: 'chain break: its prevHash {prev} is not the hash {expected} of the entry before it (line {before}); an entry was removed, inserted or moved here',
  },
  jvGenesis: {
    uk: 'ланцюг розірвано: prevHash першого запису {prev}, а не 64 нулі; записів перед ним бракує',
    en: "chain break: the first entry's prevHash is {prev}, not 64 zeros; entries before it are missing",
  },
  jvUnparseable: { uk: 'рядок не розібрати: {error}', en: 'unparseable line: {error}' },
  jvMalformed: { uk: 'запис зіпсовано: {error}', en: 'malformed entry: {error}' },
  jvNotEntry: { uk: 'не запис журналу: JSON без seq, hash і prevHash', en: 'not a journal entry: JSON without seq, hash and prevHash' },
  jvReportDiffers: {
    uk: 'журнал закінчується тут ({n} {n:запис|записи|записів}, голова {head}), а report.json поруч каже {rn} {rn:запис|записи|записів} із головою {rhead}; записи відрізано в кінці, або файли з різних запусків',
    en: 'the journal ends here ({n} {n:entry|entries}, head {head}), but report.json beside it says {rn} {rn:entry|entries} ending at head {rhead}; entries were cut from the end, or the files are of different runs',
  },
  // --- load --serve: the control API on a port of its own (issue 9 leftovers) ---
  loadServingPorts: {
    uk: '  ДМС для учасника: {dms} (опублікований API, з керувального — лише GET clock і health); керувальний API: {control}/dms/__polihon/… з Authorization: Bearer {token}; кожен виклик керування записано до журналу',
    en: "  the participant's ДМС: {dms} (its published API; of the control API only GET clock and health); the control API: {control}/dms/__polihon/… with Authorization: Bearer {token}; every control call is journalled",
  },
  loadRefused: {
    uk: 'відмовлено на порту {simulator}: {call} — керувальний API належить стенду, учасникові дозволено лише GET /__polihon/clock і /__polihon/health (записано до журналу)',
    en: "refused on {simulator}'s port: {call}; the control API is the harness's, a participant may only GET /__polihon/clock and /__polihon/health (journalled)",
  },
  // --- demo: a bundled participant whose roles have no scenario yet (issue 10) ---
  demoNoScenarios: {
    uk: 'polihon demo: у {paths} ще немає сценаріїв для ролей вбудованого еталонного {name} ({roles}) — пропущено',
    en: 'polihon demo: no scenario under {paths} is for the roles of the bundled reference {name} ({roles}) yet — skipped',
  },
  demoNoScenariosFor: {
    uk: 'у {paths} ще немає сценаріїв для ролей вбудованого еталонного {name} ({roles})',
    en: 'no scenario under {paths} is for the roles of the bundled reference {name} ({roles}) yet',
  },
  demoNoScenariosHint: {
    uk: 'сценарії ролі — файли *.yaml з `role: <роль>` будь-де під scenarios/ (напр. scenarios/diia/); polihon participants показує учасників',
    en: 'a role\'s scenarios are *.yaml files with `role: <role>` anywhere under scenarios/ (e.g. scenarios/diia/); polihon participants lists the participants',
  },
});

/**
 * The language of what polihon says: `--lang`, else env POLIHON_LANG, else a Ukrainian locale (LC_ALL, then LANG),
 * else English. An unusable --lang is the caller's to report; an unusable env value is ignored.
 */
export function pickLang(flag: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Lang {
  if (flag === 'uk' || flag === 'en') return flag;
  const own = env.POLIHON_LANG?.toLowerCase();
  if (own === 'uk' || own === 'en') return own;
  const locale = env.LC_ALL || env.LANG || '';
  return /^uk/i.test(locale) ? 'uk' : 'en';
}

/**
 * The fault switches in Ukrainian, one line each, by `participant/switch`; English comes from the participant's
 * faults.ts. cli/participants.test.ts proves every switch has its line.
 */
export const FAULT_UK: Readonly<Record<string, string>> = {
  'hromada-registry/send-next-day': 'надсилає акти до ДМС лише наступного київського дня після дії (performedAt лишається справжнім)',
  'hromada-registry/complete-without-confirmation': 'на відповідь ДМС 202 (прийнято, ще без підтвердження) одразу позначає дію завершеною',
  'hromada-registry/ignore-cancellation': 'дію скасування драйвер приймає (202 {ref}), але до ДМС її не надсилає',
  'hromada-registry/late-verification-answer': 'запит на перевірку підтверджує одразу, а відповідає лише через 4 робочі дні (після answerBy)',
  'hromada-registry/invalid-rnokpp': 'акти несуть РНОКПП особи з хибною контрольною цифрою (змінено лише останню)',
  'hromada-registry/duplicate-act': 'кожен акт декларування/реєстрації надсилає двічі: вдруге під новим actId з тим самим змістом',
  'hromada-registry/no-journal': 'вихідні акти не записує до власного журналу обміну',
  'hromada-registry/bypass-trembita': 'акти й опитування їхнього стану йдуть прямо на адресу ДМС, оминаючи Трембіту',
  'hromada-registry/no-xroad-userid': 'виклики через Трембіту без заголовка X-Road-UserId (посадової особи, від імені якої діє реєстр)',
  'hromada-registry/reuse-xroad-id': 'усі виклики через Трембіту мають той самий X-Road-Id замість нового для кожного повідомлення',
  'hromada-registry/bypass-trembita-for-cancellations': 'лише акти скасування й опитування їхнього стану йдуть прямо до ДМС, оминаючи Трембіту',
  'hromada-registry/crash-on-verification': 'стійкість стенда, не правило: процес завершується з кодом 1, щойно надходить запит на перевірку',
  'hromada-registry/hang-driver': 'стійкість стенда, не правило: POST /driver/actions ніколи не відповідає',
  'hromada-registry/only-unzr': 'правильний варіант, має пройти: особу названо лише УНЗР (без РНОКПП), де він є — договір вимагає хоча б одного',
  'hromada-registry/only-rnokpp': 'правильний варіант, має пройти: особу названо лише РНОКПП (без УНЗР), де він є — договір вимагає хоча б одного',
  'hromada-registry/unzr-no-dash': 'правильний варіант, має пройти: УНЗР надсилає 13 цифрами без дефіса (шаблон договору дозволяє обидва)',
  'hromada-registry/reorder-keys': 'правильний варіант, має пройти: ключі кожного JSON-об’єкта до ДМС — у зворотному порядку (об’єкти JSON невпорядковані)',
  'hromada-registry/offset-times': 'правильний варіант, має пройти: моменти часу надсилає за київським часом зі зсувом (+02:00 чи +03:00), а не Z',
  'hromada-registry/media-type-case': 'правильний варіант, має пройти: JSON надсилає з Content-Type `Application/JSON; Charset=UTF-8` (регістр типу не важить, RFC 9110)',
  'hromada-registry/swap-names': 'в актах ім’я особи стоїть на місці прізвища, а прізвище — на місці імені (ідентифікатори й решта правильні)',
  'hromada-registry/performed-at-day-off': 'акти кажуть, що дію здійснено на день раніше, ніж насправді (надсилаються вчасно)',
  'hromada-registry/other-address': 'акти несуть іншу адресу, ніж зареєструвала посадова особа (до тексту адреси додано номер квартири)',
  'hromada-registry/send-after-midnight': 'надсилає кожен акт о 00:30 за Києвом наступного дня після дії: пів години нової доби — вже не той самий день',
  'hromada-registry/send-later-same-day': 'правильний варіант, має пройти: надсилає акт через 3 віртуальні години після дії (не пізніше 23:59), того самого київського дня',
  'hromada-registry/end-of-day-batch': 'правильний варіант, має пройти: надсилає всі акти дня разом о 23:00 за Києвом (дію після 23:00 — одразу)',
  'hromada-registry/poll-own-schedule': 'правильний варіант, має пройти: питає ДМС про підтвердження лише щоповної віртуальної години, а не щойно рухається годинник',
  'hromada-registry/retry-same-id': 'правильний варіант, має пройти: першу відповідь на акт вважає втраченою і надсилає акт ще раз з тим самим actId і байтами',
  'hromada-registry/slow-work': 'правильний варіант, має пройти: готує кожен акт 1–2 с реального часу, а GET /driver/wake тим часом каже busy',
  'hromada-registry/no-wake-hints': 'правильний варіант, має пройти: драйвер не обслуговує необов’язковий GET /driver/wake (404), тож стенд проходить кожну годину з вікном --settle; поєднуйте з іншим варіантом',
  'trembita-consumer/missing-client-header': 'SOAP-запити йдуть без поля заголовка X-Road client (усі інші поля є)',
  'trembita-consumer/no-userid': 'SOAP-запити йдуть без поля userId, хоча виклик ініціював посадовець',
  'trembita-consumer/wrong-protocol-version': 'SOAP-запити кажуть protocolVersion 3.1 (не 4.x) замість 4.0; справжній сервер безпеки відмовляє (InvalidProtocolVersion)',
  'trembita-consumer/protocol-version-4-1': 'незвично, але правильно, має пройти: SOAP-запити кажуть protocolVersion 4.1 — справжній сервер безпеки приймає будь-яку 4.x',
  'trembita-consumer/rest-no-client-header': 'REST-запити (r1) йдуть без заголовка X-Road-Client',
  'trembita-consumer/call-ungranted': 'не перевіряє allowedMethods: викликає сервіс, на який не має права (сервер безпеки відповідає AccessDenied)',
  'trembita-consumer/reuse-message-id': 'кожен виклик після першого повторює ідентифікатор повідомлення першого (SOAP id і X-Road-Id)',
  'trembita-consumer/no-journal': 'виклики до сервера безпеки (і відповіді) не записує до власного журналу обміну',
  'trembita-provider/no-echo-userid': 'заголовок відповіді пропускає поля userId та issue запиту (решту скопійовано)',
  'trembita-provider/drop-issue': 'заголовок відповіді пропускає поле issue запиту (решту скопійовано); справжній сервер безпеки відповідає InconsistentResponse',
  'trembita-provider/wrong-protocol-version': 'заголовок відповіді каже protocolVersion 3.1 (не 4.x) замість скопійованого 4.0; справжній сервер безпеки відмовляє (InvalidProtocolVersion)',
  'trembita-provider/reorder-header': 'незвично, але правильно, має пройти: заголовок відповіді копіює всі поля, але protocolVersion першим — справжній сервер безпеки порівнює значення, не порядок',
  'trembita-provider/protocol-version-4-1': 'незвично, але правильно, має пройти: заголовок відповіді каже protocolVersion 4.1 на запит із 4.0 — справжній сервер безпеки приймає будь-яку 4.x',
  'trembita-provider/html-500-on-malformed': 'на нечитний запит відповідає HTML-сторінкою «500 Internal Server Error» замість SOAP Fault / JSON-помилки',
  'trembita-provider/business-error-as-500': 'бізнес-помилку (хибний РНОКПП чи УНЗР) віддає як збій транспорту: HTTP 500, text/plain, без fault',
  'trembita-provider/no-journal': 'отримані від сервера безпеки повідомлення (і відповіді) не записує до власного журналу обміну',
  // harness robustness (issue 9 item 10): the participant and the control API
  'hromada-registry/tamper-control':
    'стійкість стенда, не правило: на кожен POST /driver/reset пробує керувальний API на портах симуляторів — скидає ДМС, рухає годинник, видаляє несправності, забирає в ДМС право викликати його в Трембіті, читає журнал — і записує відповіді; стенд має відмовити в кожному, показати це у звіті й судити як раніше',
  // wrong data, on time (issue 8 item 2): the data oracle
  'hromada-registry/cancel-wrong-act': 'скасування називає в cancelsActId інший акт, ніж скасовуваний: найновіший інший акт тієї самої особи (ДМС його приймає), а коли такого немає — найновіший інший акт реєстру',
  'hromada-registry/verification-lists-others': 'відповідь на запит про перевірку перелічує, крім реєстрацій особи, ще й реєстрацію іншого мешканця (found каже лише про саму особу)',
  'hromada-registry/found-after-removal': 'особу, зняту з місця проживання, і далі відповідає як знайдену — з реєстрацією, яку зняття припинило',
  'hromada-registry/drop-first-entry': 'акти ніколи не несуть firstEntry, навіть коли посадова особа каже, що особу вперше вносять до ЄДДР',
  'hromada-registry/registrations-reversed': 'правильний варіант, має пройти: відповідь на запит про перевірку перелічує реєстрації особи від найновішої (договір не задає списку порядку)',
  // the journal judged for completeness (XCH-03), malformed verification requests refused (DMS-07)
  'hromada-registry/journal-some-kinds': 'журнал обміну записує лише акти декларування: інші види актів, запити стану, запити ДМС і відповіді на них, підтвердження — ні',
  'hromada-registry/journal-hash-only': 'GET /driver/journal показує кожен запис лише з sha256: без ідентифікатора повідомлення, напряму, сторони й часу',
  'hromada-registry/accept-malformed-verification': 'на будь-який запит ДМС про перевірку відповідає 202, і на хибний теж (без особи, РНОКПП не з 10 цифр, не JSON); хибні далі не обробляє',
  'hromada-registry/journal-unusual': 'правильний варіант, має пройти: записи журналу називають ДМС її підсистемою X-Road, геш — великими літерами, час — київський з його зсувом, ключі в іншому порядку, плюс власні поля',
  // hromada-registry: faults that show only for some kinds, days, hours or persons (issue 8)
  'hromada-registry/late-for-removals': 'акти зняття з реєстрації надсилає лише о 09:00 за Києвом наступного робочого дня; декларування, реєстрацію й скасування — одразу',
  'hromada-registry/weekend-on-monday': 'акти дій, здійснених у суботу чи неділю (за Києвом), чекають до 09:00 наступного понеділка; акти буднів ідуть одразу',
  'hromada-registry/hour-later-uncapped': 'надсилає кожен акт через віртуальну годину після дії без обмеження тією самою добою: лише дії після 23:00 за Києвом переходять на наступний день (порівняйте з правильним send-later-same-day)',
  'hromada-registry/fixed-offset-batch': 'пакет кінця дня, як end-of-day-batch, але його 23:00 обчислено за сталим зсувом UTC+02:00: узимку правильно, улітку це 00:00 за Києвом наступного дня',
  'hromada-registry/peacetime-calendar': 'відповідає на запит про перевірку о 22:00 за Києвом останнього з 3 робочих днів, полічених за календарем мирного часу (свята й перенесені вихідні — вихідні) під час воєнного стану: запізнюється лише тоді, коли у строк потрапляє свято',
  'hromada-registry/answer-last-day': 'правильний варіант, має пройти: відповідає на запит про перевірку о 22:00 за Києвом останнього з 3 робочих днів, полічених за календарем, що діє (martialLaw годинника; воєнний стан, якщо годинник не каже)',
  'hromada-registry/second-person-wrong': 'адресу кешовано за київським днем: кожен акт після першого за день несе адресу першого акта дня (першої особи), хоч би про кого він був',
  // Дія's е-Посвідчення (issue 10 item 6): the reference credential verifier and HR management system
  'credential-verifier/cache-positive': 'запам’ятовує позитивну відповідь за documentId зі сканованого посилання й показує її знову для наступного сканованого пред’явлення тієї самої посадової особи, не питаючи Дію',
  'credential-verifier/own-clock-expiry': 'сам вирішує, чи код прострочено: бере expiresAt введеного коду (перегляд без використання) і судить за власним годинником — часом симуляторів, узятим раз на скиданні, і далі за годинником машини — всупереч відповіді Дії',
  'credential-verifier/accept-reused': 'на відповідь Дії code-used показує «дійсне» (з полями, які бачив для цього коду раніше, якщо бачив)',
  'credential-verifier/valid-when-down': 'показує «дійсне», коли Дія недоступна, не відповідає вчасно або Трембіта не може до неї достукатися',
  'credential-verifier/skip-trembita': 'викликає симулятор Дії напряму за його власною адресою (simulators.diia), оминаючи Трембіту',
  'credential-verifier/no-fields': 'показує «дійсне» без десяти полів е-Посвідчення (лише вердикт і повідомлення)',
  'credential-verifier/typed-only': 'сканування не працює: кнопка «Сканувати QR» не відкриває камеру, а скановане посилання, передане драйверу, не перевіряється',
  'credential-verifier/silent': 'після перевірки не показує жодного повідомлення (атрибут вердикту й поля лишаються)',
  'credential-verifier/spaced-code': 'правильний варіант, має пройти: у введеному коді, крім пробілів, можуть бути дефіси, крапки й скісні риски — усе прибирається перед надсиланням 13 цифр до Дії',
  'credential-verifier/slow-ui': 'правильний варіант, має пройти: результат показує через 2 с після відповіді Дії (і драйвер, і сторінка)',
  'credential-verifier/retry-once': 'правильний варіант, має пройти: виклик, що не отримав жодної відповіді (збій мережі), надсилає ще раз з новим X-Road-Id — це й далі одне пред’явлення',
  'credential-verifier/qr-as-barcode': 'правильний варіант, має пройти: прочитане чи введене йде за своєю формою — 13 цифр як barcode, посилання Дії як qrCode — хоч би яким шляхом надійшло',
  'hr-system/stale-after-dismissal': 'і після дня звільнення віддає посадову особу з employment «active» (без dismissedAt)',
  'hr-system/missing-position': 'пропускає посаду в записі кожної посадової особи',
  'hr-system/serve-anyone': 'віддає запис посадової особи будь-кому, не лише підсистемі Дії (X-Road-Client не перевіряє)',
  'hr-system/outage': 'кадрова система лежить: на кожен запит запису посадової особи відповідає 503',
  'hr-system/wrong-person': 'під запитаним РНОКПП віддає дані іншої посадової особи (ПІБ, посаду, посвідчення, контакти)',
  'hr-system/reorder-keys': 'правильний варіант, має пройти: ключі кожного JSON-об’єкта відповіді — у зворотному порядку (об’єкти JSON невпорядковані)',
  'hr-system/extra-fields': 'правильний варіант, має пройти: записи мають кадрові поля понад договір (табельний номер, підрозділ, ранг)',
  'hr-system/no-middle-name': 'правильний варіант, має пройти: посадову особу без по батькові віддає з "middleName": "" (порожній рядок), а не без ключа, як тримають багато кадрових баз',
  'hr-system/slow-answer': 'правильний варіант, має пройти: кожну відповідь Дії дає на 2 с пізніше (з великим запасом до тайм-ауту Трембіти)',
  // Дія scenarios for hr-system and copy-recipient (issue 10 item 5)
  'credential-verifier/keep-copies': 'зберігає кожну отриману копію і після її keepUntil — нічого не видаляє',
  'credential-verifier/accept-any-sender': 'приймає копію від будь-кого (будь-який X-Road-Client або жодного), не лише від підсистеми Дії — «копію», на яку особа в Дії згоди не давала',
  'credential-verifier/reject-copies': 'на кожну копію, яку доставляє Дія, відповідає {"success": false} і не зберігає її',
  'credential-verifier/assume-consent': 'вважає копію отриманою, щойно Дія прийняла запит (чекає згоди), ще до відповіді особи — у переліку є копії, яких особа може й не дати',
  'credential-verifier/copy-slow-ack': 'правильний варіант, має пройти: відповідає на доставку Дії на 2 с пізніше (копію зберігає одразу; з великим запасом до тайм-ауту Трембіти)',
  'credential-verifier/delete-early': 'правильний варіант, має пройти: видаляє кожну копію за годину після отримання, щойно мету досягнуто, задовго до keepUntil — зберігати копію коротше дозволеного не порушення',
  // the two refusals of DIIA-06 the other switches leave untested
  'credential-verifier/accept-unknown': 'показує «дійсне» (без полів), коли Дія відповідає, що такого коду не видавала (unknown-code)',
  'credential-verifier/empty-is-valid': 'показує «дійсне», коли посадовець надсилає перевірку, не ввівши коду, — без запиту до Дії',
  'hr-system/hide-expired': 'коли строк дії посвідчення минув, не передає expiryDate — ніби посвідчення безстрокове, тож Дія формує е-Посвідчення простроченого посвідчення',
  // the reference ЄІС МВС participant (issue 11 items 6–7)
  'eis-subscriber/never-ack': 'сповіщення з підтвердженням приймає й обробляє, але жодного не підтверджує: кожне надсилають знову, а тоді визнають недоставленим',
  'eis-subscriber/ack-before-store': 'підтверджує повідомлення до того, як його збережено (запис — за 5 с, без fsync): збій між ними — дія restart — губить уже підтверджені повідомлення',
  'eis-subscriber/process-duplicates': 'повідомлення, яке вже бачив, обробляє знову, коли той самий ідентифікатор надходить удруге (дубльований конверт чи повторне надсилання)',
  'eis-subscriber/ignore-rework': 'заяву, повернуту на доопрацювання, подає знову, не виправивши полів, названих у причинах',
  'eis-subscriber/no-purpose': 'надсилає свої запити до ЄІС МВС без мети',
  'eis-subscriber/extra-fields': 'відповіді на запити ЄІС МВС містять поля понад узгоджені (службову примітку й оператора)',
  'eis-subscriber/late-outage-notice': 'про збій повідомляє на 3-й робочий день після дня, коли він стався, — на день пізніше',
  'eis-subscriber/wrong-certificate': 'у ОТД прив’язує до своєї підсистеми інший сертифікат (власного виготовлення), не той, що пред’являє в mTLS-прогоні: кожен виклик «система-система» не допускають',
  'eis-subscriber/unsigned-application': 'подає заяву з анкетою без підпису (і підписує, лише коли відмовили)',
  'eis-subscriber/skip-otd': 'звітує, що ОТД подано, не подавши її, і просить активувати доступ',
  'eis-subscriber/skip-letter': 'після реєстрації не читає листа з рекомендаціями щодо інтеграції',
  'eis-subscriber/no-journal': 'не записує до власного журналу обміну отримані повідомлення (GET /driver/journal показує лише надіслане)',
  'eis-subscriber/reorder-keys': 'незвично, але правильно, має пройти: кожне JSON-тіло пише з ключами у зворотному порядку (підпис покриває канонічну форму, тож перевіряється)',
  'eis-subscriber/slow-ack': 'незвично, але правильно, має пройти: перші 8 доставок після скидання (холодний старт) підтверджує через 2 с — у межах тайм-ауту',
  'eis-subscriber/ack-later': 'незвично, але правильно, має пройти: на доставку відповідає 202 без підтвердження і підтверджує за мить на /eis/v1/acks',
  'eis-subscriber/outage-notice-last-day': 'незвично, але правильно, має пройти: про збій повідомляє на 2-й робочий день після дня збою о 23:00 за Києвом — в останню годину строку',
  // ЄІС МВС participant: XCH-02 (what it signs verifies over what it files) and XCH-06 (a certificate of the test CA)
  'eis-subscriber/sign-other-bytes': 'подає ОТД спершу з підписом над іншими байтами (канонічний JSON із новим рядком у кінці, як у файлі), що не перевіряється на поданому ОТД; підписує правильно, лише коли відмовили',
  'eis-subscriber/foreign-ca': 'у mTLS-прогоні пред’являє сертифікат, виданий власноруч зробленим ЦС, а не тестовим; сертифікат прогону пред’являє, лише коли в допуску відмовили',
  // Трембіта consumer: XCH-05 (the exchange goes through the security server, never around it)
  'trembita-consumer/bypass-security-server': 'коли сервер безпеки повідомляє, що виклик не дочекався відповіді (ServiceFailed.IOError, NetworkError або жодної відповіді вчасно), надсилає виклик ще раз напряму на власну адресу постачальника, в обхід сервера безпеки',
  'trembita-consumer/retry-after-timeout': 'незвично, але правильно, має пройти: коли сервер безпеки повідомляє, що виклик не дочекався відповіді, надсилає його ще раз через сервер безпеки, з новим ідентифікатором повідомлення',
};

/** The language of a command's Args; callers that build Args by hand (tests of a command) may leave it out. */
export function langOfArgs(args: { lang?: Lang; values: { lang?: string } }): Lang {
  return args.lang ?? pickLang(args.values.lang);
}

// `polihon pki` and `run --mtls` (issue 11 item 3): certificates from the workspace's test CA
export const PKI = defineMessages('cli-pki', {
  cmdPki: {
    uk: 'сертифікати тестового ЦС робочої теки: видати (issue), показати (show), відкликати (revoke)',
    en: "certificates of the workspace's test CA: issue, show, revoke",
  },
  argPki: { uk: 'issue|show <cert.pem>|revoke <cert.pem>', en: 'issue|show <cert.pem>|revoke <cert.pem>' },
  optMtls: {
    uk: 'mTLS: порти симуляторів по HTTPS із клієнтським сертифікатом, кожен виклик допускається за сертифікатом (учасникові — POLIHON_CLIENT_CERT/KEY, POLIHON_CA)',
    en: "mTLS: the simulators' ports over HTTPS asking for a client certificate, each call admitted by it (the participant gets POLIHON_CLIENT_CERT/KEY, POLIHON_CA)",
  },
  optSubsystem: { uk: 'підсистема X-Road, до якої прив’язано сертифікат; ЄДРПОУ — її код члена', en: 'the X-Road subsystem the certificate is bound to; its member code is the ЄДРПОУ' },
  optKind: { uk: 'вид сертифіката', en: 'the kind of certificate' },
  optName: { uk: 'загальне ім’я (CN); типово — ідентифікатор підсистеми', en: 'the common name (CN); by default the subsystem identifier' },
  optDays: { uk: 'скільки днів від сьогодні чинний (від початку ЦС, щоб сценарії з віртуальним годинником у минулому його приймали)', en: "days of validity from today (valid from the CA's start, so scenarios whose virtual clock stands in the past accept it)" },
  optOut: { uk: 'тека для cert.pem, key.pem і ca.pem', en: 'the folder for cert.pem, key.pem and ca.pem' },
  optForce: { uk: 'переписати наявні файли в --out', en: 'overwrite files already in --out' },
  optRevoke: { uk: 'відкликати цей сертифікат (додати до списку відкликаних робочої теки)', en: "revoke this certificate (add it to the workspace's revocation list)" },
  usage: { uk: 'що зробити: polihon pki issue …, polihon pki show <cert.pem> або polihon pki revoke <cert.pem>', en: 'what to do: polihon pki issue …, polihon pki show <cert.pem> or polihon pki revoke <cert.pem>' },
  usageHint: { uk: 'polihon pki --help — параметри', en: 'polihon pki --help lists the options' },
  subsystemRequired: { uk: 'сертифікатові учасника потрібна --subsystem', en: 'a participant certificate needs --subsystem' },
  badSubsystem: {
    uk: "--subsystem '{value}' — не ідентифікатор підсистеми X-Road",
    en: "--subsystem '{value}' is not an X-Road subsystem identifier",
  },
  subsystemHint: { uk: 'інстанс/клас/ЄДРПОУ/підсистема, напр. SEVDEIR-TEST/GOV/04054866/RTG_prod', en: 'instance/class/ЄДРПОУ/subsystem, e.g. SEVDEIR-TEST/GOV/04054866/RTG_prod' },
  badKind: { uk: "--kind '{value}': participant, user або security-server", en: "--kind '{value}': participant, user or security-server" },
  badDays: { uk: "--days '{value}': ціле число днів від 1 до {max}", en: "--days '{value}': a whole number of days from 1 to {max}" },
  outRequired: { uk: 'куди записати сертифікат: --out <тека>', en: 'where to write the certificate: --out <dir>' },
  outExists: { uk: 'у {dir} уже є {files}: не переписую без --force', en: '{dir} already holds {files}: not overwritten without --force' },
  writeFailed: { uk: 'не вдалося записати до {dir}: {error}', en: 'could not write to {dir}: {error}' },
  unreadable: { uk: 'сертифікат {file} не прочитано: {error}', en: 'the certificate {file} could not be read: {error}' },
  issued: { uk: 'видано сертифікат ({kind}) для {who}', en: 'issued a {kind} certificate for {who}' },
  files: { uk: 'файли: {cert}, {key} (лише для власника), {ca}', en: 'files: {cert}, {key} (owner only), {ca}' },
  useInRun: {
    uk: 'у профілі учасника: certificate: { cert: {cert}, key: {key} } (або змінні POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY, POLIHON_CA)',
    en: "in the participant's profile: certificate: { cert: {cert}, key: {key} } (or the variables POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY, POLIHON_CA)",
  },
  clamped: { uk: 'строк укорочено до кінця ЦС ({at})', en: "validity cut to the CA's end ({at})" },
  kind: { uk: 'вид: {kind}', en: 'kind: {kind}' },
  subject: { uk: 'загальне ім’я: {cn}', en: 'common name: {cn}' },
  owner: { uk: 'ЄДРПОУ: {edrpou}; X-Road: {id}', en: 'ЄДРПОУ: {edrpou}; X-Road: {id}' },
  validity: { uk: 'чинний з {from} до {to}', en: 'valid from {from} to {to}' },
  serial: { uk: 'серійний номер {serial}; SHA-256 {sha256}', en: 'serial {serial}; SHA-256 {sha256}' },
  chainOk: { uk: 'ланцюг: веде до тестового ЦС робочої теки ({ca}), чинний зараз, не відкликаний', en: "chain: leads to the workspace's test CA ({ca}), valid now, not revoked" },
  chainBad: { uk: 'ланцюг: не прийнято — {reason}', en: 'chain: not accepted — {reason}' },
  none: { uk: 'немає', en: 'none' },
  revoked: { uk: 'відкликано: {who} (серійний номер {serial}); список: {file}', en: 'revoked: {who} (serial {serial}); list: {file}' },
  revokedAlready: { uk: 'уже відкликано: {who} (серійний номер {serial})', en: 'already revoked: {who} (serial {serial})' },
  notOurs: { uk: 'сертифікат {file} видав не тестовий ЦС цієї робочої теки: {reason}', en: "the certificate {file} was not issued by this workspace's test CA: {reason}" },
  notOursHint: { uk: 'відкликати можна лише сертифікати з polihon pki issue цієї теки', en: 'only certificates from polihon pki issue in this folder can be revoked' },
});
