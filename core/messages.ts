// The core's words: the titles of the stable error codes (core/errors.ts) and the labels errors are shown with.
import { defineMessages } from './i18n.ts';

export const ERROR_TITLES = defineMessages('errors', {
  E_YAML_SYNTAX: { uk: 'синтаксична помилка YAML', en: 'YAML syntax error' },
  E_SCENARIO_INVALID: { uk: 'сценарій не відповідає схемі', en: 'scenario does not match the schema' },
  E_SCENARIO_REFERENCE: { uk: 'сценарій посилається на те, чого немає', en: 'scenario refers to something that does not exist' },
  E_PROFILE_INVALID: { uk: 'профіль учасника хибний', en: 'participant profile is invalid' },
  E_USAGE: { uk: 'використання командного рядка', en: 'command line usage' },
  E_FILE_NOT_FOUND: { uk: 'файл не знайдено', en: 'file not found' },
  E_UNKNOWN_REQUIREMENT: { uk: 'невідомий ідентифікатор вимоги', en: 'unknown requirement id' },
  E_SUT_START: { uk: 'учасник не запустився', en: 'participant did not start' },
  E_SUT_CRASHED: { uk: 'процес учасника завершився', en: 'participant process exited' },
  E_SUT_UNREACHABLE: { uk: 'учасник не відповідає', en: 'participant does not answer' },
  E_DRIVER: { uk: 'тестовий драйвер учасника дав збій', en: 'participant test driver failed' },
  E_CONTAINER_RUNTIME: { uk: 'немає середовища контейнерів', en: 'no container runtime' },
  E_PORT: { uk: 'не вдалося слухати порт', en: 'could not listen on a port' },
  E_STEP_TIMEOUT: { uk: 'кроку забракло реального часу', en: 'a step ran out of real time' },
  E_INTERNAL: { uk: 'внутрішня помилка polihon', en: 'internal error in polihon' },
  E_INTERRUPTED: { uk: 'запуск перервано (Ctrl-C або SIGTERM)', en: 'the run was interrupted (Ctrl-C or SIGTERM)' },
  E_JOURNAL_UNREADABLE: { uk: 'файл журналу не прочитати або це не журнал', en: 'the journal file cannot be read or is not a journal' },
  E_BROWSER: { uk: 'браузер для кроку ui не запустився', en: 'the browser for a ui step did not start' },
  E_STATEMENT_UNREADABLE: { uk: 'заяву, її підпис чи ключ не прочитати', en: 'the statement, its signature or the key cannot be read' },
});

export const ERROR_TEXT = defineMessages('error', {
  hint: { uk: 'підказка', en: 'hint' },
  internalHint: {
    uk: 'Це вада polihon або його середовища, а не учасника. Запустіть знову з POLIHON_DEBUG=1, щоб побачити стек, і повідомте про неї.',
    en: 'This is a bug in polihon or its environment, not in the participant. Re-run with POLIHON_DEBUG=1 for the stack and report it.',
  },
});

// the clock's range (core/clock-range.ts)
export const CLOCK_MESSAGES = defineMessages('clock', {
  pastRange: {
    uk: 'годинник вийшов би за межі календаря ({range}): {target}',
    en: "the clock would leave the calendar's range ({range}): {target}",
  },
  pastRangeHint: {
    uk: 'календар polihon рахує дні й робочі дні в цих межах; оберіть коротший крок або ранішій початок',
    en: "polihon's calendar counts days and working days within this range; move the clock by less, or start earlier",
  },
  notATime: { uk: 'не момент часу: {value}', en: 'not an instant: {value}' },
  tooManyWorkingDays: {
    uk: 'за один крок годинник рухається щонайбільше на {max} робочих днів, а не на {n}',
    en: 'one clock move counts at most {max} working days, not {n}',
  },
});
