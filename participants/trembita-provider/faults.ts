// Fault switches of the reference Трембіта provider (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail.

export const FAULTS = [
  {
    name: 'no-echo-userid',
    breaks: ['TRB-02'],
    description: 'The response header leaves out the userId and issue fields of the request (all others are copied).',
  },
  {
    name: 'wrong-protocol-version',
    breaks: ['TRB-02'],
    description:
      'The response header says protocolVersion 3.1 instead of copying the request’s 4.0 — the response no longer echoes the request header.',
  },
  {
    name: 'reorder-header',
    breaks: ['TRB-02'],
    description: 'The response header copies every field with its value, but protocolVersion first, then the rest: not in the request’s order.',
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
