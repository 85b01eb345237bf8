// Fault switches of the reference HR management system (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail.

export const FAULTS = [
  {
    name: 'stale-after-dismissal',
    breaks: ['DIIA-08'],
    description: 'Keeps serving employment “active” (and no dismissedAt) for an official after the day of dismissal.',
  },
  {
    name: 'missing-position',
    breaks: ['DIIA-04'],
    description: 'Leaves the position out of every official’s record.',
  },
  {
    name: 'serve-anyone',
    breaks: ['DIIA-15'],
    description: 'Serves an official’s record to any caller, not only to Дія’s subsystem (X-Road-Client is not checked).',
  },
  {
    name: 'outage',
    breaks: ['DIIA-03'],
    description: 'The HR service is down: every request for an official’s record is answered 503.',
  },
  {
    name: 'wrong-person',
    breaks: ['DIIA-08'],
    description: 'Answers with another official’s data (names, position, credential, contacts) under the РНОКПП asked for.',
  },
  {
    name: 'reorder-keys',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: the keys of every JSON object it answers come in reverse order (JSON objects are unordered).',
  },
  {
    name: 'extra-fields',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: records carry HR fields beyond the contract (personnel number, department, rank).',
  },
  {
    name: 'no-middle-name',
    breaks: [],
    variant: true,
    description:
      'Correct variant, must pass: an official without a patronymic is served with "middleName": "" (an empty string) instead of no key at all, as many HR databases keep it.',
  },
  {
    name: 'slow-answer',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: every answer to Дія comes 2 s late (well inside Трембіта’s timeout).',
  },
  // Дія scenarios for hr-system (issue 10 item 5): the true term of the physical credential
  {
    name: 'hide-expired',
    breaks: ['DIIA-01'],
    description: 'Leaves the credential’s expiryDate out of the record once that date has passed, as if the credential had no term — so Дія forms an е-Посвідчення of an expired credential.',
  },
] as const;
