import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { checkJournal, createJournal } from '../../core/journal.ts';
import { maskDigits, maskJournalEntry, maskName, maskText, maskValue } from './mask.ts';

describe('maskText', () => {
  it.each([
    // РНОКПП: 10-digit runs keep 2 + 2
    ['РНОКПП 1759013776 у тексті', 'РНОКПП 17******76 у тексті'],
    ['{"rnokpp":"1759013776"}', '{"rnokpp":"17******76"}'],
    ['{"rnokpp": 1759013776}', '{"rnokpp": 17******76}'],
    ['<xrd:userId>UA1759013776</xrd:userId>', '<xrd:userId>UA17******76</xrd:userId>'],
    // УНЗР anywhere in dashed form, bare 13 digits only in a field that says so
    ['УНЗР 19900101-00018.', 'УНЗР 19******-***18.'],
    ['{"unzr":"1990010100018"}', '{"unzr":"19*********18"}'],
    // ID card: 9 digits in a document-like field; booklet passports keep the series
    ['{"documentNumber":"004123456"}', '{"documentNumber":"00*****56"}'],
    ['{"passportNumber": 123456789}', '{"passportNumber": "12*****89"}'],
    ['<ns2:docNumber>004123456</ns2:docNumber>', '<ns2:docNumber>00*****56</ns2:docNumber>'],
    ['{"passport":"АА123456"}', '{"passport":"АА****56"}'],
    // phones in the usual spellings
    ['тел. +380671234567', 'тел. +380*******67'],
    ['tel (044) 123-45-67 ok', 'tel (0**) ***-**-67 ok'],
    ['+38 (067) 123 45 67', '+38 (0**) *** ** 67'],
    ['{"phone":"671234567"}', '{"phone":"*******67"}'],
    // e-mails keep the first letter and the domain
    ['пишіть на ivan.petrenko@example.gov.ua', 'пишіть на i***@example.gov.ua'],
    // names by field, first letter of each part
    ['{"lastName":"Шевченко","firstName":"Тарас","patronymic":"Григорович"}', '{"lastName":"Ш***","firstName":"Т***","patronymic":"Г***"}'],
    ['{"fullName": "Коваленко-Шевчук Олена Петрівна"}', '{"fullName": "К***-Ш*** О*** П***"}'],
    ['<p:last_name xml:lang="uk">Мар’яненко</p:last_name>', '<p:last_name xml:lang="uk">М***</p:last_name>'],
  ])('%s', (input, output) => {
    expect(maskText(input)).toBe(output);
  });

  it.each([
    // things that look numeric but are not personal stay as they are
    ['sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['messageId 6f1c2a8e-1234-4b5c-9d0e-123456789012'],
    ['2026-01-05T09:00:00.000Z'],
    ['virtualMs 1767600000000'],
    ['{"serviceCode":"CheckPassportStatus","name":"ДМС"}'],
    ['{"actNumber":"A-17"}'],
    ['{"documentNumber":"12345678"}'],
  ])('leaves %s alone', (input) => {
    expect(maskText(input)).toBe(input);
  });

  it('is idempotent', () => {
    const text =
      '{"lastName":"Шевченко","rnokpp":"1759013776","unzr":"19900101-00018","documentNumber":"004123456","phone":"+380671234567","email":"t.shevchenko@example.com"}';
    const once = maskText(text);
    expect(maskText(once)).toBe(once);
    expect(once).not.toMatch(/\d{5}/);
    expect(once).not.toContain('Шевченко');
  });

  it('keeps masked JSON parseable when the values were strings', () => {
    const body = JSON.stringify({ person: { lastName: 'Бондар', rnokpp: '1759013776', contacts: ['bondar@example.com'] } }, null, 2);
    expect(JSON.parse(maskText(body))).toEqual({ person: { lastName: 'Б***', rnokpp: '17******76', contacts: ['b***@example.com'] } });
  });
});

describe('maskValue', () => {
  it('masks by key, recursively, and copies', () => {
    const value = { person: { lastName: 'Шевченко', rnokpp: 1759013776, ids: ['19900101-00018'] }, count: 3, ok: true, none: null };
    const masked = maskValue(value);
    expect(masked).toEqual({ person: { lastName: 'Ш***', rnokpp: '17******76', ids: ['19******-***18'] }, count: 3, ok: true, none: null });
    expect(value.person.lastName).toBe('Шевченко');
  });

  it('masks arrays under a name key element by element', () => {
    expect(maskValue({ surname: ['Іваненко', 'Петренко'] })).toEqual({ surname: ['І***', 'П***'] });
  });

  it('masks a bare string as text', () => {
    expect(maskValue('act for 1759013776')).toBe('act for 17******76');
    expect(maskValue(42)).toBe(42);
  });
});

describe('helpers', () => {
  it('maskDigits keeps separators', () => {
    expect(maskDigits('19900101-00018', 2, 2)).toBe('19******-***18');
    expect(maskDigits('12', 2, 2)).toBe('12');
  });
  it('maskName keeps apostrophes inside a word', () => {
    expect(maskName("Об'єднана Мар’яна")).toBe('О*** М***');
  });
});

describe('maskJournalEntry', () => {
  const journal = () => createJournal({ clock: createVirtualClock(Date.UTC(2026, 0, 5, 9)), wallTime: () => 0, salt: () => 'ab'.repeat(16) });
  // an entry is sealed after the turn it was appended in; reading it back seals it now
  const appended = (input: Parameters<ReturnType<typeof journal>['append']>[0]) => {
    const j = journal();
    return j.get(j.append(input).seq)!;
  };
  const request = { kind: 'request', channel: 'direct', from: 'participant', to: 'dms', service: 'dms.act.submit' } as const;

  it('masks body, path and data, commits to each hidden piece, and keeps the hash', () => {
    const e = appended({ ...request, path: '/dms/v1/persons?lastName=Шевченко&page=2', body: '{"rnokpp":"1759013776"}', data: { lastName: 'Шевченко' } });
    const out = maskJournalEntry(e);
    expect(out.body).toBe('{"rnokpp":"17******76"}');
    expect(out.path).toBe('/dms/v1/persons?lastName=%D0%A8***&page=2');
    expect(out.data).toEqual({ lastName: 'Ш***' });
    expect(out.hash).toBe(e.hash);
    expect(out.bodySha256).toBe(e.bodySha256);
    expect(out).not.toHaveProperty('salt');
    expect(Object.keys(out.commitments)).toEqual(['body', 'path', 'data']);
    expect(out.commitments.body).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(out)).not.toContain('1759013776');
    expect(checkJournal([out])).toMatchObject({ hashesVerified: 1, bodiesVerified: 0 });
    expect(maskJournalEntry(out)).toBe(out);
  });

  it('commits to nothing when there is nothing to hide, and the body still re-hashes', () => {
    const out = maskJournalEntry(appended({ ...request, body: '{"ok":true}' }));
    expect(out.body).toBe('{"ok":true}');
    expect(out.commitments).toEqual({});
    expect(checkJournal([out])).toMatchObject({ hashesVerified: 1, bodiesVerified: 1 });
  });
});
