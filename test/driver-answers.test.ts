// A participant's test driver that answers something other than a JSON object: the step is `error` with E_DRIVER
// (exit 3) saying what came back — never a participant `fail`. A real HTTP server on loopback plays the driver.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolihonError } from '../core/errors.ts';
import { createDriverClient, expectDriverOk, readDriverBody } from '../conformance/driver.ts';
import { assertStep } from '../conformance/steps/assert.ts';
import type { StepContext } from '../conformance/steps/types.ts';
import { createStepContext } from '../conformance/steps/test-context.ts';

/** What the driver answers next: status, content type (none when undefined), body. */
let answer: { status: number; type?: string; body: string } = { status: 200, body: '' };
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, answer.type === undefined ? {} : { 'content-type': answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/driver`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function driverError(next: typeof answer, expectation: Parameters<typeof expectDriverOk>[2] = { object: true }): Promise<PolihonError> {
  answer = next;
  const res = await createDriverClient(base).call('GET', '/actions/R-1');
  try {
    expectDriverOk(res, 'GET /actions/R-1', expectation);
  } catch (err) {
    expect(err).toBeInstanceOf(PolihonError);
    return err as PolihonError;
  }
  throw new Error('expected a driver error');
}

describe('a driver answer that is not a JSON object', () => {
  it('is E_DRIVER (exit 3) with the status, content type and first bytes', async () => {
    const html = await driverError({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><html><body>Welcome to nginx!</body></html>' });
    expect([html.code, html.exitCode]).toEqual(['E_DRIVER', 3]);
    expect(html.message).toBe(
      `the participant's test driver answered GET /actions/R-1 with HTTP 200 (text/html; charset=utf-8) that is not JSON: "<!doctype html><html><body>Welcome to nginx!</body></html>"`,
    );
    expect(html.hint).toMatch(/anything else is a driver error, not a conformance failure/);

    const truncated = await driverError({ status: 200, type: 'application/json', body: '{"ref":"R-1","status":' });
    expect(truncated.message).toBe(`the participant's test driver answered GET /actions/R-1 with HTTP 200 (application/json) that is not JSON: "{\\"ref\\":\\"R-1\\",\\"status\\":"`);

    const plain = await driverError({ status: 200, body: 'OK' });
    expect(plain.message).toMatch(/with HTTP 200 \(.*\) that is not JSON: "OK"$/);
  });

  it('an empty body where data is needed, JSON that is not an object, and an object of the wrong shape', async () => {
    expect((await driverError({ status: 200, type: 'application/json', body: '' })).message).toBe(
      "the participant's test driver answered GET /actions/R-1 with HTTP 200 and an empty body, not JSON",
    );
    expect((await driverError({ status: 200, type: 'application/json', body: '["complete"]' })).message).toBe(
      `the participant's test driver answered GET /actions/R-1 with JSON that is not an object: "[\\"complete\\"]"`,
    );
    const shape = await driverError({ status: 200, type: 'application/json', body: '{"ref":"R-1","state":"complete"}' }, { object: true, fields: { status: 'string' } });
    expect(shape.message).toBe(`the participant's test driver answered GET /actions/R-1 with JSON whose status is not a string: "{\\"ref\\":\\"R-1\\",\\"state\\":\\"complete\\"}"`);
  });

  it('an empty 204 or 201 is fine where nothing is read', async () => {
    answer = { status: 204, body: '' };
    expect(expectDriverOk(await createDriverClient(base).call('POST', '/reset', {}), 'POST /reset').status).toBe(204);
  });
});

describe('media types in any letter case', () => {
  it('Application/JSON; Charset=UTF-8 and +json types are JSON (RFC 9110 §8.3.1, RFC 6839)', async () => {
    for (const type of ['Application/JSON; Charset=UTF-8', 'APPLICATION/JSON', 'application/vnd.polihon+json', 'application/json;charset=utf-8']) {
      answer = { status: 200, type, body: '{"ref":"R-1","status":"complete"}' };
      const res = await createDriverClient(base).call('GET', '/actions/R-1');
      expect(res.body, type).toEqual({ ref: 'R-1', status: 'complete' });
      expect(expectDriverOk(res, 'GET /actions/R-1', { object: true, fields: { status: 'string' } }).json).toBe(true);
    }
    expect(readDriverBody('{"a":1}', 'Text/HTML')).toEqual({ body: '{"a":1}', json: false });
  });
});

describe('the assert step through a real driver', () => {
  const ctx = (): StepContext => createStepContext({ covers: ['DMS-01'], driver: createDriverClient(base) });
  const action = { that: { participantAction: { ref: 'R-1', status: 'complete' } } } as never;

  it('is an error, not a fail, when the driver answers HTML', async () => {
    answer = { status: 200, type: 'text/html', body: '<html>maintenance</html>' };
    await expect(assertStep.run(action, ctx())).rejects.toMatchObject({ code: 'E_DRIVER', message: expect.stringContaining('(text/html) that is not JSON: "<html>maintenance</html>"') });
  });

  it('passes when the driver says Application/JSON in capitals', async () => {
    answer = { status: 200, type: 'Application/JSON; Charset=UTF-8', body: '{"ref":"R-1","status":"complete"}' };
    const out = await assertStep.run(action, ctx());
    expect(out.assertions.map((a) => a.outcome)).toEqual(['pass']);
  });
});
