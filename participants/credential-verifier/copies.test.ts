// The copy recipient's reading of a delivered copy and its refusals over HTTP: the contract's parts, located
// messages for what is wrong, and no copy from anyone but Дія. The whole flow through Дія and Трембіта is the
// self-test's (test/self-test-diia-hr.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { readCopy } from './copies.ts';
import { startVerifier, type RunningVerifier } from './server.ts';

const B = 'b0undary';
const META = { requestId: 'r-1', barcode: '4820000000008', documentTypes: ['e-credential'], data: { 'e-credential': { state: 'active' } }, purpose: 'перевірка', keepUntil: '2026-05-19T07:00:00.000Z' };
const body = (meta: unknown = META, pdf = '%PDF-1.4\n%%EOF\n') =>
  Buffer.from(
    [`--${B}`, 'Content-Disposition: form-data; name="file"; filename="e-credential.pdf"', 'Content-Type: application/pdf', '', pdf, `--${B}`, 'Content-Disposition: form-data; name="encodeData"', '', Buffer.from(JSON.stringify(meta)).toString('base64'), `--${B}--`, ''].join('\r\n'),
  );
const TYPE = `multipart/form-data; boundary=${B}`;

describe('copy-recipient: reading a copy', () => {
  it('reads the parts of the contract', () => {
    expect(readCopy(TYPE, body(), 'r-1')).toMatchObject({ requestId: 'r-1', purpose: 'перевірка', keepUntil: Date.parse(META.keepUntil), credential: { state: 'active' } });
  });

  it.each([
    ['not multipart', 'application/json', body(), 'r-1', /multipart\/form-data/],
    ['no PDF', TYPE, body(META, 'hello'), 'r-1', /as a PDF/],
    ['another request id', TYPE, body(), 'r-2', /not the X-Document-Request-Trace-Id/],
    ['no keepUntil', TYPE, body({ ...META, keepUntil: 'soon' }), 'r-1', /keepUntil/],
    ['not base64 JSON', TYPE, Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="e-credential.pdf"\r\n\r\n%PDF-\r\n--${B}\r\nContent-Disposition: form-data; name="encodeData"\r\n\r\n!!\r\n--${B}--\r\n`), 'r-1', /not base64/],
  ])('says what is wrong: %s', (_what, type, bytes, trace, message) => {
    expect(readCopy(type, bytes, trace)).toMatch(message);
  });
});

describe('copy-recipient over HTTP', () => {
  let v: RunningVerifier | undefined;
  afterEach(async () => v?.close());

  it('refuses a copy from anyone but Дія, one nobody asked for, and a body it cannot read', async () => {
    v = await startVerifier({ port: 0, log: () => undefined });
    const post = (client: string | undefined, bytes: Buffer, type = TYPE) =>
      fetch(`${v!.url}/provider/copies`, { method: 'POST', headers: { 'content-type': type, 'x-document-request-trace-id': 'r-1', ...(client ? { 'x-road-client': client } : {}) }, body: new Uint8Array(bytes) });
    const dms = await post('SEVDEIR-TEST/GOV/37508470/DMS_prod', body());
    expect([dms.status, await dms.json()]).toMatchObject([403, { success: false, code: 'client-not-allowed' }]);
    expect((await post(undefined, body())).status).toBe(403);
    const unasked = await post('SEVDEIR-TEST/GOV/43395033/DIIA_prod', body());
    expect([unasked.status, await unasked.json()]).toMatchObject([409, { success: false, code: 'unknown-request' }]);
    expect((await post('SEVDEIR-TEST/GOV/43395033/DIIA_prod', Buffer.from('junk'), 'text/plain')).status).toBe(400);
    expect(await (await fetch(`${v.url}/driver/copies`)).json()).toEqual({ copies: [] });
    expect(await (await fetch(`${v.url}/driver/wake?now=2026-05-12T07:00:00Z`)).json()).toEqual({ busy: false, nextWake: null });
    const bad = await fetch(`${v.url}/driver/copy-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '123', purpose: 'x', keepDays: 1 }) });
    expect(bad.status).toBe(422);
  });
});
