// `participantXRoad`: the X-Road header rules over every message the participant sent in this scenario. The judge
// is the protocol's (conformance/protocol/xroad.ts).
import { z } from 'zod';
import { P } from '../../protocol/messages.ts';
import { judgeXRoad } from '../../protocol/xroad.ts';
import { defineAssertForm } from './form.ts';

export const participantXRoadForm = defineAssertForm({
  name: 'participantXRoad',
  title: P.formParticipantXRoad,
  schema: z.strictObject({ to: z.string().min(1) }),
  judge: (spec, ctx) => judgeXRoad(ctx, spec),
});
