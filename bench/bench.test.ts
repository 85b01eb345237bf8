// The benchmark's pure parts: the act feed (checked against the real ДМС simulator in-process), the latency
// histogram, validity checks, the rate search, the pacer's token arithmetic and the formatting. Nothing here is timed.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createDmsSimulator } from '../simulators/dms/app.ts';
import { ActSchema, crossFieldIssues } from '../simulators/dms/schemas.ts';
import { createTestContext, T0 } from '../simulators/testing.ts';
import { createActFeed } from './acts.ts';
import { createPacer } from './load.ts';
import {
  bracket,
  createLatencyHistogram,
  formatMs,
  formatRate,
  formatRatio,
  formatTable,
  invalidity,
  nextRate,
  rateSearchResult,
  ratio,
  sustains,
  type RateStep,
} from './stats.ts';

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
  });

  it('draws a Markdown table with the first column left-aligned and the others right-aligned, headers included', () => {
    expect(formatTable(['target', 'req/s'], [['bare', '21,304'], ['ДМС', '631']])).toBe(
      ['| target |  req/s |', '|:-------|-------:|', '| bare   | 21,304 |', '| ДМС    |    631 |'].join('\n'),
    );
  });
});
