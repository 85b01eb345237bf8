// Thresholds: a tiny language for pass/fail criteria of a load run (`p(95) < 800ms`, `rate(errors) < 0.01`).
// Tokenizer and parser produce an AST with source positions; evaluate() judges it against measured metrics.
// Kept apart (k6's thresholds_parser.go / thresholds.go idea) so the grammar is table-tested on its own.
//
//   threshold  := aggregate op number unit?
//   aggregate  := 'p' '(' number ')' | 'avg' | 'med' | 'min' | 'max'        latency, in ms
//               | 'rate' '(' kind ')' | 'count' '(' kind ')'                  error kinds, dropped, requests
//               | 'rps'                                                       completed requests per second
//               | 'errors'                                                    shorthand for rate(errors)
//   op         := '<' | '<=' | '>' | '>=' | '==' | '!='
//   unit       := 'ms' | 's' | 'us' | 'µs'   (latency only; none = ms)  |  '%'   (rate only)

/** Error kinds and other countable things a threshold can name in rate(...) / count(...). */
export const COUNTABLES = ['errors', 'timeout', 'refused', 'reset', 'http4xx', 'http5xx', 'protocol', 'other', 'dropped', 'requests'] as const;
export type Countable = (typeof COUNTABLES)[number];

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** [start, end) offsets into the expression text, 0-based. */
export interface Span {
  start: number;
  end: number;
}

export type Aggregate =
  | { kind: 'percentile'; p: number; span: Span }
  | { kind: 'avg' | 'med' | 'min' | 'max'; span: Span }
  | { kind: 'rate' | 'count'; of: Countable; span: Span }
  | { kind: 'rps'; span: Span };

export interface ThresholdAst {
  text: string;
  aggregate: Aggregate;
  op: { value: Operator; span: Span };
  /** the bound in the aggregate's own unit: ms for latency, a fraction for rate, a number for count/rps */
  value: { number: number; unit: string | undefined; normalized: number; span: Span };
}

export class ThresholdSyntaxError extends Error {
  /** 0-based offset in the expression where the problem is */
  readonly offset: number;
  readonly hint: string;
  constructor(message: string, offset: number, hint: string) {
    super(message);
    this.name = 'ThresholdSyntaxError';
    this.offset = offset;
    this.hint = hint;
  }
}

const HINT = "forms: p(95) < 800ms · avg < 200ms · max < 2s · rate(errors) < 0.01 · rate(errors) < 1% · count(errors) == 0 · rps >= 100";

type Token =
  | { t: 'ident'; v: string; span: Span }
  | { t: 'number'; v: number; raw: string; span: Span }
  | { t: 'op'; v: Operator; span: Span }
  | { t: '('; span: Span }
  | { t: ')'; span: Span }
  | { t: '%'; span: Span }
  | { t: 'end'; span: Span };

/** Splits an expression into tokens; whitespace separates but is never needed. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '%') {
      out.push({ t: c, span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    if ('<>=!'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = (['<=', '>=', '==', '!='] as const).find((o) => o === two) ?? (c === '<' || c === '>' ? c : undefined);
      if (!op) {
        throw new ThresholdSyntaxError(`'${c}' is not an operator`, i, 'operators: < <= > >= == != (k6 also writes ===; here == is enough)');
      }
      out.push({ t: 'op', v: op, span: { start: i, end: i + op.length } });
      i += op.length;
      // k6 accepts '===': take the third '=' too rather than calling it garbage
      if (op === '==' && text[i] === '=') i++;
      continue;
    }
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'number', v: Number(num[0]), raw: num[0], span: { start: i, end: i + num[0].length } });
      i += num[0].length;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(text.slice(i));
    if (word) {
      out.push({ t: 'ident', v: word[0], span: { start: i, end: i + word[0].length } });
      i += word[0].length;
      continue;
    }
    throw new ThresholdSyntaxError(`unexpected character '${c}'`, i, HINT);
  }
  out.push({ t: 'end', span: { start: text.length, end: text.length } });
  return out;
}

const LATENCY_UNITS: Record<string, number> = { ms: 1, s: 1000, us: 0.001, µs: 0.001 };

/**
 * Parses one threshold expression. Throws ThresholdSyntaxError with the offset of the first problem.
 * @example parseThreshold('p(95) < 800ms').value.normalized === 800
 */
export function parseThreshold(text: string): ThresholdAst {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  const describe = (t: Token) => (t.t === 'end' ? 'the end' : `'${text.slice(t.span.start, t.span.end)}'`);
  const expect = <T extends Token['t']>(type: T, what: string): Extract<Token, { t: T }> => {
    const t = next();
    if (t.t !== type) throw new ThresholdSyntaxError(`expected ${what}, found ${describe(t)}`, t.span.start, HINT);
    return t as Extract<Token, { t: T }>;
  };

  const head = next();
  if (head.t !== 'ident') throw new ThresholdSyntaxError(`expected an aggregate such as p(95), avg or rate(errors), found ${describe(head)}`, head.span.start, HINT);
  let aggregate: Aggregate;
  switch (head.v) {
    case 'p': {
      expect('(', "'(' after p");
      const n = expect('number', 'a percentile between 0 and 100');
      if (!(n.v > 0 && n.v <= 100)) throw new ThresholdSyntaxError(`percentile ${n.raw} is outside (0, 100]`, n.span.start, 'e.g. p(50), p(95), p(99.9)');
      const close = expect(')', "')'");
      aggregate = { kind: 'percentile', p: n.v, span: { start: head.span.start, end: close.span.end } };
      break;
    }
    case 'avg':
    case 'med':
    case 'min':
    case 'max':
      aggregate = { kind: head.v, span: head.span };
      break;
    case 'rps':
      aggregate = { kind: 'rps', span: head.span };
      break;
    case 'errors':
      aggregate = { kind: 'rate', of: 'errors', span: head.span };
      break;
    case 'rate':
    case 'count': {
      expect('(', `'(' after ${head.v}`);
      const of = next();
      if (of.t !== 'ident' || !(COUNTABLES as readonly string[]).includes(of.v)) {
        throw new ThresholdSyntaxError(`${head.v}(...) takes one of ${COUNTABLES.join(', ')}; found ${describe(of)}`, of.span.start, `e.g. ${head.v}(errors), ${head.v}(timeout)`);
      }
      if (head.v === 'rate' && (of.v === 'requests' || of.v === 'dropped')) {
        throw new ThresholdSyntaxError(`rate(${of.v}) is not defined`, of.span.start, of.v === 'requests' ? 'for throughput use rps >= N' : 'use count(dropped) == 0');
      }
      const close = expect(')', "')'");
      aggregate = { kind: head.v, of: of.v as Countable, span: { start: head.span.start, end: close.span.end } };
      break;
    }
    default: {
      const near = ['p', 'avg', 'med', 'min', 'max', 'rate', 'count', 'rps', 'errors'].find((k) => k.startsWith(head.v.slice(0, 2)) && head.v.length > 1);
      throw new ThresholdSyntaxError(`unknown aggregate '${head.v}'`, head.span.start, `${near ? `did you mean '${near}'? ` : ''}${HINT}`);
    }
  }

  const opTok = peek();
  if (opTok.t !== 'op') throw new ThresholdSyntaxError(`expected an operator (< <= > >= == !=), found ${describe(opTok)}`, opTok.span.start, HINT);
  next();
  // a minus is not a token: a negative bound means nothing for any aggregate here
  const numTok = next();
  if (numTok.t !== 'number') throw new ThresholdSyntaxError(`expected a number after '${opTok.v}', found ${describe(numTok)}`, numTok.span.start, HINT);
  let unit: string | undefined;
  let end = numTok.span.end;
  const after = peek();
  if (after.t === 'ident' || after.t === '%') {
    next();
    unit = after.t === '%' ? '%' : after.v;
    end = after.span.end;
    if (after.t === 'ident' && after.span.start !== numTok.span.end && !LATENCY_UNITS[after.v]) {
      throw new ThresholdSyntaxError(`unexpected ${describe(after)} after the number`, after.span.start, HINT);
    }
  }
  const trailing = peek();
  if (trailing.t !== 'end') throw new ThresholdSyntaxError(`unexpected ${describe(trailing)} after the threshold`, trailing.span.start, 'one comparison per threshold; write a second threshold for a second bound');

  const isLatency = aggregate.kind === 'percentile' || aggregate.kind === 'avg' || aggregate.kind === 'med' || aggregate.kind === 'min' || aggregate.kind === 'max';
  let normalized = numTok.v;
  const unitAt = unit === undefined ? numTok.span.end : end - unit.length;
  if (isLatency) {
    if (unit !== undefined) {
      const f = LATENCY_UNITS[unit];
      if (f === undefined) throw new ThresholdSyntaxError(`'${unit}' is not a time unit`, unitAt, 'latency units: ms, s, us (none = ms)');
      normalized = numTok.v * f;
    }
  } else if (aggregate.kind === 'rate') {
    if (unit === '%') normalized = numTok.v / 100;
    else if (unit !== undefined) throw new ThresholdSyntaxError(`a rate takes a fraction (0.01) or a percentage (1%), not '${unit}'`, unitAt, 'rate(errors) < 0.01 or rate(errors) < 1%');
    if (normalized > 1) throw new ThresholdSyntaxError(`a rate is a fraction between 0 and 1; ${numTok.raw}${unit ?? ''} is more than 1`, numTok.span.start, 'write 1% as 0.01 or 1%');
  } else if (unit !== undefined) {
    throw new ThresholdSyntaxError(`${aggregate.kind} takes a plain number, not '${unit}'`, unitAt, aggregate.kind === 'rps' ? 'rps >= 100' : 'count(errors) == 0');
  } else if (aggregate.kind === 'count' && !Number.isInteger(numTok.v)) {
    throw new ThresholdSyntaxError(`a count is a whole number, got ${numTok.raw}`, numTok.span.start, 'count(errors) == 0');
  }
  return {
    text,
    aggregate,
    op: { value: opTok.v, span: opTok.span },
    value: { number: numTok.v, unit, normalized, span: { start: numTok.span.start, end } },
  };
}

/** What a threshold is judged against; latency in ms. */
export interface ThresholdMetrics {
  latency: { count: number; min: number; max: number; mean: number; percentile(p: number): number };
  counts: Record<Countable, number>;
  /** completed requests per second over the measured window */
  rps: number;
}

export interface ThresholdVerdict {
  expression: string;
  ok: boolean;
  /** the measured value in the aggregate's unit (ms, fraction, count, req/s) */
  observed: number;
  /** the observed value written like the bound: '812.4ms', '0.3%', '17', '98.2 req/s' */
  observedText: string;
  /** what the expression names, e.g. 'p(95)', 'rate(errors)' */
  aggregate: string;
}

export function aggregateName(a: Aggregate): string {
  switch (a.kind) {
    case 'percentile':
      return `p(${a.p})`;
    case 'rate':
    case 'count':
      return `${a.kind}(${a.of})`;
    default:
      return a.kind;
  }
}

/** The measured value a threshold's aggregate names. */
export function observe(a: Aggregate, m: ThresholdMetrics): number {
  switch (a.kind) {
    case 'percentile':
      return m.latency.percentile(a.p);
    case 'avg':
      return m.latency.mean;
    case 'med':
      return m.latency.percentile(50);
    case 'min':
      return m.latency.min;
    case 'max':
      return m.latency.max;
    case 'rps':
      return m.rps;
    case 'count':
      return m.counts[a.of];
    case 'rate':
      return m.counts.requests === 0 ? 0 : m.counts[a.of] / m.counts.requests;
  }
}

function compare(observed: number, op: Operator, bound: number): boolean {
  switch (op) {
    case '<':
      return observed < bound;
    case '<=':
      return observed <= bound;
    case '>':
      return observed > bound;
    case '>=':
      return observed >= bound;
    case '==':
      return observed === bound;
    case '!=':
      return observed !== bound;
  }
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/**
 * Judges one parsed threshold. A latency threshold with no completed request fails: nothing was shown to be fast.
 * @example evaluate(parseThreshold('count(errors) == 0'), metrics).ok
 */
export function evaluate(ast: ThresholdAst, m: ThresholdMetrics): ThresholdVerdict {
  const a = ast.aggregate;
  const observed = observe(a, m);
  const latency = a.kind === 'percentile' || a.kind === 'avg' || a.kind === 'med' || a.kind === 'min' || a.kind === 'max';
  const ok = latency && m.latency.count === 0 ? false : compare(observed, ast.op.value, ast.value.normalized);
  let observedText: string;
  if (latency) observedText = m.latency.count === 0 ? 'no completed requests' : `${round(observed)}ms`;
  else if (a.kind === 'rate') observedText = ast.value.unit === '%' ? `${round(observed * 100)}%` : `${round(observed, 5)}`;
  else if (a.kind === 'rps') observedText = `${round(observed, 1)} req/s`;
  else observedText = String(observed);
  return { expression: ast.text, ok, observed: round(observed, 6), observedText, aggregate: aggregateName(a) };
}

/** A caret line under the expression, for terminal messages. */
export function caret(text: string, offset: number): string {
  return `${text}\n${' '.repeat(Math.max(0, offset))}^`;
}
