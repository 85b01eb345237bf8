import { describe, expect, it } from 'vitest';
import { classifyNetworkError, createCollector, Histogram, statusError } from './metrics.ts';

describe('latency histogram', () => {
  it('is within half a microsecond below 128 µs and within 1 % above, against sorted samples', () => {
    const h = new Histogram();
    const samples: number[] = [];
    let x = 12345;
    for (let i = 0; i < 50_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      // latencies from 0.01 ms to ~5 s, log-spread like real ones
      const ms = 0.01 * Math.exp((x / 2 ** 31) * Math.log(500_000));
      samples.push(ms);
      h.record(ms);
    }
    samples.sort((a, b) => a - b);
    for (const p of [1, 50, 90, 95, 99, 99.9]) {
      const exact = samples[Math.ceil((p / 100) * samples.length) - 1]!;
      expect(Math.abs(h.percentile(p) - exact)).toBeLessThan(Math.max(0.01 * exact, 0.0005 + 1e-9));
    }
    expect(h.min).toBe(samples[0]);
    expect(h.max).toBe(samples.at(-1));
    expect(h.percentile(100)).toBe(h.max);
    expect(h.buckets().reduce((n, b) => n + b.count, 0)).toBe(50_000);
  });

  it('says 0 when empty and never leaves [min, max]', () => {
    const h = new Histogram();
    expect(h.percentile(99)).toBe(0);
    h.record(3);
    expect(h.percentile(1)).toBe(3);
    expect(h.percentile(99)).toBe(3);
  });
});

describe('collector', () => {
  it('keeps 1-second buckets, error kinds and a few distinct samples', () => {
    const c = createCollector();
    c.record({ atMs: 10, latencyMs: 2 });
    c.record({ atMs: 1500, latencyMs: 4, error: { kind: 'http5xx', message: 'HTTP 503' } });
    c.record({ atMs: 1600, latencyMs: 6, error: { kind: 'http5xx', message: 'HTTP 503' } });
    c.dropped();
    expect(c.series()).toEqual([
      { t: 0, requests: 1, errors: 0, meanMs: 2, maxMs: 2 },
      { t: 1, requests: 2, errors: 2, meanMs: 5, maxMs: 6 },
    ]);
    expect(c.errorSamples).toEqual([{ kind: 'http5xx', message: 'HTTP 503', count: 2 }]);
    const m = c.thresholdMetrics(2000);
    expect(m.counts).toMatchObject({ errors: 2, http5xx: 2, dropped: 1, requests: 3 });
    expect(m.rps).toBe(1.5);
  });
});

describe('error kinds', () => {
  const err = (code: string, message = code) => Object.assign(new Error(message), { code });
  it.each([
    [new TypeError('fetch failed', { cause: err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9') }), 'refused'],
    [err('ECONNRESET', 'read ECONNRESET'), 'reset'],
    [new Error('socket hang up'), 'reset'],
    [new TypeError('fetch failed', { cause: err('UND_ERR_SOCKET', 'other side closed') }), 'reset'],
    [Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'timeout'],
    [err('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'), 'protocol'],
    [new Error('something else'), 'other'],
  ])('%s → %s', (e, kind) => {
    expect(classifyNetworkError(e).kind).toBe(kind);
  });
  it('4xx and 5xx are errors, the rest are answers', () => {
    expect(statusError(404)?.kind).toBe('http4xx');
    expect(statusError(503, 'busy')).toEqual({ kind: 'http5xx', message: 'HTTP 503: busy' });
    expect(statusError(202)).toBeUndefined();
    expect(statusError(302)).toBeUndefined();
  });
});
