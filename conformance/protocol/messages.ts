// What the X-Road protocol checks of a flow say in reports (conformance/protocol/xroad.ts). Ids, services and
// message ids go in as parameters.
import { defineMessages } from '../../core/i18n.ts';

export const P = defineMessages('protocol', {
  formParticipantXRoad: { uk: 'виклики учасника через Трембіту', en: 'participantXRoad' },
  formParticipantChannel: { uk: 'канал викликів учасника', en: 'participantChannel' },
  channelLabel: { uk: 'кожне повідомлення учасника до {to} іде через Трембіту', en: 'every message the participant sends {to} goes through Трембіта' },
  channelOk: {
    uk: '{n} {n:повідомлення|повідомлення|повідомлень} до {to}, усі через Трембіту',
    en: '{n} {n:message|messages} to {to}, all through Трембіта',
  },
  channelNone: { uk: 'учасник не надіслав до {to} жодного повідомлення, тож канал нема чим оцінити', en: 'the participant sent {to} no message, so there is no channel to judge' },
  channelBad: { uk: 'повз Трембіту (напряму до {to}): {list}', en: 'past Трембіта (straight to {to}): {list}' },
  userIdLabel: { uk: 'кожен виклик через Трембіту має X-Road-UserId', en: 'every call through Трембіта carries X-Road-UserId' },
  userIdOk: { uk: '{n} {n:виклик|виклики|викликів}, у кожному X-Road-UserId', en: '{n} {n:call|calls}, each with X-Road-UserId' },
  userIdBad: { uk: 'без X-Road-UserId (посадової особи, від імені якої діє учасник): {list}', en: 'without X-Road-UserId (the officer on whose behalf the participant acts): {list}' },
  freshIdLabel: { uk: 'кожен виклик через Трембіту має новий X-Road-Id', en: 'every call through Трембіта carries a fresh X-Road-Id' },
  freshIdOk: { uk: '{n} {n:виклик|виклики|викликів}, усі X-Road-Id різні', en: '{n} {n:call|calls}, no X-Road-Id used twice' },
  freshIdBad: {
    uk: 'X-Road-Id ужито повторно (і повторна спроба потребує нового): {list}',
    en: 'X-Road-Id used again (a retry needs a new one too): {list}',
  },
  expectedAll: { uk: 'усі', en: 'all' },
  actualBad: { uk: '{n} {n:порушення|порушення|порушень}', en: '{n} {n:violation|violations}' },
  nothingToJudge: { uk: 'жодного виклику через Трембіту', en: 'no call through Трембіта' },
});

// What the journal-completeness check says (conformance/protocol/journal.ts, XCH-03). `name` is '#seq service id'.
export const J = defineMessages('journal', {
  label: { uk: 'учасник журналює кожне повідомлення обміну', en: 'participant journals every exchanged message' },
  all: {
    uk: '{n} {n:повідомлення|повідомлення|повідомлень} обміну, кожне в журналі учасника з тим самим SHA-256, ідентифікатором, напрямом, стороною і часом',
    en: "{n} exchanged {n:message|messages}, each in the participant's journal with the same SHA-256, id, direction, counterpart and time",
  },
  nothing: {
    uk: 'немає повідомлень обміну в {services} для перевірки — сценарій має щось обміняти до цього кроку',
    en: 'no exchanged messages in {services} to check — the scenario must exchange something before this step',
  },
  entryLabel: { uk: '{name} є в журналі учасника', en: "{name} is in the participant's journal" },
  missing: {
    uk: 'у журналі учасника немає запису про {name} (SHA-256 тіла {sha}…)',
    en: "the participant's journal has no entry for {name} (body SHA-256 {sha}…)",
  },
  fieldLabel: { uk: '{name}: {field} у журналі учасника', en: "{name}: {field} in the participant's journal" },
  fieldMissing: {
    uk: 'запис entries[{index}] журналу учасника про {name} не має поля {field}',
    en: "the participant's journal entry entries[{index}] for {name} has no {field}",
  },
  fieldWrong: {
    uk: 'запис entries[{index}] журналу учасника про {name} має інше значення {field}',
    en: "the participant's journal entry entries[{index}] for {name} has another {field}",
  },
  moreLabel: { uk: 'інші вади журналу учасника', en: "further faults of the participant's journal" },
  more: {
    uk: 'ще {n} {n:вада|вади|вад} у записах про {m} {m:повідомлення|повідомлення|повідомлень} (див. посилання на журнал)',
    en: '{n} more {n:fault|faults} in the entries for {m} {m:message|messages} (see the journal references)',
  },
});
