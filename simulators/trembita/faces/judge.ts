// The judge: what a provider's answer is worth, as the provider's security server reads it — a SOAP answer it can
// pass on or not, a service fault, whether the header echoes the request's (TRB-02), what an error body is. Its
// verdicts go into the journal's `data` (echoed, headerDiff, faultCode, responseWrapper, errorBody), where the
// conformance steps read them; the simulator itself refuses an answer only under strictEcho.
import { X, XRoadFault, serviceFailed, type SoapVersion } from '../faults.ts';
import { extractEnvelope, type Envelope } from '../envelope.ts';
import { reasonPhrase } from '../providers.ts';
import { compareEcho, readResponse, withRequestHash, type HeaderDiff, type SoapMessage } from '../soap.ts';
import type { XmlElement } from '../xml.ts';

export interface SoapAnalysis {
  status: number;
  contentType: string;
  text: string;
  version?: SoapVersion;
  /** what the provider's security server makes of an answer it cannot pass on */
  ssFault?: XRoadFault;
  fault?: { code: string; string: string };
  echoed: boolean;
  headerDiff: HeaderDiff[];
  wrapper?: string;
  /** the answer as the client receives it: requestHash added */
  forwardBody?: Buffer | string;
  forwardText?: string;
}

/** Reads a provider's SOAP answer as the provider's security server does, and judges the echo rule. */
export async function analyseSoapAnswer(res: Response, requestFields: XmlElement[], hash: string): Promise<SoapAnalysis> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? '';
  const base: SoapAnalysis = { status: res.status, contentType, text: bytes.toString('utf8'), echoed: false, headerDiff: [] };
  const failed = (err: unknown): SoapAnalysis => {
    if (!(err instanceof XRoadFault)) throw err;
    return { ...base, ssFault: err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`) };
  };
  if (res.status !== 200 && res.status !== 500) {
    return { ...base, ssFault: serviceFailed(X.HttpError, `Server responded with error ${res.status}: ${res.statusText || reasonPhrase(res.status)}`) };
  }
  let env: Envelope;
  let msg: SoapMessage;
  try {
    env = extractEnvelope(contentType, bytes);
    msg = readResponse(env.text, env.version);
  } catch (err) {
    return failed(err);
  }
  if (msg.fault) return { ...base, version: env.version, fault: msg.fault, text: env.text };
  const echo = compareEcho(requestFields, msg.fields);
  const hashed = withRequestHash(msg, hash);
  let forwardBody: Buffer | string = hashed;
  if (env.multipart) {
    const { data, root } = env.multipart;
    forwardBody = Buffer.concat([data.subarray(0, root.bodyStart), Buffer.from(hashed, 'utf8'), data.subarray(root.bodyEnd)]);
  }
  return {
    ...base,
    version: env.version,
    echoed: echo.echoed,
    headerDiff: echo.diff,
    ...(msg.wrapper ? { wrapper: msg.wrapper.local } : {}),
    forwardBody,
    forwardText: typeof forwardBody === 'string' ? forwardBody : forwardBody.toString('utf8'),
  };
}

/** The journal outcome of a delivered SOAP call, from the judge's reading of the answer. */
export function soapOutcome(analysis: SoapAnalysis): string {
  return analysis.ssFault ? `provider-error:${analysis.ssFault.code}` : analysis.fault ? 'service-fault' : analysis.echoed ? 'answered' : 'answered:not-echoed';
}

/** The verdict fields of a delivered SOAP answer, as the journal's `data` and the delivery's result both carry them. */
export function soapVerdict(analysis: SoapAnalysis): Record<string, unknown> {
  const faultCode = analysis.fault?.code;
  return {
    ...(analysis.headerDiff.length ? { headerDiff: analysis.headerDiff } : {}),
    ...(faultCode !== undefined ? { faultCode, faultString: analysis.fault!.string } : {}),
  };
}

export interface RestAnalysis {
  /** the body as JSON, when it says it is JSON and parses */
  parsed: unknown;
  /** an error answer's body: 'json', 'invalid-json', 'html', 'text' or 'none'; undefined below 400 */
  errorBody: string | undefined;
}

/** Reads a provider's REST answer: its JSON if any, and what kind of body an error answer carries. */
export function analyseRestAnswer(status: number, contentType: string, text: string): RestAnalysis {
  let parsed: unknown;
  try {
    parsed = /json/i.test(contentType) ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const errorBody = status < 400 ? undefined : /json/i.test(contentType) ? (parsed === undefined ? 'invalid-json' : 'json') : /html/i.test(contentType) ? 'html' : text === '' ? 'none' : 'text';
  return { parsed, errorBody };
}
