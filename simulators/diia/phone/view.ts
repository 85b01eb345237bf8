// What the phone is given to show: one presentation of an official's е-Посвідчення (one code, three forms). The Дія
// simulator's state builds it; the phone only renders it, so the page and the API can never disagree on a field.
import type { ECredential } from '../public.ts';

/**
 * The ten things the е-Посвідчення shows (DIIA-07), with the same keys as the verification API's `credential`; its
 * state may be other than "active" (shown translated when known, else as given).
 */
export type PhoneCredential = Omit<ECredential, 'state'> & { state: string };

export interface PhoneView {
  presentationId: string;
  /** The QR code's content: https://diia.app/documents/e-credential/<documentId>/verify/<otp> */
  qrCode: string;
  /** 13 digits with a valid EAN-13 check digit; also the digit code an officer types. */
  barcode: string;
  /** Epoch ms on the simulators' virtual clock. */
  generatedAt: number;
  /** Epoch ms on the simulators' virtual clock (generatedAt + 180 s); the code is expired once now > expiresAt. */
  expiresAt: number;
  credential: PhoneCredential;
}

/** A refusal the simulator's state gives for a refresh; `code` is the contract's problem code. */
export interface PhoneProblem {
  code: string;
  status: number;
  title?: string;
  detail?: string;
}

/**
 * What the phone needs from the Дія simulator's state. `view` and `refresh` take the presentation id from the path
 * (any string: unknown ids answer `undefined` / a problem, never throw); `now` is the virtual clock in epoch ms.
 */
export interface PhoneDeps {
  view(presentationId: string): PhoneView | undefined;
  /** A new code for the same credential (the `refresh` action); the old one stays valid until its own expiry. */
  refresh(presentationId: string): { presentationId: string } | { problem: PhoneProblem };
  now(): number;
}
