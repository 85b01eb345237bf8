import { describe, expect, it } from 'vitest';
import { placeholders, registeredMessages } from '../core/i18n.ts';
import { FAULT_UK, pickLang } from './messages.ts';
import { REFERENCE_FAULTS } from './reference.ts';

describe('cli messages', () => {
  it('every CLI message has both languages with the same placeholders', () => {
    const cli = [...registeredMessages()].filter(([key]) => key.startsWith('cli.'));
    expect(cli.length).toBeGreaterThan(50);
    for (const [key, text] of cli) {
      expect(text.uk.trim(), key).not.toBe('');
      expect(text.en.trim(), key).not.toBe('');
      expect([...new Set(placeholders(text.uk))], key).toEqual([...new Set(placeholders(text.en))]);
    }
  });

  it('every fault switch of every reference participant has its Ukrainian line, and nothing else does', () => {
    const keys = Object.entries(REFERENCE_FAULTS).flatMap(([name, faults]) => faults.map((f) => `${name}/${f.name}`));
    expect(Object.keys(FAULT_UK).sort()).toEqual(keys.sort());
  });

  it('picks the language from --lang, then POLIHON_LANG, then a Ukrainian locale, else English', () => {
    expect(pickLang('uk', {})).toBe('uk');
    expect(pickLang('en', { POLIHON_LANG: 'uk' })).toBe('en');
    expect(pickLang(undefined, { POLIHON_LANG: 'uk', LANG: 'en_US.UTF-8' })).toBe('uk');
    expect(pickLang(undefined, { POLIHON_LANG: 'fr', LANG: 'uk_UA.UTF-8' })).toBe('uk');
    expect(pickLang(undefined, { LC_ALL: 'uk_UA.UTF-8', LANG: 'en_US.UTF-8' })).toBe('uk');
    expect(pickLang(undefined, { LC_ALL: 'C', LANG: 'uk_UA.UTF-8' })).toBe('en');
    expect(pickLang(undefined, {})).toBe('en');
  });
});
