// The global registry of the simulated Трембіта instance (what X-Road calls global configuration plus each security
// server's service and access-right configuration): members with their ЄДРПОУ, subsystems, services, providers and
// access rights per client subsystem. Read from YAML, validated with every error located, changeable at run time.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { PolihonError, type PolihonIssue } from '../../core/errors.ts';
import { checkEdrpou } from '../../core/identifiers/edrpou.ts';
import {
  formatXRoadId,
  parseXRoadId,
  xRoadPath,
  type XRoadClientId,
  type XRoadServiceId,
} from '../../core/identifiers/xroad-id.ts';

// X-Road forbids these in identifier parts (protocol-facts §1.2; PR-REST §4.8 is stricter still).
const IdPart = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^:;/\\%\s\u0000-\u001f]+$/, 'must not contain : ; / \\ % or whitespace');

export const SERVICE_TYPES = ['SOAP', 'REST', 'OPENAPI'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

const ProviderText = z
  .string()
  .regex(/^(simulated:[a-z][\w.-]*|simulator:[a-z][\w.-]*|participant)$/, "must be 'simulated:<name>', 'simulator:<name>' or 'participant'");

const PathPrefix = z.string().regex(/^(\/[^?#\s]*)?$/, "must be empty or start with '/' (no query)");

const ServiceSchema = z.strictObject({
  code: IdPart,
  version: IdPart.optional(),
  type: z.enum(SERVICE_TYPES),
  /** who answers: a service built into this simulator, another polihon simulator, or the participant */
  provider: ProviderText,
  /** path prefix on the provider: a REST call's path is appended to it; a SOAP call is posted to it */
  path: PathPrefix.optional(),
  title: z.string().max(300).optional(),
  /** target namespace of a SOAP service's messages (deliveries build their body in it) */
  namespace: z.string().min(1).optional(),
  /** where the provider publishes its WSDL (a path on the provider or a URL); generated when absent */
  wsdl: z.string().min(1).optional(),
  /** where the provider publishes its OpenAPI description (a path on the provider or a URL) */
  openapi: z.string().min(1).optional(),
  /** REST endpoints listed by listMethods (`*` wildcards allowed) */
  endpoints: z.array(z.strictObject({ method: z.string().regex(/^[A-Z]+$/), path: z.string().regex(/^\//) })).optional(),
  /** a disabled service answers ServiceDisabled with this notice */
  disabled: z.string().min(1).optional(),
});
export type ServiceConfig = z.infer<typeof ServiceSchema>;

const SubsystemSchema = z.strictObject({
  code: IdPart,
  name: z.string().max(300).optional(),
  services: z.array(ServiceSchema).default([]),
});

const MemberSchema = z.strictObject({
  code: IdPart,
  /** member class; the registry's default (GOV) when absent */
  class: IdPart.optional(),
  name: z.string().min(1).max(300),
  note: z.string().max(1000).optional(),
  subsystems: z.array(SubsystemSchema).default([]),
});
export type MemberConfig = z.infer<typeof MemberSchema>;

const AccessSchema = z.strictObject({
  /** a client id: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' or with its prefix 'SUBSYSTEM:...' */
  client: z.string().min(1),
  /** service ids; without a version a right covers every version of the service */
  services: z.array(z.string().min(1)).min(1),
});

export const RegistrySchema = z.strictObject({
  instance: IdPart,
  memberClass: IdPart.default('GOV'),
  members: z.array(MemberSchema).min(1),
  access: z.array(AccessSchema).default([]),
  /** defaults for POST /__polihon/deliver */
  deliver: z.strictObject({ client: z.string().min(1), userId: z.string().min(1).optional() }).optional(),
});
export type RegistryConfig = z.infer<typeof RegistrySchema>;
export type RegistryInput = z.input<typeof RegistrySchema>;

/** A run-time change: members, subsystems and services merged in; rights granted and revoked. */
export const RegistryPatchSchema = z.strictObject({
  members: z.array(MemberSchema).optional(),
  access: z.array(AccessSchema).optional(),
  revoke: z.array(AccessSchema).optional(),
  deliver: RegistrySchema.shape.deliver,
});
export type RegistryPatch = z.input<typeof RegistryPatchSchema>;

export type ProviderRef = { kind: 'simulated'; name: string } | { kind: 'simulator'; name: string } | { kind: 'participant' };

export interface ServiceEntry {
  id: XRoadServiceId;
  /** 'SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1' */
  idText: string;
  type: ServiceType;
  provider: ProviderRef;
  config: ServiceConfig;
  memberName: string;
  subsystemName?: string;
}

export interface ClientEntry {
  id: XRoadClientId;
  name: string;
  subsystemName?: string;
}

/** What the registry needs to know of the services built into the simulator. */
export interface BuiltinCatalog {
  /** built-in name -> the service type it implements */
  types: Readonly<Record<string, ServiceType>>;
}

export interface TrembitaRegistry {
  readonly config: RegistryConfig;
  readonly instance: string;
  /** whether a member or subsystem with this id is registered */
  hasClient(id: XRoadClientId): boolean;
  /** the service exactly (version included), or undefined */
  service(id: XRoadServiceId): ServiceEntry | undefined;
  /** SOAP, REST and OPENAPI services of one member or subsystem */
  servicesOf(provider: XRoadClientId): ServiceEntry[];
  isAllowed(client: XRoadClientId, service: ServiceEntry): boolean;
  /** every member and subsystem, for listClients */
  clients(): ClientEntry[];
  /** the default client of deliveries, if the registry names one */
  deliverClient(): XRoadClientId | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Building and checking

/** The provider id (member or subsystem) of a service id. */
export function providerOf(id: XRoadServiceId): XRoadClientId {
  const base = { xRoadInstance: id.xRoadInstance, memberClass: id.memberClass, memberCode: id.memberCode };
  return id.subsystemCode === undefined ? { objectType: 'MEMBER', ...base } : { objectType: 'SUBSYSTEM', ...base, subsystemCode: id.subsystemCode };
}

export function parseProvider(text: string): ProviderRef {
  if (text === 'participant') return { kind: 'participant' };
  const [kind, name] = text.split(':', 2) as ['simulated' | 'simulator', string];
  return { kind, name };
}

const key = (id: XRoadClientId | XRoadServiceId) => xRoadPath(id);

/** Parses a client id written with or without its type prefix. */
export function parseClientText(text: string): XRoadClientId | string {
  const r = parseXRoadId(text.trim());
  if (!r.ok) return r.reason;
  if (r.id.objectType === 'SERVICE') return `'${text}' is a service id; a client is INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`;
  return r.id;
}

/** Parses a service id written with or without 'SERVICE:'; 5 parts = subsystem + service, 6 = with version. */
export function parseServiceText(text: string): XRoadServiceId | string {
  const t = text.trim();
  const r = parseXRoadId(t.startsWith('SERVICE:') ? t : `SERVICE:${t}`);
  if (!r.ok) return r.reason;
  return r.id as XRoadServiceId;
}

interface Issue {
  path: PropertyKey[];
  message: string;
  hint?: string;
}

/** Cross-field checks zod cannot express; every issue with its path. */
function semanticIssues(config: RegistryConfig, builtins: BuiltinCatalog): Issue[] {
  const issues: Issue[] = [];
  const members = new Map<string, number>();
  config.members.forEach((m, mi) => {
    const cls = m.class ?? config.memberClass;
    const k = `${cls}/${m.code}`;
    if (members.has(k)) issues.push({ path: ['members', mi, 'code'], message: `member ${k} is listed twice (also members.${members.get(k)})` });
    members.set(k, mi);
    if (cls === 'GOV') {
      const e = checkEdrpou(m.code);
      if (!e.ok) issues.push({ path: ['members', mi, 'code'], message: `a GOV memberCode is the body's ЄДРПОУ: ${e.reason}`, hint: 'protocol-facts §4.1: memberCode = ЄДРПОУ, 8 digits, leading zeros kept' });
    }
    const subs = new Set<string>();
    m.subsystems.forEach((s, si) => {
      if (subs.has(s.code)) issues.push({ path: ['members', mi, 'subsystems', si, 'code'], message: `subsystem ${s.code} is listed twice in member ${m.code}` });
      subs.add(s.code);
      const services = new Set<string>();
      s.services.forEach((svc, vi) => {
        const at = ['members', mi, 'subsystems', si, 'services', vi];
        const sk = `${svc.code}/${svc.version ?? ''}`;
        if (services.has(sk)) issues.push({ path: [...at, 'code'], message: `service ${svc.code}${svc.version ? ' ' + svc.version : ''} is listed twice in ${s.code}` });
        services.add(sk);
        const provider = parseProvider(svc.provider);
        if (provider.kind === 'simulated') {
          const type = builtins.types[provider.name];
          if (!type) {
            issues.push({ path: [...at, 'provider'], message: `no built-in service '${provider.name}'`, hint: `built-in services: ${Object.keys(builtins.types).join(', ')}` });
          } else if ((type === 'SOAP') !== (svc.type === 'SOAP')) {
            issues.push({ path: [...at, 'type'], message: `built-in '${provider.name}' is a ${type} service, but the service is declared ${svc.type}` });
          }
        }
        if (svc.type === 'SOAP' && svc.endpoints) issues.push({ path: [...at, 'endpoints'], message: 'endpoints describe REST services only' });
      });
    });
  });
  const built = buildIndex(config);
  config.access.forEach((a, ai) => {
    const client = parseClientText(a.client);
    if (typeof client === 'string') issues.push({ path: ['access', ai, 'client'], message: client });
    else if (!built.clients.has(key(client))) issues.push({ path: ['access', ai, 'client'], message: `no member or subsystem ${formatXRoadId(client)} in the registry` });
    a.services.forEach((text, i) => {
      const svc = parseServiceText(text);
      if (typeof svc === 'string') issues.push({ path: ['access', ai, 'services', i], message: svc });
      else if (!matchingServices(built, svc).length) issues.push({ path: ['access', ai, 'services', i], message: `no service ${formatXRoadId(svc)} in the registry` });
    });
  });
  if (config.deliver) {
    const client = parseClientText(config.deliver.client);
    if (typeof client === 'string') issues.push({ path: ['deliver', 'client'], message: client });
    else if (!built.clients.has(key(client))) issues.push({ path: ['deliver', 'client'], message: `no member or subsystem ${formatXRoadId(client)} in the registry` });
  }
  return issues;
}

interface Index {
  clients: Map<string, ClientEntry>;
  services: Map<string, ServiceEntry>;
  byProvider: Map<string, ServiceEntry[]>;
}

function buildIndex(config: RegistryConfig): Index {
  const clients = new Map<string, ClientEntry>();
  const services = new Map<string, ServiceEntry>();
  const byProvider = new Map<string, ServiceEntry[]>();
  for (const m of config.members) {
    const base = { xRoadInstance: config.instance, memberClass: m.class ?? config.memberClass, memberCode: m.code };
    const memberId: XRoadClientId = { objectType: 'MEMBER', ...base };
    clients.set(key(memberId), { id: memberId, name: m.name });
    for (const s of m.subsystems) {
      const subId: XRoadClientId = { objectType: 'SUBSYSTEM', ...base, subsystemCode: s.code };
      clients.set(key(subId), { id: subId, name: m.name, ...(s.name ? { subsystemName: s.name } : {}) });
      const list: ServiceEntry[] = [];
      for (const svc of s.services) {
        const id: XRoadServiceId = {
          objectType: 'SERVICE',
          ...base,
          subsystemCode: s.code,
          serviceCode: svc.code,
          ...(svc.version === undefined ? {} : { serviceVersion: svc.version }),
        };
        const entry: ServiceEntry = {
          id,
          idText: formatXRoadId(id),
          type: svc.type,
          provider: parseProvider(svc.provider),
          config: svc,
          memberName: m.name,
          ...(s.name ? { subsystemName: s.name } : {}),
        };
        services.set(key(id), entry);
        list.push(entry);
      }
      byProvider.set(key(subId), list);
    }
  }
  return { clients, services, byProvider };
}

/** Services a right names: exactly, or every version when the right gives none. */
function matchingServices(index: Index, id: XRoadServiceId): ServiceEntry[] {
  if (id.serviceVersion !== undefined) {
    const s = index.services.get(key(id));
    return s ? [s] : [];
  }
  const provider = index.byProvider.get(key(providerOf(id))) ?? [];
  return provider.filter((s) => s.id.serviceCode === id.serviceCode);
}

/** Validates a parsed registry object; throws a PolihonError listing every problem (located when `locate` is given). */
export function validateRegistry(
  value: unknown,
  builtins: BuiltinCatalog,
  source = 'trembita registry',
  locate: (path: readonly PropertyKey[], atKey?: boolean) => string = (path) => `${source}: ${path.map(String).join('.') || '(top)'}`,
): RegistryConfig {
  const parsed = RegistrySchema.safeParse(value);
  const details: PolihonIssue[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const dotted = issue.path.map(String).join('.') || '(top level)';
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) {
          details.push({ where: locate([...issue.path, k], true), message: `unknown key '${k}' in ${dotted}`, hint: 'remove it or fix its spelling' });
        }
      } else {
        details.push({ where: locate(issue.path), message: `${dotted}: ${issue.message}` });
      }
    }
  } else {
    for (const i of semanticIssues(parsed.data, builtins)) {
      details.push({ where: locate(i.path), message: `${i.path.map(String).join('.')}: ${i.message}`, ...(i.hint ? { hint: i.hint } : {}) });
    }
  }
  if (details.length > 0) {
    throw new PolihonError('E_USAGE', `${source} is not a valid Трембіта registry (${details.length} problem${details.length > 1 ? 's' : ''})`, {
      where: source,
      details,
      hint: 'See simulators/trembita/README.md, "The registry", for the format.',
    });
  }
  return (parsed as { data: RegistryConfig }).data;
}

/** Reads registry YAML; every problem is reported at file:line:column. */
export function loadRegistryYaml(text: string, file: string, builtins: BuiltinCatalog): RegistryConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    throw new PolihonError('E_YAML_SYNTAX', `${file} is not valid YAML`, {
      where: file,
      details: doc.errors.map((e) => ({ where: at(e.pos[0]), message: e.message.split('\n')[0] ?? e.message })),
    });
  }
  return validateRegistry(doc.toJS({ maxAliasCount: 100 }), builtins, file, (path, atKey = false) => at(offsetOf(doc, path, atKey)));
}

function offsetOf(doc: Document, path: readonly PropertyKey[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [i, k] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(k));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      if (atKey && i === path.length - 1) break;
      node = pair.value;
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof k === 'number') {
      node = node.items[k];
      if (!(node as Node | null)?.range) break;
      offset = (node as Node).range![0];
    } else break;
  }
  return offset;
}

/** The registry's view over a validated config. */
export function createRegistry(config: RegistryConfig): TrembitaRegistry {
  const index = buildIndex(config);
  const rights = new Set<string>();
  for (const a of config.access) {
    const client = parseClientText(a.client) as XRoadClientId;
    for (const text of a.services) {
      for (const s of matchingServices(index, parseServiceText(text) as XRoadServiceId)) rights.add(`${key(client)} ${key(s.id)}`);
    }
  }
  const deliver = config.deliver ? (parseClientText(config.deliver.client) as XRoadClientId) : undefined;
  return {
    config,
    instance: config.instance,
    hasClient: (id) => index.clients.has(key(id)) && index.clients.get(key(id))!.id.objectType === id.objectType,
    service: (id) => index.services.get(key(id)),
    servicesOf: (provider) => [...(index.byProvider.get(key(provider)) ?? [])],
    isAllowed: (client, service) => rights.has(`${key(client)} ${key(service.id)}`),
    clients: () => [...index.clients.values()],
    deliverClient: () => deliver,
  };
}

/** Merges a run-time change into a config (not yet validated): members by code, subsystems by code, services by code+version. */
export function mergeRegistry(config: RegistryConfig, patch: z.infer<typeof RegistryPatchSchema>): unknown {
  const members = structuredClone(config.members);
  for (const m of patch.members ?? []) {
    const cls = m.class ?? config.memberClass;
    const existing = members.find((x) => x.code === m.code && (x.class ?? config.memberClass) === cls);
    if (!existing) {
      members.push(structuredClone(m));
      continue;
    }
    if (m.note !== undefined) existing.note = m.note;
    existing.name = m.name;
    for (const s of m.subsystems) {
      const sub = existing.subsystems.find((x) => x.code === s.code);
      if (!sub) {
        existing.subsystems.push(structuredClone(s));
        continue;
      }
      if (s.name !== undefined) sub.name = s.name;
      for (const svc of s.services) {
        const at = sub.services.findIndex((x) => x.code === svc.code && x.version === svc.version);
        if (at >= 0) sub.services[at] = structuredClone(svc);
        else sub.services.push(structuredClone(svc));
      }
    }
  }
  let access = structuredClone(config.access);
  for (const a of patch.access ?? []) access.push(structuredClone(a));
  for (const r of patch.revoke ?? []) {
    const client = parseClientText(r.client);
    const revoked = new Set(r.services.map((t) => normaliseServiceText(t)));
    access = access
      .map((a) => {
        const c = parseClientText(a.client);
        if (typeof c === 'string' || typeof client === 'string' || key(c) !== key(client)) return a;
        return { ...a, services: a.services.filter((t) => !revoked.has(normaliseServiceText(t))) };
      })
      .filter((a) => a.services.length > 0);
  }
  return { ...config, members, access, ...(patch.deliver ? { deliver: patch.deliver } : {}) };
}

function normaliseServiceText(text: string): string {
  const id = parseServiceText(text);
  return typeof id === 'string' ? text : key(id);
}
