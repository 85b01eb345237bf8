// The participant as `eis-applicant`: it files the signed application with its questionnaire, reads the decision,
// reworks the fields the reasons name with its true data, files the signed ОТД binding its subsystem to the
// certificate it presents, asks for activation and reads the letter (simulators/eis/README.md). Imports nothing of
// polihon.
import { canonicalJson, signBytes, signDocument } from './crypto.ts';
import { callEis, isObject, now, type State } from './context.ts';
import { iso } from '../kit/sim-clock.ts';

export type DriverAnswer = { status: number; body: Record<string, unknown> };

/** The participant's own questionnaire: synthetic, complete and correct. */
export function trueQuestionnaire(s: State): Record<string, unknown> {
  return {
    edrpou: s.identity.memberCode,
    organisationName: 'Тестова міська рада (polihon)',
    headFullName: 'Петренко Марія Іванівна',
    address: 'м. Київ, вул. Тестова, буд. 1',
    contactEmail: 'eis@rada.example.com',
    contactPhone: '+380441234567',
    informationSystem: 'Реєстр територіальної громади (тестовий)',
    purpose: 'перевірка паспортних документів під час реєстрації місця проживання',
    legalGround: 'Закон України «Про свободу пересування та вільний вибір місця проживання в Україні»',
    subsystems: [s.identity.subsystem],
    users: [
      { fullName: 'Петренко Марія Іванівна', email: 'maria.petrenko@rada.example.com', role: 'administrator' },
      { fullName: 'Коваль Андрій Петрович', email: 'andrii.koval@rada.example.com', role: 'operator' },
    ],
  };
}

async function signed(s: State, name: 'application' | 'otd', document: Record<string, unknown>): Promise<Record<string, unknown>> {
  return { [name]: document, signature: { certificate: s.signer.certPem, value: signDocument(s.signer.keyPem, document) } };
}

const bad = (message: string): DriverAnswer => ({ status: 422, body: { error: 'invalid-action', message } });

/** `apply` `{ questionnaire? }`: files the application; `questionnaire` overrides fields as filed (null leaves one out). */
export async function apply(s: State, input: Record<string, unknown>): Promise<DriverAnswer> {
  const overrides = input.questionnaire ?? {};
  if (!isObject(overrides)) return bad('questionnaire: an object of the fields to file otherwise');
  const filed: Record<string, unknown> = { ...trueQuestionnaire(s) };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete filed[k];
    else filed[k] = v;
  }
  const document = { questionnaire: filed, signedAt: iso(await now(s)) };
  // the `unsigned-application` fault files it without the signature first, and signs only once refused
  if (s.faults.has('unsigned-application')) await callEis(s, 'POST', '/eis/v1/applications', 'eis.application.file', { application: document });
  const answer = await callEis(s, 'POST', '/eis/v1/applications', 'eis.application.file', await signed(s, 'application', document));
  const view = isObject(answer.body) ? answer.body : {};
  if (answer.status === 202 && typeof view.id === 'string') s.applicant = { applicationId: view.id, filed };
  return { status: 200, body: { filed: answer.status === 202, status: answer.status, ...(typeof view.id === 'string' ? { ref: view.id } : {}), answer: answer.body ?? null, ...(answer.error ? { error: answer.error } : {}) } };
}

/** `rework`: reads the decision and resubmits with the fields its reasons name set to the true data. */
export async function rework(s: State): Promise<DriverAnswer> {
  const id = s.applicant.applicationId;
  if (!id || !s.applicant.filed) return { status: 409, body: { error: 'no-application', message: 'no application filed yet: apply first' } };
  const read = await callEis(s, 'GET', `/eis/v1/applications/${encodeURIComponent(id)}`, 'eis.application.read', undefined, id);
  const view = isObject(read.body) ? read.body : {};
  if (view.status !== 'rework') return { status: 200, body: { resubmitted: false, ref: id, applicationStatus: view.status ?? null, status: read.status } };
  const reasons = Array.isArray(view.reasons) ? view.reasons.filter(isObject) : [];
  const truth = trueQuestionnaire(s);
  const filed = { ...s.applicant.filed };
  const fixed: string[] = [];
  if (!s.faults.has('ignore-rework')) {
    for (const r of reasons) {
      const m = /^\/application\/questionnaire\/([^/]+)/.exec(String(r.field ?? ''));
      if (!m) continue;
      const field = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
      if (field in truth) filed[field] = truth[field];
      else delete filed[field];
      fixed.push(field);
    }
  }
  const body = await signed(s, 'application', { questionnaire: filed, signedAt: iso(await now(s)) });
  const answer = await callEis(s, 'PUT', `/eis/v1/applications/${encodeURIComponent(id)}`, 'eis.application.rework', body, id);
  if (answer.status === 202) s.applicant.filed = filed;
  return { status: 200, body: { resubmitted: answer.status === 202, ref: id, status: answer.status, reasons: reasons.length, fixed, answer: answer.body ?? null } };
}

/** `file-otd`: the signed ОТД binding its subsystem to the certificate it presents (its signing one without mTLS). */
export async function fileOtd(s: State, input: Record<string, unknown>): Promise<DriverAnswer> {
  if (s.faults.has('skip-otd')) return { status: 200, body: { filed: true, status: 201 } };
  const services = Array.isArray(input.services) ? input.services.map(String) : ['document-status'];
  const certificate = s.faults.has('wrong-certificate') ? s.other.fingerprint : s.presented;
  const otd = { edrpou: s.identity.memberCode, signedAt: iso(await now(s)), subsystems: [{ code: s.identity.subsystem, certificates: [certificate], services }] };
  // the `sign-other-bytes` fault signs the canonical form with a newline after it (a file's bytes) first, and signs
  // what it files only once refused
  if (s.faults.has('sign-other-bytes')) {
    const value = signBytes(s.signer.keyPem, `${canonicalJson(otd)}\n`);
    await callEis(s, 'POST', '/eis/v1/otd', 'eis.otd.file', { otd, signature: { certificate: s.signer.certPem, value } }, s.identity.memberCode);
  }
  const answer = await callEis(s, 'POST', '/eis/v1/otd', 'eis.otd.file', await signed(s, 'otd', otd), s.identity.memberCode);
  if (answer.status === 201) s.applicant.otdFiled = true;
  return { status: 200, body: { filed: answer.status === 201, status: answer.status, certificate, answer: answer.body ?? null } };
}

/** `activate`: asks for activation; a refusal names the missing parts (EIS-REG-01). */
export async function activate(s: State): Promise<DriverAnswer> {
  const answer = await callEis(s, 'POST', '/eis/v1/activation', 'eis.activation', { edrpou: s.identity.memberCode }, s.identity.memberCode);
  const b = isObject(answer.body) ? answer.body : {};
  const missing = Array.isArray(b.missing) ? b.missing.filter(isObject).map((m) => String(m.part)) : [];
  return { status: 200, body: { activated: answer.status === 200 && b.status === 'active', status: answer.status, missing, answer: answer.body ?? null } };
}

/** `letter`: reads the letter with integration recommendations once registered (EIS-REG-04). */
export async function letter(s: State): Promise<DriverAnswer> {
  const id = s.applicant.applicationId;
  if (!id) return { status: 409, body: { error: 'no-application', message: 'no application filed yet: apply first' } };
  if (s.faults.has('skip-letter')) return { status: 200, body: { read: false, ref: id } };
  const answer = await callEis(s, 'GET', `/eis/v1/applications/${encodeURIComponent(id)}/letter`, 'eis.letter.read', undefined, id);
  const b = isObject(answer.body) ? answer.body : {};
  if (answer.status === 200) s.applicant.letter = b;
  const subject = isObject(b.subject) ? b.subject : undefined;
  return { status: 200, body: { read: answer.status === 200, ref: id, status: answer.status, ...(subject ? { subject } : {}) } };
}
