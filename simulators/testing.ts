// Test support for simulator unit tests: a context on a virtual clock and a few synthetic, valid bodies.
// Not used by the simulators themselves.
import { DEFAULT_CALENDAR, type CalendarOptions } from '../core/calendar.ts';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createRng } from '../core/random.ts';
import type { SimulatorContext } from '../core/simulator.ts';

/** Tuesday 2026-03-10, 10:00 Kyiv. */
export const T0 = Date.parse('2026-03-10T08:00:00.000Z');

export interface TestContextOptions {
  start?: number;
  calendar?: CalendarOptions;
  endpoints?: Record<string, string | undefined>;
  /** outbound calls; by default they fail, so a test that forgets to wire one sees it */
  fetch?: SimulatorContext['fetch'];
}

export function createTestContext(options: TestContextOptions = {}): SimulatorContext {
  const clock = createVirtualClock(options.start ?? T0);
  let wall = 0;
  return {
    clock,
    // a counter stands in for wall time so entries stay deterministic
    journal: createJournal({ clock, wallTime: () => ++wall }),
    rng: createRng(7),
    calendar: options.calendar ?? DEFAULT_CALENDAR,
    fetch: options.fetch ?? (async (input) => Promise.reject(new TypeError(`no outbound fetch wired in this test (${String(input)})`))),
    endpoints: options.endpoints ?? {},
  };
}

/** A synthetic person whose РНОКПП and УНЗР agree with the birth date and sex. */
export const OLENA = Object.freeze({
  lastName: 'Шевченко',
  firstName: 'Олена',
  patronymic: 'Петрівна',
  birthDate: '1990-01-01',
  sex: 'female' as const,
  rnokpp: '3287300123',
  unzr: '19900101-00018',
  document: Object.freeze({ type: 'id-card' as const, number: '000123456' }),
});

export const KYIV_ADDRESS = Object.freeze({ katottg: 'UA80000000000093317', text: 'м. Київ, вул. Тестова, буд. 1, кв. 2' });

export const BODY = Object.freeze({ edrpou: '04054866', katottg: 'UA80000000000093317', name: 'Тестовий орган реєстрації' });

/** A valid declaration performed at `performedAt` (default T0); override any field. */
export function declaration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    actId: 'RTG-2026-000001',
    kind: 'declaration',
    performedAt: new Date(T0).toISOString(),
    registrationBody: { ...BODY },
    person: { ...OLENA, document: { ...OLENA.document } },
    address: { ...KYIV_ADDRESS },
    ...overrides,
  };
}

/** A JSON request to a simulator. */
export function jsonRequest(url: string, body: unknown, init: RequestInit = {}): Request {
  return new Request(url, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

// Windows-1251 (cp1251) as Ukrainian software of the 2000s still writes it: the bytes of a body that is not UTF-8.
const CP1251_UPPER = 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ';
const CP1251_EXTRA: Record<string, number> = { Ґ: 0xa5, Є: 0xaa, Ї: 0xaf, І: 0xb2, і: 0xb3, ґ: 0xb4, є: 0xba, ї: 0xbf, '’': 0x92, Ё: 0xa8, ё: 0xb8 };

/** `text` encoded as Windows-1251 (ASCII and Ukrainian letters; anything else is a test's mistake and throws). */
export function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x80) return code;
      const upper = CP1251_UPPER.indexOf(ch);
      if (upper !== -1) return 0xc0 + upper;
      const lower = CP1251_UPPER.toLowerCase().indexOf(ch);
      if (lower !== -1) return 0xe0 + lower;
      const extra = CP1251_EXTRA[ch];
      if (extra === undefined) throw new Error(`cp1251: no byte for ${JSON.stringify(ch)}`);
      return extra;
    }),
  );
}
