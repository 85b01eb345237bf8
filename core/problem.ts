// RFC 9457 problem+json answers, the one error form every polihon REST face uses for bad input.

export interface ProblemField {
  /** JSON pointer-ish path of the offending field: 'person.rnokpp' */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** stable machine code, e.g. 'invalid-body', 'unknown-act' */
  code: string;
  errors?: ProblemField[];
  hint?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problem(p: Omit<Problem, 'type'> & { type?: string }, headers: Record<string, string> = {}): Response {
  const body: Problem = { type: p.type ?? `https://polihon.test/problems/${p.code}`, ...p };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

/** JSON answer with the right content type. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
