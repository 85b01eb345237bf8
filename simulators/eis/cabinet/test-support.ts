// Test support for the Cabinet's tests: a person at a browser over a ЄІС МВС simulator's handle — a cookie jar, forms
// posted as a browser posts them, the one-time code asked of the harness. Not used by the simulator itself.
import { CLIENT_CERT_HEADERS, type PemPair } from '../../../core/pki.ts';
import { BASE, type eisWorld } from '../test-support.ts';

type World = Awaited<ReturnType<typeof eisWorld>>;

export interface Visit {
  status: number;
  headers: Headers;
  text: string;
}

/** The headers the transport sets for a certificate presented over mTLS (in-process, the test stands in for it). */
export function presented(pair: PemPair, status: 'verified' | 'unverified' = 'verified'): Record<string, string> {
  return { [CLIENT_CERT_HEADERS.status]: status, [CLIENT_CERT_HEADERS.pem]: encodeURIComponent(pair.certPem) };
}

export function visitor(w: World) {
  let cookie: string | undefined;
  const go = async (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Visit> => {
    const res = await w.eis.handle(
      new Request(`${BASE}${path}`, { method, ...(init.body === undefined ? {} : { body: init.body }), headers: { ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } }),
    );
    const set = res.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      cookie = /Max-Age=0/.test(set) ? undefined : pair;
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  /** The form token of the last page that had one. */
  let csrf = '';
  const keep = (v: Visit) => {
    const m = /name="csrf" value="([^"]+)"/.exec(v.text);
    if (m) csrf = m[1]!;
    return v;
  };
  return {
    get: async (path: string, headers: Record<string, string> = {}) => keep(await go('GET', path, { headers })),
    /** a form as application/x-www-form-urlencoded, with the page's form token unless given */
    post: async (path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      keep(await go('POST', path, { body: new URLSearchParams({ csrf, ...fields }), headers })),
    /** a form as multipart/form-data with the document as a file */
    upload: async (path: string, document: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('csrf', csrf);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      form.set('document', new Blob([document], { type: 'application/json' }), 'application.json');
      return keep(await go('POST', path, { body: form }));
    },
    /** asks the harness for a code, then types it on the login page */
    async login(who: { user?: string; participant?: string }) {
      const res = await w.call('POST', '/__polihon/cabinet/login', who);
      if (res.status !== 200) throw new Error(`cabinet-login: ${res.status} ${JSON.stringify(res.body)}`);
      return keep(await go('POST', '/cabinet/login', { body: new URLSearchParams({ code: res.body.code as string }) }));
    },
    get cookie() {
      return cookie;
    },
    set cookie(v: string | undefined) {
      cookie = v;
    },
    get csrf() {
      return csrf;
    },
  };
}
