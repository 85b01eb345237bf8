// The phone's pages as HTML: the ten fields, every value escaped, the code in three forms, the countdown from the
// virtual clock, the refresh form, and nothing loaded from anywhere.
import { describe, expect, it } from 'vitest';
import { groupEan13 } from './ean13.ts';
import { formatCountdown, formatDate, renderCameraPage, renderNotFoundPage, renderPhonePage, renderRefreshFailedPage, secondsLeft } from './page.ts';
import { qrSvg } from './qr.ts';
import { sampleView, T0 } from './test-support.ts';

const at = (msAfterGeneration: number) => T0 + msAfterGeneration;
const countdownText = (html: string) => /<p class="countdown"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

/** Every URL the page would load or go to: src, href, action, CSS url(), @import. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action)="([^"]*)"|url\(([^)]*)\)|@import\s+([^;]+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

describe('the е-Посвідчення page', () => {
  const view = sampleView();
  const html = renderPhonePage({ ...view, now: at(1_000) });

  it('is a Ukrainian page showing the ten things, dates as the app writes them', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="uk">/);
    for (const label of ['Статус', 'Прізвище, ім’я, по батькові', 'Посада', 'Дата видачі', 'Серія та номер', 'Орган, що видав', 'Дійсне до', 'Контакти']) {
      expect(html).toContain(`<dt>${label}</dt>`);
    }
    expect(html).toContain('<h1 id="doc-title">Службове посвідчення</h1>');
    expect(html).toContain('<span class="state">Дійсне</span>');
    expect(html).toContain('Дмитренко Мар&#39;яна Олегівна');
    expect(html).toContain('головний спеціаліст відділу документообігу');
    expect(html).toContain('<time datetime="2024-05-17">17.05.2024</time>');
    expect(html).toContain('АБ 123456');
    expect(html).toContain('Державна міграційна служба України');
    expect(html).toContain('<time datetime="2029-05-16">16.05.2029</time>');
    expect(html).toContain('+380441234567');
    expect(html).toContain('m.dmytrenko@example.gov.ua');
    expect(html).toContain(`<img src="${view.credential.photo}" alt="Фото: Дмитренко Мар&#39;яна Олегівна"`);
  });

  it('leaves the expiry date out when the credential has none, and says when there are no contacts', () => {
    const { expiryDate: _, ...rest } = view.credential;
    const page = renderPhonePage({ ...view, credential: { ...rest, contacts: {} }, now: at(0) });
    expect(page).not.toContain('Дійсне до');
    expect(page).toContain('<dt>Контакти</dt><dd>немає</dd>');
  });

  it('shows the link as a QR code, the barcode as EAN-13, the digits grouped for reading, and the QR/Штрихкод toggle', () => {
    expect(html).toContain(qrSvg(view.qrCode, { size: 240, label: 'QR-код для перевірки е-Посвідчення', className: 'qr-code' }));
    expect(html).toContain(`data-code="${view.barcode}"`);
    expect(html).toContain(`<span class="sr">Цифровий код: </span>${groupEan13(view.barcode)}</p>`);
    expect(groupEan13(view.barcode)).toMatch(/^4 820000 12345\d$/);
    expect(html).toContain('<input type="radio" name="show" id="show-qr" value="qr" checked><label for="show-qr">QR-код</label>');
    expect(html).toContain('<label for="show-barcode">Штрихкод</label>');
    expect(html).toContain('<legend>Показати код як</legend>');
  });

  it.each([
    [0, '3:00', 180],
    [1_000, '2:59', 179],
    [999, '2:59', 179],
    [1_001, '2:58', 178],
    [61_000, '1:59', 119],
    [179_000, '0:01', 1],
  ])('counts down on the virtual clock, rounding the seconds left down: %i ms after generation shows %s', (after, text, seconds) => {
    const page = renderPhonePage({ ...view, now: at(after) });
    expect(countdownText(page)).toBe(`Код діятиме ще ${text}`);
    expect(page).toContain(`data-seconds="${seconds}"`);
    expect(page).not.toContain('class="card expired"');
  });

  it('at 3:00 and after says the code is no longer valid, marks it expired and offers the refresh', () => {
    for (const after of [180_000, 181_000, 3_600_000]) {
      const page = renderPhonePage({ ...view, now: at(after) });
      expect(countdownText(page)).toBe('Код більше не дійсний');
      expect(page).toContain('data-seconds="0"');
      expect(page).toContain('class="card expired"');
      expect(page).toContain('<form method="post" action="/phone/p-1/refresh"><button type="submit" id="refresh">Оновити код</button></form>');
    }
  });

  it('gives the script its texts in data attributes, not in code, and names the expiry instant', () => {
    expect(html).toContain('data-text-live="Код діятиме ще {time}"');
    expect(html).toContain('data-text-expired="Код більше не дійсний"');
    expect(html).toContain(`data-expires-at="${new Date(view.expiresAt).toISOString()}"`);
  });

  it('escapes every value, in text and in attributes', () => {
    const nasty = `<img src=x onerror="alert(1)">'&`;
    const page = renderPhonePage({
      ...view,
      presentationId: `"><script>`,
      credential: {
        ...view.credential,
        state: nasty,
        title: nasty,
        fullName: nasty,
        position: nasty,
        issueDate: nasty,
        seriesNumber: nasty,
        issuingBody: nasty,
        photo: `data:image/png;base64,"onload="x`,
        expiryDate: nasty,
        contacts: { phone: nasty, email: nasty },
      },
      now: at(0),
    });
    expect(page).not.toContain(nasty);
    expect(page).not.toContain('<script>"');
    expect(page).not.toMatch(/<img src=x/);
    expect(page).not.toContain('"onload="');
    expect(page).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#39;&#38;');
    expect(page).toContain('action="/phone/%22%3E%3Cscript%3E/refresh"');
    // the one script is ours
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('loads nothing from anywhere: no external URL, a data: photo only', () => {
    expect(references(html).filter((u) => !u.startsWith('data:image/') && !u.startsWith('/phone/'))).toEqual([]);
    expect(html).not.toMatch(/<link\b|<iframe\b|<object\b|<embed\b|<script src/);
    const remote = renderPhonePage({ ...view, credential: { ...view.credential, photo: 'https://example.com/face.jpg' }, now: at(0) });
    expect(remote).not.toContain('example.com');
    expect(remote).toContain('Фото відсутнє');
  });

  it('has English labels for readers', () => {
    const en = renderPhonePage({ ...view, now: at(1_000) }, 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<dt>Full name</dt>');
    expect(countdownText(en)).toBe('The code stays valid for 2:59');
    expect(en).toContain('action="/phone/p-1/refresh?lang=en"');
  });
});

describe('the camera page', () => {
  it('is 640×480, white, with only the QR code of the link, about 400 px in whole pixels per module, and no text', () => {
    const view = sampleView();
    const html = renderCameraPage(view);
    expect(html).toContain('width:640px;height:480px');
    expect(html).toContain('background:#fff');
    const size = Number(/<svg[^>]* width="(\d+)"/.exec(html)?.[1]);
    const modules = Number(/viewBox="0 0 (\d+) /.exec(html)?.[1]);
    expect(size).toBeGreaterThan(360);
    expect(size).toBeLessThanOrEqual(400);
    expect(size % modules).toBe(0);
    const body = /<body>(.*)<\/body>/s.exec(html)?.[1] ?? '';
    expect(body.replace(/<[^>]+>/g, '')).toBe('');
    expect(references(html)).toEqual([]);
  });
});

describe('the refusals', () => {
  it('a presentation Дія does not have: a Ukrainian page naming the id, escaped', () => {
    const html = renderNotFoundPage(`x'<y`);
    expect(html).toContain('<h1>Документ не знайдено</h1>');
    expect(html).toContain('Пред’явлення «x&#39;&#60;y» немає в Дії.');
  });

  it('a refused refresh: the reason in Ukrainian, the code, and the way back', () => {
    const html = renderRefreshFailedPage('p-1', { code: 'credential-revoked', status: 422 });
    expect(html).toContain('Службове посвідчення відкликано.');
    expect(html).toContain('Код відмови: credential-revoked');
    expect(html).toContain('<a href="/phone/p-1">Повернутися до документа</a>');
    expect(renderRefreshFailedPage('p-1', { code: 'something-new', status: 500 })).toContain('Дія відмовила.');
  });
});

describe('helpers', () => {
  it('rounds the seconds left down and never below zero', () => {
    expect(secondsLeft({ expiresAt: 10_000 }, 0)).toBe(10);
    expect(secondsLeft({ expiresAt: 10_000 }, 1)).toBe(9);
    expect(secondsLeft({ expiresAt: 10_000 }, 10_000)).toBe(0);
    expect(secondsLeft({ expiresAt: 10_000 }, 99_000)).toBe(0);
    expect(formatCountdown(179)).toBe('2:59');
    expect(formatCountdown(60)).toBe('1:00');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatDate('2024-05-17')).toBe('17.05.2024');
    expect(formatDate('someday')).toBe('someday');
  });
});
