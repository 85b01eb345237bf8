import { describe, expect, it } from 'vitest';
import { both, defineMessages, format, msg, placeholders, pluralForm, render, t } from './i18n.ts';

describe('i18n', () => {
  const M = defineMessages('i18n-test', {
    steps: { uk: '{n} {n:крок|кроки|кроків}', en: '{n} {n:step|steps}' },
    hello: { uk: 'вітаю, {name}', en: 'hello, {name}' },
  });

  it('chooses the Ukrainian plural by the last digits', () => {
    const forms = ['крок', 'кроки', 'кроків'];
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) => pluralForm(n, 'uk', forms))).toEqual([
      'крок', 'кроки', 'кроки', 'кроків', 'кроків', 'кроків', 'кроків', 'крок', 'кроки', 'кроків', 'крок', 'кроків',
    ]);
    expect(t(M.steps, 'en', { n: 1 })).toBe('1 step');
    expect(t(M.steps, 'en', { n: 0 })).toBe('0 steps');
  });

  it('renders a carried message in either language, and an unknown key without losing it', () => {
    expect(render(msg(M.hello, { name: 'Олено' }), 'uk')).toBe('вітаю, Олено');
    expect(both(M.hello, { name: 'X' })).toEqual({ uk: 'вітаю, X', en: 'hello, X' });
    expect(render({ key: 'nowhere.x', params: { a: 1 } }, 'en')).toBe('nowhere.x {"a":1}');
  });

  it('leaves a missing parameter visible and lists placeholders', () => {
    expect(format('a {b} c', 'en', {})).toBe('a {b} c');
    expect(placeholders('{n} {n:a|b} {x}')).toEqual(['n', 'n', 'x']);
  });

  it('refuses a key defined twice', () => {
    expect(() => defineMessages('i18n-test', { hello: { uk: 'x', en: 'y' } })).toThrow(/twice/);
  });
});
