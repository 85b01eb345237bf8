// X-Road / Трембіта identifiers of clients and services, and their textual form
// 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod' used in docs, logs and error texts (protocol-facts §1.2, §4.1).

import { type CheckResult, fail, quote } from './check.ts';
import { checkEdrpou } from './edrpou.ts';

/** Трембіта's test instance; production is 'SEVDEIR'. */
export const INSTANCE_TEST = 'SEVDEIR-TEST';
export const INSTANCE_PROD = 'SEVDEIR';
/** The only member class the Трембіта guides document. */
export const MEMBER_CLASS_GOV = 'GOV';

/** memberCodes (= ЄДРПОУ) of the bodies polihon simulates. */
export const MEMBERS = {
  MVS: '00032684',
  DIIA: '43395033',
  // Seen as a GOV memberCode in a public X-Road client config and checksum-valid, but not confirmed as ДМС's ЄДРПОУ.
  DMS: '37508470',
} as const;

export interface XRoadClientId {
  objectType: 'MEMBER' | 'SUBSYSTEM';
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
}

export interface XRoadServiceId {
  objectType: 'SERVICE';
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
  serviceCode: string;
  serviceVersion?: string;
}

export type XRoadId = XRoadClientId | XRoadServiceId;

/**
 * The textual form with its type prefix.
 * Example: formatXRoadId({ objectType: 'SUBSYSTEM', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV',
 * memberCode: '00032684', subsystemCode: 'MIA_prod' }) -> 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod'.
 */
export function formatXRoadId(id: XRoadId): string {
  return `${id.objectType}:${xRoadPath(id)}`;
}

/** The form without the type prefix, as X-Road-Client / Uxp-Client / Uxp-Service headers and r1 URLs carry it. */
export function xRoadPath(id: XRoadId): string {
  const parts = [id.xRoadInstance, id.memberClass, id.memberCode];
  if (id.subsystemCode !== undefined) parts.push(id.subsystemCode);
  if (id.objectType === 'SERVICE') {
    parts.push(id.serviceCode);
    if (id.serviceVersion !== undefined) parts.push(id.serviceVersion);
  }
  return parts.join('/');
}

// X-Road forbids these in identifier parts; '/' and ':' would also break the textual form.
const FORBIDDEN = /[:;/\\%\u0000-\u001f\u007f]/;

/**
 * Parses the textual form, with or without the type prefix.
 * Without a prefix the part count decides: 3 MEMBER, 4 SUBSYSTEM, 5 or 6 SERVICE.
 * A service is read as living in a subsystem (the X-Road 6+ norm), so 'SERVICE:I/C/M/A/B' is subsystem A,
 * service B; a service of a bare member has exactly 4 parts.
 */
export function parseXRoadId(text: string): CheckResult<{ id: XRoadId }> {
  if (typeof text !== 'string' || text.trim() === '') return fail('X-Road identifier is empty');
  const colon = text.indexOf(':');
  const prefix = colon >= 0 ? text.slice(0, colon) : undefined;
  const parts = (colon >= 0 ? text.slice(colon + 1) : text).split('/');
  for (const [i, part] of parts.entries()) {
    if (part === '') return fail(`part ${i + 1} of X-Road identifier ${quote(text)} is empty`);
    if (part !== part.trim()) return fail(`part ${quote(part)} of X-Road identifier has leading or trailing spaces`);
  }
  const [xRoadInstance, memberClass, memberCode, a, b, c] = parts as [string, string, string, string?, string?, string?];
  const type = prefix ?? (['MEMBER', 'SUBSYSTEM', 'SERVICE', 'SERVICE'] as const)[parts.length - 3];
  const expects = (counts: number[], shape: string): CheckResult<{ id: XRoadId }> | undefined =>
    counts.includes(parts.length)
      ? undefined
      : fail(`${type} identifier must be ${shape}, got ${parts.length} parts in ${quote(text)}`);
  switch (type) {
    case 'MEMBER':
      return expects([3], 'INSTANCE/CLASS/MEMBER') ?? ok({ objectType: 'MEMBER', xRoadInstance, memberClass, memberCode });
    case 'SUBSYSTEM':
      return (
        expects([4], 'INSTANCE/CLASS/MEMBER/SUBSYSTEM') ??
        ok({ objectType: 'SUBSYSTEM', xRoadInstance, memberClass, memberCode, subsystemCode: a as string })
      );
    case 'SERVICE': {
      const bad = expects([4, 5, 6], 'INSTANCE/CLASS/MEMBER[/SUBSYSTEM]/SERVICE[/VERSION]');
      if (bad) return bad;
      const base = { objectType: 'SERVICE', xRoadInstance, memberClass, memberCode } as const;
      if (parts.length === 4) return ok({ ...base, serviceCode: a as string });
      const service: XRoadServiceId = { ...base, subsystemCode: a as string, serviceCode: b as string };
      if (c !== undefined) service.serviceVersion = c;
      return ok(service);
    }
    case undefined:
      return fail(`X-Road identifier ${quote(text)} must have 3 to 6 '/'-separated parts, got ${parts.length}`);
    default:
      return fail(`object type ${quote(type)} is not one of MEMBER, SUBSYSTEM, SERVICE`);
  }
}

function ok(id: XRoadId): CheckResult<{ id: XRoadId }> {
  for (const [field, value] of Object.entries(id)) {
    if (field !== 'objectType' && FORBIDDEN.test(value as string)) {
      return fail(`${field} ${quote(value as string)} contains a character X-Road forbids (: ; / \\ % or a control)`);
    }
  }
  return { ok: true, id };
}

export interface XRoadIdCheckOptions {
  /**
   * Whether a GOV memberCode must be a checksum-valid ЄДРПОУ (default true). Turn it off for guide examples
   * such as 'SEVDEIR-TEST/GOV/00000001/SUB_1', whose placeholder codes fail the checksum.
   */
  requireEdrpou?: boolean;
}

/** Validates a client identifier's parts: instance, member class, member code (ЄДРПОУ for GOV), subsystem. */
export function checkXRoadClientId(id: XRoadClientId, opts: XRoadIdCheckOptions = {}): CheckResult {
  if (id.objectType !== 'MEMBER' && id.objectType !== 'SUBSYSTEM') {
    return fail(`client objectType must be MEMBER or SUBSYSTEM, got ${quote(String(id.objectType))}`);
  }
  if (id.objectType === 'SUBSYSTEM' && !id.subsystemCode) return fail('SUBSYSTEM identifier needs a subsystemCode');
  if (id.objectType === 'MEMBER' && id.subsystemCode !== undefined) {
    return fail(`MEMBER identifier must not have a subsystemCode (got ${quote(id.subsystemCode)}); use SUBSYSTEM`);
  }
  return checkCommonParts(id, opts);
}

/** Validates a service identifier: the provider's parts as for a client, plus a service code. */
export function checkXRoadServiceId(id: XRoadServiceId, opts: XRoadIdCheckOptions = {}): CheckResult {
  if (id.objectType !== 'SERVICE') return fail(`service objectType must be SERVICE, got ${quote(String(id.objectType))}`);
  const common = checkCommonParts(id, opts);
  if (!common.ok) return common;
  const service = checkPart('serviceCode', id.serviceCode);
  if (service) return service;
  if (id.serviceVersion !== undefined) {
    const version = checkPart('serviceVersion', id.serviceVersion);
    if (version) return version;
  }
  return { ok: true };
}

function checkCommonParts(id: XRoadId, opts: XRoadIdCheckOptions): CheckResult {
  const problem =
    checkPart('xRoadInstance', id.xRoadInstance) ??
    checkPart('memberClass', id.memberClass) ??
    checkPart('memberCode', id.memberCode) ??
    (id.subsystemCode !== undefined ? checkPart('subsystemCode', id.subsystemCode) : undefined);
  if (problem) return problem;
  if (!/^[A-Za-z0-9_-]+$/.test(id.memberClass)) {
    return fail(`memberClass ${quote(id.memberClass)} must be a short code of Latin letters, e.g. GOV`);
  }
  if (id.memberClass === MEMBER_CLASS_GOV && opts.requireEdrpou !== false) {
    const edrpou = checkEdrpou(id.memberCode);
    if (!edrpou.ok) return fail(`memberCode of a GOV member must be its ЄДРПОУ: ${edrpou.reason}`);
  }
  return { ok: true };
}

function checkPart(field: string, value: unknown): { ok: false; reason: string } | undefined {
  if (typeof value !== 'string' || value.trim() === '') return fail(`${field} must not be empty`);
  if (FORBIDDEN.test(value)) return fail(`${field} ${quote(value)} contains a character X-Road forbids (: ; / \\ % or a control)`);
  if (value !== value.trim()) return fail(`${field} ${quote(value)} has leading or trailing spaces`);
  return undefined;
}
