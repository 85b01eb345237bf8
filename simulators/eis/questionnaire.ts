// The questionnaire's check: what a rework names, one reason per field (a JSON pointer into the filed body). A
// questionnaire missing or wrong in some fields is still received — the service returns it for rework (EIS-REG-03);
// only a body without a questionnaire, or without a ЄДРПОУ to match the signature to, is refused at once.
import { t, type MessageRef } from '../../core/i18n.ts';
import { EIS } from './messages.ts';
import { pointer, QUESTIONNAIRE_FIELDS, USER_ROLES, type FieldReason } from './public.ts';

export const EDRPOU_RE = /^\d{8}$/;
export const SUBSYSTEM_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;
const PHONE_RE = /^\+380\d{9}$/;

const TEXT_MAX: Record<string, number> = {
  organisationName: 300,
  headFullName: 200,
  address: 500,
  informationSystem: 300,
  purpose: 1000,
  legalGround: 1000,
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const filled = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

function reason(field: string, code: FieldReason['code'], ref: MessageRef, params: Record<string, string>): FieldReason {
  return { field, code, message: t(ref, 'uk', params), messageEn: t(ref, 'en', params) };
}

function invalid(at: string, name: string, expected: MessageRef, params: Record<string, string | number> = {}): FieldReason {
  const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return {
    field: at,
    code: 'invalid',
    message: t(EIS.reasonInvalid, 'uk', { field: name, expected: t(expected, 'uk', p) }),
    messageEn: t(EIS.reasonInvalid, 'en', { field: name, expected: t(expected, 'en', p) }),
  };
}

/**
 * The reasons for a rework of `q` (the questionnaire as filed), by field; none when it is complete and correct.
 * `base` is the questionnaire's pointer in the body (/application/questionnaire).
 */
export function questionnaireReasons(q: Record<string, unknown>, base: string): FieldReason[] {
  const out: FieldReason[] = [];
  for (const key of Object.keys(q)) {
    if (!(QUESTIONNAIRE_FIELDS as readonly string[]).includes(key)) out.push(reason(`${base}${pointer(key)}`, 'unknown-field', EIS.reasonUnknown, { field: key }));
  }
  for (const f of QUESTIONNAIRE_FIELDS) {
    const at = `${base}${pointer(f)}`;
    const v = q[f];
    if (!filled(v)) {
      out.push(reason(at, 'missing', EIS.reasonMissing, { field: f }));
      continue;
    }
    if (f === 'edrpou') {
      if (typeof v !== 'string' || !EDRPOU_RE.test(v)) out.push(invalid(at, f, EIS.expectEdrpou));
    } else if (f === 'contactEmail') {
      if (typeof v !== 'string' || !EMAIL_RE.test(v)) out.push(invalid(at, f, EIS.expectEmail));
    } else if (f === 'contactPhone') {
      if (typeof v !== 'string' || !PHONE_RE.test(v)) out.push(invalid(at, f, EIS.expectPhone));
    } else if (f === 'subsystems') {
      out.push(...subsystemReasons(v, at));
    } else if (f === 'users') {
      out.push(...userReasons(v, at));
    } else if (typeof v !== 'string' || v.length > TEXT_MAX[f]!) {
      out.push(invalid(at, f, EIS.expectText, { max: TEXT_MAX[f]! }));
    }
  }
  return out;
}

function subsystemReasons(v: unknown, at: string): FieldReason[] {
  if (!Array.isArray(v) || v.length > 20 || new Set(v).size !== v.length) return [invalid(at, 'subsystems', EIS.expectSubsystems)];
  return v.flatMap((s, i) => (typeof s === 'string' && SUBSYSTEM_RE.test(s) ? [] : [invalid(`${at}/${i}`, `subsystems/${i}`, EIS.expectSubsystem)]));
}

function userReasons(v: unknown, at: string): FieldReason[] {
  if (!Array.isArray(v) || v.length > 50) return [invalid(at, 'users', EIS.expectUsers)];
  const out: FieldReason[] = [];
  v.forEach((u, i) => {
    const here = `${at}/${i}`;
    if (!isObject(u)) {
      out.push(invalid(here, `users/${i}`, EIS.expectObject));
      return;
    }
    for (const key of Object.keys(u)) {
      if (!['fullName', 'email', 'role'].includes(key)) out.push(reason(`${here}${pointer(key)}`, 'unknown-field', EIS.reasonUnknown, { field: `users/${i}/${key}` }));
    }
    const name = (k: string) => `users/${i}/${k}`;
    if (!filled(u.fullName)) out.push(reason(`${here}/fullName`, 'missing', EIS.reasonMissing, { field: name('fullName') }));
    else if (typeof u.fullName !== 'string' || u.fullName.length > 200) out.push(invalid(`${here}/fullName`, name('fullName'), EIS.expectText, { max: 200 }));
    if (!filled(u.email)) out.push(reason(`${here}/email`, 'missing', EIS.reasonMissing, { field: name('email') }));
    else if (typeof u.email !== 'string' || !EMAIL_RE.test(u.email)) out.push(invalid(`${here}/email`, name('email'), EIS.expectEmail));
    if (!filled(u.role)) out.push(reason(`${here}/role`, 'missing', EIS.reasonMissing, { field: name('role') }));
    else if (!(USER_ROLES as readonly unknown[]).includes(u.role)) out.push(invalid(`${here}/role`, name('role'), EIS.expectRole));
  });
  return out;
}
