// What the launchers say about the participant's clock (`clock: faketime`), in Ukrainian and English. The install
// command is in the message itself: a scenario's error line shows the message, not the hint.
import { defineMessages } from '../../core/i18n.ts';

export const M = defineMessages('launch', {
  libfaketimeMissing: {
    uk: 'clock: faketime потребує libfaketime, а її немає ({paths}): встановіть її (`apt-get install -y libfaketime`) або вкажіть шлях до libfaketime.so.1 у POLIHON_LIBFAKETIME',
    en: 'clock: faketime needs libfaketime, which is not installed ({paths}): install it (`apt-get install -y libfaketime`) or set POLIHON_LIBFAKETIME to a libfaketime.so.1',
  },
  libfaketimeLinuxOnly: {
    uk: 'clock: faketime працює лише на Linux (LD_PRELOAD); деінде запускайте учасника в контейнері з libfaketime (docs/uk/participant-profile.md)',
    en: 'clock: faketime works on Linux only (LD_PRELOAD); elsewhere run the participant in a container with libfaketime (docs/en/participant-profile.md)',
  },
  clockApiHint: {
    uk: 'без clock: faketime учасник бере час сценарію з GET /__polihon/clock (docs/uk/contracts.md §3)',
    en: 'without clock: faketime the participant takes the scenario time from GET /__polihon/clock (docs/en/contracts.md §3)',
  },
});
