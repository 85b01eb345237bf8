// The officials a scenario seeds (the `officials` action): what it gives is kept, what it leaves out is made up from
// polihon's synthetic people (faker's uk locale), and every official gets a synthetic face — never a real one.
import { z } from 'zod';
import { kyivDate } from '../../core/calendar.ts';
import { addYears } from '../../core/identifiers/iso-date.ts';
import { createPeople, type Person } from '../../core/people.ts';
import type { Rng } from '../../core/random.ts';
import { E_CREDENTIAL_TITLE } from './public.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const OfficialSeedSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
  rnokpp: z.string().regex(/^\d{10}$/, '10 digits').optional(),
  lastName: z.string().min(1).max(100).optional(),
  firstName: z.string().min(1).max(100).optional(),
  /** `null`: the official has no patronymic (an absent key gets a synthetic one) */
  middleName: z.string().min(1).max(100).nullable().optional(),
  position: z.string().min(1).max(300).optional(),
  organisation: z.string().min(1).max(300).optional(),
  /** `null`: the HR record holds no credential at all */
  credential: z
    .strictObject({
      title: z.string().min(1).max(200).optional(),
      series: z.string().regex(/^[А-ЯІЇЄҐ]{2}$/u, 'two Cyrillic capitals').optional(),
      number: z.string().regex(/^\d{6}$/, '6 digits').optional(),
      issueDate: isoDate.optional(),
      /** `null`: a credential without an expiry date */
      expiryDate: isoDate.nullable().optional(),
      chip: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  contacts: z.strictObject({ phone: z.string().min(1).max(40).optional(), email: z.string().min(3).max(200).optional() }).optional(),
  /** where the HR data come from: Дія's own simulated HR record, or the participant's hr-system through Трембіта */
  hr: z.enum(['simulated', 'participant']).default('simulated'),
  authenticated: z.boolean().optional(),
  /** fields the simulated HR record lacks (DIIA-04: no е-Посвідчення without them) */
  missing: z.array(z.enum(['lastName', 'firstName', 'position', 'organisation', 'series', 'number', 'issueDate', 'contacts'])).optional(),
});

export const OfficialsBodySchema = z.strictObject({ officials: z.array(OfficialSeedSchema).min(1).max(1000) });
export type OfficialSeed = z.infer<typeof OfficialSeedSchema>;

/** An official as Дія's simulated HR system holds them (all optional parts may be absent: DIIA-04). */
export interface Official {
  id: string;
  rnokpp: string;
  lastName?: string;
  firstName?: string;
  middleName?: string;
  position?: string;
  organisation?: string;
  credential?: { title: string; series?: string; number?: string; issueDate?: string; expiryDate?: string; chip: boolean };
  contacts: { phone?: string; email?: string };
  hr: 'simulated' | 'participant';
  authenticated: boolean;
  /** the е-Посвідчення's id in QR links: stable for the official */
  documentId: string;
  /** a synthetic face (data: URL) */
  photo: string;
  revokedAt?: number;
  dismissedAt?: number;
}

const POSITIONS = [
  'головний спеціаліст відділу документального забезпечення',
  'провідний спеціаліст сектору звернень громадян',
  'начальник відділу реєстрації місця проживання',
  'заступник начальника управління адміністративних послуг',
  'державний інспектор',
];
const ORGANISATIONS = [
  'Тестова районна державна адміністрація (polihon)',
  'Тестове управління соціального захисту (polihon)',
  'Тестовий відділ державної реєстрації (polihon)',
];
const SERIES = ['АА', 'АБ', 'ВК', 'ДС', 'МК', 'ТЕ'];

/**
 * The official the seed describes, its gaps filled from one synthetic person each (seeded: the same seed and the
 * same list give the same officials). `now` dates the credential: issued within the last three years, valid five.
 */
export function fillOfficials(seeds: readonly OfficialSeed[], rng: Rng, now: number, documentId: () => string): Official[] {
  const today = kyivDate(now);
  const people = createPeople({ seed: rng.int(0, 2 ** 31), referenceDate: today });
  return seeds.map((seed) => fillOfficial(seed, people.person(), rng, today, documentId()));
}

function fillOfficial(seed: OfficialSeed, p: Person, rng: Rng, today: string, documentId: string): Official {
  const missing = new Set(seed.missing ?? []);
  const keep = <T>(key: NonNullable<OfficialSeed['missing']>[number], value: T): T | undefined => (missing.has(key) ? undefined : value);
  const issueDate = addYears(today, -1 - rng.int(0, 1)).replace(/-\d{2}$/, `-${String(rng.int(1, 28)).padStart(2, '0')}`);
  const credential =
    seed.credential === null
      ? undefined
      : {
          title: seed.credential?.title ?? E_CREDENTIAL_TITLE,
          ...opt('series', keep('series', seed.credential?.series ?? rng.pick(SERIES))),
          ...opt('number', keep('number', seed.credential?.number ?? rng.digits(6))),
          ...opt('issueDate', keep('issueDate', seed.credential?.issueDate ?? issueDate)),
          ...(seed.credential?.expiryDate === null ? {} : { expiryDate: seed.credential?.expiryDate ?? addYears(seed.credential?.issueDate ?? issueDate, 5) }),
          chip: seed.credential?.chip ?? true,
        };
  const contacts = missing.has('contacts') ? {} : (seed.contacts ?? { phone: p.phone, email: p.email });
  return {
    id: seed.id,
    rnokpp: seed.rnokpp ?? p.rnokpp,
    ...opt('lastName', keep('lastName', seed.lastName ?? p.lastName)),
    ...opt('firstName', keep('firstName', seed.firstName ?? p.firstName)),
    ...(seed.middleName === null ? {} : { middleName: seed.middleName ?? p.patronymic }),
    ...opt('position', keep('position', seed.position ?? rng.pick(POSITIONS))),
    ...opt('organisation', keep('organisation', seed.organisation ?? rng.pick(ORGANISATIONS))),
    ...(credential ? { credential } : {}),
    contacts,
    hr: seed.hr,
    authenticated: seed.authenticated ?? true,
    documentId,
    photo: syntheticFace(rng, p.sex),
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const SKIN = ['#f1c9a5', '#e0ac69', '#c68642', '#8d5524', '#ffdbac'];
const HAIR = ['#2c1b10', '#4a3123', '#8d6748', '#b8a07a', '#6b6b6b'];
const BACKDROP = ['#dfe7ef', '#e8e2d6', '#e3ecdf'];

/**
 * A small synthetic face as a data: URL — a drawing of circles, so no real person's image is ever in a run. The same
 * generator state gives the same face.
 */
export function syntheticFace(rng: Rng, sex: 'male' | 'female' = 'female'): string {
  const skin = rng.pick(SKIN);
  const hair = rng.pick(HAIR);
  const eyeY = 78 + rng.int(0, 6);
  const mouth = 112 + rng.int(0, 6);
  const long = sex === 'female' ? `<path d="M40 90 Q40 150 60 160 L140 160 Q160 150 160 90 Z" fill="${hair}"/>` : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="240" viewBox="0 0 200 240">` +
    `<rect width="200" height="240" fill="${rng.pick(BACKDROP)}"/>` +
    long +
    `<path d="M30 240 Q30 170 100 165 Q170 170 170 240 Z" fill="#3b4a63"/>` +
    `<ellipse cx="100" cy="95" rx="48" ry="58" fill="${skin}"/>` +
    `<path d="M52 80 Q55 35 100 35 Q145 35 148 80 Q120 ${55 + rng.int(0, 10)} 52 80 Z" fill="${hair}"/>` +
    `<circle cx="82" cy="${eyeY}" r="5" fill="#222"/><circle cx="118" cy="${eyeY}" r="5" fill="#222"/>` +
    `<path d="M84 ${mouth} Q100 ${mouth + 10} 116 ${mouth}" stroke="#7a3b2e" stroke-width="3" fill="none"/>` +
    `<text x="100" y="232" font-size="10" text-anchor="middle" fill="#fff" font-family="sans-serif">synthetic</text>` +
    `</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
