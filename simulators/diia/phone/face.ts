// The phone face of the Дія simulator: the person's device showing the е-Посвідчення. Its routes are pages for a
// person (or a browser test), not a service on Трембіта, so they are not journalled; the Дія app mounts them with
// its state behind `PhoneDeps`:
//
//   mountPhone(app, { view: (id) => …PhoneView | undefined, refresh: (id) => ({ presentationId }) | ({ problem }), now: () => ctx.clock.now() })
//
//   GET  /phone/:id          the е-Посвідчення screen (Ukrainian; ?lang=en for English labels)
//   GET  /phone/:id/camera   640×480, the QR code alone, for a browser's fake camera
//   POST /phone/:id/refresh  a new code for the same credential → 303 to /phone/<new id>
//   an unknown id            404, a Ukrainian HTML page
import type { Context, Hono } from 'hono';
import type { Lang } from '../../../core/i18n.ts';
import { renderCameraPage, renderNotFoundPage, renderPhonePage, renderRefreshFailedPage } from './page.ts';
import type { PhoneDeps } from './view.ts';

export type { PhoneCredential, PhoneDeps, PhoneProblem, PhoneView } from './view.ts';
export { renderCameraPage, renderPhonePage } from './page.ts';

// The pages load nothing from anywhere (data: images, inline style and script only); the policy makes a slip fail
// loudly in a browser instead of quietly fetching, and the code must never be cached past its minutes.
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
} as const;

const html = (body: string, status = 200, extra: Record<string, string> = {}) => new Response(body, { status, headers: { ...HEADERS, ...extra } });

const langOf = (c: Context): Lang => (c.req.query('lang') === 'en' ? 'en' : 'uk');

/** Mounts the phone's three routes on the Дія simulator's app. */
export function mountPhone(app: Hono, deps: PhoneDeps): void {
  app.get('/phone/:id', (c) => {
    const id = c.req.param('id');
    const lang = langOf(c);
    const view = deps.view(id);
    if (!view) return html(renderNotFoundPage(id, lang), 404);
    return html(renderPhonePage({ ...view, now: deps.now() }, lang));
  });

  app.get('/phone/:id/camera', (c) => {
    const id = c.req.param('id');
    const view = deps.view(id);
    if (!view) return html(renderNotFoundPage(id, langOf(c)), 404);
    return html(renderCameraPage(view));
  });

  app.post('/phone/:id/refresh', (c) => {
    const id = c.req.param('id');
    const lang = langOf(c);
    if (!deps.view(id)) return html(renderNotFoundPage(id, lang), 404);
    const out = deps.refresh(id);
    if ('problem' in out) {
      const status = out.problem.status >= 400 && out.problem.status <= 599 ? out.problem.status : 422;
      return html(renderRefreshFailedPage(id, out.problem, lang), status);
    }
    const location = `/phone/${encodeURIComponent(out.presentationId)}${lang === 'en' ? '?lang=en' : ''}`;
    return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
  });
}
