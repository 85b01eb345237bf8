// Security-server errors as the X-Road/UXP security server sends them (protocol-facts §1.6, §2): SOAP faults with HTTP 200,
// `text/xml; charset=utf-8` and `SOAPAction: ""`; REST errors as `{type, message, detail}` with `X-Road-Error`.
// Codes are the CamelCase ones of ErrorCodes.java (X-Road 6/7, which UXP descends from), joined to a prefix.
import { escapeText } from './xml.ts';

/** Error codes (ErrorCodes.java), used with a prefix: `Client.InvalidSoap`, `Server.ServerProxy.AccessDenied`. */
export const X = {
  IOError: 'IOError',
  NetworkError: 'NetworkError',
  InternalError: 'InternalError',
  BadRequest: 'BadRequest',
  InvalidRequest: 'InvalidRequest',
  HttpError: 'HttpError',
  InvalidContentType: 'InvalidContentType',
  InvalidSoapAction: 'InvalidSoapAction',
  InvalidHttpMethod: 'InvalidHttpMethod',
  InvalidMessage: 'InvalidMessage',
  MimeParsingFailed: 'MimeParsingFailed',
  MissingHeader: 'MissingHeader',
  MissingHeaderField: 'MissingHeaderField',
  DuplicateHeaderField: 'DuplicateHeaderField',
  MissingBody: 'MissingBody',
  InvalidBody: 'InvalidBody',
  InconsistentHeaders: 'InconsistentHeaders',
  InconsistentResponse: 'InconsistentResponse',
  MissingSoap: 'MissingSoap',
  InvalidSoap: 'InvalidSoap',
  InvalidXml: 'InvalidXml',
  AccessDenied: 'AccessDenied',
  ServiceDisabled: 'ServiceDisabled',
  ServiceFailed: 'ServiceFailed',
  UnknownService: 'UnknownService',
  UnknownMember: 'UnknownMember',
  InvalidProtocolVersion: 'InvalidProtocolVersion',
  InvalidClientIdentifier: 'InvalidClientIdentifier',
  ServiceType: 'ServiceType',
  ServiceMissingUrl: 'ServiceMissingUrl',
  SslAuthenticationFailed: 'SslAuthenticationFailed',
} as const;

/** Prefixes: the client's own message (Client), the consumer's security server, the provider's security server. */
export const PREFIX = { client: 'Client', clientProxy: 'Server.ClientProxy', serverProxy: 'Server.ServerProxy' } as const;

/** A security-server error: a full fault code and its faultstring. */
export class XRoadFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'XRoadFault';
  }

  /** The same error one hop further out, e.g. `ServiceFailed.X` -> `Server.ServerProxy.ServiceFailed.X`. */
  withPrefix(prefix: string): XRoadFault {
    return new XRoadFault(`${prefix}.${this.code}`, this.message);
  }
}

export const clientFault = (code: string, message: string) => new XRoadFault(`${PREFIX.client}.${code}`, message);
export const clientProxyFault = (code: string, message: string) => new XRoadFault(`${PREFIX.clientProxy}.${code}`, message);
export const serverProxyFault = (code: string, message: string) => new XRoadFault(`${PREFIX.serverProxy}.${code}`, message);
/** The provider's service misbehaved, as the provider's security server reports it. */
export const serviceFailed = (code: string, message: string) => new XRoadFault(`${PREFIX.serverProxy}.${X.ServiceFailed}.${code}`, message);

export const NS_SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export type SoapVersion = '1.1' | '1.2';

export const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';
export const SOAP12_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';

/**
 * The fault envelope. SOAP 1.1 exactly as X-Road's SoapFault.createFaultXml writes it (empty faultactor,
 * `detail/faultDetail` without a namespace). SOAP 1.2 carries the same code as a Subcode under env:Sender
 * (Client.*) or env:Receiver (Server.*): UXP's exact 1.2 form is not public (README, deviations).
 */
export function faultEnvelope(code: string, message: string, detail: string, version: SoapVersion = '1.1'): string {
  if (version === '1.2') {
    const value = code.startsWith('Client') ? 'env:Sender' : 'env:Receiver';
    return (
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<env:Envelope xmlns:env="${NS_SOAP12}"><env:Body><env:Fault>` +
      `<env:Code><env:Value>${value}</env:Value><env:Subcode><env:Value>${escapeText(code)}</env:Value></env:Subcode></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${escapeText(message)}</env:Text></env:Reason>` +
      `<env:Detail><faultDetail xmlns="">${escapeText(detail)}</faultDetail></env:Detail>` +
      '</env:Fault></env:Body></env:Envelope>'
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS_SOAP11}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
    `<faultcode>${escapeText(code)}</faultcode>` +
    `<faultstring>${escapeText(message)}</faultstring>` +
    '<faultactor></faultactor>' +
    `<detail><faultDetail xmlns="">${escapeText(detail)}</faultDetail></detail>` +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}

/** A security-server SOAP fault answer: HTTP 200, the SOAP version's content type, `SOAPAction: ""`. */
export function faultResponse(fault: XRoadFault, detail: string, version: SoapVersion = '1.1', extra: Record<string, string> = {}): Response {
  return new Response(faultEnvelope(fault.code, fault.message, detail, version), {
    status: 200,
    headers: { 'content-type': version === '1.2' ? SOAP12_CONTENT_TYPE : SOAP11_CONTENT_TYPE, soapaction: '""', ...extra },
  });
}

/** HTTP status of a REST error: 500 for security-server side errors (`Server.*`), 400 for the client's (`Client.*`). */
export function restStatus(code: string): number {
  return code.startsWith('Server.') ? 500 : 400;
}

/**
 * An r1 error: JSON `{type, message, detail}` (XML `<error>` when the client's Accept asks for XML, as X-Road does),
 * `X-Road-Error: <type>`.
 */
export function restErrorResponse(fault: XRoadFault, detail: string, accept: string | null, extra: Record<string, string> = {}): Response {
  const xml = acceptsXml(accept);
  const body = xml
    ? `<?xml version="1.0" encoding="UTF-8"?><error><type>${escapeText(fault.code)}</type><message>${escapeText(fault.message)}</message><detail>${escapeText(detail)}</detail></error>`
    : JSON.stringify({ type: fault.code, message: fault.message, detail });
  return new Response(body, {
    status: restStatus(fault.code),
    headers: { 'content-type': `${xml ?? 'application/json'}; charset=utf-8`, 'x-road-error': fault.code, ...extra },
  });
}

/** X-Road answers errors in XML when Accept names text/xml, application/xml or text/*; JSON otherwise. */
function acceptsXml(accept: string | null): string | undefined {
  if (!accept) return undefined;
  for (const item of accept.split(',')) {
    const type = item.split(';', 1)[0]!.trim().toLowerCase();
    if (type === 'text/xml' || type === 'application/xml') return type;
    if (type === 'text/*') return 'text/xml';
  }
  return undefined;
}

/**
 * A UXP REST error (`/restapi`): the r1 JSON body, with the fault also in `uxp-faultcode` / `uxp-faultstring`
 * (the only public hint of UXP's own form, protocol-facts §4.3; header values are made ASCII-safe).
 */
export function uxpErrorResponse(fault: XRoadFault, detail: string, accept: string | null, extra: Record<string, string> = {}): Response {
  const res = restErrorResponse(fault, detail, accept, extra);
  res.headers.delete('x-road-error');
  res.headers.set('uxp-faultcode', fault.code);
  res.headers.set('uxp-faultstring', asciiHeader(fault.message));
  return res;
}

/** A header value fetch accepts: non-Latin-1 characters percent-encoded, line breaks dropped. */
export function asciiHeader(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, (c) => encodeURIComponent(c));
}
