// The participant's HR answer as Дія's journal holds it (service diia.hr.fetch, role hr-system), judged three ways,
// each for one rule: it answered at all (DIIA-03), it holds every field the е-Посвідчення needs (DIIA-04), and what it
// says is the record the harness seeded into it (DIIA-08, or DIIA-01 for the credential's term). A judgement that has
// nothing to judge — no record came — is `skip` and says which judgement owns the absence, so one broken answer is
// not counted against three rules.
import type { JournalEntry } from '../../core/journal.ts';
import { msg, type Msg } from '../../core/i18n.ts';
import { DIIA_SERVICES } from './public.ts';
import { DIIA_HR } from './messages.ts';

export interface HrJudgeSpec {
  /** whose record: the latest fetch of this РНОКПП in the scenario is judged */
  rnokpp: string;
  /** DIIA-03: an answer came (200 record or 404 unknown-official), not an error or silence */
  answered?: boolean;
  /** DIIA-04: the record holds every field the contract needs, well-typed */
  complete?: boolean;
  /**
   * DIIA-08: every field given here is what the record says. The shape of the Дія `officials` action (its own keys such as
   * id or hr are ignored), plus `employment` and `dismissedAt`; `null` = the record must have none (no patronymic).
   */
  record?: Record<string, unknown>;
}

export interface HrFinding {
  outcome: 'pass' | 'fail' | 'skip';
  label: Msg;
  message: Msg;
  expected?: unknown;
  actual?: unknown;
  journalRefs: number[];
}

/** Fields the contract needs in every record: when one is absent, completeness (DIIA-04) says so, not `record`. */
const NEEDED = ['rnokpp', 'lastName', 'firstName', 'position', 'organisation', 'employment', 'credential.title', 'credential.series', 'credential.number', 'credential.issueDate', 'credential.chip', 'updatedAt'];
/** What `record` compares, as paths into the HR answer. */
const COMPARED = [
  'rnokpp',
  'lastName',
  'firstName',
  'middleName',
  'position',
  'organisation',
  'employment',
  'dismissedAt',
  'credential.title',
  'credential.series',
  'credential.number',
  'credential.issueDate',
  'credential.expiryDate',
  'credential.chip',
  'contacts.phone',
  'contacts.email',
];

/** Judges what the spec asks, one finding per judgement, in the order answered, complete, record. */
export function judgeHrAnswer(entries: readonly JournalEntry[], spec: HrJudgeSpec): HrFinding[] {
  const request = [...entries].reverse().find((e) => e.kind === 'request' && e.service === DIIA_SERVICES.hrFetch && (e.data as { rnokpp?: unknown } | undefined)?.rnokpp === spec.rnokpp);
  const response = request && entries.find((e) => e.kind === 'response' && (e.links ?? []).includes(request.seq));
  const refs = [request?.seq, response?.seq].filter((n): n is number => n !== undefined);
  const status = response?.status ?? 0;
  const body = parse(response?.body);
  const record = status === 200 && body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const out: HrFinding[] = [];
  const noRecord = (label: Msg): HrFinding => ({ outcome: 'skip', label, message: msg(DIIA_HR.noRecord, { rnokpp: spec.rnokpp }), journalRefs: refs });

  if (spec.answered) {
    const label = msg(DIIA_HR.answeredLabel);
    if (!request) out.push({ outcome: 'fail', label, message: msg(DIIA_HR.notAsked, { rnokpp: spec.rnokpp }), journalRefs: [] });
    else if (!response) out.push({ outcome: 'fail', label, message: msg(DIIA_HR.noAnswer, { error: String((request.data as { error?: unknown })?.error ?? request.outcome ?? '') }), expected: '200 | 404', actual: 0, journalRefs: refs });
    else {
      const ok = (status === 200 && record !== undefined) || (status === 404 && body !== undefined);
      out.push({ outcome: ok ? 'pass' : 'fail', label, message: msg(ok ? DIIA_HR.answered : DIIA_HR.answeredBadly, { status, body: String(response.body ?? '').slice(0, 160) }), expected: '200 | 404', actual: status, journalRefs: refs });
    }
  }

  if (spec.complete) {
    const label = msg(DIIA_HR.completeLabel);
    if (!record) out.push(noRecord(label));
    else {
      const lacking = NEEDED.filter((p) => !present(at(record, p)));
      if (!present(at(record, 'contacts.phone')) && !present(at(record, 'contacts.email'))) lacking.push('contacts.phone | contacts.email');
      out.push({
        outcome: lacking.length ? 'fail' : 'pass',
        label,
        message: lacking.length ? msg(DIIA_HR.incomplete, { fields: lacking.join(', ') }) : msg(DIIA_HR.complete, { n: NEEDED.length + 1 }),
        ...(lacking.length ? { expected: NEEDED, actual: lacking.map((f) => `${f}: —`) } : {}),
        journalRefs: refs,
      });
    }
  }

  if (spec.record) {
    const label = msg(DIIA_HR.recordLabel);
    if (!record) out.push(noRecord(label));
    else {
      const differ: string[] = [];
      let compared = 0;
      for (const path of COMPARED) {
        const want = at(spec.record, path);
        if (want === undefined) continue;
        const got = at(record, path);
        // a needed field left out is incompleteness, which `complete` judges
        if (!present(got) && NEEDED.includes(path)) continue;
        compared += 1;
        if (!same(got, want)) differ.push(`${path}: ${show(got)} ≠ ${show(want)}`);
      }
      out.push({
        outcome: differ.length ? 'fail' : 'pass',
        label,
        message: differ.length ? msg(DIIA_HR.recordDiffers, { diffs: differ.join('; ') }) : msg(DIIA_HR.recordSame, { n: compared }),
        ...(differ.length ? { expected: spec.record, actual: record } : {}),
        journalRefs: refs,
      });
    }
  }
  return out;
}

function parse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function at(o: Record<string, unknown>, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.')) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Present = there and saying something: an empty string is how many HR databases keep "none" (no patronymic). */
function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
}

function same(got: unknown, want: unknown): boolean {
  if (want === null) return !present(got);
  if (typeof want === 'string') return typeof got === 'string' && got.trim() === want.trim();
  return got === want;
}

function show(v: unknown): string {
  return v === undefined ? '—' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}
