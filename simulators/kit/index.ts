// The simulator kit: what every simulator is built on (docs/decisions/0007-simulator-kit.md). A simulator imports
// from here, never from another simulator's files.
export { createSimulatorApp, type SimulatorAppOptions } from './app.ts';
export { createBackgroundWork } from './background.ts';
export {
  declaredCharset,
  fieldPath,
  firstInvalidUtf8,
  invalidUtf8Detail,
  isUtf8Charset,
  parseBody,
  readBytesLimited,
  readJson,
  readText,
  zodFields,
  type BodyRead,
} from './body.ts';
export { mountControl, type ControlOptions, type SeedHandler } from './control.ts';
export { connectionReset, faultAnswer, isConnectionReset, malformedText, TIMEOUT_FAULT_MS } from './faults.ts';
export { escapeHtml } from './html.ts';
export { BODY_LIMIT, callerOf, CHANNEL_HEADER, channelOf, JOURNAL_ENTRY_HEADER, journalRef, SIMULATOR_HEADER, TIME_HEADER } from './headers.ts';
export {
  inbound,
  journalInbound,
  reject,
  type Answer,
  type BodyKind,
  type Face,
  type InboundAnswer,
  type InboundCall,
  type InboundExchange,
  type InboundRecord,
  type InboundResult,
  type InboundRoute,
  type RequestFacts,
} from './journal.ts';
export { sendJson, type OutboundCall, type OutboundResult } from './outbound.ts';
export { CHAIN_REQUIREMENT, chainRefusalCode, DEFAULT_ADMISSION, sameSubsystem, type Admission, type AdmissionRule, type AdmissionVerdict, type Refusal, type RefusalCode } from './admission.ts';
