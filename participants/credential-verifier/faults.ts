// Fault switches of the reference credential verifier (env PARTICIPANT_FAULTS, comma-separated). Plain data: the
// harness's self-test reads this file to learn which requirement ids each switch must make fail.

export const FAULTS = [
  {
    name: 'cache-positive',
    breaks: ['DIIA-10'],
    description:
      'Keeps a positive answer by the credential’s documentId (from the scanned link) and shows it again for the same official’s next scanned presentation without calling Дія.',
  },
  {
    name: 'own-clock-expiry',
    breaks: ['DIIA-05'],
    description:
      'Decides expiry itself: reads a typed code’s expiresAt (read-only resolve) and judges it on its own clock — the simulators’ time taken once at reset, run on by the wall clock — overriding Дія’s answer: Дія’s code-expired becomes “code not found” while its own clock says the code is fresh (and Дія’s valid becomes expired once its own clock is past expiresAt).',
  },
  {
    name: 'accept-reused',
    breaks: ['DIIA-06'],
    description: 'Shows “valid” when Дія answers code-used (with the fields it saw for that code before, if any).',
  },
  {
    name: 'valid-when-down',
    breaks: ['DIIA-10', 'DIIA-15'],
    description: 'Shows “valid” when Дія is unavailable, does not answer in time or Трембіта cannot reach it.',
  },
  {
    name: 'skip-trembita',
    breaks: ['DIIA-16'],
    description: 'Calls the Дія simulator’s own address (simulators.diia) directly instead of going through Трембіта.',
  },
  {
    name: 'no-fields',
    breaks: ['DIIA-07'],
    description: 'Shows “valid” without the ten fields of the e-credential (the verdict and the message only).',
  },
  {
    name: 'typed-only',
    breaks: ['DIIA-11'],
    description: 'The scan path does nothing: the “Сканувати QR” button does not open the camera, and a scanned link given to the driver is not verified.',
  },
  {
    name: 'silent',
    breaks: ['DIIA-12'],
    description: 'Shows no message after a verification (the verdict attribute and the fields are still there).',
  },
  {
    name: 'spaced-code',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: a typed code may carry dashes, dots and slashes as well as spaces; all are stripped before the 13 digits go to Дія.',
  },
  {
    name: 'slow-ui',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: the result is shown 2 s after Дія’s answer (driver and page alike).',
  },
  {
    name: 'retry-once',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: a call that fails at the network level (no answer at all) is sent once more, with a new X-Road-Id — still one presentation.',
  },
  {
    name: 'qr-as-barcode',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: what is read or typed goes by its form — 13 digits as barcode, a Дія link as qrCode — whichever path it came by.',
  },
  // the two refusals of DIIA-06 the switches above leave untested: a code Дія never issued, and no code at all
  {
    name: 'accept-unknown',
    breaks: ['DIIA-06'],
    description: 'Shows “valid” (without fields) when Дія answers that it never issued the code (unknown-code).',
  },
  {
    name: 'empty-is-valid',
    breaks: ['DIIA-06'],
    description: 'Shows “valid” when the officer submits the check with no code entered, without calling Дія.',
  },
  // Дія copies (issue 10 item 5): the participant as copy-recipient. `role` says which role's scenarios judge the
  // switch; the switches above (no role) are the credential-verifier's.
  {
    name: 'keep-copies',
    role: 'copy-recipient',
    breaks: ['DIIA-15'],
    description: 'Keeps every copy it received past its keepUntil: nothing is ever deleted.',
  },
  {
    name: 'accept-any-sender',
    role: 'copy-recipient',
    breaks: ['DIIA-13'],
    description: 'Takes a copy from any caller (any X-Road-Client, or none), not only from Дія’s subsystem — a “copy” the person never consented to in Дія.',
  },
  {
    name: 'reject-copies',
    role: 'copy-recipient',
    breaks: ['DIIA-13'],
    description: 'Answers every copy Дія delivers with {"success": false} and keeps none.',
  },
  {
    name: 'assume-consent',
    role: 'copy-recipient',
    breaks: ['DIIA-13'],
    description: 'Counts a copy as received as soon as Дія takes the request (awaiting consent), before the person has answered — its list shows copies the person may never give.',
  },
  {
    name: 'copy-slow-ack',
    role: 'copy-recipient',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: answers Дія’s delivery 2 s late (the copy is kept at once; well inside Трембіта’s timeout).',
  },
  {
    name: 'delete-early',
    role: 'copy-recipient',
    breaks: [],
    variant: true,
    description: 'Correct variant, must pass: deletes each copy an hour after receipt, once its purpose is served, well before keepUntil — keeping a copy shorter than allowed is no breach.',
  },
] as const;
