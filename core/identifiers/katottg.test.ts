import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { KATOTTG_OBLAST_CODES, checkKatottg, generateHromadaKatottg, isValidKatottg } from './katottg.ts';

describe('checkKatottg', () => {
  it('splits the real Бужанська hromada code into its levels', () => {
    expect(checkKatottg('UA71020010000037786')).toEqual({
      ok: true,
      oblast: '71',
      raion: '02',
      hromada: '001',
      settlement: '000',
      cityDistrict: '00',
      objectId: '37786',
      level: 'hromada',
    });
  });

  it.each([
    ['UA71020000000057292', 'raion'], // Звенигородський р-н
    ['UA80000000000093317', 'oblast'], // Київ, a first-level city
    ['UA46060250010015970', 'settlement'], // Львів
    ['UA32000000010085013', 'settlement'], // Прип'ять, straight under the oblast
  ])('accepts %s at level %s', (code, level) => {
    const result = checkKatottg(code);
    expect(result.ok && result.level).toBe(level);
  });

  it.each([
    ['71020010000037786', "КАТОТТГ code must start with 'UA', got '71'"],
    ['ua71020010000037786', "КАТОТТГ code must start with 'UA' (capital Latin letters), got 'ua'"],
    ['UA7102001000003778', "КАТОТТГ code must have 17 digits after 'UA', got 16"],
    ['UA710200100000377860', "КАТОТТГ code must have 17 digits after 'UA', got 18"],
    ['UA7102001000003778X', "КАТОТТГ code 'UA7102001000003778X' must be 'UA' followed by digits only"],
    ['UA99020010000037786', 'oblast code 99 is not a first-level КАТОТТГ code (one of 01 05 07 12 14 18 21 23 26 32 35 44 46 48 51 53 56 59 61 63 65 68 71 73 74 80 85)'],
    ['UA02020010000037786', 'oblast code 02 is not a first-level КАТОТТГ code (one of 01 05 07 12 14 18 21 23 26 32 35 44 46 48 51 53 56 59 61 63 65 68 71 73 74 80 85)'],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkKatottg(input)).toEqual({ ok: false, reason });
    expect(isValidKatottg(input)).toBe(false);
  });
});

describe('generateHromadaKatottg', () => {
  it('produces 500 valid hromada-level codes across the oblasts', () => {
    const rng = createRng(31);
    const oblasts = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = generateHromadaKatottg(rng);
      const result = checkKatottg(code);
      expect(result.ok, code).toBe(true);
      if (!result.ok) continue;
      oblasts.add(result.oblast);
      if (result.oblast === '80' || result.oblast === '85') {
        expect(result.level).toBe('oblast');
      } else {
        expect(result.level).toBe('hromada');
        expect(Number(result.raion) % 2).toBe(0);
        expect(Number(result.hromada) % 2).toBe(1);
      }
    }
    expect(oblasts.size).toBe(KATOTTG_OBLAST_CODES.length);
  });

  it('stays in the requested oblast, and gives Київ its own city code', () => {
    const rng = createRng(8);
    for (let i = 0; i < 50; i++) expect(generateHromadaKatottg(rng, { oblast: '46' })).toMatch(/^UA46\d{15}$/);
    expect(generateHromadaKatottg(rng, { oblast: '80' })).toBe('UA80000000000093317');
  });

  it('breaks when the oblast code of a generated code is altered to a non-existent one', () => {
    const code = generateHromadaKatottg(createRng(2), { oblast: '05' });
    expect(checkKatottg(code.replace(/^UA05/, 'UA06')).ok).toBe(false);
  });
});
