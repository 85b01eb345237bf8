// Test support for the ЄІС МВС simulator's tests: a test CA made for the test, participant certificates, a complete
// synthetic questionnaire, and signed bodies as a participant writes them. Not used by the simulator itself.
import type { CalendarOptions } from '../../core/calendar.ts';
import { createTestPki, describeCertificate, signDetached, type PemPair, type TestPki } from '../../core/pki.ts';
import { createTestContext, T0 } from '../testing.ts';
import { createEisSimulator, type EisOptions } from './app.ts';
import { signingInput, type Questionnaire } from './public.ts';

export const EDRPOU = '04054866';
export const BASE = 'https://eis.polihon.test';

/** A complete, correct questionnaire of a synthetic participant. */
export function questionnaire(overrides: Partial<Record<keyof Questionnaire, unknown>> = {}): Record<string, unknown> {
  return {
    edrpou: EDRPOU,
    organisationName: 'Тестова міська рада (polihon)',
    headFullName: 'Петренко Марія Іванівна',
    address: 'м. Київ, вул. Тестова, буд. 1',
    contactEmail: 'eis@rada.example.com',
    contactPhone: '+380441234567',
    informationSystem: 'Реєстр територіальної громади (тестовий)',
    purpose: 'перевірка паспортних документів під час реєстрації місця проживання',
    legalGround: 'Закон України «Про свободу пересування та вільний вибір місця проживання в Україні»',
    subsystems: ['RTG_prod'],
    users: [
      { fullName: 'Петренко Марія Іванівна', email: 'maria.petrenko@rada.example.com', role: 'administrator' },
      { fullName: 'Коваль Андрій Петрович', email: 'andrii.koval@rada.example.com', role: 'operator' },
    ],
    ...overrides,
  };
}

export interface Pki {
  pki: TestPki;
  /** a participant certificate of EDRPOU */
  own: PemPair;
  /** a participant certificate of another ЄДРПОУ */
  other: PemPair;
  /** a participant certificate of EDRPOU from a CA the simulator does not trust */
  foreign: PemPair;
  /** a user certificate of EDRPOU */
  user: PemPair;
}

let made: Promise<Pki> | undefined;

/** One test CA and its certificates for a test file (key generation is the slow part). */
export function testPki(): Promise<Pki> {
  made ??= (async () => {
    const pki = await createTestPki({ now: T0 });
    const stranger = await createTestPki({ now: T0, name: 'Not the run CA' });
    return {
      pki,
      own: await pki.issue({ kind: 'participant', commonName: 'Тестова міська рада', edrpou: EDRPOU, subsystem: 'RTG_prod' }),
      other: await pki.issue({ kind: 'participant', commonName: 'Інша установа', edrpou: '43395033' }),
      foreign: await stranger.issue({ kind: 'participant', commonName: 'Тестова міська рада', edrpou: EDRPOU }),
      user: await pki.issue({ kind: 'user', commonName: 'Петренко Марія', edrpou: EDRPOU }),
    };
  })();
  return made;
}

export const fingerprint = (pair: PemPair) => describeCertificate(pair.certPem).sha256;

/** `{application, signature}` signed with `pair` at `signedAt` (default the test's start). */
export async function signedApplication(pair: PemPair, q: unknown = questionnaire(), signedAt = new Date(T0).toISOString()) {
  const application = { questionnaire: q, signedAt };
  return { application, signature: { certificate: pair.certPem, value: await signDetached(pair.keyPem, signingInput(application)) } };
}

/** `{otd, signature}` binding RTG_prod to the certificates given. */
export async function signedOtd(pair: PemPair, certificates: string[], signedAt = new Date(T0).toISOString(), subsystems?: unknown) {
  const otd = { edrpou: EDRPOU, signedAt, subsystems: subsystems ?? [{ code: 'RTG_prod', certificates, services: ['CheckPassportStatus'] }] };
  return { otd, signature: { certificate: pair.certPem, value: await signDetached(pair.keyPem, signingInput(otd)) } };
}

export async function eisWorld(options: EisOptions & { calendar?: CalendarOptions; start?: number } = {}) {
  const { calendar, start, ...rest } = options;
  const ctx = createTestContext({ ...(calendar ? { calendar } : {}), ...(start !== undefined ? { start } : {}) });
  const p = await testPki();
  const eis = createEisSimulator(ctx, { pki: p.pki, ...rest });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await eis.handle(
      new Request(`${BASE}${path}`, {
        method,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      }),
    );
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the contract says is there
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
  };
  return { ctx, eis, call, ...p };
}
