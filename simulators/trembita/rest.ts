// REST over the security server: X-Road r1 paths and headers (protocol-facts §2) and UXP's /restapi headers (protocol-facts §4.3),
// which headers reach the provider, and the request hash of X-Road-Request-Hash.
import { createHash } from 'node:crypto';
import type { XRoadClientId, XRoadServiceId } from '../../core/identifiers/xroad-id.ts';
import { clientFault, X } from './faults.ts';

/** Hop-by-hop and transport headers a security server does not pass on (RFC 9110 §7.6.1 and PR-REST §4.3). */
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'user-agent',
  'server',
  'content-length',
  'expect',
]);

/** UXP's own headers: a UXP security server sets them itself, a client's or a service's values are not passed on. */
const UXP_HEADERS = /^uxp-/;
/**
 * r1 headers the security server sets itself on the way to the provider: X-Road 7.x RestRequest drops the client's
 * X-Road-Request-Id and X-Road-Request-Hash and adds its own X-Road-Request-Id; every other X-Road-* header
 * (X-Road-Client, -Id, -UserId, -Issue, -Represented-Party, custom ones) reaches the provider as the client sent it.
 */
const R1_REQUEST_OWN = new Set(['x-road-request-id', 'x-road-request-hash']);
/** r1 headers of a provider's answer the security server replaces (RestResponse); others, Set-Cookie too, pass. */
const R1_ANSWER_OWN = new Set(['x-road-id', 'x-road-client', 'x-road-request-id', 'x-road-request-hash']);
/** polihon's own plumbing headers, never passed between the parties. */
const POLIHON = /^x-polihon-/;

export type RestProtocol = 'r1' | 'uxp';

/** The client's headers a provider receives: all but hop-by-hop ones and those the security server sets itself. */
export function passedHeaders(headers: Headers, protocol: RestProtocol = 'r1'): [string, string][] {
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    const n = name.toLowerCase();
    if (DROPPED.has(n) || POLIHON.test(n)) return;
    if (protocol === 'r1' ? R1_REQUEST_OWN.has(n) : UXP_HEADERS.test(n) || n.startsWith('x-road-')) return;
    out.push([n, value]);
  });
  return out;
}

/**
 * A provider's answer headers the client receives (the security server then adds its own). Content-Encoding goes
 * because the body reaches polihon already decoded (fetch), so the header would no longer be true of it.
 */
export function answerHeaders(headers: Headers, protocol: RestProtocol = 'r1'): [string, string][] {
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    const n = name.toLowerCase();
    if (DROPPED.has(n) || POLIHON.test(n) || n === 'content-encoding') return;
    if (protocol === 'r1' ? R1_ANSWER_OWN.has(n) : UXP_HEADERS.test(n) || n.startsWith('x-road-')) return;
    out.push([n, value]);
  });
  return out;
}

/**
 * The value of a header that may have come several times: fetch joins repeats with ', ', and X-Road 7.x
 * (RestRequest.decodeHeaders) keeps the last one it reads. A raw comma cannot be part of a percent-encoded id.
 */
export function lastHeaderValue(value: string | null): string | null {
  if (value === null) return null;
  const parts = value.split(',');
  return parts.length > 1 ? parts.at(-1)!.trim() : value;
}

function decodePart(part: string, what: string): string {
  try {
    const v = decodeURIComponent(part);
    if (v === '') throw new Error('empty');
    return v;
  } catch {
    throw clientFault(X.BadRequest, `Invalid ${what}: '${part}' is not a percent-encoded UTF-8 identifier part`);
  }
}

export interface R1Target {
  service: XRoadServiceId;
  /** the rest of the path after the service code: '' or '/…' (raw, still percent-encoded) */
  servicePath: string;
}

/**
 * Reads `/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/{SERVICE}[/path]` from a raw (not decoded) path. The subsystem
 * is required, as in X-Road's RestRequest (a member-level service would be ambiguous with a path).
 */
export function parseR1Path(rawPath: string): R1Target {
  const parts = rawPath.split('/');
  // ['', 'r1', I, C, M, S, SERVICE, ...path]
  if (parts[1] !== 'r1') throw clientFault(X.BadRequest, `Unsupported protocol version ${parts[1] ?? ''}; use r1`);
  if (parts.length < 7 || parts.slice(2, 7).some((p) => p === '')) {
    throw clientFault(
      X.BadRequest,
      'Error parsing the client\u2019s REST request: the path must be /r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/{SERVICE}[/path] (X-Road Message Protocol for REST, r1)',
    );
  }
  const [xRoadInstance, memberClass, memberCode, subsystemCode, serviceCode] = parts.slice(2, 7).map((p) => decodePart(p, 'service identifier')) as [string, string, string, string, string];
  const rest = parts.slice(7);
  return {
    service: { objectType: 'SERVICE', xRoadInstance, memberClass, memberCode, subsystemCode, serviceCode },
    servicePath: rest.length ? `/${rest.join('/')}` : '',
  };
}

/** Reads `INSTANCE/CLASS/MEMBER[/SUBSYSTEM]` (each part percent-encoded) from X-Road-Client or Uxp-Client. */
export function parseClientHeader(value: string, header: string): XRoadClientId {
  const parts = value.trim().split('/');
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => p === '')) {
    throw clientFault(X.BadRequest, `Invalid ${header} header '${value}': expected INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`);
  }
  const [xRoadInstance, memberClass, memberCode, subsystemCode] = parts.map((p) => decodePart(p, `${header} header`)) as [string, string, string, string?];
  return subsystemCode === undefined
    ? { objectType: 'MEMBER', xRoadInstance, memberClass, memberCode }
    : { objectType: 'SUBSYSTEM', xRoadInstance, memberClass, memberCode, subsystemCode };
}

/** Reads `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]` from Uxp-Service. */
export function parseUxpService(value: string): XRoadServiceId {
  const parts = value.trim().split('/');
  if (parts.length < 5 || parts.length > 6 || parts.some((p) => p === '')) {
    throw clientFault(X.BadRequest, `Invalid Uxp-Service header '${value}': expected INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]`);
  }
  const [xRoadInstance, memberClass, memberCode, subsystemCode, serviceCode, serviceVersion] = parts.map((p) => decodePart(p, 'Uxp-Service header')) as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  return { objectType: 'SERVICE', xRoadInstance, memberClass, memberCode, subsystemCode, serviceCode, ...(serviceVersion ? { serviceVersion } : {}) };
}

/** The header form of an id (no type prefix), each part percent-encoded as PR-REST §4.1 asks. */
export function headerId(id: XRoadClientId | XRoadServiceId): string {
  const parts = [id.xRoadInstance, id.memberClass, id.memberCode];
  if (id.subsystemCode !== undefined) parts.push(id.subsystemCode);
  if (id.objectType === 'SERVICE') {
    parts.push(id.serviceCode);
    if (id.serviceVersion !== undefined) parts.push(id.serviceVersion);
  }
  return parts.map((p) => encodeURIComponent(p)).join('/');
}

/**
 * X-Road-Request-Hash: base64 SHA-512( SHA-512(request head) ‖ SHA-512(body) ), or base64 SHA-512(request head)
 * when there is no body. polihon's canonical request head (README, "Request hash"):
 *
 *     METHOD CRLF
 *     raw request target as received (`/r1/…?query`, `/restapi/…?query`) CRLF
 *     for each header the provider receives, sorted by lower-case name: name ":" value CRLF
 *
 * where the headers include X-Road-Id and X-Road-Request-Id (UXP: Uxp-QueryID and uxp-transaction-id).
 */
export function restRequestHash(method: string, target: string, headers: [string, string][], body: Uint8Array): string {
  const sorted = [...headers].map(([n, v]) => [n.toLowerCase(), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let head = `${method.toUpperCase()}\r\n${target}\r\n`;
  for (const [n, v] of sorted) head += `${n}:${v}\r\n`;
  const headDigest = createHash('sha512').update(head, 'utf8').digest();
  if (body.byteLength === 0) return headDigest.toString('base64');
  const bodyDigest = createHash('sha512').update(body).digest();
  return createHash('sha512').update(Buffer.concat([headDigest, bodyDigest])).digest('base64');
}
