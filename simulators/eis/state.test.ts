import { describe, expect, it } from 'vitest';
import { kyivInstant, type CalendarOptions } from '../../core/calendar.ts';
import { createRng } from '../../core/random.ts';
import { decisionWithinDeadline, missingParts, otdAdmits, reasonsPerField, type FieldReason } from './public.ts';
import { questionnaireReasons } from './questionnaire.ts';
import { applicationView, createEisState } from './state.ts';
import { questionnaire } from './test-support.ts';

const PEACE: CalendarOptions = { martialLaw: false };
const WAR: CalendarOptions = { martialLaw: true };
/** Thursday 2026-05-07, 10:00 Kyiv: Friday 8 May is a public holiday, then the weekend. */
const THU = kyivInstant('2026-05-07', '10:00');
const FP = 'a'.repeat(64);
const base = '/application/questionnaire';

let n = 0;
function filing(q: Record<string, unknown> = questionnaire()) {
  return { edrpou: q.edrpou as string, questionnaire: q, documentHash: `hash-${++n}`, signer: FP, reasons: questionnaireReasons(q, base) };
}

function setup(calendar: CalendarOptions = PEACE, automatic = true) {
  return createEisState({ calendar, rng: createRng(3), automatic });
}

describe('the 5-working-day term (EIS-REG-03)', () => {
  it('skips the weekend and, in peace time, a Ukrainian public holiday', () => {
    const s = setup(PEACE);
    const filed = s.file(filing(), THU);
    if (!filed.ok) throw new Error(filed.code);
    // Fri 8 May (holiday), Sat, Sun do not count: Mon 11 … Fri 15 are the five working days
    expect(applicationView(filed.application, s.deadlineOf).deadline).toBe(new Date(kyivInstant('2026-05-16') - 1).toISOString());
    const judged = decisionWithinDeadline(THU, kyivInstant('2026-05-15', '23:00'), PEACE);
    expect(judged).toMatchObject({ ok: true, workingDays: 5 });
    const late = decisionWithinDeadline(THU, kyivInstant('2026-05-18', '09:00'), PEACE);
    expect(late).toMatchObject({ ok: false, workingDays: 6, reason: expect.stringMatching(/after the deadline/) });
  });

  it('counts the holiday as a working day under martial law', () => {
    const s = setup(WAR);
    const filed = s.file(filing(), THU);
    if (!filed.ok) throw new Error(filed.code);
    expect(applicationView(filed.application, s.deadlineOf).deadline).toBe(new Date(kyivInstant('2026-05-15') - 1).toISOString());
  });

  it('decides automatically on the 2nd working day after receipt at 10:00 Kyiv, and not before', () => {
    const s = setup(PEACE);
    const filed = s.file(filing(), THU);
    if (!filed.ok) throw new Error(filed.code);
    const due = kyivInstant('2026-05-12', '10:00');
    expect(filed.application.scheduled).toMatchObject({ decision: 'registered', at: due, by: 'automatic' });
    expect(s.due(due - 1)).toEqual([]);
    const [applied] = s.due(due);
    expect(applied?.decision).toMatchObject({ decision: 'registered', decidedAt: due, by: 'automatic', reasons: [] });
    expect(applied?.users.map((u) => u.login)).toEqual(['maria.petrenko@rada.example.com', 'andrii.koval@rada.example.com']);
    expect(applied?.letter?.paragraphs[0]?.uk).toMatch(/зареєстровано/);
    expect(s.due(due + 86_400_000)).toEqual([]);
  });

  it('judges an undecided application by now', () => {
    expect(decisionWithinDeadline(THU, undefined, PEACE, kyivInstant('2026-05-15', '12:00')).ok).toBe(true);
    expect(decisionWithinDeadline(THU, undefined, PEACE, kyivInstant('2026-05-18', '00:00'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no decision by/) });
  });
});

describe('rework → resubmit → registered', () => {
  it('names a reason per missing or wrong field, takes a resubmission with a new term, then registers', () => {
    const s = setup(PEACE);
    const q = questionnaire({ address: '', contactEmail: 'not-an-email', users: [{ fullName: 'Без Пошти', role: 'operator' }] });
    delete q.purpose;
    const filed = s.file(filing(q), THU);
    if (!filed.ok) throw new Error(filed.code);
    const [applied] = s.due(kyivInstant('2026-05-12', '10:00'));
    expect(applied?.decision.decision).toBe('rework');
    const fields = applied!.decision.reasons.map((r) => r.field);
    expect(fields).toEqual([`${base}/address`, `${base}/contactEmail`, `${base}/purpose`, `${base}/users/0/email`]);
    expect(applied!.decision.reasons[0]).toMatchObject({ code: 'missing', message: 'Поле «address» анкети не заповнено' });
    expect(reasonsPerField(applied!.decision, [`${base}/address`, `${base}/purpose`]).ok).toBe(true);
    const view = applicationView(filed.application, s.deadlineOf);
    expect(view.status).toBe('rework');
    expect(view.reasons).toHaveLength(4);

    const at = kyivInstant('2026-05-13', '09:00');
    const again = s.rework(filed.application.id, filing(questionnaire()), at);
    if (!again.ok) throw new Error(again.code);
    expect(applicationView(again.application, s.deadlineOf)).toMatchObject({ status: 'received', submission: 2, receivedAt: new Date(at).toISOString(), reasons: [] });
    const [second] = s.due(kyivInstant('2026-05-15', '10:00'));
    expect(second?.decision).toMatchObject({ decision: 'registered', submission: 2 });
    expect(s.participant('04054866')?.registeredAt).toBe(kyivInstant('2026-05-15', '10:00'));
  });

  it('refuses a resubmission of an application not in rework, and one of another ЄДРПОУ', () => {
    const s = setup(PEACE);
    const filed = s.file(filing(), THU);
    if (!filed.ok) throw new Error(filed.code);
    expect(s.rework(filed.application.id, filing(), THU)).toMatchObject({ ok: false, code: 'not-in-rework' });
    s.decide(filed.application.id, { decision: 'rework', reasons: [{ field: `${base}/address`, code: 'other', message: 'уточніть', messageEn: 'be precise' }] }, THU);
    expect(s.rework(filed.application.id, filing(questionnaire({ edrpou: '43395033' })), THU)).toMatchObject({ ok: false, code: 'edrpou-mismatch' });
    expect(s.application(filed.application.id)?.submissions).toHaveLength(1);
  });
});

describe('the scenario decides', () => {
  it('overrides the automatic rules: now, at an earlier instant, or scheduled later', () => {
    const s = setup(PEACE);
    const a = s.file(filing(), THU);
    const b = s.file(filing(questionnaire({ edrpou: '11111111' })), THU);
    const c = s.file(filing(questionnaire({ edrpou: '22222222' })), THU);
    if (!a.ok || !b.ok || !c.ok) throw new Error('not filed');
    const now = THU + 3_600_000;
    expect(s.decide(a.application.id, { decision: 'refused' }, now)).toMatchObject({ ok: true, applied: { decision: { decision: 'refused', decidedAt: now, by: 'scenario' } } });
    expect(s.decide(b.application.id, { decision: 'registered', at: THU + 60_000 }, now)).toMatchObject({ ok: true, applied: { decision: { decidedAt: THU + 60_000 } } });
    const later = kyivInstant('2026-05-20', '10:00');
    expect(s.decide(c.application.id, { decision: 'registered', at: later }, now)).toMatchObject({ ok: true, scheduled: { at: later } });
    // the automatic decision of the 12th was replaced
    expect(s.due(kyivInstant('2026-05-12', '10:00'))).toEqual([]);
    const [applied] = s.due(later);
    expect(decisionWithinDeadline(applied!.decision.receivedAt, applied!.decision.decidedAt, PEACE).ok).toBe(false);
  });

  it('refuses a rework without reasons, a decision before receipt, and a second decision', () => {
    const s = setup(PEACE, false);
    const a = s.file(filing(), THU);
    if (!a.ok) throw new Error(a.code);
    expect(a.application.scheduled).toBeUndefined();
    expect(s.decide(a.application.id, { decision: 'rework' }, THU)).toMatchObject({ ok: false, code: 'invalid-decision', field: '/reasons' });
    expect(s.decide(a.application.id, { decision: 'registered', at: THU - 1 }, THU)).toMatchObject({ ok: false, code: 'invalid-decision', field: '/at' });
    expect(s.decide(a.application.id, { decision: 'registered' }, THU).ok).toBe(true);
    expect(s.decide(a.application.id, { decision: 'refused' }, THU)).toMatchObject({ ok: false, code: 'invalid-decision' });
    expect(s.decide('nope', { decision: 'refused' }, THU)).toMatchObject({ ok: false, code: 'unknown-application' });
  });
});

describe('filing', () => {
  it('refuses a replayed document, a second open application and one of a registered participant; state unchanged', () => {
    const s = setup(PEACE);
    const f = filing();
    expect(s.file(f, THU).ok).toBe(true);
    expect(s.file(f, THU)).toMatchObject({ ok: false, code: 'replayed-document', field: '/signature/value' });
    expect(s.file(filing(), THU)).toMatchObject({ ok: false, code: 'application-open' });
    s.due(kyivInstant('2026-05-12', '10:00'));
    expect(s.file(filing(), THU)).toMatchObject({ ok: false, code: 'already-registered' });
    expect(s.applications()).toHaveLength(1);
  });

  it('may file again after a refusal', () => {
    const s = setup(PEACE);
    const a = s.file(filing(), THU);
    if (!a.ok) throw new Error(a.code);
    s.decide(a.application.id, { decision: 'refused' }, THU);
    expect(s.file(filing(), THU).ok).toBe(true);
  });
});

describe('activation (EIS-REG-01)', () => {
  const subsystems = [{ code: 'RTG_prod', certificates: [FP], services: ['CheckPassportStatus'] }];

  it('is refused per missing part until all three exist', () => {
    const s = setup(PEACE);
    expect(s.activate('04054866', THU)).toEqual({ ok: false, code: 'activation-refused', missing: ['joint-decision', 'registration', 'otd'] });
    const a = s.file(filing(), THU);
    if (!a.ok) throw new Error(a.code);
    expect(s.fileOtd('04054866', subsystems, 'otd-1', THU).ok).toBe(true);
    expect(s.activate('04054866', THU)).toMatchObject({ missing: ['joint-decision', 'registration'] });
    s.jointDecision('04054866', THU, 'СР-1/2026');
    expect(s.activate('04054866', THU)).toMatchObject({ missing: ['registration'] });
    s.due(kyivInstant('2026-05-12', '10:00'));
    expect(s.activate('04054866', kyivInstant('2026-05-12', '11:00'))).toMatchObject({ ok: true, participant: { activatedAt: kyivInstant('2026-05-12', '11:00') } });
    expect(s.activate('04054866', THU)).toMatchObject({ ok: false, code: 'already-active' });
  });

  it('names the ОТД and the joint decision when only registration exists', () => {
    const s = setup(PEACE);
    const a = s.file(filing(), THU);
    if (!a.ok) throw new Error(a.code);
    s.decide(a.application.id, { decision: 'registered' }, THU);
    expect(s.activate('04054866', THU)).toMatchObject({ missing: ['joint-decision', 'otd'] });
    expect(missingParts({ 'joint-decision': true, registration: true, otd: true })).toEqual([]);
  });
});

describe('the ОТД', () => {
  it('binds subsystems to certificates and services; otdAdmits checks a client against it', () => {
    const s = setup(PEACE);
    expect(s.fileOtd('04054866', [], 'x', THU)).toMatchObject({ ok: false, code: 'unknown-participant' });
    s.file(filing(), THU);
    expect(s.fileOtd('04054866', [{ code: 'OTHER', certificates: [FP], services: ['S'] }], 'y', THU)).toMatchObject({ ok: false, code: 'invalid-document', field: '/otd/subsystems/0/code' });
    const r = s.fileOtd('04054866', [{ code: 'RTG_prod', certificates: [FP], services: ['CheckPassportStatus'] }], 'z', THU);
    expect(r).toMatchObject({ ok: true, otd: { version: 1 } });
    expect(s.otdAdmits('SEVDEIR-TEST/GOV/04054866/RTG_prod', FP.toUpperCase())).toEqual({ ok: true, edrpou: '04054866', subsystem: 'RTG_prod' });
    expect(s.otdAdmits('RTG_prod', FP)).toMatchObject({ ok: true });
    expect(s.otdAdmits('SEVDEIR-TEST/GOV/04054866/RTG_prod', 'b'.repeat(64))).toMatchObject({ ok: false, reason: expect.stringMatching(/not bound to subsystem/) });
    expect(s.otdAdmits('SEVDEIR-TEST/GOV/43395033/RTG_prod', FP)).toMatchObject({ ok: false, reason: expect.stringMatching(/no ОТД registers/) });
    expect(otdAdmits(s.otds(), 'RTG_prod', 'zz')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a SHA-256/) });
  });
});

describe('reasonsPerField', () => {
  const r = (field: string): FieldReason => ({ field, code: 'other', message: 'x', messageEn: 'x' });
  it('asks every reason to name a field and every expected field to have one', () => {
    expect(reasonsPerField({ decision: 'rework', reasons: [] })).toMatchObject({ ok: false, reason: 'a rework without reasons' });
    expect(reasonsPerField({ decision: 'rework', reasons: [r('address')] })).toMatchObject({ ok: false, unlocated: 1 });
    expect(reasonsPerField({ decision: 'rework', reasons: [r('/a')] }, ['/a', '/b'])).toMatchObject({ ok: false, missing: ['/b'] });
    expect(reasonsPerField({ decision: 'refused', reasons: [] }).ok).toBe(true);
  });
});
