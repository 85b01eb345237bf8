// Fault switches of the reference hromada registry (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail.

export const FAULTS = [
  {
    name: 'send-next-day',
    breaks: ['DMS-02'],
    description:
      'Queues acts and sends them to ДМС only once the simulator clock shows a Kyiv date after the day the action was performed (performedAt stays the true action time).',
  },
  {
    name: 'complete-without-confirmation',
    breaks: ['DMS-04'],
    description: 'When ДМС answers 202 (received, no confirmation yet) the action is marked complete at once.',
  },
  {
    name: 'ignore-cancellation',
    breaks: ['DMS-01'],
    description: 'A cancellation action is accepted by the driver (202 {ref}) but never sent to ДМС.',
  },
  {
    name: 'late-verification-answer',
    breaks: ['DMS-07'],
    description:
      'A verification request is acknowledged at once but answered only after 4 working days have passed since receipt (and after its answerBy).',
  },
  {
    name: 'invalid-rnokpp',
    breaks: ['DMS-01'],
    description:
      'Acts carry the person’s РНОКПП with a wrong check digit (only the last digit changed); persons without a РНОКПП are sent unchanged.',
  },
  {
    name: 'duplicate-act',
    breaks: ['DMS-06'],
    description: 'Every declaration/registration act is sent twice: the second time under a new actId with the same content.',
  },
  {
    name: 'no-journal',
    breaks: ['XCH-03'],
    description: 'Outgoing acts are not recorded in the participant’s own exchange journal.',
  },
  {
    name: 'bypass-trembita',
    breaks: ['DMS-09'],
    description:
      'Acts and their status polls go straight to ДМС’s own address even when Трембіта (its security server) is known; verification answers still go to replyTo.',
  },
  {
    name: 'no-xroad-userid',
    breaks: ['DMS-09'],
    description: 'Calls through Трембіта carry no X-Road-UserId header (the officer on whose behalf the registry acts).',
  },
  {
    name: 'reuse-xroad-id',
    breaks: ['DMS-09'],
    description: 'Every call through Трембіта carries the same X-Road-Id (one drawn at reset) instead of a fresh one per message.',
  },
  {
    name: 'bypass-trembita-for-cancellations',
    breaks: ['DMS-09'],
    description:
      'Cancellation acts and their status polls go straight to ДМС’s own address when it is known; every other kind and the verification answers go through Трембіта.',
  },
  {
    name: 'crash-on-verification',
    breaks: [],
    description: 'Harness robustness, not a rule: the process exits with code 1 when a verification request arrives.',
  },
  {
    name: 'hang-driver',
    breaks: [],
    description: 'Harness robustness, not a rule: POST /driver/actions never answers.',
  },
  {
    name: 'only-unzr',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: persons are named by УНЗР alone (no РНОКПП) wherever they have one; the contract asks for at least one of the two.',
  },
  {
    name: 'only-rnokpp',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: persons are named by РНОКПП alone (no УНЗР) wherever they have one; the contract asks for at least one of the two.',
  },
  {
    name: 'unzr-no-dash',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: УНЗР is sent as 13 digits without its dash (the contract pattern allows both).',
  },
  {
    name: 'reorder-keys',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: every JSON object sent to ДМС has its keys in reverse order (JSON objects are unordered).',
  },
  {
    name: 'offset-times',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: instants are sent in Kyiv local time with its offset (+02:00 or +03:00) instead of Z.',
  },
  {
    name: 'media-type-case',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: JSON bodies go with Content-Type `Application/JSON; Charset=UTF-8` (media types are case-insensitive, RFC 9110).',
  },
  {
    name: 'send-after-midnight',
    breaks: ['DMS-02'],
    description: 'Sends each act at 00:30 Kyiv of the day after the action: half an hour into the next day is not the same day.',
  },
  // Wrong data, on time: each act arrives on the day and is well-formed, but does not say what the officer did.
  {
    name: 'swap-names',
    breaks: ['DMS-01'],
    description: 'Acts carry the person’s first name as the last name and the last name as the first (identifiers and everything else right).',
  },
  {
    name: 'performed-at-day-off',
    breaks: ['DMS-01'],
    description: 'Acts say the action was performed a day earlier than it was (they are still sent on the right day).',
  },
  {
    name: 'other-address',
    breaks: ['DMS-01'],
    description: 'Acts carry another address than the officer registered (a flat number added to the address text).',
  },
  // Correct-but-unusual variants: they break nothing, and the self-test requires a PASS; they rely on GET /driver/wake.
  {
    name: 'send-later-same-day',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: sends each act 3 virtual hours after the action (by 23:59 at the latest), the same Kyiv day.',
  },
  {
    name: 'end-of-day-batch',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: sends the day’s acts together at 23:00 Kyiv (at once for an action performed after 23:00).',
  },
  {
    name: 'poll-own-schedule',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: asks ДМС for a confirmation only at each full virtual hour, not when the clock moves or at once after sending.',
  },
  {
    name: 'retry-same-id',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: takes the first answer to each act as lost and sends the act again with the same actId and bytes.',
  },
  {
    name: 'slow-work',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: prepares each act for 1–2 s of real time before sending it, saying `busy` at GET /driver/wake meanwhile.',
  },
  {
    name: 'no-wake-hints',
    breaks: [],
    variant: true,
    description:
      'Correct variant, must pass: the driver does not serve the optional GET /driver/wake (404), so the harness walks every hour with its settle window; combine it with another variant.',
  },
  // Harness robustness (issue 9 item 10): a participant that reaches for the harness's control API.
  {
    name: 'tamper-control',
    breaks: [],
    description:
      'Harness robustness, not a rule: at every POST /driver/reset it tries the control API on the simulators’ ports — resets ДМС, moves the clock, deletes faults, revokes ДМС’s right to call it on Трембіта, reads the journal — and logs the answers; the harness must refuse each, report it, and judge as before.',
  },
  // Wrong data, on time (issue 8 item 2): the message arrives, well-formed, but does not say what the harness knows.
  {
    name: 'cancel-wrong-act',
    breaks: ['DMS-01'],
    description:
      'A cancellation names another act than the one cancelled as cancelsActId: the person’s most recent other act (ДМС takes it), else the registry’s most recent other act.',
  },
  {
    name: 'verification-lists-others',
    breaks: ['DMS-07'],
    description: 'A verification answer lists another resident’s registration beside the person’s own (found still says only whether the person is held).',
  },
  {
    name: 'found-after-removal',
    breaks: ['DMS-07'],
    description: 'A person removed from their place of residence is still answered found, with the registration the removal took away.',
  },
  {
    name: 'drop-first-entry',
    breaks: ['DMS-01'],
    description: 'Acts never carry firstEntry, even when the officer says the person enters ЄДДР for the first time.',
  },
  {
    name: 'registrations-reversed',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: a verification answer lists the person’s registrations newest first (the contract gives the list no order).',
  },
  // The journal judged for completeness (XCH-03) and malformed verification requests refused (DMS-07).
  {
    name: 'journal-some-kinds',
    breaks: ['XCH-03'],
    description:
      'The exchange journal records declaration acts only: other kinds of act, status polls, verification requests and answers, confirmations are left out.',
  },
  {
    name: 'journal-hash-only',
    breaks: ['XCH-03'],
    description: 'GET /driver/journal shows each entry with its sha256 alone: no message id, direction, counterpart or time.',
  },
  {
    name: 'accept-malformed-verification',
    breaks: ['DMS-07'],
    description:
      'Answers 202 to any verification request body, a malformed one too (no person, a РНОКПП that is not 10 digits, not JSON); the malformed ones are not processed further.',
  },
  {
    name: 'journal-unusual',
    breaks: [],
    variant: true,
    description:
      'Correct variant, must pass: journal entries name ДМС by its X-Road subsystem, carry the hash in upper-case hex, times in Kyiv local time with their offset, keys in another order and fields of their own besides.',
  },
  // Faults that show only for some kinds, days, hours or persons (issue 8): every other act or answer is right, so
  // only scenarios that hit the kind, the weekend, the late hour, summer time, the holiday or the second person see them.
  {
    name: 'late-for-removals',
    breaks: ['DMS-02'],
    description:
      'Removal acts are sent only at 09:00 Kyiv of the next working day (left for the morning’s office work); declarations, registrations and cancellations go at once.',
  },
  {
    name: 'weekend-on-monday',
    breaks: ['DMS-02'],
    description: 'Acts of actions performed on a Saturday or Sunday (Kyiv) wait until 09:00 of the next Monday; weekday acts go at once.',
  },
  {
    name: 'hour-later-uncapped',
    breaks: ['DMS-02'],
    description:
      'Sends each act one virtual hour after the action with no same-day cap, so only actions after 23:00 Kyiv cross midnight (compare the correct send-later-same-day).',
  },
  {
    name: 'fixed-offset-batch',
    breaks: ['DMS-02'],
    description:
      'The end-of-day batch of end-of-day-batch, but its 23:00 is taken at a fixed UTC+02:00: right in winter, 00:00 Kyiv of the next day in summer time.',
  },
  {
    name: 'peacetime-calendar',
    breaks: ['DMS-07'],
    description:
      'Answers a verification request at 22:00 Kyiv of the last of 3 working days counted on the peace-time calendar (holidays and transfer days off) under martial law: late only when a holiday falls in the window.',
  },
  {
    name: 'answer-last-day',
    breaks: [],
    variant: true,
    description:
      'Correct variant, must pass: answers a verification request at 22:00 Kyiv of the last of its 3 working days, counted on the calendar in force (the clock’s martialLaw; martial law when it does not say).',
  },
  {
    name: 'second-person-wrong',
    breaks: ['DMS-01'],
    description:
      'The address is cached per Kyiv day: every act after the day’s first carries the address of the day’s first act (the first person’s), whoever it is about.',
  },
] as const;
