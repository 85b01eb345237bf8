// Reads the fault-switch list (env PARTICIPANT_FAULTS) against faults.ts; unknown names are an error that lists
// the valid ones, never a silent no-op.
import { parseFaultList, type ParsedFaults as KitParsedFaults } from '../kit/fault-switches.ts';
import { FAULTS } from './faults.ts';

export type FaultName = (typeof FAULTS)[number]['name'];
export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

export type ParsedFaults = KitParsedFaults<FaultName>;

/** Parses 'a, b,c' or a list of names against this participant's switches (participants/kit). */
export function parseFaults(input: string | Iterable<string> | undefined): ParsedFaults {
  return parseFaultList(input, FAULT_NAMES);
}
