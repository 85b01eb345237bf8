// How a verifier's word is held against Дія's: what Дія answered the verifications of one presentation (read from
// the run's journal, REST and SOAP alike), and how the е-Посвідчення the officer was shown differs from the one Дія
// gave. Pure functions over journal entries: the `diiaShown` assertion form (conformance/steps/assert/) reports
// with them, so the protocol's knowledge stays here with the simulator that speaks it.
import type { JournalEntry } from '../../core/journal.ts';

/** One answer of Дія to a verification of a presentation, as its journal holds it. */
export interface DiiaVerificationAnswer {
  /** the response entry */
  seq: number;
  /** the request entry it answers */
  requestSeq?: number;
  /** `valid`, or Дія's refusal code (`code-expired`, `code-used`, `credential-revoked`, `diia-unavailable`, …) */
  answer: string;
  /** the channel the request came by: `trembita` when it passed the security server */
  channel: string;
  /** the X-Road-Client the request named (REST header or SOAP header) */
  xRoadClient?: string;
  /** the ten fields Дія gave, on a valid answer */
  credential?: Record<string, unknown>;
}

/** The journal's verification service (simulators/diia/public.ts DIIA_SERVICES.verify). */
const VERIFY = 'diia.verify';

/** Дія's answers to the verifications of `presentationId` among `entries`, oldest first. */
export function diiaAnswers(entries: readonly JournalEntry[], presentationId: string): DiiaVerificationAnswer[] {
  const out: DiiaVerificationAnswer[] = [];
  for (const e of entries) {
    if (e.kind !== 'response' || e.service !== VERIFY) continue;
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (data.presentationId !== presentationId) continue;
    const requestSeq = e.links?.[0];
    const request = requestSeq === undefined ? undefined : entries.find((r) => r.seq === requestSeq);
    const client = (request?.data as Record<string, unknown> | undefined)?.xRoadClient ?? data.xRoadClient;
    const answer = data.result === 'valid' ? 'valid' : typeof data.code === 'string' ? data.code : String(e.outcome ?? 'unknown');
    const credential = answer === 'valid' ? credentialOf(e.body) : undefined;
    out.push({
      seq: e.seq,
      ...(requestSeq === undefined ? {} : { requestSeq }),
      answer,
      channel: e.channel,
      ...(typeof client === 'string' ? { xRoadClient: client.replace(/^SUBSYSTEM:/, '') } : {}),
      ...(credential ? { credential } : {}),
    });
  }
  return out;
}

/** The ten fields of a valid answer's body: REST JSON `credential`, or SOAP `<credential>` leaves. */
export function credentialOf(body: string | undefined): Record<string, unknown> | undefined {
  if (!body) return undefined;
  const text = body.trimStart();
  if (text.startsWith('{')) {
    try {
      const c = (JSON.parse(text) as { credential?: unknown }).credential;
      return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  const inner = /<(?:[\w.-]+:)?credential>([\s\S]*?)<\/(?:[\w.-]+:)?credential>/.exec(text)?.[1];
  if (inner === undefined) return undefined;
  const leaves = (xml: string) => {
    const o: Record<string, string> = {};
    for (const m of xml.matchAll(/<(?:[\w.-]+:)?([A-Za-z]+)>([^<]*)<\/(?:[\w.-]+:)?\1>/g)) o[m[1]!] = unescapeXml(m[2]!);
    return o;
  };
  const contactsXml = /<(?:[\w.-]+:)?contacts>([\s\S]*?)<\/(?:[\w.-]+:)?contacts>/.exec(inner);
  const own = leaves(contactsXml ? inner.replace(contactsXml[0], '') : inner);
  return { ...own, contacts: contactsXml ? leaves(contactsXml[1]!) : {} };
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!);

/** One way the shown е-Посвідчення differs from Дія's: a field missing, one Дія did not give, or another value. */
export interface FieldDifference {
  field: string;
  note: 'missing' | 'extra' | 'differs';
  expected?: unknown;
  actual?: unknown;
}

/**
 * The differences between the credential the officer was shown and the one Дія answered: exactly Дія's keys
 * (`expiryDate` absent when the credential has none — "if any"), each value as Дія gave it; `contacts` key by key.
 * Example: credentialDifferences({ state: 'active' }, answered) -> [{ field: 'title', note: 'missing', … }, …].
 */
export function credentialDifferences(shown: unknown, answered: Record<string, unknown>): FieldDifference[] {
  const s = shown && typeof shown === 'object' && !Array.isArray(shown) ? (shown as Record<string, unknown>) : {};
  const out: FieldDifference[] = [];
  for (const [field, expected] of Object.entries(answered)) {
    const actual = s[field];
    if (actual === undefined) out.push({ field, note: 'missing', expected });
    else if (field === 'contacts') out.push(...credentialDifferences(actual, (expected ?? {}) as Record<string, unknown>).map((d) => ({ ...d, field: `contacts.${d.field}` })));
    else if (actual !== expected) out.push({ field, note: 'differs', expected, actual });
  }
  for (const field of Object.keys(s)) if (!(field in answered) && s[field] !== undefined) out.push({ field, note: 'extra', actual: s[field] });
  return out;
}
