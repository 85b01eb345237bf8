// The reference hromada registry against the fake ДМС behind the fake Трембіта of fake-dms.ts: same-day sending,
// confirmation handling, safe retries, verification answers, the route through Трембіта with its X-Road identity, the
// journal's hashes, bad input, wake-ups, and the faults that show only sometimes. That each fault switch breaks
// exactly the rule faults.ts maps it to is fault-matrix.test.ts.
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on arbitrary JSON bodies */
import { afterEach, describe, expect, it } from 'vitest';
import { A0, A1, A2, DAY, DMS_CLIENT, P1, P2, P3, REGISTRY_CLIENT, disposeAll, onCleanup, setup, sha, sleep, waitFor } from './fake-dms.ts';
import { isValidEdrpou } from './identifiers.ts';
import { startRegistry } from './server.ts';
import { kyivDate, kyivMidnight } from './time.ts';

afterEach(disposeAll);

describe('acts to ДМС', () => {
  it('sends the act at once, stamped with the simulator clock and the registry identity, and completes on 201', async () => {
    const { fake, act, status } = await setup();
    fake.set(Date.parse('2026-03-10T21:59:00.000Z')); // 23:59 Kyiv: the last minute of the day still counts
    const ref = await act({ kind: 'declaration', person: P1, address: A1, firstEntry: false });
    const post = await waitFor(() => fake.actPosts()[0], 'the act');
    expect(post.body).toEqual({
      actId: expect.stringMatching(/^RTG-[0-9a-f]{6}-\d{6}$/),
      kind: 'declaration',
      performedAt: '2026-03-10T21:59:00.000Z',
      registrationBody: { edrpou: '04054866', katottg: 'UA80000000000093317', name: expect.any(String) },
      person: P1,
      address: A1,
      firstEntry: false,
    });
    expect(isValidEdrpou(post.body.registrationBody.edrpou)).toBe(true);
    expect(kyivDate(post.simTime)).toBe(kyivDate(Date.parse(post.body.performedAt)));
    const s = await waitFor(async () => {
      const v = await status(ref);
      return v.status === 'complete' && v;
    }, 'complete');
    expect(s).toMatchObject({ ref, kind: 'declaration', actId: post.body.actId, dmsActId: `DMS-${post.body.actId}` });
    expect(s.confirmation).toMatchObject({ id: 'CONF-1', kind: 'entry' });
  });

  it('with the confirmation withheld the action is `sent`, and `complete` once ДМС confirms', async () => {
    const { fake, act, status } = await setup({ fake: { withhold: () => true } });
    const ref = await act({ kind: 'registration', person: P2, address: A2 });
    await waitFor(async () => (await status(ref)).status === 'sent', 'sent');
    await sleep(60);
    expect((await status(ref)).status).toBe('sent');
    fake.confirm(fake.actPosts()[0]!.body.actId);
    const s = await waitFor(async () => {
      const v = await status(ref);
      return v.status === 'complete' && v;
    }, 'complete after confirmation');
    expect(s.confirmation.id).toBe('CONF-1');
  });

  it('reports confirmation-missing when the day ends unconfirmed, keeps asking, and completes on a late confirmation', async () => {
    const { fake, act, status } = await setup({ fake: { withhold: () => true } });
    const ref = await act({ kind: 'removal', person: P1 });
    await waitFor(async () => (await status(ref)).status === 'sent', 'sent');
    fake.advance(13 * 3600_000); // still Tuesday in Kyiv (23:00)
    await sleep(80);
    expect((await status(ref)).status).toBe('sent');
    fake.advance(2 * 3600_000); // Wednesday 01:00
    await waitFor(async () => (await status(ref)).status === 'confirmation-missing', 'confirmation-missing');
    fake.confirm(fake.actPosts()[0]!.body.actId);
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete after a late confirmation');
  });

  it('retries a 503 with the same actId and the very same bytes', async () => {
    const { fake, act, status } = await setup();
    fake.failNext(3);
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete after retries');
    const posts = fake.actPosts();
    expect(posts.map((p) => p.status)).toEqual([503, 503, 503, 201]);
    expect(new Set(posts.map((p) => p.raw.toString('utf8'))).size).toBe(1);
  });

  it('marks an act ДМС refuses `rejected` and keeps the problem', async () => {
    const { act, status } = await setup();
    const ref = await act({ kind: 'declaration', person: { ...P1, rnokpp: '1759013770' }, address: A1 });
    const s = await waitFor(async () => {
      const v = await status(ref);
      return v.status === 'rejected' && v;
    }, 'rejected');
    expect(s.problem).toMatchObject({ code: 'invalid-act', errors: [{ field: 'person.rnokpp' }] });
  });

  it('sends a cancellation with cancelsActId of the action it cancels, after that act is through', async () => {
    const { fake, act, status } = await setup();
    fake.failNext(2); // the declaration needs retries; the cancellation must not overtake it
    const decl = await act({ kind: 'declaration', person: P2, address: A2 });
    const canc = await act({ kind: 'cancellation', person: P2, cancels: decl });
    await waitFor(async () => (await status(canc)).status === 'complete', 'cancellation complete');
    const accepted = fake.actPosts().filter((p) => p.status < 300);
    expect(accepted.map((p) => p.body.kind)).toEqual(['declaration', 'cancellation']);
    expect(accepted[1]!.body.cancelsActId).toBe(accepted[0]!.body.actId);
    expect((await status(decl)).status).toBe('complete');
  });

  it('cancel-wrong-act names the person’s most recent other act, one ДМС takes as a valid cancellation', async () => {
    const { fake, act, status } = await setup({ faults: ['cancel-wrong-act'] });
    const stay = await act({ kind: 'registration', person: P2, address: A1 });
    const decl = await act({ kind: 'declaration', person: P2, address: A2 });
    await act({ kind: 'declaration', person: P1, address: A0 });
    const canc = await act({ kind: 'cancellation', person: P2, cancels: decl });
    await waitFor(async () => (await status(canc)).status === 'complete', 'cancellation complete');
    const sent = fake.actPosts().find((p) => p.body.kind === 'cancellation')!.body;
    expect(sent.cancelsActId).toBe((await status(stay)).actId);
    expect(sent.cancelsActId).not.toBe((await status(decl)).actId);
  });

  it('drop-first-entry sends no firstEntry even when the officer gives one', async () => {
    const { fake, act } = await setup({ faults: ['drop-first-entry'] });
    await act({ kind: 'registration', person: P1, address: A1, firstEntry: true });
    const post = await waitFor(() => fake.actPosts()[0], 'the act');
    expect('firstEntry' in post.body).toBe(false);
  });

  it('sends only the contract fields of a person and address, and no empty patronymic', async () => {
    const { fake, act } = await setup();
    const harnessPerson = { ...P2, patronymic: '', id: 'p-0001', fullName: 'Коваленко Олена', address: { ...A2, street: 'x' }, synthetic: true };
    await act({ kind: 'declaration', person: harnessPerson, address: { ...A2, hromada: 'Київська', postcode: '01001' } });
    const post = await waitFor(() => fake.actPosts()[0], 'the act');
    const { patronymic: _p, ...withoutPatronymic } = P2;
    expect(post.body.person).toEqual(withoutPatronymic);
    expect(post.body.address).toEqual(A2);
  });

  it('refuses an action before any reset, and a cancellation of an unknown ref, with problem+json', async () => {
    const sut = await startRegistry({ port: 0, log: () => undefined });
    onCleanup(() => sut.close());
    const res = await fetch(`${sut.url}/driver/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'removal', person: P1 }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'not-configured' });
    const { driver } = await setup();
    const r = await driver('POST', '/driver/actions', { kind: 'cancellation', person: P1, cancels: 'nope' });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'cancels' })]);
  });
});

describe('verification requests (DMS-07)', () => {
  it('acknowledges with 202 and answers the same day with the registrations it holds', async () => {
    const { fake, sut, driver, act, status } = await setup();
    expect((await driver('POST', '/driver/residents', { person: P2, address: A0, since: '2020-01-15' })).status).toBe(201);
    const d1 = await act({ kind: 'declaration', person: { ...P2, unzr: '1990010100018' }, address: A1 }); // same УНЗР, no dash
    const d2 = await act({ kind: 'declaration', person: P2, address: A2 });
    const c2 = await act({ kind: 'cancellation', person: P2, cancels: d2 });
    await waitFor(async () => (await status(c2)).status === 'complete' && (await status(d1)).status === 'complete', 'acts done');

    const vr = await fake.sendVerification(sut.url, { lastName: P2.lastName, firstName: P2.firstName, birthDate: P2.birthDate, unzr: P2.unzr });
    expect(vr.status).toBe(202);
    expect(vr.body).toEqual({ requestId: vr.requestId, status: 'accepted' });
    const answer = await waitFor(() => fake.answers[0], 'the answer');
    expect(answer.path).toBe(`/dms/v1/verification-requests/${vr.requestId}/answer`);
    expect(kyivDate(answer.simTime)).toBe(kyivDate(fake.now));
    const d1ActId = fake.actPosts()[0]!.body.actId;
    expect(answer.body).toEqual({
      requestId: vr.requestId,
      answeredAt: new Date(fake.now).toISOString(),
      found: true,
      registrations: [
        { actId: expect.any(String), kind: 'declaration', performedAt: new Date(kyivMidnight('2020-01-15')).toISOString(), address: A0 },
        { actId: d1ActId, kind: 'declaration', performedAt: new Date(fake.now).toISOString(), address: A1 },
      ],
    });

    const none = await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    const noAnswer = await waitFor(() => fake.answers.find((a) => a.body?.requestId === none.requestId), 'second answer');
    expect(noAnswer.body).toMatchObject({ found: false, registrations: [] });
  });

  it('answers a request delivered twice only once', async () => {
    const { fake, sut } = await setup();
    const first = await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    await waitFor(() => fake.answers.length === 1, 'answer');
    const again = await fetch(`${sut.url}/hromada/v1/verification-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: first.raw,
    });
    expect(again.status).toBe(202);
    await sleep(60);
    expect(fake.answers).toHaveLength(1);
  });

  it('registrations-reversed lists the same registrations in the other order', async () => {
    const { fake, sut, driver } = await setup({ faults: ['registrations-reversed'] });
    await driver('POST', '/driver/residents', { residents: [{ person: P2, address: A0, since: '2020-01-15' }, { person: P2, address: A1, since: '2024-05-01' }] });
    await fake.sendVerification(sut.url, { unzr: P2.unzr });
    const answer = await waitFor(() => fake.answers[0], 'answer');
    expect(answer.body.registrations.map((r: any) => r.address)).toEqual([A1, A0]);
  });

  it('removal takes a person off the register', async () => {
    const { fake, sut, act, status } = await setup();
    const d = await act({ kind: 'declaration', person: P1, address: A1 });
    const r = await act({ kind: 'removal', person: P1, address: A1 });
    await waitFor(async () => (await status(r)).status === 'complete' && (await status(d)).status === 'complete', 'acts done');
    await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    const answer = await waitFor(() => fake.answers[0], 'answer');
    expect(answer.body).toMatchObject({ found: false, registrations: [] });
  });
});

describe('through Трембіта (DMS-09)', () => {
  it('acts, status polls and answers are r1 calls of its subsystem for its officer, each with its own X-Road-Id', async () => {
    const { fake, sut, act, status, driver } = await setup({ fake: { withhold: () => true } });
    expect((await driver('GET', '/driver/health')).body).toMatchObject({ configured: true, route: 'trembita' });
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(() => fake.calls.some((c) => c.method === 'GET'), 'a status poll');
    fake.confirm((await status(ref)).actId);
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete');
    await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    await waitFor(() => fake.answers.length === 1, 'the answer');
    const methods = new Set(fake.calls.map((c) => `${c.method} ${c.path.replace(/RTG-.*|VR-\d+/, 'x')}`));
    expect([...methods].sort()).toEqual(['GET /dms/v1/acts/x', 'POST /dms/v1/acts', 'POST /dms/v1/verification-requests/x/answer']);
    expect(fake.calls.every((c) => c.via === 'trembita' && c.xroad?.client === REGISTRY_CLIENT && c.xroad.userId === 'UA3109402560')).toBe(true);
    const ids = fake.calls.map((c) => c.xroad?.id);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('calls with the identity it is given: X-Road-Client and the registration body’s ЄДРПОУ', async () => {
    const { fake, act } = await setup({ start: { identity: { memberCode: '43395033', subsystem: 'HR_prod' }, userId: 'UA3287300123' } });
    await act({ kind: 'declaration', person: P1, address: A1 });
    const [sent] = await waitFor(() => fake.actPosts().length && fake.actPosts(), 'the act');
    expect(sent!.xroad).toMatchObject({ client: 'SEVDEIR-TEST/GOV/43395033/HR_prod', userId: 'UA3287300123' });
    expect(sent!.body.registrationBody.edrpou).toBe('43395033');
  });

  it('without Трембіта in the reset it talks to ДМС directly (developers’ mode)', async () => {
    const { fake, sut, act, status, driver } = await setup({ direct: true });
    expect((await driver('GET', '/driver/health')).body).toMatchObject({ route: 'direct' });
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete');
    await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    await waitFor(() => fake.answers.length === 1, 'the answer');
    expect(fake.calls.map((c) => [c.via, c.xroad])).toEqual([
      ['direct', undefined],
      ['direct', undefined],
    ]);
  });

  it('bypass-trembita sends acts straight to ДМС though Трембіта is known; answers still go to replyTo through it', async () => {
    const { fake, sut, act, status } = await setup({ faults: ['bypass-trembita'] });
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete');
    await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    await waitFor(() => fake.answers.length === 1, 'the answer');
    expect(fake.calls.map((c) => [c.path.replace(/\/[^/]*\/answer$/, '/x/answer'), c.via])).toEqual([
      ['/dms/v1/acts', 'direct'],
      ['/dms/v1/verification-requests/x/answer', 'trembita'],
    ]);
  });

  it('an act the security server refuses for good is `rejected` with its error; a network error is retried', async () => {
    const denied = await setup({ fake: { xroadError: { status: 500, type: 'Server.ServerProxy.AccessDenied' } } });
    const ref = await denied.act({ kind: 'declaration', person: P1, address: A1 });
    const view = await waitFor(async () => {
      const v = await denied.status(ref);
      return v.status === 'rejected' && v;
    }, 'rejected');
    expect(view.problem).toMatchObject({ type: 'Server.ServerProxy.AccessDenied' });
    const down = await setup({ fake: { xroadError: { status: 500, type: 'Server.ServerProxy.NetworkError' } } });
    const ref2 = await down.act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(() => down.logs.some((l) => /HTTP 500 Server\.ServerProxy\.NetworkError; retrying/.test(l)), 'a retry');
    expect((await down.status(ref2)).status).toBe('pending');
  });
});

describe('journal (XCH-03)', () => {
  it('records every message with the sha256 of the exact bytes exchanged', async () => {
    const { fake, sut, act, status, driver } = await setup();
    fake.failNext(1);
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete');
    const vr = await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    await waitFor(() => fake.answers[0], 'answer');
    const entries = (await driver('GET', '/driver/journal')).body.entries as any[];
    const actId = fake.actPosts()[0]!.body.actId;
    const actHash = sha(fake.actPosts()[0]!.raw);
    expect(entries).toEqual([
      { messageId: actId, direction: 'out', counterpart: 'dms', service: 'dms.act.submit', time: new Date(fake.now).toISOString(), sha256: actHash },
      { messageId: actId, direction: 'out', counterpart: 'dms', service: 'dms.act.submit', time: expect.any(String), sha256: actHash },
      { messageId: 'CONF-1', direction: 'in', counterpart: 'dms', service: 'dms.act.confirmation', time: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { messageId: vr.requestId, direction: 'in', counterpart: 'dms', service: 'dms.verification.request', time: new Date(fake.now).toISOString(), sha256: sha(vr.raw) },
      { messageId: vr.requestId, direction: 'out', counterpart: 'dms', service: 'dms.verification.answer', time: expect.any(String), sha256: sha(fake.answers[0]!.raw) },
    ]);
    // every message ДМС received from the registry is in the journal with the same hash
    for (const r of fake.received) {
      const id = r.body.actId ?? r.body.requestId;
      expect(entries.some((e) => e.direction === 'out' && e.messageId === id && e.sha256 === sha(r.raw))).toBe(true);
    }
    expect((await driver('POST', '/driver/reset', { simulators: { dms: fake.url }, clock: fake.clockUrl })).status).toBe(204);
    expect((await driver('GET', '/driver/journal')).body.entries).toEqual([]);
  });

  it('journals status polls and refused requests too, and dates a message by when ДМС took it', async () => {
    const { fake, sut, act, status, driver } = await setup({ fake: { withhold: () => true } });
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    await waitFor(() => fake.calls.some((c) => c.method === 'GET'), 'a status poll');
    const actId = (await status(ref)).actId as string;
    // the clock jumps a day: the next poll is dated by the answer's X-Polihon-Time, not by the registry's last reading
    fake.advance(DAY);
    await waitFor(() => fake.calls.some((c) => c.method === 'GET' && c.simTime === fake.now), 'a poll on the next day');
    const refused = await fake.sendVerification(sut.url, {}, '{"requestId":"VR-M3","person":{"lastN');
    expect(refused.status).toBe(400);
    const entries = (await driver('GET', '/driver/journal')).body.entries as any[];
    const polls = entries.filter((e) => e.service === 'dms.act.status');
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((e) => e.messageId === actId && e.direction === 'out' && e.sha256 === sha(''))).toBe(true);
    const polled = fake.calls.filter((c) => c.method === 'GET').map((c) => new Date(c.simTime).toISOString());
    expect(new Set(polls.map((e) => e.time))).toEqual(new Set(polled));
    // a body with no readable id is journalled under nothing better than the X-Road-Id it came with (none here)
    expect(entries.find((e) => e.sha256 === sha(refused.raw))).toMatchObject({ messageId: '', direction: 'in', service: 'dms.verification.request' });
  });

  it('journal-hash-only shows the hashes alone; journal-unusual the same facts in another form; journal-some-kinds declarations only', async () => {
    const shown = async (faults: string[]) => {
      const { fake, act, status, driver } = await setup({ faults });
      const refs = [await act({ kind: 'declaration', person: P1, address: A1 }), await act({ kind: 'removal', person: P3, address: A0 })];
      for (const r of refs) await waitFor(async () => (await status(r)).status === 'complete', 'complete');
      return { entries: (await driver('GET', '/driver/journal')).body.entries as any[], fake };
    };
    const plain = await shown([]);
    expect((await shown(['journal-hash-only'])).entries.map((e) => Object.keys(e))).toEqual(plain.entries.map(() => ['sha256']));
    const unusual = await shown(['journal-unusual']);
    expect(unusual.entries.map((e) => e.sha256)).toEqual(unusual.entries.map((e) => e.sha256.toUpperCase()));
    expect(unusual.entries[0]).toMatchObject({ direction: 'out', counterpart: DMS_CLIENT, service: 'dms.act.submit', recordedBy: 'hromada-registry' });
    expect(unusual.entries[0].time).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}\+0[23]:00$/);
    expect(Date.parse(unusual.entries[0].time)).toBe(unusual.fake.actPosts()[0]!.simTime);
    expect(Object.keys(unusual.entries[0])[0]).toBe('sha256');
    const some = await shown(['journal-some-kinds']);
    expect(some.entries.map((e) => e.service)).toEqual(['dms.act.submit']);
    expect(some.entries[0].sha256).toBe(sha(some.fake.actPosts().find((p) => p.body.kind === 'declaration')!.raw));
  });

  it('accept-malformed-verification takes any request body with a 202 and answers none of the malformed ones', async () => {
    const { fake, sut } = await setup({ faults: ['accept-malformed-verification'] });
    const noPerson = await fake.sendVerification(sut.url, {}, JSON.stringify({ requestId: 'VR-M1', replyTo: `${fake.url}/dms/v1/verification-requests/VR-M1/answer` }));
    const notJson = await fake.sendVerification(sut.url, {}, '{"requestId":');
    expect([noPerson.status, noPerson.body, notJson.status]).toEqual([202, { requestId: 'VR-M1', status: 'accepted' }, 202]);
    await sleep(100);
    expect(fake.answers).toEqual([]);
    const good = await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
    expect(good.status).toBe(202);
    await waitFor(() => fake.answers[0], 'the answer to the well-formed one');
  });
});

describe('bad input', () => {
  it('answers problem+json naming the field and keeps serving', async () => {
    const { driver, fake, sut } = await setup();
    const cases: [string, string, unknown, string | undefined, number, string[]][] = [
      ['POST', '/driver/actions', { kind: 'marriage', person: P1 }, undefined, 422, ['kind']],
      ['POST', '/driver/actions', { kind: 'declaration', person: { ...P1, rnokpp: 12 } }, undefined, 422, ['person.rnokpp', 'address']],
      ['POST', '/driver/actions', { kind: 'declaration', person: { lastName: 'X' }, address: { katottg: 'UA1', text: '' } }, undefined, 422,
        ['person.firstName', 'person.birthDate', 'person.sex', 'person.rnokpp', 'address.katottg', 'address.text']],
      ['POST', '/driver/actions', { kind: 'removal', person: P1, cancels: 'x', extra: 1 }, undefined, 422, ['extra', 'cancels']],
      ['POST', '/driver/actions', { kind: 'removal', person: { ...P1, birthDate: '1990-02-30' } }, undefined, 422, ['person.birthDate']],
      ['POST', '/driver/actions', undefined, '{"kind":', 400, ['body']],
      ['POST', '/driver/actions', undefined, '[1,2]', 422, ['body']],
      ['POST', '/driver/actions', undefined, '', 400, ['body']],
      ['POST', '/driver/residents', { person: { lastName: 'X' }, address: A0, since: 'yesterday' }, undefined, 422, ['person.rnokpp', 'since']],
      ['POST', '/driver/residents', { residents: [{ person: P1, address: A0 }, { person: P1 }] }, undefined, 422, ['residents.1.address']],
      ['POST', '/driver/reset', { simulators: { dms: 'ftp://x' }, clock: 42 }, undefined, 422, ['simulators.dms', 'clock']],
      ['POST', '/hromada/v1/verification-requests', { requestId: 'a b', person: {}, replyTo: 'nope', answerBy: 'soon' }, undefined, 422,
        ['requestId', 'answerBy', 'person.rnokpp', 'replyTo']],
      ['POST', '/hromada/v1/verification-requests', undefined, 'null', 422, ['body']],
      ['POST', '/hromada/v1/verification-requests', { requestId: 'VR-1', person: { rnokpp: P1.rnokpp }, replyTo: `${fake.url}/x`, question: 'taxes' }, undefined, 422, ['question']],
      ['GET', '/driver/actions/nope', undefined, undefined, 404, ['ref']],
      ['GET', '/driver/unknown', undefined, undefined, 404, []],
      ['DELETE', '/driver/journal', undefined, undefined, 405, []],
    ];
    for (const [method, path, body, raw, code, fields] of cases) {
      const r = await driver(method, path, body, raw);
      const label = `${method} ${path} ${raw ?? JSON.stringify(body)}`;
      expect(r.status, label).toBe(code);
      expect(r.type, label).toMatch(/^application\/problem\+json/);
      expect(r.body, label).toMatchObject({ status: code, code: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      expect(r.body.errors.map((e: { field: string }) => e.field).sort(), label).toEqual([...fields].sort());
    }
    const wrongType = await driver('POST', '/driver/actions', undefined, 'kind=removal', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(400);
    const big = await fetch(`${sut.url}/driver/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe('body-too-large');
    expect((await driver('GET', '/driver/health')).status).toBe(200);
    expect(fake.actPosts()).toHaveLength(0);
  });

  it('refuses unknown fault switches, naming the valid ones', async () => {
    await expect(startRegistry({ port: 0, faults: 'no-journal,sends-late' })).rejects.toThrow(
      /unknown fault switch 'sends-late'.*valid switches: send-next-day, .*hang-driver/,
    );
  });
});

describe('wake-ups (GET /driver/wake)', () => {
  it('send-later-same-day: announces the send 3 h after the action, sends when the clock is there, then has nothing to wake for', async () => {
    const { fake, driver, act, status } = await setup({ faults: ['send-later-same-day'] });
    expect((await driver('GET', '/driver/wake')).body).toEqual({ busy: false, nextWake: null });
    const ref = await act({ kind: 'declaration', person: P1, address: A1 });
    const now = new Date(fake.now).toISOString();
    const wake = await driver('GET', `/driver/wake?now=${encodeURIComponent(now)}`);
    expect(wake.body).toEqual({ busy: false, nextWake: '2026-03-10T11:00:00.000Z' }); // 13:00 Kyiv
    await sleep(60);
    expect(fake.actPosts()).toHaveLength(0);
    fake.set(Date.parse('2026-03-10T11:00:00.000Z'));
    await waitFor(() => fake.actPosts()[0], 'the act at 13:00');
    await waitFor(async () => (await status(ref)).status === 'complete', 'complete');
    expect((await driver('GET', '/driver/wake?now=2026-03-10T11:00:00.000Z')).body).toEqual({ busy: false, nextWake: null });
  });

  it('slow-work: busy while the act is being prepared; no-wake-hints: the endpoint is not served', async () => {
    const { driver, act } = await setup({ faults: ['slow-work'] });
    await act({ kind: 'declaration', person: P1, address: A1 });
    expect((await driver('GET', '/driver/wake')).body).toMatchObject({ busy: true });
    const other = await setup({ faults: ['no-wake-hints'] });
    expect((await other.driver('GET', '/driver/wake')).status).toBe(404);
  });
});

// The switches that show only for some kinds, days or persons, through the running registry: what goes when, and
// what it announces at GET /wake (the instants themselves, DST days and holidays: units.test.ts).
describe('faults that show only sometimes', () => {
  const wakeAt = async (driver: Awaited<ReturnType<typeof setup>>['driver'], now: number) =>
    (await driver('GET', `/driver/wake?now=${encodeURIComponent(new Date(now).toISOString())}`)).body;

  it('late-for-removals: the declaration goes at once, the removal at 09:00 of the next working day', async () => {
    const { fake, driver, act, status } = await setup({ faults: ['late-for-removals'] });
    const decl = await act({ kind: 'declaration', person: P1, address: A1 });
    await act({ kind: 'removal', person: P3, address: A0 });
    await waitFor(async () => (await status(decl)).status === 'complete', 'the declaration at once');
    expect(await wakeAt(driver, fake.now)).toEqual({ busy: false, nextWake: '2026-03-11T07:00:00.000Z' }); // Wed 09:00
    expect(fake.actPosts().map((p) => p.body.kind)).toEqual(['declaration']);
    fake.set(Date.parse('2026-03-11T07:00:00.000Z'));
    const removal = await waitFor(() => fake.actPosts().find((p) => p.body.kind === 'removal'), 'the removal on Wednesday');
    expect(kyivDate(removal.simTime)).toBe('2026-03-11');
  });

  it('weekend-on-monday: a Saturday action waits for Monday 09:00, past the summer-time switch', async () => {
    const { fake, driver, act } = await setup({ faults: ['weekend-on-monday'], fake: { start: '2026-03-28T10:00:00.000Z' } });
    await act({ kind: 'declaration', person: P1, address: A1 });
    expect(await wakeAt(driver, fake.now)).toEqual({ busy: false, nextWake: '2026-03-30T06:00:00.000Z' }); // 09:00 EEST
    fake.set(Date.parse('2026-03-30T06:00:00.000Z'));
    await waitFor(() => fake.actPosts()[0], 'the act on Monday');
  });

  it('answer-last-day answers at 22:00 of the third working day on the calendar the clock says; peacetime-calendar always on peace time', async () => {
    const start = '2026-03-06T08:00:00.000Z'; // Fri 10:00; Mon 9 March is 8 March's transfer day in peace time
    const cases: [string, boolean, string][] = [
      ['answer-last-day', true, '2026-03-11T20:00:00.000Z'], // Wed 22:00: holidays are worked under martial law
      ['answer-last-day', false, '2026-03-12T20:00:00.000Z'], // Thu 22:00: the clock says peace time
      ['peacetime-calendar', true, '2026-03-12T20:00:00.000Z'], // Thu 22:00 under martial law: a day late
    ];
    for (const [fault, martialLaw, at] of cases) {
      const { fake, sut, driver } = await setup({ faults: [fault], fake: { start, martialLaw } });
      const vr = await fake.sendVerification(sut.url, { rnokpp: P1.rnokpp });
      expect(vr.status).toBe(202);
      expect(await wakeAt(driver, fake.now), `${fault} martialLaw=${martialLaw}`).toEqual({ busy: false, nextWake: at });
      fake.set(Date.parse(at) - 1);
      await sleep(40);
      expect(fake.answers).toHaveLength(0);
      fake.set(Date.parse(at));
      await waitFor(() => fake.answers[0], `the answer at ${at}`);
    }
  });

  it('second-person-wrong: each day’s first act is right; the day’s later acts carry its address', async () => {
    const { fake, act, status } = await setup({ faults: ['second-person-wrong'] });
    await act({ kind: 'declaration', person: P1, address: A1 });
    const second = await act({ kind: 'declaration', person: P2, address: A2 });
    await waitFor(async () => (await status(second)).status === 'complete', 'both acts');
    fake.advance(DAY);
    const nextDay = await act({ kind: 'registration', person: P3, address: A0 });
    await waitFor(async () => (await status(nextDay)).status === 'complete', 'the next day’s act');
    expect(fake.actPosts().map((p) => [p.body.person.lastName, p.body.address.text])).toEqual([
      [P1.lastName, A1.text],
      [P2.lastName, A1.text], // the first person's address
      [P3.lastName, A0.text], // a new day starts right
    ]);
  });
});
