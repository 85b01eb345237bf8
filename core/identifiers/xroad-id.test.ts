import { describe, expect, it } from 'vitest';
import {
  INSTANCE_TEST,
  MEMBERS,
  type XRoadClientId,
  type XRoadServiceId,
  checkXRoadClientId,
  checkXRoadServiceId,
  formatXRoadId,
  parseXRoadId,
  xRoadPath,
} from './xroad-id.ts';
import { isValidEdrpou } from './edrpou.ts';

const mvsSubsystem: XRoadClientId = {
  objectType: 'SUBSYSTEM',
  xRoadInstance: INSTANCE_TEST,
  memberClass: 'GOV',
  memberCode: MEMBERS.MVS,
  subsystemCode: 'MIA_prod',
};
const passportService: XRoadServiceId = {
  objectType: 'SERVICE',
  xRoadInstance: INSTANCE_TEST,
  memberClass: 'GOV',
  memberCode: MEMBERS.MVS,
  subsystemCode: 'MIA_prod',
  serviceCode: 'CheckPassportStatus',
  serviceVersion: 'v0.1',
};

describe('formatXRoadId', () => {
  it('writes clients and services in the textual form of logs and errors', () => {
    expect(formatXRoadId(mvsSubsystem)).toBe('SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod');
    expect(formatXRoadId(passportService)).toBe('SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1');
    expect(formatXRoadId({ objectType: 'MEMBER', xRoadInstance: 'SEVDEIR', memberClass: 'GOV', memberCode: MEMBERS.DIIA })).toBe(
      'MEMBER:SEVDEIR/GOV/43395033',
    );
  });

  it('gives the header form without the prefix', () => {
    expect(xRoadPath(mvsSubsystem)).toBe('SEVDEIR-TEST/GOV/00032684/MIA_prod');
  });
});

describe('parseXRoadId', () => {
  it('round-trips the prefixed forms', () => {
    for (const id of [mvsSubsystem, passportService]) {
      expect(parseXRoadId(formatXRoadId(id))).toEqual({ ok: true, id });
    }
  });

  it('infers the type from the part count when there is no prefix', () => {
    expect(parseXRoadId('SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1')).toEqual({ ok: true, id: passportService });
    expect(parseXRoadId('SEVDEIR-TEST/GOV/00032684/MIA_prod')).toEqual({ ok: true, id: mvsSubsystem });
    expect(parseXRoadId('SEVDEIR-TEST/GOV/00032684')).toEqual({
      ok: true,
      id: { objectType: 'MEMBER', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '00032684' },
    });
  });

  it('reads a five-part service as subsystem + service, and a prefixed four-part one as a member service', () => {
    const five = parseXRoadId('SEVDEIR-TEST/GOV/00000002/SUB_2/space');
    expect(five.ok && five.id).toEqual({
      objectType: 'SERVICE',
      xRoadInstance: 'SEVDEIR-TEST',
      memberClass: 'GOV',
      memberCode: '00000002',
      subsystemCode: 'SUB_2',
      serviceCode: 'space',
    });
    const four = parseXRoadId('SERVICE:EE/BUSINESS/123456789/getData');
    expect(four.ok && four.id).toEqual({
      objectType: 'SERVICE',
      xRoadInstance: 'EE',
      memberClass: 'BUSINESS',
      memberCode: '123456789',
      serviceCode: 'getData',
    });
  });

  it.each([
    ['', 'X-Road identifier is empty'],
    ['SEVDEIR-TEST/GOV', "X-Road identifier 'SEVDEIR-TEST/GOV' must have 3 to 6 '/'-separated parts, got 2"],
    ['A/B/C/D/E/F/G', "X-Road identifier 'A/B/C/D/E/F/G' must have 3 to 6 '/'-separated parts, got 7"],
    [
      'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684',
      "SUBSYSTEM identifier must be INSTANCE/CLASS/MEMBER/SUBSYSTEM, got 3 parts in 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684'",
    ],
    ['MEMBER:SEVDEIR-TEST/GOV/00032684/MIA_prod', "MEMBER identifier must be INSTANCE/CLASS/MEMBER, got 4 parts in 'MEMBER:SEVDEIR-TEST/GOV/00032684/MIA_prod'"],
    ['CLIENT:SEVDEIR-TEST/GOV/00032684', "object type 'CLIENT' is not one of MEMBER, SUBSYSTEM, SERVICE"],
    ['SEVDEIR-TEST//00032684', "part 2 of X-Road identifier 'SEVDEIR-TEST//00032684' is empty"],
    ['SEVDEIR-TEST/GOV/00032684/ MIA_prod', "part ' MIA_prod' of X-Road identifier has leading or trailing spaces"],
    ['SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA:prod', "subsystemCode 'MIA:prod' contains a character X-Road forbids (: ; / \\ % or a control)"],
  ])('rejects %j: %s', (input, reason) => {
    expect(parseXRoadId(input)).toEqual({ ok: false, reason });
  });
});

describe('checkXRoadClientId', () => {
  it('accepts the simulated members', () => {
    for (const memberCode of Object.values(MEMBERS)) {
      expect(isValidEdrpou(memberCode)).toBe(true);
      expect(checkXRoadClientId({ ...mvsSubsystem, memberCode })).toEqual({ ok: true });
    }
  });

  it.each<[Partial<XRoadClientId>, string]>([
    [{ xRoadInstance: '' }, 'xRoadInstance must not be empty'],
    [{ memberClass: ' ' }, 'memberClass must not be empty'],
    [{ memberClass: 'ДЕРЖ' }, "memberClass 'ДЕРЖ' must be a short code of Latin letters, e.g. GOV"],
    [{ memberCode: '' }, 'memberCode must not be empty'],
    [{ memberCode: '00032685' }, 'memberCode of a GOV member must be its ЄДРПОУ: check digit is 5, expected 4'],
    [{ memberCode: '32684' }, 'memberCode of a GOV member must be its ЄДРПОУ: ЄДРПОУ must be 8 digits, got 5; leading zeros must be kept'],
    [{ subsystemCode: undefined }, 'SUBSYSTEM identifier needs a subsystemCode'],
    [{ subsystemCode: 'a/b' }, "subsystemCode 'a/b' contains a character X-Road forbids (: ; / \\ % or a control)"],
    [{ objectType: 'MEMBER' }, "MEMBER identifier must not have a subsystemCode (got 'MIA_prod'); use SUBSYSTEM"],
  ])('rejects %j: %s', (change, reason) => {
    expect(checkXRoadClientId({ ...mvsSubsystem, ...change })).toEqual({ ok: false, reason });
  });

  it('lets guide examples with placeholder member codes through when asked', () => {
    const parsed = parseXRoadId('SEVDEIR-TEST/GOV/00000001/SUB_1');
    if (!parsed.ok || parsed.id.objectType === 'SERVICE') throw new Error('expected a client id');
    expect(checkXRoadClientId(parsed.id).ok).toBe(false);
    expect(checkXRoadClientId(parsed.id, { requireEdrpou: false })).toEqual({ ok: true });
  });

  it('does not apply the ЄДРПОУ rule to other member classes', () => {
    expect(checkXRoadClientId({ ...mvsSubsystem, memberClass: 'COM', memberCode: '123' })).toEqual({ ok: true });
  });
});

describe('checkXRoadServiceId', () => {
  it('accepts the МВС passport service and rejects an empty service code', () => {
    expect(checkXRoadServiceId(passportService)).toEqual({ ok: true });
    expect(checkXRoadServiceId({ ...passportService, serviceCode: '' })).toEqual({
      ok: false,
      reason: 'serviceCode must not be empty',
    });
    expect(checkXRoadServiceId({ ...passportService, memberCode: '00032685' }).ok).toBe(false);
  });
});
