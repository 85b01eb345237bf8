// The Дія verifier's step pieces on their own: `diiaShown` holds what the officer was shown against the scenario and
// against Дія's answers in the journal; a `call` with `expectStatus: 4xx` takes Дія's refusal of `present` as the
// wanted answer, its problem body as outputs.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { PolihonError } from '../../core/errors.ts';
import { createJournal, type Journal } from '../../core/journal.ts';
import { assertStep } from './assert.ts';
import { callStep } from './call.ts';
import { createStepContext } from './test-context.ts';

const CREDENTIAL = { state: 'active', title: 'Службове посвідчення', fullName: 'Тестенко Ірина', position: 'інспекторка', issueDate: '2024-01-10', seriesNumber: 'АБ 123456', issuingBody: 'Відділ', photo: 'data:image/svg+xml;base64,PHN2Zy8+', contacts: { email: 'i@example.net' } };

function journalWith(answer: string, channel: 'trembita' | 'direct' = 'trembita'): Journal {
  const journal = createJournal({ clock: createVirtualClock(0), wallTime: () => 0 });
  const req = journal.append({ kind: 'request', channel, from: 'participant', to: 'diia', service: 'diia.verify', data: { xRoadClient: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' } });
  const valid = answer === 'valid';
  journal.append({
    kind: 'response',
    channel,
    from: 'diia',
    to: 'participant',
    service: 'diia.verify',
    status: valid ? 200 : 410,
    links: [req.seq],
    body: JSON.stringify(valid ? { result: 'valid', credential: CREDENTIAL } : { code: answer }),
    data: valid ? { result: 'valid', presentationId: 'p1' } : { result: 'refused', code: answer, presentationId: 'p1' },
  });
  return journal;
}

const judge = async (that: Record<string, unknown>, journal = journalWith('valid')) =>
  (await assertStep.run({ that: { diiaShown: that } } as never, createStepContext({ covers: ['DIIA-07'], journal }))).assertions;

describe('assert diiaShown', () => {
  const shown = { verdict: 'valid', message: 'Посвідчення дійсне', credential: CREDENTIAL };

  it('passes a valid verdict, message, fields and route that agree with Дія; one assertion per key', async () => {
    const out = await judge({ shown, presentation: 'p1', verdict: 'valid', message: true, diia: 'valid', fields: true, trembita: 'SUBSYSTEM:SEVDEIR-TEST/GOV/04054866/RTG_prod', backed: true });
    expect(out.map((a) => [a.name, a.outcome])).toEqual([
      ['shown valid', 'pass'],
      ['a message is shown', 'pass'],
      ["Дія answered valid to the verification of this presentation", 'pass'],
      ['the verification reached Дія through Трембіта from SEVDEIR-TEST/GOV/04054866/RTG_prod', 'pass'],
      ['the ten fields are shown as Дія gave them', 'pass'],
      ['valid is shown only on Дія’s word', 'pass'],
    ]);
    expect(out.every((a) => a.covers.join() === 'DIIA-07')).toBe(true);
  });

  it('names what differs: a verdict, an empty message, missing fields, a direct call, an answer never asked for', async () => {
    expect((await judge({ shown: { verdict: 'invalid' }, verdict: ['used', 'expired'] }))[0]).toMatchObject({ outcome: 'fail', expected: 'used | expired', actual: 'invalid' });
    expect((await judge({ shown: { verdict: 'valid' }, not: 'valid' }))[0]!.outcome).toBe('fail');
    expect((await judge({ shown: { verdict: 'error' }, not: 'valid' }))[0]!.outcome).toBe('pass');
    expect((await judge({ shown: { verdict: 'valid', message: '  ' }, message: true }))[0]!.message).toBe('no message is shown (verdict valid)');
    const [fields] = await judge({ shown: { verdict: 'valid' }, presentation: 'p1', fields: true });
    expect(fields!.outcome).toBe('fail');
    expect(fields!.message).toMatch(/^what is shown differs from Дія's answer \(#2\): state not shown; title not shown/);
    expect((await judge({ shown, presentation: 'p1', trembita: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' }, journalWith('valid', 'direct')))[0]!.message).toBe(
      '#1 came direct, X-Road-Client SEVDEIR-TEST/GOV/04054866/RTG_prod',
    );
    expect((await judge({ shown, presentation: 'p9', diia: 'valid' }))[0]!.message).toBe('no verification of this presentation reached Дія');
    expect((await judge({ shown: { verdict: 'expired' }, presentation: 'p1', diia: 'code-expired' }, journalWith('code-expired')))[0]!.outcome).toBe('pass');
  });

  it('backed: a verdict other than valid passes; valid without Дія’s valid answer or its fields fails', async () => {
    expect((await judge({ shown: { verdict: 'unavailable' }, presentation: 'p1', backed: true }, journalWith('diia-unavailable')))[0]!.outcome).toBe('pass');
    expect((await judge({ shown: { verdict: 'valid' }, presentation: 'p1', backed: true }, journalWith('diia-unavailable')))[0]!.message).toBe(
      'Дія did not answer valid to this presentation — there are no fields to compare with',
    );
    expect((await judge({ shown: { verdict: 'valid' }, presentation: 'p1', backed: true }))[0]!.outcome).toBe('fail');
  });

  it('refuses at load time a step that judges nothing, or Дія’s side without a presentation', () => {
    expect(assertStep.check!({ that: { diiaShown: { shown: {} } } })?.message).toMatch(/^diiaShown must judge something/);
    expect(assertStep.check!({ that: { diiaShown: { shown: {}, fields: true } } })?.message).toBe("fields compares with Дія's answer to a presentation — presentation is needed");
    expect(assertStep.check!({ that: { diiaShown: { shown: {}, verdict: 'valid' } } })).toBeUndefined();
  });
});

describe('call expectStatus on an action that delivers nothing', () => {
  const refusal = { type: 'about:blank', title: 'Credential expired', status: 422, code: 'credential-expired', detail: 'the physical credential expired on 2026-02-01' };
  const ctx = (status: number, body: unknown) => createStepContext({ control: async () => ({ status, body }) });

  it('with 4xx, Дія’s refusal is the wanted answer and its problem body the outputs', async () => {
    const out = await callStep.run({ action: 'diia.present', with: { official: 'x' }, expectStatus: '4xx' }, ctx(422, refusal));
    expect(out.assertions.map((a) => [a.name, a.outcome])).toEqual([['diia answers 4xx to diia.present', 'pass']]);
    expect(out.outputs).toMatchObject({ code: 'credential-expired', status: 422 });
  });

  it('with 4xx, a 201 fails the step; without expectStatus a refusal is still the scenario’s error', async () => {
    const out = await callStep.run({ action: 'diia.present', with: { official: 'x' }, expectStatus: '4xx' }, ctx(201, { presentationId: 'p' }));
    expect(out.assertions[0]).toMatchObject({ outcome: 'fail', actual: 201 });
    const err = await callStep.run({ action: 'diia.present', with: { official: 'x' } }, ctx(422, refusal)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolihonError);
    expect((err as PolihonError).code).toBe('E_SCENARIO_INVALID');
    const internal = await callStep.run({ action: 'diia.present', with: { official: 'x' }, expectStatus: '4xx' }, ctx(503, {})).catch((e: unknown) => e);
    expect((internal as PolihonError).code).toBe('E_INTERNAL');
  });
});
