// The bodies of the ДМС reference contract (docs/en/contracts.md §1–2) as zod schemas, and the act rules that
// need more than one field. Every failure becomes a FieldIssue with an English message and a Ukrainian one.
import { z } from 'zod';
import {
  checkBookletPassport,
  checkEdrpou,
  checkIdCardNumber,
  checkKatottg,
  checkRnokpp,
  checkUnzr,
  type CheckResult,
} from '../../core/identifiers/index.ts';
import { fieldPath } from '../kit/index.ts';

export const ACT_KINDS = ['declaration', 'registration', 'removal', 'cancellation'] as const;
export type ActKind = (typeof ACT_KINDS)[number];

/** One offending field. `message` goes to the API (English); `uk` to the web registry. */
export interface FieldIssue {
  field: string;
  /** stable: 'rnokpp-invalid', 'required', 'address-required', ... */
  code: string;
  message: string;
  uk: string;
}

interface IssueParams {
  code: string;
  uk: string;
}

function identifier(check: (s: string) => CheckResult<object>, code: string, what: string, uk: (s: string) => string) {
  return z
    .string()
    .max(64)
    .superRefine((s, ctx) => {
      const r = check(s);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `${what} is not valid: ${r.reason}`, params: { code, uk: uk(s) } });
      }
    });
}

const Rnokpp = identifier(checkRnokpp, 'rnokpp-invalid', 'РНОКПП', (s) =>
  /^\d{10}$/.test(s) ? 'Неправильна контрольна цифра РНОКПП' : 'РНОКПП має складатися з 10 цифр',
);
const Unzr = identifier(checkUnzr, 'unzr-invalid', 'УНЗР', (s) =>
  /^\d{8}-?\d{5}$/.test(s) ? 'Неправильний УНЗР: перевірте дату та контрольну цифру' : 'УНЗР має вигляд РРРРММДД-NNNNC',
);
const Edrpou = identifier(checkEdrpou, 'edrpou-invalid', 'ЄДРПОУ code', (s) =>
  /^\d{8}$/.test(s) ? 'Неправильна контрольна цифра коду ЄДРПОУ' : 'Код ЄДРПОУ має складатися з 8 цифр',
);
const Katottg = identifier(checkKatottg, 'katottg-invalid', 'КАТОТТГ code', () =>
  'Код КАТОТТГ має вигляд UA і 17 цифр (наприклад, UA80000000000093317)',
);

const Name = z.string().trim().min(1).max(100);
const Instant = z.iso.datetime({ offset: true });

export const ActIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, '1..64 of A-Z a-z 0-9 . _ : -');

export const DocumentSchema = z.strictObject({
  type: z.enum(['id-card', 'booklet-passport']),
  number: z.string().min(1).max(32),
});

export const PersonSchema = z.strictObject({
  lastName: Name,
  firstName: Name,
  patronymic: Name.optional(),
  birthDate: z.iso.date(),
  sex: z.enum(['male', 'female']),
  rnokpp: Rnokpp.optional(),
  unzr: Unzr.optional(),
  document: DocumentSchema.optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const AddressSchema = z.strictObject({
  katottg: Katottg,
  text: z.string().trim().min(1).max(500),
});
export type Address = z.infer<typeof AddressSchema>;

export const RegistrationBodySchema = z.strictObject({
  edrpou: Edrpou,
  katottg: Katottg,
  name: z.string().trim().min(1).max(300).optional(),
});
export type RegistrationBody = z.infer<typeof RegistrationBodySchema>;

export const ActSchema = z.strictObject({
  actId: ActIdSchema,
  kind: z.enum(ACT_KINDS),
  performedAt: Instant,
  registrationBody: RegistrationBodySchema,
  person: PersonSchema,
  address: AddressSchema.optional(),
  cancelsActId: ActIdSchema.optional(),
  firstEntry: z.boolean().optional(),
});
export type Act = z.infer<typeof ActSchema>;

export const VerificationPersonSchema = z.strictObject({
  lastName: Name,
  firstName: Name,
  patronymic: Name.optional(),
  birthDate: z.iso.date(),
  rnokpp: Rnokpp.optional(),
  unzr: Unzr.optional(),
});
export type VerificationPerson = z.infer<typeof VerificationPersonSchema>;

export const VerificationAnswerSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  answeredAt: Instant,
  found: z.boolean(),
  registrations: z
    .array(
      z.strictObject({
        actId: z.string().min(1).max(64),
        kind: z.enum(ACT_KINDS),
        performedAt: Instant,
        address: AddressSchema.optional(),
      }),
    )
    .max(100)
    .optional(),
});
export type VerificationAnswer = z.infer<typeof VerificationAnswerSchema>;

/**
 * How a verification request may be sent broken on purpose, so a scenario sees the registry refuse it (4xx): no
 * `person`; `person.rnokpp` of 9 digits (the contract's is 10); a body that is not JSON (the request cut short).
 */
export const MALFORMED_VERIFICATION = ['no-person', 'bad-rnokpp', 'not-json'] as const;

/**
 * Control: POST /__polihon/verification-requests. Takes a person as scenarios hold them (sex and document
 * allowed); the request sent carries only the fields of VerificationPersonSchema — broken as `malformed` says.
 */
export const VerificationOrderSchema = z.strictObject({
  person: PersonSchema.partial({ sex: true, document: true }).refine((p) => p.rnokpp !== undefined || p.unzr !== undefined, {
    message: 'give rnokpp or unzr (at least one)',
    path: ['rnokpp'],
  }),
  malformed: z.enum(MALFORMED_VERIFICATION).optional(),
});

/** The fields of a person a verification request carries. */
export function verificationPerson(p: z.infer<typeof VerificationOrderSchema>['person']): VerificationPerson {
  const { lastName, firstName, patronymic, birthDate, rnokpp, unzr } = p;
  return Object.fromEntries(
    Object.entries({ lastName, firstName, patronymic, birthDate, rnokpp, unzr }).filter(([, v]) => v !== undefined),
  ) as VerificationPerson;
}

/** A person as ЄДДР holds them (the act's person shape, all optional); only РНОКПП and УНЗР are matched. */
export const EddrPersonSchema = PersonSchema.partial();
export type EddrPerson = z.infer<typeof EddrPersonSchema>;

/** Control: POST /__polihon/seed. */
export const DmsSeedSchema = z.strictObject({ eddr: z.array(EddrPersonSchema).max(10_000) });

// ---------------------------------------------------------------------------------------------------------
// Issues

/** Enum values as a Ukrainian officer reads them. */
const VALUE_UK: Record<string, string> = {
  declaration: 'декларування',
  registration: 'реєстрація',
  removal: 'зняття з місця проживання',
  cancellation: 'скасування',
  male: 'чоловіча',
  female: 'жіноча',
  'id-card': 'ID-картка',
  'booklet-passport': 'паспорт-книжечка',
};

/** Every zod issue as a FieldIssue, one per field (the first), each unknown key named. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: fieldPath([...issue.path, key]), code: 'unknown-field', message: 'unknown field', uk: 'Невідоме поле' });
      }
      continue;
    }
    const field = fieldPath(issue.path);
    switch (issue.code) {
      case 'custom': {
        const params = issue.params as IssueParams | undefined;
        out.push({ field, code: params?.code ?? 'invalid', message: issue.message, uk: params?.uk ?? 'Неправильне значення' });
        break;
      }
      case 'invalid_type':
        out.push(
          issue.input === undefined
            ? { field, code: 'required', message: 'is required', uk: "Обов'язкове поле" }
            : { field, code: 'wrong-type', message: `must be ${issue.expected}`, uk: 'Неправильний тип значення' },
        );
        break;
      case 'invalid_value':
        if (issue.input === undefined) {
          out.push({ field, code: 'required', message: 'is required', uk: "Обов'язкове поле" });
          break;
        }
        out.push({
          field,
          code: 'not-allowed',
          message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          uk: `Недопустиме значення; можливі: ${issue.values.map((v) => VALUE_UK[String(v)] ?? String(v)).join(', ')}`,
        });
        break;
      case 'invalid_format':
        out.push({ field, code: 'format', message: formatMessage(issue.format), uk: formatUk(issue.format) });
        break;
      case 'too_small':
        out.push(
          issue.origin === 'string'
            ? { field, code: 'required', message: 'must not be empty', uk: "Обов'язкове поле" }
            : { field, code: 'too-small', message: issue.message, uk: 'Замале значення' },
        );
        break;
      case 'too_big':
        out.push({ field, code: 'too-long', message: issue.message, uk: 'Задовге значення' });
        break;
      default:
        out.push({ field, code: 'invalid', message: issue.message, uk: 'Неправильне значення' });
    }
  }
  return firstPerField(out);
}

function formatMessage(format: string): string {
  if (format === 'date') return 'must be a date YYYY-MM-DD';
  if (format === 'datetime') return 'must be an ISO 8601 instant, e.g. 2026-03-10T08:00:00.000Z';
  if (format === 'regex') return 'must be 1..64 of A-Z a-z 0-9 . _ : -';
  return `must be a valid ${format}`;
}

function formatUk(format: string): string {
  if (format === 'date') return 'Дата має вигляд РРРР-ММ-ДД';
  if (format === 'datetime') return 'Час має бути у форматі ISO 8601';
  if (format === 'regex') return 'Лише латинські літери, цифри та . _ : - (до 64 символів)';
  return 'Неправильний формат';
}

export function firstPerField(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.field) ? false : (seen.add(i.field), true)));
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * The act rules that join fields (contracts §1): РНОКПП and УНЗР agree with birth date and sex, a document number
 * fits its type, address and cancelsActId by kind, performedAt not after `now`. Reads the raw body defensively,
 * so these issues are reported beside the schema's own even when the body is otherwise broken.
 */
export function crossFieldIssues(raw: unknown, now: number): FieldIssue[] {
  const act = obj(raw);
  if (!act) return [];
  const out: FieldIssue[] = [];
  const person = obj(act.person);
  if (person) {
    const { rnokpp, unzr, sex } = person;
    // a birth date that is itself wrong is reported on its own field, not compared
    const birthDate = z.iso.date().safeParse(person.birthDate).success ? (person.birthDate as string) : undefined;
    if (rnokpp === undefined && unzr === undefined) {
      out.push({
        field: 'person.rnokpp',
        code: 'identifier-missing',
        message: 'give rnokpp or unzr (at least one)',
        uk: 'Вкажіть РНОКПП або УНЗР (хоча б одне)',
      });
    }
    if (typeof rnokpp === 'string') {
      const r = checkRnokpp(rnokpp);
      if (r.ok) {
        const wrong: string[] = [];
        const wrongUk: string[] = [];
        if (birthDate !== undefined && r.birthDate !== birthDate) {
          wrong.push(`encodes birth date ${r.birthDate}, but birthDate is ${birthDate}`);
          wrongUk.push(`дату народження ${r.birthDate}, а вказано ${birthDate}`);
        }
        if ((sex === 'male' || sex === 'female') && r.sex !== sex) {
          wrong.push(`encodes sex ${r.sex}, but sex is ${sex}`);
          wrongUk.push(`стать «${r.sex === 'male' ? 'чоловіча' : 'жіноча'}», а вказано іншу`);
        }
        if (wrong.length > 0) {
          out.push({
            field: 'person.rnokpp',
            code: 'rnokpp-mismatch',
            message: `РНОКПП ${wrong.join('; ')}`,
            uk: `РНОКПП відповідає ${wrongUk.join(' і ')}`,
          });
        }
      }
    }
    if (typeof unzr === 'string' && birthDate !== undefined) {
      const u = checkUnzr(unzr);
      if (u.ok && u.birthDate !== birthDate) {
        out.push({
          field: 'person.unzr',
          code: 'unzr-mismatch',
          message: `УНЗР encodes birth date ${u.birthDate}, but birthDate is ${birthDate}`,
          uk: `УНЗР відповідає даті народження ${u.birthDate}, а вказано ${birthDate}`,
        });
      }
    }
    const doc = obj(person.document);
    if (doc && typeof doc.number === 'string' && (doc.type === 'id-card' || doc.type === 'booklet-passport')) {
      const r = doc.type === 'id-card' ? checkIdCardNumber(doc.number) : checkBookletPassport(doc.number);
      if (!r.ok) {
        out.push({
          field: 'person.document.number',
          code: 'document-invalid',
          message: `${doc.type} number is not valid: ${r.reason}`,
          uk: doc.type === 'id-card' ? 'Номер ID-картки — 9 цифр' : 'Паспорт-книжечка: 2 кириличні літери і 6 цифр (АА123456)',
        });
      }
    }
  }
  const kind = act.kind;
  if ((kind === 'declaration' || kind === 'registration') && act.address === undefined) {
    out.push({
      field: 'address',
      code: 'address-required',
      message: `address is required for ${kind}`,
      uk: "Адреса обов'язкова для декларування та реєстрації",
    });
  }
  if (kind === 'cancellation' && act.cancelsActId === undefined) {
    out.push({
      field: 'cancelsActId',
      code: 'cancels-required',
      message: 'cancelsActId is required for a cancellation',
      uk: 'Вкажіть акт, що скасовується',
    });
  }
  if (typeof kind === 'string' && kind !== 'cancellation' && act.cancelsActId !== undefined) {
    out.push({
      field: 'cancelsActId',
      code: 'cancels-not-allowed',
      message: 'cancelsActId is only for a cancellation',
      uk: 'Акт, що скасовується, вказують лише для скасування',
    });
  }
  if (typeof act.performedAt === 'string') {
    const at = Date.parse(act.performedAt);
    if (Number.isFinite(at) && at > now) {
      out.push({
        field: 'performedAt',
        code: 'performed-in-future',
        message: `performedAt ${act.performedAt} is after the simulator clock ${new Date(now).toISOString()}`,
        uk: 'Час дії пізніший за поточний час системи',
      });
    }
  }
  return out;
}

/** Issues as the problem+json `errors` array. */
export function problemFields(issues: readonly FieldIssue[]): { field: string; message: string }[] {
  return issues.map(({ field, message }) => ({ field, message }));
}

/** Identifiers compared without the УНЗР dash, so both written forms match. */
export function unzrKey(unzr: string): string {
  return unzr.replace('-', '');
}
