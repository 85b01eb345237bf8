// Дія's side of judging a verifier: its answers to one presentation read back from the journal (REST and SOAP), and
// the shown е-Посвідчення compared field by field with the one Дія gave.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import { credentialDifferences, credentialOf, diiaAnswers } from './public.ts';

const CREDENTIAL = {
  state: 'active',
  title: 'Службове посвідчення',
  fullName: 'Тестенко Ірина Петрівна',
  position: 'головна спеціалістка',
  issueDate: '2024-01-10',
  seriesNumber: 'АБ 123456',
  issuingBody: 'Тестовий відділ (polihon)',
  photo: 'data:image/svg+xml;base64,PHN2Zy8+',
  contacts: { phone: '+380501234567', email: 'iryna@example.net' },
};

describe('diiaAnswers', () => {
  it('reads each answer to a presentation, its channel and the X-Road-Client of its request; others are not its', () => {
    const journal = createJournal({ clock: createVirtualClock(0), wallTime: () => 0 });
    const req = journal.append({ kind: 'request', channel: 'trembita', from: 'participant', to: 'diia', service: 'diia.verify', data: { barcode: '4006381333931', xRoadClient: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' } });
    journal.append({ kind: 'response', channel: 'trembita', from: 'diia', to: 'participant', service: 'diia.verify', status: 200, links: [req.seq], body: JSON.stringify({ result: 'valid', credential: CREDENTIAL }), data: { result: 'valid', presentationId: 'p1' } });
    const again = journal.append({ kind: 'request', channel: 'direct', from: 'participant', to: 'diia', service: 'diia.verify', data: {} });
    journal.append({ kind: 'response', channel: 'direct', from: 'diia', to: 'participant', service: 'diia.verify', status: 409, links: [again.seq], body: '{}', data: { result: 'refused', code: 'code-used', presentationId: 'p1' } });
    journal.append({ kind: 'response', channel: 'trembita', from: 'diia', to: 'participant', service: 'diia.verify', status: 200, body: '{}', data: { result: 'valid', presentationId: 'p2' } });
    const answers = diiaAnswers(journal.entries(), 'p1');
    expect(answers.map((a) => [a.answer, a.channel, a.xRoadClient ?? null])).toEqual([
      ['valid', 'trembita', 'SEVDEIR-TEST/GOV/04054866/RTG_prod'],
      ['code-used', 'direct', null],
    ]);
    expect(answers[0]!.credential).toEqual(CREDENTIAL);
    expect(diiaAnswers(journal.entries(), 'p3')).toEqual([]);
  });
});

describe('credentialOf', () => {
  it('takes the ten fields from a REST body and from SOAP leaves (entities undone, contacts nested)', () => {
    expect(credentialOf(JSON.stringify({ result: 'valid', credential: CREDENTIAL }))).toEqual(CREDENTIAL);
    const soap =
      '<s:Envelope xmlns:s="x"><s:Body><dia:VerifyECredentialResponse xmlns:dia="y"><result>valid</result><credential>' +
      '<state>active</state><title>Службове посвідчення</title><fullName>О&apos;Коннор Анна</fullName><contacts><phone>+380501234567</phone></contacts>' +
      '</credential></dia:VerifyECredentialResponse></s:Body></s:Envelope>';
    expect(credentialOf(soap)).toEqual({ state: 'active', title: 'Службове посвідчення', fullName: "О'Коннор Анна", contacts: { phone: '+380501234567' } });
    expect(credentialOf('{"result":"valid"}')).toBeUndefined();
    expect(credentialOf('not json {')).toBeUndefined();
    expect(credentialOf(undefined)).toBeUndefined();
  });
});

describe('credentialDifferences', () => {
  it('none for the same fields; a missing, an extra and a different one each named, contacts key by key', () => {
    expect(credentialDifferences({ ...CREDENTIAL }, CREDENTIAL)).toEqual([]);
    const { photo: _p, ...noPhoto } = CREDENTIAL;
    expect(credentialDifferences({ ...noPhoto, expiryDate: '2030-01-01', position: 'інша', contacts: { phone: '+380501234567' } }, CREDENTIAL)).toEqual([
      { field: 'position', note: 'differs', expected: 'головна спеціалістка', actual: 'інша' },
      { field: 'photo', note: 'missing', expected: CREDENTIAL.photo },
      { field: 'contacts.email', note: 'missing', expected: 'iryna@example.net' },
      { field: 'expiryDate', note: 'extra', actual: '2030-01-01' },
    ]);
    expect(credentialDifferences(undefined, CREDENTIAL)).toHaveLength(9);
  });
});
