import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/random.ts';
import { T0 } from '../testing.ts';
import { fillOfficials, type Official, type OfficialSeed } from './officials.ts';
import { ean13CheckDigit, groupDigits, isEan13, parseQrLink, qrLink } from './public.ts';
import { createDiiaState, formCredential, presentView, simulatedHr } from './state.ts';

const S = 1000;

function setup(seed: Partial<OfficialSeed> = {}) {
  const rng = createRng(11);
  const state = createDiiaState(rng);
  const [official] = fillOfficials([{ id: 'o1', hr: 'simulated', ...seed }], rng, T0, () => state.uuid());
  state.seedOfficials([official!]);
  const o = state.official('o1')!;
  const presentAt = (now: number) => {
    const formed = formCredential(o, simulatedHr(o, now), now);
    if (!formed.ok) throw new Error(formed.code);
    return state.present(o, formed.credential, now);
  };
  return { state, o, presentAt };
}

describe('the identifier', () => {
  it('is a QR link, an EAN-13 barcode and the same digits grouped', () => {
    const { presentAt } = setup();
    const p = presentView(presentAt(T0));
    expect(parseQrLink(p.qrCode)).toEqual({ documentType: 'e-credential', documentId: p.documentId, otp: p.otp });
    expect(p.qrCode).toBe(qrLink(p.documentId, p.otp));
    expect(isEan13(p.barcode)).toBe(true);
    expect(Number(p.barcode.slice(0, 12))).toBeGreaterThanOrEqual(100000000000);
    expect(p.digitCode.replace(/ /g, '')).toBe(p.barcode);
    expect(p.digitCode).toMatch(/^\d \d{6} \d{6}$/);
    expect(Date.parse(p.expiresAt) - Date.parse(p.generatedAt)).toBe(180 * S);
    expect(p.phone).toBe(`/phone/${p.presentationId}`);
  });

  it('checks EAN-13 digits as the standard says', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(isEan13('4006381333931')).toBe(true);
    expect(isEan13('4006381333932')).toBe(false);
    expect(groupDigits('4820000123453')).toBe('4 820000 123453');
  });
});

describe('verification', () => {
  it('passes at 2:59 and is refused as expired at 3:01 (180 s on the virtual clock)', () => {
    const a = setup();
    const p1 = a.presentAt(T0);
    expect(a.state.consume({ barcode: p1.barcode }, T0 + 179 * S)).toMatchObject({ ok: true });
    const b = setup();
    const p2 = b.presentAt(T0);
    expect(b.state.consume({ barcode: p2.barcode }, T0 + 181 * S)).toMatchObject({ ok: false, code: 'code-expired' });
    // the boundary itself still passes, as Дія's `now > expirationDate` does (scenarios never judge it)
    const c = setup();
    const p3 = c.presentAt(T0);
    expect(c.state.consume({ qrCode: qrLink(p3.documentId, p3.otp) }, T0 + 180 * S)).toMatchObject({ ok: true, via: 'qrCode' });
  });

  it('is single use: the second verification of a code is code-used, by either form', () => {
    const { state, presentAt } = setup();
    const p = presentAt(T0);
    expect(state.consume({ barcode: p.barcode }, T0 + S)).toMatchObject({ ok: true });
    expect(state.consume({ barcode: p.barcode }, T0 + 2 * S)).toMatchObject({ ok: false, code: 'code-used' });
    expect(state.consume({ qrCode: qrLink(p.documentId, p.otp) }, T0 + 2 * S)).toMatchObject({ ok: false, code: 'code-used' });
  });

  it('resolve never consumes; consume does, atomically', () => {
    const { state, presentAt } = setup();
    const p = presentAt(T0);
    expect(state.resolve(p.barcode, T0 + S)?.state).toBe('unused');
    expect(state.resolve(p.barcode, T0 + S)?.state).toBe('unused');
    expect(state.consume({ barcode: p.barcode }, T0 + S).ok).toBe(true);
    expect(state.resolve(p.barcode, T0 + S)?.state).toBe('used');
    const q = presentAt(T0);
    expect(state.resolve(q.barcode, T0 + 181 * S)?.state).toBe('expired');
    expect(state.resolve('4006381333931', T0)).toBeUndefined();
  });

  it('refresh makes a new code for the same credential and leaves the old one valid until its own expiry', () => {
    const { state, presentAt } = setup();
    const old = presentAt(T0);
    const fresh = state.refresh(old.presentationId, T0 + 100 * S)!;
    expect(fresh.barcode).not.toBe(old.barcode);
    expect(fresh.otp).not.toBe(old.otp);
    expect(fresh.documentId).toBe(old.documentId);
    expect(fresh.credential).toEqual(old.credential);
    expect(fresh.expiresAt).toBe(T0 + 280 * S);
    expect(state.consume({ barcode: old.barcode }, T0 + 170 * S)).toMatchObject({ ok: true });
    expect(state.consume({ barcode: fresh.barcode }, T0 + 250 * S)).toMatchObject({ ok: true });
    expect(state.refresh('nope', T0)).toBeUndefined();
  });

  it('checks in Дія’s order: not found → used → wrong type → expired', () => {
    const { state, presentAt } = setup();
    const p = presentAt(T0);
    // used and expired and of the wrong type: used wins
    state.consume({ barcode: p.barcode }, T0);
    expect(state.consume({ barcode: p.barcode, documentType: 'driver-license' }, T0 + 500 * S)).toMatchObject({ code: 'code-used' });
    const q = presentAt(T0);
    // wrong type before expired
    expect(state.consume({ barcode: q.barcode, documentType: 'driver-license' }, T0 + 500 * S)).toMatchObject({ code: 'wrong-document-type' });
    expect(state.consume({ qrCode: qrLink(q.documentId, q.otp, 'driver-license') }, T0 + 500 * S)).toMatchObject({ code: 'wrong-document-type' });
    expect(state.consume({ barcode: q.barcode }, T0 + 500 * S)).toMatchObject({ code: 'code-expired' });
  });

  it('gives each refusal its code', () => {
    const { state, o, presentAt } = setup();
    expect(state.consume({}, T0)).toMatchObject({ code: 'no-identifier' });
    expect(state.consume({ barcode: '', qrCode: '' }, T0)).toMatchObject({ code: 'no-identifier' });
    const p = presentAt(T0);
    expect(state.consume({ barcode: p.barcode, qrCode: qrLink(p.documentId, p.otp) }, T0)).toMatchObject({ code: 'malformed-code' });
    expect(state.consume({ barcode: groupDigits(p.barcode) }, T0)).toMatchObject({ code: 'malformed-code' });
    expect(state.consume({ barcode: '4006381333932' }, T0)).toMatchObject({ code: 'malformed-code' });
    expect(state.consume({ barcode: 4006381333931 }, T0)).toMatchObject({ code: 'malformed-code' });
    expect(state.consume({ qrCode: 'https://example.com/x' }, T0)).toMatchObject({ code: 'malformed-code' });
    expect(state.consume({ barcode: '4006381333931' }, T0)).toMatchObject({ code: 'unknown-code' });
    // a real otp under another document id names no record
    expect(state.consume({ qrCode: qrLink('other-doc', p.otp) }, T0)).toMatchObject({ code: 'unknown-code' });
    state.revoke(o.id, T0 + S);
    expect(state.consume({ barcode: p.barcode }, T0 + 2 * S)).toMatchObject({ code: 'credential-revoked' });
    // a refusal does not spend the code
    expect(state.resolve(p.barcode, T0 + 2 * S)?.state).toBe('unused');
  });

  it('refuses a credential past its expiry, a dismissed official’s, and one whose HR data went missing', () => {
    const expired = setup({ credential: { issueDate: '2021-03-10', expiryDate: '2026-03-10' } });
    const lastMinute = T0 + (13 * 60 + 59) * 60 * S; // 23:59 Kyiv on the expiry day: still valid
    const p = expired.presentAt(lastMinute);
    expect(expired.state.consume({ barcode: p.barcode }, lastMinute + 120 * S)).toMatchObject({ ok: false, code: 'credential-expired' });

    const dismissed = setup();
    const q = dismissed.presentAt(T0);
    dismissed.state.dismiss('o1', T0 + S);
    expect(dismissed.state.consume({ barcode: q.barcode }, T0 + 2 * S)).toMatchObject({ ok: false, code: 'credential-revoked' });

    const gone = setup();
    const r = gone.presentAt(T0);
    const [lacking] = fillOfficials([{ id: 'o1', hr: 'simulated', missing: ['position'] }], createRng(1), T0, () => 'doc');
    gone.state.seedOfficials([lacking!]);
    expect(gone.state.consume({ barcode: r.barcode }, T0 + S)).toMatchObject({ ok: false, code: 'hr-data-missing' });
  });
});

describe('forming an е-Посвідчення from HR data', () => {
  const form = (seed: Partial<OfficialSeed>, now = T0, change?: (o: Official) => void) => {
    const { o } = setup(seed);
    change?.(o);
    return formCredential(o, simulatedHr(o, now), now);
  };

  it('shows exactly the ten things, patronymic only if any, expiry only if any', () => {
    const ok = form({ lastName: 'Коваль', firstName: 'Ігор', middleName: 'Петрович', credential: { series: 'АБ', number: '123456', issueDate: '2025-01-15', expiryDate: '2030-01-15' } });
    expect(ok.ok && Object.keys(ok.credential).sort()).toEqual(['contacts', 'expiryDate', 'fullName', 'issueDate', 'issuingBody', 'photo', 'position', 'seriesNumber', 'state', 'title']);
    expect(ok.ok && ok.credential).toMatchObject({ state: 'active', title: 'Службове посвідчення', fullName: 'Коваль Ігор Петрович', seriesNumber: 'АБ 123456', issueDate: '2025-01-15', expiryDate: '2030-01-15' });
    expect(ok.ok && ok.credential.photo).toMatch(/^data:image\/svg\+xml;base64,/);
    const none = form({ lastName: 'Коваль', firstName: 'Ігор', middleName: null, credential: { expiryDate: null } });
    expect(none.ok && none.credential.fullName).toBe('Коваль Ігор');
    expect(none.ok && 'expiryDate' in none.credential).toBe(false);
  });

  it('refuses with the reason: dismissed, no credential, data missing, no chip, revoked, expired', () => {
    expect(form({}, T0, (o) => (o.dismissedAt = T0))).toMatchObject({ ok: false, code: 'dismissed' });
    expect(form({ credential: null })).toMatchObject({ ok: false, code: 'no-credential' });
    expect(form({ missing: ['position', 'contacts'] })).toMatchObject({ ok: false, code: 'hr-data-missing', missing: ['position', 'contacts'] });
    expect(form({ credential: { chip: false } })).toMatchObject({ ok: false, code: 'no-chip' });
    expect(form({}, T0, (o) => (o.revokedAt = T0))).toMatchObject({ ok: false, code: 'credential-revoked' });
    expect(form({ credential: { issueDate: '2020-01-01', expiryDate: '2025-01-01' } })).toMatchObject({ ok: false, code: 'credential-expired' });
  });

  it('fills what the scenario leaves out with synthetic data, the same for the same seed', () => {
    const a = fillOfficials([{ id: 'x', hr: 'simulated' }], createRng(5), T0, () => 'doc');
    const b = fillOfficials([{ id: 'x', hr: 'simulated' }], createRng(5), T0, () => 'doc');
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ rnokpp: expect.stringMatching(/^\d{10}$/), contacts: { phone: expect.stringMatching(/^\+380\d{9}$/), email: expect.stringContaining('@') } });
    expect(Buffer.from(a[0]!.photo.split(',')[1]!, 'base64').toString()).toContain('synthetic');
  });
});

describe('copy requests', () => {
  it('wait for consent; refused ends them, a delivery decides delivered or delivery-failed', () => {
    const { state, presentAt } = setup();
    const p = presentAt(T0);
    const r = state.consume({ barcode: p.barcode }, T0, 'copy-request');
    expect(r.ok).toBe(true);
    state.openCopyRequest({ requestId: 'R1', purpose: 'кадрова справа', keepDays: 5 }, p, T0);
    expect(state.copyRequest('R1')?.status).toBe('awaiting-consent');
    expect(state.answerCopyRequest('R1', true, T0)).toMatchObject({ type: 'ok' });
    expect(state.answerCopyRequest('R1', true, T0)).toMatchObject({ type: 'answered-already' });
    state.recordDelivery('R1', { status: 200, success: true }, T0);
    expect(state.copyRequest('R1')?.status).toBe('delivered');
    state.openCopyRequest({ requestId: 'R2', purpose: 'x', keepDays: 1 }, p, T0);
    state.answerCopyRequest('R2', false, T0);
    expect(state.copyRequest('R2')?.status).toBe('refused');
    expect(state.answerCopyRequest('nope', true, T0)).toEqual({ type: 'unknown' });
  });
});
