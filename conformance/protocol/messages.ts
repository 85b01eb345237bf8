// What the X-Road protocol checks of a flow say in reports (conformance/protocol/xroad.ts). Ids, services and
// message ids go in as parameters.
import { defineMessages } from '../../core/i18n.ts';

export const P = defineMessages('protocol', {
  formParticipantXRoad: { uk: 'виклики учасника через Трембіту', en: 'participantXRoad' },
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
