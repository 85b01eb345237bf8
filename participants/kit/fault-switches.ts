// Fault switches of the reference participants (env PARTICIPANT_FAULTS), shared by them. The kit lives inside
// participants/ and imports nothing of polihon: the participants stay standalone.

export type ParsedFaults<N extends string> = { ok: true; faults: Set<N> } | { ok: false; unknown: string[]; message: string };

/**
 * Parses 'a, b,c' (or a list) against the participant's switch names; unknown names are an error that lists the
 * valid ones, never a silent no-op. Example: parseFaultList('no-journal', ['no-journal']) -> { ok: true, faults: Set{'no-journal'} }.
 */
export function parseFaultList<N extends string>(input: string | Iterable<string> | undefined, valid: readonly N[]): ParsedFaults<N> {
  const names = input === undefined ? [] : typeof input === 'string' ? input.split(',') : Array.from(input, (s) => String(s));
  const faults = new Set<N>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    if ((valid as readonly string[]).includes(name)) faults.add(name as N);
    else unknown.push(name);
  }
  if (unknown.length) {
    return {
      ok: false,
      unknown,
      message:
        `unknown fault switch${unknown.length > 1 ? 'es' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} in PARTICIPANT_FAULTS; ` +
        `valid switches: ${valid.join(', ')}`,
    };
  }
  return { ok: true, faults };
}
