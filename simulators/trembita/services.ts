// Services built into the Трембіта simulator (`provider: simulated:<name>` in the registry): an МВС passport-status
// check and a person lookup over SOAP, the passport check over REST. Synthetic data only; seedable through the control
// API. Business errors come the X-Road way (PR-MESS Annex D.2): a normal response with a `fault` element.
import { z } from 'zod';
import { checkBookletPassport, checkIdCardNumber } from '../../core/identifiers/passport.ts';
import { checkRnokpp } from '../../core/identifiers/rnokpp.ts';
import type { ServiceType } from './registry.ts';
import { childByLocal, leaf, textOf, type XmlElement } from './xml.ts';

export const PASSPORT_STATUSES = ['VALID', 'INVALID', 'LOST', 'STOLEN', 'EXPIRED'] as const;
export type PassportStatus = (typeof PASSPORT_STATUSES)[number];

const STATUS_TEXT: Record<PassportStatus | 'NOT_FOUND', string> = {
  VALID: 'Паспорт дійсний',
  INVALID: 'Паспорт недійсний',
  LOST: 'Паспорт втрачено',
  STOLEN: 'Паспорт викрадено',
  EXPIRED: 'Строк дії паспорта минув',
  NOT_FOUND: 'Паспорт не знайдено',
};

const PassportSeed = z.strictObject({
  /** booklet series (2 Cyrillic capitals); absent for an ID card */
  series: z.string().optional(),
  number: z.string().min(1),
  status: z.enum(PASSPORT_STATUSES),
});
const PersonSeed = z.strictObject({
  rnokpp: z.string().regex(/^\d{10}$/),
  lastName: z.string().min(1),
  firstName: z.string().min(1),
  patronymic: z.string().optional(),
  birthDate: z.iso.date(),
  sex: z.enum(['male', 'female']),
  unzr: z.string().optional(),
});
export const BuiltinSeedSchema = z.strictObject({
  passports: z.array(PassportSeed).max(10_000).optional(),
  persons: z.array(PersonSeed).max(10_000).optional(),
});
export type PassportRecord = z.infer<typeof PassportSeed>;
export type PersonRecord = z.infer<typeof PersonSeed>;

/** Synthetic records the built-in services hold at the start and after each reset. */
export const DEFAULT_PASSPORTS: readonly PassportRecord[] = Object.freeze([
  { number: '000123456', status: 'VALID' },
  { number: '000654321', status: 'INVALID' },
  { series: 'АА', number: '123456', status: 'VALID' },
  { series: 'КЕ', number: '654321', status: 'LOST' },
]);
export const DEFAULT_PERSONS: readonly PersonRecord[] = Object.freeze([
  { rnokpp: '3287300123', lastName: 'Шевченко', firstName: 'Олена', patronymic: 'Петрівна', birthDate: '1990-01-01', sex: 'female', unzr: '19900101-00018' },
  { rnokpp: '1759013776', lastName: 'Коваленко', firstName: 'Петро', patronymic: 'Іванович', birthDate: '1948-02-28', sex: 'male' },
]);

export interface BuiltinData {
  passports: Map<string, PassportRecord>;
  persons: Map<string, PersonRecord>;
}

const passportKey = (series: string | undefined, number: string) => `${series ?? ''}${number}`;

export function createBuiltinData(): BuiltinData & { reset(): void; seed(d: z.infer<typeof BuiltinSeedSchema>): { passports: number; persons: number } } {
  const data = {
    passports: new Map<string, PassportRecord>(),
    persons: new Map<string, PersonRecord>(),
    reset() {
      data.passports.clear();
      data.persons.clear();
      data.seed({ passports: [...DEFAULT_PASSPORTS], persons: [...DEFAULT_PERSONS] });
    },
    seed(d: z.infer<typeof BuiltinSeedSchema>) {
      for (const p of d.passports ?? []) data.passports.set(passportKey(p.series, p.number), p);
      for (const p of d.persons ?? []) data.persons.set(p.rnokpp, p);
      return { passports: d.passports?.length ?? 0, persons: d.persons?.length ?? 0 };
    },
  };
  data.reset();
  return data;
}

// ---------------------------------------------------------------------------------------------------------
// SOAP built-ins

export type SoapOutcome =
  /** the content of the `<serviceCode>Response` wrapper */
  | { kind: 'response'; innerXml: string; businessFault?: string }
  /** the service's own SOAP fault */
  | { kind: 'fault'; code: 'Client' | 'Server'; message: string };

export interface SoapBuiltin {
  type: 'SOAP';
  /** XSD particles of the request wrapper's sequence (unqualified elements) */
  requestXsd: string;
  /** XSD particles of the response wrapper's sequence */
  responseXsd: string;
  handle(wrapper: XmlElement, data: BuiltinData): SoapOutcome;
}

const BUSINESS_FAULT_XSD = '<xs:element name="fault" type="tns:BusinessFault" minOccurs="0"/>';

function businessFault(code: string, message: string): SoapOutcome {
  return { kind: 'response', innerXml: `<fault>${leaf('faultCode', code)}${leaf('faultString', message)}</fault>`, businessFault: code };
}

function param(wrapper: XmlElement, name: string): string | undefined {
  const el = childByLocal(wrapper, name);
  if (!el) return undefined;
  const v = textOf(el).trim();
  return v === '' ? undefined : v;
}

const checkPassportStatus: SoapBuiltin = {
  type: 'SOAP',
  requestXsd: '<xs:element name="PasSerial" type="xs:string" minOccurs="0"/><xs:element name="PasNumber" type="xs:string"/>',
  responseXsd:
    '<xs:element name="PasSerial" type="xs:string" minOccurs="0"/><xs:element name="PasNumber" type="xs:string" minOccurs="0"/>' +
    '<xs:element name="status" type="xs:string" minOccurs="0"/><xs:element name="statusText" type="xs:string" minOccurs="0"/>' +
    BUSINESS_FAULT_XSD,
  handle(wrapper, data) {
    const series = param(wrapper, 'PasSerial');
    const number = param(wrapper, 'PasNumber');
    if (number === undefined) return businessFault('MissingPasNumber', 'Не вказано номер паспорта (PasNumber)');
    const check = series === undefined ? checkIdCardNumber(number) : checkBookletPassport(series + number);
    if (!check.ok) return businessFault('InvalidPassportNumber', `Невірний номер паспорта: ${check.reason}`);
    const found = data.passports.get(passportKey(series, number));
    const status = found?.status ?? 'NOT_FOUND';
    return {
      kind: 'response',
      innerXml: leaf('PasSerial', series) + leaf('PasNumber', number) + leaf('status', status) + leaf('statusText', STATUS_TEXT[status]),
    };
  },
};

const personByRnokpp: SoapBuiltin = {
  type: 'SOAP',
  requestXsd: '<xs:element name="rnokpp" type="xs:string"/>',
  responseXsd:
    '<xs:element name="found" type="xs:boolean" minOccurs="0"/>' +
    '<xs:element name="person" minOccurs="0"><xs:complexType><xs:sequence>' +
    ['rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate', 'sex', 'unzr'].map((n) => `<xs:element name="${n}" type="xs:string" minOccurs="0"/>`).join('') +
    '</xs:sequence></xs:complexType></xs:element>' +
    BUSINESS_FAULT_XSD,
  handle(wrapper, data) {
    const rnokpp = param(wrapper, 'rnokpp');
    if (rnokpp === undefined) return businessFault('MissingRnokpp', 'Не вказано РНОКПП (rnokpp)');
    const check = checkRnokpp(rnokpp);
    if (!check.ok) return businessFault('InvalidRnokpp', `Невірний РНОКПП: ${check.reason}`);
    const p = data.persons.get(rnokpp);
    if (!p) return { kind: 'response', innerXml: leaf('found', 'false') };
    const person =
      leaf('rnokpp', p.rnokpp) + leaf('lastName', p.lastName) + leaf('firstName', p.firstName) + leaf('patronymic', p.patronymic) +
      leaf('birthDate', p.birthDate) + leaf('sex', p.sex) + leaf('unzr', p.unzr);
    return { kind: 'response', innerXml: `${leaf('found', 'true')}<person>${person}</person>` };
  },
};

// ---------------------------------------------------------------------------------------------------------
// REST built-ins

export interface RestCall {
  method: string;
  /** the path after the service (r1: after the service code; UXP: after /restapi), '' or starting with '/' */
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface RestBuiltin {
  type: 'REST' | 'OPENAPI';
  openapi(title: string): Record<string, unknown>;
  handle(call: RestCall, data: BuiltinData): { status: number; body: unknown };
}

const passportStatusRest: RestBuiltin = {
  type: 'OPENAPI',
  openapi: (title) => ({
    openapi: '3.0.3',
    info: { title, version: '1', description: 'polihon: simulated МВС passport status over Трембіта REST (synthetic data).' },
    paths: {
      '/passports/{number}': {
        get: {
          operationId: 'getPassportStatus',
          parameters: [{ name: 'number', in: 'path', required: true, description: 'ID card number (9 digits) or booklet series + number (АА123456)', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Status', content: { 'application/json': { schema: { $ref: '#/components/schemas/PassportStatus' } } } },
            '400': { description: 'Not a passport number', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
            '404': { description: 'Unknown passport', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        PassportStatus: {
          type: 'object',
          required: ['number', 'status'],
          properties: { number: { type: 'string' }, status: { type: 'string', enum: [...PASSPORT_STATUSES] }, statusText: { type: 'string' } },
        },
        Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  }),
  handle(call, data) {
    const m = /^\/passports\/([^/]+)$/.exec(call.path);
    if (!m || call.method !== 'GET') return { status: 404, body: { code: 'not-found', message: `no ${call.method} ${call.path || '/'}` } };
    const raw = decodeURIComponent(m[1]!);
    const booklet = /^\D/.test(raw);
    const check = booklet ? checkBookletPassport(raw) : checkIdCardNumber(raw);
    if (!check.ok) return { status: 400, body: { code: 'invalid-number', message: check.reason } };
    const found = booklet ? data.passports.get(raw) : data.passports.get(passportKey(undefined, raw));
    if (!found) return { status: 404, body: { code: 'unknown-passport', message: STATUS_TEXT.NOT_FOUND } };
    return { status: 200, body: { number: raw, status: found.status, statusText: STATUS_TEXT[found.status] } };
  },
};

export type Builtin = SoapBuiltin | RestBuiltin;

/** Built-in services by the name the registry's `provider: simulated:<name>` uses. */
export const BUILTINS: Readonly<Record<string, Builtin>> = Object.freeze({
  'mvs.check-passport-status': checkPassportStatus,
  'mvs.person-by-rnokpp': personByRnokpp,
  'mvs.passport-status-rest': passportStatusRest,
});

export const BUILTIN_CATALOG: { types: Record<string, ServiceType> } = {
  types: Object.fromEntries(Object.entries(BUILTINS).map(([k, v]) => [k, v.type])),
};

/** The default namespace of a SOAP service's messages when the registry names none. */
export function defaultNamespace(serviceCode: string): string {
  return `http://polihon.test/trembita/api/${encodeURIComponent(serviceCode)}`;
}
