// The roles a participant can play, apart from the catalog that loads YAML and zod: `polihon --help` lists them and
// must start without loading either.

/** Roles a participant can play (the catalog's `roles`), plus `simulator` for rules only a simulated counterpart keeps. */
export const PARTICIPANT_ROLES = [
  'eis-subscriber',
  'trembita-provider',
  'trembita-consumer',
  'hromada-registry',
  'credential-verifier',
  'hr-system',
  'eis-applicant',
  'copy-recipient',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
