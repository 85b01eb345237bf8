// Дія's state as a pure machine: officials, the е-Посвідчення formed from HR data, presentations (one code record in
// three forms), and copy requests. Time is always passed in (the simulators' virtual clock); nothing here awaits, so
// a check and the change it allows happen in one synchronous step — two parallel verifications of one code can never
// both pass (stricter than Дія's public code, which saves usedDate after the check).
import { kyivDate } from '../../core/calendar.ts';
import type { Rng } from '../../core/random.ts';
import type { Official } from './officials.ts';
import {
  CODE_TTL_MS,
  E_CREDENTIAL_TITLE,
  E_CREDENTIAL_TYPE,
  ean13CheckDigit,
  groupDigits,
  isEan13,
  parseQrLink,
  qrLink,
  type CopyRequestStatus,
  type ECredential,
  type PresentAnswer,
  type PresentRefusal,
  type VerifyRefusal,
} from './public.ts';

/** HR data as Дія reads them to form an е-Посвідчення: its own simulated record's, or the participant's answer. */
export interface HrRecord {
  rnokpp: string;
  lastName?: string;
  firstName?: string;
  middleName?: string;
  position?: string;
  organisation?: string;
  employment: 'active' | 'dismissed';
  dismissedAt?: string;
  credential?: { title?: string; series?: string; number?: string; issueDate?: string; expiryDate?: string; chip?: boolean };
  contacts: { phone?: string; email?: string };
}

export interface Presentation {
  presentationId: string;
  officialId: string;
  documentId: string;
  otp: string;
  barcode: string;
  generatedAt: number;
  expiresAt: number;
  usedAt?: number;
  usedFor?: 'verification' | 'copy-request';
  /** the ten fields as formed when the code was generated */
  credential: ECredential;
  hr: 'simulated' | 'participant';
  /** the presentation this one was refreshed from */
  refreshedFrom?: string;
}

export interface CopyRequest {
  requestId: string;
  presentationId: string;
  barcode: string;
  purpose: string;
  keepDays: number;
  status: CopyRequestStatus;
  requestedAt: number;
  answeredAt?: number;
  deliveredAt?: number;
  delivery?: { status: number; success?: boolean; error?: string };
}

export type FormResult = { ok: true; credential: ECredential } | { ok: false; code: PresentRefusal; detail: string; missing?: string[] };

export type ConsumeResult =
  | { ok: true; presentation: Presentation; verificationId: string; via: 'qrCode' | 'barcode' }
  | { ok: false; code: VerifyRefusal; detail: string; via?: 'qrCode' | 'barcode'; presentation?: Presentation };

/** What a verifier sent: one of qrCode or barcode, and optionally the document type it expects. */
export interface Identifier {
  qrCode?: unknown;
  barcode?: unknown;
  documentType?: unknown;
}

export type CodeState = 'unused' | 'used' | 'expired';

/** The fields DIIA-07 needs from HR, by their names in the HR record. */
const NEEDED = ['lastName', 'firstName', 'position', 'organisation', 'credential.series', 'credential.number', 'credential.issueDate', 'contacts'] as const;

/** The HR record's fields an е-Посвідчення needs that it lacks (DIIA-04). */
export function missingHrFields(hr: HrRecord): string[] {
  const missing: string[] = [];
  const has = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  for (const f of NEEDED) {
    if (f === 'contacts') {
      if (!has(hr.contacts.phone) && !has(hr.contacts.email)) missing.push('contacts');
    } else if (f.startsWith('credential.')) {
      if (hr.credential && !has(hr.credential[f.slice(11) as 'series'])) missing.push(f);
    } else if (!has(hr[f as 'lastName'])) missing.push(f);
  }
  return missing;
}

/** The simulated HR record of an official at `now` (dismissal takes effect from its instant). */
export function simulatedHr(o: Official, now: number): HrRecord {
  const dismissed = o.dismissedAt !== undefined && o.dismissedAt <= now;
  return {
    rnokpp: o.rnokpp,
    ...pick(o, ['lastName', 'firstName', 'middleName', 'position', 'organisation']),
    employment: dismissed ? 'dismissed' : 'active',
    ...(dismissed ? { dismissedAt: kyivDate(o.dismissedAt!) } : {}),
    ...(o.credential ? { credential: { ...o.credential } } : {}),
    contacts: { ...o.contacts },
  };
}

/**
 * Forms the ten fields from an HR record (DIIA-03, DIIA-04, DIIA-07, DIIA-08), or says why not. Checked in this order:
 * dismissed, no credential, data missing, no chip, revoked, expired.
 */
export function formCredential(o: Official, hr: HrRecord, now: number): FormResult {
  if (hr.employment === 'dismissed') return { ok: false, code: 'dismissed', detail: `the HR record says ${o.id} was dismissed${hr.dismissedAt ? ` on ${hr.dismissedAt}` : ''}` };
  if (!hr.credential) return { ok: false, code: 'no-credential', detail: `the HR record holds no service credential for ${o.id}` };
  const missing = missingHrFields(hr);
  if (missing.length > 0) return { ok: false, code: 'hr-data-missing', detail: `the HR record lacks ${missing.join(', ')}`, missing };
  if (hr.credential.chip !== true) return { ok: false, code: 'no-chip', detail: 'the physical credential has no contactless chip (DIIA-01)' };
  if (o.revokedAt !== undefined && o.revokedAt <= now) return { ok: false, code: 'credential-revoked', detail: `the physical credential was revoked at ${iso(o.revokedAt)}` };
  const c = hr.credential;
  if (c.expiryDate && kyivDate(now) > c.expiryDate) return { ok: false, code: 'credential-expired', detail: `the physical credential expired on ${c.expiryDate}` };
  const credential: ECredential = {
    state: 'active',
    title: c.title?.trim() ? c.title : E_CREDENTIAL_TITLE,
    fullName: [hr.lastName, hr.firstName, hr.middleName].filter((x) => typeof x === 'string' && x.trim() !== '').join(' '),
    position: hr.position!,
    issueDate: c.issueDate!,
    seriesNumber: `${c.series} ${c.number}`,
    issuingBody: hr.organisation!,
    photo: o.photo,
    ...(c.expiryDate ? { expiryDate: c.expiryDate } : {}),
    contacts: { ...pick(hr.contacts, ['phone', 'email']) },
  };
  return { ok: true, credential };
}

export function createDiiaState(rng: Rng) {
  const officials = new Map<string, Official>();
  const byId = new Map<string, Presentation>();
  const byOtp = new Map<string, Presentation>();
  const byBarcode = new Map<string, Presentation>();
  const copies = new Map<string, CopyRequest>();

  function uuid(): string {
    const b = Array.from({ length: 16 }, () => rng.int(0, 255));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** 12 random digits 100000000000–999999999999 and the EAN-13 check digit, unique among live codes. */
  function newBarcode(now: number): string {
    for (;;) {
      const twelve = `${rng.int(1, 9)}${rng.digits(11)}`;
      const code = `${twelve}${ean13CheckDigit(twelve)}`;
      const taken = byBarcode.get(code);
      if (!taken || now > taken.expiresAt) return code;
    }
  }

  function newPresentation(o: Official, credential: ECredential, now: number, hr: 'simulated' | 'participant', refreshedFrom?: string): Presentation {
    let otp: string;
    do otp = uuid();
    while (byOtp.has(otp));
    const p: Presentation = {
      presentationId: uuid(),
      officialId: o.id,
      documentId: o.documentId,
      otp,
      barcode: newBarcode(now),
      generatedAt: now,
      expiresAt: now + CODE_TTL_MS,
      credential,
      hr,
      ...(refreshedFrom ? { refreshedFrom } : {}),
    };
    byId.set(p.presentationId, p);
    byOtp.set(otp, p);
    byBarcode.set(p.barcode, p);
    return p;
  }

  /** Finds the record an identifier names, or the refusal of the identifier itself (no lookup by halves). */
  function lookup(id: Identifier): { presentation?: Presentation; linkType?: string; via: 'qrCode' | 'barcode' } | { code: VerifyRefusal; detail: string; via?: 'qrCode' | 'barcode' } {
    const hasQr = id.qrCode !== undefined && id.qrCode !== null && id.qrCode !== '';
    const hasBarcode = id.barcode !== undefined && id.barcode !== null && id.barcode !== '';
    if (!hasQr && !hasBarcode) return { code: 'no-identifier', detail: 'give qrCode (the scanned link) or barcode (13 digits)' };
    if (hasQr && hasBarcode) return { code: 'malformed-code', detail: 'give exactly one of qrCode and barcode, not both' };
    if (hasQr) {
      const link = typeof id.qrCode === 'string' ? parseQrLink(id.qrCode.trim()) : undefined;
      if (!link) return { code: 'malformed-code', via: 'qrCode', detail: 'qrCode is not a link https://diia.app/documents/<type>/<documentId>/verify/<otp>' };
      const p = byOtp.get(link.otp);
      return { ...(p && p.documentId === link.documentId ? { presentation: p } : {}), linkType: link.documentType, via: 'qrCode' };
    }
    if (typeof id.barcode !== 'string' || !/^\d{13}$/.test(id.barcode)) return { code: 'malformed-code', via: 'barcode', detail: 'barcode must be 13 digits (no spaces)' };
    if (!isEan13(id.barcode)) return { code: 'malformed-code', via: 'barcode', detail: 'barcode has a wrong EAN-13 check digit' };
    const p = byBarcode.get(id.barcode);
    return { ...(p ? { presentation: p } : {}), via: 'barcode' };
  }

  return {
    reset(): void {
      officials.clear();
      byId.clear();
      byOtp.clear();
      byBarcode.clear();
      copies.clear();
    },

    /** A new document id for an official's е-Посвідчення (stable for the official once seeded). */
    newDocumentId(): string {
      return uuid();
    },

    uuid,

    /** Adds or replaces officials by id; their presentations stay. */
    seedOfficials(list: readonly Official[]): { officials: string[] } {
      for (const o of list) {
        const before = officials.get(o.id);
        // an official seeded again keeps their document and face: the same credential, new HR data
        officials.set(o.id, before ? { ...o, documentId: before.documentId, photo: before.photo } : o);
      }
      return { officials: list.map((o) => o.id) };
    },

    official: (id: string): Official | undefined => officials.get(id),
    officials: (): Official[] => [...officials.values()],

    /** A new code for an official whose credential was formed (DIIA-05): valid 180 s from now. */
    present(o: Official, credential: ECredential, now: number): Presentation {
      return newPresentation(o, credential, now, o.hr);
    },

    /** "Оновити код": a new record for the same credential; the old one stays valid until its own expiry. */
    refresh(presentationId: string, now: number): Presentation | undefined {
      const old = byId.get(presentationId);
      const o = old && officials.get(old.officialId);
      if (!old || !o) return undefined;
      return newPresentation(o, old.credential, now, old.hr, old.presentationId);
    },

    presentation: (id: string): Presentation | undefined => byId.get(id),
    presentations: (): Presentation[] => [...byId.values()],

    /** Read-only: what state a barcode's code is in (never consumes it). */
    resolve(barcode: string, now: number): { presentation: Presentation; state: CodeState } | undefined {
      const p = byBarcode.get(barcode);
      if (!p) return undefined;
      return { presentation: p, state: p.usedAt !== undefined ? 'used' : now > p.expiresAt ? 'expired' : 'unused' };
    },

    /** The refusal of an identifier's own form (none given, malformed), looking nothing up; undefined when well-formed. */
    identifierProblem(id: Identifier): { code: VerifyRefusal; detail: string } | undefined {
      const found = lookup(id);
      return 'code' in found ? { code: found.code, detail: found.detail } : undefined;
    },

    /**
     * Verifies and consumes a code in one synchronous step. Refusals in Дія's order: not found → used → wrong type →
     * expired, then the credential itself: revoked, expired, HR data missing. Only a success sets usedAt.
     */
    consume(id: Identifier, now: number, usedFor: 'verification' | 'copy-request' = 'verification'): ConsumeResult {
      const found = lookup(id);
      if ('code' in found) return { ok: false, ...found };
      const { via } = found;
      const p = found.presentation;
      if (!p) return { ok: false, code: 'unknown-code', via, detail: 'Дія has no record with the presented code' };
      if (p.usedAt !== undefined) return { ok: false, code: 'code-used', via, presentation: p, detail: `the code was used at ${iso(p.usedAt)}` };
      const asked = id.documentType === undefined || id.documentType === null ? E_CREDENTIAL_TYPE : id.documentType;
      if (asked !== E_CREDENTIAL_TYPE || (found.linkType !== undefined && found.linkType !== E_CREDENTIAL_TYPE)) {
        return { ok: false, code: 'wrong-document-type', via, presentation: p, detail: `document type must be ${E_CREDENTIAL_TYPE}` };
      }
      if (now > p.expiresAt) return { ok: false, code: 'code-expired', via, presentation: p, detail: `the code expired at ${iso(p.expiresAt)}` };
      const o = officials.get(p.officialId);
      if (o && o.revokedAt !== undefined && o.revokedAt <= now) {
        return { ok: false, code: 'credential-revoked', via, presentation: p, detail: `the physical credential was revoked at ${iso(o.revokedAt)}` };
      }
      if (o && p.hr === 'simulated' && o.dismissedAt !== undefined && o.dismissedAt <= now) {
        // a dismissed official's credential is no longer backed by HR: Дія treats it as withdrawn
        return { ok: false, code: 'credential-revoked', via, presentation: p, detail: `the HR record says the official was dismissed at ${iso(o.dismissedAt)}` };
      }
      const expiry = p.credential.expiryDate;
      if (expiry && kyivDate(now) > expiry) return { ok: false, code: 'credential-expired', via, presentation: p, detail: `the physical credential expired on ${expiry}` };
      if (o && p.hr === 'simulated') {
        const missing = missingHrFields(simulatedHr(o, now));
        if (missing.length > 0) return { ok: false, code: 'hr-data-missing', via, presentation: p, detail: `the HR record now lacks ${missing.join(', ')}` };
      }
      p.usedAt = now;
      p.usedFor = usedFor;
      return { ok: true, presentation: p, verificationId: uuid(), via };
    },

    /** The physical credential is revoked from now on. */
    revoke(officialId: string, now: number): Official | undefined {
      const o = officials.get(officialId);
      if (o) o.revokedAt = now;
      return o;
    },

    /** The simulated HR record says dismissed from now on. */
    dismiss(officialId: string, now: number): Official | undefined {
      const o = officials.get(officialId);
      if (o) o.dismissedAt = now;
      return o;
    },

    copyRequest: (requestId: string): CopyRequest | undefined => copies.get(requestId),
    copyRequests: (): CopyRequest[] => [...copies.values()],

    /** Opens a copy request for a presentation just consumed for it. */
    openCopyRequest(input: { requestId: string; purpose: string; keepDays: number }, p: Presentation, now: number): CopyRequest {
      const r: CopyRequest = { ...input, presentationId: p.presentationId, barcode: p.barcode, status: 'awaiting-consent', requestedAt: now };
      copies.set(r.requestId, r);
      return r;
    },

    /** The person's answer (DIIA-13): refused ends it; accepted leaves it for delivery. */
    answerCopyRequest(requestId: string, accept: boolean, now: number): { type: 'unknown' } | { type: 'answered-already'; request: CopyRequest } | { type: 'ok'; request: CopyRequest } {
      const r = copies.get(requestId);
      if (!r) return { type: 'unknown' };
      if (r.status !== 'awaiting-consent' || r.answeredAt !== undefined) return { type: 'answered-already', request: r };
      r.answeredAt = now;
      if (!accept) r.status = 'refused';
      return { type: 'ok', request: r };
    },

    recordDelivery(requestId: string, delivery: { status: number; success?: boolean; error?: string }, now: number): void {
      const r = copies.get(requestId);
      if (!r) return;
      r.delivery = delivery;
      const ok = delivery.status >= 200 && delivery.status < 300 && delivery.success === true;
      r.status = ok ? 'delivered' : 'delivery-failed';
      if (ok) r.deliveredAt = now;
    },
  };
}

export type DiiaState = ReturnType<typeof createDiiaState>;

/** The `present` / `refresh` answer for a presentation. */
export function presentView(p: Presentation): PresentAnswer {
  return {
    presentationId: p.presentationId,
    documentId: p.documentId,
    otp: p.otp,
    qrCode: qrLink(p.documentId, p.otp),
    barcode: p.barcode,
    digitCode: groupDigits(p.barcode),
    generatedAt: iso(p.generatedAt),
    expiresAt: iso(p.expiresAt),
    phone: `/phone/${p.presentationId}`,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
