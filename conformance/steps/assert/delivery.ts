// `delivery`: what the participant answered a Трембіта delivery (a `trembita.deliver` call step): `of:
// "${steps.<id>}"`. `echoed`: the response header repeats the request's (TRB-02); `fault`: the answer is a SOAP Fault
// (`soap`), a business error the X-Road way — the Annex D.2 fault element or a SOAP Fault (`business`), or a REST
// error body — 4xx JSON (`rest`); never an HTML page or a bare transport error (TRB-05). The judge is the
// protocol's (conformance/protocol/delivery.ts).
import { z } from 'zod';
import { judgeDelivery } from '../../protocol/delivery.ts';
import { S } from '../messages.ts';
import { defineAssertForm } from './form.ts';

export const deliveryForm = defineAssertForm({
  name: 'delivery',
  title: S.formDelivery,
  schema: z.strictObject({
    of: z.unknown(),
    echoed: z.literal(true).optional(),
    fault: z.enum(['soap', 'business', 'rest']).optional(),
  }),
  check: (spec) =>
    spec.echoed === undefined && spec.fault === undefined ? { message: 'a delivery assertion needs `echoed: true` or `fault`', hint: 'fault: soap | business | rest' } : undefined,
  judge: (spec, ctx) => judgeDelivery(ctx, spec),
});
