// What index.html says about coverage by role and about the journal browser, in both languages. Its own area, so
// it never collides with the report's label table when that moves into the catalog.
import { defineMessages } from '../../core/i18n.ts';

export const VIEW = defineMessages('report.view', {
  ownRoles: {
    uk: 'Вимоги ролей учасника: {roles}',
    en: "Requirements of the participant's roles: {roles}",
  },
  ownCount: {
    uk: '{n} {n:вимога|вимоги|вимог}',
    en: '{n} {n:requirement|requirements}',
  },
  otherRoles: {
    uk: 'Вимоги інших ролей, не оцінювані в цьому запуску ({n})',
    en: "Other roles' requirements, not judged in this run ({n})",
  },
  otherRolesNote: {
    uk: 'Ці вимоги зобов’язують ролі, яких учасник не виконує, або лише симулятор; у підсумок вище вони не входять.',
    en: 'These rules bind roles the participant does not play, or only a simulator; the counts above leave them out.',
  },
  noOwn: {
    uk: 'Жодна вимога каталогу не зобов’язує ролі учасника.',
    en: "No catalog rule binds the participant's roles.",
  },
  scenario: { uk: 'Сценарій', en: 'Scenario' },
  outsideScenarios: { uk: 'поза сценаріями', en: 'outside scenarios' },
  time: { uk: 'Віртуальний час: Київ / UTC', en: 'Virtual time: Kyiv / UTC' },
  kyiv: { uk: 'за Києвом', en: 'Kyiv time' },
  startedUtc: { uk: '{time} за Києвом', en: '{time} Kyiv time' },
  bodyInJournal: { uk: 'тіло — у журналі, запис #{seq}', en: 'body in the journal, entry #{seq}' },
  sameBody: { uk: 'те саме тіло, що й у записі', en: 'the same body as entry' },
  bodyInStep: { uk: 'тіло показано при кроці вище', en: 'body shown with the step above' },
  scenarioExchange: {
    uk: 'Обмін цього сценарію в журналі ({n} {n:запис|записи|записів})',
    en: "This scenario's exchange in the journal ({n} {n:entry|entries})",
  },
  inJournal: { uk: 'запис у журналі', en: 'entry in the journal' },
});
