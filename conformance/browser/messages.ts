// What the `ui` step and its browser say in reports and errors. Selectors, URLs and texts the page showed go in as
// parameters, never into templates.
import { defineMessages } from '../../core/i18n.ts';

export const UIM = defineMessages('ui', {
  title: { uk: 'вебінтерфейс учасника: {n} {n:дія|дії|дій}', en: "participant's web UI: {n} {n:action|actions}" },
  skipped: {
    uk: 'пропущено: кроки з браузером вимкнено ({why}), тож вебінтерфейс учасника не перевірено',
    en: "skipped: browser steps are turned off ({why}), so the participant's web UI was not checked",
  },
  skippedFlag: { uk: '--no-browser', en: '--no-browser' },
  skippedMissing: { uk: 'Chromium немає, а POLIHON_NO_BROWSER=missing', en: 'no Chromium, and POLIHON_NO_BROWSER=missing' },
  skippedLabel: { uk: 'вебінтерфейс не перевірено', en: 'web UI not checked' },
  noContext: { uk: 'крок ui виконується лише в сценарії, якому стенд дав браузер', en: 'a ui step runs only inside a scenario the harness gave a browser' },

  // what each action is, as an assertion's name
  actOpen: { uk: 'відкрити {url}', en: 'open {url}' },
  actFill: { uk: 'ввести в {selector}', en: 'fill {selector}' },
  actClick: { uk: 'натиснути {selector}', en: 'click {selector}' },
  actPress: { uk: 'натиснути клавішу {key} у {selector}', en: 'press {key} in {selector}' },
  actCamera: { uk: 'камера бачить {url}', en: 'the camera shows {url}' },
  actWaitFor: { uk: 'дочекатися: {selector} {state}', en: 'wait for {selector} {state}' },
  actRead: { uk: 'прочитати {selector} як {as}', en: 'read {selector} as {as}' },
  actScreenshot: { uk: 'знімок екрана {name}', en: 'screenshot {name}' },

  // what went as asked
  opened: { uk: 'сторінка {url} відповіла {status}', en: 'the page {url} answered {status}' },
  done: { uk: 'зроблено на {url}', en: 'done on {url}' },
  cameraReady: { uk: 'кадр камери відтворено з {url}', en: 'camera frame rendered from {url}' },
  read: { uk: '{selector} показує «{pageText}»', en: '{selector} shows "{pageText}"' },
  readAttribute: { uk: '{selector} показує «{pageText}», {attribute}="{value}"', en: '{selector} shows "{pageText}", {attribute}="{value}"' },
  shot: { uk: 'знімок {file}', en: 'screenshot {file}' },

  // participant failures
  notFound: {
    uk: 'на {url} за {ms} мс не з’явився {selector} ({css}) у стані {state}',
    en: '{selector} ({css}) was not {state} on {url} within {ms} ms',
  },
  pageStatus: { uk: 'сторінка {url} відповіла {status}', en: 'the page {url} answered {status}' },
  noAttribute: { uk: '{selector} на {url} не має атрибута {attribute}', en: '{selector} on {url} has no attribute {attribute}' },
  actionFailed: { uk: 'дія {action} на {url} не вдалася: {error}', en: 'the action {action} on {url} failed: {error}' },

  // harness problems
  chromiumMissing: { uk: 'немає Chromium за шляхом {path}', en: 'Chromium is missing at {path}' },
  chromiumMissingHint: {
    uk: 'один раз запустіть `npm test` (його bootstrap встановлює {package}), або `apt-get install -y {package}`, або задайте POLIHON_CHROMIUM; чи пропустіть кроки з браузером: --no-browser',
    en: 'run `npm test` once (its bootstrap installs {package}), or `apt-get install -y {package}`, or set POLIHON_CHROMIUM; or skip browser steps with --no-browser',
  },
  chromiumFailed: { uk: 'Chromium ({path}) не запустився: {error}', en: 'Chromium ({path}) did not start: {error}' },
  uiUnreachable: { uk: 'вебінтерфейс учасника {url} не відповідає: {error}', en: "the participant's web UI {url} does not answer: {error}" },
  uiUnreachableHint: { uk: 'чи запущено його? Чи вказує endpoints.ui профілю на нього?', en: "is it running? does the profile's endpoints.ui point at it?" },
  cameraPage: { uk: 'сторінку для камери {url} не відтворено: {error}', en: 'the camera page {url} could not be rendered: {error}' },
  cameraPageHint: { uk: 'camera.show має вказувати на сторінку симулятора, напр. ${simulators.diia}/phone/…/camera', en: 'camera.show must name a simulator page, e.g. ${simulators.diia}/phone/…/camera' },
  noUiEndpoint: { uk: 'крок ui відкриває {url}, а профіль не має endpoints.ui', en: 'the ui step opens {url}, but the profile has no endpoints.ui' },
  noUiEndpointHint: { uk: 'додайте до профілю endpoints.ui (адресу вебінтерфейсу) або дайте повну адресу', en: 'add endpoints.ui (the web UI address) to the profile, or give a full URL' },
  undeclared: { uk: 'селектора {name} немає в ui.selectors профілю', en: "the profile's ui.selectors do not declare {name}" },
  undeclaredHint: {
    uk: 'оголошені: {known}; оголосіть його в профілі (ui: selectors: {name}: "#…") або напишіть css:<селектор>',
    en: 'declared: {known}; declare it in the profile (ui: selectors: {name}: "#…") or write css:<selector>',
  },
  notLoopback: { uk: 'крок ui відкриває {url}: дозволено лише адреси на цій машині (loopback)', en: 'the ui step opens {url}: only loopback addresses are allowed' },
  none: { uk: '(жодного)', en: '(none)' },
});
