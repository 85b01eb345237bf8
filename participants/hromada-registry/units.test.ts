// The registry's small pure pieces: Kyiv days and working days, its ЄДРПОУ, the check-digit corruption, fault parsing,
// and when it acts by itself under each timing switch (schedule.ts).
import { describe, expect, it } from 'vitest';
import { parseFaults } from './config.ts';
import { DEFAULT_USER_ID, REGISTRY_EDRPOU, REGISTRY_XROAD, edrpouCheckDigit, isValidEdrpou, withWrongCheckDigit } from './identifiers.ts';
import { r1Path } from './link.ts';
import { actSendAt, answerAt } from './schedule.ts';
import { MARTIAL_LAW, PEACETIME, SimClock, addCalendarDays, addWorkingDays, isWeekday, isWorkingDay, kyivAt, kyivDate, kyivMidnight, parseClockReading } from './time.ts';
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

  it('in peace time holidays and the days off they transfer to are not working days (КЗпП arts. 67, 73)', () => {
    // 2026: 8 March is a Sunday (-> Mon 9), Easter 12 April (-> Mon 13), Trinity 31 May (-> Mon 1 June), 28 June a Sunday (-> Mon 29)
    for (const d of ['2026-01-01', '2026-03-09', '2026-04-13', '2026-05-01', '2026-05-08', '2026-06-01', '2026-06-29', '2026-08-24', '2026-12-25']) {
      expect([d, isWorkingDay(d, PEACETIME)]).toEqual([d, false]);
      expect([d, isWorkingDay(d, MARTIAL_LAW)]).toEqual([d, true]);
    }
    expect(addWorkingDays('2026-03-06', 3, PEACETIME)).toBe('2026-03-12'); // Fri -> Tue, Wed, Thu
    expect(addWorkingDays('2026-03-06', 3)).toBe('2026-03-11');
    expect(addWorkingDays('2026-04-28', 3, PEACETIME)).toBe('2026-05-04'); // Wed, Thu, (Fri 1 May off) Mon
  });

  it('a Kyiv wall time is not midnight plus hours on a summer-time switch day', () => {
    expect(new Date(kyivAt('2026-03-29', 9)).toISOString()).toBe('2026-03-29T06:00:00.000Z'); // 09:00 EEST
    expect(new Date(kyivAt('2026-10-25', 9)).toISOString()).toBe('2026-10-25T07:00:00.000Z'); // 09:00 EET
    expect(new Date(kyivAt('2026-03-29', 23)).toISOString()).toBe('2026-03-29T20:00:00.000Z');
    expect(new Date(kyivAt('2026-10-25', 23)).toISOString()).toBe('2026-10-25T21:00:00.000Z');
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
    expect(parseClockReading({ epochMs: 5, mode: 'virtual', martialLaw: false })).toEqual({ epochMs: 5, mode: 'virtual', martialLaw: false });
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

describe('when it acts by itself (schedule.ts)', () => {
  const on = (...names: string[]) => (n: string) => names.includes(n);
  const at = (iso: string) => Date.parse(iso);
  /** when the act of an action at `performed` leaves under `switches`, as an ISO instant ('now' for at once) */
  const sends = (performed: string, switches: string[], kind: 'declaration' | 'removal' = 'declaration', calendar = MARTIAL_LAW) => {
    const t = actSendAt(at(performed), kind, on(...switches), calendar);
    return t === 0 || t === at(performed) ? 'now' : new Date(t).toISOString();
  };
  /** whether the act leaves on the Kyiv day of the action (DMS-02) */
  const sameDay = (performed: string, switches: string[], kind: 'declaration' | 'removal' = 'declaration') =>
    kyivDate(Math.max(at(performed), actSendAt(at(performed), kind, on(...switches), MARTIAL_LAW))) === kyivDate(at(performed));

  it('the correct registry sends at once', () => {
    expect(sends('2026-03-10T08:00:00.000Z', [])).toBe('now');
    expect(sends('2026-03-28T21:59:00.000Z', [], 'removal')).toBe('now');
  });

  it('late-for-removals holds removals to 09:00 of the next working day, other kinds go at once', () => {
    expect(sends('2026-03-10T08:00:00.000Z', ['late-for-removals'])).toBe('now');
    expect(sends('2026-03-10T08:00:00.000Z', ['late-for-removals'], 'removal')).toBe('2026-03-11T07:00:00.000Z'); // Wed 09:00 EET
    expect(sends('2026-03-27T13:00:00.000Z', ['late-for-removals'], 'removal')).toBe('2026-03-30T06:00:00.000Z'); // Fri -> Mon 09:00 EEST
    expect(sends('2026-04-30T07:00:00.000Z', ['late-for-removals'], 'removal')).toBe('2026-05-01T06:00:00.000Z'); // 1 May is worked
    expect(sends('2026-04-30T07:00:00.000Z', ['late-for-removals'], 'removal', PEACETIME)).toBe('2026-05-04T06:00:00.000Z');
  });

  it('weekend-on-monday holds Saturday and Sunday actions to Monday 09:00, weekday ones go at once', () => {
    expect(sends('2026-03-28T10:00:00.000Z', ['weekend-on-monday'])).toBe('2026-03-30T06:00:00.000Z'); // Sat -> Mon, summer time by then
    expect(sends('2026-03-27T21:59:00.000Z', ['weekend-on-monday'])).toBe('now'); // Fri 23:59
    expect(sends('2026-03-27T22:00:00.000Z', ['weekend-on-monday'])).toBe('2026-03-30T06:00:00.000Z'); // Sat 00:00
    expect(sends('2026-10-25T08:00:00.000Z', ['weekend-on-monday'], 'removal')).toBe('2026-10-26T07:00:00.000Z'); // Sun -> Mon 09:00 EET
    expect(sends('2026-10-26T07:00:00.000Z', ['weekend-on-monday'])).toBe('now');
  });

  it('hour-later-uncapped crosses midnight only for actions after 23:00 Kyiv; send-later-same-day never does', () => {
    expect(sends('2026-03-10T20:59:00.000Z', ['hour-later-uncapped'])).toBe('2026-03-10T21:59:00.000Z'); // 22:59 -> 23:59
    expect(sameDay('2026-03-10T20:59:00.000Z', ['hour-later-uncapped'])).toBe(true);
    expect(sameDay('2026-03-10T21:30:00.000Z', ['hour-later-uncapped'])).toBe(false); // 23:30 -> 00:30
    expect(sameDay('2026-03-29T20:30:00.000Z', ['hour-later-uncapped'])).toBe(false); // 23:30 EEST on the switch day
    expect(sameDay('2026-10-25T20:30:00.000Z', ['hour-later-uncapped'])).toBe(true); // 22:30 EET on the 25-hour day
    expect(sameDay('2026-10-25T21:30:00.000Z', ['hour-later-uncapped'])).toBe(false);
    for (const t of ['2026-03-10T21:30:00.000Z', '2026-03-29T20:30:00.000Z', '2026-10-25T21:30:00.000Z']) expect(sameDay(t, ['send-later-same-day'])).toBe(true);
  });

  it('fixed-offset-batch is end-of-day-batch in winter time and a day late in summer time', () => {
    expect(sends('2026-03-10T08:00:00.000Z', ['fixed-offset-batch'])).toBe(sends('2026-03-10T08:00:00.000Z', ['end-of-day-batch']));
    expect(sends('2026-03-10T08:00:00.000Z', ['fixed-offset-batch'])).toBe('2026-03-10T21:00:00.000Z'); // 23:00 EET
    expect(sends('2026-07-14T07:00:00.000Z', ['end-of-day-batch'])).toBe('2026-07-14T20:00:00.000Z'); // 23:00 EEST
    expect(sends('2026-07-14T07:00:00.000Z', ['fixed-offset-batch'])).toBe('2026-07-14T21:00:00.000Z'); // 00:00 of 15 July
    // the switch days: summer time by the evening of 29 March, winter time by the evening of 25 October
    expect(sameDay('2026-03-29T07:00:00.000Z', ['fixed-offset-batch'])).toBe(false);
    expect(sameDay('2026-03-29T07:00:00.000Z', ['end-of-day-batch'])).toBe(true);
    expect(sameDay('2026-10-25T07:00:00.000Z', ['fixed-offset-batch'])).toBe(true);
    expect(sameDay('2026-03-28T07:00:00.000Z', ['fixed-offset-batch'])).toBe(true);
    expect(sends('2026-03-10T21:30:00.000Z', ['fixed-offset-batch'])).toBe('now'); // after 23:00: at once, as the batch does
  });

  it('answer-last-day answers at 22:00 of the third working day on the calendar in force; peacetime-calendar always on peace time', () => {
    const answers = (received: string, switches: string[], calendar = MARTIAL_LAW) => new Date(answerAt(at(received), undefined, on(...switches), calendar)).toISOString();
    expect(answerAt(at('2026-03-06T08:00:00.000Z'), undefined, on(), MARTIAL_LAW)).toBe(0);
    // no holiday in the window: the same evening either way
    expect(answers('2026-03-10T08:00:00.000Z', ['answer-last-day'])).toBe('2026-03-13T20:00:00.000Z');
    expect(answers('2026-03-10T08:00:00.000Z', ['peacetime-calendar'])).toBe('2026-03-13T20:00:00.000Z');
    // 9 March (8 March's transfer day) in the window
    expect(answers('2026-03-06T08:00:00.000Z', ['answer-last-day'])).toBe('2026-03-11T20:00:00.000Z');
    expect(answers('2026-03-06T08:00:00.000Z', ['peacetime-calendar'])).toBe('2026-03-12T20:00:00.000Z');
    expect(answers('2026-03-06T08:00:00.000Z', ['answer-last-day'], PEACETIME)).toBe('2026-03-12T20:00:00.000Z');
    // 1 May in the window, summer time
    expect(answers('2026-04-28T07:00:00.000Z', ['answer-last-day'])).toBe('2026-05-01T19:00:00.000Z');
    expect(answers('2026-04-28T07:00:00.000Z', ['peacetime-calendar'])).toBe('2026-05-04T19:00:00.000Z');
    // across the summer-time switch: Thu 26 March -> Tue 31 March 22:00 EEST
    expect(answers('2026-03-26T08:00:00.000Z', ['answer-last-day'])).toBe('2026-03-31T19:00:00.000Z');
  });

  it('over a year, answer-last-day always answers in time and peacetime-calendar is late exactly when a day off of peace time falls in the window', () => {
    for (let day = '2026-01-01'; day < '2027-01-01'; day = addCalendarDays(day, 1)) {
      const received = kyivAt(day, 15);
      const deadline = kyivMidnight(addCalendarDays(addWorkingDays(day, 3), 1)); // the end of the term under martial law
      expect([day, answerAt(received, undefined, on('answer-last-day'), MARTIAL_LAW) < deadline]).toEqual([day, true]);
      const late = answerAt(received, undefined, on('peacetime-calendar'), MARTIAL_LAW) >= deadline;
      const window = [1, 2, 3, 4, 5, 6, 7].map((n) => addCalendarDays(day, n)).filter((d) => d <= addWorkingDays(day, 3));
      expect([day, late]).toEqual([day, window.some((d) => isWeekday(d) && !isWorkingDay(d, PEACETIME))]);
    }
  });

  it('late-verification-answer waits for 4 working days and for answerBy', () => {
    const received = at('2026-03-10T08:00:00.000Z');
    expect(answerAt(received, undefined, on('late-verification-answer'), MARTIAL_LAW)).toBe(kyivMidnight('2026-03-16'));
    expect(answerAt(received, kyivMidnight('2026-03-17'), on('late-verification-answer'), MARTIAL_LAW)).toBe(kyivMidnight('2026-03-17') + 1);
  });
});
