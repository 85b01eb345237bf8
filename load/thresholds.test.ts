import { describe, expect, it } from 'vitest';
import { caret, evaluate, parseThreshold, ThresholdSyntaxError, type ThresholdMetrics } from './thresholds.ts';

describe('threshold parser: valid expressions', () => {
  it.each([
    ['p(95) < 800ms', 'p(95)', '<', 800],
    ['p(99)<50ms', 'p(99)', '<', 50],
    ['p(99.9) <= 1s', 'p(99.9)', '<=', 1000],
    ['p(99) < 0.001ms', 'p(99)', '<', 0.001],
    ['avg < 200ms', 'avg', '<', 200],
    ['avg<200', 'avg', '<', 200],
    ['med < 150 ms', 'med', '<', 150],
    ['min > 0.5ms', 'min', '>', 0.5],
    ['max < 2s', 'max', '<', 2000],
    ['max < 1500us', 'max', '<', 1.5],
    ['rate(errors) < 0.01', 'rate(errors)', '<', 0.01],
    ['rate(errors) < 1%', 'rate(errors)', '<', 0.01],
    ['errors < 1%', 'rate(errors)', '<', 0.01],
    ['rate(timeout) == 0', 'rate(timeout)', '==', 0],
    ['count(errors) == 0', 'count(errors)', '==', 0],
    ['count(errors) === 0', 'count(errors)', '==', 0],
    ['count(http5xx) != 3', 'count(http5xx)', '!=', 3],
    ['count(dropped) == 0', 'count(dropped)', '==', 0],
    ['count(requests) >= 100', 'count(requests)', '>=', 100],
    ['rps >= 100', 'rps', '>=', 100],
    ['  rps>99.5  ', 'rps', '>', 99.5],
  ])('%s', (text, aggregate, op, bound) => {
    const ast = parseThreshold(text);
    const name = ast.aggregate.kind === 'percentile' ? `p(${ast.aggregate.p})` : 'of' in ast.aggregate ? `${ast.aggregate.kind}(${ast.aggregate.of})` : ast.aggregate.kind;
    expect(name).toBe(aggregate);
    expect(ast.op.value).toBe(op);
    expect(ast.value.normalized).toBeCloseTo(bound, 9);
  });

  it('keeps positions of each part', () => {
    const ast = parseThreshold('p(95) < 800ms');
    expect(ast.aggregate.span).toEqual({ start: 0, end: 5 });
    expect(ast.op.span).toEqual({ start: 6, end: 7 });
    expect(ast.value.span).toEqual({ start: 8, end: 13 });
  });
});

describe('threshold parser: invalid expressions, located', () => {
  it.each([
    ['', 0, /expected an aggregate/],
    ['p95 < 800ms', 0, /unknown aggregate 'p95'/],
    ['p(95 < 800ms', 5, /expected '\)'/],
    ['p(0) < 1ms', 2, /outside \(0, 100\]/],
    ['p(101) < 1ms', 2, /outside/],
    ['p(95) 800ms', 6, /expected an operator/],
    ['p(95) => 800ms', 6, /expected a number after '='|'=>'|not an operator/],
    ['p(95) < ms', 8, /expected a number/],
    ['p(95) < 800xs', 11, /'xs' is not a time unit/],
    ['p(95) < 800%', 11, /'%' is not a time unit/],
    ['avg < 200ms 300ms', 12, /unexpected '300'/],
    ['rate(errors) < 5ms', 16, /a rate takes a fraction/],
    ['rate(errors) < 2', 15, /more than 1/],
    ['rate(oops) < 0.1', 5, /takes one of/],
    ['rate(requests) > 1', 5, /not defined/],
    ['count(errors) == 0.5', 17, /whole number/],
    ['count(errors) == 1ms', 18, /plain number/],
    ['rps >= 100/s', 10, /unexpected character '\/'/],
    ['avrg < 100', 0, /did you mean 'avg'/],
    ['max ! 2s', 4, /not an operator/],
  ])('%j fails at column %i', (text, offset, message) => {
    let err: unknown;
    try {
      parseThreshold(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ThresholdSyntaxError);
    const e = err as ThresholdSyntaxError;
    expect(`${e.message} — ${e.hint}`).toMatch(message);
    expect(e.offset).toBe(offset);
    expect(e.hint.length).toBeGreaterThan(0);
  });

  it('draws a caret under the problem', () => {
    expect(caret('p(95) < 800xs', 11)).toBe('p(95) < 800xs\n           ^');
  });
});

describe('threshold evaluation', () => {
  const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
  const metrics: ThresholdMetrics = {
    latency: { count: sorted.length, min: 1, max: 100, mean: 14.5, percentile: (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! },
    counts: { errors: 2, timeout: 1, refused: 0, reset: 0, http4xx: 0, http5xx: 1, protocol: 0, other: 0, dropped: 0, requests: 200 },
    rps: 99.5,
  };
  it.each([
    ['p(90) < 10ms', true, 9, '9ms'],
    ['p(99) < 50ms', false, 100, '100ms'],
    ['p(99) < 0.001ms', false, 100, '100ms'],
    ['avg < 200ms', true, 14.5, '14.5ms'],
    ['med <= 5', true, 5, '5ms'],
    ['max < 2s', true, 100, '100ms'],
    ['min > 0.5ms', true, 1, '1ms'],
    // 2 of 200 is exactly 0.01, which is not below 0.01
    ['rate(errors) < 0.01', false, 0.01, '0.01'],
    ['rate(errors) <= 0.01', true, 0.01, '0.01'],
    ['rate(errors) < 1%', false, 0.01, '1%'],
    ['count(errors) == 0', false, 2, '2'],
    ['count(timeout) == 1', true, 1, '1'],
    ['count(dropped) == 0', true, 0, '0'],
    ['rps >= 100', false, 99.5, '99.5 req/s'],
    ['rps >= 99', true, 99.5, '99.5 req/s'],
  ])('%s → %s', (text, ok, observed, shown) => {
    const v = evaluate(parseThreshold(text), metrics);
    expect(v.ok).toBe(ok);
    expect(v.observed).toBeCloseTo(observed, 6);
    expect(v.observedText).toBe(shown);
    expect(v.expression).toBe(text);
  });

  it('a latency threshold with no completed request fails', () => {
    const empty: ThresholdMetrics = { ...metrics, latency: { count: 0, min: 0, max: 0, mean: 0, percentile: () => 0 } };
    const v = evaluate(parseThreshold('p(95) < 800ms'), empty);
    expect(v.ok).toBe(false);
    expect(v.observedText).toBe('no completed requests');
  });
});
