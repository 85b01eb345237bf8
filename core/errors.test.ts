// Errors carry catalog messages where reports show them, and every code has a title in both languages.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PolihonError, toPolihonError } from './errors.ts';
import { defineMessages, msg } from './i18n.ts';

const M = defineMessages('errors-test', {
  gone: { uk: 'файлу {file} немає', en: '{file} does not exist' },
  fix: { uk: 'дайте інший файл', en: 'give another file' },
});

describe('PolihonError', () => {
  it('keeps English in message and hint, and carries the catalog message for reports', () => {
    const e = new PolihonError('E_FILE_NOT_FOUND', msg(M.gone, { file: 'a.yaml' }), { hint: msg(M.fix), where: 'a.yaml' });
    expect([e.message, e.hint]).toEqual(['a.yaml does not exist', 'give another file']);
    expect(e.msg).toEqual({ key: 'errors-test.gone', params: { file: 'a.yaml' } });
    expect(e.messageIn('uk')).toBe('файлу a.yaml немає');
    expect(e.format('uk')).toBe('E_FILE_NOT_FOUND a.yaml: файлу a.yaml немає\n  підказка: дайте інший файл');
    expect(e.format()).toBe('E_FILE_NOT_FOUND a.yaml: a.yaml does not exist\n  hint: give another file');
  });

  it('takes plain text as before', () => {
    const e = new PolihonError('E_USAGE', 'bad flag', { hint: 'see --help' });
    expect([e.msg, e.messageIn('uk'), e.hintIn('uk')]).toEqual([undefined, 'bad flag', 'see --help']);
  });

  it('says in both languages that an unexpected error is polihon’s', () => {
    const e = toPolihonError(new Error('boom'));
    expect(e.hint).toMatch(/bug in polihon/);
    expect(e.hintIn('uk')).toMatch(/вада polihon/);
  });
});

describe('ERROR_CODES', () => {
  it('has a Ukrainian and an English title for every code, the English one also as `title`', () => {
    for (const [code, def] of Object.entries(ERROR_CODES)) {
      expect(def.titles.uk, code).toMatch(/[а-яіїєґ]/i);
      expect(def.title, code).toBe(def.titles.en);
    }
  });
});
