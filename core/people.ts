// Seeded synthetic persons for simulators and scenarios: names from faker's uk locale, identifiers that agree
// with the birth date and sex, a hromada address. Never real data; every person carries `synthetic: true`.

import { Faker, base, uk } from '@faker-js/faker';
import { type IsoDate } from './identifiers/check.ts';
import { addDays, addYears, fromEpochDay, toEpochDay } from './identifiers/iso-date.ts';
import { type KatottgOblastCode, generateHromadaKatottg } from './identifiers/katottg.ts';
import { generateIdCardNumber } from './identifiers/passport.ts';
import { type Sex, generateRnokpp } from './identifiers/rnokpp.ts';
import { generateUnzr } from './identifiers/unzr.ts';
import { maskAddress } from './mask.ts';
import { type Rng, createRng, deriveSeed } from './random.ts';

export type { Sex } from './identifiers/rnokpp.ts';

export interface Address {
  /** Hromada-level КАТОТТГ code whose oblast digits match `oblast`. */
  katottg: string;
  hromada: string;
  oblast: string;
  /** With its type, e.g. 'с. Петрівка', 'м. Київ'. */
  settlement: string;
  /** With its type, e.g. 'вул. Шевченка'. */
  street: string;
  building: string;
  apartment?: string;
  postcode: string;
  /** The whole address on one line, in Ukrainian postal order. */
  text: string;
}

export interface Person {
  /** Stable within a seed: the n-th person made is 'p-000n'. */
  id: string;
  lastName: string;
  firstName: string;
  patronymic: string;
  /** 'Прізвище Ім'я По батькові', the order registries use. */
  fullName: string;
  sex: Sex;
  birthDate: IsoDate;
  rnokpp: string;
  /** Dashed form 'YYYYMMDD-NNNNC'. */
  unzr: string;
  idCard: { number: string; issuedOn: IsoDate; expiresOn: IsoDate; authority: string };
  address: Address;
  /** '+380XXXXXXXXX'. */
  phone: string;
  /** Always at a reserved domain (RFC 2606), so nothing can reach a real mailbox. */
  email: string;
  synthetic: true;
}

export interface PeopleOptions {
  seed: number;
  /** The day ages are counted on and documents are valid on; passed in because core never reads the clock. */
  referenceDate: IsoDate;
}

export interface PersonSpec {
  sex?: Sex;
  /** Exact age on the reference date; excludes minAge/maxAge. */
  age?: number;
  minAge?: number;
  maxAge?: number;
  /** Fields to pin; `text` is rebuilt from them unless given too. */
  address?: Partial<Address>;
}

export interface People {
  /** The next synthetic person; each person's draws are separate, so a spec never shifts later persons. */
  person(spec?: PersonSpec): Person;
  /** The next synthetic address, from its own sequence. */
  address(overrides?: Partial<Address>): Address;
}

const DEFAULT_MIN_AGE = 18;
const DEFAULT_MAX_AGE = 80;
// Five RNOKPP date digits start at 1900-01-01; 120 keeps every reference date this century inside that.
const OLDEST_AGE = 120;
// Ukrainian ID cards have been issued since 11.01.2016: 10 years valid from age 14, 4 years before it.
const ID_CARDS_SINCE = '2016-01-11';

interface OblastInfo {
  name: string;
  code: KatottgOblastCode;
  /** First two postcode digits, inclusive range, roughly following Укрпошта's regional plan. */
  postcodes: [number, number];
}

// Own table rather than faker's location.state: it ties each oblast to its КАТОТТГ code, and leaves out the
// occupied АР Крим and Севастополь, whose hromada registries polihon does not simulate.
const OBLASTS: readonly OblastInfo[] = [
  { name: 'Вінницька область', code: '05', postcodes: [21, 24] },
  { name: 'Волинська область', code: '07', postcodes: [43, 45] },
  { name: 'Дніпропетровська область', code: '12', postcodes: [49, 53] },
  { name: 'Донецька область', code: '14', postcodes: [83, 87] },
  { name: 'Житомирська область', code: '18', postcodes: [10, 13] },
  { name: 'Закарпатська область', code: '21', postcodes: [88, 90] },
  { name: 'Запорізька область', code: '23', postcodes: [69, 72] },
  { name: 'Івано-Франківська область', code: '26', postcodes: [76, 78] },
  { name: 'Київська область', code: '32', postcodes: [7, 9] },
  { name: 'Кіровоградська область', code: '35', postcodes: [25, 28] },
  { name: 'Луганська область', code: '44', postcodes: [91, 94] },
  { name: 'Львівська область', code: '46', postcodes: [79, 82] },
  { name: 'Миколаївська область', code: '48', postcodes: [54, 57] },
  { name: 'Одеська область', code: '51', postcodes: [65, 68] },
  { name: 'Полтавська область', code: '53', postcodes: [36, 39] },
  { name: 'Рівненська область', code: '56', postcodes: [33, 35] },
  { name: 'Сумська область', code: '59', postcodes: [40, 42] },
  { name: 'Тернопільська область', code: '61', postcodes: [46, 48] },
  { name: 'Харківська область', code: '63', postcodes: [61, 64] },
  { name: 'Херсонська область', code: '65', postcodes: [73, 75] },
  { name: 'Хмельницька область', code: '68', postcodes: [29, 32] },
  { name: 'Черкаська область', code: '71', postcodes: [18, 20] },
  { name: 'Чернівецька область', code: '73', postcodes: [58, 60] },
  { name: 'Чернігівська область', code: '74', postcodes: [14, 17] },
  { name: 'Київ', code: '80', postcodes: [1, 4] },
];

/** Oblast names paired with their first-level КАТОТТГ codes, for simulators that show or look up regions. */
export const OBLAST_CODES: Readonly<Record<string, KatottgOblastCode>> = Object.fromEntries(
  OBLASTS.map((o) => [o.name, o.code]),
);

// Village names found in nearly every oblast, so no name contradicts the oblast it is put in;
// the second element is the adjective its hromada is named with.
const SETTLEMENTS: readonly (readonly [string, string])[] = [
  ['Петрівка', 'Петрівська'],
  ['Іванівка', 'Іванівська'],
  ['Михайлівка', 'Михайлівська'],
  ['Олександрівка', 'Олександрівська'],
  ['Миколаївка', 'Миколаївська'],
  ['Степанівка', 'Степанівська'],
  ['Вишневе', 'Вишнівська'],
  ['Зелене', 'Зеленівська'],
  ['Березівка', 'Березівська'],
  ['Калинівка', 'Калинівська'],
  ['Соснівка', 'Соснівська'],
  ['Дубове', 'Дубівська'],
  ['Кам’янка', 'Кам’янська'],
  ['Новоселиця', 'Новоселицька'],
  ['Садове', 'Садівська'],
  ['Яблунівка', 'Яблунівська'],
  ['Вербівка', 'Вербівська'],
  ['Липове', 'Липівська'],
  ['Покровка', 'Покровська'],
  ['Успенка', 'Успенська'],
  ['Троїцьке', 'Троїцька'],
  ['Богданівка', 'Богданівська'],
  ['Веселе', 'Веселівська'],
  ['Лозуватка', 'Лозуватська'],
];

const STREETS: readonly string[] = [
  'Шевченка', 'Івана Франка', 'Лесі Українки', 'Михайла Грушевського', 'Незалежності', 'Соборна', 'Миру',
  'Садова', 'Центральна', 'Шкільна', 'Зелена', 'Молодіжна', 'Польова', 'Лісова', 'Перемоги',
  'Богдана Хмельницького', 'Івана Котляревського', 'Григорія Сковороди', 'Київська', 'Вишнева', 'Калинова',
  'Героїв України', 'Квіткова', 'Степова', 'Козацька', 'Набережна', 'Нова', 'Весняна', 'Вячеслава Чорновола',
  'Івана Мазепи',
];

// Mobile operator codes in use (Kyivstar, Vodafone, lifecell).
const MOBILE_CODES = ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'] as const;
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

/**
 * A seeded source of synthetic persons. The same seed, reference date and sequence of calls give identical
 * persons; e.g. createPeople({ seed: 1, referenceDate: '2026-11-02' }).person({ sex: 'female', age: 30 }).
 */
export function createPeople(opts: PeopleOptions): People {
  toEpochDay(opts.referenceDate); // fail now, not on the first person, if the date is malformed
  const faker = new Faker({ locale: [uk, base] });
  let personCount = 0;
  let addressCount = 0;

  return {
    person(spec: PersonSpec = {}): Person {
      const n = ++personCount;
      const rng = createRng(deriveSeed(opts.seed, `person:${n}`));
      faker.seed(deriveSeed(opts.seed, `person:${n}:faker`));
      return makePerson(n, rng, faker, opts.referenceDate, spec);
    },
    address(overrides: Partial<Address> = {}): Address {
      const n = ++addressCount;
      return makeAddress(createRng(deriveSeed(opts.seed, `address:${n}`)), overrides);
    },
  };
}

function makePerson(n: number, rng: Rng, faker: Faker, referenceDate: IsoDate, spec: PersonSpec): Person {
  const sex: Sex = spec.sex ?? rng.pick(['male', 'female'] as const);
  const lastName = faker.person.lastName(sex);
  const firstName = faker.person.firstName(sex);
  const patronymic = faker.person.middleName(sex);
  const birthDate = pickBirthDate(rng, referenceDate, spec);
  const address = makeAddress(rng, spec.address ?? {});
  return {
    id: `p-${String(n).padStart(4, '0')}`,
    lastName,
    firstName,
    patronymic,
    fullName: `${lastName} ${firstName} ${patronymic}`,
    sex,
    birthDate,
    rnokpp: generateRnokpp(rng, { birthDate, sex }),
    unzr: generateUnzr(rng, birthDate),
    idCard: makeIdCard(rng, birthDate, referenceDate, address),
    address,
    phone: `+380${rng.pick(MOBILE_CODES)}${rng.digits(7)}`,
    email: `${transliterate(firstName)}.${transliterate(lastName)}${n}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase(),
    synthetic: true,
  };
}

/** A birth date uniformly within the age bounds, counting age as birthdays are counted. */
function pickBirthDate(rng: Rng, referenceDate: IsoDate, spec: PersonSpec): IsoDate {
  if (spec.age !== undefined && (spec.minAge !== undefined || spec.maxAge !== undefined)) {
    throw new RangeError('give either age or minAge/maxAge in a PersonSpec, not both');
  }
  // A bound given alone moves the default of the other one out of its way.
  const minAge = spec.age ?? spec.minAge ?? Math.min(DEFAULT_MIN_AGE, spec.maxAge ?? DEFAULT_MIN_AGE);
  const maxAge = spec.age ?? spec.maxAge ?? Math.max(DEFAULT_MAX_AGE, minAge);
  if (!Number.isInteger(minAge) || !Number.isInteger(maxAge) || minAge < 0 || maxAge > OLDEST_AGE || minAge > maxAge) {
    throw new RangeError(`ages must be whole numbers with 0 <= minAge <= maxAge <= ${OLDEST_AGE}, got ${minAge}..${maxAge}`);
  }
  // Youngest: born on the reference day minAge years back. Oldest: the day after turning maxAge + 1.
  const latest = toEpochDay(addYears(referenceDate, -minAge));
  const earliest = toEpochDay(addYears(referenceDate, -(maxAge + 1))) + 1;
  return fromEpochDay(rng.int(earliest, latest));
}

function makeIdCard(rng: Rng, birthDate: IsoDate, referenceDate: IsoDate, address: Address): Person['idCard'] {
  const turns14 = addYears(birthDate, 14);
  const adult = turns14 <= referenceDate;
  const validYears = adult ? 10 : 4;
  // Issued within its validity before the reference date, so every generated card is still valid on it.
  const bounds = [ID_CARDS_SINCE, adult ? turns14 : birthDate, addDays(addYears(referenceDate, -validYears), 1)];
  const latest = toEpochDay(referenceDate);
  const earliest = Math.min(latest, Math.max(...bounds.map(toEpochDay)));
  const issuedOn = fromEpochDay(rng.int(earliest, latest));
  // Real authority codes are 4 digits beginning with the region's code; the last two here are invented.
  const region = /^UA(\d{2})/.exec(address.katottg)?.[1] ?? rng.digits(2);
  return {
    number: generateIdCardNumber(rng),
    issuedOn,
    expiresOn: addYears(issuedOn, validYears),
    authority: region + rng.digits(2),
  };
}

function makeAddress(rng: Rng, overrides: Partial<Address>): Address {
  // A pinned oblast or КАТОТТГ code decides the region, so the generated parts agree with it.
  const pinnedCode = overrides.katottg?.slice(2, 4);
  const oblast =
    OBLASTS.find((o) => o.name === overrides.oblast) ?? OBLASTS.find((o) => o.code === pinnedCode) ?? rng.pick(OBLASTS);
  const isKyiv = oblast.code === '80';
  const [settlementName, hromadaAdjective] = rng.pick(SETTLEMENTS);
  const village = rng.next() < 0.7;
  const settlement = isKyiv ? 'м. Київ' : `${village ? 'с.' : 'с-ще'} ${settlementName}`;
  const hromada = isKyiv
    ? 'Київська міська територіальна громада'
    : `${hromadaAdjective} ${village ? 'сільська' : 'селищна'} територіальна громада`;
  const street = `${rng.next() < 0.85 ? 'вул.' : 'пров.'} ${rng.pick(STREETS)}`;
  const building = String(rng.int(1, isKyiv ? 180 : 120)) + (rng.next() < 0.1 ? rng.pick(['А', 'Б', 'В']) : '');
  const hasApartment = rng.next() < (isKyiv ? 0.85 : village ? 0.05 : 0.35);
  const apartment = hasApartment ? String(rng.int(1, isKyiv ? 240 : 60)) : undefined;
  const postcode = String(rng.int(oblast.postcodes[0], oblast.postcodes[1])).padStart(2, '0') + rng.digits(3);

  const address: Address = {
    katottg: generateHromadaKatottg(rng, { oblast: oblast.code }),
    hromada,
    oblast: oblast.name,
    settlement,
    street,
    building,
    ...(apartment !== undefined ? { apartment } : {}),
    postcode,
    text: '',
  };
  Object.assign(address, overrides);
  if (overrides.text === undefined) address.text = addressLine(address);
  return address;
}

/** 'індекс, область, населений пункт, вулиця, будинок, квартира': the order Укрпошта asks for. */
function addressLine(a: Address): string {
  const region = a.oblast === 'Київ' ? [] : [a.oblast.replace(/ область$/, ' обл.')];
  const parts = [a.postcode, ...region, a.settlement, a.street, `буд. ${a.building}`];
  if (a.apartment) parts.push(`кв. ${a.apartment}`);
  return parts.join(', ');
}

// The official Ukrainian romanisation (КМУ No. 55, 2010): Є Ї Й Ю Я differ at the start of a word.
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i',
  й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia',
};
const LATIN_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };

function transliterate(word: string): string {
  const lower = word.toLowerCase().replace(/зг/g, 'zgh');
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    const atStart = i === 0 || !/\p{L}/u.test(lower[i - 1] as string);
    out += (atStart ? LATIN_INITIAL[ch] : undefined) ?? LATIN[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '');
  }
  return out;
}

export type MaskKind = 'name' | 'rnokpp' | 'unzr' | 'document' | 'phone' | 'email' | 'address';

/**
 * Hides personal data for reports while keeping enough to recognise it:
 * name 'Шевченко Олена Петрівна' -> 'Ш******* О. П.', rnokpp '1759013776' -> '17******76',
 * unzr '19900101-00018' -> '19******-***18', phone '+380501234567' -> '+38050*****67',
 * email 'olena.shevchenko3@example.com' -> 'o****************@example.com',
 * address -> only oblast and settlement stay.
 */
export function maskPerson(value: string, kind: MaskKind): string {
  switch (kind) {
    case 'name': {
      const [last = '', ...rest] = value.trim().split(/\s+/);
      const masked = [...last].map((ch, i) => (i === 0 ? ch : '*')).join('');
      return [masked, ...rest.map((w) => `${[...w][0] ?? ''}.`)].join(' ');
    }
    case 'rnokpp':
    case 'unzr':
    case 'document':
      return maskMiddle(value, 2, 2);
    case 'phone':
      // Country and operator code stay: they say which network, not whose phone.
      return maskMiddle(value, value.startsWith('+380') ? 5 : 3, 2);
    case 'email': {
      const at = value.lastIndexOf('@');
      // The whole local part is starred, dots included, so its shape does not give the name away.
      const local = [...(at > 0 ? value.slice(0, at) : value)];
      return (local[0] ?? '') + '*'.repeat(Math.max(0, local.length - 1)) + (at > 0 ? value.slice(at) : '');
    }
    case 'address':
      return maskAddress(value);
  }
}

/** Keeps `head` and `tail` characters, stars every other letter or digit and leaves separators alone. */
function maskMiddle(value: string, head: number, tail: number): string {
  const chars = [...value];
  const significant = chars.filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
  if (significant <= head + tail) return chars.map((c) => (/[\p{L}\p{N}]/u.test(c) ? '*' : c)).join('');
  let seen = 0;
  return chars
    .map((c) => {
      if (!/[\p{L}\p{N}]/u.test(c)) return c;
      seen++;
      return seen <= head || seen > significant - tail ? c : '*';
    })
    .join('');
}

/**
 * A person as the reference contracts carry it (docs/en/contracts.md §1): the fields a scenario's `${people.…}` and
 * an act's `person` hold.
 */
export function contractPerson(p: Person) {
  return {
    lastName: p.lastName,
    firstName: p.firstName,
    patronymic: p.patronymic,
    birthDate: p.birthDate,
    sex: p.sex,
    rnokpp: p.rnokpp,
    unzr: p.unzr,
    document: { type: 'id-card' as const, number: p.idCard.number },
  };
}
