// The phone's routes on a real hono app, with the Дія state played by test-support's in-memory presentations.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { mountPhone } from './face.ts';
import { memoryPhone, sampleView, T0 } from './test-support.ts';

function phone(refuse?: { code: string; status: number }) {
  const clock = { now: T0 + 1_000 };
  const deps = memoryPhone(sampleView(), clock, refuse);
  const app = new Hono();
  mountPhone(app, deps);
  return { app, clock, deps };
}

describe('the phone face', () => {
  it('GET /phone/:id shows the presentation at the virtual time, never cached, loading nothing', async () => {
    const { app, clock } = phone();
    const res = await app.request('/phone/p-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('Код діятиме ще 2:59');
    clock.now = T0 + 181_000;
    expect(await (await app.request('/phone/p-1')).text()).toContain('Код більше не дійсний');
    expect(await (await app.request('/phone/p-1?lang=en')).text()).toContain('The code is no longer valid');
  });

  it('GET /phone/:id/camera shows the QR code alone', async () => {
    const { app } = phone();
    const res = await app.request('/phone/p-1/camera');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('width:640px;height:480px');
    expect(html.match(/<svg/g)).toHaveLength(1);
  });

  it('POST /phone/:id/refresh makes a new code and answers 303 to its page; the old page stays', async () => {
    const { app, clock, deps } = phone();
    clock.now = T0 + 200_000;
    const res = await app.request('/phone/p-1/refresh', { method: 'POST' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/phone/p-2');
    const next = await (await app.request('/phone/p-2')).text();
    expect(next).toContain('Код діятиме ще 3:00');
    expect(next).toContain(`data-code="${deps.views.get('p-2')!.barcode}"`);
    expect((await app.request('/phone/p-1')).status).toBe(200);
    const en = await app.request('/phone/p-2/refresh?lang=en', { method: 'POST' });
    expect(en.headers.get('location')).toBe('/phone/p-3?lang=en');
  });

  it('a refused refresh is a Ukrainian page with the refusal status', async () => {
    const { app } = phone({ code: 'hr-unavailable', status: 422 });
    const res = await app.request('/phone/p-1/refresh', { method: 'POST' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Кадрова система недоступна, спробуйте пізніше.');
  });

  it.each([
    ['GET', '/phone/nope'],
    ['GET', '/phone/nope/camera'],
    ['POST', '/phone/nope/refresh'],
    ['GET', `/phone/${encodeURIComponent("Ім'я<b>")}`],
  ])('%s %s for an unknown presentation: 404, a Ukrainian page', async (method, path) => {
    const { app } = phone();
    const res = await app.request(path, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<h1>Документ не знайдено</h1>');
    expect(html).not.toContain('<b>');
  });
});
