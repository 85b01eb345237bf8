// The benchmark's pure parts: the act feed (checked against the real ДМС simulator in-process), the latency
// histogram, validity checks, the rate search, the pacer's token arithmetic and the formatting. Nothing here is timed.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createDmsSimulator } from '../simulators/dms/app.ts';
import { ActSchema, crossFieldIssues } from '../simulators/dms/schemas.ts';
import { createTestContext, T0 } from '../simulators/testing.ts';
import { createTrembitaSimulator } from '../simulators/trembita/app.ts';
import { HARD_MAX_REQUESTS, resolveProfile, validateProfile } from '../load/profile.ts';
import { createActFeed } from './acts.ts';
import { areaOf, summariseCpuProfile, type CpuProfile } from './cpuprofile.ts';
import { engineProfile } from './engines.ts';
import { createPacer } from './load.ts';
import { answerProblem, BENCH_SOAP, benchRegistryPatch, createEnvelopeFeed, providerAnswer, providerFault } from './soap.ts';
import {
  bracket,
  createLatencyHistogram,
  formatMs,
  formatRate,
  formatRatio,
  formatSignedMs,
  formatTable,
  invalidity,
  nextRate,
  rateSearchResult,
  ratio,
  sustains,
  type RateStep,
} from './stats.ts';
import { addedP99 } from './trembita.ts';
import { envelopeBody } from '../simulators/eis/messaging/contract.ts';
import { bareEnvelope, EIS_PARTICIPANT, isAckOf } from './eis-envelope.ts';

function post(body: string): Request {
  return new Request('http://dms.polihon.test/dms/v1/acts', {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
  });
}

describe('act feed', () => {
  it('gives valid acts that the real ДМС simulator accepts with 201, each a new act, past the first day of reuse', async () => {
    const feed = createActFeed({ seed: 1, persons: 50, now: T0 });
    const dms = createDmsSimulator(createTestContext());
    const ids = new Set<string>();
    // 50 persons: acts 50..149 reuse every person on the two earlier days
    for (let i = 0; i < 150; i++) {
      const body = feed.next();
      const act = JSON.parse(body) as Record<string, unknown>;
      expect(ActSchema.safeParse(act).success).toBe(true);
      expect(crossFieldIssues(act, T0)).toEqual([]);
      ids.add(act.actId as string);
      const res = await dms.handle(post(body));
      const answer = (await res.json()) as { status?: string; actId?: string };
      expect(res.status, JSON.stringify(answer)).toBe(201);
      expect(answer).toMatchObject({ status: 'confirmed', actId: act.actId });
    }
    expect(ids.size).toBe(150);
    expect(feed.issued).toBe(150);
  });

  it('is what keeps ДМС at 201: a repeated body is a retry (200), the same person and day under a new actId a duplicate (409)', async () => {
    const feed = createActFeed({ seed: 2, persons: 10, now: T0 });
    const dms = createDmsSimulator(createTestContext());
    expect((await dms.handle(post(feed.body(0)))).status).toBe(201);
    expect((await dms.handle(post(feed.body(0)))).status).toBe(200);
    const again = JSON.parse(feed.body(0)) as Record<string, unknown>;
    again.actId = 'OTHER-00000000';
    expect((await dms.handle(post(JSON.stringify(again)))).status).toBe(409);
  });

  it('gives the same bodies after reset, actIds of one length, and refuses to repeat past its capacity', () => {
    const feed = createActFeed({ seed: 3, persons: 5, now: T0 });
    const first = [feed.next(), feed.next(), feed.next()];
    expect(feed.actId(0)).toBe('BENCH-00000000');
    expect(feed.actId(12_345)).toBe('BENCH-00012345');
    feed.reset();
    expect(feed.next()).toBe(first[0]);
    expect(feed.capacity).toBe(5 * 3650);
    expect(() => feed.body(feed.capacity)).toThrow(RangeError);
    expect(() => createActFeed({ seed: 1, persons: 0, now: T0 })).toThrow(RangeError);
    expect(() => createActFeed({ seed: 1, persons: 1, now: T0, prefix: 'bad prefix' })).toThrow(RangeError);
  });

  it('never dates an act after now, and dates each reuse of a person on an earlier Kyiv day', () => {
    const feed = createActFeed({ seed: 4, persons: 3, now: T0 });
    const dates = [0, 3, 6].map((i) => (JSON.parse(feed.body(i)) as { performedAt: string }).performedAt);
    expect(dates).toEqual(['2026-03-09T09:00:00.000Z', '2026-03-08T09:00:00.000Z', '2026-03-07T09:00:00.000Z']);
  });
});

describe('latency histogram', () => {
  it('gives percentiles as bucket upper edges, never above the max', () => {
    const h = createLatencyHistogram();
    expect(Number.isNaN(h.percentile(99))).toBe(true);
    for (let i = 1; i <= 100; i++) h.record(i / 10); // 0.1 .. 10 ms
    expect(h.count).toBe(100);
    expect(h.percentile(50)).toBeCloseTo(5, 5);
    expect(h.percentile(99)).toBeCloseTo(9.9, 5);
    expect(h.percentile(100)).toBe(10);
    expect(h.mean).toBeCloseTo(5.05, 5);
    h.record(55.55);
    h.record(1234.5);
    expect(h.percentile(100)).toBe(1234.5);
    expect(h.max).toBe(1234.5);
  });

  it('keeps 0.01 ms below 10 ms, 0.1 ms below 100 ms and 1 ms above, and ignores nonsense', () => {
    const h = createLatencyHistogram();
    h.record(0.123);
    expect(h.percentile(50)).toBeCloseTo(0.123, 5); // capped at the max
    h.record(0.5);
    expect(h.percentile(50)).toBeCloseTo(0.13, 5);
    const g = createLatencyHistogram();
    g.record(42.01);
    g.record(43);
    expect(g.percentile(50)).toBeCloseTo(42.1, 5);
    const k = createLatencyHistogram();
    k.record(250.2);
    k.record(300);
    expect(k.percentile(50)).toBe(251);
    k.record(NaN);
    k.record(-1);
    expect(k.count).toBe(2);
    const far = createLatencyHistogram();
    far.record(90_000);
    expect(far.percentile(99)).toBe(60_000);
  });
});

describe('validity', () => {
  it('accepts a run where every answer has the expected status', () => {
    expect(invalidity({ statusCounts: { '201': 10 }, errors: 0, timeouts: 0, responses: 10 }, 201)).toEqual([]);
  });

  it('names every reason a run is invalid: other statuses, errors, timeouts, nothing at all', () => {
    expect(invalidity({ statusCounts: { '201': 8, '409': 1, '422': 1 }, errors: 2, timeouts: 3, responses: 10 }, 201)).toEqual([
      '2 of 10 responses were not 201: 1 × 409, 1 × 422',
      '2 connection errors',
      '3 timeouts',
    ]);
    expect(invalidity({ statusCounts: {}, errors: 0, timeouts: 0, responses: 0 }, 201)).toEqual(['no responses at all']);
    // a retry answer (200) is 2xx, but not a new act: still invalid
    expect(invalidity({ statusCounts: { '201': 5, '200': 5 }, errors: 0, timeouts: 0, responses: 10 }, 201)).toHaveLength(1);
  });

  it('counts wrong answer bodies (a SOAP fault under HTTP 200) as invalid, and zero counts as fine', () => {
    expect(invalidity({ statusCounts: { '200': 10 }, errors: 0, timeouts: 0, responses: 10, answerProblems: { fault: 0 } }, 200)).toEqual([]);
    expect(invalidity({ statusCounts: { '200': 10 }, errors: 0, timeouts: 0, responses: 10, answerProblems: { fault: 2, 'other-message': 1 } }, 200)).toEqual([
      '3 of 10 answers were wrong: 2 × fault, 1 × other-message',
    ]);
  });
});

describe('rate search', () => {
  it('passes a step only under the p99 limit and near the rate asked', () => {
    expect(sustains({ rate: 1000, achieved: 990, p99: 49.9 })).toBe(true);
    expect(sustains({ rate: 1000, achieved: 990, p99: 50 })).toBe(false);
    expect(sustains({ rate: 1000, achieved: 960, p99: 10 })).toBe(false);
  });

  it('bisects below the ceiling and stops after the steps allowed', () => {
    const history: RateStep[] = [];
    const truth = 620; // the highest rate the imaginary target sustains
    for (let rate = nextRate(1000, history, 5); rate !== undefined; rate = nextRate(1000, history, 5)) {
      history.push({ rate, achieved: rate, p99: rate <= truth ? 10 : 80, passed: rate <= truth });
    }
    expect(history.map((s) => s.rate)).toEqual([500, 750, 625, 563, 594]);
    expect(bracket(1000, history)).toEqual({ lo: 594, hi: 625 });
    expect(rateSearchResult(history)).toMatchObject({ sustained: 594, failedAt: 625 });
  });

  it('reports no sustained rate when every step failed, and nothing to try without a ceiling', () => {
    const history: RateStep[] = [500, 250].map((rate) => ({ rate, achieved: rate, p99: 99, passed: false }));
    expect(rateSearchResult(history)).toMatchObject({ sustained: undefined, failedAt: 250 });
    expect(nextRate(0, [], 5)).toBeUndefined();
    expect(nextRate(3, [], 5)).toBe(2);
  });
});

describe('pacer', () => {
  function fakeClient() {
    return {
      destroyed: false,
      sent: 0,
      _doRequest() {
        this.sent += 1;
      },
    };
  }

  it('hands out one token per 1000/rate ms to waiting connections, in turn, and counts what it could not send', () => {
    let now = 0;
    const pacer = createPacer(1000, { now: () => now, tickMs: 60_000 });
    const clients = [fakeClient(), fakeClient(), fakeClient()];
    try {
      for (const c of clients) pacer.setupClient(c);
      for (const c of clients) c._doRequest();
      expect(clients.map((c) => c.sent)).toEqual([0, 0, 0]);
      now = 2;
      pacer.tick();
      expect(clients.map((c) => c.sent)).toEqual([1, 1, 0]);
      now = 3;
      pacer.tick();
      expect(clients.map((c) => c.sent)).toEqual([1, 1, 1]);
      // every connection busy: tokens due pile up as the backlog
      now = 10;
      pacer.tick();
      expect(pacer.backlog()).toBe(7);
      // a connection that finishes takes a due token at once
      clients[0]!._doRequest();
      expect(clients[0]!.sent).toBe(2);
      expect(pacer.backlog()).toBe(6);
      // a closed connection is skipped
      clients[1]!.destroyed = true;
      clients[1]!._doRequest();
      expect(clients[1]!.sent).toBe(1);
    } finally {
      pacer.stop();
    }
  });

  it('refuses a client that is not autocannon 8 shaped, and a rate that is not positive', () => {
    const pacer = createPacer(10, { tickMs: 60_000 });
    try {
      expect(() => pacer.setupClient({})).toThrow(/autocannon 8/);
    } finally {
      pacer.stop();
    }
    expect(() => createPacer(0)).toThrow(RangeError);
  });

  it('matches the autocannon client it drives (lib/httpClient.js)', () => {
    const Client = createRequire(import.meta.url)('autocannon/lib/httpClient.js') as { prototype: Record<string, unknown> };
    expect(typeof Client.prototype._doRequest).toBe('function');
  });
});

describe('formatting', () => {
  it('formats ratios, latencies and rates', () => {
    expect(ratio(500, 1000)).toBe(0.5);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 3)).toBeUndefined();
    expect(formatRatio(0.0523)).toBe('0.052');
    expect(formatRatio(0.5)).toBe('0.50');
    expect(formatRatio(12.34)).toBe('12.3');
    expect(formatRatio(undefined)).toBe('—');
    expect(formatMs(0.421)).toBe('0.42');
    expect(formatMs(3.14)).toBe('3.1');
    expect(formatMs(48.6)).toBe('49');
    expect(formatRate(21304.4)).toBe('21,304');
    expect(formatSignedMs(-24)).toBe('-24');
    expect(formatSignedMs(0.27)).toBe('+0.27');
    expect(formatSignedMs(3.14)).toBe('+3.1');
    expect(formatSignedMs(undefined)).toBe('—');
  });

  it('draws a Markdown table with the first column left-aligned and the others right-aligned, headers included', () => {
    expect(formatTable(['target', 'req/s'], [['bare', '21,304'], ['ДМС', '631']])).toBe(
      ['| target |  req/s |', '|:-------|-------:|', '| bare   | 21,304 |', '| ДМС    |    631 |'].join('\n'),
    );
  });
});

describe('Трембіта pass-through messages', () => {
  /** The real simulator in-process, its participant provider answered by the bench provider's own function. */
  async function simulator() {
    const sent: string[] = [];
    const sim = createTrembitaSimulator(
      createTestContext({
        endpoints: { 'participant.provider': 'http://provider.bench.test' },
        fetch: async (input, init) => {
          expect(String(input)).toBe(`http://provider.bench.test${BENCH_SOAP.providerPath}`);
          const request = await new Response(init?.body ?? null).text();
          sent.push(request);
          const answer = providerAnswer(request);
          return new Response(answer.ok ? answer.text : providerFault(answer.reason), { status: answer.ok ? 200 : 500, headers: { 'content-type': BENCH_SOAP.contentType } });
        },
      }),
    );
    const registered = await sim.handle(
      new Request('http://trembita.polihon.test/__polihon/registry', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(benchRegistryPatch()) }),
    );
    expect(registered.status).toBe(200);
    const call = async (envelope: string) => {
      const res = await sim.handle(
        new Request('http://trembita.polihon.test/', { method: 'POST', headers: { 'content-type': BENCH_SOAP.contentType, soapaction: BENCH_SOAP.soapAction }, body: envelope }),
      );
      return { status: res.status, text: await res.text() };
    };
    return { sim, call, sent };
  }

  it('are about 2 KB, each with a new UUID-shaped message id, and pass the real consumer side to the provider and back', async () => {
    const feed = createEnvelopeFeed({ seed: 3, persons: 20, now: T0 });
    const { call, sent } = await simulator();
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const envelope = feed.next();
      expect(Buffer.byteLength(envelope)).toBeGreaterThan(2_000);
      expect(Buffer.byteLength(envelope)).toBeLessThan(2_600);
      const id = feed.messageId(i);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
      const answer = await call(envelope);
      expect(answer.status).toBe(200);
      expect(answerProblem(answer.text, envelope)).toBeUndefined();
      expect(answer.text).toContain('<xrd:requestHash algorithmId=');
      // the provider got the envelope byte for byte
      expect(sent.at(-1)).toBe(envelope);
    }
    expect(ids.size).toBe(40);
    expect(feed.issued).toBe(40);
  });

  it("have the provider's answers journalled as answered with the X-Road header echoed", async () => {
    const feed = createEnvelopeFeed({ seed: 4, persons: 5, now: T0 });
    const { sim, call } = await simulator();
    await call(feed.next());
    const journal = (await (await sim.handle(new Request(`http://trembita.polihon.test/__polihon/journal?messageId=${feed.messageId(0)}&kind=response`))).json()) as {
      entries: { outcome: string; data: { echoed: boolean; isFault: boolean; headerDiff: unknown[] } }[];
    };
    expect(journal.entries).toHaveLength(1);
    expect(journal.entries[0]).toMatchObject({ outcome: 'answered', data: { echoed: true, isFault: false, headerDiff: [] } });
  });

  it('tell a fault, another response and another message apart; a fault from Трембіта itself is caught', async () => {
    const feed = createEnvelopeFeed({ seed: 5, persons: 5, now: T0 });
    const a = feed.envelope(0);
    const b = feed.envelope(1);
    const answerA = providerAnswer(a);
    expect(answerA.ok).toBe(true);
    const textA = answerA.ok ? answerA.text : '';
    expect(answerProblem(textA, a)).toBeUndefined();
    expect(answerProblem(textA, b)).toBe('other-message');
    expect(answerProblem(providerFault('no'), a)).toBe('fault');
    expect(answerProblem(textA.replace(/PersonResidenceResponse/g, 'Other'), a)).toBe('not-a-response');
    expect(providerAnswer('<x/>')).toEqual({ ok: false, reason: 'no SOAP Envelope' });
    // Дія's subsystem as the client, which has no right to the service: the security server's own fault under HTTP 200
    const { call } = await simulator();
    const client = '<id:memberCode>04054866</id:memberCode>\n      <id:subsystemCode>RTG_prod</id:subsystemCode>';
    expect(a).toContain(client);
    const denied = a.replace(client, '<id:memberCode>43395033</id:memberCode>\n      <id:subsystemCode>DIIA_prod</id:subsystemCode>');
    const answer = await call(denied);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Server.ServerProxy.AccessDenied');
    expect(answerProblem(answer.text, denied)).toBe('fault');
  });

  it("take the added p99 as Трембіта's least disturbed round minus the bare proxy's", () => {
    const p = (proxy: number, trembita: number) => ({ proxy: { latency: { p99: proxy } }, trembita: { latency: { p99: trembita } } });
    expect(addedP99([p(2, 5), p(3, 8)])).toBe(3);
    // a round in which the machine disturbed the proxy more does not make Трембіта look faster than the proxy
    expect(addedP99([p(28, 49), p(246, 222)])).toBe(21);
    expect(addedP99([])).toBeUndefined();
  });
});

describe('embedded engine profiles', () => {
  it('are valid load profiles: constant-vus at full speed, constant-arrival-rate with preAllocatedVUs = maxVUs when paced', () => {
    const base = { method: 'POST' as const, path: '/dms/v1/acts', headers: { 'content-type': 'application/json' }, body: '{}', durationS: 5, vus: 50, timeoutS: 10, url: 'http://127.0.0.1:1234' };
    const full = validateProfile(engineProfile(base));
    expect(full.ok).toBe(true);
    if (full.ok) expect(resolveProfile(full.profile).plan).toMatchObject({ executor: 'constant-vus', durationMs: 5000, maxVUs: 50 });
    const paced = validateProfile(engineProfile({ ...base, rate: 1234 }));
    expect(paced.ok).toBe(true);
    if (paced.ok) {
      const resolved = resolveProfile(paced.profile);
      expect(resolved.plan).toMatchObject({ executor: 'constant-arrival-rate', preAllocatedVUs: 50, maxVUs: 50, plannedIterations: 6170 });
      expect(resolved.maxRequests).toBe(HARD_MAX_REQUESTS);
    }
  });
});

describe('cpu profile summary', () => {
  // (root) → main → [parse → (garbage collector)], main → hash; plus idle. One sample per 1 ms.
  const profile: CpuProfile = {
    startTime: 0,
    endTime: 10_000,
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 6] },
      { id: 2, callFrame: { functionName: 'main', url: 'file:///repo/bench/x.ts', lineNumber: 0 }, children: [3, 5] },
      { id: 3, callFrame: { functionName: 'parse', url: 'file:///repo/simulators/trembita/xml.ts', lineNumber: 9 }, children: [4] },
      { id: 4, callFrame: { functionName: 'parse', url: 'file:///repo/simulators/trembita/xml.ts', lineNumber: 9 }, children: [] },
      { id: 5, callFrame: { functionName: 'hash', url: 'node:internal/crypto/hash', lineNumber: 87 }, children: [] },
      { id: 6, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 }, children: [] },
    ],
    samples: [4, 4, 3, 5, 2, 6, 6, 4],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('gives self, inclusive (recursion counted once) and per-area time as shares of the busy time', () => {
    const s = summariseCpuProfile(profile, '/repo');
    expect(s.totalMs).toBe(8);
    expect(s.idleMs).toBe(2);
    expect(s.busyMs).toBe(6);
    expect(s.self[0]).toMatchObject({ key: 'parse (simulators/trembita/xml.ts:10)', ms: 4, share: 4 / 6 });
    expect(s.inclusive.find((r) => r.name === 'main')).toMatchObject({ ms: 6, share: 1 });
    // parse → parse is one function: each sample counts once
    expect(s.inclusive.find((r) => r.name === 'parse')?.ms).toBe(4);
    expect(s.areas.map((a) => [a.area, a.ms])).toEqual([
      ['simulators/trembita/xml.ts', 4],
      ['node:internal/crypto', 1],
      ['bench/x.ts', 1],
    ]);
  });

  it('names areas: our files, packages, undici, parts of Node and V8 pseudo-frames', () => {
    expect(areaOf('file:///repo/core/journal.ts', 'append', '/repo')).toBe('core/journal.ts');
    expect(areaOf('file:///repo/node_modules/@hono/node-server/dist/index.mjs', 'x', '/repo')).toBe('@hono/node-server');
    expect(areaOf('file:///repo/node_modules/hono/dist/hono.js', 'x', '/repo')).toBe('hono');
    expect(areaOf('node:internal/deps/undici/undici', 'fetch', '/repo')).toBe('undici (fetch)');
    expect(areaOf('node:internal/webstreams/readablestream', 'x', '/repo')).toBe('node:internal/webstreams');
    expect(areaOf('node:events', 'emit', '/repo')).toBe('node:events');
    expect(areaOf('', '(garbage collector)', '/repo')).toBe('(garbage collector)');
    expect(areaOf('', 'writev', '/repo')).toBe('(native)');
  });
});

describe('ЄІС МВС bare sender', () => {
  it("posts the simulator's envelope, field for field, and counts only the ack of that very envelope", () => {
    const bare = bareEnvelope(7, T0);
    const sim = envelopeBody({ messageId: 'm', envelopeId: 'e', mode: 'notification-ack', to: EIS_PARTICIPANT, type: 'eis.notice', payload: { seq: 7 }, try: 1, maxTries: 3, createdAt: T0, sentAt: T0, ackBy: T0 + 300_000 });
    expect(Object.keys(bare)).toEqual(Object.keys(sim));
    expect({ ...bare, messageId: 'm', envelopeId: 'e' }).toEqual(sim);
    const ack = (o: object) => JSON.stringify({ messageId: bare.messageId, envelopeId: bare.envelopeId, code: 100, from: EIS_PARTICIPANT, ...o });
    expect(isAckOf(bare, 200, ack({}))).toBe(true);
    expect(isAckOf(bare, 200, ack({ messageId: 'other' }))).toBe(false);
    expect(isAckOf(bare, 200, ack({ envelopeId: 'other' }))).toBe(false);
    expect(isAckOf(bare, 200, ack({ code: 200 }))).toBe(false);
    expect(isAckOf(bare, 500, ack({}))).toBe(false);
    expect(isAckOf(bare, 200, 'not json')).toBe(false);
  });
});
