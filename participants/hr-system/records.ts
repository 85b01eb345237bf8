// The personnel records the HR system keeps, and the record it serves Дія for an official (polihon's Дія contract,
// HrPersonnelRecords_v1): employment is judged on the Kyiv date of the simulators' clock, so a dismissal "on" a day
// takes effect from that day's start.

export interface Official {
  rnokpp: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  position: string;
  organisation: string;
  credential: { title: string; series: string; number: string; issueDate: string; expiryDate?: string; chip: boolean };
  contacts: { phone?: string; email?: string };
  /** the Kyiv date the official is dismissed from, if any */
  dismissedOn?: string;
  updatedAt: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date 'YYYY-MM-DD'. */
export function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const kyiv = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Kyiv calendar date of an instant. Example: kyivDate(Date.parse('2026-03-10T22:30:00Z')) -> '2026-03-11'. */
export function kyivDate(ms: number): string {
  return kyiv.format(new Date(ms));
}

/**
 * Reads one official from the driver's JSON (the shape of the Дія simulator's `officials` action is taken as it is:
 * fields of its own, such as id or hr, are ignored). A located message when something is wrong.
 */
export function readOfficial(v: unknown, where: string, now: number): Official | string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return `${where}: an object is required`;
  const o = v as Record<string, unknown>;
  const text = (k: string, from = o): string | undefined => (typeof from[k] === 'string' && (from[k] as string).trim() ? (from[k] as string).trim() : undefined);
  if (typeof o.rnokpp !== 'string' || !/^\d{10}$/.test(o.rnokpp)) return `${where}.rnokpp: 10 digits are required`;
  for (const k of ['lastName', 'firstName', 'position', 'organisation']) if (!text(k)) return `${where}.${k}: a non-empty string is required`;
  if (o.middleName !== undefined && typeof o.middleName !== 'string') return `${where}.middleName: a string, when given`;
  const c = o.credential;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return `${where}.credential: an object is required`;
  const cr = c as Record<string, unknown>;
  for (const k of ['series', 'number']) if (!text(k, cr)) return `${where}.credential.${k}: a non-empty string is required`;
  if (cr.title !== undefined && !text('title', cr)) return `${where}.credential.title: a non-empty string, when given`;
  if (!isDate(cr.issueDate)) return `${where}.credential.issueDate: a date YYYY-MM-DD is required`;
  if (cr.expiryDate !== undefined && !isDate(cr.expiryDate)) return `${where}.credential.expiryDate: a date YYYY-MM-DD, when given`;
  if (cr.chip !== undefined && typeof cr.chip !== 'boolean') return `${where}.credential.chip: true or false`;
  const contacts = (o.contacts ?? {}) as Record<string, unknown>;
  if (typeof contacts !== 'object' || Array.isArray(contacts)) return `${where}.contacts: an object, when given`;
  for (const k of ['phone', 'email']) if (contacts[k] !== undefined && typeof contacts[k] !== 'string') return `${where}.contacts.${k}: a string, when given`;
  if (o.dismissedOn !== undefined && !isDate(o.dismissedOn)) return `${where}.dismissedOn: a date YYYY-MM-DD, when given`;
  const middle = typeof o.middleName === 'string' ? o.middleName.trim() : '';
  return {
    rnokpp: o.rnokpp,
    lastName: text('lastName')!,
    firstName: text('firstName')!,
    ...(middle ? { middleName: middle } : {}),
    position: text('position')!,
    organisation: text('organisation')!,
    credential: {
      title: text('title', cr) ?? 'Службове посвідчення',
      series: text('series', cr)!,
      number: text('number', cr)!,
      issueDate: cr.issueDate as string,
      ...(cr.expiryDate !== undefined ? { expiryDate: cr.expiryDate as string } : {}),
      chip: cr.chip !== false,
    },
    contacts: {
      ...(typeof contacts.phone === 'string' ? { phone: contacts.phone } : {}),
      ...(typeof contacts.email === 'string' ? { email: contacts.email } : {}),
    },
    ...(typeof o.dismissedOn === 'string' ? { dismissedOn: o.dismissedOn } : {}),
    updatedAt: now,
  };
}

/** Someone else, for wrong-person when the register holds one official only (synthetic). */
const STRANGER: Official = {
  rnokpp: '3012345678',
  lastName: 'Підмінний',
  firstName: 'Остап',
  middleName: 'Іванович',
  position: 'водій автотранспортних засобів',
  organisation: 'Інша тестова установа',
  credential: { title: 'Службове посвідчення', series: 'ЯЯ', number: '999999', issueDate: '2020-01-15', chip: true },
  contacts: { phone: '+380500000000' },
  updatedAt: 0,
};

export interface ServeOptions {
  staleAfterDismissal: boolean;
  missingPosition: boolean;
  wrongPerson: boolean;
  extraFields: boolean;
  emptyMiddleName: boolean;
  /** hide-expired: a term already past is left out, as if there were none */
  hideExpired?: boolean;
}

/** The record Дія gets for `rnokpp` on the Kyiv date of `now`; undefined for an official it does not know. */
export function serveRecord(officials: Map<string, Official>, rnokpp: string, now: number, o: ServeOptions): Record<string, unknown> | undefined {
  const asked = officials.get(rnokpp);
  if (!asked) return undefined;
  let source = asked;
  if (o.wrongPerson) {
    const all = [...officials.values()];
    source = all.length > 1 ? all[(all.indexOf(asked) + 1) % all.length]! : STRANGER;
  }
  const dismissed = !o.staleAfterDismissal && asked.dismissedOn !== undefined && kyivDate(now) >= asked.dismissedOn;
  const record: Record<string, unknown> = {
    rnokpp,
    lastName: source.lastName,
    firstName: source.firstName,
    ...(source.middleName ? { middleName: source.middleName } : o.emptyMiddleName ? { middleName: '' } : {}),
    position: source.position,
    organisation: source.organisation,
    employment: dismissed ? 'dismissed' : 'active',
    ...(dismissed ? { dismissedAt: asked.dismissedOn } : {}),
    credential: { ...source.credential },
    contacts: { ...source.contacts },
    updatedAt: new Date(asked.updatedAt).toISOString(),
  };
  if (o.missingPosition) delete record.position;
  const credential = record.credential as { expiryDate?: string };
  if (o.hideExpired && credential.expiryDate !== undefined && credential.expiryDate < kyivDate(now)) delete credential.expiryDate;
  if (o.extraFields) Object.assign(record, { personnelNumber: `ТН-${rnokpp.slice(-5)}`, department: 'відділ кадрового забезпечення', rank: '7 ранг державного службовця' });
  return record;
}

/** Every object's keys in reverse order, all the way down (reorder-keys). */
export function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
}
