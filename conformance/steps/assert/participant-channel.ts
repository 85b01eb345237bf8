// `participantChannel`: the channel rule alone — every call the participant made to `to` (of `services`, when
// named) came through Трембіта, none around it, and there was one at least (XCH-05 for a Трембіта consumer, whose
// header rules TRB-01/TRB-03/TRB-06 judge). The judge is the protocol's (conformance/protocol/xroad.ts).
import { z } from 'zod';
import { P } from '../../protocol/messages.ts';
import { judgeChannel } from '../../protocol/xroad.ts';
import { defineAssertForm } from './form.ts';

export const participantChannelForm = defineAssertForm({
  name: 'participantChannel',
  title: P.formParticipantChannel,
  schema: z.strictObject({ to: z.string().min(1), services: z.array(z.string().min(1)).min(1).optional() }),
  judge: (spec, ctx) => judgeChannel(ctx, spec),
});
