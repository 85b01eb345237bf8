// What the launchers say about the participant's clock (`clock: faketime`), in Ukrainian and English.
import { defineMessages } from '../../core/i18n.ts';

export const M = defineMessages('launch', {
  libfaketimeMissing: {
    uk: 'clock: faketime потребує libfaketime, але її немає ({paths})',
    en: 'clock: faketime needs libfaketime, which is not installed ({paths})',
  },
  libfaketimeHint: {
    uk: 'встановіть її: `apt-get install -y libfaketime` (Debian/Ubuntu), або вкажіть шлях до libfaketime.so.1 у POLIHON_LIBFAKETIME; без clock: faketime учасник бере час із GET /__polihon/clock',
    en: 'install it with `apt-get install -y libfaketime` (Debian/Ubuntu), or set POLIHON_LIBFAKETIME to a libfaketime.so.1; without clock: faketime the participant takes its time from GET /__polihon/clock',
  },
  libfaketimeLinuxOnly: {
    uk: 'clock: faketime працює лише на Linux (LD_PRELOAD); деінде запускайте учасника в контейнері з libfaketime (docs/uk/participant-profile.md) або беріть час із GET /__polihon/clock',
    en: 'clock: faketime works on Linux only (LD_PRELOAD); elsewhere run the participant in a container with libfaketime (docs/en/participant-profile.md), or take the time from GET /__polihon/clock',
  },
});
