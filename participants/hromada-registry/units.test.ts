// The registry's small pure pieces: Kyiv days and working days, its ЄДРПОУ, the check-digit corruption, fault parsing.
import { describe, expect, it } from 'vitest';
import { parseFaults } from './config.ts';
import { DEFAULT_USER_ID, REGISTRY_EDRPOU, REGISTRY_XROAD, edrpouCheckDigit, isValidEdrpou, withWrongCheckDigit } from './identifiers.ts';
import { r1Path } from './registry.ts';
import { SimClock, addWorkingDays, isWeekday, kyivDate, kyivMidnight, parseClockReading } from './time.ts';
import { checkReset } from './validate.ts';
import { variantContentType, variantJson, variantPerson, variantTime } from './variants.ts';

describe('Kyiv days', () => {
  it.each([
    ['2026-03-10T21:59:59.999Z', '2026-03-10'], // 23:59:59 EET
    ['2026-03-10T22:00:00.000Z', '2026-03-11'],
    ['2026-07-10T20:59:59.999Z', '2026-07-10'], // 23:59:59 EEST
    ['2026-07-10T21:00:00.000Z', '2026-07-11'],
  ])('%s is %s in Kyiv', (instant, date) => {
    expect(kyivDate(Date.parse(instant))).toBe(date);
  });

  it.each([
    ['2026-03-10', '2026-03-09T22:00:00.000Z'],
    ['2026-07-10', '2026-07-09T21:00:00.000Z'],
    ['2026-03-29', '2026-03-28T22:00:00.000Z'], // the summer-time switch day starts in winter time
    ['2026-10-25', '2026-10-24T21:00:00.000Z'], // and the winter-time one in summer time
  ])('Kyiv midnight of %s is %s', (date, instant) => {
    expect(new Date(kyivMidnight(date)).toISOString()).toBe(instant);
  });

  it('counts working days from the day after, skipping weekends only (martial law)', () => {
    expect(addWorkingDays('2026-03-10', 3)).toBe('2026-03-13'); // Tue -> Fri
    expect(addWorkingDays('2026-03-10', 4)).toBe('2026-03-16'); // -> Mon
    expect(addWorkingDays('2026-03-13', 1)).toBe('2026-03-16'); // Fri -> Mon
    expect(addWorkingDays('2026-03-14', 1)).toBe('2026-03-16'); // Sat -> Mon
    expect(addWorkingDays('2026-03-08', 1)).toBe('2026-03-09'); // 8 March (Sun) -> Mon, a holiday that is worked
    expect(isWeekday('2026-05-01')).toBe(true);
    expect(isWeekday('2026-05-02')).toBe(false);
  });
});

describe('SimClock', () => {
  it('follows a virtual clock, takes headers only forward, and reports jumps', () => {
    const clock = new SimClock(() => 0);
    let changes = 0;
    clock.onChange(() => (changes += 1));
    expect(clock.now()).toBeNull();
    clock.observe({ epochMs: 1000, mode: 'virtual' });
    clock.observe({ epochMs: 1000, mode: 'virtual' });
    clock.observeHeader(new Date(500).toISOString());
    clock.observeHeader('garbage');
    expect(clock.now()).toBe(1000);
    clock.observeHeader(new Date(2000).toISOString());
    expect(clock.now()).toBe(2000);
    expect(changes).toBe(2);
  });

  it('runs a real clock on with the local monotonic clock between readings', () => {
    let real = 0;
    const clock = new SimClock(() => real);
    clock.observe({ epochMs: 10_000, mode: 'real' });
    real = 250;
    expect(clock.now()).toBe(10_250);
  });

  it('reads the clock answer by epochMs or by now', () => {
    expect(parseClockReading({ now: '2026-03-10T08:00:00.000Z', mode: 'real' })).toEqual({ epochMs: Date.parse('2026-03-10T08:00:00.000Z'), mode: 'real' });
    expect(parseClockReading({ epochMs: 5, mode: 'virtual' })).toEqual({ epochMs: 5, mode: 'virtual' });
    expect(parseClockReading({ now: 'soon' })).toBeNull();
    expect(parseClockReading('x')).toBeNull();
  });
});

describe('identifiers', () => {
  it('the registry ЄДРПОУ passes the checksum, as real codes do and near misses do not', () => {
    expect(isValidEdrpou(REGISTRY_EDRPOU)).toBe(true);
    for (const real of ['00032684', '43395033', '00035323', '37552598', '40165856', '42032422', '34239034', '43005393', '00032112']) {
      expect(isValidEdrpou(real), real).toBe(true);
    }
    expect(isValidEdrpou('00032685')).toBe(false);
    expect(isValidEdrpou('0403286')).toBe(false);
    expect(edrpouCheckDigit('0405486')).toBe(6);
  });

  it('a wrong check digit changes only the last digit', () => {
    expect(withWrongCheckDigit('1759013776')).toBe('1759013777');
    expect(withWrongCheckDigit('1759013779')).toBe('1759013770');
  });
});

describe('fault switches', () => {
  it('parses a comma list with spaces and refuses unknown names', () => {
    const ok = parseFaults(' no-journal, duplicate-act ,');
    expect(ok.ok && [...ok.faults]).toEqual(['no-journal', 'duplicate-act']);
    const bad = parseFaults('no-journal,late');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/'late'.*valid switches: send-next-day/);
    expect(parseFaults(undefined)).toEqual({ ok: true, faults: new Set() });
  });
});

describe('reset and the X-Road address', () => {
  it('takes Трембіта beside ДМС; simulators without it mean straight to ДМС; a bad URL is named', () => {
    expect(checkReset({ simulators: { dms: 'http://d', trembita: 'http://t', hromada: 'http://h' } })).toEqual({ ok: true, value: { dms: 'http://d', trembita: 'http://t' } });
    expect(checkReset({ simulators: { dms: 'http://d' } })).toEqual({ ok: true, value: { dms: 'http://d', trembita: null } });
    expect(checkReset(undefined)).toEqual({ ok: true, value: {} });
    expect(checkReset({ simulators: { dms: 'http://d', trembita: 'ftp://t' } })).toMatchObject({ ok: false, errors: [{ field: 'simulators.trembita' }] });
  });

  it('builds r1 paths part by part, percent-encoded', () => {
    expect(r1Path('SEVDEIR-TEST/GOV/37508470/DMS_prod', 'ResidenceRegistrationActs_v1')).toBe('/r1/SEVDEIR-TEST/GOV/37508470/DMS_prod/ResidenceRegistrationActs_v1');
    expect(r1Path('I/C/M/S S', 'X')).toBe('/r1/I/C/M/S%20S/X');
  });

  it('its default identity is the registration body’s, and the officer id is a valid РНОКПП with the country prefix', () => {
    expect(REGISTRY_XROAD).toEqual({ instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: REGISTRY_EDRPOU, subsystem: 'RTG_prod' });
    expect(DEFAULT_USER_ID).toMatch(/^UA\d{10}$/);
  });
});

describe('variant shapes (variants.ts)', () => {
  const on = (...names: string[]) => (n: string) => names.includes(n);
  it('offset-times writes Kyiv local time with its own offset, winter and summer, the same instant', () => {
    const winter = Date.parse('2026-03-10T08:00:00.000Z');
    const summer = Date.parse('2026-04-14T06:30:00.000Z');
    expect(variantTime(winter, on())).toBe('2026-03-10T08:00:00.000Z');
    expect(variantTime(winter, on('offset-times'))).toBe('2026-03-10T10:00:00.000+02:00');
    expect(variantTime(summer, on('offset-times'))).toBe('2026-04-14T09:30:00.000+03:00');
    expect(Date.parse(variantTime(summer, on('offset-times')))).toBe(summer);
  });

  it('names a person by one identifier, drops the УНЗР dash, reorders keys, changes the media type case', () => {
    const p = { lastName: 'Шевченко', rnokpp: '3287300123', unzr: '19900101-00018' };
    expect(variantPerson(p, on('only-unzr'))).toEqual({ lastName: 'Шевченко', unzr: '19900101-00018' });
    expect(variantPerson(p, on('only-rnokpp'))).toEqual({ lastName: 'Шевченко', rnokpp: '3287300123' });
    expect(variantPerson({ lastName: 'X', rnokpp: '3287300123' }, on('only-unzr'))).toEqual({ lastName: 'X', rnokpp: '3287300123' });
    expect(variantPerson(p, on('unzr-no-dash')).unzr).toBe('1990010100018');
    expect(variantJson({ a: 1, b: { c: 2, d: 3 } }, on('reorder-keys'))).toBe('{"b":{"d":3,"c":2},"a":1}');
    expect(variantContentType(on('media-type-case'))).toBe('Application/JSON; Charset=UTF-8');
    expect(variantContentType(on())).toBe('application/json; charset=utf-8');
  });
});
