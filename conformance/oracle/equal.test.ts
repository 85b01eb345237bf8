import { describe, expect, it } from 'vitest';
import { differences, instantOf, judgedFields, matches, mediaTypeKey, namesPerson, sameMeaning, unzrDigits } from './equal.ts';

const olena = { rnokpp: '3287300123', unzr: '19900101-00018' };
const taras = { rnokpp: '2001811234', unzr: '19750101-00023' };

describe('equality by meaning', () => {
  it('a УНЗР with or without its dash is one УНЗР; another one is not', () => {
    expect(unzrDigits('19900101-00018')).toBe('1990010100018');
    expect(sameMeaning('1990010100018', '19900101-00018', 'unzr')).toBe(true);
    expect(sameMeaning('19900101-00018', '1990010100018')).toBe(true);
    expect(sameMeaning('19900101-00026', '19900101-00018', 'unzr')).toBe(false);
  });

  it('one instant in any offset is one instant; another instant, or a bare date, is not', () => {
    expect(instantOf('2026-03-10T10:00:00+02:00')).toBe(Date.parse('2026-03-10T08:00:00Z'));
    expect(sameMeaning('2026-03-10T10:00:00+02:00', '2026-03-10T08:00:00.000Z')).toBe(true);
    expect(sameMeaning('2026-03-10T11:00:00+03:00', '2026-03-10T08:00:00Z')).toBe(true);
    expect(sameMeaning('2026-03-10T10:00:00+03:00', '2026-03-10T08:00:00Z')).toBe(false);
    expect(sameMeaning('2026-03-11T08:00:00Z', '2026-03-10T08:00:00Z')).toBe(false);
    expect(sameMeaning('2026-03-10', '2026-03-10T00:00:00Z')).toBe(false);
  });

  it('media types compare as RFC 9110 says: case of type, parameter names and charset does not matter', () => {
    expect(mediaTypeKey('Application/JSON; Charset=UTF-8')).toBe('application/json;charset=utf-8');
    expect(sameMeaning('Application/JSON; Charset="UTF-8"', 'application/json;charset=utf-8')).toBe(true);
    expect(sameMeaning('application/xml', 'application/json')).toBe(false);
    expect(sameMeaning('Olena', 'olena')).toBe(false);
  });

  it('objects compare key by key in any order, an undefined key as absent; arrays in order', () => {
    expect(sameMeaning({ b: 1, a: { y: 2, x: 3 } }, { a: { x: 3, y: 2 }, b: 1 })).toBe(true);
    expect(sameMeaning({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameMeaning({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameMeaning([1, 2], [2, 1])).toBe(false);
    expect(sameMeaning(true, 'true')).toBe(true);
  });

  it('a person is named by either identifier of theirs, never by another person’s', () => {
    expect(namesPerson({ unzr: '1990010100018' }, olena)).toBe(true);
    expect(namesPerson({ rnokpp: olena.rnokpp }, olena)).toBe(true);
    expect(namesPerson({ rnokpp: taras.rnokpp, unzr: taras.unzr }, olena)).toBe(false);
    // found as hers, so the step can show what is wrong with it
    expect(namesPerson({ rnokpp: '3287300124', unzr: olena.unzr }, olena)).toBe(true);
    expect(namesPerson({}, olena)).toBe(false);
  });

  it('an expected identifier of a known person matches a message naming them by the other one alone', () => {
    const people = [olena, taras];
    expect(matches({ kind: 'declaration', rnokpp: olena.rnokpp }, { kind: 'declaration', unzr: olena.unzr }, { people })).toBe(true);
    expect(matches({ kind: 'declaration', unzr: '1990010100018' }, { unzr: olena.unzr }, { people })).toBe(true);
    expect(matches({ kind: 'declaration', rnokpp: taras.rnokpp }, { unzr: olena.unzr }, { people })).toBe(false);
    // without the harness knowing the person, only the identifier itself can match
    expect(matches({ rnokpp: olena.rnokpp }, { unzr: olena.unzr })).toBe(false);
    expect(matches({ rnokpp: olena.rnokpp }, { person: olena })).toBe(true);
    expect(matches({ person: { unzr: '1990010100018' } }, { person: olena })).toBe(true);
  });
});

describe('differences field by field', () => {
  it('names each leaf that differs in meaning, and none that only differs in shape', () => {
    const expected = { kind: 'declaration', performedAt: '2026-03-10T08:00:00Z', person: olena, address: { katottg: 'UA1', text: 'вул. Тестова, 1' } };
    const sameMeaningOtherShape = {
      address: { text: 'вул. Тестова, 1', katottg: 'UA1' },
      person: { unzr: '1990010100018' },
      performedAt: '2026-03-10T10:00:00+02:00',
      kind: 'declaration',
      firstEntry: false,
    };
    expect(differences(sameMeaningOtherShape, expected)).toEqual([]);
    const wrong = { ...sameMeaningOtherShape, performedAt: '2026-03-11T10:00:00+02:00', address: { katottg: 'UA1', text: 'вул. Інша, 2' }, person: { rnokpp: taras.rnokpp } };
    expect(differences(wrong, expected).map((d) => d.field)).toEqual(['performedAt', 'person', 'address.text']);
    expect(differences({}, { found: true })).toEqual([{ field: 'found', expected: true, actual: undefined }]);
  });
});

describe('lists of objects are sets by meaning', () => {
  const home = { katottg: 'UA80000000000093317', text: 'вул. Тестова, 1' };
  const work = { katottg: 'UA80000000000093317', text: 'вул. Інша, 2' };
  const expected = { found: true, registrations: [{ kind: 'declaration', address: home }, { kind: 'registration', address: work }] };

  it('any order, extra item fields and other shapes of each item are equal', () => {
    const reversed = {
      found: true,
      registrations: [
        { address: { text: work.text, katottg: work.katottg }, kind: 'registration', actId: 'RTG-2', performedAt: '2026-03-10T10:00:00+02:00' },
        { kind: 'declaration', address: home, actId: 'RTG-1' },
      ],
    };
    expect(differences(reversed, expected)).toEqual([]);
  });

  it('an item the harness does not expect is extra, one it expects and none meets is missing', () => {
    const other = { kind: 'declaration', address: { katottg: 'UA80000000000093317', text: 'вул. Чужа, 9' }, actId: 'RTG-9' };
    expect(differences({ registrations: [other, { kind: 'declaration', address: home }] }, { registrations: [{ kind: 'declaration', address: home }] })).toEqual([
      { field: 'registrations.0', expected: undefined, actual: other, note: 'extra' },
    ]);
    expect(differences({ registrations: [] }, { registrations: [{ kind: 'declaration', address: home }] })).toEqual([
      { field: 'registrations', expected: { kind: 'declaration', address: home }, actual: undefined, note: 'missing' },
    ]);
    expect(differences({ found: true, registrations: [other] }, { found: false, registrations: [] }).map((d) => [d.field, d.note])).toEqual([
      ['found', undefined],
      ['registrations.0', 'extra'],
    ]);
  });

  it('an item beside an expectation it does not meet is judged field by field at its index', () => {
    const wrong = { kind: 'declaration', address: { ...home, text: 'вул. Тестова, 1, кв. 7' } };
    expect(differences({ found: true, registrations: [{ kind: 'registration', address: work }, wrong] }, expected)).toEqual([
      { field: 'registrations.1.address.text', expected: home.text, actual: wrong.address.text },
    ]);
  });

  it('the largest pairing is found: a loose expectation does not take the item a strict one needs', () => {
    const loose = { kind: 'declaration' };
    const strict = { kind: 'declaration', address: home };
    const list = [{ kind: 'declaration', address: home }, { kind: 'declaration', address: work }];
    expect(differences({ registrations: list }, { registrations: [loose, strict] })).toEqual([]);
  });

  it('a list left out lists nothing and is not judged; one that is there is judged whole', () => {
    expect(differences({ found: false }, { found: false, registrations: [] })).toEqual([]);
    expect(sameMeaning(undefined, [])).toBe(true);
    expect(sameMeaning({ found: false, registrations: [] }, { found: false })).toBe(true);
    // the contract makes `registrations` optional: left out, the answer says no more than `found`
    expect(differences({ found: true }, expected)).toEqual([]);
    expect(differences({ found: true, registrations: [] }, expected).map((d) => d.note)).toEqual(['missing', 'missing']);
    expect(differences({ found: true, registrations: 'none' }, expected)).toEqual([{ field: 'registrations', expected: expected.registrations, actual: 'none' }]);
  });

  it('the same person in an item is named by either identifier of theirs', () => {
    expect(differences({ list: [{ person: { unzr: '1990010100018' } }] }, { list: [{ person: olena }] })).toEqual([]);
    expect(differences({ list: [{ person: { rnokpp: taras.rnokpp } }] }, { list: [{ person: olena }] })).toEqual([
      { field: 'list.0.person', expected: olena, actual: { rnokpp: taras.rnokpp } },
    ]);
  });
});

describe('an absent optional field is the value the contract gives its absence', () => {
  it('firstEntry left out is false, never true', () => {
    expect(differences({ kind: 'registration' }, { firstEntry: false })).toEqual([]);
    expect(differences({ kind: 'registration', firstEntry: false }, { firstEntry: false })).toEqual([]);
    expect(differences({ kind: 'registration' }, { firstEntry: true })).toEqual([{ field: 'firstEntry', expected: true, actual: undefined }]);
    expect(differences({ firstEntry: true }, { firstEntry: false })).toEqual([{ field: 'firstEntry', expected: false, actual: true }]);
    expect(matches({ kind: 'declaration' }, { firstEntry: false })).toBe(true);
    expect(sameMeaning({ kind: 'declaration', firstEntry: false }, { kind: 'declaration' })).toBe(true);
  });

  it('counts what it judges: a person, a list and each leaf are one field each', () => {
    expect(judgedFields({ kind: 'x', person: olena, address: { katottg: 'a', text: 'b' }, registrations: [], firstEntry: false })).toBe(6);
  });
});
