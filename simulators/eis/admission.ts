// ЄІС МВС's admission rule in an mTLS run (EIS-ACC-01): a system reaches the published services only on the basis of
// the ОТД. Registration (the application, the ОТД itself, activation) cannot require an ОТД yet, so only the
// system-to-system routes name a claimed sender, and that sender must be bound in the ОТД to the presented certificate.
import type { Simulator } from '../../core/simulator.ts';
import { DEFAULT_ADMISSION, type AdmissionRule } from '../kit/admission.ts';
import { OTD_REQUIREMENT, type OtdAdmitting } from './public.ts';

const SYSTEM_ROUTES = /^\/eis\/v1\/(messages|acks|requests|outages)(\/|$)/;

/** The sender a system-to-system message names: its `from`, else the X-Road-Client header. */
async function claimedSender(request: Request): Promise<string | undefined> {
  if (!SYSTEM_ROUTES.test(new URL(request.url).pathname)) return undefined;
  const header = request.headers.get('x-road-client')?.trim();
  try {
    const body: unknown = await request.json();
    const from = body && typeof body === 'object' ? (body as { from?: unknown }).from : undefined;
    if (typeof from === 'string' && from.trim()) return from.trim();
  } catch {
    // a body that is not JSON is the route's to refuse, with its own located reason
  }
  return header || undefined;
}

export function eisAdmission(simulator: Simulator): AdmissionRule {
  const otd = simulator as Simulator & Partial<OtdAdmitting>;
  return {
    claimed: claimedSender,
    admit: (cert, claimed) => {
      if (claimed === undefined) return { ok: true };
      if (!cert.subject || !otd.otdAdmits) return { ok: false, reason: `no ОТД binds this certificate to ${claimed}` };
      return otd.otdAdmits(claimed, cert.subject.sha256);
    },
    refuse: DEFAULT_ADMISSION.refuse,
    requirement: OTD_REQUIREMENT,
  };
}
