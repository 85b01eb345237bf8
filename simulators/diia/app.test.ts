import { describe, expect, it } from 'vitest';
import { maskText } from '../../core/mask.ts';
import { BODY_LIMIT, JOURNAL_ENTRY_HEADER } from '../kit/index.ts';
import { childByLocal, elements, parseXml } from '../trembita/public.ts';
import { cp1251 } from '../testing.ts';
import { groupDigits, isEan13, qrLink, type PresentAnswer } from './public.ts';
import { diiaWorld, r1, soapEnvelope, soapRequest, TREMBITA } from './test-support.ts';

const OFFICIAL = {
  id: 'kovalenko',
  lastName: 'Коваленко',
  firstName: 'Ірина',
  middleName: 'Олегівна',
  position: 'головний спеціаліст',
  organisation: 'Тестова РДА (polihon)',
  credential: { series: 'АБ', number: '123456', issueDate: '2025-02-01', expiryDate: '2030-02-01', chip: true },
  contacts: { phone: '+380501234567', email: 'iryna.kovalenko@example.com' },
};

async function presented(w = diiaWorld()) {
  expect((await w.control('/__polihon/officials', { officials: [OFFICIAL] })).status).toBe(200);
  const p = await w.control('/__polihon/present', { official: 'kovalenko' });
  expect(p.status).toBe(201);
  return { w, p: p.body as unknown as PresentAnswer };
}

const verify = (w: ReturnType<typeof diiaWorld>, body: unknown, headers?: Record<string, string>) => w.trembita.handle(r1('/verifications', body, headers));

describe('REST verification through Трембіта (ECredentialVerification_v1)', () => {
  it('answers valid with exactly the ten fields, then code-used; journals both on the trembita channel', async () => {
    const { w, p } = await presented();
    const res = await verify(w, { barcode: p.barcode });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ result: 'valid', verificationId: expect.stringMatching(/^[0-9a-f-]{36}$/), verifiedAt: '2026-03-10T08:00:00.000Z' });
    expect(body.credential).toEqual({
      state: 'active',
      title: 'Службове посвідчення',
      fullName: 'Коваленко Ірина Олегівна',
      position: 'головний спеціаліст',
      issueDate: '2025-02-01',
      seriesNumber: 'АБ 123456',
      issuingBody: 'Тестова РДА (polihon)',
      photo: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
      expiryDate: '2030-02-01',
      contacts: { phone: '+380501234567', email: 'iryna.kovalenko@example.com' },
    });
    const again = await verify(w, { qrCode: p.qrCode });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await again.json()).toMatchObject({ code: 'code-used', status: 409, title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
    const entries = w.ctx.journal.entries({ service: 'diia.verify', kind: 'response' });
    expect(entries.map((e) => [e.channel, e.from, e.outcome, e.data?.result, e.data?.code])).toEqual([
      ['trembita', 'diia', 'valid', 'valid', undefined],
      ['trembita', 'diia', 'refused', 'refused', 'code-used'],
    ]);
    const request = w.ctx.journal.entries({ service: 'diia.verify', kind: 'request' })[0]!;
    expect(request).toMatchObject({ from: 'participant', to: 'diia', data: { via: 'barcode', xRoadClient: 'SEVDEIR-TEST/GOV/04054866/RTG_prod', userId: 'UA3287300123' } });
  });

  it('answers each refusal with its status and code', async () => {
    const { w, p } = await presented();
    const cases: [unknown, number, string][] = [
      [{}, 400, 'no-identifier'],
      [{ barcode: groupDigits(p.barcode) }, 400, 'malformed-code'],
      [{ barcode: p.barcode, qrCode: p.qrCode }, 400, 'malformed-code'],
      [{ qrCode: 'not a link' }, 400, 'malformed-code'],
      [{ barcode: '4006381333931' }, 404, 'unknown-code'],
      [{ barcode: p.barcode, documentType: 'driver-license' }, 400, 'wrong-document-type'],
    ];
    for (const [body, status, code] of cases) {
      const res = await verify(w, body);
      expect([res.status, (await res.json()).code], JSON.stringify(body)).toEqual([status, code]);
    }
    w.ctx.clock.advance(181_000);
    const late = await verify(w, { barcode: p.barcode });
    expect([late.status, (await late.json()).code]).toEqual([410, 'code-expired']);
  });

  it('refuses a revoked credential (422) and resolves a code without consuming it', async () => {
    const { w, p } = await presented();
    const resolved = await w.trembita.handle(r1(`/codes/${p.barcode}`));
    expect(await resolved.json()).toEqual({ state: 'unused', documentType: 'e-credential', expiresAt: p.expiresAt });
    expect((await w.trembita.handle(r1('/codes/4006381333931'))).status).toBe(404);
    expect((await w.trembita.handle(r1('/codes/12345'))).status).toBe(400);
    expect((await w.control('/__polihon/revoke', { official: 'kovalenko' })).status).toBe(200);
    const res = await verify(w, { barcode: p.barcode });
    expect([res.status, (await res.json()).code]).toEqual([422, 'credential-revoked']);
  });

  it('of two parallel verifications of one code, exactly one is valid', async () => {
    const { w, p } = await presented();
    const answers = await Promise.all([verify(w, { barcode: p.barcode }), verify(w, { qrCode: p.qrCode })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  });

  it('a diia.verify outage is diia-unavailable (503); a latency fault still answers; the code is not spent', async () => {
    const { w, p } = await presented();
    await w.control('/__polihon/faults', { service: 'diia.verify', kind: 'outage', count: 1 });
    const down = await verify(w, { barcode: p.barcode });
    expect([down.status, (await down.json()).code]).toEqual([503, 'diia-unavailable']);
    expect(w.ctx.journal.entries({ service: 'diia.verify', kind: 'response' }).at(-1)).toMatchObject({ outcome: 'fault:outage' });
    await w.control('/__polihon/faults', { service: 'diia.verify', kind: 'latency', ms: 1, count: 1 });
    expect((await verify(w, { barcode: p.barcode })).status).toBe(200);
  });

  it('refresh gives a new code and the old one stays valid until its expiry', async () => {
    const { w, p } = await presented();
    const fresh = await w.control('/__polihon/refresh', { presentationId: p.presentationId });
    expect(fresh.status).toBe(201);
    expect(fresh.body.barcode).not.toBe(p.barcode);
    expect(isEan13(fresh.body.barcode as string)).toBe(true);
    expect((await verify(w, { barcode: p.barcode })).status).toBe(200);
    expect((await verify(w, { barcode: fresh.body.barcode })).status).toBe(200);
  });
});

describe('bad input: a located refusal, a journal entry for every attempt, and Дія keeps serving', () => {
  it('not JSON, wrong content type, not UTF-8, too large, not an object', async () => {
    const { w, p } = await presented();
    const attempts: [Request, number, string][] = [
      [r1('/verifications', '{"barcode": '), 400, 'invalid-body'],
      [r1('/verifications', `barcode=${p.barcode}`, { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'invalid-body'],
      [new Request(`${TREMBITA}/r1/SEVDEIR-TEST/GOV/43395033/DIIA_prod/ECredentialVerification_v1/verifications`, { method: 'POST', headers: { 'x-road-client': 'SEVDEIR-TEST/GOV/04054866/RTG_prod', 'content-type': 'application/json' }, body: new Uint8Array(cp1251('{"qrCode": "Код"}')) }), 400, 'invalid-encoding'],
      [r1('/verifications', JSON.stringify({ barcode: p.barcode, pad: 'x'.repeat(BODY_LIMIT) })), 413, 'body-too-large'],
      [r1('/verifications', '[1, 2]'), 400, 'invalid-body'],
    ];
    for (const [req, status, code] of attempts) {
      const res = await w.trembita.handle(req);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect([res.status, (await res.json()).code]).toEqual([status, code]);
    }
    expect(w.ctx.journal.entries({ service: 'diia.verify', kind: 'request' })).toHaveLength(attempts.length);
    expect((await verify(w, { barcode: p.barcode })).status).toBe(200);
  });
});

describe('SOAP verification through Трембіта (VerifyECredential/v1)', () => {
  const soap = (w: ReturnType<typeof diiaWorld>, text: string | Buffer, type?: string) => w.trembita.handle(soapRequest(`${TREMBITA}/cgi-bin/consumer_proxy`, text, type));

  it('answers valid with the ten fields, echoing the X-Road header; then refused code-used', async () => {
    const { w, p } = await presented();
    const res = await soap(w, soapEnvelope(`<barcode>${p.barcode}</barcode>`));
    expect(res.status).toBe(200);
    const text = await res.text();
    const parsed = parseXml(text);
    expect(parsed.ok).toBe(true);
    const env = parsed.ok ? parsed.root : undefined;
    const body = elements(env!).find((e) => e.local === 'Body')!;
    const answer = elements(body)[0]!;
    expect(answer.local).toBe('VerifyECredentialResponse');
    const value = (el: string, parent = answer) => {
      const e = childByLocal(parent, el);
      return e ? e.children.filter((c) => typeof c === 'string').join('') : undefined;
    };
    expect(value('result')).toBe('valid');
    const credential = childByLocal(answer, 'credential')!;
    expect(elements(credential).map((e) => e.local)).toEqual(['state', 'title', 'fullName', 'position', 'issueDate', 'seriesNumber', 'issuingBody', 'photo', 'expiryDate', 'contacts']);
    expect(value('fullName', credential)).toBe('Коваленко Ірина Олегівна');
    expect(value('email', childByLocal(credential, 'contacts'))).toBe('iryna.kovalenko@example.com');
    const trembitaEntry = w.ctx.journal.entries({ service: 'trembita.soap', kind: 'response' }).at(-1)!;
    expect(trembitaEntry.data).toMatchObject({ echoed: true, isFault: false });
    const again = await (await soap(w, soapEnvelope(`<qrCode>${p.qrCode}</qrCode>`, undefined, '1f0e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'))).text();
    expect(again).toContain('<result>refused</result><code>code-used</code>');
    expect(w.ctx.journal.entries({ service: 'diia.verify', kind: 'response' }).map((e) => e.outcome)).toEqual(['valid', 'refused']);
  });

  it('a wrong element or a body that is not XML is a SOAP Fault Client; Дія keeps serving', async () => {
    const { w, p } = await presented();
    // the service's name but another namespace: Трембіта passes it on, Дія refuses it
    const wrong = await (await soap(w, soapEnvelope('', '<x:VerifyECredential xmlns:x="urn:other"/>'))).text();
    expect(wrong).toMatch(/<faultcode>SOAP-ENV:Client<\/faultcode>/);
    // straight to Дія's face: what Трембіта would refuse first reaches it here
    const direct = (text: string | Buffer, type?: string) => w.diia.handle(soapRequest('http://diia.polihon.test/diia/soap', text, type));
    for (const [text, type] of [['<not xml', undefined], ['{"barcode": "1"}', 'application/json'], [cp1251('<a>Код</a>'), 'text/xml; charset=windows-1251']] as const) {
      const res = await direct(text, type);
      expect(res.status).toBe(500);
      expect(await res.text()).toMatch(/<faultcode>SOAP-ENV:Client<\/faultcode>/);
    }
    expect(w.ctx.journal.entries({ service: 'diia.verify', kind: 'response' }).map((e) => e.outcome)).toEqual(['fault:Client', 'fault:Client', 'fault:Client', 'fault:Client']);
    const ok = await (await direct(soapEnvelope(`<barcode>${p.barcode}</barcode>`))).text();
    expect(ok).toContain('<result>valid</result>');
  });

  it('a diia.verify outage is refused with diia-unavailable', async () => {
    const { w, p } = await presented();
    await w.control('/__polihon/faults', { service: 'diia.verify', kind: 'outage', count: 1 });
    expect(await (await soap(w, soapEnvelope(`<barcode>${p.barcode}</barcode>`))).text()).toContain('<code>diia-unavailable</code>');
  });

  it('publishes its WSDL, saying it is polihon’s own', async () => {
    const { w } = await presented();
    const res = await w.diia.handle(new Request('http://diia.polihon.test/diia/soap?wsdl'));
    expect(await res.text()).toMatch(/polihon's reference contract.*NOT an official/);
  });
});

describe('personal data of the ten fields is masked in reports', () => {
  it('names, series and number, phone, e-mail and the photo', async () => {
    const { w, p } = await presented();
    await verify(w, { barcode: p.barcode });
    const answer = w.ctx.journal.entries({ service: 'diia.verify', kind: 'response' })[0]!;
    // the journal's facts hold no personal data; its masked view hides the body's
    expect(JSON.stringify(answer.data)).not.toContain('Коваленко');
    expect(maskText(answer.body ?? '')).not.toContain('Коваленко');
    const masked = maskText(JSON.stringify({ fullName: 'Коваленко Ірина Олегівна', seriesNumber: 'АБ 123456', contacts: { phone: '+380501234567', email: 'iryna.kovalenko@example.com' }, photo: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }));
    for (const leak of ['Коваленко', 'Ірина', '123456', '501234567', 'iryna.kovalenko', 'PHN2Zz48L3N2Zz4=']) expect(masked).not.toContain(leak);
    const xml = maskText('<fullName>Коваленко Ірина</fullName><seriesNumber>АБ 123456</seriesNumber><photo>data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=</photo>');
    for (const leak of ['Коваленко', '123456', 'PHN2Zz48L3N2Zz4=']) expect(xml).not.toContain(leak);
  });
});

// the QR link helper is what the phone encodes: a verifier scanning it sends exactly this text
it('the QR link is the one the verification accepts', async () => {
  const { w, p } = await presented();
  expect(p.qrCode).toBe(qrLink(p.documentId, p.otp));
  expect((await verify(w, { qrCode: p.qrCode })).status).toBe(200);
  expect((await w.diia.handle(new Request('http://diia.polihon.test/diia/v1/openapi.yaml'))).headers.get(JOURNAL_ENTRY_HEADER)).toBeNull();
});
