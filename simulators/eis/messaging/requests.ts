// Request–response through ЄІС МВС (EIS-MODE-01's first mode): the services a participant may ask, each with its
// parameters and the field set agreed for its answer (XCH-01: the answer carries nothing beyond it). The data are
// synthetic: a document's status is what the scenario seeded, else `not-found`.
import { z } from 'zod';

export interface EisService {
  /** the parameters a request must give */
  params: z.ZodType<Record<string, unknown>>;
  /** the answer's fields, exactly: nothing more is sent, nothing more may be asked of a participant's answer */
  agreed: readonly string[];
  answer(params: Record<string, unknown>, facts: { requestId: string; now: string; documents: DocumentBook }): Record<string, unknown>;
}

export const DOCUMENT_TYPES = ['passport', 'id-card', 'foreign-passport', 'residence-permit'] as const;
export const DOCUMENT_STATUSES = ['valid', 'invalid', 'lost', 'stolen', 'expired'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

const DocumentParams = z.strictObject({
  documentType: z.enum(DOCUMENT_TYPES),
  documentNumber: z.string().regex(/^[0-9A-ZА-ЯІЇЄҐ]{2,12}$/u, '2–12 capital letters and digits'),
});

/** Documents a scenario seeded, by `type:number`. */
export type DocumentBook = Map<string, DocumentStatus>;

export const documentKey = (type: string, number: string) => `${type}:${number}`;

export const EIS_SERVICES: Readonly<Record<string, EisService>> = {
  // a person's document as the МВС registers know it: the example the issue names
  'document-status': {
    params: DocumentParams as z.ZodType<Record<string, unknown>>,
    agreed: ['requestId', 'service', 'documentType', 'documentNumber', 'status', 'checkedAt'],
    answer(params, { requestId, now, documents }) {
      const type = String(params.documentType);
      const number = String(params.documentNumber);
      return { requestId, service: 'document-status', documentType: type, documentNumber: number, status: documents.get(documentKey(type, number)) ?? 'not-found', checkedAt: now };
    },
  },
};

export const DocumentSeedSchema = z.strictObject({
  documents: z
    .array(z.strictObject({ documentType: z.enum(DOCUMENT_TYPES), documentNumber: DocumentParams.shape.documentNumber, status: z.enum(DOCUMENT_STATUSES) }))
    .max(10_000),
});
