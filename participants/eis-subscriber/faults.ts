// Fault switches of the reference ЄІС МВС participant (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail; a `variant` is
// correct but unusual and must pass.

export const FAULTS = [
  {
    name: 'never-ack',
    breaks: ['EIS-MODE-01'],
    description: 'Takes notification–acknowledgement messages and processes them, but never acknowledges one: each is resent and finally reported undelivered.',
  },
  {
    name: 'ack-before-store',
    breaks: ['EIS-MODE-01'],
    description:
      'Acknowledges a message before it is stored (the write follows 5 s later, unsynced): a crash in between — the `restart` action — loses messages it has already acknowledged.',
  },
  {
    name: 'process-duplicates',
    breaks: ['EIS-MODE-01'],
    description: 'Processes a message it has seen again when the same message id comes a second time (a duplicated envelope or a resend).',
  },
  {
    name: 'ignore-rework',
    breaks: ['EIS-REG-03'],
    description: 'Resubmits an application returned for rework without fixing the fields the reasons name.',
  },
  {
    name: 'no-purpose',
    breaks: ['XCH-01'],
    description: 'Sends its requests to ЄІС МВС without the purpose.',
  },
  {
    name: 'extra-fields',
    breaks: ['XCH-01'],
    description: 'Its answers to ЄІС МВС’s requests carry fields beyond the agreed set (an internal note and the operator).',
  },
  {
    name: 'late-outage-notice',
    breaks: ['XCH-04'],
    description: 'Gives notice of an outage on the 3rd working day after the day it began, one day late.',
  },
  {
    name: 'wrong-certificate',
    breaks: ['EIS-ACC-01'],
    description:
      'Its ОТД binds another certificate (one it made itself) to its subsystem, not the one it presents in an mTLS run: every system-to-system call is refused admission.',
  },
  {
    name: 'unsigned-application',
    breaks: ['EIS-REG-02'],
    description: 'Files its application with the questionnaire but without the signature (and signs it only when refused).',
  },
  {
    name: 'skip-otd',
    breaks: ['EIS-REG-01'],
    description: 'Reports the ОТД filed without filing it, and then asks for activation.',
  },
  {
    name: 'skip-letter',
    breaks: ['EIS-REG-04'],
    description: 'Never reads the letter with integration recommendations after registration.',
  },
  {
    name: 'no-journal',
    breaks: ['XCH-03'],
    description: 'Keeps no exchange journal of the messages it receives (GET /driver/journal shows only what it sent).',
  },
  {
    name: 'reorder-keys',
    breaks: [],
    variant: true,
    description: 'Correct but unusual, must pass: writes every JSON body with its keys in reverse order (signatures cover the canonical form, so they still verify).',
  },
  {
    name: 'slow-ack',
    breaks: [],
    variant: true,
    description: 'Correct but unusual, must pass: the first 8 deliveries after a reset (a cold start) are acknowledged after 2 s, inside the timeout.',
  },
  {
    name: 'ack-later',
    breaks: [],
    variant: true,
    description: 'Correct but unusual, must pass: answers a delivery 202 without an ack and acknowledges it a moment later on /eis/v1/acks.',
  },
  {
    name: 'outage-notice-last-day',
    breaks: [],
    variant: true,
    description: 'Correct but unusual, must pass: gives notice of an outage on the 2nd working day after the day it began, at 23:00 Kyiv — the last hour in time.',
  },
  // XCH-02, XCH-06: what the participant signs verifies over what it files; it presents a certificate of the test CA
  {
    name: 'sign-other-bytes',
    breaks: ['XCH-02'],
    description:
      'Files its ОТД first with a signature over other bytes (the canonical JSON with a newline after it, as a file holds it), which does not verify over the ОТД it files; signs it rightly only once refused.',
  },
  {
    name: 'foreign-ca',
    breaks: ['XCH-06'],
    description:
      'Presents, in an mTLS run, a certificate issued by a CA it made itself, not by the test CA; presents the run’s certificate only once its admission is refused.',
  },
] as const;
