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
    name: 'crash-on-verification',
    breaks: [],
    description: 'Harness robustness, not a rule: the process exits with code 1 when a verification request arrives.',
  },
  {
    name: 'hang-driver',
    breaks: [],
    description: 'Harness robustness, not a rule: POST /driver/actions never answers.',
  },
] as const;
