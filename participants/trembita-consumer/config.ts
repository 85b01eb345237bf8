// Reads the fault-switch list (env PARTICIPANT_FAULTS) against faults.ts; unknown names are an error that lists
// the valid ones, never a silent no-op.
import { FAULTS } from './faults.ts';

export type FaultName = (typeof FAULTS)[number]['name'];
export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

export type ParsedFaults = { ok: true; faults: Set<FaultName> } | { ok: false; unknown: string[]; message: string };

/** Parses 'a, b,c' or a list of names. Example: parseFaults('missing-client-header') -> { ok: true, faults: Set{'no-echo-userid'} }. */
export function parseFaults(input: string | Iterable<string> | undefined): ParsedFaults {
  const names = input === undefined ? [] : typeof input === 'string' ? input.split(',') : Array.from(input, (s) => String(s));
  const faults = new Set<FaultName>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    if ((FAULT_NAMES as readonly string[]).includes(name)) faults.add(name as FaultName);
    else unknown.push(name);
  }
  if (unknown.length) {
    return {
      ok: false,
      unknown,
      message:
        `unknown fault switch${unknown.length > 1 ? 'es' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} in PARTICIPANT_FAULTS; ` +
        `valid switches: ${FAULT_NAMES.join(', ')}`,
    };
  }
  return { ok: true, faults };
}
