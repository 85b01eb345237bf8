// The Трембіта simulator's state, explicit: everything the faces read or change lives in one object handed to them,
// so a face is a plain module over it and a second simulator in the same process shares nothing with the first.
import { readFileSync } from 'node:fs';
import type { TestPki } from '../../core/pki.ts';
import { createRng, deriveSeed, type Rng } from '../../core/random.ts';
import { createFaultSet, type FaultSet, type SimulatorContext } from '../../core/simulator.ts';
import { createBackgroundWork } from '../kit/index.ts';
import { createMessageArchive, createSeededSigner, createTestPkiSigner, type ArchiveSigner } from './archive.ts';
import { createRegistry, loadRegistryYaml, validateRegistry, type RegistryConfig, type RegistryInput, type TrembitaRegistry } from './registry.ts';
import { BUILTIN_CATALOG, createBuiltinData } from './services.ts';

/** Journal `service` names of the Трембіта simulator's exchanges. */
export const TREMBITA_SERVICES = {
  soap: 'trembita.soap',
  rest: 'trembita.rest',
  meta: 'trembita.meta',
  /** a built-in service called at its own address, around the security server (faces/direct.ts; channel 'direct') */
  direct: 'trembita.direct',
} as const;

/** Fault-injection names for a whole protocol (a service's own id text works too, see README). */
export const TREMBITA_FAULT_TARGETS = { soap: 'trembita.soap', rest: 'trembita.rest', uxp: 'trembita.uxp', deliver: 'trembita.deliver' } as const;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_PROVIDER_TIMEOUT_MS = 30_000;
export const REGISTRY_YAML_URL = new URL('./registry.yaml', import.meta.url);

export interface TrembitaOptions {
  /** the registry: an object in the registry.yaml shape, or YAML text; default simulators/trembita/registry.yaml */
  registry?: RegistryInput | { yaml: string; file?: string };
  /** largest request body in bytes; larger ones get a fault (default 1 MiB) */
  bodyLimit?: number;
  /** signs the message archive; default a security-server certificate from `pki`, else a seeded Ed25519 key */
  signer?: ArchiveSigner;
  /** the run's test PKI: the archive's signing certificate comes from it, and client certificates are checked against it */
  pki?: TestPki;
  /**
   * How the participant's information system authenticates to its security server (X-Road's connection type):
   * 'none' (default) takes any caller; 'https' wants a TLS client certificate that the transport verified, that
   * chains to `pki` when given, and whose ЄДРПОУ (if it carries one) is the client's member code.
   */
  clientAuth?: 'none' | 'https';
  /**
   * Enforce the echo rule as a real consumer security server does: a participant provider's response whose header
   * differs from the request's becomes Server.ClientProxy.ServiceFailed.InconsistentResponse. Default false: the
   * answer passes and the journal records `echoed`, for the conformance engine to judge.
   */
  strictEcho?: boolean;
  /** real ms a provider may take before the call fails (default 30 s) */
  providerTimeoutMs?: number;
  settle?: () => Promise<void>;
}

let defaultRegistry: RegistryConfig | undefined;

/** The bundled registry.yaml, validated once. */
export function loadDefaultRegistry(): RegistryConfig {
  defaultRegistry ??= loadRegistryYaml(readFileSync(REGISTRY_YAML_URL, 'utf8'), 'simulators/trembita/registry.yaml', BUILTIN_CATALOG);
  return structuredClone(defaultRegistry);
}

function initialRegistry(input: TrembitaOptions['registry']): RegistryConfig {
  if (input === undefined) return loadDefaultRegistry();
  if ('yaml' in input && typeof input.yaml === 'string') return loadRegistryYaml(input.yaml, input.file ?? 'trembita registry', BUILTIN_CATALOG);
  return validateRegistry(input, BUILTIN_CATALOG);
}

/** A UUID v4 from the seeded generator, so a run's message ids and fault details reproduce. */
export function seededUuid(rng: Rng): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(rng.int(0, 255));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One Трембіта simulator's state. `ctx` is the host's: its journal (where every exchange is recorded), clock,
 * seeded random stream, outbound fetch and the parties' endpoints — the participant's provider among them.
 * `registry` is the live view the faces route by; the participant face replaces it (the participant taking the
 * registry's participant slot), `reset` brings back `initial`.
 */
export interface TrembitaState {
  readonly name: 'trembita';
  readonly ctx: SimulatorContext;
  readonly initial: RegistryConfig;
  registry: TrembitaRegistry;
  readonly faults: FaultSet;
  readonly builtinData: ReturnType<typeof createBuiltinData>;
  readonly archive: ReturnType<typeof createMessageArchive>;
  /** UXP transaction ids of SOAP answers: their own stream, so adding them shifts no other id a run draws */
  readonly transactionRng: Rng;
  /** `${client} ${messageId}` -> seq of the first request entry with it (TRB-06) */
  readonly seenIds: Map<string, number>;
  /** deliveries in flight, for idle() */
  readonly background: ReturnType<typeof createBackgroundWork>;
  readonly bodyLimit: number;
  readonly providerTimeoutMs: number;
  readonly clientAuth: 'none' | 'https';
  readonly strictEcho: boolean;
  readonly pki: TestPki | undefined;
}

export function createTrembitaState(ctx: SimulatorContext, options: TrembitaOptions = {}): TrembitaState {
  const initial = initialRegistry(options.registry);
  // the signing key has its own stream, so signing never shifts the ids and fault details a run draws
  const signer =
    options.signer ??
    (options.pki ? createTestPkiSigner(options.pki, { now: () => ctx.clock.now() }) : createSeededSigner(createRng(deriveSeed(ctx.rng.seed, 'trembita.archive'))));
  return {
    name: 'trembita',
    ctx,
    initial,
    registry: createRegistry(initial),
    faults: createFaultSet(),
    builtinData: createBuiltinData(),
    archive: createMessageArchive(signer),
    transactionRng: createRng(deriveSeed(ctx.rng.seed, 'trembita.transaction')),
    seenIds: new Map(),
    background: createBackgroundWork(),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    providerTimeoutMs: options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
    clientAuth: options.clientAuth ?? 'none',
    strictEcho: options.strictEcho ?? false,
    pki: options.pki,
  };
}

/** Back to the initial registry, with no faults, remembered ids, archived messages or seeded data. */
export function resetState(s: TrembitaState): void {
  s.registry = createRegistry(structuredClone(s.initial));
  s.faults.clear();
  s.seenIds.clear();
  s.archive.clear();
  s.builtinData.reset();
}

/** The simulator's clock as an ISO time. */
export const iso = (s: TrembitaState): string => new Date(s.ctx.clock.now()).toISOString();

/** A fresh id from the run's seeded stream. */
export const uuid = (s: TrembitaState): string => seededUuid(s.ctx.rng);
