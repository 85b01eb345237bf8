// Test support for the phone's tests: a presentation as the Дія state would give it, with a synthetic person whose
// name carries an apostrophe, and a small in-memory stand-in for the state behind PhoneDeps. Not used by the phone.
import { withCheckDigit } from './ean13.ts';
import type { PhoneDeps, PhoneView } from './view.ts';

const FACE = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 120"><rect width="96" height="120" fill="#cfd8dc"/><circle cx="48" cy="46" r="22" fill="#8d6e63"/><rect x="18" y="76" width="60" height="44" rx="20" fill="#546e7a"/></svg>`;
export const PHOTO = `data:image/svg+xml;base64,${Buffer.from(FACE).toString('base64')}`;

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

export function sampleView(over: Partial<PhoneView> = {}): PhoneView {
  return {
    presentationId: 'p-1',
    qrCode: 'https://diia.app/documents/e-credential/5d0b6c1e-2f4a-4c1b-9a55-0e8f1f6f2a11/verify/0f6d9c3a-8b1e-4f7a-a2c4-3e5b7d9f1a2b',
    barcode: withCheckDigit('482000012345'),
    generatedAt: T0,
    expiresAt: T0 + 180_000,
    credential: {
      state: 'active',
      title: 'Службове посвідчення',
      fullName: "Дмитренко Мар'яна Олегівна",
      position: 'головний спеціаліст відділу документообігу',
      issueDate: '2024-05-17',
      seriesNumber: 'АБ 123456',
      issuingBody: 'Державна міграційна служба України',
      photo: PHOTO,
      expiryDate: '2029-05-16',
      contacts: { phone: '+380441234567', email: 'm.dmytrenko@example.gov.ua' },
    },
    ...over,
  };
}

/** Presentations by id; refresh adds one with a new id and code (as the Дія state does), or refuses with `refuse`. */
export function memoryPhone(first: PhoneView, clock: { now: number }, refuse?: { code: string; status: number }): PhoneDeps & { views: Map<string, PhoneView> } {
  const views = new Map([[first.presentationId, first]]);
  let n = 1;
  return {
    views,
    view: (id) => views.get(id),
    refresh(id) {
      const old = views.get(id);
      if (!old) return { problem: { code: 'unknown-presentation', status: 404 } };
      if (refuse) return { problem: refuse };
      n += 1;
      const next: PhoneView = {
        ...old,
        presentationId: `p-${n}`,
        barcode: withCheckDigit(`48200001234${n % 10}`),
        qrCode: old.qrCode.replace(/verify\/.*$/, `verify/00000000-0000-4000-8000-00000000000${n % 10}`),
        generatedAt: clock.now,
        expiresAt: clock.now + 180_000,
      };
      views.set(next.presentationId, next);
      return { presentationId: next.presentationId };
    },
    now: () => clock.now,
  };
}
