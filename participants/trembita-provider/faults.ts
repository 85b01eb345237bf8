// Fault switches of the reference Трембіта provider (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail.

export const FAULTS = [
  {
    name: 'no-echo-userid',
    breaks: ['TRB-02'],
    description: 'The response header leaves out the userId and issue fields of the request (all others are copied).',
  },
  {
    name: 'drop-issue',
    breaks: ['TRB-02'],
    description:
      'The response header leaves out the request’s issue field (userId and all others are copied); a real security server answers the client InconsistentResponse.',
  },
  {
    name: 'wrong-protocol-version',
    breaks: ['TRB-02'],
    description:
      'The response header says protocolVersion 3.1 instead of copying the request’s 4.0 — not a 4.x version, which a real security server refuses (InvalidProtocolVersion).',
  },
  {
    name: 'reorder-header',
    breaks: [],
    variant: true,
    description:
      'Correct but unusual, must pass: the response header copies every field with its value, but protocolVersion first — a real security server compares the fields by value, not their order.',
  },
  {
    name: 'protocol-version-4-1',
    breaks: [],
    variant: true,
    description: 'Correct but unusual, must pass: the response header says protocolVersion 4.1 where the request said 4.0 — a real security server takes any 4.x.',
  },
  {
    name: 'html-500-on-malformed',
    breaks: ['TRB-05'],
    description:
      'A request the service cannot read (not XML, no X-Road header, wrong body; or a REST call with a bad path or JSON) gets an HTML “500 Internal Server Error” page instead of a SOAP Fault / JSON error body.',
  },
  {
    name: 'business-error-as-500',
    breaks: ['TRB-05'],
    description:
      'A business error (an invalid РНОКПП or УНЗР in a well-formed request) is answered as a transport failure: HTTP 500, text/plain, no fault element and no X-Road header.',
  },
  {
    name: 'no-journal',
    breaks: ['XCH-03'],
    description: 'Messages received from the security server (and the answers to them) are not recorded in the provider’s own exchange journal.',
  },
] as const;
