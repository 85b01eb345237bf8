// What the launchers say, in Ukrainian and English: of the participant's clock (`clock: faketime`; the install
// command is in the message itself: a scenario's error line shows the message, not the hint) and of containers.
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
  noRuntime: {
    uk: 'немає середовища контейнерів ({reason}): способи container і compose потребують запущеного Docker або Podman (DOCKER_HOST; docs/uk/docker.md)',
    en: 'no container runtime is available ({reason}): the container and compose launchers need a running Docker or Podman engine (DOCKER_HOST; docs/en/docker.md)',
  },
  noRuntimeHint: {
    uk: 'на машині без Docker чи Podman запускайте учасника через launch.command або launch.url',
    en: 'on a machine without Docker or Podman, start the participant with launch.command or launch.url',
  },
  containerNotStarted: {
    uk: 'контейнер учасника з образу {image} не запустився: {reason}',
    en: "the participant's container from image {image} did not start: {reason}",
  },
  composeNotStarted: {
    uk: 'сервіс {service} з {file} не піднявся: {reason}',
    en: 'service {service} of {file} did not come up: {reason}',
  },
  containerNotStartedHint: {
    uk: 'чи є образ (docker pull) і чи стартує він сам: docker run --rm --network host <образ>; DEBUG=testcontainers* показує, що робить testcontainers',
    en: 'is the image there (docker pull), and does it start by itself: docker run --rm --network host <image>; DEBUG=testcontainers* shows what testcontainers does',
  },
  containerStopped: {
    uk: 'контейнер зупинився',
    en: 'the container stopped',
  },
  composeFileMissing: {
    uk: 'файлу compose {file} немає (launch.compose.file — відносно теки, з якої запущено polihon)',
    en: 'compose file {file} not found (launch.compose.file is relative to the folder polihon is run from)',
  },
  composeFileMissingHint: {
    uk: 'укажіть шлях до файлу compose, у якому описано сервіс учасника',
    en: "give the path of the compose file that describes the participant's service",
  },
  composeFileUnreadable: {
    uk: 'файл compose {file} не прочитати як YAML: {reason}',
    en: 'compose file {file} is not readable YAML: {reason}',
  },
  composeNoService: {
    uk: 'у {file} немає сервісу {service} (launch.compose.service)',
    en: '{file} has no service {service} (launch.compose.service)',
  },
  composeServices: {
    uk: 'сервіси файлу: {list}',
    en: 'the services of the file: {list}',
  },
  composeNotHostNetwork: {
    uk: 'сервіс {service} у {file} має бути в мережі хоста (network_mode: host), а не {mode}: учасник звертається до симуляторів на 127.0.0.1 машини polihon',
    en: "service {service} of {file} must be on the host's network (network_mode: host), not {mode}: the participant calls the simulators on 127.0.0.1 of polihon's machine",
  },
  composeNotHostNetworkHint: {
    uk: 'додайте сервісу {service} рядок network_mode: host (і приберіть ports:, на мережі хоста порт контейнера і є порт машини); docs/uk/docker.md',
    en: "add network_mode: host to service {service} (and drop its ports:, on the host's network the container's port is the machine's); docs/en/docker.md",
  },
});
