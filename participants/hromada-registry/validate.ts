// Validation of every body the registry accepts. Each check returns all offending fields at once, named by path
// ('person.rnokpp'), so a 422 says exactly what to fix. Shapes only: identifier check digits are ДМС's to judge
// (an act it refuses becomes `rejected`), and the test driver must not refuse what a scenario deliberately sends.

export interface FieldError {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export type ActKind = 'declaration' | 'registration' | 'removal' | 'cancellation';
export const ACT_KINDS: readonly ActKind[] = ['declaration', 'registration', 'removal', 'cancellation'];

export interface Person {
  lastName?: string;
  firstName?: string;
  patronymic?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  rnokpp?: string;
  unzr?: string;
  document?: { type: 'id-card' | 'booklet-passport'; number: string };
}

export interface Address {
  katottg: string;
  text: string;
}

export interface ActionInput {
  kind: ActKind;
  person: Person;
  address?: Address;
  cancels?: string;
  firstEntry?: boolean;
}

export interface ResidentInput {
  person: Person;
  address: Address;
  /** since when the registration holds: a Kyiv date 'YYYY-MM-DD' or an instant (epoch ms) */
  since?: string | number;
  kind?: 'declaration' | 'registration';
  actId?: string;
}

export interface ResetInput {
  dms?: string;
  /** Трембіта's URL; null when `simulators` was given without it (straight to ДМС from now on) */
  trembita?: string | null;
  clock?: string;
}

export interface VerificationRequest {
  requestId: string;
  sentAt?: number;
  answerBy?: number;
  question?: string;
  person: Person;
  replyTo: string;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 30 ? `'${v.slice(0, 27)}...'` : `'${v}'`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

class Collector {
  readonly errors: FieldError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
  unknownKeys(obj: Obj, allowed: readonly string[], prefix: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add(`${prefix}${key}`, `unknown field; allowed: ${allowed.join(', ')}`);
    }
  }
  string(obj: Obj, key: string, prefix: string, required: boolean, pattern?: RegExp, expect?: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) this.add(`${prefix}${key}`, `is required${expect ? ` (${expect})` : ''}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add(`${prefix}${key}`, `must be a string${expect ? ` (${expect})` : ''}, got ${describe(v)}`);
      return undefined;
    }
    if (required && v.trim() === '') {
      this.add(`${prefix}${key}`, 'must not be empty');
      return undefined;
    }
    if (pattern && !pattern.test(v)) {
      this.add(`${prefix}${key}`, `must be ${expect ?? `of the form ${pattern}`}, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  done<T>(value: T): Checked<T> {
    return this.errors.length ? { ok: false, errors: this.errors } : { ok: true, value };
  }
}

function isRealDate(s: string): boolean {
  const m = DATE_PATTERN.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** An ISO 8601 instant with a zone (…Z or …+02:00) as epoch ms, or null. */
export function parseInstant(s: unknown): number | null {
  if (typeof s !== 'string' || !INSTANT_PATTERN.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

function checkPerson(c: Collector, v: unknown, prefix: string, mode: 'act' | 'lookup'): Person | undefined {
  const field = prefix.slice(0, -1);
  if (!isObject(v)) {
    c.add(field, v === undefined ? 'is required' : `must be an object, got ${describe(v)}`);
    return undefined;
  }
  const full = mode === 'act';
  const person: Person = {};
  const lastName = c.string(v, 'lastName', prefix, full);
  const firstName = c.string(v, 'firstName', prefix, full);
  const patronymic = c.string(v, 'patronymic', prefix, false);
  const birthDate = c.string(v, 'birthDate', prefix, full, DATE_PATTERN, 'a date YYYY-MM-DD');
  if (birthDate !== undefined && !isRealDate(birthDate)) c.add(`${prefix}birthDate`, `is not a real date: '${birthDate}'`);
  const sex = v.sex;
  if (sex !== undefined && sex !== 'male' && sex !== 'female') c.add(`${prefix}sex`, `must be 'male' or 'female', got ${describe(sex)}`);
  else if (sex === undefined && full) c.add(`${prefix}sex`, "is required ('male' or 'female')");
  const rnokpp = c.string(v, 'rnokpp', prefix, false, /^\d{10}$/, 'a РНОКПП of 10 digits');
  const unzr = c.string(v, 'unzr', prefix, false, /^\d{8}-?\d{5}$/, 'a УНЗР YYYYMMDD-NNNNC');
  if ((v.rnokpp === undefined || v.rnokpp === null) && (v.unzr === undefined || v.unzr === null)) {
    c.add(`${prefix}rnokpp`, 'rnokpp or unzr is required (at least one identifies the person)');
  }
  if (v.document !== undefined && v.document !== null) {
    if (!isObject(v.document)) c.add(`${prefix}document`, `must be an object { type, number }, got ${describe(v.document)}`);
    else {
      const type = v.document.type;
      if (type !== 'id-card' && type !== 'booklet-passport') {
        c.add(`${prefix}document.type`, `must be 'id-card' or 'booklet-passport', got ${describe(type)}`);
      }
      const number = c.string(v.document, 'number', `${prefix}document.`, true);
      if ((type === 'id-card' || type === 'booklet-passport') && number !== undefined) person.document = { type, number };
    }
  }
  // Only the fields of the contract travel on; anything else a caller attached stays here.
  if (lastName !== undefined) person.lastName = lastName;
  if (firstName !== undefined) person.firstName = firstName;
  // A person without a patronymic may come with an empty one; ДМС wants it absent then.
  if (patronymic !== undefined && patronymic.trim() !== '') person.patronymic = patronymic;
  if (birthDate !== undefined) person.birthDate = birthDate;
  if (sex === 'male' || sex === 'female') person.sex = sex;
  if (rnokpp !== undefined) person.rnokpp = rnokpp;
  if (unzr !== undefined) person.unzr = unzr;
  return person;
}

function checkAddress(c: Collector, v: unknown, field: string, required: boolean): Address | undefined {
  if (v === undefined || v === null) {
    if (required) c.add(field, 'is required { katottg, text }');
    return undefined;
  }
  if (!isObject(v)) {
    c.add(field, `must be an object { katottg, text }, got ${describe(v)}`);
    return undefined;
  }
  const katottg = c.string(v, 'katottg', `${field}.`, true, /^UA\d{17}$/, 'a КАТОТТГ code UA + 17 digits');
  const text = c.string(v, 'text', `${field}.`, true);
  return katottg !== undefined && text !== undefined ? { katottg, text } : undefined;
}

function checkBodyObject(c: Collector, body: unknown): body is Obj {
  if (!isObject(body)) {
    c.add('body', `must be a JSON object, got ${describe(body)}`);
    return false;
  }
  return true;
}

/** POST /driver/actions */
export function checkAction(body: unknown): Checked<ActionInput> {
  const c = new Collector();
  if (!checkBodyObject(c, body)) return c.done(null as never);
  c.unknownKeys(body, ['kind', 'person', 'address', 'cancels', 'firstEntry'], '');
  const kind = body.kind;
  const kindOk = typeof kind === 'string' && (ACT_KINDS as readonly string[]).includes(kind);
  if (!kindOk) c.add('kind', `must be one of ${ACT_KINDS.join(', ')}, got ${describe(kind)}`);
  const person = checkPerson(c, body.person, 'person.', 'act');
  const needsAddress = kind === 'declaration' || kind === 'registration';
  const address = checkAddress(c, body.address, 'address', needsAddress);
  let cancels: string | undefined;
  if (kind === 'cancellation') cancels = c.string(body, 'cancels', '', true, undefined, 'the ref of the action it cancels');
  else if (body.cancels !== undefined) c.add('cancels', 'is only allowed when kind is cancellation');
  if (body.firstEntry !== undefined && typeof body.firstEntry !== 'boolean') {
    c.add('firstEntry', `must be true or false, got ${describe(body.firstEntry)}`);
  }
  const value: ActionInput = { kind: kind as ActKind, person: person as Person };
  if (address) value.address = address;
  if (cancels !== undefined) value.cancels = cancels;
  if (typeof body.firstEntry === 'boolean') value.firstEntry = body.firstEntry;
  return c.done(value);
}

function checkOneResident(c: Collector, body: unknown, prefix: string): ResidentInput | undefined {
  if (!isObject(body)) {
    c.add(prefix ? prefix.slice(0, -1) : 'body', `must be an object { person, address, since }, got ${describe(body)}`);
    return undefined;
  }
  c.unknownKeys(body, ['person', 'address', 'since', 'kind', 'actId'], prefix);
  const person = checkPerson(c, body.person, `${prefix}person.`, 'lookup');
  const address = checkAddress(c, body.address, `${prefix}address`, true);
  let since: string | number | undefined;
  if (body.since !== undefined && body.since !== null) {
    const s = body.since;
    if (typeof s === 'string' && isRealDate(s)) since = s;
    else {
      const ms = parseInstant(s);
      if (ms === null) c.add(`${prefix}since`, `must be a date YYYY-MM-DD or an ISO instant, got ${describe(s)}`);
      else since = ms;
    }
  }
  const kind = body.kind;
  if (kind !== undefined && kind !== 'declaration' && kind !== 'registration') {
    c.add(`${prefix}kind`, `must be 'declaration' or 'registration', got ${describe(kind)}`);
  }
  const actId = c.string(body, 'actId', prefix, false, ID_PATTERN, '1..64 of [A-Za-z0-9._:-]');
  if (!person || !address) return undefined;
  const value: ResidentInput = { person, address };
  if (since !== undefined) value.since = since;
  if (kind === 'declaration' || kind === 'registration') value.kind = kind;
  if (actId !== undefined) value.actId = actId;
  return value;
}

/** POST /driver/residents: one `{ person, address, since }`, or `{ residents: [...] }` like the hromada seed. */
export function checkResidents(body: unknown): Checked<ResidentInput[]> {
  const c = new Collector();
  if (!checkBodyObject(c, body)) return c.done(null as never);
  const list: unknown[] = Array.isArray(body.residents) ? body.residents : [body];
  if (body.residents !== undefined && !Array.isArray(body.residents)) {
    c.add('residents', `must be an array of { person, address, since }, got ${describe(body.residents)}`);
    return c.done(null as never);
  }
  if (Array.isArray(body.residents)) c.unknownKeys(body, ['residents'], '');
  const residents: ResidentInput[] = [];
  list.forEach((item, i) => {
    const r = checkOneResident(c, item, Array.isArray(body.residents) ? `residents.${i}.` : '');
    if (r) residents.push(r);
  });
  if (Array.isArray(body.residents) && list.length === 0) c.add('residents', 'must hold at least one resident');
  return c.done(residents);
}

function checkUrl(c: Collector, v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) c.add(field, 'is required (an absolute http(s) URL)');
    return undefined;
  }
  if (typeof v !== 'string') {
    c.add(field, `must be an absolute http(s) URL, got ${describe(v)}`);
    return undefined;
  }
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return v;
  } catch {
    c.add(field, `must be an absolute http(s) URL, got ${describe(v)}`);
    return undefined;
  }
}

/** POST /driver/reset `{ simulators: { dms, trembita? }, clock }`; an empty body keeps the endpoints known so far. */
export function checkReset(body: unknown): Checked<ResetInput> {
  const c = new Collector();
  if (body === undefined) return c.done({});
  if (!checkBodyObject(c, body)) return c.done(null as never);
  c.unknownKeys(body, ['simulators', 'clock'], '');
  const value: ResetInput = {};
  if (body.simulators !== undefined) {
    if (!isObject(body.simulators)) c.add('simulators', `must be an object { dms: <base url>, trembita?: <base url> }, got ${describe(body.simulators)}`);
    else {
      // Other simulators' endpoints may be given too; this role uses ДМС and, when given, Трембіта to reach it.
      const dms = checkUrl(c, body.simulators.dms, 'simulators.dms', true);
      if (dms) value.dms = dms;
      const trembita = checkUrl(c, body.simulators.trembita, 'simulators.trembita', false);
      value.trembita = trembita ?? null;
    }
  }
  const clock = checkUrl(c, body.clock, 'clock', false);
  if (clock) value.clock = clock;
  return c.done(value);
}

/** POST /hromada/v1/verification-requests (from ДМС). Fields ДМС may add beyond the contract are ignored. */
export function checkVerificationRequest(body: unknown): Checked<VerificationRequest> {
  const c = new Collector();
  if (!checkBodyObject(c, body)) return c.done(null as never);
  const requestId = c.string(body, 'requestId', '', true, ID_PATTERN, '1..64 of [A-Za-z0-9._:-]');
  const instant = (key: 'sentAt' | 'answerBy'): number | undefined => {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    const ms = parseInstant(v);
    if (ms === null) c.add(key, `must be an ISO 8601 instant, got ${describe(v)}`);
    return ms ?? undefined;
  };
  const sentAt = instant('sentAt');
  const answerBy = instant('answerBy');
  const question = c.string(body, 'question', '', false);
  if (question !== undefined && question !== 'residence') c.add('question', `only 'residence' is answered here, got ${describe(question)}`);
  const person = checkPerson(c, body.person, 'person.', 'lookup');
  const replyTo = checkUrl(c, body.replyTo, 'replyTo', true);
  const value: VerificationRequest = { requestId: requestId as string, person: person as Person, replyTo: replyTo as string };
  if (sentAt !== undefined) value.sentAt = sentAt;
  if (answerBy !== undefined) value.answerBy = answerBy;
  if (question !== undefined) value.question = question;
  return c.done(value);
}
