// One presentation of an е-Посвідчення, checked: the officer's input read into the identifier Дія takes, one call to
// Дія's ECredentialVerification_v1 through Трембіта (r1), and what the officer is shown. Дія's answer is the only
// source of "valid": anything else — a refusal, an error, a timeout, an answer without the ten fields — is not.
// Shared by the driver and the web page, so both paths judge alike.
import { randomUUID } from 'node:crypto';
import type { FaultName } from './config.ts';
import { journalEntry, type JournalRecord as KitJournalRecord } from '../kit/http.ts';
import type { FetchLike } from '../kit/https.ts';
import type { SimClock } from '../kit/sim-clock.ts';
import { iso } from '../kit/sim-clock.ts';

export const DIIA_CLIENT = 'SEVDEIR-TEST/GOV/43395033/DIIA_prod';
export const VERIFY_SERVICE = `${DIIA_CLIENT}/ECredentialVerification_v1`;
/** The Дія simulator's own path behind the service (used only by the skip-trembita switch). */
export const DIIA_OWN_PATH = '/diia/v1';

export type Verdict = 'valid' | 'invalid' | 'expired' | 'used' | 'unavailable' | 'error';

/** The ten things an е-Посвідчення shows (DIIA-07); expiryDate only when the credential has one. */
export interface Credential {
  state: string;
  title: string;
  fullName: string;
  position: string;
  issueDate: string;
  seriesNumber: string;
  issuingBody: string;
  photo: string;
  expiryDate?: string;
  contacts: { phone?: string; email?: string };
}

export interface Shown {
  verdict: Verdict;
  message: string;
  credential?: Credential;
}

export interface JournalRecord extends KitJournalRecord {
  /** Дія's verificationId, on the answer that carries one (an extra field; the contract's six come first) */
  verificationId?: string;
}

export interface VerifierState {
  faults: ReadonlySet<FaultName>;
  /** its X-Road client, INSTANCE/CLASS/MEMBER/SUBSYSTEM */
  client: string;
  /** the officer on whose behalf it verifies, 'UA' + РНОКПП */
  userId: string;
  trembita: string | undefined;
  /** the Дія simulator's own base URL, from the reset (only skip-trembita uses it) */
  diia: string | undefined;
  timeoutMs: number;
  clock: SimClock;
  /** its calls through Трембіта (https in an mTLS run, presenting the run's certificate) */
  fetch: FetchLike;
  /** own-clock-expiry only: the simulators' time as read at reset, with the wall-clock instant it was read */
  ownClock?: { at: number; wall: number };
  journal: JournalRecord[];
  /** only under cache-positive / accept-reused / valid-when-down: what the faulty verifier remembers */
  remembered: { byDocument: Map<string, Shown>; byCode: Map<string, Credential> };
}

/** What the officer gave: digits typed on the keyboard, or what the camera read from the phone's QR. */
export type Presentation = { typed: string } | { scanned: string };

export const MESSAGES = {
  valid: 'Посвідчення дійсне',
  badTyped: 'Невірний код — введіть 13 цифр, які показує Дія під штрихкодом',
  emptyScan: 'QR-код не прочитано — спробуйте ще раз або введіть цифровий код',
  scanOff: 'Сканування недоступне — введіть цифровий код',
  expired: 'Код прострочено — попросіть оновити код у Дії і перевірте ще раз',
  used: 'Код уже використано — попросіть оновити код у Дії і перевірте ще раз',
  unknown: 'Код не знайдено — перевірте код або попросіть оновити його в Дії',
  invalidCredential: 'Посвідчення недійсне — не приймати',
  hrMissing: 'Дані посвідчення неповні в кадровій системі — посвідчення не приймати',
  unavailable: 'Дія недоступна — перевірку не виконано, посвідчення не приймати',
  malformed: 'Відповідь Дії неправильна — перевірку не виконано, посвідчення не приймати',
} as const;

const LINK = /^https:\/\/diia\.app\/documents\/e-credential\/([^/?#]+)\/verify\/([^/?#]+)$/;

/** EAN-13: the 13th digit makes the weighted sum (1,3,1,3,…) a multiple of 10. Example: isEan13('4006381333931') -> true. */
export function isEan13(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits[12]);
}

/** The documentId of a Дія e-credential link, if it is one. */
export function documentIdOf(link: string): string | undefined {
  return LINK.exec(link)?.[1];
}

type Identifier = { barcode: string } | { qrCode: string };

/** The identifier to send, or what to show instead when there is nothing to send. */
function identifierOf(state: VerifierState, p: Presentation): Identifier | Shown {
  const byForm = state.faults.has('qr-as-barcode');
  if ('scanned' in p) {
    const text = p.scanned.trim();
    if (!text) return { verdict: 'invalid', message: MESSAGES.emptyScan };
    if (byForm && isEan13(text)) return { barcode: text };
    return { qrCode: text };
  }
  const raw = p.typed.trim();
  if (byForm && LINK.test(raw)) return { qrCode: raw };
  // the phone shows the digits grouped ("4 820000 123456"); spaced-code also takes the separators people type
  const digits = raw.replace(state.faults.has('spaced-code') ? /[\s\-./]+/g : /\s+/g, '');
  if (!isEan13(digits)) return { verdict: 'invalid', message: MESSAGES.badTyped };
  return { barcode: digits };
}

/** Verifies one presentation and says what the officer sees. */
export async function verifyPresentation(state: VerifierState, p: Presentation): Promise<Shown> {
  const shown = await judge(state, p);
  return state.faults.has('silent') ? { ...shown, message: '' } : shown;
}

async function judge(state: VerifierState, p: Presentation): Promise<Shown> {
  const f = state.faults;
  if ('scanned' in p && f.has('typed-only')) return { verdict: 'error', message: MESSAGES.scanOff };
  // the faulty shortcut: a check with nothing entered passes as if the officer had seen the credential
  if (f.has('empty-is-valid') && 'typed' in p && !p.typed.trim()) return { verdict: 'valid', message: MESSAGES.valid };
  const id = identifierOf(state, p);
  if ('verdict' in id) return id;
  const documentId = 'qrCode' in id ? documentIdOf(id.qrCode) : undefined;
  if (f.has('cache-positive') && documentId) {
    const cached = state.remembered.byDocument.get(documentId);
    if (cached) return cached;
  }
  const wallExpiresAt = f.has('own-clock-expiry') && 'barcode' in id ? await resolveExpiry(state, id.barcode) : undefined;
  let shown = await askDiia(state, id);
  const codeKey = 'barcode' in id ? id.barcode : id.qrCode;
  if (f.has('own-clock-expiry') && wallExpiresAt !== undefined) {
    // the faulty judgement: its own clock — the simulators' time taken once at reset, run on by this machine's wall
    // clock — decides whether the code has expired, not Дія's answer (a virtual clock's jumps go unseen)
    const own = state.ownClock ? state.ownClock.at + (Date.now() - state.ownClock.wall) : Date.now();
    const expiredByWall = own > wallExpiresAt;
    if (expiredByWall && shown.verdict === 'valid') shown = { verdict: 'expired', message: MESSAGES.expired };
    else if (!expiredByWall && shown.verdict === 'expired') shown = { verdict: 'invalid', message: MESSAGES.unknown };
  }
  if (f.has('accept-reused') && shown.verdict === 'used') {
    const seen = state.remembered.byCode.get(codeKey);
    shown = { verdict: 'valid', message: MESSAGES.valid, ...(seen ? { credential: seen } : {}) };
  }
  // the faulty reading: Дія's "no such code" taken as "nothing against it"
  if (f.has('accept-unknown') && shown.verdict === 'invalid' && shown.message === MESSAGES.unknown) {
    shown = { verdict: 'valid', message: MESSAGES.valid };
  }
  if (f.has('valid-when-down') && shown.verdict === 'unavailable') {
    const seen = documentId ? state.remembered.byDocument.get(documentId) : undefined;
    shown = { verdict: 'valid', message: MESSAGES.valid, ...(seen?.credential ? { credential: seen.credential } : {}) };
  }
  if (shown.verdict === 'valid' && shown.credential) {
    if (f.has('accept-reused')) state.remembered.byCode.set(codeKey, shown.credential);
    if ((f.has('cache-positive') || f.has('valid-when-down')) && documentId) state.remembered.byDocument.set(documentId, shown);
  }
  if (f.has('no-fields') && shown.verdict === 'valid') return { verdict: 'valid', message: MESSAGES.valid };
  return shown;
}

// ---------------------------------------------------------------- Дія through Трембіта

interface Exchange {
  status: number;
  contentType: string;
  text: string;
  xroadError: string | null;
}

const trim = (url: string) => url.replace(/\/+$/, '');

/** Where a call to Дія's service goes: its security server's r1 path, or (skip-trembita) Дія's own address. */
function serviceUrl(state: VerifierState, path: string): string {
  if (state.faults.has('skip-trembita') && state.diia) return `${trim(state.diia)}${DIIA_OWN_PATH}${path}`;
  return `${trim(state.trembita ?? '')}/r1/${VERIFY_SERVICE}${path}`;
}

async function askDiia(state: VerifierState, id: Identifier): Promise<Shown> {
  const body = JSON.stringify(id);
  const attempts = state.faults.has('retry-once') ? 2 : 1;
  let answer: Exchange | 'timeout' | 'network' = 'network';
  for (let i = 0; i < attempts && answer === 'network'; i++) answer = await send(state, 'POST', '/verifications', body, 'diia.verify');
  if (answer === 'timeout' || answer === 'network') return { verdict: 'unavailable', message: MESSAGES.unavailable };
  return readAnswer(answer);
}

/** The code's expiresAt from Дія's read-only resolve (own-clock-expiry only); undefined when it cannot be read. */
async function resolveExpiry(state: VerifierState, barcode: string): Promise<number | undefined> {
  const answer = await send(state, 'GET', `/codes/${barcode}`, undefined, 'diia.code.resolve');
  if (typeof answer === 'string' || answer.status !== 200) return undefined;
  try {
    const at = Date.parse((JSON.parse(answer.text) as { expiresAt?: string }).expiresAt ?? '');
    return Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined;
  }
}

/** One message to Дія and its answer, both journalled; 'timeout' or 'network' when no answer came. */
async function send(state: VerifierState, method: string, path: string, body: string | undefined, service: string): Promise<Exchange | 'timeout' | 'network'> {
  const messageId = randomUUID();
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-road-client': state.client,
    'x-road-id': messageId,
    'x-road-userid': state.userId,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  record(state, { messageId, direction: 'out', service, time: iso(await state.clock.now()), bytes: body ?? '' });
  const out = state.journal.at(-1);
  const timeout = AbortSignal.timeout(state.timeoutMs);
  let res: Response;
  let bytes: Uint8Array;
  try {
    res = await state.fetch(serviceUrl(state, path), { method, headers, ...(body !== undefined ? { body } : {}), signal: timeout, redirect: 'manual' });
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch {
    return timeout.aborted ? 'timeout' : 'network';
  }
  const taken = res.headers.get('x-polihon-time');
  state.clock.note(taken);
  // the instant Дія's side took the message dates our outgoing entry too: our reading may lag a clock move
  if (out && taken && Number.isFinite(Date.parse(taken))) out.time = iso(Date.parse(taken));
  const text = new TextDecoder().decode(bytes);
  const verificationId = verificationIdOf(text);
  record(state, { messageId, direction: 'in', service, time: iso(state.clock.known()), bytes, ...(verificationId ? { verificationId } : {}) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, xroadError: res.headers.get('x-road-error') };
}

function verificationIdOf(text: string): string | undefined {
  try {
    const v = (JSON.parse(text) as { verificationId?: unknown }).verificationId;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function record(state: VerifierState, r: { messageId: string; direction: 'in' | 'out'; service: string; time: string; bytes: string | Uint8Array; verificationId?: string }): void {
  state.journal.push({
    ...journalEntry({ ...r, counterpart: DIIA_CLIENT }),
    ...(r.verificationId ? { verificationId: r.verificationId } : {}),
  });
}

/** Дія's answer as the officer sees it (the refusal codes of the contract; anything unexpected is not valid). */
export function readAnswer(a: Exchange): Shown {
  let json: unknown;
  try {
    json = JSON.parse(a.text);
  } catch {
    json = undefined;
  }
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  if (a.status === 200) {
    if (o.result !== 'valid') return { verdict: 'error', message: MESSAGES.malformed };
    const credential = tenFields(o.credential);
    return credential ? { verdict: 'valid', message: MESSAGES.valid, credential } : { verdict: 'error', message: MESSAGES.malformed };
  }
  // Трембіта's own error (no access, Дія unreachable): the check was not made
  if (a.xroadError) return { verdict: 'unavailable', message: MESSAGES.unavailable };
  switch (o.code) {
    case 'code-expired':
      return { verdict: 'expired', message: MESSAGES.expired };
    case 'code-used':
      return { verdict: 'used', message: MESSAGES.used };
    case 'unknown-code':
    case 'malformed-code':
    case 'no-identifier':
    case 'wrong-document-type':
      return { verdict: 'invalid', message: MESSAGES.unknown };
    case 'credential-revoked':
    case 'credential-expired':
      return { verdict: 'invalid', message: MESSAGES.invalidCredential };
    case 'hr-data-missing':
      return { verdict: 'invalid', message: MESSAGES.hrMissing };
    case 'diia-unavailable':
      return { verdict: 'unavailable', message: MESSAGES.unavailable };
    default:
      return a.status >= 500 ? { verdict: 'unavailable', message: MESSAGES.unavailable } : { verdict: 'error', message: MESSAGES.malformed };
  }
}

const TEXT_KEYS = ['state', 'title', 'fullName', 'position', 'issueDate', 'seriesNumber', 'issuingBody', 'photo'] as const;

/** The ten fields, only when every required one is there and of its type; the credential as the officer sees it. */
export function tenFields(value: unknown): Credential | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const c = value as Record<string, unknown>;
  for (const k of TEXT_KEYS) if (typeof c[k] !== 'string' || !(c[k] as string).trim()) return undefined;
  // Дія answers valid for an active credential only; any other state is not shown as valid
  if (c.state !== 'active') return undefined;
  if (c.expiryDate !== undefined && typeof c.expiryDate !== 'string') return undefined;
  const contacts = c.contacts;
  if (!contacts || typeof contacts !== 'object' || Array.isArray(contacts)) return undefined;
  const { phone, email } = contacts as Record<string, unknown>;
  if ((phone !== undefined && typeof phone !== 'string') || (email !== undefined && typeof email !== 'string')) return undefined;
  const out: Credential = {
    state: c.state as string,
    title: c.title as string,
    fullName: c.fullName as string,
    position: c.position as string,
    issueDate: c.issueDate as string,
    seriesNumber: c.seriesNumber as string,
    issuingBody: c.issuingBody as string,
    photo: c.photo as string,
    ...(typeof c.expiryDate === 'string' ? { expiryDate: c.expiryDate } : {}),
    contacts: { ...(typeof phone === 'string' ? { phone } : {}), ...(typeof email === 'string' ? { email } : {}) },
  };
  return out;
}
