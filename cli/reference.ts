// The bundled reference participants as the CLI knows them: their profiles and their fault switches, read from each
// participant's own faults.ts (plain data; the participants import nothing of polihon, the CLI may import them).
import { PolihonError } from '../core/errors.ts';
import { t, type Lang } from '../core/i18n.ts';
import { FAULTS as CREDENTIAL_VERIFIER } from '../participants/credential-verifier/faults.ts';
import { FAULTS as EIS_SUBSCRIBER } from '../participants/eis-subscriber/faults.ts';
import { FAULTS as HR_SYSTEM } from '../participants/hr-system/faults.ts';
import { FAULTS as HROMADA_REGISTRY } from '../participants/hromada-registry/faults.ts';
import { FAULTS as TREMBITA_CONSUMER } from '../participants/trembita-consumer/faults.ts';
import { FAULTS as TREMBITA_PROVIDER } from '../participants/trembita-provider/faults.ts';
import { M } from './messages.ts';
import { REFERENCE_PARTICIPANTS, referenceProfile } from './paths.ts';
import { suggest } from './suggest.ts';

export interface FaultSwitch {
  readonly name: string;
  /** requirement ids the switch makes fail; empty for harness-robustness switches (a crash, a hang) */
  readonly breaks: readonly string[];
  readonly description: string;
  /** a correct-but-unusual variant: it breaks nothing, and every scenario must still pass with it */
  readonly variant?: boolean;
}

export type ReferenceName = (typeof REFERENCE_PARTICIPANTS)[number];

export const REFERENCE_FAULTS: Record<ReferenceName, readonly FaultSwitch[]> = {
  'trembita-consumer': TREMBITA_CONSUMER,
  'trembita-provider': TREMBITA_PROVIDER,
  'hromada-registry': HROMADA_REGISTRY,
  'credential-verifier': CREDENTIAL_VERIFIER,
  'hr-system': HR_SYSTEM,
  'eis-subscriber': EIS_SUBSCRIBER,
};

/** Which bundled participant a profile path is, if it is one (so `run --sut` of a reference profile is checked too). */
export function referenceNameOf(profilePath: string): ReferenceName | undefined {
  return REFERENCE_PARTICIPANTS.find((n) => referenceProfile(n) === profilePath);
}

/**
 * Refuses fault switches the participant does not have (exit 2), before anything starts: otherwise the participant
 * would refuse to start, once per scenario. `from` names where the list came from (the option or the env variable).
 */
export function checkFaults(name: ReferenceName, list: string, from: string, lang: Lang): void {
  const known = REFERENCE_FAULTS[name].map((f) => f.name);
  const unknown = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !known.includes(s));
  if (!unknown.length) return;
  const near = unknown.map((u) => suggest(u, known)).filter((s): s is string => s !== undefined);
  throw new PolihonError(
    'E_USAGE',
    t(M.unknownFault, lang, { n: unknown.length, names: unknown.map((u) => `'${u}'`).join(', '), participant: name, from }) +
      (near.length ? `: ${t(M.didYouMean, lang, { name: near.join("', '") })}` : ''),
    { hint: t(M.knownFaults, lang, { participant: name, list: known.join(', ') }) },
  );
}
