// The "wrong data, on time" faults of acts: the act goes when it should, well-formed, but does not say what was
// done — swapped names, another day or address, another act cancelled. Plain functions of the body and the switches,
// so acts.ts stays about the exchange itself. The timing faults are in schedule.ts, the shape variants in variants.ts.
import { sameIds, type Action, type FaultName } from './model.ts';
import type { IsoDate } from './time.ts';
import type { Person } from './validate.ts';
import { variantTime, type VariantName } from './variants.ts';

type Has = (name: FaultName) => boolean;

/** The act's body as the content faults change it: names, the day, the address. */
export function misreport(
  body: Record<string, unknown>,
  day: IsoDate,
  has: Has,
  variant: (name: VariantName) => boolean,
  dayAddress: Map<IsoDate, unknown>,
): void {
  const person = body.person as Record<string, unknown>;
  if (has('swap-names')) body.person = { ...person, lastName: person.firstName, firstName: person.lastName };
  if (has('performed-at-day-off')) body.performedAt = variantTime(Date.parse(String(body.performedAt)) - 86_400_000, variant);
  const address = body.address as Record<string, unknown> | undefined;
  if (has('other-address') && address) body.address = { ...address, text: `${String(address.text)}, кв. 7` };
  if (has('second-person-wrong') && address) {
    // a lookup cached by day, not by person: right for the day's first act, the first person's address after it
    if (!dayAddress.has(day)) dayAddress.set(day, address);
    body.address = dayAddress.get(day);
  }
}

/**
 * cancel-wrong-act: another act than the one cancelled — the person's most recent other act, which ДМС takes as a
 * valid cancellation of the wrong thing; only when the person has none, the registry's most recent other act.
 */
export function wrongTarget(actions: Iterable<Action>, target: Action, person: Person): Action {
  const others = [...actions].filter((a) => a !== target && a.kind !== 'cancellation' && !a.cancelled).reverse();
  return others.find((a) => sameIds(a.person, person)) ?? others[0] ?? target;
}
