// What the phone is given to show: one presentation of an official's е-Посвідчення (one code, three forms). The Дія
// simulator's state builds it; the phone only renders it, so the page and the API can never disagree on a field.

/** The ten things the е-Посвідчення shows (DIIA-07), with the same keys as the verification API's `credential`. */
export interface PhoneCredential {
  /** "active", or what else the simulator's state says (shown translated when known, else as given). */
  state: string;
  /** "Службове посвідчення" */
  title: string;
  /** "Прізвище Ім'я По батькові" (the patronymic only if any) */
  fullName: string;
  position: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** "АБ 123456" */
  seriesNumber: string;
  issuingBody: string;
  /** A `data:image/…` URI (a synthetic face); anything else is not drawn, so the page never loads a resource. */
  photo: string;
  /** YYYY-MM-DD; absent when the credential has no expiry date. */
  expiryDate?: string;
  contacts: { phone?: string; email?: string };
}

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
