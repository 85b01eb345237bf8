import { describe, expect, it } from 'vitest';
import { declaration, OLENA, T0 } from '../testing.ts';
import { ActSchema, type Act } from './schemas.ts';
import { canonicalJson, createDmsState } from './state.ts';

const DAY = 86_400_000;
const act = (overrides: Record<string, unknown> = {}): Act => ActSchema.parse(declaration(overrides));
const inEddr = () => createDmsState({ eddr: [{ rnokpp: OLENA.rnokpp }], calendar: { martialLaw: true } });

describe('submit', () => {
  it('enters and confirms a new act at once, with a dataset for a person in ЄДДР', () => {
    const s = inEddr();
    const out = s.submit({ act: act(), now: T0, channel: 'direct' });
    expect(out.type).toBe('accepted');
    if (out.type !== 'accepted') return;
    expect(out.record).toMatchObject({ dmsActId: 'DMS-000001', status: 'confirmed', confirmation: { id: 'CNF-000001', kind: 'entry' } });
    expect(out.events.map((e) => e.type)).toEqual(['act.confirmed', 'dataset.formed']);
    expect(s.datasets()).toHaveLength(1);
    expect(s.datasets()[0]).toMatchObject({ actId: 'RTG-2026-000001', reason: 'in-eddr', confirmationId: 'CNF-000001' });
  });

  it('tells a safe retry (same content, any key order) from a conflicting reuse of the actId', () => {
    const s = inEddr();
    s.submit({ act: act(), now: T0, channel: 'direct' });
    const reordered = Object.fromEntries(Object.entries(act()).reverse()) as Act;
    expect(s.submit({ act: reordered, now: T0 + 1000, channel: 'direct' }).type).toBe('retry');
    expect(s.submit({ act: act({ address: { katottg: 'UA80000000000093317', text: 'інша' } }), now: T0, channel: 'direct' }).type).toBe(
      'act-id-conflict',
    );
    expect(s.acts()).toHaveLength(1);
    expect(s.datasets()).toHaveLength(1);
  });

  it('finds the same action under another actId: by РНОКПП or УНЗР, same Kyiv day, address text loosely', () => {
    const s = inEddr();
    s.submit({ act: act(), now: T0, channel: 'direct' });
    const onlyUnzr = { ...OLENA, rnokpp: undefined };
    const same = act({ actId: 'B', person: JSON.parse(JSON.stringify(onlyUnzr)), address: { katottg: 'UA80000000000093317', text: '  М. КИЇВ,   вул. Тестова, буд. 1, кв. 2 ' } });
    const out = s.submit({ act: same, now: T0, channel: 'direct' });
    expect(out).toMatchObject({ type: 'duplicate', of: { act: { actId: 'RTG-2026-000001' } } });
    const nextDay = act({ actId: 'C', performedAt: new Date(T0 + DAY).toISOString() });
    expect(s.submit({ act: nextDay, now: T0 + DAY, channel: 'direct' }).type).toBe('accepted');
    expect(s.submit({ act: act({ actId: 'D', kind: 'registration' }), now: T0, channel: 'direct' }).type).toBe('accepted');
  });

  it('lets an action be entered again once its first entry is cancelled', () => {
    const s = inEddr();
    s.submit({ act: act(), now: T0, channel: 'direct' });
    const cancel = act({ actId: 'X1', kind: 'cancellation', cancelsActId: 'RTG-2026-000001', address: undefined });
    const out = s.submit({ act: cancel, now: T0, channel: 'direct' });
    expect(out).toMatchObject({ type: 'accepted', record: { confirmation: { kind: 'cancellation' } } });
    expect(s.getAct('RTG-2026-000001')?.cancelledBy).toBe('X1');
    expect(s.submit({ act: act({ actId: 'AGAIN' }), now: T0, channel: 'direct' }).type).toBe('accepted');
    // the same cancellation again under another id is a duplicate of X1
    expect(s.submit({ act: act({ actId: 'X2', kind: 'cancellation', cancelsActId: 'RTG-2026-000001', address: undefined }), now: T0, channel: 'direct' })).toMatchObject({
      type: 'duplicate',
      of: { act: { actId: 'X1' } },
    });
  });

  it.each([
    ['an unknown act', { cancelsActId: 'NOPE' }, 'cancels-unknown'],
    ['an act of another registration body', { registrationBody: { edrpou: '00032684', katottg: 'UA80000000000093317' } }, 'cancels-other-body'],
    ['an act about another person', { person: { ...OLENA, rnokpp: '3287400133', unzr: undefined, birthDate: '1990-01-02', sex: 'male' } }, 'cancels-other-person'],
  ])('refuses a cancellation of %s', (_what, overrides, code) => {
    const s = inEddr();
    s.submit({ act: act(), now: T0, channel: 'direct' });
    const cancel = act({ actId: 'X', kind: 'cancellation', cancelsActId: 'RTG-2026-000001', address: undefined, ...overrides });
    expect(s.submit({ act: JSON.parse(JSON.stringify(cancel)), now: T0, channel: 'direct' })).toMatchObject({
      type: 'invalid',
      issues: [{ field: 'cancelsActId', code }],
    });
  });

  it('refuses to cancel a cancellation, or an act already cancelled on another day', () => {
    const s = inEddr();
    s.submit({ act: act(), now: T0, channel: 'direct' });
    s.submit({ act: act({ actId: 'X1', kind: 'cancellation', cancelsActId: 'RTG-2026-000001', address: undefined }), now: T0, channel: 'direct' });
    const later = new Date(T0 + DAY).toISOString();
    expect(s.submit({ act: act({ actId: 'X2', kind: 'cancellation', cancelsActId: 'X1', address: undefined, performedAt: later }), now: T0 + DAY, channel: 'direct' })).toMatchObject({
      issues: [{ code: 'cancels-cancellation' }],
    });
    expect(s.submit({ act: act({ actId: 'X3', kind: 'cancellation', cancelsActId: 'RTG-2026-000001', address: undefined, performedAt: later }), now: T0 + DAY, channel: 'direct' })).toMatchObject({
      issues: [{ code: 'cancels-already-cancelled' }],
    });
  });
});

describe('confirmation and ЄДДР datasets', () => {
  it('withholds confirmation and dataset until confirm(), then forms the dataset exactly once', () => {
    const s = inEddr();
    const out = s.submit({ act: act(), now: T0, channel: 'direct', withhold: true });
    expect(out).toMatchObject({ type: 'accepted', events: [], record: { status: 'received' } });
    expect(s.datasets()).toEqual([]);
    const c = s.confirm('RTG-2026-000001', T0 + 5000);
    expect(c).toMatchObject({ type: 'confirmed', record: { status: 'confirmed', confirmation: { confirmedAt: new Date(T0 + 5000).toISOString() } } });
    expect(s.confirm('RTG-2026-000001', T0 + 6000).type).toBe('already-confirmed');
    expect(s.confirm('NOPE', T0).type).toBe('unknown');
    expect(s.datasets()).toHaveLength(1);
  });

  it('forms no dataset for a person not in ЄДДР, and says why', () => {
    const s = createDmsState({ calendar: { martialLaw: true } });
    const out = s.submit({ act: act(), now: T0, channel: 'direct' });
    expect(out.type === 'accepted' && out.events.map((e) => e.type)).toEqual(['act.confirmed', 'dataset.skipped']);
    expect(out.type === 'accepted' && out.events[1]).toMatchObject({ reason: 'person-not-in-eddr' });
    expect(s.datasets()).toEqual([]);
  });

  it('forms a dataset for a first entry and knows the person from then on', () => {
    const s = createDmsState({ calendar: { martialLaw: true } });
    s.submit({ act: act({ firstEntry: true }), now: T0, channel: 'direct' });
    expect(s.datasets()[0]).toMatchObject({ reason: 'first-entry' });
    expect(s.inEddr({ unzr: '1990010100018' })).toBe(true);
    s.submit({ act: act({ actId: 'R2', kind: 'registration' }), now: T0, channel: 'direct' });
    expect(s.datasets().map((d) => d.reason)).toEqual(['first-entry', 'in-eddr']);
  });

  it('goes back to the seeded ЄДДР on reset', () => {
    const s = inEddr();
    s.seedEddr([{ rnokpp: '3287400133' }]);
    s.submit({ act: act(), now: T0, channel: 'direct' });
    s.reset();
    expect(s.acts()).toEqual([]);
    expect(s.datasets()).toEqual([]);
    expect(s.inEddr({ rnokpp: OLENA.rnokpp })).toBe(true);
    expect(s.inEddr({ rnokpp: '3287400133' })).toBe(false);
    expect(s.submit({ act: act(), now: T0, channel: 'direct' })).toMatchObject({ record: { dmsActId: 'DMS-000001' } });
  });
});

describe('verification requests', () => {
  const person = { lastName: 'Шевченко', firstName: 'Олена', birthDate: '1990-01-01', rnokpp: OLENA.rnokpp };
  const answer = (requestId: string) => ({ requestId, answeredAt: new Date(T0).toISOString(), found: true });

  it('sets the deadline at the end of the 3rd working day, across a weekend (Friday → Wednesday, Kyiv)', () => {
    const s = inEddr();
    const friday = Date.parse('2026-03-13T15:00:00.000Z'); // 17:00 Kyiv
    const r = s.openVerification(person, friday);
    expect(r).toMatchObject({ requestId: 'VR-000001', answerBy: '2026-03-18T21:59:59.999Z' });
  });

  it('counts holidays as days off in peace time only', () => {
    // From Thursday 2026-04-30: under martial law Fri 05-01 (Labour Day) counts, so Fri, Mon, Tue;
    // in peace time it does not, so Mon, Tue, Wed.
    const thursday = Date.parse('2026-04-30T09:00:00.000Z');
    const war = createDmsState({ calendar: { martialLaw: true } }).openVerification(person, thursday);
    const peace = createDmsState({ calendar: { martialLaw: false } }).openVerification(person, thursday);
    expect(war.answerBy).toBe('2026-05-05T20:59:59.999Z');
    expect(peace.answerBy).toBe('2026-05-06T20:59:59.999Z');
  });

  it('judges on time by when the answer reaches ДМС, up to the last millisecond', () => {
    const s = inEddr();
    const a = s.openVerification(person, T0);
    const b = s.openVerification(person, T0);
    expect(s.answerVerification(a.requestId, answer(a.requestId), a.answerByMs)).toMatchObject({ type: 'answered', record: { answer: { onTime: true } } });
    expect(s.answerVerification(b.requestId, answer(b.requestId), b.answerByMs + 1)).toMatchObject({ record: { answer: { onTime: false } } });
    expect(s.answerVerification(a.requestId, answer(a.requestId), T0).type).toBe('already-answered');
    expect(s.answerVerification('VR-999999', answer('VR-999999'), T0).type).toBe('unknown');
  });
});

describe('canonicalJson', () => {
  it('ignores key order at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 0 } })).toBe('{"a":{"c":0,"d":[2,1]},"b":1}');
  });
});
