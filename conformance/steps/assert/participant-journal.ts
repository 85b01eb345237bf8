// `participantJournal` (XCH-03): every message exchanged with the participant in these services, both ways, has an
// entry in its own journal with the same body SHA-256, the message's id, direction, counterpart and time. The judge
// is the protocol's (conformance/protocol/journal.ts).
import { z } from 'zod';
import { judgeParticipantJournal } from '../../protocol/journal.ts';
import { S } from '../messages.ts';
import { defineAssertForm } from './form.ts';

export const participantJournalForm = defineAssertForm({
  name: 'participantJournal',
  title: S.formParticipantJournal,
  schema: z.strictObject({ services: z.array(z.string()).min(1) }),
  judge: (spec, ctx) => judgeParticipantJournal(ctx, spec.services),
});
