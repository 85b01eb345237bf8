// Reading a SOAP message off the wire as a security server does: the body within the size limit, the envelope by
// its content type (plain or multipart/related), its text in its declared charset, its SOAP version.
import { isUtf8Charset, readBytesLimited } from '../kit/index.ts';
import { SOAP11_CONTENT_TYPE, SOAP12_CONTENT_TYPE, X, XRoadFault, type SoapVersion } from './faults.ts';
import { decodeText, parseContentType, parseMultipart, rootPart, type MimePart } from './mime.ts';
import type { TrembitaState } from './state.ts';

export const readBytes = (s: TrembitaState, request: Request) => readBytesLimited(request, s.bodyLimit);

export const tooLarge = (s: TrembitaState) => `Request body exceeds the size limit of ${s.bodyLimit} bytes`;

export interface Envelope {
  version: SoapVersion;
  text: string;
  /** the SOAP part's bytes: the whole body, or the root MIME part */
  soapBytes: Buffer;
  multipart?: { data: Buffer; root: MimePart; boundary: string };
}

/** The SOAP envelope of a message by its content type; throws an unprefixed fault. */
export function extractEnvelope(contentType: string | null, data: Buffer): Envelope {
  const ct = parseContentType(contentType);
  if (!ct) throw new XRoadFault(X.InvalidRequest, 'Could not get content type from request');
  if (ct.type === 'multipart/related') {
    const boundary = ct.params.boundary;
    if (!boundary) throw new XRoadFault(X.MimeParsingFailed, 'Multipart content type has no boundary parameter');
    const parsed = parseMultipart(data, boundary);
    if (!parsed.ok) throw new XRoadFault(X.MimeParsingFailed, parsed.reason);
    const root = rootPart(parsed.parts, ct.params.start)!;
    const partType = parseContentType(root.headers['content-type'] ?? 'text/xml');
    const version = soapVersionOf(partType?.type ?? '', partType?.params['start-info'] ?? ct.params['start-info'] ?? ct.params.type);
    const text = soapText(root.body, partType?.params.charset, root.bodyStart);
    return { version, text, soapBytes: root.body, multipart: { data, root, boundary } };
  }
  const version = soapVersionOf(ct.type, ct.params['start-info']);
  return { version, text: soapText(data, ct.params.charset, 0), soapBytes: data };
}

/**
 * The SOAP part as text in its charset, or the fault a security server's XML parser gives for bytes that are not
 * in it (`start` places the part in the whole message, so the offset named is the message's).
 */
function soapText(bytes: Buffer, charset: string | undefined, start: number): string {
  const decoded = decodeText(bytes, charset);
  if (decoded.ok) return decoded.text;
  if (decoded.unsupported) throw new XRoadFault(X.InvalidContentType, `Unsupported charset: ${charset}`);
  const where = decoded.offset === undefined ? '' : ` at byte offset ${start + decoded.offset}`;
  throw new XRoadFault(X.InvalidSoap, `Malformed SOAP message: the message is not valid ${isUtf8Charset(charset?.trim().toLowerCase()) ? 'UTF-8' : charset}${where}`);
}

function soapVersionOf(type: string, startInfo: string | undefined): SoapVersion {
  if (type === 'text/xml') return '1.1';
  if (type === 'application/soap+xml') return '1.2';
  if (type === 'application/xop+xml') return /soap\+xml/i.test(startInfo ?? '') ? '1.2' : '1.1';
  throw new XRoadFault(X.InvalidContentType, `Invalid content type: ${type}`);
}

/** The SOAP version a fault should take before the request could be read. */
export function guessVersion(contentType: string | null): SoapVersion {
  return /application\/soap\+xml/i.test(contentType ?? '') ? '1.2' : '1.1';
}

export function soapContentType(version: SoapVersion): string {
  return version === '1.2' ? SOAP12_CONTENT_TYPE : SOAP11_CONTENT_TYPE;
}

/** A Buffer as a fetch body (Node's Buffers sit on plain ArrayBuffers, which the DOM typings want spelled out). */
export function bodyOf(b: Buffer): Uint8Array<ArrayBuffer> {
  return b as unknown as Uint8Array<ArrayBuffer>;
}
