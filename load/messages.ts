// The load area's messages (core/i18n.ts): who limited a run, the verdict, the pre-run capacity check, and the
// labels of the load report's html section and junit cases.
import { defineMessages } from '../core/i18n.ts';

export const M = defineMessages('load', {
  // --- who was the limit (load/limits.ts) ---
  limitStartLag: {
    uk: 'рушій відставав від свого розкладу: ітерації починалися із запізненням p99 {p99} мс (найбільше {max} мс; межа {bound} мс)',
    en: 'the engine fell behind its schedule: iterations started late by p99 {p99} ms (at most {max} ms; bound {bound} ms)',
  },
  limitGeneratorCpu: {
    uk: 'процес polihon (рушій і симулятори) використав {cpu} ядра процесора (межа {bound}: його один потік JavaScript вичерпано; потік зайнятий {elu}% часу)',
    en: "polihon's process (engine and simulators) used {cpu} cores of CPU (bound {bound}: its one JavaScript thread is spent; the thread busy {elu}% of the time)",
  },
  limitSimulatorShare: {
    uk: 'власний час симулятора p95 {sim} мс більший за час учасника p95 {par} мс',
    en: "the simulator's own time p95 {sim} ms was more than the participant's p95 {par} ms",
  },
  limitMachineCpu: {
    uk: 'процесор машини був зайнятий на {busy}% ({cores} {cores:ядро|ядра|ядер}, межа {bound}%; сам polihon — {own}, інші програми — {others} ядра): усі сторони, й учасник, чекали на процесор',
    en: "the machine's CPU was {busy}% busy ({cores} {cores:core|cores}, bound {bound}%; polihon itself {own}, other programs {others} cores): every side, the participant too, waited for CPU",
  },
  sideGenerator: { uk: 'генератор навантаження', en: 'the load generator' },
  sideSimulator: { uk: 'симулятор', en: 'the simulator' },
  sideMachine: { uk: 'машина (процесор)', en: 'the machine (CPU)' },

  // --- the verdict line ---
  verdictPass: { uk: 'результат: виконано — усі порогові умови виконано (код 0)', en: 'outcome: pass — every threshold held (exit 0)' },
  verdictPassLimited: {
    uk: 'результат: виконано (код 0), хоча межа — {side}: учасник витримав навантаження й так',
    en: 'outcome: pass (exit 0), though {side} was the limit: the participant held even so',
  },
  verdictFail: { uk: 'результат: порушено — порогову умову не виконано (код 99)', en: 'outcome: fail — a threshold failed (exit 99)' },
  verdictFailNoted: {
    uk: 'результат: порушено (код 99) — порушена умова не залежить від швидкості сторін ({expr}), хоча межа також — {side}',
    en: 'outcome: fail (exit 99) — a failed threshold does not depend on how fast the sides ran ({expr}), though {side} was a limit too',
  },
  verdictLimited: {
    uk: 'результат: не визначено — пороги порушено, але межа — {side}, а не учасник; про учасника цей запуск нічого не каже (код 3)',
    en: 'outcome: inconclusive — thresholds failed, but {side} was the limit, not the participant; the run says nothing about the participant (exit 3)',
  },
  verdictError: { uk: 'результат: помилка запуску (код {code})', en: 'outcome: the run broke (exit {code})' },
  limitsHeading: { uk: 'хто був межею:', en: 'who was the limit:' },
  harnessLine: {
    uk: 'процесор: polihon {cpu} ядра (потік зайнятий {elu}%, затримка циклу подій p99 {lag} мс), учасник {child}, інші програми {others}; машина зайнята на {machine} з {cores}',
    en: 'CPU: polihon {cpu} cores (its thread busy {elu}%, event-loop delay p99 {lag} ms), participant {child}, other programs {others}; machine {machine} busy of {cores}',
  },
  machineUnknown: { uk: 'невідомо', en: 'unknown' },
  startLagLine: { uk: 'запізнення старту ітерацій: p50 {p50} мс · p99 {p99} мс · найбільше {max} мс', en: 'iteration start lag: p50 {p50} ms · p99 {p99} ms · max {max} ms' },

  // --- before the run (load/capacity.ts) ---
  capacityCores: {
    uk: 'увага: {rate} ітерацій/с виклику {call} потребують близько {need} ядер процесора на polihon і учасника разом (≈{perIter} мс процесора на ітерацію, з половинним запасом), а машина має {cores}; затримки вимірюватимуть чергу до процесора',
    en: 'warning: {rate} iterations/s of {call} need about {need} CPU cores for polihon and the participant together (≈{perIter} ms of CPU per iteration, with half in reserve), and this machine has {cores}; latency will measure the queue for CPU',
  },
  capacityThread: {
    uk: 'увага: {rate} ітерацій/с — більше, ніж один потік вбудованого рушія тримає з запасом для {call} (≈{max}/с); розділіть навантаження або скористайтеся --emit k6',
    en: "warning: {rate} iterations/s is more than the embedded engine's one thread holds with margin for {call} (≈{max}/s); split the load or use --emit k6",
  },
  capacityBusy: {
    uk: 'увага: машина вже зайнята — середнє навантаження {load} на {cores} {cores:ядро|ядра|ядер}; затримки міститимуть очікування процесора, а звіт скаже, хто був межею',
    en: 'warning: the machine is busy already — load average {load} on {cores} {cores:core|cores}; latency will include waiting for CPU, and the report will say who was the limit',
  },
  capacityNeeds: {
    uk: 'потрібно: {need} ядра процесора для {rate} ітерацій/с (ця машина: {cores})',
    en: 'needs: {need} CPU cores for {rate} iterations/s (this machine: {cores})',
  },

  // --- the html section (reporting/load/section.ts, page.ts) ---
  section: { uk: 'Навантаження', en: 'Load' },
  reportTitle: { uk: 'Звіт про навантаження', en: 'Load report' },
  engine: { uk: 'Рушій', en: 'Engine' },
  engineNote: {
    uk: 'вбудований (polihon). k6 тут не запускається: він під ліцензією AGPL; `polihon load --emit k6` пише той самий профіль як скрипт k6.',
    en: 'embedded (polihon). k6 is not run here: it is AGPL-licensed; `polihon load --emit k6` writes the same profile as a k6 script.',
  },
  differences: { uk: 'Чим відрізняється від k6', en: 'Where it differs from k6' },
  profile: { uk: 'Профіль', en: 'Profile' },
  target: { uk: 'Ціль', en: 'Target' },
  plan: { uk: 'План', en: 'Plan' },
  iterations: { uk: 'Ітерації', en: 'Iterations' },
  completed: { uk: 'завершено', en: 'completed' },
  dropped: { uk: 'відкинуто', en: 'dropped' },
  interrupted: { uk: 'перервано', en: 'interrupted' },
  throughput: { uk: 'Пропускна здатність', en: 'Throughput' },
  throughputTitle: { uk: 'Запитів за секунду (сірим — план, червоним — помилки)', en: 'Requests per second (grey: planned, red: errors)' },
  percentiles: { uk: 'Перцентилі затримки, мс', en: 'Latency percentiles, ms' },
  all: { uk: 'усього', en: 'total' },
  simulator: { uk: 'симулятор', en: 'simulator' },
  participant: { uk: 'учасник', en: 'participant' },
  histogram: { uk: 'Гістограма затримки', en: 'Latency histogram' },
  errorsByKind: { uk: 'Помилки за видом', en: 'Errors by kind' },
  noErrors: { uk: 'Помилок немає.', en: 'No errors.' },
  thresholds: { uk: 'Порогові умови', en: 'Thresholds' },
  noThresholds: { uk: 'Порогів не задано.', en: 'No thresholds given.' },
  expression: { uk: 'Умова', en: 'Expression' },
  observed: { uk: 'Виміряно', en: 'Observed' },
  verdict: { uk: 'Вердикт', en: 'Verdict' },
  pass: { uk: 'виконано', en: 'pass' },
  fail: { uk: 'порушено', en: 'fail' },
  outcomePass: { uk: 'виконано', en: 'pass' },
  outcomeFail: { uk: 'порушено', en: 'fail' },
  outcomeError: { uk: 'помилка', en: 'error' },
  outcomeInconclusive: { uk: 'не визначено', en: 'inconclusive' },
  memory: { uk: "Пам'ять процесу симулятора, МБ", en: 'Simulator process memory, MB' },
  slope: { uk: 'нахил після розігріву', en: 'slope after warm-up' },
  stopped: { uk: 'Зупинено', en: 'Stopped by' },
  stoppedCompleted: { uk: 'план виконано', en: 'plan completed' },
  stoppedMaxRequests: { uk: 'досягнуто maxRequests', en: 'maxRequests reached' },
  stoppedAborted: { uk: 'перервано (Ctrl-C)', en: 'aborted (Ctrl-C)' },
  samples: { uk: 'Приклади помилок', en: 'Error samples' },
  limits: { uk: 'Хто був межею', en: 'Who was the limit' },
  limitsNone: {
    uk: 'Жодне правило не спрацювало: рушій тримав розклад, процес polihon і машина мали вільний процесор, власний час симулятора менший за час учасника — виміряне належить учасникові.',
    en: "No rule fired: the engine kept its schedule, polihon's process and the machine had CPU to spare, the simulator's own time was below the participant's — what was measured is the participant's.",
  },
  harness: { uk: 'Генератор і машина', en: 'Generator and machine' },
  rulesLink: { uk: 'Правила: docs/uk/load.md, «Хто був межею».', en: 'The rules: docs/en/load.md, "Who was the limit".' },

  // --- junit (reporting/load/junit.ts) ---
  junitObserved: { uk: 'виміряно {value}', en: 'observed {value}' },
  junitFailed: { uk: '{aggregate}: виміряно {value}; умова {expr} не виконується', en: '{aggregate} observed {value}; the threshold {expr} does not hold' },
  junitLimited: {
    uk: '{aggregate}: виміряно {value}; умова {expr} не виконується, але межа — {side}, а не учасник',
    en: '{aggregate} observed {value}; the threshold {expr} does not hold, but {side} was the limit, not the participant',
  },
});
