// Трембіта's admission rule for mTLS runs (simulators/kit/admission.ts): the client a message claims — the
// X-Road-Client (r1) or Uxp-Client (UXP REST) header, or the SOAP header's <xroad:client> — must be the subsystem the
// caller's certificate binds, as a security server admits an information system only by the IS certificate registered
// for that client. A refusal is X-Road's own: Server.ClientProxy.SslAuthenticationFailed, as a SOAP fault on the SOAP
// face and an r1 / UXP REST error on the REST ones, with the faultstrings of X-Road's IsAuthentication.
import { randomUUID } from 'node:crypto';
import { xRoadPath } from '../../core/identifiers/xroad-id.ts';
import { readBytesLimited, sameSubsystem, type AdmissionRule, type Refusal } from '../kit/index.ts';
import { extractEnvelope, guessVersion } from './envelope.ts';
import { clientProxyFault, faultResponse, restErrorResponse, uxpErrorResponse, X } from './faults.ts';
import { readEnvelope } from './soap.ts';
import { DEFAULT_BODY_LIMIT } from './state.ts';

type Face = 'r1' | 'uxp' | 'meta' | 'soap';

function faceOf(request: Request): Face {
  const path = new URL(request.url).pathname;
  if (path.startsWith('/r1/')) return 'r1';
  if (path === '/restapi' || path.startsWith('/restapi/')) return 'uxp';
  if (request.method === 'GET' && ['/listClients', '/wsdl', '/signature'].includes(path)) return 'meta';
  return 'soap';
}

async function claimed(request: Request): Promise<string | undefined> {
  const face = faceOf(request);
  if (face === 'r1') return headerClaim(request.headers.get('x-road-client'));
  if (face === 'uxp') return headerClaim(request.headers.get('uxp-client'));
  if (face === 'meta' || request.method !== 'POST') return undefined;
  // past the limit the claim is not read: the message is refused for its size by Трембіта itself
  const bytes = await readBytesLimited(request, DEFAULT_BODY_LIMIT);
  if (!bytes) return undefined;
  const env = extractEnvelope(request.headers.get('content-type'), bytes);
  const client = readEnvelope(env.text, env.version).xroad.client;
  return client ? xRoadPath(client) : undefined;
}

/** The last value of a header a client may repeat, percent-decoded per part as Трембіта reads it. */
function headerClaim(value: string | null): string | undefined {
  const last = value?.split(',').pop()?.trim();
  if (!last) return undefined;
  try {
    return last
      .split('/')
      .map((p) => decodeURIComponent(p))
      .join('/');
  } catch {
    return last;
  }
}

function refuse(request: Request, refusal: Refusal): Response {
  const who = refusal.claimed ? `SUBSYSTEM:${refusal.claimed}` : 'unknown';
  const message =
    refusal.code === 'no-certificate'
      ? `Client (${who}) specifies HTTPS but did not supply TLS certificate`
      : `Client (${who}) TLS certificate does not match any IS certificates: ${refusal.reason}`;
  const fault = clientProxyFault(X.SslAuthenticationFailed, message);
  const detail = randomUUID();
  const extra = { 'x-polihon-admission': refusal.code };
  const face = faceOf(request);
  if (face === 'uxp') return uxpErrorResponse(fault, detail, request.headers.get('accept'), extra);
  if (face === 'r1' || face === 'meta') return restErrorResponse(fault, detail, request.headers.get('accept'), extra);
  return faultResponse(fault, detail, guessVersion(request.headers.get('content-type')), extra);
}

export const TREMBITA_ADMISSION: AdmissionRule = { claimed, admit: sameSubsystem, refuse };
