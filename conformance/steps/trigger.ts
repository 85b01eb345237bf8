// `trigger`: make the participant act as an officer would, through its test driver (docs/en/contracts.md §5).
import { z } from 'zod';
import { expectDriverOk } from '../driver.ts';
import { msg } from '../../core/i18n.ts';
import { S } from './messages.ts';
import { defineStep, title } from './types.ts';

/** What a trigger can ask for, and the driver call that does it. */
export const TRIGGER_ACTIONS = {
  'registration-action': { method: 'POST', path: '/actions', title: S.actRegistration },
  'seed-resident': { method: 'POST', path: '/residents', title: S.actSeedResident },
  // Дія's counterparts: the HR system is given the officials Дія will ask about (and dismisses one), and the copy
  // recipient asks Дія for a copy of a presented е-Посвідчення, `{ code | qrCode, purpose, keepDays }`
  'seed-officials': { method: 'POST', path: '/officials', title: S.actSeedOfficials },
  'dismiss-official': { method: 'POST', path: '/dismissals', title: S.actDismissOfficial },
  'copy-request': { method: 'POST', path: '/copy-requests', title: S.actCopyRequest },
  // Трембіта consumers: an officer's action makes the participant call a service through its security server,
  // `{ protocol: soap | rest, service, params?, userId?, issue?, namespace?, method?, path? }`; and ask the
  // metadata services, `{ method: listClients | listMethods | allowedMethods, provider?, protocol? }`.
  'consumer-call': { method: 'POST', path: '/calls', title: S.actConsumerCall },
  'consumer-metadata': { method: 'POST', path: '/metadata', title: S.actConsumerMetadata },
  // credential verifiers: the officer types the digit code (`{ code }`, spaces as the phone shows them) or scans the
  // QR (`{ qrCode }`); the driver answers `{ ref, shown: { verdict, message, credential? } }`, what the officer sees
  verify: { method: 'POST', path: '/verifications', title: S.actVerify },
  // ЄІС МВС participants (participants/eis-subscriber/README.md): the applicant files, reworks, files the ОТД, asks
  // for activation and reads the letter; the subscriber sends its notifications `{ mode?, count? }`, asks a service
  // `{ service?, params? }`, reports an outage `{ began?, reason? }`, and is restarted as after a crash
  'eis-apply': { method: 'POST', path: '/eis/apply', title: S.actEisApply },
  'eis-rework': { method: 'POST', path: '/eis/rework', title: S.actEisRework },
  'eis-file-otd': { method: 'POST', path: '/eis/file-otd', title: S.actEisFileOtd },
  'eis-activate': { method: 'POST', path: '/eis/activate', title: S.actEisActivate },
  'eis-letter': { method: 'POST', path: '/eis/letter', title: S.actEisLetter },
  'eis-send': { method: 'POST', path: '/eis/send', title: S.actEisSend },
  'eis-ask': { method: 'POST', path: '/eis/ask', title: S.actEisAsk },
  'eis-report-outage': { method: 'POST', path: '/eis/report-outage', title: S.actEisReportOutage },
  'eis-restart': { method: 'POST', path: '/eis/restart', title: S.actEisRestart },
} as const;

type TriggerStep = { action: keyof typeof TRIGGER_ACTIONS; with?: Record<string, unknown> };

export const triggerStep = defineStep<TriggerStep>({
  type: 'trigger',
  fields: {
    action: z.enum(Object.keys(TRIGGER_ACTIONS) as [keyof typeof TRIGGER_ACTIONS]),
    with: z.record(z.string(), z.unknown()).optional(),
  },
  describe: (s) => title(msg(S.titleTrigger, { action: msg(TRIGGER_ACTIONS[s.action].title) })),
  async run(step, ctx) {
    const spec = TRIGGER_ACTIONS[step.action];
    const atMs = ctx.clock.now();
    const body = (ctx.resolve(step.with ?? {}) ?? {}) as Record<string, unknown>;
    if (step.action === 'seed-resident' && body.since === undefined) body.since = new Date(atMs).toISOString();
    const res = expectDriverOk(await ctx.driver.call(spec.method, spec.path, body), `${spec.method} ${spec.path}`);
    const answer = (res.body && typeof res.body === 'object' ? res.body : {}) as Record<string, unknown>;
    return {
      assertions: [],
      outputs: { ...answer, at: new Date(atMs).toISOString(), atMs },
      msg: answer.ref ? msg(S.triggerAnsweredRef, { status: res.status, ref: String(answer.ref) }) : msg(S.triggerAnswered, { status: res.status }),
    };
  },
});
