// The phone page's view of Дія's state: what one presentation shows, and the refresh button, which goes through
// actions.ts so a code refreshed on the phone is journalled as one refreshed by a scenario.
import { refresh, type DiiaDeps } from '../actions.ts';
import type { PhoneDeps } from '../phone/face.ts';
import { qrLink } from '../public.ts';

export function phoneDeps(d: DiiaDeps): PhoneDeps {
  return {
    view(presentationId) {
      const p = d.state.presentation(presentationId);
      if (!p) return undefined;
      return {
        presentationId: p.presentationId,
        qrCode: qrLink(p.documentId, p.otp),
        barcode: p.barcode,
        generatedAt: p.generatedAt,
        expiresAt: p.expiresAt,
        credential: p.credential,
      };
    },
    refresh(presentationId) {
      const p = refresh(d, presentationId);
      if (!p) return { problem: { code: 'unknown-presentation', status: 404, title: 'No such presentation' } };
      return { presentationId: p.presentationId };
    },
    now: () => d.now(),
  };
}
