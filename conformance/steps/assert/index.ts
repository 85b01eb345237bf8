// The assertion registry, keyed by the form's name under `that` (docs/en/guide.md §5.5, `assert`). Adding a form =
// one file + one line here; a name listed twice stops polihon at start. The order is the schema's (editors list
// the forms in it).
import { msg } from '../../../core/i18n.ts';
import { S } from '../messages.ts';
import { registry } from '../types.ts';
import { copiesHeldForm } from './copies-held.ts';
import { deliveryForm } from './delivery.ts';
import { diiaShownForm } from './diia-shown.ts';
import { eisDeliveryForm } from './eis-delivery.ts';
import { eisExchangeForm } from './eis-exchange.ts';
import { eisRegistrationForm } from './eis-registration.ts';
import { equalsForm } from './equals.ts';
import { fieldsForm } from './fields.ts';
import type { AssertForm } from './form.ts';
import { hrAnswerForm } from './hr-answer.ts';
import { journalCountForm } from './journal-count.ts';
import { participantActionForm } from './participant-action.ts';
import { participantChannelForm } from './participant-channel.ts';
import { participantJournalForm } from './participant-journal.ts';
import { participantRequestForm } from './participant-request.ts';
import { participantXRoadForm } from './participant-xroad.ts';
import { sameKyivDayForm } from './same-kyiv-day.ts';

/** Builds an assertion registry; throws E_INTERNAL when two forms share a name. */
export function assertFormRegistry(forms: readonly AssertForm[]): Readonly<Record<string, AssertForm>> {
  return registry(msg(S.registryAssertForm), forms, (f) => f.name);
}

export const ASSERT_FORMS = assertFormRegistry(
  [
    sameKyivDayForm,
    equalsForm,
    journalCountForm,
    participantActionForm,
    participantJournalForm,
    fieldsForm,
    hrAnswerForm,
    copiesHeldForm,
    participantRequestForm,
    deliveryForm,
    participantXRoadForm,
    diiaShownForm,
    // ЄІС МВС (issue 11)
    eisRegistrationForm,
    eisDeliveryForm,
    eisExchangeForm,
    // Трембіта consumers: the channel alone (XCH-05)
    participantChannelForm,
  ] as AssertForm[],
);
