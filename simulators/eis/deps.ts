// What the faces of the ЄІС МВС simulator share: its context, state, faults and test CA, and the one place decisions
// that fall due are applied and journalled (on every clock move and before any call reads the state), so a decision
// scheduled for the 2nd working day is in the journal once the clock passes it, whoever looks first.
import type { TestPki } from '../../core/pki.ts';
import type { FaultSet, SimulatorContext } from '../../core/simulator.ts';
import { EIS_SERVICES } from './public.ts';
import { decisionView, userView, type Applied, type EisState } from './state.ts';

export interface EisDeps {
  ctx: SimulatorContext;
  state: EisState;
  faults: FaultSet;
  /** the run's test CA: signatures must chain to it; undefined — the chain is not checked (journalled as unchecked) */
  pki: TestPki | undefined;
  /** the participant's subsystem code and, in an mTLS run, the SHA-256 of the certificate it presents (`enrolled`) */
  participant: { subsystem: string; presented: string | undefined };
  now: () => number;
}

/** Journals an applied decision as the service's event, with the users it created and the letter it sent. */
export function journalDecision(d: EisDeps, applied: Applied, from = 'eis'): void {
  const { application: a, decision } = applied;
  d.ctx.journal.append({
    kind: 'event',
    channel: 'eis',
    from,
    to: 'eis',
    service: EIS_SERVICES.decision,
    messageId: a.id,
    outcome: decision.decision,
    data: {
      applicationId: a.id,
      edrpou: a.edrpou,
      ...decisionView(decision),
      ...(applied.users.length > 0 ? { usersCreated: applied.users.map((u) => userView(u).login) } : {}),
      ...(applied.letter ? { letterId: applied.letter.letterId } : {}),
    },
  });
}

/** Applies and journals every decision due by now. */
export function settleDue(d: EisDeps): void {
  for (const applied of d.state.due(d.now())) journalDecision(d, applied);
}
