// One scenario's world: its simulators on loopback with the scenario's virtual clock — Трембіта always among them,
// with the participant's own X-Road identity in its registry's participant slot —, seeded with the scenario's people,
// the participant told where they are. The runner asks it for everything but the steps, stop rules and roll-up.
import { kyivDate, type CalendarOptions } from '../core/calendar.ts';
import type { Clock } from '../core/clock.ts';
import { PolihonError } from '../core/errors.ts';
import { msg, render } from '../core/i18n.ts';
import type { Journal } from '../core/journal.ts';
import { contractPerson, createPeople } from '../core/people.ts';
import type { ScenarioWarning } from '../core/results.ts';
import { fileStore } from '../simulators/eis/public.ts';
import { createSimulatorHost, simulatorsInProcess, type SimulatorHost } from '../simulators/host.ts';
import { admissionOf, SIMULATORS, type ParticipantSlot, type ScenarioPerson, type SimulatorEntry, type SimulatorName } from '../simulators/registry.ts';
import { pagesForPeople, type AdmissionRefused } from '../simulators/transport/admission.ts';
import type { ControlAttempt } from '../simulators/transport/control-port.ts';
import { serveSimulators } from '../simulators/transport/http-server.ts';
import { createDriverClient, type DriverClient } from './driver.ts';
import { CTL, R } from './messages.ts';
import type { PreparedMtls } from './mtls.ts';
import { createActivity, createSettler, isClockRead, type Activity } from './settle.ts';
import type { LoadedScenario, PARTICIPANT_KEYS } from './scenario.ts';
import type { StepContext } from './steps/types.ts';
import type { SutProfile } from './sut-profile.ts';

export { simulatorsInProcess } from '../simulators/host.ts';

export { contractPerson };

/**
 * The participant slot of Трембіта's registry (simulators/trembita/registry.yaml): the subsystem whose services are
 * `provider: participant`, with the rights to call МВС's and ДМС's services and ДМС's right to call it. A profile
 * with another `identity` takes the slot's place for the run.
 */
export const PARTICIPANT_SLOT = { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', subsystem: 'RTG_prod' } as const;

/** `${participant.<key>}` of scenarios: the identity the participant has on Трембіта in this run. */
export type ParticipantScope = Record<(typeof PARTICIPANT_KEYS)[number], string>;

/**
 * The participant's X-Road identity: the profile's, else the slot's. A profile identity without a subsystem gets the
 * slot's subsystem code (REST services live in subsystems).
 * Example: participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678' } }).client
 *   -> 'SEVDEIR-TEST/GOV/12345678/RTG_prod'
 */
export function participantScope(profile: Pick<SutProfile, 'identity'>): ParticipantScope {
  const id = profile.identity ?? PARTICIPANT_SLOT;
  const subsystem = id.subsystem ?? PARTICIPANT_SLOT.subsystem;
  return {
    client: `${id.instance}/${id.memberClass}/${id.memberCode}/${subsystem}`,
    instance: id.instance,
    memberClass: id.memberClass,
    memberCode: id.memberCode,
    edrpou: id.memberCode,
    subsystem,
  };
}

/** X-Road forbids these in identifier parts (PR-MESS); '/' would also break the textual form. */
const BAD_ID_PART = /[:;/\\%\s\u0000-\u001f\u007f]/;

/** Throws E_PROFILE_INVALID for an identity part X-Road could not carry. */
export function checkIdentityParts(p: ParticipantScope): void {
  for (const key of ['instance', 'memberClass', 'memberCode', 'subsystem'] as const) {
    if (BAD_ID_PART.test(p[key])) {
      throw new PolihonError('E_PROFILE_INVALID', msg(R.badIdentityPart, { key, value: p[key] }), { hint: msg(R.badIdentityPartHint) });
    }
  }
}

interface RegistryAccess {
  client: string;
  services: string[];
}
interface RegistryView {
  instance: string;
  config: {
    memberClass: string;
    members: { code: string; class?: string; name: string; subsystems: { code: string; name?: string; services: unknown[] }[] }[];
    access: RegistryAccess[];
  };
}

const withoutPrefix = (id: string) => id.replace(/^(MEMBER|SUBSYSTEM|SERVICE):/, '');

/**
 * The registry change that puts the participant in the slot's place: its member and subsystem with the slot's
 * services, the slot's rights as a client given to it, others' rights to the slot's services given for its services,
 * and all of the slot's rights revoked (so a participant calling under the slot's name is refused as a stranger).
 * Undefined when the participant already is the slot.
 */
export function slotReplacement(view: RegistryView, participant: ParticipantScope, name: string): Record<string, unknown> | undefined {
  const slot = participantScope({ identity: PARTICIPANT_SLOT });
  if (participant.client === slot.client) return undefined;
  const cls = (m: { class?: string }) => m.class ?? view.config.memberClass;
  const slotSubsystem = view.config.members
    .find((m) => m.code === slot.memberCode && cls(m) === slot.memberClass)
    ?.subsystems.find((s) => s.code === slot.subsystem);
  if (!slotSubsystem) {
    throw new PolihonError('E_INTERNAL', msg(R.noSlot, { client: slot.client }), { hint: msg(R.noSlotHint) });
  }
  const isSlotService = (text: string) => withoutPrefix(text).startsWith(`${slot.client}/`);
  const ours = (text: string) => `${participant.client}/${withoutPrefix(text).slice(slot.client.length + 1)}`;
  const asClient = view.config.access.filter((a) => withoutPrefix(a.client) === slot.client);
  const toSlot = view.config.access
    .filter((a) => withoutPrefix(a.client) !== slot.client && a.services.some(isSlotService))
    .map((a) => ({ client: a.client, services: a.services.filter(isSlotService) }));
  return {
    members: [
      {
        code: participant.memberCode,
        class: participant.memberClass,
        name,
        subsystems: [{ code: participant.subsystem, ...(slotSubsystem.name ? { name: slotSubsystem.name } : {}), services: slotSubsystem.services }],
      },
    ],
    access: [
      ...asClient.map((a) => ({ client: participant.client, services: a.services })),
      ...toSlot.map((a) => ({ client: a.client, services: a.services.map(ours) })),
    ],
    revoke: [...asClient, ...toSlot],
  };
}

/** The participant's identity in the place of the slot of a register the run keeps (Трембіта's registry). */
async function admit(slot: ParticipantSlot, participant: ParticipantScope, name: string): Promise<void> {
  const registry = slot.read() as RegistryView;
  if (participant.instance !== registry.instance) {
    throw new PolihonError('E_PROFILE_INVALID', msg(R.wrongInstance, { instance: participant.instance, registry: registry.instance }), {
      hint: msg(R.wrongInstanceHint, { registry: registry.instance }),
    });
  }
  const change = slotReplacement(registry, participant, name);
  if (!change) return;
  const set = await slot.change(change);
  if (!set.ok) {
    const detail = (set.body as { detail?: string } | undefined)?.detail ?? JSON.stringify(set.body).slice(0, 300);
    throw new PolihonError('E_PROFILE_INVALID', msg(R.cannotRegister, { client: participant.client, detail }), { hint: msg(R.cannotRegisterHint) });
  }
}

export interface WorldOptions {
  scenario: LoadedScenario;
  profile: SutProfile;
  /** the run's journal: every scenario's exchanges on one chain */
  journal: Journal;
  /** the scenario's virtual clock */
  clock: Clock;
  calendar: CalendarOptions;
  settleMs: number;
  driverTimeoutMs?: number;
  /** serve the participant's ports over mTLS and admit each call by its certificate (conformance/mtls.ts) */
  mtls?: PreparedMtls;
  /** the run's file of ЄІС МВС messaging records: this scenario's go in a section of their own, named by its id */
  messagingFile?: string;
}

/**
 * `${people.*}`, `${addresses.*}` and `${eddr.*}` of the scenario: its people as made for this world; and
 * `${simulators.<name>}`: where each simulator is served (a `ui` step's camera films a simulator's page).
 */
export interface WorldScope {
  people: Record<string, unknown>;
  addresses: Record<string, unknown>;
  /** ЄДДР's state as seeded, by name: what an act about the person must say of a first entry (contracts §1) */
  eddr: Record<string, { known: boolean; firstEntry: boolean }>;
  /** each simulator's base URL on loopback, e.g. http://127.0.0.1:41234 */
  simulators: Record<string, string>;
}

export interface World {
  /** the simulators, driven in-process by the harness (steps' `host`) */
  readonly host: SimulatorHost;
  readonly participant: ParticipantScope;
  /** what the participant tried on the control API through the simulators' ports (refused and journalled) */
  readonly controlAttempts: readonly ControlAttempt[];
  /** in an mTLS run: the participant's calls refused for their certificate (journalled) */
  readonly admissionRefusals: readonly AdmissionRefused[];
  /** calls a simulator's control API in-process (steps' `control`) */
  readonly control: StepContext['control'];
  /**
   * Serves the simulators, admits the participant, seeds the people and resets the participant's driver. A failure
   * here is the scenario's error.
   */
  open(): Promise<OpenWorld>;
  /** stops serving; the simulators' state goes with the world */
  close(): Promise<void>;
}

/** What there is once the world is open. */
export interface OpenWorld {
  driver: DriverClient;
  scope: WorldScope;
  /** waits until the participant is quiet at the clock's current time (steps' `settle`) */
  settle(signal: AbortSignal): Promise<{ hinted: boolean; nextWake?: number }>;
}

/**
 * Creates one scenario's simulators (throws — the scenario's error, no step run — for an identity X-Road could not
 * carry); `open()` does the rest. Every simulator, Трембіта included: the participant's exchanges go through it
 * (DMS-09, XCH-05), and ДМС asks the participant through it under the participant's own identity.
 * Example: const world = createWorld({ scenario, profile, journal, clock, calendar, settleMs: 300 }); await world.open().
 */
export function createWorld(options: WorldOptions): World {
  const { scenario, profile } = options;
  const participant = participantScope(profile);
  const endpoints: Record<string, string | undefined> = { 'participant.provider': profile.endpoints.provider };
  const timeoutMs = options.driverTimeoutMs ?? 5_000;
  let served: Record<string, string> = {};
  const activity = createActivity();
  const attempts: ControlAttempt[] = [];
  const refusals: AdmissionRefused[] = [];
  checkIdentityParts(participant);
  const outbound = simulatorsInProcess(() => ({ host, urls: served }), (request) => activity.track(() => fetch(request)));
  const messagingStore = options.messagingFile ? fileStore(options.messagingFile, { section: scenario.id }) : undefined;
  const host: SimulatorHost = createSimulatorHost({
    clock: options.clock,
    journal: options.journal,
    seed: scenario.seed,
    calendar: options.calendar,
    fetch: (input, init) => outbound(new Request(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) })),
    endpoints,
    options: {
      dms: { xroad: { participant: participant.client } },
      diia: { xroad: { participant: participant.client } },
      // an mTLS run: the participant's signatures must chain to the run's CA, and its certificate is the one an ОТД binds
      eis: {
        xroad: { participant: participant.client },
        ...(messagingStore ? { messagingStore } : {}),
        ...(options.mtls ? { pki: options.mtls.pki, presented: options.mtls.certificate.sha256 } : {}),
      },
    },
  });
  let server: Awaited<ReturnType<typeof serveSimulators>> | undefined;
  const lines = () => (Object.entries(SIMULATORS) as [SimulatorName, SimulatorEntry][]).filter(([name]) => host.simulators[name]);

  const control: StepContext['control'] = async (simulator, method, path, body) => {
    if (!host.simulators[simulator]) {
      throw new PolihonError('E_SCENARIO_REFERENCE', msg(R.noSimulator, { simulator }), { hint: msg(R.simulatorsHint, { list: Object.keys(host.simulators).join(', ') }) });
    }
    const answer = await host.request(simulator, method, path, body);
    return { status: answer.status, body: answer.body };
  };

  const open = async (): Promise<OpenWorld> => {
    // the participant's ports: the published faces, the clock and health; the harness drives the rest in-process
    const mtls = options.mtls;
    server = await serveSimulators(tracked(host, activity), {
      host: '127.0.0.1',
      basePort: 0,
      controlApi: 'participant',
      onControlRefused: (a) => void attempts.push(a),
      // certificates judged at the scenario's virtual instant; each simulator's own rule from its registry line
      ...(mtls
        ? {
            tls: mtls.tls,
            admission: {
              verify: (pem: string) => mtls.pki.verifyChain(pem, options.clock.now()),
              rules: Object.fromEntries(lines().map(([name, entry]) => [name, admissionOf(entry, host.simulators[name]!)])),
              onRefused: (r: AdmissionRefused) => void refusals.push(r),
              forPeople: pagesForPeople(Object.fromEntries(lines().map(([name, entry]) => [name, entry.served.filter(([kind]) => kind === 'web').flatMap(([, ...paths]) => paths)]))),
            },
          }
        : {}),
    });
    Object.assign(endpoints, server.urls);
    served = server.urls;
    const driver = createDriverClient(profile.endpoints.driver, { timeoutMs });
    const settler = createSettler({ activity, driver, settleMs: options.settleMs, idle: () => host.idle() });
    const settle = async (signal: AbortSignal) => {
      const hint = await settler.settle(options.clock.now(), signal);
      return { hinted: settler.hints === true, ...(hint?.nextWake !== undefined ? { nextWake: hint.nextWake } : {}) };
    };

    // scenario data: seeded synthetic people, known to ЄДДР unless the scenario says otherwise
    const factory = createPeople({ seed: scenario.seed, referenceDate: kyivDate(scenario.startMs) });
    const scope: WorldScope = { people: {}, addresses: {}, eddr: {}, simulators: { ...server.urls } };
    const seedPeople: ScenarioPerson[] = [];
    for (const [name, spec] of Object.entries(scenario.people)) {
      const p = factory.person({ ...(spec.sex ? { sex: spec.sex } : {}), ...(spec.age !== undefined ? { age: spec.age } : {}) });
      scope.people[name] = contractPerson(p);
      scope.addresses[name] = { katottg: p.address.katottg, text: p.address.text };
      seedPeople.push({ name, person: scope.people[name], inEddr: spec.inEddr !== false });
      scope.eddr[name] = { known: spec.inEddr !== false, firstEntry: spec.inEddr === false };
    }
    // the participant's X-Road identity takes the registry's participant slot for this scenario; each simulator of
    // the run takes what its registry line says it needs of the scenario's people
    for (const [name, entry] of lines()) {
      if (entry.participantSlot) await admit(entry.participantSlot(host.get(name)), participant, profile.name);
    }
    for (const [name, entry] of lines()) {
      const body = entry.seed?.(seedPeople);
      if (body === undefined) continue;
      const seeded = await control(name, 'POST', '/__polihon/seed', body);
      if (seeded.status >= 300) throw new PolihonError('E_INTERNAL', msg(R.seedRefused, { simulator: name, status: seeded.status, body: String(JSON.stringify(seeded.body)).slice(0, 300) }));
    }
    const reset = await driver.call('POST', '/reset', { simulators: server.urls, clock: `${server.urls.dms ?? Object.values(server.urls)[0]}/__polihon/clock` });
    if (reset.status >= 300) throw new PolihonError('E_DRIVER', msg(R.resetRefused, { status: reset.status }), { hint: msg(R.resetRefusedHint) });
    return { driver, scope, settle };
  };

  return {
    host,
    participant,
    controlAttempts: attempts,
    admissionRefusals: refusals,
    control,
    open,
    close: async () => {
      await server?.close().catch(() => undefined);
      messagingStore?.close?.();
    },
  };
}

/** At most this many different control calls are named one by one in a scenario's warnings; the journal has all. */
const NAMED_CONTROL_CALLS = 20;

/** One warning per different control call (simulator, method, path) with how often it came, the first 20 named. */
export function controlWarnings(attempts: readonly ControlAttempt[]): ScenarioWarning[] {
  const calls = new Map<string, { simulator: string; call: string; refs: number[] }>();
  for (const a of attempts) {
    const key = `${a.simulator} ${a.method} ${a.path}`;
    const seen = calls.get(key);
    if (seen) seen.refs.push(a.entry.seq);
    else calls.set(key, { simulator: a.simulator, call: `${a.method} ${a.path}`, refs: [a.entry.seq] });
  }
  const all = [...calls.values()];
  const warnings = all.slice(0, NAMED_CONTROL_CALLS).map((c) => {
    const m = msg(CTL.called, { call: c.call, simulator: c.simulator, n: c.refs.length });
    return { message: render(m, 'en'), msg: m, journalRefs: c.refs };
  });
  const rest = all.slice(NAMED_CONTROL_CALLS);
  if (rest.length) {
    const m = msg(CTL.more, { n: rest.reduce((n, c) => n + c.refs.length, 0) });
    warnings.push({ message: render(m, 'en'), msg: m, journalRefs: rest.flatMap((c) => c.refs) });
  }
  return warnings;
}

/**
 * The host as the HTTP server sees it: each simulator's handle counted in the activity, except clock reads (a
 * participant polling the clock is waiting, not working).
 */
function tracked(host: SimulatorHost, activity: Activity): SimulatorHost {
  const simulators: SimulatorHost['simulators'] = {};
  for (const [name, sim] of Object.entries(host.simulators)) {
    const handle = sim.handle.bind(sim);
    simulators[name] = Object.assign(Object.create(sim) as typeof sim, {
      handle: (request: Request) => (isClockRead(request) ? handle(request) : activity.track(() => handle(request), request.method === 'GET' || request.method === 'HEAD')),
    });
  }
  return { ...host, simulators };
}
