// `diiaShown`: what a credential verifier showed the officer (`shown`: the driver's `{ verdict, message, credential }`,
// or what a `ui` step read off the page) held against what the scenario wants and against what Дія answered the
// verifications of that presentation. Each judged key is one assertion with the step's `covers`, so a scenario
// gives each rule a step of its own. The protocol's side (Дія's answers in the journal, the fields compared) is
// Дія's own (simulators/diia/judge.ts).
import { z } from 'zod';
import { msg, render, type Msg } from '../../../core/i18n.ts';
import type { AssertionResult } from '../../../core/results.ts';
import { credentialDifferences, diiaAnswers, type FieldDifference } from '../../../simulators/diia/public.ts';
import { joinMsgs, S } from '../messages.ts';
import { check, type StepContext, type StepOutput } from '../types.ts';
import { defineAssertForm } from './form.ts';

const JUDGED = ['verdict', 'not', 'message', 'diia', 'trembita', 'fields', 'backed'] as const;
const NEED_PRESENTATION = ['diia', 'trembita', 'fields', 'backed'] as const;

const schema = z.strictObject({
  /** what the officer was shown: `{ verdict, message?, credential? }` */
  shown: z.unknown(),
  /** the presentation (`${steps.<present>.presentationId}`) whose verifications Дія answered */
  presentation: z.unknown().optional(),
  /** the verdict shown is this one (or one of these) */
  verdict: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** the verdict shown is not this one */
  not: z.string().min(1).optional(),
  /** a message is shown: non-empty text */
  message: z.literal(true).optional(),
  /** Дія's latest answer to the verifications of the presentation: `valid` or a refusal code */
  diia: z.string().min(1).optional(),
  /** every verification of the presentation reached Дія through Трембіта with this X-Road-Client */
  trembita: z.string().min(1).optional(),
  /** the credential shown is exactly the ten fields of Дія's valid answer */
  fields: z.literal(true).optional(),
  /** if `valid` is shown, Дія answered valid to the presentation and the fields shown are Дія's */
  backed: z.literal(true).optional(),
});
type Spec = z.infer<typeof schema>;

interface Shown {
  verdict?: string;
  message?: string;
  credential?: unknown;
}

function shownOf(value: unknown): Shown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const o = value as Record<string, unknown>;
  return {
    ...(typeof o.verdict === 'string' && o.verdict !== '' ? { verdict: o.verdict } : {}),
    ...(typeof o.message === 'string' ? { message: o.message.trim() } : {}),
    ...(o.credential !== undefined && o.credential !== null ? { credential: o.credential } : {}),
  };
}

/** A value as a failure line quotes it: text as it is, the rest as JSON, at most 60 characters. */
function short(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function differenceMsg(d: FieldDifference): Msg {
  if (d.note === 'missing') return msg(S.diiaFieldMissing, { field: d.field });
  if (d.note === 'extra') return msg(S.diiaFieldExtra, { field: d.field });
  return msg(S.diiaFieldDiffers, { field: d.field, actual: short(d.actual), expected: short(d.expected) });
}

export const diiaShownForm = defineAssertForm({
  name: 'diiaShown',
  title: S.formDiiaShown,
  schema,
  check(spec) {
    if (!JUDGED.some((k) => spec[k] !== undefined)) return { message: render(msg(S.diiaNothingJudged), 'en') };
    const needs = NEED_PRESENTATION.find((k) => spec[k] !== undefined && spec.presentation === undefined);
    return needs ? { message: render(msg(S.diiaNeedsPresentation, { key: needs }), 'en') } : undefined;
  },
  judge(spec, ctx): StepOutput {
    const shown = shownOf(spec.shown);
    const assertions = judgeShown(spec, shown, ctx);
    return { assertions, journalRefs: [...new Set(assertions.flatMap((a) => a.journalRefs ?? []))] };
  },
});

function judgeShown(spec: Spec, shown: Shown, ctx: StepContext): AssertionResult[] {
  const out: AssertionResult[] = [];
  const verdictSaid = shown.verdict ?? '—';
  const saidMsg = shown.verdict === undefined ? msg(S.diiaNoVerdict, { pageText: short(spec.shown ?? null) }) : msg(S.diiaVerdictShown, { verdict: shown.verdict });
  if (spec.verdict !== undefined) {
    const wanted = Array.isArray(spec.verdict) ? spec.verdict : [spec.verdict];
    out.push(check(msg(S.diiaVerdictLabel, { expected: wanted.join(' | ') }), shown.verdict !== undefined && wanted.includes(shown.verdict), ctx.covers, { expected: wanted.join(' | '), actual: verdictSaid, msg: saidMsg }));
  }
  if (spec.not !== undefined) {
    // no verdict at all is not the forbidden one: what the officer was not told is judged by `verdict` / `message`
    out.push(check(msg(S.diiaVerdictNotLabel, { verdict: spec.not }), shown.verdict !== spec.not, ctx.covers, { expected: `≠ ${spec.not}`, actual: verdictSaid, msg: saidMsg }));
  }
  if (spec.message) {
    const text = shown.message ?? '';
    out.push(
      // what the page said may name the official: it goes only into a parameter masked word by word, as page text
      check(msg(S.diiaMessageLabel), text !== '', ctx.covers, {
        msg: text ? msg(S.diiaMessageShown, { pageText: short(text) }) : msg(S.diiaMessageNone, { verdict: verdictSaid }),
      }),
    );
  }
  const needAnswers = NEED_PRESENTATION.some((k) => spec[k] !== undefined);
  const answers = needAnswers ? diiaAnswers(ctx.journal.entries({ service: 'diia.verify' }), String(spec.presentation)) : [];
  const latest = answers.at(-1);
  const lastValid = [...answers].reverse().find((a) => a.answer === 'valid' && a.credential);
  if (spec.diia !== undefined) {
    out.push(
      check(msg(S.diiaAnswerLabel, { answer: spec.diia }), latest?.answer === spec.diia, ctx.covers, {
        expected: spec.diia,
        actual: latest?.answer ?? null,
        msg: latest ? msg(S.diiaAnswered, { answer: latest.answer, seq: latest.seq }) : msg(S.diiaNotAsked),
        journalRefs: answers.map((a) => a.seq),
      }),
    );
  }
  if (spec.trembita !== undefined) {
    const client = spec.trembita.replace(/^SUBSYSTEM:/, '');
    const astray = answers.filter((a) => a.channel !== 'trembita' || a.xRoadClient !== client);
    const ok = answers.length > 0 && astray.length === 0;
    const refs = answers.map((a) => `#${a.requestSeq ?? a.seq}`).join(', ');
    out.push(
      check(msg(S.diiaTrembitaLabel, { client }), ok, ctx.covers, {
        expected: client,
        msg: answers.length === 0 ? msg(S.diiaNotAsked) : ok ? msg(S.diiaTrembitaOk, { client, refs }) : (joinMsgs(astray.map((a) => msg(S.diiaTrembitaNot, { seq: a.requestSeq ?? a.seq, channel: a.channel, client: a.xRoadClient ?? '—' }))) as Msg),
        journalRefs: answers.map((a) => a.requestSeq ?? a.seq),
      }),
    );
  }
  if (spec.fields) out.push(fieldsCheck(shown, lastValid, ctx, msg(S.diiaFieldsLabel)));
  if (spec.backed) {
    if (shown.verdict !== 'valid') out.push(check(msg(S.diiaBackedLabel), true, ctx.covers, { msg: msg(S.diiaBackedNotValid, { verdict: verdictSaid }) }));
    else out.push(fieldsCheck(shown, lastValid, ctx, msg(S.diiaBackedLabel)));
  }
  return out;
}

/** The credential shown against Дія's last valid answer to the presentation; no valid answer at all fails. */
function fieldsCheck(shown: Shown, answer: ReturnType<typeof diiaAnswers>[number] | undefined, ctx: StepContext, label: Msg): AssertionResult {
  if (!answer?.credential) return check(label, false, ctx.covers, { msg: msg(S.diiaFieldsNoValid) });
  const diffs = credentialDifferences(shown.credential, answer.credential);
  if (diffs.length === 0) return check(label, true, ctx.covers, { msg: msg(S.diiaFieldsOk, { seq: answer.seq, n: Object.keys(answer.credential).length }), journalRefs: [answer.seq] });
  return check(label, false, ctx.covers, {
    expected: Object.keys(answer.credential).join(', '),
    actual: shown.credential === undefined ? null : Object.keys(shown.credential as object).join(', '),
    msg: msg(S.diiaFieldsDiffer, { seq: answer.seq, list: joinMsgs(diffs.slice(0, 6).map(differenceMsg)) }),
    journalRefs: [answer.seq],
  });
}
