// Valid, unique ДМС acts for the intake benchmark: a pool of seeded synthetic persons, each sent once per day
// going back in time, so no two bodies share an actId or the (kind, person, address, Kyiv day) that makes a
// duplicate (docs/en/contracts.md §1). Bodies are built by string concatenation from pre-serialised parts:
// the load generator builds one per request, and this is cheap enough not to limit it.
import { contractPerson, createPeople } from '../core/people.ts';

export const BENCH_REGISTRATION_BODY = Object.freeze({
  edrpou: '04054866',
  katottg: 'UA80000000000093317',
  name: 'Тестовий орган реєстрації (polihon bench)',
});

export interface ActFeedOptions {
  seed: number;
  /** how many distinct persons; each is reused once per earlier day */
  persons: number;
  /** now (epoch ms); every performedAt is at 09:00 UTC of an earlier UTC day, so never in the future */
  now: number;
  /** actId prefix, [A-Za-z0-9._:-]; the ids are `${prefix}${8 digits}` so every body has the same length */
  prefix?: string;
}

export interface ActFeed {
  /** the next body (JSON text); throws once `capacity` bodies were issued since the last reset */
  next(): string;
  /** the i-th body, without moving the feed (i < capacity) */
  body(i: number): string;
  /** the actId of the i-th body */
  actId(i: number): string;
  /** bodies issued since the last reset */
  readonly issued: number;
  /** how many unique bodies the feed can give before it would repeat */
  readonly capacity: number;
  /** start again from the first body (after the simulator has been reset) */
  reset(): void;
}

const DAY_MS = 86_400_000;
const ID_DIGITS = 8;
/** back at most this many days (ten years) */
const MAX_DAYS = 3_650;


export function createActFeed(options: ActFeedOptions): ActFeed {
  const prefix = options.prefix ?? 'BENCH-';
  if (!/^[A-Za-z0-9._:-]{0,50}$/.test(prefix)) throw new RangeError(`actId prefix must be [A-Za-z0-9._:-]{0,50}, got ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(options.persons) || options.persons < 1) throw new RangeError(`persons must be a positive integer, got ${options.persons}`);
  const today = new Date(options.now);
  const referenceDate = today.toISOString().slice(0, 10);
  const people = createPeople({ seed: options.seed, referenceDate });
  // persons must differ in both РНОКПП and УНЗР, or two of them would be one person to ДМС
  const seen = new Set<string>();
  const parts: { person: string; address: string }[] = [];
  let drawn = 0;
  while (parts.length < options.persons) {
    if (++drawn > options.persons * 2 + 100) throw new Error(`could not draw ${options.persons} distinct persons from seed ${options.seed}`);
    const p = people.person();
    if (seen.has(`r:${p.rnokpp}`) || seen.has(`u:${p.unzr}`)) continue;
    seen.add(`r:${p.rnokpp}`);
    seen.add(`u:${p.unzr}`);
    parts.push({ person: JSON.stringify(contractPerson(p)), address: JSON.stringify({ katottg: p.address.katottg, text: p.address.text }) });
  }
  const persons = parts.length;
  // 09:00 UTC of yesterday (UTC) is 11:00 or 12:00 in Kyiv: each UTC day is a distinct Kyiv day
  const firstDay = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1, 9);
  const capacity = Math.min(persons * MAX_DAYS, 10 ** ID_DIGITS);
  const registrationBody = JSON.stringify(BENCH_REGISTRATION_BODY);
  const dates = new Map<number, string>();
  const performedAt = (day: number): string => {
    let iso = dates.get(day);
    if (iso === undefined) {
      iso = new Date(firstDay - day * DAY_MS).toISOString();
      dates.set(day, iso);
    }
    return iso;
  };
  const actId = (i: number) => `${prefix}${String(i).padStart(ID_DIGITS, '0')}`;
  const body = (i: number): string => {
    if (!Number.isInteger(i) || i < 0 || i >= capacity) throw new RangeError(`act ${i} is outside the feed's ${capacity} unique acts`);
    const part = parts[i % persons]!;
    return (
      `{"actId":"${actId(i)}","kind":"declaration","performedAt":"${performedAt(Math.floor(i / persons))}",` +
      `"registrationBody":${registrationBody},"person":${part.person},"address":${part.address},"firstEntry":true}`
    );
  };
  let issued = 0;
  return {
    next: () => body(issued++),
    body,
    actId,
    get issued() {
      return issued;
    },
    capacity,
    reset() {
      issued = 0;
    },
  };
}
