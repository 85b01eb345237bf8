// What ДМС publishes to the rest of polihon besides its registry line (entry.ts): its address on Трембіта and the
// wire shapes of its API. Everything else in this folder is ДМС's own; the linter refuses an import of it from outside
// (docs/decisions/0001-layout-and-dependency-rule.md).

/** ДМС's subsystem on Трембіта's test instance (simulators/trembita/registry.yaml; member code not confirmed, protocol-facts §4.1). */
export const DMS_XROAD_CLIENT = 'SEVDEIR-TEST/GOV/37508470/DMS_prod';

/** Service codes of the residence exchange on Трембіта (simulators/trembita/registry.yaml). */
export const DMS_XROAD_SERVICES = {
  acts: 'ResidenceRegistrationActs_v1',
  answers: 'ResidenceVerificationAnswers_v1',
  requests: 'ResidenceVerificationRequests_v1',
} as const;

// the hromada registry sends acts to ДМС and answers its verification requests: it speaks ДМС's own schemas, so a
// change to an act's shape is one change on both sides
export {
  ACT_KINDS,
  AddressSchema,
  PersonSchema,
  VerificationPersonSchema,
  unzrKey,
  type Address,
  type RegistrationBody,
} from './schemas.ts';
