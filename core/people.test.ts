import { describe, expect, it } from 'vitest';
import { checkKatottg } from './identifiers/katottg.ts';
import { checkIdCardNumber } from './identifiers/passport.ts';
import { checkRnokpp } from './identifiers/rnokpp.ts';
import { checkUnzr } from './identifiers/unzr.ts';
import { ageOn } from './identifiers/iso-date.ts';
import { OBLAST_CODES, type Person, createPeople, maskPerson } from './people.ts';

const referenceDate = '2026-11-02';
const CYRILLIC_NAME = /^[А-ЩЬЮЯЄІЇҐ][а-щьюяєіїґ’ʼ'-]+$/u;

const batch = (seed: number, n: number): Person[] => {
  const people = createPeople({ seed, referenceDate });
  return Array.from({ length: n }, () => people.person());
};

describe('createPeople', () => {
  const persons = batch(20261102, 200);

  it('gives every person valid identifiers that agree with birth date and sex', () => {
    for (const p of persons) {
      expect(checkRnokpp(p.rnokpp), p.rnokpp).toEqual({ ok: true, birthDate: p.birthDate, sex: p.sex });
      expect(checkUnzr(p.unzr)).toEqual({ ok: true, birthDate: p.birthDate, unzr: p.unzr });
      expect(p.unzr.startsWith(p.birthDate.replace(/-/g, ''))).toBe(true);
      expect(checkIdCardNumber(p.idCard.number)).toEqual({ ok: true });
      const katottg = checkKatottg(p.address.katottg);
      expect(katottg.ok, p.address.katottg).toBe(true);
      if (katottg.ok) expect(OBLAST_CODES[p.address.oblast]).toBe(katottg.oblast);
      expect(p.synthetic).toBe(true);
    }
  });

  it('builds registry-order Cyrillic names of one sex', () => {
    for (const p of persons) {
      for (const part of [p.lastName, p.firstName, p.patronymic]) expect(part).toMatch(CYRILLIC_NAME);
      expect(p.fullName).toBe(`${p.lastName} ${p.firstName} ${p.patronymic}`);
      // faker uk patronymics end in -ович for men and -івна / -ївна for women.
      expect(p.patronymic).toMatch(p.sex === 'male' ? /(ович|евич|йович)$/ : /(івна|ївна)$/);
    }
    expect(new Set(persons.map((p) => p.sex))).toEqual(new Set(['male', 'female']));
  });

  it('numbers persons p-0001, p-0002, … and gives them distinct RNOKPP and e-mails', () => {
    expect(persons.slice(0, 3).map((p) => p.id)).toEqual(['p-0001', 'p-0002', 'p-0003']);
    expect(new Set(persons.map((p) => p.rnokpp)).size).toBe(persons.length);
    expect(new Set(persons.map((p) => p.email)).size).toBe(persons.length);
  });

  it('keeps ages in the default adult range and ID cards valid on the reference date', () => {
    for (const p of persons) {
      const age = ageOn(p.birthDate, referenceDate);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(80);
      expect(p.idCard.issuedOn >= '2016-01-11').toBe(true);
      expect(p.idCard.issuedOn <= referenceDate).toBe(true);
      expect(p.idCard.expiresOn > referenceDate).toBe(true);
      expect(ageOn(p.birthDate, p.idCard.issuedOn)).toBeGreaterThanOrEqual(14);
      expect(p.idCard.authority).toMatch(/^\d{4}$/);
      expect(p.idCard.authority.slice(0, 2)).toBe(p.address.katottg.slice(2, 4));
    }
  });

  it('uses only reserved e-mail domains and Ukrainian mobile numbers', () => {
    for (const p of persons) {
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|org|net)$/);
      expect(p.phone).toMatch(/^\+380\d{9}$/);
    }
  });

  it('writes a one-line Ukrainian address that agrees with its parts', () => {
    for (const p of persons) {
      const a = p.address;
      expect(a.postcode).toMatch(/^\d{5}$/);
      expect(a.text).not.toContain('\n');
      expect(a.text.startsWith(`${a.postcode}, `)).toBe(true);
      for (const part of [a.settlement, a.street, `буд. ${a.building}`]) expect(a.text).toContain(part);
      if (a.apartment) expect(a.text.endsWith(`кв. ${a.apartment}`)).toBe(true);
      expect(a.hromada).toMatch(/територіальна громада$/);
    }
  });

  it('replays identical persons for the same seed and calls, and different ones for another seed', () => {
    expect(batch(7, 20)).toEqual(batch(7, 20));
    const other = batch(8, 20);
    const same = batch(7, 20).filter((p, i) => p.fullName === other[i]?.fullName || p.rnokpp === other[i]?.rnokpp);
    expect(same.length).toBeLessThan(3);
  });

  it('does not let one person\u2019s spec shift the persons after it', () => {
    const plain = createPeople({ seed: 5, referenceDate });
    plain.person();
    const secondPlain = plain.person();
    const pinned = createPeople({ seed: 5, referenceDate });
    pinned.person({ sex: 'female', age: 40, address: { oblast: 'Київ' } });
    pinned.address();
    expect(pinned.person()).toEqual(secondPlain);
  });

  it('honours sex, exact age and age range', () => {
    const people = createPeople({ seed: 3, referenceDate });
    for (let i = 0; i < 100; i++) {
      const p = people.person({ sex: 'female', age: 35 });
      expect(p.sex).toBe('female');
      expect(ageOn(p.birthDate, referenceDate)).toBe(35);
      const q = people.person({ minAge: 14, maxAge: 16 });
      expect(ageOn(q.birthDate, referenceDate)).toBeGreaterThanOrEqual(14);
      expect(ageOn(q.birthDate, referenceDate)).toBeLessThanOrEqual(16);
    }
  });

  it('counts the age bounds exactly at birthdays, including 29 February', () => {
    const people = createPeople({ seed: 9, referenceDate: '2024-02-29' });
    for (let i = 0; i < 300; i++) {
      expect(ageOn(people.person({ age: 23 }).birthDate, '2024-02-29')).toBe(23);
      expect(ageOn(people.person({ age: 0 }).birthDate, '2024-02-29')).toBe(0);
    }
  });

  it('gives children a 4-year ID card issued after birth', () => {
    const people = createPeople({ seed: 12, referenceDate });
    for (let i = 0; i < 50; i++) {
      const child = people.person({ age: 5 });
      expect(child.idCard.issuedOn >= child.birthDate).toBe(true);
      expect(ageOn(child.idCard.issuedOn, child.idCard.expiresOn)).toBe(4);
    }
  });

  it('rejects impossible age specs', () => {
    const people = createPeople({ seed: 1, referenceDate });
    expect(() => people.person({ minAge: 50, maxAge: 40 })).toThrow(RangeError);
    expect(() => people.person({ age: 30, minAge: 20 })).toThrow(RangeError);
    expect(() => people.person({ age: 130 })).toThrow(RangeError);
    expect(() => people.person({ age: 2.5 })).toThrow(RangeError);
    expect(() => createPeople({ seed: 1, referenceDate: '2026-02-30' })).toThrow(RangeError);
  });

  it('lets a child be asked for with only a maximum age', () => {
    const p = createPeople({ seed: 1, referenceDate }).person({ maxAge: 10 });
    expect(ageOn(p.birthDate, referenceDate)).toBeLessThanOrEqual(10);
  });

  it('pins address fields and keeps the generated ones consistent with a pinned oblast', () => {
    const people = createPeople({ seed: 4, referenceDate });
    const kyivan = people.person({ address: { oblast: 'Київ', street: 'вул. Хрещатик' } });
    expect(kyivan.address.katottg).toBe('UA80000000000093317');
    expect(kyivan.address.settlement).toBe('м. Київ');
    expect(kyivan.address.text).toContain('вул. Хрещатик');
    const lviv = people.address({ katottg: 'UA46060250010015970' });
    expect(lviv.oblast).toBe('Львівська область');
    expect(lviv.text).toContain('Львівська обл.');
    expect(people.address({ text: 'як є' }).text).toBe('як є');
  });
});

describe('maskPerson', () => {
  it.each([
    ['Шевченко Олена Петрівна', 'name', 'Ш******* О. П.'],
    ['Шевченко', 'name', 'Ш*******'],
    ['1759013776', 'rnokpp', '17******76'],
    ['19900101-00018', 'unzr', '19******-***18'],
    ['АА123456', 'document', 'АА****56'],
    ['001234567', 'document', '00*****67'],
    ['+380501234567', 'phone', '+38050*****67'],
    ['olena.shevchenko3@example.com', 'email', 'o****************@example.com'],
    [
      '21012, Вінницька обл., с. Петрівка, вул. Шевченка, буд. 12, кв. 5',
      'address',
      '***, Вінницька обл., с. Петрівка, ***',
    ],
    ['01001, м. Київ, вул. Хрещатик, буд. 1', 'address', '***, м. Київ, ***'],
    ['123', 'rnokpp', '***'],
    ['', 'name', ''],
  ] as const)('masks %j as %s -> %j', (value, kind, expected) => {
    expect(maskPerson(value, kind)).toBe(expected);
  });

  it('hides the identifying parts of every generated person', () => {
    for (const p of batch(99, 50)) {
      expect(maskPerson(p.fullName, 'name')).not.toContain(p.lastName.slice(1));
      expect(maskPerson(p.rnokpp, 'rnokpp')).not.toContain(p.rnokpp.slice(2, 8));
      expect(maskPerson(p.address.text, 'address')).not.toContain(p.address.street);
      expect(maskPerson(p.email, 'email')).not.toContain(p.email.split('@')[0]?.slice(1));
    }
  });
});
