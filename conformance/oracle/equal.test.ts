import { describe, expect, it } from 'vitest';
import { differences, instantOf, matches, mediaTypeKey, namesPerson, sameMeaning, unzrDigits } from './equal.ts';

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
