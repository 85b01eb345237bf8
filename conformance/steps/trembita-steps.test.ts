// The Трембіта step pieces on their own: the `delivery` and `participantRequest` assertions judge exactly what the
// security server saw, and say why; `trembita.deliver` takes the control answer as the delivery itself.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal, type Journal } from '../../core/journal.ts';
import { assertStep } from './assert.ts';
import { callStep } from './call.ts';
import { createStepContext } from './test-context.ts';
import type { StepContext } from './types.ts';

function context(journal?: Journal, control?: StepContext['control']): StepContext {
  return createStepContext({ covers: ['TRB-05'], ...(journal ? { journal } : {}), ...(control ? { control } : {}) });
}

const soap = (inner: string, header = '') =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>${header}</s:Header><s:Body>${inner}</s:Body></s:Envelope>`;

const judge = async (that: Record<string, unknown>, ctx = context()) => (await assertStep.run({ that } as never, ctx)).assertions;

describe('assert delivery', () => {
  it('a SOAP Fault in XML passes as `soap` at 500 or 200; HTML, plain text or a bare status do not', async () => {
    const fault = { status: 500, contentType: 'text/xml; charset=utf-8', isFault: true, faultCode: 'soapenv:Client.InvalidXml', body: soap('<s:Fault/>') };
    expect((await judge({ delivery: { of: fault, fault: 'soap' } }))[0]).toMatchObject({ outcome: 'pass', covers: ['TRB-05'] });
    expect((await judge({ delivery: { of: { ...fault, status: 200 }, fault: 'soap' } }))[0]!.outcome).toBe('pass');
    const html = { status: 500, contentType: 'text/html', isFault: false, body: '<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>' };
    const [a] = await judge({ delivery: { of: html, fault: 'soap' } });
    expect(a).toMatchObject({ outcome: 'fail' });
    expect(a!.message).toMatch(/^the participant answered 500 text\/html: <!DOCTYPE html>/);
    expect((await judge({ delivery: { of: { status: 502, contentType: 'text/xml', isFault: true, body: '' }, fault: 'soap' } }))[0]!.outcome).toBe('fail');
  });

  it('`business` takes the Annex D.2 fault element in a 200 response, or a SOAP Fault', async () => {
    const d2 = { status: 200, contentType: 'text/xml', isFault: false, body: soap('<p:XResponse xmlns:p="urn:p"><fault><faultCode>InvalidRnokpp</faultCode><faultString>x</faultString></fault></p:XResponse>') };
    expect((await judge({ delivery: { of: d2, fault: 'business' } }))[0]!.outcome).toBe('pass');
    const plain = { status: 200, contentType: 'text/xml', isFault: false, body: soap('<p:XResponse xmlns:p="urn:p"><registered>false</registered></p:XResponse>') };
    expect((await judge({ delivery: { of: plain, fault: 'business' } }))[0]!.outcome).toBe('fail');
    const text500 = { status: 500, contentType: 'text/plain', isFault: false, body: 'Internal Server Error: InvalidRnokpp' };
    expect((await judge({ delivery: { of: text500, fault: 'business' } }))[0]!.message).toBe('the participant answered 500 text/plain: Internal Server Error: InvalidRnokpp');
  });

  it('`rest` wants a 4xx JSON error body', async () => {
    expect((await judge({ delivery: { of: { status: 422, contentType: 'application/json', body: '{"type":"x"}', errorBody: 'json' }, fault: 'rest' } }))[0]!.outcome).toBe('pass');
    expect((await judge({ delivery: { of: { status: 400, contentType: 'application/json', body: '{' }, fault: 'rest' } }))[0]!.outcome).toBe('fail');
    expect((await judge({ delivery: { of: { status: 500, contentType: 'application/json', body: '{}' }, fault: 'rest' } }))[0]!.outcome).toBe('fail');
  });

  it('`echoed` reads the simulator’s verdict and names each differing field', async () => {
    expect((await judge({ delivery: { of: { status: 200, contentType: 'text/xml', echoed: true }, echoed: true } }))[0]!.outcome).toBe('pass');
    const [a] = await judge({
      delivery: {
        of: { status: 200, contentType: 'text/xml', echoed: false, headerDiff: [{ field: 'userId', problem: 'missing', expected: 'UA1' }, { field: 'protocolVersion', problem: 'changed', expected: '4.0', actual: '3.1' }] },
        echoed: true,
      },
    });
    expect(a!.message).toBe('not echoed: userId: missing (sent UA1); protocolVersion: changed (sent 4.0, got 3.1)');
  });

  it('refers to a delivery or is a scenario error; it needs something to judge', async () => {
    await expect(judge({ delivery: { of: 'nothing', echoed: true } })).rejects.toMatchObject({ code: 'E_SCENARIO_REFERENCE' });
    expect(assertStep.check!({ that: { delivery: { of: {} } } } as never)).toMatchObject({ message: expect.stringMatching(/needs `echoed: true` or `fault`/) });
  });
});

describe('assert participantRequest', () => {
  it('passes on a matching request and otherwise says what was sent instead', async () => {
    const clock = createVirtualClock(0);
    const journal = createJournal({ clock, wallTime: () => 0 });
    const base = { kind: 'request', channel: 'trembita', from: 'participant', service: 'trembita.soap' } as const;
    journal.append({ ...base, to: 'trembita', data: { faultCode: 'Client.MissingHeaderField', faultString: "Required field 'client' is missing" } });
    journal.append({ ...base, to: 'X', data: { serviceId: 'S', clientId: 'C', protocolVersion: '4.0' } });
    const ctx = context(journal);
    expect((await judge({ participantRequest: { service: 'trembita.soap', match: { serviceId: 'S', clientId: 'C' } } }, ctx))[0]).toMatchObject({ outcome: 'pass', journalRefs: [2] });
    const [a] = await judge({ participantRequest: { service: 'trembita.soap', match: { serviceId: 'S', userId: 'UA1' } } }, ctx);
    expect(a!.outcome).toBe('fail');
    expect(a!.message).toBe(
      "no trembita.soap request with serviceId=S, userId=UA1; the participant sent #1 (the security server's fault Client.MissingHeaderField: Required field 'client' is missing); #2 (userId missing)",
    );
    expect((await judge({ participantRequest: { service: 'trembita.rest', match: { serviceId: 'S' } } }, ctx))[0]!.message).toBe('the participant sent no trembita.rest request at all');
  });
});

describe('call trembita.deliver', () => {
  it('takes the control answer itself as the delivery: status 0 is the participant unreachable, a withheld one is not', async () => {
    const ctx = (body: unknown) => context(undefined, async () => ({ status: 200, body }));
    const out = await callStep.run({ action: 'trembita.deliver', with: {}, expectStatus: '2xx' }, ctx({ status: 200, echoed: true }));
    expect(out.assertions[0]).toMatchObject({ outcome: 'pass', actual: 200 });
    expect(out.outputs).toMatchObject({ status: 200, echoed: true });
    await expect(callStep.run({ action: 'trembita.deliver', with: {} }, ctx({ status: 0, error: 'connect ECONNREFUSED' }))).rejects.toMatchObject({ code: 'E_SUT_UNREACHABLE' });
    await expect(callStep.run({ action: 'trembita.deliver', with: {} }, ctx({ withheld: true, status: 0 }))).resolves.toMatchObject({ assertions: [] });
  });
});
