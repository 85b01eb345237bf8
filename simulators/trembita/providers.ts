// The way out of the Трембіта simulator: where a service's provider lives (another simulator, the participant),
// the call to it with the security server's timeout and transport faults, injected faults applied before the call,
// and the caller's TLS certificate checked on the way in.
import { formatXRoadId, type XRoadClientId, type XRoadServiceId } from '../../core/identifiers/xroad-id.ts';
import { clientCertificateOf } from '../../core/pki.ts';
import type { ActiveFault } from '../../core/simulator.ts';
import { CHANNEL_HEADER, connectionReset, faultAnswer, TIME_HEADER } from '../kit/index.ts';
import type { ExchangeData } from './exchange.ts';
import { clientProxyFault, serverProxyFault, serviceFailed, X, XRoadFault } from './faults.ts';
import { providerOf, type ServiceEntry } from './registry.ts';
import { iso, type TrembitaState } from './state.ts';

export function providerBase(s: TrembitaState, entry: ServiceEntry): string | undefined {
  const p = entry.provider;
  const endpoints = s.ctx.endpoints;
  if (p.kind === 'simulator') return endpoints[p.name];
  if (p.kind === 'participant') {
    return entry.type === 'SOAP' ? endpoints['participant.provider'] : (endpoints['participant.rest'] ?? endpoints['participant.provider']);
  }
  return undefined;
}

export function providerUrl(s: TrembitaState, entry: ServiceEntry): string {
  const base = providerBase(s, entry);
  if (!base) throw serverProxyFault(X.ServiceMissingUrl, `Service address not specified for '${entry.idText}'`);
  return trimSlash(base) + (entry.config.path ?? '');
}

/** The party a journal entry names for a provider: 'participant', a simulator's name, or the member id. */
export function partyOf(s: TrembitaState, entry: ServiceEntry | undefined, service: XRoadServiceId | undefined): string {
  if (entry?.provider.kind === 'participant') return 'participant';
  if (service) return formatXRoadId(providerOf(service));
  return s.name;
}

export async function callProvider(s: TrembitaState, url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  const timeout = AbortSignal.timeout(s.providerTimeoutMs);
  try {
    return await s.ctx.fetch(url, { ...init, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    if (timeout.aborted) throw new XRoadFault(X.IOError, 'Read timed out');
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new XRoadFault(X.NetworkError, `${err instanceof Error ? err.message : String(err)}${cause}`);
  }
}

export function stampHeaders(s: TrembitaState, entry: ServiceEntry): Record<string, string> {
  // another simulator learns the channel (it journals the exchange as 'trembita'); the participant gets the clock
  return {
    [TIME_HEADER]: iso(s),
    ...(entry.provider.kind === 'simulator' ? { [CHANNEL_HEADER]: 'trembita' } : {}),
  };
}

/** A description the provider publishes: an absolute URL, or a path on the provider's base URL. */
export async function fetchDescription(s: TrembitaState, entry: ServiceEntry, where: string): Promise<string> {
  const url = /^https?:\/\//.test(where) ? where : `${trimSlash(providerBase(s, entry) ?? '')}${where}`;
  if (!/^https?:\/\//.test(url)) throw serverProxyFault(X.ServiceMissingUrl, `Service address not specified for '${entry.idText}'`);
  let res: Response;
  try {
    res = await callProvider(s, url, { method: 'GET', headers: stampHeaders(s, entry) });
  } catch (err) {
    throw err instanceof XRoadFault ? err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`) : err;
  }
  if (!res.ok) throw serverProxyFault(X.InternalError, `Failed reading service description from ${url}. Status: ${res.status} Reason: ${res.statusText}`);
  return res.text();
}

/** Applies an injected fault before the call goes on; a Response when the fault answers instead. */
export async function injected(fault: ActiveFault | undefined, signal: AbortSignal): Promise<XRoadFault | Response | undefined> {
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'latency':
      await faultAnswer(fault, signal);
      return undefined;
    case 'timeout':
      await faultAnswer(fault, signal);
      return serviceFailed(X.IOError, fault.message ?? 'Read timed out');
    case 'reset':
      return connectionReset();
    case 'error': {
      const status = fault.status ?? 500;
      return serviceFailed(X.HttpError, fault.message ?? `Server responded with error ${status}: ${reasonPhrase(status)}`);
    }
    case 'outage':
      return clientProxyFault(X.NetworkError, fault.message ?? `Could not connect to any target host (outage window, fault ${fault.id})`);
    default:
      return undefined;
  }
}

/**
 * The caller's TLS client certificate as the transport saw it, noted in `data`; under clientAuth 'https' a missing
 * or foreign one is refused as X-Road's IsAuthentication refuses it.
 */
export function checkClientCertificate(s: TrembitaState, req: Request, client: XRoadClientId, data: ExchangeData): void {
  const cert = clientCertificateOf(req.headers);
  data.clientCert = cert.status;
  if (cert.subject?.edrpou) data.clientCertEdrpou = cert.subject.edrpou;
  if (s.clientAuth !== 'https') return;
  const who = formatXRoadId(client);
  if (cert.status === 'none' || !cert.certPem) throw clientProxyFault(X.SslAuthenticationFailed, `Client (${who}) specifies HTTPS but did not supply TLS certificate`);
  const chains = cert.status === 'verified' && (!s.pki || s.pki.verifyChain(cert.certPem, s.ctx.clock.now()).ok);
  const owner = cert.subject?.edrpou === undefined || cert.subject.edrpou === client.memberCode;
  if (!chains || !owner) throw clientProxyFault(X.SslAuthenticationFailed, `Client (${who}) TLS certificate does not match any IS certificates`);
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A URL's path and query, as the journal names where a delivery went. */
export function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return phrases[status] ?? 'Error';
}
