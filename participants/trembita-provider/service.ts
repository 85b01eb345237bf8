// The provider's business: a hromada's residence register and the one service it publishes through Трембіта,
// CheckResidence — "is this person registered as living in our hromada, and where?" — in two forms: X-Road
// SOAP (document/literal wrapped) and REST (JSON). Business errors (an invalid РНОКПП or УНЗР, no subject) are
// answers, not crashes: the SOAP form carries the X-Road non-technical `fault` element (PR-MESS Annex D.2) in a
// normal response, the REST form a JSON error body with a 4xx status.
import { isValidRnokpp, isValidUnzr, normalUnzr } from './identifiers.ts';
import { escapeText, elements, textOf, type XmlElement } from './xml.ts';

export const SERVICE_CODE = 'CheckResidence';
export const SERVICE_VERSION = 'v1';
/** Target namespace of the service's body elements (unique, tied to the body's domain, as the Трембіта guide asks). */
export const SERVICE_NS = 'http://rtg.polihon.test/trembita/api/CheckResidence';

export interface ResidentPerson {
  lastName?: string;
  firstName?: string;
  patronymic?: string;
  birthDate?: string;
  rnokpp?: string;
  unzr?: string;
}

export interface Resident {
  person: ResidentPerson;
  address: { katottg: string; text?: string };
  since: string;
}

export interface Query {
  rnokpp?: string;
  unzr?: string;
}

export type Answer =
  | { ok: true; registered: boolean; resident?: Resident }
  | { ok: false; code: 'InvalidRnokpp' | 'InvalidUnzr' | 'MissingSubject'; message: string };

/** Residents by РНОКПП and by УНЗР. */
export class ResidenceRegister {
  private readonly all: Resident[] = [];

  add(r: Resident): void {
    this.all.push(r);
  }

  clear(): void {
    this.all.length = 0;
  }

  get size(): number {
    return this.all.length;
  }

  /** Judges the query, then looks the person up. Example: answer({ rnokpp: '1759013770' }) -> { ok: false, code: 'InvalidRnokpp', … }. */
  answer(q: Query): Answer {
    if (q.rnokpp === undefined && q.unzr === undefined) {
      return { ok: false, code: 'MissingSubject', message: 'Either rnokpp or unzr must be given' };
    }
    if (q.rnokpp !== undefined && !isValidRnokpp(q.rnokpp)) {
      return { ok: false, code: 'InvalidRnokpp', message: `rnokpp '${q.rnokpp}' is not a valid РНОКПП (10 digits with a valid check digit)` };
    }
    if (q.unzr !== undefined && !isValidUnzr(q.unzr)) {
      return { ok: false, code: 'InvalidUnzr', message: `unzr '${q.unzr}' is not a valid УНЗР (YYYYMMDD-NNNNC with a valid check digit)` };
    }
    const unzr = q.unzr === undefined ? undefined : normalUnzr(q.unzr);
    const resident = this.all.find(
      (r) => (q.rnokpp !== undefined && r.person.rnokpp === q.rnokpp) || (unzr !== undefined && r.person.unzr !== undefined && normalUnzr(r.person.unzr) === unzr),
    );
    return resident ? { ok: true, registered: true, resident } : { ok: true, registered: false };
  }
}

/** The query in a SOAP request wrapper: its `rnokpp` / `unzr` children (by local name; qualified or not). */
export function queryFromSoap(wrapper: XmlElement): Query {
  const q: Query = {};
  for (const c of elements(wrapper)) {
    if (c.local === 'rnokpp') q.rnokpp = textOf(c).trim();
    if (c.local === 'unzr') q.unzr = textOf(c).trim();
  }
  return q;
}

/** The `CheckResidenceResponse` element for an answer (with the Annex D.2 `fault` element for business errors). */
export function soapAnswerBody(answer: Answer): string {
  const open = `<rtg:${SERVICE_CODE}Response xmlns:rtg="${SERVICE_NS}">`;
  const close = `</rtg:${SERVICE_CODE}Response>`;
  if (!answer.ok) {
    return `${open}<fault><faultCode>${answer.code}</faultCode><faultString>${escapeText(answer.message)}</faultString></fault>${close}`;
  }
  const r = answer.resident;
  const fields = r
    ? `<katottg>${escapeText(r.address.katottg)}</katottg>${r.address.text ? `<address>${escapeText(r.address.text)}</address>` : ''}<registeredSince>${escapeText(r.since)}</registeredSince>`
    : '';
  return `${open}<registered>${answer.registered}</registered>${fields}${close}`;
}

/** The REST answer: 200 and the status, or a 4xx JSON error body for a business error. */
export function restAnswer(answer: Answer, errorId: string): { status: number; body: Record<string, unknown> } {
  if (!answer.ok) return { status: answer.code === 'MissingSubject' ? 400 : 422, body: { type: answer.code, message: answer.message, detail: errorId } };
  const r = answer.resident;
  return {
    status: 200,
    body: { registered: answer.registered, ...(r ? { katottg: r.address.katottg, ...(r.address.text ? { address: r.address.text } : {}), registeredSince: r.since } : {}) },
  };
}
