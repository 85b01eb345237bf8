// TRB-02 / TRB-05: the participant's answer to a Трембіта delivery, judged from what the simulator received — the
// header echoed as X-Road's checkConsistency compares it, and errors the X-Road way (a SOAP Fault, the PR-MESS
// Annex D.2 fault element, a 4xx JSON body), never an HTML page or a bare transport error.
import { PolihonError } from '../../core/errors.ts';
import { msg, type Msg } from '../../core/i18n.ts';
import { childByLocal, elements, parseXml } from '../../simulators/trembita/public.ts';
import { joinMsgs, S } from '../steps/messages.ts';
import { check, type StepContext, type StepOutput } from '../steps/types.ts';

export type DeliverySpec = { of: unknown; echoed?: true | undefined; fault?: 'soap' | 'business' | 'rest' | undefined };
type HeaderDiffItem = { field?: string; problem?: string; expected?: string; actual?: string };

export function judgeDelivery(ctx: StepContext, spec: DeliverySpec): StepOutput {
  const d = spec.of as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || typeof d.status !== 'number') {
    throw new PolihonError('E_SCENARIO_REFERENCE', msg(S.deliveryNotOf), { hint: msg(S.deliveryNotOfHint) });
  }
  const status = d.status;
  const type = String(d.contentType ?? '');
  const body = typeof d.body === 'string' ? d.body : '';
  const refs = ctx.journal
    .entries({ predicate: (e) => e.to === 'participant' && e.kind === 'request' && typeof d.messageId === 'string' && e.messageId === d.messageId })
    .map((e) => e.seq);
  const shownType = type.split(';')[0] || msg(S.noContentType);
  const answered = body ? msg(S.answeredBody, { status, type: shownType, body: body.replace(/\s+/g, ' ').slice(0, 160) }) : msg(S.answeredEmpty, { status, type: shownType });
  const xml = /^(text\/xml|application\/soap\+xml|multipart\/related)\b/i.test(type.trim());
  const soapFault = d.isFault === true && xml && (status === 200 || status === 500);
  const out: ReturnType<typeof check>[] = [];
  if (spec.echoed) {
    const diff = (Array.isArray(d.headerDiff) ? d.headerDiff : []) as HeaderDiffItem[];
    const ok = d.echoed === true;
    const why = diff.length
      ? joinMsgs(diff.map(diffItem))
      : d.isFault === true
        ? msg(S.answeredSoapFault, { code: String(d.faultCode ?? '') })
        : msg(S.noHeader, { answered });
    out.push(
      check(msg(S.echoLabel), ok, ctx.covers, {
        expectedMsg: msg(S.echoExpected),
        ...(ok ? { actualMsg: msg(S.echoed) } : typeof why === 'string' ? { actual: why } : { actualMsg: why }),
        msg: ok ? msg(S.echoOk) : msg(S.notEchoed, { why }),
        journalRefs: refs,
      }),
    );
  }
  if (spec.fault === 'soap' || spec.fault === 'business') {
    const business = spec.fault === 'business' && status === 200 && xml && hasBusinessFault(body);
    const ok = soapFault || business;
    out.push(
      check(msg(spec.fault === 'soap' ? S.soapFaultLabel : S.businessFaultLabel), ok, ctx.covers, {
        expectedMsg: msg(spec.fault === 'soap' ? S.soapFaultExpected : S.businessFaultExpected),
        actualMsg: answered,
        msg: ok ? (business ? msg(S.businessFaultOk) : msg(S.soapFaultOk, { code: String(d.faultCode ?? '') })) : msg(S.participantAnswered, { answered }),
        journalRefs: refs,
      }),
    );
  }
  if (spec.fault === 'rest') {
    const ok = status >= 400 && status < 500 && (d.errorBody === 'json' || (/json/i.test(type) && isJson(body)));
    out.push(
      check(msg(S.restErrorLabel), ok, ctx.covers, {
        expectedMsg: msg(S.restErrorExpected),
        actualMsg: answered,
        msg: ok ? msg(S.restErrorOk, { status }) : msg(S.participantAnswered, { answered }),
        journalRefs: refs,
      }),
    );
  }
  return { assertions: out, journalRefs: refs };
}

const PROBLEMS: Record<string, Msg> = {
  missing: msg(S.problemMissing),
  changed: msg(S.problemChanged),
  extra: msg(S.problemExtra),
  order: msg(S.problemOrder),
};

/** One header field that did not come back as sent: 'userId: missing (sent UA1)'. */
function diffItem(x: HeaderDiffItem): Msg {
  const field = String(x.field);
  const problem = PROBLEMS[String(x.problem)] ?? String(x.problem);
  if (x.expected !== undefined && x.actual !== undefined) return msg(S.diffSentGot, { field, problem, sent: x.expected, got: x.actual });
  if (x.expected !== undefined) return msg(S.diffSent, { field, problem, sent: x.expected });
  if (x.actual !== undefined) return msg(S.diffGot, { field, problem, got: x.actual });
  return msg(S.diffItem, { field, problem });
}

/** Whether a SOAP response's wrapper carries the X-Road non-technical fault element (PR-MESS Annex D.2). */
function hasBusinessFault(text: string): boolean {
  const parsed = parseXml(text);
  if (!parsed.ok) return false;
  const body = elements(parsed.root).find((e) => e.local === 'Body');
  const wrapper = body ? elements(body)[0] : undefined;
  const fault = wrapper ? childByLocal(wrapper, 'fault') : undefined;
  return fault !== undefined && childByLocal(fault, 'faultCode') !== undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
