// The base app every simulator face is mounted on.
import { Hono } from 'hono';
import { problem } from '../../core/problem.ts';
import type { SimulatorContext } from '../../core/simulator.ts';
import { SIMULATOR_HEADER, TIME_HEADER } from './headers.ts';

export interface SimulatorAppOptions {
  name: string;
  ctx: SimulatorContext;
}

/**
 * A hono app with what every simulator face needs: `X-Polihon-Time` and `X-Polihon-Simulator` on every answer,
 * problem+json for unknown paths, and a 500 problem (not a crash) for a bug in a handler.
 */
export function createSimulatorApp({ name, ctx }: SimulatorAppOptions): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    // A connection reset has no headers to carry.
    if (c.res.type === 'error') return;
    try {
      c.res.headers.set(TIME_HEADER, new Date(ctx.clock.now()).toISOString());
      c.res.headers.set(SIMULATOR_HEADER, name);
    } catch {
      // immutable headers (a response passed through from fetch): copy it once
      const res = new Response(c.res.body, c.res);
      res.headers.set(TIME_HEADER, new Date(ctx.clock.now()).toISOString());
      res.headers.set(SIMULATOR_HEADER, name);
      c.res = res;
    }
  });
  app.onError((err, c) =>
    problem({
      code: 'internal-error',
      title: 'Internal error in the simulator',
      status: 500,
      detail: `${c.req.method} ${new URL(c.req.url).pathname} failed: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'This is a bug in polihon, not in the participant; the simulator keeps serving. Please report it.',
    }),
  );
  app.notFound((c) =>
    problem({
      code: 'not-found',
      title: 'No such resource',
      status: 404,
      detail: `${name} has no ${c.req.method} ${new URL(c.req.url).pathname}`,
      hint: `See the ${name} simulator's published contract (openapi.yaml) for its paths; the control API is under /__polihon/.`,
    }),
  );
  return app;
}
