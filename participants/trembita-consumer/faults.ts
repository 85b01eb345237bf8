// Fault switches of the reference Трембіта consumer (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail.

export const FAULTS = [
  {
    name: 'missing-client-header',
    breaks: ['TRB-01'],
    description: 'SOAP requests go out without the X-Road client header field (every other field is there).',
  },
  {
    name: 'no-userid',
    breaks: ['TRB-01'],
    description: 'SOAP requests go out without the userId header field, though an officer triggered the call.',
  },
  {
    name: 'wrong-protocol-version',
    breaks: ['TRB-01'],
    description: 'SOAP requests say protocolVersion 3.1 instead of 4.0 — not a 4.x version, which a real security server refuses (InvalidProtocolVersion).',
  },
  {
    name: 'protocol-version-4-1',
    breaks: [],
    variant: true,
    description: 'Correct but unusual, must pass: SOAP requests say protocolVersion 4.1 — a real security server takes any 4.x.',
  },
  {
    name: 'rest-no-client-header',
    breaks: ['TRB-03'],
    description: 'REST (r1) requests go out without the X-Road-Client header.',
  },
  {
    name: 'call-ungranted',
    breaks: ['TRB-04'],
    description:
      'Does not check allowedMethods before calling: a service the consumer has no right to is called anyway (the security server answers AccessDenied).',
  },
  {
    name: 'reuse-message-id',
    breaks: ['TRB-06'],
    description: 'Every call after the first reuses the first call’s message id (SOAP id and X-Road-Id).',
  },
  {
    name: 'no-journal',
    breaks: ['XCH-03'],
    description: 'Calls sent to the security server (and the answers) are not recorded in the consumer’s own exchange journal.',
  },
  {
    name: 'bypass-security-server',
    breaks: ['XCH-05'],
    description:
      'When its security server reports a call timed out (ServiceFailed.IOError, NetworkError, or no answer in time), the call is sent again straight to the provider’s own address, around the security server.',
  },
  {
    name: 'retry-after-timeout',
    breaks: [],
    variant: true,
    description:
      'Correct but unusual, must pass: when its security server reports a call timed out, the call is sent once more through the security server, with a fresh message id.',
  },
] as const;
